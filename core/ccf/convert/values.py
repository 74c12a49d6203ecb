"""Parsers for ONIX scalar values: identifiers, dates, durations, decimal amounts.

Each returns the CCF value or None, and records a note when it had to repair or could not interpret the
raw value; none of them guesses silently.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from core.ccf.convert.notes import Notes

_WS = re.compile(r"\s+")


def fold(text: str | None) -> str | None:
    """Whitespace folded to single spaces, trimmed; empty becomes None."""
    if text is None:
        return None
    folded = " ".join(text.split())
    return folded or None


# -- identifiers -----------------------------------------------------------------------------------


def ascii_digits(value: str) -> bool:
    """Only the digits 0-9. `str.isdigit` also accepts superscripts and other scripts' digits, which int()
    refuses or no identifier uses: a value with them is read as not a number (noted), never a crash."""
    return value.isascii() and value.isdigit()


def gtin_check_digit(first12: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return str((10 - total % 10) % 10)


def gtin_valid(value: str) -> bool:
    return len(value) == 13 and ascii_digits(value) and gtin_check_digit(value[:12]) == value[12]


def isbn10_to_13(isbn10: str) -> str:
    core = "978" + isbn10[:9]
    return core + gtin_check_digit(core)


def clean_identifier(raw: str, notes: Notes, field_name: str) -> str:
    """Digits (and a final X for ISBN-10) without the hyphens and spaces some senders add."""
    stripped = raw.strip()
    cleaned = re.sub(r"[\s-]", "", stripped).upper()
    if cleaned != stripped:
        notes.repaired("Q08", field_name, raw, "separators removed from the identifier")
    return cleaned


# -- dates -----------------------------------------------------------------------------------------

_DATE_FORMATS = {
    "00": ("%Y%m%d", "day"),
    "01": ("%Y%m", "month"),
    "05": ("%Y", "year"),
    "13": ("%Y%m%dT%H%M", "day"),
    "14": ("%Y%m%dT%H%M%S", "day"),
}


def parse_date(
    raw: str | None, date_format: str | None, notes: Notes, rule_id: str, field_name: str
) -> tuple[dt.date | None, str | None]:
    """An ONIX date (List 55 format, default YYYYMMDD) as (date, precision: day | month | year)."""
    if raw is None or not raw.strip():
        if raw is not None:
            notes.uninterpretable(rule_id, field_name, raw, "empty date")
        return None, None
    value = raw.strip()
    fmt = (date_format or "").strip() or None
    if fmt in (None, "00") and len(value) == 8 and ascii_digits(value):
        # The common case, read without strptime (which costs more than the rest of a date's handling).
        try:
            return dt.date(int(value[:4]), int(value[4:6]), int(value[6:])), "day"
        except ValueError:
            notes.uninterpretable(rule_id, field_name, raw, "not a valid date in format 00")
            return None, None
    if fmt is None:
        # Without a format the length says it: YYYYMMDD, YYYYMM or YYYY (and times with a T).
        fmt = {8: "00", 6: "01", 4: "05"}.get(len(value), "00")
        if "T" in value:
            fmt = "14" if len(value.split("T")[1].rstrip("Z")) >= 6 else "13"
    if fmt in _DATE_FORMATS:
        pattern, precision = _DATE_FORMATS[fmt]
        candidate = value.rstrip("Z") if fmt in ("13", "14") else value
        if fmt in ("13", "14"):
            candidate = re.sub(r"[+-]\d{4}$", "", candidate)
        try:
            return dt.datetime.strptime(candidate, pattern).date(), precision
        except ValueError:
            pass
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    if iso:
        try:
            parsed = dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            pass
        else:
            notes.repaired(rule_id, field_name, raw, "ISO date with hyphens read as YYYYMMDD")
            return parsed, "day"
    notes.uninterpretable(rule_id, field_name, raw, f"not a valid date in format {fmt}")
    return None, None


def parse_sent_at(raw: str | None) -> dt.datetime | None:
    """Header SentDateTime: YYYYMMDD, YYYYMMDDThhmm or YYYYMMDDThhmmss, optionally Z or +hhmm."""
    if not raw:
        return None
    value = raw.strip()
    m = re.fullmatch(r"(\d{8})(?:T(\d{4})(\d{2})?)?(Z|[+-]\d{4})?", value)
    if not m:
        return None
    try:
        day = dt.datetime.strptime(m[1], "%Y%m%d")
        if m[2]:
            day = day.replace(hour=int(m[2][:2]), minute=int(m[2][2:]), second=int(m[3] or 0))
    except ValueError:
        return None
    offset = dt.timedelta(0)
    if m[4] and m[4] != "Z":
        sign = 1 if m[4][0] == "+" else -1
        offset = sign * dt.timedelta(hours=int(m[4][1:3]), minutes=int(m[4][3:5]))
    return (day - offset).replace(tzinfo=dt.UTC)


# -- durations -------------------------------------------------------------------------------------


def _number(raw: str) -> Decimal | None:
    try:
        value = Decimal(raw.strip().replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def hhhmmss(raw: str, notes: Notes, field_name: str, rule_id: str = "Q21") -> int | None:
    """HHHMMSS (optionally with centiseconds, HHHMMSScc) as seconds."""
    digits = raw.strip()
    if not ascii_digits(digits):
        notes.uninterpretable(rule_id, field_name, raw, "not an HHHMMSS time")
        return None
    if len(digits) == 9:
        digits = digits[:7]
    hours, rest = divmod(int(digits), 10000)
    minutes, seconds = divmod(rest, 100)
    if minutes >= 60 or seconds >= 60:
        notes.uninterpretable(rule_id, field_name, raw, "minutes or seconds of 60 or more in HHHMMSS")
        return None
    return hours * 3600 + minutes * 60 + seconds


def duration_seconds(value: str, unit: str, notes: Notes, field_name: str) -> int | None:
    """An Extent value in a time unit (List 24: 04, 05, 06, 14, 15, 16) as whole seconds."""
    raw = value.strip()
    if unit in ("04", "05", "06", "14"):
        number = _number(raw)
        if number is None or number < 0:
            notes.uninterpretable("Q21", field_name, raw, f"not a number of {_UNIT_NAMES[unit]}")
            return None
        if "," in raw:
            notes.repaired("Q21", field_name, raw, "decimal comma read as a dot")
        factor = {"04": 3600, "05": 60, "06": 1, "14": 3600}[unit]
        return int((number * factor).to_integral_value())
    if unit == "15":
        digits = raw.zfill(5)
        if not ascii_digits(digits):
            notes.uninterpretable("Q21", field_name, raw, "not an HHHMM duration")
            return None
        hours, minutes = int(digits[:-2]), int(digits[-2:])
        if minutes >= 60:
            notes.uninterpretable("Q21", field_name, raw, "minutes of 60 or more in HHHMM")
            return None
        return hours * 3600 + minutes * 60
    if unit == "16":
        return hhhmmss(raw, notes, field_name)
    return None


_UNIT_NAMES = {"04": "hours", "05": "minutes", "06": "seconds", "14": "hours"}
TIME_UNITS = frozenset({"04", "05", "06", "14", "15", "16"})


# -- amounts ---------------------------------------------------------------------------------------


_CANONICAL_AMOUNT = re.compile(r"(?:0|[1-9][0-9]*)\.[0-9]{2,}")
_COMMA_AMOUNT = re.compile(r"\d+,\d{1,4}")


def parse_amount(raw: str | None, notes: Notes, field_name: str) -> str | None:
    """A price as a canonical decimal string with at least two decimals ('13,99' -> '13.99', noted)."""
    if raw is None or not raw.strip():
        notes.dropped("Q35", field_name, raw, "empty price amount: price dropped")
        return None
    value = raw.strip()
    if _CANONICAL_AMOUNT.fullmatch(value):
        # Already what the Decimal round trip below would give (the common case): no Decimal needed.
        return value
    text = value
    if _COMMA_AMOUNT.fullmatch(value):
        text = value.replace(",", ".")
        notes.repaired("Q35", field_name, raw, "decimal comma read as a dot")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        notes.dropped("Q35", field_name, raw, "not a decimal amount: price dropped")
        return None
    if not amount.is_finite():
        notes.dropped("Q35", field_name, raw, "not a decimal amount: price dropped")
        return None
    exponent = amount.as_tuple().exponent
    places = max(2, -exponent if isinstance(exponent, int) else 2)
    return f"{amount:.{places}f}"
