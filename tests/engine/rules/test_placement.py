"""Misplaced qualifiers as tbl2asn 25.3 reports them (each case from a table run through it)."""

from __future__ import annotations

from gbprep.model.diagnostics import Finding, Severity

from .helpers import codes, feature, only, record, run

SEQ = "ACGT" * 100


def _messages(found: list[Finding], code: str) -> list[str]:
    return sorted(f.message for f in found if f.code == code)


def test_gene_cds_and_rnas_get_wrong_qual_on_feature() -> None:
    found = run(
        record(SEQ),
        feature("gene", (8, 13), locus_tag="ABC_1", EC_number="1.1.1.1", transcript_id="gnl|x|t"),
        feature("CDS", (20, 31), product="p", ncRNA_class="snRNA"),
        feature("mRNA", (40, 60), transl_table="11", rpt_family="LINE"),
        feature("tRNA", (70, 90), product="tRNA-Ala", EC_number="1.1.1.1"),
    )
    assert _messages(found, "SEQ_FEAT.WrongQualOnFeature") == [
        "Wrong qualifier EC_number for feature gene",
        "Wrong qualifier EC_number for feature tRNA",
        "Wrong qualifier ncRNA_class for feature CDS",
        "Wrong qualifier rpt_family for feature mRNA",
        "Wrong qualifier transcript_id for feature gene",
        "Wrong qualifier transl_table for feature mRNA",
    ]
    assert "SEQ_FEAT.WrongQualOnImpFeat" not in codes(found)


def test_import_features_get_wrong_qual_on_imp_feat() -> None:
    found = run(
        record(SEQ),
        feature("misc_feature", (8, 13), transl_table="11", note="x"),
        feature("repeat_region", (20, 31), EC_number="1.1.1.1", product="foo"),
        feature("5'UTR", (40, 45), product="foo"),
        feature("exon", (50, 60), product="foo", number="2"),  # both legal on an exon
    )
    assert _messages(found, "SEQ_FEAT.WrongQualOnImpFeat") == [
        "Wrong qualifier EC_number for feature repeat_region",
        "Wrong qualifier product for feature 5'UTR",
        "Wrong qualifier product for feature repeat_region",
        "Wrong qualifier transl_table for feature misc_feature",
    ]


def test_qualifiers_tbl2asn_drops_are_not_reported_and_say_nothing() -> None:
    found = run(
        record(SEQ),
        feature("gene", (8, 13), locus_tag="ABC_1", codon_start="2", protein_id="gnl|x|p"),
        feature("mRNA", (20, 31), codon_start="1"),
        feature("misc_feature", (40, 45), protein_id="gnl|x|p2"),
        feature("misc_feature", (50, 55), locus_tag="ABC_2"),
        feature("repeat_region", (60, 65), codon_start="2"),
        feature("misc_feature", (70, 75), db_xref="PFAM:PF00001"),
    )
    assert not {"SEQ_FEAT.WrongQualOnFeature", "SEQ_FEAT.WrongQualOnImpFeat"} & set(codes(found))
    needs = [f for f in found if f.code == "SEQ_FEAT.NeedsNote"]
    assert len(needs) == 3  # the db_xref says something; a locus_tag or a dropped qualifier does not


def test_product_on_a_gene_is_a_note() -> None:
    hit = only(
        run(record(SEQ), feature("gene", (8, 13), locus_tag="A_1", product="kinase")),
        "SEQ_FEAT.SuspiciousQualifierValue",
    )
    assert (hit.message, hit.severity) == (
        "A product qualifier is not normally used on a gene feature",
        Severity.INFO,
    )


def test_a_gene_row_naming_no_gene_is_dropped_not_judged() -> None:
    # tbl2asn 25.3's cleanup drops it (seeds 5012, 5269, 5295 of the differential run)
    found = run(
        record(SEQ), feature("gene", (8, 13), product="kinase", EC_number="1.1.1.1", transl_table="11")
    )
    assert not {"SEQ_FEAT.WrongQualOnFeature", "SEQ_FEAT.SuspiciousQualifierValue"} & set(codes(found))
