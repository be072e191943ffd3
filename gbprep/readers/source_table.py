"""The source qualifier table (``.src``): one row of source modifiers per sequence.

TAB-delimited; the first row names the columns, the first column holds the sequence IDs (its header is
usually ``Sequence_ID`` or ``SeqID``, but tbl2asn takes whatever the first column is). Column names are
matched as NCBI's readers match them: case-insensitively, with ``_`` and spaces read as ``-`` and the usual
aliases (``org`` / ``organism``, ``host`` / ``nat-host``, ...), so ``SourceModifier.name`` is always the
canonical spelling from ``canonical_modifier_name``. Empty cells mean "no value for this sequence".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from gbprep.model.diagnostics import Code, Report, Severity, SourcePos, declare
from gbprep.model.modifiers import (
    DEPRECATED_MODIFIERS,
    SEQ_ID_HEADERS,
    SINGLE_VALUED,
    canonical_modifier_name,
    normalize_modifier_name,
)
from gbprep.model.records import SourceModifier
from gbprep.readers.textio import Line, TextSource

UNKNOWN_COLUMN = declare(
    "SRC.UnknownColumn",
    Severity.WARNING,
    "A column name that is not a source modifier",
    "Use a name from NCBI's source modifier list (https://www.ncbi.nlm.nih.gov/WebSub/html/help/"
    "genbank-source-table.html), such as organism, strain, isolate, country, collection-date. The column "
    "was ignored.",
)
DEPRECATED_COLUMN = declare(
    "SRC.DeprecatedColumn",
    Severity.WARNING,
    "A source modifier that NCBI no longer accepts",
    "Drop the column or move the information to a note; NCBI ignores this modifier. The column was ignored.",
)
DUPLICATE_COLUMN = declare(
    "SRC.DuplicateColumn",
    Severity.ERROR,
    "A single-valued source modifier has two columns",
    "Keep one column for this modifier (aliases such as 'org' and 'organism' count as the same modifier). "
    "The second column was ignored.",
)
UNNAMED_COLUMN = declare(
    "SRC.UnnamedColumn",
    Severity.WARNING,
    "Values under a column without a name",
    "Give the column a modifier name in the first row, or delete the values. They were ignored.",
)
NO_HEADER = declare(
    "SRC.NoHeader",
    Severity.ERROR,
    "The first row does not name the columns",
    "Make the first row 'Sequence_ID<TAB>organism<TAB>strain...': the first column holds the sequence IDs, "
    "the others are named after the source modifiers they hold.",
)
NOT_TAB_DELIMITED = declare(
    "SRC.NotTabDelimited",
    Severity.ERROR,
    "The table is not TAB-delimited",
    "Save the table as 'Text (Tab delimited)' from the spreadsheet; commas, semicolons or runs of spaces do "
    "not separate columns.",
)
TOO_MANY_CELLS = declare(
    "SRC.TooManyCells",
    Severity.ERROR,
    "A row has more cells than the header has columns",
    "Check the row for a stray TAB or a value in the wrong column; the extra cells were ignored.",
)
TOO_FEW_CELLS = declare(
    "SRC.TooFewCells",
    Severity.WARNING,
    "A row has fewer cells than the header has columns",
    "The missing cells were read as empty; check that no value slid into the wrong column.",
)
EMPTY_SEQ_ID = declare(
    "SRC.EmptySeqId",
    Severity.ERROR,
    "A row has values but no sequence ID",
    "Put the sequence ID (the text after '>' in the FASTA file, up to the first space) in the first column.",
)
BAD_SEQ_ID = declare(
    "SRC.BadSeqId",
    Severity.WARNING,
    "A sequence ID contains a space",
    "A FASTA sequence ID ends at the first space, so this row can match no sequence. Remove the space.",
)
DUPLICATE_ROW = declare(
    "SRC.DuplicateRow",
    Severity.ERROR,
    "Two rows for the same sequence",
    "Keep one row per sequence ID; the later row was ignored.",
)
NO_ROWS = declare(
    "SRC.NoRows",
    Severity.WARNING,
    "The table has no rows",
    "Add one row per sequence under the header, or leave the file out.",
)


@dataclass(frozen=True, slots=True)
class Cell:
    """One TAB-separated cell: its text (trimmed, outer quotes removed) and its 1-based column."""

    text: str
    column: int


def split_cells(text: str) -> list[Cell]:
    """Split a line on TABs, keeping each cell's column; a spreadsheet's quotes around a cell are undone."""
    cells: list[Cell] = []
    start = 0
    for raw in text.split("\t"):
        value = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
            value = value[1:-1].replace('""', '"').strip()
        cells.append(Cell(value, start + lead + 1))
        start += len(raw) + 1
    return cells


def looks_delimited_otherwise(text: str) -> str | None:
    """What separates a header row that has no TAB: 'commas', 'semicolons', 'spaces', or None."""
    if "\t" in text:
        return None
    if text.count(",") >= 1:
        return "commas"
    if text.count(";") >= 1:
        return "semicolons"
    if re.search(r"\S {2,}\S", text):
        return "spaces"
    return None


class TableLines:
    """Non-blank lines (TAB-only lines count as blank) with their cells; ``seen`` counts every line read."""

    def __init__(self, source: TextSource) -> None:
        self.source = source
        self.seen = 0

    def __iter__(self) -> Iterator[tuple[Line, list[Cell]]]:
        for line in self.source.lines():
            self.seen += 1
            if line.text.strip():
                yield line, split_cells(line.text)


def first_tab_row(
    lines: TableLines, rows: Iterator[tuple[Line, list[Cell]]], report: Report, *, empty: Code, not_tab: Code
) -> tuple[Line, list[Cell]] | None:
    """The first non-blank row of a TAB table, or None (with a finding) when the file is blank or not TABbed.

    A file separated by commas or spaces is refused whole: guessing columns would misfile every value.
    """
    file = lines.source.name
    first = next(rows, None)
    if first is None:
        if lines.seen:
            report.add(empty(SourcePos(file, 1), f"{file} holds only blank lines."))
        return None
    line, _cells = first
    separator = looks_delimited_otherwise(line.text)
    if separator is not None:
        report.add(
            not_tab(
                SourcePos(file, line.number, 1),
                f"Line {line.number} of {file} has no TAB; its parts seem to be separated by {separator}.",
            )
        )
        return None
    return first


def fit_row(
    cells: list[Cell],
    header: list[Cell],
    line: Line,
    file: str,
    report: Report,
    too_many: Code,
    too_few: Code,
) -> list[Cell]:
    """The row cut or padded to the header's width; stray values and missing cells are reported.

    Header cells left empty at the end (a trailing TAB) do not count as columns a row must fill.
    """
    width = len(header)
    needed = max((i + 1 for i, c in enumerate(header) if c.text), default=1)
    if len(cells) > width:
        extra = [c for c in cells[width:] if c.text]
        if extra:
            report.add(
                too_many(
                    SourcePos(file, line.number, extra[0].column),
                    f"Line {line.number} has {len(cells)} cells but the header names {needed} columns; "
                    f"'{extra[0].text[:30]}' at column {extra[0].column} and after were ignored.",
                )
            )
        return cells[:width]
    if len(cells) < needed:
        report.add(
            too_few(
                SourcePos(file, line.number, len(line.text) + 1),
                f"Line {line.number} has {len(cells)} cells but the header names {needed} columns; "
                f"the missing {needed - len(cells)} were read as empty.",
            )
        )
    end = len(line.text) + 1
    return cells + [Cell("", end) for _ in range(width - len(cells))]


@dataclass(frozen=True, slots=True)
class RowCodes:
    """The finding codes a per-sequence table reports rows with (each file type declares its own)."""

    too_many: Code
    too_few: Code
    empty_seq_id: Code


_ROW_CODES = RowCodes(TOO_MANY_CELLS, TOO_FEW_CELLS, EMPTY_SEQ_ID)


def seq_id_rows(
    rows: Iterator[tuple[Line, list[Cell]]], header: list[Cell], file: str, report: Report, codes: RowCodes
) -> Iterator[tuple[Line, SourcePos, list[Cell]]]:
    """Rows fitted to the header's width, with their position; rows without a SeqID are reported and skipped."""
    for line, cells in rows:
        pos = SourcePos(file, line.number, 1)
        fitted = fit_row(cells, header, line, file, report, codes.too_many, codes.too_few)
        if not fitted[0].text:
            if any(c.text for c in fitted[1:]):
                report.add(
                    codes.empty_seq_id(pos, f"Line {line.number} has values but its first cell is empty.")
                )
            continue
        yield line, pos, fitted


