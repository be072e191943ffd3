"""Source rules: the organism and its source qualifiers, as GenBank's BioSource sees them.

Source qualifiers reach a record from its FASTA definition line, from .src table rows and from the
submission-wide modifiers (tbl2asn -j); findings point at the line that set the value (the defline, the .src
row, or the FASTA header when the value is missing). Messages as tbl2asn 25.3 writes them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gbprep.model.coding import given_protein, protein_index
from gbprep.model.diagnostics import Severity, SourcePos
from gbprep.model.modifiers import (
    ORGMOD,
    SUBSOURCE,
    canonical_modifier_name,
    focus_of,
    from_source_table,
    genome_of,
    lookup_organism,
)
from gbprep.model.prot_ref import has_prot_ref
from gbprep.model.records import Feature, SourceModifier
from gbprep.model.seqids import seq_id_keys
from gbprep.model.taxonomy import Taxon, lookup
from gbprep.rules.ncbi_labels import bioseq_text, seq_text, taxname_of
from gbprep.rules.products import products
from gbprep.rules.registry import Hit, RecordContext, SubmissionContext, rule
from gbprep.rules.translation import ncbi_id


def modifier_map(modifiers: list[SourceModifier]) -> dict[str, SourceModifier]:
    """Canonical modifier name -> the occurrence tbl2asn keeps: a .src table's, else the first of the
    definition line's and -j's (a .src value replaces the others)."""
    out: dict[str, SourceModifier] = {}
    for m in sorted(modifiers, key=lambda m: not from_source_table(m)):
        name = canonical_modifier_name(m.name)
        if name is not None and name not in out:
            out[name] = m
    return out


def modifiers_of(ctx: RecordContext) -> dict[str, SourceModifier]:
    return ctx.cached("modifier_map", lambda: modifier_map(ctx.source_modifiers))  # type: ignore[return-value]


def organism_of(modifiers: dict[str, SourceModifier]) -> str:
    found = modifiers.get("organism")
    return found.value.strip() if found is not None else ""


def biosrc_label(ctx: RecordContext) -> str:
    """What tbl2asn prints after DESCRIPTOR: ``BioSrc: uncultured bacterium BIOSEQ: lcl|A1``."""
    return f"BioSrc: {taxname_of(ctx)} BIOSEQ: {ncbi_id(ctx.record.seq_id)}"


def modifier_value(ctx: RecordContext, name: str) -> str:
    """The record's value of a modifier (the occurrence tbl2asn keeps), blanks trimmed; '' when not given."""
    return _value(modifiers_of(ctx), name)


def modifier_pos(ctx: RecordContext, name: str) -> SourcePos:
    found = modifiers_of(ctx).get(name)
    return found.pos if found is not None else ctx.record.pos


# --- organism -----------------------------------------------------------------------------------------------


