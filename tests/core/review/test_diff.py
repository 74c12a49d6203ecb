"""Field-level diffs through real deliveries: lists by identity, not by position; whitespace and order are
not changes; country sets as countries added and removed; flags on risky changes."""

from __future__ import annotations

from typing import Any

import pytest

from core.ccf.model import CCFRecord
from core.checks import examples
from core.db import Database
from core.ingest import commit
from core.review import decisions, diff
from core.review.diffspec import NOT_COMPARED, compared_fields
from tests.conftest import ADMIN
from tests.core.review.conftest import Deliver, conversion_of

SWAPPED_CONTRIBUTORS = [
    {"remove": "DescriptiveDetail/Contributor"},
    {"append": "DescriptiveDetail", "xml": "<Contributor><SequenceNumber>2</SequenceNumber><ContributorRole>E07</ContributorRole>"
     "<PersonName>Jonah Wilde</PersonName><PersonNameInverted>Wilde, Jonah</PersonNameInverted></Contributor>"},
    {"append": "DescriptiveDetail", "xml": "<Contributor><SequenceNumber>1</SequenceNumber><ContributorRole>A01</ContributorRole>"
     "<PersonName>Maren Holt</PersonName><PersonNameInverted>Holt, Maren</PersonNameInverted></Contributor>"},
]


def approved_base(db: Database, deliver: Deliver) -> None:
    first = deliver(([], 1))
    assert decisions.approve(db, ADMIN, decisions.pending_ids(db, first.run_id)).applied


def changes(db: Database, conversion: dict[str, Any] | None) -> list[diff.Change]:
    assert conversion is not None, "the delivery made no conversion"
    return diff.conversion_changes(db, conversion["conversion_id"])


def test_every_ccf_field_is_compared_or_deliberately_left_out() -> None:
    assert compared_fields() | NOT_COMPARED == set(CCFRecord.model_fields)


def test_the_same_contributors_in_another_xml_order_with_the_same_sequence_numbers_are_no_change(
    db: Database, deliver: Deliver
) -> None:
    approved_base(db, deliver)
    again = deliver((SWAPPED_CONTRIBUTORS, 1))
    assert again.conversions["unchanged"] == 1 and conversion_of(db, again.run_id) is None


def test_a_removed_narrator_is_a_change(db: Database, deliver: Deliver) -> None:
    approved_base(db, deliver)
    second = deliver(([{"remove": "DescriptiveDetail/Contributor[2]"}], 1))
    conversion = conversion_of(db, second.run_id)
    [change] = changes(db, conversion)
    assert (change.field, change.item, change.change) == ("contributors", "narrator: Jonah Wilde", "removed")
    assert conversion and conversion["changed_fields"] == ["contributors"]


def test_a_new_billing_order_is_a_change_of_sequence(db: Database, deliver: Deliver) -> None:
    approved_base(db, deliver)
    reordered = [
        {"set": "DescriptiveDetail/Contributor[1]/SequenceNumber", "text": "2"},
        {"set": "DescriptiveDetail/Contributor[2]/SequenceNumber", "text": "1"},
    ]
    second = deliver((reordered, 1))
    found = {(c.item, c.change): c.attributes() for c in changes(db, conversion_of(db, second.run_id))}
    assert found == {
        ("author: Maren Holt", "changed"): {"sequence": (1, 2)},
        ("narrator: Jonah Wilde", "changed"): {"sequence": (2, 1)},
    }


def test_whitespace_only_is_no_change(db: Database, deliver: Deliver) -> None:
    approved_base(db, deliver)
    title = examples.base_product().findtext("DescriptiveDetail/TitleDetail/TitleElement/TitleWithoutPrefix")
    assert title
    spaced = [{"set": "DescriptiveDetail/TitleDetail/TitleElement/TitleWithoutPrefix", "text": "  " + title.replace(" ", "   ") + " "}]
    again = deliver((spaced, 1))
    assert again.conversions["unchanged"] == 1


