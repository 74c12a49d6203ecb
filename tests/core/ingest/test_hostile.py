"""Hostile and broken input: entity bombs, external entities, size limits, malformed XML, bad products."""

from __future__ import annotations

import time
from pathlib import Path

from core import runs
from core.config import Settings
from core.db import Database
from core.ingest.run import ingest_file
from tests.conftest import ADMIN, make_settings

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
ROOT = '<ONIXMessage release="3.0" xmlns="http://ns.editeur.org/onix/3.0/reference">\n'
HEADER = "<Header><Sender><SenderName>Test Sender</SenderName></Sender><SentDateTime>20261101</SentDateTime></Header>\n"


def product(isbn: str, title: str = "A Title", extra: str = "") -> str:
    return (
        f"<Product><RecordReference>r-{isbn}</RecordReference><NotificationType>03</NotificationType>"
        f"<ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>{isbn}</IDValue></ProductIdentifier>"
        f"<DescriptiveDetail><ProductComposition>00</ProductComposition><ProductForm>AJ</ProductForm>"
        f"<TitleDetail><TitleType>01</TitleType><TitleElement><TitleElementLevel>01</TitleElementLevel>"
        f"<TitleText>{title}</TitleText></TitleElement></TitleDetail></DescriptiveDetail>{extra}</Product>\n"
    )


def feed(tmp: Path, name: str, body: str, doctype: str = "") -> Path:
    path = tmp / name
    path.write_text(HEAD + doctype + ROOT + HEADER + body + "</ONIXMessage>\n", encoding="utf-8")
    return path


def count(db: Database, table: str) -> int:
    with db.cursor() as cur:
        row = cur.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert row is not None
    return int(row[0])


