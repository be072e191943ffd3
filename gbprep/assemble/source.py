"""BioSource and MolInfo descriptors from a record's source modifiers and the taxonomy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from gbprep.model.asntree import ident, integer, null, object_id, seq_of, string, struct
from gbprep.model.diagnostics import SourcePos
from gbprep.model.modifiers import (
    canonical_modifier_name,
    focus_of,
    from_source_table,
    genome_of,
    lookup_organism,
    origin_of,
    taxname_organism,
)
from gbprep.model.molecule import Molecule, molecule_from_values
from gbprep.model.records import AsnNode, SourceModifier
from gbprep.model.taxonomy import Taxon, lookup
from gbprep.rules.specimen import country_cleanup

# SubSource and OrgMod subtypes in their schema order (seqfeat.asn), which is the order cleanup sorts them in.
SUBSOURCE_ORDER = [
    "chromosome",
    "map",
    "clone",
    "subclone",
    "haplotype",
    "genotype",
    "sex",
    "cell-line",
    "cell-type",
    "tissue-type",
    "clone-lib",
    "dev-stage",
    "frequency",
    "germline",
    "rearranged",
    "lab-host",
    "pop-variant",
    "tissue-lib",
    "plasmid-name",
    "transposon-name",
    "insertion-seq-name",
    "plastid-name",
    "country",
    "segment",
    "endogenous-virus-name",
    "transgenic",
    "environmental-sample",
    "isolation-source",
    "lat-lon",
    "collection-date",
    "collected-by",
    "identified-by",
    "fwd-primer-seq",
    "rev-primer-seq",
    "fwd-primer-name",
    "rev-primer-name",
    "metagenomic",
    "mating-type",
    "linkage-group",
    "haplogroup",
    "whole-replicon",
    "phenotype",
    "altitude",
]
ORGMOD_ORDER = [
    "strain",
    "substrain",
    "type",
    "subtype",
    "variety",
    "serotype",
    "serogroup",
    "serovar",
    "cultivar",
    "pathovar",
    "chemovar",
    "biovar",
    "biotype",
    "group",
    "subgroup",
    "isolate",
    "common",
    "acronym",
    "dosage",
    "nat-host",
    "sub-species",
    "specimen-voucher",
    "authority",
    "forma",
    "forma-specialis",
    "ecotype",
    "synonym",
    "anamorph",
    "teleomorph",
    "breed",
    "gb-acronym",
    "gb-anamorph",
    "gb-synonym",
    "culture-collection",
    "bio-material",
    "metagenome-source",
    "type-material",
    "nomenclature",
]
_SUBSOURCE_RANK = {name: i for i, name in enumerate(SUBSOURCE_ORDER)}
_ORGMOD_RANK = {name: i for i, name in enumerate(ORGMOD_ORDER)}
_FLAGS = frozenset({"transgenic", "environmental-sample", "germline", "rearranged", "metagenomic"})
_NOTES = frozenset({"orgmod-note", "subsource-note"})
# The genomes whose CDSs tbl2asn translates with the mitochondrial code (not hydrogenosome, not plastids).
_MITO_CODE_GENOMES = frozenset({"mitochondrion", "kinetoplast"})


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """What a record's modifiers say about its organism and molecule."""

    taxname: str
    taxon: Taxon | None
    subsources: tuple[tuple[str, str, SourcePos], ...]
    orgmods: tuple[tuple[str, str, SourcePos], ...]
    values: dict[str, str]
    pos: SourcePos
    dbxrefs: tuple[tuple[str, SourcePos], ...] = ()

    @property
    def empty(self) -> bool:
        """No modifier tbl2asn reads: it gives a sequence a BioSource for any other, even one it files
        elsewhere ([tech=], [topology=]), and leaves that BioSource without an organism if none was named."""
        return not (self.taxname or self.subsources or self.orgmods or self.values or self.dbxrefs)

    @property
    def molecule(self) -> Molecule:
        """The molecule [moltype=], [tech=] and [molecule=] describe (``gbprep.model.molecule``)."""
        values = self.values
        return molecule_from_values(values.get("mol-type"), values.get("tech"), values.get("molecule"))

    @property
    def genetic_code(self) -> int:
        """The code CDSs are translated with (the cdregion's, which asn2gb shows as /transl_table).

        On a mitochondrion or kinetoplast [mgcode=], else the taxon's mitochondrial code; anywhere else,
        plastids and hydrogenosomes included, [gcode=], else the taxon's; without either, 1 (tbl2asn 25.3
        without a lookup; each case run through it).
        """
        mito = genome_of(self.values.get("location", ""), plasmid_named=False) in _MITO_CODE_GENOMES
        given = self.values.get("mgcode" if mito else "gcode", "").strip()
        if given.isdigit():
            return int(given)
        if self.taxon is not None:
            return (self.taxon.mgcode if mito else self.taxon.gcode) or 1
        return 1


