"""Gene, mRNA and CDS relations: gene cross-references, colliding gene names, mRNA/CDS pairing.

A ``/gene`` or ``/locus_tag`` on a feature other than a gene is a gene cross-reference (xref) in tbl2asn's
output. tbl2asn drops xrefs that merely repeat the gene the feature lies in, unless the submission carries
EMBL or DDBJ protein accessions (then it keeps them and the validator calls them unnecessary). Findings
point at the feature's row in the ``.tbl``; indexes by position keep every rule a sort plus a sweep.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from itertools import pairwise
from typing import TYPE_CHECKING, cast

from gbprep.model.coding import reverse_complement
from gbprep.model.diagnostics import Severity
from gbprep.model.records import Feature, Strand
from gbprep.rules.links import partners
from gbprep.rules.overlaps import feature_text, features_of, index_of
from gbprep.rules.registry import Hit, RecordContext, rule

if TYPE_CHECKING:
    from gbprep.model.bundle import Bundle

# A bare protein accession (3 letters, 5 digits, optional version): its first letter says which INSD
# partner issued it. B: DDBJ, C: EMBL (tbl2asn 25.3 reads other forms, e.g. 3 letters + 7 digits, as local).
_PROTEIN_ACCESSION = re.compile(r"^([A-Z])[A-Z]{2}\d{5}(\.\d+)?$")
_EMBL_DDBJ_LETTERS = frozenset("BC")
_EMBL_DDBJ_PREFIXES = ("emb|", "dbj|", "tpe|", "tpd|")

_last_bundle: tuple[Bundle | None, bool] | None = None


def _is_embl_ddbj(value: str) -> bool:
    value = value.strip()
    if value.lower().startswith(_EMBL_DDBJ_PREFIXES):
        return True
    match = _PROTEIN_ACCESSION.match(value)
    return bool(match and match.group(1) in _EMBL_DDBJ_LETTERS)


def keeps_gene_xrefs(ctx: RecordContext) -> bool:
    """Whether tbl2asn keeps redundant gene xrefs: the submission has an EMBL or DDBJ protein accession.

    Computed once per bundle (every record of a submission shares the answer), not once per record.
    """
    global _last_bundle
    bundle = ctx.bundle
    if _last_bundle is not None and _last_bundle[0] is bundle and bundle is not None:
        return _last_bundle[1]
    features: list[Feature] = ctx.features
    if bundle is not None and bundle.tables:
        features = [f for table in bundle.tables for f in table]
    answer = any(_is_embl_ddbj(v) for f in features for v in f.values("protein_id"))
    _last_bundle = (bundle, answer)
    return answer


def _xref(feature: Feature) -> tuple[str | None, str | None]:
    """The (locus, locus_tag) a non-gene feature cross-references, or (None, None)."""
    return feature.get("gene") or None, feature.get("locus_tag") or None


def _containing_genes(ctx: RecordContext, feature: Feature) -> list[Feature]:
    """Genes on the feature's strand whose span holds the feature's span."""
    return [
        g for g in index_of(ctx, "gene").containing(feature.low, feature.high) if g.strand is feature.strand
    ]


def _gene_names(ctx: RecordContext) -> tuple[set[str], set[str]]:
    def make() -> tuple[set[str], set[str]]:
        genes = ctx.of_key("gene")
        loci = {v for g in genes for v in g.values("gene") if v}
        tags = {v for g in genes for v in g.values("locus_tag") if v}
        return loci, tags

    made = ctx.cached("gene_names", make)
    assert isinstance(made, tuple)
    return made


# --- gene cross-references ------------------------------------------------------------------------------------


@rule(code="SEQ_FEAT.UnnecessaryGeneXref", severity=Severity.WARNING)
def unnecessary_gene_xref(ctx: RecordContext) -> Iterator[Hit]:
    """A feature names the gene it already lies in, where tbl2asn keeps such names as cross-references.

    What: a feature other than a gene with /gene (or /locus_tag) equal to the only gene that contains it,
    in a submission whose proteins carry EMBL or DDBJ accessions (elsewhere tbl2asn silently drops these
    redundant references).
    Why: GenBank links a feature to its gene by location; a cross-reference is only needed when the
    location is ambiguous (several genes) and a redundant one can drift out of date.
    Fix: remove the /gene and /locus_tag qualifiers from features that lie inside their gene, or ignore
    the warning.
    Example: gene 50..250 /gene=cor6.6, and CDS 50..250 /gene=cor6.6 /protein_id=CAA38894.1.
    """
    if not keeps_gene_xrefs(ctx):
        return
    for feature in ctx.features:
        if feature.key == "gene" or not feature.intervals:
            continue
        locus, tag = _xref(feature)
        if locus is None and tag is None:
            continue
        genes = _containing_genes(ctx, feature)
        if len(genes) != 1:
            continue
        gene = genes[0]
        if (locus is None or locus == gene.get("gene")) and (tag is None or tag == gene.get("locus_tag")):
            yield Hit(
                feature.pos,
                f"Unnecessary gene cross-reference {locus or tag}",
                ctx.record.seq_id,
                feature_text(feature, ctx.record),
            )


@rule(code="SEQ_FEAT.GeneXrefWithoutGene", severity=Severity.WARNING)
def gene_xref_without_gene(ctx: RecordContext) -> Iterator[Hit]:
    """A feature's /gene or /locus_tag names a gene that is not annotated on the sequence.

    What: a feature other than a gene whose /gene matches no gene feature's /gene on the same sequence
    (or, with no /gene, whose /locus_tag matches no gene's /locus_tag).
    Why: the cross-reference points nowhere: the gene feature is missing or the name is misspelt, and the
    feature will not be linked to the right gene.
    Fix: add the gene feature (with the same /gene and /locus_tag) around the feature, or correct the
    name.
    Example: CDS 51..146 /gene=abcX on a sequence whose only gene is /gene=abcE.
    """
    loci, tags = _gene_names(ctx)
    for feature in ctx.features:
        if feature.key == "gene" or not feature.intervals:
            continue
        locus, tag = _xref(feature)
        if locus is not None:
            if locus in loci:
                continue
            kind = "locus"
        elif tag is not None:
            if tag in tags:
                continue
            kind = "locus_tag"
        else:
            continue
        yield Hit(
            feature.pos,
            f"Feature has gene {kind} cross-reference but no equivalent gene feature exists",
            ctx.record.seq_id,
            feature_text(feature, ctx.record),
        )


# --- colliding gene names -------------------------------------------------------------------------------------


def _gene_collisions(ctx: RecordContext) -> list[tuple[Feature, bool]]:
    """Each gene that repeats an earlier gene's name (by position), and whether its sequence is the same."""

    def make() -> list[tuple[Feature, bool]]:
        by_name: dict[str, list[Feature]] = defaultdict(list)
        for gene in ctx.of_key("gene"):
            name = gene.get("gene")
            if name and gene.intervals:
                by_name[name].append(gene)
        found: list[tuple[Feature, bool]] = []
        for genes in by_name.values():
            if len(genes) < 2:
                continue
            genes.sort(key=lambda g: (g.low, g.high))
            for previous, gene in pairwise(genes):
                found.append((gene, _bases(ctx, gene) == _bases(ctx, previous)))
        return found

    made = ctx.cached("gene_collisions", make)
    assert isinstance(made, list)
    return made


def _bases(ctx: RecordContext, feature: Feature) -> str | None:
    residues = ctx.record.residues
    parts = []
    for iv in feature.intervals:
        if iv.between or iv.high > len(residues):
            return None
        chunk = residues[iv.low - 1 : iv.high]
        parts.append(reverse_complement(chunk) if iv.start > iv.stop else chunk)
    return "".join(parts)


@rule(code="SEQ_FEAT.CollidingGeneNames", severity=Severity.WARNING)
def colliding_gene_names(ctx: RecordContext) -> Iterator[Hit]:
    """Two genes on a sequence share a name but not their sequence.

    What: gene features with the same /gene on one sequence; each gene after the first (by position) whose
    bases differ from the previous gene of that name.
    Why: a gene symbol should identify one gene; different genes with one name are usually a copy-paste
    or naming error.
    Fix: give the genes distinct names (e.g. add a number or use the locus_tag only); if they really are
    copies, make sure their coordinates cover identical sequence.
    Example: gene 7785..7872 /gene=trnS and gene 35312..35939 /gene=trnS.
    """
    for gene, same in _gene_collisions(ctx):
        if not same:
            yield Hit(
                gene.pos,
                "Colliding names in gene features",
                ctx.record.seq_id,
                feature_text(gene, ctx.record),
            )


@rule(code="SEQ_FEAT.ReplicatedGeneSequence", severity=Severity.INFO)
def replicated_gene_sequence(ctx: RecordContext) -> Iterator[Hit]:
    """Two genes on a sequence share a name and an identical sequence (a repeated copy).

    What: gene features with the same /gene on one sequence whose bases (in their own orientation) are
    identical, such as the genes in the two inverted repeats of a chloroplast genome.
    Why: legitimate, but worth a note: the two copies must stay identical in their annotation too.
    Fix: nothing if the gene really is duplicated; otherwise rename one copy.
    Example: gene 86474..93358 /gene=ycf2 and gene complement(145291..152175) /gene=ycf2.
    """
    for gene, same in _gene_collisions(ctx):
        if same:
            yield Hit(
                gene.pos,
                "Colliding names in gene features, but underlying sequences are identical",
                ctx.record.seq_id,
                feature_text(gene, ctx.record),
            )


# --- CDS and mRNA pairing -------------------------------------------------------------------------------------


def _fits(cds: Feature, mrna: Feature) -> bool:
    """The CDS's exons sit in consecutive mRNA exons with the same internal boundaries (as NCBI's
    interval check does). Partial ends do not matter: tbl2asn 25.3 counts an mRNA that runs past a CDS's
    partial end, partial itself or not."""
    if cds.strand is not mrna.strand or not (mrna.low <= cds.low and cds.high <= mrna.high):
        return False
    c_rows = [iv for iv in cds.intervals if not iv.between]
    m_rows = [iv for iv in mrna.intervals if not iv.between]
    if not c_rows or len(c_rows) > len(m_rows):
        return False
    first = next(
        (
            i
            for i, m in enumerate(m_rows)
            if m.low <= c_rows[0].low <= m.high and m.low <= c_rows[0].high <= m.high
        ),
        None,
    )
    if first is None or first + len(c_rows) > len(m_rows):
        return False
    last = len(c_rows) - 1
    for k, (c, m) in enumerate(zip(c_rows, m_rows[first:], strict=False)):
        if c.low < m.low or c.high > m.high:
            return False
        if k > 0 and c.start != m.start:
            return False
        if k < last and c.stop != m.stop:
            return False
    return True


def _mrnas_per_cds(ctx: RecordContext) -> dict[int, list[Feature]]:
    """``id(CDS) -> the mRNAs counted for it``, as tbl2asn 25.3 counts them (each rule checked by running it).

    * A CDS that tbl2asn links to its mRNA (only under -M n, see ``links``) has its transcript: none counted.
    * Otherwise every mRNA that fits it counts, less any mRNA that is the only fit of another CDS: that one
      belongs to the other CDS. An mRNA linked to another CDS still counts.
    """

    def make() -> dict[int, list[Feature]]:
        mrnas = index_of(ctx, "mRNA")
        fitting = {
            id(cds): [m for m in mrnas.overlapping(cds.low, cds.high) if _fits(cds, m)]
            for cds in features_of(ctx, "CDS")
            if cds.intervals
        }
        taken = {id(fits[0]): key for key, fits in fitting.items() if len(fits) == 1}
        links = partners(ctx)
        return {
            key: [] if key in links else [m for m in fits if taken.get(id(m), key) == key]
            for key, fits in fitting.items()
        }

    return cast(dict[int, list[Feature]], ctx.cached("mrnas_per_cds", make))


@rule(code="SEQ_FEAT.CDSwithMultipleMRNAs", severity=Severity.INFO)
def cds_with_several_mrnas(ctx: RecordContext) -> Iterator[Hit]:
    """More than one mRNA fits a coding region's exons.

    What: counts the mRNAs whose exons hold the CDS's exons with the same internal boundaries, partial ends
    or not; more than one is a NOTE. An mRNA that is another CDS's only fit is not
    counted, nor any for a CDS that tbl2asn links to its mRNA under -M n (by /protein_id). tbl2asn 25.3
    words it "but product locations are unique" whether or not the mRNAs have transcript ids.
    Why: each protein should come from one transcript; when several alternative mRNAs fit, GenBank cannot
    tell which one the CDS belongs to.
    Fix: give each mRNA its own CDS (one CDS per transcript, the mRNA's /protein_id naming its CDS's, which
    links the two under -M n), or remove the redundant mRNA.
    Example: mRNAs <3306-3382,3707-3965,4028->4276 and 3306-3382,3707-3965,4028->4276 around CDS
    3810-3965,4028->4276.
    """
    for cds in features_of(ctx, "CDS"):
        if not cds.intervals:
            continue
        mrnas = _mrnas_per_cds(ctx).get(id(cds), [])
        if len(mrnas) < 2:
            continue
        message = f"CDS overlapped by {len(mrnas)} mRNAs, but product locations are unique"
        yield Hit(cds.pos, message, ctx.record.seq_id, feature_text(cds, ctx.record))


@rule(code="SEQ_FEAT.CDSwithNoMRNAOverlap", severity=Severity.WARNING)
def cds_without_mrna(ctx: RecordContext) -> Iterator[Hit]:
    """A coding region on a sequence with mRNAs is not covered by any mRNA.

    What: on a sequence that has mRNA features, a CDS that no mRNA on its strand overlaps.
    Why: where transcripts are annotated, every protein needs its transcript; a lone CDS is usually an
    mRNA that was dropped when the annotation was exported.
    Fix: add the mRNA feature for the CDS (same gene, exons including the UTRs if known), or remove the CDS.
    Example: CDS <39519..40772 inside gene 39370..41184 with no mRNA, on a sequence whose other genes have
    mRNAs.
    """
    if not features_of(ctx, "mRNA"):
        return
    mrnas = index_of(ctx, "mRNA")
    for cds in features_of(ctx, "CDS"):
        if not cds.intervals:
            continue
        if not any(m.strand is cds.strand for m in mrnas.overlapping(cds.low, cds.high)):
            yield Hit(cds.pos, "CDS overlapped by 0 mRNAs", ctx.record.seq_id, feature_text(cds, ctx.record))


@rule(code="SEQ_FEAT.CDSmRNAmismatch", severity=Severity.WARNING)
def gene_cds_mrna_counts(ctx: RecordContext) -> Iterator[Hit]:
    """A gene holds a different number of mRNAs and CDSs.

    What: for each gene with at least one mRNA and one CDS (each feature counted in the smallest gene on
    its strand that contains it), the two counts differ.
    Why: in a eukaryotic annotation each transcript has its protein: three mRNAs and two CDSs mean a CDS is
    missing or an mRNA is extra.
    Fix: add the missing CDS (or mRNA) so that each mRNA has its CDS, or remove the extra feature.
    Example: gene 3306..4514 with three mRNA features and two CDS features.
    """
    counts: dict[int, list[int]] = {}
    genes: dict[int, Feature] = {}
    for key, slot in (("mRNA", 0), ("CDS", 1)):
        for feature in features_of(ctx, key):
            if not feature.intervals:
                continue
            holders = _containing_genes(ctx, feature)
            if not holders:
                continue
            gene = min(holders, key=lambda g: g.high - g.low)
            genes[id(gene)] = gene
            counts.setdefault(id(gene), [0, 0])[slot] += 1
    for key_id, (mrna, cds) in counts.items():
        if mrna and cds and mrna != cds:
            gene = genes[key_id]
            yield Hit(
                gene.pos,
                f"mRNA count ({mrna}) does not match CDS ({cds}) count for gene",
                ctx.record.seq_id,
                feature_text(gene, ctx.record),
            )


# --- rRNA operons: rRNAs and the internal transcribed spacers between them -------------------------------------

_ITS_SHORT = re.compile(r"^its\s*[12]$", re.IGNORECASE)  # tbl2asn spells these out (ITS1: ...spacer 1)


def _is_its(feature: Feature) -> bool:
    product = (feature.get("product") or "").strip()
    return feature.key == "misc_RNA" and (
        product.lower().startswith("internal transcribed spacer") or bool(_ITS_SHORT.match(product))
    )


def _operon_pairs(ctx: RecordContext) -> Iterator[tuple[Feature, Feature]]:
    """Neighbouring rRNA/ITS features in position order, one an rRNA and the other an ITS."""

    def make() -> list[tuple[Feature, Feature]]:
        parts = [f for f in ctx.features if f.intervals and (f.key == "rRNA" or _is_its(f))]
        parts.sort(key=lambda f: (f.low, f.high))
        return [(a, b) for a, b in pairwise(parts) if _is_its(a) != _is_its(b)]

    made = ctx.cached("operon_pairs", make)
    assert isinstance(made, list)
    return iter(made)


# The components of a eukaryotic rRNA operon in transcription order: small subunit, ITS1, 5.8S, ITS2, large.
_OPERON_PATTERNS = (
    re.compile(r"\b(16S|18S)\b|small subunit", re.IGNORECASE),
    re.compile(r"internal transcribed spacer 1\b|^ITS\s*1$", re.IGNORECASE),
    re.compile(r"\b5\.8S\b", re.IGNORECASE),
    re.compile(r"internal transcribed spacer 2\b|^ITS\s*2$", re.IGNORECASE),
    re.compile(r"\b(23S|25S|26S|28S)\b|large subunit", re.IGNORECASE),
)


def _operon_rank(feature: Feature) -> int | None:
    product = (feature.get("product") or "").strip()
    return next((i for i, pattern in enumerate(_OPERON_PATTERNS) if pattern.search(product)), None)


def _next_in_operon(first: Feature, second: Feature) -> bool:
    """Whether the two follow each other in the operon, read in transcription order (the minus strand's
    from its higher position): only those must abut (tbl2asn 25.3 says nothing of 5.8S then ITS1, or of
    ITS1 then 28S; checked by running it)."""
    upstream, downstream = (second, first) if first.strand is Strand.MINUS else (first, second)
    a, b = _operon_rank(upstream), _operon_rank(downstream)
    return a is not None and b is not None and b == a + 1


@rule(code="SEQ_FEAT.InconsistentRRNAstrands", severity=Severity.WARNING)
def inconsistent_rrna_strands(ctx: RecordContext) -> Iterator[Hit]:
    """An internal transcribed spacer and its neighbouring rRNA (or ITS) lie on opposite strands.

    What: among the rRNA and ITS (misc_RNA 'internal transcribed spacer ...') features in position order,
    an rRNA and an ITS next to each other are on different strands; reported on the second.
    Why: the rRNAs and spacers of an operon are transcribed together, so all lie on one strand; a mixed
    pair means one location is written the wrong way round.
    Fix: write both locations in the same direction (the higher number first for the minus strand).
    Example: 59  401  rRNA 16S ribosomal RNA  then  1033  963  misc_RNA internal transcribed spacer 1
    """
    for first, second in _operon_pairs(ctx):
        if first.strand != second.strand:
            message = "Inconsistent strands for rRNA components"
            yield Hit(second.pos, message, ctx.record.seq_id, feature_text(second, ctx.record))


def _abut_problem(first: Feature, second: Feature) -> str | None:
    if first.strand != second.strand or not _next_in_operon(first, second):
        return None
    if second.low <= first.high:
        return "SEQ_FEAT.BadRRNAcomponentOverlap"
    if second.low > first.high + 1:
        return "SEQ_FEAT.ITSdoesNotAbutRRNA"
    return None


@rule(code="SEQ_FEAT.ITSdoesNotAbutRRNA", severity=Severity.WARNING)
def its_does_not_abut_rrna(ctx: RecordContext) -> Iterator[Hit]:
    """An internal transcribed spacer does not start right where its neighbouring rRNA ends.

    What: an ITS and the rRNA next to it (position order, same strand) that follow each other in the operon
    (18S, ITS1, 5.8S, ITS2, 28S, read in transcription order) leave bases between them; reported on the
    second of the two in position order.
    Why: an ITS is by definition the stretch between two rRNAs; a gap means one of the ends is wrong.
    Fix: move the ITS's or the rRNA's end so that they meet (ITS1 from the base after the 18S rRNA).
    Example: 1  100  rRNA 18S ribosomal RNA  then  110  150  misc_RNA internal transcribed spacer 1
    """
    for first, second in _operon_pairs(ctx):
        if _abut_problem(first, second) == "SEQ_FEAT.ITSdoesNotAbutRRNA":
            message = "ITS does not abut adjacent rRNA component"
            yield Hit(second.pos, message, ctx.record.seq_id, feature_text(second, ctx.record))


@rule(code="SEQ_FEAT.BadRRNAcomponentOverlap", severity=Severity.WARNING)
def its_overlaps_rrna(ctx: RecordContext) -> Iterator[Hit]:
    """An internal transcribed spacer overlaps its neighbouring rRNA.

    What: an ITS and the rRNA next to it (position order, same strand) that follow each other in the operon
    share bases; reported on the second.
    Why: an ITS lies between two rRNAs, never inside one; an overlap means one of the ends is wrong.
    Fix: move the ITS's or the rRNA's end so that they meet without sharing a base.
    Example: 1  100  rRNA 18S ribosomal RNA  then  90  150  misc_RNA internal transcribed spacer 1
    """
    for first, second in _operon_pairs(ctx):
        if _abut_problem(first, second) == "SEQ_FEAT.BadRRNAcomponentOverlap":
            message = "ITS overlaps adjacent rRNA component"
            yield Hit(second.pos, message, ctx.record.seq_id, feature_text(second, ctx.record))
