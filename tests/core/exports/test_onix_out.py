"""The partner export's ONIX 3.0 writer: valid against EDItEUR's XSD in both tag styles, read back by our own
ingest to the same CCF (the proof that every mapping is reversed right), byte-for-byte deterministic,
removals as availability 40 in a full record, and memory that does not grow with the catalogue."""

from __future__ import annotations

import datetime as dt
import gc
import io
import tracemalloc
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from core.ccf.model import CCFRecord
from core.ccf.storage import from_row
from core.db import Database
from core.exports.onix_out import ExportRecord, render_onix
from core.feeds.schema_check import NAMESPACES, schema
from core.feeds.tags import short_to_reference
from core.ingest.run import ingest_file
from tests.conftest import ADMIN, SAMPLES, make_settings

SAMPLE_FILES = ("delivery-1.xml", "legacy-2.1.xml", "short-tags-3.0.xml")
SENT_AT = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)
SENDER = "Audiobook Console Exports"

EXCLUDED = {
    "provenance": "says where a record came from (feed, line, release, tag style), not what it says",
    "sender": "the Header names the exporter (render_onix's `sender`), not the sender the record came from",
    "notification": "the writer sends every product as a complete record, NotificationType 03 (confirmed)",
}
"""Fields not compared in the round trip, and why. `identifiers` is compared, with one documented addition:
the product key is always sent as an ISBN-13/GTIN-13 (see `expected_identifiers`)."""


def ingest(tmp: Path, *paths: Path) -> dict[str, CCFRecord]:
    """Ingest files into a fresh database; the CCF of every conversion by product key."""
    cfg = make_settings(tmp)
    db = Database(cfg.db)
    try:
        for path in paths:
            result = ingest_file(db, path, ADMIN, config=cfg)
            assert result.status == "succeeded", result.error
            assert result.rejected == 0
        with db.cursor() as cur:
            rows = cur.execute("SELECT ccf FROM conversions").fetchall()
    finally:
        db.close()
    records = {r.product_key: r for r in (from_row(ccf) for (ccf,) in rows)}
    assert len(records) == len(rows)
    return records


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> list[CCFRecord]:
    records = ingest(tmp_path_factory.mktemp("samples"), *(SAMPLES / name for name in SAMPLE_FILES))
    assert len(records) == 310
    return [records[key] for key in sorted(records)]


def render(items: list[ExportRecord] | Iterator[ExportRecord], style: str = "reference", **header: Any) -> bytes:
    sink = io.BytesIO()
    options: dict[str, Any] = {"sent_at": SENT_AT, "sender": SENDER, **header}
    render_onix(items, sink, style=style, **options)
    return sink.getvalue()


def send(records: list[CCFRecord]) -> list[ExportRecord]:
    return [ExportRecord(r, "send") for r in records]


def comparable(record: CCFRecord) -> dict[str, Any]:
    return record.model_dump(mode="json", exclude=set(EXCLUDED))


def expected_identifiers(record: CCFRecord) -> list[dict[str, str]]:
    """The record's identifiers, plus its key as an ISBN-13 where the sender gave only an ISBN-10."""
    found = [i.model_dump() for i in record.identifiers]
    if not any(i["value"] == record.product_key and i["type"] in ("isbn13", "gtin13") for i in found):
        found.append({"type": "isbn13", "value": record.product_key})
    return sorted(found, key=lambda i: (i["type"], i["value"]))


def assert_round_trip(originals: list[CCFRecord], back: dict[str, CCFRecord]) -> None:
    assert sorted(back) == sorted(r.product_key for r in originals)
    differences = {}
    for original in originals:
        want, got = comparable(original), comparable(back[original.product_key])
        want["identifiers"] = expected_identifiers(original)
        fields = [f for f in want if want[f] != got[f]]
        if fields:
            differences[original.product_key] = {f: (want[f], got[f]) for f in fields}
    assert differences == {}
    assert {r.notification for r in back.values()} == {"confirmed"}


def products(document: bytes) -> list[etree._Element]:
    return [el for el in etree.fromstring(document) if etree.QName(el).localname in ("Product", "product")]


# -- (1) the sample catalogue against EDItEUR's XSD ------------------------------------------------------


