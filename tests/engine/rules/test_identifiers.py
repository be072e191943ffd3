"""Identifier rules: a protein_id or transcript_id names one product sequence in the whole submission."""

from __future__ import annotations

from gbprep.model.bundle import Bundle
from gbprep.model.diagnostics import Finding, Severity, SourcePos
from gbprep.model.records import Feature, FeatureTable
from gbprep.rules.runner import run_submission_rules, submission_context, summary_of

from .helpers import TBL, codes, feature, only, record

SEQ = "ACGT" * 100


def _check(*tables: tuple[str, list[Feature]]) -> list[Finding]:
    bundle = Bundle(fasta=[], tables=[FeatureTable(s, SourcePos(TBL, 1), features=f) for s, f in tables])
    recs = [summary_of(record(SEQ, seq_id=s, organism="x")) for s, _ in tables]
    return run_submission_rules(submission_context(recs, bundle))


def test_one_protein_id_on_two_cds_across_sequences() -> None:
    a = feature("CDS", (1, 90), line=3, seq_id="c1", product="kinase", protein_id="gnl|abc|p1")
    b = feature("CDS", (1, 90), line=7, seq_id="c2", product="kinase", protein_id="gnl|abc|p1")
    findings = _check(("c1", [a]), ("c2", [b]))
    hit = only(findings, "SEQ_FEAT.MultipleCDSproducts")
    assert (hit.severity, hit.pos.line if hit.pos else 0) == (Severity.REJECT, 7)
    assert hit.message.startswith("Same product Bioseq from multiple CDS features")
    assert "SEQ_INST.IdOnMultipleBioseqs" not in codes(findings)


def test_transcript_id_equal_to_protein_id() -> None:
    mrna = feature("mRNA", (1, 90), line=2, seq_id="c1", product="kinase", transcript_id="gnl|abc|p3")
    cds = feature("CDS", (1, 90), line=6, seq_id="c1", product="kinase", protein_id="gnl|abc|p3")
    hit = only(_check(("c1", [mrna, cds])), "SEQ_INST.IdOnMultipleBioseqs")
    assert hit.message == "SeqID gnl|abc|p3 is present on multiple Bioseqs in record"
    assert hit.pos is not None and hit.pos.line == 6


def test_distinct_ids_are_fine() -> None:
    mrna = feature("mRNA", (1, 90), seq_id="c1", product="kinase", transcript_id="gnl|abc|t1")
    cds = feature(
        "CDS", (1, 90), seq_id="c1", product="kinase", protein_id="gnl|abc|p1", transcript_id="gnl|abc|t1"
    )
    assert _check(("c1", [mrna, cds])) == []


def test_protein_id_equal_to_a_nucleotide_seq_id() -> None:
    cds = feature("CDS", (1, 90), seq_id="c1", product="kinase", protein_id="c2")
    assert "SEQ_INST.IdOnMultipleBioseqs" in codes(_check(("c1", [cds]), ("c2", [])))


def _locus_tag_findings(tech: dict[str, str], *tables: tuple[str, list[Feature]]) -> list[str]:
    bundle = Bundle(fasta=[], tables=[FeatureTable(s, SourcePos(TBL, 1), features=f) for s, f in tables])
    recs = [
        summary_of(record(SEQ, seq_id=s, organism="x", **({"tech": tech[s]} if s in tech else {})))
        for s, _ in tables
    ]
    found = run_submission_rules(submission_context(recs, bundle))
    return sorted(f.feature or "" for f in found if f.code == "SEQ_FEAT.MissingGeneLocusTag")


def test_genes_on_wgs_sequences_need_locus_tags_once_any_gene_has_one() -> None:
    tagged = feature("gene", (1, 90), seq_id="w1", locus_tag="ABC_1")
    bare_w1 = feature("gene", (101, 190), seq_id="w1", gene="abcD")
    bare_w2 = feature("gene", (1, 90), seq_id="w2", gene="abcE")
    bare_n1 = feature("gene", (1, 90), seq_id="n1", gene="abcF")
    tables = (("w1", [tagged, bare_w1]), ("w2", [bare_w2]), ("n1", [bare_n1]))
    found = _locus_tag_findings({"w1": "wgs", "w2": "WGS"}, *tables)
    assert [text.split(" [")[0] for text in found] == ["Gene: abcD", "Gene: abcE"]
    assert _locus_tag_findings({}, *tables) == []  # no WGS sequence
    assert _locus_tag_findings({"w2": "wgs"}, ("w2", [bare_w2])) == []  # no gene has a locus_tag


def test_a_gene_row_with_nothing_under_it_is_dropped_so_not_reported() -> None:
    tagged = feature("gene", (1, 90), seq_id="w1", locus_tag="ABC_1")
    empty = feature("gene", (101, 190), seq_id="w1")
    assert _locus_tag_findings({"w1": "wgs"}, ("w1", [tagged, empty])) == []
