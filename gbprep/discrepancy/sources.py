"""Discrepancy tests on the organism and source qualifiers of each record (tbl2asn's BioSource).

A record's source is its FASTA header modifiers, its ``.src`` row and the ``-j`` modifiers together.
Only names tbl2asn knows become source qualifiers; anything else stays in the title.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

from gbprep.discrepancy.context import ORGANELLE_LOCATIONS, RecordView
from gbprep.discrepancy.model import DiscItem, DiscrepancyOptions, ReportLine
from gbprep.discrepancy.registry import discrepancy
from gbprep.model.modifiers import ORGMOD as _ORGMOD
from gbprep.model.modifiers import SUBSOURCE as _SUBSOURCE
from gbprep.model.modifiers import from_source_table, genome_of
from gbprep.model.taxonomy import Taxon, lookup

SUBSOURCE = frozenset(_SUBSOURCE)  # [plasmid-name=] included: tbl2asn 25.3 lists it (checked by running it)
ORGMOD = frozenset(_ORGMOD)
_ORGMOD_RANK = {name: i for i, name in enumerate(_ORGMOD)}  # the OrgMod subtypes' order
# How the report names a qualifier, where that differs from the modifier name.
DISPLAY = {"nat-host": "host", "subsource-note": "note-subsrc", "orgmod-note": "note-orgmod"}
_NOTES = frozenset({"subsource-note", "orgmod-note"})
# With -M n, a line naming one of these is FATAL when it says "some missing" or "some duplicate", and
# "taxname (all present, all unique)" is when there is more than one sequence (tbl2asn's disc_fatal table).
FATAL_QUALS = ("collection-date", "country", "isolation-source", "strain", "taxname")


def source_quals(view: RecordView) -> list[tuple[str, str]]:
    """(qualifier name, value) pairs of the record's BioSource, ``taxname`` and ``taxid`` included."""
    pairs = [
        (name, value)
        for name, values in view.quals.items()
        if name in SUBSOURCE or name in ORGMOD or name in _NOTES
        for value in values
    ]
    if view.organism:
        pairs.append(("taxname", view.organism))
    if view.taxid:
        pairs.append(("taxid", view.taxid))
    genome = genome_of(view.qual("location") or "", bool(view.qual("plasmid-name")))
    if genome:
        pairs.append(("location  ", genome))  # tbl2asn's name for it ends in two spaces
    return pairs


def _describe(name: str, values: list[str], sources: int) -> str:
    present = "all present" if len(values) == sources else "some missing"
    counts = Counter(values)
    if len(counts) == 1 and len(values) > 1:
        same = "all same"
    elif all(n == 1 for n in counts.values()):
        same = "all unique"
    else:
        same = "some duplicate"
    return f"{name} ({present}, {same})"


def _fatal_qualifier_line(text: str, nucleotides: int) -> bool:
    lower = text.lower()
    if not any(name in lower for name in FATAL_QUALS):
        return False
    if "taxname (all present, all unique)" in lower and nucleotides > 1:
        return True
    return "some missing" in text or "some duplicate" in text


def _qualifier_subs(name: str, values: list[str], sources: int) -> list[ReportLine]:
    test = "DISC_SOURCE_QUALS_ASNDISC"
    subs = []
    if len(values) < sources:
        subs.append(ReportLine(test, f"{sources - len(values)} sources are missing {name}"))
    counts = Counter(values)
    for value, n in counts.items():
        if n > 1:
            subs.append(ReportLine(test, f"{n} sources have '{value}' for {name}"))
    unique = sum(1 for n in counts.values() if n == 1)
    if (unique and len(counts) > 1) or (unique and sources == 1):
        subs.append(ReportLine(test, f"{unique} sources have unique values for {name}"))
    return subs


# Where tbl2asn 25.3 lists a qualifier: alphabetically, except these, which follow in this order.
_LAST = {"mating-type": 1, "taxid": 2, "location  ": 3}


def _sort_key(name: str) -> tuple[int, str]:
    return (_LAST.get(name, 0), name)


