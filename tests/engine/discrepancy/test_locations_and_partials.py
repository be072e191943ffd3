"""Gene locations, partial ends and locus_tag prefixes, as tbl2asn 25.3 reports them."""

from __future__ import annotations

import io
from pathlib import Path

from gbprep.discrepancy import DiscrepancyOptions, DiscrepancyReport
from gbprep.writers.discrep import write_discrepancy
from tests.engine.discrepancy.helpers import GENOME, make_report, seq, summary

YEAST = "[organism=Saccharomyces cerevisiae]"  # a eukaryote tbl2asn knows without a taxonomy lookup
GAP = "\t\t\tgap_type\twithin scaffold\n\t\t\tlinkage_evidence\tpaired-ends\n"


def _details(report: DiscrepancyReport, test: str) -> list[str]:
    return [item.text for line in report.lines if line.test == test for item in line.items]


def test_a_bacterial_cds_shorter_than_its_gene_is_listed_with_the_gene(tmp_path: Path) -> None:
    table = (
        ">Feature c1\n"
        "1\t330\tgene\n\t\t\tlocus_tag\tABC_0001\n"
        "1\t300\tCDS\n\t\t\tproduct\tthing\n"
        "400\t500\tgene\n\t\t\tlocus_tag\tABC_0002\n"
        "400\t500\ttRNA\n\t\t\tproduct\ttRNA-Gly\n"
    )
    report = make_report(tmp_path, seq("c1", GENOME), table)
    assert summary(report, "FEATURE_LOCATION_CONFLICT") == [
        "FEATURE_LOCATION_CONFLICT:1 features have inconsistent gene locations."
    ]
    assert _details(report, "FEATURE_LOCATION_CONFLICT") == [
        "CDS\tthing\tc1:1-300\tABC_0001",
        "Gene\tABC_0001\tc1:1-330\tABC_0001",
    ]


def test_a_eukaryotic_cds_may_sit_inside_its_gene_but_not_an_mrna(tmp_path: Path) -> None:
    table = (
        ">Feature c1\n"
        "1\t330\tgene\n\t\t\tlocus_tag\tABC_0001\n"
        "1\t320\tmRNA\n\t\t\tproduct\tthing\n"
        "1\t300\tCDS\n\t\t\tproduct\tthing\n"
    )
    report = make_report(tmp_path, seq("c1", GENOME, YEAST), table)
    assert _details(report, "FEATURE_LOCATION_CONFLICT") == [
        "mRNA\tthing\tc1:1-320\tABC_0001",
        "Gene\tABC_0001\tc1:1-330\tABC_0001",
    ]


def test_a_partial_cds_end_at_a_gap_is_let_pass(tmp_path: Path) -> None:
    table = (
        ">Feature c1\n"
        "1\t350\tgene\n\t\t\tlocus_tag\tABC_0001\n"
        "1\t>300\tCDS\n\t\t\tproduct\tthing\n"
        "301\t350\tassembly_gap\n" + GAP
    )
    report = make_report(tmp_path, seq("c1", GENOME), table)
    assert summary(report, "FEATURE_LOCATION_CONFLICT") == []
    ended = table.replace("301\t350\tassembly_gap", "302\t350\tassembly_gap")  # one base short of the gap
    report = make_report(tmp_path, seq("c1", GENOME), ended)
    assert summary(report, "FEATURE_LOCATION_CONFLICT") == [
        "FEATURE_LOCATION_CONFLICT:1 features have inconsistent gene locations."
    ]


