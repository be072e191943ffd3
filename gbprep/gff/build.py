"""GFF3 records to the feature model the ``.tbl`` reader produces: gene / RNA / CDS hierarchies by Parent.

The records of one file are grouped into nodes (lines sharing an ID are one feature: a multi-line CDS), linked
by ``Parent``, and walked from the top: a gene gives a ``gene`` feature; each transcript under it gives its RNA
feature (location from its exons, else from its CDS and UTR pieces) and, when it has CDS lines, a ``CDS``
(codon_start from the phase of its 5'-most piece). CDS lines directly under a gene (Prokka, Bakta, NCBI
prokaryotes) give a CDS without an mRNA. Other SO types become their INSDC keys (``types.py``); lines that
describe the sequence (region, chromosome) or evidence (match) are not features, and types GenBank has no
key for are reported, never dropped silently.

Each feature keeps the GFF3 line it came from (its first line; each interval its own line), so findings
point at the user's file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from gbprep.gff import locations, quals, types
from gbprep.gff.dialects import Dialect
from gbprep.model import insdc
from gbprep.model.diagnostics import Report, Severity, SourcePos, declare
from gbprep.model.records import Feature, FeatureTable, Interval, Qualifier
from gbprep.readers.gff3 import GffDocument, GffRecord

UNSUPPORTED_TYPE = declare(
    "GFF3.UnsupportedType",
    Severity.WARNING,
    "A feature type GenBank has no feature key for",
    "Use a Sequence Ontology term that maps to an INSDC feature (gene, mRNA, CDS, exon, tRNA, rRNA, ncRNA, "
    "repeat_region, ...), or an INSDC feature key itself. These lines were not submitted.",
)
ALIGNMENT_LINES = declare(
    "GFF3.AlignmentLines",
    Severity.INFO,
    "Alignment (match) lines are evidence, not annotation",
    "Nothing to do: match, cDNA_match and similar lines are not submitted to GenBank as features.",
)
UNKNOWN_PARENT = declare(
    "GFF3.UnknownParent",
    Severity.ERROR,
    "Parent names no ID in the file",
    "Give the parent feature a line with that ID (on the same sequence), or correct the Parent value. The "
    "feature was read as if it had no parent.",
)
DUPLICATE_ID = declare(
    "GFF3.DuplicateId",
    Severity.ERROR,
    "Two different features share one ID",
    "Lines may share an ID only when they are pieces of one feature (the lines of one CDS), with the same "
    "type and sequence. Give each feature its own ID.",
)
STRAND_MISMATCH = declare(
    "GFF3.StrandMismatch",
    Severity.WARNING,
    "A gene's strand differs from its transcripts'",
    "Give the gene the strand of its transcripts. The transcripts' strand was used.",
)
CDS_OUTSIDE_EXONS = declare(
    "GFF3.CdsOutsideExons",
    Severity.ERROR,
    "A CDS piece lies outside the exons of its transcript",
    "Every CDS piece must lie inside an exon of the same transcript. Check the coordinates.",
    ncbi="SEQ_FEAT.CDSmRNArange",
)


@dataclass(slots=True)
class Node:
    key: str
    type: str
    kind: types.Kind
    records: list[GffRecord]
    parents: list[Node] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    orphaned: bool = False  # its Parent names nothing: not read, as table2asn does
    synthetic: bool = False  # a GTF gene or transcript made from its children: spans them all

    @property
    def first(self) -> GffRecord:
        return self.records[0]

    @property
    def seq_id(self) -> str:
        return self.first.seq_id


@dataclass(slots=True)
class TranscriptModel:
    rna: Feature | None
    cds: Feature | None
    pseudo: bool = False


@dataclass(slots=True)
class GeneModel:
    gene: Feature | None
    transcripts: list[TranscriptModel] = field(default_factory=list)


class GffFeatureTable(FeatureTable):
    """A ``FeatureTable`` built from GFF3, with the gene models the identifier and partial steps need."""

    def __init__(self, seq_id: str, pos: SourcePos) -> None:
        super().__init__(seq_id, pos)
        self.models: list[GeneModel] = []
        self.length: int | None = None
        self.circular = False
        self.codons_checked = False


@dataclass(slots=True)
class _Build:
    doc: GffDocument
    dialect: Dialect
    report: Report
    nodes: dict[str, Node] = field(default_factory=dict)
    order: list[Node] = field(default_factory=list)
    tables: dict[str, GffFeatureTable] = field(default_factory=dict)


def build_tables(doc: GffDocument, dialect: Dialect, report: Report) -> dict[str, GffFeatureTable]:
    """Features of every sequence in ``doc``, by SeqID, in file order."""
    state = _Build(doc, dialect, report)
    _group(state)
    _link(state)
    for node in state.order:
        if not node.parents and not node.orphaned:
            _emit_top(state, node)
    for seq_id, table in state.tables.items():
        region = doc.regions.get(seq_id)
        table.length = region[1] if region else None
        table.circular = seq_id in doc.circular
        if table.circular and table.length:
            for feature in table:
                feature.intervals = locations.wrap(feature.intervals, table.length)
    return state.tables


# --- grouping and linking -----------------------------------------------------------------------------------


def _group(state: _Build) -> None:
    unsupported: dict[str, list[GffRecord]] = {}
    alignments: list[GffRecord] = []
    for index, record in enumerate(state.doc.records):
        kind = types.classify(record.type)
        if kind is None:
            unsupported.setdefault(record.type, []).append(record)
            continue
        if kind.role == "alignment":
            alignments.append(record)
            continue
        if kind.role == "sequence":
            if record.seq_id not in state.doc.regions and record.type == "region" and record.start == 1:
                state.doc.regions[record.seq_id] = (record.start, record.end, record.pos)
            continue
        ident = record.id
        key = ident if ident else f"#line{index}"
        node = state.nodes.get(key)
        if node is not None and (node.type != record.type or node.seq_id != record.seq_id):
            # IDs are unique in the whole file; a line that reuses one for another feature is not read (as
            # table2asn does), since its children could belong to either.
            state.report.add(
                DUPLICATE_ID(
                    record.attr_pos("ID"),
                    f"Line {record.pos.line}: ID {ident!r} is already the {node.type} on {node.seq_id} at line "
                    f"{node.first.pos.line}; this {record.type} was not read.",
                    seq_id=record.seq_id,
                )
            )
            continue
        if node is None:
            node = Node(key, record.type, kind, [record])
            state.nodes[key] = node
            state.order.append(node)
        else:
            node.records.append(record)
    for so_type, records in unsupported.items():
        lines = ", ".join(str(r.pos.line) for r in records[:5]) + (", ..." if len(records) > 5 else "")
        state.report.add(
            UNSUPPORTED_TYPE(
                records[0].pos,
                f"{len(records)} line(s) of type {so_type!r} (line {lines}) have no GenBank feature key and were "
                "not submitted.",
                seq_id=records[0].seq_id,
            )
        )
    if alignments:
        state.report.add(
            ALIGNMENT_LINES(
                alignments[0].pos,
                f"{len(alignments)} alignment line(s) (first at line {alignments[0].pos.line}).",
            )
        )


def _link(state: _Build) -> None:
    for node in list(state.order):
        wanted: list[str] = []
        for record in node.records:
            for parent_id in record.parents:
                if parent_id not in wanted:
                    wanted.append(parent_id)
        for parent_id in wanted:
            parent = state.nodes.get(parent_id)
            if parent is not None and parent.seq_id != node.seq_id:
                parent = None
            if parent is None and node.first.gtf:
                parent = _gtf_parent(state, node, parent_id)
            if parent is None or parent is node:
                record = next(r for r in node.records if parent_id in r.parents)
                state.report.add(
                    UNKNOWN_PARENT(
                        record.attr_pos("Parent"),
                        f"Line {record.pos.line}: Parent {parent_id!r} is not the ID of any feature on "
                        f"{node.seq_id}; the line was not read.",
                        seq_id=node.seq_id,
                    )
                )
                node.orphaned = True
                continue
            node.parents.append(parent)
            parent.children.append(node)


def _gtf_parent(state: _Build, child: Node, parent_id: str) -> Node:
    """GTF often has no gene or transcript lines: make the parent from its first child, grown to span all."""
    is_gene = parent_id.startswith("gene:")
    so_type = "gene" if is_gene else "mRNA"
    base = child.first
    attributes = dict(base.attributes)
    attributes.pop("Parent", None)
    if not is_gene and "gene_id" in attributes:
        attributes["Parent"] = replace(
            attributes["gene_id"], key="Parent", values=[f"gene:{base.get('gene_id')}"]
        )
    record = replace(base, type=so_type, attributes=attributes, phase=None)
    node = Node(
        parent_id,
        so_type,
        types.Kind("gene" if is_gene else "transcript", "gene" if is_gene else "mRNA"),
        [record],
        synthetic=True,
    )
    state.nodes[parent_id] = node
    state.order.append(node)
    if not is_gene and "Parent" in attributes:
        gene = state.nodes.get(attributes["Parent"].values[0]) or _gtf_parent(
            state, node, attributes["Parent"].values[0]
        )
        node.parents.append(gene)
        gene.children.append(node)
    return node


def _span_all(node: Node) -> tuple[int, int]:
    lows = [r.start for r in node.records]
    highs = [r.end for r in node.records]
    for child in node.children:
        low, high = _span_all(child)
        lows.append(low)
        highs.append(high)
    return min(lows), max(highs)


# --- emitting features --------------------------------------------------------------------------------------


def _table(state: _Build, record: GffRecord) -> GffFeatureTable:
    table = state.tables.get(record.seq_id)
    if table is None:
        table = GffFeatureTable(record.seq_id, record.pos)
        state.tables[record.seq_id] = table
    return table


def _emit_top(state: _Build, node: Node) -> None:
    role = node.kind.role
    table = _table(state, node.first)
    if role == "gene":
        _emit_gene(state, table, node)
    elif role == "transcript" or (role == "part" and node.type in types.CDS_TYPES):
        model = GeneModel(None)
        gene = _make_gene(state, table, node) if state.dialect.make_genes else None
        model.gene = gene
        pseudo = _is_pseudo(node.records)
        if role == "transcript":
            model.transcripts.append(_emit_transcript(state, table, node, pseudo=pseudo))
        else:
            model.transcripts.append(_emit_cds_only(state, table, [node], pseudo=pseudo))
        table.models.append(model)
    elif role == "part":
        fallback = types.FEATURE_SO.get(node.type)
        if fallback is not None:
            _emit_plain(state, table, node, fallback[0], fallback[1])
    elif role == "feature":
        _emit_plain(state, table, node, node.kind.key, node.kind.fixed)
    for child in node.children:
        if child.kind.role == "feature" and len(child.parents) == 1:
            _emit_plain(state, table, child, child.kind.key, child.kind.fixed)


def _is_pseudo(records: Iterable[GffRecord]) -> bool:
    for record in records:
        if record.type.startswith("pseudogen") or quals.is_true(record.get("pseudo")):
            return True
        for key in ("gene_biotype", "biotype", "transcript_biotype"):
            if "pseudogene" in (record.get(key) or ""):
                return True
        if record.get("pseudogene"):
            return True
    return False


def _gene_locus_tag(state: _Build, node: Node) -> tuple[str, SourcePos] | None:
    found = quals.first(node.records, ("locus_tag",))
    if found is None and state.dialect.locus_tag_from_id:
        ident = node.first.id
        if ident and quals.looks_like_locus_tag(ident):
            found = ident, node.first.attr_pos("ID")
    if found is None:
        kids = [r for child in node.children for r in child.records]
        found = quals.first(kids, ("locus_tag",))
    return found


def _make_gene(state: _Build, table: GffFeatureTable, node: Node) -> Feature:
    """A gene for a transcript or CDS that has none (Prokka): same span, its locus_tag and gene name."""
    records = node.records
    strand = locations.strand_of(records)
    low = min(r.start for r in records)
    high = max(r.end for r in records)
    pos = node.first.pos
    gene = Feature(
        "gene", node.seq_id, pos, [Interval(high, low, pos) if strand == "-" else Interval(low, high, pos)]
    )
    tag = quals.first(records, ("locus_tag",))
    symbol = quals.gene_symbol(state.dialect, records, tag[0] if tag else None)
    if symbol:
        gene.qualifiers.append(symbol)
    if tag:
        gene.qualifiers.append(quals.q("locus_tag", *tag))
    gene.qualifiers.extend(quals.synonyms(records, symbol.value if symbol else None))
    if _is_pseudo(records):
        gene.qualifiers.append(quals.q("pseudo", None, pos))
    table.append(gene)
    return gene


def _emit_gene(state: _Build, table: GffFeatureTable, node: Node) -> None:
    records = node.records
    pos = node.first.pos
    transcripts = _transcripts(node)
    direct_cds = [c for c in node.children if c.kind.role == "part" and c.type in types.CDS_TYPES]
    strand = locations.strand_of(records)
    kid_strand = (
        locations.strand_of(r for c in (*transcripts, *direct_cds) for r in c.records)
        if transcripts or direct_cds
        else strand
    )
    if strand != kid_strand and node.first.strand != ".":
        state.report.add(
            STRAND_MISMATCH(
                node.first.pos,
                f"Line {pos.line}: the gene is on the {node.first.strand} strand, its transcripts on the {kid_strand}.",
                seq_id=node.seq_id,
            )
        )
    strand = kid_strand
    low, high = (
        _span_all(node) if node.synthetic else (min(r.start for r in records), max(r.end for r in records))
    )
    interval = Interval(high, low, pos) if strand == "-" else Interval(low, high, pos)
    gene = Feature("gene", node.seq_id, pos, [interval])
    tag = _gene_locus_tag(state, node)
    symbol = quals.gene_symbol(state.dialect, records, tag[0] if tag else None)
    if symbol is None:
        symbol = quals.gene_symbol(
            state.dialect, [r for c in transcripts for r in c.records], tag[0] if tag else None
        )
    if symbol:
        gene.qualifiers.append(symbol)
    if tag:
        gene.qualifiers.append(quals.q("locus_tag", *tag))
    gene.qualifiers.extend(quals.synonyms(records, symbol.value if symbol else None))
    gene.qualifiers.extend(quals.notes(state.dialect, records, gene_level=True))
    gene.qualifiers.extend(x for x in quals.xrefs(records) if x.key == "db_xref")
    gene.qualifiers.extend(quals.passthrough("gene", records, skip=("pseudo",)))
    pseudo = _is_pseudo(records)
    if pseudo:
        gene.qualifiers.append(quals.q("pseudo", None, pos))
    locations.partials_from_attributes(records, gene, strand)
    table.append(gene)
    model = GeneModel(gene)
    for child in transcripts:
        model.transcripts.append(
            _emit_transcript(state, table, child, pseudo=pseudo or _is_pseudo(child.records))
        )
    if direct_cds:
        model.transcripts.append(_emit_cds_only(state, table, direct_cds, pseudo=pseudo))
    elif not transcripts:
        # Exons straight under a gene (NCBI writes pseudogenes so): each is an exon feature.
        for child in node.children:
            if child.type in types.EXON_TYPES:
                _emit_plain(state, table, child, "exon", ())
    table.models.append(model)


def _transcripts(node: Node) -> list[Node]:
    """Transcripts under a gene, and those nested under them (a miRNA under its primary transcript)."""
    out: list[Node] = []
    for child in node.children:
        if child.kind.role == "transcript" and child not in out:
            out.append(child)
            out.extend(t for t in _transcripts(child) if t not in out)
    return out


def _parts(node: Node, wanted: frozenset[str] | set[str]) -> list[GffRecord]:
    return [r for child in node.children if child.type in wanted for r in child.records]


def _rna_key(node: Node, has_cds: bool) -> tuple[str, str | None]:
    """The INSDC key of a transcript and, for ncRNA, its class."""
    key = node.kind.key
    first = node.first
    biotypes = (first.get("ncrna_class"), first.get("ncRNA_class"), first.get("transcript_biotype"),
                first.get("biotype"), *(p.first.get("gene_biotype") for p in node.parents))  # fmt: skip
    if node.type == "transcript" and not has_cds:
        words = [b for b in biotypes if b]
        if any(w == "protein_coding" for w in words[:3]) or not words:
            return ("mRNA", None) if words else ("misc_RNA", None)
        cls = types.ncrna_class("", *words)
        return ("ncRNA", cls) if cls else ("misc_RNA", None)
    if key == "ncRNA":
        return key, types.ncrna_class(node.type, *biotypes) or "other"
    return key, None


def _emit_transcript(state: _Build, table: GffFeatureTable, node: Node, *, pseudo: bool) -> TranscriptModel:
    dialect = state.dialect
    records = node.records
    pos = node.first.pos
    strand = locations.strand_of(records)
    cds_records = _parts(node, types.CDS_TYPES)
    if node.first.gtf:  # GTF leaves the stop codon out of the CDS
        cds_records += _parts(node, {types.STOP_CODON})
    exons = _parts(node, types.EXON_TYPES)
    if exons:
        intervals = locations.intervals(exons, strand, merge=False)
        _check_cds_in_exons(state, node, cds_records, exons)
    else:
        pieces = cds_records + _parts(node, types.UTR_TYPES | {types.START_CODON, types.STOP_CODON})
        intervals = locations.intervals(pieces or records, strand, merge=True)
    key, ncrna_class = _rna_key(node, bool(cds_records))
    rna = Feature(key, node.seq_id, pos, intervals)
    own_product = quals.product(dialect, records)
    cds_product = quals.product(dialect, cds_records) if cds_records else None
    product = own_product or cds_product
    if key == "mRNA" and cds_records and product is None:
        product = quals.q("product", "hypothetical protein", pos)
    if ncrna_class:
        rna.qualifiers.append(quals.q("ncRNA_class", ncrna_class, pos))
    if product:
        rna.qualifiers.append(product)
    rna.qualifiers.extend(quals.notes(dialect, records))
    rna.qualifiers.extend(quals.passthrough(key, records, skip=("pseudo",)))
    tid = quals.first(records, ("transcript_id",))
    pid = quals.first(records, ("protein_id",)) if cds_records else None
    if tid:
        rna.qualifiers.append(quals.q("transcript_id", *tid))
    if pid:
        rna.qualifiers.append(quals.q("protein_id", *pid))
    if pseudo:
        rna.qualifiers.append(quals.q("pseudo", None, pos))
    table.append(rna)
    cds = None
    if cds_records:
        cds = _make_cds(state, table, node.seq_id, cds_records, records, product, strand, pseudo=pseudo)
        locations.partials_from_attributes([*records, *cds_records], rna, strand)
    else:
        locations.partials_from_attributes(records, rna, strand)
    return TranscriptModel(rna, cds, pseudo)


def _emit_cds_only(
    state: _Build, table: GffFeatureTable, nodes: list[Node], *, pseudo: bool
) -> TranscriptModel:
    records = [r for n in nodes for r in n.records]
    strand = locations.strand_of(records)
    cds = _make_cds(state, table, nodes[0].seq_id, records, [], None, strand, pseudo=pseudo)
    return TranscriptModel(None, cds, pseudo)


def _make_cds(
    state: _Build,
    table: GffFeatureTable,
    seq_id: str,
    cds_records: list[GffRecord],
    transcript: list[GffRecord],
    rna_product: Qualifier | None,
    strand: str,
    *,
    pseudo: bool,
) -> Feature:
    dialect = state.dialect
    intervals = locations.intervals(cds_records, strand, merge=False)
    first_piece = min(cds_records, key=lambda r: -r.end if strand == "-" else r.start)
    cds = Feature("CDS", seq_id, first_piece.pos, intervals)
    product = quals.product(dialect, cds_records) or rna_product
    if product is None:
        product = quals.q("product", "hypothetical protein", first_piece.pos)
    cds.qualifiers.append(product)
    phase = first_piece.phase or 0
    cds.qualifiers.append(quals.q("codon_start", str(phase + 1), first_piece.pos))
    cds.qualifiers.extend(quals.notes(dialect, cds_records))
    protein_level = quals.xrefs(cds_records) or quals.xrefs(transcript)
    cds.qualifiers.extend(protein_level)
    cds.qualifiers.extend(quals.passthrough("CDS", cds_records or transcript, skip=("pseudo",)))
    pid = quals.first(cds_records, ("protein_id",)) or quals.first(transcript, ("protein_id",))
    tid = quals.first(cds_records, ("transcript_id",)) or quals.first(transcript, ("transcript_id",))
    if pid:
        cds.qualifiers.append(quals.q("protein_id", *pid))
    if tid:
        cds.qualifiers.append(quals.q("transcript_id", *tid))
    if pseudo:
        cds.qualifiers.append(quals.q("pseudo", None, first_piece.pos))
    if phase:
        locations.mark(cds, five=True)  # a CDS that starts mid-codon is 5' partial by definition
    locations.partials_from_attributes(cds_records, cds, strand)
    table.append(cds)
    return cds


def _check_cds_in_exons(state: _Build, node: Node, cds: list[GffRecord], exons: list[GffRecord]) -> None:
    for record in cds:
        if not any(e.start <= record.start and record.end <= e.end for e in exons):
            state.report.add(
                CDS_OUTSIDE_EXONS(
                    record.pos,
                    f"Line {record.pos.line}: CDS {record.start:,}..{record.end:,} is not inside any exon of "
                    f"transcript {node.first.id or node.first.pos.line}.",
                    seq_id=node.seq_id,
                )
            )
            return


def _emit_plain(
    state: _Build, table: GffFeatureTable, node: Node, key: str, fixed: tuple[tuple[str, str], ...]
) -> None:
    records = node.records
    pos = node.first.pos
    strand = locations.strand_of(records)
    feature = Feature(key, node.seq_id, pos, locations.intervals(records, strand, merge=False))
    for name, value in fixed:
        feature.qualifiers.append(quals.q(name, value, pos))
    tag = quals.first(records, ("locus_tag",))
    symbol = quals.gene_symbol(state.dialect, records, tag[0] if tag else None) if key != "gene" else None
    if symbol and key not in ("repeat_region", "rep_origin", "mobile_element"):
        feature.qualifiers.append(symbol)
    if tag:
        feature.qualifiers.append(quals.q("locus_tag", *tag))
    product = quals.product(state.dialect, records)
    if product and "product" in insdc.allowed_qualifiers(key):
        feature.qualifiers.append(product)
    feature.qualifiers.extend(quals.notes(state.dialect, records))
    feature.qualifiers.extend(x for x in quals.xrefs(records) if x.key in insdc.allowed_qualifiers(key))
    feature.qualifiers.extend(quals.passthrough(key, records, skip=[name for name, _ in fixed]))
    locations.partials_from_attributes(records, feature, strand)
    table.append(feature)
