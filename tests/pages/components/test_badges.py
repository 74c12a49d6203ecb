"""Status badges: one word and one colour per status, everywhere."""

from __future__ import annotations

from app.components import badges


def test_every_status_has_words_and_a_colour() -> None:
    for status in (
        "succeeded",
        "partial",
        "failed",
        "duplicate",
        "running",
        "pending",
        "approved",
        "superseded",
    ):
        look = badges.look(status)
        assert look.label and look.color in {"green", "orange", "red", "gray", "blue"}
        assert badges.badge_md(status) == f":{look.color}-badge[{look.icon} {look.label}]"


def test_an_unknown_status_still_reads_as_words() -> None:
    assert badges.label("on_hold") == "On hold"
    assert badges.label(None) == "Unknown"


def test_badge_text_cannot_break_out_of_the_badge() -> None:
    assert badges.badge_md("failed", "see [this]") == ":red-badge[:material/error: see (this)]"


def test_a_status_column_colours_each_status_it_shows() -> None:
    column = badges.column("Status", ["pending", "approved", "pending"], pending="Pending new")
    assert column["type_config"]["options"] == [
        {"value": "pending", "label": "Pending new", "color": badges.look("pending").pill},
        {"value": "approved", "label": "Approved", "color": badges.look("approved").pill},
    ]
    assert badges.cell("approved") == ["approved"]
