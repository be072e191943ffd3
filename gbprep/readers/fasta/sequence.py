"""Sequence lines of a FASTA record, read the careful way (character by character when something is
off), gap lines, and the summary findings at the end of each record.
"""

from __future__ import annotations

import re

from gbprep.model.diagnostics import Severity
from gbprep.model.records import Gap
from gbprep.readers.fasta.base import (
    _ASCII_UPPER,
    _NUCLEOTIDE,
    _PROTEIN_ONLY,
    _SKIPPED,
    _Building,
    _ReaderBase,
    _short,
)
from gbprep.readers.fasta.codes import (
    BAD_GAP_LINE,
    COMMENT_LINE,
    DIGITS_IN_SEQUENCE,
    EMPTY_SEQUENCE,
    HYPHEN_IN_SEQUENCE,
    INVALID_RESIDUE,
    LINE_FINDINGS_PER_RECORD,
    MAX_GAP_LENGTH,
    MAX_GAP_TOTAL,
    PROTEIN_IN_NUCLEOTIDE,
)

_GAP_LINE = re.compile(r">\?\s*(unk)?\s*(\d*)\s*(.*)", re.IGNORECASE | re.DOTALL)
_GAP_MODIFIERS = re.compile(r"(?:\[[^\[\]]*\]\s*)*")  # each round starts at '[': no backtracking blow-up