def read_source_table(
    path: str | Path, report: Report, *, name: str | None = None
) -> dict[str, list[SourceModifier]]:
    """Read a ``.src`` table: modifiers per sequence ID, in row order; problems become findings."""
    source = TextSource(path, report, name=name)
    file = source.name
    lines = TableLines(source)
    rows = iter(lines)
    table: dict[str, list[SourceModifier]] = {}
    first = first_tab_row(lines, rows, report, empty=NO_ROWS, not_tab=NOT_TAB_DELIMITED)
    if first is None:
        return table
    header_line, header = first
    columns = _columns(header, header_line, file, report)
    if columns is None:
        return table

    row_lines: dict[str, tuple[int, list[tuple[str, str]]]] = {}
    unnamed_reported: set[int] = set()
    for line, pos, cells in seq_id_rows(rows, header, file, report, _ROW_CODES):
        seq_id = cells[0].text
        if re.search(r"\s", seq_id):
            report.add(
                BAD_SEQ_ID(
                    pos, f"The sequence ID '{seq_id}' on line {line.number} contains a space.", seq_id=seq_id
                )
            )
        values = [(columns[i] or "", c.text) for i, c in enumerate(cells) if i and columns[i] and c.text]
        if seq_id in row_lines:
            first_line, first_values = row_lines[seq_id]
            same = first_values == values
            report.add(
                DUPLICATE_ROW(
                    pos,
                    f"'{seq_id}' has a row at line {first_line} already"
                    + ("; this row repeats it." if same else " with different values; this row was ignored."),
                    seq_id=seq_id,
                    severity=Severity.WARNING if same else None,
                )
            )
            continue
        row_lines[seq_id] = (line.number, values)
        table[seq_id] = [
            SourceModifier(columns[i] or "", c.text, SourcePos(file, line.number, c.column))
            for i, c in enumerate(cells)
            if i and columns[i] and c.text
        ]
        _unnamed_values(cells, header, line, file, report, unnamed_reported)
    if not row_lines:
        report.add(NO_ROWS(SourcePos(file, header_line.number), f"{file} has a header row and nothing else."))
    return table


