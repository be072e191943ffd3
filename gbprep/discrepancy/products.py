"""Discrepancy tests on proteins and names: protein ids and lengths, product names, gene names, notes.

SUSPECT_PRODUCT_NAMES uses NCBI's rule file (``product_rules.prt``), given by
``DiscrepancyOptions.product_rules`` or the ``PORTAL_PRODUCT_RULES`` environment variable, else the copy NCBI's
data package installs beside tbl2asn (``/usr/share/ncbi/data``, where tbl2asn reads it); without one the test
reports nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from gbprep.discrepancy.context import RecordView, rrna_product
from gbprep.discrepancy.model import DiscItem, DiscrepancyOptions, ReportLine
from gbprep.discrepancy.product_rules import (
    CATEGORIES,
    CATEGORY_RANK,
    FATAL_CATEGORIES,
    SuspectRule,
    load_rules,
)
from gbprep.discrepancy.registry import discrepancy

SHORT_PROTEIN = 50  # residues
STANDARD_RRNA_NAMES = frozenset(
    f"{size} ribosomal RNA"
    for size in ("4.5S", "5S", "5.8S", "12S", "15S", "16S", "18S", "21S", "23S", "25S", "26S", "28S", "large subunit",
                 "small subunit")
)  # fmt: skip
SUSPICIOUS_NOTE_PHRASES = ("homolog", "ortholog", "paralog")
BAD_GENE_NAME_WORDS = ("putative", "fragment", "gene", "orf", "like")
# With -M n tbl2asn corrects these categories itself (they have unambiguous replacements), so they vanish.
FIXED_IN_GENOME_MODE = frozenset({"typo", "british"})


@discrepancy("MISSING_PROTEIN_ID", text="{n} proteins have invalid IDs.", fatal=True)
def missing_protein_id(view: RecordView) -> Iterator[DiscItem]:
    """A protein without a proper protein_id.

    What: proteins whose /protein_id is missing (tbl2asn then names them SeqID_n) or is not of the form
    gnl|dbname|id.
    Why: genome submissions identify every protein by a submitter-assigned id, gnl|<your database
    name>|<locus_tag or id>, which GenBank keeps as the protein's local identifier.
    Fix: add /protein_id gnl|YOURDB|LOCUSTAG_1 to every CDS (and to its mRNA).
    """
    for protein in view.proteins:
        if not protein.seq_id.startswith("gnl|") or protein.seq_id.count("|") < 2:
            yield view.protein_item(protein)


@discrepancy("SHORT_PROT_SEQUENCES", text="{n} protein sequences are shorter than 50 aa.")
def short_proteins(view: RecordView) -> Iterator[DiscItem]:
    """A complete protein shorter than 50 amino acids.

    What: proteins of fewer than 50 residues whose CDS is not partial.
    Why: very short predicted proteins are often spurious ORFs.
    Fix: check the evidence for the gene; remove it, or keep it if it is real.
    """
    for protein in view.proteins:
        if protein.length < SHORT_PROTEIN and not (protein.cds.partial5 or protein.cds.partial3):
            yield view.protein_item(protein)


def _protein_names(items: list[DiscItem], options: DiscrepancyOptions) -> list[ReportLine]:
    """tbl2asn 25.3 says so only when every protein (one is enough) is a 'hypothetical protein', case
    aside; proteins that all share another name are not reported (ClickableGlobalItemCategorize)."""
    if items and all(i.value.lower() == "hypothetical protein" for i in items):
        text = 'All proteins have same name "hypothetical protein"'
        return [ReportLine("DISC_PROTEIN_NAMES", text, items)]
    return []


@discrepancy("DISC_PROTEIN_NAMES", summarize=_protein_names)
def protein_names(view: RecordView) -> Iterator[DiscItem]:
    """Every protein of the submission is a 'hypothetical protein'.

    What: all proteins are named 'hypothetical protein'.
    Why: usually a pipeline that named everything 'hypothetical protein'; acceptable for a draft, but
    GenBank asks for functional names where they are known.
    Fix: name the proteins from their evidence (homology, domains) where possible.
    """
    for protein in view.proteins:
        yield view.protein_item(protein)


# Where Debian's ncbi-data (and so an installed tbl2asn) keeps the rule file tbl2asn reads.
NCBI_DATA_RULES = Path("/usr/share/ncbi/data/product_rules.prt")


def _rules_path(options: DiscrepancyOptions) -> str | None:
    given = options.product_rules or os.environ.get("PORTAL_PRODUCT_RULES")
    return given or (str(NCBI_DATA_RULES) if NCBI_DATA_RULES.is_file() else None)


@lru_cache(maxsize=65536)
def suspect_hits(path: str, name: str) -> tuple[SuspectRule, ...]:
    """The rules a product name breaks (names repeat a lot: 'hypothetical protein' is checked once); the
    text a rule needs is looked for first, which rules most rules out."""
    lower = name.lower()
    letters: str | None = None
    hits = []
    for rule, needle, needed_letters in _indexed_rules(path):
        if needle is not None and needle not in lower:
            continue
        if needed_letters is not None:
            if letters is None:
                letters = "".join(ch for ch in lower if ch.isalnum())
            if needed_letters not in letters:
                continue
        if rule.matches(name):
            hits.append(rule)
    return tuple(hits)


@lru_cache(maxsize=4)
def _indexed_rules(path: str) -> tuple[tuple[SuspectRule, str | None, str | None], ...]:
    return tuple((rule, rule.required_text, rule.required_letters) for rule in load_rules(path))


def preload_rules(options: DiscrepancyOptions) -> None:
    """Read the rule file now: a job calls this before it forks its workers, which then share the rules
    instead of each reading the file again for its chunk."""
    path = _rules_path(options)
    if path is not None:
        _indexed_rules(path)


# tbl2asn's SUSPECT_PHRASES, reported under SUSPECT_PRODUCT_NAMES: the first of these (case-blind) in a CDS
# comment or a protein description.
SUSPECT_PHRASES = ("fragment", "frameshift", "%", "E-value", "E value", "Evalue", "...")
_PHRASE = "phrase\t"


def _suspect_names(items: list[DiscItem], options: DiscrepancyOptions) -> list[ReportLine]:
    test = "SUSPECT_PRODUCT_NAMES"
    phrases = [i for i in items if i.key.startswith(_PHRASE)]
    names = [i for i in items if not i.key.startswith(_PHRASE)]
    out = [_suspect_phrases(phrases)] if phrases else []
    if not names:
        return out
    by_category: dict[str, dict[str, list[DiscItem]]] = {}
    for item in names:
        category, _, description = item.key.partition("\t")
        by_category.setdefault(category, {}).setdefault(description, []).append(item)
    subs = []
    for category in sorted(by_category, key=lambda c: CATEGORY_RANK.get(c, 99)):
        found = by_category[category]
        lines = [
            ReportLine(test, f"{len(hits)} features {description}", hits, in_summary=True)
            for description, hits in found.items()
        ]
        fatal = options.genome_mode and category in FATAL_CATEGORIES
        subs.append(
            ReportLine(test, CATEGORIES.get(category, category), subs=lines, in_summary=True, fatal=fatal)
        )
    text = f"{len(names)} product_names contain suspect phrase or characters"
    return [*out, ReportLine(test, text, names, subs=subs)]


def _suspect_phrases(items: list[DiscItem]) -> ReportLine:
    what = "cds comments or protein descriptions contain"
    by_phrase: dict[str, list[DiscItem]] = {}
    for item in items:
        by_phrase.setdefault(item.key.removeprefix(_PHRASE), []).append(item)
    subs = [
        ReportLine("SUSPECT_PHRASES", f"{len(by_phrase[p])} {what} '{p}'", by_phrase[p], in_summary=True)
        for p in SUSPECT_PHRASES
        if p in by_phrase
    ]
    return ReportLine("SUSPECT_PRODUCT_NAMES", f"{len(items)} {what} suspect phrases", items, subs=subs)


def _suspect_phrase(text: str) -> str | None:
    lower = text.lower()
    return next((p for p in SUSPECT_PHRASES if p.lower() in lower), None)


@discrepancy("SUSPECT_PRODUCT_NAMES", summarize=_suspect_names, fatal=True)
def suspect_product_names(view: RecordView) -> Iterator[DiscItem]:
    """A protein name that NCBI's product-name rules flag, or a suspect phrase in a CDS note.

    What: each protein name is checked against NCBI's suspect product rules (typos, British spellings,
    organism names, database identifiers, plurals, all capitals, names over 100 characters...); each hit is
    reported under the rule's category. CDS notes and protein descriptions (/prot_desc) that mention
    'fragment', 'frameshift', '%', an E-value or '...' are listed first.
    Why: product names become the protein names in GenBank and in every database that copies them;
    GenBank's rules keep them short, specific and consistent. A frameshifted or fragmentary CDS should be
    annotated as such (a pseudo gene, or partial ends), not only described in a note.
    Fix: rename the product as the category says (use the replacement given for typos); see NCBI's
    prokaryotic/eukaryotic annotation guidelines on protein naming. Check the CDSs whose notes are listed.
    """
    for cds in view.of_key("CDS"):
        for text in ("; ".join(cds.values("note")), "; ".join(cds.values("prot_desc"))):
            phrase = _suspect_phrase(text) if text.strip() else None
            if phrase is not None:
                yield view.feature_item(cds, key=_PHRASE + phrase)
    path = _rules_path(view.options)
    if not path:
        return
    skip = FIXED_IN_GENOME_MODE if view.options.genome_mode else frozenset()
    for protein in view.proteins:
        if not protein.product:
            continue  # a protein with only an EC number or a description has no name to check
        for rule in suspect_hits(path, protein.product):
            if rule.rule_type not in skip:
                yield view.feature_item(protein.cds, key=f"{rule.rule_type}\t{rule.description}")


def _is_unknown_name(product: str) -> bool:
    return product.strip().lower() in ("hypothetical protein", "unknown protein")


@discrepancy(
    "EC_NUMBER_ON_UNKNOWN_PROTEIN",
    text="{n} protein features have an EC number and a protein name of 'unknown protein' or 'hypothetical "
    "protein'",
    fatal=True,
)
def ec_number_on_unknown_protein(view: RecordView) -> Iterator[DiscItem]:
    """An EC number on a protein called 'hypothetical protein' or 'unknown protein'.

    What: CDSs with /EC_number whose product is 'hypothetical protein' or 'unknown protein'.
    Why: an EC number says what the enzyme does, so the protein is not of unknown function.
    Fix: name the protein after its enzyme activity, or remove the EC number.
    """
    for protein in view.proteins:
        if protein.cds.has("EC_number") and _is_unknown_name(protein.product):
            yield view.feature_item(protein.cds)


@discrepancy(
    "SHOW_HYPOTHETICAL_CDS_HAVING_GENE_NAME",
    text="{n} hypothetical coding regions have a gene name",
    fatal=True,
)
def hypothetical_with_gene_name(view: RecordView) -> Iterator[DiscItem]:
    """A 'hypothetical protein' whose gene has a name.

    What: CDSs named 'hypothetical protein' whose gene has a /gene symbol.
    Why: a gene symbol implies a known function, which contradicts 'hypothetical'.
    Fix: name the protein after the gene's function, or remove the gene symbol (keep the locus_tag).
    """
    for protein in view.proteins:
        if "hypothetical protein" not in protein.product.lower():
            continue
        gene = view.gene_of(protein.cds)
        if protein.cds.get("gene") or (gene is not None and gene.get("gene")):
            yield view.feature_item(protein.cds)


def bad_gene_reasons(name: str) -> list[str]:
    """What tbl2asn finds wrong with a gene symbol, one entry per kind: 'contain <word>' for a suspect word,
    'long' over 10 characters, 'digits' for four digits together."""
    lower = name.lower()
    reasons = [f"contain {word}" for word in BAD_GENE_NAME_WORDS if word in lower][:1]
    if len(name) > 10:
        reasons.append("long")
    if re.search(r"\d{4}", name):
        reasons.append("digits")
    return reasons


def is_bad_gene_name(name: str) -> bool:
    return bool(bad_gene_reasons(name))


def _bad_gene_names(items: list[DiscItem], options: DiscrepancyOptions) -> list[ReportLine]:
    if not items:
        return []
    kinds = {item.key for item in items}
    kind = next(iter(kinds))
    what = kind if len(kinds) == 1 and kind.startswith("contain ") else "contain suspect phrase or characters"
    return [ReportLine("TEST_BAD_GENE_NAME", f"{len(items)} genes {what}", items)]


@discrepancy("TEST_BAD_GENE_NAME", summarize=_bad_gene_names)
def bad_gene_name(view: RecordView) -> Iterator[DiscItem]:
    """A gene symbol that does not look like one.

    What: /gene values longer than 10 characters, with four or more digits together, or containing
    'putative', 'fragment', 'gene', 'orf' or 'like'. tbl2asn 25.3 lists a gene once per kind of problem, and
    once more on a sequence it does not take for eukaryotic when the symbol does not start in lower case
    (its bacterial gene name check, reported here). The line names the word when that is the only
    problem found ('2 genes contain gene'), else says 'suspect phrase or characters' (checked by running it).
    Why: gene symbols are short names (dnaK, ADH1); identifiers and descriptions belong in /locus_tag or
    /note.
    Fix: use a proper gene symbol, or drop /gene and keep only the /locus_tag.
    """
    for gene in view.genes:
        name = gene.get("gene")
        reasons = bad_gene_reasons(name) if name else []
        for reason in reasons:
            yield view.feature_item(gene, key=reason)
        if reasons and name and view.has_biosource and not view.eukaryote and not name[0].islower():
            yield view.feature_item(gene, key="bacterial")


@discrepancy("DISC_BAD_BACTERIAL_GENE_NAME", text="{n} bacterial genes do not start with lowercase letters")
def bad_bacterial_gene_name(view: RecordView) -> Iterator[DiscItem]:
    """A bacterial gene symbol that does not start with a lowercase letter.

    What: on sequences that are not eukaryotic, /gene values that do not start with a lowercase letter
    (and are not already flagged by TEST_BAD_GENE_NAME).
    Why: bacterial gene symbols are written like dnaK; capitals usually mean a protein name or an
    identifier in the wrong qualifier. (Without a taxonomy lookup tbl2asn treats unknown organisms as
    bacteria: use -X E for eukaryotes.)
    Fix: use the bacterial gene symbol convention, or move the text to /note.
    """
    if view.eukaryote or not view.has_biosource:  # a sequence without a BioSource is not checked
        return
    for gene in view.genes:
        name = gene.get("gene")
        if name and not name[0].islower() and not is_bad_gene_name(name):
            yield view.feature_item(gene)


@discrepancy("DISC_SUSPICIOUS_NOTE_TEXT", text="{n} note texts contain suspicious phrases")
def suspicious_note_text(view: RecordView) -> Iterator[DiscItem]:
    """A note that implies an evolutionary relationship ('homolog', 'ortholog', 'paralog').

    What: /note texts of CDS, gene and misc_feature features containing those words.
    Why: homology is an inference about evolution; GenBank prefers 'similar to' or '-like' wording unless
    the relationship is established.
    Fix: rephrase the note (e.g. 'similar to ...').
    """
    for feature in view.of_key("CDS", "gene", "misc_feature"):
        notes = " ".join(feature.values("note")).lower()
        if any(phrase in notes for phrase in SUSPICIOUS_NOTE_PHRASES):
            yield view.feature_item(feature)


@discrepancy(
    "RRNA_NAME_CONFLICTS",
    text='{n} rRNA product names are not standard. Correct the names to the standard format, eg "16S ribosomal '
    'RNA"',
    fatal=True,
)
def rrna_name_conflicts(view: RecordView) -> Iterator[DiscItem]:
    """An rRNA whose product is not one of the standard names.

    What: rRNA /product values other than '16S ribosomal RNA', '23S ribosomal RNA', '5S ribosomal RNA',
    '18S ribosomal RNA', '28S ribosomal RNA', '5.8S ribosomal RNA', 'small/large subunit ribosomal RNA'...
    Why: GenBank indexes rRNAs by these exact names.
    Fix: use the standard name; put extra detail in /note.
    """
    for rrna in view.of_key("rRNA"):
        product = rrna.get("product")
        if product and rrna_product(product) not in STANDARD_RRNA_NAMES:
            yield view.feature_item(rrna)


# Exceptions NCBI introduced late, which a curator checks by hand (tbl2asn 25.3's list).
NEW_EXCEPTIONS = (
    "annotated by transcript or proteomic data",
    "heterogeneous population sequenced",
    "low-quality sequence region",
    "unextendable partial coding region",
)


@discrepancy("DISC_CDS_HAS_NEW_EXCEPTION", text="{n} coding regions have new exceptions")
def cds_has_new_exception(view: RecordView) -> Iterator[DiscItem]:
    """A coding region with one of the newer exceptions.

    What: CDSs whose /exception is 'annotated by transcript or proteomic data', 'heterogeneous population
    sequenced', 'low-quality sequence region' or 'unextendable partial coding region'.
    Why: these exceptions excuse a CDS from checks (translation, partial ends) and need evidence; GenBank
    staff review each one.
    Fix: nothing if the exception is right; otherwise correct the CDS and remove the exception.
    """
    for cds in view.of_key("CDS"):
        text = "; ".join(cds.values("exception")).lower()
        if text and any(e in text for e in NEW_EXCEPTIONS):
            yield view.feature_item(cds)
