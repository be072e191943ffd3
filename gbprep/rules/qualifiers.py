"""Qualifier rules: database cross-references, feature keys GenBank no longer takes, features that need a note.

Messages as tbl2asn 25.3 writes them; every finding points at the feature's row in the user's table (the
qualifier's own row for a bad /db_xref).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gbprep.model import insdc
from gbprep.model.diagnostics import Severity
from gbprep.model.gene_cleanup import gene_kept, names_gene
from gbprep.model.records import Feature
from gbprep.rules.ncbi_labels import feature_text
from gbprep.rules.registry import Hit, RecordContext, rule


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- the databases a /db_xref may name ------------------------------------------------------------------------
# tbl2asn 25.3's accepted list, established by running it on every name below (and on the names NCBI's toolkit
# sources list); case matters. Names that tbl2asn's cleanup rewrites silently (SWISS-PROT, FlyBase, IFO, ...)
# are accepted too: GenBank gets the rewritten form.
LEGAL_DBS = _words(
    """
    AceView/WormGenes AFTOL AntWeb APHIDBASE ApiDB ApiDB_CryptoDB ApiDB_PlasmoDB ApiDB_ToxoDB Araport ASAP ATCC
    ATCC(dna) Axeldb BDGP_EST BDGP_INS BEEBASE BEETLEBASE BGD BioHealthBase BOLD CDD CGD CK COG dbClone
    dbCloneLib dbEST dbProbe dbSNP dbSTS dictyBase EcoGene ENSEMBL EnsemblGenomes EnsemblGenomes-Gn
    EnsemblGenomes-Tr ERIC ESTLIB FANTOM_DB FBOL FLYBASE GABI GDB GeneDB GeneID GO GOA Greengenes GRIN H-InvDB
    HGNC HMP HOMD HSSP I5KNAL IKMC IMGT/GENE-DB IMGT/HLA IMGT/LIGM InterimID InterPro IntrepidBio IRD ISD
    ISFinder ISHAM-ITS JCM JGIDB LocusID MaizeGDB MedGen MGI MIM miRBase MycoBank NBRC NextDB niaEST NMPDR
    NRESTdb Osa1 Pathema PBmice PDB PFAM PGN Phytozome PIR PomBase PSEUDO PseudoCap RAP-DB RATMAP RBGE_garden
    RBGE_herbarium RFAM RGD RiceGenes RZPD SEED SGD SGN SoyBase SRPDB SubtiList TAIR TIGRFAM TubercuList
    UniGene UNILIB UniProtKB/Swiss-Prot UniProtKB/TrEMBL UniSTS UNITE VBASE2 VectorBase VGNC ViPR VISTA WorfDB
    WormBase Xenbase ZFIN
    """
) | {"ATCC(in host)"}
# Old spellings tbl2asn's cleanup turns into a legal name before it validates.
CLEANED_DBS = _words("SWISS-PROT Swiss-Prot SPTREMBL TrEMBL Genew IFO MGD MaizeDB FlyBase cdd PID PIDg")
# Legal in RefSeq records only (NCBI's own curated records), so a submitter may not use them.
REFSEQ_ONLY_DBS = _words(
    "BioProject CCDS CGNC CloneID CollecTF ECOCYC GenBank HPRD LRG NASONIABASE PBR REBASE SK-FST VBRC"
)
_LEGAL_FOLDED = {name.casefold(): name for name in LEGAL_DBS | {"taxon"}}


def db_xref_problem(value: str) -> str | None:
    """tbl2asn's message for a /db_xref value, or None when it is fine."""
    db, colon, tag = value.partition(":")
    db, tag = db.strip(), tag.strip()
    if not colon:
        return f"Illegal db_xref type ? ({value.strip()})"
    if not tag or db in LEGAL_DBS or db in CLEANED_DBS:
        return None  # an empty tag is dropped by tbl2asn's reader
    if db == "taxon":
        return f"db_xref type taxon ({tag}) should only be used on an OrgRef"
    if db in REFSEQ_ONLY_DBS:
        return f"db_xref type {db} ({tag}) is only legal for RefSeq"
    proper = _LEGAL_FOLDED.get(db.casefold())
    if proper == "taxon":
        return f"Illegal db_xref type {db} ({tag}), legal capitalization is taxon, but should only be used on an OrgRef"
    if proper is not None:
        return f"Illegal db_xref type {db} ({tag}), legal capitalization is {proper}"
    return f"Illegal db_xref type {db} ({tag})"


