"""A partner profile as people read it, and an admin's two ways to change it: a form for the usual fields,
and the whole profile as JSON. Both are validated by the profile's own pydantic model, and every error is
named by its field; saving (a new version, admin only) is the page's call to core.
"""

from __future__ import annotations

import json
from typing import Any, get_args

import streamlit as st
from pydantic import ValidationError

from app.components.format import code, countries, escape_md, humanize, plural, when
from core.ccf import codes
from core.ccf.model import ContentType, ProductForm
from core.checks.catalogue import SEVERITIES, rules
from core.exports.profiles import Channel, Format, Mode, PartnerProfile

FORMAT_LABELS = {
    "onix30-reference": "ONIX 3.0, reference tags",
    "onix30-short": "ONIX 3.0, short tags",
    "csv": "CSV",
    "jsonl": "JSON Lines",
    "parquet": "Parquet",
}
CHANNEL_HELP = {
    "retail": "a store selling single titles: products restricted to subscription services are held back",
    "subscription": "a subscription service: products not for subscription, or under a subscription embargo, "
    "are held back",
    "streaming": "a streaming service: products under a streaming embargo are held back",
}
MODE_HELP = {
    "delta": "each export sends only what is new or changed since the last delivery, and removals",
    "full": "each export sends every eligible product again, and removals",
}


def _rule_label(rule_id: str) -> str:
    rule = rules().get(rule_id)
    return f"{rule_id} · {rule.title}" if rule else rule_id


def _listed(values: list[str], everything: str) -> str:
    return ", ".join(humanize(v) for v in values) if values else everything


# -- reading ---------------------------------------------------------------------------------------


def summary(profile: PartnerProfile, destination: str) -> None:
    """The profile in three questions: what goes, what holds a product back, and in which shape to where."""
    sel, block = profile.selection, profile.blocking
    what, held, shape = st.columns(3, gap="large")
    with what:
        st.markdown("**What goes**")
        markets = (
            f"{plural(len(sel.markets), 'market')}: {escape_md(countries(sel.markets, limit=12))}"
            if sel.markets
            else "every market where a product is for sale"
        )
        st.markdown(
            f"- **Markets:** {markets}\n"
            f"- **Product forms:** {escape_md(_listed(list(sel.product_forms), 'every form'))}\n"
            f"- **Content types:** {escape_md(_listed(list(sel.content_types), 'every content type'))}\n"
            f"- **Channel:** {humanize(sel.channel)}: {CHANNEL_HELP[sel.channel]}"
        )
    with held:
        st.markdown("**What holds a product back**")
        overrides_block = sorted(r for r, v in block.rules.items() if v == "block")
        overrides_allow = sorted(r for r, v in block.rules.items() if v == "allow")
        lines = [
            "- **Open findings of severity:** "
            + (", ".join(humanize(s) for s in block.severities) if block.severities else "none (no severity blocks)")
        ]
        lines.append(
            "- **Always block:** "
            + (", ".join(escape_md(_rule_label(r)) for r in overrides_block) if overrides_block else "no other rule")
        )
        lines.append(
            "- **Never block:** "
            + (", ".join(escape_md(_rule_label(r)) for r in overrides_allow) if overrides_allow else "no exception")
        )
        lines.append("- **Channel rule (Q37):** restrictions and embargoes of the channel, always")
        st.markdown("\n".join(lines))
        st.caption("A waiver in force silences a finding for every partner.")
    with shape:
        st.markdown("**Shape and destination**")
        per_file = (
            f"up to {plural(profile.max_products_per_file, 'product')} a file"
            if profile.max_products_per_file
            else "all in one file"
        )
        lines = [
            f"- **Format:** {FORMAT_LABELS.get(profile.format, profile.format)}, {per_file}",
            f"- **Mode:** {humanize(profile.mode)}: {MODE_HELP[profile.mode]}",
            f"- **Destination:** {code(destination)}",
        ]
        dest = profile.destination
        if dest.endpoint_url or dest.region or dest.aws_profile:
            lines.append(
                "- **S3:** "
                + ", ".join(
                    f"{name} {code(value)}"
                    for name, value in (
                        ("endpoint", dest.endpoint_url),
                        ("region", dest.region),
                        ("AWS profile", dest.aws_profile),
                    )
                    if value
                )
            )
        if profile.format == "csv":
            csv = profile.csv
            lines.append(
                f"- **CSV:** {plural(len(csv.columns), 'column')}, delimiter {code(csv.delimiter)}, "
                f"{'a header row' if csv.header else 'no header row'}"
                + (", every value quoted" if csv.quote_all else "")
            )
        st.markdown("\n".join(lines))


