"""Discrepancy tests on sources and gene names, with tbl2asn 25.3's wording (each case run through tbl2asn)."""

from __future__ import annotations

from pathlib import Path

from gbprep.discrepancy import DiscrepancyOptions

from .helpers import make_report, summary

SEQ = "ACGT" * 150


def _genes(*names: str) -> str:
    rows = [">Feature c1"]
    for i, name in enumerate(names):
        rows += [f"{1 + i * 100}\t{60 + i * 100}\tgene", f"\t\t\tgene\t{name}", f"\t\t\tlocus_tag\tA_{i}"]
    return "\n".join(rows) + "\n"


def test_bad_gene_names_on_a_eukaryote_name_the_word(tmp_path: Path) -> None:
    report = make_report(tmp_path, f">c1 [organism=Zea mays]\n{SEQ}\n", _genes("Gene1", "Gene2", "abcA"))
    assert summary(report, "TEST_BAD_GENE_NAME") == ["TEST_BAD_GENE_NAME:2 genes contain gene"]


def test_bad_gene_names_elsewhere_count_the_bacterial_check_too(tmp_path: Path) -> None:
    report = make_report(tmp_path, f">c1 [organism=Escherichia coli]\n{SEQ}\n", _genes("Gene1"))
    assert summary(report, "TEST_BAD_GENE_NAME") == [
        "TEST_BAD_GENE_NAME:2 genes contain suspect phrase or characters"
    ]
    euk = DiscrepancyOptions(eukaryote=True)
    report = make_report(tmp_path, f">c1\n{SEQ}\n", _genes("AUGUSTUS-3.0.2_01593"), euk)
    assert summary(report, "TEST_BAD_GENE_NAME") == [
        "TEST_BAD_GENE_NAME:2 genes contain suspect phrase or characters"
    ]


def test_inconsistent_biosource_says_why_in_tbl2asns_order(tmp_path: Path) -> None:
    fasta = (
        f">c1 [organism=Escherichia coli] [gcode=4] [strain=X] [location=plasmid] [plasmid-name=p1]\n{SEQ}\n"
        f">c2 [organism=Escherichia coli] [gcode=11]\n{SEQ}\n"
    )
    assert summary(make_report(tmp_path, fasta), "INCONSISTENT_BIOSOURCE") == [
        "INCONSISTENT_BIOSOURCE:2 inconsistent contig sources (locations differ, subsource qualifiers differ, "
        "genetic codes differ, Missing strain modifier)"
    ]


def test_source_table_notes_and_the_location_are_listed(tmp_path: Path) -> None:
    fasta = f">c1 [organism=Homo sapiens] [note=defline note] [location=mitochondrion]\n{SEQ}\n>c2 [organism=Homo sapiens]\n{SEQ}\n"
    report = make_report(tmp_path, fasta, c_src="Sequence_ID\tnote\nc1\ttable note\n")
    lines = summary(report, "DISC_SOURCE_QUALS_ASNDISC")
    assert "DISC_SOURCE_QUALS_ASNDISC:note-orgmod (some missing, all unique)" in lines
    assert "DISC_SOURCE_QUALS_ASNDISC:note-subsrc (some missing, all unique)" in lines
    assert lines[-1] == "DISC_SOURCE_QUALS_ASNDISC:location   (some missing, all unique)"


def test_complete_rrnas_under_1000_bases_are_too_short(tmp_path: Path) -> None:
    table = (
        ">Feature c1\n1\t300\trRNA\n\t\t\tproduct\t18S ribosomal RNA\n"
        "301\t455\trRNA\n\t\t\tproduct\t5.8S ribosomal RNA\n<460\t600\trRNA\n\t\t\tproduct\t28S ribosomal RNA\n"
    )
    report = make_report(tmp_path, f">c1 [organism=Zea mays]\n{SEQ}\n", table)
    assert summary(report, "DISC_SHORT_RRNA") == ["DISC_SHORT_RRNA:1 rRNA features are too short"]


def test_a_definition_line_counts_on_the_first_sequence_only(tmp_path: Path) -> None:
    later = (
        f">c1 [organism=Zea mays]\n{SEQ}\n>c2 [organism=Zea mays] chromosome 1, complete sequence\n{SEQ}\n"
    )
    assert summary(make_report(tmp_path, later), "TEST_DEFLINE_PRESENT") == []
    first = f">c1 [organism=Zea mays] scaffold from a draft assembly\n{SEQ}\n>c2 [organism=Zea mays]\n{SEQ}\n"
    assert summary(make_report(tmp_path, first), "TEST_DEFLINE_PRESENT") == [
        "TEST_DEFLINE_PRESENT:1 Bioseqs have definition line"
    ]


def _atcc_report(tmp_path: Path, mods: str) -> list[str]:
    fasta = f">c1 [organism=Escherichia coli] {mods}\n{SEQ}\n"
    return summary(make_report(tmp_path, fasta), "DUP_DISC_ATCC_CULTURE_CONFLICT")


