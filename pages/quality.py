"""Quality: the findings of the rules, counted by rule, severity and publisher and then product by product;
one finding opened to its product, its CCF field and the source XML it came from; the rule catalogue with
each rule's explanation and examples; and waivers, which reviewers create and expire.

The filters live in the address (`?rule=Q20`, `?severity=error`, `?publisher=...`, `?status=open`,
`?gtin=...`), so the Overview links here filtered and a filtered view can go into a ticket; `?finding=ID`
opens one finding; `?tab=Rules` and `?tab=Waivers` open the other tabs.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from app import nav, state
from app.auth import current_actor
from app.components import badges, rule_view, waivers_view
from app.components.format import DASH, code, escape_md, number, plural, when
from app.components.jobs_panel import jobs_panel
from app.components.xml_view import xml_view
from core.catalog import normalise_gtin
from core.checks import engine
from core.checks.catalogue import SEVERITIES, rules
from core.checks.findings import Filters
from core.errors import ConsoleError, InvalidInput
from core.jobs import JobContext
from core.quality import field_value

LIST_LIMIT = 500
STATUS_LABELS = {
    "open": "Open (not waived)",
    "waived": "Waived",
    "new": "New",
    "recurring": "Recurring",
    "resolved": "Resolved",
    "all": "All current",
}
SEVERITY_LABELS = {"all": "All", "error": "Errors", "warning": "Warnings", "info": "Info"}
KEYS = {name: f"quality_{name}" for name in nav.QUALITY_FILTERS}
TABS = ["Findings", "Rules", "Waivers"]
ALL = ""  # the form's "any" choice (a selectbox shows None as a placeholder, not as a choice)

svc = state.services()
actor = current_actor(svc.cfg)


# -- filters: the address is the truth, the form edits it ------------------------------------------


def url_filters() -> dict[str, str | None]:
    return {name: st.query_params.get(name) for name in nav.QUALITY_FILTERS}


def clean(values: dict[str, str | None]) -> dict[str, str | None]:
    """Filter values from the address, with anything unknown dropped (an old link never breaks the page)."""
    rule = (values.get("rule") or "").strip().upper() or None
    severity = values.get("severity")
    status = values.get("status")
    return {
        "rule": rule if rule in rules() else None,
        "severity": severity if severity in SEVERITIES else None,
        "publisher": (values.get("publisher") or "").strip() or None,
        "status": status if status in STATUS_LABELS else "open",
        "gtin": (values.get("gtin") or "").strip() or None,
    }


def seed_from_url() -> None:
    """When the address changed (a link, the form, a selected group), the form shows what it says now,
    and the tables start without a selection."""
    wanted = url_filters()
    # The form's widgets lose their state while another tab is shown: then it is written again too.
    if st.session_state.get("quality_url") == wanted and all(k in st.session_state for k in KEYS.values()):
        return
    st.session_state["quality_url"] = wanted
    values = clean(wanted)
    st.session_state[KEYS["rule"]] = values["rule"] or ALL
    st.session_state[KEYS["severity"]] = values["severity"] or "all"
    st.session_state[KEYS["publisher"]] = values["publisher"] or ALL
    st.session_state[KEYS["status"]] = values["status"]
    st.session_state[KEYS["gtin"]] = values["gtin"] or ""
    st.session_state["quality_gen"] = int(st.session_state.get("quality_gen", 0)) + 1


def write_url(values: dict[str, Any]) -> None:
    defaults = {"status": "open", "severity": "all"}
    for name in nav.QUALITY_FILTERS:
        value = values.get(name)
        if value is None or str(value).strip() == "" or defaults.get(name) == value:
            st.query_params.pop(name, None)
        else:
            st.query_params[name] = str(value).strip()


def apply_form() -> None:
    write_url({name: st.session_state.get(KEYS[name]) for name in nav.QUALITY_FILTERS})


def clear_form() -> None:
    write_url({})


def current_filters() -> tuple[Filters, dict[str, str | None]]:
    values = clean(url_filters())
    gtin = values["gtin"]
    if gtin is not None:
        try:
            gtin = normalise_gtin(gtin)
        except InvalidInput as e:
            st.warning(f"**{e.title}**: {escape_md(e.detail)}; the GTIN filter is ignored.", icon=":material/warning:")
            gtin = None
    status = values["status"]
    filters = Filters(
        rule=values["rule"],
        gtin=gtin,
        severity=values["severity"],
        publisher=values["publisher"],
        status=None if status == "all" else status,
    )
    return filters, values


def filter_form(publishers: list[str]) -> None:
    catalogue = rules()
    chosen = st.session_state.get(KEYS["publisher"]) or ALL
    options = [ALL, *publishers]
    if chosen not in options:
        options.append(chosen)
    with st.form("quality_filters", border=False, enter_to_submit=True):
        rule_col, publisher_col, gtin_col = st.columns([3, 3, 2])
        rule_col.selectbox(
            "Rule",
            [ALL, *catalogue],
            format_func=lambda r: "All rules" if r == ALL else f"{r} · {catalogue[r].title}",
            key=KEYS["rule"],
        )
        publisher_col.selectbox(
            "Publisher", options, format_func=lambda p: "All publishers" if p == ALL else p, key=KEYS["publisher"]
        )
        gtin_col.text_input("GTIN", key=KEYS["gtin"], placeholder="13 digits")
        severity_col, status_col, buttons_col = st.columns([3, 3, 2], vertical_alignment="bottom")
        severity_col.segmented_control(
            "Severity",
            list(SEVERITY_LABELS),
            format_func=SEVERITY_LABELS.__getitem__,
            key=KEYS["severity"],
            required=True,
        )
        status_col.selectbox("Status", list(STATUS_LABELS), format_func=STATUS_LABELS.__getitem__, key=KEYS["status"])
        with buttons_col, st.container(horizontal=True, gap="small"):
            st.form_submit_button("Apply", type="primary", icon=":material/filter_alt:", on_click=apply_form)
            st.form_submit_button("Clear", icon=":material/filter_alt_off:", on_click=clear_form)


# -- the findings tab ------------------------------------------------------------------------------


def groups_frame(counts: pl.DataFrame) -> pl.DataFrame:
    catalogue = rules()
    rows = counts.to_dicts()
    return pl.DataFrame(
        {
            "Rule": [r["rule_id"] for r in rows],
            "Title": [catalogue[r["rule_id"]].title if r["rule_id"] in catalogue else "" for r in rows],
            "Severity": [badges.cell(r["severity"]) for r in rows],
            "Publisher": [r["publisher"] or f"{DASH} (a file)" for r in rows],
            "Findings": [int(r["findings"]) for r in rows],
            "Products": [int(r["products"]) for r in rows],
            "Waived": [int(r["waived"]) for r in rows],
        },
        schema_overrides={
            "Severity": pl.List(pl.String),
            "Findings": pl.Int64,
            "Products": pl.Int64,
            "Waived": pl.Int64,
        },
    )


def groups(filters: Filters, values: dict[str, str | None]) -> bool:
    """Counts by rule, severity and publisher; a selected group filters the list below. False when empty."""
    counts = state.finding_counts(state.data_version(), filters)
    st.subheader("By rule, severity and publisher", anchor=False)
    if counts.is_empty():
        narrowed = any(values[k] for k in ("rule", "severity", "publisher", "gtin")) or values["status"] != "open"
        if narrowed:
            st.info(
                "No finding matches these filters. Clear them, or choose another status (resolved findings "
                "and waived ones are not open).",
                icon=":material/search_off:",
            )
        elif int(state.counts(state.data_version())["runs"]) == 0:
            st.info(
                "Nothing has been checked yet: the rules run on every feed ingested. Upload one on the Ingest "
                f"screen, or drop it into {svc.cfg.inbox_dir}.",
                icon=":material/inbox:",
            )
            nav.ingest_link("Go to Ingest")
        else:
            st.success(
                "No open findings: every product's latest check passed every rule (or its findings are "
                "waived). Re-run the checks after a rule changes.",
                icon=":material/check_circle:",
            )
        return False
    total = int(counts["findings"].sum())
    st.caption(f"{plural(total, 'finding')} in {plural(len(counts), 'group')}. Select a group to list its products.")
    frame = groups_frame(counts)
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=f"quality_groups_{st.session_state.get('quality_gen', 0)}",
        column_config={
            "Severity": badges.column("Severity", counts["severity"].to_list()),
            "Findings": st.column_config.NumberColumn(format="%d"),
        },
    )
    if event is not None and event.selection.rows:
        picked = counts.row(event.selection.rows[0], named=True)
        write_url(
            {**values, "rule": picked["rule_id"], "severity": picked["severity"], "publisher": picked["publisher"]}
        )
        st.rerun()
    return True


def state_of(row: dict[str, Any]) -> str:
    return "waived" if row.get("waived") and row.get("status") != "resolved" else str(row.get("status"))


def findings_frame(found: pl.DataFrame) -> pl.DataFrame:
    rows = found.to_dicts()
    return pl.DataFrame(
        {
            "Severity": [badges.cell(r["severity"]) for r in rows],
            "Rule": [r["rule_id"] for r in rows],
            "GTIN": [r["product_key"] or DASH for r in rows],
            "Title": [r["title"] or DASH for r in rows],
            "Publisher": [r["publisher"] or DASH for r in rows],
            "Field": [r["field"] or DASH for r in rows],
            "Message": [r["message"] or "" for r in rows],
            "State": [badges.cell(state_of(r)) for r in rows],
            "Found": [when(r["created_at"]) for r in rows],
            "Finding": [int(r["finding_id"]) for r in rows],
        },
        schema_overrides={"Severity": pl.List(pl.String), "State": pl.List(pl.String), "Finding": pl.Int64},
    )


def product_list(filters: Filters) -> None:
    found = state.finding_search(state.data_version(), filters, LIST_LIMIT)
    st.subheader("Products", anchor=False)
    if found.is_empty():
        return
    shown = f"the first {number(LIST_LIMIT)}" if len(found) >= LIST_LIMIT else plural(len(found), "finding")
    st.caption(f"Showing {shown}, most severe first. Select a finding to open it.")
    frame = findings_frame(found)
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=f"quality_findings_{st.session_state.get('quality_gen', 0)}",
        column_config={
            "Severity": badges.column("Severity", found["severity"].to_list()),
            "State": badges.column("State", [state_of(r) for r in found.to_dicts()]),
            "Message": st.column_config.TextColumn(width="large"),
            "Finding": st.column_config.NumberColumn(format="%d", width="small"),
        },
    )
    if event is not None and event.selection.rows:
        st.query_params["finding"] = str(frame["Finding"][event.selection.rows[0]])
        st.rerun()


def findings_tab(publishers: list[str]) -> None:
    filter_form(publishers)
    filters, values = current_filters()
    if groups(filters, values):
        product_list(filters)


# -- the rules tab ---------------------------------------------------------------------------------


def rules_tab(focus: str | None) -> None:
    catalogue = rules()
    counts = state.rule_counts(state.data_version())
    st.caption(
        f"The {len(catalogue)} rules every delivery is checked against, with their open findings. Each rule's "
        "examples run as tests, so what they say is what the rule does."
    )
    text = st.text_input(
        "Find a rule", key="quality_rule_search", placeholder="Q20, duration, narrator…", icon=":material/search:"
    )
    needle = (text or "").strip().lower()
    shown = [r for r in catalogue.values() if not needle or needle in f"{r.id} {r.title} {r.summary} {r.field}".lower()]
    if not shown:
        st.info(f"No rule mentions “{escape_md(text)}”: try a rule id (Q20) or a word such as duration.")
        return
    st.dataframe(
        pl.DataFrame(
            {
                "Rule": [r.id for r in shown],
                "Title": [r.title for r in shown],
                "Severity": [" / ".join(r.severities) for r in shown],
                "Scope": [r.scope for r in shown],
                "Field": [r.field for r in shown],
                "Open": [int(counts.get(r.id, {}).get("open", 0)) for r in shown],
                "Waived": [int(counts.get(r.id, {}).get("waived", 0)) for r in shown],
                "Products": [int(counts.get(r.id, {}).get("products", 0)) for r in shown],
            }
        ),
        hide_index=True,
        width="stretch",
        key="quality_rules_table",
    )
    for r in sorted(shown, key=lambda r: r.id != focus):  # a linked rule (`?rule=Q20`) comes first, open
        open_count = int(counts.get(r.id, {}).get("open", 0))
        label = f"{r.id} · {r.title}" + (f" · {plural(open_count, 'open finding')}" if open_count else "")
        with st.expander(label, expanded=r.id == focus):
            rule_view.explanation(r)
            if open_count:
                nav.quality_link(f"Open findings of {r.id}", rule=r.id, status="open")


# -- the waivers tab -------------------------------------------------------------------------------


def new_waiver_form(publishers: list[str]) -> None:
    catalogue = rules()
    scope = st.radio(
        "Waive for",
        ["product", "publisher"],
        format_func=lambda s: "one product" if s == "product" else "every product of a publisher",
        horizontal=True,
        key="new_waiver_scope",
    )
    with st.form("new_waiver", border=False):
        rule_id = st.selectbox(
            "Rule", list(catalogue), format_func=lambda r: f"{r} · {catalogue[r].title}", key="new_waiver_rule"
        )
        gtin: str | None = None
        publisher: str | None = None
        if scope == "product":
            gtin = st.text_input("Product (GTIN)", key="new_waiver_gtin", placeholder="13 digits")
        else:
            publisher = st.selectbox("Publisher", publishers, key="new_waiver_publisher", placeholder="Choose")
        reason = st.text_area(
            "Reason",
            key="new_waiver_reason",
            placeholder="Why the finding is acceptable (kept with the waiver for the audit)",
            height=80,
        )
        until = waivers_view.expiry_input("new_waiver")
        submitted = st.form_submit_button("Create waiver", type="primary", icon=":material/do_not_disturb_on:")
    if not submitted:
        return
    key: str | None = None
    if scope == "product":
        try:
            key = normalise_gtin(gtin or "")
        except InvalidInput as e:
            waivers_view.flash("error", f"**{e.title}**: {e.detail}")
            st.rerun()
    waivers_view.create(
        svc.db, actor, rule_id=str(rule_id), reason=reason, product_key=key, publisher=publisher, until=until
    )
    st.rerun()  # the flash says what happened


def waivers_tab(publishers: list[str]) -> None:
    st.caption(
        "A waiver silences a rule for one product, or for every product of a publisher, until it expires: "
        "its findings stay visible (as waived) but no longer block approval or export."
    )
    if actor.can("waive"):
        with st.expander("New waiver", icon=":material/add:"):
            new_waiver_form(publishers)
    else:
        waivers_view.cannot_waive(actor)
    ended = st.toggle("Show expired and ended waivers too", key="quality_waivers_all")
    listing = state.waiver_list(state.data_version(), bool(ended))
    if listing.is_empty():
        st.info(
            "No waiver in force. To waive a finding, open it on the Findings tab"
            + (", or create a waiver above." if actor.can("waive") else "."),
            icon=":material/shield:",
        )
        return
    st.caption(waivers_view.caption(listing))
    frame = waivers_view.table_frame(listing)
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="quality_waivers",
        column_config={
            "Waiver": st.column_config.NumberColumn(format="%d", width="small"),
            "State": badges.column("State", listing["state"].to_list()),
            "Reason": st.column_config.TextColumn(width="large"),
        },
    )
    if event is not None and event.selection.rows:
        picked = listing.row(event.selection.rows[0], named=True)
        with st.container(border=True):
            subject = (
                f"product {picked['product_key']}" if picked["product_key"] else f"publisher {picked['publisher']}"
            )
            st.markdown(
                f"{badges.badge_md(picked['state'])} **Waiver {picked['waiver_id']}** · {picked['rule_id']} for "
                f"{escape_md(subject)} · silences {plural(int(picked['silences']), 'finding')}"
            )
            st.markdown(f"**Reason:** {escape_md(picked['reason'])}")
            if picked["state"] == "active" and actor.can("waive"):
                st.button(
                    f"Expire waiver {picked['waiver_id']}",
                    key=f"expire_{picked['waiver_id']}",
                    icon=":material/event_busy:",
                    on_click=waivers_view.expire,
                    args=(svc.db, actor, int(picked["waiver_id"])),
                    help="End the waiver now: its findings count (and block) again.",
                )
            if picked["product_key"]:
                nav.quality_link(
                    f"Findings of {picked['product_key']}",
                    gtin=picked["product_key"],
                    rule=picked["rule_id"],
                    status="all",
                )


# -- one finding -----------------------------------------------------------------------------------


def close_finding() -> None:
    st.query_params.pop("finding", None)


def selected_finding() -> int | None:
    return nav.selected_id("finding")


def field_block(finding: dict[str, Any]) -> None:
    """The finding's field as the judged record has it, and what the rule saw."""
    field = finding.get("field")
    st.markdown(f"**Field** {code(field) if field else DASH}")
    if finding.get("observed") not in (None, ""):
        st.markdown("**What the rule saw**")
        st.code(str(finding["observed"]), language=None, wrap_lines=True)
    record = state.judged_record(state.data_version(), int(finding["finding_id"]))
    if record is None:
        st.caption("No CCF record to show: the finding is about the file, or the product could not be converted.")
        return
    found, value = field_value(record, field)
    if not found:
        st.caption(f"{code(field)} is not a CCF field (the rule reads the ONIX or the file); see the source XML.")
        return
    st.markdown("**In the CCF record the check judged**")
    if value is None or (isinstance(value, str | list) and len(value) == 0):
        st.markdown(":gray[empty: the record has no value here]")
    elif isinstance(value, dict | list):
        st.json(value, expanded=1)
    else:
        st.code(str(value), language=None, wrap_lines=True)