BILLION_LAUGHS = (
    "<!DOCTYPE ONIXMessage [\n"
    + '<!ENTITY lol0 "lol">\n'
    + "".join(
        f'<!ENTITY lol{i} "{"&lol" + str(i - 1) + ";" * 1}' + f'{("&lol" + str(i - 1) + ";") * 9}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
)


def test_a_billion_laughs_file_is_refused_quickly_without_expanding(
    db: Database, cfg: Settings, tmp_path: Path
) -> None:
    path = feed(tmp_path, "laughs.xml", product("9781234567897", "Laugh &lol9; out"), BILLION_LAUGHS)
    started = time.monotonic()
    result = ingest_file(db, path, ADMIN, config=cfg)
    assert time.monotonic() - started < 30
    assert result.status == "failed" and "entity bomb" in (result.error or "")
    assert count(db, "conversions") == 0 and count(db, "source_records") == 0


def test_a_declared_entity_is_not_expanded_and_the_product_goes_on(
    db: Database, cfg: Settings, tmp_path: Path
) -> None:
    # An external DTD (never fetched) may define HTML entities, so an undeclared &eacute; is not an error.
    doctype = (
        '<!DOCTYPE ONIXMessage SYSTEM "http://www.editeur.org/onix.dtd" [<!ENTITY pub "Harbour House">]>\n'
    )
    path = feed(tmp_path, "entity.xml", product("9781234567897", "From &pub; with &eacute;lan"), doctype)
    result = ingest_file(db, path, ADMIN, config=cfg)
    assert result.status == "succeeded"
    title = db.read("catalog/latest_conversion", gtin="9781234567897").to_dicts()[0]["ccf"]["title"]
    # A declared entity is dropped (never expanded); a standard HTML entity is read as its character.
    assert title == "From with élan"
    notes = {(n["raw_value"], n["action"]) for n in runs.notes(db, result.run_id or 0).to_dicts()}
    assert {("&pub;", "dropped"), ("&eacute;", "repaired")} <= notes


def test_an_external_entity_is_never_read(db: Database, cfg: Settings, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    doctype = f'<!DOCTYPE ONIXMessage [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
    path = feed(tmp_path, "xxe.xml", product("9781234567897", "Leak &xxe; here"), doctype)
    result = ingest_file(db, path, ADMIN, config=cfg)
    assert result.status == "succeeded"
    with db.cursor() as cur:
        dumped = cur.execute("SELECT ccf::VARCHAR FROM conversions").fetchall()
    assert "TOP-SECRET" not in str(dumped)


def test_a_file_above_the_size_limit_is_refused(tmp_path: Path) -> None:
    cfg = make_settings(tmp_path, max_file_bytes=1000)
    database = Database(cfg.db)
    path = feed(tmp_path, "big.xml", "".join(product(f"978123456789{d}") for d in "7") * 5)
    result = ingest_file(database, path, ADMIN, config=cfg)
    assert result.status == "failed" and "above the limit" in (result.error or "")
    assert count(database, "conversions") == 0
    database.close()


def test_a_product_above_the_size_limit_is_rejected_and_the_others_go_on(tmp_path: Path) -> None:
    cfg = make_settings(tmp_path, max_product_bytes=2000)
    database = Database(cfg.db)
    big = product("9781234567880", "x" * 5000)
    path = feed(tmp_path, "one-big.xml", product("9781234567897") + big + product("9780306406157"))
    result = ingest_file(database, path, ADMIN, config=cfg)
    assert (result.status, result.products, result.converted, result.rejected) == ("partial", 3, 2, 1)
    errors = runs.errors(database, result.run_id or 0).to_dicts()
    assert len(errors) == 1 and "above the limit" in errors[0]["message"] and errors[0]["line"] == 5
    assert errors[0]["raw_xml"].startswith("<Product>")
    database.close()


def test_a_malformed_product_fails_the_whole_file_with_line_and_column(
    db: Database, cfg: Settings, tmp_path: Path
) -> None:
    broken = product("9781234567880").replace("</TitleText>", "</TitleTxt>")
    path = feed(tmp_path, "broken.xml", product("9781234567897") + broken + product("9780306406157"))
    result = ingest_file(db, path, ADMIN, config=cfg)
    assert result.status == "failed"
    assert result.error_line == 5 and result.error_column is not None and result.error_column > 1
    assert "TitleTxt" in (result.error or "") or "mismatch" in (result.error or "")
    assert count(db, "conversions") == 0 and count(db, "source_records") == 0
    run = runs.get(db, result.run_id or 0)
    assert (run["status"], run["error_line"]) == ("failed", 5)


def test_a_product_left_open_fails_the_file_at_its_line(db: Database, cfg: Settings, tmp_path: Path) -> None:
    unclosed = product("9781234567880").replace("</Product>", "")
    path = feed(tmp_path, "open.xml", product("9781234567897") + unclosed + product("9780306406157"))
    result = ingest_file(db, path, ADMIN, config=cfg)
    assert result.status == "failed" and result.error_line in (5, 6)
    assert "not well-formed" in (result.error or "")
    assert count(db, "conversions") == 0


def test_a_truncated_file_fails_and_applies_nothing(db: Database, cfg: Settings, tmp_path: Path) -> None:
    path = tmp_path / "truncated.xml"
    path.write_text(
        HEAD + ROOT + HEADER + product("9781234567897") + product("9780306406157")[:80], encoding="utf-8"
    )
    result = ingest_file(db, path, ADMIN, config=cfg)
    assert result.status == "failed" and "ends inside the product" in (result.error or "")
    assert count(db, "conversions") == 0


def test_a_missing_root_end_tag_fails(db: Database, cfg: Settings, tmp_path: Path) -> None:
    path = tmp_path / "noend.xml"
    path.write_text(HEAD + ROOT + HEADER + product("9781234567897"), encoding="utf-8")
    result = ingest_file(db, path, ADMIN, config=cfg)
    assert result.status == "failed" and result.error_line is not None
    assert count(db, "conversions") == 0


def test_an_unconvertible_product_is_an_error_with_its_xml_and_the_others_go_on(
    db: Database, cfg: Settings, tmp_path: Path
) -> None:
    no_isbn = product("9781234567880").replace(
        "<ProductIDType>15</ProductIDType>", "<ProductIDType>01</ProductIDType>"
    )
    path = feed(tmp_path, "mixed.xml", product("9781234567897") + no_isbn + product("9780306406157"))
    result = ingest_file(db, path, ADMIN, config=cfg)
    assert (result.status, result.converted, result.rejected) == ("partial", 2, 1)
    [error] = runs.errors(db, result.run_id or 0).to_dicts()
    assert (error["record_reference"], error["line"], error["rule_id"]) == ("r-9781234567880", 5, "Q08")
    assert "ProductIDType>01<" in error["raw_xml"]


def test_control_characters_are_removed_and_recorded_as_q01(
    db: Database, cfg: Settings, tmp_path: Path
) -> None:
    path = feed(
        tmp_path,
        "controls.xml",
        product("9781234567897", "Bad\x10Title") + product("9780306406157", "Fine &#x1B;too"),
    )
    result = ingest_file(db, path, ADMIN, config=cfg)
    assert result.status == "succeeded" and result.converted == 2
    findings = runs.file_findings(db, result.run_id or 0).to_dicts()
    assert [(f["rule_id"], f["line"]) for f in findings] == [("Q01", 4), ("Q01", 5)]
    title = db.read("catalog/latest_conversion", gtin="9781234567897").to_dicts()[0]["ccf"]["title"]
    assert title == "BadTitle"