@rule(code="SEQ_DESCR.NoOrgFound", severity=Severity.ERROR, scope="submission")
def no_organism(ctx: SubmissionContext) -> Iterator[Hit]:
    """A sequence (or the whole submission) names no organism.

    What: a sequence without [organism=...] (FASTA definition line, .src table or the submission's source
    modifiers). As tbl2asn 25.3 reports it: when no sequence has any source modifier at all, once for the
    submission ("No organism name anywhere on this entire record"); otherwise once for each sequence whose
    source has other modifiers but no organism, and once for each Bioseq (the sequence and each of its
    proteins) of a sequence with no source modifier at all.
    Why: every GenBank record belongs to an organism; without one the records cannot be classified, named
    or released.
    Fix: add [organism=Genus species] to the definition lines, an 'organism' column to the .src table, or
    set the organism for the whole submission.
    Example: >contig1 Arthrobacter sp. strain RS66   (the name in free text is not read)
    """
    if not ctx.records:
        return
    without = [r for r in ctx.records if not organism_of(modifier_map(r.modifiers))]
    if not without:
        return
    if not any(_has_source(r.modifiers) for r in ctx.records):
        first = ctx.records[0]
        yield Hit(
            first.pos,
            "No organism name anywhere on this entire record.",
            first.seq_id,
            seq_text(first.seq_id, ctx.lengths.get(first.seq_id, len(first))),
        )
        return
    message = "No organism name has been applied to this Bioseq.  Other qualifiers may exist."
    proteins = _proteins_by_sequence(ctx)
    for record in without:
        mine = next((proteins[k] for k in seq_id_keys(record.seq_id) if k in proteins), [])
        if _has_source(record.modifiers):
            # The descriptor sits on the sequence, or on its nuc-prot set when it has proteins.
            holder = "BIOSEQ-SET: nuc-prot" if mine else "BIOSEQ"
            yield Hit(record.pos, message, record.seq_id, f"BioSrc:  {holder}: {ncbi_id(record.seq_id)}")
            continue
        length = ctx.lengths.get(record.seq_id, len(record))
        yield Hit(record.pos, message, record.seq_id, seq_text(record.seq_id, length))
        for cds, name in mine:
            yield Hit(cds.pos, message, record.seq_id, f"{ncbi_id(name)}: raw, aa")


def _has_source(modifiers: list[SourceModifier]) -> bool:
    """tbl2asn gives a sequence a BioSource for any modifier it reads, even one it files elsewhere (tech)."""
    return any(canonical_modifier_name(m.name) is not None for m in modifiers)


def _proteins_by_sequence(ctx: SubmissionContext) -> dict[str, list[tuple[Feature, str]]]:
    """SeqID -> (CDS, protein SeqID) for each CDS tbl2asn makes a protein for (see ``products``)."""
    given = protein_index(ctx.bundle.proteins) if ctx.bundle is not None else {}
    out: dict[str, list[tuple[Feature, str]]] = {}
    for table in ctx.bundle.tables if ctx.bundle is not None else []:
        made: list[tuple[Feature, str]] = []
        generated = 0  # <SeqID>_<n> counts only the proteins without a /protein_id
        for cds in table:
            if cds.key != "CDS" or cds.has("pseudo"):
                continue
            if not (has_prot_ref(cds) or given_protein(cds, given) is not None):
                continue
            pid = (cds.get("protein_id") or "").strip()
            if not pid:
                generated += 1
                pid = f"{table.seq_id}_{generated}"
            made.append((cds, pid))
        for key in seq_id_keys(table.seq_id):
            out.setdefault(key, []).extend(made)
    return out


@rule(code="SEQ_DESCR.BioSourceMissing", severity=Severity.WARNING)
def biosource_missing(ctx: RecordContext) -> Iterator[Hit]:
    """A sequence with proteins has no organism (no BioSource) of its own.

    What: a sequence that carries at least one translated CDS (so GenBank packages it with its proteins)
    and has no organism.
    Why: the organism is given once for the nucleotide and its proteins; without it, neither can be
    classified.
    Fix: add [organism=...] for this sequence (definition line or .src table), or for the whole submission.
    Example: >contig1  with CDS features and no [organism=...].
    """
    if organism_of(modifiers_of(ctx)) or not products(ctx):
        return
    yield Hit(
        ctx.record.pos,
        "Nuc-prot set does not contain expected BioSource descriptor",
        ctx.record.seq_id,
        f"BIOSEQ-SET: nuc-prot: {ncbi_id(ctx.record.seq_id)}",
    )


def _flag(modifiers: dict[str, SourceModifier], name: str) -> bool:
    found = modifiers.get(name)
    return found is not None and found.value.strip().lower() not in ("false", "no")


def _value(modifiers: dict[str, SourceModifier], name: str) -> str:
    found = modifiers.get(name)
    return found.value.strip() if found is not None else ""


