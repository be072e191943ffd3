"""Partiality: a '<' or '>' end must be where the sequence (or the annotation) really stops.

tbl2asn 25.3's PartialProblem, as observed on small inputs:

* a partial end at the first or last base of the sequence is fine;
* a CDS's partial end elsewhere is fine only at a splice site (AG before a partial 5' end, GT or GC after a
  partial 3' end; an ambiguous base counts as agreeing); otherwise a WARNING;
* any other feature's partial end elsewhere is a WARNING, or a NOTE when it sits at a splice site;
* except that a gene or mRNA end shared with a CDS, an exon end shared with an mRNA, and a gene and mRNA with
  the very same location, are left alone (the partial end follows from the coding region).

Findings point at the feature's row in the ``.tbl``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from gbprep.model.coding import reverse_complement
from gbprep.model.diagnostics import Severity
from gbprep.model.records import Feature, SequenceRecord, Strand
from gbprep.rules.overlaps import feature_text, features_of
from gbprep.rules.registry import Hit, RecordContext, rule
from gbprep.rules.translation import cds_translations
from gbprep.rules.translation import feature_text as cds_text

# Which IUPAC codes are consistent with each base (an N could be anything, so it agrees with a splice site).
_CONSISTENT = {"A": "ANRMWHVD", "C": "CNYMSHBV", "G": "GNRKSBVD", "T": "TNYKWBHD"}
_NOT_CHECKED = frozenset({"source", "REFERENCE", "gap", "assembly_gap"})


class End(NamedTuple):
    strand: Strand
    position: int


def five_prime(feature: Feature) -> End:
    iv = feature.intervals[0]
    return End(feature.strand, iv.start)


def three_prime(feature: Feature) -> End:
    iv = feature.intervals[-1]
    return End(feature.strand, iv.stop)


def _location(feature: Feature) -> tuple[tuple[int, int], ...]:
    return tuple((iv.start, iv.stop) for iv in feature.intervals)


def _bases(record: SequenceRecord, first: int, last: int, strand: Strand) -> str | None:
    """Bases first..last (1-based, first <= last) read on ``strand``; None when off the sequence."""
    if first < 1 or last > len(record.residues):
        return None
    chunk = record.residues[first - 1 : last]
    return chunk if strand is Strand.PLUS else reverse_complement(chunk)


def _agrees(bases: str, *wanted: str) -> bool:
    return any(all(b in _CONSISTENT[w] for b, w in zip(bases, want, strict=True)) for want in wanted)


def acceptor_before(record: SequenceRecord, end: End) -> bool:
    """AG (or ambiguous bases that could be AG) just before a 5' end."""
    if end.strand is Strand.PLUS:
        bases = _bases(record, end.position - 2, end.position - 1, Strand.PLUS)
    else:
        bases = _bases(record, end.position + 1, end.position + 2, Strand.MINUS)
    return bases is not None and _agrees(bases, "AG")


def donor_after(record: SequenceRecord, end: End) -> bool:
    """GT or GC (or ambiguous bases that could be) just after a 3' end."""
    if end.strand is Strand.PLUS:
        bases = _bases(record, end.position + 1, end.position + 2, Strand.PLUS)
    else:
        bases = _bases(record, end.position - 2, end.position - 1, Strand.MINUS)
    return bases is not None and _agrees(bases, "GT", "GC")


def at_sequence_end(record: SequenceRecord, end: End, five: bool) -> bool:
    """Whether a 5' (or 3') end lies on the first or last base of the sequence, as its strand requires."""
    first_base = (end.strand is Strand.PLUS) == five
    return end.position == (1 if first_base else len(record.residues))


class _Excuses(NamedTuple):
    cds5: set[End]
    cds3: set[End]
    mrna5: set[End]
    mrna3: set[End]
    gene_locations: set[tuple[tuple[int, int], ...]]
    mrna_locations: set[tuple[tuple[int, int], ...]]


