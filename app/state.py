"""Every Streamlit cache of the console lives here, and nothing else touches `st.cache_*`.

`services()` is the process's one database, job runner and inbox watcher (cache_resource: one per server
process, never in session_state). Reads that pages repeat go through `cache_data` functions keyed by the
database's data version, so any committed write makes them fresh.
"""

from __future__ import annotations

import atexit
from dataclasses import dataclass
from typing import Any

import polars as pl
import streamlit as st

from core import catalog, coverage, overview, quality, runs, views
from core.auth import SEED, Actor
from core.ccf.model import CCFRecord
from core.checks import findings, waivers
from core.config import Settings, settings
from core.db import Database, claim, release
from core.exports import profiles as partner_profiles
from core.exports import run as exporting
from core.inbox import InboxWatcher
from core.ingest.run import recover
from core.jobs import JobRunner
from core.review import diff, queue
from core.review import records as review_records
from core.seed import is_empty, seed_if_empty


@dataclass
class Services:
    cfg: Settings
    db: Database
    runner: JobRunner
    watcher: InboxWatcher
    seed_job: str | None


def _start(cfg: Settings) -> Services:
    db = Database(cfg.db, memory_limit=cfg.duckdb_memory_limit, threads=cfg.duckdb_threads)
    claim(cfg.db, cfg.console_url, cfg.inbox_dir)
    atexit.register(release, cfg.db)
    recover(db, cfg)
    runner = JobRunner(db)
    seed_job = None
    if cfg.seed_on_start and is_empty(db):
        seed_job = runner.submit(
            "seed",
            "First start: ingest and approve the sample feeds",
            SEED.name,
            lambda ctx: seed_if_empty(db, cfg, progress=ctx.progress),
        )
    watcher = InboxWatcher(runner, db, cfg, Actor(cfg.operator, cfg.operator_role))
    watcher.start()
    svc = Services(cfg, db, runner, watcher, seed_job)
    _running.append(svc)
    return svc


_running: list[Services] = []


def started() -> list[Services]:
    """The services this process has started, without starting any (for shutdown and for tests)."""
    return list(_running)


def stop_all() -> None:
    """Stop the inbox watcher, let running jobs end, close the database (tests; a clean shutdown)."""
    while _running:
        svc = _running.pop()
        svc.watcher.stop()
        svc.runner.shutdown()
        svc.db.close()
        release(svc.cfg.db)


@st.cache_resource(show_spinner="Opening the database…")
def services() -> Services:
    return _start(settings())


def data_version() -> int:
    return services().db.data_version


@st.cache_data(ttl=60, max_entries=64, show_spinner=False)
def recent_runs(version: int, limit: int = 200) -> pl.DataFrame:
    return runs.recent(services().db, limit)


@st.cache_data(ttl=60, max_entries=256, show_spinner=False)
def search(version: int, text: str | None, status: str | None, limit: int, offset: int) -> pl.DataFrame:
    return catalog.search(services().db, text, status=status, limit=limit, offset=offset)


@st.cache_data(ttl=60, max_entries=64, show_spinner=False)
def counts(version: int) -> dict[str, Any]:
    return catalog.counts(services().db)


# -- one run ---------------------------------------------------------------------------------------


@st.cache_data(ttl=300, max_entries=64, show_spinner=False)
def run(version: int, run_id: int) -> dict[str, Any]:
    return runs.get(services().db, run_id)


@st.cache_data(ttl=300, max_entries=32, show_spinner=False)
def run_errors(version: int, run_id: int) -> pl.DataFrame:
    return runs.errors(services().db, run_id)


@st.cache_data(ttl=300, max_entries=32, show_spinner=False)
def run_notes(version: int, run_id: int, limit: int) -> pl.DataFrame:
    return runs.notes(services().db, run_id, limit)


@st.cache_data(ttl=300, max_entries=32, show_spinner=False)
def run_note_summary(version: int, run_id: int) -> pl.DataFrame:
    return runs.note_summary(services().db, run_id)


@st.cache_data(ttl=300, max_entries=32, show_spinner=False)
def run_file_findings(version: int, run_id: int) -> pl.DataFrame:
    return runs.file_findings(services().db, run_id)


