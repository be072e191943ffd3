"""Qualifiers on a feature that does not take them, as tbl2asn 25.3 reports them (each case checked by running it).

tbl2asn keeps a misplaced qualifier on its feature (the flatfile leaves it out) and its validator names it:
``WrongQualOnFeature`` on a gene, coding region or RNA, ``WrongQualOnImpFeat`` on the other keys (NCBI's
import features: misc_feature, repeat_region, exon, UTRs, ...); a gene row naming no gene is dropped whole,
so it is not judged. The few it drops without a word
(``insdc.DROPPED_WHEN_MISPLACED``) are left to the table reader, which says they were ignored. A /product on a
gene is legal in the INSDC table, but NCBI notes it: a gene's product is named on its CDS or RNA.
"""

from __future__ import annotations

from collections.abc import Iterator

from gbprep.model import insdc
from gbprep.model.diagnostics import Severity
from gbprep.model.gene_cleanup import gene_kept
from gbprep.rules.overlaps import feature_text
from gbprep.rules.registry import Hit, RecordContext, rule

# Keys that become their own kind of Seq-feat in tbl2asn's .sqn; every other key is an import feature.
_OWN_KINDS = frozenset(
    {"gene", "CDS", "mRNA", "tRNA", "rRNA", "ncRNA", "misc_RNA", "precursor_RNA", "tmRNA", "source"}
)


def _misplaced(ctx: RecordContext, own_kind: bool) -> Iterator[Hit]:
    for feature in ctx.features:
        if (feature.key in _OWN_KINDS) is not own_kind or insdc.feature_key(feature.key) is None:
            continue
        if feature.key == "gene" and not gene_kept(feature):
            continue  # a gene row naming no gene: tbl2asn's cleanup drops it (or makes a note of it a misc_feature)
        allowed = insdc.allowed_qualifiers(feature.key)
        reported: set[str] = set()
        for qualifier in feature.qualifiers:
            name = insdc.canonical_qualifier(qualifier.key)
            if name is None or name in allowed or name in insdc.DROPPED_WHEN_MISPLACED or name in reported:
                continue
            reported.add(name)
            yield Hit(
                feature.pos,
                f"Wrong qualifier {name} for feature {feature.key}",
                ctx.record.seq_id,
                feature_text(feature, ctx.record),
            )


@rule(code="SEQ_FEAT.WrongQualOnFeature", severity=Severity.WARNING)
def wrong_qualifier_on_feature(ctx: RecordContext) -> Iterator[Hit]:
    """A gene, coding region or RNA carries a qualifier that its key does not take.

    What: a qualifier the INSDC feature table does not allow on a gene, CDS or RNA feature (an /EC_number or
    /transl_table on a gene, an /ncRNA_class on a CDS), once per qualifier name and feature; codon_start,
    protein_id and gene_synonym are left out (tbl2asn drops those quietly; the table reader says so).
    Why: GenBank leaves such a qualifier out of the flatfile, so what it says is lost where readers look.
    Fix: move the qualifier to the feature that takes it (an EC number to the CDS, ncRNA_class to the
    ncRNA), or put the information in a /note.
    Example: gene 8..13 with  EC_number  1.1.1.1
    """
    yield from _misplaced(ctx, own_kind=True)


@rule(code="SEQ_FEAT.WrongQualOnImpFeat", severity=Severity.WARNING)
def wrong_qualifier_on_import_feature(ctx: RecordContext) -> Iterator[Hit]:
    """A misc_feature, repeat_region, exon, intron, UTR or other such feature carries a qualifier its key does
    not take.

    What: a qualifier the INSDC feature table does not allow on the feature's key, for the keys that are not a
    gene, CDS or RNA (NCBI's import features), once per qualifier name and feature; codon_start, protein_id
    and gene_synonym are left out as for WrongQualOnFeature.
    Why: GenBank leaves such a qualifier out of the flatfile, so what it says is lost.
    Fix: move the qualifier to the feature that takes it (a /product belongs on a CDS or RNA, an EC number on
    the CDS), or put the information in a /note.
    Example: repeat_region 184..189 with  EC_number  1.1.1.1
    """
    yield from _misplaced(ctx, own_kind=False)


@rule(code="SEQ_FEAT.SuspiciousQualifierValue", severity=Severity.INFO)
def product_on_gene(ctx: RecordContext) -> Iterator[Hit]:
    """A gene feature has a /product.

    What: a gene with a /product qualifier (legal in the INSDC table, and shown in the flatfile).
    Why: NCBI names a gene's product on its CDS or RNA feature; on the gene it is usually a copy that can fall
    out of step with the CDS.
    Fix: remove /product from the gene and make sure the CDS (or RNA) has it.
    Example: gene 85..261 with  product  putative transporter
    """
    for feature in ctx.features:
        if feature.key == "gene" and feature.has("product") and gene_kept(feature):
            yield Hit(
                feature.pos,
                "A product qualifier is not normally used on a gene feature",
                ctx.record.seq_id,
                feature_text(feature, ctx.record),
            )
