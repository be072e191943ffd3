"""The text a record is found by (full-text indexed on PostgreSQL, searched with LIKE elsewhere)."""

from __future__ import annotations

from records.flatfiles import NucleotideInfo


def search_text_for(info: NucleotideInfo, accession: str, bioproject: str, node: str) -> str:
    words = [
        accession,
        info.accession_version,
        info.organism,
        info.lineage,
        info.definition,
        bioproject,
        node,
        info.molecule,
        *info.genes,
        *info.locus_tags,
        *info.products,
    ]
    return " ".join(w for w in words if w)
