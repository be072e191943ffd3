"""The in-memory model every reader produces and every rule and writer consumes.

Each element keeps its origin (``SourcePos``) so that a finding about a derived object (a translation, an
overlap) can point at the user's own line. Sequences are the only large objects; readers yield them one at a
time so memory is bounded by the largest single sequence, not by the genome.
"""

from __future__ import annotations

import bisect
import enum
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from gbprep.model.diagnostics import SourcePos
from gbprep.model.frozen import fast_init


class Strand(enum.Enum):
    PLUS = "+"
    MINUS = "-"


@fast_init
@dataclass(frozen=True, slots=True)
class Interval:
    """One row of a location, as written: ``start`` > ``stop`` means the minus strand.

    ``partial_start``/``partial_stop`` are the ``<``/``>`` marks on the written numbers; ``between`` is the
    ``^`` site form (a point between two bases, e.g. ``100^101``).
    """

    start: int
    stop: int
    pos: SourcePos
    partial_start: bool = False
    partial_stop: bool = False
    between: bool = False

    # These three are read millions of times on a genome: plain comparisons, no builtin calls.
    @property
    def strand(self) -> Strand:
        return Strand.MINUS if self.start > self.stop else Strand.PLUS

    @property
    def low(self) -> int:
        start, stop = self.start, self.stop
        return start if start < stop else stop

    @property
    def high(self) -> int:
        start, stop = self.start, self.stop
        return stop if start < stop else start

    def __len__(self) -> int:
        return 0 if self.between else self.high - self.low + 1


@fast_init
@dataclass(frozen=True, slots=True)
class Qualifier:
    key: str
    value: str | None
    pos: SourcePos


@dataclass(slots=True)
class Feature:
    """A feature from a table (or GFF3): key, location rows in biological order, qualifiers."""

    key: str
    seq_id: str
    pos: SourcePos
    intervals: list[Interval] = field(default_factory=list)
    qualifiers: list[Qualifier] = field(default_factory=list)
    table: str | None = None

    def get(self, key: str) -> str | None:
        for q in self.qualifiers:
            if q.key == key:
                return q.value
        return None

    def values(self, key: str) -> list[str]:
        return [q.value or "" for q in self.qualifiers if q.key == key]

    def has(self, key: str) -> bool:
        for q in self.qualifiers:  # noqa: SIM110 (a loop, not any(): called for every rule on every feature)
            if q.key == key:
                return True
        return False

    @property
    def strand(self) -> Strand:
        """MINUS when every row of more than one base runs backwards, else PLUS."""
        minus = False
        for i in self.intervals:
            if i.start < i.stop:
                return Strand.PLUS
            if i.start > i.stop:
                minus = True
        return Strand.MINUS if minus else Strand.PLUS

    @property
    def partial5(self) -> bool:
        return bool(self.intervals) and self.intervals[0].partial_start

    @property
    def partial3(self) -> bool:
        return bool(self.intervals) and self.intervals[-1].partial_stop

    @property
    def low(self) -> int:
        ivs = self.intervals
        if len(ivs) == 1:  # every gene, most RNAs
            start, stop = ivs[0].start, ivs[0].stop
            return start if start < stop else stop
        return min(min([i.start for i in ivs]), min([i.stop for i in ivs]))

    @property
    def high(self) -> int:
        ivs = self.intervals
        if len(ivs) == 1:
            start, stop = ivs[0].start, ivs[0].stop
            return stop if start < stop else start
        return max(max([i.start for i in ivs]), max([i.stop for i in ivs]))

    @property
    def label(self) -> str:
        """A short human name for messages: key plus the most telling qualifier."""
        for key in ("locus_tag", "gene", "product", "protein_id", "transcript_id", "note"):
            value = self.get(key)
            if value:
                return f"{self.key} {value}"
        if self.intervals:
            return f"{self.key} {self.intervals[0].start}..{self.intervals[-1].stop}"
        return self.key


@dataclass(frozen=True, slots=True)
class SourceModifier:
    """A source qualifier from a defline ``[name=value]``, a ``.src`` table cell or ``-j``."""

    name: str
    value: str
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class Gap:
    """A gap inside a sequence: ``>?unk100`` (unknown length) or ``>?100`` (known), or a run of Ns."""

    offset: int
    length: int
    unknown_length: bool
    pos: SourcePos


