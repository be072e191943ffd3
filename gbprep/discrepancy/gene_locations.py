"""Discrepancy tests on how a feature's ends sit against its gene's: FEATURE_LOCATION_CONFLICT.

tbl2asn 25.3 (the C toolkit's ``FindCDSmRNAGeneLocationDiscrepancies``) walks each nucleotide sequence's
RNAs and, off eukaryotes, its coding regions first, in position order, and pairs each with its gene.
"""

from __future__ import annotations

from collections.abc import Iterator

from gbprep.discrepancy.context import RNA_KEYS, RecordView
from gbprep.discrepancy.model import DiscItem, DiscrepancyOptions, ReportLine
from gbprep.discrepancy.partials import partial_sides
from gbprep.discrepancy.registry import discrepancy
from gbprep.discrepancy.residues import gap_spans
from gbprep.model.records import Feature, Strand


def _mixed_strand(feature: Feature) -> bool:
    """Rows of more than one base running both ways (a trans-spliced feature)."""
    strands = {iv.strand for iv in feature.intervals if iv.start != iv.stop}
    return len(strands) > 1


def _mixed_strand_ok(feature: Feature, gene: Feature) -> bool:
    """tbl2asn's check for trans-spliced features: each gene row is covered, end to end, by a run of the
    feature's rows on the gene row's strand."""
    rows = feature.intervals
    i = 0
    for part in gene.intervals:
        if i >= len(rows) or rows[i].strand is not part.strand:
            return False
        minus = part.strand is Strand.MINUS
        # the end the run starts from must match; the run then goes on until its far end matches
        if (rows[i].high if minus else rows[i].low) != (part.high if minus else part.low):
            return False
        while (rows[i].low if minus else rows[i].high) != (part.low if minus else part.high):
            i += 1
            if i >= len(rows) or rows[i].strand is not part.strand:
                return False
            if (rows[i].low < part.low) if minus else (rows[i].high > part.high):
                return False
        i += 1
    return i == len(rows)


def _location_ok(view: RecordView, feature: Feature, gene: Feature) -> bool:
    """Same ends and strand as the gene (a trans-spliced pair: row by row)."""
    if _mixed_strand(feature) or _mixed_strand(gene):
        return _mixed_strand_ok(feature, gene)
    low, high, strand = view.span(feature)
    gene_low, gene_high, gene_strand = view.span(gene)
    return strand is gene_strand and low == gene_low and high == gene_high


def _abuts_gap(view: RecordView, feature: Feature) -> bool:
    """A partial end of a coding region (its left end if ``<`` is there, right end likewise) that touches
    a gap of the sequence: tbl2asn does not hold the mismatch against it, the gene may go on in the gap."""
    left, right = partial_sides(feature)
    if not (left or right):
        return False
    low, high, _ = view.span(feature)
    gaps = view.cached("gap_bounds", lambda: _gap_bounds(view))
    return (left and low - 1 in gaps[1]) or (right and high + 1 in gaps[0])


def _gap_bounds(view: RecordView) -> tuple[set[int], set[int]]:
    """The first and last bases (1-based) of the record's gaps."""
    spans = gap_spans(view)
    return {start + 1 for start, _ in spans}, {end for _, end in spans}


def _location_conflicts(items: list[DiscItem], options: DiscrepancyOptions) -> list[ReportLine]:
    n = sum(1 for item in items if item.key == "feature")
    if not n:
        return []
    return [ReportLine("FEATURE_LOCATION_CONFLICT", f"{n} features have inconsistent gene locations.", items)]


@discrepancy("FEATURE_LOCATION_CONFLICT", summarize=_location_conflicts)
def feature_location_conflict(view: RecordView) -> Iterator[DiscItem]:
    """An RNA (or, off eukaryotes, a coding region) whose ends are not its gene's.

    What: RNA features, and coding regions on sequences that are not eukaryotic nuclear ones, that do not
    start and stop where the gene around them does. A coding region's partial end next to a gap is let
    pass. Each is listed with its gene.
    Why: a gene spans the features it names; a mismatch usually means a gene or a feature was moved or
    trimmed and the other was not. A eukaryotic CDS is expected to sit inside its gene's UTRs, an mRNA not.
    Fix: make the gene's ends those of its mRNA (eukaryotes) or of its CDS or RNA (prokaryotes, organelles).
    """
    kinds = [RNA_KEYS] if view.eukaryotic_bioseq else [frozenset({"CDS"}), RNA_KEYS]
    for keys in kinds:
        features = [f for f in view.features if f.key in keys and f.intervals]
        features.sort(key=lambda f: (view.span(f)[0], -view.span(f)[1]))
        for feature in features:
            gene = view.gene_of(feature)
            if gene is None or _location_ok(view, feature, gene):
                continue
            if feature.key == "CDS" and _abuts_gap(view, feature):
                continue
            yield view.feature_item(feature, key="feature")
            yield view.feature_item(gene, key="gene")
