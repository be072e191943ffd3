"""Sequence-level tests: counts, short contigs, runs of N, gaps, low-quality regions."""

from __future__ import annotations

from pathlib import Path

from gbprep.discrepancy import DiscrepancyOptions
from tests.engine.discrepancy.helpers import GENOME, make_report, seq, summary


def test_it_counts_sequences_and_flags_short_ones(tmp_path: Path) -> None:
    report = make_report(tmp_path, seq("c1", GENOME) + seq("c2", "ACGT" * 30))
    assert summary(report, "DISC_COUNT_NUCLEOTIDES") == [
        "DISC_COUNT_NUCLEOTIDES:2 nucleotide Bioseqs are present"
    ]
    assert summary(report, "SHORT_CONTIG") == ["SHORT_CONTIG:1 contigs are shorter than 200 nt."]
    assert summary(report, "SHORT_SEQUENCES_200") == [
        "SHORT_SEQUENCES_200:1 sequences are shorter than 200 bp."
    ]
    assert summary(report, "NO_ANNOTATION") == ["NO_ANNOTATION:2 bioseqs have no features"]


def test_it_reports_n_runs_by_length_and_share(tmp_path: Path) -> None:
    twelve = GENOME[:300] + "N" * 12 + GENOME[300:]
    twenty = GENOME[:300] + "N" * 20 + GENOME[300:]
    mostly_n = "ACGT" * 50 + "N" * 60
    report = make_report(
        tmp_path, seq("a", twelve) + seq("b", twenty) + seq("c", mostly_n) + seq("d", GENOME)
    )
    assert summary(report, "N_RUNS") == ["N_RUNS:3 sequences have runs of 10 or more Ns"]
    assert summary(report, "N_RUNS_14") == ["N_RUNS_14:2 sequences have runs of 15 or more Ns"]
    assert summary(report, "DISC_PERCENT_N") == ["DISC_PERCENT_N:1 sequences have > 5% Ns"]
    assert summary(report, "DISC_10_PERCENTN") == ["DISC_10_PERCENTN:1 sequences have > 10%% Ns"]
    assert summary(report, "TEST_LOW_QUALITY_REGION") == [
        "TEST_LOW_QUALITY_REGION:3 sequences contains low quality region"
    ]


def test_ns_inside_a_gap_are_not_n_runs(tmp_path: Path) -> None:
    gapped = GENOME[:300] + "N" * 50 + GENOME[300:]
    table = ">Feature g1\n301\t350\tassembly_gap\n\t\t\tgap_type\twithin scaffold\n\t\t\tlinkage_evidence\tpaired-ends\n"
    report = make_report(tmp_path, seq("g1", gapped), table)
    assert summary(report, "N_RUNS") == []
    assert summary(report, "DISC_GAPS") == ["DISC_GAPS:1 sequences contain gaps"]
    assert summary(report, "NO_ANNOTATION") == ["NO_ANNOTATION:1 bioseqs have no features"]
    gaps = next(line for line in report.lines if line.test == "DISC_GAPS")
    assert [item.line for item in gaps.items] == ["genome:g1 (length 650, 50 gap)"]


def test_scattered_ambiguity_is_a_low_quality_region(tmp_path: Path) -> None:
    scattered = GENOME[:100] + "ANAYARAN" * 4 + GENOME[100:]  # 8 ambiguous bases within 30
    sparse = GENOME[:100] + ("A" * 9 + "N") * 10 + GENOME[100:]  # at most 3 in any 30
    report = make_report(tmp_path, seq("s", scattered) + seq("t", sparse))
    assert summary(report, "TEST_LOW_QUALITY_REGION") == [
        "TEST_LOW_QUALITY_REGION:1 sequences contains low quality region"
    ]


def test_fatal_marks_only_in_genome_mode(tmp_path: Path) -> None:
    runny = seq("a", GENOME[:300] + "N" * 12 + GENOME[300:])
    assert summary(make_report(tmp_path, runny), "N_RUNS") == [
        "N_RUNS:1 sequences have runs of 10 or more Ns"
    ]
    genome = make_report(tmp_path, runny, options=DiscrepancyOptions(genome_mode=True))
    assert summary(genome, "N_RUNS") == ["FATAL: N_RUNS:1 sequences have runs of 10 or more Ns"]


def test_every_sequence_line_carries_its_gap_and_ambiguity_counts(tmp_path: Path) -> None:
    table = ">Feature c1\n301\t400\tassembly_gap\n\t\t\tgap_type\twithin scaffold\n\t\t\tlinkage_evidence\tpaired-ends\n"
    report = make_report(tmp_path, seq("c1", GENOME[:300] + "N" * 100 + GENOME[400:]), table)
    project = next(line for line in report.lines if line.test == "MISSING_PROJECT")
    assert [item.text for item in project.items] == ["c1 (length 600, 100 gap)"]


def test_runs_of_ns_are_gaps_with_a_gap_rule(tmp_path: Path) -> None:
    # -a r20k: tbl2asn makes each run of 20 or more Ns a gap, so they are no longer Ns for N_RUNS
    fasta = seq("c1", GENOME[:300] + "N" * 30 + GENOME[330:])
    plain = make_report(tmp_path, fasta)
    assert summary(plain, "N_RUNS") == ["N_RUNS:1 sequences have runs of 10 or more Ns"]
    gapped = make_report(tmp_path, fasta, options=DiscrepancyOptions(gap_run=20))
    assert summary(gapped, "N_RUNS") == []
    assert summary(gapped, "DISC_GAPS") == ["DISC_GAPS:1 sequences contain gaps"]
