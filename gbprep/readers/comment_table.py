"""Structured comments from a ``.cmt`` file, in either layout NCBI accepts.

* Two columns, label TAB value, one pair per line: the comment(s) apply to every sequence. A
  ``StructuredCommentPrefix`` line starts a new comment and a ``StructuredCommentSuffix`` line ends one, so
  one file can hold several comments (``Descriptor.seq_id`` is None).
* A table: the first row is ``SeqID`` (or ``Sequence_ID``...) then the field labels, one row per sequence,
  one comment per row (split again at prefix columns when a row holds more than one).

Each comment becomes a ``user`` Descriptor whose ``text`` is the User-object type (``StructuredComment``) and
whose ``fields`` are the (label, value) pairs in file order, the prefix and suffix included, as NCBI stores
them. Checking the labels against a named checklist (Genome-Assembly-Data, MIGS...) is the validator's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from gbprep.model.diagnostics import Report, Severity, SourcePos, declare
from gbprep.model.modifiers import SEQ_ID_HEADERS, normalize_modifier_name
from gbprep.model.records import Descriptor
from gbprep.readers.source_table import Cell, RowCodes, TableLines, first_tab_row, seq_id_rows
from gbprep.readers.textio import Line, TextSource

NOT_TAB_DELIMITED = declare(
    "CMT.NotTabDelimited",
    Severity.ERROR,
    "The structured-comment file is not TAB-delimited",
    "Separate each label from its value with one TAB (save as 'Text (Tab delimited)' from a spreadsheet).",
)
MALFORMED_LINE = declare(
    "CMT.MalformedLine",
    Severity.ERROR,
    "A line is not 'label<TAB>value'",
    "Write each field on its own line as the label, one TAB, and the value. The line was ignored.",
)
EMPTY_VALUE = declare(
    "CMT.EmptyValue",
    Severity.WARNING,
    "A structured-comment field has no value",
    "Give the field a value or delete the line; empty fields are left out of the comment.",
)
MISSING_SUFFIX = declare(
    "CMT.MissingSuffix",
    Severity.WARNING,
    "A structured comment has a prefix but no suffix",
    "End the comment with a StructuredCommentSuffix line that matches the prefix, e.g. "
    "'StructuredCommentSuffix<TAB>##Genome-Assembly-Data-END##'.",
    ncbi="SEQ_DESCR.StructuredCommentPrefixOrSuffixMissing",
)
MISSING_PREFIX = declare(
    "CMT.MissingPrefix",
    Severity.WARNING,
    "A structured comment has a suffix but no prefix",
    "Start the comment with a StructuredCommentPrefix line that matches the suffix, e.g. "
    "'StructuredCommentPrefix<TAB>##Genome-Assembly-Data-START##'.",
    ncbi="SEQ_DESCR.StructuredCommentPrefixOrSuffixMissing",
)
PREFIX_SUFFIX_MISMATCH = declare(
    "CMT.PrefixSuffixMismatch",
    Severity.WARNING,
    "A structured comment's prefix and suffix name different comments",
    "Use the same name in both, e.g. ##Genome-Assembly-Data-START## and ##Genome-Assembly-Data-END##.",
)
DUPLICATE_LABEL = declare(
    "CMT.DuplicateLabel",
    Severity.WARNING,
    "A label appears twice in one structured comment",
    "Give each field once per comment; combine the values if both are needed.",
)
TOO_MANY_CELLS = declare(
    "CMT.TooManyCells",
    Severity.ERROR,
    "A row has more cells than the header has columns",
    "Check the row for a stray TAB or a value in the wrong column; the extra cells were ignored.",
)
TOO_FEW_CELLS = declare(
    "CMT.TooFewCells",
    Severity.WARNING,
    "A row has fewer cells than the header has columns",
    "The missing cells were read as empty; check that no value slid into the wrong column.",
)
EMPTY_SEQ_ID = declare(
    "CMT.EmptySeqId",
    Severity.ERROR,
    "A row has values but no sequence ID",
    "Put the sequence ID (the text after '>' in the FASTA file, up to the first space) in the first column.",
)
DUPLICATE_ROW = declare(
    "CMT.DuplicateRow",
    Severity.WARNING,
    "Two rows for the same sequence",
    "Keep one row per sequence unless the sequence really needs two separate comments.",
)
UNNAMED_COLUMN = declare(
    "CMT.UnnamedColumn",
    Severity.WARNING,
    "Values under a column without a label",
    "Give the column a label in the first row, or delete the values. They were ignored.",
)
NO_FIELDS = declare(
    "CMT.NoFields",
    Severity.WARNING,
    "The structured-comment file holds no fields",
    "Add 'label<TAB>value' lines, or leave the file out.",
)

PREFIX = "StructuredCommentPrefix"
SUFFIX = "StructuredCommentSuffix"
USER_TYPE = "StructuredComment"
_TAG = re.compile(r"^#*\s*(.*?)\s*(?:-(?:START|END))?\s*#*$", re.IGNORECASE)


_ROW_CODES = RowCodes(TOO_MANY_CELLS, TOO_FEW_CELLS, EMPTY_SEQ_ID)


def comment_name(tag: str) -> str:
    """The name a prefix or suffix carries: ``##Genome-Assembly-Data-START##`` → ``Genome-Assembly-Data``."""
    m = _TAG.match(tag.strip())
    return (m.group(1) if m else tag).strip().lower()


