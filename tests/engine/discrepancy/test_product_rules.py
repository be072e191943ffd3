"""The product-name rule reader and matcher, and the protein-level tests that use them."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gbprep.discrepancy import DiscrepancyOptions
from gbprep.discrepancy.product_rules import (
    contains_underscore,
    load_rules,
    may_contain_plural,
    parse_rules,
    three_numbers,
)
from gbprep.model.diagnostics import Report
from gbprep.readers.asn1text import parse_asn1_text
from tests.engine.discrepancy.helpers import CODING, GENOME, make_report, seq, summary
from tests.shared_data import REFERENCE

RULES = """Suspect-rule-set ::= {
  { find contains-plural NULL , rule-type putative-typo } ,
  { find all-caps NULL , rule-type putative-typo } ,
  { find string-constraint { match-text "stabilisation" , match-location contains , case-sensitive FALSE ,
      whole-word FALSE , not-present FALSE , ignore-weasel FALSE } ,
    rule-type typo ,
    replace { replace-func simple-replace { replace "stabilization" , whole-string FALSE } ,
      move-to-note FALSE } } ,
  { find string-constraint { match-text "protein" , match-location equals , case-sensitive FALSE ,
      whole-word FALSE , not-present FALSE , ignore-weasel TRUE } ,
    feat-constraint { string { match-text "hypothetical protein" , match-location equals ,
      case-sensitive FALSE , not-present TRUE } } ,
    rule-type hypothetical }
}
"""


def _rules_file(folder: Path) -> str:
    path = folder / "rules.prt"
    path.write_text(RULES)
    return str(path)


def test_it_reads_rules_with_their_categories_and_replacements() -> None:
    rules = parse_rules(parse_asn1_text(RULES, Report()))
    assert [r.rule_type for r in rules] == ["putative-typo", "putative-typo", "typo", "hypothetical"]
    assert rules[2].description == "contains 'stabilisation', Replace with 'stabilization'"
    assert rules[0].description == "May contain plural"
    # The feat-constraint keeps 'hypothetical protein' itself out of the "just 'protein'" rule.
    assert rules[3].matches("putative protein")
    assert not rules[3].matches("hypothetical protein")


def test_named_checks_follow_ncbi() -> None:
    assert may_contain_plural("ABC transporters")
    assert not may_contain_plural("glycerol kinase")
    assert not may_contain_plural("tRNA-specific adenosine deaminase, trans")
    assert three_numbers("Universal stress protein/MT1672")
    assert not three_numbers("Protein of unknown function DUF1232")
    assert not three_numbers("cytochrome P450 family")
    assert contains_underscore("putative oxidoreductase/MSMEI_1564")
    assert not contains_underscore("MFS_1 transporter")


@given(st.text(max_size=200))
def test_matching_never_fails_on_any_name(name: str) -> None:
    for text in (RULES, IGNORE_WORDS):
        for rule in parse_rules(parse_asn1_text(text, Report())):
            assert rule.matches(name) in (True, False)


@pytest.mark.skipif(
    not (REFERENCE / "validator" / "product_rules.prt").is_file(), reason="no reference rules"
)
def test_it_reads_ncbis_rule_file() -> None:
    rules = load_rules(str(REFERENCE / "validator" / "product_rules.prt"))
    assert len(rules) == 597
    assert {r.rule_type for r in rules} >= {"typo", "british", "remove-organism-name", "database"}


def test_suspect_product_names_are_grouped_by_category(tmp_path: Path) -> None:
    rules = _rules_file(tmp_path)
    table = (
        ">Feature c1\n"
        "1\t300\tCDS\n\t\t\tproduct\tDNA stabilisation protein\n\t\t\tprotein_id\tgnl|abc|A_1\n"
        "301\t600\tCDS\n\t\t\tproduct\tSDE3P\n\t\t\tprotein_id\tgnl|abc|A_2\n"
    )
    fasta = seq("c1", CODING + CODING)
    (tmp_path / "in").mkdir()  # the submission's own folder, apart from the rule file
    report = make_report(tmp_path / "in", fasta, table, DiscrepancyOptions(product_rules=rules))
    assert summary(report, "SUSPECT_PRODUCT_NAMES") == [
        "SUSPECT_PRODUCT_NAMES:2 product_names contain suspect phrase or characters"
    ]
    line = next(line for line in report.lines if line.test == "SUSPECT_PRODUCT_NAMES")
    assert [(sub.text, [s.text for s in sub.subs]) for sub in line.subs] == [
        ("Typo", ["1 features contains 'stabilisation', Replace with 'stabilization'"]),
        ("Putative Typo", ["1 features Is all capital letters"]),
    ]
    # Genome mode: tbl2asn corrects typos itself, so only the all-caps name is left.
    genome = make_report(
        tmp_path / "in", fasta, table, DiscrepancyOptions(product_rules=rules, genome_mode=True)
    )
    assert summary(genome, "SUSPECT_PRODUCT_NAMES") == [
        "SUSPECT_PRODUCT_NAMES:1 product_names contain suspect phrase or characters"
    ]


def test_protein_ids_lengths_and_names(tmp_path: Path) -> None:
    short = "ATG" + "GCT" * 20 + "TAA"
    table = (
        ">Feature c1\n"
        "1\t300\tCDS\n\t\t\tproduct\thypothetical protein\n\t\t\tprotein_id\tgnl|abc|A_1\n"
        f"301\t{300 + len(short)}\tCDS\n\t\t\tproduct\thypothetical protein\n\t\t\tprotein_id\tA_2\n"
        "400\t500\tCDS\n\t\t\tnote\tno product: tbl2asn makes no protein\n"
    )
    report = make_report(tmp_path, seq("c1", CODING + short + GENOME), table)
    assert summary(report, "MISSING_PROTEIN_ID") == ["MISSING_PROTEIN_ID:1 proteins have invalid IDs."]
    assert summary(report, "SHORT_PROT_SEQUENCES") == [
        "SHORT_PROT_SEQUENCES:1 protein sequences are shorter than 50 aa."
    ]
    assert summary(report, "DISC_PROTEIN_NAMES") == [
        'DISC_PROTEIN_NAMES:All proteins have same name "hypothetical protein"'
    ]
    assert summary(report, "MISSING_PROJECT") == ["MISSING_PROJECT:3 sequences do not include project."]
    ids = next(line for line in report.lines if line.test == "MISSING_PROTEIN_ID")
    assert [item.line for item in ids.items] == ["genome:A_2 (length 21)"]


IGNORE_WORDS = """Suspect-rule-set ::= {
  { find string-constraint { match-text "Hypothetical protein gene" , match-location equals ,
      case-sensitive FALSE , ignore-space TRUE , ignore-punct TRUE ,
      ignore-words { { word "gene" , synonyms { "partial" , "complete" } , case-sensitive FALSE ,
        whole-word FALSE } , { word "hypothetical" , synonyms { "putative" } , case-sensitive FALSE ,
        whole-word FALSE } } ,
      whole-word FALSE , not-present FALSE , ignore-weasel FALSE } ,
    rule-type hypothetical } ,
  { find string-constraint { match-text "hypothetical protein" , match-location starts ,
      case-sensitive FALSE , whole-word FALSE , not-present FALSE , ignore-weasel FALSE } ,
    except string-constraint { match-text "hypothetical protein" , match-location equals ,
      case-sensitive FALSE , whole-word FALSE , not-present FALSE , ignore-weasel FALSE } ,
    rule-type putative-typo } ,
  { find string-constraint { match-text "partial" , match-location contains , case-sensitive FALSE ,
      whole-word TRUE , not-present FALSE , ignore-weasel FALSE } ,
    rule-type might-be-nonfunctional , fatal TRUE } ,
  { find three-numbers NULL , rule-type database , description "contains three or more numbers
      together" }
}
"""


def test_ignore_words_let_a_word_stand_for_its_synonyms() -> None:
    rule = parse_rules(parse_asn1_text(IGNORE_WORDS, Report()))[0]
    assert rule.matches("hypothetical protein, partial")  # 'gene' stands for 'partial', the comma is skipped
    assert rule.matches("putative protein complete")
    assert rule.matches("Hypothetical protein gene")
    assert not rule.matches("hypothetical protein kinase")
    assert not rule.matches("hypothetical protein")


def test_a_rules_description_names_its_exception_and_fatal_mark() -> None:
    rules = parse_rules(parse_asn1_text(IGNORE_WORDS, Report()))
    assert rules[1].description == "starts with 'hypothetical protein' but not equals 'hypothetical protein'"
    assert rules[2].description == "contains 'partial'(FATAL)"
    assert rules[3].description == "contains three or more numbers together"  # the rule file's own words


def test_suspect_phrases_in_cds_notes_come_first(tmp_path: Path) -> None:
    rules = _rules_file(tmp_path)
    table = (
        ">Feature c1\n"
        "1\t300\tCDS\n\t\t\tproduct\tSDE3P\n\t\t\tnote\tcontains Frameshift\n"
        "301\t600\tCDS\n\t\t\tproduct\tthing\n\t\t\tprot_desc\tE-value 1e-5\n"
    )
    (tmp_path / "in").mkdir()
    options = DiscrepancyOptions(product_rules=rules)
    report = make_report(tmp_path / "in", seq("c1", CODING + CODING), table, options)
    assert summary(report, "SUSPECT_PRODUCT_NAMES") == [
        "SUSPECT_PRODUCT_NAMES:2 cds comments or protein descriptions contain suspect phrases",
        "SUSPECT_PRODUCT_NAMES:1 product_names contain suspect phrase or characters",
    ]
    line = report.lines[[x.test for x in report.lines].index("SUSPECT_PRODUCT_NAMES")]
    assert [(sub.test, sub.text) for sub in line.subs] == [
        ("SUSPECT_PHRASES", "1 cds comments or protein descriptions contain 'frameshift'"),
        ("SUSPECT_PHRASES", "1 cds comments or protein descriptions contain 'E-value'"),
    ]


def test_a_protein_name_ending_in_the_organism_loses_it(tmp_path: Path) -> None:
    # tbl2asn takes "[Escherichia coli]" off the protein's name on an E. coli record (case-blind, and blind
    # to the organism's last letter), not off another organism's; checked with tbl2asn 25.3
    table = ">Feature c1\n1\t300\tCDS\n\t\t\tproduct\tHypothetical Protein [escherichia colX]\n"
    report = make_report(tmp_path, seq("c1", CODING + CODING), table)
    assert summary(report, "DISC_PROTEIN_NAMES") == [
        'DISC_PROTEIN_NAMES:All proteins have same name "hypothetical protein"'
    ]
    other = make_report(tmp_path, seq("c1", CODING + CODING, "[organism=Bacillus subtilis]"), table)
    assert summary(other, "DISC_PROTEIN_NAMES") == []


def test_only_hypothetical_proteins_all_alike_are_reported(tmp_path: Path) -> None:
    # tbl2asn 25.3 reports 'all the same name' for 'hypothetical protein' alone (one protein is enough)
    table = (
        ">Feature c1\n"
        "1\t300\tCDS\n\t\t\tproduct\tthing\n\t\t\tprotein_id\tgnl|abc|A_1\n"
        "301\t600\tCDS\n\t\t\tproduct\tthing\n\t\t\tprotein_id\tgnl|abc|A_2\n"
    )
    report = make_report(tmp_path, seq("c1", CODING + CODING), table)
    assert summary(report, "DISC_PROTEIN_NAMES") == []


def test_a_cds_named_only_by_an_ec_number_still_gets_a_protein(tmp_path: Path) -> None:
    # tbl2asn makes a protein for any Prot-ref: /EC_number alone is one (the protein then has no name)
    table = (
        ">Feature c1\n"
        "1\t300\tCDS\n\t\t\tEC_number\t1.2.3.4\n"
        "301\t600\tCDS\n\t\t\tnote\tno Prot-ref, no protein\n"
    )
    report = make_report(tmp_path, seq("c1", CODING + CODING), table)
    assert summary(report, "MISSING_PROJECT") == ["MISSING_PROJECT:2 sequences do not include project."]
    assert summary(report, "DISC_PROTEIN_NAMES") == []