def source_block(finding: dict[str, Any]) -> None:
    delivery = state.finding_delivery(state.data_version(), int(finding["finding_id"]))
    if delivery is None:
        rejected = state.finding_rejected_xml(state.data_version(), int(finding["finding_id"]))
        if rejected is None:
            st.info("No product XML was kept for this finding (a finding about a whole file has none).")
            if finding.get("run_id"):
                nav.run_link(int(finding["run_id"]))
            return
        text, link = st.columns([3, 1], vertical_alignment="center")
        text.caption(
            f"The run could not convert this product ({escape_md(rejected['record_reference'] or 'no reference')}"
            f", line {number(rejected['line'])}): its XML as delivered."
        )
        with link:
            nav.run_link(int(finding["run_id"]))
        xml_view(
            rejected["raw_xml"], key=f"rejected_{finding['finding_id']}", file_name=f"error-{rejected['error_id']}.xml"
        )
        return
    try:
        source = state.source_record(delivery.source_id)
    except ConsoleError as e:
        st.warning(f"**{escape_md(e.title)}**: {escape_md(e.detail)}", icon=":material/warning:")
        return
    which = "The delivery this finding was raised on" if delivery.exact else "The product's latest delivery"
    line = f", from line {number(delivery.line)} of the file" if delivery.line is not None else ""
    text, link = st.columns([3, 1], vertical_alignment="center")
    text.caption(f"{which}: run {delivery.run_id}{line}.")
    with link:
        nav.run_link(delivery.run_id)
    gtin = finding.get("product_key") or "product"
    xml_view(source["raw_xml"], key=f"finding_{finding['finding_id']}", file_name=f"{gtin}-run{delivery.run_id}.xml")


