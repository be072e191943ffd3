"""``python -m devtools.diffgen --seeds 0:500 [--work DIR] [--jobs N] [--shrink K --fixtures DIR]``.

Runs the seeds, prints the agreement table; with ``--shrink K`` shrinks the first seed of each of the K most
frequent difference classes and, with ``--fixtures``, keeps each as a regression case.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from devtools.diffgen.compare import Difference
from devtools.diffgen.fixtures import save_fixture
from devtools.diffgen.generator import generate
from devtools.diffgen.harness import run_seeds, table
from devtools.diffgen.oracle import missing_tools
from devtools.diffgen.shrink import shrink


def _seeds(text: str) -> range:
    start, _, stop = text.partition(":")
    return range(int(start), int(stop)) if stop else range(int(start), int(start) + 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.diffgen", description=__doc__)
    parser.add_argument("--seeds", default="0:20", help="START:STOP (default 0:20)")
    parser.add_argument("--work", help="keep cases that differ here (default: a temporary folder)")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--shrink", type=int, default=0, help="shrink the K most frequent classes")
    parser.add_argument("--fixtures", help="write each shrunk difference here as a regression case")
    parser.add_argument("--details", action="store_true", help="print each case's differing lines")
    parser.add_argument(
        "--case-for",
        metavar="SEED:SEVERITY:CODE",
        help="shrink SEED to the smallest submission where tbl2asn still reports CODE and keep it (--fixtures)",
    )
    parser.add_argument("--why", default="", help="with --case-for: what the case shows, for DIFFERENCE.txt")
    args = parser.parse_args(argv)
    if missing := missing_tools():
        print(f"NCBI tools not found: {', '.join(missing)} (apt-get install ncbi-tools-bin)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="diffgen-") as tmp:
        work = Path(args.work) if args.work else Path(tmp)
        if args.case_for:
            seed, severity, code = args.case_for.split(":")
            target = Difference("oracle", f"{severity} {code}")
            small = shrink(generate(int(seed)), target, work / "shrink")
            print(f"kept as {save_fixture(small, target, Path(args.fixtures or '.'), why=args.why)}")
            return 0
        totals = run_seeds(_seeds(args.seeds), work, jobs=args.jobs, keep=bool(args.work))
        print(table(totals))
        if args.details:
            for result in totals.results:
                for line in result.detail:
                    print(f"{result.name}: {line}")
        classes = sorted(totals.classes().items(), key=lambda kv: -len(kv[1]))
        for diff, names in classes[: args.shrink]:
            sub = generate(int(names[0][1:]))
            small = shrink(sub, diff, work / "shrink")
            print(f"shrunk {diff} from {names[0]}: {sub.size()} -> {small.size()}")
            if args.fixtures:
                print(f"  kept as {save_fixture(small, diff, Path(args.fixtures))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
