"""The Ingest screen, driven through AppTest on a database built by real ingests; every effect is checked
through core (runs, jobs, the inbox), not only on the screen."""

from __future__ import annotations

from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from app.components.format import escape_md
from core import catalog, inbox, runs
from core.auth import Actor
from core.errors import PermissionDenied
from core.ingest.service import submit_upload
from tests.conftest import CORPUS
from tests.pages.conftest import CATALOG_PAGE, INGEST_PAGE, SMALL_FEED, Console

NEW_FEEDS = [
    CORPUS / "immateriel__im_onix" / "audio1.xml",
    CORPUS / "elibri__elibri_onix" / "onix_audiobook_example.xml",
]


def texts(at: AppTest) -> str:
    """Everything the page wrote as Markdown, captions, alerts and headings, in one string."""
    parts: list[Any] = [
        *at.markdown,
        *at.caption,
        *at.info,
        *at.warning,
        *at.error,
        *at.success,
        *at.header,
        *at.title,
    ]
    return "\n".join(str(p.value) for p in parts)


def page_links(at: AppTest) -> list[tuple[str, str, str]]:
    """(label, page, query string) of every st.page_link on the screen."""
    return [(p.proto.label, p.proto.page, p.proto.query_string) for p in at.get("page_link")]


def select_row(at: AppTest, key: str, row: int) -> AppTest:
    at.session_state[key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    return at.run()


def upload(at: AppTest, files: list[tuple[str, bytes]], *, force: bool = False) -> AppTest:
    at.file_uploader[0].set_value([(name, data, "text/xml") for name, data in files])
    if force:
        at.checkbox[0].check()
    at.button[0].click()
    return at.run()


def test_each_uploaded_feed_becomes_a_job_whose_run_is_linked(console: Console) -> None:
    at = console.app(INGEST_PAGE)
    before = {r["run_id"] for r in runs.recent(console.services.db).to_dicts()}
    upload(at, [(p.name, p.read_bytes()) for p in NEW_FEEDS])
    jobs = console.wait_for_jobs()
    assert [j.status for j in jobs] == ["succeeded", "succeeded"], [j.error for j in jobs]
    at.run()
    new = [r for r in runs.recent(console.services.db).to_dicts() if r["run_id"] not in before]
    assert sorted(r["file"] for r in new) == sorted(p.name for p in NEW_FEEDS)
    assert {r["status"] for r in new} == {"succeeded"}
    assert {r["source"] for r in new} == {"upload"}
    # The finished jobs say what happened and link to their runs; the table lists the runs.
    links = {q for _, page, q in page_links(at) if page == "ingest"}
    assert {f"run={r['run_id']}" for r in new} <= links
    table = at.dataframe[0].value
    assert set(table["Run"].head(2)) == {r["run_id"] for r in new}
    assert "1 product read, 1 converted" in texts(at)


def test_identical_bytes_are_skipped_unless_force_is_ticked(console: Console) -> None:
    at = console.app(INGEST_PAGE)
    upload(at, [("again.xml", SMALL_FEED.read_bytes())])
    [job] = console.wait_for_jobs()
    assert job.result is not None and job.result["status"] == "duplicate"
    skipped = runs.get(console.services.db, job.result["run_id"])
    assert skipped["status"] == "duplicate" and skipped["conv_new"] == 0
    at.run()
    assert "already ingested" in texts(at)

    upload(at, [("again.xml", SMALL_FEED.read_bytes())], force=True)
    newest = console.wait_for_jobs()[0]
    assert newest.result is not None
    forced = runs.get(console.services.db, newest.result["run_id"])
    assert (forced["status"], forced["forced"], forced["products"]) == ("succeeded", True, 1)


def test_a_viewer_sees_why_there_is_no_uploader_and_core_refuses_too(viewer_console: Console) -> None:
    at = viewer_console.app(INGEST_PAGE)
    assert len(at.file_uploader) == 0
    assert "role **viewer**" in texts(at) and "cannot start ingests" in texts(at)
    svc = viewer_console.services
    with pytest.raises(PermissionDenied):
        submit_upload(
            svc.runner, svc.db, svc.cfg, "x.xml", SMALL_FEED.read_bytes(), Actor("tester", "viewer")
        )
    at = viewer_console.app(INGEST_PAGE, run=str(viewer_console.runs["small"]))
    assert not [b for b in at.button if b.key == "rerun"]
    assert "cannot re-run" in texts(at)


def test_selecting_a_run_opens_it_with_a_shareable_link(console: Console) -> None:
    at = console.app(INGEST_PAGE)
    run_id = console.runs["delivery1"]
    table = at.dataframe[0].value
    row = int(table.index[table["Run"] == run_id][0])
    select_row(at, "runs_table", row)
    assert at.query_params["run"] == str(run_id)
    run = runs.get(console.services.db, run_id)
    assert at.header[0].value == f"Run {run_id}: {run['file']}"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Products read"] == f"{run['products']:,}"
    assert metrics["New products"] == f"{run['conv_new']:,}"
    assert any(c.value.endswith(f"/ingest?run={run_id}") for c in at.code)
    assert any(c.value == run["sha256"] for c in at.code)
    # Back to the list: the parameter goes, the table comes back.
    at.button[0].click().run()
    assert "run" not in at.query_params and at.dataframe[0].value["Run"].tolist()


def test_a_failed_run_shows_its_reason_with_line_and_column(console: Console) -> None:
    run_id = console.runs["failed"]
    at = console.app(INGEST_PAGE, run=str(run_id))
    run = runs.get(console.services.db, run_id)
    assert run["status"] == "failed" and run["error_line"] == 6
    [error] = at.error
    assert f"line {run['error_line']}, column {run['error_column']}" in error.value
    assert "nothing of it was applied" in error.value
    assert "TitleTxt" in error.value or "mismatch" in error.value
    assert "no product of it was converted" in at.info[0].value


def test_a_partial_run_lists_each_product_error_with_its_raw_xml(console: Console) -> None:
    run_id = console.runs["partial"]
    at = console.app(INGEST_PAGE, run=str(run_id))
    errors = runs.errors(console.services.db, run_id).to_dicts()
    assert len(errors) == 1
    [e] = errors
    expanders = [x for x in at.expander if (e["record_reference"] or "") in x.label]
    assert len(expanders) == 1 and f"Line {e['line']}" in expanders[0].label
    assert any(c.value == e["raw_xml"] and c.language == "xml" for c in at.code)
    assert e["message"].split(":")[0] in texts(at)
    assert at.tabs[0].label == "Product errors (1)"


def test_a_run_shows_file_findings_notes_and_how_the_file_was_read(console: Console) -> None:
    run_id = console.runs["delivery1"]
    at = console.app(INGEST_PAGE, run=str(run_id))
    db = console.services.db
    run = runs.get(db, run_id)
    frames = {tuple(d.value.columns): d.value for d in at.dataframe}
    findings = next(f for cols, f in frames.items() if "Severity" in cols)
    assert findings["Rule"].tolist() == runs.file_findings(db, run_id)["rule_id"].to_list()
    summary = next(
        f for cols, f in frames.items() if cols[:3] == ("Rule", "Field", "Action") and "Notes" in cols
    )
    expected = runs.note_summary(db, run_id)
    assert summary["Rule"].tolist() == expected["rule_id"].to_list()
    assert summary["Notes"].tolist() == expected["notes"].to_list()
    page = texts(at)
    for value in (
        run["sender_name"],
        run["encoding"],
        f"ONIX {run['onix_release']}, {run['tag_style']} tags",
    ):
        assert value in page
    assert f"Conversion notes ({int(expected['notes'].sum())})" in [t.label for t in at.tabs]


def test_re_run_ingests_the_archived_file_again_with_force(console: Console) -> None:
    run_id = console.runs["small"]
    at = console.app(INGEST_PAGE, run=str(run_id))
    original = runs.get(console.services.db, run_id)
    at.button(key="rerun").click().run()
    [job] = console.wait_for_jobs()
    assert job.result is not None
    new_id = job.result["run_id"]
    assert new_id != run_id
    again = runs.get(console.services.db, new_id)
    assert (again["file"], again["sha256"], again["forced"], again["status"]) == (
        original["file"],
        original["sha256"],
        True,
        "succeeded",
    )
    at.run()
    assert ("Open run " + str(new_id), "ingest", f"run={new_id}") in page_links(at)


def test_a_selected_conversion_leads_to_its_product_in_the_catalogue(console: Console) -> None:
    run_id = console.runs["delivery2"]
    at = console.app(INGEST_PAGE, run=str(run_id))
    conversions = runs.conversions(console.services.db, run_id).to_dicts()
    key = f"run_{run_id}_conversions"
    select_row(at, key, 3)
    gtin = conversions[3]["product_key"]
    assert ("Open in the Catalogue", "catalog", f"gtin={gtin}") in page_links(at)
    at = console.app(CATALOG_PAGE, gtin=gtin)
    assert at.title[0].value == catalog.record(console.services.db, gtin)["ccf"].title


def test_the_inbox_shows_files_waiting_and_failed_ones_with_their_reason(console: Console) -> None:
    folder = console.cfg.inbox_dir
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "waiting.xml").write_bytes(SMALL_FEED.read_bytes())
    failed = folder / inbox.FAILED
    failed.mkdir()
    (failed / "bad.xml").write_text("<nope>", encoding="utf-8")
    reason = "run 9: the file is not ONIX (line 1, column 1)\n"
    (failed / "bad.xml.reason.txt").write_text(reason, encoding="utf-8")
    at = console.app(INGEST_PAGE)
    assert [p.name for p in inbox.candidates(folder)] == ["waiting.xml"]
    assert str(folder) in [c.value for c in at.code]
    waiting = next(d.value for d in at.dataframe if "Arrived" in d.value.columns)
    assert waiting["File"].tolist() == ["waiting.xml"]
    page = texts(at)
    assert f"**bad.xml**: {escape_md(reason.strip())}" in page


def test_an_unknown_run_says_so(console: Console) -> None:
    at = console.app(INGEST_PAGE, run="999")
    assert "there is no ingest run 999" in at.warning[0].value
    at = console.app(INGEST_PAGE, run="abc")
    assert "is not a run number" in at.warning[0].value


def test_an_empty_console_says_what_to_do(empty_console: Console) -> None:
    at = empty_console.app(INGEST_PAGE)
    assert runs.recent(empty_console.services.db).is_empty()
    [info] = [i for i in at.info if "No runs yet" in i.value]
    assert str(empty_console.cfg.inbox_dir) in info.value
    at = empty_console.app(CATALOG_PAGE)
    assert any("The catalogue is empty" in i.value for i in at.info)
