"""Discrepancy tests on partial ends: DISC_BACTERIAL_PARTIAL_NONEXTENDABLE_PROBLEMS, DISC_GENE_PARTIAL_CONFLICT.

A partial end (``<`` or ``>``) says the feature goes on past what was sequenced, so it should sit at the end
of the sequence or at a gap. Positions here are 0-based, as in the C toolkit's functions they follow
(``IsNonExtendableLeft``/``IsNonExtendableRight`` of tbl2asn 25.3).
"""

from __future__ import annotations

import bisect
import sys
from collections.abc import Iterator

from gbprep.discrepancy.context import RNA_KEYS, RecordView
from gbprep.discrepancy.model import DiscItem, DiscrepancyOptions, ReportLine
from gbprep.discrepancy.registry import discrepancy
from gbprep.discrepancy.residues import gap_spans
from gbprep.model.records import Feature, Strand

EXTENDABLE = 3  # bases a partial end may be moved by to reach the sequence's end or a gap
NONEXTENDABLE_EXCEPTION = "unextendable partial coding region"


def partial_sides(feature: Feature) -> tuple[bool, bool]:
    """Whether the feature's left (lower) and right (higher) ends are partial."""
    first, last = feature.intervals[0], feature.intervals[-1]
    if feature.strand is Strand.MINUS:
        return last.partial_stop, first.partial_start
    return first.partial_start, last.partial_stop


def _nonextendable_left(gaps: list[tuple[int, int]], pos: int) -> bool:
    """More than 3 bases from the sequence's start and from the end of the nearest gap before ``pos``."""
    if pos < EXTENDABLE:
        return False
    i = bisect.bisect_right(gaps, (pos, sys.maxsize)) - 1  # the last gap starting at or before pos
    if i < 0:
        return True
    end = gaps[i][1]
    return not (0 <= pos - end < EXTENDABLE)  # inside the gap counts as too far, as in tbl2asn


def _nonextendable_right(gaps: list[tuple[int, int]], pos: int, length: int) -> bool:
    """More than 3 bases from the sequence's end and from the start of the nearest gap after ``pos``."""
    if pos > length - EXTENDABLE - 1:
        return False
    i = bisect.bisect_right(gaps, (pos, sys.maxsize))  # the first gap starting after pos
    if i >= len(gaps):
        return True
    return not (gaps[i][0] - pos - 1 < EXTENDABLE)


@discrepancy(
    "DISC_BACTERIAL_PARTIAL_NONEXTENDABLE_PROBLEMS",
    text="{n} features have partial ends that do not abut the end of the sequence or a gap, and cannot be "
    "extended by 3 or fewer nucleotides to do so",
    fatal=True,
)
def bacterial_partial_nonextendable(view: RecordView) -> Iterator[DiscItem]:
    """A partial coding region end, off eukaryotes, that is not at (or within 3 bases of) an end or a gap.

    What: on sequences whose organism is not known to be a eukaryote, coding regions with a partial end
    more than 3 bases from the end of the sequence and from a gap, unless their /exception already says
    "unextendable partial coding region".
    Why: in a prokaryote a coding region is partial only because the sequence stops (or has a gap) there;
    a partial end inside the sequence is usually a wrong coordinate or a wrong partial mark.
    Fix: move the end to the start or stop codon and drop the ``<``/``>``, or extend it to the sequence's
    end or the gap; if it really cannot be, add /exception="unextendable partial coding region".
    """
    if view.eukaryote:
        return
    gaps: list[tuple[int, int]] | None = None
    length = len(view.record)
    cdss = sorted(view.of_key("CDS"), key=lambda f: (view.span(f)[0], -view.span(f)[1]))
    for cds in cdss:
        left, right = partial_sides(cds)
        if not (left or right):
            continue
        if any(NONEXTENDABLE_EXCEPTION in e.lower() for e in cds.values("exception")):
            continue
        if gaps is None:
            gaps = gap_spans(view)
        low, high, _ = view.span(cds)
        if (left and _nonextendable_left(gaps, low - 1)) or (
            right and _nonextendable_right(gaps, high - 1, length)
        ):
            yield view.feature_item(cds)


