"""Gene locations tbl2asn changes before it writes the .sqn."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from gbprep.model.records import Feature, Interval, Strand


def extend_single_gene_on_mrna(features: Sequence[Feature], length: int, biomol: str) -> list[Feature]:
    """The features with an mRNA sequence's only gene stretched over the whole sequence.

    NCBI's cleanup (``ExtendSingleGeneOnMRNA``) does this when the sequence's MolInfo says mRNA, it has exactly
    one gene and at most one CDS: the gene becomes one interval from the first base to the last, on its own
    strand, keeping its partial ends (``<443 176`` on 478 bases becomes ``complement(1..>478)``); a gene of
    several rows becomes one. With two genes, or two CDSs, nothing moves (each case run through tbl2asn 25.3).
    """
    if biomol != "mRNA" or length < 1:
        return list(features)
    genes = [i for i, f in enumerate(features) if f.key == "gene" and f.intervals]
    cdss = sum(1 for f in features if f.key == "CDS" and f.intervals)
    if len(genes) != 1 or cdss > 1:
        return list(features)
    index = genes[0]
    gene = features[index]
    first, last = gene.intervals[0], gene.intervals[-1]
    start, stop = (length, 1) if gene.strand is Strand.MINUS else (1, length)
    if len(gene.intervals) == 1 and (first.start, first.stop) == (start, stop):
        return list(features)
    whole = Interval(
        start, stop, first.pos, partial_start=first.partial_start, partial_stop=last.partial_stop
    )
    out = list(features)
    out[index] = replace(gene, intervals=[whole])
    return out
