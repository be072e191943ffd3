"""The FEATURES table of one nucleotide record.

Besides the features annotated on the sequence, the table shows things derived from elsewhere, as asn2gb does:
the source feature (from the BioSource descriptor), an ``assembly_gap`` per gap in a delta sequence, and the
mature-peptide/signal/transit features annotated on each CDS's protein, mapped back to nucleotide coordinates.
Features that are not genes take ``/gene`` and ``/locus_tag`` from the smallest gene on the same strand whose
extent contains theirs (unless a gene xref says otherwise). Features are listed by position: left end first,
then the longer one, then genes before RNAs before coding regions.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass

from gbprep.model.asntree import alternative, descend
from gbprep.model.insdc import (
    EXCEPTION_ARTIFICIAL_LOCATION,
    EXCEPTION_VALUES_NCBI,
    REGULATORY_CLASSES,
    is_allowed,
)
from gbprep.model.records import AsnNode
from gbprep.rules.qualifiers import LEGAL_DBS
from gbprep.writers.genbank.locations import Location, Span, format_location, read_location
from gbprep.writers.genbank.quals import Quals
from gbprep.writers.genbank.source import Organism, source_qualifiers
from gbprep.writers.genbank.translation_quals import (
    cds_qualifiers,
    product_bioseq,
    protein_features,
    rna_qualifiers,
)
from gbprep.writers.genbank.tree import (
    Bioseq,
    Entry,
    ident_of,
    int_of,
    object_id_text,
    residues,
    same_value,
    seq_key,
    text_of,
)
from gbprep.writers.genbank.wrap import feature_location

# Sorting rank of feature kinds with the same extent: genes first, then RNAs, then coding regions.
_KIND_RANK = {"gene": 1, "rna": 2, "cdregion": 3}

_RNA_KEYS = {
    "premsg": "precursor_RNA",
    "mRNA": "mRNA",
    "tRNA": "tRNA",
    "rRNA": "rRNA",
    "snRNA": "misc_RNA",
    "scRNA": "misc_RNA",
    "snoRNA": "misc_RNA",
    "ncRNA": "ncRNA",
    "tmRNA": "tmRNA",
    "miscRNA": "misc_RNA",
    "other": "misc_RNA",
    "unknown": "misc_RNA",
}
_GAP_TYPES = {
    "unknown": "unknown",
    "fragment": "between scaffolds",
    "clone": "between scaffolds",
    "short-arm": "short_arm",
    "heterochromatin": "heterochromatin",
    "centromere": "centromere",
    "telomere": "telomere",
    "repeat": "repeat within scaffold",
    "contig": "between scaffolds",
    "scaffold": "within scaffold",
    "contamination": "contamination",
}
_EVIDENCE = {
    "paired-ends": "paired-ends",
    "align-genus": "align genus",
    "align-xgenus": "align xgenus",
    "align-trnscpt": "align trnscpt",
    "within-clone": "within clone",
    "clone-contig": "clone contig",
    "map": "map",
    "strobe": "strobe",
    "unspecified": "unspecified",
    "pcr": "pcr",
    "proximity-ligation": "proximity ligation",
}
_GO_CATEGORIES = (("Component", "component"), ("Function", "function"), ("Process", "process"))


@dataclass(slots=True)
class Item:
    key: str
    location: Location
    quals: Quals
    kind_rank: int
    order: int

    children: list[Item] | None = None  # peptides mapped from a CDS's protein, listed right after it

    def sort_key(self) -> tuple[int, int, int, list[tuple[int, int]], int, int]:
        # Same extent and kind: NCBI compares the parts in biological order, each as (where it starts,
        # where it ends) in sequence coordinates: earlier start first, then later end first.
        spans = self.location.spans
        if len(spans) == 1:  # most features: the extent is the span, and it cannot wrap
            s = spans[0]
            part = (s.stop, -s.start) if s.minus else (s.start, -s.stop)
            return (s.start, -s.stop, self.kind_rank, [part], 1, self.order)
        parts = [(s.stop, -s.start) if s.minus else (s.start, -s.stop) for s in spans]
        left, right, _ = self.location.extent()
        # A location that runs across the origin of a circular sequence sorts first, as asn2gb lists it.
        if self.location.wraps:
            left = 0
        return (left, -right, self.kind_rank, parts, len(parts), self.order)

    def lines(self) -> list[str]:
        out = feature_location(self.key, format_location(self.location)) + self.quals.lines()
        for child in self.children or []:
            out += child.lines()
        return out


@dataclass(slots=True)
class Gene:
    left: int
    right: int
    minus: bool
    ref: AsnNode  # the Gene-ref
    order: int
    feat: AsnNode | None = None  # the gene's Seq-feat (None for a gene xref)
    # What its features show, worked out on first use: a gene lends them to its mRNA and its CDS.
    _label: GeneLabel | None = None
    _lent: list[tuple[str, str]] | None = None
    _pseudo: bool | None = None
    _dbxrefs: list[str] | None = None

    @property
    def label(self) -> GeneLabel:
        if self._label is None:
            self._label = gene_label(self.ref)
        return self._label

    @property
    def lent(self) -> list[tuple[str, str]]:
        """``/gene``, ``/locus_tag``, synonyms and allele, as every feature inside the gene shows them."""
        if self._lent is None:
            label = self.label
            lent = [("gene", label.gene)] if label.gene else []
            if label.locus_tag:
                lent.append(("locus_tag", label.locus_tag))
            lent += [("gene_synonym", s) for s in label.synonyms]
            allele = text_of(self.ref.child("allele"))
            if allele:
                lent.append(("gene_allele", allele))
            self._lent = lent
        return self._lent

    @property
    def pseudo(self) -> bool:
        """Whether the Gene-ref or the gene's Seq-feat is marked pseudo."""
        if self._pseudo is None:
            feat_pseudo = self.feat is not None and _flag(self.feat.child("pseudo"))
            self._pseudo = _flag(self.ref.child("pseudo")) or feat_pseudo
        return self._pseudo

    @property
    def dbxrefs(self) -> list[str]:
        if self._dbxrefs is None:
            self._dbxrefs = dbxrefs(self.feat.child("dbxref")) if self.feat is not None else []
        return self._dbxrefs