def _label(ctx: RecordContext, feature: Feature) -> str:
    return feature_text(feature, ctx.record.seq_id, len(ctx.record))


@rule(code="SEQ_FEAT.IllegalDbXref", severity=Severity.WARNING)
def illegal_db_xref(ctx: RecordContext) -> Iterator[Hit]:
    """A /db_xref names a database GenBank does not recognise, or spells it wrongly.

    What: the part of each /db_xref before the colon must be one of the databases on NCBI's db_xref list,
    with its exact capitalisation; RefSeq-only databases (BioProject, CCDS, ...), 'taxon' on a feature and
    values without a colon are reported too.
    Why: GenBank links each /db_xref to its database; an unknown or misspelt name cannot be linked, and GI
    numbers are no longer accepted as cross-references.
    Fix: use a database name from NCBI's db_xref list with its exact spelling (e.g. GeneID:, InterPro:,
    UniProtKB/Swiss-Prot:), or remove the /db_xref (drop GI: cross-references).
    Example: 1  300  CDS  with  db_xref  GI:6715633
    """
    for feature in ctx.features:
        for qual in feature.qualifiers:
            if qual.key != "db_xref" or not qual.value:
                continue
            problem = db_xref_problem(qual.value)
            if problem is not None:
                yield Hit(qual.pos, problem, ctx.record.seq_id, _label(ctx, feature))


# Keys tbl2asn 25.3 reads but its validator calls unknown (checked by running it): both become 'preprotein'.
UNKNOWN_IMP_KEYS = {"preprotein": "preprotein", "proprotein": "preprotein"}


@rule(code="SEQ_FEAT.UnknownImpFeatKey", severity=Severity.WARNING)
def unknown_imp_feat_key(ctx: RecordContext) -> Iterator[Hit]:
    """A feature uses a key that GenBank's validator does not know (preprotein, proprotein).

    What: features whose key tbl2asn reads but no longer accepts; the INSDC feature table replaced
    preprotein and proprotein with propeptide (and mat_peptide for the mature chain).
    Why: GenBank cannot show a feature of an unknown type; it would be dropped or held for a curator.
    Fix: annotate the region with propeptide (or mat_peptide for the mature protein) inside the CDS.
    Example: 500  600  preprotein  with  product  proprotein name
    """
    for feature in ctx.features:
        name = UNKNOWN_IMP_KEYS.get(feature.key)
        if name is not None:
            yield Hit(feature.pos, f"Unknown feature key {name}", ctx.record.seq_id, _label(ctx, feature))


# tbl2asn's cleanup turns these retired keys into a repeat_region; when nothing is said about the repeat, a
# repeat_region needs a note.
_REPEAT_KEYS = frozenset({"repeat_region", "repeat_unit"})


# What says nothing about a feature, for tbl2asn 25.3 (checked by running it): the gene it belongs to (a gene
# cross-reference, not a qualifier), and the qualifiers it drops from a feature that may not carry them.
_SAYS_NOTHING = frozenset({"gene", "locus_tag", "gene_synonym"}) | insdc.DROPPED_WHEN_MISPLACED


def _says_something(feature: Feature) -> bool:
    return any((q.value and q.key not in _SAYS_NOTHING) or q.key == "pseudo" for q in feature.qualifiers)


