"""Exports: the partners and their profiles, a dry run of what an export would send now (and what it holds
back, and why), the export itself (a background job, after a confirmation), and every past export with its
files, manifest and products; a failed one can be resumed, a delivered one sent again.

`?partner=NAME` opens one partner (`&tab=Profile` or `&tab=History` another tab); `?export=ID` opens one
export, so the product page and tickets can link to it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import streamlit as st

from app import nav, state
from app.auth import current_actor
from app.components import dry_run_view, export_detail, export_jobs, export_view, profile_form
from app.components.format import code, escape_md, number, plural, when
from app.components.jobs_panel import jobs_panel
from core.errors import ConsoleError, InvalidInput
from core.exports import deliver, profiles
from core.exports import run as exporting
from core.exports.profiles import PartnerProfile

SAMPLE = 500  # products a dry run lists (its counts are always complete)
ITEMS = 1000  # products an export's page lists
TABS = ["Dry run and export", "Profile", "History"]
NONE = ""  # the partner selectbox's "no partner" choice
FLASH = "exports_flash"

svc = state.services()
actor = current_actor(svc.cfg)


def show_error(e: ConsoleError) -> None:
    st.error(f"**{escape_md(e.title)}**: {escape_md(e.detail)}", icon=":material/error:")


def flash(kind: str, text: str) -> None:
    st.session_state[FLASH] = (kind, text)


def show_flash() -> None:
    """The outcome of the last action (a save, a job started), once."""
    kind, text = st.session_state.pop(FLASH, (None, None))
    if kind == "success":
        st.success(text, icon=":material/check_circle:")
    elif kind == "info":
        st.info(text, icon=":material/info:")
    elif kind == "error":
        st.error(text, icon=":material/error:")


def destination_of(profile: PartnerProfile) -> str:
    """Where the profile's files land, as the delivery will name it (a folder resolved in the data folder)."""
    try:
        return deliver.destination_for(profile.destination.url, base=svc.cfg.data_dir).describe()
    except ConsoleError as e:
        return f"{profile.destination.url} ({e.detail})"


# -- which partner, which export: the address is the truth -----------------------------------------


def selected_export() -> int | None:
    return nav.selected_id("export")


def close_export(partner: str | None) -> None:
    st.query_params.pop("export", None)
    if partner:
        st.query_params["partner"] = partner


def choose_partner() -> None:
    chosen = st.session_state.get("exports_partner") or NONE
    if chosen:
        st.query_params["partner"] = chosen
    else:
        st.query_params.pop("partner", None)


def sync_partner(names: list[str]) -> str | None:
    """The partner the address names; the selectbox shows it whenever the address changed."""
    wanted = st.query_params.get("partner")
    if st.session_state.get("exports_partner_url") != wanted or "exports_partner" not in st.session_state:
        st.session_state["exports_partner_url"] = wanted
        st.session_state["exports_partner"] = wanted if wanted in names else NONE
    return wanted


# -- jobs ------------------------------------------------------------------------------------------


def busy(partner: str) -> bool:
    return export_jobs.busy(svc, partner)


def started(start: Callable[[], str], what: str) -> None:
    """Start a job (the buttons' callbacks: they run before the page, so the jobs panel shows it at once)."""
    try:
        start()
    except ConsoleError as e:
        flash("error", f"**{escape_md(e.title)}**: {escape_md(e.detail)}")
        return
    st.toast(f"{what}: started", icon=":material/outbox:")


def start_export(partner: str, mode: str) -> None:
    started(lambda: export_jobs.export(svc, actor, partner, mode), f"Export to {partner}")


def start_resume(export_id: int, partner: str) -> None:
    started(lambda: export_jobs.resume(svc, actor, export_id, partner), f"Resume of export {export_id}")


def start_redeliver(export_id: int, partner: str, key: str) -> None:
    to = str(st.session_state.get(key) or "").strip() or None
    started(lambda: export_jobs.redeliver(svc, actor, export_id, partner, to), f"Re-delivery of export {export_id}")


# -- the partners ----------------------------------------------------------------------------------


def partners_table(partners: list[dict[str, Any]], chosen: str | None) -> None:
    latest: dict[str, dict[str, Any]] = {}
    for row in state.export_history(state.data_version(), None, 500):
        latest.setdefault(str(row["partner"]), row)
    picked = export_view.partners_table(partners, latest, key=f"exports_partners_{chosen or NONE}")
    if picked is not None:
        st.query_params["partner"] = picked
        st.rerun()


