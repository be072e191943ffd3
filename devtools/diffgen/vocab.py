"""The values a generated submission draws from: organisms (tbl2asn's offline list and others, in any letter
case), products, notes, inferences, EC numbers, db_xrefs and the other qualifiers the corpus uses, each with
clean values and values a validator or a cleanup step has something to say about.
"""

from __future__ import annotations

import random

from gbprep.model.taxonomy import BUILTIN

OUTSIDE_ORGANISMS = (
    "Plasmodium falciparum 3D7",
    "Bacillus subtilis",
    "Neurospora crassa",
    "Aspergillus fumigatus Af293",
    "Fooia barensis",
    "Bactrocera dorsalis",
    "Meiothermus silvanus DSM 9946",
    "uncultured bacterium",
    "Nicotiana tabacum",
    "Gallus gallus",
)
PROKARYOTES = {
    "escherichia coli",
    "helicobacter pylori",
    "bacillus subtilis",
    "meiothermus silvanus dsm 9946",
}
COMMON_NAMES = ("human", "house mouse", "baker's yeast", "thale cress", "fruit fly")

PRODUCTS = (
    "60S ribosomal protein L7",
    "elongation factor 1-alpha",
    "glyceraldehyde-3-phosphate dehydrogenase",
    "heat shock protein 90",
    "histone H2A",
    "actin",
    "serine/threonine-protein kinase",
    "ATP synthase subunit beta",
    "hypothetical protein",
    "uncharacterized protein",
    "putative transporter",
)
# Text a cleanup step or a product rule acts on.
DIRTY_PRODUCTS = (
    "hypothetical  protein",
    "actin ",
    "Heat shock protein 90.",
    "putative putative kinase",
    "similar to actin",
    "protein of unknown function DUF1234",
    "ATP synthase subunit beta (fragment)",
    "conserved hypothetical protein",
    "histone H2A;",
    "kinase, putative",
    "probable transporter",
    "ribosomal protein L7 [Saccharomyces cerevisiae]",
    "Actin",
    "hypothetical protein, partial",
    "predicted protein",
    "gene 1 protein",
    "ORF123",
)
NOTES = (
    "expressed in leaves",
    "similar to yeast gene",
    "  double  spaced  note ",
    "note with trailing semicolon;",
    'quoted "text" here',
    "contains frameshift",
    "COG0001",
    "note~with~tildes",
)
INFERENCES = (
    "similar to AA sequence:UniProtKB:P12345",
    "ab initio prediction:AUGUSTUS:3.4.0",
    "protein motif:Pfam:PF00001",
    "similar to RNA sequence, mRNA:INSD:AB123456.1",
    "COORDINATES:ab initio prediction:GeneMarkS-2+",
    "similar to sequence",
    "ab initio prediction",
    "similar to AA sequence:SwissProt:P12345",
    "EXISTENCE:similar to AA sequence:RefSeq:NP_000001.1",
    "nucleotide motif:Rfam:RF00001",
)
EC_NUMBERS = ("2.7.11.1", "3.4.-.-", "1.1.1.n1", "1.2.3", "2.7.1.abc", "1.1.1.1", "3.6.3.14", "6.3.5.5")
DB_XREFS = (
    "GeneID:12345",
    "InterPro:IPR000001",
    "UniProtKB/TrEMBL:Q9XYZ1",
    "foo:bar",
    "taxon:9606",
    "GO:0005634",
    "PFAM:PF00069",
    "ECOCYC:EG10001",
)
GO_TERMS = (
    "translation|0006412||IEA",
    "protein phosphorylation|0006468|12345678|IDA",
    "bad go term",
)
NCRNA_CLASSES = ("snoRNA", "lncRNA", "miRNA", "antisense_RNA", "bogus_class", "other")
REGULATORY_CLASSES = ("promoter", "enhancer", "TATA_box", "bogus")
RRNA_PRODUCTS = (
    "18S ribosomal RNA",
    "28S ribosomal RNA",
    "5.8S ribosomal RNA",
    "16S ribosomal RNA",
    "18S rRNA",
)
TRNA_PRODUCTS = ("tRNA-Leu", "tRNA-Gly", "tRNA-Xxx", "tRNA-Met", "transfer RNA")
EXCEPTIONS = ("RNA editing", "low-quality sequence region", "bogus exception")
SRC_QUALS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("strain", ("ABC-1", "X 12", "")),
    ("country", ("China", "USA: Maryland", "Atlantis", "china")),
    ("collection_date", ("06-Sep-2014", "2014", "6/9/2014", "Sep-2014", "2099")),
    ("isolation_source", ("soil", "leaf surface")),
    ("host", ("Homo sapiens", "Felis catus", "cat")),
    ("isolate", ("A", "B12")),
    ("culture_collection", ("ATCC:12345", "ABC 1")),
    ("lat_lon", ("35.1 N 45.2 W", "91 N 10 E")),
)
DEFLINE_MODS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("strain", ("SYN-1", "K-12", "")),
    ("country", ("France", "Japan: Tokyo", "Narnia")),
    ("moltype", ("genomic", "mRNA")),
    ("gcode", ("1", "11", "4")),
    ("topology", ("circular", "linear")),
    ("location", ("mitochondrion", "chromosome", "plasmid")),
    ("chromosome", ("1", "II")),
    ("tech", ("wgs",)),
    ("note", ("a note on the source",)),
)
CMT_ROWS = (
    ("StructuredCommentPrefix", "##Genome-Assembly-Data-START##"),
    ("Assembly Method", "SPAdes v. 3.15"),
    ("Genome Coverage", "50x"),
    ("Sequencing Technology", "Illumina"),
    ("StructuredCommentSuffix", "##Genome-Assembly-Data-END##"),
)


def organism(rng: random.Random) -> str:
    """An organism name: mostly tbl2asn's offline list, some others, in a random letter case at times."""
    roll = rng.random()
    if roll < 0.55:
        name = rng.choice(sorted(BUILTIN))
    elif roll < 0.9:
        name = rng.choice(OUTSIDE_ORGANISMS)
    else:
        name = rng.choice(COMMON_NAMES)
    case = rng.random()
    if case < 0.15:
        return name.lower()
    if case < 0.2:
        return name.upper()
    if case < 0.25:
        return name.title()
    return name


def pick(
    rng: random.Random, clean: tuple[str, ...], dirty: tuple[str, ...] = (), p_dirty: float = 0.2
) -> str:
    if dirty and rng.random() < p_dirty:
        return rng.choice(dirty)
    return rng.choice(clean)
