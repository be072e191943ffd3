"""A CDS's protein and its code-breaks, as the assembler needs them.

``protein`` gives what ``rules.coding.translate_cds`` gives: the product without its terminal stop, the frame
and the genetic code.

``code_breaks`` turns ``/transl_except=(pos:a..b,aa:Xxx)`` into the cdregion's Code-breaks. As tbl2asn 25.3
does, only a codon (exactly three bases) becomes one; any other span (a stop codon completed by the poly(A)
tail, ``pos:360..361``) stays a ``transl_except`` qualifier on the feature.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gbprep.model import insdc
from gbprep.model.asntree import choice, ident, integer, struct
from gbprep.model.coding import translate_cds
from gbprep.model.records import AsnNode, Feature, ProteinRecord, Qualifier, SequenceRecord
from gbprep.model.seqids import named

_TRANSL_EXCEPT = re.compile(
    r"^\s*\(\s*pos:\s*(?P<comp>complement\()?\s*(?P<a>\d+)(?:\s*\.\.\s*(?P<b>\d+))?\s*\)?\s*,"
    r"\s*aa:\s*(?P<aa>[^)]+?)\s*\)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Protein:
    residues: str
    frame: int
    code: int


def protein(
    record: SequenceRecord, feature: Feature, code: int, given: ProteinRecord | None
) -> Protein | None:
    """The CDS's product (terminal stop removed), frame and genetic code; None when it cannot be read."""
    translated = translate_cds(record, feature, code, None, given)  # the protein needs no label
    if translated is None:
        return None
    return Protein(translated.protein, translated.frame, translated.code)


def code_breaks(feature: Feature, seq_id: AsnNode) -> tuple[list[AsnNode], list[Qualifier]]:
    """Code-break nodes for the codon-long ``transl_except`` values, and the others as qualifiers to keep."""
    breaks: list[AsnNode] = []
    kept: list[Qualifier] = []
    for q in feature.qualifiers:
        if q.key != "transl_except":
            continue
        match = _TRANSL_EXCEPT.match(q.value or "")
        letter = insdc.amino_acid(match.group("aa")) if match else None
        if match is None or letter is None:
            kept.append(q)
            continue
        a = int(match.group("a"))
        b = int(match.group("b") or a)
        low, high = min(a, b), max(a, b)
        if high - low != 2:
            kept.append(q)
            continue
        minus = bool(match.group("comp"))
        where = struct(
            "int",
            [
                integer("from", low - 1),
                integer("to", high - 1),
                _strand(minus),
                named(seq_id, "id"),
            ],
            q.pos,
        )
        aa = choice("aa", "ncbieaa", integer(None, ord(letter)))
        breaks.append(struct(None, [choice("loc", "int", where), aa], q.pos))
    return breaks, kept


def _strand(minus: bool) -> AsnNode:
    return ident("strand", "minus" if minus else "plus")
