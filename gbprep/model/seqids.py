"""Seq-id nodes from the ids people write: FASTA ``>`` ids, ``protein_id`` and ``transcript_id`` values."""

from __future__ import annotations

import re

from gbprep.model.asntree import choice, integer, object_id, string, struct
from gbprep.model.diagnostics import SourcePos
from gbprep.model.records import AsnNode

# Text-seqid types and the fields each takes after its tag (accession[, name]) in NCBI's FASTA id syntax.
_TEXT_IDS = {
    "gb": "genbank",
    "emb": "embl",
    "dbj": "ddbj",
    "pir": "pir",
    "sp": "swissprot",
    "ref": "other",
    "prf": "prf",
    "tpg": "tpg",
    "tpe": "tpe",
    "tpd": "tpd",
    "gpp": "gpipe",
    "nat": "named-annot-track",
    "tr": "swissprot",
}
_FIELDS = {"lcl": 1, "gnl": 2, "gi": 1, **dict.fromkeys(_TEXT_IDS, 2)}
# What tbl2asn reads as a GenBank protein accession when a protein_id has no '|' (AAF26460.1).
# (tbl2asn 25.3 predates the 3+7 protein accessions: KAF1903245.1 stays a local id.)
_PROTEIN_ACCESSION = re.compile(r"^[A-Z]{3}\d{5}(?:\.\d+)?$")
ID_TYPES: dict[str, tuple[int, int]] = {
    "lcl": (1, 1), "gnl": (2, 2), "gi": (1, 1), "bbs": (1, 1), "bbm": (1, 1), "gim": (1, 1),
    "gb": (1, 2), "emb": (1, 2), "dbj": (1, 2), "pir": (1, 2), "sp": (1, 2), "tr": (1, 2), "ref": (1, 2),
    "prf": (1, 2), "tpg": (1, 2), "tpe": (1, 2), "tpd": (1, 2), "gpp": (1, 2), "nat": (1, 2), "pdb": (1, 2),
    "pat": (3, 3), "pgp": (3, 3),
}  # fmt: skip
_REFSEQ_ACCESSION = re.compile(r"^[A-Z]{2}_\d{6,9}(?:\.\d+)?$")


def split_ids(text: str) -> list[tuple[str, list[str]]]:
    """``gnl|DB|tag|gb|ACC.1`` -> ``[("gnl", ["DB", "tag"]), ("gb", ["ACC.1"])]``; a bare word is ``lcl``."""
    text = text.strip()
    if "|" not in text:
        return [("lcl", [text])]
    parts = text.split("|")
    ids: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(parts):
        kind = parts[i].lower()
        if kind not in _FIELDS:
            return [("lcl", [text])]  # not NCBI's syntax: keep the whole text as a local name
        count = _FIELDS[kind]
        values = parts[i + 1 : i + 1 + count]
        if kind in _TEXT_IDS and len(values) == 2 and values[1].lower() in _FIELDS:
            values = values[:1]  # the optional name is really the next id's type
        if not values:
            return [("lcl", [text])]
        ids.append((kind, values))
        i += 1 + len(values)
    return ids


def _tag(value: str) -> tuple[str, str | int]:
    return ("id", int(value)) if value.isdigit() and len(value) < 10 else ("str", value)


def _one(kind: str, values: list[str], pos: SourcePos) -> AsnNode:
    """One Seq-id as its alternative's node (named ``local``, ``general``, ...): how a SET OF Seq-id holds it."""
    if kind == "lcl":
        # A local id stays 'str' even when it is all digits: that is how tbl2asn keeps FASTA ids.
        return object_id("local", values[0], pos)
    if kind == "gnl":
        db, tag = values[0], values[1] if len(values) > 1 else ""
        return struct("general", [string("db", db), object_id("tag", _tag(tag)[1])], pos)
    if kind == "gi":
        return integer("gi", int(values[0]) if values[0].isdigit() else 0, pos)
    accession, _, version = values[0].partition(".")
    fields: list[AsnNode | None] = [string("accession", accession)]
    if len(values) > 1 and values[1]:
        fields.insert(0, string("name", values[1]))
    if version.isdigit():
        fields.append(integer("version", int(version)))
    return struct(_TEXT_IDS[kind], fields, pos)


