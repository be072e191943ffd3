"""The discrepancy report against tbl2asn 25.3 on every corpus case: same summary lines?

For each runnable case (``input/`` and ``expected/discrep.txt``) the inputs are read as the pipeline reads
them, the case's ``case.conf`` arguments become ``DiscrepancyOptions`` (``-j`` source modifiers, ``-X E``,
``-M n``, ``-y``), every record is collected and the report finished. Its top-level summary lines (test name
and count, e.g. ``MISSING_PROTEIN_ID:1 proteins have invalid IDs.``) are compared as multisets with those of
``expected/discrep.txt``. ``-s`` prints a per-case table with the lines missed and the extra ones, and the
total agreement; the issue's target, >= 90% of tbl2asn's summary lines matched (and as few extra lines), is
asserted.
"""

from __future__ import annotations

import itertools
import re
import shlex
import time
from collections import Counter
from pathlib import Path

from gbprep.discrepancy import DiscrepancyOptions, collect_record, finish
from gbprep.job.inputs import read_side_files, sequences
from gbprep.model.bundle import InputFile
from gbprep.model.diagnostics import Report, SourcePos
from gbprep.model.records import SourceModifier
from gbprep.model.seqids import seq_id_keys
from gbprep.readers.textio import DEFAULT_LIMITS
from gbprep.writers.discrep import read_discrepancy_summary
from tests.shared_data import CORPUS, REFERENCE, requires_corpus

TARGET = 0.90  # share of tbl2asn's summary lines we must reproduce, and share of ours that must be tbl2asn's

PRODUCT_RULES = REFERENCE / "validator" / "product_rules.prt"
_MODIFIER = re.compile(r"\[\s*([^=\]]+?)\s*=\s*([^\]]*?)\s*\]")


def _cases() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(
        p.parent
        for p in CORPUS.rglob("case.conf")
        if (p.parent / "input").is_dir() and (p.parent / "expected" / "discrep.txt").is_file()
    )


def case_options(case: Path) -> DiscrepancyOptions:
    """The case's tbl2asn arguments (``case.conf``) as discrepancy options."""
    conf = (case / "case.conf").read_text()
    match = re.search(r"ARGS=\((.*)\)", conf)
    args = shlex.split(match.group(1)) if match else []
    pos = SourcePos("case.conf", 1)
    mods: list[SourceModifier] = []
    comment = None
    for flag, value in itertools.pairwise(args):
        if flag == "-j":
            mods += [SourceModifier(k, v, pos) for k, v in _MODIFIER.findall(value)]
        elif flag == "-y":
            comment = value
    flags = list(itertools.pairwise(args))
    return DiscrepancyOptions(
        eukaryote=("-X", "E") in flags,
        genome_mode=("-M", "n") in flags,
        extra_modifiers=tuple(mods),
        comment=comment,
        product_rules=str(PRODUCT_RULES) if PRODUCT_RULES.is_file() else None,
    )


def case_summary(case: Path) -> list[str]:
    """Our report's summary lines for a corpus case."""
    report = Report()
    # tbl2asn 25.3 ignores GFF3 files (expected/ was made from the .tbl beside them), so we do too.
    inputs = [
        InputFile(p, p.name)
        for p in sorted((case / "input").iterdir())
        if p.is_file() and p.suffix not in (".gff", ".gff3", ".gtf")
    ]
    bundle = read_side_files(inputs, report, DEFAULT_LIMITS)
    by_key = bundle.features_by_key()
    options = case_options(case)
    partials = []
    for _item, rec in sequences(bundle, report, DEFAULT_LIMITS):
        tables = {id(t): t for key in seq_id_keys(rec.seq_id) for t in by_key.get(key, ())}
        partials.append(collect_record(rec, list(tables.values()), bundle, options))
    made = finish(partials, options)
    assert not made.errors, made.errors
    return made.summary_lines()


@requires_corpus
def test_discrepancy_summary_agrees_with_tbl2asn() -> None:
    rows = []
    total_expected = total_found = total_matched = 0
    started = time.perf_counter()
    for case in _cases():
        expected = Counter(read_discrepancy_summary(case / "expected" / "discrep.txt"))
        found = Counter(case_summary(case))
        matched = expected & found
        total_expected += sum(expected.values())
        total_found += sum(found.values())
        total_matched += sum(matched.values())
        name = str(case.relative_to(CORPUS))
        rows.append(
            f"{name:<38} {sum(expected.values()):>7} {sum(found.values()):>5} {sum(matched.values()):>6}"
        )
        rows += [f"    missed {line}" for line in sorted((expected - found).elements())]
        rows += [f"    extra  {line}" for line in sorted((found - expected).elements())]
    elapsed = time.perf_counter() - started
    print(f"\n{'case':<38} {'tbl2asn':>7} {'ours':>5} {'match':>6}")
    print("\n".join(rows))
    recall = total_matched / total_expected if total_expected else 1.0
    precision = total_matched / total_found if total_found else 1.0
    print(
        f"\nsummary lines: tbl2asn {total_expected}, ours {total_found}, matched {total_matched}: "
        f"recall {recall:.1%}, precision {precision:.1%} ({len(_cases())} cases, {elapsed:.1f} s)"
    )
    assert total_expected, "no corpus case has an expected discrep.txt"
    assert recall >= TARGET, f"summary-line recall {recall:.1%} < {TARGET:.0%}"
    assert precision >= TARGET, f"summary-line precision {precision:.1%} < {TARGET:.0%}"
