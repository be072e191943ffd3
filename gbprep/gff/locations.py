"""Locations of GFF3 features: pieces to intervals, the origin of circular sequences, partial ends.

GFF3 writes every piece with start <= end and the strand apart; the model writes rows in biological order with
start > stop on the minus strand, and ``<``/``>`` marks for partial ends (``model.Interval``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from gbprep.gff import quals
from gbprep.model.records import Feature, Interval, Strand
from gbprep.readers.gff3 import GffRecord


def wrap(intervals: list[Interval], length: int) -> list[Interval]:
    """On a circular sequence GFF3 writes a feature across the origin with end > length: split it there."""
    out: list[Interval] = []
    for iv in intervals:
        if iv.high <= length:
            out.append(iv)
        elif iv.low > length:
            out.append(replace(iv, start=iv.start - length, stop=iv.stop - length))
        elif iv.strand is Strand.MINUS:
            out += [replace(iv, start=iv.start - length, stop=1, partial_stop=False),
                    replace(iv, start=length, partial_start=False)]  # fmt: skip
        else:
            out += [
                replace(iv, stop=length, partial_stop=False),
                replace(iv, start=1, stop=iv.stop - length, partial_start=False),
            ]
    return out


def strand_of(records: Iterable[GffRecord]) -> str:
    strands = {r.strand for r in records} - {"."}
    return strands.pop() if len(strands) == 1 else "+"


def intervals(records: Iterable[GffRecord], strand: str, *, merge: bool) -> list[Interval]:
    """Pieces in biological order. Abutting pieces are joined (a GTF CDS and its stop codon); ``merge`` also
    joins overlapping ones (UTR + CDS into exons), which a CDS must keep apart (a -1 frameshift overlaps)."""
    pieces = sorted({(r.start, r.end): r for r in records}.items())
    spans: list[tuple[int, int, GffRecord]] = []
    for (start, end), record in pieces:
        if spans and (start == spans[-1][1] + 1 or (merge and start <= spans[-1][1])):
            low, high, first = spans[-1]
            spans[-1] = (low, max(high, end), first)
            continue
        spans.append((start, end, record))
    out = [
        Interval(high, low, record.pos) if strand == "-" else Interval(low, high, record.pos)
        for low, high, record in spans
    ]
    return out[::-1] if strand == "-" else out


def mark(feature: Feature, *, five: bool = False, three: bool = False) -> None:
    if not feature.intervals:
        return
    if five:
        feature.intervals[0] = replace(feature.intervals[0], partial_start=True)
    if three:
        feature.intervals[-1] = replace(feature.intervals[-1], partial_stop=True)


def partials_from_attributes(records: list[GffRecord], feature: Feature, strand: str) -> None:
    """``start_range``/``end_range`` (NCBI), ``partial=10|01|11`` (Prodigal), ``5_prime_partial`` and
    ``3_prime_partial`` (PASA, EVM) mark ends. ``partial=true`` alone names no end: the codon check decides."""
    low = high = five = three = False
    for record in records:
        start_range = record.get("start_range") or ""
        end_range = record.get("end_range") or ""
        low = low or start_range.startswith(".")
        high = high or end_range.endswith(".")
        prodigal = record.get("partial") or ""
        if prodigal in ("10", "11"):
            low = True
        if prodigal in ("01", "11"):
            high = True
        five = five or quals.is_true(record.get("5_prime_partial"))
        three = three or quals.is_true(record.get("3_prime_partial"))
    if strand == "-":
        low, high = high, low
    mark(feature, five=low or five, three=high or three)
