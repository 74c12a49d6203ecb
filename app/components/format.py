"""How values read for people: durations, sizes, counts, times, codes and names.

Pure functions (no Streamlit), so every screen says the same thing the same way and tests can pin it.
Missing values read as an em dash, never as `None`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from core.ccf import codes

DASH = "—"

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|$~:])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=]+|\d+[.)])(?=\s|$)", re.MULTILINE)


def escape_md(text: object) -> str:
    """Text shown through st.markdown exactly as written: no emphasis, links, lists, headings, tables, LaTeX,
    HTML, emoji or colour directives (`:red[...]`) can come from feed content."""
    if text is None:
        return DASH
    escaped = _MD_SPECIAL.sub(r"\\\1", str(text))
    return _MD_LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], escaped)


def code(text: object) -> str:
    """Text as an inline code span (shown literally, never linked)."""
    return "`" + str(text).replace("`", "'") + "`"


def number(value: int | float | None) -> str:
    """1500 -> '1,500'."""
    if value is None:
        return DASH
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def duration(seconds: int | float | None) -> str:
    """An audiobook's length: '8 h 50 min', '45 min', '40 s' (minutes rounded)."""
    if seconds is None:
        return DASH
    total = round(seconds)
    if total < 60:
        return f"{total} s"
    minutes = round(total / 60)
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return f"{rest} min"
    if rest == 0:
        return f"{hours} h"
    return f"{hours} h {rest} min"


def clock(seconds: int | float | None) -> str:
    """A position in the audio: '1:02:03', '4:05'."""
    if seconds is None:
        return DASH
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def elapsed(seconds: float | None) -> str:
    """How long something took: '0.4 s', '12 s', '2 min 05 s', '1 h 03 min'."""
    if seconds is None:
        return DASH
    if seconds < 10:
        return f"{seconds:.1f} s"
    total = round(seconds)
    if total < 60:
        return f"{total} s"
    minutes, secs = divmod(total, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def between(start: dt.datetime | None, end: dt.datetime | None) -> str:
    if start is None or end is None:
        return DASH
    return elapsed((end - start).total_seconds())


_SIZE_UNITS = ("bytes", "KB", "MB", "GB", "TB")


def _size_unit(n: float) -> int:
    unit = 0
    while n >= 1024 and unit < len(_SIZE_UNITS) - 1:
        n /= 1024
        unit += 1
    return unit


def _in_unit(n: float, unit: int) -> str:
    if unit == 0:
        return f"{int(n):,}"
    value = n / 1024**unit
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def file_size(n: int | float | None) -> str:
    """2752215 -> '2.6 MB' (binary multiples, as file managers show them)."""
    if n is None:
        return DASH
    unit = _size_unit(n)
    return f"{_in_unit(n, unit)} {_SIZE_UNITS[unit]}"


def progress_text(done: int, total: int | None, unit: str, message: str = "") -> str:
    """A job's progress in words: '1.2 / 2.6 MB, 1,500 products read'."""
    if unit == "bytes":
        if total:
            scale = _size_unit(total)
            amount = f"{_in_unit(done, scale)} / {_in_unit(total, scale)} {_SIZE_UNITS[scale]}"
        else:
            amount = f"{file_size(done)} read"
    elif total:
        amount = f"{number(done)} / {number(total)} {unit}".rstrip()
    elif done:
        amount = f"{number(done)} {unit}".rstrip()
    else:
        amount = ""
    return ", ".join(part for part in (amount, message) if part) or "Starting…"


def when(value: dt.datetime | dt.date | None) -> str:
    """A moment, unambiguous for tickets: '2026-11-16 09:00 UTC'."""
    if value is None:
        return DASH
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
            return value.strftime("%Y-%m-%d %H:%M UTC")
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def partial_date(value: dt.date | None, precision: str | None = "day") -> str:
    """A publication date with the precision it was sent with: '2019-07-23', '2019-07', '2019'."""
    if value is None:
        return DASH
    if precision == "year":
        return f"{value.year}"
    if precision == "month":
        return f"{value.year}-{value.month:02d}"
    return value.isoformat()


_WORDS = {
    "rrp": "RRP",
    "gtin13": "GTIN-13",
    "isbn13": "ISBN-13",
    "isbn10": "ISBN-10",
    "isbn_a": "ISBN-A",
    "doi": "DOI",
    "urn": "URN",
    "gln": "GLN",
    "bisac": "BISAC",
    "bic": "BIC",
    "onix": "ONIX",
    "cli": "Command line",
}


def humanize(slug: str | None) -> str:
    """A CCF value as words: 'download_and_stream' -> 'Download and stream', 'other:12' -> 'Other (12)'."""
    if not slug:
        return DASH
    head, _, detail = slug.partition(":")
    if head in _WORDS:
        return _WORDS[head] + (f" ({detail})" if detail else "")
    words = head.replace("_", " ").strip()
    words = words[:1].upper() + words[1:]
    return f"{words} ({detail})" if detail else words


def yes_no(value: bool | None) -> str:
    return DASH if value is None else ("Yes" if value else "No")


def language(code: str | None) -> str:
    """'ger' -> 'German'; an unknown code stays as sent."""
    if not code:
        return DASH
    return codes.language_name(code)


def languages(entries: Iterable[tuple[str, str]]) -> str:
    """(role, code) pairs as 'English (audio, text), German (original)'."""
    roles: dict[str, list[str]] = {}
    for role, code in entries:
        roles.setdefault(code, []).append(humanize(role).lower())
    if not roles:
        return DASH
    return ", ".join(f"{language(code)} ({', '.join(r)})" for code, r in roles.items())


def country(code: str) -> str:
    return codes.country_name(code)


def countries(codes_: Sequence[str], limit: int | None = None) -> str:
    """Country names, sorted as given; with a limit, the rest is counted ('… and 12 more')."""
    if not codes_:
        return DASH
    shown = list(codes_) if limit is None else list(codes_)[:limit]
    text = ", ".join(country(c) for c in shown)
    if limit is not None and len(codes_) > limit:
        text += f" … and {len(codes_) - limit} more"
    return text


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 product', '2 products', '1,500 products'."""
    return f"{number(n)} {one if n == 1 else (many or one + 's')}"


def format_code(code: str) -> str:
    """An ONIX ProductFormDetail (List 175) with its label: 'A103 MP3 format'."""
    label = codes.label(175, code)
    return f"{code} {label}" if label else code


def feed_format(fmt: str | None) -> str:
    """A sniffed feed format as words: 'onix-3.0-reference' -> 'ONIX 3.0, reference tags'."""
    if not fmt:
        return DASH
    match = re.fullmatch(r"onix-(\d+\.\d+)-(reference|short)", fmt)
    if match:
        return f"ONIX {match.group(1)}, {match.group(2)} tags"
    return humanize(fmt.replace("-", "_"))