def _source_quals(items: list[DiscItem], options: DiscrepancyOptions) -> list[ReportLine]:
    sources = [i for i in items if i.key == ""]
    if not sources:
        return []
    by_name: dict[str, list[str]] = {}
    for item in items:
        if item.key and item.key not in ("#same", "#record"):
            by_name.setdefault(item.key, []).append(item.value)
    nucleotides = sum(1 for i in items if i.key == "#record")
    lines = []
    for name in sorted(by_name, key=_sort_key):
        values = by_name[name]
        shown = DISPLAY.get(name, name)
        text = _describe(shown, values, len(sources))
        fatal = options.genome_mode and _fatal_qualifier_line(text, nucleotides)
        subs = _qualifier_subs(shown, values, len(sources))
        lines.append(ReportLine("DISC_SOURCE_QUALS_ASNDISC", text, fatal=fatal, subs=subs))
    same = [i for i in items if i.key == "#same"]
    if same:
        text = f"{len(same)} sources have two or more qualifiers with the same value"
        lines.append(ReportLine("DISC_SOURCE_QUALS_ASNDISC", text, same))
    return lines


@discrepancy("DISC_SOURCE_QUALS_ASNDISC", summarize=_source_quals)
def source_qualifiers(view: RecordView) -> Iterator[DiscItem]:
    """A summary of every source qualifier over all sequences: present everywhere? same or unique values?

    What: for each qualifier any sequence has (organism as taxname, its taxid, strain, country, ...), whether
    all sequences have it and whether the values are all the same, all unique, or some duplicated; and the
    sources where two different qualifiers have the same value.
    Why: a genome's contigs come from one organism and one sample; a qualifier missing on some contigs or
    differing between them is usually a table error. Two qualifiers with one value (host = isolation source)
    suggest a value in the wrong column.
    Fix: give every sequence the same source qualifiers (a .src table or -j makes that easy); check values
    that repeat across different qualifiers.
    """
    yield view.sequence_item(key="#record")  # the number of sequences decides one FATAL mark
    if not view.organism and not source_quals(view):
        return
    yield view.sequence_item()
    pairs = source_quals(view)
    for name, value in pairs:
        yield view.sequence_item(key=name, value=value)
    values = [value for name, value in pairs if name not in ("taxid",)]
    if len(values) != len(set(values)):
        yield view.sequence_item(key="#same")


def _source_record(view: RecordView) -> str:
    """The parts of a source INCONSISTENT_BIOSOURCE compares, as JSON (items must stay plain strings)."""
    subsources = sorted(
        [n, v] for n, vs in view.quals.items() if n in SUBSOURCE or n == "subsource-note" for v in vs
    )
    taxon = lookup(view.looked_up, fold_case=True) if view.looked_up else None
    location = view.qual("location") or ""
    record = {
        "genome": genome_of(location, bool(view.qual("plasmid-name"))) or "",
        "sub": subsources,
        "organism": view.organism,
        "common": taxon.common if taxon is not None else "",
        "dbxref": sorted(view.quals.get("dbxref", []) + ([f"taxon:{view.taxid}"] if view.taxid else [])),
        "orgname": _orgname(view, taxon),
    }
    return json.dumps(record, sort_keys=True)


def _orgname(view: RecordView, taxon: Taxon | None) -> dict[str, Any] | None:
    """The OrgName tbl2asn builds: none when the source comes from a .src table alone with no modifier of
    the OrgName, no known organism and no genetic code (any definition-line or -j modifier makes one, empty
    or not: seen on tbl2asn 25.3's .sqn for all 300 seeds 5000:5300); the modifiers in subtype order, the
    OrgMod note last."""
    mods = sorted(
        ([n, v] for n, vs in view.quals.items() if n in ORGMOD or n == "orgmod-note" for v in vs),
        key=lambda m: _ORGMOD_RANK.get(m[0], len(_ORGMOD_RANK)),
    )
    gcode, mgcode = (view.qual("gcode") or "").strip(), (view.qual("mgcode") or "").strip()
    if taxon is not None:
        gcode = gcode if gcode.isdigit() else str(taxon.gcode or 1)
        if not mgcode.isdigit():
            mgcode = str(taxon.mgcode or 1) if taxon.mgcode is not None else ""
    from_defline = any(not from_source_table(m) for m in view.modifiers)
    if not (from_defline or mods or taxon is not None or gcode.isdigit() or mgcode.isdigit()):
        return None
    return {
        "gcode": gcode if gcode.isdigit() else "",
        "mgcode": mgcode if mgcode.isdigit() else "",
        "lineage": taxon.lineage if taxon is not None else "",
        "div": taxon.division if taxon is not None else "",
        "mods": mods,
    }


# What tbl2asn 25.3 compares, in its order, and how it says they differ (the lineage is said twice): the
# BioSource's own fields, then the OrgName's (DescribeBioSourceDifferences in the C toolkit).
_COMPARED = (
    ("genome", "locations differ"),
    ("sub", "subsource qualifiers differ"),
    ("organism", "taxnames differ"),
    ("common", "common names differ"),
    ("dbxref", "dbxrefs differ"),
)
_ORGNAME_COMPARED = (
    ("gcode", "genetic codes differ"),
    ("mgcode", "mitochondrial genetic codes differ"),
    ("lineage", "lineages differ"),
    ("lineage", "lineages differ"),
    ("div", "divisions differ"),
)


