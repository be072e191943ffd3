"""The CDS translation family: one bad and one good input per code, checking code, severity, message, line."""

from __future__ import annotations

from gbprep.model.coding import reverse_complement, translate_codon
from gbprep.model.diagnostics import Finding, Severity
from gbprep.model.records import Feature, ProteinRecord, SequenceRecord
from gbprep.rules import RULES, RuleOptions, translation

from . import helpers
from .helpers import TBL, codes, feature, only, protein, record

# The inputs here are bare CDSs on records without an organism: other families (products, source) rightly
# complain about that, and have tests of their own. These tests look at the translation family alone.
FAMILY = frozenset(code for code, r in RULES.items() if r.func.__module__ == translation.__name__)


def run(
    rec: SequenceRecord,
    *features: Feature,
    proteins: list[ProteinRecord] | None = None,
    options: RuleOptions | None = None,
) -> list[Finding]:
    return [f for f in helpers.run(rec, *features, proteins=proteins, options=options) if f.code in FAMILY]


GOOD = "ATGAAATTTGGGTAA"  # M K F G *


def test_a_good_cds_has_no_findings() -> None:
    assert run(record(GOOD), feature("CDS", (1, 15), line=7, product="kinase")) == []


def test_internal_stop_points_at_the_cds_row() -> None:
    findings = run(record("ATGAAATAAGGGTAA"), feature("CDS", (1, 15), line=7, product="kinase"))
    hit = only(findings, "SEQ_FEAT.InternalStop")
    assert hit.severity is Severity.ERROR
    assert hit.message == "1 internal stops. Genetic code [1]"
    assert (hit.pos.file, hit.pos.line) == (TBL, 7) if hit.pos else False
    assert hit.fix.startswith("Check the CDS coordinates")
    assert codes(findings) == ["SEQ_FEAT.InternalStop", "SEQ_INST.StopInProtein"]


def test_stop_in_protein_names_gene_and_product() -> None:
    findings = run(record("ATGAAATAAGGGTAA"), feature("CDS", (1, 15), line=7, gene="abcA", product="kinase"))
    hit = only(findings, "SEQ_INST.StopInProtein")
    assert hit.message == "[1] termination symbols in protein sequence (abcA - kinase)"
    assert hit.feature == "lcl|s1_1: raw, aa len= 4"


def test_no_protein_no_protein_findings() -> None:
    # A CDS without /product (nor /prot_desc, /EC_number, /function, .pep) gets no protein from tbl2asn 25.3:
    # StartCodon and InternalStop still, but no BadProteinStart or StopInProtein (NoProtein says the rest).
    findings = run(record("GTGAAATAAGGGTAA"), feature("CDS", (1, 15)))
    assert codes(findings) == ["SEQ_FEAT.InternalStop", "SEQ_FEAT.StartCodon"]


def test_illegal_start_codon_and_gap_symbol() -> None:
    findings = run(record("GTGAAATTTGGGTAA"), feature("CDS", (1, 15), line=7, product="kinase"))
    assert codes(findings) == ["SEQ_FEAT.StartCodon", "SEQ_INST.BadProteinStart"]
    start = only(findings, "SEQ_FEAT.StartCodon")
    assert start.message == "Illegal start codon used. Wrong genetic code [1] or protein should be partial"
    assert start.pos is not None and start.pos.line == 7
    assert only(findings, "SEQ_INST.BadProteinStart").message.startswith("gap symbol at start of protein")


def test_start_codon_legal_in_the_genetic_code_in_force() -> None:
    assert run(record("GTGAAATTTGGGTAA", gcode="11"), feature("CDS", (1, 15))) == []
    assert run(record("GTGAAATTTGGGTAA", location="chloroplast"), feature("CDS", (1, 15))) == []


def test_a_cds_transl_table_gives_way_to_the_records_code() -> None:
    # tbl2asn 25.3 writes and translates every CDS with its BioSource's code (checked: GTG start, transl_table
    # 11 on a Homo sapiens record -> StartCodon 'Wrong genetic code [1]'); asnval would otherwise report
    # SEQ_FEAT.MultipleGenCodes on the .sqn.
    findings = run(record("GTGAAATTTGGGTAA"), feature("CDS", (1, 15), transl_table="11"))
    assert "Wrong genetic code [1]" in only(findings, "SEQ_FEAT.StartCodon").message


def test_start_codon_not_checked_on_a_partial_start() -> None:
    assert run(record("GTGAAATTTGGGTAA"), feature("CDS", (1, 15), partial5=True)) == []