@rule(code="SEQ_FEAT.NeedsNote", severity=Severity.WARNING)
def needs_note(ctx: RecordContext) -> Iterator[Hit]:
    """A misc_feature or repeat_region says nothing about itself.

    What: a misc_feature or repeat_region (including the retired repeat_unit key, which becomes one) without
    any qualifier but those that only name its gene (/gene, /locus_tag, /gene_synonym) or that tbl2asn drops
    from it (/codon_start, /protein_id).
    Why: these keys only mean 'something is here'; without a /note (or /rpt_type, /rpt_family, ...) the
    feature tells a reader nothing.
    Fix: add a /note saying what the region is, or the qualifier that describes it (/rpt_type, /rpt_family,
    /satellite, /standard_name); or remove the feature.
    Example: 1  1954  repeat_region  with no qualifier rows.
    """
    for feature in ctx.features:
        if feature.key == "misc_feature" and not _says_something(feature):
            message = "A note or other qualifier is required for a misc_feature"
        elif feature.key in _REPEAT_KEYS and not _says_something(feature):
            message = "repeat_region has no qualifiers"
        else:
            continue
        yield Hit(feature.pos, message, ctx.record.seq_id, _label(ctx, feature))


# What tbl2asn 25.3 requires on some keys (checked by running it): (key, qualifier). The gap keys' own
# requirements belong to the gap rules.
_REQUIRED: tuple[tuple[str, str], ...] = (
    ("conflict", "citation"),
    ("old_sequence", "citation"),
    ("mobile_element", "mobile_element_type"),
    ("modified_base", "mod_base"),
    ("protein_bind", "bound_moiety"),
    ("misc_binding", "bound_moiety"),
    ("regulatory", "regulatory_class"),
    ("operon", "operon"),
)


def _has(feature: Feature, key: str) -> bool:
    return any(q.key == key and q.value for q in feature.qualifiers)


@rule(code="SEQ_FEAT.MissingQualOnImpFeat", severity=Severity.WARNING)
def missing_qual_on_imp_feat(ctx: RecordContext) -> Iterator[Hit]:
    """A feature lacks the qualifier its key requires.

    What: keys with a mandatory qualifier in the INSDC feature table: mobile_element (/mobile_element_type),
    modified_base (/mod_base), protein_bind and misc_binding (/bound_moiety), regulatory
    (/regulatory_class), operon (/operon), conflict and old_sequence (/citation).
    Why: GenBank rejects a feature without its mandatory qualifier; the key alone does not say enough.
    Fix: add the named qualifier with its value (e.g. mobile_element_type  transposon:Tn5), or use a
    misc_feature with a /note.
    Example: 100  900  mobile_element  with no /mobile_element_type.
    """
    for feature in ctx.features:
        for key, qual in _REQUIRED:
            if feature.key == key and not _has(feature, qual):
                yield Hit(
                    feature.pos,
                    f"Missing qualifier {qual} for feature {key}",
                    ctx.record.seq_id,
                    _label(ctx, feature),
                )


_GO_KEYS = ("go_process", "go_component", "go_function")


def _go_id(value: str) -> str | None:
    """The GO id of a table GO term ``term|GO:id|pmid|evidence`` (or ``term|id|...``), or None."""
    parts = value.split("|")
    if len(parts) < 2 or not parts[1].strip():
        return None
    return parts[1].strip()


@rule(code="SEQ_FEAT.GeneOntologyTermMissingGOID", severity=Severity.WARNING)
def go_term_missing_id(ctx: RecordContext) -> Iterator[Hit]:
    """A Gene Ontology term has no GO identifier.

    What: /go_process, /go_component and /go_function values in the table form
    'term|GO id|PubMed id|evidence code' whose second field (the 7-digit GO id) is empty or absent.
    Why: GenBank links GO annotation by its identifier; a term name alone cannot be checked or linked.
    Fix: write the value as term|GO:0008150|PMID|evidence, e.g. 'DNA repair|0006281||IEA'.
    Example: 1  300  CDS  with  go_process  DNA repair
    """
    for feature in ctx.features:
        for qual in feature.qualifiers:
            if qual.key in _GO_KEYS and qual.value and _go_id(qual.value) is None:
                yield Hit(
                    qual.pos, "GO term does not have GO identifier", ctx.record.seq_id, _label(ctx, feature)
                )


