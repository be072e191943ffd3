"""Source rules: organism present, uncultured/environmental flags, collection date, lat_lon, country, title."""

from __future__ import annotations

import datetime

import pytest

from gbprep.model.bundle import Bundle
from gbprep.model.diagnostics import Finding, Severity, SourcePos
from gbprep.model.modifiers import genome_of
from gbprep.model.records import FeatureTable, SourceModifier
from gbprep.rules.runner import run_submission_rules, submission_context, summary_of
from gbprep.rules.specimen import collection_date_problem, country_problem, lat_lon_problem

from .helpers import codes, feature, only, record, run

SEQ = "ACGT" * 100
CDS = "ATG" + "GCT" * 40 + "TAA"


def test_no_organism_anywhere_is_one_error_on_the_first_sequence() -> None:
    recs = [summary_of(record(SEQ, seq_id="c2")), summary_of(record(SEQ, seq_id="c3"))]
    findings = run_submission_rules(
        submission_context(recs, Bundle(fasta=[]), lengths={"c2": 400, "c3": 400})
    )
    hit = only(findings, "SEQ_DESCR.NoOrgFound")
    assert (hit.severity, hit.message, hit.seq_id) == (
        Severity.ERROR,
        "No organism name anywhere on this entire record.",
        "c2",
    )
    assert hit.feature == "lcl|c2: raw, dna len= 400"


def test_no_organism_once_per_bioseq_when_another_sequence_has_a_source() -> None:
    # tbl2asn 25.3: c2's [gcode=11] gives it a BioSource without an organism (one error for its descriptor);
    # c3 has no source at all, so it and each protein tbl2asn makes for it get one each. A /pseudo CDS and a
    # CDS with nothing to name its protein by make none.
    at = SourcePos("x.tbl", 1)
    table = FeatureTable("c3", at)
    table.extend(
        [
            feature("CDS", (1, 126), product="kinase"),
            feature("CDS", (130, 255), EC_number="1.1.1.1"),
            feature("CDS", (260, 385), product="kinase", pseudo=""),
            feature("CDS", (1, 126)),
        ]
    )
    recs = [summary_of(record(SEQ, seq_id="c2", gcode="11")), summary_of(record(SEQ, seq_id="c3"))]
    bundle = Bundle(fasta=[], tables=[table])
    findings = [
        f
        for f in run_submission_rules(submission_context(recs, bundle, lengths={"c2": 400, "c3": 400}))
        if f.code.endswith("NoOrgFound")
    ]
    assert [(f.seq_id, f.feature) for f in findings] == [
        ("c2", "BioSrc:  BIOSEQ: lcl|c2"),
        ("c3", "lcl|c3: raw, dna len= 400"),
        ("c3", "lcl|c3_1: raw, aa"),
        ("c3", "lcl|c3_2: raw, aa"),
    ]
    assert {f.message for f in findings} == {
        "No organism name has been applied to this Bioseq.  Other qualifiers may exist."
    }


def test_no_organism_on_the_sequences_without_one_only() -> None:
    recs = [
        summary_of(record(SEQ, seq_id="c2", organism="Homo sapiens")),
        summary_of(record(SEQ, seq_id="c3")),
    ]
    findings = run_submission_rules(submission_context(recs, Bundle(fasta=[])))
    assert [(f.code, f.seq_id) for f in findings] == [("SEQ_DESCR.NoOrgFound", "c3")]


def test_organism_from_j_modifiers_counts() -> None:
    j = [SourceModifier("organism", "Homo sapiens", SourcePos("case.conf", 1))]
    recs = [summary_of(record(SEQ, seq_id="c2"), j)]
    assert run_submission_rules(submission_context(recs, Bundle(fasta=[]))) == []


def test_biosource_missing_only_with_proteins() -> None:
    findings = run(record(CDS), feature("CDS", (1, 126), product="kinase"))
    assert only(findings, "SEQ_DESCR.BioSourceMissing").message == (
        "Nuc-prot set does not contain expected BioSource descriptor"
    )
    assert run(record(CDS, organism="Homo sapiens"), feature("CDS", (1, 126), product="kinase")) == []
    assert "SEQ_DESCR.BioSourceMissing" not in codes(run(record(SEQ)))


