"""Random sequence that looks like a eukaryote's: the standard genetic code, a proteome-like codon usage,
and byte tables that turn random bytes into bases at a chosen GC level.
"""

from __future__ import annotations

import itertools

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


def _revcomp(s: str) -> str:
    return s.translate(_COMPLEMENT)[::-1]
