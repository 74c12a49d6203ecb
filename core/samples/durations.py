"""Running times and chapter tables in the ONIX units real feeds use.

ONIX lets a sender state a duration (Extent type 09) in minutes, decimal minutes, HHHMM, HHHMMSS,
decimal hours or seconds, and readers must normalise all of them (CCF ``duration_seconds``). The
samples use every one of these units, and each ``Duration`` records the exact number of seconds its
written value means, so that chapter tables can be made to add up to exactly that (Q22) and the
tests can check the arithmetic independently.
"""

from __future__ import annotations

from random import Random

from core.samples.chance import weighted
from core.samples.model import Chapter, Duration
from core.samples.titles import chapter_titles

# (unit, weight): whole minutes are the most common in the wild, seconds and hours the rarest.
_UNITS = (("05", 35), ("05.", 10), ("15", 20), ("16", 17), ("04", 8), ("06", 10))


def represent(rng: Random, seconds: int) -> Duration:
    """Write ``seconds`` (rounded to what the chosen unit can say) as an ONIX Extent value."""
    unit = weighted(rng, _UNITS)
    return in_unit(unit, seconds)


def in_unit(unit: str, seconds: int) -> Duration:
    """``unit`` is an ExtentUnit code; ``05.`` asks for minutes with a decimal fraction."""
    if unit == "05":
        minutes = max(1, round(seconds / 60))
        return Duration("05", str(minutes), minutes * 60)
    if unit == "05.":
        tenths = max(1, round(seconds / 6))
        if tenths % 10 == 0:
            tenths += 5  # keep a visible fraction: this unit is here to exercise decimal minutes
        return Duration("05", f"{tenths // 10}.{tenths % 10}", tenths * 6)
    if unit == "15":
        minutes = max(1, round(seconds / 60))
        return Duration("15", f"{minutes // 60:03d}{minutes % 60:02d}", minutes * 60)
    if unit == "16":
        return Duration("16", hhhmmss(seconds), seconds)
    if unit == "04":
        hundredths = max(1, round(seconds / 36))
        return Duration("04", f"{hundredths // 100}.{hundredths % 100:02d}", hundredths * 36)
    if unit == "06":
        return Duration("06", str(seconds), seconds)
    raise ValueError(f"unsupported duration unit {unit!r}")


def hhhmmss(seconds: int) -> str:
    """ONIX time/duration format (dt.TimeOrDuration): hours, minutes, seconds, e.g. ``0084412``."""
    return f"{seconds // 3600:03d}{seconds % 3600 // 60:02d}{seconds % 60:02d}"


def chapters(rng: Random, language: str, total: int) -> list[Chapter]:
    """A chapter table whose lengths add up to exactly ``total`` seconds."""
    count = max(6, min(60, int(total / 3600 * rng.uniform(1.5, 3.0))))
    weights = [rng.uniform(0.6, 1.4) for _ in range(count)]
    scale = total / sum(weights)
    lengths = [int(w * scale) for w in weights]
    lengths[-1] += total - sum(lengths)
    result: list[Chapter] = []
    start = 0
    for number, (title, length) in enumerate(zip(chapter_titles(rng, language, count), lengths, strict=True), start=1):
        result.append(Chapter(number, title, start, length))
        start += length
    return result
