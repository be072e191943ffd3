"""A read-only index over a Seq-submit tree: its Bioseqs, the descriptors each inherits, and its features.

The flatfile is written per nucleotide Bioseq, but what it shows comes from all over the Seq-entry: descriptors
sit on the Bioseq or on any enclosing Bioseq-set (a nuc-prot set carries the BioSource and pubs for both the
genome and its proteins), features sit in Seq-annots on the Bioseq or on a set and point at their sequence
through their location, and a CDS's translation lives in the protein Bioseq its ``product`` names. ``Entry``
collects all of that once, so rendering one record is a few dictionary look-ups.

The tree has the shape ``readers/asn1text.py`` gives NCBI's ASN.1 text (struct/list/choice nodes).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from gbprep.model.asntree import alternative, descend, string_of
from gbprep.model.frozen import fast_init
from gbprep.model.records import AsnNode

# ncbi4na codes in order, as IUPAC letters ('-' is the gap code 0).
_NCBI4NA = "-ACMGRSVTWYHKDBN"
_NCBI2NA = "ACGT"
# Decoding goes through the hex text of the bytes, translated in C: each hex digit is one ncbi4na base, or two
# ncbi2na bases.
_HEX_4NA = str.maketrans({f"{n:x}": _NCBI4NA[n] for n in range(16)})
_HEX_2NA = str.maketrans({f"{n:x}": _NCBI2NA[n >> 2] + _NCBI2NA[n & 3] for n in range(16)})


@dataclass(slots=True)
class Bioseq:
    """One Bioseq with everything a flatfile record needs to find around it."""

    node: AsnNode
    ids: list[AsnNode]
    # Descriptors that apply, nearest first: the Bioseq's own, then each enclosing set's.
    descriptors: list[AsnNode]
    features: list[AsnNode] = field(default_factory=list)

    @property
    def is_protein(self) -> bool:
        return ident_of(descend(self.node, "inst", "mol")) == "aa"

    @property
    def length(self) -> int:
        return int_of(descend(self.node, "inst", "length")) or 0

    def descs(self, kind: str) -> Iterator[AsnNode]:
        for d in self.descriptors:
            if d.name == kind:
                yield d

    def first_desc(self, kind: str) -> AsnNode | None:
        return next(self.descs(kind), None)


def same_value(a: AsnNode, b: AsnNode) -> bool:
    """The two nodes hold the same ASN.1 value (kinds, names, values, children; positions aside)."""
    if a.kind != b.kind or a.name != b.name or a.value != b.value:
        return False
    left, right = a.children or [], b.children or []
    return len(left) == len(right) and all(same_value(x, y) for x, y in zip(left, right, strict=True))


def ident_of(node: AsnNode | None) -> str | None:
    if node is None or node.value is None:
        return None
    return str(node.value)


def int_of(node: AsnNode | None) -> int | None:
    while node is not None and node.kind == "choice" and node.children:
        node = node.children[0]
    if node is not None and node.kind == "int" and isinstance(node.value, int):
        return node.value
    return None


def text_of(node: AsnNode | None) -> str:
    return string_of(node) or ""


def object_id_text(node: AsnNode | None) -> str:
    """An Object-id (``id 5`` or ``str "x"``) as text."""
    alt = alternative(node)
    if alt is None:
        if node is not None and node.value is not None and node.kind in ("int", "string"):
            return str(node.value)
        return ""
    return str(alt[1].value)


@fast_init
@dataclass(frozen=True, slots=True)
class SeqId:
    """The parts of a Seq-id the flatfile shows."""

    kind: str  # local, genbank, embl, ddbj, other, general, gi, ...
    accession: str = ""
    name: str = ""
    version: int = 0
    db: str = ""
    tag: str = ""

    @property
    def key(self) -> str:
        """A stable string used to match locations, products and Bioseqs."""
        if self.kind == "local":
            return "lcl|" + self.tag
        if self.kind == "general":
            return f"gnl|{self.db}|{self.tag}"
        if self.kind == "gi":
            return "gi|" + self.tag
        return f"{self.kind}|{self.accession or self.name}"

    @property
    def accession_version(self) -> str:
        return f"{self.accession}.{self.version}" if self.version else self.accession


_TEXTSEQ_KINDS = frozenset(
    {
        "genbank",
        "embl",
        "ddbj",
        "other",
        "tpg",
        "tpe",
        "tpd",
        "gpipe",
        "named-annot-track",
        "pir",
        "swissprot",
    }
)


_SEQID_KINDS = _TEXTSEQ_KINDS | {
    "local",
    "general",
    "gi",
    "gibbsq",
    "gibbmt",
    "giim",
    "patent",
    "pdb",
    "gpipe",
}


def seq_id(node: AsnNode) -> SeqId:
    """Read one Seq-id: a node named by its alternative (in a SET OF Seq-id) or a CHOICE wrapping one."""
    if node.name in _SEQID_KINDS:
        kind, value = node.name, node
    else:
        alt = alternative(node)
        if alt is None:
            return SeqId("unknown")
        kind, value = alt
    if kind == "local":
        return SeqId("local", tag=object_id_text(value))
    if kind == "general":
        return SeqId("general", db=text_of(value.child("db")), tag=object_id_text(value.child("tag")))
    if kind == "gi":
        return SeqId("gi", tag=str(value.value))
    if kind in _TEXTSEQ_KINDS:
        return SeqId(
            kind,
            accession=text_of(value.child("accession")),
            name=text_of(value.child("name")),
            version=int_of(value.child("version")) or 0,
        )
    return SeqId(kind, tag=str(value.value) if value.value is not None else "")


def seq_key(node: AsnNode) -> str:
    """``seq_id(node).key``, with shortcuts for the local ids that most locations carry and the general ids
    of proteins (a ``SeqId`` per look-up was a tenth of the flatfile's time)."""
    if node.kind == "choice" and node.children:
        if node.name == "local":  # the Seq-id itself, as a SET OF Seq-id holds it
            return "lcl|" + str(node.children[0].value)
        alt = node.children[0]
        if alt.name == "local" and alt.kind == "choice" and alt.children:
            return "lcl|" + str(alt.children[0].value)
        if node.value == "general" and node.name not in _SEQID_KINDS:
            return _general_key(alt)
    elif node.name == "general":
        return _general_key(node)
    return seq_id(node).key


def _general_key(general: AsnNode) -> str:
    db, tag = general_parts(general)
    return f"gnl|{db}|{tag}"


def general_parts(general: AsnNode) -> tuple[str, str]:
    """A Dbtag's database and tag, as ``seq_id`` reads them (the first ``db`` and ``tag`` fields)."""
    db = tag = None
    for fld in general.children:
        if fld.name == "db" and db is None:
            db = fld
        elif fld.name == "tag" and tag is None:
            tag = fld
    # text_of and object_id_text of the usual ``db "X"`` and ``tag str "Y"``, without their calls.
    db_text = str(db.value) if db is not None and db.kind == "string" else text_of(db)
    if tag is not None and tag.kind == "choice" and tag.children:
        return db_text, str(tag.children[0].value)
    return db_text, object_id_text(tag)


def first_location_id(loc: AsnNode) -> AsnNode | None:
    """``location_ids``' first Seq-id, found by going down the first branch that has any children.

    Whatever comes before that branch is a leaf; if the branch holds no id the general walk decides.
    """
    node = loc
    while node.name != "id" and node.name != "whole":
        branch = None
        for fld in node.children:
            if fld.name == "id" or fld.name == "whole":
                return fld
            if fld.children:
                branch = fld
                break
        if branch is None:
            return next(location_ids(loc), None)
        node = branch
    return node


def location_ids(loc: AsnNode) -> Iterator[AsnNode]:
    """Every Seq-id node inside a Seq-loc, in order."""
    stack = [loc]
    while stack:
        node = stack.pop()
        if node.name == "id" or node.name == "whole":
            yield node
            continue
        stack.extend(reversed(node.children))


class Entry:
    """Every Bioseq of a Seq-submit (or bare Seq-entry) and the features that belong to each."""

    def __init__(self, root: AsnNode) -> None:
        self.root = root
        self.submit_block = root.child("sub")
        self.bioseqs: list[Bioseq] = []
        self.by_id: dict[str, Bioseq] = {}
        entries: list[AsnNode] = []
        data = root.child("data")
        if data is not None:
            alt = alternative(data)
            if alt is not None and alt[0] == "entrys":
                entries = list(alt[1].children)
        elif root.name in ("Seq-entry", "seq", "set"):
            entries = [root]
        annots: list[AsnNode] = []
        for entry in entries:
            self._walk(entry, [], annots)
        by_id = self.by_id
        for annot in annots:
            ftable = descend(annot, "data", "ftable")
            if ftable is None:
                continue
            # A feature belongs to the Bioseq its location's first id names (this runs for every feature).
            for feat in ftable.children:
                loc = feat.child("location")
                id_node = first_location_id(loc) if loc is not None else None
                target = by_id.get(seq_key(id_node)) if id_node is not None else None
                if target is not None:
                    target.features.append(feat)

    def _walk(self, entry: AsnNode, inherited: list[AsnNode], annots: list[AsnNode]) -> None:
        # A Seq-entry is either read as a choice (``seq {...}`` at top level) or as the named value itself.
        stack: list[tuple[AsnNode, list[AsnNode]]] = [(entry, inherited)]
        while stack:
            node, outer = stack.pop()
            if node.kind == "choice" and node.children:
                node = node.children[0]
            descr = node.child("descr")
            own = list(descr.children) if descr is not None else []
            if node.name == "seq" or node.child("inst") is not None:
                ids_node = node.child("id")
                ids = list(ids_node.children) if ids_node is not None else []
                bioseq = Bioseq(node, ids, own + outer)
                self.bioseqs.append(bioseq)
                for sid in ids:
                    self.by_id.setdefault(seq_key(sid), bioseq)
            else:
                seq_set = node.child("seq-set")
                members = list(seq_set.children) if seq_set is not None else []
                for member in reversed(members):
                    stack.append((member, own + outer))
            annot = node.child("annot")
            if annot is not None:
                annots.extend(annot.children)

    def find(self, id_node: AsnNode | None) -> Bioseq | None:
        if id_node is None:
            return None
        return self.by_id.get(seq_key(id_node))

    def nucleotides(self) -> Iterator[Bioseq]:
        for bioseq in self.bioseqs:
            if not bioseq.is_protein:
                yield bioseq


def decode_seq_data(seq_data: AsnNode | None, length: int) -> str:
    """Residues of a Seq-data CHOICE as upper-case letters."""
    alt = alternative(seq_data)
    if alt is None:
        return ""
    kind, value = alt
    raw = value.value
    if kind == "ncbi2na" and isinstance(raw, bytes):
        return raw.hex().translate(_HEX_2NA)[:length]
    if kind == "ncbi4na" and isinstance(raw, bytes):
        return raw.hex().translate(_HEX_4NA)[:length]
    if isinstance(raw, str):
        return raw[:length] if length else raw
    if kind == "gap":
        return "N" * length
    return ""


def residues(bioseq: Bioseq) -> str:
    """The whole sequence of a raw or delta Bioseq; gaps and unknown stretches as N (X for proteins)."""
    inst = bioseq.node.child("inst")
    length = bioseq.length
    if inst is None:
        return ""
    data = inst.child("seq-data")
    if data is not None:
        return decode_seq_data(data, length)
    ext = inst.child("ext")
    delta = descend(ext, "delta") if ext is not None else None
    if delta is None:
        return ""
    unknown = "X" if bioseq.is_protein else "N"
    parts: list[str] = []
    for piece in delta.children:
        alt = alternative(piece) if piece.kind == "choice" else (piece.name or "", piece)
        if alt is None:
            continue
        kind, value = alt
        if kind == "literal":
            n = int_of(value.child("length")) or 0
            sd = value.child("seq-data")
            text = decode_seq_data(sd, n) if sd is not None else ""
            parts.append(text if text and not text.startswith("-") else unknown * n)
    return "".join(parts)
