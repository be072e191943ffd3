"""Qualifier rules: db_xref databases, unknown keys, features that need a note, GO ids, required qualifiers."""

from __future__ import annotations

import pytest

from gbprep.model.diagnostics import Severity
from gbprep.rules.qualifiers import db_xref_problem

from .helpers import TBL, codes, feature, only, record, run

SEQ = "ACGT" * 100


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("GeneID:844706", None),
        ("InterPro:IPR000001", None),
        ("SWISS-PROT:P31169", None),  # tbl2asn's cleanup rewrites it to UniProtKB/Swiss-Prot
        ("GI:6715633", "Illegal db_xref type GI (6715633)"),
        ("geneid:12", "Illegal db_xref type geneid (12), legal capitalization is GeneID"),
        ("BioProject:PRJNA1", "db_xref type BioProject (PRJNA1) is only legal for RefSeq"),
        ("taxon:9606", "db_xref type taxon (9606) should only be used on an OrgRef"),
        ("nocolon", "Illegal db_xref type ? (nocolon)"),
        ("FOOBAR:", None),  # an empty tag is dropped by the table reader
    ],
)
def test_db_xref_messages_as_tbl2asn_writes_them(value: str, message: str | None) -> None:
    assert db_xref_problem(value) == message


def test_illegal_db_xref_points_at_the_qualifier_row() -> None:
    findings = run(record(SEQ), feature("gene", (1, 90), line=4, gene="abc", db_xref="GI:16230"))
    hit = only(findings, "SEQ_FEAT.IllegalDbXref")
    assert (hit.severity, hit.pos.file if hit.pos else "", hit.pos.line if hit.pos else 0) == (
        Severity.WARNING,
        TBL,
        5,
    )
    assert hit.feature == "Gene: abc [lcl|s1:1-90] [lcl|s1: raw, dna len= 400]"


def test_preprotein_is_an_unknown_key_and_propeptide_is_not() -> None:
    hit = only(run(record(SEQ), feature("proprotein", (1, 90), product="x")), "SEQ_FEAT.UnknownImpFeatKey")
    assert hit.message == "Unknown feature key preprotein"
    assert "SEQ_FEAT.UnknownImpFeatKey" not in codes(run(record(SEQ), feature("propeptide", (1, 90))))


def test_bare_misc_feature_and_repeat_region_need_a_note() -> None:
    findings = run(record(SEQ), feature("misc_feature", (1, 30)), feature("repeat_region", (40, 90)))
    assert sorted(f.message for f in findings if f.code == "SEQ_FEAT.NeedsNote") == [
        "A note or other qualifier is required for a misc_feature",
        "repeat_region has no qualifiers",
    ]
    assert run(record(SEQ), feature("misc_feature", (1, 30), note="hairpin")) == []


def test_missing_mandatory_qualifier() -> None:
    hit = only(run(record(SEQ), feature("mobile_element", (1, 30))), "SEQ_FEAT.MissingQualOnImpFeat")
    assert hit.message == "Missing qualifier mobile_element_type for feature mobile_element"
    assert run(record(SEQ), feature("mobile_element", (1, 30), mobile_element_type="transposon:Tn5")) == []


def test_go_term_without_id() -> None:
    bad = run(record(SEQ), feature("gene", (1, 90), gene="a", go_process="DNA repair"))
    assert only(bad, "SEQ_FEAT.GeneOntologyTermMissingGOID").message == "GO term does not have GO identifier"
    assert run(record(SEQ), feature("gene", (1, 90), gene="a", go_process="DNA repair|0006281||IEA")) == []


def test_trna_needs_exactly_one_amino_acid_in_its_product() -> None:
    seq = "ACGT" * 100
    for product in ("transfer RNA", "tRNA", "tRNA-Stop", "tRNA-Gly tRNA-Ala", ""):
        trna = feature("tRNA", (1, 73), product=product)
        hit = only(run(record(seq), trna), "SEQ_FEAT.MissingTrnaAA")
        assert hit.message == "Missing encoded amino acid qualifier in tRNA"
    for product in (
        "tRNA-Gly",
        "tRNA-gly",
        "tRNA-Ile2",
        "tRNA-Ala(GCA)",
        "glycine tRNA",
        "tRNA-Xxx",
        "tRNA-fMet",
        "tRNA-iMet",
    ):
        trna = feature("tRNA", (1, 73), product=product)
        assert "SEQ_FEAT.MissingTrnaAA" not in codes(run(record(seq), trna)), product


def test_gene_without_any_name_is_reported_when_kept() -> None:
    seq = "ACGT" * 100
    for quals in ({"pseudo": ""}, {"pseudogene": "unprocessed"}, {"pseudo": "", "note": "x"}):
        hit = only(run(record(seq), feature("gene", (1, 61), **quals)), "SEQ_FEAT.GeneRefHasNoData")
        assert (hit.message, hit.severity) == (
            "There is a gene feature where all fields are empty",
            Severity.WARNING,
        )
    for quals in ({"pseudo": "", "locus_tag": "A_1"}, {"note": "only a note"}, {}):
        assert "SEQ_FEAT.GeneRefHasNoData" not in codes(run(record(seq), feature("gene", (1, 61), **quals)))


def test_gene_synonym_needs_a_gene_name_or_description() -> None:
    seq = "ACGT" * 100
    hit = only(run(record(seq), feature("gene", (1, 61), gene_synonym="xy")), "SEQ_FEAT.UndesiredGeneSynonym")
    assert hit.message == "gene synonym without gene locus or description"
    named = feature("gene", (1, 61), gene="abcA", gene_synonym="xy")
    assert "SEQ_FEAT.UndesiredGeneSynonym" not in codes(run(record(seq), named))
