"""SuspiciousFrame and the stop codon under a 3' partial mark, as tbl2asn 25.3 reports them."""

from __future__ import annotations

from gbprep.model.diagnostics import Severity

from .helpers import codes, feature, only, record, run

# ATG AAA ... TAA: a complete 30-base CDS at 11..40 with an AG acceptor before 11 on one copy.
BODY = "ATG" + "AAA" * 8 + "TAA"


def test_codon_start_2_on_a_complete_start_is_an_error_and_no_start_codon_is_read() -> None:
    rec = record("CCCCCCCCCC" + "G" + BODY + "C" * 20)
    findings = run(rec, feature("CDS", (11, 41), codon_start="2", product="p"))
    hit = only(findings, "SEQ_FEAT.SuspiciousFrame")
    assert hit.severity is Severity.ERROR
    assert hit.message == "Suspicious CDS location - frame > 1 but not 5' partial"
    # read from base 2 the first codon is an ordinary one: no illegal start, no gap symbol in the protein
    assert "SEQ_FEAT.StartCodon" not in codes(findings)
    assert "SEQ_INST.BadProteinStart" not in codes(findings)


def test_codon_start_2_on_a_partial_start_inside_the_sequence_warns_unless_after_an_acceptor() -> None:
    bad = run(
        record("CCCCCCCCCC" + "G" + BODY + "C" * 20), feature("CDS", (11, 41), partial5=True, codon_start="2")
    )
    hit = only(bad, "SEQ_FEAT.SuspiciousFrame")
    assert (hit.severity, hit.message) == (
        Severity.WARNING,
        "Suspicious CDS location - frame > 1 and not at consensus splice site",
    )
    good = run(
        record("CCCCCCCCAG" + "G" + BODY + "C" * 20), feature("CDS", (11, 41), partial5=True, codon_start="2")
    )
    assert "SEQ_FEAT.SuspiciousFrame" not in codes(good)
    at_end = run(record("G" + BODY + "C" * 20), feature("CDS", (1, 31), partial5=True, codon_start="2"))
    assert "SEQ_FEAT.SuspiciousFrame" not in codes(at_end)


def test_a_stop_codon_under_a_3_prime_partial_mark_is_an_error() -> None:
    findings = run(record("C" * 10 + BODY + "C" * 20), feature("CDS", (11, 40), partial3=True, product="p"))
    messages = [(f.severity, f.message) for f in findings if f.code == "SEQ_FEAT.PartialProblem"]
    assert (Severity.ERROR, "Got stop codon, but 3'end is labeled partial") in messages
    without_stop = "ATG" + "AAA" * 9
    clean = run(
        record("C" * 10 + without_stop + "C" * 20), feature("CDS", (11, 40), partial3=True, product="p")
    )
    assert "Got stop codon" not in " ".join(f.message for f in clean)


def test_frame_warning_not_next_to_an_n() -> None:
    # tbl2asn (PartialAtGapOrNs) takes an N just before the partial start as explaining the frame
    residues = "C" * 48 + "CN" + "ATGAAATTTGGGTAA" * 4
    cds = feature("CDS", (51, 110), partial5=True, codon_start="2")
    assert "SEQ_FEAT.SuspiciousFrame" not in [f.code for f in run(record(residues), cds)]
    residues = "C" * 48 + "CC" + "ATGAAATTTGGGTAA" * 4
    assert "SEQ_FEAT.SuspiciousFrame" in [f.code for f in run(record(residues), cds)]
