"""locus_tag, protein_id and transcript_id the way NCBI table2asn assigns them with ``-locus-tag-prefix``.

With a prefix, genes without a locus_tag get ``PREFIX_000010``, ``PREFIX_000020``... (six digits, sequences
in SeqID order, genes by position; the step of 10 leaves room for genes found later). Each CDS gets
``gnl|PREFIX|<locus_tag>`` and its mRNA ``gnl|PREFIX|mrna.<locus_tag>``; a gene's second and later isoforms
add ``_1``, ``_2``... as table2asn does. Without ``keep_ids`` the submitter's protein_id/transcript_id are
replaced; with it they are kept and only missing ones are made. A bare id (no ``|``) becomes
``gnl|PREFIX|id``, NCBI's general form.

Without a prefix, ids are only made where the gene's locus_tag gives one (its part before ``_``), so nothing
is invented out of thin air.
"""

from __future__ import annotations

from dataclasses import dataclass

from gbprep.gff.build import GeneModel, GffFeatureTable
from gbprep.model.records import Feature, Qualifier


@dataclass(frozen=True, slots=True)
class IdOptions:
    prefix: str | None = None
    keep_ids: bool = False
    first_number: int = 10
    step: int = 10


def assign_identifiers(tables: dict[str, GffFeatureTable], options: IdOptions) -> None:
    number = options.first_number
    for seq_id in sorted(tables):
        models = sorted(tables[seq_id].models, key=lambda m: _start(m))
        for model in models:
            gene = model.gene
            if gene is not None and options.prefix and not gene.get("locus_tag"):
                _set(gene, "locus_tag", f"{options.prefix}_{number:06d}", after="gene")
                number += options.step
            _assign_products(model, options)


def _start(model: GeneModel) -> int:
    feature = model.gene or next((t.rna or t.cds for t in model.transcripts if t.rna or t.cds), None)
    return feature.low if feature is not None and feature.intervals else 0


def _assign_products(model: GeneModel, options: IdOptions) -> None:
    tag = model.gene.get("locus_tag") if model.gene is not None else None
    if tag is None:
        tag = next(
            (f.get("locus_tag") for t in model.transcripts for f in (t.rna, t.cds) if f is not None), None
        )
    db = options.prefix or (tag.split("_", 1)[0] if tag and "_" in tag else None)
    if db is None or tag is None:
        return
    isoform = 0
    for transcript in model.transcripts:
        cds, rna = transcript.cds, transcript.rna
        if cds is None or transcript.pseudo:
            continue
        suffix = f"_{isoform}" if isoform else ""
        isoform += 1
        protein = f"gnl|{db}|{tag}{suffix}"
        mrna = f"gnl|{db}|mrna.{tag}{suffix}"
        keep = options.keep_ids or not options.prefix
        given_pid = cds.get("protein_id") or (rna.get("protein_id") if rna else None)
        given_tid = cds.get("transcript_id") or (rna.get("transcript_id") if rna else None)
        pid = _general(given_pid, db) if keep and given_pid else protein
        tid = _general(given_tid, db) if keep and given_tid else mrna
        for feature in (cds, rna):
            if feature is None:
                continue
            _set(feature, "protein_id", pid)
            if rna is not None:  # a transcript_id names an mRNA; a CDS without one has none to name
                _set(feature, "transcript_id", tid)


def _general(value: str, db: str) -> str:
    return value if "|" in value else f"gnl|{db}|{value}"


def _set(feature: Feature, key: str, value: str, *, after: str | None = None) -> None:
    """Replace the qualifier's value in place (keeping its position), or add it."""
    for index, qual in enumerate(feature.qualifiers):
        if qual.key == key:
            feature.qualifiers[index] = Qualifier(key, value, qual.pos)
            return
    new = Qualifier(key, value, feature.pos)
    if after is not None:
        for index, qual in enumerate(feature.qualifiers):
            if qual.key == after:
                feature.qualifiers.insert(index + 1, new)
                return
    feature.qualifiers.append(new)
