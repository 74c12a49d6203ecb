"""Ingest: bring publisher feeds in (upload or inbox folder), follow the jobs, and debug every run.

`?run=ID` opens one run directly, so a link to it can go into a ticket.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import streamlit as st

from app import nav, state
from app.auth import current_actor
from app.components import badges, run_view
from app.components.format import DASH, between, escape_md, feed_format, file_size, plural, when
from app.components.jobs_panel import POLL_SECONDS, jobs_panel
from core import inbox
from core.errors import ConsoleError, InvalidInput
from core.feeds.reader import READABLE_FORMATS
from core.ingest.service import submit_ingest, submit_upload

FEED_TYPES = ["xml", "onx", "onix"]
READABLE = "; ".join(feed_format(f) for f in sorted(READABLE_FORMATS))
RUNS_SHOWN = 200

svc = state.services()
actor = current_actor(svc.cfg)


def show_error(e: ConsoleError) -> None:
    st.error(f"**{escape_md(e.title)}**: {escape_md(e.detail)}", icon=":material/error:")


def mine() -> set[str]:
    """The jobs this browser session started (the run view shows only those once they have ended)."""
    jobs: set[str] = st.session_state.setdefault("ingest_my_jobs", set())
    return jobs


def selected_run() -> int | None:
    return nav.selected_id("run")


def close_run() -> None:
    st.query_params.pop("run", None)


# -- upload ----------------------------------------------------------------------------------------


def upload_form() -> None:
    st.subheader("Upload feeds")
    if not actor.can("ingest"):
        st.info(
            f"You are signed in as **{escape_md(actor.name)}** with the role **{actor.role}**, which can "
            "read everything here but cannot start ingests. Ask an admin for the reviewer role, or have a "
            "reviewer drop the files into the inbox folder.",
            icon=":material/lock:",
        )
        return
    with st.form("upload", clear_on_submit=True):
        files = st.file_uploader(
            "ONIX feed files",
            type=FEED_TYPES,
            accept_multiple_files=True,
            help=f"Each file becomes its own ingest job. Read: {READABLE}. Others are refused with a reason.",
        )
        force = st.checkbox(
            "Force re-ingest of identical bytes",
            help="A file whose exact bytes were ingested before is normally skipped. Tick to read it again.",
        )
        submitted = st.form_submit_button("Start ingest", type="primary", icon=":material/upload:")
    if submitted:
        if not files:
            st.warning("Choose one or more feed files first.")
            return
        started = 0
        for f in files:
            try:
                job_id = submit_upload(svc.runner, svc.db, svc.cfg, f.name, f.getvalue(), actor, force=force)
                mine().add(job_id)
                started += 1
            except ConsoleError as e:
                show_error(e)
        if started:
            st.toast(f"{plural(started, 'ingest')} started", icon=":material/upload:")


# -- inbox -----------------------------------------------------------------------------------------


def inbox_panel() -> None:
    folder = svc.cfg.inbox_dir
    st.subheader("Inbox folder")
    st.caption(
        f"Files dropped here are ingested automatically (checked every {svc.cfg.inbox_poll_seconds:g} s) "
        "as the console's operator; processed files move to the archive."
    )
    st.code(str(folder), language=None, wrap_lines=True)
    waiting = inbox.candidates(folder)
    failed = inbox.failed_files(folder)
    if waiting:
        st.markdown(f"**Waiting** ({len(waiting)})")
        st.dataframe(
            pl.DataFrame(
                {
                    "File": [p.name for p in waiting],
                    "Size": [file_size(p.stat().st_size) for p in waiting],
                    "Arrived": [when(datetime.fromtimestamp(p.stat().st_mtime, UTC)) for p in waiting],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        st.caption("No file is waiting in the inbox.")
    if failed:
        st.markdown(f"**Failed** ({len(failed)}): moved to `{escape_md(folder.name)}/{inbox.FAILED}/`")
        for path, reason in failed:
            st.markdown(
                f":red[:material/error:] **{escape_md(path.name)}**: "
                f"{escape_md(reason.strip() or 'no reason recorded')}"
            )


# -- runs ------------------------------------------------------------------------------------------


def runs_frame(runs: pl.DataFrame) -> pl.DataFrame:
    rows = runs.to_dicts()
    return pl.DataFrame(
        {
            "Run": [int(r["run_id"]) for r in rows],
            "Status": [badges.cell(r["status"]) for r in rows],
            "File": [r["file"] for r in rows],
            "Format": [feed_format(r["format"]) for r in rows],
            "Sender": [r["sender_name"] or DASH for r in rows],
            "Products": [r["products"] for r in rows],
            "Converted": [r["converted"] for r in rows],
            "Rejected": [r["rejected"] for r in rows],
            "New": [r["conv_new"] for r in rows],
            "Changed": [r["conv_changed"] for r in rows],
            "Unchanged": [r["conv_unchanged"] for r in rows],
            "Deleted": [r["conv_deleted"] for r in rows],
            "Started": [when(r["started_at"]) for r in rows],
            "Took": [
                between(r["started_at"], r["finished_at"]) if r["finished_at"] else "running" for r in rows
            ],
            "Error": [(r["error"] or "").splitlines()[0] if r["error"] else "" for r in rows],
        },
        schema_overrides={
            "Status": pl.List(pl.String),
            **{
                k: pl.Int64
                for k in ("Products", "Converted", "Rejected", "New", "Changed", "Unchanged", "Deleted")
            },
        },
    )


def runs_table() -> None:
    st.subheader("Runs")
    runs = state.recent_runs(state.data_version(), RUNS_SHOWN)
    if runs.is_empty():
        st.info(
            f"No runs yet: upload a feed above or drop it into {svc.cfg.inbox_dir}.", icon=":material/inbox:"
        )
        return
    frame = runs_frame(runs)
    st.caption(f"The latest {plural(len(frame), 'run')}, newest first. Select a row to open the run.")
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="runs_table",
        column_config={
            "Run": st.column_config.NumberColumn(format="%d", width="small"),
            "Status": badges.column("Status", runs["status"].to_list()),
            "Error": st.column_config.TextColumn(width="large"),
        },
    )
    if event is not None and event.selection.rows:
        st.query_params["run"] = str(frame["Run"][event.selection.rows[0]])
        st.rerun()


# -- one run ---------------------------------------------------------------------------------------


def rerun(run: dict[str, object]) -> None:
    """The Re-run button's callback: it runs before the page, so the jobs panel shows the new job at once."""
    archive = Path(str(run["archive_path"]))
    try:
        if not archive.is_file():
            raise InvalidInput(f"the archived copy {archive} is missing, so the file cannot be read again")
        job_id = submit_ingest(
            svc.runner,
            svc.db,
            svc.cfg,
            archive,
            actor,
            source="rerun",
            original_name=str(run["file"]),
            force=True,
        )
    except ConsoleError as e:
        st.session_state["rerun_error"] = e
        return
    mine().add(job_id)
    st.toast(f"Re-running {run['file']}: follow it in the jobs panel", icon=":material/replay:")


