"""Feature-table features to Seq-feat nodes, qualifier by qualifier, the way tbl2asn converts them.

Gene, RNA, CDS and imp (every other key) features; CDS products become protein Bioseqs (``entry.py``);
``mat_peptide``/``sig_peptide`` become Prot-ref features on the protein they lie in; ``assembly_gap``
features become delta gaps; the ``REFERENCE`` pseudo-feature is dropped as tbl2asn drops it.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence

from gbprep.assemble.cleanup import REGULATORY_CLASSES, clean_text, db_name, trna_amino_acid
from gbprep.model.asntree import (
    boolean,
    choice,
    ident,
    integer,
    null,
    object_id,
    seq_of,
    string,
    struct,
    user_field,
    user_object,
)
from gbprep.model.diagnostics import SourcePos
from gbprep.model.ec_numbers import transferred_numbers
from gbprep.model.records import AsnNode, Feature, Interval, Qualifier
from gbprep.model.seqids import named

RNA_TYPES = {
    "mRNA": "mRNA",
    "tRNA": "tRNA",
    "rRNA": "rRNA",
    "ncRNA": "ncRNA",
    "tmRNA": "tmRNA",
    "misc_RNA": "miscRNA",
    "precursor_RNA": "premsg",
    "snRNA": "snRNA",
    "scRNA": "scRNA",
    "snoRNA": "snoRNA",
}
PEPTIDES = {
    "mat_peptide": "mature",
    "sig_peptide": "signal-peptide",
    "transit_peptide": "transit-peptide",
}
# Keys tbl2asn 25.3 writes under another name (it knows 'proprotein' only as the old 'preprotein').
_IMP_KEYS = {"proprotein": "preprotein"}
DROPPED_KEYS = frozenset({"REFERENCE", "assembly_gap"})
# Qualifiers that are parts of the Seq-feat itself, not GenBank qualifiers (gbqual) on it.
_STRUCTURAL = frozenset(
    {
        "note",
        "pseudo",
        "exception",
        "db_xref",
        "gene",
        "locus_tag",
        "gene_synonym",
        "allele",
        "protein_id",
        "transcript_id",
        "codon_start",
        "transl_table",
        "transl_except",
        "translation",
        "go_function",
        "go_process",
        "go_component",
        "evidence",
    }
)
_GO_LABELS = {"go_component": "Component", "go_function": "Function", "go_process": "Process"}
_INFERENCE_PREFIX = re.compile(r"^(COORDINATES|DESCRIPTION|EXISTENCE):(?=\S)")


def location(
    intervals: Sequence[Interval], seq_id: AsnNode, *, strand: bool = True, order: bool = False
) -> AsnNode:
    """A Seq-loc: one ``int`` (or ``pnt``), or a ``mix`` in the written order (``order()``: NULLs between)."""
    # A one-base row has no direction of its own; NCBI gives it the strand of the rest of the feature.
    minus = False
    for i in intervals:
        if i.start > i.stop:
            minus = True
        elif i.start < i.stop:
            minus = False
            break
    # Locations never change once built, so the intervals of one location share its id node.
    id_node = named(seq_id, "id")
    parts = [_interval(i, id_node, strand=strand, minus=minus) for i in intervals]
    if len(parts) == 1:
        return choice("location", str(parts[0].name), parts[0])
    if order:
        spaced: list[AsnNode] = []
        for part in parts:
            if spaced:
                spaced.append(null("null"))
            spaced.append(part)
        parts = spaced
    return choice("location", "mix", seq_of(None, parts))


def _interval(item: Interval, id_node: AsnNode, *, strand: bool, minus: bool = False) -> AsnNode:
    start, stop = item.start, item.stop
    minus = start > stop or (minus and start == stop)
    low, high = (stop - 1, start - 1) if start > stop else (start - 1, stop - 1)
    if item.between:  # 'a^b': the site between two bases, a point with fuzz 'tr' (to the right of 'a')
        return struct("pnt", [integer("point", low), id_node, choice("fuzz", "lim", ident(None, "tr"))])
    # '<' and '>' are written on the start and stop as read; on the minus strand the start is the high end.
    fuzz_low = item.partial_stop if minus else item.partial_start
    fuzz_high = item.partial_start if minus else item.partial_stop
    strand_node = ident("strand", "minus" if minus else "plus") if strand else None
    if item.start == item.stop and not (fuzz_low or fuzz_high):
        return struct("pnt", [integer("point", low), strand_node, id_node], item.pos)
    fields: list[AsnNode | None] = [
        integer("from", low),
        integer("to", high),
        strand_node,
        id_node,
    ]
    if fuzz_low:
        fields.append(choice("fuzz-from", "lim", ident(None, "lt")))
    if fuzz_high:
        fields.append(choice("fuzz-to", "lim", ident(None, "gt")))
    return struct("int", fields, item.pos)


def is_partial(feature: Feature) -> bool:
    return any(i.partial_start or i.partial_stop for i in feature.intervals)


def _gbqual(q: Qualifier) -> AsnNode:
    value = q.value or ""
    if q.key == "inference":  # tbl2asn spaces an /inference prefix, not an /experiment one
        value = _INFERENCE_PREFIX.sub(r"\1: ", value)
    return struct(None, [string("qual", q.key), string("val", clean_text(value))], q.pos)


def _dbxrefs(feature: Feature) -> list[AsnNode]:
    """The feature's db_xrefs as Dbtags, in the order cleanup sorts them (database, then tag)."""
    tags: list[tuple[str, str, str, str | int, Qualifier]] = []
    for q in feature.qualifiers:
        if q.key != "db_xref" or not q.value:
            continue
        db, _, tag = q.value.partition(":")
        db = db_name(db)
        value: str | int = int(tag) if tag.isdigit() and not tag.startswith("0") else tag
        tags.append((db.lower(), tag.zfill(20) if isinstance(value, int) else tag, db, value, q))
    tags.sort(key=lambda t: (t[0], t[1]))
    return [struct(None, [string("db", db), object_id("tag", value)], q.pos) for _, _, db, value, q in tags]