def test_scalars_prices_and_country_sets(db: Database, deliver: Deliver) -> None:
    approved_base(db, deliver)
    edits = [
        {"set": "DescriptiveDetail/TitleDetail/TitleElement/TitleWithoutPrefix", "text": "New Title"},
        {"set": "ProductSupply/SupplyDetail/Price/PriceAmount", "text": "9.99"},
        {"replace": "PublishingDetail/SalesRights",
         "xml": "<SalesRights><SalesRightsType>01</SalesRightsType><Territory><RegionsIncluded>WORLD</RegionsIncluded>"
                "<CountriesExcluded>AU NZ</CountriesExcluded></Territory></SalesRights>"},
    ]
    second = deliver((edits, 1))
    conversion = conversion_of(db, second.run_id)
    found = {(c.field, c.change): c for c in changes(db, conversion)}
    assert found[("title", "changed")].new == "The New Title"
    price = found[("prices", "changed")]
    assert price.attributes() == {"amount": ("19.99", "9.99")}
    assert found[("sales_rights.for_sale", "removed")].old == ["AU", "NZ"]
    assert conversion and set(conversion["flags"]) >= {"price_drop", "market_removed"}
    assert conversion["changed_fields"] == sorted({"title", "prices", "sales_rights"})


@pytest.mark.parametrize(
    ("edits", "flag"),
    [
        ([{"set": "DescriptiveDetail/TitleDetail/TitleElement/TitleWithoutPrefix", "text": "Renamed"}], "on_sale_identity"),
        ([{"set": "ProductSupply/SupplyDetail/Price/PriceAmount", "text": "14.99"}], None),  # a 25 % cut: no flag
    ],
)
def test_flags(db: Database, deliver: Deliver, edits: list[dict[str, Any]], flag: str | None) -> None:
    approved_base(db, deliver)
    second = deliver((edits, 1))
    conversion = conversion_of(db, second.run_id)
    assert conversion and conversion["flags"] == ([flag] if flag else [])


def test_another_sender_is_flagged(db: Database, deliver: Deliver) -> None:
    approved_base(db, deliver)
    subtitle = {"append": "DescriptiveDetail/TitleDetail/TitleElement", "xml": "<Subtitle>A Novel</Subtitle>"}
    second = deliver(([subtitle], 1), sender="Other Ltd")
    conversion = conversion_of(db, second.run_id)
    assert conversion and "sender_change" in conversion["flags"]


def test_a_delete_is_flagged(db: Database, deliver: Deliver) -> None:
    approved_base(db, deliver)
    second = deliver(([{"set": "NotificationType", "text": "05"}], 1))
    conversion = conversion_of(db, second.run_id)
    assert conversion and (conversion["kind"], conversion["flags"]) == ("deleted", ["delete"])


@pytest.mark.parametrize(
    "text", ["\nA Paper Season", "A Paper Season\t", "A\n  Paper\r\nSeason", " \tA Paper   Season \n"]
)
def test_texts_that_differ_in_whitespace_only_normalise_equal(db: Database, text: str) -> None:
    # Versions written before the converter stripped texts (or a revert) can carry newlines and tabs.
    from core.review.diffspec import _normalised

    with db.cursor() as cur:
        [(left, right)] = cur.execute(
            f"SELECT {_normalised('$a')}, {_normalised('$b')}", {"a": text, "b": "A Paper Season"}
        ).fetchall()
    assert left == right == "A Paper Season"