def test_an_atcc_culture_collection_needs_its_atcc_strain_and_back(tmp_path: Path) -> None:
    conflict = [
        "DUP_DISC_ATCC_CULTURE_CONFLICT:1 biosources have conflicting ATCC strain and culture collection values"
    ]
    assert _atcc_report(tmp_path, "[culture_collection=ATCC:12345]") == conflict  # no strain at all
    assert _atcc_report(tmp_path, "[strain=ATCC 12345]") == conflict
    assert _atcc_report(tmp_path, "[strain=ATCC 12345] [culture_collection=ATCC:12346]") == conflict
    assert _atcc_report(tmp_path, "[strain=ATCC 12345] [culture_collection=ATCC:12345]") == []
    assert _atcc_report(tmp_path, "[strain=K-12] [culture_collection=DSM:498]") == []
    report = make_report(tmp_path, f">c1 [organism=Escherichia coli] [strain=ATCC 1]\n{SEQ}\n")
    line = next(line for line in report.lines if line.test == "DUP_DISC_ATCC_CULTURE_CONFLICT")
    assert [item.text for item in line.items] == ["c1:Escherichia coli"]  # a BioSource's line


def test_modifier_lists_are_compared_side_by_side_in_subtype_order(tmp_path: Path) -> None:
    # each case run through tbl2asn 25.3 -M n
    fasta = f">c1 [organism=Fooia barensis]\n{SEQ}\n>c2\n{SEQ}\n>c3\n{SEQ}\n"
    src = (
        "Sequence_ID\torganism\tculture_collection\tisolate\tstrain\n"
        "c1\tFooia barensis\tABC 1\tB12\tABC-1\n"
        "c2\tFooia barensis\tATCC:12345\tA\tX 12\n"
        "c3\tFooia barensis\tATCC:12345\tA\tX 12\n"
    )
    report = make_report(tmp_path, fasta, options=DiscrepancyOptions(genome_mode=True), genome_src=src)
    assert summary(report, "INCONSISTENT_BIOSOURCE") == [
        "INCONSISTENT_BIOSOURCE:3 inconsistent contig sources (Different strain values, Different isolate "
        "values, Different culture-collection values)"
    ]
    assert summary(report, "DISC_SOURCE_QUALS_ASNDISC") == [
        "DISC_SOURCE_QUALS_ASNDISC:culture-collection (all present, some duplicate)",
        "DISC_SOURCE_QUALS_ASNDISC:isolate (all present, some duplicate)",
        "FATAL: DISC_SOURCE_QUALS_ASNDISC:strain (all present, some duplicate)",
        "DISC_SOURCE_QUALS_ASNDISC:taxname (all present, all same)",
    ]


def test_a_source_from_the_table_alone_has_no_orgname(tmp_path: Path) -> None:
    # c2's source comes from the .src table only: tbl2asn makes it no OrgName, c1's and c3's have one
    fasta = f">c1 [organism=Fooia barensis]\n{SEQ}\n>c2\n{SEQ}\n>c3 [country=France]\n{SEQ}\n"
    src = "Sequence_ID\torganism\nc1\tFooia barensis\nc2\tFooia barensis\nc3\tFooia barensis\n"
    report = make_report(tmp_path, fasta, options=DiscrepancyOptions(genome_mode=True), genome_src=src)
    assert summary(report, "INCONSISTENT_BIOSOURCE") == [
        "INCONSISTENT_BIOSOURCE:3 inconsistent contig sources (One Orgname is missing)"
    ]
    assert summary(report, "DISC_SOURCE_QUALS_ASNDISC")[0] == (
        "FATAL: DISC_SOURCE_QUALS_ASNDISC:country (some missing, all unique)"
    )


def test_a_sequence_without_any_source_is_left_out(tmp_path: Path) -> None:
    fasta = f">c1 [organism=Fooia barensis]\n{SEQ}\n>c2\n{SEQ}\n"
    assert summary(make_report(tmp_path, fasta), "INCONSISTENT_BIOSOURCE") == []


def test_a_sequence_without_a_source_gets_no_bacterial_gene_name_check(tmp_path: Path) -> None:
    # seed 71: no organism, no source qualifier, so no BioSource: tbl2asn checks the name only once
    table = ">Feature c1\n1\t60\tgene\n\t\t\tgene\tGene4\n\t\t\tlocus_tag\tA_1\n"
    bare = make_report(tmp_path, f">c1\n{SEQ}\n", table)
    assert summary(bare, "TEST_BAD_GENE_NAME") == ["TEST_BAD_GENE_NAME:1 genes contain gene"]
    assert summary(bare, "DISC_BAD_BACTERIAL_GENE_NAME") == []
    sourced = make_report(tmp_path, f">c1 [organism=Escherichia coli]\n{SEQ}\n", table)
    assert summary(sourced, "TEST_BAD_GENE_NAME") == [
        "TEST_BAD_GENE_NAME:2 genes contain suspect phrase or characters"
    ]
