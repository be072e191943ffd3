"""Time our validation against NCBI tbl2asn -V v on generated genomes: wall, CPU and peak memory of each child.

    .venv/bin/python bench/bench_readers.py [--work /tmp/portal-bench] [--sets s12m,s120m] [--reps 1]

For each set (12 Mb / 6,000 genes in 16 contigs, and 120 Mb / 30,000 genes in 60 contigs, the shapes of the
performance anchor in shared/reference/tbl2asn-performance.md), the genome is generated once with
``python -m devtools.synth`` (reused when present) and then checked by

* ours:    ``python -m validation check DIR -t TEMPLATE --json``
* tbl2asn: ``tbl2asn -p DIR -r OUT -t TEMPLATE -a s -V v``

``-a s`` reads the multi-FASTA as a set; without it the C tbl2asn keeps only the first contig (corpus README,
note 1), so the script counts the sequences in tbl2asn's .sqn to prove every contig was processed. Each child
is timed with ``os.wait4``, which gives that child's own user/system time and peak RSS.

The comparison is not quite like for like, and the table says so: our side reads (FASTA, feature table,
template; SeqIDs and locations cross-checked) and runs every validator rule (record and submission scope), but
writes no .sqn, while tbl2asn builds and writes the full .sqn and validates it. ``bench_tbl2asn.py`` times the
whole job, outputs included, on both sides.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from genomes import DEFAULT_TEMPLATE, REPO, SETS, generate

_VAL_LINE = re.compile(r"^(NOTE|INFO|WARNING|ERROR|REJECT|FATAL): valid \[([^\]]+)\]")
_SEQ_ID = re.compile(rb'str "(scaffold_\d+)"')


@dataclass
class Run:
    """One timed child process."""

    tool: str
    wall: float
    user: float
    system: float
    rss_mb: float
    exit_code: int
    notes: dict[str, object] = field(default_factory=dict)

    @property
    def cpu(self) -> float:
        return self.user + self.system


def timed(cmd: list[str], out: Path, err: Path) -> tuple[float, float, float, float, int]:
    """Run ``cmd`` with stdout/stderr to files; (wall s, user s, system s, peak RSS MB, exit code)."""
    with out.open("wb") as stdout, err.open("wb") as stderr:
        started = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=stdout, stderr=stderr, cwd=REPO)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
    exit_code = os.waitstatus_to_exitcode(status)
    child.returncode = exit_code  # the child is reaped; tell Popen so it does not wait again
    return wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss / 1024, exit_code


def run_ours(inputs: Path, template: Path, scratch: Path) -> Run:
    out, err = scratch / "ours.json", scratch / "ours.stderr"
    cmd = [sys.executable, "-m", "validation", "check", str(inputs), "-t", str(template), "--json"]
    wall, user, system, rss, code = timed(cmd, out, err)
    notes: dict[str, object] = {}
    try:
        summary = json.loads(out.read_text())["summary"]
        notes = {k: summary[k] for k in ("sequences", "features", "residues", "ERROR", "WARNING", "REJECT")}
    except (ValueError, KeyError) as exc:
        notes = {"unreadable output": repr(exc), "stderr": err.read_text()[-500:]}
    return Run("ours (read + all rules)", wall, user, system, rss, code, notes)


def run_tbl2asn(inputs: Path, template: Path, scratch: Path, *, keep: bool) -> Run:
    results = scratch / "tbl2asn-out"
    shutil.rmtree(results, ignore_errors=True)
    results.mkdir()
    cmd = ["tbl2asn", "-p", str(inputs), "-r", str(results), "-t", str(template), "-a", "s", "-V", "v"]
    wall, user, system, rss, code = timed(cmd, scratch / "tbl2asn.stdout", scratch / "tbl2asn.stderr")
    notes: dict[str, object] = {}
    sqn = results / "genome.sqn"
    if sqn.is_file():
        notes["sqn_mb"] = round(sqn.stat().st_size / 1e6, 1)
        ids: set[bytes] = set()
        with sqn.open("rb") as handle:
            for line in handle:
                match = _SEQ_ID.search(line)
                if match:
                    ids.add(match.group(1))
        notes["sequences_in_sqn"] = len(ids)
        if not keep:
            sqn.unlink()
    levels: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    for val in results.glob("*.val"):
        if val.name == "errorsummary.val":
            continue
        for text in val.read_text(errors="replace").splitlines():
            found = _VAL_LINE.match(text)
            if found:
                levels[found.group(1)] += 1
                codes[found.group(2)] += 1
    notes["val"] = dict(levels)
    notes["val_top"] = dict(codes.most_common(3))
    return Run("tbl2asn 25.3 (-a s -V v)", wall, user, system, rss, code, notes)


def median_run(runs: list[Run]) -> Run:
    if len(runs) == 1:
        return runs[0]
    return Run(
        runs[0].tool,
        statistics.median(r.wall for r in runs),
        statistics.median(r.user for r in runs),
        statistics.median(r.system for r in runs),
        statistics.median(r.rss_mb for r in runs),
        max(r.exit_code for r in runs),
        runs[0].notes,
    )


def table(results: dict[str, dict[str, Run]], reps: int) -> str:
    head = (
        f"{'set':6} {'tool':26} {'wall s':>8} {'user s':>8} {'sys s':>7} {'CPU s':>8} {'peak RSS MB':>12} "
        f"{'exit':>4}  notes"
    )
    lines = [
        "NOTE: not quite like for like. 'ours' reads the submission (FASTA, .tbl, .sbt parsed; SeqIDs and",
        "locations cross-checked) and runs every validator rule; no .sqn is written. tbl2asn also builds",
        "and writes the .sqn, and validates it (-V v). Ratios are tbl2asn / ours.",
        f"1-minute load average after the runs: {os.getloadavg()[0]:.1f} (other work on the machine).",
        f"{reps} run(s) per cell{' (median)' if reps > 1 else ''}; {os.cpu_count()} CPUs; Python "
        f"{platform.python_version()}; each child timed with os.wait4 (its own CPU time and peak RSS).",
        "",
        head,
        "-" * len(head),
    ]
    for name, runs in results.items():
        spec = SETS[name]
        label = f"{name} = {spec['size'] / 1e6:.0f} Mb, {spec['genes']:,} genes, {spec['contigs']} contigs"
        lines.append(label)
        for run in runs.values():
            notes = ", ".join(f"{k}={v}" for k, v in run.notes.items())
            lines.append(
                f"{name:6} {run.tool:26} {run.wall:8.2f} {run.user:8.2f} {run.system:7.2f} {run.cpu:8.2f} "
                f"{run.rss_mb:12.0f} {run.exit_code:>4}  {notes}"
            )
        ours, theirs = runs.get("ours"), runs.get("tbl2asn")
        if ours is not None and theirs is not None:
            lines.append(
                f"{name:6} {'ratio tbl2asn/ours':26} {theirs.wall / ours.wall:7.1f}x {theirs.user / ours.user:7.1f}x "
                f"{'':7} {theirs.cpu / ours.cpu:7.1f}x {theirs.rss_mb / ours.rss_mb:11.1f}x"
            )
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/portal-bench"), help="where the genomes live")
    parser.add_argument("--sets", default="s12m,s120m", help=f"comma-separated, from {', '.join(SETS)}")
    parser.add_argument("--reps", type=int, default=1, help="runs per tool and set (median reported)")
    parser.add_argument("--template", type=Path, default=DEFAULT_TEMPLATE)
    parser.add_argument("--skip-tbl2asn", action="store_true", help="time our reader only")
    parser.add_argument("--keep-output", action="store_true", help="keep tbl2asn's .sqn (hundreds of MB)")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.sets.split(",") if n.strip()]
    unknown = [n for n in names if n not in SETS]
    if unknown:
        parser.error(f"unknown set(s) {', '.join(unknown)}; choose from {', '.join(SETS)}")
    if not args.template.is_file():
        parser.error(f"no template at {args.template}")
    has_tbl2asn = shutil.which("tbl2asn") is not None
    if not has_tbl2asn and not args.skip_tbl2asn:
        print("tbl2asn not found (Debian package ncbi-tools-bin); timing our reader only", file=sys.stderr)
    results: dict[str, dict[str, Run]] = {}
    for name in names:
        inputs = generate(args.work, name)
        scratch = args.work / name / "runs"
        scratch.mkdir(exist_ok=True)
        runs: dict[str, Run] = {}
        print(f"[{name}] ours x{args.reps}", flush=True)
        runs["ours"] = median_run([run_ours(inputs, args.template, scratch) for _ in range(args.reps)])
        if has_tbl2asn and not args.skip_tbl2asn:
            print(f"[{name}] tbl2asn x{args.reps}", flush=True)
            runs["tbl2asn"] = median_run(
                [run_tbl2asn(inputs, args.template, scratch, keep=args.keep_output) for _ in range(args.reps)]
            )
        results[name] = runs
    report = table(results, args.reps)
    print("\n" + report)
    (args.work / "results.txt").write_text(report + "\n")
    raw = {
        name: {key: {**asdict(run), "cpu": run.cpu} for key, run in runs.items()}
        for name, runs in results.items()
    }
    (args.work / "results.json").write_text(json.dumps(raw, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
