"""InvalidInferenceValue as tbl2asn 25.3 reports it (values checked by hand with tbl2asn)."""

from __future__ import annotations

import pytest

from gbprep.model.diagnostics import Severity
from gbprep.rules.inference import inference_problem

from .helpers import feature, only, record, run


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("ab initio prediction", "bad inference prefix"),
        ("similar to sequence", "bad inference prefix"),
        ("protein motif", "bad inference prefix"),
        ("ab initio prediction:", "bad inference body"),
        ("similar to AA sequence:", "bad inference body"),
        ("similar to AA sequence:P12345", "single inference field"),
        ("ab initio prediction:AUGUSTUS:3.4.0", None),
        ("COORDINATES:ab initio prediction:GeneMarkS-2+", None),
        ("EXISTENCE:similar to AA sequence:RefSeq:NP_000001.1", None),
        ("Ab Initio Prediction:x", None),
        ("ab initio prediction :x", None),
        ("similar to AA sequence (same species):UniProtKB:P1", None),
        ("alignment:x", None),
        ("non-experimental evidence, no additional details recorded", None),
        ("foo", None),  # not an INSDC type at all: the reader's TBL.BadInference
    ],
)
def test_inference_values(value: str, problem: str | None) -> None:
    assert inference_problem(value) == problem


def test_the_finding_names_the_value_and_points_at_the_feature() -> None:
    findings = run(
        record("C" * 60), feature("misc_feature", (1, 60), line=7, inference="ab initio prediction")
    )
    hit = only(findings, "SEQ_FEAT.InvalidInferenceValue")
    assert hit.severity is Severity.WARNING
    assert hit.message == "Inference qualifier problem - bad inference prefix (ab initio prediction)"
    assert hit.pos is not None and hit.pos.line == 7
