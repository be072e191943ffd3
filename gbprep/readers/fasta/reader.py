"""One pass over one FASTA file: the line loop that sends each line to the definition-line or sequence-line
reader, and takes runs of clean sequence lines in bulk.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from gbprep.model.diagnostics import Severity
from gbprep.readers.fasta.base import _BYTES_UPPER, _Building
from gbprep.readers.fasta.codes import (
    HEADER_TOO_LONG,
    NO_HEADER,
    NO_RECORDS,
    NOT_FASTA,
    READER_FAILURE,
    TEXT_BEFORE_HEADER,
)
from gbprep.readers.fasta.deflines import _DeflineReader
from gbprep.readers.fasta.sequence import _SequenceReader

_SEQUENCE_LIKE = re.compile(r"[ACGTUMRWSYKVHDBNacgtumrwsykvhdbn\s\d]*")
_TBL_ROW = re.compile(r"\s*(?:[<>]?\d+\s+[<>]?\d+|\[)")  # "1<TAB>100<TAB>gene" or "[offset=10]"


def _looks_like(line: str) -> tuple[str, bool] | None:
    """What a first line that is not a '>' line suggests the file is, and whether that is certain."""
    text = line.strip()
    head = text.split("\t")[0].strip().lower()
    for test, what in (
        (text.startswith("LOCUS"), "a GenBank flatfile (it starts with LOCUS)"),
        (line.startswith("ID   "), "an EMBL flatfile (it starts with ID)"),
        (text.startswith("##gff-version"), "a GFF3 annotation file"),
        (text.startswith("##fileformat=VCF"), "a VCF variant file"),
        (re.match(r"[A-Za-z][\w-]* ::=", text) is not None, "ASN.1 text (a .sbt template or a .sqn file)"),
        (text.startswith("StructuredCommentPrefix"), "a structured-comment (.cmt) file"),
        (text.startswith("@"), "FASTQ reads (it starts with @); submit assembled sequences as FASTA"),
        (text.startswith("<"), "XML or HTML"),
        (head in ("seqid", "seq_id", "sequence_id", "sequence id"), "a source-modifier table (.src)"),
        (text.count("\t") >= 8, "a GFF or GTF annotation file (9 tab-separated columns)"),
    ):
        if test:
            return what, True
    if text.startswith(("{", "[")):
        return "JSON or a list", False
    return None


@dataclass(slots=True)
class _Scan:
    """Where ``_Reader._records`` is: the record being built, the line being read, and what was seen before
    the first '>' line (reported once the first header or the end of the file shows what it was)."""

    record: _Building | None = None
    any_header: bool = False
    maybe_table: bool = (
        False  # the first record is named 'Feature': the next line tells whether this is a .tbl
    )
    kind: str = ""  # of the line being read: header, gap, blank, pre, comment or data
    parts: list[str] = field(default_factory=list)  # of a header or gap line, up to the line length limit
    size: int = 0
    col_base: int = 0
    lines_seen: int = 0
    pre_first: int = 0
    pre_last: int = 0
    pre_count: int = 0
    pre_sequence_like: bool = True
    pre_comments_only: bool = True
    pre_guess: tuple[str, bool] | None = None


class _Reader(_DeflineReader, _SequenceReader):
    """One pass over one file. ``alphabet``, ``modifiers`` (take known ones out of the title) and ``gaps``
    (accept '>?' gap lines) select the .fsa or the .pep/.rna behaviour."""

    def records(self) -> Iterator[_Building]:
        """Never raises: a fault in this module becomes a finding, and reading stops there."""
        try:
            yield from self._records()
        except Exception as exc:  # a last resort: the caller's batch must survive a reader bug
            self.add(
                READER_FAILURE(
                    self.at(self.line),
                    f"Reading {self.file} stopped at line {self.line}: internal error {type(exc).__name__}.",
                )
            )

    def _records(self) -> Iterator[_Building]:
        scan = _Scan()
        continuing = False  # inside a line that arrives in fragments
        for number, text, more in self._lines():
            self.line = number
            self.bulk_record = None
            # the first fragment of a line decides what the line is
            if not continuing and not self._line_kind(scan, number, text, more):
                return
            self._fragment(scan, number, text)
            continuing = more
            if continuing:
                scan.col_base += len(text)
                continue
            if scan.kind == "header" and scan.record is not None:
                yield self._finish(scan.record)  # before the next header is read, as its findings follow
            self._end_line(scan, number)
        if scan.record is not None:
            yield self._finish(scan.record)
        elif scan.pre_count:
            self._report_no_header(scan.pre_first, scan.pre_sequence_like, scan.pre_guess)
        elif scan.lines_seen:
            self.add(NO_RECORDS(self.at(1), f"{self.file} holds no '>' records."))

    def _line_kind(self, scan: _Scan, number: int, text: str, more: bool) -> bool:
        """Set ``scan.kind`` from a line's first fragment; False when the file turns out not to be FASTA."""
        scan.lines_seen += 1
        scan.parts, scan.size, scan.col_base = [], 0, 0
        record = scan.record
        lead = text[:1]  # one slice instead of several startswith calls: this runs for every line
        if lead == ">":
            scan.kind = "gap" if text[1:2] == "?" else "header"
        elif (not lead or lead.isspace()) and not more and not text.strip():
            scan.kind = "blank"
        elif record is None:
            scan.kind = "pre"
            if not self._pre_text(scan, number, text):
                return False
        elif lead == ";":
            scan.kind = "comment"
        else:
            scan.kind = "data"
            if scan.maybe_table and self._is_feature_table(record, text):
                return False
            record.line_map.add(record.length, number)
        scan.maybe_table = scan.maybe_table and scan.kind == "blank"
        return True

    def _pre_text(self, scan: _Scan, number: int, text: str) -> bool:
        """Note a line before the first '>' line; False when its first one shows this is another format."""
        if not scan.pre_count:
            scan.pre_first = number
            scan.pre_guess = _looks_like(text[:500])
            if scan.pre_guess is not None and scan.pre_guess[1]:
                message = f"{self.file} does not look like FASTA: it looks like {scan.pre_guess[0]}."
                self.add(NOT_FASTA(self.at(number, 1), message))
                return False
        scan.pre_count += 1
        scan.pre_last = number
        scan.pre_comments_only = scan.pre_comments_only and text.startswith((";", "#"))
        return True

    def _fragment(self, scan: _Scan, number: int, text: str) -> None:
        """Take one fragment of a line (all of it, for most lines) as its kind wants."""
        kind = scan.kind
        if kind in ("header", "gap"):
            if scan.size < self.limits.max_line_chars:
                scan.parts.append(text)
            scan.size += len(text)
        elif kind == "data" and scan.record is not None:
            self._residues(scan.record, text, number, scan.col_base)
        elif kind == "pre" and scan.pre_sequence_like:
            scan.pre_sequence_like = _SEQUENCE_LIKE.fullmatch(text) is not None

    def _end_line(self, scan: _Scan, number: int) -> None:
        """Act on a whole line; a header's previous record was already finished by the caller."""
        kind, record = scan.kind, scan.record
        if kind == "header":
            if record is None and scan.pre_count:
                self._report_pre_text(
                    scan.pre_first,
                    scan.pre_last,
                    scan.pre_count,
                    scan.pre_sequence_like,
                    scan.pre_comments_only,
                )
            record = scan.record = self._header(self._whole_line(scan.parts, scan.size, number), number)
            scan.maybe_table = not scan.any_header and record.seq_id.lower() in ("feature", "features")
            scan.any_header = True
        elif kind == "gap":
            self._gap_line(record, self._whole_line(scan.parts, scan.size, number), number)
        elif kind == "data" and record is not None:
            self._end_data_line(record, number)
        elif kind == "comment" and record is not None:
            record.comments += 1
            record.comment_pos = record.comment_pos or self.at(number, 1)
        if not scan.maybe_table:
            self.bulk_record = record

    def _lines(self) -> Iterator[tuple[int, str, bool]]:
        """``(number, text, more)`` for each line or fragment that ``_records`` must look at; runs of clean
        sequence lines of ``bulk_record`` are taken in bulk on the way and never reach it."""
        for number, block, more in self.source.line_blocks():
            if more:
                yield number, block, True
                continue
            pos, end = 0, len(block)
            while pos < end:
                record = self.bulk_record
                if record is not None:
                    pos, number = self._bulk(record, block, pos, number)
                    if pos == end:
                        break
                eol = block.index("\n", pos)
                yield number, block[pos:eol], False
                number += 1
                pos = eol + 1

    def _bulk(self, record: _Building, block: str, pos: int, number: int) -> tuple[int, int]:
        """Take the clean sequence lines at ``pos`` of ``block`` (line ``number``) in one go; returns the
        position and number of the first line not taken.

        Why: a genome is millions of 60-letter lines with nothing to report. Doing for a run of them at once
        what the per-line path does for each (a ``LineMap`` entry at the line's first residue, upper-cased
        residues) makes reading several times faster. A line with anything else (a space, a digit, a
        character outside the alphabet, '>' or ';', a blank line) ends the run and goes the careful way.
        """
        end = self.alphabet.clean.match(block, pos).end()  # type: ignore[union-attr]  # [..]* always matches
        cut = block.rfind("\n", pos, end) + 1  # whole lines only
        if cut <= pos or block.startswith("\n", pos):
            return pos, number
        blank = block.find("\n\n", pos, cut)
        if blank >= 0:
            cut = blank + 1
        run = block[pos:cut].encode("ascii")
        residues = run.translate(_BYTES_UPPER, b"\n").decode("ascii")
        count = len(run) - len(residues)  # lines in the run: one line end each
        width = run.find(b"\n")
        offsets, start = record.line_map.first_offsets, record.length
        head = count - 1
        if run[width : head * (width + 1) : width + 1] == b"\n" * head:
            # The usual layout: all lines but the last are as wide as the first (the line ends sit every
            # width + 1 bytes, and there are no others), so their first residues are evenly spaced.
            offsets.extend(range(start, start + head * width, width))
            offsets.append(start + head * width)
        else:
            for line in run.split(b"\n")[:-1]:
                offsets.append(start)
                start += len(line)
        record.line_map.lines.extend(range(number, number + count))
        record.append(residues)
        self.line = number + count - 1
        return cut, number + count

    def _is_feature_table(self, record: _Building, text: str) -> bool:
        if "\t" not in text and not _TBL_ROW.match(text):
            return False
        self.add(
            NOT_FASTA(
                self.at(record.pos.line, 1),
                f"{self.file} does not look like FASTA: it looks like a five-column feature table (.tbl), a "
                "'>Feature SeqID' line followed by rows of locations.",
                fix="Upload the feature table as the annotation (.tbl) file and the sequences (FASTA) here.",
            )
        )
        return True

    def _whole_line(self, parts: list[str], size: int, number: int) -> str:
        text = "".join(parts)
        if size > self.limits.max_line_chars:
            text = text[: self.limits.max_line_chars]
            self.add(
                HEADER_TOO_LONG(
                    self.at(number, 1),
                    f"The '>' line at line {number} is {size:,} characters long, more than "
                    f"{self.limits.max_line_chars:,}; the rest of it was ignored.",
                )
            )
        return text

    def _report_pre_text(
        self, first: int, last: int, count: int, sequence_like: bool, comments: bool
    ) -> None:
        where = f"Line {first}" if count == 1 else f"Lines {first}-{last}"
        if comments:
            message = f"{where} before the first '>' line are comments (';' or '#'); ignored."
            self.add(TEXT_BEFORE_HEADER(self.at(first, 1), message, severity=Severity.WARNING))
        elif sequence_like:
            message = (
                f"{where} before the first '>' line look like sequence without a definition line; ignored."
            )
            self.add(TEXT_BEFORE_HEADER(self.at(first, 1), message, fix=NO_HEADER.fix))
        else:
            self.add(
                TEXT_BEFORE_HEADER(self.at(first, 1), f"{where} before the first '>' line were ignored.")
            )

    def _report_no_header(self, first: int, sequence_like: bool, guess: tuple[str, bool] | None) -> None:
        if sequence_like:
            self.add(NO_HEADER(self.at(first, 1), f"{self.file} holds sequence but no '>' definition line."))
            return
        looks = f" It looks like {guess[0]}." if guess else ""
        self.add(
            NOT_FASTA(
                self.at(first, 1), f"{self.file} has no line starting with '>', so no FASTA records.{looks}"
            )
        )
