"""Discrepancy tests on locus tags and gene symbols: missing, duplicated, badly formed, inconsistent prefixes.

Duplicates are found across the whole submission, so each record contributes its tags as items and the
counting happens when the report is finished.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from gbprep.discrepancy.context import RecordView
from gbprep.discrepancy.model import DiscItem, DiscrepancyOptions, ReportLine
from gbprep.discrepancy.registry import discrepancy

# The locus_tag form tbl2asn 25.3 accepts: a prefix (a letter, then letters or digits), '_', an identifier.
# (NCBI registers prefixes of 3+ characters today; 25.3 still accepts 2, e.g. YP_pPCP01 on the corpus.)
LOCUS_TAG = re.compile(r"^[A-Za-z][0-9A-Za-z]+_[0-9A-Za-z]+$")


def _tagged_genes(view: RecordView) -> list[tuple[str, DiscItem]]:
    """Each tagged gene's tag and item, keyed by the tag's prefix: the one item all the tag tests list."""

    def make() -> list[tuple[str, DiscItem]]:
        out = []
        for gene in view.genes:
            tag = gene.get("locus_tag")
            if tag:
                prefix = tag.split("_", 1)[0] if "_" in tag else ""
                out.append((tag, view.feature_item(gene, key=prefix, value=tag)))
        return out

    return view.cached("tagged_genes", make)


def _missing_locus_tags(items: list[DiscItem], options: DiscrepancyOptions) -> list[ReportLine]:
    tagged = sum(1 for i in items if i.key == "tagged")
    missing = [i for i in items if i.key == "missing"]
    if not tagged or not missing:
        return []  # no locus tags at all is another test (NO_LOCUS_TAGS)
    line = ReportLine("MISSING_LOCUS_TAGS", f"{len(missing)} genes have no locus tags.", missing)
    line.fatal = options.genome_mode
    return [line]


@discrepancy("MISSING_LOCUS_TAGS", summarize=_missing_locus_tags, fatal=True)
def missing_locus_tags(view: RecordView) -> Iterator[DiscItem]:
    """A gene without a locus_tag where other genes have one.

    What: gene features without /locus_tag (pseudo ones too), in a submission whose other genes have one.
    Why: every gene of a genome submission needs a unique locus_tag with the registered prefix.
    Fix: add /locus_tag PREFIX_nnnnn to each gene.
    """
    tagged = False
    for gene in view.genes:
        if gene.get("locus_tag"):
            tagged = True
        else:  # pseudo ones too: tbl2asn skips only a Gene-ref marked pseudo, which its table reader never makes
            yield view.feature_item(gene, key="missing")
    if tagged:  # only whether any gene has a tag matters, not which
        yield view.sequence_item(key="tagged")


def _duplicate_locus_tags(items: list[DiscItem], options: DiscrepancyOptions) -> list[ReportLine]:
    counts = Counter(i.value for i in items)
    dups = [i for i in items if counts[i.value] > 1]
    if not dups:
        return []
    text = f"{len(dups)} genes have duplicate locus tags."
    return [ReportLine("DUPLICATE_LOCUS_TAGS", text, dups, fatal=options.genome_mode)]


@discrepancy("DUPLICATE_LOCUS_TAGS", summarize=_duplicate_locus_tags, fatal=True)
def duplicate_locus_tags(view: RecordView) -> Iterator[DiscItem]:
    """Two genes with the same locus_tag.

    What: genes whose /locus_tag another gene of the submission (any sequence) also has.
    Why: a locus_tag identifies one gene in the genome; GenBank rejects duplicates.
    Fix: give every gene its own locus_tag; the CDS and mRNA of one gene share the gene's tag.
    """
    for _tag, item in _tagged_genes(view):
        yield item


@discrepancy("BAD_LOCUS_TAG_FORMAT", text="{n} locus tags are incorrectly formatted.", fatal=True)
def bad_locus_tag_format(view: RecordView) -> Iterator[DiscItem]:
    """A locus_tag that is not PREFIX_identifier.

    What: gene /locus_tag values not of the form PREFIX_ID: a prefix starting with a letter, one
    underscore, then letters or digits only (no dots, dashes or second underscore).
    Why: the prefix is registered to the BioProject; GenBank only accepts tags of this form.
    Fix: rewrite the tags as PREFIX_00010, PREFIX_00020...; use the prefix registered for your BioSample.
    """
    for tag, item in _tagged_genes(view):
        if not LOCUS_TAG.match(tag):
            yield item


def _inconsistent_prefix(items: list[DiscItem], options: DiscrepancyOptions) -> list[ReportLine]:
    """tbl2asn's lines: the tags sorted (case-sensitively), then one line per run of tags sharing the part
    before their first '_', each its own finding; none when the first tag's run holds every tag.

    A tag without '_' is in no run and makes no line, but it keeps the first run from holding every tag, so
    the submission's prefix is listed even if it has only one (tbl2asn 25.3's
    ReportInconsistentGlobalDiscrepancyPrefixes).
    """
    ordered = sorted(items, key=lambda i: i.value)
    runs: list[tuple[str | None, list[DiscItem]]] = []
    for item in ordered:
        prefix = item.value.split("_", 1)[0] if "_" in item.value else None
        if prefix is not None and runs and runs[-1][0] == prefix:
            runs[-1][1].append(item)
        else:
            runs.append((prefix, [item]))
    if not runs or (runs[0][0] is not None and len(runs[0][1]) == len(ordered)):
        return []
    return [
        ReportLine("INCONSISTENT_LOCUS_TAG_PREFIX", f"{len(run)} features have locus tag prefix {prefix}.",
                   run, fatal=options.genome_mode)
        for prefix, run in runs
        if prefix is not None
    ]  # fmt: skip


@discrepancy("INCONSISTENT_LOCUS_TAG_PREFIX", summarize=_inconsistent_prefix, fatal=True)
def inconsistent_locus_tag_prefix(view: RecordView) -> Iterator[DiscItem]:
    """Locus tags with different prefixes in one submission.

    What: the part of each gene's /locus_tag before the first underscore, compared across the submission
    (case matters: ABC and abc are two prefixes); each prefix is listed with its genes.
    Why: one genome has one registered locus_tag prefix.
    Fix: use the single prefix registered for the BioSample on every locus_tag.
    """
    for _tag, item in _tagged_genes(view):
        yield item


@discrepancy("DUPLICATE_GENE_LOCUS", summarize=lambda items, _o: _duplicate_gene_locus(items))
def duplicate_gene_locus(view: RecordView) -> Iterator[DiscItem]:
    """Two genes on one sequence with the same gene symbol.

    What: genes of one sequence sharing a /gene value (each such gene is counted).
    Why: usually a copy-paste error or a gene split in two; real duplicates (paralogs, inverted repeats)
    should be confirmed.
    Fix: rename or merge the genes, or confirm that both copies are real.
    """
    counts = Counter(g.get("gene") for g in view.genes if g.get("gene"))
    for gene in view.genes:
        name = gene.get("gene")
        if name and counts[name] > 1:
            yield view.feature_item(gene, value=name)


def _duplicate_gene_locus(items: list[DiscItem]) -> list[ReportLine]:
    if not items:
        return []
    text = f"{len(items)} genes have the same locus as another gene on the same Bioseq."
    return [ReportLine("DUPLICATE_GENE_LOCUS", text, items)]
