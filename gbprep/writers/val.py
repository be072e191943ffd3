"""Write findings as tbl2asn writes its validator output: ``<base>.val`` lines and ``errorsummary.val``.

A ``.val`` line is NCBI's, plus where the finding comes from in the user's files::

    ERROR: valid [SEQ_FEAT.InternalStop] 3 internal stops. Genetic code [1] FEATURE: CDS: ... (genome.tbl:12)

``errorsummary.val`` counts findings per severity and code, most severe first, codes in alphabetical order::

         1 ERROR:   SEQ_FEAT.InternalStop
        12 WARNING: SEQ_FEAT.PartialProblem

The readers (``read_val`` / ``read_errorsummary``) parse tbl2asn's own files back into (severity, code) counts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from gbprep.model.diagnostics import Finding, Severity

# The word a .val line starts with, and the one errorsummary.val uses (NCBI says NOTE in one, INFO in the other).
VAL_LABEL = {
    Severity.INFO: "NOTE",
    Severity.WARNING: "WARNING",
    Severity.ERROR: "ERROR",
    Severity.REJECT: "REJECT",
}
SUMMARY_LABEL = {
    Severity.INFO: "INFO",
    Severity.WARNING: "WARNING",
    Severity.ERROR: "ERROR",
    Severity.REJECT: "REJECT",
}
_FROM_LABEL = {
    "NOTE": Severity.INFO,
    "INFO": Severity.INFO,
    "WARNING": Severity.WARNING,
    "ERROR": Severity.ERROR,
    "REJECT": Severity.REJECT,
    "FATAL": Severity.REJECT,
}
_VAL_LINE = re.compile(r"^(NOTE|INFO|WARNING|ERROR|REJECT|FATAL): valid \[([\w.]+)\]")
_SUMMARY_LINE = re.compile(r"^\s*(\d+)\s+(NOTE|INFO|WARNING|ERROR|REJECT|FATAL):\s+([\w.]+)\s*$")


def _object_prefix(code: str, about: str) -> str:
    """tbl2asn names the object a finding is about: a feature, a descriptor of a sequence (its BioSource or
    MolInfo), or a sequence (nucleotide or protein)."""
    if code.startswith("SEQ_FEAT."):
        return "FEATURE: "
    return "DESCRIPTOR: " if about.startswith(_DESCRIPTORS) else "BIOSEQ: "


_DESCRIPTORS = ("BioSrc: ", "MolInfo: ")


def val_line(finding: Finding) -> str:
    """One finding as a tbl2asn ``.val`` line, with `` (file:line)`` appended when the origin is known."""
    parts = [f"{VAL_LABEL[finding.severity]}: valid [{finding.code}] {finding.message}"]
    if finding.feature:
        parts.append(f"{_object_prefix(finding.code, finding.feature)}{finding.feature}")
    if finding.pos is not None:
        parts.append(f"({finding.pos.file}:{finding.pos.line})")
    return " ".join(parts)


def _order(finding: Finding) -> tuple[str, int, int, str]:
    pos = finding.pos
    return (pos.file if pos else "", pos.line if pos else 0, -finding.severity, finding.code)


def write_val(findings: Iterable[Finding], out: TextIO) -> int:
    """Write every finding, in file and line order; returns the number of lines written."""
    lines = [val_line(f) for f in sorted(findings, key=_order)]
    for line in lines:
        out.write(line + "\n")
    return len(lines)


def summary_counts(findings: Iterable[Finding]) -> Counter[tuple[Severity, str]]:
    return Counter((f.severity, f.code) for f in findings)


def errorsummary_lines(counts: Counter[tuple[Severity, str]]) -> list[str]:
    """``errorsummary.val`` lines: count right-aligned in 6, label and colon padded to 9, then the code."""
    ordered = sorted(counts.items(), key=lambda item: (-item[0][0], item[0][1]))
    return [f"{n:6d} {SUMMARY_LABEL[sev] + ':':<9}{code}" for (sev, code), n in ordered]


def write_errorsummary(findings: Iterable[Finding], out: TextIO) -> None:
    for line in errorsummary_lines(summary_counts(findings)):
        out.write(line + "\n")


def read_val(path: str | Path) -> Counter[tuple[Severity, str]]:
    """(severity, code) counts of a tbl2asn ``.val`` file."""
    counts: Counter[tuple[Severity, str]] = Counter()
    for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        match = _VAL_LINE.match(line)
        if match:
            counts[(_FROM_LABEL[match.group(1)], match.group(2))] += 1
    return counts


def read_errorsummary(path: str | Path) -> Counter[tuple[Severity, str]]:
    """(severity, code) counts of a tbl2asn ``errorsummary.val`` file."""
    counts: Counter[tuple[Severity, str]] = Counter()
    for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        match = _SUMMARY_LINE.match(line)
        if match:
            counts[(_FROM_LABEL[match.group(2)], match.group(3))] += int(match.group(1))
    return counts
