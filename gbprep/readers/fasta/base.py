"""What the parts of the FASTA reader share: the alphabets, the record being built (``_Building``) and the
reader's state (``_ReaderBase``), which the definition-line and sequence-line readers extend.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path

from gbprep.model.diagnostics import Finding, Report, SourcePos
from gbprep.model.records import Gap, LineMap, SourceModifier
from gbprep.readers.textio import ReadLimits, TextSource


def _short(text: str, limit: int = 60) -> str:
    """Names as quoted in messages: a megabyte-long 'SeqID' must not be copied into every finding text."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


_ASCII_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)
_NUC_CODES = "ACGTUMRWSYKVHDBN"
_NUC_ODD = re.compile(rf"[^{_NUC_CODES}]+")
_PROT_ODD = re.compile(r"[^A-Z*]+")
# Runs of whole lines that need no per-line work: every character a code of the alphabet in either case
# (blank lines are cut off afterwards). Taken in bulk by ``_Reader._bulk``.
_NUC_CLEAN = re.compile(rf"[{_NUC_CODES}{_NUC_CODES.lower()}\n]*")
_PROT_CLEAN = re.compile(r"[A-Za-z*\n]*")
# Upper-cases and drops the line ends of a clean run in one pass (bytes.translate is the fastest way).
_BYTES_UPPER = bytes.maketrans(string.ascii_lowercase.encode(), string.ascii_uppercase.encode())
_SKIPPED = frozenset(" \t\f\v")
_MERGE_SIZE = 1 << 20
# Letters that are amino acids but not nucleotide codes; X is left out because DNA is often X-masked.
_PROTEIN_ONLY = frozenset("EFIJLOPQZ")


@dataclass(frozen=True, slots=True)
class _Alphabet:
    name: str
    odd: re.Pattern[str]  # runs of characters outside the alphabet (after upper-casing)
    codes: str
    clean: re.Pattern[str]  # a run of lines with nothing to report (either case, no spaces)


_NUCLEOTIDE = _Alphabet("nucleotide", _NUC_ODD, "A C G T U R Y S W K M B D H V N", _NUC_CLEAN)
_PROTEIN = _Alphabet("amino-acid", _PROT_ODD, "the 26 letters and a final *", _PROT_CLEAN)


@dataclass(slots=True)
class _Building:
    """A record while its lines are read, with the counts its end-of-record findings need."""

    seq_id: str
    title: str
    pos: SourcePos
    modifiers: list[SourceModifier]
    chunks: list[str] = field(default_factory=list)
    recent: list[str] = field(
        default_factory=list
    )  # short lines, merged into ``chunks`` about 1 MiB at a time
    recent_size: int = 0
    length: int = 0
    gaps: list[Gap] = field(default_factory=list)
    gap_total: int = 0
    line_map: LineMap = field(default_factory=LineMap)
    pending: list[Finding] = field(default_factory=list)
    bad_lines: int = 0
    bad_chars: int = 0
    first_unreported: int | None = None
    protein_letters: int = 0
    digits: int = 0
    digit_pos: SourcePos | None = None
    hyphens: int = 0
    hyphen_pos: SourcePos | None = None
    comments: int = 0
    comment_pos: SourcePos | None = None

    def append(self, residues: str) -> None:
        # A str per 60-letter line would cost ~50 bytes of object overhead per line, nearly doubling a
        # chromosome's footprint; merged pieces keep the total near the sequence length.
        if len(residues) >= _MERGE_SIZE >> 4:  # already a big piece (a bulk run): no need to copy it again
            self.length += len(residues)
            if self.recent:
                self.chunks.append("".join(self.recent))
                self.recent, self.recent_size = [], 0
            self.chunks.append(residues)
            return
        self.recent.append(residues)
        self.recent_size += len(residues)
        self.length += len(residues)
        if self.recent_size >= _MERGE_SIZE:
            self.chunks.append("".join(self.recent))
            self.recent, self.recent_size = [], 0

    def take_residues(self) -> str:
        residues = "".join([*self.chunks, *self.recent])
        self.chunks, self.recent, self.recent_size = [], [], 0
        return residues


class _ReaderBase:
    """What every part of the reader shares: the file, the report, the options, per-file and per-line state.

    ``_Reader`` puts the parts (definition lines, sequence lines, the line loop) together on top of it."""

    def __init__(
        self,
        path: str | Path,
        report: Report,
        *,
        name: str | None,
        limits: ReadLimits,
        alphabet: _Alphabet,
        modifiers: bool,
        gaps: bool,
    ) -> None:
        self.source = TextSource(path, report, name=name, limits=limits)
        self.file = self.source.name
        self.report = report
        self.limits = limits
        self.alphabet = alphabet
        self.modifiers = modifiers
        self.gaps = gaps
        self.line = 1  # the line being read, for the last-resort finding
        self.seen: dict[str, int] = {}
        self.seen_folded: dict[str, tuple[str, int]] = {}
        # per line, because a long line arrives in several fragments
        self.line_bad = 0
        self.line_bad_col = 0
        self.line_bad_chars: list[str] = []
        # The record whose next lines may be taken in bulk (not inside a fragmented line, not deciding
        # whether the file is a feature table); set by ``_records`` after each line, read by ``_lines``.
        self.bulk_record: _Building | None = None

    def at(self, line: int, column: int | None = None) -> SourcePos:
        return SourcePos(self.file, line, column)

    def add(self, finding: Finding) -> None:
        self.report.add(finding)