def _go_ext(feature: Feature) -> AsnNode | None:
    groups: dict[str, list[AsnNode]] = {}
    for q in feature.qualifiers:
        label = _GO_LABELS.get(q.key)
        if label is None or not q.value:
            continue
        parts = q.value.split("|")
        parts += [""] * (4 - len(parts))
        text, go_id, pmid, evidence = (p.strip() for p in parts[:4])
        terms: list[AsnNode] = [user_field("text string", "str", string(None, text))]
        if go_id:
            terms.append(user_field("go id", "str", string(None, go_id.removeprefix("GO:"))))
        if pmid.isdigit():
            terms.append(user_field("pubmed id", "int", integer(None, int(pmid))))
        if evidence:
            terms.append(user_field("evidence", "str", string(None, evidence)))
        entry = struct(None, [object_id("label", 0), choice("data", "fields", seq_of(None, terms))], q.pos)
        groups.setdefault(label, []).append(entry)
    if not groups:
        return None
    fields = [
        user_field(label, "fields", seq_of(None, groups[label]))
        for label in ("Process", "Component", "Function")
        if label in groups
    ]
    node = user_object("GeneOntology", fields)
    node.name = "ext"
    return node


class GeneIndex:
    """The record's gene features by name and locus_tag, for the overlapping-gene test of every feature."""

    def __init__(self, genes: Sequence[Feature]) -> None:
        self._sorted = sorted(genes, key=lambda g: g.low)
        self._lows = [g.low for g in self._sorted]
        self._by_name: dict[str, list[Feature]] = {}
        for gene in genes:
            for key in {gene.get("locus_tag"), gene.get("gene")} - {None, ""}:
                self._by_name.setdefault(str(key), []).append(gene)

    def covers(self, feature: Feature, locus: str | None, tag: str | None) -> bool:
        """True when a gene carrying this name and tag contains the feature (so no xref is needed)."""
        low, high = feature.low, feature.high
        for gene in self._by_name.get(tag or locus or "", ()):
            named_alike = (not locus or gene.get("gene") == locus) and (
                not tag or gene.get("locus_tag") == tag
            )
            if named_alike and gene.low <= low and high <= gene.high:
                return True
        return False

    def locus_tag_of(self, feature: Feature) -> str | None:
        """The locus_tag of the gene holding ``feature`` (the nearest start at or before it, same strand)."""
        index = bisect.bisect_right(self._lows, feature.low)
        for gene in reversed(self._sorted[max(0, index - 64) : index]):
            if gene.high >= feature.high and gene.strand is feature.strand and gene.get("locus_tag"):
                return gene.get("locus_tag")
        return None


