"""What tbl2asn 25.3's cleanup does with a gene row that names no gene (checked by running it).

A gene's Gene-ref holds its name, allele, description, map, locus tag and synonyms. A gene row with none of
these is dropped from the record, unless it is /pseudo or carries a /pseudogene or /experiment (then it stays,
empty); one with only a /note becomes a misc_feature carrying the note. Rules and the discrepancy report ask
these questions of the table's features so that they see the genes tbl2asn's record has.
"""

from __future__ import annotations

from gbprep.model.records import Feature

GENE_REF_QUALS = ("gene", "allele", "gene_desc", "map", "locus_tag", "gene_synonym")
_KEEPS_EMPTY_GENE = frozenset({"pseudo", "pseudogene", "experiment"})


def names_gene(gene: Feature) -> bool:
    """The gene row fills its Gene-ref (any of ``GENE_REF_QUALS`` with a value)."""
    return any((gene.get(key) or "").strip() for key in GENE_REF_QUALS)


def gene_kept(gene: Feature) -> bool:
    """tbl2asn keeps the gene row as a gene."""
    return names_gene(gene) or any(q.key in _KEEPS_EMPTY_GENE for q in gene.qualifiers)


def gene_becomes_misc_feature(gene: Feature) -> bool:
    """tbl2asn turns the gene row into a misc_feature (it names no gene, has a /note and nothing keeping it)."""
    return not gene_kept(gene) and any(q.key == "note" and q.value for q in gene.qualifiers)
