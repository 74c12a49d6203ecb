"""Every flavour a publisher sends: 2.1 against 3.0, encodings, block updates, deletes, test records."""

from __future__ import annotations

import codecs
import shutil
from pathlib import Path
from typing import Any

import pytest

from core import runs, sources
from core.ccf.storage import from_row
from core.checks import waivers
from core.config import Settings
from core.db import Database
from core.feeds.tags import short_to_reference
from core.ingest import blocks
from core.ingest.run import ingest_file
from core.review import decisions
from tests.conftest import ADMIN, FIXTURES, make_settings

EQUIVALENCE = FIXTURES / "equivalence"

EXCLUDED = {
    "provenance": "says where a record came from (release, line, feed), not what it says",
    "cover": "a 2.1 MediaFile cannot state the image's pixel size, which the 3.0 record gives",
    "sample": "a 2.1 MediaFile cannot state the sample's length, which the 3.0 record gives",
}


def records(tmp: Path, path: Path) -> dict[str, dict[str, Any]]:
    cfg = make_settings(tmp)
    db = Database(cfg.db)
    result = ingest_file(db, path, ADMIN, config=cfg)
    assert result.status == "succeeded", result.error
    # The third product deletes a product never received: read, counted, nothing to apply.
    assert (result.products, result.converted, result.skipped) == (3, 3, 1)
    with db.cursor() as cur:
        rows = cur.execute("SELECT product_key, ccf FROM conversions ORDER BY product_key").fetchall()
    db.close()
    return {key: from_row(ccf).model_dump(mode="json") for key, ccf in rows}


def test_the_same_products_in_onix_21_and_30_give_equal_ccf(tmp_path: Path) -> None:
    old = records(tmp_path / "21", EQUIVALENCE / "onix21.xml")
    new = records(tmp_path / "30", EQUIVALENCE / "onix30.xml")
    assert sorted(old) == sorted(new) == ["9780306406157", "9781234567897"]
    for key in old:
        for field in old[key]:
            if field in EXCLUDED:
                continue
            assert old[key][field] == new[key][field], f"{key}: {field} differs"
    # The excluded fields differ for the reasons given, and only in what 2.1 cannot say.
    assert old["9781234567897"]["cover"]["url"] == new["9781234567897"]["cover"]["url"]
    assert old["9781234567897"]["cover"]["width_px"] is None and new["9781234567897"]["cover"]["width_px"] == 3000
    assert old["9781234567897"]["provenance"]["onix_release"] == "2.1"
    # Spot checks that the compared values are the rich ones, not two empty records.
    harbour = old["9781234567897"]
    assert harbour["title"] == "The Silent Harbour" and harbour["series"] == [{"name": "Harbour Tales", "number": "2"}]
    assert set(harbour["sales_rights"]["not_for_sale"]) == {"US", "CA"} and len(harbour["sales_rights"]["for_sale"]) == 247
    assert old["9780306406157"]["product_key"] == "9780306406157"  # from an ISBN-10 in both


FEED = (
    '<?xml version="1.0" encoding="{declared}"?>\n'
    '<ONIXMessage release="3.0" xmlns="http://ns.editeur.org/onix/3.0/reference">\n'
    "<Header><Sender><SenderName>Encodings Ltd</SenderName></Sender><SentDateTime>20261101</SentDateTime></Header>\n"
    "<Product><RecordReference>enc-1</RecordReference><NotificationType>03</NotificationType>"
    "<ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>9781234567897</IDValue></ProductIdentifier>"
    "<DescriptiveDetail><ProductComposition>00</ProductComposition><ProductForm>AJ</ProductForm>"
    "<TitleDetail><TitleType>01</TitleType><TitleElement><TitleElementLevel>01</TitleElementLevel>"
    "<TitleText>{title}</TitleText></TitleElement></TitleDetail></DescriptiveDetail></Product>\n"
    "</ONIXMessage>\n"
)
LATIN = "Ærø café à la carte"
WINDOWS = "Ærø café “quoted” – dash"


