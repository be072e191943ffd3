"""Source modifier names as NCBI's readers match them: the SubSource and OrgMod subtypes, aliases, and the
canonical spelling every reader and writer uses."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gbprep.model.records import SourceModifier


def _words(text: str) -> list[str]:
    return text.split()


# SubSource and OrgMod subtypes (seqfeat.asn) are modifiers under their own names.
SUBSOURCE = _words(
    "chromosome map clone subclone haplotype genotype sex cell-line cell-type tissue-type clone-lib "
    "dev-stage frequency germline rearranged lab-host pop-variant tissue-lib plasmid-name country segment "
    "endogenous-virus-name transgenic environmental-sample isolation-source lat-lon collection-date "
    "collected-by identified-by fwd-primer-seq rev-primer-seq fwd-primer-name rev-primer-name metagenomic "
    "mating-type linkage-group haplogroup whole-replicon phenotype altitude geo-loc-name"
)
ORGMOD = _words(
    "strain substrain type subtype variety serotype serogroup serovar cultivar pathovar chemovar biovar "
    "biotype group subgroup isolate common acronym nat-host sub-species specimen-voucher authority forma "
    "forma-specialis ecotype synonym anamorph teleomorph breed gb-acronym gb-anamorph gb-synonym "
    "culture-collection bio-material metagenome-source type-material nomenclature"
)
# Modifiers that set other parts of the record (BioSource, MolInfo, DBLink, GB-block, Gene-ref, Prot-ref).
OTHER_MODIFIERS = _words(
    "organism taxid lineage division gcode mgcode pgcode location origin focus topology molecule strand "
    "mol-type tech completeness dbxref note sra bioproject biosample project primary-accession "
    "secondary-accession keyword comment pmid gene allele gene-synonym locus-tag protein protein-desc "
    "ec-number activity"
)
KNOWN_MODIFIERS: frozenset[str] = frozenset(SUBSOURCE + ORGMOD + OTHER_MODIFIERS)
DEPRECATED_MODIFIERS: frozenset[str] = frozenset(
    ("dosage", "transposon-name", "plastid-name", "insertion-seq-name", "old-lineage", "old-name")
)
# One value per sequence; a second column for these is a conflict (NCBI reports the same).
SINGLE_VALUED: frozenset[str] = frozenset(
    _words(
        "topology molecule strand gene allele locus-tag protein-desc mol-type tech completeness location "
        "origin focus organism common lineage division gcode mgcode pgcode taxid"
    )
)
_ALIASES = {
    "org": "organism",
    "taxname": "organism",
    "top": "topology",
    "mol": "molecule",
    "moltype": "mol-type",
    "div": "division",
    "notes": "note",
    "subsource-note": "note",
    "orgmod-note": "note",
    "completedness": "completeness",
    "gene-syn": "gene-synonym",
    "genesyn": "gene-synonym",
    "genesynonym": "gene-synonym",
    "prot": "protein",
    "prot-desc": "protein-desc",
    "function": "activity",
    "secondary": "secondary-accession",
    "secondary-accessions": "secondary-accession",
    "keywords": "keyword",
    "primary": "primary-accession",
    "primary-accessions": "primary-accession",
    "projects": "project",
    "db-xref": "dbxref",
    "pubmed": "pmid",
    "host": "nat-host",
    "specific-host": "nat-host",
    "subspecies": "sub-species",
    "sub-clone": "subclone",
    "lat-long": "lat-lon",
    "latitude-longitude": "lat-lon",
    "fwd-pcr-primer-name": "fwd-primer-name",
    "fwd-pcr-primer-names": "fwd-primer-name",
    "fwd-primer-names": "fwd-primer-name",
    "fwd-pcr-primer-seq": "fwd-primer-seq",
    "fwd-pcr-primer-seqs": "fwd-primer-seq",
    "fwd-primer-seqs": "fwd-primer-seq",
    "rev-pcr-primer-name": "rev-primer-name",
    "rev-pcr-primer-names": "rev-primer-name",
    "rev-primer-names": "rev-primer-name",
    "rev-pcr-primer-seq": "rev-primer-seq",
    "rev-pcr-primer-seqs": "rev-primer-seq",
    "rev-primer-seqs": "rev-primer-seq",
}
# Header names people give the ID column; any name is accepted there, these just prove it is a header.
SEQ_ID_HEADERS: frozenset[str] = frozenset(
    ("seqid", "seq-id", "sequence-id", "sequenceid", "sequence", "id", "seq", "local-id", "accession")
)


def normalize_modifier_name(name: str) -> str:
    """NCBI's matching form: lower case, trimmed, ``_`` and runs of spaces as ``-``."""
    return re.sub(r"[\s_]+", "-", name.strip().lower())