def seq_ids(text: str, pos: SourcePos) -> list[AsnNode]:
    """Every Seq-id in an id text, as unnamed CHOICE nodes (callers set the element name)."""
    return [_one(kind, values, pos) for kind, values in split_ids(text)]


def protein_ids(text: str, pos: SourcePos) -> list[AsnNode]:
    """Seq-ids for a ``protein_id``: as ``seq_ids``, but a bare accession is a GenBank id."""
    text = text.strip()
    if _PROTEIN_ACCESSION.match(text):
        return seq_ids(f"gb|{text}", pos)
    if _REFSEQ_ACCESSION.match(text):
        return seq_ids(f"ref|{text}", pos)
    return seq_ids(text, pos)


def named(node: AsnNode, name: str) -> AsnNode:
    """A Seq-id as the value of an element (``id``, ``whole``): ``name`` / ``local str "x"``."""
    copy = AsnNode(node.kind, node.pos, node.value, node.name, node.children)
    return choice(name, str(node.name), copy, node.pos)


def best_id(ids: list[AsnNode]) -> AsnNode:
    """The id tbl2asn puts in locations when a Bioseq has several: a text id or general over local."""
    for wanted in ("genbank", "embl", "ddbj", "other", "tpg", "tpe", "tpd", "general"):
        for node in ids:
            if node.name == wanted:
                return node
    return ids[0]


def id_label(node: AsnNode) -> str:
    """The text form of a Seq-id node (``lcl|x``, ``gnl|db|tag``, ``gb|ACC.1``), for indexes and messages."""
    kind = str(node.name)
    if kind == "local":
        return f"lcl|{node.children[0].value}"
    if kind == "general":
        db = node.child("db")
        tag = node.child("tag")
        tag_value = tag.children[0].value if tag is not None and tag.children else ""
        return f"gnl|{db.value if db else ''}|{tag_value}"
    if kind == "gi":
        return f"gi|{node.value}"
    acc = node.child("accession")
    ver = node.child("version")
    return f"{kind}|{acc.value if acc else ''}" + (f".{ver.value}" if ver else "")


# -- the keys under which files refer to a sequence (the FASTA reader's id syntax) --


def split_seq_id(token: str) -> list[tuple[str, list[str]]] | None:
    """``gi|1|gb|M1.1|X`` -> ``[("gi", ["1"]), ("gb", ["M1.1", "X"])]``; None when not an NCBI '|' form."""
    if "|" not in token:
        return [("lcl", [token])]
    parts = token.split("|")
    ids: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(parts):
        kind = parts[i].lower()
        if kind not in ID_TYPES:
            return None
        low, high = ID_TYPES[kind]
        values = parts[i + 1 : i + 1 + high]
        if len(values) > low and values[low].lower() in ID_TYPES:
            values = values[:low]  # the optional field is really the next id's type
        if len(values) < low:
            return None
        ids.append((kind, values))
        i += 1 + len(values)
    return ids


def id_key(kind: str, values: list[str]) -> str:
    if kind in ("lcl", "gnl", "pat", "pgp", "pdb", "gi", "bbs", "bbm", "gim"):
        return "|".join([kind, *values])
    return f"{kind}|{values[0].upper()}"  # accessions are case-blind; the optional locus name is not an id


def seq_id_keys(seq_id: str) -> tuple[str, ...]:
    """Canonical names ('lcl|contig1', 'gnl|db|tag', 'gb|M65061.1') under which other files may refer to a
    sequence; a feature table's ``>Feature`` id matches a FASTA record when their keys intersect."""
    ids = split_seq_id(seq_id.strip())
    if ids is None:
        return (f"lcl|{seq_id.strip()}",)
    return tuple(id_key(kind, values) for kind, values in ids)
