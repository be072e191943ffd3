"""Discrepancy tests on the annotation: feature counts, genes and their products, mRNAs of eukaryotic CDSs.

"Eukaryotic" is decided per record as tbl2asn does without a taxonomy lookup (see ``context``): ``-X E`` or
an organism it knows to be a eukaryote.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from gbprep.discrepancy.context import (
    NOT_FEATURES,
    ORGANELLE_LOCATIONS,
    PROTEIN_FEATURE_KEYS,
    REGULATORY_KEYS,
    RNA_KEYS,
    RecordView,
    same_strand,
    trna_has_product,
    without_organism,
)
from gbprep.discrepancy.model import DiscItem, DiscrepancyOptions, ReportLine
from gbprep.discrepancy.registry import discrepancy
from gbprep.model.records import Feature

# NCBI's feature subtype numbers (seqfeat.asn FEATDEF), which order the DISC_FEATURE_COUNT lines.
FEATDEF = {
    "gene": 1, "CDS": 3, "precursor_RNA": 5, "mRNA": 6, "tRNA": 7, "rRNA": 8, "snRNA": 9, "scRNA": 10,
    "misc_RNA": 11, "allele": 12, "attenuator": 13, "C_region": 14, "CAAT_signal": 15, "conflict": 17,
    "D-loop": 18, "D_segment": 19, "enhancer": 20, "exon": 21, "GC_signal": 22, "iDNA": 23, "intron": 24,
    "J_segment": 25, "LTR": 26, "mat_peptide": 27, "misc_binding": 28, "misc_difference": 29,
    "misc_feature": 30, "misc_recomb": 31, "misc_signal": 33, "misc_structure": 34, "modified_base": 35,
    "mutation": 36, "N_region": 37, "old_sequence": 38, "polyA_signal": 39, "polyA_site": 40,
    "prim_transcript": 42, "primer_bind": 43, "promoter": 44, "protein_bind": 45, "RBS": 46,
    "repeat_region": 47, "repeat_unit": 48, "rep_origin": 49, "S_region": 50, "satellite": 51,
    "sig_peptide": 52, "stem_loop": 54, "STS": 55, "TATA_signal": 56, "terminator": 57,
    "transit_peptide": 58, "unsure": 59, "V_region": 60, "V_segment": 61, "variation": 62, "3'UTR": 65,
    "5'UTR": 67, "preprotein": 83, "mat_peptide_aa": 84, "sig_peptide_aa": 85, "transit_peptide_aa": 86,
    "snoRNA": 87, "operon": 89, "oriT": 90, "ncRNA": 91, "tmRNA": 92, "mobile_element": 95,
    "centromere": 96, "telomere": 97, "regulatory": 99, "propeptide": 100, "propeptide_aa": 101,
}  # fmt: skip


def counted_key(view: RecordView, feature: Feature) -> str | None:
    """The type tbl2asn counts a feature as, or None for rows that do not become features."""
    if feature.key in NOT_FEATURES or not feature.intervals:
        return None
    if feature.key in REGULATORY_KEYS:
        return "regulatory"
    if feature.key in PROTEIN_FEATURE_KEYS and _inside_protein(view, feature):
        return PROTEIN_FEATURE_KEYS[feature.key]
    return feature.key


def _inside_protein(view: RecordView, feature: Feature) -> bool:
    """A mature peptide, signal peptide... within a CDS that has a protein moves onto that protein."""
    return any(
        p.cds.low <= feature.low and feature.high <= p.cds.high and same_strand(p.cds, feature)
        for p in view.proteins
    )


def _feature_count(items: list[DiscItem], options: DiscrepancyOptions) -> list[ReportLine]:
    counts: Counter[str] = Counter()
    for item in items:  # one item per type and record, its count as the value
        counts[item.key] += int(item.value)
    order = sorted(counts, key=lambda k: (FEATDEF.get(k, 1000), k))
    return [ReportLine("DISC_FEATURE_COUNT", f"{key}: {counts[key]} present") for key in order]


@discrepancy("DISC_FEATURE_COUNT", summarize=_feature_count)
def feature_count(view: RecordView) -> Iterator[DiscItem]:
    """How many features of each type the submission has.

    What: counts features by the type GenBank will show (old signal keys such as promoter or TATA_signal
    count as regulatory; peptides inside a CDS count as protein features, e.g. mat_peptide_aa).
    Why: a quick check that nothing was lost or misread (compare with your annotation pipeline's counts).
    Fix: nothing to fix if the counts are what you expect.
    """
    # Only the counts are printed: one item per type carries the record's count, not one per feature.
    counts = Counter(key for feature in view.features if (key := counted_key(view, feature)) is not None)
    for key, n in counts.items():
        yield view.sequence_item(key=key, value=str(n))


def _eukaryotic_nuclear(view: RecordView) -> bool:
    """Eukaryotic and not in an organelle (organelle genes have no mRNA features by convention)."""
    location = (view.qual("location") or "").lower()
    return view.eukaryote and location in ("", "genomic", "nucleomorph", "macronuclear")


def mrna_for_cds(view: RecordView, cds: Feature) -> Feature | None:
    """The mRNA of a CDS: the one sharing its /transcript_id, else the smallest same-strand mRNA around it."""
    memo = view.cached("mrna_for_cds", dict[int, Feature | None])  # two tests ask for each CDS
    if id(cds) not in memo:
        memo[id(cds)] = _find_mrna(view, cds)
    return memo[id(cds)]


def _find_mrna(view: RecordView, cds: Feature) -> Feature | None:
    index = view.index("mRNA")
    tid = cds.get("transcript_id")
    if tid:
        by_tid = view.cached("mrna_by_tid", lambda: {m.get("transcript_id"): m for m in index.genes})
        if tid in by_tid:
            return by_tid[tid]
    return index.smallest_containing(*view.span(cds))


def _coding(view: RecordView) -> list[Feature]:
    return view.coding


@discrepancy("DISC_CDS_WITHOUT_MRNA", text="{n} coding regions do not have an mRNA")
def cds_without_mrna(view: RecordView) -> Iterator[DiscItem]:
    """A eukaryotic coding region without a matching mRNA.

    What: on eukaryotic nuclear sequences, CDSs with no mRNA around them, or whose mRNA has a different
    /product (the mRNA's product should be the protein's name).
    Why: GenBank eukaryotic genome annotation has gene, mRNA and CDS for every protein-coding gene.
    Fix: add an mRNA feature (same /product, /transcript_id and /protein_id as the CDS) for every CDS.
    """
    if not _eukaryotic_nuclear(view):
        return
    taxname = view.organism
    for cds in _coding(view):
        mrna = mrna_for_cds(view, cds)
        # the protein's name, which tbl2asn compares, has lost a trailing "[organism]"; the mRNA's has not
        name = without_organism(cds.get("product") or "", taxname)
        if mrna is None or (mrna.get("product") or "") != name:
            yield view.feature_item(cds)


def _eukaryotic_genomic_dna(view: RecordView) -> bool:
    """Genomic DNA of a eukaryote, not in an organelle: the sequences whose CDSs tbl2asn's mRNA tests read."""
    molecule = view.molecule
    return (
        molecule.mol == "dna"
        and molecule.biomol == "genomic"
        and view.eukaryotic_bioseq
        and (view.qual("location") or "").lower() not in ORGANELLE_LOCATIONS
    )


def _eukaryote_mrna(items: list[DiscItem], options: DiscrepancyOptions) -> list[ReportLine]:
    keys = {i.key for i in items}
    if "cds" in keys and "mrna" not in keys and "not-eukaryotic" not in keys:
        return [ReportLine("EUKARYOTE_SHOULD_HAVE_MRNA", "no mRNA present", fatal=options.genome_mode)]
    return []


@discrepancy("EUKARYOTE_SHOULD_HAVE_MRNA", summarize=_eukaryote_mrna, fatal=True)
def eukaryote_should_have_mrna(view: RecordView) -> Iterator[DiscItem]:
    """A eukaryotic submission with coding regions but no mRNA at all.

    What: the submission has CDSs (not pseudo) on eukaryotic genomic DNA outside organelles and not one of
    them has an mRNA. As in tbl2asn 25.3, a DNA sequence that is not eukaryotic (a bacterium's, or a
    eukaryote's mitochondrion or plastid) anywhere in the submission turns the test off.
    Why: eukaryotic genomes must annotate an mRNA for every CDS (GenBank's eukaryotic annotation rules).
    Fix: add mRNA features with /product, /transcript_id and /protein_id matching their CDS.
    """
    if view.molecule.mol == "dna" and not view.eukaryotic_bioseq:
        yield view.sequence_item(key="not-eukaryotic")
        return
    if not _eukaryotic_genomic_dna(view):
        return
    # The line lists nothing: whether a CDS of the record has an mRNA is all the summary needs.
    coding = _coding(view)
    if coding:
        yield view.sequence_item(key="cds")
    if any(mrna_for_cds(view, cds) is not None for cds in coding):
        yield view.sequence_item(key="mrna")


def _transcript_ids(items: list[DiscItem], options: DiscrepancyOptions) -> list[ReportLine]:
    if items and not any(i.key == "ids" for i in items):
        text = "no protein_id and transcript_id present"
        return [ReportLine("MRNA_SHOULD_HAVE_PROTEIN_TRANSCRIPT_IDS", text)]
    return []


@discrepancy("MRNA_SHOULD_HAVE_PROTEIN_TRANSCRIPT_IDS", summarize=_transcript_ids)
def mrna_protein_transcript_ids(view: RecordView) -> Iterator[DiscItem]:
    """No mRNA of a eukaryotic submission carries both a protein_id and a transcript_id.

    What: over the eukaryotic genomic DNA sequences outside organelles, whether any CDS's mRNA has both
    /protein_id and /transcript_id. tbl2asn keeps them on the mRNA (as orig_protein_id/orig_transcript_id)
    only in genome mode (-M n), so without it the line is always printed.
    Why: GenBank links each mRNA to its protein through these ids in eukaryotic genomes.
    Fix: put /protein_id and /transcript_id (gnl|dbname|id) on each mRNA and its CDS, and use genome mode.
    """
    if not _eukaryotic_genomic_dna(view):
        return
    # The line lists nothing: one item per record says whether any CDS's mRNA has both ids.
    coding = _coding(view)
    if not coding:
        return
    has_ids = False
    for cds in coding:
        mrna = mrna_for_cds(view, cds)
        has_ids = has_ids or (
            view.options.genome_mode
            and mrna is not None
            and bool(mrna.get("protein_id"))
            and bool(mrna.get("transcript_id"))
        )
    yield view.sequence_item(key="ids" if has_ids else "")


def _has_gene(view: RecordView, feature: Feature) -> bool:
    return view.gene_of(feature) is not None


@discrepancy("MISSING_GENES", text="{n} features have no genes.", fatal=True)
def missing_genes(view: RecordView) -> Iterator[DiscItem]:
    """A coding region or RNA without a gene.

    What: CDS and RNA features (not pseudo) with no gene feature around them and no /gene or /locus_tag
    naming one.
    Why: GenBank genome annotation gives every CDS and RNA a gene with a locus_tag.
    Fix: add a gene feature (with /locus_tag) spanning each CDS or RNA.
    """
    for feature in view.features:
        if not feature.intervals or not (feature.key == "CDS" or feature.key in RNA_KEYS):
            continue
        if not view.is_pseudo(feature) and not _has_gene(view, feature):
            yield view.feature_item(feature)


def _gene_contents(view: RecordView, gene: Feature) -> list[Feature]:
    def make() -> dict[int, list[Feature]]:
        out: dict[int, list[Feature]] = {}
        for f in view.features:
            if f.intervals and f.key not in NOT_FEATURES and f.key != "gene":
                owner = view.gene_of(f)
                if owner is not None:
                    out.setdefault(id(owner), []).append(f)
        return out

    return view.cached("gene_contents", make).get(id(gene), [])


# A gene row's qualifiers tbl2asn keeps in the Gene-ref or the feature itself; any other becomes a GBQual.
GENE_REF_QUALIFIERS = frozenset(
    {
        "gene",
        "locus_tag",
        "allele",
        "gene_desc",
        "map",
        "gene_synonym",
        "db_xref",
        "note",
        "pseudo",
        "exception",
    }
)
_EXTRA = "gene features are not associated with a CDS or RNA feature"


def _pseudo_for_extra_genes(view: RecordView, gene: Feature) -> bool:
    """Pseudo as EXTRA_GENES sorts genes: /pseudo, or (a slip in tbl2asn's HasPseudogeneQualifier, which
    returns true for any GBQual that is *not* /pseudogene) any qualifier that becomes a GBQual."""
    return view.is_pseudo(gene) or any(
        q.key not in GENE_REF_QUALIFIERS and q.key != "pseudogene" for q in gene.qualifiers
    )


def _extra_genes(items: list[DiscItem], options: DiscrepancyOptions) -> list[ReportLine]:
    non_pseudo = [i for i in items if i.key == "non-pseudo"]
    pseudo = [i for i in items if i.key == "pseudo"]
    subs = []
    if non_pseudo:
        text = f"{len(non_pseudo)} non-pseudo {_EXTRA} and do not have frameshift in the comment."
        subs.append(ReportLine("EXTRA_GENES", text, non_pseudo))
    if pseudo:
        subs.append(ReportLine("EXTRA_GENES", f"{len(pseudo)} pseudo {_EXTRA}.", pseudo))
    if not subs:
        return []
    return [
        ReportLine(
            "EXTRA_GENES", f"{len(non_pseudo) + len(pseudo)} {_EXTRA}.", non_pseudo + pseudo, subs=subs
        )
    ]


@discrepancy("EXTRA_GENES", summarize=_extra_genes)
def extra_genes(view: RecordView) -> Iterator[DiscItem]:
    """A gene with no CDS or RNA.

    What: gene features that no CDS or RNA feature belongs to: pseudo genes, and genes with neither a /note
    nor a /gene_desc (a gene that explains itself is left out), listed apart.
    Why: a gene without a product is usually a leftover of a deleted CDS or a coordinate error; a pseudo
    gene without one is normal but worth a look.
    Fix: add the CDS or RNA, mark the gene /pseudo if it is a pseudogene, or delete it.
    """
    for gene in view.genes:
        contents = _gene_contents(view, gene)
        if any(f.key == "CDS" or f.key in RNA_KEYS for f in contents):
            continue
        if _pseudo_for_extra_genes(view, gene):
            yield view.feature_item(gene, key="pseudo")
        elif not any((gene.get(k) or "").strip() for k in ("note", "gene_desc")):
            yield view.feature_item(gene, key="non-pseudo")


@discrepancy(
    "ONCALLER_SUPERFLUOUS_GENE",
    text="{n} gene features are not associated with any feature and are not pseudo.",
)
def superfluous_gene(view: RecordView) -> Iterator[DiscItem]:
    """A gene that no other feature belongs to.

    What: gene features (not pseudo) with no feature at all inside them that names or overlaps them.
    Why: an empty gene carries no information and is usually an annotation leftover.
    Fix: add the features the gene should hold, mark it /pseudo, or delete it.
    """
    for gene in view.genes:
        if not view.is_pseudo(gene) and not _gene_contents(view, gene):
            yield view.feature_item(gene)


def _has_product(feature: Feature) -> bool:
    product = feature.get("product")
    if feature.key == "tRNA":
        return product is not None and trna_has_product(product)
    if feature.key == "misc_RNA":
        note = (feature.get("note") or "").lower()
        if note.startswith(("contains ", "may contain")):
            return True  # a misc_RNA that says what it contains needs no product (tbl2asn)
    if feature.key == "ncRNA":
        rna_class = (feature.get("ncRNA_class") or "").strip().lower()
        if rna_class and rna_class != "other":
            return True
    return bool(product)


@discrepancy("RNA_NO_PRODUCT", text="{n} RNA features have no product and are not pseudo", fatal=True)
def rna_no_product(view: RecordView) -> Iterator[DiscItem]:
    """An RNA feature with no /product.

    What: mRNA, tRNA, rRNA, ncRNA, misc_RNA... (not tmRNA) without /product, not pseudo; a tRNA whose
    /product names no amino acid ('transfer RNA') has none either. An ncRNA with an /ncRNA_class other than
    'other', and a misc_RNA whose note begins 'contains' or 'may contain', need none.
    Why: GenBank names every RNA; an mRNA's product is the protein name, a tRNA's its amino acid.
    Fix: add /product (for mRNA the same name as its CDS's product; for tRNA e.g. tRNA-Gly).
    """
    for feature in view.features:
        if feature.key not in RNA_KEYS or feature.key == "tmRNA" or not feature.intervals:
            continue
        if not (_has_product(feature) or view.is_pseudo(feature)):
            yield view.feature_item(feature)


@discrepancy("JOINED_FEATURES", text="{n} features have joined locations.")
def joined_features(view: RecordView) -> Iterator[DiscItem]:
    """A feature with a multi-part location on a non-eukaryotic sequence.

    What: features whose location has more than one interval, on sequences that are not eukaryotic nuclear
    ones (a eukaryote's mitochondrion, chloroplast, plastid or apicoplast counts, as in tbl2asn).
    Why: bacterial and viral genes are rarely interrupted; a joined location needs a reason (ribosomal
    slippage, trans-splicing, an intron in an organelle).
    Fix: check the location; add the /exception or note that explains the join.
    """
    if view.eukaryotic_bioseq:
        return
    for feature in view.features:
        if len(feature.intervals) > 1 and feature.key not in NOT_FEATURES:
            yield view.feature_item(feature)


@discrepancy("ONCALLER_ORDERED_LOCATION", text="{n} features have ordered locations", fatal=True)
def ordered_location(view: RecordView) -> Iterator[DiscItem]:
    """A feature with an 'order' location.

    What: multi-interval features marked with the 'order' qualifier in the table (GenBank's order()
    location: the parts are listed, not joined).
    Why: order() is almost never right for submitted annotation; a gene's parts are joined.
    Fix: remove the 'order' line so the intervals are joined, or split the feature.
    """
    for feature in view.features:
        if (id(feature) in view.ordered or feature.has("order")) and len(feature.intervals) > 1:
            yield view.feature_item(feature)


@discrepancy("FIND_BADLEN_TRNAS", text="{n} tRNAs are too long")
def bad_length_trnas(view: RecordView) -> Iterator[DiscItem]:
    """A tRNA longer than a tRNA can be.

    What: tRNA features longer than 90 nt (100 nt for tRNA-Ser, -Leu and -Sec, whose variable arm is long).
    Why: tRNAs are 70-90 nt; a longer one usually includes flanking sequence or an unannotated intron.
    Fix: check the tRNA boundaries; annotate an intron as a joined location.
    """
    for trna in view.of_key("tRNA"):
        amino = (trna.get("product") or "").removeprefix("tRNA-")[:3]
        limit = 100 if amino in ("Ser", "Leu", "Sec") else 90
        if sum(len(iv) for iv in trna.intervals) > limit:
            yield view.feature_item(trna)


@discrepancy(
    "TEST_UNUSUAL_MISC_RNA",
    text="{n} unexpected misc_RNA features found.  misc_RNAs are unusual in a genome, consider using ncRNA, "
    "misc_binding, or misc_feature as appropriate.",
)
def unusual_misc_rna(view: RecordView) -> Iterator[DiscItem]:
    """A misc_RNA feature in a genome.

    What: misc_RNA features whose product is not an internal transcribed spacer (ITS).
    Why: most misc_RNAs in genome annotation are better described as ncRNA (with an ncRNA_class),
    misc_binding or misc_feature.
    Fix: use ncRNA with /ncRNA_class, or misc_feature, as appropriate.
    """
    for feature in view.of_key("misc_RNA"):
        product = feature.get("product") or ""
        if "ITS" not in product and "internal transcribed spacer" not in product:
            yield view.feature_item(feature)


# rRNAs that are short by nature, and so never 'too short' (tbl2asn 25.3 lists every other complete rRNA
# under 1000 bases, checked on its reports).
_SMALL_RRNA = re.compile(r"(?<![\w.])(5S|5\.8S)\b", re.IGNORECASE)
SHORT_RRNA = 1000


@discrepancy("DISC_SHORT_RRNA", text="{n} rRNA features are too short", fatal=True)
def short_rrna(view: RecordView) -> Iterator[DiscItem]:
    """A complete rRNA shorter than 1000 bases (5S and 5.8S rRNAs excepted).

    What: rRNA features that are not partial and span fewer than 1000 bases, unless their product is a 5S
    or 5.8S rRNA.
    Why: the large rRNAs (16S, 18S, 23S, 28S) are well over 1000 bases; a shorter complete one is usually
    a fragment whose ends should be marked partial.
    Fix: mark the rRNA partial (< or >) where the sequence or the annotation does not reach its ends, or
    check its location.
    """
    for rrna in view.of_key("rRNA"):
        if rrna.partial5 or rrna.partial3 or _SMALL_RRNA.search(rrna.get("product") or ""):
            continue
        if sum(len(i) for i in rrna.intervals) < SHORT_RRNA:
            yield view.feature_item(rrna)
