"""The validator rules against tbl2asn 25.3 on every corpus case: same (severity, code) multiset?

For each runnable case the inputs are read as the pipeline reads them, ``-j`` source modifiers from
``case.conf`` are applied, the registered rules run per record, and the (severity, code) counts are compared
with the case's ``expected/*.val`` restricted to the codes the rules implement. ``-s`` prints a per-case
table and the recall/precision per severity over the whole corpus.

The issue's targets are asserted over the implemented codes: ERROR recall and precision >= 95%, WARNING
>= 85%. The whole-corpus agreement over every code tbl2asn wrote (implemented or not) is printed beside it, so
the gap still to close is visible in every run.
"""

from __future__ import annotations

import itertools
import re
import shlex
from collections import Counter
from pathlib import Path

from gbprep.job.inputs import read_side_files, sequences
from gbprep.model.bundle import InputFile
from gbprep.model.diagnostics import Report, Severity, SourcePos
from gbprep.model.records import SourceModifier
from gbprep.model.seqids import seq_id_keys
from gbprep.readers.textio import DEFAULT_LIMITS
from gbprep.rules import RULES, record_context, run_record_rules
from gbprep.rules.runner import run_submission_rules, submission_context, summary_of
from gbprep.writers.val import read_val
from tests.shared_data import CORPUS, requires_corpus

Counts = Counter[tuple[Severity, str]]

# The targets per severity (recall and precision), over the codes the rules implement.
TARGETS = {Severity.ERROR: 0.95, Severity.WARNING: 0.85}

_MODIFIER = re.compile(r"\[\s*([^=\]]+?)\s*=\s*([^\]]*?)\s*\]")


def _cases() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(
        p.parent
        for p in CORPUS.rglob("case.conf")
        if (p.parent / "input").is_dir() and any((p.parent / "expected").glob("*.val"))
    )


def _j_modifiers(case: Path) -> list[SourceModifier]:
    conf = (case / "case.conf").read_text()
    match = re.search(r"ARGS=\((.*)\)", conf)
    args = shlex.split(match.group(1)) if match else []
    pos = SourcePos("case.conf", 1)
    mods: list[SourceModifier] = []
    for flag, value in itertools.pairwise(args):
        if flag == "-j":
            mods += [SourceModifier(k, v, pos) for k, v in _MODIFIER.findall(value)]
    return mods


def _ours(case: Path) -> Counts:
    report = Report()
    # tbl2asn reads a GFF3 only when asked (-f); the corpus keeps GFF3 beside the .tbl for the GFF3 path.
    inputs = [
        InputFile(p, p.name)
        for p in sorted((case / "input").iterdir())
        if p.is_file() and p.suffix not in {".gff3", ".gff", ".gtf"}
    ]
    bundle = read_side_files(inputs, report, DEFAULT_LIMITS)
    by_key = bundle.features_by_key()
    extra = _j_modifiers(case)
    counts: Counts = Counter()
    summaries = []
    lengths: dict[str, int] = {}
    for _item, rec in sequences(bundle, report, DEFAULT_LIMITS):
        tables = {id(t): t for key in seq_id_keys(rec.seq_id) for t in by_key.get(key, ())}
        ctx = record_context(rec, tables.values(), bundle, extra_modifiers=extra)
        counts.update((f.severity, f.code) for f in run_record_rules(ctx) if f.code in RULES)
        summaries.append(summary_of(rec, ctx.modifiers[len(rec.modifiers) :]))
        lengths[rec.seq_id] = len(rec)
    whole = submission_context(summaries, bundle, lengths=lengths)
    counts.update((f.severity, f.code) for f in run_submission_rules(whole) if f.code in RULES)
    return counts


def _theirs_all(case: Path) -> Counts:
    counts: Counts = Counter()
    for val in sorted((case / "expected").glob("*.val")):
        if val.name != "errorsummary.val":
            counts.update(read_val(val))
    return counts


def _theirs(case: Path) -> Counts:
    return Counter({key: n for key, n in _theirs_all(case).items() if key[1] in RULES})


def _rates(expected: Counts, found: Counts, sev: Severity) -> tuple[int, int, int]:
    exp = sum(n for (s, _c), n in expected.items() if s is sev)
    got = sum(n for (s, _c), n in found.items() if s is sev)
    hit = sum(n for (s, _c), n in (expected & found).items() if s is sev)
    return exp, got, hit


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "-"


@requires_corpus
def test_rules_agree_with_tbl2asn_val() -> None:
    rows = []
    total_expected: Counts = Counter()
    total_found: Counts = Counter()
    total_all: Counts = Counter()
    for case in _cases():
        everything = _theirs_all(case)
        expected = Counter({key: n for key, n in everything.items() if key[1] in RULES})
        found = _ours(case)
        total_all += everything
        total_expected += expected
        total_found += found
        matched = expected & found
        name = str(case.relative_to(CORPUS))
        rows.append(
            f"{name:<38} {sum(expected.values()):>6} {sum(found.values()):>6} {sum(matched.values()):>6}"
        )
        for (sev, code), n in sorted((expected - found).items()):
            rows.append(f"    missed {n:>4} {sev.name:<7} {code}")
        for (sev, code), n in sorted((found - expected).items()):
            rows.append(f"    extra  {n:>4} {sev.name:<7} {code}")
    print(f"\n{'case':<38} {'tbl2asn':>6} {'ours':>6} {'match':>6}")
    print("\n".join(rows))
    header = f"{'severity':<10} {'tbl2asn':>7} {'ours':>6} {'match':>6} {'recall':>7} {'precision':>9}"
    failures = []
    for title, expected_set in (
        ("implemented codes", total_expected),
        ("every code tbl2asn wrote", total_all),
    ):
        print(f"\nover {title}:\n{header}")
        for sev in sorted(Severity, reverse=True):
            exp, got, hit = _rates(expected_set, total_found, sev)
            print(f"{sev.name:<10} {exp:>7} {got:>6} {hit:>6} {_pct(hit, exp):>7} {_pct(hit, got):>9}")
            target = TARGETS.get(sev)
            if expected_set is total_expected and target is not None:
                if exp and hit / exp < target:
                    failures.append(f"{sev.name} recall {hit / exp:.1%} < {target:.0%}")
                if got and hit / got < target:
                    failures.append(f"{sev.name} precision {hit / got:.1%} < {target:.0%}")
    assert not failures, "; ".join(failures)
