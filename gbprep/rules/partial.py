"""Partiality: a '<' or '>' end must be where the sequence (or the annotation) really stops.

tbl2asn 25.3's PartialProblem (the C toolkit's ValidateSeqFeat, checked on small inputs):

* a partial end at the first or last base of the sequence is fine;
* a gene whose span is a CDS's or an mRNA's span, an mRNA that is its CDS (or whose partial end is its
  CDS's end, or whose span is its gene's), and an exon whose partial end is its partial mRNA's end, are
  left alone: their partial ends follow from the other feature;
* next to a gap of a delta sequence nothing is said; at a splice site (AG before a 5' end, GT or GC after a
  3' end, ambiguous bases agreeing) a CDS is fine in a eukaryote (a NOTE in bacteria and viruses, or on an
  organelle, a WARNING on an mRNA molecule), any other feature gets a NOTE;
* elsewhere a CDS is a WARNING unless the base next to its end is an N, any other feature a WARNING.

Findings point at the feature's row in the ``.tbl``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from gbprep.model.coding import reverse_complement
from gbprep.model.diagnostics import Severity
from gbprep.model.gene_cleanup import gene_becomes_misc_feature, gene_kept
from gbprep.model.records import Feature, SequenceRecord, Strand
from gbprep.rules.overlaps import feature_text, features_of, index_of, record_modifiers
from gbprep.rules.registry import Hit, RecordContext, rule
from gbprep.rules.splicing import in_gap, on_organelle, splicing_not_expected
from gbprep.rules.translation import cds_translations
from gbprep.rules.translation import feature_text as cds_text

# Which IUPAC codes are consistent with each base (an N could be anything, so it agrees with a splice site).
_CONSISTENT = {"A": "ANRMWHVD", "C": "CNYMSHBV", "G": "GNRKSBVD", "T": "TNYKWBHD"}
_NOT_CHECKED = frozenset({"source", "REFERENCE", "gap", "assembly_gap"})
_START = "Start does not include first/last residue of sequence"
_STOP = "Stop does not include first/last residue of sequence"
# A CDS /exception that excuses a partial end away from a splice site (the C toolkit's NonconsensusExcept).
_EXCUSED_SITE = (
    "nonconsensus splice site",
    "heterogeneous population sequenced",
    "low-quality sequence region",
    "artificial location",
)


class End(NamedTuple):
    strand: Strand
    position: int


def five_prime(feature: Feature) -> End:
    iv = feature.intervals[0]
    return End(feature.strand, iv.start)


def three_prime(feature: Feature) -> End:
    iv = feature.intervals[-1]
    return End(feature.strand, iv.stop)


def _bases(record: SequenceRecord, first: int, last: int, strand: Strand) -> str | None:
    """Bases first..last (1-based, first <= last) read on ``strand``; None when off the sequence."""
    if first < 1 or last > len(record.residues):
        return None
    chunk = record.residues[first - 1 : last]
    return chunk if strand is Strand.PLUS else reverse_complement(chunk)


def _agrees(bases: str, want: str) -> bool:
    return all(b in _CONSISTENT[w] for b, w in zip(bases, want, strict=True))


def _site_span(end: End, five: bool) -> tuple[int, int]:
    """The two bases (1-based, low..high) just outside a 5' end (acceptor) or a 3' end (donor)."""
    if (end.strand is Strand.PLUS) == five:
        return end.position - 2, end.position - 1
    return end.position + 1, end.position + 2


def acceptor_before(record: SequenceRecord, end: End) -> bool:
    """AG (or ambiguous bases that could be AG) just before a 5' end."""
    bases = _bases(record, *_site_span(end, True), end.strand)
    return bases is not None and _agrees(bases, "AG")


def donor_after(record: SequenceRecord, end: End) -> bool:
    """GT (or ambiguous bases that could be), or exactly GC, just after a 3' end."""
    bases = _bases(record, *_site_span(end, False), end.strand)
    return bases is not None and (_agrees(bases, "GT") or bases == "GC")


