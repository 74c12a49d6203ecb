"""The diff as people read it, and decisions in words: pure helpers, pinned on values core produces."""

from __future__ import annotations

from app.components import decision_view, diff_view, review_view
from core.review.diff import Change
from core.review.queue import QueueFilter


def test_a_word_diff_marks_only_the_words_that_changed() -> None:
    before, after = diff_view.word_diff("A Frogotten Season", "A Forgotten Season")
    assert before == "A :red-background[Frogotten] Season"
    assert after == "A :green-background[Forgotten] Season"


def test_a_long_unchanged_stretch_is_folded_around_the_change() -> None:
    words = [f"w{i}" for i in range(60)]
    old, new = " ".join(words), " ".join([*words, "Now", "with", "an", "introduction."])
    _, after = diff_view.word_diff(old, new)
    assert after.startswith(":gray[…] w48") and after.endswith(":green-background[Now with an introduction.]")
    assert "w0 " not in after and "w47" not in after


def test_feed_text_cannot_become_markup_in_the_diff() -> None:
    _, after = diff_view.word_diff("plain", "[click](javascript:alert) **bold** :red[x]")
    assert "[click](" not in after and "**bold**" not in after and ":red[x]" not in after
    assert after.startswith(":green-background[") and after.endswith("]")


def test_country_sets_share_one_row_removed_left_added_right() -> None:
    changes = [
        Change("sales_rights.for_sale", None, "removed", ["AU", "NZ"], None),
        Change("sales_rights.not_for_sale", None, "added", None, ["AU", "NZ"]),
        Change("prices", "rrp AUD in AU", "removed", {"amount": "42.99", "currency": "AUD", "price_type": "rrp"}, None),
    ]
    rows = diff_view.rows(changes)
    assert [(r.field, r.what, r.change) for r in rows] == [
        ("sales_rights", "For sale in", "countries"),
        ("sales_rights", "Not for sale in", "countries"),
        ("prices", "rrp AUD in AU", "removed"),
    ]
    assert rows[0].before.startswith(":red[**−**") and "(AU)" in rows[0].before and "(NZ)" in rows[0].before
    assert rows[1].after.startswith(":green[**+**")
    assert rows[2].before.startswith(":red-badge[removed] **42.99 AUD**")


def test_a_changed_price_shows_its_currency_and_the_change_in_per_cent() -> None:
    old = {"amount": "29.99", "currency": "CHF", "price_type": "rrp", "countries": ["CH"]}
    [row] = diff_view.rows([Change("prices", "rrp CHF in CH", "changed", old, {**old, "amount": "16.99"})])
    assert row.before == "Amount :red-background[29.99] CHF"
    assert row.after == "Amount :green-background[16.99] CHF :gray[(−43 %)]"
    assert row.plain == "changed prices [rrp CHF in CH]: amount 29.99 -> 16.99"


def test_a_queue_filter_reads_as_words() -> None:
    where = QueueFilter(kind="changed", field="prices", flag="price_drop", run_id=2)
    assert review_view.describe(where) == "pending, changed products, prices changed, flagged price drop > 30 %, run 2"
    assert review_view.describe(QueueFilter(status=None)) == "any status"


def test_a_decision_says_what_happened_to_each_conversion() -> None:
    outcome = decision_view.Outcome(
        "approve",
        applied=[1],
        versions={1: 2},
        superseded={2: "the catalogue record changed"},
        blocked={3: ["Q08", "Q20"]},
        names={1: "A Forgotten Season (9798897711253)"},
    )
    lines = decision_view.outcome_lines(outcome)
    assert lines[0] == (
        "success",
        "Approved A Forgotten Season (9798897711253): the catalogue now holds it as version 2.",
    )
    assert lines[1][0] == "warning" and "conversion 2" in lines[1][1] and "the catalogue record changed" in lines[1][1]
    assert "Q08, Q20" in lines[2][1]
    assert decision_view.outcome_lines(decision_view.Outcome("reject")) == [
        ("warning", "Nothing was decided: no conversion was pending.")
    ]
