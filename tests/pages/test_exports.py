"""The Exports screen, driven through AppTest on a database built by real ingests: the partners it lists, the
dry run's counts and tables, a profile edit, the history and a failed export's retry are compared with what
core.exports and plain SQL say, and every action is checked in the database, not only on the screen.

The export's confirmation dialog (its buttons are an AppTest blind spot) is covered by the browser test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from app.components.format import escape_md
from core.auth import Actor
from core.checks.catalogue import rules
from core.checksum import sha256_of
from core.errors import PermissionDenied
from core.exports import profiles
from core.exports import run as exporting
from tests.conftest import ADMIN
from tests.pages.conftest import CATALOG_PAGE, Console
from tests.pages.test_ingest import page_links, select_row, texts

EXPORTS_PAGE = "../pages/exports.py"


def table(at: AppTest, *columns: str) -> Any:
    return next(d.value for d in at.dataframe if set(columns) <= set(d.value.columns))


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click()
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def partner_rows(console: Console) -> dict[str, int]:
    """{partner: current version}, by plain SQL."""
    return {
        name: int(version)
        for name, version in console.sql("SELECT name, max(version) FROM partners GROUP BY name ORDER BY name")
    }


def test_the_partners_are_listed_from_the_database(console: Console) -> None:
    at = console.app(EXPORTS_PAGE)
    shipped = sorted(p.stem for p in console.cfg.partners_dir.glob("*.json"))
    expected = partner_rows(console)
    assert sorted(expected) == shipped  # an empty table was seeded from the shipped files, as the CLI does
    partners = table(at, "Partner", "Format", "Channel")
    assert dict(zip(partners["Partner"], partners["Version"], strict=True)) == expected
    titles = {n: p.title for n, (_, p) in profiles.current(console.services.db).items()}
    assert dict(zip(partners["Partner"], partners["Title"], strict=True)) == titles
    assert set(at.selectbox(key="exports_partner").options) >= {f"{n} · {t}" for n, t in titles.items()}
    assert "Choose a partner" in texts(at)

    # Picking a partner opens it and writes the address.
    at.selectbox(key="exports_partner").set_value("lumen-streaming").run()
    assert at.query_params["partner"] == "lumen-streaming"
    assert titles["lumen-streaming"] in [h.value for h in at.header]


@pytest.mark.parametrize("mode", ["profile", "full"])
def test_a_dry_run_shows_what_core_plans(console: Console, mode: str) -> None:
    partner = "openreel-subscription"
    at = console.app(EXPORTS_PAGE, partner=partner)
    db = console.services.db
    _, profile = profiles.get(db, partner)
    chosen = profile.mode if mode == "profile" else mode
    if mode != "profile":
        at.segmented_control(key=f"exports_mode_{partner}").set_value(chosen).run()
    assert "Run a dry run" in texts(at)
    at = click(at, "Dry run")
    plan = exporting.plan(db, partner, mode=chosen, sample=10_000)
    shown = metrics(at)
    c = plan.counts
    assert shown["Would go"] == f"{plan.products:,}" and plan.products > 0
    for label in ("Added", "Changed", "Unchanged", "Removed", "Blocked"):
        assert shown[label] == f"{c.get(label.lower(), 0):,}", label
    # The products table lists what would go, and the held-back table what core blocks, with the reason.
    products = table(at, "GTIN", "Change", "Action")
    assert set(products["GTIN"]) == {r["product_key"] for r in plan.sample[:500]}
    held = table(at, "GTIN", "Rules", "Why")
    assert dict(zip(held["GTIN"], held["Rules"], strict=True)) == {b["product_key"]: b["rules"] for b in plan.blocked}
    assert len(held) == c["blocked"] > 0
    # A product held back by findings names them, and links to them on the Quality screen.
    [(gtin, rule, finding_id, message)] = console.sql(
        "SELECT product_key, rule_id, finding_id, message FROM current_findings "
        "WHERE product_key = $k AND open AND NOT waived AND rule_id = $r ORDER BY finding_id LIMIT 1",
        k=next(b["product_key"] for b in plan.blocked if b["rules"] not in ("Q37", None)),
        r=next(b["rules"].split(", ")[0] for b in plan.blocked if b["rules"] not in ("Q37", None)),
    )
    row = list(held["GTIN"]).index(gtin)
    assert f"{rule} · {rules()[rule].title}: {message}" in held["Findings"][row]
    at = select_row(at, "exports_blocked_table", row)
    assert (f"{rule} finding {finding_id}", "quality", f"finding={finding_id}") in page_links(at)
    # Nothing was sent or recorded.
    assert console.sql("SELECT count(*) FROM exports") == [(0,)]


def test_an_admin_edit_makes_a_new_profile_version(console: Console) -> None:
    partner = "northwind-retail"
    at = console.app(EXPORTS_PAGE, partner=partner, tab="Profile")
    before = partner_rows(console)[partner]
    key = f"exports_profile_{partner}_{before}"
    at.selectbox(key=f"{key}_mode").set_value("full")
    at.multiselect(key=f"{key}_markets").select("SE")
    at.multiselect(key=f"{key}_never").select("Q28")
    at = click(at, "Save as a new version")
    # The form refuses a rule that is both always and never blocked (Q28 is always blocked): nothing saved.
    assert "cannot be both always and never blocked" in texts(at)
    assert partner_rows(console)[partner] == before

    at.multiselect(key=f"{key}_always").unselect("Q28")
    at = click(at, "Save as a new version")
    [(version, by, raw)] = console.sql(
        "SELECT version, created_by, CAST(profile AS VARCHAR) FROM partners WHERE name = $n ORDER BY version DESC "
        "LIMIT 1",
        n=partner,
    )
    saved = profiles.parse(raw)
    assert (version, by) == (before + 1, "tester")
    assert saved.mode == "full" and "SE" in saved.selection.markets and saved.blocking.rules == {"Q28": "allow"}
    assert f"as version {before + 1}" in texts(at)
    assert f"version {before + 1}" in texts(at)  # the page shows the new version

    # The JSON editor names an invalid field and saves nothing.
    json_key = f"exports_profile_{partner}_{before + 1}_json"
    at.text_area(key=json_key).set_value(at.text_area(key=json_key).value.replace('"SE"', '"XX"'))
    at = click(at, "Validate and save")
    assert escape_md("selection.markets: not ISO 3166-1 countries: ['XX']") in texts(at)
    assert partner_rows(console)[partner] == before + 1


def test_a_viewer_sees_no_edit_or_export_buttons_and_core_refuses_too(viewer_console: Console) -> None:
    partner = "lumen-streaming"
    at = viewer_console.app(EXPORTS_PAGE, partner=partner)
    labels = {b.label for b in at.button}
    assert "Dry run" in labels and "Export…" not in labels
    assert "role (viewer) can run a dry run but not export" in texts(at)
    at = viewer_console.app(EXPORTS_PAGE, partner=partner, tab="Profile")
    assert not at.text_area and "Save as a new version" not in {b.label for b in at.button}
    assert "only admins change partner profiles" in texts(at)
    viewer = Actor("tester", "viewer")
    svc = viewer_console.services
    with pytest.raises(PermissionDenied):
        exporting.export(svc.db, svc.cfg, viewer, partner)
    _, profile = profiles.get(svc.db, partner)
    with pytest.raises(PermissionDenied):
        profiles.save(svc.db, viewer, profile.model_copy(update={"mode": "delta"}))
    # Nor can a viewer retry or re-deliver an export.
    done = exporting.export(svc.db, svc.cfg, ADMIN, partner)
    at = viewer_console.app(EXPORTS_PAGE, export=str(done.export_id))
    assert not {"Retry (resume)", "Re-deliver now"} & {b.label for b in at.button}
    assert "cannot retry or re-deliver" in texts(at)


def test_the_history_shows_an_export_made_through_core_with_its_files_and_manifest(
    console: Console, tmp_path: Path
) -> None:
    partner = "lumen-streaming"
    at = console.app(EXPORTS_PAGE)  # starts the console's services
    svc = console.services
    result = exporting.export(svc.db, svc.cfg, ADMIN, partner)
    assert result.status == "delivered", result.error
    at = console.app(EXPORTS_PAGE, partner=partner, tab="History")
    history = table(at, "Export", "Status", "Files")
    [row] = history.to_dict("records")
    assert (row["Export"], list(row["Status"]), row["Files"]) == (result.export_id, ["delivered"], len(result.files))
    assert row["Products"] == result.products and row["Blocked"] == result.blocked

    at = select_row(at, "exports_history_table", 0)
    assert at.query_params["export"] == str(result.export_id)
    files = table(at, "File", "SHA-256", "Rows")
    recorded = console.sql(
        "SELECT key, bytes, rows, sha256 FROM export_files WHERE export_id = $e ORDER BY file_index",
        e=result.export_id,
    )
    assert [tuple(r) for r in files[["File", "Bytes", "Rows", "SHA-256"]].itertuples(index=False)] == recorded
    [manifest] = [j for j in at.json if '"files"' in j.value]
    assert all(sha in manifest.value for *_, sha in recorded)
    products = table(at, "GTIN", "Change", "Action", "File")
    [(carried,)] = console.sql("SELECT count(*) FROM export_items WHERE export_id = $e", e=result.export_id)
    assert len(products) == carried == result.products
    assert f"Delivered {result.products:,} products in 1 file" in texts(at)
    # Re-deliver is offered for a delivered export, retry is not; it sends the archived bytes as a job.
    labels = {b.label for b in at.button}
    assert "Re-deliver now" in labels and "Retry (resume)" not in labels
    copy = tmp_path / "second-copy"
    at.text_input(key="exports_redeliver_to").set_value(str(copy))
    at = click(at, "Re-deliver now")
    [job] = console.wait_for_jobs()
    assert job.result is not None and (job.result["status"], job.result["destination"]) == ("delivered", str(copy))
    assert {str(p.relative_to(copy)) for p in copy.rglob("*") if p.is_file()} == {
        *(key for key, *_ in recorded),
        str(Path(recorded[0][0]).parent / "manifest.json"),
    }
    assert all(sha256_of(copy / key) == sha for key, _, _, sha in recorded)
    # The export's page lists the re-delivery, as the ledger recorded it.
    at = console.app(EXPORTS_PAGE, export=str(result.export_id))
    [(destination, status)] = console.sql(
        "SELECT destination, status FROM export_redeliveries WHERE export_id = $e", e=result.export_id
    )
    assert status == "delivered" and str(copy) in destination
    again = table(at, "Destination", "Status")
    assert again["Destination"].to_list() == [destination]


def test_a_failed_export_shows_its_error_and_a_retry_resumes_it(console: Console, tmp_path: Path) -> None:
    partner = "northwind-retail"
    console.app(EXPORTS_PAGE)
    svc = console.services
    blocker = tmp_path / "partner-share"
    blocker.write_text("a file where the partner's folder should be\n", encoding="utf-8")
    failed = exporting.export(svc.db, svc.cfg, ADMIN, partner, to=str(blocker / "incoming"))
    assert failed.status == "failed" and failed.error

    at = console.app(EXPORTS_PAGE, partner=partner, tab="History")
    history = table(at, "Export", "Status", "Error")
    assert list(history["Status"][0]) == ["failed"] and history["Error"][0] == failed.error.splitlines()[0]
    at = console.app(EXPORTS_PAGE, export=str(failed.export_id))
    assert escape_md(failed.error) in "\n".join(e.value for e in at.error)
    assert "manifest.json is written last" in texts(at)

    # The folder is fixed; the retry runs as a job and delivers from the archive.
    blocker.unlink()
    at = click(at, "Retry (resume)")
    [job] = console.wait_for_jobs()
    assert job.status == "succeeded" and job.result is not None and job.result["status"] == "delivered"
    [(status, error, manifest)] = console.sql(
        "SELECT status, error, manifest IS NOT NULL FROM exports WHERE export_id = $e", e=failed.export_id
    )
    assert (status, error, manifest) == ("delivered", None, True)
    delivered = blocker / "incoming"
    assert all((delivered / key).is_file() for key in failed.files)
    assert (delivered / Path(failed.files[0]).parent / "manifest.json").is_file()
    at.run()
    assert "Delivered" in texts(at) and not at.error


def test_the_product_page_shows_where_the_product_went(console: Console) -> None:
    console.app(EXPORTS_PAGE)
    svc = console.services
    result = exporting.export(svc.db, svc.cfg, ADMIN, "northwind-retail")
    assert result.status == "delivered", result.error
    [(gtin, version, action)] = console.sql(
        "SELECT product_key, version, action FROM export_items WHERE export_id = $e ORDER BY product_key LIMIT 1",
        e=result.export_id,
    )
    at = console.app(CATALOG_PAGE, gtin=gtin)
    sent = table(at, "Partner", "Export", "Version sent")
    [row] = sent.to_dict("records")
    assert (row["Partner"], row["Export"], row["Version sent"], row["Mode"]) == (
        "northwind-retail",
        result.export_id,
        version,
        result.mode.capitalize(),
    )
    assert list(row["Action"]) == [action] and list(row["Status"]) == ["delivered"]
    assert (f"Export {result.export_id} · northwind-retail", "exports", f"export={result.export_id}") in page_links(at)

    # A product no export carried says so.
    [(other,)] = console.sql(
        "SELECT product_key FROM catalog WHERE product_key NOT IN (SELECT product_key FROM export_items) "
        "ORDER BY product_key LIMIT 1"
    )
    at = console.app(CATALOG_PAGE, gtin=other)
    assert "No export has carried this product yet" in texts(at)


def test_an_unknown_partner_or_export_says_so(console: Console) -> None:
    at = console.app(EXPORTS_PAGE, partner="nobody")
    assert "there is no partner nobody" in at.warning[0].value
    at = console.app(EXPORTS_PAGE, export="999")
    assert "no export 999" in at.warning[0].value
    at = console.app(EXPORTS_PAGE, export="abc")
    assert "is not an export number" in at.warning[0].value


def test_a_partner_without_exports_says_what_to_do_and_switching_partners_keeps_the_tab(console: Console) -> None:
    at = console.app(EXPORTS_PAGE, partner="openreel-subscription", tab="History")
    assert "No export to this partner yet. Run a dry run" in texts(at)
    svc = console.services
    done = exporting.export(svc.db, svc.cfg, ADMIN, "lumen-streaming")
    at.selectbox(key="exports_partner").set_value("lumen-streaming").run()
    assert not at.exception
    assert (at.query_params["partner"], at.query_params["tab"]) == ("lumen-streaming", "History")
    assert table(at, "Export", "Status")["Export"].tolist() == [done.export_id]