def test_a_delivery_is_diffed_in_slices_with_nothing_lost_at_their_edges(
    db: Database, deliver: Deliver, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Eight products in the catalogue; seven come back with a new title, one as it was. Diffed two by two,
    # every changed product keeps its change (a slice's first and last among them), and only that.
    first = deliver(*[([], n) for n in range(1, 9)])
    decisions.approve(db, ADMIN, decisions.pending_ids(db, first.run_id))
    monkeypatch.setattr(diff, "slice_size", lambda memory_limit_bytes: 2)
    title = "DescriptiveDetail/TitleDetail/TitleElement/TitleWithoutPrefix"
    edited = [([{"set": title, "text": f"Another Title {n}"}], n) for n in range(1, 8)]
    second = deliver(*edited, ([], 8))
    assert second.conversions == {"new": 0, "changed": 7, "unchanged": 1, "deleted": 0}
    for n in range(1, 8):
        conversion = conversion_of(db, second.run_id, n)
        assert conversion is not None and conversion["changed_fields"] == ["title"], (n, conversion)
    assert conversion_of(db, second.run_id, 8) is None


def test_a_delivery_is_written_in_slices_each_conversion_with_its_own_changes(
    db: Database, deliver: Deliver, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A delivery is checked and written three products at a time: the check judges every product, every
    # product gets its conversion, and each conversion the changed fields of its own product (titles and
    # publishers alternate across the slices' edges), not a neighbour's.
    monkeypatch.setattr(commit, "slice_size", lambda memory_limit_bytes: 3)
    first = deliver(*[([], n) for n in range(1, 9)])
    assert first.conversions["new"] == 8
    for n in range(1, 9):
        conversion = conversion_of(db, first.run_id, n)
        assert conversion is not None and conversion["kind"] == "new", (n, conversion)
    with db.cursor() as cur:
        checked = cur.execute(
            "SELECT list(product_key ORDER BY product_key) FROM checked_products JOIN check_runs USING (check_id) "
            "WHERE check_runs.run_id = $run",
            {"run": first.run_id},
        ).fetchall()[0][0]
    assert checked == sorted(examples.isbn(n) for n in range(1, 9))
    decisions.approve(db, ADMIN, decisions.pending_ids(db, first.run_id))
    title = "DescriptiveDetail/TitleDetail/TitleElement/TitleWithoutPrefix"
    publisher = "PublishingDetail/Publisher/PublisherName"
    edited = [([{"set": title if n % 2 else publisher, "text": f"Another Name {n}"}], n) for n in range(1, 8)]
    second = deliver(*edited, ([], 8))
    assert second.conversions == {"new": 0, "changed": 7, "unchanged": 1, "deleted": 0}
    for n in range(1, 8):
        conversion = conversion_of(db, second.run_id, n)
        expected = ["title"] if n % 2 else ["publisher"]
        assert conversion is not None and conversion["changed_fields"] == expected, (n, conversion)
        # The record written is the product's own, read from the spool slice by slice.
        stored = stored_names(db, second.run_id, n)
        assert str(stored[0] if n % 2 else stored[1]).endswith(f"Another Name {n}"), (n, stored)
    assert conversion_of(db, second.run_id, 8) is None
    # Deletes among changes, across the slices' edges: each written with its own record.
    delete = {"set": "NotificationType", "text": "05"}
    renamed = [([{"set": publisher, "text": f"Third Name {n}"}], n) for n in range(1, 9)]
    third = deliver(*[([delete], n) if n in (3, 5) else renamed[n - 1] for n in range(1, 9)])
    assert third.conversions == {"new": 0, "changed": 6, "unchanged": 0, "deleted": 2}
    for n in range(1, 9):
        conversion = conversion_of(db, third.run_id, n)
        assert conversion is not None and conversion["kind"] == ("deleted" if n in (3, 5) else "changed"), n
        expected_publisher = "Northlight Publishing" if n in (3, 5) else f"Third Name {n}"
        assert stored_names(db, third.run_id, n)[1] == expected_publisher, n


def stored_names(db: Database, run_id: int | None, number: int) -> tuple[str | None, str | None]:
    """The title and publisher of the record a run's conversion of product `number` holds."""
    with db.cursor() as cur:
        found = cur.execute(
            "SELECT ccf.title, ccf.publisher FROM conversions WHERE run_id = $r AND product_key = $k",
            {"r": run_id, "k": examples.isbn(number)},
        ).fetchall()
    assert len(found) == 1, found
    return found[0][0], found[0][1]


def test_slices_cover_every_position_once_in_order(db: Database) -> None:
    changed = [3, 4, 9, 10, 11, 40, 41]
    others = [1, 5, 12, 50]  # new products: in the commit's slices, not in the diff's
    with db.transaction() as tx:
        tx.execute(
            "CREATE TEMP TABLE classified AS SELECT unnest($p) AS position, unnest($o) AS outcome",
            {"p": changed + others, "o": ["changed"] * len(changed) + ["new"] * len(others)},
        )
        cuts = tx.read("ingest/classified_slices", size=3, outcome="changed").rows()
        everything = tx.read("ingest/classified_slices", size=3, outcome=None).rows()
        tx.execute("DELETE FROM classified WHERE outcome = 'changed'")
        empty = tx.read("ingest/classified_slices", size=3, outcome="changed").rows()
    inside = [[p for p in changed if low <= p <= high] for low, high, _ in cuts]
    assert [p for part in inside for p in part] == changed  # each once, in order
    assert [len(part) for part in inside] == [count for _, _, count in cuts] == [3, 3, 1]
    all_positions = sorted(changed + others)
    inside = [[p for p in all_positions if low <= p <= high] for low, high, _ in everything]
    assert [p for part in inside for p in part] == all_positions
    assert [len(part) for part in inside] == [3, 3, 3, 2]
    assert empty == []


def test_a_larger_memory_limit_diffs_more_products_at_once() -> None:
    sizes = [diff.slice_size(limit) for limit in (1_000_000, 96_000_000, 1_000_000_000)]
    assert sizes == sorted(sizes) and sizes[0] >= 1_000  # never one product at a time
    assert sizes[1] <= 5_000  # what passed under the commit's 96MB for 50,000 changed products