@pytest.mark.parametrize("style", ["reference", "short"])
def test_the_sample_catalogue_is_valid_onix_30(samples: list[CCFRecord], style: str) -> None:
    sink = io.BytesIO()
    written = render_onix(send(samples), sink, style=style, sent_at=SENT_AT, sender=SENDER)
    document = sink.getvalue()
    assert written == len(samples) == 310
    assert document.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n")
    root = etree.fromstring(document)
    namespace = NAMESPACES[("3.0", style)]
    assert root.tag == f"{{{namespace}}}" + ("ONIXMessage" if style == "reference" else "ONIXmessage")
    assert root.get("release") == "3.0"
    xsd = schema("3.0", style)
    invalid = {}
    for el in root:
        if not xsd.validate(el):
            invalid[el.sourceline] = [e.message for e in xsd.error_log]
    # The sample defects the XSD rejects ('deu', ROW, '13,99', the control byte) were repaired by the
    # converter, so every product of the catalogue is valid, and so is the message as a whole.
    assert invalid == {}
    assert xsd.validate(root), xsd.error_log
    header = root[0]
    assert [etree.QName(c).localname for c in header] == (
        ["Sender", "SentDateTime"] if style == "reference" else ["sender", "x307"]
    )
    assert header[-1].text == "20261201T093000Z"


def test_short_tags_are_the_reference_message_renamed(samples: list[CCFRecord]) -> None:
    """The short-tag message is the reference one, element for element, under the names of the map
    generated from EDItEUR's short-tag XSD (XHTML inside Text keeps its names in both)."""
    names = short_to_reference("3.0")

    def outline(document: bytes, rename: dict[str, str]) -> list[tuple[str, str | None, str | None, dict[str, str]]]:
        found = []
        for el in etree.fromstring(document).iter():
            local = etree.QName(el).localname
            found.append((rename.get(local, local), el.text, el.tail, dict(el.attrib)))
        return found

    reference, short = render(send(samples[:60])), render(send(samples[:60]), "short")
    assert outline(short, names) == outline(reference, {})
    assert etree.QName(etree.fromstring(short)[1][0]).localname == "a001"  # RecordReference


# -- (2) the round trip: the rendered file ingested again gives the same CCF -----------------------------


@pytest.mark.parametrize("style", ["reference", "short"])
def test_the_round_trip_gives_the_same_ccf(samples: list[CCFRecord], style: str, tmp_path: Path) -> None:
    path = tmp_path / f"export-{style}.xml"
    path.write_bytes(render(send(samples), style))
    assert_round_trip(samples, ingest(tmp_path / "back", path))


