"""The rule registry: one small, documented, pure function per NCBI validator code.

A rule is ``(ctx) -> Iterator[Hit]``. It says *where* and *what this instance is*; the runner stamps the code,
the severity (after the profile in ``RuleOptions``) and the fix text, which comes from the rule's docstring.
Each docstring has four sections, parsed here and rendered by ``catalogue.py``::

    One-line summary.

    What: what the rule checks.
    Why: why GenBank cares.
    Fix: what the submitter should change (becomes every finding's fix text).
    Example: a small input that triggers it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from validation.core.diagnostics import Severity, SourcePos
from validation.core.model import Feature, SequenceRecord

if TYPE_CHECKING:
    from validation.core.pipeline import Bundle

SECTIONS = ("What", "Why", "Fix", "Example")
SCOPES = frozenset({"record"})
_CODE = re.compile(r"^(SEQ_INST|SEQ_DESCR|SEQ_FEAT|SEQ_PKG|GENERIC|SEQ_ALIGN|SEQ_GRAPH|SEQ_ANNOT)\.\w+$")
_SECTION = re.compile(r"^(What|Why|Fix|Example):\s*(.*)$")


class Hit(NamedTuple):
    """One instance a rule found. ``severity`` overrides the rule's default for this instance only."""

    pos: SourcePos | None
    message: str
    seq_id: str | None = None
    feature: str | None = None
    severity: Severity | None = None


@dataclass(frozen=True, slots=True)
class RuleOptions:
    """A validation profile: which rules run and at what level.

    ``select`` (None: all) and ``ignore`` switch rules off by code; ``severity_overrides`` pins a code's level.
    ``genome`` is NCBI's genome-submission mode (tbl2asn ``-a s``/``-V b`` for a genome): the codes in
    ``GENOME_RAISE`` are raised to ERROR, as ``validatorp.cpp:sc_ValidGenomeRaise`` does.
    """

    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    severity_overrides: Mapping[str, Severity] = field(default_factory=dict)
    genome: bool = False

    def enabled(self, code: str) -> bool:
        return (self.select is None or code in self.select) and code not in self.ignore

    def severity(self, code: str, default: Severity) -> Severity:
        if code in self.severity_overrides:
            return self.severity_overrides[code]
        if self.genome and code in GENOME_RAISE and default < Severity.ERROR:
            return Severity.ERROR
        return default


# The part of NCBI's genome-mode raise list that concerns the rules implemented here (the others are already
# ERROR by default). Grows with the rule set.
GENOME_RAISE: frozenset[str] = frozenset({"SEQ_FEAT.PartialProblem", "SEQ_FEAT.AltStartCodon"})


@dataclass(slots=True)
class RecordContext:
    """What a record-scope rule sees: one sequence, its features, the genetic code in force, the rest."""

    record: SequenceRecord
    features: list[Feature]
    genetic_code: int = 1
    bundle: Bundle | None = None
    options: RuleOptions = field(default_factory=RuleOptions)
    memo: dict[object, object] = field(default_factory=dict)

    def cached(self, key: object, make: Callable[[], object]) -> object:
        """Compute something once per record (e.g. the CDS translations several rules share)."""
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]

    def of_key(self, key: str) -> list[Feature]:
        return [f for f in self.features if f.key == key]


RuleFunc = Callable[[RecordContext], Iterator[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    scope: str
    func: RuleFunc
    summary: str
    what: str
    why: str
    fix: str
    example: str

    @property
    def name(self) -> str:
        return self.func.__name__

    @property
    def family(self) -> str:
        return self.code.split(".", 1)[0]


RULES: dict[str, Rule] = {}


def parse_doc(doc: str | None) -> dict[str, str]:
    """Split a rule docstring into ``summary`` and the What/Why/Fix/Example sections (missing ones are '')."""
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
    out = {"summary": " ".join(x for x in parts["summary"] if x)}
    for name in SECTIONS:
        key = name.lower()
        chunk = parts.get(key, [])
        text = ("\n".join(chunk) if key == "example" else " ".join(x for x in chunk if x)).strip()
        out[key] = text[:1].upper() + text[1:]
    return out


def rule(*, code: str, severity: Severity, scope: str = "record") -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule for ``code``. One code, one rule; the docstring must carry What/Why/Fix/Example."""
    if not _CODE.match(code):
        raise ValueError(f"{code!r} is not an NCBI validator code (FAMILY.Name)")
    if scope not in SCOPES:
        raise ValueError(f"unknown rule scope {scope!r}")

    def register(func: RuleFunc) -> RuleFunc:
        if code in RULES:
            raise ValueError(f"rule for {code} registered twice ({RULES[code].name} and {func.__name__})")
        doc = parse_doc(func.__doc__)
        RULES[code] = Rule(
            code=code,
            severity=severity,
            scope=scope,
            func=func,
            summary=doc["summary"],
            what=doc["what"],
            why=doc["why"],
            fix=doc["fix"],
            example=doc["example"],
        )
        return func

    return register
