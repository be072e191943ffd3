"""The discrepancy report's data: options, the items each test collects, the partial and final reports.

Everything here is a plain dataclass of strings and numbers, so a ``DiscrepancyPartial`` made in a worker
process pickles back to the parent unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gbprep.model.diagnostics import SourcePos
from gbprep.model.frozen import fast_init
from gbprep.model.records import SourceModifier


@dataclass(frozen=True, slots=True)
class DiscrepancyOptions:
    """How the report is made; each option mirrors a tbl2asn argument.

    ``eukaryote`` is ``-X E`` (treat every record as eukaryotic even when the organism's lineage is
    unknown); ``genome_mode`` is ``-M n`` (mark the blocking tests FATAL); ``extra_modifiers`` are ``-j``
    source qualifiers; ``comment`` is ``-y`` (a comment descriptor on every record). ``unkeyed_comments``
    says whether a ``.cmt`` in the key/value layout (rows not keyed by SeqID) counts as a structured comment:
    tbl2asn 25.3 drops such a file unless ``-w`` is given, so it is off by default. ``select``/``ignore``
    switch tests on and off by name. ``product_rules`` is the path of NCBI's ``product_rules.prt`` for
    SUSPECT_PRODUCT_NAMES (else ``$PORTAL_PRODUCT_RULES``; without either that test is skipped). ``gap_run``
    is ``-a r<N>k|u``: runs of at least N Ns are gaps of the sequence (0: none are).
    """

    eukaryote: bool = False
    genome_mode: bool = False
    extra_modifiers: tuple[SourceModifier, ...] = ()
    comment: str | None = None
    unkeyed_comments: bool = False
    product_rules: str | None = None
    gap_run: int = 0
    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()

    def enabled(self, name: str) -> bool:
        return (self.select is None or name in self.select) and name not in self.ignore


@fast_init
@dataclass(frozen=True, slots=True)
class DiscItem:
    """One object a test flags: the detail line tbl2asn prints for it, and where it came from.

    ``file`` is the FASTA's base name (tbl2asn prefixes every detail line with it); ``pos`` is the user's
    line (the feature's row in the ``.tbl``, or the FASTA header for a sequence). ``key`` and ``value`` let a
    test group items when the report is finished (a sub-category, a qualifier name and its value, ...).
    """

    text: str
    pos: SourcePos | None
    seq_id: str
    file: str = ""
    key: str = ""
    value: str = ""

    @property
    def line(self) -> str:
        return f"{self.file}:{self.text}" if self.file else self.text


@dataclass(slots=True)
class DiscrepancyPartial:
    """What ``collect_record`` found on one sequence: items per test name, in the order found."""

    seq_id: str
    items: dict[str, list[DiscItem]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # tests that failed on this record (a bug, not the input)


@dataclass(slots=True)
class ReportLine:
    """One reported line (``DiscRep_ALL`` at the top, ``DiscRep_SUB`` below it) and the items it lists.

    ``in_summary`` puts a sub-line in the summary too, tab-indented, as tbl2asn does for the categories of
    SUSPECT_PRODUCT_NAMES. ``collapsed`` lists a line's items in the detailed report instead of its sub-lines
    (tbl2asn expands only a few tests' categories, and every test's with -M n).
    """

    test: str
    text: str
    items: list[DiscItem] = field(default_factory=list)
    fatal: bool = False
    subs: list[ReportLine] = field(default_factory=list)
    in_summary: bool = False
    collapsed: bool = False

    @property
    def summary(self) -> str:
        return f"{'FATAL: ' if self.fatal else ''}{self.test}:{self.text}"


@dataclass(slots=True)
class DiscrepancyReport:
    """The finished report: top-level lines in tbl2asn's order."""

    lines: list[ReportLine] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        """The top-level summary lines, ``TEST_NAME:text`` (with ``FATAL: `` in genome mode)."""
        return [line.summary for line in self.lines]

    def __len__(self) -> int:
        return len(self.lines)