def record_genome(modifiers: dict[str, SourceModifier]) -> str | None:
    """The BioSource.genome of a record with these modifiers (see ``genome_of``)."""
    return genome_of(_value(modifiers, "location"), bool(_value(modifiers, "plasmid-name")))


def _taxon(ctx: RecordContext) -> Taxon | None:
    """The organism as tbl2asn knows it offline (its built-in table), for lineage-dependent checks."""
    return lookup(lookup_organism(ctx.source_modifiers), fold_case=True)


# /sex values NCBI accepts (valid_biosource: IsValidSexQualifierValue), compared case-blind.
SEX_VALUES = frozenset(
    [
        "asexual",
        "bisexual",
        "diecious",
        "dioecious",
        "female",
        "hermaphrodite",
        "male",
        "monecious",
        "monoecious",
        "unisexual",
    ]
)
# BioSource.genome values that are no organelle, so fit a bacterium or virus.
_NOT_ORGANELLE = frozenset({"genomic", "plasmid", "chromosome"})


def _kingdom(lineage: str) -> str:
    """The lineage group NCBI's /sex and /mating_type checks go by ('' when none applies)."""
    groups = (
        ("viral", ("Viruses; ",)),
        ("animal", ("Eukaryota; Metazoa; ",)),
        (
            "plant",
            (
                "Eukaryota; Viridiplantae; Streptophyta; Embryophyta; ",
                "Eukaryota; Rhodophyta; ",
                "Eukaryota; stramenopiles; Phaeophyceae; ",
            ),
        ),
        ("microbe", ("Bacteria; ", "Archaea; ", "Eukaryota; Fungi; ")),
    )
    folded = lineage.lower()
    for name, prefixes in groups:
        if any(folded.startswith(p.lower()) for p in prefixes):
            return name
    return ""


def _inconsistencies(ctx: RecordContext) -> Iterator[tuple[str, str, Severity | None]]:
    """(modifier the finding points at, message, severity when not WARNING), in tbl2asn's order."""
    mods = modifiers_of(ctx)
    taxon = _taxon(ctx)
    kingdom = _kingdom(taxon.lineage if taxon is not None else "")
    genome = record_genome(mods)
    for name in SUBSOURCE:
        if name in mods and mods[name].value.strip() in ("N/A", "Missing"):
            yield name, f"Subsource name should not be {mods[name].value.strip()}", None
    for name in ORGMOD:
        if name in mods and mods[name].value.strip() in ("N/A", "Missing"):
            yield name, f"Orgmod name should not be {mods[name].value.strip()}", None
    sex, mating = _value(mods, "sex"), _value(mods, "mating-type")
    if "sex" in mods and kingdom == "viral":
        yield "sex", "Virus has unexpected Sex qualifier", None
    elif "sex" in mods and kingdom == "microbe":
        yield "sex", "Unexpected use of /sex qualifier", None
    elif "sex" in mods and sex.lower() not in SEX_VALUES:
        yield "sex", f"Invalid value ({sex}) for /sex qualifier", Severity.ERROR
    if "mating-type" in mods and (kingdom in ("animal", "plant", "viral") or mating.lower() in SEX_VALUES):
        yield "mating-type", "Unexpected use of /mating_type qualifier", None
    if _value(mods, "plasmid-name") and genome != "plasmid":
        yield "plasmid-name", "Plasmid subsource but not plasmid location", None
    environmental = _flag(mods, "environmental-sample")
    if _flag(mods, "germline") and _flag(mods, "rearranged"):
        yield "rearranged", "Germline and rearranged should not both be present", None
    if _flag(mods, "transgenic") and environmental:
        yield "transgenic", "Transgenic and environmental sample should not both be present", None
    if _flag(mods, "metagenomic") and not environmental:
        yield "metagenomic", "Metagenomic should also have environmental sample annotated", Severity.REJECT
    if "sex" in mods and "mating-type" in mods:
        yield "mating-type", "Sex and mating type should not both be present", None
    if genome == "plasmid" and not _value(mods, "plasmid-name"):
        message = (
            "Plasmid location set but plasmid name missing. Add a plasmid source modifier with the plasmid "
            "name. Use unnamed if the name is not known."
        )
        yield "location", message, None
    division = taxon.division if taxon is not None else ""
    allowed = _NOT_ORGANELLE | ({"proviral"} if division == "VRL" else set())
    if division in ("BCT", "VRL") and genome is not None and genome not in allowed:
        yield "location", "Bacterial or viral source should not have organelle location", None
    if taxname_of(ctx).lower().startswith("uncultured") and not environmental:
        yield "organism", "Uncultured should also have /environmental_sample", None
    if environmental and "strain" in mods:
        yield "strain", "Strain should not be present in an environmental sample", Severity.ERROR
    if environmental and "isolation-source" not in mods and "nat-host" not in mods:
        message = "Environmental sample should also have isolation source or specific host annotated"
        yield "environmental-sample", message, None


