"""EC number rules: a CDS's numbers as tbl2asn validates them after its cleanup, other features' as written
(messages and levels as tbl2asn 25.3 writes them, each checked by running it)."""

from __future__ import annotations

import pytest

from gbprep.model.diagnostics import Severity
from gbprep.rules.enzyme_numbers import EcStatus, ec_status

from .helpers import codes, feature, only, record, run

CDS = "ATG" + "GCT" * 40 + "TAA"  # 126 bases, translates cleanly
_PRELIMINARY = "1.1.1.n99 is not a legal preliminary value for qualifier EC_number"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.1.1.1", None),
        ("1.1.-.-", None),
        ("1.1.1.n5", None),
        ("1.1.1.n", None),  # NCBI lists '1.1.1.n' beside '1.1.1.-'
        ("EC 1.1.1.1", None),
        ("1.1.1.63", None),  # cleanup makes it 1.1.1.239 (tbl2asn's .ecn says so), which is valid
        ("1.1.1.n1", None),  # likewise 1.1.1.305
        ("1.2.3", EcStatus("SEQ_FEAT.BadEcNumberFormat", "1.2.3 is not in proper EC_number format")),
        (
            "9.9.9.9",
            EcStatus("SEQ_FEAT.BadEcNumberValue", "9.9.9.9 is not a legal value for qualifier EC_number"),
        ),
        ("1.1.1.n99", EcStatus("SEQ_FEAT.BadEcNumberValue", _PRELIMINARY, Severity.INFO)),
        ("1.3.99.1", EcStatus("SEQ_FEAT.DeletedEcNumber", "EC_number 1.3.99.1 was deleted")),
        (
            "5.4.2.1",
            EcStatus("SEQ_FEAT.SplitEcNumber", "EC_number 5.4.2.1 was transferred and is no longer valid"),
        ),
    ],
)
def test_protein_ec_number_status(value: str, expected: EcStatus | None) -> None:
    assert ec_status(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.1.1.1", None),
        ("1.1.1.63", EcStatus("SEQ_FEAT.ReplacedEcNumber", "EC_number 1.1.1.63 was replaced")),
        ("EC 1.1.1.63", EcStatus("SEQ_FEAT.ReplacedEcNumber", "EC_number 1.1.1.63 was replaced")),
        ("5.4.2.1", EcStatus("SEQ_FEAT.SplitEcNumber", "EC_number 5.4.2.1 was replaced")),
        (
            "1.1.1.n99",
            EcStatus("SEQ_FEAT.BadEcNumberValue", "1.1.1.n99 is not a legal value for qualifier EC_number"),
        ),
    ],
)
def test_qualifier_ec_number_status(value: str, expected: EcStatus | None) -> None:
    assert ec_status(value, on_protein=False) == expected


def test_deleted_ec_number_is_reported_on_the_cds_row() -> None:
    findings = run(record(CDS), feature("CDS", (1, 126), line=9, product="kinase", EC_number="1.3.99.1"))
    hit = only(findings, "SEQ_FEAT.DeletedEcNumber")
    assert (hit.severity, hit.pos.line if hit.pos else 0) == (Severity.WARNING, 9)


def test_a_cdss_replaced_number_is_not_reported() -> None:
    findings = run(record(CDS), feature("CDS", (1, 126), product="kinase", EC_number="1.1.1.n1"))
    assert not [f for f in findings if "EcNumber" in f.code]


def test_an_unknown_preliminary_number_on_a_protein_is_a_note() -> None:
    findings = run(record(CDS), feature("CDS", (1, 126), product="kinase", EC_number="1.1.1.n99"))
    hit = only(findings, "SEQ_FEAT.BadEcNumberValue")
    assert (hit.severity, hit.message) == (Severity.INFO, _PRELIMINARY)


def test_an_exons_replaced_number_is_reported_on_the_exon() -> None:
    exon = feature("exon", (100, 60), line=7, EC_number="1.1.1.63")
    hit = only(run(record(CDS), exon), "SEQ_FEAT.ReplacedEcNumber")
    assert (hit.severity, hit.message, hit.pos.line if hit.pos else 0) == (
        Severity.WARNING,
        "EC_number 1.1.1.63 was replaced",
        7,
    )
    assert hit.feature == "exon: /EC_number=1.1.1.63 [lcl|s1:c100-60] [lcl|s1: raw, dna len= 126]"


def test_an_exons_deleted_and_unknown_numbers_are_reported() -> None:
    deleted = feature("exon", (1, 40), EC_number="1.3.99.1")
    unknown = feature("exon", (41, 80), EC_number="9.9.9.9")
    assert codes(run(record(CDS), deleted, unknown)) == [
        "SEQ_FEAT.BadEcNumberValue",
        "SEQ_FEAT.DeletedEcNumber",
    ]


def test_a_nucleotide_mat_peptides_number_is_not_checked() -> None:
    # tbl2asn drops a nucleotide mat_peptide's /EC_number; it has nothing to validate.
    peptide = feature("mat_peptide", (1, 60), product="peptide A", EC_number="1.1.1.63")
    assert "SEQ_FEAT.ReplacedEcNumber" not in codes(run(record(CDS), peptide))