def as_json(profile: PartnerProfile) -> str:
    return json.dumps(profile.model_dump(mode="json"), indent=2, ensure_ascii=False)


def versions(found: list[dict[str, Any]], profile: PartnerProfile) -> None:
    """Every version of the profile (who saved it, when) and the current one as JSON, in an expander."""
    with st.expander(f"Versions ({len(found)}) and the profile as JSON", icon=":material/history:"):
        st.caption("Every export names the profile version it used, so a past export can be rendered again exactly.")
        st.dataframe(
            [{"Version": v["version"], "Saved by": v["created_by"], "Saved": when(v["created_at"])} for v in found],
            hide_index=True,
            width="stretch",
        )
        st.code(as_json(profile), language="json")


# -- validating ------------------------------------------------------------------------------------


def validation_errors(error: ValidationError) -> list[str]:
    """Each of pydantic's errors as 'field.path: what is wrong'."""
    found = []
    for e in error.errors():
        where = ".".join(str(part) for part in e["loc"]) or "the profile"
        message = str(e["msg"]).removeprefix("Value error, ")
        found.append(f"{where}: {message}")
    return found


def validate(data: dict[str, Any] | str, name: str) -> tuple[PartnerProfile | None, list[str]]:
    """(the profile, []) when valid; (None, the errors) otherwise. The name cannot change here: it is how
    exports and the delivery ledger know the partner."""
    try:
        if isinstance(data, str):
            candidate = PartnerProfile.model_validate_json(data)
        else:
            candidate = PartnerProfile.model_validate(data)
    except ValidationError as e:
        return None, validation_errors(e)
    if candidate.name != name:
        return None, [
            f"name: the partner is {name!r}; a profile cannot be renamed, because the delivery ledger knows the "
            "partner by its name. Add a new partner with `python -m core partners set FILE`."
        ]
    return candidate, []


def show_errors(errors: list[str]) -> None:
    st.error(
        "**The profile was not saved**, because it is not valid:\n" + "\n".join(f"- {escape_md(e)}" for e in errors),
        icon=":material/error:",
    )


# -- editing ---------------------------------------------------------------------------------------


