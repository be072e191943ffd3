"""The splicing family: splice-site consensus at exon boundaries, short exons and introns.

As tbl2asn 25.3 does it: every boundary between two rows of a CDS or mRNA location is a splice junction; the
intron must start with GT (GC is a rare but real donor: a NOTE) and end with AG. The first row's acceptor is
checked too when the 5' end is partial, the last row's donor when the 3' end is partial (the feature
continues into an unseen exon), unless that would run off the sequence (tbl2asn 25.3 checks an mRNA's partial
end even where its complete CDS ends). Ambiguous bases that could be the consensus agree with it; a site in a gap is not judged.
``intron`` features are checked at their own ends. Single-row features, pseudo features, those whose
/exception explains odd splicing and every feature on an organelle ([location=mitochondrion], plastids...)
are not checked. Findings point at the feature's row in the ``.tbl``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import cast

from gbprep.model.coding import MITO_LOCATIONS, PLASTID_LOCATIONS, reverse_complement
from gbprep.model.diagnostics import Severity
from gbprep.model.frozen import fast_init
from gbprep.model.modifiers import ORGMOD, normalize_modifier_name
from gbprep.model.records import Feature, Interval, SequenceRecord, Strand
from gbprep.model.taxonomy import Taxon, lookup
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
from gbprep.rules.sequence import gaps

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
# Which IUPAC codes could be each base (an N could be anything, so it agrees with a splice site).
_CONSISTENT = {"A": "ANRMWHVD", "C": "CNYMSHBV", "G": "GNRKSBVD", "T": "TNYKWBHD"}
# BioSource locations the C toolkit counts as organelles (IsLocationOrganelle).
ORGANELLES = MITO_LOCATIONS | PLASTID_LOCATIONS | {"nucleomorph"}
_ORGMODS = frozenset(ORGMOD)
_BASES = frozenset("ACGT")


# --- what tbl2asn knows about the organism --------------------------------------------------------------------


def on_organelle(ctx: RecordContext) -> bool:
    """[location=] (or [organelle=]) names an organelle: its genes do not follow nuclear splicing rules."""
    values = record_modifiers(ctx)
    location = (values.get("location") or values.get("organelle") or "").strip().lower()
    return location.rsplit(":", 1)[-1] in ORGANELLES


def has_orgname(ctx: RecordContext) -> bool:
    """Whether tbl2asn gives the BioSource an OrgName: any modifier on the defline or in -j, or an OrgMod.

    An organism named only in a .src table (with source qualifiers that are no OrgMods) gets a bare Org-ref,
    and the validator's organism-dependent checks then know nothing of it (checked with tbl2asn 25.3).
    """
    return any(
        not m.pos.file.endswith(".src") or normalize_modifier_name(m.name) in _ORGMODS
        for m in ctx.source_modifiers
    )


def known_taxon(ctx: RecordContext) -> Taxon | None:
    """The organism's taxon as tbl2asn looks it up offline: only for a name from the defline or -j."""
    for m in ctx.source_modifiers:
        if normalize_modifier_name(m.name) == "organism":
            if m.pos.file.endswith(".src"):
                return None
            return lookup(m.value, fold_case=True)
    return None


def splicing_not_expected(ctx: RecordContext) -> bool:
    """Bacteria, archaea and viruses (by the lineage tbl2asn knows offline) have no spliceosomal introns."""
    taxon = known_taxon(ctx)
    if taxon is None:
        return False
    return taxon.division in ("BCT", "VRL") or taxon.lineage.startswith(("Bacteria; ", "Archaea; "))


def rare_donor_expected(ctx: RecordContext) -> bool:
    """GC donors are worth a NOTE unless the organism is a green plant (RareConsensusNotExpected)."""
    if not has_orgname(ctx):
        return False
    taxon = known_taxon(ctx)
    return taxon is None or not (
        taxon.division == "PLN" and taxon.lineage.startswith("Eukaryota; Viridiplantae; ")
    )


def _agrees(bases: str, want: str) -> bool:
    if bases == want:  # nearly every site
        return True
    return len(bases) == len(want) and all(b in _CONSISTENT[w] for b, w in zip(bases, want, strict=True))


@fast_init
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


def in_gap(ctx: RecordContext, low: int, high: int) -> bool:
    """Whether any base low..high (1-based) lies in a gap of the delta sequence (tbl2asn reads it as '-')."""
    found = gaps(ctx)
    if not found:
        return False
    i = (
        bisect.bisect_left(found, (high,)) - 1
    )  # the last gap starting before base ``high`` (0-based high - 1)
    return i >= 0 and found[i].end > low - 1


def _with_gaps(ctx: RecordContext, bases: str | None, low: int, strand: Strand) -> str | None:
    """The two bases (reading order; ``low`` is the lower 1-based position) with gap bases read as '-'."""
    if bases is None or not in_gap(ctx, low, low + 1):  # nearly every site: no gap on either base
        return bases
    out = list(bases)
    for k in range(2):
        at = low + k if strand is Strand.PLUS else low + 1 - k
        if in_gap(ctx, at, at):
            out[k] = "-"
    return "".join(out)