class GeneIndex:
    """Finds the smallest gene containing a location, fast enough for genomes with thousands of genes."""

    def __init__(self, genes: list[Gene]) -> None:
        self.genes = sorted(genes, key=lambda g: (g.left, g.order))
        self.lefts = [g.left for g in self.genes]
        self.reach: list[int] = []
        furthest = -1
        for g in self.genes:
            furthest = max(furthest, g.right)
            self.reach.append(furthest)

    def best(self, left: int, right: int, minus: bool) -> Gene | None:
        """The smallest gene on the ``minus`` strand (or not) whose extent contains ``left..right``."""
        i = bisect.bisect_right(self.lefts, left) - 1
        best: Gene | None = None
        while i >= 0 and self.reach[i] >= right:
            g = self.genes[i]
            smaller = best is None or (g.right - g.left, g.order) <= (best.right - best.left, best.order)
            if g.right >= right and g.minus == minus and smaller:
                best = g
            i -= 1
        return best


def add_gene_quals(
    quals: Quals, gene: Gene | None, product: bool = False, own: AsnNode | None = None
) -> None:
    """What a feature inherits from its gene: ``/gene``, ``/locus_tag``, synonyms and allele; a gene's own
    products (RNAs and coding regions) also take its ``/pseudo`` and cross-references."""
    if gene is None:
        return
    for slot, value in gene.lent:
        quals.add(slot, value)
    if product and gene.feat is not None:
        if gene.pseudo:
            quals.add("pseudo", None)
        if own is None or not own.children:  # a feature's own cross-references replace its gene's
            for text in gene.dbxrefs:
                quals.add("db_xref", text)


def dbxrefs(dbxref: AsnNode | None) -> list[str]:
    """A feature's cross-references (its ``dbxref`` field) as shown: sorted by database, only those of
    approved databases.

    asn2gb (entrez and release modes) drops a feature's /db_xref whose database is not on NCBI's approved
    list, spelt exactly (``foo:bar``, ``ECOCYC`` outside RefSeq, ``taxon`` off the source); GI is hidden
    outside dump mode.
    """
    tags: list[tuple[str, str, str]] = []
    for tag in dbxref.children if dbxref is not None else []:
        db = text_of(tag.child("db"))
        if db in LEGAL_DBS:
            value = object_id_text(tag.child("tag"))
            tags.append((db.lower(), value.zfill(20) if value.isdigit() else value, f"{db}:{value}"))
    return [text for _, _, text in sorted(tags)]