@st.cache_data(ttl=300, max_entries=32, show_spinner=False)
def run_conversions(version: int, run_id: int) -> pl.DataFrame:
    return runs.conversions(services().db, run_id)


# -- one product -----------------------------------------------------------------------------------


@st.cache_data(ttl=300, max_entries=128, show_spinner=False)
def product(version: int, gtin: str) -> dict[str, Any]:
    return catalog.record(services().db, gtin)


@st.cache_data(ttl=300, max_entries=128, show_spinner=False)
def product_history(version: int, gtin: str) -> pl.DataFrame:
    return catalog.history(services().db, gtin)


@st.cache_data(ttl=300, max_entries=128, show_spinner=False)
def product_deliveries(version: int, gtin: str) -> pl.DataFrame:
    return catalog.deliveries(services().db, gtin)


@st.cache_data(ttl=300, max_entries=128, show_spinner=False)
def product_notes(version: int, gtin: str, run_id: int) -> pl.DataFrame:
    return catalog.notes(services().db, gtin, run_id)


@st.cache_data(ttl=3600, max_entries=256, show_spinner=False)
def source_record(source_id: int) -> dict[str, Any]:
    """A delivered product's raw XML: written once, never changed, so not keyed by the data version."""
    return catalog.source(services().db, source_id)


@st.cache_data(ttl=300, max_entries=256, show_spinner=False)
def known_products(version: int, gtins: tuple[str, ...]) -> set[str]:
    return views.known_products(services().db, gtins)


# -- quality ---------------------------------------------------------------------------------------


@st.cache_data(ttl=60, max_entries=128, show_spinner=False)
def finding_counts(version: int, filters: findings.Filters) -> pl.DataFrame:
    return quality.counts(services().db, filters)


@st.cache_data(ttl=60, max_entries=128, show_spinner=False)
def finding_search(version: int, filters: findings.Filters, limit: int) -> pl.DataFrame:
    return findings.search(services().db, filters, limit=limit)


@st.cache_data(ttl=60, max_entries=16, show_spinner=False)
def finding_totals(version: int) -> dict[str, int]:
    return quality.totals(services().db)


@st.cache_data(ttl=60, max_entries=16, show_spinner=False)
def finding_publishers(version: int) -> list[str]:
    return quality.publishers(services().db)


@st.cache_data(ttl=60, max_entries=16, show_spinner=False)
def rule_counts(version: int) -> dict[str, dict[str, int]]:
    return findings.by_rule(services().db)


@st.cache_data(ttl=300, max_entries=128, show_spinner=False)
def finding(version: int, finding_id: int) -> dict[str, Any]:
    return quality.finding(services().db, finding_id)


@st.cache_data(ttl=300, max_entries=128, show_spinner=False)
def judged_record(version: int, finding_id: int) -> CCFRecord | None:
    """The version of the product a finding judged."""
    return quality.judged_record(services().db, quality.finding(services().db, finding_id))


@st.cache_data(ttl=300, max_entries=128, show_spinner=False)
def finding_delivery(version: int, finding_id: int) -> quality.Delivery | None:
    return quality.delivery(services().db, quality.finding(services().db, finding_id))


@st.cache_data(ttl=300, max_entries=64, show_spinner=False)
def finding_rejected_xml(version: int, finding_id: int) -> dict[str, Any] | None:
    return quality.rejected_xml(services().db, quality.finding(services().db, finding_id))


@st.cache_data(ttl=60, max_entries=16, show_spinner=False)
def waiver_list(version: int, include_ended: bool) -> pl.DataFrame:
    return waivers.listing(services().db, include_ended=include_ended)


# -- overview --------------------------------------------------------------------------------------


@st.cache_data(ttl=60, max_entries=16, show_spinner=False)
def overview_summary(version: int, days: int) -> dict[str, int]:
    return overview.summary(services().db, days)


@st.cache_data(ttl=60, max_entries=16, show_spinner=False)
def pending_by_run(version: int) -> pl.DataFrame:
    return overview.pending_by_run(services().db)


@st.cache_data(ttl=60, max_entries=16, show_spinner=False)
def problem_runs(version: int, days: int) -> pl.DataFrame:
    return overview.problem_runs(services().db, days)


