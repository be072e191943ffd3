"""The splicing family: splice-site consensus at exon boundaries, short exons and introns.

As tbl2asn 25.3 does it: every boundary between two rows of a CDS or mRNA location is a splice junction; the
intron must start with GT (GC is a rare but real donor: a NOTE) and end with AG. The first row's acceptor is
checked too when the 5' end is partial, the last row's donor when the 3' end is partial (the feature
continues into an unseen exon), unless that would run off the sequence. ``intron`` features are checked at
their own ends. Single-row features, pseudo features and those whose /exception explains odd splicing are
not checked, nor are sites holding an ambiguous base. Findings point at the feature's row in the ``.tbl``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import cast

from gbprep.model.coding import reverse_complement
from gbprep.model.diagnostics import Severity
from gbprep.model.records import Feature, Interval, SequenceRecord, Strand
from gbprep.model.taxonomy import is_green_plant
from gbprep.rules.overlaps import (
    feature_text,
    features_of,
    is_pseudo,
    mixed_strand,
    ncbi_id,
    record_modifiers,
    row_strand,
)
from gbprep.rules.registry import Hit, RecordContext, rule

SPLICED_KEYS = ("CDS", "mRNA")
# /exception texts that tell the validator the splicing is unusual on purpose (tbl2asn skips the feature).
SPLICE_BYPASS = (
    "ribosomal slippage",
    "artificial frameshift",
    "nonconsensus splice site",
    "adjusted for low-quality genome",
    "heterogeneous population sequenced",
    "low-quality sequence region",
    "artificial location",
)
# An internal CDS exon of this length or less is ShortExon.
MAX_SHORT_EXON = 15
# A gap between two CDS rows shorter than this is ShortIntron (tbl2asn: 9 is reported, 10 is not).
MIN_INTRON = 10
_BASES = frozenset("ACGT")


@dataclass(frozen=True, slots=True)
class Site:
    """One splice site tbl2asn would look at: two bases of intron next to a feature boundary."""

    feature: Feature
    donor: bool  # True: start of an intron (GT); False: end of an intron (AG)
    position: int  # 1-based position NCBI names in the message
    bases: str  # the two intron bases in the feature's reading direction
    intron_feature: bool  # an ``intron`` feature's own end, not an exon boundary


def bypassed(feature: Feature) -> bool:
    text = " ".join(feature.values("exception")).lower()
    return any(b in text for b in SPLICE_BYPASS)


def _two(record: SequenceRecord, first: int, strand: Strand) -> str | None:
    """The two bases at 1-based ``first`` and the next one in reading direction, or None off the sequence."""
    residues = record.residues
    if strand is Strand.PLUS:
        lo, hi = first, first + 1
    else:
        lo, hi = first - 1, first
    if lo < 1 or hi > len(residues):
        return None
    chunk = residues[lo - 1 : hi]
    return chunk if strand is Strand.PLUS else reverse_complement(chunk)


def _after(record: SequenceRecord, iv: Interval, strand: Strand) -> str | None:
    """The two bases just past the 3' end of a row (where a donor would be)."""
    if strand is Strand.PLUS:
        return _two(record, iv.high + 1, Strand.PLUS)
    return _two(record, iv.low - 1, Strand.MINUS)


def _before(record: SequenceRecord, iv: Interval, strand: Strand) -> str | None:
    """The two bases just before the 5' end of a row (where an acceptor would be), in reading order."""
    if strand is Strand.PLUS:
        return _two(record, iv.low - 2, Strand.PLUS)
    return _two(record, iv.high + 2, Strand.MINUS)


def _exon_sites(record: SequenceRecord, feature: Feature) -> Iterator[Site]:
    rows = [iv for iv in feature.intervals if not iv.between]
    if len(rows) < 2 or mixed_strand(feature):  # tbl2asn leaves two-strand (trans-spliced) locations alone
        return
    last = len(rows) - 1
    for i, iv in enumerate(rows):
        strand = row_strand(iv, feature)
        end3 = iv.low if strand is Strand.MINUS else iv.high
        end5 = iv.high if strand is Strand.MINUS else iv.low
        if i > 0 or feature.partial5:
            bases = _before(record, iv, strand)
            if bases is not None:
                yield Site(feature, False, end5, bases, False)
        if i < last or feature.partial3:
            bases = _after(record, iv, strand)
            if bases is not None:
                yield Site(feature, True, end3, bases, False)


