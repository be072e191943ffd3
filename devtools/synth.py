"""Synthetic eukaryotic genomes for tests and benchmarks: a FASTA (.fsa), an NCBI five-column feature table
(.tbl) and a manifest, optionally with errors of known kinds planted at known places.

A clean genome passes NCBI's tbl2asn without ERRORs, so whatever our validator reports on one is a false
positive; a planted error it misses is a false negative. The manifest says which NCBI code each planted error
draws, as tbl2asn 25.3 really reported it.

Shape of a genome:

* contigs of lognormal length; genes spread over them in proportion to length, one gene per "slot";
* each protein-coding locus is gene + mRNA + CDS on either strand: 5'UTR, 1-10 exons, GT..AG introns with a
  branch point and a polypyrimidine tract, 3'UTR. The CDS is ATG, then sense codons drawn one by one through
  the standard genetic code (table 1) with a proteome-like amino-acid composition, then a stop, so it never
  has an internal stop in frame;
* genes at contig ends may run off the end: partial (``<``/``>``), without UTR and start or stop on that
  side, with ``codon_start`` on 5'-partial CDSs;
* runs of exactly 100 N (NCBI's convention for a gap of unknown length) in intergenic stretches, written
  inline or as ``>?100`` / ``>?unk100`` gap lines;
* intergenic sequence whose GC content varies around a genome-wide mean, with occasional microsatellites.

Everything is generated contig by contig and streamed to disk, so memory stays flat whatever the genome size.
The same arguments give byte-identical files. Planted errors draw from a random stream of their own, so a
dirty genome is its clean twin (same seed) except where errors were planted.

Usage::

    python -m devtools.synth OUTDIR --size 12000000 --genes 6000 --contigs 10 --seed 1 --prefix SYN \\
        [--inject 20] [--gap-lines[=unknown]] [--sbt TEMPLATE.sbt]
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import math
import random
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

# NCBI genetic code 1 in NCBI's own TCAG order, so it can be checked against NCBI's gc.prt by eye.
_BASES = "TCAG"
_AMINO_ACIDS = "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG"
GENETIC_CODE_1: dict[str, str] = {
    a + b + c: _AMINO_ACIDS[16 * i + 4 * j + k]
    for i, a in enumerate(_BASES)
    for j, b in enumerate(_BASES)
    for k, c in enumerate(_BASES)
}
STOP_CODONS = tuple(sorted(c for c, aa in GENETIC_CODE_1.items() if aa == "*"))
SENSE_CODONS = tuple(sorted(c for c, aa in GENETIC_CODE_1.items() if aa != "*"))

# Amino-acid composition of eukaryotic proteomes (UniProtKB/Swiss-Prot, per cent).
_AA_PERCENT = {
    "L": 9.9, "A": 8.3, "G": 7.1, "V": 6.9, "E": 6.8, "S": 6.6, "I": 5.9, "K": 5.8, "R": 5.5, "D": 5.5,
    "T": 5.3, "P": 4.7, "N": 4.1, "Q": 3.9, "F": 3.9, "Y": 2.9, "M": 2.4, "H": 2.3, "C": 1.4, "W": 1.1,
}  # fmt: skip


def _codon_weights() -> list[float]:
    # Synonymous codons share their amino acid's weight, with a mild preference for G/C in the third position
    # as in many genomes, so coding GC ends up a little above intergenic GC.
    def bias(codon: str) -> float:
        return 1.3 if codon[2] in "GC" else 1.0

    group_total: dict[str, float] = {}
    for codon in SENSE_CODONS:
        aa = GENETIC_CODE_1[codon]
        group_total[aa] = group_total.get(aa, 0.0) + bias(codon)
    return [_AA_PERCENT[GENETIC_CODE_1[c]] * bias(c) / group_total[GENETIC_CODE_1[c]] for c in SENSE_CODONS]


_CUM_CODON_WEIGHTS = list(itertools.accumulate(_codon_weights()))
_COMPLEMENT = str.maketrans("ACGTN", "TGCAN")


def _base_table(gc: float) -> bytes:
    g = round(gc * 128)
    a = 128 - g
    return b"G" * g + b"C" * g + b"A" * a + b"T" * a


# One byte -> base table per GC level: random sequence is then one randbytes() and one translate() per
# stretch, about a hundred times faster than a Python call per base; that is what makes 120 Mb take seconds.
_BASE_TABLES = {percent: _base_table(percent / 100) for percent in range(20, 61)}  # GC 20-60 %
_PYRIMIDINE_TABLE = b"CT" * 128

PRODUCTS = (
    "60S ribosomal protein L7",
    "40S ribosomal protein S3",
    "elongation factor 1-alpha",
    "glyceraldehyde-3-phosphate dehydrogenase",
    "heat shock protein 90",
    "histone H2A",
    "actin",
    "tubulin alpha chain",
    "serine/threonine-protein kinase",
    "ubiquitin-conjugating enzyme E2",
    "DNA-directed RNA polymerase II subunit RPB2",
    "ATP synthase subunit beta",
    "pyruvate kinase",
    "enolase",
    "phosphoglycerate kinase",
    "26S proteasome regulatory subunit 7",
    "eukaryotic translation initiation factor 4E",
    "WD repeat-containing protein 5",
    "acetyl-CoA carboxylase",
    "nuclear pore complex protein Nup98",
    "ATP-dependent RNA helicase",
    "cytochrome c oxidase subunit 4",
    "calmodulin",
    "casein kinase II subunit alpha",
)
HYPOTHETICAL = "hypothetical protein"
GAP_LEN = 100
# A stray character is inserted, not substituted: NCBI's reader drops it (with a message on stderr), so the
# table's coordinates stay right and the character is the only thing wrong.
NON_IUPAC = "J"
GAP_MODES = ("", "known", "unknown")


@dataclass(frozen=True)
class ErrorKind:
    """An error ``--inject`` can plant, and what NCBI's tbl2asn 25.3 (``-a s -V v``) reports for it.

    ``codes`` are all the .val codes one planted error produces, as observed; ``code`` is the one naming the
    problem. tbl2asn checks features against gaps only when a gap is a real gap (a gap line, making the contig
    a delta sequence), not a run of N in raw sequence, and "crosses a gap" only for gaps of unknown length:
    ``gap_modes`` and ``delta_codes`` record that.
    """

    name: str
    code: str | None
    severity: str | None
    codes: tuple[str, ...] = ()
    delta_codes: tuple[str, ...] = ()  # also reported when the contig is a delta sequence
    gap_modes: tuple[str, ...] = GAP_MODES  # the SynthConfig.gap_lines values under which codes are reported
    stderr: str | None = None  # what tbl2asn prints instead, for problems its reader silently repairs
    line: str = "CDS"  # the table line a finding belongs on: a feature key or "locus_tag"; "fasta" for FASTA

    def expected(self, gap_mode: str) -> dict[str, Any]:
        if gap_mode not in self.gap_modes:
            return {"code": None, "codes": [], "severity": None, "tbl2asn_stderr": None}
        return {
            "code": self.code,
            "codes": list(self.codes),
            "severity": self.severity,
            "tbl2asn_stderr": self.stderr,
        }


# In the order --inject cycles through them.
ERROR_KINDS: dict[str, ErrorKind] = {
    k.name: k
    for k in (
        ErrorKind(
            "internal_stop",
            "SEQ_FEAT.InternalStop",
            "ERROR",
            ("SEQ_FEAT.InternalStop", "SEQ_INST.StopInProtein"),
        ),
        # Splice findings come twice, on the mRNA and on the CDS.
        ErrorKind(
            "bad_splice_donor",
            "SEQ_FEAT.NotSpliceConsensusDonor",
            "WARNING",
            ("SEQ_FEAT.NotSpliceConsensusDonor",),
            line="mRNA",
        ),
        ErrorKind(
            "locus_tag_space",
            "SEQ_FEAT.LocusTagProblem",
            "WARNING",
            ("SEQ_FEAT.LocusTagProblem",),
            line="locus_tag",
        ),
        # Within one contig: tbl2asn's validator does not compare locus_tags across sequences.
        ErrorKind(
            "duplicate_locus_tag",
            "SEQ_FEAT.CollidingLocusTags",
            "ERROR",
            ("SEQ_FEAT.CollidingLocusTags", "SEQ_FEAT.CollidingGeneNames"),
            line="locus_tag",
        ),
        ErrorKind(
            "cds_without_product",
            "SEQ_FEAT.MissingCDSproduct",
            "ERROR",
            ("SEQ_FEAT.MissingCDSproduct", "SEQ_FEAT.NoProtein", "SEQ_FEAT.FeatureProductInconsistency"),
        ),
        ErrorKind(
            "feature_crosses_gap",
            "SEQ_FEAT.FeatureCrossesGap",
            "WARNING",
            ("SEQ_FEAT.FeatureCrossesGap",),
            gap_modes=("unknown",),
        ),
        ErrorKind("non_iupac", None, None, stderr="illegal character", line="fasta"),
        ErrorKind(
            "bad_splice_acceptor",
            "SEQ_FEAT.NotSpliceConsensusAcceptor",
            "WARNING",
            ("SEQ_FEAT.NotSpliceConsensusAcceptor",),
            line="mRNA",
        ),
        ErrorKind(
            "bad_coordinate",
            "SEQ_FEAT.Range",
            "REJECT",
            ("SEQ_FEAT.Range",),
            delta_codes=("SEQ_FEAT.FeatureInsideGap",),
            line="gene",
        ),
        ErrorKind(
            "bad_start_codon",
            "SEQ_FEAT.StartCodon",
            "ERROR",
            ("SEQ_FEAT.StartCodon", "SEQ_INST.BadProteinStart"),
        ),
        ErrorKind("missing_stop", "SEQ_FEAT.NoStop", "ERROR", ("SEQ_FEAT.NoStop",)),
    )
}


class SynthError(ValueError):
    """Parameters that cannot make a genome."""


@dataclass(frozen=True)
class SynthConfig:
    size: int = 1_000_000
    genes: int = 500
    contigs: int = 10
    seed: int = 1
    prefix: str = "SYN"
    organism: str = "Saccharomyces cerevisiae"
    strain: str = "SYN-1"
    db: str = "SYNTH"
    inject: int = 0
    gap_lines: str = ""  # "": 100 N inline; "known": ">?100" lines; "unknown": ">?unk100" lines
    line_width: int = 60
    gc: float = 0.40
    partial_prob: float = 0.3
    gap_every: int = 100_000
    contig_sigma: float = 0.5
    sbt: Path | None = None
    basename: str = "genome"

    def check(self) -> None:
        if self.contigs < 1 or self.genes < 0:
            raise SynthError("--contigs must be at least 1 and --genes at least 0")
        if self.size < 1000 * self.contigs:
            raise SynthError(
                f"--size {self.size} is too small for {self.contigs} contigs (1 kb each at least)"
            )
        if self.genes and self.size / self.genes < 600:
            raise SynthError(f"{self.genes} genes do not fit in {self.size} bp (600 bp per gene at least)")
        if self.gap_lines not in GAP_MODES:
            raise SynthError(f"gap_lines must be one of {GAP_MODES}")
        if self.line_width not in (60, 80):
            raise SynthError("--line-width must be 60 or 80")
        if not (3 <= len(self.prefix) <= 12 and self.prefix.isalnum() and self.prefix[0].isalpha()):
            raise SynthError(
                "--prefix: 3-12 letters and digits, starting with a letter (NCBI locus_tag rules)"
            )
        if self.inject < 0 or self.inject * 3 > self.genes:
            raise SynthError(f"--inject {self.inject} needs at least {self.inject * 3} genes")
        if not 0.2 <= self.gc <= 0.6:
            raise SynthError("--gc must be between 0.2 and 0.6")
        if not 0.0 <= self.partial_prob <= 1.0:
            raise SynthError("--partial-prob must be between 0 and 1")


@dataclass(slots=True)
class Interval:
    """One interval in feature-table order: ``first`` is the 5' end in the feature's orientation."""

    first: int
    last: int


@dataclass
class _Pending:
    kind: str
    after: int  # the gene ordinal from which this error may be planted


@dataclass
class _Layout:
    """A gene built in its own orientation, before it is placed on the contig."""

    ordinal: int
    product: str
    partial5: bool
    partial3: bool
    codon_start: int
    u5: int  # 5'UTR length
    cds_len: int
    bounds: list[int]  # exon boundaries in transcript coordinates, 0 .. transcript length
    exons: list[tuple[int, int]]  # [start, end) of each exon in gene coordinates (introns included)
    length: int
    pieces: list[str | int]  # sequence, with an int standing for a gap of that length
    injection: _Pending | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Locus:
    ordinal: int
    locus_tag: str
    product: str
    strand: int
    gene_start: int  # 1-based, low coordinate
    gene_end: int
    exons: list[Interval]
    cds: list[Interval]
    partial5: bool
    partial3: bool
    codon_start: int
    tag_written: str
    cds_product: bool = True
    error: dict[str, Any] | None = None  # the manifest entry of an error planted here
    lines: dict[str, int] = field(default_factory=dict)


@dataclass
class Stats:
    contigs: int = 0
    bases: int = 0
    gc_bases: int = 0
    genes: int = 0
    exons: int = 0
    plus_strand: int = 0
    partial_5: int = 0
    partial_3: int = 0
    gaps: int = 0
    fsa_lines: int = 0
    tbl_lines: int = 0


class _FastaWriter:
    """Wraps sequence at a fixed width as pieces of any size stream in, and knows which line holds a base."""

    def __init__(self, fh: TextIO, width: int) -> None:
        self.fh = fh
        self.width = width
        self.line = 0  # lines written so far
        self.pos = 0  # bases (and gap positions) of the current record so far
        self._buf: list[str] = []
        self._buffered = 0
        self._carry = ""  # the part line held back until more sequence arrives
        self._carry_pos = 0  # record position of the first base not yet written
        self._inserts: dict[int, str] = {}
        self._runs: list[tuple[int, int]] = []  # (first position, its line) of each run between gap lines

    def header(self, text: str) -> None:
        self.fh.write(text + "\n")
        self.line += 1
        self.pos = self._carry_pos = 0
        self._runs = [(0, self.line + 1)]

    def seq(self, s: str) -> None:
        self._buf.append(s)
        self._buffered += len(s)
        self.pos += len(s)
        if self._buffered >= 1 << 20:
            self._drain(final=False)

    def insert(self, pos: int, char: str) -> None:
        """Write ``char`` just before base ``pos`` (0-based) without it counting as a base."""
        assert pos >= self._carry_pos, "that line is already written"
        self._inserts[pos] = char

    def gap_line(self, length: int, unknown: bool) -> None:
        self._drain(final=True)
        self.fh.write(f">?{'unk' if unknown else ''}{length}\n")
        self.line += 1
        self.pos += length
        self._carry_pos = self.pos
        self._runs.append((self.pos, self.line + 1))

    def end_record(self) -> None:
        self._drain(final=True)

    def line_of(self, pos: int) -> int:
        """The line holding 0-based position ``pos`` of the current record (a base, not a gap line's)."""
        start, first_line = self._runs[bisect.bisect_right(self._runs, (pos, math.inf)) - 1]
        return first_line + (pos - start) // self.width

    def _drain(self, final: bool) -> None:
        s = self._carry + "".join(self._buf)
        self._buf = []
        self._buffered = 0
        w = self.width
        full = len(s) if final else len(s) - len(s) % w
        if full:
            lines = [s[i : i + w] for i in range(0, full, w)]
            for pos in [p for p in self._inserts if p < self._carry_pos + full]:
                row, col = divmod(pos - self._carry_pos, w)
                lines[row] = lines[row][:col] + self._inserts.pop(pos) + lines[row][col:]
            self.fh.write("\n".join(lines))
            self.fh.write("\n")
            self.line += len(lines)
        self._carry = s[full:]
        self._carry_pos += full


def _revcomp(s: str) -> str:
    return s.translate(_COMPLEMENT)[::-1]


class _Generator:
    def __init__(self, config: SynthConfig) -> None:
        self.cfg = config
        self.rng = random.Random(config.seed)
        # Planting errors draws only from this stream, so it never shifts the clean genome's draws.
        self.irng = random.Random(f"synth-inject-{config.seed}")
        self.stats = Stats()
        self.digits = max(6, len(str(config.genes * 10)))
        self.fsa_name = f"{config.basename}.fsa"
        self.tbl_name = f"{config.basename}.tbl"
        self.errors: list[dict[str, Any]] = []
        self.pending: list[_Pending] = []
        if config.inject:
            kinds = list(ERROR_KINDS)
            span = config.genes / config.inject
            # Spread over the first 90 % of the genes, so an error deferred for want of a suitable gene
            # still finds one before the genome ends.
            self.pending = [
                _Pending(
                    kinds[i % len(kinds)], int(i * span * 0.9) + self.irng.randrange(max(1, int(span / 3)))
                )
                for i in range(config.inject)
            ]
        self.gap_prob = 0.0
        self.gaps_owed = 0
        self.tbl_line = 0

    # ---- sequence --------------------------------------------------------------------------------

    def _random_seq(self, n: int, gc: float) -> str:
        if n <= 0:
            return ""
        table = _BASE_TABLES[min(60, max(20, round(gc * 100)))]
        return self.rng.randbytes(n).translate(table).decode("ascii")

    def _intergenic(self, n: int) -> str:
        # Isochore-like: each stretch gets its own GC around the genome mean.
        s = self._random_seq(n, min(0.6, max(0.2, self.rng.gauss(self.cfg.gc, 0.03))))
        if n >= 300 and self.rng.random() < 0.15:
            unit = self._random_seq(self.rng.choice((1, 2, 2, 3, 4)), 0.3)
            ssr = (unit * self.rng.randint(8, 25))[: n // 3]
            at = self.rng.randrange(50, n - len(ssr) - 49)
            s = s[:at] + ssr + s[at + len(ssr) :]
        return s

    def _intron(self, n: int) -> str:
        # GTRAGT donor, AT-rich body, TACTAAC branch point, pyrimidine tract, YAG acceptor.
        donor = "GT" + self.rng.choice("AG") + "AGT"
        tract = self.rng.randbytes(self.rng.randint(8, 14)).translate(_PYRIMIDINE_TABLE).decode("ascii")
        acceptor = self.rng.choice("CT") + "AG"
        tail = "TACTAAC" + self._random_seq(self.rng.randint(5, 15), 0.3) + tract + acceptor
        body = n - len(donor) - len(tail)
        if body < 0:
            return donor + self._random_seq(n - len(donor) - len(acceptor), 0.3) + acceptor
        return donor + self._random_seq(body, 0.32) + tail

    def _codons(self, n: int) -> str:
        return "".join(self.rng.choices(SENSE_CODONS, cum_weights=_CUM_CODON_WEIGHTS, k=n))

    # ---- layout ----------------------------------------------------------------------------------

    def _contig_lengths(self) -> list[int]:
        cfg = self.cfg
        raw = [self.rng.lognormvariate(0.0, cfg.contig_sigma) for _ in range(cfg.contigs)]
        floor_len = max(1000, int(0.2 * cfg.size / cfg.contigs))
        spare = cfg.size - floor_len * cfg.contigs
        lengths = [floor_len + int(spare * r / sum(raw)) for r in raw]
        lengths[-1] += cfg.size - sum(lengths)
        return lengths

    @staticmethod
    def _apportion(total: int, weights: Sequence[float]) -> list[int]:
        """Split ``total`` in proportion to ``weights`` by largest remainder, so the parts add up exactly."""
        quotas = [total * w / sum(weights) for w in weights]
        parts = [int(q) for q in quotas]
        order = sorted(range(len(weights)), key=lambda i: (quotas[i] - parts[i], -i), reverse=True)
        for i in order[: total - sum(parts)]:
            parts[i] += 1
        return parts

    # ---- genes -----------------------------------------------------------------------------------

    def _gene_plan(self, budget: int, partial5: bool, partial3: bool) -> tuple[list[int], int, int, int]:
        """Intron lengths, UTR lengths and CDS length (nt) of a gene that fits in ``budget`` bases."""
        rng = self.rng
        k = rng.choices(range(1, 11), weights=(20, 20, 17, 13, 10, 7, 5, 4, 2, 2))[0]
        # Introns are longer where genes are sparser, as in real genomes.
        median = min(1500.0, max(70.0, 0.05 * self.cfg.size / max(1, self.cfg.genes)))
        introns = [
            int(min(20 * median, max(50.0, rng.lognormvariate(math.log(median), 0.6)))) for _ in range(k - 1)
        ]
        u5 = 0 if partial5 else int(min(300, max(20, rng.lognormvariate(math.log(80), 0.6))))
        u3 = 0 if partial3 else int(min(600, max(30, rng.lognormvariate(math.log(150), 0.6))))
        cds = 3 * int(min(3000, max(60, rng.lognormvariate(math.log(420), 0.55))))
        # Coding sequence may shrink to about a third of the budget; beyond that introns get shorter, then
        # fewer, as in compact genomes where most genes have one or two exons.
        cap = budget - u5 - u3 - 3 * max(60, int(0.35 * budget) // 3)
        if sum(introns) > cap:
            introns = [max(50, int(n * max(cap, 0) / sum(introns))) for n in introns]
            while introns and sum(introns) > cap:
                introns.pop()
        room = budget - u5 - u3 - sum(introns)
        if room < 3 * 40:
            u5, u3 = min(u5, 20), min(u3, 30)
            room = budget - u5 - u3 - sum(introns)
        return introns, u5, u3, max(3 * 40, min(cds, room - room % 3))

    def _build_gene(
        self, ordinal: int, budget: int, partial5: bool, partial3: bool, context: dict[str, Any]
    ) -> _Layout:
        rng = self.rng
        introns, u5, u3, cds_len = self._gene_plan(budget, partial5, partial3)
        # A 5'-partial CDS starts 0-2 bases before its first complete codon (codon_start 1-3); a 3'-partial
        # one ends 0-2 bases after its last.
        lead = rng.randrange(3) if partial5 else 0
        trail = rng.randrange(3) if partial3 else 0
        n_codons = cds_len // 3 - (0 if partial5 else 1) - (0 if partial3 else 1)
        cds = (
            self._random_seq(lead, 0.45)
            + ("" if partial5 else "ATG")
            + self._codons(n_codons)
            + ("" if partial3 else rng.choice(STOP_CODONS))
            + self._random_seq(trail, 0.45)
        )
        cds_len = len(cds)
        transcript = self._random_seq(u5, 0.38) + cds + self._random_seq(u3, 0.33)
        # Exon boundaries fall inside the CDS in any phase, 30 nt apart at least and 6 nt clear of its ends.
        cuts: list[int] = []
        if introns:
            lo = u5 + 6
            slots = (cds_len - 12) // 30
            if slots >= len(introns):
                cuts = [
                    lo + 30 * p + rng.randrange(30) for p in sorted(rng.sample(range(slots), len(introns)))
                ]
                cuts = [c for i, c in enumerate(cuts) if i == 0 or c - cuts[i - 1] >= 30]
        intron_seqs = [self._intron(n) for n in introns[: len(cuts)]]
        product = HYPOTHETICAL if rng.random() < 0.4 else rng.choice(PRODUCTS)
        layout = _Layout(ordinal, product, partial5, partial3, lead + 1, u5, cds_len, [], [], 0, [])
        spans = self._coding_spans(cuts, len(transcript), u5, cds_len)
        shape = {
            **context,
            "complete": not partial5 and not partial3,
            "introns": len(cuts),
            "longest_coding_exon": max(b - a for a, b in spans),
            "cds_len": cds_len,
        }
        gap_at = None
        layout.injection = self._take_injection(ordinal, shape) if self.pending else None
        if layout.injection is not None:
            transcript, intron_seqs, gap_at = self._mutate(layout, transcript, intron_seqs, spans)
        layout.bounds = [0, *cuts, len(transcript)]
        offset = 0
        for i in range(len(cuts) + 1):
            exon = transcript[layout.bounds[i] : layout.bounds[i + 1]]
            layout.exons.append((offset, offset + len(exon)))
            layout.pieces.append(exon)
            offset += len(exon)
            if i < len(intron_seqs):
                layout.pieces.append(intron_seqs[i])
                offset += len(intron_seqs[i])
        layout.length = offset
        if gap_at is not None:
            flat = "".join(p for p in layout.pieces if isinstance(p, str))
            layout.pieces = [flat[:gap_at], GAP_LEN, flat[gap_at + GAP_LEN :]]
        return layout

    @staticmethod
    def _coding_spans(cuts: list[int], length: int, u5: int, cds_len: int) -> list[tuple[int, int]]:
        """Transcript [start, end) of the coding part of each exon (empty for an exon that is all UTR)."""
        bounds = [0, *cuts, length]
        return [
            (max(bounds[j], u5), max(bounds[j], min(bounds[j + 1], u5 + cds_len)))
            for j in range(len(cuts) + 1)
        ]

    def _mutate(
        self, layout: _Layout, transcript: str, intron_seqs: list[str], spans: list[tuple[int, int]]
    ) -> tuple[str, list[str], int | None]:
        """Plant a sequence-level error; returns the new transcript, introns and where a gap goes, if any."""
        assert layout.injection is not None
        kind, irng, u5, cds_len = layout.injection.kind, self.irng, layout.u5, layout.cds_len

        def codon_at(at: int, codon: str) -> str:
            layout.detail.update({"was": transcript[at : at + 3], "now": codon, "transcript_offset": at})
            return transcript[:at] + codon + transcript[at + 3 :]

        if kind == "internal_stop":
            n = cds_len // 3
            codon = irng.randrange(max(1, n // 4), max(2, n - 1 - n // 4))
            layout.detail["codon"] = codon + 1
            return codon_at(u5 + 3 * codon, irng.choice(STOP_CODONS)), intron_seqs, None
        if kind == "bad_start_codon":
            # AAG: neither a stop nor one of code 1's alternative starts (TTG, CTG).
            return codon_at(u5, "AAG"), intron_seqs, None
        if kind == "missing_stop":
            return codon_at(u5 + cds_len - 3, "TGG"), intron_seqs, None
        if kind in ("bad_splice_donor", "bad_splice_acceptor"):
            i = irng.randrange(len(intron_seqs))
            s = intron_seqs[i]
            donor = kind == "bad_splice_donor"
            new = "CA" + s[2:] if donor else s[:-2] + "TC"
            layout.detail.update(
                {"intron": i + 1, "was": s[:2] if donor else s[-2:], "now": new[:2] if donor else new[-2:]}
            )
            return transcript, [*intron_seqs[:i], new, *intron_seqs[i + 1 :]], None
        if kind == "feature_crosses_gap":
            # The middle of the longest coding exon: replacing bases keeps every coordinate valid.
            j = max(range(len(spans)), key=lambda x: spans[x][1] - spans[x][0])
            lo, hi = spans[j]
            at = lo + (hi - lo - GAP_LEN) // 2
            layout.detail["exon"] = j + 1
            return transcript, intron_seqs, at + sum(len(s) for s in intron_seqs[:j])
        return transcript, intron_seqs, None

    @staticmethod
    def _eligible(kind: str, shape: dict[str, Any]) -> bool:
        # Only complete genes, and never next to another planted error, so each error is alone in its locus.
        if not shape["complete"]:
            return False
        if kind in ("bad_splice_donor", "bad_splice_acceptor"):
            return bool(shape["introns"])
        if kind == "feature_crosses_gap":
            # Gap off the exon ends, and a translation mostly free of X (tbl2asn errors at more than 50 % X).
            return bool(shape["longest_coding_exon"] >= GAP_LEN + 40 and shape["cds_len"] >= 6 * GAP_LEN)
        if kind == "duplicate_locus_tag":
            return bool(shape["previous_clean"])
        if kind == "non_iupac":
            return bool(shape["lead_space"] >= 40)
        if kind == "bad_coordinate":
            return bool(shape["last_on_contig"])
        return True

    def _take_injection(self, ordinal: int, shape: dict[str, Any]) -> _Pending | None:
        for i, pending in enumerate(self.pending):
            if pending.after > ordinal:
                break
            if self._eligible(pending.kind, shape):
                return self.pending.pop(i)
        return None

    # ---- contigs ---------------------------------------------------------------------------------

    def run(self, fsa: TextIO, tbl: TextIO) -> None:
        cfg = self.cfg
        lengths = self._contig_lengths()
        genes_per = self._apportion(cfg.genes, lengths) if cfg.genes else [0] * cfg.contigs
        stretches = sum(g + 1 for g in genes_per)
        self.gap_prob = min(0.9, cfg.size / cfg.gap_every / stretches) if cfg.gap_every > 0 else 0.0
        width = max(4, len(str(cfg.contigs)))
        writer = _FastaWriter(fsa, cfg.line_width)
        ordinal = 0
        for c, (length, n_genes) in enumerate(zip(lengths, genes_per, strict=True)):
            ordinal = self._contig(writer, tbl, f"scaffold_{c + 1:0{width}d}", length, n_genes, ordinal)
        self.stats.fsa_lines = writer.line
        self.stats.tbl_lines = self.tbl_line
        if self.pending:
            raise SynthError(
                f"found no place for {len(self.pending)} of the errors to inject; use more genes"
            )

    def _contig(
        self, writer: _FastaWriter, tbl: TextIO, seqid: str, length: int, n_genes: int, ordinal: int
    ) -> int:
        cfg, rng = self.cfg, self.rng
        writer.header(f">{seqid} [organism={cfg.organism}] [strain={cfg.strain}] [moltype=genomic]")
        self.stats.contigs += 1
        # The table is written gene by gene, so only the previous locus (for duplicate tags) stays in memory.
        tbl.write(f">Feature {seqid}\n")
        self.tbl_line += 1
        previous: Locus | None = None
        contig_errors: list[dict[str, Any]] = []
        gaps: list[int] = []
        if n_genes == 0:
            self._emit_intergenic(writer, length, rng.random() < self.gap_prob, gaps)
        else:
            slots = self._apportion(length, [rng.randint(70, 130) for _ in range(n_genes)])
            first_partial = rng.random() < cfg.partial_prob
            # A lone gene is never partial at both ends: it would have to fill its contig exactly.
            last_partial = n_genes > 1 and rng.random() < cfg.partial_prob
            carry = 0  # intergenic bases owed from the previous slot's tail
            for i, slot in enumerate(slots):
                ordinal += 1
                strand = 1 if rng.random() < 0.5 else -1
                at_start = i == 0 and first_partial
                at_end = i == n_genes - 1 and last_partial
                # Running off the left end of the contig is 5' partial on the plus strand, 3' on the minus.
                partial5 = (at_start and strand == 1) or (at_end and strand == -1)
                partial3 = (at_start and strand == -1) or (at_end and strand == 1)
                budget = min(30_000, int(slot * rng.uniform(0.55, 0.85)))
                context = {
                    "previous_clean": previous is not None and previous.error is None,
                    "lead_space": carry,
                    "last_on_contig": i == n_genes - 1,
                }
                layout = self._build_gene(ordinal, budget, partial5, partial3, context)
                glen = layout.length
                assert glen <= slot - 2, "a gene overran its slot"
                if at_start:
                    offset = 0
                elif at_end:
                    offset = slot - glen
                else:
                    offset = rng.randint(min(20, (slot - glen) // 2), max(20, slot - glen - 20))
                lead = 0 if at_start else carry + offset
                planted = layout.injection is not None and layout.injection.kind == "non_iupac"
                gapped = rng.random() < self.gap_prob
                if lead:
                    stray = self._emit_intergenic(writer, lead, gapped, gaps, lead - 20 if planted else None)
                    if stray is not None:
                        layout.detail.update({"position": stray + 1, "line": writer.line_of(stray)})
                gene_start = writer.pos + 1
                pieces = layout.pieces
                if strand == -1:
                    pieces = [_revcomp(p) if isinstance(p, str) else p for p in reversed(pieces)]
                for p in pieces:
                    if isinstance(p, str):
                        self._emit(writer, p)
                        continue
                    gaps.append(writer.pos)
                    self._emit_gap(writer)
                    # The gap line itself, or the line where the run of N starts.
                    gap_line = writer.line if cfg.gap_lines else writer.line_of(gaps[-1])
                    layout.detail.update({"gap": [gaps[-1] + 1, gaps[-1] + GAP_LEN], "gap_line": gap_line})
                locus = self._locus(layout, strand, gene_start, seqid, previous)
                if locus.error is not None:
                    contig_errors.append(locus.error)
                    if "position" in locus.error:
                        locus.error.setdefault("sequence_line", writer.line_of(locus.error["position"] - 1))
                self._write_locus(tbl, locus, length)
                previous = locus
                carry = slot - offset - glen
            if carry:
                self._emit_intergenic(writer, carry, rng.random() < self.gap_prob, gaps)
        writer.end_record()
        self.stats.bases += writer.pos
        if gaps and cfg.gap_lines:
            # A contig with a gap line is a delta sequence to tbl2asn, which then says more about some errors.
            for err in contig_errors:
                if err["code"]:
                    err["codes"] += ERROR_KINDS[err["kind"]].delta_codes
        return ordinal

    def _emit_intergenic(
        self, writer: _FastaWriter, n: int, gapped: bool, gaps: list[int], stray_at: int | None = None
    ) -> int | None:
        """Write ``n`` intergenic bases, perhaps with a gap in the middle.

        With ``stray_at`` (an offset into the stretch), a non-IUPAC character goes in before that base, whose
        0-based contig position is returned.
        """
        start = writer.pos
        # A stretch too short to hold a gap with room on both sides passes its gap on to the next one.
        self.gaps_owed += gapped
        parts: list[str | int]
        if self.gaps_owed and n >= GAP_LEN + 300:
            self.gaps_owed -= 1
            left = (n - GAP_LEN) // 2 + self.rng.randint(-50, 50)
            parts = [self._intergenic(left), GAP_LEN, self._intergenic(n - GAP_LEN - left)]
        else:
            parts = [self._intergenic(n)]
        stray = None
        offset = 0
        for part in parts:
            if isinstance(part, int):
                gaps.append(writer.pos)
                self._emit_gap(writer)
                offset += part
                continue
            if stray_at is not None and offset <= stray_at < offset + len(part):
                stray = start + stray_at
                writer.insert(stray, NON_IUPAC)
            self._emit(writer, part)
            offset += len(part)
        return stray

    def _emit(self, writer: _FastaWriter, s: str) -> None:
        writer.seq(s)
        self.stats.gc_bases += s.count("G") + s.count("C")

    def _emit_gap(self, writer: _FastaWriter) -> None:
        self.stats.gaps += 1
        if self.cfg.gap_lines:
            writer.gap_line(GAP_LEN, unknown=self.cfg.gap_lines == "unknown")
        else:
            writer.seq("N" * GAP_LEN)

    # ---- loci and the feature table --------------------------------------------------------------

    def _locus(
        self, layout: _Layout, strand: int, gene_start: int, seqid: str, previous: Locus | None
    ) -> Locus:
        gene_end = gene_start + layout.length - 1

        def to_genome(lo: int, hi: int) -> Interval:
            # [lo, hi) in gene coordinates -> a feature-table interval, 5' end first.
            if strand == 1:
                return Interval(gene_start + lo, gene_start + hi - 1)
            return Interval(gene_end - lo, gene_end - hi + 1)

        bounds, u5, cds_end = layout.bounds, layout.u5, layout.u5 + layout.cds_len
        cds = []
        for (a, _), t0, t1 in zip(layout.exons, bounds, bounds[1:], strict=False):
            lo, hi = max(t0, u5), min(t1, cds_end)
            if lo < hi:
                cds.append(to_genome(a + lo - t0, a + hi - t0))
        tag = f"{self.cfg.prefix}_{layout.ordinal * 10:0{self.digits}d}"
        locus = Locus(
            ordinal=layout.ordinal,
            locus_tag=tag,
            product=layout.product,
            strand=strand,
            gene_start=gene_start,
            gene_end=gene_end,
            exons=[to_genome(a, b) for a, b in layout.exons],
            cds=cds,
            partial5=layout.partial5,
            partial3=layout.partial3,
            codon_start=layout.codon_start,
            tag_written=tag,
        )
        st = self.stats
        st.genes += 1
        st.exons += len(locus.exons)
        st.plus_strand += strand == 1
        st.partial_5 += locus.partial5
        st.partial_3 += locus.partial3
        if layout.injection is not None:
            self._record_error(layout, locus, seqid, previous)
        return locus

    def _record_error(self, layout: _Layout, locus: Locus, seqid: str, previous: Locus | None) -> None:
        assert layout.injection is not None
        kind = layout.injection.kind
        detail = dict(layout.detail)
        entry: dict[str, Any] = {
            "id": len(self.errors) + 1,
            "kind": kind,
            **ERROR_KINDS[kind].expected(self.cfg.gap_lines),
            "seqid": seqid,
            "locus_tag": locus.locus_tag,
            "protein_id": f"gnl|{self.cfg.db}|{locus.locus_tag}",
        }
        if kind == "locus_tag_space":
            locus.tag_written = f"{self.cfg.prefix} {locus.locus_tag[len(self.cfg.prefix) + 1 :]}"
            detail["written"] = locus.tag_written
        elif kind == "duplicate_locus_tag":
            assert previous is not None
            locus.tag_written = previous.tag_written
            detail.update({"written": locus.tag_written, "first_use": previous.locus_tag})
        elif kind == "cds_without_product":
            locus.cds_product = False
        elif kind == "non_iupac":
            entry.update({"file": self.fsa_name, "line": detail.pop("line"), "feature": None})
            entry["position"] = detail.pop("position")
        elif kind == "feature_crosses_gap":
            entry.update({"position": detail["gap"][0], "sequence_line": detail["gap_line"]})
        offset = detail.pop("transcript_offset", None)
        if offset is not None:
            # The first base of the changed codon, in the gene's orientation.
            entry["position"] = self._transcript_to_genome(locus, offset)
        entry["detail"] = detail
        locus.error = entry
        self.errors.append(entry)

    @staticmethod
    def _transcript_to_genome(locus: Locus, offset: int) -> int:
        for iv in locus.exons:
            n = abs(iv.last - iv.first) + 1
            if offset < n:
                return iv.first + offset if locus.strand == 1 else iv.first - offset
            offset -= n
        raise ValueError("offset beyond the transcript")

    def _write_locus(self, tbl: TextIO, loc: Locus, contig_len: int) -> None:
        out: list[str] = []
        base = self.tbl_line

        def feature(key: str, ivs: list[Interval]) -> int:
            line = base + len(out) + 1
            for n, iv in enumerate(ivs):
                first = f"<{iv.first}" if loc.partial5 and n == 0 else str(iv.first)
                last = f">{iv.last}" if loc.partial3 and n == len(ivs) - 1 else str(iv.last)
                out.append(f"{first}\t{last}\t{key}" if n == 0 else f"{first}\t{last}")
            return line

        def qual(key: str, value: str) -> int:
            out.append(f"\t\t\t{key}\t{value}")
            return base + len(out)

        gene = (
            Interval(loc.gene_start, loc.gene_end)
            if loc.strand == 1
            else Interval(loc.gene_end, loc.gene_start)
        )
        err = loc.error
        if err is not None and err["kind"] == "bad_coordinate":
            # Past the end of the contig, as in a table made for another version of the assembly.
            bad = contig_len + 1 + self.irng.randrange(5, 500)
            gene = Interval(gene.first, bad) if loc.strand == 1 else Interval(bad, gene.last)
            err["detail"].update({"written": bad, "contig_length": contig_len})
        protein_id = f"gnl|{self.cfg.db}|{loc.locus_tag}"
        transcript_id = f"gnl|{self.cfg.db}|mrna.{loc.locus_tag}"
        loc.lines["gene"] = feature("gene", [gene])
        loc.lines["locus_tag"] = qual("locus_tag", loc.tag_written)
        loc.lines["mRNA"] = feature("mRNA", loc.exons)
        qual("product", loc.product)
        qual("protein_id", protein_id)
        qual("transcript_id", transcript_id)
        loc.lines["CDS"] = feature("CDS", loc.cds)
        if loc.partial5:
            qual("codon_start", str(loc.codon_start))
        if loc.cds_product:
            qual("product", loc.product)
        qual("protein_id", protein_id)
        qual("transcript_id", transcript_id)
        if err is not None and err["kind"] != "non_iupac":
            where = ERROR_KINDS[err["kind"]].line
            err.update({"file": self.tbl_name, "line": loc.lines[where]})
            err["feature"] = "gene" if where == "locus_tag" else where
        tbl.write("\n".join(out) + "\n")
        self.tbl_line += len(out)


def generate(outdir: Path | str, config: SynthConfig) -> dict[str, Any]:
    """Write ``{basename}.fsa``, ``{basename}.tbl``, ``manifest.json`` (and ``{basename}.sbt`` when a template
    is given) to ``outdir``; returns the manifest."""
    config.check()
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    gen = _Generator(config)
    with (
        open(out / gen.fsa_name, "w", encoding="ascii", newline="\n", buffering=1 << 20) as fsa,
        open(out / gen.tbl_name, "w", encoding="ascii", newline="\n", buffering=1 << 20) as tbl,
    ):
        gen.run(fsa, tbl)
    if config.sbt is not None:
        shutil.copyfile(config.sbt, out / f"{config.basename}.sbt")
    stats = asdict(gen.stats)
    stats["gc_fraction"] = round(gen.stats.gc_bases / max(1, gen.stats.bases), 4)
    manifest = {
        "generator": "devtools.synth",
        "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(config).items()},
        "files": {"fasta": gen.fsa_name, "table": gen.tbl_name},
        "stats": stats,
        "codes_from": "tbl2asn 25.3 -a s -V v",
        "errors": gen.errors,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


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


if __name__ == "__main__":
    sys.exit(main())
