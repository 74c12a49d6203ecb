"""A rule explained: every example of the catalogue told by its `about` text and its edits, in words."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from app.components import rule_view
from core.checks.catalogue import Example, rules


def test_every_example_of_the_catalogue_is_described() -> None:
    for rule in rules().values():
        for example in rule.examples:
            steps = rule_view.describe(example)
            assert all(isinstance(s, str) and s for s in steps)
            if example.spec.get("edits"):
                assert len(steps) >= len(example.spec["edits"])


def test_edits_read_as_words_and_control_characters_as_escapes() -> None:
    example = Example(
        "a title with a control character",
        False,
        "error",
        {
            "edits": [
                {"set": "DescriptiveDetail/Extent/ExtentValue", "text": "3"},
                {"remove": "ContentDetail"},
                {"append": ".", "xml": "<ProductForm>AJ</ProductForm>"},
            ],
            "raw": [["Keeper", "Kee\x10per"]],
            "encode": "cp1252",
            "duplicate": True,
            "strict": True,
        },
    )
    assert rule_view.describe(example) == [
        "set `DescriptiveDetail/Extent/ExtentValue` to `3`",
        "remove `ContentDetail`",
        "append `<ProductForm>AJ</ProductForm>` to the product",
        "in the file's text, replace `Keeper` with `Kee\\x10per`",
        "save the file as `cp1252`",
        "send the product twice in one message",
        "validate against the XSD (strict mode)",
    ]
    before = Example("from another sender", False, "error", {"before_sender": "Other Ltd", "before": []})
    assert rule_view.describe(before) == [
        "the catalogue first receives the product from Other Ltd",
        "the same product was delivered before, unchanged",
    ]


def explain(rule_id: str) -> None:
    from app.components import rule_view
    from core.checks.catalogue import rules

    rule_view.explanation(rules()[rule_id])


def test_a_rule_explanation_names_severity_scope_fix_and_examples() -> None:
    at = AppTest.from_function(explain, kwargs={"rule_id": "Q21"}).run()
    text = "\n".join(m.value for m in at.markdown)
    rule = rules()["Q21"]
    assert ":red-badge[:material/error: Error] :orange-badge[:material/warning: Warning]" in text
    assert "checks each product" in text and "`duration_seconds`" in text
    assert f"**How to fix a finding:** {rule.fix}." in text
    assert all(e.about in text for e in rule.examples)
