"""The INSDC key and qualifier tables: spot checks against the Feature Table Definition, and consistency."""

from __future__ import annotations

import pytest

from gbprep.model import insdc
from gbprep.model.insdc import KeyStatus, ValueKind

# Appendix II of the INSDC Feature Table Definition 11.x (the current keys).
# A word list reads better than 53 quoted strings.
INSDC_11_KEYS = """
assembly_gap C_region CDS centromere D-loop D_segment exon gap gene iDNA intron J_segment mat_peptide
misc_binding misc_difference misc_feature misc_recomb misc_RNA misc_structure mobile_element modified_base
mRNA ncRNA N_region old_sequence operon oriT polyA_site precursor_RNA prim_transcript primer_bind propeptide
protein_bind regulatory repeat_region rep_origin rRNA S_region sig_peptide source stem_loop STS telomere tmRNA
transit_peptide tRNA unsure V_region V_segment variation 3'UTR 5'UTR
""".split()  # noqa: SIM905


def test_every_current_insdc_key_is_known_and_current() -> None:
    for key in INSDC_11_KEYS:
        found = insdc.feature_key(key)
        assert found is not None, key
        assert found.status is KeyStatus.INSDC, key
    current = {k for k, v in insdc.FEATURE_KEYS.items() if v.status is KeyStatus.INSDC}
    assert current == set(INSDC_11_KEYS)


@pytest.mark.parametrize("key", ["Protein", "Region", "Site", "Bond", "SecStr", "REFERENCE"])
def test_ncbi_table_pseudo_keys(key: str) -> None:
    found = insdc.feature_key(key)
    assert found is not None
    assert found.status is KeyStatus.NCBI


@pytest.mark.parametrize(
    ("key", "replacement"),
    [
        ("promoter", 'regulatory with /regulatory_class="promoter"'),
        ("TATA_signal", 'regulatory with /regulatory_class="TATA_box"'),
        ("polyA_signal", 'regulatory with /regulatory_class="polyA_signal_sequence"'),
        ("-10_signal", 'regulatory with /regulatory_class="minus_10_signal"'),
        ("snoRNA", 'ncRNA with /ncRNA_class="snoRNA"'),
        ("proprotein", "propeptide"),
        ("conflict", "misc_difference"),
    ],
)
def test_retired_keys_say_what_replaces_them(key: str, replacement: str) -> None:
    found = insdc.feature_key(key)
    assert found is not None
    assert found.status is KeyStatus.RETIRED
    assert found.replacement == replacement


def test_keys_are_case_sensitive_but_the_mismatch_is_recognised() -> None:
    assert insdc.feature_key("mrna") is None
    assert insdc.key_case_mismatch("mrna") == "mRNA"
    assert insdc.key_case_mismatch("mRNA") is None
    assert insdc.key_case_mismatch("nonsense") is None
    assert "mRNA" in insdc.suggest_key("mRAN")


@pytest.mark.parametrize(
    ("key", "qual"),
    [
        ("CDS", "product"),
        ("CDS", "protein_id"),
        ("CDS", "transl_except"),
        ("CDS", "codon_start"),
        ("CDS", "prot_desc"),  # NCBI table-only
        ("CDS", "go_process"),
        ("CDS", "transcript_id"),
        ("mRNA", "protein_id"),
        ("mRNA", "transcript_id"),
        ("gene", "gene_syn"),
        ("gene", "locus_tag"),
        ("gene", "nomenclature"),
        ("gene", "pseudogene"),
        ("tRNA", "anticodon"),
        ("tRNA", "codon_recognized"),
        ("regulatory", "regulatory_class"),
        ("assembly_gap", "linkage_evidence"),
        ("mat_peptide", "protein_id"),
        ("Region", "region_name"),
        ("Site", "site_type"),
        ("Bond", "bond_type"),
        ("SecStr", "sec_str_type"),
        ("misc_feature", "gene_desc"),
        ("source", "organism"),
    ],
)
def test_allowed(key: str, qual: str) -> None:
    assert insdc.is_allowed(key, qual)


@pytest.mark.parametrize(
    ("key", "qual"),
    [
        ("gene", "transl_except"),
        ("CDS", "anticodon"),
        ("rRNA", "codon_start"),
        ("misc_recomb", "nomenclature"),
        ("assembly_gap", "gene"),
        ("gap", "locus_tag"),
        ("centromere", "gene"),
        ("mRNA", "mod_base"),
        ("nonsense_key", "note"),
        ("CDS", "no_such_qualifier"),
    ],
)
def test_not_allowed(key: str, qual: str) -> None:
    assert not insdc.is_allowed(key, qual)


