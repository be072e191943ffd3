"""mRNA sequences, lncRNAs, new CDS exceptions and required strains, as tbl2asn 25.3 reports them."""

from __future__ import annotations

from pathlib import Path

from gbprep.discrepancy import DiscrepancyOptions
from gbprep.discrepancy.registry import ORDER
from tests.engine.discrepancy.helpers import GENOME, make_report, seq, summary

MRNA = "[organism=Escherichia coli] [moltype=mRNA]"


def test_an_mrna_sequence_with_a_complement_feature(tmp_path: Path) -> None:
    table = ">Feature c1\n300\t1\tgene\n\t\t\tlocus_tag\tA_1\n"
    report = make_report(tmp_path, seq("c1", GENOME, MRNA), table)
    assert summary(report, "TEST_MRNA_SEQUENCE_MINUS_STRAND_FEATURES") == [
        "TEST_MRNA_SEQUENCE_MINUS_STRAND_FEATURES:1 mRNA sequences have features on the complement strand."
    ]
    genomic = make_report(tmp_path, seq("c1", GENOME), table)
    assert summary(genomic, "TEST_MRNA_SEQUENCE_MINUS_STRAND_FEATURES") == []
    primer = make_report(tmp_path, seq("c1", GENOME, MRNA), ">Feature c1\n30\t1\tprimer_bind\n")
    assert summary(primer, "TEST_MRNA_SEQUENCE_MINUS_STRAND_FEATURES") == []


def test_an_mrna_sequence_with_two_coding_regions(tmp_path: Path) -> None:
    two = ">Feature c1\n1\t300\tCDS\n\t\t\tproduct\tA\n301\t600\tCDS\n\t\t\tproduct\tB\n"
    report = make_report(tmp_path, seq("c1", GENOME, MRNA), two)
    assert summary(report, "MULTIPLE_CDS_ON_MRNA") == [
        "MULTIPLE_CDS_ON_MRNA:1 mRNA bioseqs have multiple CDS features"
    ]
    noted = two.replace(
        "\tproduct\tB\n", "\tproduct\tB\n\t\t\tnote\tcoding region disrupted by sequencing gap\n"
    )
    noted = noted.replace(
        "\tproduct\tA\n", "\tproduct\tA\n\t\t\tnote\tcoding region disrupted by sequencing gap\n"
    )
    assert summary(make_report(tmp_path, seq("c1", GENOME, MRNA), noted), "MULTIPLE_CDS_ON_MRNA") == []


def test_a_complete_lncrna_under_200_bases_is_short(tmp_path: Path) -> None:
    table = (
        ">Feature c1\n"
        "1\t199\tncRNA\n\t\t\tncRNA_class\tlncRNA\n\t\t\tproduct\ta\n"
        "201\t400\tncRNA\n\t\t\tncRNA_class\tlncRNA\n\t\t\tproduct\tb\n"  # 200 bases: long enough
        "<401\t450\tncRNA\n\t\t\tncRNA_class\tlncRNA\n\t\t\tproduct\tc\n"  # partial: may be longer
        "451\t500\tncRNA\n\t\t\tncRNA_class\tsnoRNA\n\t\t\tproduct\td\n"
    )
    report = make_report(tmp_path, seq("c1", GENOME), table)
    assert summary(report, "TEST_SHORT_LNCRNA") == [
        "TEST_SHORT_LNCRNA:1 lncRNA features are suspiciously short"
    ]


def test_a_cds_with_a_new_exception(tmp_path: Path) -> None:
    table = (
        ">Feature c1\n"
        "1\t300\tCDS\n\t\t\tproduct\tA\n\t\t\texception\tlow-quality sequence region\n"
        "301\t600\tCDS\n\t\t\tproduct\tB\n\t\t\texception\tribosomal slippage\n"
    )
    report = make_report(tmp_path, seq("c1", GENOME), table)
    assert summary(report, "DISC_CDS_HAS_NEW_EXCEPTION") == [
        "DISC_CDS_HAS_NEW_EXCEPTION:1 coding regions have new exceptions"
    ]