def go_terms(ext: AsnNode | None) -> list[str]:
    """GeneOntology user objects (a feature's ``ext``) as note lines,
    ``GO_component: GO:0005739 - mitochondrion [Evidence IEA]``."""
    terms: list[str] = []
    if ext is None or text_of(descend(ext, "type")) != "GeneOntology":
        return terms
    data = ext.child("data")
    for label, name in _GO_CATEGORIES:
        for fld in data.children if data is not None else []:
            if text_of(fld.child("label")) != label:
                continue
            entries = descend(fld, "data", "fields")
            for entry in entries.children if entries is not None else []:
                values: dict[str, str] = {}
                inner = descend(entry, "data", "fields")
                for f in inner.children if inner is not None else []:
                    alt = alternative(f.child("data"))
                    values[text_of(f.child("label"))] = str(alt[1].value) if alt is not None else ""
                go_id, term = values.get("go id", ""), values.get("text string", "")
                # Without a GO id asn2gb shows the term's text alone.
                text = f"GO_{name}: GO:{go_id} - {term}" if go_id else f"GO_{name}: {term}"
                if values.get("evidence"):
                    text += f" [Evidence {values['evidence']}]"
                if values.get("pubmed id"):
                    text += f" [PMID {values['pubmed id']}]"
                terms.append(text)
    return terms


def fields_of(node: AsnNode) -> dict[str | None, AsnNode]:
    """A node's fields by name, the first of each (as ``child`` finds it): a feature's are read a dozen times."""
    fields: dict[str | None, AsnNode] = {}
    for fld in node.children:
        fields.setdefault(fld.name, fld)
    return fields


def common_quals(
    feat: dict[str | None, AsnNode],
    quals: Quals,
    notes: list[str],
    *,
    coding: bool = False,
    last: list[str] | None = None,
    key: str = "",
) -> None:
    """Qualifiers every kind of feature (given by its ``fields_of``) can carry: gbquals, comment, exception,
    pseudo, db_xref.

    An exception text off NCBI's list ends the note, on a line of its own (``last``). A gbqual the feature's
    ``key`` may not carry (an /EC_number on a gene, say) is left out, as asn2gb leaves it out; the validator
    reports it (SEQ_FEAT.WrongQualOnFeature)."""
    gbquals = feat.get("qual")
    for q in gbquals.children if gbquals is not None else []:
        name = text_of(q.child("qual"))
        value = text_of(q.child("val"))
        # transl_except is shown from the cdregion's code-breaks; one left as a qualifier (a span that is not a
        # codon) is not shown, as asn2gb does not show it.
        if name.startswith("orig_") or name in ("product", "gene", "locus_tag", "transl_except"):
            continue
        if key and not is_allowed(key, name):
            continue
        if name in ("pseudo", "ribosomal_slippage", "trans_splicing") and not value:
            quals.add(name, None)
        elif name == "regulatory_class" and value not in REGULATORY_CLASSES:
            quals.add(name, "other")  # asn2gb: a class off INSDC's list is 'other', the text a note
            notes.append(value)
        else:
            quals.add(name, value)
    comment = _text_field(feat, "comment")
    if comment:
        # A tilde in a feature comment separates statements: NCBI shows it as ';' and a line break.
        notes.append(comment.replace("~", ";\n"))
    except_text = _text_field(feat, "except-text")
    if except_text:
        # Some exceptions have qualifiers of their own; NCBI's other legal explanations are shown as
        # /exception on a coding region, anything else (and any reason outside coding regions) as a note.
        others: list[str] = []
        illegal: list[str] = []
        for part in (p.strip() for p in except_text.split(",")):
            if part == "trans-splicing":
                quals.add("trans_splicing", None)
            elif part == "ribosomal slippage":
                quals.add("ribosomal_slippage", None)
            elif part in EXCEPTION_ARTIFICIAL_LOCATION:
                quals.add("artificial_location", part)
            elif part in EXCEPTION_VALUES_NCBI:
                others.append(part)
            elif part:
                illegal.append(part)
        if others and coding:
            quals.add("exception", ", ".join(others))
        elif others:
            notes.append(", ".join(others))  # outside coding regions asn2gb shows the reason as a note
        if illegal:
            (last if last is not None else notes).append(", ".join(illegal))
    if _flag(feat.get("pseudo")):
        quals.add("pseudo", None)
    for text in dbxrefs(feat.get("dbxref")):
        quals.add("db_xref", text)


def _text_field(fields: dict[str | None, AsnNode], name: str) -> str:
    """``text_of`` a field most features lack, without its calls when it is missing."""
    node = fields.get(name)
    return text_of(node) if node is not None else ""


def _flag(node: AsnNode | None) -> bool:
    return node is not None and node.value is True


@dataclass(slots=True)  # not frozen: one is made per gene, and a frozen dataclass is slow to make
class GeneLabel:
    """How asn2gb names a Gene-ref: ``/gene``, ``/locus_tag``, ``/gene_synonym`` values and the note."""

    gene: str
    locus_tag: str
    synonyms: list[str]
    note: str

    @property
    def empty(self) -> bool:
        return not (self.gene or self.locus_tag)