def test_illegal_start_with_internal_stops_is_one_message_each() -> None:
    findings = run(record("GTGAAATAAGGGTAA"), feature("CDS", (1, 15)))
    assert only(findings, "SEQ_FEAT.StartCodon").message == (
        "Illegal start codon (and 1 internal stops). Probably wrong genetic code [1]"
    )
    assert only(findings, "SEQ_FEAT.InternalStop").message == (
        "1 internal stops (and illegal start codon). Genetic code [1]"
    )


def test_missing_stop_codon() -> None:
    hit = only(run(record("ATGAAATTTGGGCCC"), feature("CDS", (1, 15), line=3)), "SEQ_FEAT.NoStop")
    assert (hit.severity, hit.message, hit.pos.line if hit.pos else 0) == (
        Severity.ERROR,
        "Missing stop codon",
        3,
    )


def test_no_stop_is_fine_on_a_partial_end() -> None:
    assert run(record("ATGAAATTTGGGCCC"), feature("CDS", (1, 15), partial3=True)) == []


def test_no_stop_not_reported_past_five_internal_stops() -> None:
    seq = "ATG" + "TAA" * 6 + "CCC"
    assert "SEQ_FEAT.NoStop" not in codes(run(record(seq), feature("CDS", (1, len(seq)))))
    seq = "ATG" + "TAA" * 5 + "CCC"
    assert "SEQ_FEAT.NoStop" in codes(run(record(seq), feature("CDS", (1, len(seq)))))


def test_coding_region_extends_past_stop() -> None:
    hit = only(run(record(GOOD + "CA"), feature("CDS", (1, 17))), "SEQ_FEAT.TransLen")
    assert hit.message == "Coding region extends 2 base(s) past stop codon"


def test_given_protein_length_differs() -> None:
    findings = run(record(GOOD), feature("CDS", (1, 15), protein_id="P1"), proteins=[protein("P1", "MKFGAA")])
    hit = only(findings, "SEQ_FEAT.TransLen")
    assert hit.message == "Given protein length [6] does not match translation length [5]"


def test_given_protein_mismatch_names_residue_and_codon() -> None:
    findings = run(
        record("CC" + GOOD), feature("CDS", (3, 17), protein_id="P1"), proteins=[protein("P1", "MKFA")]
    )
    hit = only(findings, "SEQ_FEAT.MisMatchAA")
    assert hit.message == "Residue 4 in protein [A] != translation [G] at lcl|s1:12-14"
    assert (
        run(record("CC" + GOOD), feature("CDS", (3, 17), protein_id="P1"), proteins=[protein("P1", "MKFG")])
        == []
    )


def test_many_mismatches_are_summarised() -> None:
    seq = "ATG" + "GCT" * 12 + "TAA"
    findings = run(
        record(seq), feature("CDS", (1, len(seq)), protein_id="P1"), proteins=[protein("P1", "M" + "L" * 12)]
    )
    hit = only(findings, "SEQ_FEAT.MisMatchAA")
    assert hit.message.startswith("12 mismatches found. First mismatch at 2, residue in protein [L]")


def test_minus_strand_and_joins() -> None:
    rc = reverse_complement(GOOD)
    assert run(record("GG" + rc), feature("CDS", (17, 3))) == []
    spliced = GOOD[:6] + "GTAAGTTTTTTAG" + GOOD[6:]
    assert run(record(spliced), feature("CDS", (1, 6), (20, 28))) == []
    bad = "ATGAAATAAGGGTAA"
    assert "SEQ_FEAT.InternalStop" in codes(run(record(reverse_complement(bad)), feature("CDS", (15, 1))))


def test_codon_start_reads_the_right_frame() -> None:
    seq = "C" + "AAATTTGGGTAA"
    assert run(record(seq), feature("CDS", (1, 13), partial5=True, codon_start="2")) == []


def test_transl_except_replaces_a_stop() -> None:
    seq = "ATGAAATGAGGGTAA"
    assert codes(run(record(seq), feature("CDS", (1, 15), product="kinase"))) == [
        "SEQ_FEAT.InternalStop",
        "SEQ_INST.StopInProtein",
    ]
    fixed = feature("CDS", (1, 15), transl_except="(pos:7..9,aa:Sec)")
    assert run(record(seq), fixed) == []