def gene_xref(feature: Feature, genes: GeneIndex) -> AsnNode | None:
    """A gene xref for a feature naming a gene no overlapping gene feature carries (cleanup drops the rest)."""
    locus = feature.get("gene")
    tag = feature.get("locus_tag")
    if not locus and not tag:
        return None
    if genes.covers(feature, locus, tag):
        return None
    fields: list[AsnNode | None] = [string("locus", locus) if locus else None]
    if tag:
        fields.append(string("locus-tag", tag))
    ref = struct(None, [choice("data", "gene", struct(None, fields))])
    return seq_of("xref", [ref])


def seq_feat(
    data: AsnNode,
    feature: Feature,
    seq_id: AsnNode,
    genes: GeneIndex,
    *,
    product: AsnNode | None = None,
    extra_quals: Sequence[Qualifier] = (),
    skip: frozenset[str] = frozenset(),
    comment: str | None = None,
    xrefs: Sequence[AsnNode] = (),
    order: bool = False,
) -> AsnNode:
    """The Seq-feat around ``data``, with the feature's common qualifiers (note, pseudo, xrefs, gbquals...)."""
    notes = [q.value for q in feature.qualifiers if q.key == "note" and q.value]
    if comment:
        notes.insert(0, comment)
    comment_text = clean_text("~".join(notes)) if notes else ""
    exceptions = [q.value or "" for q in feature.qualifiers if q.key == "exception"]
    quals = [_gbqual(q) for q in feature.qualifiers if q.key not in _STRUCTURAL and q.key not in skip] + [
        _gbqual(q) for q in extra_quals
    ]
    dbxrefs = _dbxrefs(feature)
    fields: list[AsnNode | None] = [
        data,
        boolean("partial", True) if is_partial(feature) else None,
        boolean("except", True) if exceptions else None,
        string("comment", comment_text) if comment_text else None,
        named(product, "product") if product is not None else None,
        location(feature.intervals, seq_id, order=order),
        seq_of("qual", quals) if quals else None,
        _go_ext(feature),
        _xrefs(gene_xref(feature, genes) if data.name != "gene" else None, xrefs),
        seq_of("dbxref", dbxrefs) if dbxrefs else None,
        boolean("pseudo", True) if feature.has("pseudo") else None,
        string("except-text", ", ".join(exceptions)) if exceptions and any(exceptions) else None,
    ]
    if product is not None:
        fields[4] = choice("product", "whole", _plain(product))
    return struct(None, fields, feature.pos)


def _xrefs(gene: AsnNode | None, others: Sequence[AsnNode]) -> AsnNode | None:
    if not others:
        return gene
    items = [*(gene.children if gene is not None else []), *others]
    return seq_of("xref", items)


def prot_xref(names: Sequence[str], feature: Feature | None = None) -> AsnNode:
    """A SeqFeatXref carrying a Prot-ref: how a pseudo CDS keeps its product name, description, EC numbers and
    activities (it has no protein)."""
    return struct(None, [prot_data(names, feature, replace_ec=False)])


def _plain(node: AsnNode) -> AsnNode:
    return AsnNode(node.kind, node.pos, node.value, node.name, node.children)


def gene_data(feature: Feature) -> AsnNode:
    # A gene's /product stays a qualifier (tbl2asn writes it as a gbqual, not as the Gene-ref's desc).
    fields: list[AsnNode | None] = [
        string("locus", clean_text(feature.get("gene") or "")) if feature.get("gene") else None,
        string("allele", feature.get("allele") or "") if feature.get("allele") else None,
    ]
    synonyms = [s for s in feature.values("gene_synonym") if s and s != feature.get("gene")]
    if synonyms:
        fields.append(seq_of("syn", [string(None, s) for s in synonyms]))
    if feature.get("locus_tag"):
        fields.append(string("locus-tag", feature.get("locus_tag") or ""))
    return choice("data", "gene", struct(None, fields))


