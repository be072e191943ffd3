"""Every real submission in the shared corpus reads without an exception and without a false reading error.

A runnable case is a folder with ``input/`` (and NCBI tbl2asn's ``expected/`` beside it); it is checked as
tbl2asn was run: every file in ``input/``, with ``templates/default.sbt`` when the case has no ``.sbt``.
Validator rules' findings (NCBI codes, compared in test_conformance_val.py) are set aside here; every other
ERROR or REJECT is a reading finding, and tbl2asn has one channel for those: ``[tbl2asn] ERROR: ... relative line N`` on stderr (its ``.val`` holds validator
findings, which the reader does not make). So our ERROR/REJECT findings must be exactly tbl2asn's reading
errors, at the same lines. The "relative line" tbl2asn prints is the file line plus one for every
``>Feature`` block before the current one (see the corpus README).

``-s`` prints one table row per case: our finding counts beside tbl2asn's.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from gbprep.job.check import CheckResult, check_files
from gbprep.model.bundle import InputFile
from gbprep.model.diagnostics import Finding, Report, Severity
from gbprep.readers.asn1text import read_asn1
from gbprep.readers.feature_table import read_feature_table
from gbprep.rules import RULES
from tests.shared_data import CORPUS, requires_corpus

pytestmark = [requires_corpus, pytest.mark.corpus]

_RELATIVE = re.compile(r"relative line (\d+)")
_VAL_LINE = re.compile(r"^(NOTE|INFO|WARNING|ERROR|REJECT|FATAL): valid \[")


def _runnable() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted([*CORPUS.glob("*/input"), *CORPUS.glob("gbk/*/input")])


def _case_name(input_dir: Path) -> str:
    return str(input_dir.parent.relative_to(CORPUS))


@dataclass(frozen=True)
class Outcome:
    result: CheckResult
    seconds: float
    inputs: tuple[InputFile, ...]


@cache
def _check(input_dir: Path) -> Outcome:
    files = sorted(p for p in input_dir.iterdir() if p.is_file())
    if not any(p.suffix == ".sbt" for p in files):
        files.append(CORPUS / "templates" / "default.sbt")
    inputs = tuple(InputFile(p, p.name) for p in files)
    started = time.perf_counter()
    result = check_files(inputs)
    return Outcome(result, time.perf_counter() - started, inputs)


def _tbl2asn_errors(expected: Path) -> list[str]:
    stderr = expected / "tbl2asn.stderr"
    if not stderr.is_file():
        return []
    return [line for line in stderr.read_text(errors="replace").splitlines() if "ERROR" in line]


def _val_counts(expected: Path) -> Counter[str] | None:
    """Lines per severity in tbl2asn's .val files; None when it wrote none (it crashed on sqd-2042)."""
    if not any(v.name != "errorsummary.val" for v in expected.glob("*.val")):
        return None
    counts: Counter[str] = Counter()
    for val in expected.glob("*.val"):
        if val.name == "errorsummary.val":
            continue
        for line in val.read_text(errors="replace").splitlines():
            match = _VAL_LINE.match(line)
            if match:
                counts[match.group(1)] += 1
    return counts


def _relative_line(path: Path, line: int) -> int:
    """tbl2asn's "relative line" for a line of a feature table."""
    blocks = 0
    with path.open(errors="replace") as handle:
        for number, text in enumerate(handle, start=1):
            if number > line:
                break
            if text.lstrip().lower().startswith(">feature"):
                blocks += 1
    return line + max(blocks - 1, 0)


def _serious(report: Report) -> list[Finding]:
    """Reading findings of ERROR or worse (validator rules' codes are judged by the .val conformance test)."""
    return [f for f in report if f.severity >= Severity.ERROR and f.code not in RULES]


