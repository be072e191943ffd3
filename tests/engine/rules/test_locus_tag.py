"""locus_tag rules: equal to the gene symbol, spaces, registered prefix, collisions across sequences."""

from __future__ import annotations

from gbprep.model.bundle import Bundle
from gbprep.model.diagnostics import Severity, SourcePos
from gbprep.model.records import Feature, FeatureTable
from gbprep.rules import RuleOptions
from gbprep.rules.registry import profile
from gbprep.rules.runner import run_submission_rules, submission_context, summary_of

from .helpers import TBL, feature, only, record, run

SEQ = "ACGT" * 100


def test_gene_symbol_equal_to_locus_tag() -> None:
    findings = run(record(SEQ), feature("gene", (1, 90), line=6, gene="test_5", locus_tag="test_5"))
    hit = only(findings, "SEQ_FEAT.LocusTagProblem")
    assert (hit.severity, hit.message, hit.pos.line if hit.pos else 0) == (
        Severity.ERROR,
        "Gene locus and locus_tag 'test_5' match",
        6,
    )


def test_locus_tag_with_space_is_a_warning() -> None:
    hit = only(run(record(SEQ), feature("gene", (1, 90), locus_tag="ABC 3")), "SEQ_FEAT.LocusTagProblem")
    assert (hit.severity, hit.message) == (
        Severity.WARNING,
        "Gene locus_tag 'ABC 3' should be a single word without any spaces",
    )


def test_unregistered_prefix_only_when_prefixes_are_given() -> None:
    gene = feature("gene", (1, 90), locus_tag="XYZ_00010")
    assert run(record(SEQ), gene) == []
    options = profile("genome", locus_tag_prefixes={"ABC"})
    hit = only(run(record(SEQ), gene, options=options), "SEQ_FEAT.LocusTagProblem")
    assert "registered to this submission (ABC)" in hit.message
    assert hit.severity is Severity.ERROR
    assert run(record(SEQ), feature("gene", (1, 90), locus_tag="ABC_00010"), options=options) == []


def _table(seq_id: str, *features: Feature) -> FeatureTable:
    return FeatureTable(seq_id, SourcePos(TBL, 1), features=features)


def test_colliding_locus_tags_across_sequences() -> None:
    a = feature("gene", (1, 90), line=2, seq_id="c1", locus_tag="ABC_1")
    b = feature("gene", (1, 90), line=9, seq_id="c2", locus_tag="abc_1")
    bundle = Bundle(fasta=[], tables=[_table("c1", a), _table("c2", b)])
    recs = [
        summary_of(record(SEQ, seq_id="c1", organism="x")),
        summary_of(record(SEQ, seq_id="c2", organism="x")),
    ]
    findings = run_submission_rules(submission_context(recs, bundle, RuleOptions()))
    hit = only(findings, "SEQ_FEAT.CollidingLocusTags")
    assert (hit.pos.line if hit.pos else 0, hit.seq_id) == (9, "c2")
    assert hit.message.startswith("Colliding locus_tags in gene features")
