"""Discrepancy tests on the nucleotide sequences themselves: counts, lengths, Ns, gaps, descriptors.

Gaps are what tbl2asn makes into gaps of the delta sequence: ``>?`` lines of the FASTA and ``assembly_gap``
rows of the table. Ns inside gaps are not "Ns" for these tests; Ns outside them are.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from gbprep.discrepancy.context import NOT_FEATURES, RecordView
from gbprep.discrepancy.model import DiscItem, DiscrepancyOptions, ReportLine
from gbprep.discrepancy.registry import discrepancy
from gbprep.discrepancy.residues import summary


def sequence_item(view: RecordView) -> DiscItem:
    return view.sequence_item()


@discrepancy("DISC_COUNT_NUCLEOTIDES", text="{n} nucleotide Bioseqs are present")
def count_nucleotides(view: RecordView) -> Iterator[DiscItem]:
    """Counts the nucleotide sequences of the submission.

    What: one item per FASTA record.
    Why: a quick check that every sequence was read (a damaged FASTA loses records silently).
    Fix: nothing to fix; compare the count with the number of sequences you meant to submit.
    """
    yield sequence_item(view)


@discrepancy("SHORT_CONTIG", text="{n} contigs are shorter than 200 nt.")
def short_contig(view: RecordView) -> Iterator[DiscItem]:
    """A contig shorter than 200 nucleotides.

    What: sequences of fewer than 200 bases.
    Why: GenBank does not accept WGS contigs under 200 nt; they are usually assembly debris.
    Fix: remove contigs shorter than 200 nt, or explain why they must stay.
    """
    if len(view.record) < 200:
        yield sequence_item(view)


@discrepancy("SHORT_SEQUENCES_200", text="{n} sequences are shorter than 200 bp.")
def short_sequences(view: RecordView) -> Iterator[DiscItem]:
    """A sequence shorter than 200 base pairs.

    What: sequences of fewer than 200 bases (the same bound as SHORT_CONTIG, reported for every kind of
    submission).
    Why: very short sequences are rarely useful on their own and often trimmed leftovers.
    Fix: remove them, or combine them with the sequence they belong to.
    """
    if len(view.record) < 200:
        yield sequence_item(view)


@discrepancy("N_RUNS", text="{n} sequences have runs of 10 or more Ns", fatal=True)
def n_runs(view: RecordView) -> Iterator[DiscItem]:
    """A run of 10 or more Ns that is not a gap.

    What: stretches of at least 10 consecutive Ns outside gaps.
    Why: in an assembly such stretches are gaps of unknown content; GenBank wants them described as gaps
    (with their type and linkage evidence), not as sequence.
    Fix: represent them as gaps: an assembly_gap feature in the table, a >?N line in the FASTA, or tbl2asn's
    -a r10u/-l options; or resolve the bases.
    """
    if summary(view).longest_n_run >= 10:
        yield sequence_item(view)


@discrepancy("N_RUNS_14", text="{n} sequences have runs of 15 or more Ns")
def n_runs_14(view: RecordView) -> Iterator[DiscItem]:
    """A run of 15 or more Ns that is not a gap (the bound TSA submissions use).

    What: stretches of at least 15 consecutive Ns outside gaps.
    Why: as N_RUNS: such stretches are unknown sequence that should be represented as gaps.
    Fix: represent them as gaps, or resolve the bases.
    """
    if summary(view).longest_n_run >= 15:
        yield sequence_item(view)


@discrepancy("DISC_PERCENT_N", text="{n} sequences have > 5% Ns")
def percent_n(view: RecordView) -> Iterator[DiscItem]:
    """More than 5% of a sequence's bases are N.

    What: Ns outside gaps as a share of the sequence length.
    Why: a sequence that is largely unknown is of low value and often a sign of an assembly problem.
    Fix: check the assembly; trim or resolve the Ns, or represent them as gaps.
    """
    if view.record.residues and summary(view).n_bases * 100 > 5 * len(view.record):
        yield sequence_item(view)


@discrepancy("DISC_10_PERCENTN", text="{n} sequences have > 10%% Ns")
def ten_percent_n(view: RecordView) -> Iterator[DiscItem]:
    """More than 10% of a sequence's bases are N (tbl2asn prints the percent sign twice; kept).

    What: Ns outside gaps as a share of the sequence length.
    Why: see DISC_PERCENT_N; above 10% the sequence is rejected for some submission types.
    Fix: check the assembly; trim or resolve the Ns, or represent them as gaps.
    """
    if view.record.residues and summary(view).n_bases * 100 > 10 * len(view.record):
        yield sequence_item(view)


@discrepancy("TEST_LOW_QUALITY_REGION", text="{n} sequences contains low quality region")
def low_quality_region(view: RecordView) -> Iterator[DiscItem]:
    """A stretch of sequence with many ambiguous bases.

    What: any 30-base window (outside gaps) with more than 7 bases that are not A, C, G or T.
    Why: dense ambiguity marks sequencing or assembly trouble.
    Fix: check the region; resolve the bases, trim the end, or represent unknown stretches as gaps.
    """
    if summary(view).low_quality:
        yield sequence_item(view)


@discrepancy("DISC_GAPS", text="{n} sequences contain gaps")
def gaps(view: RecordView) -> Iterator[DiscItem]:
    """A sequence that contains gaps.

    What: sequences with at least one gap (a >? line in the FASTA or an assembly_gap feature).
    Why: informational: gapped sequences are scaffolds, and their gaps need a type and linkage evidence.
    Fix: nothing to fix if the gaps are intended; check that each has the right gap_type and
    linkage_evidence.
    """
    if summary(view).gap_bases:
        yield sequence_item(view)


def _annotated(view: RecordView) -> bool:
    return any(f.key not in NOT_FEATURES for f in view.features)


@discrepancy("NO_ANNOTATION", text="{n} bioseqs have no features")
def no_annotation(view: RecordView) -> Iterator[DiscItem]:
    """A sequence without any feature.

    What: sequences that have no feature in the table (gaps and REFERENCE rows do not count).
    Why: a typo in a '>Feature' line silently detaches a sequence's annotation; GenBank asks you to confirm.
    Fix: check that the SeqID on the '>Feature' line matches the FASTA; otherwise confirm the sequence is
    meant to be unannotated.
    """
    if not _annotated(view):
        yield sequence_item(view)


@discrepancy("DISC_LONG_NO_ANNOTATION", text="{n} bioseqs are longer than 5000nt and have no features")
def long_no_annotation(view: RecordView) -> Iterator[DiscItem]:
    """A sequence longer than 5,000 nt without any feature.

    What: as NO_ANNOTATION, for sequences over 5,000 bases.
    Why: long sequences almost always carry genes; no features usually means lost annotation.
    Fix: check the '>Feature' line's SeqID against the FASTA.
    """
    if len(view.record) > 5000 and not _annotated(view):
        yield sequence_item(view)


def _quality_scores(items: list[DiscItem], options: DiscrepancyOptions) -> list[ReportLine]:
    if not items:
        return []
    return [ReportLine("DISC_QUALITY_SCORES", "Quality scores are missing on all sequences.")]


@discrepancy("DISC_QUALITY_SCORES", summarize=_quality_scores)
def quality_scores(view: RecordView) -> Iterator[DiscItem]:
    """Sequences without quality scores.

    What: every sequence (the portal does not read quality score files).
    Why: NCBI encourages quality scores for Sanger-style assemblies; for NextGen data they are not expected.
    Fix: nothing to do for NextGen assemblies.
    """
    yield view.sequence_item()


@discrepancy("TEST_DEFLINE_PRESENT", summarize=lambda items, _o: _first_only("TEST_DEFLINE_PRESENT", items))
def defline_present(view: RecordView) -> Iterator[DiscItem]:
    """A sequence with a definition line (title) in its FASTA header.

    What: a FASTA header with text besides the SeqID and [modifiers] on the first sequence (tbl2asn
    looks at the first sequence only).
    Why: GenBank makes definition lines itself for genomes; a supplied title may be replaced.
    Fix: nothing to fix; drop the title text if you want NCBI's standard definition line.
    """
    yield dataclasses.replace(sequence_item(view), key="title" if view.record.title.strip() else "")


def _first_only(name: str, items: list[DiscItem]) -> list[ReportLine]:
    """tbl2asn 25.3 looks at the first sequence only: reported when that one has a title (checked on its
    reports of the 200 differential seeds: a title on a later sequence alone is never reported)."""
    if not items or items[0].key != "title":
        return []
    return [ReportLine(name, "1 Bioseqs have definition line", items[:1])]
