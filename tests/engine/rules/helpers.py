"""Tiny in-memory submissions for rule tests: one sequence, a few features, positions in a pretend .tbl."""

from __future__ import annotations

from gbprep.model.bundle import Bundle
from gbprep.model.diagnostics import Finding, Severity, SourcePos
from gbprep.model.records import Feature, Interval, ProteinRecord, Qualifier, SequenceRecord, SourceModifier
from gbprep.rules import RuleOptions, record_context, run_record_rules

TBL = "t.tbl"


def record(residues: str, seq_id: str = "s1", **modifiers: str) -> SequenceRecord:
    pos = SourcePos("t.fsa", 1)
    mods = [SourceModifier(name, value, pos) for name, value in modifiers.items()]
    return SequenceRecord(seq_id=seq_id, title="", pos=pos, residues=residues, modifiers=mods)


def feature(
    key: str,
    *rows: tuple[int, int],
    line: int = 2,
    partial5: bool = False,
    partial3: bool = False,
    seq_id: str = "s1",
    **quals: str,
) -> Feature:
    intervals = []
    for i, (start, stop) in enumerate(rows):
        intervals.append(
            Interval(
                start,
                stop,
                SourcePos(TBL, line + i),
                partial_start=partial5 and i == 0,
                partial_stop=partial3 and i == len(rows) - 1,
            )
        )
    qualifiers = [Qualifier(k, v or None, SourcePos(TBL, line + len(rows))) for k, v in quals.items()]
    return Feature(
        key=key, seq_id=seq_id, pos=SourcePos(TBL, line), intervals=intervals, qualifiers=qualifiers
    )


def run(
    rec: SequenceRecord,
    *features: Feature,
    proteins: list[ProteinRecord] | None = None,
    options: RuleOptions | None = None,
) -> list[Finding]:
    bundle = Bundle(fasta=[], proteins=proteins or [])
    return run_record_rules(record_context(rec, [list(features)], bundle, options))


def codes(findings: list[Finding]) -> list[str]:
    return sorted(f.code for f in findings)


def only(findings: list[Finding], code: str) -> Finding:
    chosen = [f for f in findings if f.code == code]
    assert len(chosen) == 1, [f.render() for f in findings]
    return chosen[0]


def protein(seq_id: str, residues: str) -> ProteinRecord:
    return ProteinRecord(seq_id=seq_id, title="", pos=SourcePos("t.pep", 1), residues=residues)


__all__ = ["TBL", "Severity", "codes", "feature", "only", "protein", "record", "run"]
