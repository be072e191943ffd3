"""How tbl2asn 25.3 names the object a finding is about, after ``FEATURE:``, ``BIOSEQ:`` or ``DESCRIPTOR:``.

Shared by the rule families that report on any feature (qualifiers, products, identifiers, locus tags) and on
sequences and their source. The CDS translation family keeps its own (it names the product Bioseq too).
"""

from __future__ import annotations

from gbprep.model.modifiers import lookup_organism, taxname_organism
from gbprep.model.records import Feature, SequenceRecord
from gbprep.model.taxonomy import lookup
from gbprep.rules.registry import RecordContext
from gbprep.rules.translation import location_text, ncbi_id

# The label tbl2asn gives a feature's type when it differs from the key.
_TYPE_LABELS = {"gene": "Gene", "source": "Src", "Protein": "Prot"}
# Keys whose content label is the product name, and those whose content is the gene symbol.
_PRODUCT_KEYS = frozenset(
    {"CDS", "mRNA", "tRNA", "rRNA", "ncRNA", "tmRNA", "misc_RNA", "precursor_RNA", "Protein", "mat_peptide"}
)


def taxname_of(ctx: RecordContext) -> str:
    """The organism name tbl2asn writes for the record: a .src table's as given, else the looked-up one in
    its built-in table's spelling (see ``lookup_organism``)."""
    looked_up = lookup_organism(ctx.source_modifiers)
    taxname = taxname_organism(ctx.source_modifiers)
    known = lookup(looked_up, fold_case=True) if taxname == looked_up else None
    return known.name if known is not None else taxname


def seq_text(seq_id: str, length: int, *, protein: bool = False) -> str:
    """``lcl|c1: raw, dna len= 1500``."""
    return f"{ncbi_id(seq_id)}: raw, {'aa' if protein else 'dna'} len= {length}"


def bioseq_text(record: SequenceRecord, length: int | None = None) -> str:
    return seq_text(record.seq_id, len(record) if length is None else length)


def feature_content(feature: Feature) -> str:
    """The short content tbl2asn prints after the type: product, gene symbol, or a telling qualifier."""
    if feature.key == "gene":
        return feature.get("gene") or feature.get("locus_tag") or ""
    if feature.key in _PRODUCT_KEYS:
        value = feature.get("product") or feature.get("gene") or feature.get("note")
        return value or ""
    content = ""
    for key in ("note", "number", "regulatory_class", "rpt_type"):
        value = feature.get(key)
        if value:
            content = f"/{key}={value}" if key != "note" else value
            break
    ec_number = feature.get("EC_number")  # tbl2asn: 'misc_feature: /EC_number=1.1.1.63; a note'
    if ec_number:
        return f"/EC_number={ec_number}; {content}" if content else f"/EC_number={ec_number}"
    return content


def feature_text(feature: Feature, seq_id: str, length: int) -> str:
    """What tbl2asn prints after ``FEATURE:``: ``Gene: abcA [lcl|c1:1-300] [lcl|c1: raw, dna len= 900]``."""
    kind = _TYPE_LABELS.get(feature.key, feature.key)
    location = location_text(feature, seq_id) if feature.intervals else ncbi_id(seq_id)
    return f"{kind}: {feature_content(feature)} [{location}] [{seq_text(seq_id, length)}]"


def protein_feature_text(
    name: str, protein_id: str, length: int, *, partial5: bool = False, partial3: bool = False
) -> str:
    """The ``Prot:`` label of a CDS's protein product: ``Prot: kinase [lcl|c1_1:1-41] [lcl|c1_1: raw, aa len= 41]``
    (``<1-`` and ``->41`` when the CDS is partial at that end)."""
    span = f"{'<' if partial5 else ''}1-{'>' if partial3 else ''}{length}"
    return f"Prot: {name} [{ncbi_id(protein_id)}:{span}] [{seq_text(protein_id, length, protein=True)}]"


def restated(first: Feature, later: Feature) -> bool:
    """True when ``later`` is ``first`` given again in another file (a .tbl and a GFF3 of one annotation).

    Uniqueness rules then see one feature, not a collision: same key, sequence and location rows.
    """
    return (
        first.pos.file != later.pos.file
        and first.key == later.key
        and first.seq_id == later.seq_id
        and [(i.start, i.stop) for i in first.intervals] == [(i.start, i.stop) for i in later.intervals]
    )