@rule(code="SEQ_DESCR.BioSourceInconsistency", severity=Severity.WARNING)
def biosource_inconsistency(ctx: RecordContext) -> Iterator[Hit]:
    """Source qualifiers that contradict or need each other.

    What: an 'uncultured ...' organism without [environmental-sample=TRUE]; an environmental sample without
    [isolation-source=] or [host=], or with a [strain=] (ERROR); a [metagenomic=TRUE] sample without
    [environmental-sample=TRUE] (REJECT); [location=plasmid] without [plasmid-name=], or a plasmid name on
    another location; a bacterium or virus (as tbl2asn knows it offline) on an organelle location;
    [germline=] with [rearranged=], [transgenic=] with [environmental-sample=], [sex=] with
    [mating-type=]; a /sex value off NCBI's list (ERROR) or on a bacterium, archaeon, fungus or virus; a
    /mating_type on an animal, plant or virus or holding a sex; a value 'N/A' or 'Missing'.
    Why: GenBank describes a sample by these qualifiers together; one that contradicts another, or lacks
    the one it needs, is inconsistent and is queried (or blocks processing).
    Fix: add the missing qualifier ([environmental-sample=TRUE], [isolation-source=...], [plasmid-name=...],
    'unnamed' when the plasmid has no name) or drop the one that does not belong.
    Example: >A1 [organism=uncultured bacterium] [isolation-source=soil]
    """
    label = biosrc_label(ctx)
    for name, message, severity in _inconsistencies(ctx):
        yield Hit(modifier_pos(ctx, name), message, ctx.record.seq_id, label, severity)


@rule(code="SEQ_DESCR.BadOrgMod", severity=Severity.WARNING)
def bad_org_mod(ctx: RecordContext) -> Iterator[Hit]:
    """A [host=] names the organism itself.

    What: the specific host is the record's organism name, letters' case aside (the name as tbl2asn writes
    it, after its organism lookup). Under -M n it is an ERROR, as all BadOrgMod findings are.
    Why: /host names the organism the sample lived in or on; an organism is not its own host, so the value
    was probably copied into the wrong column.
    Fix: give the real host ([host=Bos taurus]) or, for a free-living organism, drop [host=].
    Example: >c1 [organism=Homo sapiens] [host=Homo sapiens]
    """
    host = modifiers_of(ctx).get("nat-host")
    taxname = taxname_of(ctx)
    if host is not None and taxname and host.value.strip().lower() == taxname.lower():
        yield Hit(host.pos, "Specific host is identical to taxname", ctx.record.seq_id, biosrc_label(ctx))


