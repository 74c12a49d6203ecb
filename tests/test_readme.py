"""The README's generated sections (configuration, schema) match the code."""

from __future__ import annotations

from tools.readme import README, render


def test_readme_generated_sections_are_current() -> None:
    text = README.read_text(encoding="utf-8")
    assert render(text) == text, "run `python -m tools.readme` and commit README.md"


def test_readme_starts_with_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    first_block = text.split("```")[1]
    assert "make run" in first_block and "make test" in first_block