def edge_records() -> list[CCFRecord]:
    """What the samples do not exercise: partial dates, every embargo role, age ranges, restrictions,
    price dates and other price types, partial chapter times, a lone sort name, odd sample lengths, a PNG
    cover, DOI/URN/proprietary identifiers, other language roles and subject schemes, Thema qualifiers,
    XHTML with links, entities and line breaks. In the order the converter writes CCF lists."""
    first = CCFRecord.model_validate(
        {
            "product_key": "9781234567897",
            "record_reference": "edge-1",
            "identifiers": [
                {"type": "doi", "value": "10.1000/182"},
                {"type": "isbn13", "value": "9781234567897"},
                {"type": "other:23", "value": "OLCC-1"},
                {"type": "proprietary", "value": "P1"},
                {"type": "proprietary:Shelf code", "value": "S-9"},
                {"type": "urn", "value": "urn:isbn:9781234567897"},
            ],
            "product_form": "download",
            "product_form_code": "AJ",
            "format_codes": ["A103", "A410"],
            "content_type": "other",
            "title": "Edge & <Case>",
            "subtitle": "A Subtitle",
            "series": [{"name": "Series A", "number": "3"}, {"name": "Series B", "number": None}],
            "contributors": [
                {"sequence": 1, "role": "author", "onix_role": "A01", "name": "Ann Author", "sort_name": "Author, Ann"},
                {
                    "sequence": 1,
                    "role": "narrator",
                    "onix_role": "E07",
                    "name": "Ann Author",
                    "sort_name": "Author, Ann",
                },
                {
                    "sequence": 2,
                    "role": "other",
                    "onix_role": "Z99",
                    "name": "Acme Audio Ltd",
                    "sort_name": "Acme Audio Ltd",
                },
                {"sequence": 3, "role": "narrator", "onix_role": "E07", "synthetic_voice": True},
                {"sequence": 4, "role": "editor", "onix_role": "B01", "name": None, "sort_name": "Editors, The"},
                {"sequence": None, "role": "translator", "onix_role": "B06", "name": "Tim Translator"},
            ],
            "edition": "abridged",
            "languages": [
                {"role": "audio", "code": "eng"},
                {"role": "other:10", "code": "fre"},
                {"role": "text", "code": "eng"},
            ],
            "duration_seconds": 3601,
            "chapters": [
                {"number": 1, "title": "One", "start_seconds": 0, "duration_seconds": 1800},
                {"number": 2, "title": "Chapter 2", "start_seconds": 1800, "duration_seconds": None},
                {"number": 3, "title": "Three", "start_seconds": None, "duration_seconds": 1},
            ],
            "subjects": [
                {"scheme": "bisac", "code": "FIC000000", "heading": None, "main": True},
                {"scheme": "other:24", "code": "X1", "heading": "Own category", "main": False},
                {"scheme": "thema", "code": "FB", "heading": None, "main": True},
                {"scheme": "thema", "code": "1DDU", "heading": None, "main": False},
                {"scheme": "thema", "code": "5AJ", "heading": None, "main": False},
            ],
            "description": "A & B, 5 > 4.\n\nSecond paragraph.",
            "short_description": "Short & sweet",
            "cover": {"url": "https://x.example/c.png", "width_px": 2400, "height_px": 2000, "format": "png"},
            "sample": {"url": "https://x.example/s.mp3", "duration_seconds": 100},
            "publisher": "Edge Publishing",
            "publishing_status": "inactive",
            "publication_date": "2026-05-01",
            "publication_date_precision": "month",
            "embargo": {
                "sales": "2026-06-01",
                "preorder": "2026-05-15",
                "streaming": "2026-06-02",
                "subscription": "2026-07-01",
            },
            "sales_rights": {"for_sale": ["CA", "US"], "not_for_sale": ["GB"], "exclusive": False},
            "restrictions": ["libraries_only", "retailer_exception", "subscription_only"],
            "prices": [
                {
                    "amount": "9.99",
                    "currency": "USD",
                    "price_type": "net",
                    "tax_included": False,
                    "countries": ["US"],
                    "availability": "temporarily_unavailable",
                    "valid_from": "2026-01-01",
                    "valid_until": "2026-12-31",
                },
                {
                    "amount": "12.50",
                    "currency": "CAD",
                    "price_type": "other:09",
                    "tax_included": None,
                    "countries": ["CA"],
                    "availability": "available",
                },
                {
                    "amount": "3.00",
                    "currency": None,
                    "price_type": "other:None",
                    "tax_included": None,
                    "countries": ["CA"],
                    "availability": "unknown",
                },
                {
                    "amount": "1.000",
                    "currency": "USD",
                    "price_type": "rrp",
                    "tax_included": False,
                    "countries": ["US"],
                    "availability": "available",
                },
            ],
            "audience": {"explicit": True, "age_min": 12, "age_max": 16},
            "related": [
                {"relation": "includes", "gtin": "4006381333931", "form": "AJ"},
                {"relation": "replaces", "gtin": "9780306406157", "form": None},
            ],
        }
    )
    second = CCFRecord.model_validate(
        {
            "product_key": "9780306406157",
            "record_reference": "edge-2",
            "identifiers": [{"type": "isbn13", "value": "9780306406157"}],
            "product_form": "stream",
            "product_form_code": "AO",
            "content_type": "performance",
            "title": "Markup",
            "description": "Para one with a link and bold.\n\nLine\n\nx © y\n\nz",
            "description_html": '<p>Para one with <a href="https://e.example/?a=1&amp;b=2" rel="noopener noreferrer">'
            "a link</a> and <b>bold</b>.</p> <ul><li>Line</li></ul><p>x&nbsp;©&nbsp;y<br>z</p>",
            "publisher": "Edge Publishing",
            "imprint": "Edge Imprint",
            "publishing_status": "withdrawn",
            "publication_date": "2026-01-01",
            "publication_date_precision": "year",
            "sales_rights": {"for_sale": [], "not_for_sale": ["GB"], "exclusive": None},
            "restrictions": ["internal_only"],
            "audience": {"explicit": False, "age_min": None, "age_max": 9},
        }
    )
    return [first, second]


def test_what_the_samples_do_not_exercise_round_trips_too(tmp_path: Path) -> None:
    records = edge_records()
    document = render(send(records), addressee="Partner Books", message_number=12)
    xsd = schema("3.0", "reference")
    assert all(xsd.validate(p) for p in products(document)), xsd.error_log
    path = tmp_path / "edge.xml"
    path.write_bytes(document)
    assert_round_trip(records, ingest(tmp_path / "back", path))


def test_what_onix_cannot_carry_is_written_as_documented(tmp_path: Path) -> None:
    """The module docstring's list, held to what the converter then reads."""
    lossy = CCFRecord.model_validate(
        {
            **edge_records()[1].model_dump(),
            "record_reference": None,
            "identifiers": [],
            "contributors": [
                {"sequence": 1, "role": "narrator", "onix_role": "E07", "name": "Vera Voice", "synthetic_voice": True}
            ],
            "chapters": [{"number": 5, "title": None, "start_seconds": 0, "duration_seconds": 60}],
            "prices": [
                {"amount": "5.00", "currency": "GBP", "price_type": "rrp", "tax_included": True, "countries": []}
            ],
            "sales_rights": {"for_sale": ["GB", "IE"], "not_for_sale": [], "exclusive": True},
        }
    )
    document = render(send([lossy]))
    assert all(schema("3.0", "reference").validate(p) for p in products(document))
    path = tmp_path / "lossy.xml"
    path.write_bytes(document)
    back = ingest(tmp_path / "back", path)[lossy.product_key]
    assert back.record_reference == lossy.product_key
    assert [i.model_dump() for i in back.identifiers] == [{"type": "isbn13", "value": lossy.product_key}]
    assert back.contributors[0].synthetic_voice and back.contributors[0].name is None
    assert back.chapters[0].title == "Chapter 5"
    assert back.prices[0].countries == ["GB", "IE"]  # no Market: where the product is for sale