# Names tbl2asn 25.3 reads an amino acid from in a tRNA's product (case-blind, each a word of its own, a
# trailing number allowed: 'tRNA-Ile2'), checked by running it: the three-letter codes with the ambiguity
# and special ones, the one-letter codes and the full names. 'Stop' is not one of them.
_TRNA_AA_WORDS = frozenset(
    w.casefold()
    for w in _words(
        "Ala Arg Asn Asp Cys Gln Glu Gly His Ile Leu Lys Met Phe Pro Ser Thr Trp Tyr Val Sec Pyl Asx Glx Xle "
        "Ter Xxx fMet iMet OTHER alanine arginine asparagine aspartic cysteine glutamine glutamic glycine "
        "histidine isoleucine leucine lysine methionine phenylalanine proline serine threonine tryptophan "
        "tyrosine valine selenocysteine pyrrolysine A R N D C Q E G H I L K M F P S T W Y V U O B Z J X"
    )
)
_WORD = re.compile(r"[A-Za-z]+")


def trna_amino_acids(product: str) -> set[str]:
    """The amino acids a tRNA's product names ('tRNA-Gly' -> {'gly'}); 'glutamic acid' counts once."""
    return {w.casefold() for w in _WORD.findall(product) if w.casefold() in _TRNA_AA_WORDS}


@rule(code="SEQ_FEAT.MissingTrnaAA", severity=Severity.WARNING)
def missing_trna_aa(ctx: RecordContext) -> Iterator[Hit]:
    """A tRNA does not say which amino acid it carries.

    What: a tRNA whose /product names no amino acid, or more than one ('transfer RNA', 'tRNA', 'tRNA-Stop',
    'tRNA-Gly tRNA-Ala'), or that has no /product.
    Why: GenBank records a tRNA's amino acid (shown as /product="tRNA-Gly"); it is read from the product
    name, and without one the tRNA is unclassified.
    Fix: name the amino acid in the product: tRNA-Gly, tRNA-Met, tRNA-Xxx when it is unknown.
    Example: 163  235  tRNA / product  transfer RNA
    """
    for trna in ctx.of_key("tRNA"):
        if len(trna_amino_acids(trna.get("product") or "")) != 1:
            message = "Missing encoded amino acid qualifier in tRNA"
            yield Hit(trna.pos, message, ctx.record.seq_id, _label(ctx, trna))


@rule(code="SEQ_FEAT.GeneRefHasNoData", severity=Severity.WARNING)
def gene_ref_has_no_data(ctx: RecordContext) -> Iterator[Hit]:
    """A gene feature names no gene: no /gene, /locus_tag, /allele, /gene_synonym, /gene_desc or /map.

    What: a gene that is kept in the record (it is /pseudo, or has a /pseudogene or /experiment) but says
    nothing about which gene it is.
    Why: a gene feature exists to name a gene; GenBank cannot show or link one without any identifier.
    Fix: add the /locus_tag (and /gene when the gene has a name), or remove the gene feature.
    Example: 176  965  gene / pseudo   (and nothing else)
    """
    for gene in ctx.of_key("gene"):
        if not names_gene(gene) and gene_kept(gene):
            message = "There is a gene feature where all fields are empty"
            yield Hit(gene.pos, message, ctx.record.seq_id, _label(ctx, gene))


@rule(code="SEQ_FEAT.UndesiredGeneSynonym", severity=Severity.WARNING)
def undesired_gene_synonym(ctx: RecordContext) -> Iterator[Hit]:
    """A gene has a /gene_synonym but neither a /gene nor a /gene_desc.

    What: a gene feature with a /gene_synonym and no /gene (the gene's name) and no /gene_desc.
    Why: a synonym is another name for a gene that has one; alone, it cannot be told from the name.
    Fix: put the name in /gene (and keep the synonyms as /gene_synonym), or add a /gene_desc.
    Example: 541  601  gene / gene_synonym  xy
    """
    for gene in ctx.of_key("gene"):
        named = any((gene.get(key) or "").strip() for key in ("gene", "gene_desc"))
        if not named and (gene.get("gene_synonym") or "").strip():
            message = "gene synonym without gene locus or description"
            yield Hit(gene.pos, message, ctx.record.seq_id, _label(ctx, gene))
