"""Identifier rules: each protein_id and transcript_id names one product sequence in the whole submission.

tbl2asn makes a protein Bioseq per CDS (named by /protein_id) and a transcript Bioseq per mRNA (named by
/transcript_id); an id given to two of them, anywhere in the submission, is rejected. Messages as tbl2asn 25.3
writes them; findings point at the feature's row in the user's table.
"""

from __future__ import annotations

from collections.abc import Iterator

from gbprep.model.diagnostics import Severity
from gbprep.model.gene_cleanup import gene_kept
from gbprep.model.modifiers import canonical_modifier_name
from gbprep.model.records import Feature
from gbprep.model.seqids import seq_id_keys
from gbprep.rules.ncbi_labels import feature_text, restated
from gbprep.rules.registry import Hit, SubmissionContext, rule


def _canonical(value: str) -> str:
    keys = seq_id_keys(value.strip())
    return keys[0] if keys else value.strip()


def _label(ctx: SubmissionContext, feature: Feature) -> str:
    return feature_text(feature, feature.seq_id, ctx.lengths.get(feature.seq_id, 0))


def _products(ctx: SubmissionContext) -> Iterator[tuple[str, Feature, str]]:
    """(canonical id, feature, as written) for every product sequence a feature names."""
    for feature in ctx.features:
        if feature.key == "CDS" and feature.get("product"):
            value = feature.get("protein_id")
        elif feature.key == "mRNA":
            value = feature.get("transcript_id")
        else:
            continue
        if value and value.strip():
            yield _canonical(value), feature, value.strip()


@rule(code="SEQ_FEAT.MultipleCDSproducts", severity=Severity.REJECT, scope="submission")
def multiple_cds_products(ctx: SubmissionContext) -> Iterator[Hit]:
    """Two coding regions name the same protein (the same /protein_id).

    What: a /protein_id used by more than one CDS anywhere in the submission; each repeat is reported at its
    CDS row.
    Why: each CDS makes its own protein record, named by its protein_id; two CDSs cannot make one record.
    Fix: give every CDS its own protein_id (gnl|DB|LOCUSTAG for instance); for alternative splicing, each
    isoform's CDS needs its own.
    Example: two CDS rows, both with  protein_id  gnl|abc|p1
    """
    seen: dict[str, Feature] = {}
    for key, feature, written in _products(ctx):
        if feature.key != "CDS":
            continue
        first = seen.setdefault(key, feature)
        if first is not feature and not restated(first, feature):
            yield Hit(
                feature.pos,
                f"Same product Bioseq from multiple CDS features ({written}, first at {first.pos})",
                feature.seq_id,
                _label(ctx, feature),
            )


@rule(code="SEQ_INST.IdOnMultipleBioseqs", severity=Severity.REJECT, scope="submission")
def id_on_multiple_bioseqs(ctx: SubmissionContext) -> Iterator[Hit]:
    """One identifier names two sequences: a protein_id or transcript_id used twice, or for both.

    What: the product sequences (proteins from /protein_id, transcripts from mRNA /transcript_id) and the
    nucleotide sequences of the submission must all have different ids; one finding per id used more than
    once, at its second use. A transcript_id equal to its CDS's protein_id is the usual cause.
    Why: GenBank files every sequence under its id; two sequences under one id cannot both be kept.
    Fix: make the ids distinct, e.g. gnl|DB|ABC_00010-T1 for the transcript and gnl|DB|ABC_00010-P1 for
    the protein.
    Example: mRNA with  transcript_id  gnl|abc|p3  and its CDS with  protein_id  gnl|abc|p3
    """
    owners: dict[str, Feature | str] = {}
    for record in ctx.records:
        for key in seq_id_keys(record.seq_id):
            owners.setdefault(key, record.seq_id)
    reported: set[str] = set()
    for key, feature, written in _products(ctx):
        first = owners.setdefault(key, feature)
        if first is feature or key in reported or (isinstance(first, Feature) and restated(first, feature)):
            continue
        if isinstance(first, Feature) and first.key == feature.key == "CDS":
            continue  # two CDSs with one protein_id: MultipleCDSproducts says so
        reported.add(key)
        yield Hit(
            feature.pos,
            f"SeqID {written} is present on multiple Bioseqs in record",
            feature.seq_id,
            _label(ctx, feature),
        )


def _wgs_keys(ctx: SubmissionContext) -> set[str]:
    """Every form of the SeqIDs of the sequences marked [tech=wgs]."""
    keys: set[str] = set()
    for record in ctx.records:
        tech = next((m.value for m in record.modifiers if canonical_modifier_name(m.name) == "tech"), "")
        if tech.strip().lower() == "wgs":
            keys.update(seq_id_keys(record.seq_id))
    return keys


@rule(code="SEQ_FEAT.MissingGeneLocusTag", severity=Severity.WARNING, scope="submission")
def missing_gene_locus_tag(ctx: SubmissionContext) -> Iterator[Hit]:
    """A gene on a WGS sequence has no locus_tag while other genes of the submission have one.

    What: on a sequence marked [tech=wgs], a gene without /locus_tag (pseudogenes included; not a gene row
    with nothing under it, which tbl2asn drops), when at least one gene anywhere in the submission has one. tbl2asn 25.3 asks this of WGS sequences only
    (checked by running it).
    Why: a genome's genes are identified by their locus tags; one without cannot be referred to, and its
    neighbours show it was meant to have one.
    Fix: give the gene a /locus_tag with the submission's registered prefix (ABC_00123).
    Example: 201  300  gene / gene  abcD   (no locus_tag, on a [tech=wgs] sequence)
    """
    genes = [f for f in ctx.features if f.key == "gene"]
    if not any((g.get("locus_tag") or "").strip() for g in genes):
        return
    wgs = _wgs_keys(ctx)
    for gene in genes:
        missing = not (gene.get("locus_tag") or "").strip() and gene_kept(gene)
        if missing and wgs.intersection(seq_id_keys(gene.seq_id)):
            yield Hit(gene.pos, "Missing gene locus tag", gene.seq_id, _label(ctx, gene))
