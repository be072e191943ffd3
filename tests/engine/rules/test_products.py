"""Product rules: missing products, protein names, EC numbers (messages as tbl2asn 25.3 writes them)."""

from __future__ import annotations

import pytest

from gbprep.discrepancy.products import NCBI_DATA_RULES
from gbprep.job.options import JobOptions
from gbprep.model.diagnostics import Severity
from gbprep.model.prot_ref import generated_id, reader_fixes, trailing_comma_fix
from gbprep.rules import RuleOptions

from .helpers import codes, feature, only, record, run

CDS = "ATG" + "GCT" * 40 + "TAA"  # 126 bases, translates cleanly


def test_cds_without_product_has_no_protein() -> None:
    findings = run(record(CDS), feature("CDS", (1, 126), line=3, note="cold regulated"))
    assert codes(findings) == ["SEQ_FEAT.MissingCDSproduct", "SEQ_FEAT.NoProtein"]
    missing = only(findings, "SEQ_FEAT.MissingCDSproduct")
    assert (missing.severity, missing.message, missing.pos.line if missing.pos else 0) == (
        Severity.ERROR,
        "Expected CDS product absent",
        3,
    )
    assert only(findings, "SEQ_FEAT.NoProtein").message == "No protein Bioseq given"


def test_pseudo_cds_needs_no_product() -> None:
    assert run(record(CDS), feature("CDS", (1, 126), pseudo="")) == []


def test_hypothetical_protein_with_ec_number() -> None:
    findings = run(record(CDS), feature("CDS", (1, 126), product="hypothetical protein", EC_number="1.1.1.1"))
    hit = only(findings, "SEQ_FEAT.BadProteinName")
    assert hit.message == "Unknown or hypothetical protein should not have EC number"
    assert hit.feature == "Prot: hypothetical protein [lcl|s1_1:1-41] [lcl|s1_1: raw, aa len= 41]"


@pytest.mark.skipif(
    not NCBI_DATA_RULES.is_file(), reason=f"no NCBI rule file at {NCBI_DATA_RULES} (ncbi-data)"
)
def test_under_genome_mode_the_fixed_name_is_judged() -> None:
    # tbl2asn 25.3 -M n: 'similar to actin' becomes 'hypothetical protein', which then may not have an EC number.
    cds = feature("CDS", (1, 126), product="similar to actin", EC_number="1.1.1.1")
    options = JobOptions(genome=True).rule_options
    assert options.protein_name_fix is not None
    hit = only(run(record(CDS), cds, options=options), "SEQ_FEAT.BadProteinName")
    assert (hit.severity, hit.feature) == (
        Severity.ERROR,
        "Prot: hypothetical protein [lcl|s1_1:1-41] [lcl|s1_1: raw, aa len= 41]",
    )
    assert "SEQ_FEAT.BadProteinName" not in codes(run(record(CDS), cds, options=JobOptions().rule_options))
    pseudo = feature("CDS", (1, 126), product="similar to actin", EC_number="1.1.1.1", pseudo="")
    assert "SEQ_FEAT.BadProteinName" not in codes(run(record(CDS), pseudo, options=options))


def test_uninformative_name_only_in_refseq_records() -> None:
    refseq = run(
        record(CDS), feature("CDS", (1, 126), product="hypothetical protein", protein_id="NP_051105.1")
    )
    assert only(refseq, "SEQ_FEAT.UndesiredProteinName").message == (
        "Uninformative protein name 'hypothetical protein'"
    )
    plain = run(record(CDS), feature("CDS", (1, 126), product="hypothetical protein", protein_id="gnl|x|p1"))
    assert "SEQ_FEAT.UndesiredProteinName" not in codes(plain)


@pytest.mark.parametrize(
    ("name", "flagged"),
    [("Superoxide dismutase [Mn]", True), ("glutamate dehydrogenase [NADP+]", False), ("kinase", False)],
)
def test_protein_name_ending_in_bracket(name: str, flagged: bool) -> None:
    findings = run(record(CDS), feature("CDS", (1, 126), product=name))
    assert ("SEQ_FEAT.ProteinNameEndsInBracket" in codes(findings)) is flagged


