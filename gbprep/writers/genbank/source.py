"""What a BioSource says in a flatfile: the source feature's qualifiers, SOURCE/ORGANISM, and a DEFINITION.

The source feature lists the organism, organelle and molecule type first, then the OrgMod and SubSource
modifiers in NCBI's fixed order (not the order they were given in); modifiers GenBank has no qualifier for
go into ``/note`` as ``name: value``. A record without a title gets a DEFINITION built from the organism name,
its strain (unless the name already ends with it), chromosome, clone and map, as NCBI's definition-line
generator does for a sequence without features worth naming.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gbprep.model.asntree import descend
from gbprep.model.records import AsnNode
from gbprep.writers.genbank.tree import Bioseq, ident_of, object_id_text, text_of

# ASN.1 subtype names to flatfile qualifier names, OrgMod and SubSource.
ORGMOD_QUALS = {
    "strain": "strain",
    "substrain": "sub_strain",
    "variety": "variety",
    "serotype": "serotype",
    "serovar": "serovar",
    "cultivar": "cultivar",
    "isolate": "isolate",
    "nat-host": "host",
    "sub-species": "sub_species",
    "specimen-voucher": "specimen_voucher",
    "culture-collection": "culture_collection",
    "bio-material": "bio_material",
    "ecotype": "ecotype",
    "type-material": "type_material",
}
# OrgMods without a qualifier of their own: shown in /note with their name.
ORGMOD_NOTES = {
    "type": "type",
    "subtype": "subtype",
    "serogroup": "serogroup",
    "pathovar": "pathovar",
    "chemovar": "chemovar",
    "biovar": "biovar",
    "biotype": "biotype",
    "group": "group",
    "subgroup": "subgroup",
    "common": "common",
    "acronym": "acronym",
    "dosage": "dosage",
    "authority": "authority",
    "forma": "forma",
    "forma-specialis": "forma_specialis",
    "synonym": "synonym",
    "anamorph": "anamorph",
    "teleomorph": "teleomorph",
    "breed": "breed",
}
SUBSOURCE_QUALS = {
    "chromosome": "chromosome",
    "segment": "segment",
    "map": "map",
    "clone": "clone",
    "subclone": "sub_clone",
    "haplotype": "haplotype",
    "haplogroup": "haplogroup",
    "sex": "sex",
    "mating-type": "mating_type",
    "cell-line": "cell_line",
    "cell-type": "cell_type",
    "tissue-type": "tissue_type",
    "clone-lib": "clone_lib",
    "dev-stage": "dev_stage",
    "frequency": "frequency",
    "germline": "germline",
    "rearranged": "rearranged",
    "transgenic": "transgenic",
    "environmental-sample": "environmental_sample",
    "lab-host": "lab_host",
    "pop-variant": "pop_variant",
    "tissue-lib": "tissue_lib",
    "plasmid-name": "plasmid",
    "transposon-name": "transposon",
    "insertion-seq-name": "insertion_seq",
    "country": "country",
    "isolation-source": "isolation_source",
    "lat-lon": "lat_lon",
    "collection-date": "collection_date",
    "collected-by": "collected_by",
    "identified-by": "identified_by",
    "linkage-group": "linkage_group",
    "altitude": "altitude",
}
SUBSOURCE_NOTES = {
    "genotype": "genotype",
    "plastid-name": "plastid",
    "endogenous-virus-name": "endogenous_virus",
}
# Qualifiers that are flags: shown without a value.
_FLAGS = frozenset({"germline", "rearranged", "transgenic", "environmental_sample", "metagenomic", "focus"})

SOURCE_ORDER = [
    "organism",
    "organelle",
    "mol_type",
    "strain",
    "sub_strain",
    "variety",
    "serotype",
    "serovar",
    "cultivar",
    "isolate",
    "isolation_source",
    "host",
    "sub_species",
    "specimen_voucher",
    "culture_collection",
    "bio_material",
    "type_material",
    "db_xref",
    "chromosome",
    "segment",
    "map",
    "clone",
    "sub_clone",
    "haplotype",
    "haplogroup",
    "sex",
    "mating_type",
    "cell_line",
    "cell_type",
    "tissue_type",
    "clone_lib",
    "dev_stage",
    "ecotype",
    "frequency",
    "germline",
    "rearranged",
    "transgenic",
    "environmental_sample",
    "lab_host",
    "pop_variant",
    "tissue_lib",
    "plasmid",
    "transposon",
    "insertion_seq",
    "country",
    "focus",
    "lat_lon",
    "altitude",
    "collection_date",
    "collected_by",
    "identified_by",
    "PCR_primers",
    "note",
]
_RANK = {name: i for i, name in enumerate(SOURCE_ORDER)}

ORGANELLES = {
    "chloroplast": "plastid:chloroplast",
    "chromoplast": "plastid:chromoplast",
    "kinetoplast": "mitochondrion:kinetoplast",
    "mitochondrion": "mitochondrion",
    "plastid": "plastid",
    "macronuclear": "macronuclear",
    "cyanelle": "plastid:cyanelle",
    "nucleomorph": "nucleomorph",
    "apicoplast": "plastid:apicoplast",
    "leucoplast": "plastid:leucoplast",
    "proplastid": "plastid:proplastid",
    "hydrogenosome": "hydrogenosome",
    "chromatophore": "chromatophore",
}
_SOURCE_PREFIX = {
    "chloroplast": "chloroplast",
    "chromoplast": "chromoplast",
    "kinetoplast": "kinetoplast",
    "mitochondrion": "mitochondrion",
    "plastid": "plastid",
    "cyanelle": "cyanelle",
    "nucleomorph": "nucleomorph",
    "apicoplast": "apicoplast",
    "leucoplast": "leucoplast",
    "proplastid": "proplastid",
    "hydrogenosome": "hydrogenosome",
    "chromatophore": "chromatophore",
}

_MOL_TYPES = {
    "genomic": None,  # genomic DNA or genomic RNA, from Seq-inst.mol
    "pre-RNA": "transcribed RNA",
    "mRNA": "mRNA",
    "rRNA": "rRNA",
    "tRNA": "tRNA",
    "snRNA": "transcribed RNA",
    "scRNA": "transcribed RNA",
    "cRNA": "viral cRNA",
    "snoRNA": "transcribed RNA",
    "transcribed-RNA": "transcribed RNA",
    "ncRNA": "transcribed RNA",
    "tmRNA": "transcribed RNA",
    "other-genetic": None,  # other DNA or other RNA
}


@dataclass(slots=True)
class Organism:
    """The parts of a BioSource the flatfile shows."""

    taxname: str = ""
    common: str = ""
    lineage: str = ""
    division: str = ""
    genome: str = ""
    orgmods: list[tuple[str, str]] = field(default_factory=list)
    subsources: list[tuple[str, str]] = field(default_factory=list)
    dbxrefs: list[str] = field(default_factory=list)
    origin: str = ""
    focus: bool = False
    present: bool = False

    def orgmod(self, subtype: str) -> str:
        return next((v for k, v in self.orgmods if k == subtype), "")

    def subsource(self, subtype: str) -> str:
        return next((v for k, v in self.subsources if k == subtype), "")


def read_biosource(source: AsnNode | None) -> Organism:
    org = Organism()
    if source is None:
        return org
    org.present = True
    org.genome = ident_of(source.child("genome")) or ""
    org.origin = ident_of(source.child("origin")) or ""
    org.focus = source.child("is-focus") is not None
    ref = source.child("org")
    if ref is not None:
        org.taxname = text_of(ref.child("taxname"))
        org.common = text_of(ref.child("common"))
        db = ref.child("db")
        for tag in db.children if db is not None else []:
            org.dbxrefs.append(f"{text_of(tag.child('db'))}:{object_id_text(tag.child('tag'))}")
        orgname = ref.child("orgname")
        if orgname is not None:
            org.lineage = text_of(orgname.child("lineage"))
            org.division = text_of(orgname.child("div"))
            mods = orgname.child("mod")
            for mod in mods.children if mods is not None else []:
                org.orgmods.append((ident_of(mod.child("subtype")) or "", text_of(mod.child("subname"))))
    subtypes = source.child("subtype")
    for sub in subtypes.children if subtypes is not None else []:
        org.subsources.append((ident_of(sub.child("subtype")) or "", text_of(sub.child("name"))))
    # asn2gb reads the values of one modifier in order of their text, regardless of case.
    org.orgmods = _by_value(org.orgmods)
    org.subsources = _by_value(org.subsources)
    return org


def _by_value(mods: list[tuple[str, str]]) -> list[tuple[str, str]]:
    first: dict[str, int] = {}
    for n, (subtype, _) in enumerate(mods):
        first.setdefault(subtype, n)
    return sorted(mods, key=lambda m: (first[m[0]], m[1].casefold()))


def organism_of(bioseq: Bioseq) -> Organism:
    return read_biosource(bioseq.first_desc("source"))


def mol_type(bioseq: Bioseq) -> str:
    biomol = ident_of(descend(bioseq.first_desc("molinfo"), "biomol"))
    mol = ident_of(descend(bioseq.node, "inst", "mol")) or "dna"
    if biomol in _MOL_TYPES and _MOL_TYPES[biomol] is not None:
        return _MOL_TYPES[biomol] or ""
    if biomol in ("genomic", "other-genetic"):
        kind = "genomic" if biomol == "genomic" else "other"
        return f"{kind} RNA" if mol == "rna" else f"{kind} DNA"
    return "unassigned RNA" if mol == "rna" else "unassigned DNA"


def source_qualifiers(org: Organism, bioseq: Bioseq) -> list[tuple[str, str | None]]:
    """``(name, value)`` pairs of the source feature, in NCBI's order; value None for a flag."""
    quals: list[tuple[int, int, str, str | None]] = []
    notes: list[str] = []

    def add(name: str, value: str | None) -> None:
        quals.append((_RANK.get(name, len(_RANK)), len(quals), name, value))

    add("organism", org.taxname or "unknown")
    if org.genome in ORGANELLES:
        add("organelle", ORGANELLES[org.genome])
    # A genome location that is an element, not an organelle, is shown in the organelle's place: an empty
    # /plasmid, /transposon or /insertion_seq when no modifier names it, a /proviral flag (asn2gb).
    named = {subtype for subtype, _ in org.subsources}
    element = _GENOME_ELEMENTS.get(org.genome)
    if element is not None and element[1] not in named:
        quals.append((_RANK["organelle"], len(quals), element[0], None if element[0] == "proviral" else ""))
    add("mol_type", mol_type(bioseq))
    # asn2gb shows a metagenome's flag and source only in the note, ahead of the other named modifiers.
    if any(subtype == "metagenomic" for subtype, _ in org.subsources):
        notes.append("metagenomic")
    if org.orgmod("metagenome-source"):
        notes.append("derived from metagenome: " + org.orgmod("metagenome-source"))
    for subtype, value in org.orgmods:
        if subtype in ORGMOD_QUALS:
            add(ORGMOD_QUALS[subtype], value)
        elif subtype in ORGMOD_NOTES:
            notes.append(f"{ORGMOD_NOTES[subtype]}: {value}")
    for subtype, value in org.subsources:
        if subtype in SUBSOURCE_QUALS:
            name = SUBSOURCE_QUALS[subtype]
            add(name, None if name in _FLAGS else value)
        elif subtype in SUBSOURCE_NOTES:
            notes.append(f"{SUBSOURCE_NOTES[subtype]}: {value}")
    for xref in org.dbxrefs:
        add("db_xref", xref)
    if org.focus:
        add("focus", None)
    # Free-text notes (OrgMod 'other', then SubSource 'other') each end a line; the named modifiers
    # without a qualifier of their own follow on one line.
    parts = [v for k, v in org.orgmods if k == "other"] + [v for k, v in org.subsources if k == "other"]
    if notes:
        parts.append("; ".join(notes))
    note = ";\n".join(parts)
    if org.genome == "extrachrom":  # asn2gb leads the note with the location, on a line of its own
        note = "extrachromosomal\n" + note if note else "extrachromosomal"
    if note:
        add("note", note)
    # NCBI's order of qualifiers; values of one qualifier sorted without regard to case (asn2gb).
    first: dict[str, int] = {}
    for _, count, name, _ in quals:
        first.setdefault(name, count)
    quals.sort(key=lambda q: (q[0], first[q[2]], (q[3] or "").casefold(), q[1]))
    return [(name, value) for _, _, name, value in quals]


