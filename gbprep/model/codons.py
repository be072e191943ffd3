"""Coding sequences of plain A/C/G/T translated by byte-string primitives, with no Python step per codon.

Cutting a CDS into codon strings and looking each one up was a tenth of the whole job on a genome (a regular
expression and a dictionary per codon). Here a codon becomes its number 0-63 (16 x first + 4 x second +
third base, A=0 C=1 G=2 T=3) and the number its amino acid, all in C:

* each base becomes the hex digit ``0``-``3``;
* the second and third bases of every codon, interleaved, are read as hex pairs: one byte ``16b + c`` per
  codon, which a table turns into the hex digit of ``4b + c``;
* that digit after the first base's digit is read as a hex pair again: the byte ``16a + 4b + c``;
* a table of the genetic code turns those bytes into amino-acid letters.

A sequence with any other letter (IUPAC ambiguity, lower case, a gap) is left to the caller.
"""

from __future__ import annotations

_DIGITS = bytes(ord("0123"["ACGT".index(chr(b))]) if chr(b) in "ACGT" else ord("x") for b in range(256))
_HEX = "0123456789ABCDEF"
# 16b + c (b, c in 0-3) -> the hex digit of 4b + c; other bytes never occur.
_PAIR_TO_DIGIT = bytes(
    ord(_HEX[(v >> 4) * 4 + (v & 15)]) if v >> 4 < 4 and v & 15 < 4 else 0 for v in range(256)
)


def amino_table(plain: dict[str, str]) -> bytes:
    """The 256-byte table from a codon's number to its amino acid, from the 64 A/C/G/T codons' letters."""
    table = bytearray(b"X" * 256)
    for codon, amino in plain.items():
        a, b, c = ("ACGT".index(base) for base in codon)
        table[16 * a + 4 * b + c] = ord(amino)
    return bytes(table)


def translate_acgt(bases: str, table: bytes) -> str | None:
    """The amino acids of ``bases`` (a multiple of 3 long) by ``table``; None if a base is not A, C, G or T."""
    digits = bases.encode("latin-1", "replace").translate(_DIGITS)
    if b"x" in digits:
        return None
    pairs = bytearray(2 * (len(digits) // 3))
    pairs[0::2] = digits[1::3]
    pairs[1::2] = digits[2::3]
    low = bytes.fromhex(pairs.decode("ascii")).translate(_PAIR_TO_DIGIT)
    pairs[0::2] = digits[0::3]
    pairs[1::2] = low
    return bytes.fromhex(pairs.decode("ascii")).translate(table).decode("ascii")