@dataclass(slots=True)
class _Field:
    label: str
    value: str
    pos: SourcePos


@dataclass(slots=True)
class _Splitter:
    """Cuts a run of fields into comments at prefix and suffix fields, reporting unpaired ones."""

    report: Report
    seq_id: str | None
    out: list[Descriptor]
    fields: list[_Field] = field(default_factory=list)
    prefix: _Field | None = None

    def add(self, item: _Field) -> None:
        if item.label == PREFIX:
            self.close()
            self.prefix = item
            self.fields.append(item)
            return
        if item.label == SUFFIX:
            if self.prefix is None:
                self.report.add(
                    MISSING_PREFIX(
                        item.pos,
                        f"'{SUFFIX}' '{item.value}' on line {item.pos.line} ends a comment that has no "
                        f"'{PREFIX}'.",
                        seq_id=self.seq_id,
                    )
                )
            elif comment_name(self.prefix.value) != comment_name(item.value):
                self.report.add(
                    PREFIX_SUFFIX_MISMATCH(
                        item.pos,
                        f"The suffix '{item.value}' on line {item.pos.line} does not match the prefix "
                        f"'{self.prefix.value}' on line {self.prefix.pos.line}.",
                        seq_id=self.seq_id,
                    )
                )
            self.fields.append(item)
            self.prefix = None  # the comment is complete; close() must not ask for a suffix
            self.close()
            return
        self.fields.append(item)

    def close(self) -> None:
        if self.prefix is not None:
            self.report.add(
                MISSING_SUFFIX(
                    self.prefix.pos,
                    f"The comment that starts with '{self.prefix.value}' on line {self.prefix.pos.line} "
                    f"has no '{SUFFIX}'.",
                    seq_id=self.seq_id,
                )
            )
        if self.fields:
            seen: dict[str, _Field] = {}
            for item in self.fields:
                if item.label in seen:
                    self.report.add(
                        DUPLICATE_LABEL(
                            item.pos,
                            f"'{item.label}' appears twice in one comment (lines {seen[item.label].pos.line} "
                            f"and {item.pos.line}).",
                            seq_id=self.seq_id,
                        )
                    )
                seen.setdefault(item.label, item)
            self.out.append(
                Descriptor(
                    kind="user",
                    pos=self.fields[0].pos,
                    text=USER_TYPE,
                    fields=[(f.label, f.value) for f in self.fields],
                    seq_id=self.seq_id,
                )
            )
        self.fields = []
        self.prefix = None


