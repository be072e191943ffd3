"""One top-level Seq-entry per nucleotide record: a nuc-prot set when it has CDSs, else a bare Bioseq.

Descriptors go where tbl2asn 25.3 puts them after its cleanup: on a nuc-prot set the BioSource, publications,
comments and user objects (the template's ``Submission`` notes stay on the nucleotide unless the records are a
FASTA set), the nucleotide keeps its title and MolInfo; each protein gets a title (``product[, partial]
[organism]``) and a MolInfo. Each top-level entry carries the cleanup stamp and create-date (``first``).

Before the features are built they get tbl2asn's changes: a complete CDS takes the stop codon just past it
(``gbprep.model.stop_extension``), an mRNA sequence's only gene covers it (``genes``), and under ``-M n`` the
protein names go through the product rules' autofix (``product_fix``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from gbprep.assemble import features as feats
from gbprep.assemble import translate as translation
from gbprep.assemble.accessions import is_wgs, protein_key, with_accession
from gbprep.assemble.cleanup import clean_text, without_organism
from gbprep.assemble.genes import extend_single_gene_on_mrna
from gbprep.assemble.options import AssembleOptions
from gbprep.assemble.product_fix import autofix_products, rules_path
from gbprep.assemble.pubs import clean_pubdesc
from gbprep.assemble.seqdata import GapSpec, inst, n_runs, protein_data
from gbprep.assemble.source import biosource, molinfo, protein_molinfo, source_info
from gbprep.model.asntree import (
    boolean,
    choice,
    date_std,
    ident,
    integer,
    paused_gc,
    seq_of,
    string,
    struct,
    user_field,
    user_object,
)
from gbprep.model.coding import codon_start, given_protein, location_offset, protein_index
from gbprep.model.diagnostics import SourcePos
from gbprep.model.prot_ref import fills_hypothetical, generated_id, has_prot_ref, reader_fixes
from gbprep.model.records import (
    AsnNode,
    Descriptor,
    Feature,
    Interval,
    ProteinRecord,
    SequenceRecord,
    SourceModifier,
)
from gbprep.model.seqids import best_id, named, protein_ids, seq_id_keys, seq_ids
from gbprep.model.stop_extension import extend_cds_to_stop

if TYPE_CHECKING:
    from gbprep.model.bundle import Bundle

_GAP_TYPES = {
    "within scaffold": "scaffold",
    "between scaffolds": "contig",
    "centromere": "centromere",
    "short arm": "short-arm",
    "heterochromatin": "heterochromatin",
    "telomere": "telomere",
    "repeat within scaffold": "repeat",
    "repeat between scaffolds": "repeat",
    "contamination": "unknown",  # not a Seq-gap type tbl2asn 25.3 knows
    "unknown": "unknown",
}


def record_modifiers(
    record: SequenceRecord, bundle: Bundle | None, options: AssembleOptions
) -> list[SourceModifier]:
    mods = list(record.modifiers)
    if bundle is not None and bundle.source_rows:
        keys = set(seq_id_keys(record.seq_id))
        for row_id, row in bundle.source_rows.items():
            if keys.intersection(seq_id_keys(row_id)):
                mods.extend(row)
    mods.extend(options.modifiers)
    return mods


def _descr(items: Iterable[AsnNode | None]) -> AsnNode | None:
    kept = [i for i in items if i is not None]
    return seq_of("descr", kept) if kept else None


def _desc(kind: str, value: AsnNode) -> AsnNode:
    value.name = kind
    return value


def _template_descr(
    bundle: Bundle | None, seq_id: str, options: AssembleOptions
) -> tuple[list[AsnNode], list[AsnNode], list[AsnNode]]:
    """The template's (and side files') descriptors for one record: (pubs, Submission users, other users)."""
    pubs: list[AsnNode] = []
    submission: list[AsnNode] = []
    users: list[AsnNode] = []
    if bundle is None:
        return pubs, submission, users
    descriptors: list[Descriptor] = list(bundle.template.descriptors) if bundle.template else []
    keys = set(seq_id_keys(seq_id))
    for d in bundle.comments:
        if d.seq_id is None and not options.comment_for_all:
            continue
        if d.seq_id is None or keys.intersection(seq_id_keys(d.seq_id)):
            descriptors.append(d)
    for d in descriptors:
        node = _descriptor_node(d)
        if node is None:
            continue
        if d.kind == "pub":
            pubs.append(clean_pubdesc(node))
        elif d.kind == "user" and d.text == "Submission":
            submission.append(node)
        elif d.kind == "user":
            users.append(node)
        else:
            users.append(node)
    return pubs, submission, users


def _descriptor_node(d: Descriptor) -> AsnNode | None:
    if d.raw is not None and d.raw.kind == "choice" and d.raw.children:
        child = d.raw.children[0]
        return AsnNode(child.kind, child.pos, child.value, d.kind, child.children)
    if d.kind == "user" and d.fields:  # a structured comment from a .cmt table
        fields = [user_field(label, "str", string(None, value)) for label, value in d.fields]
        node = user_object("StructuredComment", fields, d.pos)
        node.name = "user"
        return node
    if d.kind == "comment" and d.text:
        return string("comment", d.text, d.pos)
    return None


def cleanup_stamp(options: AssembleOptions) -> list[AsnNode]:
    """The ``NcbiCleanup`` user object and ``create-date`` tbl2asn puts on each top-level entry."""
    year, month, day = options.date
    fields = [
        user_field("method", "str", string(None, "SeriousSeqEntryCleanup")),
        user_field("version", "int", integer(None, 8)),
        user_field("month", "int", integer(None, month)),
        user_field("day", "int", integer(None, day)),
        user_field("year", "int", integer(None, year)),
    ]
    stamp = user_object("NcbiCleanup", fields)
    stamp.name = "user"
    return [stamp, date_std("create-date", options.date)]


def _evidence(value: str) -> str:
    """A linkage_evidence value as the Linkage-evidence type name: 'align genus'/'align_genus' -> 'align-genus'."""
    return "-".join(value.strip().lower().replace("_", " ").split())


def _gaps(record: SequenceRecord, features: Sequence[Feature], options: AssembleOptions) -> list[GapSpec]:
    gaps: list[GapSpec] = []
    for f in features:
        if f.key != "assembly_gap" or not f.intervals:
            continue
        gap_type = _GAP_TYPES.get((f.get("gap_type") or "unknown").strip().lower(), "unknown")
        # tbl2asn 25.3 keeps only the first linkage_evidence of an assembly_gap, and calls the gap linked
        # when it has one, unlinked when not, whatever its type (asn2gb then shows no /linkage_evidence).
        evidence = tuple(_evidence(v) for v in f.values("linkage_evidence") if v.strip())[:1]
        estimated = (f.get("estimated_length") or "").strip().lower()
        gaps.append(
            GapSpec(
                start=f.low - 1,
                length=f.high - f.low + 1,
                unknown=estimated == "unknown",
                gap_type=gap_type,
                linkage=bool(evidence),
                evidence=evidence,
                pos=f.pos,
            )
        )
    for gap in record.gaps:
        gaps.append(GapSpec(start=gap.offset, length=gap.length, unknown=gap.unknown_length, pos=gap.pos))
    run = options.gap_run
    if run is not None:
        taken = [(g.start, g.start + g.length) for g in gaps]
        minimum, unknown = run
        for start, length in n_runs(record.residues, minimum):
            if any(a < start + length and start < b for a, b in taken):
                continue
            evidence = options.linkage_evidence
            gaps.append(
                GapSpec(
                    start=start,
                    length=length,
                    unknown=unknown
                    and length == 100,  # r<N>u: only a run of exactly 100 is of unknown length
                    gap_type=options.gap_type if evidence else "",
                    linkage=True if evidence else None,
                    evidence=tuple(_evidence(e) for e in evidence),
                    pos=record.pos_of(start),
                )
            )
    return gaps


def assemble_entry(
    record: SequenceRecord,
    features: Sequence[Feature],
    bundle: Bundle | None,
    options: AssembleOptions,
    *,
    first: bool = True,
    ordered: frozenset[SourcePos] = frozenset(),
) -> AsnNode:
    """The top-level Seq-entry for one record (a ``set`` or ``seq`` node, as it appears in ``entrys``).

    ``ordered`` holds the positions of features the table wrote as ``order()`` (see ``record_features``).
    """
    reader_fixes([features], fill_hypothetical=fills_hypothetical(options.genome_mode, options.cleanup))
    with paused_gc():
        return _assemble_entry(record, features, bundle, options, first=first, ordered=ordered)


def _assemble_entry(
    record: SequenceRecord,
    features: Sequence[Feature],
    bundle: Bundle | None,
    options: AssembleOptions,
    *,
    first: bool,
    ordered: frozenset[SourcePos],
) -> AsnNode:
    pos = record.pos
    info = source_info(record_modifiers(record, bundle, options), pos, options.taxonomy_store)
    ids = seq_ids(record.seq_id, pos)
    if options.accessions is not None:
        ids = with_accession(ids, record.seq_id.strip(), options.accessions.nucleotides, pos)
    nuc_id = best_id(ids)
    code = info.genetic_code
    pep_index = protein_index(bundle.proteins) if bundle is not None and bundle.proteins else {}
    # tbl2asn takes a stop codon just past a complete CDS into it (and its mRNA and gene) before writing
    extend_cds_to_stop(record, features, code, bundle.proteins if bundle is not None else [])
    features = extend_single_gene_on_mrna(features, len(record.residues), info.molecule.biomol)
    rules = rules_path() if options.genome_mode else None
    if rules is not None:
        features = autofix_products(features, info.taxname, rules)
    genes = feats.GeneIndex([f for f in features if f.key == "gene" and f.intervals])

    nuc_feats: list[AsnNode] = []
    cds_feats: list[AsnNode] = []
    every: list[AsnNode] = []  # all features in table order, for a record without proteins
    proteins: list[AsnNode] = []
    peptides = [f for f in features if f.key in feats.PEPTIDES and f.intervals]
    serial = 0
    for feature in features:
        if feature.key == "CDS" and feature.intervals and feature.has("pseudo"):
            product = feature.get("product")
            xrefs = [feats.prot_xref([product] if product else [], feature)] if has_prot_ref(feature) else []
            data = feats.cds_data(feature, codon_start(feature), feature_code(feature, code), [])
            node = feats.seq_feat(data, feature, nuc_id, genes, xrefs=xrefs, skip=feats.PROT_QUALIFIERS)
            cds_feats.append(node)
            every.append(node)
        elif feature.key == "CDS" and feature.intervals:
            serial += generated_id(feature)
            built = _cds(
                record,
                feature,
                nuc_id,
                genes,
                code,
                serial,
                info.taxname,
                peptides,
                pep_index,
                options,
            )
            if built is not None:
                cds_feats.append(built[0])
                every.append(built[0])
                if built[1] is not None:
                    proteins.append(built[1])
        elif feature.key not in feats.PEPTIDES:
            converted = feats.convert(feature, nuc_id, genes, order=feature.pos in ordered)
            if converted is not None:
                nuc_feats.append(converted)
                every.append(converted)

    src = _desc("source", biosource(info)) if not info.empty else None
    wgs = options.accessions is not None and is_wgs(
        options.accessions.nucleotides.get(record.seq_id.strip(), "")
    )
    mol_node, mol = molinfo(info, "wgs" if wgs else None)
    title = string("title", record.title) if record.title else None
    pubs, submission, users = _template_descr(bundle, record.seq_id, options)
    comment = string("comment", options.comment) if options.comment else None
    stamp = cleanup_stamp(options) if first else []
    topology = info.values.get("topology", "").strip().lower() or None
    seq_inst = inst(
        record.residues,
        _gaps(record, features, options),
        mol=mol,
        as_text=options.fasta_set,
        pos=pos,
        topology=topology,
    )
    table_name = next((f.table for f in features if f.table), None)
    nuc_annot = _annot(nuc_feats, table_name)
    id_list = seq_of("id", ids)
    if not proteins:
        nuc_annot = _annot(every, table_name)
        descr = _descr([title, src, mol_node, *pubs, comment, *submission, *users, *stamp])
        return struct("seq", [id_list, descr, seq_inst, nuc_annot], pos)
    keep_submission = not options.fasta_set
    nuc_descr = _descr([title, mol_node, *(submission if keep_submission else [])])
    nuc = struct("seq", [id_list, nuc_descr, seq_inst, nuc_annot], pos)
    set_descr = _descr([src, *pubs, comment, *([] if keep_submission else submission), *users, *stamp])
    members = [nuc, *proteins]
    return struct(
        "set",
        [ident("class", "nuc-prot"), set_descr, seq_of("seq-set", members), _annot(cds_feats)],
        pos,
    )


def record_features(bundle: Bundle, record: SequenceRecord) -> tuple[list[Feature], frozenset[SourcePos]]:
    """The features of every table matching a record, and the positions of those written as ``order()``."""
    by_key = bundle.features_by_key()
    tables = {id(t): t for key in seq_id_keys(record.seq_id) for t in by_key.get(key, ())}
    features = [f for t in tables.values() for f in t]
    ordered = frozenset(f.pos for t in tables.values() for f in t if t.is_order(f))
    return features, ordered


def feature_code(feature: Feature, code: int) -> int:
    """The genetic code a CDS is written and translated with: its record's BioSource code. tbl2asn 25.3 replaces
    a CDS's own /transl_table with the BioSource's (its .sqn and .gbf show only that), so a .sqn never holds
    two codes on one sequence (asnval's SEQ_FEAT.MultipleGenCodes)."""
    del feature
    return code


def _annot(features: list[AsnNode], table_name: str | None = None) -> AsnNode | None:
    """``annot { { [desc { name "Table1" },] data ftable {...} } }``: the name a ``>Feature`` line gave."""
    if not features:
        return None
    desc = seq_of("desc", [string("name", table_name)]) if table_name else None
    table = struct(None, [desc, choice("data", "ftable", seq_of(None, features))])
    return seq_of("annot", [table])


def _cds(
    record: SequenceRecord,
    feature: Feature,
    nuc_id: AsnNode,
    genes: feats.GeneIndex,
    code: int,
    serial: int,  # of the SeqID_<n> protein names
    taxname: str,
    peptides: Sequence[Feature],
    pep_index: dict[str, ProteinRecord],
    options: AssembleOptions | None = None,
) -> tuple[AsnNode, AsnNode | None] | None:
    given = given_protein(feature, pep_index) if pep_index else None
    translated = translation.protein(record, feature, code, given)
    if translated is None:
        return None
    residues = translated.residues
    breaks, kept = translation.code_breaks(feature, nuc_id)
    if not has_prot_ref(feature) and given is None:
        # tbl2asn makes no protein for a CDS without a Prot-ref (its validator then reports NoProtein).
        data = feats.cds_data(feature, translated.frame, translated.code, breaks)
        return feats.seq_feat(
            data, feature, nuc_id, genes, skip=feats.PROT_QUALIFIERS, extra_quals=kept
        ), None
    pid_text = feature.get("protein_id")
    pids = (
        protein_ids(pid_text, feature.pos) if pid_text else seq_ids(f"{record.seq_id}_{serial}", feature.pos)
    )
    if options is not None and options.accessions is not None:
        key = protein_key(record.seq_id, pid_text, serial)
        pids = with_accession(pids, key, options.accessions.proteins, feature.pos)
    prot_id = best_id(pids)
    product = clean_text(feature.get("product") or "")
    # The cleanup takes the organism off the end of the protein's name (the mRNA keeps it); a name that was only
    # the organism stays whole (tbl2asn then drops the protein's Prot-ref and names it by its gene: not built).
    product = without_organism(product, taxname) or product
    partial5, partial3 = feature.partial5, feature.partial3
    activities = [a for a in (clean_text(v) for v in feature.values("function")) if a]
    title = product or clean_text(feature.get("prot_desc") or "") or next(iter(activities), "")
    title = title or "unnamed protein product"
    if title in ("hypothetical protein", "uncharacterized protein", "unnamed protein product"):
        # NCBI's protein title names the locus of a protein whose name says nothing.
        tag = feature.get("locus_tag") or genes.locus_tag_of(feature)
        if tag:
            title += f" {tag}"
    if partial5 or partial3:
        title += ", partial"
    if taxname:
        title += f" [{taxname}]"
    descr = seq_of("descr", [string("title", title), protein_molinfo(partial5, partial3)])
    length = len(residues)
    prot_interval = _protein_span(length, partial5, partial3, feature.pos)
    prot_feat = struct(
        None,
        [
            feats.prot_data([product] if product else [], feature),
            boolean("partial", True) if (partial5 or partial3) else None,
            feats.location([prot_interval], prot_id, strand=False),
        ],
        feature.pos,
    )
    prot_feats = [prot_feat]
    for peptide in peptides:
        node = _peptide(peptide, feature, translated.frame, prot_id, length, taxname)
        if node is not None:
            prot_feats.append(node)
    seq_inst = struct(
        "inst",
        [
            ident("repr", "raw"),
            ident("mol", "aa"),
            integer("length", length),
            protein_data(residues, feature.pos),
        ],
        feature.pos,
    )
    protein = struct("seq", [seq_of("id", pids), descr, seq_inst, _annot(prot_feats)], feature.pos)
    cds = feats.seq_feat(
        feats.cds_data(feature, translated.frame, translated.code, breaks),
        feature,
        nuc_id,
        genes,
        product=named(prot_id, "product"),
        skip=feats.PROT_QUALIFIERS,
        extra_quals=kept,
    )
    return cds, protein


def _protein_span(length: int, partial5: bool, partial3: bool, pos: SourcePos) -> Interval:
    return Interval(1, max(length, 1), pos, partial_start=partial5, partial_stop=partial3)


def _peptide(
    peptide: Feature, cds: Feature, frame: int, prot_id: AsnNode, length: int, taxname: str
) -> AsnNode | None:
    """A mat_peptide/sig_peptide inside ``cds`` as a Prot-ref feature on the protein, in amino-acid positions."""
    if not (cds.low <= peptide.low and peptide.high <= cds.high) or peptide.strand is not cds.strand:
        return None
    first = location_offset(cds.intervals, peptide.intervals[0].start)
    last = location_offset(cds.intervals, peptide.intervals[-1].stop)
    if first is None or last is None:
        return None
    start = max((first - (frame - 1)) // 3, 0)
    stop = min((last - (frame - 1)) // 3, length - 1)

    interval = Interval(
        start + 1,
        stop + 1,
        peptide.pos,
        partial_start=peptide.partial5,
        partial_stop=peptide.partial3,
    )
    product = clean_text(peptide.get("product") or "")
    product = without_organism(product, taxname) or product  # as the protein's own name
    data = feats.prot_data([product] if product else [], None, feats.PEPTIDES[peptide.key])
    fields: list[AsnNode | None] = [
        data,
        boolean("partial", True) if (peptide.partial5 or peptide.partial3) else None,
        string("comment", "; ".join(peptide.values("note"))) if peptide.has("note") else None,
        feats.location([interval], prot_id, strand=False),
    ]
    return struct(None, fields, peptide.pos)
