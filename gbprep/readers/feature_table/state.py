"""What the feature table reader carries from line to line: the open block, the feature being read.

Shared by the modules that read headers, feature rows and qualifier rows, which all update it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gbprep.model.diagnostics import Code, Report, Severity, SourcePos
from gbprep.model.records import Feature, FeatureTable


@dataclass(slots=True)
class _Pending:
    """The feature whose rows are being read."""

    feature: Feature
    keep: bool  # False: tbl2asn would drop it; rows are still checked for the user's benefit
    allowed: frozenset[str] | None  # None when the key itself is unknown (nothing to check against)
    reference: bool = False
    has_qualifiers: bool = False
    late_interval_reported: bool = False
    order: bool = False  # an 'order' line: marked on the table only if the feature is kept


@dataclass(slots=True)
class _State:
    report: Report
    file: str
    table: FeatureTable | None = None
    table_void: bool = False  # a block whose header had no SeqID: read for checks, never yielded
    skipping: bool = False  # after a bad '>' line until the next header
    offset: int = 0
    block_rows: int = 0  # non-blank lines under the current header, kept or not
    pending: _Pending | None = None
    seen_content: bool = False
    seen_header: bool = False
    reported_missing_header: bool = False
    reference_reported: bool = False
    protein_ids: dict[str, SourcePos] = field(default_factory=dict)
    transcript_ids: dict[str, SourcePos] = field(default_factory=dict)
    seq_ids: dict[str, SourcePos] = field(default_factory=dict)
    # Each distinct qualifier name and value is kept once: a genome's table repeats them (an mRNA and its CDS
    # share product, protein_id and transcript_id), and a third of the table's memory was those copies.
    texts: dict[str, str] = field(default_factory=dict)

    def shared(self, text: str) -> str:
        return self.texts.setdefault(text, text)

    def pos(self, line: int, column: int | None = 1) -> SourcePos:
        return SourcePos(self.file, line, column)


def _emit(
    state: _State,
    code: Code,
    pos: SourcePos,
    message: str,
    feature: Feature | None = None,
    *,
    severity: Severity | None = None,
) -> None:
    state.report.add(
        code(
            pos,
            message,
            seq_id=feature.seq_id if feature is not None else None,
            feature=feature.label if feature is not None else None,
            severity=severity,
        )
    )
