"""Run many seeds and print the agreement table.

``python -m devtools.diffgen --seeds 0:500 --work /tmp/diff [--jobs 2] [--shrink] [--fixtures DIR]``

For each seed: generate, write, run tbl2asn and ours, compare. The table gives (severity, code) recall and
precision per severity over every seed, the share of seeds where asn2gb renders our ``.sqn`` to tbl2asn's
``.gbf``, where our ``.gbf`` equals asn2gb's rendering of our ``.sqn``, the discrepancy summary lines matched,
and the differences by class (kind and key) with the seeds showing each.
"""

from __future__ import annotations

import shutil
from collections import Counter, defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from devtools.diffgen.compare import CaseResult, Difference, compare
from devtools.diffgen.generator import generate
from devtools.diffgen.gff3 import DIALECTS, round_trip
from devtools.diffgen.oracle import run_ours, run_tbl2asn
from devtools.diffgen.writer import write
from gbprep.model.diagnostics import Severity

# Bacteria in tbl2asn's offline list: their CDSs use genetic code 11 when nothing else says which.
BACTERIA_KNOWN = frozenset({"escherichia coli", "helicobacter pylori"})
# Codes where tbl2asn 25.3 is wrong or silent and we differ on purpose (README "Deliberate differences").
DELIBERATE: dict[str, str] = {}


def run_seed(seed: int, work: Path, *, keep: bool = False) -> CaseResult:
    folder = work / f"s{seed}"
    shutil.rmtree(folder, ignore_errors=True)
    sub = generate(seed)
    write(sub, folder)
    result = compare(f"s{seed}", run_tbl2asn(folder), run_ours(folder))
    code = 11 if sub.organism.lower() in BACTERIA_KNOWN else 1
    for dialect, diffs in round_trip(
        sub, folder / "gff3", folder / "input" / f"{sub.base}.fsa", code
    ).items():
        result.gff3[dialect] = not diffs
        result.detail += [f"gff3 {dialect}: {d}" for d in diffs[:4]]
    if not keep and not result.differences:
        shutil.rmtree(folder, ignore_errors=True)
    return result


def _deliberate(diff: Difference) -> bool:
    return (
        diff.kind in ("val-missed", "val-extra", "loc-missed", "loc-extra")
        and diff.key.split()[-1] in DELIBERATE
    )


@dataclass
class Totals:
    results: list[CaseResult] = field(default_factory=list)

    def add(self, result: CaseResult) -> None:
        self.results.append(result)

    def compared(self) -> list[CaseResult]:
        return [r for r in self.results if not r.oracle_failed]

    def severity(self, sev: Severity) -> tuple[int, int, int]:
        exp = got = hit = 0
        for r in self.compared():
            e = Counter({k: n for k, n in r.expected.items() if k[0] is sev and k[1] not in DELIBERATE})
            f = Counter({k: n for k, n in r.found.items() if k[0] is sev and k[1] not in DELIBERATE})
            exp, got, hit = exp + sum(e.values()), got + sum(f.values()), hit + sum((e & f).values())
        return exp, got, hit

    def rate(self, attr: str) -> tuple[int, int]:
        values = [getattr(r, attr) for r in self.results if getattr(r, attr) is not None]
        return sum(1 for v in values if v), len(values)

    def discrep(self) -> tuple[int, int, int]:
        exp = sum(sum(r.discrep_expected.values()) for r in self.compared())
        got = sum(sum(r.discrep_found.values()) for r in self.compared())
        hit = sum(sum((r.discrep_expected & r.discrep_found).values()) for r in self.compared())
        return exp, got, hit

    def classes(self) -> dict[Difference, list[str]]:
        out: dict[Difference, list[str]] = defaultdict(list)
        for r in self.results:
            for d in sorted(set(r.differences)):
                if not _deliberate(d):
                    out[d].append(r.name)
        return out


def _pct(a: int, b: int) -> str:
    return f"{a / b:.1%}" if b else "-"


def table(totals: Totals) -> str:
    lines = [f"seeds: {len(totals.results)} ({len(totals.compared())} where tbl2asn wrote a .val)"]
    lines.append(f"{'severity':<9} {'tbl2asn':>8} {'ours':>6} {'match':>6} {'recall':>8} {'precision':>9}")
    for sev in (Severity.REJECT, Severity.ERROR, Severity.WARNING, Severity.INFO):
        exp, got, hit = totals.severity(sev)
        lines.append(f"{sev.name:<9} {exp:>8} {got:>6} {hit:>6} {_pct(hit, exp):>8} {_pct(hit, got):>9}")
    a, b = totals.rate("gbf_oracle")
    lines.append(f"asn2gb(our .sqn) == tbl2asn .gbf: {a}/{b} ({_pct(a, b)})")
    a, b = totals.rate("gbf_self")
    lines.append(f"our .gbf == asn2gb(our .sqn):     {a}/{b} ({_pct(a, b)})")
    gff = "  ".join(
        f"{d} {sum(r.gff3.get(d, False) for r in totals.results)}/{sum(d in r.gff3 for r in totals.results)}"
        for d in DIALECTS
    )
    lines.append(f"GFF3 round trip (features equal the table's), per dialect: {gff}")
    exp, got, hit = totals.discrep()
    lines.append(
        f"discrepancy summary lines: {hit}/{exp} recall {_pct(hit, exp)}, precision {_pct(hit, got)}"
    )
    classes = totals.classes()
    if classes:
        lines.append("differences by class (seeds):")
        for diff, seeds in sorted(classes.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            lines.append(f"  {len(seeds):>4}  {diff}  e.g. {' '.join(seeds[:4])}")
    if DELIBERATE:
        lines.append("deliberate differences excluded: " + ", ".join(sorted(DELIBERATE)))
    return "\n".join(lines)


def _one(args: tuple[int, str, bool]) -> CaseResult:
    seed, work, keep = args
    return run_seed(seed, Path(work), keep=keep)


def run_seeds(seeds: Iterable[int], work: Path, jobs: int = 1, keep: bool = False) -> Totals:
    totals = Totals()
    tasks = [(s, str(work), keep) for s in seeds]
    if jobs <= 1:
        for task in tasks:
            totals.add(_one(task))
    else:
        with ProcessPoolExecutor(jobs) as pool:
            for result in pool.map(_one, tasks):
                totals.add(result)
    return totals