def no_partners() -> None:
    st.info(
        "No partner profiles yet. A profile says what a partner receives (markets, forms, channel), in which "
        f"format and where. Put profile JSON files into {svc.cfg.partners_dir} (they are read when the table "
        "is empty), or add one with `python -m core partners set FILE`.",
        icon=":material/group_add:",
    )


# -- a dry run -------------------------------------------------------------------------------------


def do_dry_run(partner: str, mode: str) -> None:
    try:
        plan = exporting.plan(svc.db, partner, mode=mode, sample=SAMPLE)
        findings = exporting.blocking_findings(svc.db, plan.blocked)
    except ConsoleError as e:
        flash("error", f"**{escape_md(e.title)}**: {escape_md(e.detail)}")
        return
    latest = exporting.history(svc.db, partner, 1)
    st.session_state["exports_dry_run"] = {
        "partner": partner,
        "mode": mode,
        "after_export": int(latest[0]["export_id"]) if latest else None,
        "at": datetime.now(UTC),
        "plan": plan,
        "findings": findings,
    }


def last_delivered(partner: str) -> dict[str, Any] | None:
    rows = state.export_history(state.data_version(), partner)
    return next((r for r in rows if r["status"] == "delivered"), None)


@st.dialog("Export to a partner", width="medium")
def confirm_export(partner: str, mode: str) -> None:
    try:
        _, profile = profiles.get(svc.db, partner)
        plan = exporting.plan(svc.db, partner, mode=mode, sample=0)
    except ConsoleError as e:
        show_error(e)
        return
    c = plan.counts
    st.markdown(
        f"**{escape_md(profile.title)}** · {profile_form.FORMAT_LABELS.get(profile.format, profile.format)} · "
        f"{mode} · profile version {plan.profile_version}"
    )
    st.markdown(
        f"**{plural(plan.products, 'product')}** would go: {number(c.get('added', 0))} added, "
        f"{number(c.get('changed', 0))} changed, {number(c.get('unchanged', 0))} unchanged, "
        f"{number(c.get('removed', 0))} removed; {number(c.get('blocked', 0))} held back."
    )
    st.markdown(f"**Destination:** {code(destination_of(profile))}")
    if plan.products == 0:
        st.warning(
            "Nothing would go: the export would deliver only its manifest. Cancel, or run a full export.",
            icon=":material/warning:",
        )
    st.caption(
        "The export pins these catalogue versions in the delivery ledger, renders the files into its archive and "
        "delivers them, manifest.json last. It runs in the background; follow it in the jobs panel."
    )
    with st.container(horizontal=True, gap="small"):
        if st.button("Confirm export", type="primary", icon=":material/send:", key="exports_confirm"):
            start_export(partner, mode)
            st.rerun()
        if st.button("Cancel", key="exports_cancel"):
            st.rerun()


def latest_line(partner: str) -> int | None:
    """The partner's latest export in one line, with its link; returns its id."""
    rows = state.export_history(state.data_version(), partner, 1)
    if not rows:
        st.caption("No export to this partner yet.")
        return None
    export_view.latest_line(rows[0])
    return int(rows[0]["export_id"])


def dry_run_tab(partner: dict[str, Any]) -> None:
    name, profile = str(partner["name"]), partner["profile"]
    st.caption(
        "A dry run shows what an export would send now, without sending or recording anything: the counts, "
        "what would change at the partner since its last delivery, the products, and what is held back and why."
    )
    mode_key = f"exports_mode_{name}"
    if st.session_state.get(mode_key) not in export_view.MODES:
        st.session_state[mode_key] = profile.mode
    mode_col, buttons_col = st.columns([3, 2], vertical_alignment="bottom")
    mode = (
        mode_col.segmented_control(
            "Mode",
            list(export_view.MODES),
            format_func=lambda m: m.capitalize() + (" (the profile's)" if m == profile.mode else ""),
            key=mode_key,
            required=True,
            help=" ".join(export_view.MODES.values()),
        )
        or profile.mode
    )
    with buttons_col, st.container(horizontal=True, gap="small"):
        st.button(
            "Dry run", icon=":material/preview:", key="exports_dry_run_button", on_click=do_dry_run, args=(name, mode)
        )
        if actor.can("export"):
            running = busy(name)
            if st.button(
                "Export…",
                type="primary",
                icon=":material/send:",
                key="exports_export_button",
                disabled=running,
                help="An export to this partner is running." if running else "Shows the counts and asks first.",
            ):
                confirm_export(name, mode)
    st.caption(export_view.MODES[mode] + ".")
    if not actor.can("export"):
        st.caption(f"Your role ({actor.role}) can run a dry run but not export; reviewers and admins can export.")
    latest = latest_line(name)
    dry = st.session_state.get("exports_dry_run")
    if dry and dry["partner"] == name and dry["mode"] == mode and dry["after_export"] == latest:
        dry_run_view.show(dry, last_delivered(name))
    elif dry and dry["partner"] == name and dry["after_export"] != latest:
        st.info(
            f"Export {latest} ran after the last dry run, so that dry run is out of date. Run a new one to see what "
            "the next export would send.",
            icon=":material/update:",
        )
    else:
        st.info(
            "Run a dry run to see what an export would send now. Nothing is sent or recorded.",
            icon=":material/preview:",
        )


