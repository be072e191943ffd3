"""Product rules: missing products, protein names, EC numbers (messages as tbl2asn 25.3 writes them)."""

from __future__ import annotations

import pytest

from gbprep.model.diagnostics import Severity
from gbprep.rules.products import ec_status

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
    ("value", "expected"),
    [
        ("1.1.1.1", None),
        ("1.1.-.-", None),
        ("1.1.1.n5", None),
        ("EC 1.1.1.1", None),
        ("1.2.3", ("SEQ_FEAT.BadEcNumberFormat", "1.2.3 is not in proper EC_number format")),
        ("9.9.9.9", ("SEQ_FEAT.BadEcNumberValue", "9.9.9.9 is not a legal value for qualifier EC_number")),
        ("1.3.99.1", ("SEQ_FEAT.DeletedEcNumber", "EC_number 1.3.99.1 was deleted")),
        ("5.4.2.1", ("SEQ_FEAT.SplitEcNumber", "EC_number 5.4.2.1 was transferred and is no longer valid")),
        ("1.1.1.63", ("SEQ_FEAT.ReplacedEcNumber", "EC_number 1.1.1.63 was replaced by 1.1.1.239")),
    ],
)
def test_ec_number_status(value: str, expected: tuple[str, str] | None) -> None:
    assert ec_status(value) == expected


def test_deleted_ec_number_is_reported_on_the_cds_row() -> None:
    findings = run(record(CDS), feature("CDS", (1, 126), line=9, product="kinase", EC_number="1.3.99.1"))
    hit = only(findings, "SEQ_FEAT.DeletedEcNumber")
    assert (hit.severity, hit.pos.line if hit.pos else 0) == (Severity.WARNING, 9)
