"""Discrepancy tests on transcripts: mRNA sequences (TSA-style submissions) and long non-coding RNAs.

An "mRNA sequence" is one whose molecule type is mRNA (``[moltype=mRNA]``), as tbl2asn 25.3's
IsMrnaSequence has it.
"""

from __future__ import annotations

from collections.abc import Iterator

from gbprep.discrepancy.context import NOT_FEATURES, RecordView
from gbprep.discrepancy.model import DiscItem
from gbprep.discrepancy.registry import discrepancy
from gbprep.discrepancy.sequences import sequence_item
from gbprep.model.records import Strand

GAP_NOTE = "coding region disrupted by sequencing gap"  # CDSs so noted may share an mRNA sequence
SHORT_LNCRNA = 200  # bases


@discrepancy(
    "TEST_MRNA_SEQUENCE_MINUS_STRAND_FEATURES",
    text="{n} mRNA sequences have features on the complement strand.",
)
def mrna_sequence_minus_strand_features(view: RecordView) -> Iterator[DiscItem]:
    """An mRNA sequence with a feature on its complement strand.

    What: sequences whose molecule type is mRNA that carry a feature (other than primer_bind) on the
    minus strand.
    Why: an mRNA sequence is given in the sense of the transcript, so its gene, CDS and other features run
    forward; a complement feature means the sequence or the feature is reversed.
    Fix: reverse-complement the sequence (and its annotation), or correct the feature's strand.
    """
    if not (view.molecule.is_mrna and view.molecule.mol == "rna"):
        return
    for feature in view.features:
        if not feature.intervals or feature.key in NOT_FEATURES or feature.key == "primer_bind":
            continue
        if view.span(feature)[2] is Strand.MINUS:
            yield sequence_item(view)
            return


@discrepancy("MULTIPLE_CDS_ON_MRNA", text="{n} mRNA bioseqs have multiple CDS features")
def multiple_cds_on_mrna(view: RecordView) -> Iterator[DiscItem]:
    """An mRNA sequence with more than one coding region.

    What: sequences whose molecule type is mRNA with two or more CDSs, unless all of them are pseudo or
    all are noted 'coding region disrupted by sequencing gap'.
    Why: one transcript encodes one protein; several CDSs suggest merged transcripts or a frameshift split
    into pieces.
    Fix: split the sequence, or make the pieces one CDS (pseudo, with a note) if they are one broken gene.
    """
    if not view.molecule.is_mrna:
        return
    cdss = view.of_key("CDS")
    if len(cdss) < 2:
        return
    if all(view.is_pseudo(c) for c in cdss) or all(GAP_NOTE in "; ".join(c.values("note")) for c in cdss):
        return
    yield sequence_item(view)


@discrepancy("TEST_SHORT_LNCRNA", text="{n} lncRNA features are suspiciously short")
def short_lncrna(view: RecordView) -> Iterator[DiscItem]:
    """A complete lncRNA shorter than 200 bases.

    What: ncRNA features of class lncRNA, with neither end partial, covering fewer than 200 bases.
    Why: long non-coding RNAs are by definition at least 200 nucleotides long.
    Fix: check the location, or use another ncRNA class (or misc_RNA) for a short transcript.
    """
    for feature in view.of_key("ncRNA"):
        if (feature.get("ncRNA_class") or "").lower() != "lncrna":
            continue
        if any(iv.partial_start or iv.partial_stop for iv in feature.intervals):
            continue
        if sum(len(iv) for iv in feature.intervals) < SHORT_LNCRNA:
            yield view.feature_item(feature)