def _intron_sites(record: SequenceRecord, feature: Feature) -> Iterator[Site]:
    rows = [iv for iv in feature.intervals if not iv.between]
    if len(rows) != 1:
        return
    iv = rows[0]
    start = _two(record, iv.start, iv.strand)
    end = _two(record, iv.stop - 1 if iv.strand is Strand.PLUS else iv.stop + 1, iv.strand)
    if start is not None:
        yield Site(feature, True, iv.start, start, True)
    if end is not None:
        yield Site(feature, False, iv.stop, end, True)


def splice_sites(ctx: RecordContext) -> list[Site]:
    """Every site the splicing rules judge, computed once per record."""

    def make() -> list[Site]:
        sites: list[Site] = []
        for feature in features_of(ctx, *SPLICED_KEYS, "intron"):
            if not feature.intervals or bypassed(feature) or is_pseudo(ctx, feature):
                continue
            found = (
                _intron_sites(ctx.record, feature)
                if feature.key == "intron"
                else _exon_sites(ctx.record, feature)
            )
            sites.extend(s for s in found if set(s.bases) <= _BASES)
        return sites

    return cast(list[Site], ctx.cached("splice_sites", make))


def _hit(ctx: RecordContext, site: Site, message: str) -> Hit:
    return Hit(site.feature.pos, message, ctx.record.seq_id, feature_text(site.feature, ctx.record))


# --- rules ----------------------------------------------------------------------------------------------------


@rule(code="SEQ_FEAT.NotSpliceConsensusDonor", severity=Severity.WARNING)
def splice_donor(ctx: RecordContext) -> Iterator[Hit]:
    """An intron of a CDS or mRNA does not start with GT (or the rare GC).

    What: the two bases after each exon of a spliced CDS or mRNA (and after the last exon when the 3' end
    is partial), and the first two bases of each intron feature, on the feature's strand.
    Why: nearly every nuclear intron starts with GT; anything else usually means an exon end is off by a
    few bases or the exon is on the wrong strand.
    Fix: check the exon coordinates against your gene model; if the unusual splice site is real, add
    /exception nonconsensus splice site (or ribosomal slippage for a frameshift).
    Example: CDS rows 51-100 and 201-300 where bases 101-102 are AT.
    """
    id_text = ncbi_id(ctx.record.seq_id)
    for site in splice_sites(ctx):
        if not site.donor or site.bases in ("GT", "GC"):
            continue
        if site.intron_feature:
            where = f"at start of intron, position {site.position} of {id_text}"
        else:
            where = f"after exon ending at position {site.position} of {id_text}"
        yield _hit(ctx, site, f"Splice donor consensus (GT) not found {where}")


@rule(code="SEQ_FEAT.RareSpliceConsensusDonor", severity=Severity.INFO)
def splice_donor_rare(ctx: RecordContext) -> Iterator[Hit]:
    """An intron of a CDS or mRNA starts with the rare donor GC instead of GT.

    What: the two bases after an exon boundary of a spliced CDS or mRNA are GC (not reported for the model
    plants whose lineage tbl2asn knows: Arabidopsis thaliana, Zea mays, Oryza sativa).
    Why: GC-AG introns exist (about 1 in 100) but are rare enough that NCBI asks you to confirm them.
    Fix: nothing, if the gene model is right; otherwise correct the exon end.
    Example: CDS rows 51-100 and 201-300 where bases 101-102 are GC.
    """
    # tbl2asn 25.3 knows the lineage of a few model organisms offline; for the green plants among them GC
    # donors are expected and it stays silent.
    if is_green_plant(record_modifiers(ctx).get("organism") or "", fold_case=True):
        return
    id_text = ncbi_id(ctx.record.seq_id)
    for site in splice_sites(ctx):
        if site.donor and site.bases == "GC" and not site.intron_feature:
            yield _hit(
                ctx,
                site,
                "Rare splice donor consensus (GC) found instead of (GT) after exon ending at position "
                f"{site.position} of {id_text}",
            )


