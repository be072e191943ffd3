"""Accessions in the .sqn: what a curator's approval gives each sequence and protein, and where they go.

An approved submission's records are written again with their INSDC accessions. The assembler takes them as
two maps in ``AssembleOptions.accessions`` (``JobOptions.accessions`` in a job):

* ``nucleotides``: the FASTA SeqID as written after ``>`` (``contig1``) -> ``"ABCD01000001.1"``;
* ``proteins``: the protein's key (``protein_key``: its ``protein_id`` as written, or ``<SeqID>_<n>`` for
  the n-th CDS of a record without one, which is the local id tbl2asn gives it) -> ``"ABC00001.1"``.

An assigned accession becomes the first Seq-id of its Bioseq, ``genbank { accession "ABCD01000001", version 1
}``, before the submitter's own ids (kept, so the original identifier stays with the accession); locations
then point at the accession (``best_id`` prefers a GenBank id), and asn2gb prints it on the ACCESSION and
VERSION lines and as ``/protein_id``. Sequences and proteins without an entry keep their ids unchanged.

``accession_targets`` lists what needs an accession, reading the inputs as the job does, so the portal
allocates exactly the keys the assembler will look up; it also hashes each sequence and protein, which is how
a genome update tells a kept protein from a changed one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from gbprep.assemble.options import AssembleOptions
from gbprep.assemble.translate import protein as translate_protein
from gbprep.model.asntree import integer, string, struct
from gbprep.model.bundle import Bundle
from gbprep.model.coding import given_protein, protein_index
from gbprep.model.diagnostics import Report, SourcePos
from gbprep.model.records import AsnNode, Feature, SequenceRecord


@dataclass(frozen=True, slots=True)
class AccessionMap:
    """Accession.version per SeqID and per protein key (see the module's docstring). Picklable."""

    nucleotides: Mapping[str, str] = field(default_factory=dict)
    proteins: Mapping[str, str] = field(default_factory=dict)


_WGS = re.compile(r"^[A-Z]{4}\d{8}(?:\.\d+)?$|^[A-Z]{6}\d{9}(?:\.\d+)?$")


def is_wgs(accession_version: str) -> bool:
    """A WGS contig's accession (4 letters + 8 digits, or 6 + 9): its record is ``MolInfo.tech wgs``."""
    return bool(_WGS.match(accession_version))


def genbank_id(accession_version: str, pos: SourcePos) -> AsnNode:
    """``ABCD01000001.1`` -> the ``genbank { accession "ABCD01000001", version 1 }`` Seq-id node."""
    accession, _, version = accession_version.partition(".")
    fields: list[AsnNode | None] = [string("accession", accession)]
    if version.isdigit():
        fields.append(integer("version", int(version)))
    return struct("genbank", fields, pos)


def with_accession(ids: list[AsnNode], key: str, table: Mapping[str, str], pos: SourcePos) -> list[AsnNode]:
    """The Seq-ids with the key's accession first, or unchanged when the key has none (or already has it)."""
    assigned = table.get(key)
    if not assigned:
        return ids
    kept = [node for node in ids if node.name != "genbank"]
    return [genbank_id(assigned, pos), *kept]


def protein_key(record_seq_id: str, protein_id: str | None, ordinal: int) -> str:
    """The key a CDS's protein is known by: its protein_id, else ``<SeqID>_<n>`` as the assembler names it."""
    return protein_id.strip() if protein_id and protein_id.strip() else f"{record_seq_id}_{ordinal}"


@dataclass(frozen=True, slots=True)
class SequenceTarget:
    seq_id: str
    length: int
    sha256: str  # of the upper-cased residues: a changed sequence gets a new nucleotide version


@dataclass(frozen=True, slots=True)
class ProteinTarget:
    key: str  # see protein_key
    seq_id: str  # the nucleotide it is annotated on
    protein_id: str  # as written in the table ('' when the CDS had none)
    transcript_id: str
    locus_tag: str
    sha256: str  # of the translation: a changed protein gets a new version of its accession


@dataclass(slots=True)
class Targets:
    sequences: list[SequenceTarget] = field(default_factory=list)
    proteins: list[ProteinTarget] = field(default_factory=list)
    report: Report = field(default_factory=Report)


def sequence_sha(text: str) -> str:
    return hashlib.sha256(text.upper().encode("ascii", "replace")).hexdigest()


def record_proteins(
    record: SequenceRecord, features: Sequence[Feature], bundle: Bundle, options: AssembleOptions
) -> Iterator[ProteinTarget]:
    """The CDSs the assembler makes a protein for, in its order and with its ordinals."""
    from gbprep.assemble.entry import feature_code, record_modifiers
    from gbprep.assemble.features import GeneIndex
    from gbprep.assemble.source import source_info

    code = source_info(
        record_modifiers(record, bundle, options), record.pos, options.taxonomy_store
    ).genetic_code
    pep_index = protein_index(bundle.proteins) if bundle.proteins else {}
    genes = GeneIndex([f for f in features if f.key == "gene" and f.intervals])
    ordinal = 0
    for feature in features:
        if feature.key != "CDS" or not feature.intervals or feature.has("pseudo"):
            continue
        ordinal += 1
        given = given_protein(feature, pep_index) if pep_index else None
        translated = translate_protein(record, feature, feature_code(feature, code), ordinal, given)
        if translated is None or (not feature.get("product") and given is None):
            continue  # the assembler makes no protein here either
        protein_id = (feature.get("protein_id") or "").strip()
        yield ProteinTarget(
            key=protein_key(record.seq_id, protein_id, ordinal),
            seq_id=record.seq_id,
            protein_id=protein_id,
            transcript_id=(feature.get("transcript_id") or "").strip(),
            locus_tag=(feature.get("locus_tag") or genes.locus_tag_of(feature) or "").strip(),
            sha256=sequence_sha(translated.residues),
        )