@pytest.mark.parametrize(
    ("name", "declared", "codec", "prefix", "title", "q01"),
    [
        ("utf8", "UTF-8", "utf-8", b"", WINDOWS, False),
        ("utf8-bom", "UTF-8", "utf-8", codecs.BOM_UTF8, WINDOWS, False),
        ("utf16-le", "UTF-16", "utf-16-le", codecs.BOM_UTF16_LE, WINDOWS, False),
        ("utf16-be", "UTF-16", "utf-16-be", codecs.BOM_UTF16_BE, WINDOWS, False),
        ("latin1", "ISO-8859-1", "latin-1", b"", LATIN, False),
        ("cp1252", "windows-1252", "cp1252", b"", WINDOWS, False),
        ("cp1252-as-utf8", "UTF-8", "cp1252", b"", WINDOWS, True),
        ("cp1252-as-latin1", "ISO-8859-1", "cp1252", b"", WINDOWS, True),
    ],
)
def test_encodings(name: str, declared: str, codec: str, prefix: bytes, title: str, q01: bool, tmp_path: Path) -> None:
    cfg = make_settings(tmp_path)
    db = Database(cfg.db)
    path = tmp_path / f"{name}.xml"
    path.write_bytes(prefix + FEED.format(declared=declared, title=title).encode(codec))
    result = ingest_file(db, path, ADMIN, config=cfg)
    assert result.status == "succeeded", result.error
    assert db.read("catalog/latest_conversion", gtin="9781234567897").to_dicts()[0]["ccf"]["title"] == title
    findings = [f["rule_id"] for f in runs.file_findings(db, result.run_id or 0).to_dicts() if f["field"] == "encoding"]
    assert findings == (["Q01"] if q01 else [])
    db.close()


def test_a_file_without_an_xml_declaration_is_read_as_utf8(db: Database, cfg: Settings, tmp_path: Path) -> None:
    path = tmp_path / "nodecl.xml"
    path.write_bytes(FEED.format(declared="x", title=WINDOWS).split("\n", 1)[1].encode("utf-8"))
    result = ingest_file(db, path, ADMIN, config=cfg)
    assert result.status == "succeeded"
    assert runs.get(db, result.run_id or 0)["encoding"] == "UTF-8 (no declaration)"


def test_the_run_records_how_the_file_was_read(db: Database, cfg: Settings, tmp_path: Path) -> None:
    path = tmp_path / "utf16.xml"
    path.write_bytes(codecs.BOM_UTF16_BE + FEED.format(declared="UTF-16", title=LATIN).encode("utf-16-be"))
    run = runs.get(db, ingest_file(db, path, ADMIN, config=cfg).run_id or 0)
    assert (run["format"], run["onix_release"], run["tag_style"]) == ("onix-3.0-reference", "3.0", "reference")
    assert run["namespace"] == "http://ns.editeur.org/onix/3.0/reference"
    assert run["encoding"].startswith("UTF-16-BE") and run["sender_name"] == "Encodings Ltd"


# -- block updates, deletes, test records -------------------------------------------------------------

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<ONIXMessage release="3.0" xmlns="http://ns.editeur.org/onix/3.0/reference">\n'
    "<Header><Sender><SenderName>Blocks Ltd</SenderName></Sender><SentDateTime>20261101</SentDateTime></Header>\n"
)
IDS = "<ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>{isbn}</IDValue></ProductIdentifier>"
DESCRIPTIVE = (
    "<DescriptiveDetail><ProductComposition>00</ProductComposition><ProductForm>AJ</ProductForm>"
    "<TitleDetail><TitleType>01</TitleType><TitleElement><TitleElementLevel>01</TitleElementLevel>"
    "<TitleText>{title}</TitleText></TitleElement></TitleDetail></DescriptiveDetail>"
)
COLLATERAL = (
    "<CollateralDetail><TextContent><TextType>03</TextType><ContentAudience>00</ContentAudience>"
    "<Text>{text}</Text></TextContent></CollateralDetail>"
)
PUBLISHING = (
    "<PublishingDetail><Publisher><PublishingRole>01</PublishingRole><PublisherName>Blocks Ltd</PublisherName>"
    "</Publisher><SalesRights><SalesRightsType>01</SalesRightsType><Territory><CountriesIncluded>GB IE</CountriesIncluded>"
    "</Territory></SalesRights></PublishingDetail>"
)
SUPPLY = (
    "<ProductSupply><Market><Territory><CountriesIncluded>GB</CountriesIncluded></Territory></Market><SupplyDetail>"
    "<Supplier><SupplierRole>01</SupplierRole><SupplierName>S</SupplierName></Supplier><ProductAvailability>20"
    "</ProductAvailability><Price><PriceType>02</PriceType><PriceAmount>{price}</PriceAmount><CurrencyCode>GBP"
    "</CurrencyCode></Price></SupplyDetail></ProductSupply>"
)


def product(isbn: str, notification: str, *blocks: str) -> str:
    return (
        f"<Product><RecordReference>b-{isbn}</RecordReference><NotificationType>{notification}</NotificationType>"
        + IDS.format(isbn=isbn) + "".join(blocks) + "</Product>\n"
    )


def feed(tmp: Path, name: str, *products: str) -> Path:
    path = tmp / name
    path.write_text(HEAD + "".join(products) + "</ONIXMessage>\n", encoding="utf-8")
    return path