@pytest.mark.parametrize(
    ("name", "flagged"),
    [
        ("ribosomal protein L7 [Saccharomyces cerevisiae]", False),  # the record's organism: cleanup drops it
        ("ribosomal protein L7 [Saccharomyces]", True),
        ("ribosomal protein L7 [Homo sapiens]", True),
        ("ribosomal protein L7 [saccharomyces CEREVISIAE]", False),  # case-blind, as tbl2asn 25.3 is
    ],
)
def test_protein_name_ending_in_its_own_organism(name: str, flagged: bool) -> None:
    yeast = record(CDS, organism="Saccharomyces cerevisiae")
    findings = run(yeast, feature("CDS", (1, 126), product=name, EC_number="1.1.1.1"))
    assert ("SEQ_FEAT.ProteinNameEndsInBracket" in codes(findings)) is flagged


def test_protein_label_shows_the_name_without_its_organism() -> None:
    yeast = record(CDS, organism="Saccharomyces cerevisiae")
    cds = feature(
        "CDS", (1, 126), product="hypothetical protein [Saccharomyces cerevisiae]", EC_number="1.1.1.1"
    )
    hit = only(run(yeast, cds), "SEQ_FEAT.BadProteinName")
    assert hit.feature == "Prot: hypothetical protein [lcl|s1_1:1-41] [lcl|s1_1: raw, aa len= 41]"


def test_cds_in_a_pseudo_gene_with_a_product_gets_a_protein_and_an_error() -> None:
    gene = feature("gene", (1, 126), line=2, locus_tag="ABC_1", pseudo="")
    cds = feature("CDS", (1, 126), line=5, product="kinase.", EC_number="1.1.1.1")
    findings = run(record(CDS), gene, cds)
    hit = only(findings, "SEQ_FEAT.PseudoCdsViaGeneHasProduct")
    assert (hit.severity, hit.message) == (
        Severity.ERROR,
        "A coding region overlapped by a pseudogene should not have a product",
    )
    assert hit.feature == "CDS: kinase. [lcl|s1:1-126] [lcl|s1: raw, dna len= 126] -> [lcl|s1_1]"
    # tbl2asn makes the protein all the same, and checks its name.
    assert "SEQ_FEAT.BadTrailingCharacter" in codes(findings)


def test_cds_in_a_pseudo_gene_without_a_product_is_fine() -> None:
    gene = feature("gene", (1, 126), locus_tag="ABC_1", pseudo="")
    assert run(record(CDS), gene, feature("CDS", (1, 126), note="remnant")) == []


@pytest.mark.parametrize(
    ("quals", "message"),
    [
        ({"EC_number": "2.7.11.1"}, "Protein feature has EC number but no name"),
        (
            {"function": "kinase activity", "EC_number": "2.7.11.1"},
            "Protein feature has function but no name",
        ),
        ({"prot_desc": "described", "function": "x"}, "Protein feature has description but no name"),
    ],
)
def test_protein_without_a_name(quals: dict[str, str], message: str) -> None:
    findings = run(record(CDS), feature("CDS", (1, 126), **quals))
    assert only(findings, "SEQ_FEAT.NoNameForProtein").message == message
    # Any of these makes tbl2asn build the protein: no MissingCDSproduct/NoProtein.
    assert "SEQ_FEAT.NoProtein" not in codes(findings)


def test_genome_mode_names_an_unnamed_cds_hypothetical_protein() -> None:
    findings = run(record(CDS), feature("CDS", (1, 126), note="x"), options=RuleOptions(genome=True))
    assert "SEQ_FEAT.MissingCDSproduct" not in codes(findings)


def test_some_cdss_without_protein() -> None:
    seq = CDS * 2
    feats = [
        feature("mRNA", (1, 126), product="kinase"),
        feature("CDS", (1, 126), product="kinase"),
        feature("mRNA", (127, 252), product="x"),
        feature("CDS", (127, 252), note="no product"),
    ]
    hit = only(run(record(seq), *feats), "SEQ_FEAT.FeatureProductInconsistency")
    assert hit.message == "2 CDS features have 1 product references"
    # One mRNA only: tbl2asn does not compare.
    assert "SEQ_FEAT.FeatureProductInconsistency" not in codes(run(record(seq), *feats[1:]))


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("kinase.", "SEQ_FEAT.BadTrailingCharacter"),
        ("Inc.", "SEQ_FEAT.BadTrailingCharacter"),
        ("kinase:", "SEQ_FEAT.BadTrailingCharacter"),
        ("kinase_", "SEQ_FEAT.BadTrailingCharacter"),
        ("kinase-", "SEQ_FEAT.BadTrailingHyphen"),
        ("kin?ase", "SEQ_FEAT.BadInternalCharacter"),
        ("kinase;", None),  # cleanup drops a trailing ';'
        ("kinase", None),
    ],
)
def test_names_ending_badly(name: str, code: str | None) -> None:
    found = set(codes(run(record(CDS), feature("mRNA", (1, 126), product=name))))
    found |= set(codes(run(record(CDS), feature("CDS", (1, 126), product=name))))
    odd = {"SEQ_FEAT.BadTrailingCharacter", "SEQ_FEAT.BadTrailingHyphen", "SEQ_FEAT.BadInternalCharacter"}
    assert found & odd == ({code} if code else set())