def test_uncultured_needs_environmental_sample() -> None:
    findings = run(record(SEQ, organism="uncultured bacterium", isolation_source="soil"))
    hit = only(findings, "SEQ_DESCR.BioSourceInconsistency")
    assert hit.message == "Uncultured should also have /environmental_sample"
    assert hit.feature == "BioSrc: uncultured bacterium BIOSEQ: lcl|s1"
    ok = record(SEQ, organism="uncultured bacterium", environmental_sample="TRUE", isolation_source="soil")
    assert run(ok) == []


def test_metagenomic_without_environmental_sample_is_a_reject() -> None:
    findings = run(record(SEQ, organism="soil metagenome", metagenomic="TRUE"))
    assert only(findings, "SEQ_DESCR.BioSourceInconsistency").severity is Severity.REJECT


@pytest.mark.parametrize(
    ("value", "bad"),
    [
        ("06-Sep-2014", False),
        ("Sep-2014", False),
        ("2014", False),
        ("2014-09-06", False),
        ("2014-09-06/2014-10-01", False),
        ("6-Sep-2014", True),
        ("32-Jan-2014", True),
        ("06-Sept-2014", True),
        ("junk", True),
    ],
)
def test_collection_date_formats(value: str, bad: bool) -> None:
    problem = collection_date_problem(value, today=datetime.date(2020, 1, 1))
    assert (problem == "Collection_date format is not in DD-Mmm-YYYY format") is bad


def test_collection_date_in_the_future() -> None:
    assert collection_date_problem("2030-01-01", today=datetime.date(2020, 1, 1)) == (
        "Collection_date is in the future"
    )


def test_bad_collection_date_points_at_the_modifier() -> None:
    findings = run(record(SEQ, organism="Homo sapiens", collection_date="6-Sep-2014"))
    hit = only(findings, "SEQ_DESCR.BadCollectionDate")
    assert (hit.severity, hit.pos) == (Severity.WARNING, SourcePos("t.fsa", 1))


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("35.5 N 120.2 W", None),
        ("35.5N 120.2W", None),
        ("junk", "SEQ_DESCR.LatLonFormat"),
        ("95.0 N 120.2 W", "SEQ_DESCR.LatLonRange"),
        ("35.5 N 200.2 W", "SEQ_DESCR.LatLonRange"),
    ],
)
def test_lat_lon(value: str, code: str | None) -> None:
    problem = lat_lon_problem(value)
    assert (problem[0] if problem else None) == code


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("Sudan", None),
        ("USA: Boulder, CO", None),
        ("Sudann", "SEQ_DESCR.BadCountryCode"),
        ("Czechia", "SEQ_DESCR.BadCountryCode"),
        ("Burma", "SEQ_DESCR.ReplacedCountryCode"),
    ],
)
def test_country(value: str, code: str | None) -> None:
    problem = country_problem(value)
    assert (problem[0] if problem else None) == code


def test_bad_country_message() -> None:
    findings = run(record(SEQ, organism="Homo sapiens", country="Sudann"))
    hit = only(findings, "SEQ_DESCR.BadCountryCode")
    assert (hit.severity, hit.message) == (Severity.ERROR, "Bad country name [Sudann]")


def test_unparsed_bracket_in_title() -> None:
    rec = record(SEQ, organism="Yersinia pestis")
    rec.title = "[plasmid=pPCP1]"
    assert (
        only(run(rec), "SEQ_DESCR.FastaBracketTitle").message == "Title may have unparsed [...=...] construct"
    )
    rec.title = "plasmid pPCP1 [complete sequence]"
    assert run(rec) == []


