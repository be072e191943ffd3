"""The sections of a check's docstring, which both the validator rules and the discrepancy tests use.

A docstring opens with a one-line summary, then sections that begin with their name::

    What: what the check looks at.
    Why: why GenBank cares.
    Fix: what the submitter should change (a rule's becomes every finding's fix text).
    Example: a small input that triggers it (rules only; its lines are kept as written).

Sections may run over several lines; a missing one is ''. The registries store the parsed sections on each
check and the catalogue page renders them.
"""

from __future__ import annotations

import re
from typing import TypedDict

SECTIONS = ("What", "Why", "Fix", "Example")
_SECTION = re.compile(r"^(What|Why|Fix|Example):\s*(.*)$")


class DocSections(TypedDict):
    """A parsed docstring; the keys are the field names the registries' records use, so ``**sections`` fills
    them."""

    summary: str
    what: str
    why: str
    fix: str
    example: str


def parse_doc(doc: str | None) -> DocSections:
    """Split a docstring into ``summary`` and the What/Why/Fix/Example sections (missing ones are '')."""
    lines = [line.strip() for line in (doc or "").strip().splitlines()]
    parts: dict[str, list[str]] = {"summary": []}
    current = "summary"
    for line in lines:
        match = _SECTION.match(line)
        if match:
            current = match.group(1).lower()
            parts[current] = [match.group(2)] if match.group(2) else []
        elif current == "example" and current in parts:
            parts[current].append(line)  # examples keep their lines (table rows)
        else:
            parts.setdefault(current, []).append(line)
    text: dict[str, str] = {}
    for name in SECTIONS:
        key = name.lower()
        chunk = parts.get(key, [])
        joined = ("\n".join(chunk) if key == "example" else " ".join(x for x in chunk if x)).strip()
        text[key] = joined[:1].upper() + joined[1:]
    return DocSections(
        summary=" ".join(x for x in parts["summary"] if x),
        what=text["what"],
        why=text["why"],
        fix=text["fix"],
        example=text["example"],
    )