def waiver_block(finding: dict[str, Any]) -> None:
    st.subheader("Waiver", anchor=False)
    if finding.get("waived") and finding.get("waiver_id") is not None:
        waiver_id = int(finding["waiver_id"])
        listing = state.waiver_list(state.data_version(), True)
        rows = listing.filter(pl.col("waiver_id") == waiver_id).to_dicts()
        waivers_view.waiver_in_force(svc.db, actor, rows[0] if rows else None, waiver_id)
        return
    if not finding.get("current"):
        st.caption("This finding is from an earlier check: the product's latest check decides what is open now.")
        return
    if not finding.get("open"):
        st.caption("This finding is resolved: a later delivery no longer shows it. Nothing to waive.")
        return
    if not actor.can("waive"):
        waivers_view.cannot_waive(actor)
        return
    waivers_view.waive_finding_form(svc.db, actor, finding)


def other_findings(finding: dict[str, Any]) -> None:
    gtin = finding.get("product_key")
    if not gtin:
        return
    others = state.finding_search(state.data_version(), Filters(gtin=str(gtin)), 50).filter(
        pl.col("finding_id") != finding["finding_id"]
    )
    if others.is_empty():
        st.caption("No other current finding on this product.")
        return
    for r in others.to_dicts():
        text, link = st.columns([4, 1], vertical_alignment="center")
        text.markdown(
            f"{badges.badge_md(r['severity'])} {badges.badge_md(state_of(r))} **{r['rule_id']}** · "
            f"{escape_md(r['message'])}"
        )
        with link:
            nav.finding_link(int(r["finding_id"]), label="Open")