def read_comment_table(path: str | Path, report: Report, *, name: str | None = None) -> list[Descriptor]:
    """Read a ``.cmt`` file in either layout; one Descriptor per structured comment, in file order."""
    source = TextSource(path, report, name=name)
    file = source.name
    lines = TableLines(source)
    rows = iter(lines)
    out: list[Descriptor] = []
    first = first_tab_row(lines, rows, report, empty=NO_FIELDS, not_tab=NOT_TAB_DELIMITED)
    if first is None:
        return out
    line, cells = first
    filled = sum(1 for c in cells if c.text)
    if normalize_modifier_name(cells[0].text) in SEQ_ID_HEADERS or filled > 2:
        _read_table(line, cells, rows, file, report, out)
    else:
        splitter = _Splitter(report, None, out)
        _pair(line, cells, file, report, splitter)
        for line, cells in rows:
            _pair(line, cells, file, report, splitter)
        splitter.close()
    if not out:
        report.add(NO_FIELDS(SourcePos(file, 1), f"{file} holds no structured-comment fields."))
    return out


def _pair(line: Line, cells: list[Cell], file: str, report: Report, splitter: _Splitter) -> None:
    """One 'label<TAB>value' line of the two-column layout."""
    pos = SourcePos(file, line.number, 1)
    if len(cells) < 2:
        report.add(
            MALFORMED_LINE(
                pos, f"Line {line.number} ('{line.text.strip()[:40]}') has no TAB between label and value."
            )
        )
        return
    label, value = cells[0], cells[1]
    if not label.text:
        report.add(MALFORMED_LINE(pos, f"Line {line.number} has a value but no label."))
        return
    extra = [c for c in cells[2:] if c.text]
    if extra:
        report.add(
            MALFORMED_LINE(
                SourcePos(file, line.number, extra[0].column),
                f"Line {line.number} has more than two columns; '{extra[0].text[:30]}' at column "
                f"{extra[0].column} was ignored.",
                severity=Severity.WARNING,
            )
        )
    if not value.text:
        report.add(EMPTY_VALUE(pos, f"'{label.text}' on line {line.number} has no value; it was left out."))
        return
    splitter.add(_Field(label.text, value.text, SourcePos(file, line.number, label.column)))


def _read_table(
    header_line: Line,
    header: list[Cell],
    rows: Iterator[tuple[Line, list[Cell]]],
    file: str,
    report: Report,
    out: list[Descriptor],
) -> None:
    """The table layout: a SeqID column, then one column per field label, one row per sequence."""
    labels = [c.text for c in header]
    seen_labels: dict[str, Cell] = {}
    for cell in header[1:]:
        if cell.text in seen_labels:
            report.add(
                DUPLICATE_LABEL(
                    SourcePos(file, header_line.number, cell.column),
                    f"The label '{cell.text}' heads columns {seen_labels[cell.text].column} and "
                    f"{cell.column}.",
                )
            )
        elif cell.text:
            seen_labels[cell.text] = cell
    first_row: dict[str, int] = {}
    unnamed_reported: set[int] = set()
    for line, pos, cells in seq_id_rows(rows, header, file, report, _ROW_CODES):
        seq_id = cells[0].text
        if seq_id in first_row:
            report.add(
                DUPLICATE_ROW(
                    pos,
                    f"'{seq_id}' has a row at line {first_row[seq_id]} already; this row adds a second "
                    "comment.",
                    seq_id=seq_id,
                )
            )
        first_row.setdefault(seq_id, line.number)
        splitter = _Splitter(report, seq_id, out)
        for i, cell in enumerate(cells[1:], start=1):
            if not cell.text:
                continue
            if not labels[i]:
                if i not in unnamed_reported:
                    unnamed_reported.add(i)
                    report.add(
                        UNNAMED_COLUMN(
                            SourcePos(file, line.number, cell.column),
                            f"'{cell.text[:30]}' on line {line.number} is under a column with no label; that "
                            "column was ignored.",
                        )
                    )
                continue
            splitter.add(_Field(labels[i], cell.text, SourcePos(file, line.number, cell.column)))
        splitter.close()