def at_sequence_end(record: SequenceRecord, end: End, five: bool) -> bool:
    """Whether a 5' (or 3') end lies on the first or last base of the sequence, as its strand requires."""
    first_base = (end.strand is Strand.PLUS) == five
    return end.position == (1 if first_base else len(record.residues))


class _Where(NamedTuple):
    at_site: bool
    in_gap: bool


def _where(ctx: RecordContext, feature: Feature, five: bool) -> _Where:
    """A partial end's neighbourhood as the C toolkit's PartialAtSpliceSiteOrGap reads it."""
    if len({iv.strand for iv in feature.intervals if iv.start != iv.stop}) > 1:
        return _Where(False, False)
    end = five_prime(feature) if five else three_prime(feature)
    low, high = _site_span(end, five)
    if low < 1 or high > len(ctx.record.residues):
        return _Where(False, False)
    if in_gap(ctx, low, high):
        return _Where(True, True)
    return _Where(acceptor_before(ctx.record, end) if five else donor_after(ctx.record, end), False)


def at_site_or_gap(ctx: RecordContext, feature: Feature, five: bool) -> bool:
    """The partial 5' (3') end is at a consensus splice site or next to a gap (PartialAtSpliceSiteOrGap)."""
    return _where(ctx, feature, five).at_site


def next_to_n(ctx: RecordContext, feature: Feature, five: bool) -> bool:
    """The base just outside the end is an N or in a gap (PartialAtGapOrNs)."""
    return _next_to_n(ctx, feature, five)


def _next_to_n(ctx: RecordContext, feature: Feature, five: bool) -> bool:
    """The base just outside the end is an N or a gap (PartialAtGapOrNs; it needs two bases of room)."""
    end = five_prime(feature) if five else three_prime(feature)
    low, high = _site_span(end, five)
    if low < 1 or high > len(ctx.record.residues):
        return False
    near = high if (end.strand is Strand.PLUS) == five else low
    return ctx.record.residues[near - 1] == "N" or in_gap(ctx, near, near)


# --- the features a partial end may follow from (SameAsCDS, SameAsMRNA, SameAsGene) -------------------------


def _rows(feature: Feature) -> list[tuple[int, int]]:
    return [(iv.low, iv.high) for iv in feature.intervals if not iv.between]


def _contained(inner: Feature, outer: Feature) -> bool:
    """Every base of ``inner`` is a base of ``outer`` (SeqLocAinB >= 0)."""
    rows = _rows(outer)
    return all(any(lo <= a and b <= hi for lo, hi in rows) for a, b in _rows(inner))


def _span(feature: Feature) -> tuple[int, int]:
    return feature.low, feature.high


def _near(ctx: RecordContext, feature: Feature, key: str) -> list[Feature]:
    """Features of ``key`` on the same strand whose span overlaps the feature's, leftmost first."""
    found = index_of(ctx, key).overlapping(feature.low, feature.high)
    return sorted((f for f in found if f.strand is feature.strand), key=_span)


def _gene_follows(ctx: RecordContext, gene: Feature) -> bool:
    return any(_span(f) == _span(gene) for key in ("CDS", "mRNA") for f in _near(ctx, gene, key))


def _same_cds(mrna: Feature, cds: Feature, five: bool) -> str:
    """FindSameCDS on one CDS: "found", "bypass" (the mRNA reaches beyond it: skip the gene test) or ""."""
    if _span(cds) == _span(mrna) and len(_rows(cds)) == len(_rows(mrna)):
        return "found" if _contained(cds, mrna) and _rows(cds) == _rows(mrna) else ""
    if not _contained(cds, mrna):
        return ""
    minus = mrna.strand is Strand.MINUS
    if five and mrna.partial5:
        mine, theirs = (mrna.high, cds.high) if minus else (-mrna.low, -cds.low)
    elif not five and mrna.partial3:
        mine, theirs = (-mrna.low, -cds.low) if minus else (mrna.high, cds.high)
    else:
        return ""
    if mine == theirs:
        return "found"
    return "bypass" if mine > theirs else ""


