"""locus_tag rules: one word, not the gene symbol, unique across the submission, under a registered prefix.

Messages as tbl2asn 25.3 writes them; findings point at the gene's row in the user's table.
"""

from __future__ import annotations

from collections.abc import Iterator

from gbprep.model.diagnostics import Severity
from gbprep.model.records import Feature
from gbprep.rules.ncbi_labels import feature_text, restated
from gbprep.rules.registry import Hit, RecordContext, SubmissionContext, rule


def locus_tag_prefix(locus_tag: str) -> str:
    """The registered part of a locus_tag: what comes before the first underscore (NCBI's convention)."""
    return locus_tag.split("_", 1)[0] if "_" in locus_tag else ""


def _label(feature: Feature, ctx: RecordContext) -> str:
    return feature_text(feature, ctx.record.seq_id, len(ctx.record))


@rule(code="SEQ_FEAT.LocusTagProblem", severity=Severity.ERROR)
def locus_tag_problem(ctx: RecordContext) -> Iterator[Hit]:
    """A gene's locus_tag is malformed, equals its gene symbol, or has a prefix not registered to you.

    What: a gene whose /locus_tag equals its /gene (ERROR); a /locus_tag with spaces (WARNING); when the
    submission has registered locus_tag prefixes, a /locus_tag whose prefix (before the first '_') is not one
    of them (ERROR).
    Why: a locus_tag is a systematic, unique identifier (PREFIX_00001) registered with the BioProject; a gene
    symbol or free text in its place breaks every link to the gene.
    Fix: give each gene a locus_tag made of your registered prefix, an underscore and a number (ABC_00010),
    and keep the symbol in /gene.
    Example: 16175  18079  gene  with  gene  test_5  and  locus_tag  test_5
    """
    prefixes = ctx.options.locus_tag_prefixes
    for gene in ctx.of_key("gene"):
        tag = gene.get("locus_tag")
        if not tag:
            continue
        if gene.get("gene") == tag:
            yield Hit(
                gene.pos, f"Gene locus and locus_tag '{tag}' match", ctx.record.seq_id, _label(gene, ctx)
            )
        if any(c.isspace() for c in tag.strip()):
            yield Hit(
                gene.pos,
                f"Gene locus_tag '{tag}' should be a single word without any spaces",
                ctx.record.seq_id,
                _label(gene, ctx),
                Severity.WARNING,
            )
        elif prefixes and locus_tag_prefix(tag) not in prefixes:
            registered = ", ".join(sorted(prefixes))
            yield Hit(
                gene.pos,
                f"Gene locus_tag '{tag}' does not start with a prefix registered to this submission "
                f"({registered}) and an underscore",
                ctx.record.seq_id,
                _label(gene, ctx),
            )


@rule(code="SEQ_FEAT.CollidingLocusTags", severity=Severity.ERROR, scope="submission")
def colliding_locus_tags(ctx: SubmissionContext) -> Iterator[Hit]:
    """Two genes share a locus_tag.

    What: every gene's /locus_tag must be unique in the whole submission (compared ignoring case); each
    repeat is reported at its gene row. tbl2asn compares within one sequence only; the portal compares across
    all of them, as GenBank's genome processing does.
    Why: the locus_tag identifies one gene in the genome; two genes with the same one cannot be told apart.
    Fix: give one of the genes a new number; if the two rows are the same gene, delete one.
    Example: two gene rows, both with  locus_tag  ABC_00010
    """
    seen: dict[str, Feature] = {}
    for gene in ctx.features:
        if gene.key != "gene":
            continue
        tag = (gene.get("locus_tag") or "").strip()
        if not tag:
            continue
        folded = tag.casefold()
        first = seen.setdefault(folded, gene)
        if first is gene or restated(first, gene):
            continue
        where = (
            f" (first at {first.pos})"
            if first.pos.file != gene.pos.file or first.seq_id != gene.seq_id
            else ""
        )
        yield Hit(
            gene.pos,
            f"Colliding locus_tags in gene features{where}",
            gene.seq_id,
            feature_text(gene, gene.seq_id, ctx.lengths.get(gene.seq_id, 0)),
        )