def _differences(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """Why the second source differs from the first, in tbl2asn's words and order: the BioSource's fields,
    then the OrgName's ('One Orgname is missing' when only one has one), then the two modifier lists side
    by side, one pair at a time (checked by running tbl2asn)."""
    reasons = [text for key, text in _COMPARED if a[key] != b[key]]
    one, two = a["orgname"], b["orgname"]
    if one is None or two is None:
        if one is not two:
            reasons.append("One Orgname is missing")
        return reasons
    reasons += [text for key, text in _ORGNAME_COMPARED if one[key] != two[key]]
    mods_a, mods_b = one["mods"], two["mods"]
    for (name_a, value_a), (name_b, value_b) in zip(mods_a, mods_b, strict=False):
        if name_a != name_b:
            reasons.append(f"Missing {DISPLAY.get(name_a, name_a)} modifier")
        elif value_a != value_b:
            reasons.append(f"Different {DISPLAY.get(name_a, name_a)} values")
    if len(mods_a) != len(mods_b):
        name = (mods_a if len(mods_a) > len(mods_b) else mods_b)[min(len(mods_a), len(mods_b))][0]
        reasons.append(f"Missing {DISPLAY.get(name, name)} modifier")
    return reasons


def _inconsistent_biosource(items: list[DiscItem], options: DiscrepancyOptions) -> list[ReportLine]:
    if len({i.value for i in items}) < 2:
        return []
    first = items[0]
    other = next(i for i in items if i.value != first.value)
    reasons = _differences(json.loads(first.value), json.loads(other.value))
    text = f"{len(items)} inconsistent contig sources ({', '.join(reasons)})"
    return [ReportLine("INCONSISTENT_BIOSOURCE", text, items)]


@discrepancy("INCONSISTENT_BIOSOURCE", summarize=_inconsistent_biosource)
def inconsistent_biosource(view: RecordView) -> Iterator[DiscItem]:
    """Sequences of one submission whose sources differ.

    What: compares every sequence's source (genetic code, modifiers, sub-source qualifiers) with the first
    sequence's, and says how the first one that differs differs.
    Why: contigs of one genome share one source; a difference is usually a missing or mistyped value.
    Fix: make the source qualifiers the same on every sequence, or confirm that they really differ.
    """
    if view.organism or source_quals(view):  # a record with neither has no BioSource at all
        yield view.sequence_item(value=_source_record(view))


@discrepancy("ONCALLER_MULTISRC", text="{n} organisms have comma or semicolon in strain or isolate")
def multiple_sources(view: RecordView) -> Iterator[DiscItem]:
    """A strain or isolate value with a comma or semicolon.

    What: [strain=] or [isolate=] values containing ',' or ';'.
    Why: a list in one value usually means several organisms were merged into one source.
    Fix: give one strain (or isolate) per sequence; put alternative names in a note.
    """
    for name in ("strain", "isolate"):
        if any("," in v or ";" in v for v in view.quals.get(name, [])):
            yield view.sequence_item()
            return


def _names(number: str, designation: str) -> bool:
    """Whether an ATCC ``designation`` (a strain's, which may go on after a ';') names ``number``."""
    return number.startswith(designation.split(";", 1)[0]) if ";" in designation else number == designation


@discrepancy(
    "DUP_DISC_ATCC_CULTURE_CONFLICT",
    text="{n} biosources have conflicting ATCC strain and culture collection values",
)
def atcc_culture_conflict(view: RecordView) -> Iterator[DiscItem]:
    """An ATCC strain without its culture collection, or an ATCC culture collection without its strain.

    What: a source whose strain is 'ATCC <number>' with no culture_collection 'ATCC:<number>', or whose
    culture_collection is 'ATCC:<number>' with no strain 'ATCC <number>' (tbl2asn 25.3 compares them
    exactly, up to a ';' in the strain).
    Why: for ATCC cultures the strain is the ATCC designation and the culture collection repeats it; one
    without the other, or the two disagreeing, is a contradiction.
    Fix: give both, [strain=ATCC 12345] and [culture_collection=ATCC:12345], or correct the one that is wrong.
    """
    strains = [s[5:] for s in view.quals.get("strain", []) if s.startswith("ATCC ")]
    atcc = [c[5:] for c in view.quals.get("culture-collection", []) if c.startswith("ATCC:")]
    if any(s.strip() and not any(_names(c, s) for c in atcc) for s in strains) or any(
        c.strip() and not any(_names(c, s) for s in strains) for c in atcc
    ):
        yield view.source_item()


@discrepancy(
    "ONCALLER_STRAIN_CULTURE_COLLECTION_MISMATCH",
    text="{n} organisms have conflicting strain and culture-collection values",
)
def strain_culture_mismatch(view: RecordView) -> Iterator[DiscItem]:
    """A strain that matches none of the source's culture collections.

    What: a source with both a strain and a culture collection where the strain is none of the collection
    numbers (the 'ATCC:' prefix ignored).
    Why: a culture-collection strain is named by its collection number; disagreement means a wrong value.
    Fix: make the strain and culture collection agree.
    """
    collections = view.quals.get("culture-collection", [])
    strains = view.quals.get("strain", [])
    if not collections or not strains:
        return
    numbers = {c.replace(":", " ").strip().lower() for c in collections} | {
        c.split(":", 1)[-1].strip().lower() for c in collections
    }
    if not any(s.strip().lower() in numbers for s in strains):
        yield view.sequence_item()


@discrepancy("DISC_REQUIRED_STRAIN", text="{n} biosources are missing required strain value")
def required_strain(view: RecordView) -> Iterator[DiscItem]:
    """A bacterial source without a strain.

    What: sources whose organism tbl2asn knows to be a bacterium (its lineage names Bacteria) and that have
    no [strain=].
    Why: GenBank requires the strain of a bacterial genome: it tells isolates of one species apart.
    Fix: add [strain=...] to the definition lines, or a strain column to the .src table.
    """
    if view.has_lineage("Bacteria") and not view.quals.get("strain"):
        yield view.source_item()


_PRIMER_NOTE = "amplified with species-specific primers"
_GEL_BANDS = ("dgge gel band", "tgge gel band", "sscp gel band")


@discrepancy("DISC_BACTERIA_SHOULD_NOT_HAVE_ISOLATE", text="{n} bacterial biosources have isolate")
def bacteria_should_not_have_isolate(view: RecordView) -> Iterator[DiscItem]:
    """A bacterial source with an isolate.

    What: sources whose organism tbl2asn knows to be a bacterium with an [isolate=] (other than a DGGE, TGGE
    or SSCP gel band), unless a note says 'amplified with species-specific primers'.
    Why: a bacterial culture is named by its strain; 'isolate' is for environmental samples and eukaryotes.
    Fix: use [strain=] for the bacterium's name.
    """
    if not view.has_lineage("Bacteria"):
        return
    notes = view.quals.get("subsource-note", []) + view.quals.get("orgmod-note", [])
    if _PRIMER_NOTE in notes:
        return
    if any(not v.lower().startswith(_GEL_BANDS) for v in view.quals.get("isolate", [])):
        yield view.source_item()


@discrepancy("DISC_BACTERIAL_TAX_STRAIN_MISMATCH", text="{n} biosources have tax name/strain mismatch")
def bacterial_tax_strain_mismatch(view: RecordView) -> Iterator[DiscItem]:
    """A bacterial organism name that does not end with the source's strain.

    What: sources whose organism tbl2asn knows to be a bacterium and whose [strain=] is not the end of
    the organism name ('Escherichia coli' with strain K-12).
    Why: NCBI's taxonomy names bacterial strains in the organism name ('Escherichia coli K-12'); a different
    strain suggests the wrong organism or strain.
    Fix: use the organism name that includes the strain, or correct the strain.
    """
    if view.has_lineage("Bacteria") and any(
        not view.organism.endswith(s) for s in view.quals.get("strain", [])
    ):
        yield view.source_item()


@discrepancy("TEST_ORGANELLE_NOT_GENOMIC", text="{n} non-genomic sequences are organelles")
def organelle_not_genomic(view: RecordView) -> Iterator[DiscItem]:
    """An organelle sequence whose molecule is not genomic DNA.

    What: sequences located in an organelle ([location=mitochondrion], chloroplast, ...) whose molecule type
    is not genomic DNA.
    Why: organelle genomes are submitted as genomic DNA; an mRNA or RNA molecule there is usually a wrong
    [moltype=] or [location=].
    Fix: correct [moltype=] (genomic) or [location=].
    """
    molecule = view.molecule
    if molecule.biomol == "genomic" and molecule.mol == "dna":
        return
    if (view.qual("location") or "").lower() in ORGANELLE_LOCATIONS:
        yield view.source_item()