# -- (3) determinism ------------------------------------------------------------------------------------


def test_rendering_is_deterministic(samples: list[CCFRecord]) -> None:
    copies = [CCFRecord.model_validate_json(r.model_dump_json()) for r in samples]  # equal, not the same objects
    first = render(send(samples), "short", addressee="Partner", message_number=3)
    assert render(iter(send(copies)), "short", addressee="Partner", message_number=3) == first
    later = render(
        send(samples),
        "short",
        addressee="Partner",
        message_number=3,
        sent_at=dt.datetime(2026, 12, 2, 10, 30, 15, tzinfo=dt.timezone(dt.timedelta(hours=1))),
    )
    # Only the Header's SentDateTime (from `sent_at`, in UTC) differs.
    assert later.replace(b"20261202T093015Z", b"20261201T093000Z") == first


# -- (4) a product that left the partner's selection --------------------------------------------------------


def test_a_removed_product_is_a_full_record_with_availability_40(samples: list[CCFRecord]) -> None:
    priced = next(r for r in samples if len({p.availability for p in r.prices}) > 1 or len(r.prices) > 2)
    unpriced = samples[0].model_copy(update={"prices": []})
    items = [ExportRecord(priced, "remove"), ExportRecord(unpriced, "remove"), ExportRecord(priced, "send")]
    removed, removed_unpriced, sent = products(render(items))
    xsd = schema("3.0", "reference")
    ns = {"o": NAMESPACES[("3.0", "reference")]}
    for product in (removed, removed_unpriced):
        assert xsd.validate(product), xsd.error_log
        assert product.xpath("o:NotificationType/text()", namespaces=ns) == ["03"]
        availability = product.xpath("o:ProductSupply/o:SupplyDetail/o:ProductAvailability/text()", namespaces=ns)
        assert availability and set(availability) == {"40"}
    assert len(removed_unpriced.xpath("o:ProductSupply/o:SupplyDetail", namespaces=ns)) == 1

    # Every price is still there; only availability changed, and nothing outside Block 6.
    def prices(p: etree._Element) -> list[str]:
        return sorted(p.xpath(".//o:Price/o:PriceAmount/text()", namespaces=ns))

    assert prices(removed) == prices(sent) and len(prices(sent)) == len(priced.prices)
    assert set(sent.xpath(".//o:ProductAvailability/text()", namespaces=ns)) != {"40"}

    def without_supply(p: etree._Element) -> bytes:
        copy = etree.fromstring(etree.tostring(p))
        for supply in copy.findall("o:ProductSupply", namespaces=ns):
            copy.remove(supply)
        return etree.tostring(copy, method="c14n")

    assert without_supply(removed) == without_supply(sent)


# -- (5) memory -------------------------------------------------------------------------------------------


class CountingSink:
    def __init__(self) -> None:
        self.bytes = 0

    def write(self, data: bytes) -> int:
        self.bytes += len(data)
        return len(data)


def test_the_writer_keeps_no_records() -> None:
    """20,000 products through a sink that only counts: the traced peak stays far below what the records
    or their elements would take if the writer kept them (a small record, so the test stays fast)."""
    base = CCFRecord(product_key="9781234567897", record_reference="r", title="A Title", product_form_code="AJ")
    count, probes = 20_000, []
    sink = CountingSink()
    seen_at_half: list[int] = []

    def records() -> Iterator[ExportRecord]:
        for n in range(count):
            key = f"{979000000000 + n:013d}"
            item = ExportRecord(base.model_copy(update={"product_key": key, "record_reference": key}), "send")
            if n % 1000 == 0:
                probes.append(weakref.ref(item))
            if n == count // 2:
                seen_at_half.append(sink.bytes)
            yield item

    gc.collect()
    tracemalloc.start()
    try:
        written = render_onix(records(), sink, style="reference", sent_at=SENT_AT, sender=SENDER)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert written == count
    assert peak < 3 * 1024 * 1024, f"peak {peak} bytes"
    # The output leaves as it is made (half the products: about half the bytes) ...
    assert seen_at_half[0] > 0.4 * sink.bytes
    # ... and no record outlives its product.
    assert sum(1 for probe in probes[:-1] if probe() is not None) == 0