def rna_data(feature: Feature) -> tuple[AsnNode, str | None]:
    """The RNA-ref, and a comment tbl2asn adds (a tRNA product that is more than ``tRNA-Xxx``)."""
    kind = RNA_TYPES.get(feature.key, "other")
    product = clean_text(feature.get("product") or "") or None
    fields: list[AsnNode | None] = [ident("type", kind)]
    comment = None
    if kind == "tRNA":
        letter, just_name = trna_amino_acid(product) if product else (None, False)
        if letter:
            aa = choice("aa", "ncbieaa", integer(None, ord(letter)))
            fields.append(choice("ext", "tRNA", struct(None, [aa])))
        if product and not just_name:
            comment = product
    elif kind in ("ncRNA", "tmRNA", "miscRNA"):
        gen: list[AsnNode | None] = []
        if feature.get("ncRNA_class"):
            gen.append(string("class", feature.get("ncRNA_class") or ""))
        if product:
            gen.append(string("product", product))
        if gen:
            fields.append(choice("ext", "gen", struct(None, gen)))
    elif product:
        fields.append(choice("ext", "name", string(None, product)))
    return choice("data", "rna", struct(None, fields)), comment


def imp_data(feature: Feature) -> AsnNode:
    key = "regulatory" if feature.key in REGULATORY_CLASSES else _IMP_KEYS.get(feature.key, feature.key)
    return choice("data", "imp", struct(None, [string("key", key)]))


def region_data(feature: Feature) -> AsnNode:
    return choice("data", "region", string(None, feature.get("region_name") or ""))


def convert(feature: Feature, seq_id: AsnNode, genes: GeneIndex, *, order: bool = False) -> AsnNode | None:
    """A non-CDS, non-peptide feature as a Seq-feat (None for keys tbl2asn drops)."""
    if feature.key in DROPPED_KEYS or not feature.intervals:
        return None
    if feature.key == "gene":
        return seq_feat(
            gene_data(feature), feature, seq_id, genes, skip=frozenset({"gene_synonym", "allele"})
        )
    if feature.key in RNA_TYPES:
        data, comment = rna_data(feature)
        return seq_feat(
            data, feature, seq_id, genes, skip=frozenset({"product", "ncRNA_class"}), comment=comment
        )
    regulatory = REGULATORY_CLASSES.get(feature.key)
    extra = [Qualifier("regulatory_class", regulatory, feature.pos)] if regulatory else []
    return seq_feat(imp_data(feature), feature, seq_id, genes, order=order, extra_quals=extra)


def prot_data(
    names: Sequence[str], feature: Feature | None, processed: str | None = None, *, replace_ec: bool = True
) -> AsnNode:
    """A Prot-ref; ``replace_ec`` gives transferred EC numbers their new number (cleanup does so on a protein,
    not on a pseudo CDS's xref)."""
    fields: list[AsnNode | None] = []
    names = [clean_text(n) for n in names]
    if names:
        fields.append(seq_of("name", [string(None, n) for n in names]))
    if feature is not None:
        desc = clean_text(feature.get("prot_desc") or "")
        if desc:
            fields.append(string("desc", desc))
        ecs = [replaced_ec(e) if replace_ec else e for e in feature.values("EC_number")]
        if ecs:
            fields.append(seq_of("ec", [string(None, e) for e in ecs]))
        activities = [clean_text(a) for a in feature.values("function")]
        if activities:
            fields.append(seq_of("activity", [string(None, a) for a in activities]))
    if processed:
        fields.append(ident("processed", processed))
    return choice("data", "prot", struct(None, fields))


@functools.cache
def _ec_transfers() -> dict[str, str]:
    """EC numbers IUBMB transferred to exactly one new number (NCBI's list, in ``rules.ec_numbers``). Cleanup
    writes the new number, as tbl2asn's .sqn shows; a number split into several is left as written."""
    return {old: new[0] for old, new in transferred_numbers().items() if len(new) == 1}


def replaced_ec(value: str) -> str:
    return _ec_transfers().get(value.strip(), value)


PROT_QUALIFIERS = frozenset({"product", "prot_desc", "EC_number", "function"})


def cds_data(feature: Feature, frame: int, code: int, code_breaks: Sequence[AsnNode]) -> AsnNode:
    fields: list[AsnNode | None] = [
        ident("frame", ("one", "two", "three")[frame - 1]),
        seq_of("code", [integer("id", code)]),
    ]
    if code_breaks:
        fields.append(seq_of("code-break", list(code_breaks)))
    return choice("data", "cdregion", struct(None, fields))


def point(pos: int, seq_id: AsnNode, where: SourcePos) -> AsnNode:
    return struct("pnt", [integer("point", pos), named(seq_id, "id")], where)