def finding_page(finding_id: int) -> None:
    st.button("All findings", icon=":material/arrow_back:", on_click=close_finding, type="tertiary")
    finding = nav.opened("finding", finding_id, lambda i: state.finding(state.data_version(), i))
    if finding is None:
        return
    rule = rules().get(str(finding["rule_id"]))
    title = rule.title if rule else ""
    st.title(f"{finding['rule_id']} · {title}", anchor=False)
    parts = [badges.badge_md(finding["severity"]), badges.badge_md(state_of(finding))]
    if not finding["current"]:
        parts.append(":gray-badge[:material/history: from an earlier check]")
    parts.append(f"found {when(finding['created_at'])}")
    if finding.get("line") is not None:
        parts.append(f"line {number(finding['line'])} of the file")
    st.markdown(" · ".join(parts))
    st.markdown(f"### {escape_md(finding['message'])}")
    waivers_view.show_flash()
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader("Product", anchor=False)
        if finding.get("product_key"):
            st.markdown(
                f"**{escape_md(finding.get('title') or 'Untitled')}** · {finding['product_key']} · "
                f"{escape_md(finding.get('publisher') or 'publisher unknown')}"
            )
            with st.container(horizontal=True, gap="small"):
                nav.product_link(str(finding["product_key"]), label="Open the product in the Catalogue")
                nav.quality_link(
                    "All its findings", gtin=str(finding["product_key"]), status="all", icon=":material/list:"
                )
        else:
            st.caption("A finding about the file as a whole, not about one product.")
        field_block(finding)
        fix = finding.get("suggested_fix") or (rule.fix if rule else None)
        if fix:
            st.info(f"**Suggested fix:** {escape_md(fix)}", icon=":material/build:")
    with right:
        waiver_block(finding)
    source_tab, rule_tab, others_tab = st.tabs(["Source XML", "The rule", "Other findings of the product"])
    with source_tab:
        source_block(finding)
    with rule_tab:
        if rule is None:
            st.caption(f"{finding['rule_id']} is not in the rule catalogue any more.")
        else:
            rule_view.explanation(rule)
        nav.rules_link("Every rule in the catalogue")
    with others_tab:
        other_findings(finding)
    st.caption(f"Link to this finding: {nav.share_url(nav.QUALITY_PATH, finding=finding_id)}")


