"""What a generated submission is made of, before it is written: records (sequence, gaps, defline
modifiers), features (key, spans, partial ends, qualifiers), side files, the template and the flags.

Everything the shrinker removes is a list element here: a record, a feature group (a gene with its mRNA and
CDS), one feature, one qualifier, a side file or a template's publication.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field


@dataclass
class Feature:
    """One table feature. ``spans`` are 1-based (from, to) pairs in the order the table writes them: for the
    minus strand each pair has from > to, exons listed 5' to 3' of the transcript."""

    key: str
    spans: list[tuple[int, int]]
    partial5: bool = False
    partial3: bool = False
    quals: list[tuple[str, str]] = field(default_factory=list)
    group: int = 0  # features of one gene share a group; the shrinker drops a group at once first

    @property
    def minus(self) -> bool:
        return any(a > b for a, b in self.spans)


@dataclass
class Gap:
    start: int  # 1-based position of its first N in the record
    length: int
    style: str  # "inline" (N in the sequence), "known" (>?N line), "unknown" (>?unkN line)


@dataclass
class Record:
    seqid: str
    seq: str  # gaps are runs of N here whatever their style
    mods: list[tuple[str, str]] = field(default_factory=list)  # [key=value] in the defline
    title: str = ""
    features: list[Feature] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)


@dataclass
class Submission:
    seed: int
    base: str
    records: list[Record]
    flags: list[str] = field(default_factory=list)  # tbl2asn flags besides -p/-r/-t/-V vb/-Z
    template: str = "pub"  # "pub": default.sbt with its publication; "nopub": the Submit-block alone
    src: list[list[str]] = field(default_factory=list)  # header row first
    cmt: list[tuple[str, str]] = field(default_factory=list)
    pep: list[tuple[str, str]] = field(default_factory=list)  # (id, protein sequence)
    organism: str = ""  # what the submission says the organism is (for the report)
    notes: list[str] = field(default_factory=list)  # what was planted, for people reading a fixture

    def clone(self) -> Submission:
        return copy.deepcopy(self)

    def size(self) -> tuple[int, int, int]:
        """(records, features, qualifiers): what the shrinker minimises, in that order."""
        feats = [f for r in self.records for f in r.features]
        quals = sum(len(f.quals) for f in feats) + sum(len(r.mods) for r in self.records)
        side = len(self.src) + len(self.cmt) + len(self.pep)
        return len(self.records), len(feats), quals + side
