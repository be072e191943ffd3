"""docs/rules.md is generated from the rule registry and must not drift from it."""

from __future__ import annotations

from pathlib import Path

from gbprep.cli.catalogue import render_markdown

PAGE = Path(__file__).resolve().parents[3] / "docs" / "rules.md"


def test_docs_rules_md_is_current() -> None:
    assert PAGE.read_text() == render_markdown() + "\n", (
        "docs/rules.md is stale: regenerate it with `python -m gbprep.cli.catalogue > docs/rules.md`"
    )