# -- re-checking ---------------------------------------------------------------------------------


def start_recheck() -> None:
    """The Re-run button's callback: the check runs as a job; the panel follows it."""
    db, who, limit = svc.db, actor, svc.cfg.recheck_memory_limit

    def work(ctx: JobContext) -> dict[str, Any]:
        ctx.progress(0, None, "", "checking every product's latest version")
        done = engine.recheck(db, who, memory_limit=limit)
        found = sum(done.findings.values())
        return {
            "message": f"{plural(done.subjects, 'product')} judged, {plural(found, 'finding')}",
            "check_id": done.check_id,
        }

    try:
        svc.runner.submit("recheck", "Re-check the catalogue and the pending conversions", who.name, work)
    except ConsoleError as e:
        waivers_view.flash("error", f"**{e.title}**: {e.detail}")


def totals_row() -> None:
    totals = state.finding_totals(state.data_version())
    cols = st.columns(5)
    cols[0].metric("Open errors", number(totals["error"]), border=True, help="Block approval and export.")
    cols[1].metric("Open warnings", number(totals["warning"]), border=True, help="A reviewer should look.")
    cols[2].metric("Open info", number(totals["info"]), border=True, help="Shown, never blocking.")
    cols[3].metric("Waived", number(totals["waived"]), border=True, help="Open findings a waiver silences.")
    cols[4].metric("Resolved", number(totals["resolved"]), border=True, help="Fixed by the product's latest delivery.")