@st.cache_data(ttl=60, max_entries=16, show_spinner=False)
def worst_rules(version: int, limit: int) -> pl.DataFrame:
    return overview.worst_rules(services().db, limit)


@st.cache_data(ttl=60, max_entries=16, show_spinner=False)
def worst_publishers(version: int, limit: int) -> pl.DataFrame:
    return overview.worst_publishers(services().db, limit)


@st.cache_data(ttl=60, max_entries=16, show_spinner=False)
def findings_trend(version: int, days: int) -> pl.DataFrame:
    return overview.trend(services().db, days)


# -- coverage --------------------------------------------------------------------------------------


@st.cache_data(ttl=300, max_entries=64, show_spinner="Counting the catalogue…")
def coverage_breakdown(version: int, filters: coverage.Filters) -> coverage.Coverage:
    return coverage.breakdown(services().db, filters)


# -- exports ---------------------------------------------------------------------------------------


def ensure_partners() -> int:
    """Seed the shipped partner profiles into a database that has none yet (as the command line does);
    a write, so not cached: one cheap count when the table is filled."""
    svc = services()
    return partner_profiles.seed_if_empty(svc.db, svc.cfg.partners_dir, SEED)


@st.cache_data(ttl=300, max_entries=16, show_spinner=False)
def partners(version: int) -> list[dict[str, Any]]:
    """Every partner's current profile (a PartnerProfile under `profile`) with its version, who and when."""
    return partner_profiles.listing(services().db)


@st.cache_data(ttl=300, max_entries=32, show_spinner=False)
def partner_versions(version: int, name: str) -> list[dict[str, Any]]:
    return partner_profiles.versions(services().db, name)


@st.cache_data(ttl=60, max_entries=32, show_spinner=False)
def export_history(version: int, partner: str | None, limit: int = 100) -> list[dict[str, Any]]:
    return exporting.history(services().db, partner, limit)


@st.cache_data(ttl=300, max_entries=64, show_spinner=False)
def export_detail(version: int, export_id: int) -> dict[str, Any]:
    return exporting.detail(services().db, export_id)


@st.cache_data(ttl=300, max_entries=32, show_spinner=False)
def export_items(version: int, export_id: int, limit: int) -> list[dict[str, Any]]:
    return exporting.items(services().db, export_id, limit)


@st.cache_data(ttl=300, max_entries=128, show_spinner=False)
def product_exports(version: int, gtin: str) -> list[dict[str, Any]]:
    """Where a product went: every export that carried it (the partner deliveries of the product page)."""
    return exporting.deliveries(services().db, gtin)


# -- review ----------------------------------------------------------------------------------------


@st.cache_data(ttl=60, max_entries=64, show_spinner=False)
def review_queue(version: int, where: queue.QueueFilter, limit: int) -> pl.DataFrame:
    return queue.listing(services().db, where, limit=limit)


@st.cache_data(ttl=60, max_entries=32, show_spinner=False)
def review_summary(version: int, run_id: int | None) -> dict[str, dict[str, int]]:
    return queue.summary(services().db, run_id)


@st.cache_data(ttl=60, max_entries=32, show_spinner="Working out what the decision would touch…")
def review_preview(version: int, where: queue.QueueFilter, sample: int = 10) -> queue.Preview:
    return queue.preview(services().db, where, sample=sample)


@st.cache_data(ttl=60, max_entries=16, show_spinner=False)
def review_publishers(version: int) -> list[str]:
    return review_records.publishers(services().db)


@st.cache_data(ttl=300, max_entries=128, show_spinner=False)
def review_conversion(version: int, conversion_id: int) -> dict[str, Any]:
    return queue.conversion(services().db, conversion_id)


@st.cache_data(ttl=300, max_entries=128, show_spinner=False)
def review_changes(version: int, conversion_id: int) -> list[diff.Change]:
    return diff.conversion_changes(services().db, conversion_id)


@st.cache_data(ttl=300, max_entries=64, show_spinner=False)
def review_records_of(version: int, conversion_id: int) -> review_records.Records:
    return review_records.records(services().db, conversion_id)