def _linked(mrna: Feature, cds: Feature) -> bool:
    """tbl2asn cross-references an mRNA and a CDS that share a /transcript_id or /protein_id."""
    return any(
        (value := (mrna.get(key) or "").strip()) and value == (cds.get(key) or "").strip()
        for key in ("transcript_id", "protein_id")
    )


def _mrna_follows_cds(ctx: RecordContext, mrna: Feature, five: bool) -> tuple[bool, bool]:
    """(the mRNA's partial end follows from a CDS, the gene test is to be skipped), as SameAsCDS asks: its
    cross-referenced CDS first, then the overlapping CDSs leftmost first until one decides."""
    near = _near(ctx, mrna, "CDS")
    if any(_same_cds(mrna, cds, five) == "found" for cds in near if _linked(mrna, cds)):
        return True, False
    for cds in near:
        verdict = _same_cds(mrna, cds, five)
        if verdict:
            return verdict == "found", verdict == "bypass"
    return False, False


def _exon_follows(ctx: RecordContext, exon: Feature, five: bool) -> bool:
    minus = exon.strand is Strand.MINUS
    for mrna in _near(ctx, exon, "mRNA"):
        if five and mrna.partial5 and (exon.high == mrna.high if minus else exon.low == mrna.low):
            return True
        if not five and mrna.partial3 and (exon.low == mrna.low if minus else exon.high == mrna.high):
            return True
    return False


def _cds_is_mrna(ctx: RecordContext, cds: Feature) -> bool:
    return any(_rows(m) == _rows(cds) for m in _near(ctx, cds, "mRNA"))


def _follows(ctx: RecordContext, feature: Feature, five: bool) -> bool:
    if feature.key == "gene":
        return _gene_follows(ctx, feature)
    if feature.key == "mRNA":
        found, skip_gene = _mrna_follows_cds(ctx, feature, five)
        if found:
            return True
        return not skip_gene and any(_span(g) == _span(feature) for g in _near(ctx, feature, "gene"))
    if feature.key == "exon":
        return _exon_follows(ctx, feature, five)
    return False


def _adjacent_to_intron(ctx: RecordContext, feature: Feature) -> bool:
    """Each partial end of the feature abuts an intron feature on its strand (AdjacentToIntron)."""
    introns = [i for i in features_of(ctx, "intron") if i.intervals and i.strand is feature.strand]
    ends = []
    if feature.partial5:
        ends.append(five_prime(feature).position + (1 if feature.strand is Strand.MINUS else -1))
    if feature.partial3:
        ends.append(three_prime(feature).position + (-1 if feature.strand is Strand.MINUS else 1))
    return all(any(i.low == at or i.high == at for i in introns) for at in ends)


def _dropped_gene(feature: Feature) -> bool:
    """A gene row tbl2asn's cleanup removes (it names no gene: see ``gene_cleanup``); nothing to validate."""
    return feature.key == "gene" and not gene_kept(feature) and not gene_becomes_misc_feature(feature)


def _hit(ctx: RecordContext, feature: Feature, message: str, severity: Severity | None = None) -> Hit:
    return Hit(
        feature.pos,
        f"PartialLocation: {message}",
        ctx.record.seq_id,
        feature_text(feature, ctx.record),
        severity,
    )