_GENOME_ELEMENTS = {
    "plasmid": ("plasmid", "plasmid-name"),
    "transposon": ("transposon", "transposon-name"),
    "insertion-seq": ("insertion_seq", "insertion-seq-name"),
    "proviral": ("proviral", ""),
}


def source_line(org: Organism) -> str:
    # asn2gb names an organelle even when the organism is missing: 'mitochondrion Unknown.'
    prefix = _SOURCE_PREFIX.get(org.genome, "")
    name = org.taxname or "Unknown."
    text = f"{prefix} {name}" if prefix else name
    if org.common:
        text += f" ({org.common})"
    elif org.orgmod("metagenome-source"):
        text += f" ({org.orgmod('metagenome-source')})"
    return text


def _ends_with_strain(taxname: str, strain: str) -> bool:
    """True when the organism name already ends with the strain (``Helicobacter pylori 98-10``)."""
    if len(strain) >= len(taxname) or taxname.count(" ") < 2:
        return False
    pos = taxname.lower().rfind(strain.lower())
    if pos == len(taxname) - len(strain) and pos > 0:
        return not taxname[pos - 1].isalnum()
    return False


def _organelle_word(genome: str, has_plasmid: bool, wgs: bool) -> str:
    """How the definition line names the organelle (an adjective before ', whole genome shotgun sequence')."""
    if genome == "mitochondrion":
        return "mitochondrial" if has_plasmid or wgs else "mitochondrion"
    if genome == "plasmid" and has_plasmid:
        return ""  # the plasmid's name follows: 'plasmid pX1', not 'plasmid plasmid pX1'
    if genome in ("extrachrom", "plasmid", "nucleomorph"):
        return "" if wgs else {"extrachrom": "extrachromosomal"}.get(genome, genome)
    if genome == "proviral":
        return "proviral" if has_plasmid or wgs else "provirus"
    if genome == "endogenous-virus":
        return "endogenous virus"
    if genome == "chromosome":
        return "chromosome" if wgs else ""  # asn2gb names the location only in a WGS definition
    return _DEFLINE_ORGANELLES.get(genome, "")