def source_info(modifiers: Iterable[SourceModifier], pos: SourcePos, store: str | None) -> SourceInfo:
    values: dict[str, str] = {}
    subsources: list[tuple[str, str, SourcePos]] = []
    orgmods: list[tuple[str, str, SourcePos]] = []
    dbxrefs: list[tuple[str, SourcePos]] = []
    given = list(modifiers)
    taken: set[str] = set()
    # A .src table's value replaces the definition line's (and -j's) of the same name; the note is the
    # exception: a .src note is an OrgMod note, a defline (or -j) one a SubSource note, and both are kept.
    for mod in sorted(given, key=lambda m: not from_source_table(m)):
        name = canonical_modifier_name(mod.name)
        if name is None:
            continue
        value = " ".join(mod.value.split())
        if name == "dbxref":
            dbxrefs.append((value, mod.pos))
            continue
        if name == "note":
            name = "orgmod-note" if from_source_table(mod) else "subsource-note"
        if name in taken:
            continue
        taken.add(name)
        if name == "country":
            value = country_cleanup(value)
        if name in _SUBSOURCE_RANK:
            subsources.append((name, "" if name in _FLAGS else value, mod.pos))
        elif name in _ORGMOD_RANK:
            orgmods.append((name, value, mod.pos))
        elif name in _NOTES:
            (orgmods if name == "orgmod-note" else subsources).append(("other", value, mod.pos))
        else:
            values[name] = value
    subsources.sort(key=lambda item: _SUBSOURCE_RANK.get(item[0], len(_SUBSOURCE_RANK)))  # 'other' last
    orgmods.sort(key=lambda item: _ORGMOD_RANK.get(item[0], len(_ORGMOD_RANK)))
    # tbl2asn looks up the defline's (or -j's) organism, case-blind, and writes the taxon's spelling; a .src
    # organism only renames it (see ``lookup_organism``).
    looked_up = lookup_organism(given)
    taxon = lookup(looked_up, store, fold_case=True) if looked_up else None
    taxname = taxname_organism(given)
    if taxon is not None and taxname == looked_up:
        taxname = taxon.name
    return SourceInfo(taxname, taxon, tuple(subsources), tuple(orgmods), values, pos, tuple(dbxrefs))


def biosource(info: SourceInfo) -> AsnNode:
    """The ``source`` descriptor value (a BioSource)."""
    pos = info.pos
    taxon = info.taxon
    org: list[AsnNode | None] = []
    if info.taxname:
        org.append(string("taxname", info.taxname, pos))
    if taxon is not None and taxon.common:
        org.append(string("common", taxon.common))
    xrefs: list[AsnNode] = []
    seen: set[tuple[str, str]] = set()
    if taxon is not None and info.taxname == taxon.name:  # renamed by a .src organism: tbl2asn drops the id
        seen.add(("taxon", str(taxon.taxid)))
        xrefs.append(struct(None, [string("db", "taxon"), object_id("tag", taxon.taxid)]))
    for text, where in info.dbxrefs:
        db, _, tag = text.partition(":")
        if not tag or (db, tag) in seen:
            continue
        seen.add((db, tag))
        tag_value: str | int = int(tag) if tag.isdigit() and not tag.startswith("0") else tag
        xrefs.append(struct(None, [string("db", db), object_id("tag", tag_value)], where))
    if xrefs:
        org.append(seq_of("db", xrefs))
    orgname: list[AsnNode | None] = []
    if info.orgmods:
        orgname.append(
            seq_of(
                "mod",
                [struct(None, [ident("subtype", n), string("subname", v)], p) for n, v, p in info.orgmods],
            )
        )
    if taxon is not None and taxon.lineage:
        orgname.append(string("lineage", taxon.lineage))
    gcode = info.values.get("gcode", "").strip()
    mgcode = info.values.get("mgcode", "").strip()
    if taxon is not None:
        orgname.append(integer("gcode", int(gcode) if gcode.isdigit() else taxon.gcode or 1))
        if taxon.mgcode is not None or mgcode.isdigit():
            orgname.append(integer("mgcode", int(mgcode) if mgcode.isdigit() else taxon.mgcode or 1))
        if taxon.division:
            orgname.append(string("div", taxon.division))
    else:
        if gcode.isdigit():
            orgname.append(integer("gcode", int(gcode)))
        if mgcode.isdigit():
            orgname.append(integer("mgcode", int(mgcode)))
    org.append(struct("orgname", orgname))
    fields: list[AsnNode | None] = []
    plasmid_named = any(name == "plasmid-name" and value for name, value, _ in info.subsources)
    genome = genome_of(info.values.get("location", ""), plasmid_named)
    if genome is not None:
        fields.append(ident("genome", genome))
    origin = origin_of(info.values.get("origin", ""))
    if origin is not None:
        fields.append(ident("origin", origin))
    fields.append(struct("org", org, pos))
    if info.subsources:
        fields.append(
            seq_of(
                "subtype",
                [struct(None, [ident("subtype", n), string("name", v)], p) for n, v, p in info.subsources],
            )
        )
    if focus_of(info.values.get("focus", "")):
        fields.append(null("is-focus"))
    return struct("source", fields, pos)


def molinfo(info: SourceInfo, tech: str | None = None) -> tuple[AsnNode, str]:
    """The ``molinfo`` descriptor value and the Seq-inst ``mol`` it implies, from [moltype=], [tech=] and
    [molecule=] (``gbprep.model.molecule``); ``tech`` overrides the source's (a WGS accession needs
    ``tech wgs``, which asnval checks)."""
    molecule = info.molecule
    fields: list[AsnNode | None] = [ident("biomol", molecule.biomol)]
    tech = tech or molecule.tech
    if tech:
        fields.append(ident("tech", tech))
    return struct("molinfo", fields), molecule.mol


def protein_molinfo(partial5: bool, partial3: bool) -> AsnNode:
    fields: list[AsnNode | None] = [ident("biomol", "peptide"), ident("tech", "concept-trans")]
    if partial5 and partial3:
        fields.append(ident("completeness", "no-ends"))
    elif partial5:
        fields.append(ident("completeness", "no-left"))
    elif partial3:
        fields.append(ident("completeness", "no-right"))
    return struct("molinfo", fields)
