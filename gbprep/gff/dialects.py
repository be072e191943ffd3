"""GFF3 dialects: where each annotation pipeline puts gene names, products, notes and locus tags.

GFF3 leaves column 9 open, so every pipeline fills it its own way (funannotate#581: "impossible to build a
parser for all the different flavors"). A ``Dialect`` says, for one family of pipelines, which attributes
hold what. ``detect`` picks one from the source column and the attributes of the first lines; a user can name
one instead (``--dialect``). ``docs/gff3-dialects.md`` shows a small example of each.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from gbprep.readers.gff3 import GffRecord


@dataclass(frozen=True, slots=True)
class Dialect:
    name: str
    title: str
    # Attributes giving the gene symbol, first found wins. ``Name`` is a symbol only where the pipeline puts
    # one there (NCBI, Prokka, Apollo); MAKER and AUGUSTUS write identifiers into it.
    gene_name_keys: tuple[str, ...] = ("gene", "gene_name")
    product_keys: tuple[str, ...] = ("product",)
    note_keys: tuple[str, ...] = ("Note", "note")
    # The gene's ID is its locus_tag (funannotate writes ID=PREFIX_000123).
    locus_tag_from_id: bool = False
    # Make a gene for each CDS or RNA that has none (Prokka writes no gene lines).
    make_genes: bool = False
    # MAKER's functional step writes the product into Note as "Similar to X: product (species)".
    product_from_similar_note: bool = False
    # Gene-level free text (Ensembl and Liftoff ``description``) becomes a gene note.
    description_as_note: bool = False


GENERIC = Dialect(
    "generic", "Any GFF3 (specification attributes only)", gene_name_keys=("gene", "gene_name", "Name")
)
NCBI = Dialect(
    "ncbi", "NCBI GenBank/RefSeq GFF3 (gbkey, gene, product, Dbxref)", gene_name_keys=("gene", "Name")
)
MAKER = Dialect(
    "maker",
    "MAKER (maker-... IDs, functional Note)",
    gene_name_keys=("gene",),
    product_from_similar_note=True,
)
AUGUSTUS = Dialect("augustus", "BRAKER / AUGUSTUS / GeneMark (g1, g1.t1)", gene_name_keys=("gene",))
FUNANNOTATE = Dialect(
    "funannotate",
    "funannotate / EVM / PASA (ID is the locus_tag; product, Name, note)",
    gene_name_keys=("gene", "Name"),
    locus_tag_from_id=True,
)
PROKKA = Dialect(
    "prokka",
    "Prokka / Bakta (locus_tag, gene, product, inference, Dbxref)",
    gene_name_keys=("gene", "Name"),
    make_genes=True,
)
LIFTOFF = Dialect(
    "liftoff",
    "Liftoff (attributes copied from the reference annotation, NCBI or Ensembl style)",
    gene_name_keys=("gene", "gene_name", "Name"),
    description_as_note=True,
)
APOLLO = Dialect(
    "apollo",
    "Apollo / WebApollo export (Name, description, owner, date_last_modified)",
    gene_name_keys=("gene", "Name"),
    product_keys=("product", "description"),
)

DIALECTS = {d.name: d for d in (GENERIC, NCBI, MAKER, AUGUSTUS, FUNANNOTATE, PROKKA, LIFTOFF, APOLLO)}

_SOURCES = {
    "maker": MAKER,
    "augustus": AUGUSTUS,
    "augustus_masked": AUGUSTUS,
    "genemark.hmm": AUGUSTUS,
    "genemark.hmm3": AUGUSTUS,
    "braker": AUGUSTUS,
    "gmst": AUGUSTUS,
    "funannotate": FUNANNOTATE,
    "evm": FUNANNOTATE,
    "evidencemodeler": FUNANNOTATE,
    "pasa": FUNANNOTATE,
    "pasa_update": FUNANNOTATE,
    "prokka": PROKKA,
    "bakta": PROKKA,
    "aragorn": PROKKA,
    "barrnap": PROKKA,
    "minced": PROKKA,
    "infernal": PROKKA,
    "liftoff": LIFTOFF,
    "apollo": APOLLO,
    "webapollo": APOLLO,
    "refseq": NCBI,
    "genbank": NCBI,
    "gnomon": NCBI,
    "bestrefseq": NCBI,
    "curated genomic": NCBI,
    "tRNAscan-SE".lower(): NCBI,
}
_PRODIGAL = re.compile(r"prodigal(:[\d.]+)?$", re.IGNORECASE)


def by_name(name: str) -> Dialect | None:
    return DIALECTS.get(name.strip().lower())


def detect(records: Iterable[GffRecord], sample: int = 400) -> Dialect:
    """The dialect the first ``sample`` lines speak: attribute fingerprints first, then the source column."""
    votes: Counter[str] = Counter()
    for index, record in enumerate(records):
        if index >= sample:
            break
        attrs = record.attributes
        if "extra_copy_number" in attrs or "valid_ORFs" in attrs or "sequence_ID" in attrs:
            votes[LIFTOFF.name] += 5
        if "owner" in attrs or "date_last_modified" in attrs:
            votes[APOLLO.name] += 5
        if "gbkey" in attrs:
            votes[NCBI.name] += 2
        if (record.id or "").startswith("maker-") or record.source.lower().startswith("maker"):
            votes[MAKER.name] += 2
        source = record.source.lower()
        if _PRODIGAL.match(source):
            votes[PROKKA.name] += 1
        elif source in _SOURCES:
            votes[_SOURCES[source].name] += 1
    if not votes:
        return GENERIC
    return DIALECTS[votes.most_common(1)[0][0]]
