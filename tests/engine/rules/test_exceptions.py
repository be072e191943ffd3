"""Exception rules: explanations GenBank does not know, and explanations a clean translation does not need."""

from __future__ import annotations

from gbprep.model.diagnostics import Severity

from .helpers import codes, feature, only, record, run

CDS = "ATG" + "GCT" * 40 + "TAA"  # 126 bases, translates cleanly
BROKEN = "ATG" + "GCT" * 20 + "TAA" + "GCT" * 19 + "TAA"  # an internal stop


def test_unknown_explanation_is_an_error() -> None:
    findings = run(record(CDS), feature("CDS", (1, 126), product="kinase", exception="bogus exception"))
    hit = only(findings, "SEQ_FEAT.ExceptionProblem")
    assert (hit.severity, hit.message) == (
        Severity.ERROR,
        "bogus exception is not a legal exception explanation",
    )
    assert hit.feature is not None and hit.feature.endswith("-> [lcl|s1_1]")


def test_each_comma_separated_part_is_checked() -> None:
    cds = feature("CDS", (1, 126), product="kinase", exception="low-quality sequence region, nonsense")
    assert only(run(record(CDS), cds), "SEQ_FEAT.ExceptionProblem").message == (
        "nonsense is not a legal exception explanation"
    )


def test_explanation_repeated_in_the_note() -> None:
    feat = feature(
        "misc_feature",
        (1, 50),
        exception="low-quality sequence region",
        note="see low-quality sequence region",
    )
    hit = only(run(record(CDS), feat), "SEQ_FEAT.ExceptionProblem")
    assert (hit.severity, hit.message) == (
        Severity.WARNING,
        "Exception explanation text is also found in feature comment",
    )
    # A note that is only the explanation is dropped by cleanup; ribosomal slippage may be named in a note.
    same = feature(
        "CDS", (1, 126), product="kinase", exception="ribosomal slippage", note="ribosomal slippage"
    )
    slip = feature(
        "CDS", (1, 126), product="kinase", exception="ribosomal slippage", note="by ribosomal slippage"
    )
    assert "SEQ_FEAT.ExceptionProblem" not in codes(run(record(CDS), same))
    assert "SEQ_FEAT.ExceptionProblem" not in codes(run(record(CDS), slip))


def test_rna_editing_on_a_clean_translation_is_unnecessary() -> None:
    findings = run(record(CDS), feature("CDS", (1, 126), product="kinase", exception="RNA editing"))
    hit = only(findings, "SEQ_FEAT.UnnecessaryException")
    assert (hit.severity, hit.message) == (Severity.WARNING, "CDS has exception but passes translation test")
    assert "SEQ_FEAT.ExceptionProblem" not in codes(findings)


def test_rna_editing_that_explains_a_stop_is_needed() -> None:
    findings = run(record(BROKEN), feature("CDS", (1, 126), product="kinase", exception="RNA editing"))
    assert "SEQ_FEAT.UnnecessaryException" not in codes(findings)
    assert "SEQ_FEAT.InternalStop" not in codes(findings)


def test_explanations_that_do_not_excuse_the_translation() -> None:
    for text in ("ribosomal slippage", "low-quality sequence region", "rearrangement required for product"):
        findings = run(record(CDS), feature("CDS", (1, 126), product="kinase", exception=text))
        assert "SEQ_FEAT.UnnecessaryException" not in codes(findings), text


def test_no_protein_is_not_reported_under_an_excusing_exception() -> None:
    findings = run(record(CDS), feature("CDS", (1, 126), protein_id="gnl|X|p1", exception="RNA editing"))
    assert "SEQ_FEAT.NoProtein" not in codes(findings)
    assert "SEQ_FEAT.MissingCDSproduct" in codes(findings)
    assert "SEQ_FEAT.UnnecessaryException" not in codes(findings)  # no protein: not a clean translation


def test_a_suspicious_frame_makes_the_exception_necessary() -> None:
    seq = "GG" + "GCT" * 40 + "TAA" + "GGGG"
    cds = feature("CDS", (2, 125), partial5=True, product="kinase", codon_start="2", exception="RNA editing")
    assert "SEQ_FEAT.UnnecessaryException" not in codes(run(record(seq), cds))