# -- the profile -----------------------------------------------------------------------------------


def save_profile(candidate: PartnerProfile, version: int) -> None:
    try:
        saved = profiles.save(svc.db, actor, candidate)
    except ConsoleError as e:
        flash("error", f"**{escape_md(e.title)}**: {escape_md(e.detail)}")
        st.rerun()
    if saved == version:
        flash("info", f"No change: the profile is the same as version {version}, so no new version was made.")
    else:
        flash(
            "success",
            f"Saved {escape_md(candidate.name)} as version {saved}. The next export uses it; past exports keep "
            "the version they used.",
        )
    st.rerun()


def profile_tab(partner: dict[str, Any]) -> None:
    name, version, profile = str(partner["name"]), int(partner["version"]), partner["profile"]
    st.markdown(
        f"**{escape_md(profile.title)}** · `{name}` · version {version}, saved by "
        f"{escape_md(partner['created_by'])} on {when(partner['created_at'])}"
    )
    profile_form.summary(profile, destination_of(profile))
    profile_form.versions(state.partner_versions(state.data_version(), name), profile)
    if not actor.can("admin"):
        st.info(
            f"You are signed in as **{escape_md(actor.name)}** with the role **{actor.role}**: only admins change "
            "partner profiles.",
            icon=":material/lock:",
        )
        return
    st.subheader("Change the profile", anchor=False)
    st.caption(
        f"Saving makes version {version + 1}; the next export uses it. The form holds the usual fields; the JSON "
        "holds everything (CSV columns too). Both are checked before anything is saved."
    )
    form_tab, json_tab = st.tabs(["Form", "JSON"])
    key = f"exports_profile_{name}_{version}"
    with form_tab:
        candidate = profile_form.edit_form(profile, key)
    with json_tab:
        candidate = profile_form.json_editor(profile, key) or candidate
    if candidate is not None:
        save_profile(candidate, version)


# -- history ---------------------------------------------------------------------------------------


def history_tab(name: str) -> None:
    rows = state.export_history(state.data_version(), name)
    if not rows:
        st.info(
            "No export to this partner yet. Run a dry run on the first tab to see what would go, then Export.",
            icon=":material/outbox:",
        )
        return
    st.caption(
        f"{plural(len(rows), 'export')} to {escape_md(name)}, newest first. Pick a row to open the export: its "
        "files with their checksums, the manifest, the products, and for a failed one the error and a retry."
    )
    picked = export_view.history_table(rows, key="exports_history_table")
    if picked is not None:
        st.query_params["export"] = str(picked)
        st.rerun()


def partner_section(partner: dict[str, Any]) -> None:
    profile = partner["profile"]
    name = str(partner["name"])
    st.header(profile.title, anchor=False)
    st.markdown(
        f"`{name}` · {profile_form.FORMAT_LABELS.get(profile.format, profile.format)} · "
        f"{profile.selection.channel} channel · {profile.mode} by default · profile version {partner['version']}"
    )
    dry_tab, profile_tab_, history_tab_ = st.tabs(TABS, key="tab", bind="query-params")
    with dry_tab:
        if dry_tab.open:
            dry_run_tab(partner)
    with profile_tab_:
        if profile_tab_.open:
            profile_tab(partner)
    with history_tab_:
        if history_tab_.open:
            history_tab(name)
    st.caption(f"Link to this partner: {nav.share_url(nav.EXPORTS_PATH, partner=name)}")


