"""From the approved ``.sqn`` to the released one and its flatfile records, and what each record holds.

At release NCBI drops the hold from a record (the Submit-block's ``hup`` and ``reldate``); asn2gb then shows
the accession instead of ';'. The released ``.sqn`` is the approved one with exactly that removed, and the
public flatfiles are rendered from it by the engine's writer (equal to ``asn2gb -a m -m e`` on it).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from Bio import BiopythonWarning, SeqIO
from Bio.SeqFeature import SeqFeature
from Bio.SeqRecord import SeqRecord

from gbprep.model.diagnostics import Report
from gbprep.model.records import AsnNode
from gbprep.readers.asn1text import read_asn1
from gbprep.writers.asn1 import write_asn
from gbprep.writers.genbank import genbank_records


def released_seq_submit(sqn: Path) -> AsnNode:
    """The approved Seq-submit with its hold removed (what becomes public)."""
    report = Report()
    nodes = read_asn1(sqn, report)
    if not nodes:
        raise ValueError(f"{sqn.name}: no Seq-submit in the approved file")
    root = nodes[0]
    sub = root.child("sub")
    if sub is not None:
        sub.children = [c for c in sub.children if c.name not in ("hup", "reldate")]
    return root


def write_released_sqn(root: AsnNode, out: TextIO) -> None:
    write_asn(root, out)


def flatfile_records(root: AsnNode) -> Iterator[str]:
    yield from genbank_records(root)


def read_flatfile(text: str) -> SeqRecord:
    """One GenBank record read with Biopython; a parser warning is an error (release files must be clean)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", BiopythonWarning)
        record: SeqRecord = SeqIO.read(io.StringIO(text), "genbank")  # type: ignore[no-untyped-call]
        return record


def qualifier(feature: SeqFeature, name: str) -> str:
    values = feature.qualifiers.get(name) or [""]
    return str(values[0])


@dataclass
class FeatureInfo:
    kind: str
    start: int
    end: int
    strand: int
    parts: list[list[int]]
    label: str
    locus_tag: str
    target: str = ""
    sequence: str = ""


@dataclass
class ProteinInfo:
    accession_version: str
    residues: str
    product: str
    gene: str
    locus_tag: str
    location: str
    codon_start: str
    transl_table: str


@dataclass
class NucleotideInfo:
    accession_version: str
    organism: str
    taxon_id: str
    lineage: str
    definition: str
    molecule: str
    topology: str
    division: str
    length: int
    sequence: str
    organelle: str
    plasmid: bool
    features: list[FeatureInfo] = field(default_factory=list)
    proteins: list[ProteinInfo] = field(default_factory=list)
    genes: list[str] = field(default_factory=list)
    products: list[str] = field(default_factory=list)
    locus_tags: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def _parts(feature: SeqFeature) -> list[list[int]]:
    location = feature.location
    assert location is not None
    parts = sorted((int(p.start) + 1, int(p.end)) for p in location.parts)
    return [list(p) for p in parts]


def nucleotide_info(text: str) -> NucleotideInfo:
    rec = read_flatfile(text)
    ann = rec.annotations
    sequence = str(rec.seq).upper()
    source = next((f for f in rec.features if f.type == "source"), None)
    taxon = ""
    if source is not None:
        taxon = next(
            (x.split(":", 1)[1] for x in source.qualifiers.get("db_xref", []) if x.startswith("taxon:")), ""
        )
    info = NucleotideInfo(
        accession_version=str(rec.id),
        organism=str(ann.get("organism", "")),
        taxon_id=taxon,
        lineage="; ".join(str(t) for t in ann.get("taxonomy", []) or []),  # type: ignore[union-attr]
        definition=rec.description,
        molecule=str(ann.get("molecule_type", "DNA")),
        topology=str(ann.get("topology", "linear")),
        division=str(ann.get("data_file_division", "")),
        length=len(sequence),
        sequence=sequence,
        organelle=qualifier(source, "organelle") if source is not None else "",
        plasmid=bool(source is not None and source.qualifiers.get("plasmid")),
    )
    for feature in rec.features:
        if feature.type not in (
            "gene",
            "mRNA",
            "CDS",
            "tRNA",
            "rRNA",
            "ncRNA",
            "misc_RNA",
            "assembly_gap",
            "gap",
        ):
            continue
        assert feature.location is not None
        gene, locus_tag, product = (qualifier(feature, n) for n in ("gene", "locus_tag", "product"))
        item = FeatureInfo(
            kind=feature.type,
            start=int(feature.location.start) + 1,
            end=int(feature.location.end),
            strand=feature.location.strand or 1,
            parts=_parts(feature),
            label=product or gene or locus_tag,
            locus_tag=locus_tag,
        )
        if feature.type == "mRNA":
            item.sequence = str(feature.extract(rec.seq)).upper()  # type: ignore[no-untyped-call]
            item.target = qualifier(feature, "transcript_id")
        if feature.type == "CDS":
            protein_id = qualifier(feature, "protein_id")
            item.target = protein_id
            if protein_id and feature.qualifiers.get("translation"):
                info.proteins.append(
                    ProteinInfo(
                        accession_version=protein_id,
                        residues=qualifier(feature, "translation"),
                        product=product,
                        gene=gene,
                        locus_tag=locus_tag,
                        location=str(feature.location),
                        codon_start=qualifier(feature, "codon_start") or "1",
                        transl_table=qualifier(feature, "transl_table"),
                    )
                )
        info.features.append(item)
        for bag, value in ((info.genes, gene), (info.products, product), (info.locus_tags, locus_tag)):
            if value and value not in bag:
                bag.append(value)
    return info
