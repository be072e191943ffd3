"""The records the generator passes around: intervals, loci as written to the table, a gene before it is
placed (``_Layout``), an error waiting for a gene (``_Pending``), and the genome's statistics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Interval:
    """One interval in feature-table order: ``first`` is the 5' end in the feature's orientation."""

    first: int
    last: int


@dataclass
class _Pending:
    kind: str
    after: int  # the gene ordinal from which this error may be planted


@dataclass
class _Layout:
    """A gene built in its own orientation, before it is placed on the contig."""

    ordinal: int
    product: str
    partial5: bool
    partial3: bool
    codon_start: int
    u5: int  # 5'UTR length
    cds_len: int
    bounds: list[int]  # exon boundaries in transcript coordinates, 0 .. transcript length
    exons: list[tuple[int, int]]  # [start, end) of each exon in gene coordinates (introns included)
    length: int
    pieces: list[str | int]  # sequence, with an int standing for a gap of that length
    injection: _Pending | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Locus:
    ordinal: int
    locus_tag: str
    product: str
    strand: int
    gene_start: int  # 1-based, low coordinate
    gene_end: int
    exons: list[Interval]
    cds: list[Interval]
    partial5: bool
    partial3: bool
    codon_start: int
    tag_written: str
    cds_product: bool = True
    error: dict[str, Any] | None = None  # the manifest entry of an error planted here
    lines: dict[str, int] = field(default_factory=dict)


@dataclass
class Stats:
    contigs: int = 0
    bases: int = 0
    gc_bases: int = 0
    genes: int = 0
    exons: int = 0
    plus_strand: int = 0
    partial_5: int = 0
    partial_3: int = 0
    gaps: int = 0
    fsa_lines: int = 0
    tbl_lines: int = 0