def test_16s_rrna_on_a_nuclear_eukaryote_sequence() -> None:
    rrna = feature("rRNA", (1, 200), product="16S ribosomal RNA")
    hit = only(run(record(SEQ, organism="Arabidopsis thaliana"), rrna), "SEQ_DESCR.WrongOrganismFor16SrRNA")
    assert (hit.severity, hit.message) == (Severity.ERROR, "Improper 16S ribosomal RNA")
    assert run(record(SEQ, organism="Arabidopsis thaliana", location="chloroplast"), rrna) == []
    assert run(record(SEQ, organism="Escherichia coli"), rrna) == []
    # tbl2asn asks its built-in table (case-blind), not its longer offline list: checked by running it.
    assert only(
        run(record(SEQ, organism="candida albicans SC5314"), rrna), "SEQ_DESCR.WrongOrganismFor16SrRNA"
    )
    assert run(record(SEQ, organism="Bos taurus"), rrna) == []


def _messages(findings: list[Finding], code: str = "SEQ_DESCR.BioSourceInconsistency") -> list[str]:
    return sorted(f.message for f in findings if f.code == code)


def test_plasmid_location_needs_a_plasmid_name_and_a_name_needs_the_location() -> None:
    missing = "Plasmid location set but plasmid name missing. Add a plasmid source modifier with the plasmid "
    missing += "name. Use unnamed if the name is not known."
    assert _messages(run(record(SEQ, organism="Bacillus subtilis", location="plasmid"))) == [missing]
    named = record(SEQ, organism="Bacillus subtilis", location="plasmid", plasmid_name="unnamed")
    assert _messages(run(named)) == []
    # A name alone puts the sequence on a plasmid; beside another location it contradicts it.
    assert _messages(run(record(SEQ, organism="Bacillus subtilis", plasmid_name="pX"))) == []
    other = record(SEQ, organism="Homo sapiens", location="mitochondrion", plasmid_name="pX")
    assert _messages(run(other)) == ["Plasmid subsource but not plasmid location"]


def test_genome_of_reads_tbl2asn_location_names() -> None:
    assert genome_of("Mitochondrion", plasmid_named=False) == "mitochondrion"
    assert genome_of("endogenous_virus", plasmid_named=False) == "endogenous-virus"
    assert genome_of("extrachromosomal", plasmid_named=False) == "extrachrom"
    assert genome_of("virion", plasmid_named=False) is None
    assert genome_of("genomic", plasmid_named=True) == "plasmid"
    assert genome_of("chromosome", plasmid_named=True) == "chromosome"


def test_bacterium_on_an_organelle_location() -> None:
    findings = run(record(SEQ, organism="Escherichia Coli", location="mitochondrion"))
    hit = only(findings, "SEQ_DESCR.BioSourceInconsistency")
    assert hit.message == "Bacterial or viral source should not have organelle location"
    assert hit.feature == "BioSrc: Escherichia coli BIOSEQ: lcl|s1"
    assert _messages(run(record(SEQ, organism="Escherichia coli", location="chromosome"))) == []
    assert _messages(run(record(SEQ, organism="Homo sapiens", location="mitochondrion"))) == []


def test_flags_and_values_that_contradict_each_other() -> None:
    both = record(SEQ, organism="Homo sapiens", germline="TRUE", rearranged="TRUE", tissue_type="N/A")
    assert _messages(run(both)) == [
        "Germline and rearranged should not both be present",
        "Subsource name should not be N/A",
    ]
    env = record(SEQ, organism="uncultured bacterium", environmental_sample="TRUE", isolation_source="soil")
    env.modifiers.append(SourceModifier("strain", "K12", SourcePos("t.fsa", 1)))
    hit = only(run(env), "SEQ_DESCR.BioSourceInconsistency")
    assert (hit.message, hit.severity) == (
        "Strain should not be present in an environmental sample",
        Severity.ERROR,
    )


def test_sex_and_mating_type_by_lineage() -> None:
    assert _messages(run(record(SEQ, organism="Escherichia coli", sex="male"))) == [
        "Unexpected use of /sex qualifier"
    ]
    bad = only(run(record(SEQ, organism="Bos taurus", sex="foo")), "SEQ_DESCR.BioSourceInconsistency")
    assert (bad.message, bad.severity) == ("Invalid value (foo) for /sex qualifier", Severity.ERROR)
    assert _messages(run(record(SEQ, organism="Homo sapiens", sex="Female", mating_type="a"))) == [
        "Sex and mating type should not both be present",
        "Unexpected use of /mating_type qualifier",
    ]