@dataclass(slots=True)
class LineMap:
    """Maps a 0-based residue offset back to the file line that holds it (for findings on residues)."""

    first_offsets: array[int] = field(default_factory=lambda: array("q"))
    lines: array[int] = field(default_factory=lambda: array("q"))

    def add(self, offset: int, line: int) -> None:
        self.first_offsets.append(offset)
        self.lines.append(line)

    def line_of(self, offset: int) -> int | None:
        index = bisect.bisect_right(self.first_offsets, offset) - 1
        return self.lines[index] if index >= 0 else None


@dataclass(slots=True)
class SequenceRecord:
    """One FASTA record. ``residues`` is upper-case IUPAC text with gap lines expanded to Ns."""

    seq_id: str
    title: str
    pos: SourcePos
    residues: str = ""
    modifiers: list[SourceModifier] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    line_map: LineMap = field(default_factory=LineMap)

    def __len__(self) -> int:
        return len(self.residues)

    def modifier(self, name: str) -> str | None:
        for m in self.modifiers:
            if m.name == name:
                return m.value
        return None

    def pos_of(self, offset: int) -> SourcePos:
        """File position of a 0-based residue offset (the header line when unknown)."""
        line = self.line_map.line_of(offset)
        return SourcePos(self.pos.file, line) if line else self.pos


@dataclass(slots=True)
class AsnNode:
    """A value from ASN.1 value notation, with its position; ``kind`` is how it was written."""

    kind: str  # "struct", "choice", "list", "string", "int", "real", "bool", "null", "ident", "bits"
    pos: SourcePos
    value: object = None
    name: str | None = None
    children: list[AsnNode] = field(default_factory=list)

    def child(self, name: str) -> AsnNode | None:
        for c in self.children:
            if c.name == name:
                return c
        return None

    def walk(self) -> Iterator[AsnNode]:
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass(slots=True)
class Author:
    last: str
    first: str = ""
    initials: str = ""
    suffix: str = ""


@dataclass(slots=True)
class Affiliation:
    affil: str = ""
    div: str = ""
    city: str = ""
    sub: str = ""
    country: str = ""
    street: str = ""
    email: str = ""
    postal_code: str = ""


@dataclass(slots=True)
class SubmitBlock:
    """What the template's Submit-block says, plus the raw tree for the writers."""

    pos: SourcePos
    contact: Author | None = None
    contact_email: str = ""
    authors: list[Author] = field(default_factory=list)
    affiliation: Affiliation | None = None
    hold_until: tuple[int, int, int] | None = None  # (year, month, day)
    title: str = ""
    raw: AsnNode | None = None


@dataclass(slots=True)
class Descriptor:
    """A Seqdesc from the template or a side file: ``pub``, ``comment``, ``user`` (structured comment), ..."""

    kind: str
    pos: SourcePos
    text: str = ""
    fields: list[tuple[str, str]] = field(default_factory=list)
    seq_id: str | None = None  # None: applies to every sequence
    raw: AsnNode | None = None


@dataclass(slots=True)
class ProteinRecord:
    """A replacement protein (``.pep``) or transcript (``.rna``) record, for cross-checks."""

    seq_id: str
    title: str
    pos: SourcePos
    residues: str


class FeatureTable(list[Feature]):
    """The features of one ``>Feature`` block, in file order, with the block's SeqID and header position."""

    def __init__(
        self, seq_id: str, pos: SourcePos, name: str | None = None, features: Iterable[Feature] = ()
    ) -> None:
        super().__init__(features)
        self.seq_id = seq_id
        self.pos = pos
        self.name = name
        self._order: set[int] = set()

    def mark_order(self, feature: Feature) -> None:
        self._order.add(id(feature))

    def is_order(self, feature: Feature) -> bool:
        """True when the table wrote ``order`` for this feature: its intervals are not to be joined."""
        return id(feature) in self._order

    def merge(self, other: FeatureTable) -> None:
        self.extend(other)
        self._order |= other._order

    def __repr__(self) -> str:
        return f"FeatureTable({self.seq_id!r}, {len(self)} features, {self.pos})"

    def __reduce__(self) -> tuple[Any, ...]:
        # The ``order`` marks are object ids, which a pickled copy (a job spread over workers) does not keep:
        # they travel as positions in the table instead.
        marked = [index for index, feature in enumerate(self) if id(feature) in self._order]
        return _rebuilt_table, (self.seq_id, self.pos, self.name, list(self), marked)


def _rebuilt_table(
    seq_id: str, pos: SourcePos, name: str | None, features: list[Feature], marked: list[int]
) -> FeatureTable:
    table = FeatureTable(seq_id, pos, name, features)
    for index in marked:
        table.mark_order(features[index])
    return table
