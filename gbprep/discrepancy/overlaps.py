"""Discrepancy tests on features that overlap or contain each other: genes, coding regions, RNAs.

Overlaps are found with a sweep over features sorted by start, so a genome with tens of thousands of genes
costs n log n, not n squared.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gbprep.discrepancy.context import RNA_KEYS, RecordView, feature_label, same_strand
from gbprep.discrepancy.model import DiscItem, DiscrepancyOptions, ReportLine
from gbprep.discrepancy.registry import discrepancy
from gbprep.model.records import Feature


def overlapping_pairs(view: RecordView, features: list[Feature]) -> Iterator[tuple[Feature, Feature]]:
    """Every pair of features whose locations share a base (a before b by start).

    Spans find the candidates; the intervals decide, so a trans-spliced gene whose parts lie far apart does
    not 'overlap' everything between them.
    """
    # Spans as the view keeps them (a feature works them out from its intervals on every access); the index
    # keeps the stable order of a sort by (low, high) and keeps features themselves out of comparisons.
    ordered = sorted((*view.span(f)[:2], i, f) for i, f in enumerate(features))
    active: list[tuple[int, Feature]] = []  # (high, feature) of the features that may reach the next one
    for low, high, _i, f in ordered:
        active = [a for a in active if a[0] >= low]
        for _high, a in active:
            if _intervals_overlap(a, f):
                yield a, f
        active.append((high, f))


def _gene_pairs(view: RecordView) -> list[tuple[Feature, Feature]]:
    """The overlapping pairs of genes (two tests look at them)."""
    return view.cached("gene_pairs", lambda: list(overlapping_pairs(view, view.genes)))


def _cds_pairs(view: RecordView) -> list[tuple[Feature, Feature]]:
    """The overlapping pairs of coding regions (two tests look at them)."""
    return view.cached("cds_pairs", lambda: list(overlapping_pairs(view, _cds_list(view))))


def _intervals_overlap(a: Feature, b: Feature) -> bool:
    if len(a.intervals) == 1 and len(b.intervals) == 1:
        return True  # their spans overlap, and a span is the interval
    return any(x.low <= y.high and y.low <= x.high for x in a.intervals for y in b.intervals)


def _contains(outer: Feature, inner: Feature) -> bool:
    """Every interval of ``inner`` lies within one interval of ``outer``."""
    return all(any(o.low <= i.low and i.high <= o.high for o in outer.intervals) for i in inner.intervals)


@discrepancy("OVERLAPPING_GENES", text="{n} genes overlap another gene on the same strand.")
def overlapping_genes(view: RecordView) -> Iterator[DiscItem]:
    """A gene that overlaps another gene on the same strand.

    What: genes whose span overlaps another same-strand gene's span (one containing the other counts too).
    Why: same-strand genes rarely overlap by more than a few bases; larger overlaps suggest a wrong start
    or stop, or one gene annotated twice.
    Fix: check the coordinates of the overlapping genes.
    """
    flagged: dict[int, Feature] = {}
    for a, b in _gene_pairs(view):
        if same_strand(a, b):
            flagged.setdefault(id(a), a)
            flagged.setdefault(id(b), b)
    for gene in view.genes:
        if id(gene) in flagged:
            yield view.feature_item(gene)


@discrepancy("FIND_OVERLAPPED_GENES", text="{n} genes completely overlapped by other genes")
def overlapped_genes(view: RecordView) -> Iterator[DiscItem]:
    """A gene entirely inside another gene.

    What: genes whose location lies within another gene's location on the same strand.
    Why: a gene within a gene is unusual outside introns; often a duplicate or a mis-placed gene.
    Fix: check whether both genes are real and correctly placed.
    """
    inside: dict[int, Feature] = {}
    for a, b in _gene_pairs(view):
        if not same_strand(a, b):
            continue
        if _contains(a, b) and not _contains(b, a):
            inside.setdefault(id(b), b)
        elif _contains(b, a) and not _contains(a, b):
            inside.setdefault(id(a), a)
    for gene in view.genes:
        if id(gene) in inside:
            yield view.feature_item(gene)


def _cds_list(view: RecordView) -> list[Feature]:
    return view.coding


# OverlappingProductNameSimilar (tbl2asn 25.3): names holding one of these are never alike, unless both hold
# one of _ALIKE_WORDS; names holding a _SUPPRESS word (or the word ABC) are not listed at all.
_NEVER_ALIKE = ("hypothetical protein", "phage", "predicted protein")
_ALIKE_WORDS = ("transposase", "integrase")
_SUPPRESS = ("transposon", "transposase")
_ABC = re.compile(r"(?<![A-Za-z0-9])ABC(?![A-Za-z0-9])")
_OVERLAP_NOTE = ("overlap", "frameshift", "frame shift", "extend")


def _similar_names(a: str, b: str) -> bool:
    la, lb = a.lower(), b.lower()
    if any(w in la for w in _ALIKE_WORDS) and any(w in lb for w in _ALIKE_WORDS):
        return True
    if any(w in la or w in lb for w in _NEVER_ALIKE):
        return False
    return la == lb


def _suppressed(cds: Feature) -> bool:
    product = cds.get("product") or ""
    return bool(_ABC.search(product)) or any(w in product.lower() for w in _SUPPRESS)


def _noted(f: Feature) -> bool:
    note = " ".join(f.values("note")).lower()
    return any(w in note for w in _OVERLAP_NOTE)


def _overlapping_cds(items: list[DiscItem], options: DiscrepancyOptions) -> list[ReportLine]:
    if not items:
        return []
    test = "OVERLAPPING_CDS"
    text = f"{len(items)} coding regions overlap another coding region with a similar or identical name."
    lacking = [i for i in items if i.key != "noted"]
    noted = [i for i in items if i.key == "noted"]
    subs = []
    if lacking:
        subs.append(ReportLine(test, f"{len(lacking)} coding regions overlap another coding region with a similar "
                               "or identical name that do not have the appropriate note text", lacking))  # fmt: skip
    if noted:
        subs.append(ReportLine(test, f"{len(noted)} coding regions overlap another coding region with a similar "
                               "or identical name but have the appropriate note text", noted))  # fmt: skip
    return [ReportLine(test, text, items, subs=subs)]


@discrepancy("OVERLAPPING_CDS", summarize=_overlapping_cds)
def overlapping_cds(view: RecordView) -> Iterator[DiscItem]:
    """Two overlapping coding regions with the same name.

    What: same-strand overlapping CDSs (pseudo ones too) whose names, as tbl2asn labels them (the product,
    else the CDS's other qualifiers), are the same, case aside; names with 'hypothetical protein', 'phage'
    or 'predicted protein' never count, two with 'transposase' or 'integrase' always do, and CDSs named
    'ABC ...' or for a transposon or transposase are left out. Isoforms of one gene count too, as in
    tbl2asn. Those with a note about the overlap are listed apart.
    Why: usually one gene split in two by a frameshift or a sequencing error, annotated as two proteins.
    Fix: if the gene is broken, annotate one gene with /pseudo; if both are real, add a note saying so.
    """
    cdss = view.of_key("CDS")
    flagged: set[int] = set()
    for a, b in overlapping_pairs(view, cdss):
        if same_strand(a, b) and _similar_names(feature_label(a), feature_label(b)):
            flagged.update((id(a), id(b)))
    for cds in cdss:
        if id(cds) in flagged and not _suppressed(cds):
            yield view.feature_item(cds, key="noted" if _noted(cds) else "")


@discrepancy(
    "CONTAINED_CDS",
    text="{n} coding regions are completely contained in another coding region on the same strand.",
    fatal=True,
)
def contained_cds(view: RecordView) -> Iterator[DiscItem]:
    """A coding region entirely inside another on the same strand (not in eukaryotes).

    What: pairs of same-strand CDSs where one lies within the other, on sequences that are not eukaryotic
    nuclear ones (where alternative isoforms are normal; a eukaryote's organelle counts, as in tbl2asn);
    both are listed.
    Why: in bacteria and viruses this is almost always a spurious ORF inside a real gene.
    Fix: remove the spurious CDS, or confirm both with evidence.
    """
    if view.eukaryotic_bioseq:
        return
    flagged: dict[int, Feature] = {}
    for a, b in _cds_pairs(view):
        if same_strand(a, b) and (_contains(a, b) or _contains(b, a)):
            flagged.setdefault(id(a), a)
            flagged.setdefault(id(b), b)
    for cds in _cds_list(view):
        if id(cds) in flagged:
            yield view.feature_item(cds)


def _rna_cds_overlap(items: list[DiscItem], options: DiscrepancyOptions) -> list[ReportLine]:
    if not items:
        return []
    test = "RNA_CDS_OVERLAP"
    contained = [i for i in items if i.key == "contained"]
    other = [i for i in items if i.key != "contained"]
    subs = []
    if contained:
        text = f"{len(contained)} coding regions are completely contained in RNAs"
        subs.append(ReportLine(test, text, contained, fatal=options.genome_mode))
    if other:
        subs.append(ReportLine(test, f"{len(other)} coding regions overlap RNAs (no containment)", other))
    return [ReportLine(test, f"{len(items)} coding regions overlap RNA features", items, subs=subs)]


@discrepancy("RNA_CDS_OVERLAP", summarize=_rna_cds_overlap)
def rna_cds_overlap(view: RecordView) -> Iterator[DiscItem]:
    """A coding region that overlaps an RNA feature.

    What: CDSs overlapping a tRNA, rRNA, ncRNA, misc_RNA or tmRNA (mRNAs excepted); those entirely inside
    the RNA are reported apart (and are FATAL in genome mode).
    Why: a protein-coding gene and a structural RNA rarely share bases; one of the two is usually spurious.
    Fix: check which annotation is right and remove the other.
    """
    rnas = [f for f in view.features if f.key in RNA_KEYS and f.key != "mRNA" and f.intervals]
    if not rnas:
        return
    flagged: dict[int, str] = {}
    cds_list = _cds_list(view)
    cds_ids = {id(c) for c in cds_list}
    for a, b in overlapping_pairs(view, cds_list + rnas):
        if (id(a) in cds_ids) == (id(b) in cds_ids):
            continue
        cds, rna = (a, b) if id(a) in cds_ids else (b, a)
        kind = "contained" if _contains(rna, cds) else "overlap"
        if flagged.get(id(cds)) != "contained":
            flagged[id(cds)] = kind
    for cds in cds_list:
        if id(cds) in flagged:
            yield view.feature_item(cds, key=flagged[id(cds)])


@discrepancy("TEST_MRNA_OVERLAPPING_PSEUDO_GENE", text="{n} Pseudogenes have overlapping mRNAs.")
def mrna_overlapping_pseudo_gene(view: RecordView) -> Iterator[DiscItem]:
    """An mRNA that overlaps a pseudogene.

    What: mRNA features overlapping a gene marked /pseudo or /pseudogene.
    Why: a pseudogene makes no mRNA in GenBank's model; the mRNA should go, or the gene is not pseudo.
    Fix: remove the mRNA from the pseudogene, or remove /pseudo if the gene is functional.
    """
    pseudo = [g for g in view.genes if g.has("pseudo") or g.has("pseudogene")]
    if not pseudo:
        return
    mrnas = view.of_key("mRNA")
    mrna_ids = {id(m) for m in mrnas}
    flagged: dict[int, Feature] = {}
    for a, b in overlapping_pairs(view, pseudo + mrnas):
        if (id(a) in mrna_ids) != (id(b) in mrna_ids):
            mrna = a if id(a) in mrna_ids else b
            flagged.setdefault(id(mrna), mrna)
    for mrna in mrnas:
        if id(mrna) in flagged:
            yield view.feature_item(mrna)
