"""The feature table reader's entry points and its line dispatch: block headers and ``[offset=N]`` lines.

Each line goes to the module that reads its kind of row (``rows`` for feature and interval rows,
``qualifiers`` for qualifier rows); a block is yielded when the next header or the end of the file closes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from gbprep.model.diagnostics import Report
from gbprep.model.records import FeatureTable
from gbprep.readers.feature_table.codes import (
    BAD_OFFSET,
    EMPTY_TABLE,
    MISSING_HEADER,
    MISSING_SEQ_ID,
    NO_FEATURE_TABLE,
    NOT_A_HEADER,
    READER_BUG,
    REPEATED_SEQ_ID,
    UNKNOWN_COMMAND,
)
from gbprep.readers.feature_table.qualifiers import _read_qualifier_line
from gbprep.readers.feature_table.rows import _finish_feature, _read_feature_row
from gbprep.readers.feature_table.state import _State
from gbprep.readers.textio import DEFAULT_LIMITS, ReadLimits, TextSource

# '>Features' and other letters glued to the keyword are tolerated, as NCBI's reader does.
_HEADER_LINE = re.compile(r"\s*>\s*feature\S*(?:\s+(?P<id>\S+)(?P<name>.*))?\s*$", re.IGNORECASE)
_OFFSET = re.compile(r"\[\s*offset\s*=\s*(.*?)\s*\]\s*", re.IGNORECASE)


def read_feature_table(
    path: str | Path,
    report: Report,
    *,
    name: str | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Iterator[FeatureTable]:
    """Yield each ``>Feature`` block of a five-column table as it is completed; problems go to ``report``.

    ``name`` is what findings call the file (the user's file name). Blocks whose header names no SeqID are
    read and checked but not yielded.
    """
    source = TextSource(path, report, name=name, limits=limits)
    state = _State(report=report, file=source.name)
    last_line = 0
    # Lines come in lists (one per block of the file): a table has a few hundred thousand lines, and a
    # ``Line`` object for each costs more than the common row needs.
    for first, texts in source.line_lists():
        for number, text in enumerate(texts, first):
            try:
                finished = _read_line(state, number, text)
            except Exception as exc:  # a reader fault must not take the whole upload down
                report.add(
                    READER_BUG(
                        state.pos(number),
                        f"Line {number} could not be read ({type(exc).__name__}: {exc}).",
                    )
                )
                continue
            if finished is not None:
                yield finished
        last_line = first + len(texts) - 1
    finished = _close_table(state)
    if finished is not None:
        yield finished
    if state.seen_content and not state.seen_header and not state.reported_missing_header:
        report.add(NO_FEATURE_TABLE(state.pos(1), f"{state.file} has no '>Feature' line."))
    elif not state.seen_content and last_line > 0:
        report.add(
            NO_FEATURE_TABLE(
                state.pos(1), f"{state.file} holds only blank lines; no feature table was found."
            )
        )


def read_feature_tables(
    path: str | Path,
    report: Report,
    *,
    name: str | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> dict[str, FeatureTable]:
    """All blocks of the file by SeqID; a SeqID that has several blocks gets their features in file order."""
    tables: dict[str, FeatureTable] = {}
    for table in read_feature_table(path, report, name=name, limits=limits):
        if table.seq_id in tables:
            tables[table.seq_id].merge(table)
        else:
            tables[table.seq_id] = table
    return tables


def _read_line(state: _State, number: int, text: str) -> FeatureTable | None:
    stripped = text.strip()
    if not stripped:
        return None
    state.seen_content = True
    if stripped.startswith(">"):
        finished = _close_table(state)
        _read_header(state, number, stripped, text)
        return finished
    if state.skipping:
        return None
    if state.table is None:
        _report_missing_header(state, number, stripped)
        return None
    state.block_rows += 1
    if stripped.startswith("["):
        _read_command(state, number, stripped, text)
    elif text[0].isspace():
        _read_qualifier_line(state, number, text)
    else:
        _read_feature_row(state, number, text)
    return None


# --- block headers ------------------------------------------------------------------------------------------


def _read_header(state: _State, number: int, stripped: str, text: str) -> None:
    col = text.index(">") + 1
    state.offset = 0
    state.block_rows = 0
    state.pending = None
    state.skipping = False
    state.table_void = False
    match = _HEADER_LINE.match(text)
    if match is None:
        state.table = None
        state.skipping = True
        if re.match(r">\d+\^?\s+[<>]?\d+", stripped):
            hint = (
                " If it is a feature row with a partial start, '<' marks the start (column 1) and '>' goes "
                "before the stop (column 2), whatever the strand."
            )
        elif len(stripped) > 1 and not stripped[1].isspace():
            hint = " It looks like a FASTA header: sequences go in the FASTA file, features in the table."
        else:
            hint = ""
        state.report.add(
            NOT_A_HEADER(
                state.pos(number, col),
                f"Line {number} starts with '>' but is not a '>Feature SeqID' line: {stripped[:40]!r}."
                f"{hint} Lines up to the next '>Feature' line were ignored.",
            )
        )
        return
    state.seen_header = True
    seq_id, table_name = match.group("id"), (match.group("name") or "").strip()
    if not seq_id:
        state.table = FeatureTable("", state.pos(number, col))
        state.table_void = True
        state.report.add(
            MISSING_SEQ_ID(
                state.pos(number, col),
                f"The '>Feature' line at line {number} names no sequence; its features were not "
                "attached to any sequence.",
            )
        )
        return
    pos = state.pos(number, match.start("id") + 1)
    if seq_id in state.seq_ids:
        first = state.seq_ids[seq_id]
        state.report.add(
            REPEATED_SEQ_ID(
                pos,
                f"'>Feature {seq_id}' at line {number} repeats the block at line {first.line}; the "
                "features of both are attached to the sequence.",
                seq_id=seq_id,
            )
        )
    else:
        state.seq_ids[seq_id] = pos
    state.table = FeatureTable(seq_id, pos, table_name or None)


def _report_missing_header(state: _State, number: int, stripped: str) -> None:
    if state.reported_missing_header or state.seen_header:
        return
    state.reported_missing_header = True
    hint = ""
    if stripped.startswith("##gff-version") or stripped.count("\t") >= 8:
        hint = " This looks like GFF3; upload it as a GFF3 annotation file, not as a feature table."
    elif stripped.startswith("LOCUS"):
        hint = " This looks like a GenBank flatfile, not a five-column feature table."
    state.report.add(
        MISSING_HEADER(
            state.pos(number),
            f"Line {number} comes before any '>Feature SeqID' line, so it and the lines up to the first "
            f"'>Feature' line were ignored.{hint}",
        )
    )


def _close_table(state: _State) -> FeatureTable | None:
    _finish_feature(state)
    table, void = state.table, state.table_void
    state.table = None
    state.table_void = False
    if table is None or void:
        return None
    if not table and state.block_rows == 0:
        state.report.add(
            EMPTY_TABLE(
                table.pos,
                f"The block '>Feature {table.seq_id}' at line {table.pos.line} has no features.",
                seq_id=table.seq_id,
            )
        )
    return table


def _read_command(state: _State, number: int, stripped: str, text: str) -> None:
    col = text.index("[") + 1
    pos = state.pos(number, col)
    match = _OFFSET.fullmatch(stripped)
    if match is None:
        if re.match(r"\[\s*offset\b", stripped, re.IGNORECASE):
            state.report.add(
                BAD_OFFSET(pos, f"Line {number}: {stripped[:60]!r} is not '[offset=N]'; it was ignored.")
            )
        else:
            state.report.add(
                UNKNOWN_COMMAND(pos, f"Line {number}: {stripped[:60]!r} is not an instruction tbl2asn knows.")
            )
        return
    value = match.group(1)
    if not re.fullmatch(r"[+-]?[0-9]{1,10}", value):
        state.report.add(
            BAD_OFFSET(
                pos, f"Line {number}: the offset {value[:30]!r} is not a whole number; it was ignored."
            )
        )
        return
    state.offset = int(value)
