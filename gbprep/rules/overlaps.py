"""Shared by the feature-relation families: a position index over features and NCBI's feature labels.

``FeatureIndex`` answers "which features overlap / contain this range" in O(log n + hits) after one sort, so
rules over a 30,000-gene genome stay a sort plus a sweep instead of comparing every pair.
``feature_text`` is what tbl2asn prints after ``FEATURE:`` in its ``.val`` lines.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from itertools import accumulate

from gbprep.model.modifiers import normalize_modifier_name
from gbprep.model.molecule import Molecule, molecule_of
from gbprep.model.records import Feature, Interval, SequenceRecord, Strand
from gbprep.rules.registry import RecordContext

# --- NCBI-style labels ----------------------------------------------------------------------------------------


def ncbi_id(seq_id: str) -> str:
    """How NCBI prints a SeqID: a bare local name gains ``lcl|``."""
    return seq_id if "|" in seq_id else f"lcl|{seq_id}"


def location_text(feature: Feature, seq_id: str) -> str:
    """``lcl|X:1-1701``, ``lcl|X:c200-101``, ``(lcl|X:c30-1, c60-40)``: NCBI's short location form."""
    rows = []
    for iv in feature.intervals:
        # NCBI marks a minus row's 5' end '>' and its 3' end '<'; a one-base row takes the feature's strand
        if row_strand(iv, feature) is Strand.MINUS:
            first = (">" if iv.partial_start else "") + str(iv.start)
            last = ("<" if iv.partial_stop else "") + str(iv.stop)
            rows.append(f"c{first}-{last}")
        else:
            first = ("<" if iv.partial_start else "") + str(iv.start)
            last = (">" if iv.partial_stop else "") + str(iv.stop)
            rows.append(f"{first}-{last}")
    text = f"{ncbi_id(seq_id)}:" + ", ".join(rows)
    return f"({text})" if len(rows) > 1 else text


_CONTENT_LABEL = {"gene": "Gene", "CDS": "CDS", "mRNA": "mRNA"}


def content_label(feature: Feature) -> str:
    """The short name NCBI gives a feature: gene symbol, product, or its most telling qualifier."""
    if feature.key == "gene":
        return feature.get("gene") or feature.get("locus_tag") or ""
    if feature.key in ("CDS", "mRNA", "tRNA", "rRNA", "ncRNA", "misc_RNA"):
        return feature.get("product") or ""
    for key in ("number", "regulatory_class", "note", "product"):
        value = feature.get(key)
        if value:
            return f"/{key}={value}" if key in ("number", "regulatory_class") else value
    return ""


def feature_text(feature: Feature, record: SequenceRecord) -> str:
    """What tbl2asn prints after ``FEATURE:`` (the protein part of a CDS is left out)."""
    key = _CONTENT_LABEL.get(feature.key, feature.key)
    return (
        f"{key}: {content_label(feature)} [{location_text(feature, record.seq_id)}] "
        f"[{ncbi_id(record.seq_id)}: raw, dna len= {len(record)}]"
    )


# --- position index -------------------------------------------------------------------------------------------


class FeatureIndex:
    """Features sorted by their lowest position, for overlap and containment queries.

    A prefix maximum of the highest positions bounds the backward walk: the walk stops at the first index
    where no earlier feature can still reach the query, so each query costs O(log n + hits) unless a few
    very long features shadow many short ones.
    """

    def __init__(self, features: Iterable[Feature]) -> None:
        # Each feature's span is computed once here; queries read these lists, never the features' own
        # (computed) low and high. The number keeps the sort stable for features with equal spans.
        spans = sorted((f.low, f.high, n, f) for n, f in enumerate(features) if f.intervals)
        self.features = [s[3] for s in spans]
        self._lows = [s[0] for s in spans]
        self._highs = [s[1] for s in spans]
        self._reach = list(accumulate(self._highs, max))

    def __len__(self) -> int:
        return len(self.features)

    def overlapping(self, low: int, high: int) -> Iterator[Feature]:
        """Features whose [low, high] span overlaps the range (spans, not exon by exon)."""
        reach, highs, features = self._reach, self._highs, self.features
        i = bisect.bisect_right(self._lows, high) - 1
        while i >= 0 and reach[i] >= low:
            if highs[i] >= low:
                yield features[i]
            i -= 1

    def containing(self, low: int, high: int) -> Iterator[Feature]:
        """Features whose span holds the whole range."""
        reach, lows, highs, features = self._reach, self._lows, self._highs, self.features
        i = bisect.bisect_right(lows, low) - 1  # a container starts at or before ``low``
        while i >= 0 and reach[i] >= high:
            if highs[i] >= high:
                yield features[i]
            i -= 1


def index_of(ctx: RecordContext, key: str) -> FeatureIndex:
    """One index per feature key per record, shared by every rule that asks."""
    made = ctx.cached(("feature_index", key), lambda: FeatureIndex(ctx.of_key(key)))
    assert isinstance(made, FeatureIndex)
    return made


def features_of(ctx: RecordContext, *keys: str) -> list[Feature]:
    """The record's features of these keys, in table order, computed once per record."""
    made = ctx.cached(("features_of", keys), lambda: [f for f in ctx.features if f.key in keys])
    assert isinstance(made, list)
    return made


def same_strand(a: Feature, b: Feature) -> bool:
    return a.strand is b.strand


def row_strand(iv: Interval, feature: Feature) -> Strand:
    """A one-base row (start == stop) has no strand of its own: tbl2asn gives it the feature's."""
    return feature.strand if iv.start == iv.stop else iv.strand


def mixed_strand(feature: Feature) -> bool:
    """Rows on both strands (a trans-spliced gene written across the two strands)."""
    return len({iv.strand for iv in feature.intervals if iv.start != iv.stop}) > 1


def record_modifiers(ctx: RecordContext) -> dict[str, str]:
    """The record's source modifiers (defline, .src rows, ``-j``), first value per normalised name."""

    def make() -> dict[str, str]:
        values: dict[str, str] = {}
        for m in ctx.source_modifiers:
            values.setdefault(normalize_modifier_name(m.name), m.value)
        return values

    made = ctx.cached("record_modifiers", make)
    assert isinstance(made, dict)
    return made


def record_molecule(ctx: RecordContext) -> Molecule:
    """The record's molecule, as the assembler writes it (first [moltype=], [tech=], [molecule=] in force)."""
    found = ctx.cached("molecule", lambda: molecule_of(ctx.source_modifiers))
    assert isinstance(found, Molecule)
    return found


def is_pseudo(ctx: RecordContext, feature: Feature) -> bool:
    """/pseudo or /pseudogene on the feature, or on a gene that holds it (which makes it pseudo in GenBank).

    The pseudo genes are found through a position index, so this stays linear on a 30,000-gene genome.
    """
    if feature.has("pseudo") or feature.has("pseudogene"):
        return True
    if not feature.intervals:
        return False

    def make() -> FeatureIndex:
        return FeatureIndex(g for g in ctx.of_key("gene") if g.has("pseudo") or g.has("pseudogene"))

    pseudo_genes = ctx.cached("pseudo_gene_index", make)
    assert isinstance(pseudo_genes, FeatureIndex)
    if not len(pseudo_genes):
        return False
    name = feature.get("gene") or feature.get("locus_tag")
    for gene in pseudo_genes.containing(feature.low, feature.high):
        if gene.strand is feature.strand and (
            name is None or name in (gene.get("gene"), gene.get("locus_tag"))
        ):
            return True
    return False