def test_a_bacterial_source_needs_a_strain(tmp_path: Path) -> None:
    report = make_report(tmp_path, seq("c1", GENOME))  # E. coli: tbl2asn knows its lineage offline
    assert summary(report, "DISC_REQUIRED_STRAIN") == [
        "DISC_REQUIRED_STRAIN:1 biosources are missing required strain value"
    ]
    line = next(line for line in report.lines if line.test == "DISC_REQUIRED_STRAIN")
    assert [item.text for item in line.items] == ["c1:Escherichia coli"]
    with_strain = make_report(tmp_path, seq("c1", GENOME, "[organism=Escherichia coli] [strain=K-12]"))
    assert summary(with_strain, "DISC_REQUIRED_STRAIN") == []
    unknown = make_report(tmp_path, seq("c1", GENOME, "[organism=Fooia barensis]"))  # no lineage known
    assert summary(unknown, "DISC_REQUIRED_STRAIN") == []
    forced = make_report(tmp_path, seq("c1", GENOME), options=DiscrepancyOptions(eukaryote=True))
    assert summary(forced, "DISC_REQUIRED_STRAIN") == []  # -X E: only Eukaryota counts


def test_the_report_keeps_the_order_tbl2asn_prints() -> None:
    # pairs read off tbl2asn 25.3's reports on the differential seeds
    for first, then in (
        ("DISC_BACTERIAL_PARTIAL_NONEXTENDABLE_PROBLEMS", "TEST_BAD_GENE_NAME"),
        ("SUSPECT_PRODUCT_NAMES", "RNA_NO_PRODUCT"),
        ("TEST_BAD_GENE_NAME", "ONCALLER_COMMENT_PRESENT"),
        ("DISC_REQUIRED_STRAIN", "MISSING_GENOMEASSEMBLY_COMMENTS"),
        ("MISSING_PROJECT", "MULTIPLE_CDS_ON_MRNA"),
        ("DISC_GAPS", "TEST_SHORT_LNCRNA"),
    ):
        assert ORDER.index(first) < ORDER.index(then), (first, then)


def test_bacterial_isolates_and_strains_and_organelle_molecules(tmp_path: Path) -> None:
    # seeds 5135, 5270 and 5232 as tbl2asn 25.3 reported them
    isolate = make_report(tmp_path, seq("c1", GENOME, "[organism=Escherichia coli] [isolate=A1]"))
    assert summary(isolate, "DISC_BACTERIA_SHOULD_NOT_HAVE_ISOLATE") == [
        "DISC_BACTERIA_SHOULD_NOT_HAVE_ISOLATE:1 bacterial biosources have isolate"
    ]
    gel = make_report(tmp_path, seq("c1", GENOME, "[organism=Escherichia coli] [isolate=DGGE gel band 3]"))
    assert summary(gel, "DISC_BACTERIA_SHOULD_NOT_HAVE_ISOLATE") == []
    strain = make_report(tmp_path, seq("c1", GENOME, "[organism=Escherichia coli] [strain=K-12]"))
    assert summary(strain, "DISC_BACTERIAL_TAX_STRAIN_MISMATCH") == [
        "DISC_BACTERIAL_TAX_STRAIN_MISMATCH:1 biosources have tax name/strain mismatch"
    ]
    organelle = "[organism=Saccharomyces cerevisiae] [location=mitochondrion] [moltype=mRNA]"
    report = make_report(tmp_path, seq("c1", GENOME, organelle))
    assert summary(report, "TEST_ORGANELLE_NOT_GENOMIC") == [
        "TEST_ORGANELLE_NOT_GENOMIC:1 non-genomic sequences are organelles"
    ]
    genomic = make_report(
        tmp_path, seq("c1", GENOME, "[organism=Saccharomyces cerevisiae] [location=mitochondrion]")
    )
    assert summary(genomic, "TEST_ORGANELLE_NOT_GENOMIC") == []