def latest(db: Database, gtin: str) -> dict[str, Any]:
    rows: list[dict[str, Any]] = db.read("catalog/latest_conversion", gtin=gtin).to_dicts()
    return rows[0]


FULL = product(
    "9781234567897", "03", DESCRIPTIVE.format(title="Base Title"), COLLATERAL.format(text="Base description."),
    PUBLISHING, SUPPLY.format(price="10.00"),
)


def test_a_block_update_replaces_only_its_blocks(db: Database, cfg: Settings, tmp_path: Path) -> None:
    first = ingest_file(db, feed(tmp_path, "full.xml", FULL), ADMIN, config=cfg)
    held = decisions.approve(db, ADMIN, decisions.pending_ids(db, first.run_id))
    # The minimal record lacks what an audiobook needs (contributors, duration): waive that to approve it.
    for rule_id in {r for rules in held.blocked.values() for r in rules}:
        waivers.create(db, ADMIN, rule_id=rule_id, product_key="9781234567897", reason="a minimal test record")
    assert decisions.approve(db, ADMIN, list(held.blocked)).applied == list(held.blocked)
    base = latest(db, "9781234567897")["ccf"]

    prices = ingest_file(db, feed(tmp_path, "prices.xml", product("9781234567897", "04", SUPPLY.format(price="12.50"))), ADMIN, config=cfg)
    assert (prices.status, prices.conversions["changed"]) == ("succeeded", 1)
    after = latest(db, "9781234567897")
    assert after["kind"] == "changed" and after["base_version"] == 1
    changed = {k for k in base if base[k] != after["ccf"][k] and k != "provenance"}
    assert changed == {"prices"} and after["ccf"]["prices"][0]["amount"] == "12.50"
    assert after["ccf"]["notification"] == "confirmed"  # the merged record is a full record again

    # A second update empties Block 2: the description goes, the price of the first update stays.
    cleared = ingest_file(db, feed(tmp_path, "clear.xml", product("9781234567897", "04", "<CollateralDetail/>")), ADMIN, config=cfg)
    assert cleared.status == "succeeded"
    now = latest(db, "9781234567897")["ccf"]
    assert now["description"] is None and now["prices"][0]["amount"] == "12.50" and now["title"] == "Base Title"
    with db.cursor() as cur:
        kept = cur.execute(
            "SELECT notification, merged FROM source_records WHERE run_id = $r", {"r": cleared.run_id}
        ).fetchall()
    assert kept == [("block_update", True)]


def test_a_block_update_merges_onto_a_full_record_earlier_in_the_same_file(db: Database, cfg: Settings, tmp_path: Path) -> None:
    update = product("9781234567897", "04", DESCRIPTIVE.format(title="Retitled"))
    result = ingest_file(db, feed(tmp_path, "both.xml", FULL, update), ADMIN, config=cfg)
    assert (result.status, result.converted, result.conversions["new"]) == ("succeeded", 2, 1)
    record = latest(db, "9781234567897")["ccf"]
    assert (record["title"], record["description"]) == ("Retitled", "Base description.")