def test_pseudo_cds_and_pseudo_gene_are_not_translated() -> None:
    seq = "ATGAAATAAGGGTAA"
    assert run(record(seq), feature("CDS", (1, 15), pseudo="")) == []
    gene = feature("gene", (1, 15), line=1, gene="abc", pseudo="")
    assert run(record(seq), gene, feature("CDS", (1, 15), gene="abc")) == []
    # A named CDS in a /pseudo gene still gets its protein, and the protein is checked (tbl2asn 25.3: no
    # InternalStop, but StopInProtein beside PseudoCdsViaGeneHasProduct).
    named = feature("CDS", (1, 15), gene="abc", product="kinase")
    assert codes(run(record(seq), gene, named)) == ["SEQ_INST.StopInProtein"]


def test_rna_editing_skips_translation_checks_but_not_the_protein() -> None:
    findings = run(record("ACGAAATTTGGGTAA"), feature("CDS", (1, 15), exception="RNA editing", product="k"))
    assert codes(findings) == ["SEQ_INST.BadProteinStart"]


def test_options_switch_off_and_change_severity() -> None:
    seq = "ATGAAATTTGGGCCC"
    off = RuleOptions(ignore=frozenset({"SEQ_FEAT.NoStop"}))
    assert run(record(seq), feature("CDS", (1, 15)), options=off) == []
    lowered = RuleOptions(severity_overrides={"SEQ_FEAT.NoStop": Severity.WARNING})
    assert only(run(record(seq), feature("CDS", (1, 15)), options=lowered), "SEQ_FEAT.NoStop").severity is (
        Severity.WARNING
    )
    picked = RuleOptions(select=frozenset({"SEQ_INST.StopInProtein"}))
    assert codes(run(record("ATGAAATAAGGGTAA"), feature("CDS", (1, 15), product="k"), options=picked)) == [
        "SEQ_INST.StopInProtein"
    ]


def test_ambiguous_codons() -> None:
    assert translate_codon("GCN") == "A"  # every GCx is Ala
    assert translate_codon("NNN") == "X"
    assert translate_codon("TTG", 1, start=True) == "M"
    assert translate_codon("GTG", 1, start=True) == "-"
    assert translate_codon("TGA", 4) == "W"


def test_a_bacterium_named_without_a_code_translates_with_its_taxonomy_code() -> None:
    # tbl2asn writes code 11 for Escherichia coli given only by -j or [organism=] (its offline taxonomy,
    # matched case-blind); the rules and the GFF3 reader's partial ends use the same code.
    from gbprep.model.coding import genetic_code_for
    from gbprep.model.diagnostics import SourcePos
    from gbprep.model.records import SourceModifier

    at = SourcePos("x.fsa", 1)
    assert genetic_code_for([SourceModifier("organism", "Escherichia Coli", at)]) == 11
    assert (
        genetic_code_for(
            [SourceModifier("organism", "Escherichia coli", at), SourceModifier("gcode", "4", at)]
        )
        == 4
    )
    assert genetic_code_for([SourceModifier("organism", "Homo sapiens", at)]) == 1


def test_a_cds_stopping_just_short_of_its_stop_codon_takes_it_in() -> None:
    # tbl2asn moves a complete 3' end onto a stop codon that follows in frame (by 3 bases, or 1-2 to finish a
    # codon), with the mRNA ending at the same base and the gene that holds the CDS (checked with tbl2asn 25.3).
    seq = "ATGAAATTTGGGTAACC"
    gene = feature("gene", (1, 12), gene="abcA")
    mrna = feature("mRNA", (1, 12), product="kinase")
    cds = feature("CDS", (1, 12), product="kinase")
    assert run(record(seq), gene, mrna, cds) == []
    assert [(f.intervals[-1].start, f.intervals[-1].stop) for f in (gene, mrna, cds)] == [(1, 15)] * 3
    inside_codon = feature("CDS", (1, 13), product="kinase")
    assert run(record(seq), inside_codon) == [] and inside_codon.intervals[-1].stop == 15
    minus = feature("CDS", (17, 6), product="kinase")
    assert run(record("GG" + reverse_complement(seq[:-2])), minus) == [] and minus.intervals[-1].stop == 3


def test_no_stop_codon_taken_in_at_a_partial_end_with_an_exception_or_none_following() -> None:
    seq = "ATGAAATTTGGGTAACC"
    for cds in (
        feature("CDS", (1, 12), partial3=True),
        feature("CDS", (1, 12), exception="RNA editing"),
    ):
        run(record(seq), cds)
        assert cds.intervals[-1].stop == 12
    assert codes(run(record("ATGAAATTTGGGCCCTAA"), feature("CDS", (1, 12)))) == ["SEQ_FEAT.NoStop"]