def _excuses(ctx: RecordContext) -> _Excuses:
    def make() -> _Excuses:
        cds = [f for f in features_of(ctx, "CDS") if f.intervals]
        mrna = [f for f in features_of(ctx, "mRNA") if f.intervals]
        genes = [f for f in features_of(ctx, "gene") if f.intervals]
        return _Excuses(
            {five_prime(f) for f in cds},
            {three_prime(f) for f in cds},
            {five_prime(f) for f in mrna},
            {three_prime(f) for f in mrna},
            {_location(f) for f in genes},
            {_location(f) for f in mrna},
        )

    made = ctx.cached("partial_excuses", make)
    assert isinstance(made, _Excuses)
    return made


def _excused(ctx: RecordContext, feature: Feature, end: End, five: bool) -> bool:
    ex = _excuses(ctx)
    if feature.key in ("gene", "mRNA"):
        if end in (ex.cds5 if five else ex.cds3):
            return True
        other = ex.mrna_locations if feature.key == "gene" else ex.gene_locations
        return _location(feature) in other
    if feature.key == "exon":
        return end in (ex.mrna5 if five else ex.mrna3)
    return False


def _hit(ctx: RecordContext, feature: Feature, message: str, severity: Severity | None = None) -> Hit:
    return Hit(
        feature.pos,
        f"PartialLocation: {message}",
        ctx.record.seq_id,
        feature_text(feature, ctx.record),
        severity,
    )


@rule(code="SEQ_FEAT.PartialProblem", severity=Severity.WARNING)
def partial_end_inside_sequence(ctx: RecordContext) -> Iterator[Hit]:
    """A feature is marked partial ('<' or '>') at an end that is not at the end of the sequence.

    What: each '<' 5' end and '>' 3' end that is neither the first nor the last base of the sequence. For a
    CDS it is accepted at a splice site (AG before a 5' end, GT/GC after a 3' end); for other features it is
    then only a NOTE. Genes and mRNAs whose partial end is also a CDS's end are not reported. And, wherever it
    lies, a CDS whose 3' end is marked partial but whose translation ends in a stop codon (an ERROR: "Got stop
    codon, but 3'end is labeled partial").
    Why: a partial end says the feature continues beyond the sequence; inside the sequence the annotation
    could simply have been extended, so the mark is usually wrong (or the coordinates are).
    Fix: remove the '<' or '>' if the feature is complete there (always when the CDS ends in its stop codon),
    or extend the feature to the end of the sequence (or to the exon boundary it really stops at).
    Example: <51  >300  CDS on a 400-base sequence, not at a splice site.
    """
    record = ctx.record
    for feature in ctx.features:
        if not feature.intervals or feature.key in _NOT_CHECKED:
            continue
        if feature.partial5:
            end = five_prime(feature)
            if not at_sequence_end(record, end, True) and not _excused(ctx, feature, end, True):
                at_site = acceptor_before(record, end)
                if feature.key == "CDS":
                    if not at_site:
                        yield _hit(
                            ctx, feature, "5' partial is not at start AND is not at consensus splice site"
                        )
                elif at_site:
                    yield _hit(
                        ctx,
                        feature,
                        "Start does not include first/last residue of sequence (but is at consensus splice site)",
                        Severity.INFO,
                    )
                else:
                    yield _hit(ctx, feature, "Start does not include first/last residue of sequence")
        if feature.partial3:
            end = three_prime(feature)
            if not at_sequence_end(record, end, False) and not _excused(ctx, feature, end, False):
                at_site = donor_after(record, end)
                if feature.key == "CDS":
                    if not at_site:
                        yield _hit(
                            ctx, feature, "3' partial is not at stop AND is not at consensus splice site"
                        )
                elif at_site:
                    yield _hit(
                        ctx,
                        feature,
                        "Stop does not include first/last residue of sequence (but is at consensus splice site)",
                        Severity.INFO,
                    )
                else:
                    yield _hit(ctx, feature, "Stop does not include first/last residue of sequence")
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