def run_page(run_id: int) -> None:
    st.button("All runs", icon=":material/arrow_back:", on_click=close_run, type="tertiary")
    run = nav.opened("run", run_id, lambda i: state.run(state.data_version(), i))
    if run is None:
        return
    # Keep the address bar in step with what is shown (a page link does not always write it): copyable.
    st.query_params["run"] = str(run_id)
    run_view.header(run)
    link, action = st.columns([3, 1], vertical_alignment="bottom")
    with link:
        st.caption("Link to this run (for tickets)")
        st.code(nav.share_url(nav.INGEST_PATH, run=run_id), language=None)
    with action:
        if actor.can("ingest"):
            st.button(
                "Re-run (force)",
                icon=":material/replay:",
                key="rerun",
                width="stretch",
                on_click=rerun,
                args=(run,),
                help="Ingest the archived copy of this file again, even though its bytes were seen before.",
                disabled=run["status"] == "running",
            )
        else:
            st.caption(f"Your role ({actor.role}) cannot re-run ingests.")
    failure = st.session_state.pop("rerun_error", None)
    if isinstance(failure, ConsoleError):
        show_error(failure)
    run_view.outcome(run)
    run_view.metrics(run)
    run_view.how_read(run)
    run_view.details(run)


# -- the screen ------------------------------------------------------------------------------------

st.title("Ingest")
st.caption(
    "Publisher ONIX feeds come in here, by upload or through the inbox folder, and each becomes a run: "
    "read, converted to CCF and compared with the catalogue. Open a run to see exactly what happened."
)

run_id = selected_run()
if run_id is None:
    upload_col, inbox_col = st.columns([3, 2], gap="large")
    with upload_col:
        upload_form()
    with inbox_col:
        inbox_panel()
jobs_panel(svc.runner, key="ingest_jobs", only=None if run_id is None else mine())


# While a job runs, the table follows it too (its run appears as running, then with its outcome).
@st.fragment(run_every=POLL_SECONDS if svc.runner.active() else None)
def runs_section() -> None:
    runs_table()
    counts = state.counts(state.data_version())
    st.caption(
        f"{plural(int(counts['runs']), 'run')} over {plural(int(counts['feeds']), 'distinct file')} · "
        f"{plural(int(counts['pending']), 'conversion')} pending review."
    )


if run_id is None:
    runs_section()
else:
    run_page(run_id)