class _SequenceReader(_ReaderBase):
    """Sequence lines, '>?' gap lines, and the findings a record gets when it ends."""

    def _residues(self, record: _Building, text: str, line: int, col_base: int) -> None:
        data = text.upper() if text.isascii() else text.translate(_ASCII_UPPER)
        odd = self.alphabet.odd
        if odd.search(data) is None:  # the common case: nothing to report, no per-character work
            record.append(data)
            return
        record.append(odd.sub("", data))
        for match in odd.finditer(data):
            for index, char in enumerate(match.group(), match.start()):
                if char in _SKIPPED:
                    continue
                column = col_base + index + 1
                if "0" <= char <= "9":
                    record.digits += 1
                    record.digit_pos = record.digit_pos or self.at(line, column)
                elif char == "-":
                    record.hyphens += 1
                    record.hyphen_pos = record.hyphen_pos or self.at(line, column)
                else:
                    if not self.line_bad:
                        self.line_bad_col = column
                    self.line_bad += 1
                    if len(self.line_bad_chars) < 5 and char not in self.line_bad_chars:
                        self.line_bad_chars.append(char)
                    if char in _PROTEIN_ONLY:
                        record.protein_letters += 1

    def _end_data_line(self, record: _Building, line: int) -> None:
        if not self.line_bad:
            return
        record.bad_lines += 1
        record.bad_chars += self.line_bad
        if len(record.pending) < LINE_FINDINGS_PER_RECORD:
            shown = " ".join(repr(c) for c in self.line_bad_chars)
            x_hint = (
                " X is an amino-acid code; write unknown bases as N." if "X" in self.line_bad_chars else ""
            )
            record.pending.append(
                INVALID_RESIDUE(
                    self.at(line, self.line_bad_col),
                    f"Line {line} has {self.line_bad} character{'s' if self.line_bad > 1 else ''} that "
                    f"{'are' if self.line_bad > 1 else 'is'} not {self.alphabet.name} code ({shown}), the "
                    f"first at column {self.line_bad_col}; dropped.{x_hint}",
                    seq_id=record.seq_id,
                    fix=None if self.alphabet is _NUCLEOTIDE else f"Use only {self.alphabet.codes}.",
                )
            )
        elif record.first_unreported is None:
            record.first_unreported = line
        self.line_bad, self.line_bad_col, self.line_bad_chars = 0, 0, []

    def _gap_line(self, record: _Building | None, text: str, line: int) -> None:
        if record is None or not self.gaps:
            where = "before the first '>SeqID' line" if record is None else f"in {self.file}"
            self.add(
                BAD_GAP_LINE(
                    self.at(line, 1),
                    f"Gap line '{text[:40]}' at line {line} {where}; ignored."
                    + ("" if self.gaps else " Gap lines belong in the nucleotide (.fsa) file."),
                )
            )
            return
        match = _GAP_LINE.fullmatch(text.rstrip())
        digits = match.group(2) if match else ""
        if not digits or len(digits) > 12 or int(digits) == 0:
            self.add(
                BAD_GAP_LINE(
                    self.at(line, 1),
                    f"Gap line '{text[:40]}' at line {line} has no usable length; ignored.",
                    seq_id=record.seq_id,
                )
            )
            return
        length = int(digits)
        if length > MAX_GAP_LENGTH or record.gap_total + length > MAX_GAP_TOTAL:
            self.add(
                BAD_GAP_LINE(
                    self.at(line, 1),
                    f"Gap line at line {line} asks for {length:,} Ns, more than this portal expands "
                    f"({MAX_GAP_LENGTH:,} per gap, {MAX_GAP_TOTAL:,} per sequence); ignored.",
                    seq_id=record.seq_id,
                    fix="Check the gap length; ask the curators if the assembly really has gaps this long.",
                )
            )
            return
        assert match is not None  # digits came from it
        if _GAP_MODIFIERS.fullmatch(match.group(3)) is None:
            self.add(
                BAD_GAP_LINE(
                    self.at(line, 1),
                    f"Gap line at line {line} has text after the length that is not a [name=value] pair: "
                    f"'{match.group(3)[:40]}'; it was ignored.",
                    seq_id=record.seq_id,
                    severity=Severity.WARNING,
                )
            )
        record.line_map.add(record.length, line)
        record.gaps.append(Gap(record.length, length, match.group(1) is not None, self.at(line, 1)))
        record.append("N" * length)
        record.gap_total += length

    def _finish(self, record: _Building) -> _Building:
        seq_id, shown = record.seq_id, _short(record.seq_id)
        total = record.length + record.protein_letters
        if (
            self.alphabet is _NUCLEOTIDE
            and record.protein_letters >= 5
            and record.protein_letters * 10 >= total
        ):
            self.add(
                PROTEIN_IN_NUCLEOTIDE(
                    record.pos,
                    f"Sequence '{shown}' looks like protein: {record.protein_letters:,} of its letters are "
                    f"amino acids that are not nucleotide codes (E F I L P Q ...) on {record.bad_lines:,} "
                    "lines.",
                    seq_id=seq_id,
                )
            )
        else:
            self.report.extend(record.pending)
            if record.first_unreported is not None:
                more = record.bad_lines - len(record.pending)
                self.add(
                    INVALID_RESIDUE(
                        self.at(record.first_unreported),
                        f"{more:,} more lines of '{shown}' have invalid characters, from line "
                        f"{record.first_unreported} on ({record.bad_chars:,} characters in all); not listed "
                        "one by one.",
                        seq_id=seq_id,
                    )
                )
        record.pending = []
        if record.digits:
            self.add(
                DIGITS_IN_SEQUENCE(
                    record.digit_pos,
                    f"Sequence '{shown}' has {record.digits:,} digits in its sequence lines, the first at "
                    f"{record.digit_pos}; skipped.",
                    seq_id=seq_id,
                )
            )
        if record.hyphens:
            self.add(
                HYPHEN_IN_SEQUENCE(
                    record.hyphen_pos,
                    f"Sequence '{shown}' has {record.hyphens:,} '-' characters, the first at "
                    f"{record.hyphen_pos}; dropped.",
                    seq_id=seq_id,
                )
            )
        if record.comments:
            self.add(
                COMMENT_LINE(
                    record.comment_pos,
                    f"Sequence '{shown}' has {record.comments} comment line(s) starting with ';', the first "
                    f"at {record.comment_pos}; skipped.",
                    seq_id=seq_id,
                )
            )
        if record.length == 0:
            self.add(
                EMPTY_SEQUENCE(
                    record.pos, f"'{shown}' at line {record.pos.line} has no sequence.", seq_id=seq_id
                )
            )
        return record