def test_a_partial_end_far_from_the_sequence_end_and_gaps_cannot_be_extended(tmp_path: Path) -> None:
    far = ">Feature c1\n<100\t300\tCDS\n\t\t\tproduct\tthing\n"
    report = make_report(tmp_path, seq("c1", GENOME), far)
    assert summary(report, "DISC_BACTERIAL_PARTIAL_NONEXTENDABLE_PROBLEMS") == [
        "DISC_BACTERIAL_PARTIAL_NONEXTENDABLE_PROBLEMS:1 features have partial ends that do not abut the end "
        "of the sequence or a gap, and cannot be extended by 3 or fewer nucleotides to do so"
    ]
    genome_mode = make_report(tmp_path, seq("c1", GENOME), far, DiscrepancyOptions(genome_mode=True))
    assert summary(genome_mode, "DISC_BACTERIAL_PARTIAL_NONEXTENDABLE_PROBLEMS")[0].startswith("FATAL: ")
    # on the first 3 bases (tbl2asn: 0-based position < 3), after a gap, on a eukaryote, or excused by the
    # exception: not listed
    near = ">Feature c1\n<3\t300\tCDS\n\t\t\tproduct\tthing\n"
    after_gap = far + "50\t97\tassembly_gap\n" + GAP  # 2 bases between: 3 are too many
    excused = far + "\t\t\texception\tunextendable partial coding region\n"
    for table, organism in ((near, None), (after_gap, None), (excused, None), (far, YEAST)):
        mods = {"mods": organism} if organism else {}
        report = make_report(tmp_path, seq("c1", GENOME, **mods), table)
        assert summary(report, "DISC_BACTERIAL_PARTIAL_NONEXTENDABLE_PROBLEMS") == [], table
    right = ">Feature c1\n1\t>590\tCDS\n\t\t\tproduct\tthing\n"  # 10 bases short of the end (600)
    assert summary(
        make_report(tmp_path, seq("c1", GENOME), right), "DISC_BACTERIAL_PARTIAL_NONEXTENDABLE_PROBLEMS"
    )
    for stop, listed in ((">597", True), (">598", False)):  # tbl2asn: 0-based position > length - 4
        report = make_report(tmp_path, seq("c1", GENOME), right.replace(">590", stop))
        assert bool(summary(report, "DISC_BACTERIAL_PARTIAL_NONEXTENDABLE_PROBLEMS")) is listed, stop


def test_a_minus_strand_location_marks_its_partial_ends_as_tbl2asn_does(tmp_path: Path) -> None:
    table = ">Feature c1\n<300\t>100\tCDS\n\t\t\tproduct\tthing\n"
    report = make_report(tmp_path, seq("c1", GENOME), table)
    assert _details(report, "DISC_BACTERIAL_PARTIAL_NONEXTENDABLE_PROBLEMS") == [
        "CDS\tthing\tc1:c>300-<100\t"
    ]


def _tags(*tags: str) -> str:
    rows = [f"{1 + 50 * i}\t{40 + 50 * i}\tgene\n\t\t\tlocus_tag\t{tag}\n" for i, tag in enumerate(tags)]
    return ">Feature c1\n" + "".join(rows)


def test_each_locus_tag_prefix_is_its_own_line_case_sensitively(tmp_path: Path) -> None:
    report = make_report(tmp_path, seq("c1", GENOME), _tags("ABC_0001", "abc_0002", "ABC_0003"))
    assert summary(report, "INCONSISTENT_LOCUS_TAG_PREFIX") == [
        "INCONSISTENT_LOCUS_TAG_PREFIX:2 features have locus tag prefix ABC.",
        "INCONSISTENT_LOCUS_TAG_PREFIX:1 features have locus tag prefix abc.",
    ]
    one = make_report(tmp_path, seq("c1", GENOME), _tags("ABC_0001", "ABC_0002"))
    assert summary(one, "INCONSISTENT_LOCUS_TAG_PREFIX") == []


def test_a_tag_without_a_prefix_makes_even_a_single_prefix_listed(tmp_path: Path) -> None:
    # tbl2asn lists the runs unless the first sorted tag's run holds every tag; a tag with no '_' is in no
    # run (observed with tbl2asn 25.3 on these two tags, either order)
    for untagged in ("ABC0001", "ZZZ0001"):
        report = make_report(tmp_path, seq("c1", GENOME), _tags(untagged, "XYZ_0002"))
        assert summary(report, "INCONSISTENT_LOCUS_TAG_PREFIX") == [
            "INCONSISTENT_LOCUS_TAG_PREFIX:1 features have locus tag prefix XYZ."
        ]