def edit_form(profile: PartnerProfile, key: str) -> PartnerProfile | None:
    """The usual fields as a form; returns the valid edited profile when submitted, else None."""
    sel, block, dest = profile.selection, profile.blocking, profile.destination
    catalogue = rules()
    with st.form(f"{key}_form", border=False):
        title = st.text_input("Title", profile.title, key=f"{key}_title", help="The partner's name as people read it.")
        fmt_col, mode_col, per_file_col = st.columns(3)
        fmt = fmt_col.selectbox(
            "Format",
            list(get_args(Format)),
            index=list(get_args(Format)).index(profile.format),
            format_func=lambda f: FORMAT_LABELS.get(f, f),
            key=f"{key}_format",
        )
        mode = mode_col.selectbox(
            "Mode",
            list(get_args(Mode)),
            index=list(get_args(Mode)).index(profile.mode),
            format_func=humanize,
            key=f"{key}_mode",
            help="Delta: what is new or changed since the last delivery. Full: everything eligible, every time.",
        )
        per_file = per_file_col.number_input(
            "Products per file",
            min_value=0,
            value=profile.max_products_per_file,
            step=100,
            key=f"{key}_per_file",
            help="0 puts every product into one file.",
        )
        st.markdown("**What goes**")
        markets = st.multiselect(
            "Markets",
            sorted(codes.countries()),
            default=sel.markets,
            format_func=lambda c: f"{c} · {codes.country_name(c)}",
            key=f"{key}_markets",
            placeholder="Every market where a product is for sale",
            help="A product goes when it is for sale in at least one of these countries.",
        )
        forms_col, types_col, channel_col = st.columns(3)
        forms = forms_col.multiselect(
            "Product forms",
            list(get_args(ProductForm)),
            default=list(sel.product_forms),
            format_func=humanize,
            key=f"{key}_forms",
            placeholder="Every form",
        )
        types = types_col.multiselect(
            "Content types",
            list(get_args(ContentType)),
            default=list(sel.content_types),
            format_func=humanize,
            key=f"{key}_types",
            placeholder="Every content type",
        )
        channel = channel_col.selectbox(
            "Channel",
            list(get_args(Channel)),
            index=list(get_args(Channel)).index(sel.channel),
            format_func=humanize,
            key=f"{key}_channel",
            help="Decides which restrictions and embargoes hold a product back (the channel rule, Q37).",
        )
        st.markdown("**What holds a product back**")
        sev_col, block_col, allow_col = st.columns(3)
        severities = sev_col.multiselect(
            "Open findings of severity",
            list(SEVERITIES),
            default=list(block.severities),
            format_func=humanize,
            key=f"{key}_severities",
            placeholder="No severity blocks",
        )
        always = block_col.multiselect(
            "Always block",
            list(catalogue),
            default=sorted(r for r, v in block.rules.items() if v == "block"),
            format_func=_rule_label,
            key=f"{key}_always",
            placeholder="No other rule",
            help="Rules whose open findings hold a product back whatever their severity.",
        )
        never = allow_col.multiselect(
            "Never block",
            list(catalogue),
            default=sorted(r for r, v in block.rules.items() if v == "allow"),
            format_func=_rule_label,
            key=f"{key}_never",
            placeholder="No exception",
            help="Rules whose findings never hold a product back for this partner.",
        )
        st.markdown("**Destination**")
        url_col, endpoint_col, region_col, aws_col = st.columns([3, 2, 1, 1])
        url = url_col.text_input(
            "Folder or S3 URL",
            dest.url,
            key=f"{key}_url",
            help="A folder (relative to the console's data folder) or s3://bucket/prefix.",
        )
        endpoint = endpoint_col.text_input(
            "S3 endpoint", dest.endpoint_url or "", key=f"{key}_endpoint", help="Only for S3-compatible servers."
        )
        region = region_col.text_input("S3 region", dest.region or "", key=f"{key}_region")
        aws_profile = aws_col.text_input(
            "AWS profile",
            dest.aws_profile or "",
            key=f"{key}_aws",
            help="A named profile from ~/.aws/config; else the environment's keys. Never a key here.",
        )
        submitted = st.form_submit_button("Save as a new version", type="primary", icon=":material/save:")
    if not submitted:
        return None
    both = sorted(set(always) & set(never))
    if both:
        show_errors([f"blocking.rules: {', '.join(both)} cannot be both always and never blocked"])
        return None
    data = profile.model_dump(mode="json")
    data.update(
        title=title.strip(),
        format=fmt,
        mode=mode,
        max_products_per_file=int(per_file),
    )
    data["selection"].update(markets=markets, product_forms=forms, content_types=types, channel=channel)
    data["blocking"] = {
        "severities": severities,
        "rules": {**{r: "block" for r in always}, **{r: "allow" for r in never}},
    }
    data["destination"].update(
        url=url.strip(),
        endpoint_url=endpoint.strip() or None,
        region=region.strip() or None,
        aws_profile=aws_profile.strip() or None,
    )
    candidate, errors = validate(data, profile.name)
    if errors:
        show_errors(errors)
    return candidate


def json_editor(profile: PartnerProfile, key: str) -> PartnerProfile | None:
    """The whole profile as JSON (CSV columns and every other option); returns it when valid."""
    with st.form(f"{key}_json_form", border=False):
        text = st.text_area(
            "Profile (JSON)",
            as_json(profile),
            height=420,
            key=f"{key}_json",
            help="Every field of the profile; the form above edits the usual ones.",
        )
        submitted = st.form_submit_button("Validate and save", type="primary", icon=":material/save:")
    if not submitted:
        return None
    candidate, errors = validate(text, profile.name)
    if errors:
        show_errors(errors)
    return candidate