def _judge(ctx: RecordContext, feature: Feature, five: bool) -> Hit | None:
    """What tbl2asn says about one partial end that is not at the end of the sequence."""
    if _follows(ctx, feature, five):
        return None
    text = _START if five else _STOP
    is_cds = feature.key == "CDS"
    where = _where(ctx, feature, five)
    if is_cds and where.at_site and _cds_is_mrna(ctx, feature):
        return None
    own_pseudo = feature.has("pseudo") or feature.has("pseudogene")
    if where.at_site:
        if where.in_gap:
            return None
        if is_cds and on_organelle(ctx):
            if _adjacent_to_intron(ctx, feature):
                return None
            return _hit(
                ctx,
                feature,
                f"{text} (organelle does not use standard splice site convention)",
                Severity.INFO,
            )
        if not is_cds or splicing_not_expected(ctx):
            return (
                None
                if own_pseudo
                else _hit(ctx, feature, f"{text} (but is at consensus splice site)", Severity.INFO)
            )
        moltype = (
            record_modifiers(ctx).get("moltype") or record_modifiers(ctx).get("mol-type") or ""
        ).lower()
        if moltype == "mrna" and not own_pseudo:
            return _hit(
                ctx,
                feature,
                f"{text} (but is at consensus splice site, but is on an mRNA that is already spliced)",
            )
        return None
    if is_cds:
        exceptions = " ".join(feature.values("exception"))
        if "rearrangement required for product" in exceptions:
            return None
        if any(text in exceptions.lower() for text in _EXCUSED_SITE):
            return None
        if _next_to_n(ctx, feature, five) or any(
            "coding region disrupted by sequencing gap" in n for n in feature.values("note")
        ):
            return None
        if five:
            return _hit(ctx, feature, "5' partial is not at start AND is not at consensus splice site")
        return _hit(ctx, feature, "3' partial is not at stop AND is not at consensus splice site")
    if feature.key == "tRNA" and five and _adjacent_to_intron(ctx, feature):
        return None
    severity = Severity.ERROR if ctx.options.genome and feature.key == "rRNA" else None
    return _hit(ctx, feature, text, severity)


@rule(code="SEQ_FEAT.PartialProblem", severity=Severity.WARNING)
def partial_end_inside_sequence(ctx: RecordContext) -> Iterator[Hit]:
    """A feature is marked partial ('<' or '>') at an end that is not at the end of the sequence.

    What: each '<' 5' end and '>' 3' end that is neither the first nor the last base of the sequence. A CDS
    is accepted there at a splice site (AG before a 5' end, GT/GC after a 3' end) or next to an N or a gap;
    another feature is then only a NOTE. A gene, mRNA or exon whose partial end follows from its CDS or mRNA
    (same span, same end) is not reported, nor is a gene row naming no gene, which tbl2asn drops. And,
    wherever it lies, a CDS whose 3' end is marked partial but whose translation ends in a stop codon (an
    ERROR: "Got stop codon, but 3'end is labeled partial").
    Why: a partial end says the feature continues beyond the sequence; inside the sequence the annotation
    could simply have been extended, so the mark is usually wrong (or the coordinates are).
    Fix: remove the '<' or '>' if the feature is complete there (always when the CDS ends in its stop codon),
    or extend the feature to the end of the sequence (or to the exon boundary it really stops at).
    Example: <51  >300  CDS on a 400-base sequence, not at a splice site.
    """
    record = ctx.record
    for feature in ctx.features:
        if not feature.intervals or feature.key in _NOT_CHECKED or _dropped_gene(feature):
            continue
        if feature.partial5 and not at_sequence_end(record, five_prime(feature), True):
            found = _judge(ctx, feature, True)
            if found is not None:
                yield found
        if feature.partial3 and not at_sequence_end(record, three_prime(feature), False):
            found = _judge(ctx, feature, False)
            if found is not None:
                yield found
    yield from _stop_at_partial_end(ctx)


def _stop_at_partial_end(ctx: RecordContext) -> Iterator[Hit]:
    """A 3' partial CDS that does have its stop codon: the partial mark is wrong (C toolkit CdTransCheck)."""
    for tr in cds_translations(ctx):
        if tr.partial3 and tr.got_stop and not tr.bypassed:
            yield Hit(
                tr.feature.pos,
                "Got stop codon, but 3'end is labeled partial",
                ctx.record.seq_id,
                cds_text(tr, ctx.record),
                Severity.ERROR,
            )