def gene_label(gene: AsnNode) -> GeneLabel:
    """asn2gb's reading of a Gene-ref: without a locus or locus_tag, the description (else the first
    synonym) becomes ``/gene`` (and is not repeated as a note or synonym); a Gene-ref with none of locus,
    locus_tag, description and synonyms has no name, and asn2gb shows no gene feature for it."""
    fields = fields_of(gene)
    locus = _text_field(fields, "locus")
    tag = _text_field(fields, "locus-tag")
    syn = fields.get("syn")
    synonyms = [str(s.value) for s in syn.children] if syn is not None else []
    desc = _text_field(fields, "desc")
    if not locus and not tag:
        if desc:
            return GeneLabel(desc, "", synonyms, "")
        if synonyms:
            return GeneLabel(synonyms[0], "", synonyms[1:], desc)
    return GeneLabel(locus, tag, synonyms, desc)


def _gene_feature(gene: AsnNode, label: GeneLabel, quals: Quals, notes: list[str]) -> None:
    if label.gene:
        quals.add("gene", label.gene)
    if label.locus_tag:
        quals.add("locus_tag", label.locus_tag)
    for s in label.synonyms:
        quals.add("gene_synonym", s)
    allele = text_of(gene.child("allele"))
    if allele:
        quals.add("gene_allele", allele)
    if label.note:
        notes.append(label.note)
    if _flag(gene.child("pseudo")):
        quals.add("pseudo", None)


def gap_items(bioseq: Bioseq, start_order: int) -> list[Item]:
    """An ``assembly_gap`` (a literal with a Seq-gap) or ``gap`` (a bare literal) per gap of a delta sequence."""
    items: list[Item] = []
    delta = descend(bioseq.node, "inst", "ext", "delta")
    if delta is None:
        return items
    pos = 0
    for piece in delta.children:
        alt = alternative(piece) if piece.kind == "choice" else (piece.name or "", piece)
        if alt is None:
            continue
        kind, value = alt
        if kind != "literal":
            continue
        length = int_of(value.child("length")) or 0
        data = alternative(value.child("seq-data"))
        if data is None or data[0] == "gap":
            gap = data[1] if data is not None else None
            quals = Quals()
            unknown = alternative(value.child("fuzz")) is not None
            quals.add("estimated_length", "unknown" if unknown else str(length))
            # asn2gb: a literal with a Seq-gap (type, linkage evidence) is an assembly_gap; a bare literal
            # (length only, no seq-data, as tbl2asn writes a FASTA's >?N without -l) is a plain ``gap``.
            if gap is not None:
                gap_type = ident_of(gap.child("type")) or "unknown"
                linked = ident_of(gap.child("linkage")) == "linked"
                if gap_type == "repeat" and not linked:
                    quals.add("gap_type", "repeat between scaffolds")  # asn2gb names a repeat by its linkage
                else:
                    quals.add("gap_type", _GAP_TYPES.get(gap_type, gap_type))
                evidence = gap.child("linkage-evidence")
                for ev in evidence.children if evidence is not None else []:
                    name = ident_of(ev.child("type")) or ""
                    quals.add("linkage_evidence", _EVIDENCE.get(name, name))
                if (evidence is None or not evidence.children) and linked:
                    quals.add("linkage_evidence", "unspecified")  # linked, evidence not given (asn2gb)
            loc = Location([Span("", pos, pos + length - 1, False)])
            key = "assembly_gap" if gap is not None else "gap"
            items.append(Item(key, loc, quals, 4, start_order + len(items)))
        pos += length
    return items


# A feature as first read: the Seq-feat, its fields, location and extent, its kind and data, and its Gene if
# it is one.
_Parsed = tuple[
    AsnNode, dict[str | None, AsnNode], Location, tuple[int, int, bool], str, AsnNode, Gene | None
]


