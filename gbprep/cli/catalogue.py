"""Render the rule catalogue (every code: severity, what, why, fix, example) as Markdown from the registry.

``gbprep catalogue > docs/rules.md`` (or ``python -m gbprep.cli.catalogue``)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gbprep.rules import RULES, Rule


def render_rule(rule: Rule) -> str:
    lines = [
        f"### {rule.code}",
        "",
        f"**{rule.severity.name}** · `{rule.name}` · {rule.summary}",
        "",
        f"**What.** {rule.what}",
        "",
        f"**Why.** {rule.why}",
        "",
        f"**Fix.** {rule.fix}",
        "",
        "**Example.**",
        "",
        "```",
        rule.example,
        "```",
        "",
    ]
    return "\n".join(lines)


def render_markdown(rules: Iterable[Rule] | None = None) -> str:
    """The whole catalogue: a summary table, then one section per code, grouped by family."""
    chosen = sorted(rules if rules is not None else RULES.values(), key=lambda r: r.code)
    out = [
        "# Validation rules",
        "",
        "Codes are NCBI's validator codes; a finding's fix text is the rule's **Fix**.",
        "",
        "| code | severity | summary |",
        "|---|---|---|",
        *(
            f"| [{r.code}](#{r.code.lower().replace('.', '')}) | {r.severity.name} | {r.summary} |"
            for r in chosen
        ),
        "",
    ]
    family = None
    for rule in chosen:
        if rule.family != family:
            family = rule.family
            out += [f"## {family}", ""]
        out.append(render_rule(rule))
    return "\n".join(out)


def add_parser(commands: Any) -> None:  # argparse's subparsers action has no public type
    page = commands.add_parser("catalogue", help="print the validator's rule catalogue as Markdown")
    page.set_defaults(func=_print_catalogue)


def _print_catalogue(_args: object) -> int:
    print(render_markdown())
    return 0


if __name__ == "__main__":  # pragma: no cover
    print(render_markdown())