# -- the screen ------------------------------------------------------------------------------------

finding_id = selected_finding()
if finding_id is not None:
    finding_page(finding_id)
else:
    head, action = st.columns([4, 1], vertical_alignment="bottom")
    with head:
        st.title("Quality")
        st.caption(
            "What the rules found in each product's latest delivery: open findings by rule, severity and "
            "publisher, then product by product. Open a finding to see its field, its source XML and its rule."
        )
    with action:
        if actor.can("review"):
            st.button(
                "Re-run checks",
                icon=":material/replay:",
                key="recheck",
                on_click=start_recheck,
                width="stretch",
                disabled=any(j.kind == "recheck" for j in svc.runner.active()),
                help="Check every product's latest version against the rules again (after a rule changed).",
            )
        else:
            st.caption(f"Your role ({actor.role}) cannot re-run the checks.")
    jobs_panel(svc.runner, key="quality_jobs", kinds=("recheck",), finished=1)
    waivers_view.show_flash()
    seed_from_url()
    totals_row()
    publishers = state.finding_publishers(state.data_version())
    findings_tab_, rules_tab_, waivers_tab_ = st.tabs(TABS, key="tab", bind="query-params")
    with findings_tab_:
        if findings_tab_.open:
            findings_tab(publishers)
    with rules_tab_:
        if rules_tab_.open:
            rules_tab(clean(url_filters())["rule"])
    with waivers_tab_:
        if waivers_tab_.open:
            waivers_tab(publishers)
