"""The generated genomes the benchmarks time us and tbl2asn on, made once and reused while their settings hold.

Shared by ``bench_readers.py`` (validation alone) and ``bench_tbl2asn.py`` (the whole job), so both time the same
inputs. The shapes follow the performance anchor in shared/reference/tbl2asn-performance.md.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_TEMPLATE = REPO.parent / "shared" / "corpus" / "templates" / "default.sbt"
SETS: dict[str, dict[str, int]] = {
    "s12m": {"size": 12_000_000, "genes": 6_000, "contigs": 16},
    "s120m": {"size": 120_000_000, "genes": 30_000, "contigs": 60},
    "c20k": {"size": 100_000_000, "genes": 20_000, "contigs": 20_000},
    # The scale anchor: a gigabase draft in 100,000 contigs (bench_big.py).
    "g1k": {"size": 1_000_000_000, "genes": 60_000, "contigs": 100_000},
}
SEED = 42


def generate(work: Path, name: str) -> Path:
    """The folder holding set ``name``'s genome.fsa and genome.tbl, generated unless already there."""
    params = {**SETS[name], "seed": SEED}
    base = work / name
    inputs = base / "in"
    stamp = base / "params.json"
    if (
        stamp.is_file()
        and json.loads(stamp.read_text()) == params
        and (inputs / "genome.fsa").is_file()
        and (inputs / "genome.tbl").is_file()
    ):
        print(f"[{name}] reusing {inputs}", flush=True)
        return inputs
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    cmd = [sys.executable, "-m", "devtools.synth", str(inputs)]
    cmd += [f"--{key}={value}" for key, value in params.items()]
    print(f"[{name}] generating: {' '.join(cmd[1:])}", flush=True)
    subprocess.run(cmd, cwd=REPO, check=True)
    stamp.write_text(json.dumps(params))
    return inputs
