"""Runs of N, gaps, terminal Ns, N content and circular topology, with tbl2asn 25.3's messages."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from gbprep.model.diagnostics import Severity, SourcePos
from gbprep.model.records import Gap, LineMap, Qualifier
from gbprep.rules.registry import RuleOptions
from gbprep.rules.sequence import MIN_INTERNAL_RUN, MIN_INTERNAL_RUN_WGS, _long_runs

from .helpers import codes, feature, only, record, run

ACGT = "ACGT" * 25  # 100 bases


def test_internal_run_of_100_ns() -> None:
    rec = record(ACGT[:50] + "N" * 100 + ACGT)
    rec.line_map = LineMap()
    for i in range(0, len(rec.residues), 60):
        rec.line_map.add(i, 2 + i // 60)
    hit = only(run(rec), "SEQ_INST.InternalNsInSeqRaw")
    assert (hit.message, hit.severity) == (
        "Run of 100 Ns in raw sequence starting at base 51",
        Severity.WARNING,
    )
    assert hit.pos is not None and hit.pos.line == 2  # the FASTA line holding base 51
    assert hit.feature == "lcl|s1: raw, dna len= 250"
    assert codes(run(record(ACGT[:50] + "N" * 99 + ACGT))) == []


def test_a_wgs_sequence_reports_runs_from_20_ns() -> None:
    # tbl2asn 25.3: with [tech=wgs] a run of 20 Ns is reported (19 is not), in raw and in delta sequences;
    # other techniques keep the bound of 100.
    raw = only(run(record(ACGT + "N" * 20 + ACGT, tech="wgs")), "SEQ_INST.InternalNsInSeqRaw")
    assert raw.message == "Run of 20 Ns in raw sequence starting at base 101"
    assert codes(run(record(ACGT + "N" * 19 + ACGT, tech="wgs"))) == []
    assert codes(run(record(ACGT + "N" * 50 + ACGT, tech="tsa", moltype="mRNA"))) == []
    rec = record(ACGT + "N" * 30 + ACGT + "N" * 100 + ACGT, tech="wgs")
    rec.gaps = [Gap(offset=230, length=100, unknown_length=True, pos=SourcePos("t.fsa", 9))]
    lit = only(run(rec), "SEQ_INST.InternalNsInSeqLit")
    assert lit.message == "Run of 30 Ns in delta component 1 that starts at base 1"


def test_runs_made_gaps_by_the_gap_option_are_not_internal_runs() -> None:
    # -a r10u: every run of 10 or more Ns is a gap, as tbl2asn 25.3 makes it before it validates.
    rec = record(ACGT[:50] + "N" * 262 + ACGT)
    assert "SEQ_INST.InternalNsInSeqRaw" in codes(run(rec))
    assert "SEQ_INST.InternalNsInSeqRaw" not in codes(run(rec, options=RuleOptions(gap_run=10)))


def test_terminal_ns_are_not_internal_runs() -> None:
    findings = run(record("N" * 120 + ACGT + ACGT + "NNN"))
    assert [f.message for f in findings] == ["N at beginning of sequence", "N at end of sequence"]
    assert {f.code for f in findings} == {"SEQ_INST.TerminalNs"}


def test_runs_between_gaps_and_ns_next_to_a_gap() -> None:
    rec = record(ACGT + "N" * 100 + ACGT + "NN" + "N" * 100 + "NNNNN" + ACGT)
    rec.gaps = [Gap(offset=302, length=100, unknown_length=True, pos=SourcePos("t.fsa", 9))]
    findings = run(rec)
    lit = only(findings, "SEQ_INST.InternalNsInSeqLit")
    assert lit.message == "Run of 100 Ns in delta component 1 that starts at base 1"
    assert lit.feature == "lcl|s1: delta, dna len= 507"
    adjacent = [f.message for f in findings if f.code == "SEQ_INST.InternalNsAdjacentToGap"]
    assert adjacent == [
        "Ambiguous residue N is adjacent to a gap around position 303",
        "Ambiguous residue N is adjacent to a gap around position 403",
    ]
    assert "SEQ_INST.InternalNsInSeqRaw" not in codes(findings)


def test_one_run_per_sequenced_stretch_the_longest() -> None:
    # tbl2asn 25.3 on a stretch holding runs of 100, 150 and 120 Ns: one finding, 'Run of 150 Ns'.
    stretch = ACGT + "N" * 100 + ACGT + "N" * 150 + ACGT + "N" * 120 + ACGT
    rec = record(stretch + "N" * 100 + ACGT)
    rec.gaps = [Gap(offset=len(stretch), length=100, unknown_length=True, pos=SourcePos("t.fsa", 9))]
    hits = [f for f in run(rec) if f.code == "SEQ_INST.InternalNsInSeqLit"]
    assert [h.message for h in hits] == ["Run of 150 Ns in delta component 1 that starts at base 1"]


def test_assembly_gap_features_make_runs_gaps() -> None:
    rec = record(ACGT + "N" * 150 + ACGT)
    gap = feature("assembly_gap", (101, 250), gap_type="within scaffold", linkage_evidence="paired-ends")
    assert "SEQ_INST.InternalNsInSeqRaw" not in codes(run(rec, gap))


def test_high_n_content_above_half() -> None:
    hit = only(run(record(ACGT[:48] + "N" * 51 + "A")), "SEQ_INST.HighNContentPercent")
    assert hit.message == "Sequence contains 51 percent Ns"
    assert codes(run(record(ACGT[:49] + "N" * 50 + "A"))) == []


def test_circular_without_complete() -> None:
    hit = only(run(record(ACGT, topology="circular")), "SEQ_INST.CompleteCircleProblem")
    assert (hit.message, hit.severity) == ("Circular topology without complete flag set", Severity.WARNING)
    assert codes(run(record(ACGT, topology="circular", completeness="complete"))) == []
    assert codes(run(record(ACGT, topology="linear"))) == []


def _gap_messages(
    rec_residues: str, *gap_features: dict[str, str], tech: str = ""
) -> list[tuple[str, Severity]]:
    rec = record(rec_residues, **({"tech": tech} if tech else {}))
    at = [
        i
        for i in range(len(rec_residues))
        if rec_residues.startswith("N" * 100, i) and rec_residues[i - 1] != "N"
    ]
    feats = []
    for start, quals in zip(at, gap_features, strict=True):
        gap = feature("assembly_gap", (start + 1, start + 100))
        gap.qualifiers += [Qualifier(k, v, gap.pos) for k, v in quals.items()]
        feats.append(gap)
    return sorted((f.message, f.severity) for f in run(rec, *feats) if f.code == "SEQ_INST.SeqGapProblem")


def test_gap_type_and_linkage_evidence_must_agree() -> None:
    one = ACGT + "N" * 100 + ACGT
    assert _gap_messages(one, {"gap_type": "within scaffold"}) == [
        ("Seq-gap type == scaffold is missing required linkage evidence", Severity.REJECT)
    ]
    assert _gap_messages(one, {"gap_type": "within scaffold", "linkage_evidence": "paired-ends"}) == []
    assert _gap_messages(one, {"gap_type": "telomere", "linkage_evidence": "map"}) == [
        ("Seq-gap of type 6 should not have linkage evidence", Severity.REJECT)
    ]
    assert _gap_messages(one, {"gap_type": "unknown", "linkage_evidence": "unspecified"}) == [
        ("Single Seq-gap has unknown type and unspecified linkage", Severity.WARNING)
    ]
    two = ACGT + "N" * 100 + ACGT + "N" * 100 + ACGT
    vague = {"gap_type": "unknown", "linkage_evidence": "unspecified"}
    assert _gap_messages(two, vague, vague) == [
        ("All 2 Seq-gaps have unknown type and unspecified linkage", Severity.WARNING)
    ]
    assert _gap_messages(two, vague, {"gap_type": "within scaffold", "linkage_evidence": "map"}) == []


def test_wgs_gaps_need_linkage_evidence() -> None:
    wrong = (
        "WGS submission includes wrong gap type. Gaps for WGS genomes should be Assembly Gaps with linkage "
        "evidence."
    )
    one = ACGT + "N" * 100 + ACGT
    assert _gap_messages(one, {"gap_type": "unknown"}, tech="wgs") == [(wrong, Severity.ERROR)]
    assert _gap_messages(one, {"gap_type": "within scaffold", "linkage_evidence": "map"}, tech="wgs") == []
    rec = record(ACGT + ACGT, tech="wgs")
    rec.gaps = [Gap(100, 100, True, SourcePos("t.fsa", 3))]
    assert [f.message for f in run(rec) if f.code == "SEQ_INST.SeqGapProblem"] == [wrong]


@given(st.text(alphabet="ACN", max_size=300), st.integers(0, 1000), st.integers(0, 1000))
@settings(max_examples=300, deadline=None)
def test_long_runs_are_the_regex_runs_of_100_or_more(residues: str, a: int, b: int) -> None:
    # The substring search must find exactly the maximal runs the plain regular expression finds.
    residues = residues.replace("NN", "N" * 60)  # runs around the 100 bound are then common
    start, end = sorted((len(residues) * a // 1000, len(residues) * b // 1000))
    for shortest in (MIN_INTERNAL_RUN, MIN_INTERNAL_RUN_WGS):
        assert list(_long_runs(residues, start, end, shortest)) == _regex_runs(residues, start, end, shortest)


def _regex_runs(residues: str, start: int, end: int, shortest: int) -> list[tuple[int, int]]:
    return [
        (m.start(), m.end())
        for m in re.compile("N+").finditer(residues, start, end)
        if m.end() - m.start() >= shortest
    ]