def partners_page() -> None:
    st.title("Exports")
    st.caption(
        "The approved catalogue goes out to partners here. Each partner's profile says what it receives, in "
        "which format and where; a dry run shows what an export would send; an export pins the versions it "
        "sends in a delivery ledger, so the next delta sends only what changed."
    )
    jobs_panel(svc.runner, key="exports_jobs", kinds=("export",))
    show_flash()
    partners = state.partners(state.data_version())
    if not partners:
        no_partners()
        return
    names = [str(p["name"]) for p in partners]
    wanted = sync_partner(names)
    st.selectbox(
        "Partner",
        [NONE, *names],
        format_func=lambda n: (
            "Choose a partner…" if n == NONE else f"{n} · {partners[names.index(n)]['profile'].title}"
        ),
        key="exports_partner",
        on_change=choose_partner,
    )
    chosen = wanted if wanted in names else None
    if wanted is not None and chosen is None:
        st.warning(
            f"**Not found**: there is no partner {escape_md(wanted)}; the partners are {escape_md(', '.join(names))}.",
            icon=":material/search_off:",
        )
    with st.expander(f"All partners ({len(partners)})", expanded=chosen is None, icon=":material/groups:"):
        partners_table(partners, chosen)
    if chosen is None:
        st.caption("Choose a partner to see its profile, run a dry run, export, and read its history.")
        return
    partner_section(partners[names.index(chosen)])


# -- one export ------------------------------------------------------------------------------------


def export_actions(row: dict[str, Any]) -> None:
    export_id, partner, status = int(row["export_id"]), str(row["partner"]), str(row["status"])
    if not actor.can("export"):
        st.caption(f"Your role ({actor.role}) cannot retry or re-deliver exports.")
        return
    running = busy(partner)
    with st.container(horizontal=True, gap="small"):
        if status != "delivered":
            st.button(
                "Retry (resume)",
                type="primary",
                icon=":material/replay:",
                key="exports_resume",
                on_click=start_resume,
                args=(export_id, partner),
                disabled=running,
                help="Deliver what is missing from the export's archive: files already delivered are skipped; "
                "nothing is rendered again unless the archive is gone.",
            )
        else:
            with st.popover("Re-deliver…", icon=":material/forward_to_inbox:", disabled=running):
                st.caption(
                    "Sends the archived bytes again (never a re-render). A file already there and identical counts "
                    "as delivered; a different one is never overwritten."
                )
                st.text_input(
                    "Destination",
                    key="exports_redeliver_to",
                    placeholder=str(row["destination"]),
                    help="Empty: the export's own destination. Or a folder, or s3://bucket/prefix.",
                )
                st.button(
                    "Re-deliver now",
                    type="primary",
                    key="exports_redeliver",
                    on_click=start_redeliver,
                    args=(export_id, partner, "exports_redeliver_to"),
                )
    if running:
        st.caption(f"An export job for {escape_md(partner)} is running; follow it in the jobs panel.")


def export_page(export_id: int) -> None:
    try:
        if export_id < 0:
            raise InvalidInput(f"{st.query_params.get('export')!r} is not an export number")
        row = state.export_detail(state.data_version(), export_id)
    except ConsoleError as e:
        st.button("All partners", icon=":material/arrow_back:", on_click=close_export, args=(None,), type="tertiary")
        st.warning(f"**{escape_md(e.title)}**: {escape_md(e.detail)}", icon=":material/search_off:")
        return
    partner = str(row["partner"])
    st.button(
        f"Back to {partner}", icon=":material/arrow_back:", on_click=close_export, args=(partner,), type="tertiary"
    )
    st.query_params["export"] = str(export_id)
    st.title(f"Export {export_id} · {partner}", anchor=False)
    st.markdown(f"{export_view.badge_md(row['status'])} {escape_md(export_view.outcome(row))}")
    jobs_panel(svc.runner, key="exports_jobs", kinds=("export",))
    show_flash()
    if row["status"] == "failed":
        st.error(f"**Why it failed:** {escape_md(row['error'] or 'no reason was recorded')}", icon=":material/error:")
        st.caption(
            "Fix what the message says, then Retry: it resumes from the export's archive, skips the files already "
            "delivered and writes the manifest last. Nothing at the destination is ever overwritten."
        )
    elif row["status"] in ("rendering", "delivering") and not busy(partner):
        st.warning(
            "This export stopped before it ended (the console was stopped while it ran). Retry resumes it.",
            icon=":material/warning:",
        )
    export_actions(row)
    export_view.counts_row(row["counts"], total="Products")
    export_detail.details(row)
    export_detail.files(row)
    export_detail.redeliveries(row)
    export_detail.manifest(row)
    export_detail.products(state.export_items(state.data_version(), export_id, ITEMS), ITEMS)
    st.caption(f"Link to this export: {nav.share_url(nav.EXPORTS_PATH, export=export_id)}")


# -- the screen ------------------------------------------------------------------------------------

state.ensure_partners()
selected = selected_export()
if selected is None:
    partners_page()
else:
    export_page(selected)
