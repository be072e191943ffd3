"""``python -m devtools.synth OUTDIR --size ... --genes ... --contigs ... --seed ... --prefix ...``: the
command line of the synthetic genome generator.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from devtools.synth.config import SynthConfig, SynthError
from devtools.synth.generator import generate


def _parser() -> argparse.ArgumentParser:
    d = SynthConfig()
    p = argparse.ArgumentParser(
        prog="python -m devtools.synth",
        description="Write a synthetic eukaryotic genome (genome.fsa, genome.tbl, manifest.json) to OUTDIR.",
    )
    p.add_argument("outdir", type=Path)
    p.add_argument("--size", type=int, default=d.size, help="total bases (default %(default)s)")
    p.add_argument("--genes", type=int, default=d.genes, help="protein-coding loci (default %(default)s)")
    p.add_argument("--contigs", type=int, default=d.contigs, help="sequences (default %(default)s)")
    p.add_argument("--seed", type=int, default=d.seed, help="same seed, same files (default %(default)s)")
    p.add_argument("--prefix", default=d.prefix, help="locus_tag prefix (default %(default)s)")
    p.add_argument("--organism", default=d.organism, help="[organism=] (default %(default)s)")
    p.add_argument("--strain", default=d.strain, help="[strain=] (default %(default)s)")
    p.add_argument(
        "--db", default=d.db, help="DB in gnl|DB|... protein_id and transcript_id (default %(default)s)"
    )
    p.add_argument(
        "--inject", type=int, default=0, metavar="N", help="plant N errors, listed in manifest.json"
    )
    p.add_argument(
        "--gap-lines",
        nargs="?",
        const="known",
        default="",
        choices=("known", "unknown"),
        help="write gaps as '>?100' lines ('>?unk100' with =unknown) instead of 100 N",
    )
    p.add_argument("--line-width", type=int, choices=(60, 80), default=d.line_width)
    p.add_argument("--gc", type=float, default=d.gc, help="mean intergenic GC fraction (default %(default)s)")
    p.add_argument(
        "--partial-prob", type=float, default=d.partial_prob, help="chance a contig-end gene is partial"
    )
    p.add_argument(
        "--gap-every", type=int, default=d.gap_every, help="about one gap per this many bp; 0: none"
    )
    p.add_argument("--sbt", type=Path, help="submission template to copy to OUTDIR/genome.sbt")
    p.add_argument("--basename", default=d.basename, help="output file name stem (default %(default)s)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    a = _parser().parse_args(argv)
    config = SynthConfig(
        size=a.size,
        genes=a.genes,
        contigs=a.contigs,
        seed=a.seed,
        prefix=a.prefix,
        organism=a.organism,
        strain=a.strain,
        db=a.db,
        inject=a.inject,
        gap_lines=a.gap_lines,
        line_width=a.line_width,
        gc=a.gc,
        partial_prob=a.partial_prob,
        gap_every=a.gap_every,
        sbt=a.sbt,
        basename=a.basename,
    )
    started = time.perf_counter()
    try:
        manifest = generate(a.outdir, config)
    except SynthError as exc:
        print(f"synth: {exc}", file=sys.stderr)
        return 2
    st = manifest["stats"]
    print(
        f"{a.outdir}: {st['contigs']} contigs, {st['bases']} bp, {st['genes']} genes, {st['exons']} exons, "
        f"{st['gaps']} gaps, {len(manifest['errors'])} errors planted, {time.perf_counter() - started:.1f} s"
    )
    return 0