def canonical_modifier_name(name: str) -> str | None:
    """The canonical name of a source modifier (``Org`` → ``organism``, ``host`` → ``nat-host``), or None.

    Deprecated modifiers are returned too (check ``DEPRECATED_MODIFIERS``); unknown names give None.
    """
    normal = normalize_modifier_name(name)
    normal = _ALIASES.get(normal, normal)
    if normal in KNOWN_MODIFIERS or normal in DEPRECATED_MODIFIERS:
        return normal
    return None


def from_source_table(modifier: SourceModifier) -> bool:
    """The modifier comes from a .src table (recognised by its file's extension, as the job names them)."""
    return modifier.pos.file.lower().endswith(".src")


def _organism(modifiers: Iterable[SourceModifier], table: bool | None) -> str:
    for m in modifiers:
        wanted = table is None or from_source_table(m) == table
        if wanted and canonical_modifier_name(m.name) == "organism" and m.value.strip():
            return m.value.strip()
    return ""


def lookup_organism(modifiers: Iterable[SourceModifier]) -> str:
    """The organism name tbl2asn 25.3 looks up in its taxonomy: the definition line's, else -j's.

    A .src table's organism is not looked up (checked by running it): alone, it gives a name with no lineage
    or genetic code; beside a defline or -j organism, it replaces that one's name and keeps its lineage.
    """
    return _organism(modifiers, table=False)


def taxname_organism(modifiers: Iterable[SourceModifier]) -> str:
    """The organism name a record shows: a .src table's, else the definition line's, else -j's."""
    return _organism(modifiers, table=True) or _organism(modifiers, table=None)


# [location=] names tbl2asn 25.3 reads (case-blind, '-' and '_' read as spaces) and the BioSource.genome each
# sets. Checked by running it: virion, "plasmid in mitochondrion", "plastid:chloroplast", "insertion-seq" and
# "unknown" set nothing.
_LOCATIONS = {
    "genomic": "genomic",
    "chloroplast": "chloroplast",
    "chromoplast": "chromoplast",
    "kinetoplast": "kinetoplast",
    "mitochondrion": "mitochondrion",
    "plastid": "plastid",
    "macronuclear": "macronuclear",
    "extrachromosomal": "extrachrom",
    "plasmid": "plasmid",
    "transposon": "transposon",
    "insertion sequence": "insertion-seq",
    "cyanelle": "cyanelle",
    "proviral": "proviral",
    "nucleomorph": "nucleomorph",
    "apicoplast": "apicoplast",
    "leucoplast": "leucoplast",
    "proplastid": "proplastid",
    "endogenous virus": "endogenous-virus",
    "hydrogenosome": "hydrogenosome",
    "chromosome": "chromosome",
    "chromatophore": "chromatophore",
}


def genome_of(location: str, plasmid_named: bool) -> str | None:
    """The BioSource.genome tbl2asn sets from a [location=] value, or None for none.

    A named plasmid ([plasmid-name=]) without a location, or with an unread or 'genomic' one, is put on
    location plasmid (checked by running tbl2asn 25.3); other locations stay as given.
    """
    genome = _LOCATIONS.get(" ".join(location.replace("-", " ").replace("_", " ").lower().split()))
    if plasmid_named and genome in (None, "genomic"):
        return "plasmid"
    return genome


# [origin=] as tbl2asn 25.3 reads it (letter case, '-' and '_' ignored): the names, not BioSource's enum words
# ('mutant' is mut; 'mut', 'natmut' and 'unknown' are not read). Checked by running it on each spelling.
_ORIGINS = {
    "natural": "natural",
    "natural mutant": "natmut",
    "mutant": "mut",
    "artificial": "artificial",
    "synthetic": "synthetic",
    "other": "other",
}
ORIGIN_NAMES: tuple[str, ...] = tuple(_ORIGINS)
# Origins whose records asn2gb files in the synthetic division (SYN), whatever the organism's.
SYNTHETIC_ORIGINS = frozenset({"mut", "artificial", "synthetic"})


def origin_of(value: str) -> str | None:
    """The BioSource.origin an [origin=] value sets, or None when tbl2asn leaves it unset."""
    return _ORIGINS.get(value.replace("-", " ").replace("_", " ").strip().lower())


def focus_of(value: str) -> bool:
    """[focus=TRUE] (any letter case) sets BioSource.is-focus; any other value does not."""
    return value.strip().lower() == "true"
