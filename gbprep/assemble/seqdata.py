"""A Bioseq's ``inst``: residues packed the way tbl2asn packs them, raw or delta with gap literals.

Packing, as tbl2asn 25.3 writes it: a nucleotide of A/C/G/T only is ``ncbi2na`` (four bases a byte), with
other IUPAC letters ``ncbi4na`` (two a byte); when the records are a FASTA set (any ``-a``), raw sequences stay
``iupacna`` text. Delta literals are always packed. Proteins are ``ncbieaa`` text.

Gaps become delta literals without data: from ``>?N`` lines in the FASTA, from ``assembly_gap`` features, and
from runs of Ns when ``-a r<N>u|k`` asks for it (``u``: unknown length, written ``fuzz lim unk``; ``k``: known).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gbprep.model.asntree import choice, ident, integer, octets, seq_of, string, struct
from gbprep.model.diagnostics import SourcePos
from gbprep.model.records import AsnNode

_NCBI2NA = {"A": 0, "C": 1, "G": 2, "T": 3}
_NCBI4NA = {c: i for i, c in enumerate("-ACMGRSVTWYHKDBN")}
_ACGT = re.compile(r"[^ACGT]")
_HEX = b"0123456789ABCDEF"
_TO_2NA_HEX = bytes.maketrans(b"ACGT", b"0123")
_TO_4NA_HEX = bytes.maketrans(b"-ACMGRSVTWYHKDBNU", _HEX + b"8")
# The byte 0xXY (X, Y in 0-3: two 2-bit codes) to the hex digit of the nibble X<<2|Y.
_PAIR_TO_HEX = bytes(_HEX[((b >> 4) << 2 | (b & 15)) & 15] for b in range(256))


@dataclass(frozen=True, slots=True)
class GapSpec:
    """A gap to write as a delta literal: where, how long, and what the assembly says about it."""

    start: int  # 0-based offset in the residues
    length: int
    unknown: bool = False
    gap_type: str = ""  # Seq-gap type name: 'scaffold', 'contig', 'centromere', ... ('' for unknown)
    linkage: bool | None = None
    evidence: tuple[str, ...] = ()
    pos: SourcePos | None = None


def pack_ncbi2na(bases: str) -> bytes:
    """Four bases a byte, first base in the high bits; the last byte padded with A (0).

    Done with byte-string primitives only (a 12 Mb genome is 3 MB of packed bytes): each base becomes a hex
    digit 0-3, ``fromhex`` pairs them into bytes ``0xXY``, a table turns each into the hex digit of
    ``X<<2|Y``, and a second ``fromhex`` pairs those: ``b1<<6 | b2<<4 | b3<<2 | b4``.
    """
    digits = bases.encode("ascii").translate(_TO_2NA_HEX)
    if len(digits) % 4:
        digits += b"0" * (4 - len(digits) % 4)
    return bytes.fromhex(bytes.fromhex(digits.decode("ascii")).translate(_PAIR_TO_HEX).decode("ascii"))


def pack_ncbi4na(bases: str) -> bytes:
    """Two bases a byte, first base in the high nibble; the last byte padded with 0."""
    digits = bases.encode("ascii").translate(_TO_4NA_HEX)
    if len(digits) % 2:
        digits += b"0"
    return bytes.fromhex(digits.decode("ascii"))


def _packed(bases: str, *, as_text: bool) -> AsnNode:
    if as_text:
        return string("iupacna", bases)
    if _ACGT.search(bases) is None:
        return octets("ncbi2na", pack_ncbi2na(bases))
    return octets("ncbi4na", pack_ncbi4na(bases))


def seq_data(bases: str, *, as_text: bool, pos: SourcePos) -> AsnNode:
    node = _packed(bases, as_text=as_text)
    return choice("seq-data", str(node.name), node, pos)


def protein_data(residues: str, pos: SourcePos) -> AsnNode:
    return choice("seq-data", "ncbieaa", string(None, residues), pos)


def _gap_literal(gap: GapSpec) -> AsnNode:
    fields: list[AsnNode | None] = [integer("length", gap.length)]
    if gap.unknown:
        fields.append(choice("fuzz", "lim", ident(None, "unk")))
    if gap.gap_type or gap.linkage is not None or gap.evidence:
        gap_fields: list[AsnNode | None] = [ident("type", gap.gap_type or "unknown")]
        if gap.linkage is not None:
            gap_fields.append(ident("linkage", "linked" if gap.linkage else "unlinked"))
        if gap.evidence:
            gap_fields.append(
                seq_of("linkage-evidence", [struct(None, [ident("type", e)]) for e in gap.evidence])
            )
        fields.append(choice("seq-data", "gap", struct(None, gap_fields)))
    return struct("literal", fields, gap.pos or SourcePos("", 0))


def inst(
    bases: str,
    gaps: list[GapSpec],
    *,
    mol: str,
    as_text: bool,
    pos: SourcePos,
    topology: str | None = None,
) -> AsnNode:
    """The Seq-inst: ``repr raw`` with the residues, or ``repr delta`` when there are gaps."""
    head: list[AsnNode | None] = [None, ident("mol", mol), integer("length", len(bases))]
    if topology and topology != "linear":
        head.append(ident("topology", topology))
    if not gaps:
        head[0] = ident("repr", "raw")
        return struct("inst", [*head, seq_data(bases, as_text=as_text, pos=pos)], pos)
    head[0] = ident("repr", "delta")
    pieces: list[AsnNode] = []
    at = 0
    for gap in sorted(gaps, key=lambda g: g.start):
        if gap.start > at:
            pieces.append(_data_literal(bases[at : gap.start], pos))
        pieces.append(_gap_literal(gap))
        at = gap.start + gap.length
    if at < len(bases):
        pieces.append(_data_literal(bases[at:], pos))
    delta = seq_of("delta", pieces)
    return struct("inst", [*head, choice("ext", "delta", delta, pos)], pos)


def _data_literal(bases: str, pos: SourcePos) -> AsnNode:
    node = _packed(bases, as_text=False)
    data = choice("seq-data", str(node.name), node, pos)
    return struct("literal", [integer("length", len(bases)), data], pos)


def n_runs(bases: str, minimum: int) -> list[tuple[int, int]]:
    """(start, length) of every run of at least ``minimum`` Ns."""
    return [(m.start(), m.end() - m.start()) for m in re.finditer(f"N{{{minimum},}}", bases)]
