"""A quality rule explained for reviewers: what it checks, its severity and scope, how to fix a finding,
and its examples, each failing or passing example told by its `about` text and the edits that make it
(from the rule catalogue, `core/checks/rules.toml`: the same examples run as tests).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app.components import badges
from app.components.format import code, escape_md, humanize
from core.checks.catalogue import Example, Rule

SCOPES = {
    "file": "the whole file, while it is read",
    "product": "each product",
    "catalog": "each product against the rest of the catalogue",
    "export": "each product when it is exported",
}


def _literal(value: object, limit: int = 160) -> str:
    text = str(value)
    # Control characters are what some examples are about: show them as escapes, never raw.
    text = "".join(ch if ch.isprintable() or ch in "\n\t" else f"\\x{ord(ch):02x}" for ch in text)
    text = text.replace("\n", " ")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return code(text)


def _edit(edit: dict[str, Any], where: str = "") -> str:
    prefix = f"{where} " if where else ""
    if "set" in edit:
        return f"{prefix}set {_literal(edit['set'])} to {_literal(edit.get('text', ''))}"
    if "remove" in edit:
        return f"{prefix}remove {_literal(edit['remove'])}"
    if "append" in edit:
        target = "the product" if edit["append"] == "." else _literal(edit["append"])
        return f"{prefix}append {_literal(edit.get('xml', ''))} to {target}"
    if "replace" in edit:
        return f"{prefix}replace {_literal(edit['replace'])} with {_literal(edit.get('xml', ''))}"
    return f"{prefix}{_literal(edit)}"


def describe(example: Example) -> list[str]:
    """The edits that make an example, in words (Markdown); empty for the clean base product."""
    spec = example.spec
    steps: list[str] = []
    if "before_sender" in spec:
        steps.append(f"the catalogue first receives the product from {escape_md(spec['before_sender'])}")
    if "before" in spec:
        before = spec["before"] or []
        if before:
            steps.extend(_edit(e, "in the earlier delivery,") for e in before)
        else:
            steps.append("the same product was delivered before, unchanged")
    steps.extend(_edit(e) for e in spec.get("edits", []))
    steps.extend(_edit(e, "in the header,") for e in spec.get("header", []))
    for find, replace in spec.get("raw", []):
        steps.append(f"in the file's text, replace {_literal(find)} with {_literal(replace)}")
    if "encode" in spec:
        steps.append(f"save the file as {code(spec['encode'])}")
    if spec.get("duplicate"):
        steps.append("send the product twice in one message")
    if "strict" in spec:
        steps.append("validate against the XSD (strict mode)" if spec["strict"] else "without strict mode")
    return steps


def severity_badges(rule: Rule) -> str:
    return " ".join(badges.badge_md(s) for s in rule.severities)


def examples(rule: Rule) -> None:
    if not rule.examples:
        st.caption("This rule has no examples.")
        return
    for title, group, icon in (
        ("Fails", rule.failing, ":red[:material/close:]"),
        ("Passes", rule.passing, ":green[:material/check:]"),
    ):
        if not group:
            continue
        st.markdown(f"**{title}**")
        for example in group:
            head = f"{icon} {escape_md(example.about)}"
            if example.severity and len(rule.severities) > 1:
                head += f" · {badges.badge_md(example.severity)}"
            steps = describe(example)
            body = "".join(f"\n    - {s}" for s in steps) if steps else "\n    - the clean sample product as it is"
            st.markdown(f"- {head}{body}")


def explanation(rule: Rule) -> None:
    """What a rule checks, how bad a finding is, how to fix it, and its examples."""
    st.markdown(
        f"{severity_badges(rule)} · checks {SCOPES.get(rule.scope, humanize(rule.scope).lower())} · "
        f"field {code(rule.field)} · version {rule.version}"
    )
    st.markdown(escape_md(rule.summary[:1].upper() + rule.summary[1:]) + ".")
    st.markdown(f"**How to fix a finding:** {escape_md(rule.fix)}.")
    examples(rule)