@rule(code="SEQ_FEAT.NotSpliceConsensusAcceptor", severity=Severity.WARNING)
def splice_acceptor(ctx: RecordContext) -> Iterator[Hit]:
    """An intron of a CDS or mRNA does not end with AG.

    What: the two bases before each exon after the first of a spliced CDS or mRNA (and before the first
    exon when the 5' end is partial), and the last two bases of each intron feature, on the feature's
    strand.
    Why: nearly every nuclear intron ends with AG; anything else usually means an exon start is off by a
    few bases.
    Fix: check the exon coordinates against your gene model; if the unusual splice site is real, add
    /exception nonconsensus splice site.
    Example: CDS rows 51-100 and 201-300 where bases 199-200 are CC.
    """
    id_text = ncbi_id(ctx.record.seq_id)
    for site in splice_sites(ctx):
        if site.donor or site.bases == "AG":
            continue
        if site.intron_feature:
            where = f"at end of intron, position {site.position} of {id_text}"
        else:
            where = f"before exon starting at position {site.position} of {id_text}"
        yield _hit(ctx, site, f"Splice acceptor consensus (AG) not found {where}")


@rule(code="SEQ_FEAT.ShortExon", severity=Severity.WARNING)
def short_internal_exon(ctx: RecordContext) -> Iterator[Hit]:
    """A coding region has an internal exon of 15 bases or less.

    What: any row of a CDS location other than the first and the last that is at most 15 bases long
    (one finding per CDS; mRNAs are not checked).
    Why: such tiny exons are rare in real genes and are a common artefact of gene predictors.
    Fix: check the gene model; remove or merge the tiny exon if the evidence does not support it.
    Example: CDS rows 1-100, 201-211, 301-400 (the middle exon has 11 bases).
    """
    for cds in features_of(ctx, "CDS"):
        rows = [iv for iv in cds.intervals if not iv.between]
        if len(rows) < 3 or is_pseudo(ctx, cds):  # tbl2asn checks even with ribosomal slippage
            continue
        if any(len(iv) <= MAX_SHORT_EXON for iv in rows[1:-1]):
            yield Hit(
                cds.pos,
                "Internal coding region exon is too short",
                ctx.record.seq_id,
                feature_text(cds, ctx.record),
            )


@rule(code="SEQ_FEAT.ShortIntron", severity=Severity.WARNING)
def short_intron(ctx: RecordContext) -> Iterator[Hit]:
    """Two rows of a coding region are separated by fewer than 10 bases.

    What: the gap between consecutive rows (on the same strand) of a CDS location is 1-9 bases
    (tbl2asn does not apply this to mRNAs or intron features).
    Why: a spliceosomal intron needs room for its donor, branch point and acceptor; a few-base "intron"
    is usually a frameshift or sequencing error written as splicing.
    Fix: if the gap stands for a frameshift, join the rows and add /exception ribosomal slippage or mark
    the gene as a pseudogene; otherwise correct the coordinates.
    Example: CDS rows 51-100 and 106-300 (an intron of 5 bases).
    """
    for cds in features_of(ctx, "CDS"):
        rows = [iv for iv in cds.intervals if not iv.between]
        if len(rows) < 2 or bypassed(cds) or is_pseudo(ctx, cds):
            continue
        if any(a.strand is b.strand and 0 < _between(a, b) < MIN_INTRON for a, b in pairwise(rows)):
            yield Hit(
                cds.pos,
                "Introns should be at least 10 nt long",
                ctx.record.seq_id,
                feature_text(cds, ctx.record),
            )


def _between(a: Interval, b: Interval) -> int:
    """Bases between two consecutive rows in reading order (0 or less when they abut or overlap)."""
    return b.low - a.high - 1 if a.strand is Strand.PLUS else a.low - b.high - 1