def test_mandatory_qualifiers() -> None:
    assert insdc.mandatory_qualifiers("regulatory") == {"regulatory_class"}
    assert insdc.mandatory_qualifiers("ncRNA") == {"ncRNA_class"}
    assert insdc.mandatory_qualifiers("assembly_gap") == {"gap_type", "estimated_length"}
    assert insdc.mandatory_qualifiers("modified_base") == {"mod_base"}
    assert insdc.mandatory_qualifiers("source") == {"organism", "mol_type"}
    assert insdc.mandatory_qualifiers("CDS") == frozenset()
    assert insdc.mandatory_qualifiers("no_such_key") == frozenset()


def test_every_listed_qualifier_is_defined() -> None:
    for key in insdc.FEATURE_KEYS.values():
        undefined = {q for q in key.allowed if q not in insdc.QUALIFIERS}
        assert not undefined, (key.name, undefined)
    for name in (*insdc.VOCABULARIES, *insdc.PREFIX_VOCABULARIES):
        assert name in insdc.QUALIFIERS, name


def test_qualifier_names_are_matched_as_tbl2asn_matches_them() -> None:
    assert insdc.canonical_qualifier("ec_number") == "EC_number"
    assert insdc.canonical_qualifier("Product") == "product"
    assert insdc.canonical_qualifier("codons_recognized") == "codon_recognized"
    assert insdc.canonical_qualifier("gene_syn") == "gene_syn"
    assert insdc.canonical_qualifier("bad_qual") is None
    assert insdc.suggest_qualifier("prodcut") == ["product"]


def test_qualifier_kinds() -> None:
    assert insdc.is_flag("pseudo")
    assert insdc.is_flag("trans_splicing")
    assert not insdc.is_flag("product")
    assert insdc.QUALIFIERS["codon_start"].kind is ValueKind.INTEGER
    assert insdc.QUALIFIERS["regulatory_class"].kind is ValueKind.VOCABULARY
    assert insdc.QUALIFIERS["transl_except"].kind is ValueKind.STRUCTURED
    assert insdc.QUALIFIERS["evidence"].obsolete
    assert not insdc.QUALIFIERS["gene_syn"].insdc
    assert not insdc.QUALIFIERS["prot_desc"].insdc
    assert insdc.QUALIFIERS["gene_synonym"].insdc


def test_vocabularies_normalise_like_ncbi() -> None:
    assert insdc.in_vocabulary("linkage_evidence", "align_genus") is True  # written so in ncbi-t2a-sqd-1657
    assert insdc.in_vocabulary("linkage_evidence", "paired-ends") is True
    assert insdc.in_vocabulary("linkage_evidence", "telepathy") is False
    assert insdc.in_vocabulary("regulatory_class", "riboswitch") is True
    assert insdc.in_vocabulary("mobile_element_type", "SINE:Alu") is True
    assert insdc.in_vocabulary("mobile_element_type", "jumping gene") is False
    assert insdc.in_vocabulary("product", "anything") is None
    assert insdc.in_vocabulary("no_such_qualifier", "x") is None


def test_amino_acids_and_trna_products() -> None:
    assert insdc.amino_acid("Met") == "M"
    assert insdc.amino_acid("TERM") == "*"
    assert insdc.amino_acid("sec") == "U"
    assert insdc.amino_acid("Selenocysteine") == "U"
    assert insdc.amino_acid("Foo") is None
    assert insdc.trna_amino_acid("tRNA-Leu") == "L"
    assert insdc.trna_amino_acid("tRNA-Leu(taa)") == "L"
    assert insdc.trna_amino_acid("tRNA-Xxx") == "X"
    assert insdc.trna_amino_acid("tRNA-iMet") is None
    assert insdc.trna_amino_acid("") is None


def test_genetic_codes() -> None:
    assert {1, 2, 4, 5, 11, 33} <= insdc.GENETIC_CODES
    assert not {0, 7, 8, 17, 18, 19, 20, 34} & insdc.GENETIC_CODES


def test_keys_allowing_names_current_keys_only() -> None:
    allowing = insdc.keys_allowing("anticodon")
    assert allowing == ["tRNA"]
    assert "promoter" not in insdc.keys_allowing("bound_moiety")