def _exon_sites(ctx: RecordContext, feature: Feature) -> Iterator[Site]:
    record = ctx.record
    rows = [iv for iv in feature.intervals if not iv.between]
    if len(rows) < 2 or mixed_strand(feature):  # tbl2asn leaves two-strand (trans-spliced) locations alone
        return
    last = len(rows) - 1
    for i, iv in enumerate(rows):
        strand = row_strand(iv, feature)
        end3 = iv.low if strand is Strand.MINUS else iv.high
        end5 = iv.high if strand is Strand.MINUS else iv.low
        if i > 0 or feature.partial5:
            low = iv.low - 2 if strand is Strand.PLUS else iv.high + 1
            bases = _with_gaps(ctx, _before(record, iv, strand), low, strand)
            if bases is not None:
                yield Site(feature, False, end5, bases, False)
        if i < last or feature.partial3:
            low = iv.high + 1 if strand is Strand.PLUS else iv.low - 2
            bases = _with_gaps(ctx, _after(record, iv, strand), low, strand)
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
        organelle = on_organelle(ctx)
        for feature in features_of(ctx, *SPLICED_KEYS, "intron"):
            if not feature.intervals or bypassed(feature) or is_pseudo(ctx, feature):
                continue
            if feature.key == "intron":
                sites.extend(s for s in _intron_sites(ctx.record, feature) if set(s.bases) <= _BASES)
            elif not organelle:  # tbl2asn does not judge an organelle's splicing
                sites.extend(s for s in _exon_sites(ctx, feature) if s.bases != "--")
        return sites

    return cast(list[Site], ctx.cached("splice_sites", make))


def _hit(ctx: RecordContext, site: Site, message: str) -> Hit:
    return Hit(site.feature.pos, message, ctx.record.seq_id, feature_text(site.feature, ctx.record))


# --- rules ----------------------------------------------------------------------------------------------------


@rule(code="SEQ_FEAT.NotSpliceConsensusDonor", severity=Severity.WARNING)
def splice_donor(ctx: RecordContext) -> Iterator[Hit]:
    """An intron of a CDS or mRNA does not start with GT (or the rare GC).

    What: the two bases after each exon of a spliced CDS or mRNA (and after the last exon when the 3' end
    is partial), and the first two bases of each intron feature, on the feature's strand; not on organelles.
    Why: nearly every nuclear intron starts with GT; anything else usually means an exon end is off by a
    few bases or the exon is on the wrong strand.
    Fix: check the exon coordinates against your gene model; if the unusual splice site is real, add
    /exception nonconsensus splice site (or ribosomal slippage for a frameshift).
    Example: CDS rows 51-100 and 201-300 where bases 101-102 are AT.
    """
    id_text = ncbi_id(ctx.record.seq_id)
    for site in splice_sites(ctx):
        if not site.donor:
            continue
        if site.intron_feature:
            if site.bases in ("GT", "GC"):
                continue
        elif _agrees(site.bases, "GT") or site.bases == "GC":
            continue
        if site.intron_feature:
            where = f"at start of intron, position {site.position} of {id_text}"
        else:
            where = f"after exon ending at position {site.position} of {id_text}"
        yield _hit(ctx, site, f"Splice donor consensus (GT) not found {where}")


@rule(code="SEQ_FEAT.RareSpliceConsensusDonor", severity=Severity.INFO)
def splice_donor_rare(ctx: RecordContext) -> Iterator[Hit]:
    """An intron of a CDS or mRNA starts with the rare donor GC instead of GT.

    What: the two bases after an exon boundary of a spliced CDS or mRNA are GC. Not reported for green plants
    whose lineage tbl2asn knows (Arabidopsis thaliana, Zea mays, Oryza sativa), nor when the organism is
    named only in a .src table without an OrgMod (tbl2asn then knows nothing of it), nor on organelles.
    Why: GC-AG introns exist (about 1 in 100) but are rare enough that NCBI asks you to confirm them.
    Fix: nothing, if the gene model is right; otherwise correct the exon end.
    Example: CDS rows 51-100 and 201-300 where bases 101-102 are GC.
    """
    if not rare_donor_expected(ctx):
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
        if site.donor or site.bases == "AG" or (not site.intron_feature and _agrees(site.bases, "AG")):
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
    (one finding per CDS, saying "multiple" when there are several; pseudo CDSs too; mRNAs are not checked).
    Why: such tiny exons are rare in real genes and are a common artefact of gene predictors.
    Fix: check the gene model; remove or merge the tiny exon if the evidence does not support it.
    Example: CDS rows 1-100, 201-211, 301-400 (the middle exon has 11 bases).
    """
    # tbl2asn checks every CDS here, /pseudo or in a /pseudo gene, and whatever its /exception
    for cds in features_of(ctx, "CDS"):
        rows = [iv for iv in cds.intervals if not iv.between]
        short = sum(1 for iv in rows[1:-1] if len(iv) <= MAX_SHORT_EXON)
        if short:
            message = (
                "Coding region has multiple internal exons that are too short"
                if short > 1
                else "Internal coding region exon is too short"
            )
            yield Hit(cds.pos, message, ctx.record.seq_id, feature_text(cds, ctx.record))


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