def feature_items(entry: Entry, bioseq: Bioseq, org: Organism) -> Iterator[str]:
    """Lines of the FEATURES table (without its header line)."""
    lengths = {seq_key(i): bioseq.length for i in bioseq.ids}
    seq_cache: dict[str, str] = {}

    def nucleotides() -> str:
        if "nuc" not in seq_cache:
            seq_cache["nuc"] = residues(bioseq)
        return seq_cache["nuc"]

    parsed: list[_Parsed] = []
    genes: list[Gene] = []
    shown: dict[tuple[str, tuple[int, int, bool]], list[AsnNode]] = {}
    for n, feat in enumerate(bioseq.features):
        fields = fields_of(feat)
        alt = alternative(fields.get("data"))
        if alt is None:
            continue
        kind, value = alt
        loc = read_location(fields.get("location"), lengths)
        extent = loc.extent()
        twins = shown.setdefault((kind, extent), [])
        if any(same_value(feat, twin) for twin in twins):
            continue  # asn2gb shows a feature identical to an earlier one once (two isoforms' CDSs, say)
        twins.append(feat)
        gene = Gene(*extent, value, n, feat) if kind == "gene" else None
        parsed.append((feat, fields, loc, extent, kind, value, gene))
        if gene is not None:
            genes.append(gene)
    index = GeneIndex(genes)

    items: list[Item] = []
    source = Quals(ordered=True)
    for name, qual_value in source_qualifiers(org, bioseq):
        source.add(name, qual_value)
    # The source feature always comes first; its extent is the whole sequence.
    source_item = Item("source", Location([Span("", 0, bioseq.length - 1, False)]), source, 0, -1)

    for n, (feat, fields, loc, extent, kind, value, own_gene) in enumerate(parsed):
        quals = Quals()
        notes: list[str] = []
        trailing: list[str] = []
        key = ""
        protein: Bioseq | None = None
        if own_gene is not None:
            if own_gene.label.empty:
                continue  # asn2gb shows no gene feature without a name
            key = "gene"
            _gene_feature(value, own_gene.label, quals, notes)
            gbquals = fields.get("qual")
            for q in gbquals.children if gbquals is not None else []:
                if text_of(q.child("qual")) == "product":
                    quals.add("product", text_of(q.child("val")))
        else:
            gene = _gene_for(fields.get("xref"), extent, index)
            add_gene_quals(quals, gene, product=kind in ("cdregion", "rna"), own=fields.get("dbxref"))
            if kind == "cdregion":
                key = "CDS"
                protein = product_bioseq(entry, feat)
                trailing = cds_qualifiers(protein, feat, value, quals, notes, org.taxname)
            elif kind == "rna":
                rna_type = ident_of(value.child("type")) or "other"
                key = _RNA_KEYS.get(rna_type, "misc_RNA")
                rna_qualifiers(value, rna_type, loc, quals, notes, nucleotides)
            elif kind == "imp":
                key = text_of(value.child("key")) or "misc_feature"
                if key == "preprotein":
                    key = "misc_feature"
                gbquals = fields.get("qual")
                for q in gbquals.children if gbquals is not None else []:
                    if text_of(q.child("qual")) == "product" and is_allowed(key, "product"):
                        quals.add("product", text_of(q.child("val")))
            elif kind == "region":
                key = "misc_feature"
                notes.append("Region: " + text_of(value))
            elif kind in ("biosrc", "pub", "prot"):
                continue
            else:
                key = "misc_feature"
        last: list[str] = []
        common_quals(fields, quals, notes, coding=kind == "cdregion", last=last, key=key)
        notes.extend(trailing)
        ext = fields.get("ext")
        if ext is not None:
            notes.extend(go_terms(ext))
        note = _join_notes(notes) if notes else ""
        if last:
            note = ";\n".join(n for n in [note, *last] if n)
        if note:
            quals.add("note", note)
        item = Item(key, loc, quals, _KIND_RANK.get(kind, 4), n)
        items.append(item)
        if kind == "cdregion":
            peptides: list[Item] = []
            for pkey, ploc, pquals in protein_features(protein, value, loc, org.taxname):
                add_gene_quals(pquals, _gene_for(fields.get("xref"), extent, index))
                peptides.append(Item(pkey, ploc, pquals, 4, len(peptides)))
            item.children = sorted(peptides, key=Item.sort_key)

    items.extend(gap_items(bioseq, len(parsed)))
    items.sort(key=Item.sort_key)
    yield from source_item.lines()
    for item in items:
        yield from item.lines()


def _join_notes(notes: list[str]) -> str:
    """Note parts: GO terms each on their own line (``;`` then a line break), the rest joined by ``; ``."""
    out = ""
    for part in notes:
        if not part:
            continue
        if not out:
            out = part
        elif part.startswith("GO_"):
            out += ";\n" + part
        else:
            out += "; " + part
    return out


def _gene_for(xrefs: AsnNode | None, extent: tuple[int, int, bool], index: GeneIndex) -> Gene | None:
    """The gene a feature (with these ``xref`` fields and this ``Location.extent``) takes its names from."""
    for x in xrefs.children if xrefs is not None else []:
        data = alternative(x.child("data"))
        if data is not None and data[0] == "gene":
            return Gene(*extent, data[1], -1)
    return index.best(*extent)
