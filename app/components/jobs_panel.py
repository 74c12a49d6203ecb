"""Background jobs as people follow them: live progress while they run, the outcome when they end.

The panel is a fragment. It polls the job runner every second only while a job is running; when a job
it saw running has finished, it reruns the whole page once, so tables and counts show what the job
wrote and the polling stops. Worker threads never call Streamlit: the runner keeps the progress and the
panel reads snapshots of it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import streamlit as st

from app import nav
from app.components import badges
from app.components.format import elapsed, escape_md, number, plural, progress_text
from core.jobs import Job, JobRunner

IDLE_POLL_SECONDS = 3.0
POLL_SECONDS = 1.0
RECENT_SECONDS = 30 * 60
"""Finished jobs stay in the panel this long; the runs table is the history."""


def jobs_panel(
    runner: JobRunner,
    *,
    key: str,
    kinds: tuple[str, ...] = ("ingest", "seed"),
    finished: int = 5,
    only: set[str] | None = None,
    max_age: float = RECENT_SECONDS,
) -> None:
    """Running jobs with progress, and the last `finished` jobs with their outcome and a link to the run.

    Finished jobs are shown for `max_age` seconds (the runs table keeps the history); with `only`, only
    those ids (e.g. the ones this session started). Running jobs are always shown, whoever started them.
    """
    polling = any(j.kind in kinds and not j.finished for j in runner.live())

    # Idle, the panel still looks now and then: a file dropped into the inbox starts a job nobody clicked.
    @st.fragment(run_every=POLL_SECONDS if polling else IDLE_POLL_SECONDS, key=key)
    def panel() -> None:
        dismissed: set[str] = st.session_state.setdefault(f"{key}_dismissed", set())
        jobs = [j for j in runner.live() if j.kind in kinds]
        running = [j for j in jobs if not j.finished]
        since = datetime.now(UTC) - timedelta(seconds=max_age)
        done = [
            j
            for j in jobs
            if j.finished
            and j.job_id not in dismissed
            and (only is None or j.job_id in only)
            and (j.finished_at is None or j.finished_at >= since)
        ][:finished]
        _follow(key, {j.job_id for j in running})
        if not running and not done:
            return
        with st.container(border=True):
            head, action = st.columns([4, 1], vertical_alignment="center")
            head.markdown(f"**Jobs** · {len(running)} running" if running else "**Jobs** · recently finished")
            if done and action.button(
                "Dismiss finished", key=f"{key}_dismiss", icon=":material/clear_all:", type="tertiary"
            ):
                dismissed.update(j.job_id for j in done)
                st.rerun(scope="fragment")
            for job in running:
                _running(job)
            for job in done:
                _finished(job)

    panel()


def _follow(key: str, running: set[str]) -> None:
    """Rerun the page once when a job this session saw running has ended (its writes become visible)."""
    seen_key = f"{key}_running"
    seen: set[str] = st.session_state.get(seen_key, set())
    st.session_state[seen_key] = running
    if seen - running:
        st.rerun(scope="app")


def _running(job: Job) -> None:
    st.markdown(
        f"{badges.badge_md(job.status)} **{escape_md(job.title)}** · started by {escape_md(job.actor)}"
    )
    text = (
        progress_text(job.done, job.total, job.unit, job.message) if job.done or job.message else "Reading…"
    )
    if job.started_at is not None:
        text += f" · {elapsed((datetime.now(UTC) - job.started_at).total_seconds())}"
    st.progress(job.fraction or 0.0, text=text)


def _finished(job: Job) -> None:
    result: dict[str, Any] = job.result or {}
    status = str(result.get("status") or job.status)
    took = (
        elapsed((job.finished_at - job.started_at).total_seconds())
        if job.finished_at and job.started_at
        else ""
    )
    text, link = st.columns([4, 1], vertical_alignment="center")
    heading = f"{badges.badge_md(status)} **{escape_md(job.title)}**" + (f" · {took}" if took else "")
    text.markdown(heading)
    text.caption(escape_md(outcome(job)))
    run_id = result.get("run_id")
    if run_id is not None:
        with link:
            nav.run_link(int(run_id))


def outcome(job: Job) -> str:
    """What a finished job did, in one sentence."""
    if job.status == "failed":
        return (job.error or "failed without a message").splitlines()[0]
    result = job.result or {}
    if job.kind != "ingest":
        return str(result.get("message") or "Done.")
    status = result.get("status")
    if status in ("failed", "duplicate"):
        where = ""
        if result.get("error_line"):
            where = f" (line {result['error_line']}, column {result.get('error_column')})"
        return f"{result.get('error') or 'failed'}{where}"
    conv = result.get("conversions") or {}
    products = plural(int(result.get("products") or 0), "product")
    parts = [f"{products} read, {number(result.get('converted'))} converted"]
    if result.get("rejected"):
        parts.append(f"{number(result['rejected'])} rejected")
    parts.append(
        f"{number(conv.get('new'))} new, {number(conv.get('changed'))} changed, "
        f"{number(conv.get('unchanged'))} unchanged, {number(conv.get('deleted'))} deleted"
    )
    return "; ".join(parts)