def test_successive_block_updates_in_one_file_accumulate_across_merge_chunks(
    db: Database, cfg: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One record per merge chunk: the full record, then each update, is merged in a chunk of its own, so
    # every base comes from an earlier chunk (the other product's update sits between them).
    monkeypatch.setattr(blocks, "UPDATES_PER_CHUNK", 1)
    other = product("9780306406157", "03", DESCRIPTIVE.format(title="Other"), SUPPLY.format(price="5.00"))
    updates = [
        product("9781234567897", "04", SUPPLY.format(price="12.50")),
        product("9780306406157", "04", SUPPLY.format(price="6.00")),
        product("9781234567897", "04", "<CollateralDetail/>"),
        product("9781234567897", "04", DESCRIPTIVE.format(title="Retitled")),
    ]
    result = ingest_file(db, feed(tmp_path, "many.xml", FULL, other, *updates), ADMIN, config=cfg)
    assert (result.status, result.converted, result.rejected) == ("succeeded", 6, 0), result.error
    record = latest(db, "9781234567897")["ccf"]
    assert (record["title"], record["description"], record["prices"][0]["amount"]) == ("Retitled", None, "12.50")
    assert latest(db, "9780306406157")["ccf"]["prices"][0]["amount"] == "6.00"


def test_successive_block_updates_of_a_stored_product_in_one_file_accumulate(
    db: Database, cfg: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both products' full records are stored by an earlier delivery. One of them is updated twice in the
    # next file (merged in this process, the second update onto the first's merge), the other once (its
    # stored record goes with the update to a worker, which merges them); one update per merge chunk.
    monkeypatch.setattr(blocks, "UPDATES_PER_CHUNK", 1)
    other = product("9780306406157", "03", DESCRIPTIVE.format(title="Other"), SUPPLY.format(price="5.00"))
    first = ingest_file(db, feed(tmp_path, "full.xml", FULL, other), ADMIN, config=cfg)
    assert first.status == "succeeded", first.error
    updates = [
        product("9781234567897", "04", SUPPLY.format(price="12.50")),
        product("9780306406157", "04", SUPPLY.format(price="6.00")),
        product("9781234567897", "04", DESCRIPTIVE.format(title="Retitled")),
    ]
    result = ingest_file(db, feed(tmp_path, "updates.xml", *updates), ADMIN, config=cfg)
    assert (result.status, result.converted, result.rejected) == ("succeeded", 3, 0), result.error
    record = latest(db, "9781234567897")["ccf"]
    assert (record["title"], record["description"], record["prices"][0]["amount"]) == (
        "Retitled",
        "Base description.",
        "12.50",
    )
    record = latest(db, "9780306406157")["ccf"]
    assert (record["title"], record["prices"][0]["amount"]) == ("Other", "6.00")


def test_a_block_update_without_a_full_record_is_an_error_naming_q07(db: Database, cfg: Settings, tmp_path: Path) -> None:
    orphan = product("9780306406157", "04", SUPPLY.format(price="9.99"))
    result = ingest_file(db, feed(tmp_path, "orphan.xml", FULL, orphan), ADMIN, config=cfg)
    assert (result.status, result.converted, result.rejected) == ("partial", 1, 1)
    [error] = runs.errors(db, result.run_id or 0).to_dicts()
    assert (error["rule_id"], error["product_key"]) == ("Q07", "9780306406157")
    assert "no full record" in error["message"] and "<NotificationType>04" in error["raw_xml"]


def test_a_block_update_whose_stored_record_lost_its_xml_is_an_error_naming_q07(
    db: Database, cfg: Settings, tmp_path: Path
) -> None:
    # The stored record is known, but its run's source folder was removed: nothing to merge onto.
    first = ingest_file(db, feed(tmp_path, "full.xml", FULL), ADMIN, config=cfg)
    shutil.rmtree(sources.run_folder(cfg.data_dir, first.run_id or 0))
    update = product("9781234567897", "04", SUPPLY.format(price="12.50"))
    result = ingest_file(db, feed(tmp_path, "update.xml", update), ADMIN, config=cfg)
    assert (result.status, result.converted, result.rejected) == ("partial", 0, 1)
    [error] = runs.errors(db, result.run_id or 0).to_dicts()
    assert (error["rule_id"], error["product_key"]) == ("Q07", "9781234567897")
    assert "source folder is missing" in error["message"]


def test_deletes_and_test_records(db: Database, cfg: Settings, tmp_path: Path) -> None:
    first = ingest_file(db, feed(tmp_path, "full.xml", FULL), ADMIN, config=cfg)
    decisions.approve(db, ADMIN, decisions.pending_ids(db, first.run_id))
    test_record = product("9780306406157", "89", DESCRIPTIVE.format(title="Test record"))
    unknown_delete = product("9780000000017", "05")
    result = ingest_file(
        db, feed(tmp_path, "deletes.xml", product("9781234567897", "05"), test_record, unknown_delete), ADMIN, config=cfg
    )
    assert result.conversions == {"new": 0, "changed": 0, "unchanged": 0, "deleted": 1}
    assert result.skipped == 2  # the test record is never applied; the delete of an unknown product does nothing
    assert latest(db, "9781234567897")["kind"] == "deleted"
    with db.cursor() as cur:
        keys = {r[0] for r in cur.execute("SELECT product_key FROM conversions").fetchall()}
    assert "9780306406157" not in keys and "9780000000017" not in keys


def test_the_short_tag_map_comes_from_the_schemas() -> None:
    for release, expected in (("2.1", 400), ("3.0", 500), ("3.1", 500)):
        assert len(short_to_reference(release)) > expected
    pairs = short_to_reference("3.0")
    # Pairs named in onix.md section 1.1, checked against the generated map.
    for short, reference in (("a001", "RecordReference"), ("b012", "ProductForm"), ("x298", "SenderName"),
                             ("j151", "PriceAmount"), ("x544", "AVDuration"), ("product", "Product")):
        assert pairs[short] == reference
    assert short_to_reference("2.1")["b004"] == "ISBN" and short_to_reference("2.1")["m174"] == "FromCompany"
