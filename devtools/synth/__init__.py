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

The package: ``config`` (parameters, planted error kinds), ``bases`` and ``genes`` (sequence), ``shapes``,
``fasta_writer``, ``generator`` (contigs, the table, ``generate``) and ``cli``.
"""

from devtools.synth.bases import GENETIC_CODE_1, SENSE_CODONS, STOP_CODONS
from devtools.synth.cli import main
from devtools.synth.config import (
    ERROR_KINDS,
    GAP_LEN,
    GAP_MODES,
    HYPOTHETICAL,
    NON_IUPAC,
    PRODUCTS,
    ErrorKind,
    SynthConfig,
    SynthError,
)
from devtools.synth.generator import generate
from devtools.synth.shapes import Interval, Locus, Stats

__all__ = [
    "ERROR_KINDS",
    "GAP_LEN",
    "GAP_MODES",
    "GENETIC_CODE_1",
    "HYPOTHETICAL",
    "NON_IUPAC",
    "PRODUCTS",
    "SENSE_CODONS",
    "STOP_CODONS",
    "ErrorKind",
    "Interval",
    "Locus",
    "Stats",
    "SynthConfig",
    "SynthError",
    "generate",
    "main",
]
