"""Flatfiles of records the portal derives (proteins, reference records), written with Biopython's GenBank
writer so Biopython reads them back without a warning (checked by the tests and the release build).

Submitted nucleotide records are never rewritten here: their flatfile is the engine's rendering of the
released ``.sqn`` (equal to asn2gb's). These are the portal's own records, in GenPept/RefSeq form.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from Bio import SeqIO
from Bio.Seq import Seq
from Bio.SeqFeature import SeqFeature, SimpleLocation
from Bio.SeqRecord import SeqRecord


@dataclass
class Header:
    accession: str
    version: int
    definition: str
    organism: str
    lineage: str
    taxon_id: str
    division: str = "PLN"
    molecule: str = "DNA"
    topology: str = "linear"
    comment: str = ""
    dbsource: str = ""
    dblink: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


def _loc(start: int, end: int) -> SimpleLocation:
    return SimpleLocation(start, end)  # type: ignore[no-untyped-call]


def _feature(location: SimpleLocation, type: str, qualifiers: dict[str, list[str]]) -> SeqFeature:
    return SeqFeature(location, type=type, qualifiers=qualifiers)  # type: ignore[no-untyped-call]


def _date(day: datetime.date) -> str:
    return day.strftime("%d-%b-%Y").upper()


def flatfile(head: Header, residues: str, features: list[SeqFeature], day: datetime.date) -> str:
    name = f"{head.accession}.{head.version}"
    record = SeqRecord(Seq(residues), id=name, name=head.accession, description=head.definition)
    annotations: dict[str, object] = {
        "molecule_type": head.molecule,
        "topology": head.topology,
        "data_file_division": head.division,
        "date": _date(day),
        "accessions": [head.accession],
        "sequence_version": head.version,
        "keywords": list(head.keywords) or [""],
        "source": head.organism,
        "organism": head.organism,
        "taxonomy": [t.strip() for t in head.lineage.split(";") if t.strip()],
    }
    record.annotations.update(annotations)  # type: ignore[arg-type]
    if head.comment:
        record.annotations["comment"] = head.comment
    if head.dbsource:
        record.annotations["db_source"] = head.dbsource
    record.dbxrefs = list(head.dblink)
    source = _feature(
        _loc(0, len(residues)),
        type="source",
        qualifiers={
            "organism": [head.organism],
            **({"db_xref": [f"taxon:{head.taxon_id}"]} if head.taxon_id else {}),
        },
    )
    record.features = [source, *features]
    out = io.StringIO()
    SeqIO.write(record, out, "genbank")
    return out.getvalue()


def protein_flatfile(
    *,
    head: Header,
    residues: str,
    product: str,
    gene: str,
    locus_tag: str,
    coded_by: str,
    day: datetime.date,
) -> str:
    """A GenPept record: Protein feature with the product, CDS feature saying which nucleotide codes it."""
    length = len(residues)
    protein = _feature(
        _loc(0, length),
        type="Protein",
        qualifiers={"product": [product or "hypothetical protein"]},
    )
    cds_quals: dict[str, list[str]] = {}
    if gene:
        cds_quals["gene"] = [gene]
    if locus_tag:
        cds_quals["locus_tag"] = [locus_tag]
    cds_quals["coded_by"] = [coded_by]
    cds = _feature(_loc(0, length), type="CDS", qualifiers=cds_quals)
    features = [protein, cds]
    if gene or locus_tag:
        gene_quals = {k: v for k, v in cds_quals.items() if k in ("gene", "locus_tag")}
        features.insert(1, _feature(_loc(0, length), type="gene", qualifiers=gene_quals))
    head.molecule = "protein"
    return flatfile(head, residues, features, day)