@pytest.mark.parametrize("input_dir", _runnable(), ids=_case_name)
def test_case_reads_without_false_errors(input_dir: Path) -> None:
    outcome = _check(input_dir)  # an exception here fails the case
    report = outcome.result.report
    ours = _serious(report)
    theirs = _tbl2asn_errors(input_dir.parent / "expected")
    assert len(ours) == len(theirs), (
        f"our ERROR/REJECT findings {[f.render() for f in ours]} vs tbl2asn's reading errors {theirs}"
    )
    by_name = {i.name: i.path for i in outcome.inputs}
    our_lines = []
    for finding in ours:
        assert finding.pos is not None, finding.render()
        assert finding.pos.file.endswith(".tbl"), finding.render()  # tbl2asn only complains about tables
        our_lines.append(_relative_line(by_name[finding.pos.file], finding.pos.line))
    their_lines = [int(m.group(1)) for line in theirs if (m := _RELATIVE.search(line))]
    assert sorted(our_lines) == sorted(their_lines)
    assert outcome.result.stats["sequences"] > 0
    assert not [f for f in report if f.code in ("READ.ReaderFailure", "FASTA.ReaderFailure", "TBL.ReaderBug")]


def test_corpus_table(capsys: pytest.CaptureFixture[str]) -> None:
    """The per-case table (shown with -s); also proves every runnable case was found."""
    cases = _runnable()
    assert len(cases) >= 25
    header = (
        f"{'case':34} {'seqs':>5} {'bp':>10} {'feats':>6} {'INFO':>5} {'WARN':>5} {'ERR':>4} {'REJ':>4} "
        f"{'t2a-err':>7} {'val E/W/N':>13} {'sec':>5}  top codes"
    )
    rows = [header, "-" * len(header)]
    totals: Counter[str] = Counter()
    for input_dir in cases:
        outcome = _check(input_dir)
        report, stats = outcome.result.report, outcome.result.stats
        summary = report.summary()
        totals.update(summary)
        val = _val_counts(input_dir.parent / "expected")
        val_text = (
            "-"
            if val is None
            else f"{val['ERROR'] + val['REJECT']}/{val['WARNING']}/{val['NOTE'] + val['INFO']}"
        )
        top = ", ".join(f"{c}x{n}" for c, n in report.codes().most_common(3))
        rows.append(
            f"{_case_name(input_dir):34} {stats['sequences']:>5} {stats['residues']:>10,} "
            f"{stats['features']:>6} {summary['INFO']:>5} {summary['WARNING']:>5} {summary['ERROR']:>4} "
            f"{summary['REJECT']:>4} {len(_tbl2asn_errors(input_dir.parent / 'expected')):>7} {val_text:>13} "
            f"{outcome.seconds:>5.2f}  {top}"
        )
    rows.append(f"{len(cases)} cases; findings in all: {dict(totals)}")
    with capsys.disabled():
        print("\n" + "\n".join(rows))


def _parse_only(suffix: str) -> list[Path]:
    return sorted((CORPUS / "parse-only").rglob(f"*{suffix}")) if CORPUS.is_dir() else []


def _short(path: Path) -> str:
    return str(path.relative_to(CORPUS / "parse-only"))


@pytest.mark.parametrize("path", _parse_only(".tbl"), ids=_short)
def test_parse_only_table_reads(path: Path) -> None:
    report = Report()
    tables = list(read_feature_table(path, report))
    assert not [f for f in report if f.code == "TBL.ReaderBug"], [f.render() for f in report]
    assert tables or report.findings


def test_parse_only_gff3_and_asn_do_not_crash() -> None:
    gff3 = _parse_only(".gff3")
    asn = _parse_only(".asn")
    assert len(gff3) >= 40
    assert len(asn) >= 40
    for path in gff3:  # NCBI's GFF3 reader tests: findings allowed, a reader crash never
        result = check_files([InputFile(path, path.name)])
        assert "READ.ReaderFailure" not in {f.code for f in result.report}, path
    for path in asn:  # NCBI's expected Seq-annots: real ASN.1 text for the ASN.1 reader under the template
        report = Report()
        values = read_asn1(path, report)
        if path.stat().st_size == 0:  # NCBI expects no annotation from some inputs
            assert [f.code for f in report] == ["READ.EmptyFile"]
            continue
        assert values, [f.render() for f in report][:5]
        assert not _serious(report), (path, [f.render() for f in report][:5])