@rule(code="SEQ_DESCR.UnnecessaryBioSourceFocus", severity=Severity.ERROR)
def unnecessary_focus(ctx: RecordContext) -> Iterator[Hit]:
    """[focus=TRUE] on a sequence that has no source feature.

    What: the record's BioSource is marked as the focus (tbl2asn reads [focus=TRUE], in any letter case)
    while the feature table gives the sequence no source feature of another organism.
    Why: focus says which of several organisms a record is about; it only means something when source
    features put other organisms on parts of the sequence, and GenBank shows a stray /focus on the record.
    Fix: drop [focus=TRUE], or add the source features for the other organisms on the sequence.
    Example: >c1 [organism=Homo sapiens] [focus=TRUE]
    """
    focus = modifiers_of(ctx).get("focus")
    if focus is None or not focus_of(focus.value) or ctx.of_key("source"):
        return
    yield Hit(
        focus.pos,
        "BioSource descriptor has focus, but no BioSource feature",
        ctx.record.seq_id,
        biosrc_label(ctx),
    )


# --- the definition line -------------------------------------------------------------------------------------

_BRACKET_PAIR = re.compile(r"\[[^\[\]=]+=[^\[\]]*\]")


@rule(code="SEQ_DESCR.FastaBracketTitle", severity=Severity.WARNING)
def fasta_bracket_title(ctx: RecordContext) -> Iterator[Hit]:
    """A [name=value] pair in the definition line is not a source modifier tbl2asn knows.

    What: after the known modifiers are taken out of the FASTA title, a '[...=...]' is left over (e.g.
    [plasmid=...] instead of [plasmid-name=...], [organelle=...] instead of [location=...]).
    Why: the value is not applied to the record; it stays in the title GenBank shows.
    Fix: use the modifier's NCBI name ([plasmid-name=pPCP1], [location=chloroplast]) or remove the brackets.
    Example: >NC_005816 [organism=Yersinia pestis] [plasmid=pPCP1]
    """
    if _BRACKET_PAIR.search(ctx.record.title):
        yield Hit(
            ctx.record.pos,
            "Title may have unparsed [...=...] construct",
            ctx.record.seq_id,
            bioseq_text(ctx.record),
        )


# Locations that have their own ribosomes, whose 16S-like rRNA is expected in a eukaryote.
_RIBOSOMAL_ORGANELLES = frozenset(
    {
        "mitochondrion",
        "chloroplast",
        "chromoplast",
        "kinetoplast",
        "plastid",
        "cyanelle",
        "apicoplast",
        "leucoplast",
        "proplastid",
        "chromatophore",
        "hydrogenosome",
    }
)


@rule(code="SEQ_DESCR.WrongOrganismFor16SrRNA", severity=Severity.ERROR)
def wrong_organism_for_16s(ctx: RecordContext) -> Iterator[Hit]:
    """A 16S rRNA is annotated on a eukaryote's nuclear sequence.

    What: an rRNA whose /product is '16S ribosomal RNA' on a sequence of a eukaryote (as tbl2asn's offline
    taxonomy knows it) whose [location=] is not an organelle with its own ribosomes (chloroplast,
    mitochondrion, ...). Reported once per sequence.
    Why: eukaryotic nuclear ribosomes use 18S rRNA; 16S belongs to bacteria, archaea and organelles. Most
    often the [location=] is missing or misspelt ([organelle=] is not read).
    Fix: set [location=chloroplast] (or mitochondrion, ...) on organelle sequences; otherwise correct the
    product (18S ribosomal RNA) or the organism.
    Example: >NC_000932 [organism=Arabidopsis thaliana] [organelle=plastid:chloroplast]  with a 16S rRNA
    """
    mods = modifiers_of(ctx)
    taxon = _taxon(ctx)
    if taxon is None or not taxon.eukaryote:
        return
    location = (mods["location"].value if "location" in mods else "").strip().lower().rsplit(":", 1)[-1]
    if location in _RIBOSOMAL_ORGANELLES:
        return
    for rrna in ctx.of_key("rRNA"):
        if (rrna.get("product") or "").strip().lower() == "16s ribosomal rna":
            yield Hit(rrna.pos, "Improper 16S ribosomal RNA", ctx.record.seq_id, bioseq_text(ctx.record))
            return
