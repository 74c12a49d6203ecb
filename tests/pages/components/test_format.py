"""How values read on every screen: pinned, because people compare them with feeds and tickets."""

from __future__ import annotations

import datetime as dt

import pytest

from app.components import format as fmt


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (None, "—"),
        (40, "40 s"),
        (59.6, "1 min"),
        (60, "1 min"),
        (2700, "45 min"),
        (3600, "1 h"),
        (31_800, "8 h 50 min"),
        (31_829, "8 h 50 min"),
        (31_831, "8 h 51 min"),
        (107_400, "29 h 50 min"),
    ],
)
def test_durations_read_in_hours_and_minutes(seconds: float | None, text: str) -> None:
    assert fmt.duration(seconds) == text


@pytest.mark.parametrize(("seconds", "text"), [(None, "—"), (5, "0:05"), (245, "4:05"), (3723, "1:02:03")])
def test_positions_in_the_audio_read_as_a_clock(seconds: int | None, text: str) -> None:
    assert fmt.clock(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"), [(0.42, "0.4 s"), (12.4, "12 s"), (125, "2 min 05 s"), (3780, "1 h 03 min")]
)
def test_elapsed_times(seconds: float, text: str) -> None:
    assert fmt.elapsed(seconds) == text


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (None, "—"),
        (0, "0 bytes"),
        (999, "999 bytes"),
        (1536, "1.5 KB"),
        (2_752_215, "2.6 MB"),
        (5 * 1024**3, "5.0 GB"),
        (300 * 1024**2, "300 MB"),
    ],
)
def test_file_sizes(n: int | None, text: str) -> None:
    assert fmt.file_size(n) == text


def test_progress_reads_like_the_brief() -> None:
    assert (
        fmt.progress_text(1_258_291, 2_752_215, "bytes", "1,500 products read")
        == "1.2 / 2.6 MB, 1,500 products read"
    )
    assert fmt.progress_text(0, None, "", "") == "Starting…"
    assert fmt.progress_text(3, 10, "files", "") == "3 / 10 files"
    assert fmt.progress_text(2048, None, "bytes", "") == "2.0 KB read"


def test_moments_are_utc_and_dates_keep_their_precision() -> None:
    moment = dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert fmt.when(moment) == "2026-11-16 09:00 UTC"
    assert fmt.when(dt.date(2026, 1, 2)) == "2026-01-02"
    day = dt.date(2019, 7, 23)
    assert [fmt.partial_date(day, p) for p in ("day", "month", "year", None)] == [
        "2019-07-23",
        "2019-07",
        "2019",
        "2019-07-23",
    ]


def test_codes_read_as_words() -> None:
    assert fmt.humanize("download_and_stream") == "Download and stream"
    assert fmt.humanize("other:12") == "Other (12)"
    assert fmt.humanize("proprietary:KSB work id") == "Proprietary (KSB work id)"
    assert fmt.humanize("isbn13") == "ISBN-13" and fmt.humanize("rrp") == "RRP"
    assert fmt.feed_format("onix-3.0-reference") == "ONIX 3.0, reference tags"
    assert fmt.feed_format("unknown") == "Unknown"
    assert fmt.format_code("A103") == "A103 MP3 format"


def test_languages_and_countries_have_names() -> None:
    assert (
        fmt.languages([("audio", "eng"), ("text", "eng"), ("original", "ger")])
        == "English (audio, text), German (original)"
    )
    assert fmt.countries(["GB", "US"]) == "United Kingdom, United States"
    assert fmt.countries(["AU", "CA", "NZ", "US"], limit=2) == "Australia, Canada … and 2 more"
    assert (
        fmt.plural(1, "product") == "1 product"
        and fmt.plural(1500, "country", "countries") == "1,500 countries"
    )


@pytest.mark.parametrize(
    "hostile",
    [
        "**bold** _it_",
        "[link](javascript:alert(1))",
        "<script>alert(1)</script>",
        ":red[alarm] :smile:",
        "$x^2$",
        "# Heading",
        "- not a list",
        "1. not a list",
        "| a | b |",
        "~~gone~~",
        "`code`",
    ],
)
def test_feed_text_cannot_become_markdown(hostile: str) -> None:
    escaped = fmt.escape_md(hostile)
    for char in "*_[]<>:$#|~`":
        assert escaped.count(char) == escaped.count("\\" + char)
    assert not escaped.startswith(("-", "1.", "#"))


def test_ordinary_text_stays_readable() -> None:
    assert (
        fmt.escape_md("Il caso Santoro (2nd ed.) - a thriller.") == "Il caso Santoro (2nd ed.) - a thriller."
    )
    assert fmt.code("a`b") == "`a'b`"
