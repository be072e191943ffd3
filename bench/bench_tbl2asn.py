"""The whole tbl2asn job, ours against NCBI's, on generated genomes: wall, CPU and peak memory side by side.

    .venv/bin/python bench/bench_tbl2asn.py [--work /tmp/portal-bench] [--sets s12m,s120m,c20k] [--reps 1]
                                            [--processes 1,2] [--skip-tbl2asn]

Sets (``python -m devtools.synth``, seed 42, generated once and reused): ``s12m`` 12 Mb / 6,000 genes in
16 contigs, ``s120m`` 120 Mb / 30,000 genes in 60 contigs, ``c20k`` 100 Mb / 20,000 genes in 20,000 contigs (the
fragmented-assembly shape where tbl2asn's discrepancy report goes quadratic; see
shared/reference/tbl2asn-performance.md), and ``g1k`` 1 Gb / 60,000 genes in 100,000 contigs (the scale anchor:
our memory must stay under 1 GB per process; tbl2asn is stopped after ``--tbl2asn-limit`` seconds, and the
table says so). Both tools get the same command tail::

    -p IN -r OUT -t TEMPLATE -a s -V vb -Z OUT/discrep.txt

(``-a s``: without it tbl2asn keeps only the first contig). Ours is ``python -m validation tbl2asn`` with
``--processes N`` for each N given (0: one per CPU). Each child is timed with ``os.wait4``: its CPU time includes the worker
processes it reaped, and its peak RSS is the largest single process. Because our workers run beside the main
process, the peak of the *sum* of PSS over the process tree is sampled from /proc every 0.2 s as well
(``tree MB``; PSS shares each page among the processes that map it, so forked workers are not double-counted).
The machine may be shared: ``others`` is the CPU time every other process used during the run (from /proc/stat,
so it includes this script's sampling), to be read beside the wall times.

The table says which outputs each side wrote: parts of our job that are not available yet are listed, so the
comparison is never silently unequal.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from genomes import DEFAULT_TEMPLATE, REPO, SETS, generate

OUTPUT_KINDS = (".sqn", ".gbf", ".val", "errorsummary.val", "discrep.txt")


@dataclass
class Run:
    tool: str
    wall: float
    user: float
    system: float
    rss_mb: float  # the largest single process
    tree_mb: float  # the largest sum of PSS over the process tree (sampled)
    exit_code: int
    notes: dict[str, object] = field(default_factory=dict)
    load: float = 0.0  # the 1-minute load average when the run started (other work on the machine)
    others: float = 0.0  # CPU seconds other processes used during the run (interference)

    @property
    def cpu(self) -> float:
        return self.user + self.system


def _tree_pss_kb(root: int) -> int:
    """Proportional set size of ``root`` and every descendant, from /proc (0 when it is gone).

    PSS, not RSS: forked workers share the parent's pages until they write them, and RSS would count
    those pages once per process."""
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as children:
                    stack.extend(int(c) for c in children.read().split())
        except (OSError, ValueError):
            continue
    return total


def load_now() -> float:
    return os.getloadavg()[0]


def busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (/proc/stat; 0 where there is none)."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(v) for v in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def timed(
    cmd: list[str], out: Path, err: Path, limit: float | None = None
) -> tuple[float, float, float, float, float, int, float]:
    """(wall s, user s, system s, peak RSS MB of one process, peak tree PSS MB, exit code, others' CPU s).

    With ``limit`` the command is stopped (SIGKILL) after that many seconds; its exit code is then -9."""
    peak = 0
    busy = busy_seconds()
    with out.open("wb") as stdout, err.open("wb") as stderr:
        started = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=stdout, stderr=stderr, cwd=REPO)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.wait(0.2):
                peak = max(peak, _tree_pss_kb(child.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        stopper = threading.Timer(limit, child.kill) if limit else None
        if stopper is not None:
            stopper.start()
        _, status, usage = os.wait4(child.pid, 0)
        if stopper is not None:
            stopper.cancel()
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
    code = os.waitstatus_to_exitcode(status)
    child.returncode = code  # reaped here; tell Popen so it does not wait again
    rss = usage.ru_maxrss / 1024
    others = max(0.0, busy_seconds() - busy - usage.ru_utime - usage.ru_stime)
    return wall, usage.ru_utime, usage.ru_stime, rss, peak / 1024, code, others


def _outputs(folder: Path) -> dict[str, float]:
    """MB written per output kind."""
    sizes: dict[str, float] = {}
    for path in folder.iterdir():
        for kind in OUTPUT_KINDS:
            if path.name.endswith(kind) and not (kind == ".val" and path.name == "errorsummary.val"):
                sizes[kind] = round(sizes.get(kind, 0.0) + path.stat().st_size / 1e6, 1)
    return sizes


def _tail(inputs: Path, out: Path, template: Path) -> list[str]:
    return [
        "-p",
        str(inputs),
        "-r",
        str(out),
        "-t",
        str(template),
        "-a",
        "s",
        "-V",
        "vb",
        "-Z",
        str(out / "discrep.txt"),
    ]


def run_ours(inputs: Path, template: Path, scratch: Path, processes: int) -> Run:
    out = scratch / "ours-out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    cmd = [sys.executable, "-m", "validation", "tbl2asn", *_tail(inputs, out, template)]
    cmd += ["--processes", str(processes), "--quiet"]
    load = load_now()
    wall, user, system, rss, tree, code, others = timed(cmd, scratch / "ours.stdout", scratch / "ours.stderr")
    notes: dict[str, object] = {"written_mb": _outputs(out)}
    try:
        report = json.loads((out / "report.json").read_text())
        notes["findings"] = {k: report["summary"][k] for k in ("REJECT", "ERROR", "WARNING", "INFO")}
        notes["sequences"] = report["stats"]["sequences"]
        notes["processes"] = report["stats"]["processes"]
        if report["notes"]:
            notes["not yet"] = report["notes"]
    except (OSError, ValueError, KeyError) as exc:
        notes["unreadable report"] = repr(exc)
        notes["stderr"] = (scratch / "ours.stderr").read_text()[-400:]
    return Run(f"ours (--processes {processes})", wall, user, system, rss, tree, code, notes, load, others)


def run_tbl2asn(inputs: Path, template: Path, scratch: Path, limit: float | None = None) -> Run:
    out = scratch / "tbl2asn-out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    cmd = ["tbl2asn", *_tail(inputs, out, template)]
    load = load_now()
    wall, user, system, rss, tree, code, others = timed(
        cmd, scratch / "tbl2asn.stdout", scratch / "tbl2asn.stderr", limit
    )
    notes: dict[str, object] = {"written_mb": _outputs(out)}
    if code == -9 and limit:
        notes["stopped"] = f"after {limit:.0f} s, unfinished"
    for path in out.glob("*.sqn"):
        path.unlink()  # hundreds of MB; its size is noted above
    return Run("tbl2asn 25.3", wall, user, system, rss, tree, code, notes, load, others)


def table(results: dict[str, dict[str, Run]]) -> str:
    head = (
        f"{'set':6} {'tool':24} {'wall s':>8} {'CPU s':>8} {'peak RSS MB':>11} {'tree MB':>8} {'exit':>4} "
        f"{'load':>5} {'others':>6}  notes"
    )
    lines = [
        f"{os.cpu_count()} CPUs; Python {platform.python_version()}; command tail: -a s -V vb -Z (both tools).",
        "CPU = user + system, workers included; peak RSS = largest single process; tree = peak sum of PSS;",
        "load = 1-minute load average at the start; others = CPU s other processes used during the run.",
        "",
        head,
        "-" * len(head),
    ]
    for name, runs in results.items():
        spec = SETS[name]
        lines.append(
            f"{name} = {spec['size'] / 1e6:.0f} Mb, {spec['genes']:,} genes, {spec['contigs']:,} contigs"
        )
        for run in runs.values():
            notes = "; ".join(f"{k}={v}" for k, v in run.notes.items())
            lines.append(
                f"{name:6} {run.tool:24} {run.wall:8.1f} {run.cpu:8.1f} {run.rss_mb:11.0f} {run.tree_mb:8.0f} "
                f"{run.exit_code:>4} {run.load:5.1f} {run.others:6.1f}  {notes}"
            )
        theirs = runs.get("tbl2asn")
        for key, ours in runs.items():
            if key.startswith("ours") and theirs is not None:
                label = f"tbl2asn / {key.split()[-1]}"
                lines.append(
                    f"{name:6} {label:24} {theirs.wall / ours.wall:7.2f}x {theirs.cpu / ours.cpu:7.2f}x "
                    f"{theirs.rss_mb / ours.rss_mb:10.2f}x {theirs.tree_mb / ours.tree_mb:7.2f}x"
                )
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/portal-bench"))
    parser.add_argument("--sets", default="s12m,s120m,c20k", help=f"comma-separated, from {', '.join(SETS)}")
    parser.add_argument("--reps", type=int, default=1, help="runs per tool and set (the fastest is kept)")
    parser.add_argument(
        "--processes",
        default="1,2",
        help="our worker processes, one run per comma-separated value (0: per CPU)",
    )
    parser.add_argument("--template", type=Path, default=DEFAULT_TEMPLATE)
    parser.add_argument("--skip-tbl2asn", action="store_true")
    parser.add_argument(
        "--tbl2asn-limit", type=float, default=3600, help="stop tbl2asn after this many seconds (and say so)"
    )
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.sets.split(",") if n.strip()]
    if unknown := [n for n in names if n not in SETS]:
        parser.error(f"unknown set(s) {', '.join(unknown)}; choose from {', '.join(SETS)}")
    if not args.template.is_file():
        parser.error(f"no template at {args.template}")
    with_tbl2asn = not args.skip_tbl2asn and shutil.which("tbl2asn") is not None
    if not with_tbl2asn and not args.skip_tbl2asn:
        print("tbl2asn not found (Debian package ncbi-tools-bin): timing ours only", file=sys.stderr)
    # As an installed copy has it (pip compiles what it installs): where PYTHONDONTWRITEBYTECODE is set, as on
    # this machine, a checkout's engine would otherwise be compiled again by every run (0.15-0.2 s of imports).
    compileall.compile_dir(str(REPO / "gbprep"), quiet=1)
    results: dict[str, dict[str, Run]] = {}
    for name in names:
        inputs = generate(args.work, name)
        scratch = args.work / name / "runs"
        scratch.mkdir(exist_ok=True)
        runs: dict[str, Run] = {}
        for processes in [int(p) for p in args.processes.split(",") if p.strip()]:
            print(f"[{name}] ours --processes {processes} x{args.reps}", flush=True)
            runs[f"ours p{processes}"] = min(
                (run_ours(inputs, args.template, scratch, processes) for _ in range(args.reps)),
                key=lambda r: r.wall,
            )
        if with_tbl2asn:
            print(f"[{name}] tbl2asn x{args.reps}", flush=True)
            runs["tbl2asn"] = min(
                (run_tbl2asn(inputs, args.template, scratch, args.tbl2asn_limit) for _ in range(args.reps)),
                key=lambda r: r.wall,
            )
        results[name] = runs
        print(table({name: runs}), flush=True)
    report = table(results)
    print("\n" + report)
    (args.work / "tbl2asn-results.txt").write_text(report + "\n")
    raw = {n: {k: {**asdict(r), "cpu": r.cpu} for k, r in runs.items()} for n, runs in results.items()}
    (args.work / "tbl2asn-results.json").write_text(json.dumps(raw, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
