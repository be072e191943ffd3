"""What tbl2asn does to the gene of an mRNA sequence: it stretches the gene over the whole sequence.

tbl2asn 25.3 (the C toolkit's ExtendSingleGeneOnMRNA, run while it builds the record) looks at each
sequence whose molecule type is mRNA and that holds exactly one gene, at most one CDS and at most one mRNA
feature; unless the organism is an artificial 'synthetic construct', the gene's location becomes the whole
sequence, on the gene's strand, keeping the gene's partial 5' and 3' ends (``<443 176`` on a 478-base
sequence becomes ``<478 1``). Seen on the differential seeds, e.g. 5063, 5086, 5136.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from gbprep.model.records import Feature, Interval, Strand


def gene_on_mrna(features: Sequence[Feature], length: int) -> tuple[Feature, Feature] | None:
    """(the gene, the gene as tbl2asn leaves it) when the sequence's one gene is stretched, else None.

    ``features`` are the sequence's features (the caller knows it is an mRNA sequence and not a synthetic
    construct); ``length`` is the sequence's length.
    """
    genes = [f for f in features if f.key == "gene" and f.intervals]
    if len(genes) != 1 or length < 1:
        return None
    if sum(1 for f in features if f.key == "CDS") > 1 or sum(1 for f in features if f.key == "mRNA") > 1:
        return None
    gene = genes[0]
    first, last = gene.intervals[0], gene.intervals[-1]
    if gene.strand is Strand.MINUS:
        whole = Interval(length, 1, first.pos, first.partial_start, last.partial_stop)
    else:
        whole = Interval(1, length, first.pos, first.partial_start, last.partial_stop)
    if len(gene.intervals) == 1 and gene.intervals[0] == whole:
        return None
    return gene, dataclasses.replace(gene, intervals=[whole])
