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

``gbprep.job.targets.accession_targets`` lists what needs an accession, reading the inputs as the job does,
so the portal allocates exactly the keys the assembler will look up.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from gbprep.model.asntree import integer, string, struct
from gbprep.model.diagnostics import SourcePos
from gbprep.model.records import AsnNode


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
