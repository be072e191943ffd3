"""Product rules: every coding region names its protein, names that say nothing, EC numbers.

tbl2asn makes a protein only for a CDS with a /product; its validator then checks the protein's names (the CDS's
/product values) and /EC_number values. Findings point at the CDS row of the user's table. Messages as tbl2asn
25.3 writes them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import cast

from gbprep.model.coding import given_protein, protein_index, translate_cds
from gbprep.model.diagnostics import Severity
from gbprep.model.prot_ref import has_prot_ref
from gbprep.model.records import Feature, ProteinRecord
from gbprep.rules.ncbi_labels import feature_text, protein_feature_text, seq_text, taxname_of
from gbprep.rules.overlaps import is_pseudo
from gbprep.rules.registry import Hit, RecordContext, rule
from gbprep.rules.sequence import bioseq_text, gaps
from gbprep.rules.translation import ncbi_id

_REFSEQ_ACCESSION = re.compile(r"^(?:ref\|)?[A-Z]{2}_\d+(?:\.\d+)?\|?$")


@dataclass(frozen=True, slots=True)
class Product:
    """A CDS with the protein tbl2asn makes for it: names, EC numbers, the id it gets."""

    cds: Feature
    names: list[str]
    ec_numbers: list[tuple[str, int]]  # value, line of the /EC_number row
    protein_id: str
    length: int  # residues

    @property
    def label_name(self) -> str:
        """What tbl2asn prints for the protein: its first name, else its description."""
        return self.names[0] if self.names else (self.cds.get("prot_desc") or "").strip()


def _protein_length(ctx: RecordContext, cds: Feature, ordinal: int) -> int:
    """The protein's length as tbl2asn makes it (the translation without its stop, or the .pep protein); an
    estimate from the location when the CDS cannot be translated."""
    # The ordinal among all CDSs, as the translation rules use it: the translation is then shared.
    done = translate_cds(ctx.record, cds, ctx.genetic_code, ordinal, given_protein(cds, _pep_index(ctx)))
    if done is not None and done.translation:
        return len(done.protein)
    bases = sum(len(iv) for iv in cds.intervals)
    return max(bases // 3 - (0 if cds.partial3 else 1), 0)


def _protein_residues(ctx: RecordContext, product: Product) -> str:
    """The protein tbl2asn makes for the CDS (the .pep one, else the translation without its final stop)."""
    cds = product.cds
    done = translate_cds(ctx.record, cds, ctx.genetic_code, None, given_protein(cds, _pep_index(ctx)))
    return done.protein if done is not None else ""


def _pep_index(ctx: RecordContext) -> dict[str, ProteinRecord]:
    def make() -> dict[str, ProteinRecord]:
        return protein_index(ctx.bundle.proteins) if ctx.bundle is not None else {}

    return cast(dict[str, ProteinRecord], ctx.cached("pep_index", make))


def makes_protein(ctx: RecordContext, cds: Feature) -> bool:
    """Whether tbl2asn makes a protein for the CDS: not /pseudo itself (a /pseudo gene around it does not stop
    it) and with a Prot-ref (a /product, /prot_desc, /EC_number or /function) or a .pep protein."""
    if cds.has("pseudo"):
        return False
    return has_prot_ref(cds) or given_protein(cds, _pep_index(ctx)) is not None


def without_organism(name: str, taxname: str) -> str:
    """A protein name less a final '[<organism>]' naming the record's own organism, as tbl2asn's cleanup
    leaves it (NCBI's ``s_RemoveOrgFromEndOfProtein``): 'ribosomal protein L7 [Saccharomyces cerevisiae]'
    on a yeast record becomes 'ribosomal protein L7'. The name is compared without letter case (tbl2asn 25.3
    strips '[saccharomyces CEREVISIAE]' too). Another organism's name, '[NAD...]', or a bracket holding more
    than the name stays. The assembler does the same to the .sqn (``assemble.cleanup.without_organism``)."""
    start = name.rfind("[")
    if not taxname or len(name) < 5 or not name.endswith("]") or start < 0:
        return name
    inside = name[start + 1 :]
    if inside.startswith("NAD") or inside.lower() != f"{taxname}]".lower():
        return name
    return " ".join(name[:start].split())


def products(ctx: RecordContext) -> list[Product]:
    """The record's CDSs that get a protein, once per record.

    A protein without a /protein_id is named ``<SeqID>_<n>``, n counting only such proteins (as tbl2asn does).
    """

    def make() -> list[Product]:
        out: list[Product] = []
        generated = 0
        taxname = taxname_of(ctx)
        for ordinal, cds in enumerate(ctx.of_key("CDS"), start=1):
            if not makes_protein(ctx, cds):
                continue
            pid = (cds.get("protein_id") or "").strip()
            if not pid:
                generated += 1
                pid = f"{ctx.record.seq_id}_{generated}"
            names = [  # blanks and a final '[organism]' as cleanup leaves them
                without_organism(" ".join(v.split()), taxname) for v in cds.values("product") if v.strip()
            ]
            ecs = [(q.value.strip(), q.pos.line) for q in cds.qualifiers if q.key == "EC_number" and q.value]
            out.append(Product(cds, names, ecs, pid, _protein_length(ctx, cds, ordinal)))
        return out

    return cast(list[Product], ctx.cached("products", make))


def prot_hit(ctx: RecordContext, product: Product, message: str) -> Hit:
    cds = product.cds
    label = protein_feature_text(
        product.label_name, product.protein_id, product.length, partial5=cds.partial5, partial3=cds.partial3
    )
    return Hit(product.cds.pos, message, ctx.record.seq_id, label)


def _cds_hit(ctx: RecordContext, cds: Feature, message: str) -> Hit:
    return Hit(cds.pos, message, ctx.record.seq_id, feature_text(cds, ctx.record.seq_id, len(ctx.record)))


def _without_product(ctx: RecordContext) -> Iterator[Feature]:
    """CDSs tbl2asn makes no protein for although they are not pseudo (nor in a pseudo gene)."""
    for cds in ctx.of_key("CDS"):
        if not makes_protein(ctx, cds) and not is_pseudo(ctx, cds):
            yield cds


# Explanations that excuse a CDS's translation from the comparison (NCBI's bypass_cds_trans_check).
_EXCUSING = (
    "rna editing",
    "reasons given in citation",
    "artificial frameshift",
    "rearrangement required for product",
    "translated product replaced",
    "unclassified translation discrepancy",
    "mismatches in translation",
    "adjusted for low-quality genome",
    "annotated by transcript or proteomic data",
)


def excuses_translation(text: str) -> bool:
    """Whether an except-text makes NCBI's translation check keep its findings to itself (C toolkit
    ``CdTransCheck``: report_errors off)."""
    lowered = text.lower()
    if not any(e in lowered for e in _EXCUSING):
        return False
    # These two are still reported, so they do not make the exception unnecessary either.
    return "mismatches in translation" not in text and "artificial frameshift" not in text


@rule(code="SEQ_FEAT.MissingCDSproduct", severity=Severity.ERROR)
def missing_cds_product(ctx: RecordContext) -> Iterator[Hit]:
    """A coding region has no /product, so GenBank gets no protein for it.

    What: a CDS that is not /pseudo (nor inside a /pseudo gene) with none of /product, /prot_desc, /EC_number
    or /function (and no protein for it in a .pep file). With -M n tbl2asn names such a CDS 'hypothetical
    protein' instead.
    Why: every coding region in GenBank carries its translated protein, named by /product; without any
    protein information tbl2asn does not make the protein at all.
    Fix: add a /product with the protein's name ('hypothetical protein' if its function is unknown), or mark
    the CDS /pseudo if the gene no longer makes a protein.
    Example: 50  250  CDS  with only  gene  cor6.6  and  note  cold regulated
    """
    for cds in _without_product(ctx):
        yield _cds_hit(ctx, cds, "Expected CDS product absent")


@rule(code="SEQ_FEAT.NoProtein", severity=Severity.ERROR)
def no_protein(ctx: RecordContext) -> Iterator[Hit]:
    """A coding region ends up without a protein sequence.

    What: a CDS (not /pseudo) for which no protein is made: it has no /product (nor /prot_desc, /EC_number,
    /function) and no .pep protein. Not reported when an /exception such as 'RNA editing' excuses the CDS's
    translation (tbl2asn's translation check, which reports it, then stays silent).
    Why: GenBank shows each CDS with its protein record; a CDS without one cannot be released.
    Fix: name the protein with /product (tbl2asn then translates the CDS), or supply the protein in a .pep
    file matched by /protein_id; mark the CDS /pseudo if no protein is made.
    Example: 34  231  CDS  with  gene  kin1  and no /product
    """
    for cds in _without_product(ctx):
        text = ",".join(cds.values("exception"))
        if not excuses_translation(text):  # the translation check that reports it then stays silent
            yield _cds_hit(ctx, cds, "No protein Bioseq given")


@rule(code="SEQ_FEAT.PseudoCdsViaGeneHasProduct", severity=Severity.ERROR)
def pseudo_cds_via_gene_has_product(ctx: RecordContext) -> Iterator[Hit]:
    """A coding region inside a /pseudo gene still names a protein, so a protein is made for a pseudogene.

    What: a CDS that is not itself /pseudo, lies in a gene marked /pseudo (or /pseudogene), and has a
    /product (or another protein qualifier, or a .pep protein), so tbl2asn makes a protein for it. With
    -M n every such CDS gets 'hypothetical protein', so this fires even without a /product.
    Why: a pseudogene makes no protein; GenBank will not show a translation for a CDS of one.
    Fix: mark the CDS /pseudo too (its /product then stays as a name only), or remove /pseudo from the gene
    if it does code for a protein.
    Example: 1  300  gene  with  pseudo, and  1  300  CDS  with  product  kinase
    """
    for product in products(ctx):
        if is_pseudo(ctx, product.cds):
            label = feature_text(product.cds, ctx.record.seq_id, len(ctx.record))
            label += f" -> [{ncbi_id(product.protein_id)}]"
            message = "A coding region overlapped by a pseudogene should not have a product"
            yield Hit(product.cds.pos, message, ctx.record.seq_id, label)


@rule(code="SEQ_FEAT.NoNameForProtein", severity=Severity.WARNING)
def no_name_for_protein(ctx: RecordContext) -> Iterator[Hit]:
    """A protein is made for a coding region, but it has no name.

    What: a CDS without /product but with /prot_desc, /function or /EC_number (any of which makes tbl2asn
    build a protein); the message says which it has, in that order.
    Why: every protein in GenBank needs a name; a description, an activity or an EC number is not one.
    Fix: add a /product naming the protein (e.g. the enzyme's name for its EC number), or 'hypothetical
    protein' if its function is unknown.
    Example: 1  300  CDS  with only  EC_number  2.7.11.1
    """
    for product in products(ctx):
        if product.names:
            continue
        cds = product.cds
        if (cds.get("prot_desc") or "").strip():
            what = "description"
        elif any(v.strip() for v in cds.values("function")):
            what = "function"
        elif product.ec_numbers:
            what = "EC number"
        else:
            yield prot_hit(ctx, product, "Protein feature has no name")
            continue
        yield prot_hit(ctx, product, f"Protein feature has {what} but no name")


_REARRANGED = "rearrangement required for product"


@rule(code="SEQ_FEAT.FeatureProductInconsistency", severity=Severity.WARNING)
def feature_product_inconsistency(ctx: RecordContext) -> Iterator[Hit]:
    """Some coding regions of a sequence have proteins and others, not pseudo, have none.

    What: on a sequence with CDSs and more than one mRNA, at least one CDS gets a protein but not every
    CDS does, counting a pseudo CDS (or one in a pseudo gene) and a CDS with the exception 'rearrangement
    required for product' as needing none. The message gives the CDS count and the protein count.
    Why: in an annotated genome every coding region not marked pseudo has its protein; a few without one
    usually lost their /product when the table was made.
    Fix: give each CDS its /product (or mark it /pseudo); the MissingCDSproduct findings name them.
    Example: two mRNA/CDS pairs, one CDS with  product  kinase  and one with only a note
    """
    cdss = ctx.of_key("CDS")
    if not cdss or len(ctx.of_key("mRNA")) < 2:
        return
    with_protein = {id(p.cds) for p in products(ctx)}
    if not with_protein:
        return
    pseudo = rearranged = 0
    for cds in cdss:
        if _REARRANGED in " ".join(cds.values("exception")):
            rearranged += 1
        elif id(cds) not in with_protein and is_pseudo(ctx, cds):
            pseudo += 1
    rearranged_products = sum(
        1 for cds in cdss if id(cds) in with_protein and _REARRANGED in " ".join(cds.values("exception"))
    )
    proteins = len(with_protein) - rearranged_products
    if proteins + pseudo != len(cdss) and proteins + pseudo + rearranged != len(cdss):
        message = f"{len(cdss)} CDS features have {proteins} product references"
        yield Hit(ctx.record.pos, message, ctx.record.seq_id, bioseq_text(ctx.record, bool(gaps(ctx))))


@rule(code="SEQ_DESCR.InconsistentProteinTitle", severity=Severity.WARNING)
def inconsistent_protein_title(ctx: RecordContext) -> Iterator[Hit]:
    """A complete protein's name ends in ', partial', so its title says partial and NCBI's title would not.

    What: a CDS that is not partial at either end whose first /product ends with ', partial' (in lower case),
    on a record with an organism, whose protein has no stop ('*') in it. tbl2asn titles the protein with
    the name as given; NCBI's title generator, run again by the validator, does not produce the same title.
    tbl2asn 25.3 says nothing without an organism name or for a protein with internal stops (checked by
    running it). Under -M n tbl2asn first rewrites such names (its suspect-product autofix), so they are
    not reported there.
    Why: ', partial' in a title is how GenBank marks an incomplete protein; in the name of a complete one it
    contradicts the location.
    Fix: drop ', partial' from the /product (mark the CDS ends with '<' or '>' if the protein really is
    incomplete; GenBank then adds ', partial' to the title itself).
    Example: 1  126  CDS  with  product  hypothetical protein, partial  (sequence with [organism=Mus musculus])
    """
    if ctx.options.genome or not taxname_of(ctx):
        return
    for product in products(ctx):
        cds = product.cds
        if not (product.names and product.names[0].endswith(", partial")) or cds.partial5 or cds.partial3:
            continue
        if "*" not in _protein_residues(ctx, product):
            label = seq_text(product.protein_id, product.length, protein=True)
            message = "Instantiated protein title does not match automatically generated title"
            yield Hit(cds.pos, message, ctx.record.seq_id, label)


_UNKNOWN_NAMES = frozenset(
    {"Hypothetical protein", "hypothetical protein", "Unknown protein", "unknown protein"}
)


@rule(code="SEQ_FEAT.BadProteinName", severity=Severity.WARNING)
def bad_protein_name(ctx: RecordContext) -> Iterator[Hit]:
    """A protein named 'hypothetical protein' or 'unknown protein' has an EC number.

    What: a CDS whose /product is hypothetical or unknown protein and that also has an /EC_number.
    Why: an EC number says which reaction the enzyme catalyses, so the protein's function is known; the two
    contradict each other.
    Fix: name the enzyme (the EC number's name, e.g. 'fumarate reductase flavoprotein subunit'), or drop
    the /EC_number if the function is really unknown.
    Under -M n the name judged is the one the product-name fix gives (tbl2asn 25.3 turns 'similar to actin'
    into 'hypothetical protein' and then reports it).
    Example: 1  300  CDS  with  product  hypothetical protein  and  EC_number  1.3.5.1
    """
    fix = ctx.options.protein_name_fix
    for product in products(ctx):
        if product.ec_numbers:
            if fix is not None and product.names and not product.cds.has("pseudo"):
                product = replace(product, names=[fix(product.names[0]), *product.names[1:]])
            for name in product.names:
                if name in _UNKNOWN_NAMES:
                    yield prot_hit(ctx, product, "Unknown or hypothetical protein should not have EC number")


# Names NCBI calls uninformative in RefSeq records (the C++ toolkit validator's list, lower case, exact match).
def _names(text: str) -> frozenset[str]:
    """Names separated by '|', spaces normalised (the list wraps over lines)."""
    return frozenset(" ".join(name.split()) for name in text.split("|"))


UNINFORMATIVE_NAMES = _names(
    """
    alpha|alternative|alternatively spliced|beta|cellular|conserved domain protein|conserved hypothetical
    |conserved hypothetical protein|conserved protein|conserved unknown protein|conserved membrane protein
    |cytokine|delta|drosophila|epsilon|gamma|hla|homeodomain|homeodomain protein|homolog|hypothetical
    |hypothetical protein|hypothetical orf|hypothetical phage protein|ion channel|mouse|novel protein|orf
    |partial|plasma|precursor|predicted protein|predicted coding region|protein family
    |protein of unknown function|pseudogene|putative|putative protein|putative hypothetical protein
    |rearranged|reserved|ribosomal protein|similar to|small|transmembrane protein|trna|uncharacterized protein
    |uncharacterized conserved protein|unknown|unknown function|unknown gene|unknown protein|unnamed
    |unnamed protein product|very hypothetical protein|hypothetical protein.|hypothetical proteins
    """
)
_UNINFORMATIVE_PARTS = ("=", "~", "uniprot", "pmid", "dbxref")


def is_refseq_id(value: str | None) -> bool:
    return bool(value) and _REFSEQ_ACCESSION.match(value or "") is not None


def _is_refseq(ctx: RecordContext) -> bool:
    def make() -> bool:
        return ctx.record.seq_id.startswith("ref|") or any(
            is_refseq_id(cds.get("protein_id")) for cds in ctx.of_key("CDS")
        )

    return cast(bool, ctx.cached("is_refseq", make))


@rule(code="SEQ_FEAT.UndesiredProteinName", severity=Severity.WARNING)
def undesired_protein_name(ctx: RecordContext) -> Iterator[Hit]:
    """A RefSeq protein has a name that says nothing about it ('hypothetical protein', 'putative', ...).

    What: in RefSeq records (RefSeq protein accessions such as NP_051105.1), protein names on NCBI's list of
    uninformative names, or names containing '=', '~', 'UniProt', 'PMID' or 'dbxref'.
    Why: RefSeq names proteins consistently; a placeholder or a database note is not a name.
    Fix: give the protein a descriptive name from its homologs or domains; keep database references in
    /db_xref and notes in /note.
    Example: 109405  110436  CDS  with  product  hypothetical protein  and  protein_id  NP_051105.1
    """
    if not _is_refseq(ctx):
        return
    for product in products(ctx):
        for name in product.names:
            folded = name.lower()
            if folded in UNINFORMATIVE_NAMES or any(part in folded for part in _UNINFORMATIVE_PARTS):
                yield prot_hit(ctx, product, f"Uninformative protein name '{name}'")


@rule(code="SEQ_FEAT.ProteinNameEndsInBracket", severity=Severity.WARNING)
def protein_name_ends_in_bracket(ctx: RecordContext) -> Iterator[Hit]:
    """A protein name ends with ']', which often means an organism name was pasted in.

    What: /product values ending in ']', except those whose last bracket holds 'NAD...' of five or more
    characters (e.g. 'dehydrogenase [NADP+]'); EMBL records are not checked, as NCBI does not.
    Why: names copied from databases often end with '[Organism name]'; GenBank does not want the source
    organism in the protein name (cofactors such as [Mn] are flagged too, for a curator to judge).
    Fix: remove a trailing '[organism]'; for a cofactor or substrate, write it without brackets if you can
    (e.g. 'superoxide dismutase (Mn)').
    Example: 1  300  CDS  with  product  Superoxide dismutase [Mn]
    """
    for product in products(ctx):
        if (product.cds.get("protein_id") or "").startswith("emb|"):
            continue
        for name in product.names:
            if not name.endswith("]"):
                continue
            start = name.rfind("[")
            if start >= 0 and len(name) - start >= 5 and name.startswith("[NAD", start):
                continue
            yield prot_hit(ctx, product, "Protein name ends with bracket and may contain organism name")


# --- characters a name should not end with or contain ---------------------------------------------------------

_CLEANED_END = re.compile(r"[\x00- ;,]+$")
_ENTITY_END = re.compile(r"&[A-Za-z0-9#]+$")


def cleaned_name(name: str) -> str:
    """The end of a name as NCBI's cleanup leaves it: trailing blanks, ';' and ',' go (a ';' closing an
    ``&entity;`` stays); the validator checks names after it."""
    match = _CLEANED_END.search(name)
    if match is None:
        return name
    head = name[: match.start()]
    return head + ";" if match.group(0).startswith(";") and _ENTITY_END.search(head) else head


def _named_objects(ctx: RecordContext) -> Iterator[tuple[str, str, Feature, Product | None]]:
    """(what, name, feature, protein) for every name the validator checks for odd characters: protein names,
    mRNA and rRNA products, gene symbols."""
    for product in products(ctx):
        for name in product.names:
            yield "Protein name", name, product.cds, product
    for key, what in (("mRNA", "mRNA name"), ("rRNA", "rRNA name")):
        for feature in ctx.of_key(key):
            product_name = feature.get("product")
            if product_name and product_name.strip():
                yield what, product_name, feature, None
    for gene in ctx.of_key("gene"):
        symbol = gene.get("gene")
        if symbol and symbol.strip():
            yield "Gene locus", symbol, gene, None


def _name_hit(ctx: RecordContext, feature: Feature, product: Product | None, message: str) -> Hit:
    return prot_hit(ctx, product, message) if product is not None else _cds_hit(ctx, feature, message)


@rule(code="SEQ_FEAT.BadTrailingCharacter", severity=Severity.WARNING)
def bad_trailing_character(ctx: RecordContext) -> Iterator[Hit]:
    """A protein name, mRNA or rRNA product, or gene symbol ends with '_', '.', ',' or ':'.

    What: names ending in one of those characters once cleanup has dropped trailing blanks and ';'. No
    exception is made for abbreviations ('sp.', 'Inc.') or ellipses. tbl2asn turns a final ',' of a product
    into '_', so 'kinase,' is reported as 'kinase_'.
    Why: such endings are usually left over from a list or a sentence the name was cut from.
    Fix: remove the final character ('heat shock protein 90.' -> 'heat shock protein 90').
    Example: 1  300  CDS  with  product  Heat shock protein 90.
    """
    for what, name, feature, product in _named_objects(ctx):
        if cleaned_name(name)[-1:] in ("_", ".", ",", ":"):
            yield _name_hit(ctx, feature, product, f"{what} ends with undesired character")


@rule(code="SEQ_FEAT.BadTrailingHyphen", severity=Severity.WARNING)
def bad_trailing_hyphen(ctx: RecordContext) -> Iterator[Hit]:
    """A protein name, mRNA or rRNA product, or gene symbol ends with a hyphen.

    What: names whose last character (after cleanup) is '-'.
    Why: a trailing hyphen usually means the name was cut short ('ATP-' for 'ATP-binding protein').
    Fix: complete or shorten the name so that it does not end with '-'.
    Example: 1  300  CDS  with  product  kinase-
    """
    for what, name, feature, product in _named_objects(ctx):
        if cleaned_name(name).endswith("-"):
            yield _name_hit(ctx, feature, product, f"{what} ends with hyphen")


@rule(code="SEQ_FEAT.BadInternalCharacter", severity=Severity.WARNING)
def bad_internal_character(ctx: RecordContext) -> Iterator[Hit]:
    """A protein name, mRNA or rRNA product, or gene symbol contains '?', '!' or '~'.

    What: names with any of those characters anywhere.
    Why: they mark doubt or emphasis, or stand for a separator; none belongs in a name.
    Fix: say the doubt with a word ('putative kinase') or move remarks to a /note.
    Example: 1  300  CDS  with  product  kinase?
    """
    for what, name, feature, product in _named_objects(ctx):
        if any(ch in name for ch in "?!~"):
            yield _name_hit(ctx, feature, product, f"{what} contains undesired character")


# --- EC numbers (the rules are in ``enzyme_numbers``) ---------------------------------------------------------

EC_FORMAT = re.compile(r"^\d+\.(?:\d+|-|n\d*)\.(?:\d+|-|n\d*)\.(?:\d+|-|n\d*)$")


def ec_format_ok(number: str) -> bool:
    """Whether an EC number has the form N.N.N.N (each part digits, ``-`` or ``n`` with digits); asn2gb
    shows no other /EC_number."""
    return EC_FORMAT.match(number) is not None
