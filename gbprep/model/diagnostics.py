"""Findings: what the engine says about a submission, and where.

A finding is data. Its ``code`` is a public contract (scripts and curators key on it), so codes are declared once,
in a registry, with a default remedy; the catalogue page is generated from that registry.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from gbprep.model.frozen import fast_init


class Severity(enum.IntEnum):
    """NCBI's levels. ERROR blocks the writers; REJECT cannot be waived by a curator."""

    INFO = 10
    WARNING = 20
    ERROR = 30
    REJECT = 40

    @property
    def ncbi_label(self) -> str:
        """The word tbl2asn's .val files use for this level."""
        return {10: "INFO", 20: "WARNING", 30: "ERROR", 40: "REJECT"}[self.value]


@fast_init
@dataclass(frozen=True, slots=True)
class SourcePos:
    """Where something came from: the user's file, 1-based line and (when known) 1-based column."""

    file: str
    line: int
    column: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" + (f":{self.column}" if self.column else "")


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    message: str
    fix: str
    pos: SourcePos | None = None
    seq_id: str | None = None
    feature: str | None = None
    ncbi: str | None = None

    def render(self) -> str:
        where = str(self.pos) if self.pos else "-"
        return f"{where}: {self.severity.name} {self.code}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.name,
            "message": self.message,
            "fix": self.fix,
            "file": self.pos.file if self.pos else None,
            "line": self.pos.line if self.pos else None,
            "column": self.pos.column if self.pos else None,
            "seq_id": self.seq_id,
            "feature": self.feature,
            "ncbi": self.ncbi,
        }


@dataclass(frozen=True, slots=True)
class Code:
    """A declared finding kind. Call it to make a finding: ``BAD_RESIDUE(pos, "...")``."""

    code: str
    severity: Severity
    title: str
    fix: str
    ncbi: str | None = None

    def __call__(
        self,
        pos: SourcePos | None,
        message: str,
        *,
        fix: str | None = None,
        seq_id: str | None = None,
        feature: str | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        return Finding(
            code=self.code,
            severity=severity if severity is not None else self.severity,
            message=message,
            fix=fix or self.fix,
            pos=pos,
            seq_id=seq_id,
            feature=feature,
            ncbi=self.ncbi,
        )


CODES: dict[str, Code] = {}


def declare(code: str, severity: Severity, title: str, fix: str, *, ncbi: str | None = None) -> Code:
    """Register a finding code once; a second declaration of the same code is a programming error."""
    if code in CODES:
        raise ValueError(f"finding code {code} declared twice")
    declared = Code(code=code, severity=severity, title=title, fix=fix, ncbi=ncbi)
    CODES[code] = declared
    return declared


@dataclass(slots=True)
class Report:
    """Collects findings from every reader and rule; never stops at the first."""

    findings: list[Finding] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def codes(self) -> Counter[str]:
        return Counter(f.code for f in self.findings)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def has_errors(self) -> bool:
        return any(f.severity >= Severity.ERROR for f in self.findings)

    def summary(self) -> dict[str, int]:
        return {s.name: self.count(s) for s in Severity}
