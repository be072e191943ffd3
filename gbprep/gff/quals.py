"""Column 9 to INSDC qualifiers: products, names, notes, cross-references and GO terms, per dialect.

Every qualifier keeps the position of the attribute it came from (file, line, column), so a finding about a
product or a db_xref points at the user's GFF3 line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from gbprep.gff.dialects import Dialect
from gbprep.model import insdc
from gbprep.model.diagnostics import SourcePos
from gbprep.model.records import Qualifier
from gbprep.readers.gff3 import GffRecord

# Attributes the builder reads itself, or that carry GFF3 structure rather than annotation.
STRUCTURAL = frozenset(
    {
        "ID", "Parent", "Name", "Alias", "Target", "Gap", "Derives_from", "Is_circular", "Note", "note",
        "Dbxref", "db_xref", "Ontology_term", "product", "gene", "gene_name", "locus_tag", "protein_id",
        "transcript_id", "codon_start", "translation", "partial", "start_range", "end_range", "pseudo",
        "gene_biotype", "transcript_biotype", "biotype", "ncrna_class", "ncRNA_class", "description",
        "5_prime_partial", "3_prime_partial", "gbkey", "part", "exon_number", "gene_id", "EC_number",
        "ec_number", "eC_number", "gene_synonym",
    }
)  # fmt: skip
_TRUE = frozenset({"true", "yes", "1", "t"})
_GO = re.compile(r"GO:\d{7}")
_SIMILAR = re.compile(r"Similar to [^:]+:\s*(?P<product>.+?)(?:\s+\([^()]*\))?\s*$")
_ID_LIKE = re.compile(r"^[A-Za-z][0-9A-Za-z]{2,}_[0-9A-Za-z]+$")


def is_true(value: str | None) -> bool:
    return value is not None and value.strip().lower() in _TRUE


def first(records: Sequence[GffRecord], keys: Iterable[str]) -> tuple[str, SourcePos] | None:
    """The first non-empty value of the first key (in ``keys`` order) that any record carries."""
    for key in keys:
        for record in records:
            value = record.get(key)
            if value:
                return value, record.attr_pos(key)
    return None


def q(key: str, value: str | None, pos: SourcePos) -> Qualifier:
    return Qualifier(key, value, pos)


def looks_like_locus_tag(value: str) -> bool:
    return _ID_LIKE.match(value) is not None


def gene_symbol(dialect: Dialect, records: Sequence[GffRecord], locus_tag: str | None) -> Qualifier | None:
    found = first(records, dialect.gene_name_keys)
    if found is None:
        return None
    value, pos = found
    ids = {r.id for r in records}
    if value in ids or value == locus_tag:
        return None  # an identifier repeated in Name, not a gene symbol
    return q("gene", value, pos)


def product(dialect: Dialect, records: Sequence[GffRecord]) -> Qualifier | None:
    found = first(records, dialect.product_keys)
    if found is not None:
        return q("product", found[0], found[1])
    if dialect.product_from_similar_note:
        for record in records:
            for note in record.all("Note"):
                match = _SIMILAR.match(note)
                if match:
                    return q("product", match.group("product"), record.attr_pos("Note"))
    return None


def notes(dialect: Dialect, records: Sequence[GffRecord], *, gene_level: bool = False) -> list[Qualifier]:
    out: list[Qualifier] = []
    seen: set[str] = set()
    keys = (
        (*dialect.note_keys, "description")
        if gene_level and dialect.description_as_note
        else dialect.note_keys
    )
    for record in records:
        for key in keys:
            for value in record.all(key):
                if dialect.product_from_similar_note and _SIMILAR.match(value):
                    continue
                if value and value not in seen:
                    seen.add(value)
                    out.append(q("note", value, record.attr_pos(key)))
    return out


def xrefs(records: Sequence[GffRecord]) -> list[Qualifier]:
    """Dbxref to db_xref (EC: becomes EC_number, SO: is dropped), Ontology_term GO ids to db_xref GO:."""
    out: list[Qualifier] = []
    seen: set[tuple[str, str]] = set()

    def add(key: str, value: str, pos: SourcePos) -> None:
        if (key, value) not in seen:
            seen.add((key, value))
            out.append(q(key, value, pos))

    for record in records:
        for attr in ("Dbxref", "db_xref"):
            for value in record.all(attr):
                db, _, ident = value.partition(":")
                if db.upper() == "EC":
                    add("EC_number", ident, record.attr_pos(attr))
                elif db.upper() != "SO" and ident:
                    add("db_xref", value, record.attr_pos(attr))
        for value in record.all("Ontology_term"):
            # GFF3 gives no aspect (process/function/component), so the id goes where GenBank takes it bare.
            if _GO.fullmatch(value):
                add("db_xref", value, record.attr_pos("Ontology_term"))
        for attr in ("EC_number", "ec_number", "eC_number"):
            for value in record.all(attr):
                for number in value.split(","):
                    if number.strip():
                        add("EC_number", number.strip(), record.attr_pos(attr))
    return out


def passthrough(key: str, records: Sequence[GffRecord], skip: Iterable[str] = ()) -> list[Qualifier]:
    """Attributes that are already INSDC qualifiers allowed on ``key`` (inference, gene_synonym, exception...)."""
    out: list[Qualifier] = []
    skipped = STRUCTURAL.union(skip)
    seen: set[tuple[str, str]] = set()
    for record in records:
        for name, attr in record.attributes.items():
            if name in skipped or name == "pseudogene":
                continue
            real = insdc.canonical_qualifier(name)
            if real is None or real != name or not insdc.is_allowed(key, real) or real in skipped:
                continue
            kind = insdc.qualifier(real)
            for value in attr.values or [""]:
                if (real, value) in seen:
                    continue
                seen.add((real, value))
                flag = kind is not None and kind.kind is insdc.ValueKind.FLAG
                out.append(q(real, None if flag else value, record.attr_pos(name)))
    return out


def synonyms(records: Sequence[GffRecord], symbol: str | None) -> list[Qualifier]:
    out: list[Qualifier] = []
    seen = {symbol} if symbol else set()
    for record in records:
        for value in record.all("gene_synonym"):
            if value not in seen:
                seen.add(value)
                out.append(q("gene_synonym", value, record.attr_pos("gene_synonym")))
    return out