_DEFLINE_ORGANELLES = {
    "chloroplast": "chloroplast",
    "chromoplast": "chromoplast",
    "kinetoplast": "kinetoplast",
    "plastid": "plastid",
    "macronuclear": "macronuclear",
    "cyanelle": "cyanelle",
    "apicoplast": "apicoplast",
    "leucoplast": "leucoplast",
    "proplastid": "proplastid",
    "hydrogenosome": "hydrogenosome",
    "chromatophore": "chromatophore",
}


# What asn2gb puts after the organism in a generated definition, by technique (each run through it).
_TECH_ENDINGS = {
    "est": "mRNA sequence",
    "sts": "sequence tagged site",
    "survey": "genomic survey sequence",
    "htgs-0": "LOW-PASS SEQUENCE SAMPLING",
    "htgs-1": "*** SEQUENCING IN PROGRESS ***",
    "htgs-2": "*** SEQUENCING IN PROGRESS ***",
    "htgs-3": "complete sequence",
}


def generated_definition(org: Organism, bioseq: Bioseq) -> str:
    """A DEFINITION for a record whose sequence has no title.

    The organism name, then strain (unless the name ends with it), cultivar (for WGS only without a strain),
    isolate, chromosome, clone, map, the organelle, the plasmid; WGS records end with ', whole genome shotgun
    sequence', EST, STS, GSS and HTG records with what their technique makes them, TSA ones start 'TSA: '.
    """
    tech = ident_of(descend(bioseq.first_desc("molinfo"), "tech"))
    wgs = tech == "wgs"
    title = org.taxname
    strain = org.orgmod("strain")
    if strain and not _ends_with_strain(org.taxname, strain):
        title += " strain " + strain.split(";")[0]
    cultivar = org.orgmod("cultivar")
    if cultivar and not (wgs and strain):
        title += " cultivar " + cultivar.split(";")[0]
    if org.orgmod("isolate"):
        title += " isolate " + org.orgmod("isolate")
    if org.subsource("chromosome"):
        title += " chromosome " + org.subsource("chromosome")
    clone = org.subsource("clone")
    if clone:
        count = clone.count(";") + 1
        title += f", {count} clones" if count > 3 else " clone " + clone
    if org.subsource("map"):
        title += " map " + org.subsource("map")
    plasmid = org.subsource("plasmid-name")
    organelle = _organelle_word(org.genome, bool(plasmid), wgs)
    if org.genome in ("chromosome", "plasmid") and org.subsource("chromosome"):
        organelle = ""  # 'chromosome 1' already says where it is (asn2gb)
    if organelle:
        title += " " + organelle
    if plasmid:
        title += " plasmid " + plasmid
    title = title.strip()
    if wgs and "whole genome shotgun sequence" not in title:
        title += ", whole genome shotgun sequence"
    ending = _TECH_ENDINGS.get(tech or "")
    if ending:
        title += ", " + ending
    if tech == "tsa":
        # The organism keeps its letter case after the prefix: 'TSA: uncultured bacterium'.
        biomol = ident_of(descend(bioseq.first_desc("molinfo"), "biomol"))
        title = "TSA: " + title + (", mRNA sequence" if biomol == "mRNA" else "")
    if title and title[0].islower():
        title = title[0].upper() + title[1:]
    return title
