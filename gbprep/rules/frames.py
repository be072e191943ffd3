"""Reading frame and partial ends against the codons: what a CDS's /codon_start and '<'/'>' marks say,
checked against what its translation really has (C toolkit ``CdTransCheck``, tbl2asn 25.3).

Findings point at the CDS row of the user's ``.tbl``.
"""

from __future__ import annotations

from collections.abc import Iterator

from gbprep.model.diagnostics import Severity
from gbprep.rules.partial import at_sequence_end, at_site_or_gap, five_prime, next_to_n
from gbprep.rules.registry import Hit, RecordContext, rule
from gbprep.rules.translation import cds_translations, feature_text

# A note with which tbl2asn takes a CDS's odd start as explained.
GAP_NOTE = "coding region disrupted by sequencing gap"


@rule(code="SEQ_FEAT.SuspiciousFrame", severity=Severity.ERROR)
def cds_frame_without_partial_start(ctx: RecordContext) -> Iterator[Hit]:
    """A CDS reads from its 2nd or 3rd base (/codon_start 2 or 3) but its 5' end is not partial or not at a
    splice site.

    What: /codon_start > 1 on a CDS whose start is complete (ERROR: "frame > 1 but not 5' partial"); or on a
    5' partial CDS whose start is inside the sequence and not just after an AG acceptor, a gap or an N
    (WARNING: "frame > 1 and not at consensus splice site"). Such a CDS's first codon is translated as an
    ordinary codon, never as a start codon.
    Why: only a coding region cut off at its 5' end (by the end of the sequence or an exon boundary) can begin
    in the middle of a codon; a complete CDS starts on the first base of its start codon.
    Fix: mark the start partial ('<') if the gene continues upstream, or move the start to the first base of
    the start codon and drop /codon_start; for a partial start inside the sequence, check the exon boundary.
    Example: 101  400  CDS  with /codon_start 2 (no '<').
    """
    for tr in cds_translations(ctx):
        if tr.frame <= 1 or tr.bypassed:
            continue
        if not tr.partial5:
            yield Hit(
                tr.feature.pos,
                "Suspicious CDS location - frame > 1 but not 5' partial",
                ctx.record.seq_id,
                feature_text(tr, ctx.record),
            )
            continue
        cds = tr.feature
        if at_sequence_end(ctx.record, five_prime(cds), True) or at_site_or_gap(ctx, cds, True):
            continue
        if next_to_n(ctx, cds, True) or any(GAP_NOTE in note for note in cds.values("note")):
            continue
        yield Hit(
            tr.feature.pos,
            "Suspicious CDS location - frame > 1 and not at consensus splice site",
            ctx.record.seq_id,
            feature_text(tr, ctx.record),
            Severity.WARNING,
        )