def test_trailing_comma_of_a_product_becomes_underscore() -> None:
    cds = feature("CDS", (1, 126), product="kinase ,")
    hit = only(run(record(CDS), cds), "SEQ_FEAT.BadTrailingCharacter")
    assert hit.message == "Protein name ends with undesired character"
    assert cds.get("product") == "kinase _"
    assert trailing_comma_fix("kinase, ") == "kinase_"


def test_gene_symbol_ending_with_hyphen() -> None:
    hit = only(run(record(CDS), feature("gene", (1, 126), gene="abc-")), "SEQ_FEAT.BadTrailingHyphen")
    assert hit.message == "Gene locus ends with hyphen"


def test_reader_fixes_in_genome_mode() -> None:
    cds = feature("CDS", (1, 126), pseudo="")
    mrna = feature("mRNA", (1, 126))
    ec_only = feature("CDS", (1, 126), EC_number="1.1.1.1")
    reader_fixes([[cds, mrna, ec_only]], fill_hypothetical=True)
    assert (cds.get("product"), mrna.get("product"), ec_only.get("product")) == (
        "hypothetical protein",
        "hypothetical protein",
        None,
    )


def test_complete_protein_named_partial() -> None:
    mouse = record(CDS, organism="Mus musculus")
    findings = run(mouse, feature("CDS", (1, 126), product="hypothetical protein, partial"))
    hit = only(findings, "SEQ_DESCR.InconsistentProteinTitle")
    assert hit.message == "Instantiated protein title does not match automatically generated title"
    assert hit.feature == "lcl|s1_1: raw, aa len= 41"
    partial = feature("CDS", (1, 126), partial3=True, product="kinase, partial")
    assert "SEQ_DESCR.InconsistentProteinTitle" not in codes(run(mouse, partial))
    genome = RuleOptions(genome=True)  # -M n rewrites the name first
    named = feature("CDS", (1, 126), product="kinase, partial")
    assert "SEQ_DESCR.InconsistentProteinTitle" not in codes(run(mouse, named, options=genome))


def test_complete_protein_named_partial_is_not_reported_without_an_organism() -> None:
    named = feature("CDS", (1, 126), product="hypothetical protein, partial")
    assert "SEQ_DESCR.InconsistentProteinTitle" not in codes(run(record(CDS), named))


def test_complete_protein_named_partial_is_not_reported_when_it_has_internal_stops() -> None:
    stopped = "ATG" + "GCT" * 19 + "TAA" + "GCT" * 20 + "TAA"  # a stop in the middle
    named = feature("CDS", (1, 126), product="hypothetical protein, partial")
    findings = run(record(stopped, organism="Mus musculus"), named)
    assert "SEQ_FEAT.InternalStop" in codes(findings)
    assert "SEQ_DESCR.InconsistentProteinTitle" not in codes(findings)


def test_names_are_compared_with_blanks_compressed() -> None:
    cds = feature("CDS", (1, 126), product="hypothetical  protein", EC_number="1.1.1.1")
    assert "SEQ_FEAT.BadProteinName" in codes(run(record(CDS), cds))


def test_generated_protein_names_count_only_proteins_without_protein_id() -> None:
    seq = CDS * 3
    feats = [
        feature("CDS", (1, 126), product="one"),
        feature("CDS", (127, 252), product="two", protein_id="gnl|X|p2"),
        feature("CDS", (253, 378), note="no protein"),
    ]
    assert [generated_id(f) for f in feats] == [1, 0, 0]
    named = feature("CDS", (253, 378), product="three")
    findings = run(record(seq), feats[0], feats[1], named, feature("gene", (253, 378), gene="abc", pseudo=""))
    label = only(findings, "SEQ_FEAT.PseudoCdsViaGeneHasProduct").feature or ""
    assert label.endswith("-> [lcl|s1_2]")