def test_a_source_table_organism_is_not_looked_up() -> None:
    rec = record(SEQ)
    rec.modifiers.append(SourceModifier("organism", "Candida albicans", SourcePos("t.src", 2)))
    rrna = feature("rRNA", (1, 300), product="16S ribosomal RNA")
    assert "SEQ_DESCR.WrongOrganismFor16SrRNA" not in codes(run(rec, rrna))
    on_defline = record(SEQ, organism="Candida albicans")
    assert "SEQ_DESCR.WrongOrganismFor16SrRNA" in codes(run(on_defline, rrna))


def test_culture_collection_must_be_structured() -> None:
    hit = only(
        run(record(SEQ, organism="Homo sapiens", culture_collection="ABC 1")), "SEQ_DESCR.UnstructuredVoucher"
    )
    assert (hit.message, hit.severity) == (
        "Culture_collection should be structured, but is not",
        Severity.ERROR,
    )
    ok = record(SEQ, organism="Homo sapiens", culture_collection="ATCC:12345", specimen_voucher="ABC 1")
    assert run(ok) == []


def test_a_source_table_value_is_the_one_judged() -> None:
    rec = record(SEQ, organism="Homo sapiens", country="Narnia")
    rec.modifiers.append(SourceModifier("country", "china", SourcePos("t.src", 2)))
    assert "SEQ_DESCR.BadCountryCode" not in codes(run(rec))


@pytest.mark.parametrize(
    ("organism", "host", "flagged"),
    [
        ("Homo sapiens", "Homo sapiens", True),
        ("Homo sapiens", "homo SAPIENS", True),  # NCBI compares without case
        ("Felis catus", "Homo sapiens", False),
        ("house mouse", "Mus musculus", False),  # tbl2asn keeps 'house mouse' as the taxname
    ],
)
def test_host_identical_to_the_organism(organism: str, host: str, flagged: bool) -> None:
    findings = run(record("ACGT" * 30, organism=organism, host=host))
    assert ("SEQ_DESCR.BadOrgMod" in codes(findings)) is flagged
    if flagged:
        assert only(findings, "SEQ_DESCR.BadOrgMod").message == "Specific host is identical to taxname"


@pytest.mark.parametrize(("value", "found"), [("TRUE", True), ("true", True), ("yes", False), ("1", False)])
def test_focus_without_a_source_feature(value: str, found: bool) -> None:
    findings = run(record(SEQ, organism="Homo sapiens", focus=value))
    hits = [f for f in findings if f.code == "SEQ_DESCR.UnnecessaryBioSourceFocus"]
    assert len(hits) == int(found)
    if found:
        assert hits[0].severity == Severity.ERROR
        assert hits[0].message == "BioSource descriptor has focus, but no BioSource feature"
        assert hits[0].feature == "BioSrc: Homo sapiens BIOSEQ: lcl|s1"


def test_focus_with_a_source_feature_is_left_alone() -> None:
    findings = run(record(SEQ, organism="Homo sapiens", focus="TRUE"), feature("source", (1, 40)))
    assert "SEQ_DESCR.UnnecessaryBioSourceFocus" not in codes(findings)


def test_no_organism_on_a_sequence_with_proteins_is_told_on_its_nuc_prot_set() -> None:
    at = SourcePos("x.tbl", 1)
    table = FeatureTable("c2", at)
    table.extend([feature("CDS", (1, 126), product="kinase")])
    recs = [summary_of(record(SEQ, seq_id="c2", location="plasmid")), summary_of(record(SEQ, seq_id="c3"))]
    context = submission_context(recs, Bundle(fasta=[], tables=[table]), lengths={"c2": 400, "c3": 400})
    findings = [f for f in run_submission_rules(context) if f.code.endswith("NoOrgFound")]
    assert (findings[0].seq_id, findings[0].feature) == ("c2", "BioSrc:  BIOSEQ-SET: nuc-prot: lcl|c2")