def test_a_eukaryotes_organelle_sequence_is_checked_as_a_bacterium_would_be(tmp_path: Path) -> None:
    # tbl2asn's IsEukaryotic: not in a mitochondrion, chloroplast, plastid or apicoplast
    table = (
        ">Feature c1\n1\t330\tgene\n\t\t\tlocus_tag\tABC_0001\n1\t100\tCDS\n200\t300\n\t\t\tproduct\tthing\n"
    )
    nuclear = make_report(tmp_path, seq("c1", GENOME, YEAST), table)
    assert summary(nuclear, "JOINED_FEATURES") == []
    assert summary(nuclear, "FEATURE_LOCATION_CONFLICT") == []
    mito = make_report(tmp_path, seq("c1", GENOME, YEAST + " [location=mitochondrion]"), table)
    assert summary(mito, "JOINED_FEATURES") == ["JOINED_FEATURES:1 features have joined locations."]
    inner = table + "1\t60\tCDS\n\t\t\tproduct\tinner\n"  # seeds 5024, 5218, 5281
    assert summary(
        make_report(tmp_path, seq("c1", GENOME, YEAST + " [location=mitochondrion]"), inner), "CONTAINED_CDS"
    )
    assert summary(make_report(tmp_path, seq("c1", GENOME, YEAST), inner), "CONTAINED_CDS") == []
    assert summary(mito, "FEATURE_LOCATION_CONFLICT") == [
        "FEATURE_LOCATION_CONFLICT:1 features have inconsistent gene locations."
    ]


def test_the_one_gene_of_an_mrna_sequence_covers_it_all(tmp_path: Path) -> None:
    # tbl2asn stretches the gene over the whole mRNA sequence (keeping its partial ends): the mRNA and CDS
    # inside it then no longer end where it does (seed 5063: '<443 176' on 478 bases became 'c>478-1')
    table = (
        ">Feature c1\n"
        "<300\t101\tgene\n\t\t\tlocus_tag\tABC_0001\n"
        "<300\t101\tmRNA\n\t\t\tproduct\tthing\n"
        "<300\t101\tCDS\n\t\t\tproduct\tthing\n"
    )
    mrna = "[organism=Escherichia coli] [moltype=mRNA]"
    report = make_report(tmp_path, seq("c1", GENOME, mrna), table)
    assert _details(report, "FEATURE_LOCATION_CONFLICT") == [
        "CDS\tthing\tc1:c>300-101\tABC_0001",
        "Gene\tABC_0001\tc1:c>600-1\tABC_0001",
        "mRNA\tthing\tc1:c>300-101\tABC_0001",
        "Gene\tABC_0001\tc1:c>600-1\tABC_0001",
    ]
    genomic = make_report(tmp_path, seq("c1", GENOME), table)
    assert summary(genomic, "FEATURE_LOCATION_CONFLICT") == []
    two_genes = table + "401\t500\tgene\n\t\t\tlocus_tag\tABC_0002\n"
    assert (
        summary(make_report(tmp_path, seq("c1", GENOME, mrna), two_genes), "FEATURE_LOCATION_CONFLICT") == []
    )


def test_a_feature_partial_where_its_gene_is_not(tmp_path: Path) -> None:
    table = (
        ">Feature c1\n"
        "1\t300\tgene\n\t\t\tlocus_tag\tABC_0001\n"
        "1\t>300\tCDS\n\t\t\tproduct\tthing\n"  # the 3' ends meet, only the CDS's is partial
        "400\t500\tgene\n\t\t\tlocus_tag\tABC_0002\n"
        "<420\t500\tCDS\n\t\t\tproduct\tother\n"  # partial 5' end inside the gene: no conflict
    )
    report = make_report(tmp_path, seq("c1", GENOME), table)
    assert summary(report, "DISC_GENE_PARTIAL_CONFLICT") == [
        "DISC_GENE_PARTIAL_CONFLICT:1 feature locations conflict with partialness of overlapping gene"
    ]
    line = next(line for line in report.lines if line.test == "DISC_GENE_PARTIAL_CONFLICT")
    assert [sub.text for sub in line.subs] == [
        "1 coding region locations conflict with partialness of overlapping gene"
    ]
    assert [s.text for s in line.subs[0].subs] == [
        "coding region feature partialness conflicts with gene on 3' end"
    ]
    # tbl2asn lists the pairs under the line itself, and its categories only with -M n
    out = io.StringIO()
    write_discrepancy(report, out)
    assert "DiscRep_SUB:DISC_GENE_PARTIAL_CONFLICT" not in out.getvalue()
    genome = make_report(tmp_path, seq("c1", GENOME), table, DiscrepancyOptions(genome_mode=True))
    out = io.StringIO()
    write_discrepancy(genome, out)
    assert "DiscRep_SUB:DISC_GENE_PARTIAL_CONFLICT::1 coding region locations" in out.getvalue()