def _columns(header: list[Cell], line: Line, file: str, report: Report) -> list[str | None] | None:
    """Canonical modifier name per column (None: ignored); None when the first row is not a header."""
    id_header = normalize_modifier_name(header[0].text)
    canonical = [canonical_modifier_name(c.text) for c in header]
    if canonical[0] is not None and id_header not in SEQ_ID_HEADERS:
        report.add(
            NO_HEADER(
                SourcePos(file, line.number, 1),
                f"The first column of {file} is named '{header[0].text}', a source modifier; the first "
                "column must hold the sequence IDs.",
            )
        )
        return None
    if id_header not in SEQ_ID_HEADERS and len(header) > 1 and not any(canonical[1:]):
        report.add(
            NO_HEADER(
                SourcePos(file, line.number, 1),
                f"None of the names in the first row of {file} is a source modifier "
                f"('{header[1].text[:30]}', ...); the first row must name the columns.",
            )
        )
        return None
    columns: list[str | None] = [None]
    seen: dict[str, Cell] = {}
    for cell, name in zip(header[1:], canonical[1:], strict=True):
        pos = SourcePos(file, line.number, cell.column)
        if not cell.text:
            columns.append(None)
            continue
        if name is None:
            report.add(
                UNKNOWN_COLUMN(
                    pos,
                    f"'{cell.text}' (line {line.number}, column {cell.column}) is not a source modifier; "
                    "the column was ignored.",
                )
            )
            columns.append(None)
            continue
        if name in DEPRECATED_MODIFIERS:
            report.add(
                DEPRECATED_COLUMN(pos, f"'{cell.text}' is no longer used by NCBI; the column was ignored.")
            )
            columns.append(None)
            continue
        if name in seen and name in SINGLE_VALUED:
            report.add(
                DUPLICATE_COLUMN(
                    pos,
                    f"'{cell.text}' at column {cell.column} repeats '{seen[name].text}' at column "
                    f"{seen[name].column}; a sequence has one {name}.",
                )
            )
            columns.append(None)
            continue
        seen.setdefault(name, cell)
        columns.append(name)
    return columns


def _unnamed_values(
    cells: list[Cell], header: list[Cell], line: Line, file: str, report: Report, reported: set[int]
) -> None:
    """Values under a header cell left empty; reported once per column."""
    for i, cell in enumerate(cells):
        if i and cell.text and i < len(header) and not header[i].text and i not in reported:
            reported.add(i)
            report.add(
                UNNAMED_COLUMN(
                    SourcePos(file, line.number, cell.column),
                    f"'{cell.text[:30]}' on line {line.number} is under a column with no name; that column "
                    "was ignored.",
                )
            )
