"""Write a discrepancy report in tbl2asn's text format (``tbl2asn -Z``, ``asndisc``), and read one back.

The file has a summary (one ``TEST_NAME:text`` line per finding, ``FATAL: `` before the blocking ones in
genome mode, tab-indented sub-categories for the few tests that show them), then the detailed report, where
each line is repeated as ``DiscRep_ALL:TEST::text`` / ``DiscRep_SUB:TEST::text`` followed by the objects it
flags, one per line, prefixed with the FASTA's base name::

    Summary
    MISSING_PROTEIN_ID:1 proteins have invalid IDs.
    ...
    Detailed Report

    DiscRep_ALL:MISSING_PROTEIN_ID::1 proteins have invalid IDs.
    Sc_16:WS1030 (length 158)

With ``origins=True`` each object line ends with a TAB and the user's file and line (``Sc_16.tbl:7``), for
readers who want to jump to the row; tbl2asn's own format has no such column.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from gbprep.discrepancy.model import DiscrepancyReport, ReportLine

# Lines that are only a heading for the lines after them: tbl2asn prints no blank line after these.
_NO_GAP_AFTER = frozenset({"DISC_SOURCE_QUALS_ASNDISC", "DISC_FEATURE_COUNT"})


def write_discrepancy(report: DiscrepancyReport, out: TextIO, *, origins: bool = False) -> None:
    out.write("Discrepancy Report Results\n\nSummary\n")
    for line in report.lines:
        out.write(line.summary + "\n")
        _write_summary_subs(line, out, depth=1)
    out.write("\n\nDetailed Report\n\n")
    for line in report.lines:
        _write_detail(line, out, top=True, origins=origins)


def _write_summary_subs(line: ReportLine, out: TextIO, depth: int) -> None:
    for sub in line.subs:
        if sub.in_summary:
            out.write("\t" * depth + ("FATAL: " if sub.fatal else "") + sub.text + "\n")
            _write_summary_subs(sub, out, depth + 1)


def _write_detail(line: ReportLine, out: TextIO, *, top: bool, origins: bool) -> None:
    fatal = "FATAL: " if line.fatal else ""
    level = "ALL" if top else "SUB"
    out.write(f"{fatal}DiscRep_{level}:{line.test}::{line.text}\n")
    listed = line.items if line.collapsed or not line.subs else []
    for item in listed:
        where = f"\t{item.pos.file}:{item.pos.line}" if origins and item.pos is not None else ""
        out.write(item.line + where + "\n")
    for sub in line.subs if not line.collapsed else ():
        _write_detail(sub, out, top=False, origins=origins)
    # a blank line closes every list of objects, and a top line that has neither objects nor sub-lines
    if listed or (top and not line.subs and line.test not in _NO_GAP_AFTER):
        out.write("\n")


def read_discrepancy_summary(path: str | Path) -> list[str]:
    """The top-level summary lines of a tbl2asn discrepancy report (``FATAL: `` kept), in file order."""
    lines = Path(path).read_text(errors="replace").splitlines()
    out: list[str] = []
    inside = False
    for text in lines:
        if text == "Summary":
            inside = True
            continue
        if text.startswith("Detailed Report"):
            break
        if inside and text and not text[0].isspace():
            out.append(text)
    return out