# DISC_GENE_PARTIAL_CONFLICT's categories: (feature keys, label, category line). tbl2asn 25.3 also checks
# promoters, but its record has none (a promoter row becomes a regulatory feature).
_OTHER = "features that are not coding regions or misc_features"
_PARTIAL_KINDS = (
    (("exon",), "exon", _OTHER),
    (("intron",), "intron", _OTHER),
    (tuple(sorted(RNA_KEYS)), "RNA", _OTHER),
    (("3'UTR",), "3' UTR", _OTHER),
    (("5'UTR",), "5' UTR", _OTHER),
    (("CDS",), "coding region", "coding region locations"),
    (("misc_feature",), "misc_feature", "misc_feature locations"),
)
_CATEGORY_ORDER = (_OTHER, "coding region locations", "misc_feature locations")


def _ends(view: RecordView, feature: Feature) -> tuple[int, int]:
    """The feature's biological start and stop (its span's ends, swapped on the minus strand)."""
    low, high, strand = view.span(feature)
    return (high, low) if strand is Strand.MINUS else (low, high)


def _partial_conflict(
    view: RecordView, feature: Feature, gene: Feature, utrs: tuple[set[int], set[int]] | None
) -> str:
    """'5'', '3'', 'both' or '': which ends disagree with the gene's about being partial, where they meet.
    For a CDS on an mRNA sequence (``utrs`` given) an end also counts when no 5' UTR starts (3' UTR stops)
    at the gene's end; tbl2asn compares the gene's biological end with the UTR's lower (higher) end."""
    start, stop = _ends(view, feature)
    gene_start, gene_stop = _ends(view, gene)
    five = feature.partial5 != gene.partial5 and (
        start == gene_start or (utrs is not None and gene_start not in utrs[0])
    )
    three = feature.partial3 != gene.partial3 and (
        stop == gene_stop or (utrs is not None and gene_stop not in utrs[1])
    )
    return "both" if five and three else "5'" if five else "3'" if three else ""


def _gene_partial_conflicts(items: list[DiscItem], options: DiscrepancyOptions) -> list[ReportLine]:
    if not items:
        return []
    test = "DISC_GENE_PARTIAL_CONFLICT"
    by_category: dict[str, list[ReportLine]] = {}
    for feature_item, gene_item in zip(items[::2], items[1::2], strict=True):
        category, _, text = feature_item.key.partition("\t")
        by_category.setdefault(category, []).append(ReportLine(test, text, [feature_item, gene_item]))
    subs = []
    ordered: list[DiscItem] = []
    for category in _CATEGORY_ORDER:
        pairs = by_category.get(category, [])
        if pairs:
            found = [i for pair in pairs for i in pair.items]
            ordered += found
            text = f"{len(pairs)} {category} conflict with partialness of overlapping gene"
            subs.append(ReportLine(test, text, found, subs=pairs))
    text = f"{len(ordered) // 2} feature locations conflict with partialness of overlapping gene"
    return [ReportLine(test, text, ordered, subs=subs)]


@discrepancy("DISC_GENE_PARTIAL_CONFLICT", summarize=_gene_partial_conflicts)
def gene_partial_conflict(view: RecordView) -> Iterator[DiscItem]:
    """A feature whose partial end is not partial in its gene, or the reverse, where the two ends meet.

    What: exons, introns, RNAs, UTRs, misc_features and (off eukaryotic nuclear sequences, and on mRNA
    sequences) coding regions whose 5' or 3' end sits at the gene's end but is partial when the gene's is
    not, or complete when the gene's is partial. Each is listed with its gene.
    Why: a gene ends where its features end; if the feature runs off the sequence, so does the gene.
    Fix: give the gene the same '<'/'>' marks as the feature at the shared end.
    """
    on_mrna = view.molecule.is_mrna
    utrs = (
        ({view.span(u)[0] for u in view.of_key("5'UTR")}, {view.span(u)[1] for u in view.of_key("3'UTR")})
        if on_mrna
        else None
    )
    for keys, label, category in _PARTIAL_KINDS:
        if keys == ("CDS",) and view.eukaryotic_bioseq and not on_mrna:
            continue
        found = view.of_key(*keys)
        found.sort(key=lambda f: (view.span(f)[0], -view.span(f)[1]))
        for feature in found:
            gene = view.gene_of(feature)
            if gene is None:
                continue
            ends = _partial_conflict(view, feature, gene, utrs if keys == ("CDS",) else None)
            if not ends:
                continue
            where = "on both ends" if ends == "both" else f"on {ends} end"
            key = f"{category}\t{label} feature partialness conflicts with gene {where}"
            yield view.feature_item(feature, key=key)
            yield view.feature_item(gene, key="gene")
