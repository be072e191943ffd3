"""Which mRNA tbl2asn ties to which CDS, and so which pairs NCBI's validator keeps apart.

Only in genome mode (``-M n``) does tbl2asn link the two features of a transcript: it gives both feature ids and
cross-references when the mRNA's /protein_id names the CDS's /protein_id. A shared transcript_id alone links
nothing, and without ``-M n`` nothing is linked (all checked with tbl2asn 25.3 on two-isoform genes). The
validator then counts no mRNAs for a linked CDS (CDSwithMultipleMRNAs), and does not call two features
duplicates when they are linked to different partners (FeatContentDup, DuplicateFeat).
"""

from __future__ import annotations

from typing import cast

from gbprep.model.records import Feature
from gbprep.rules.overlaps import features_of
from gbprep.rules.registry import RecordContext


def partners(ctx: RecordContext) -> dict[int, Feature]:
    """``id(feature) -> its linked partner`` for every linked mRNA and CDS of the record (empty without -M n)."""

    def make() -> dict[int, Feature]:
        if not ctx.options.genome:
            return {}
        cds_by_protein: dict[str, Feature] = {}
        for cds in features_of(ctx, "CDS"):
            pid = (cds.get("protein_id") or "").strip()
            if pid:
                cds_by_protein.setdefault(pid, cds)
        linked: dict[int, Feature] = {}
        for mrna in features_of(ctx, "mRNA"):
            partner = cds_by_protein.get((mrna.get("protein_id") or "").strip())
            if partner is not None and id(partner) not in linked:
                linked[id(partner)], linked[id(mrna)] = mrna, partner
        return linked

    return cast(dict[int, Feature], ctx.cached("mrna_cds_links", make))


def linked_apart(ctx: RecordContext, first: Feature, second: Feature) -> bool:
    """Whether both features are linked, to different partners."""
    links = partners(ctx)
    a, b = links.get(id(first)), links.get(id(second))
    return a is not None and b is not None and a is not b
