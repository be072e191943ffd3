"""FASTA outputs of a submission: the nucleotides, the proteins (``.faa``) and the transcripts.

Headers are NCBI's FASTA form: ``>`` SeqID (``lcl|``, ``gnl|db|tag``, ``gb|ACC.1``), a space, the title.
Proteins and their titles come from the assembled Seq-entries (``assemble_entry``), so the ``.faa`` says
exactly what the ``.sqn`` holds; transcripts are spliced from each mRNA's location.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO

from gbprep.model.coding import spliced
from gbprep.model.records import AsnNode, Feature, SequenceRecord
from gbprep.model.seqids import id_label, seq_ids

LINE_WIDTH = 70  # NCBI's FASTA line length (asn2fsa, Entrez)


def fasta_lines(header: str, residues: str, width: int = LINE_WIDTH) -> Iterator[str]:
    """The lines of one FASTA record, each ending in a newline."""
    yield f">{header}\n"
    for start in range(0, len(residues), width):
        yield residues[start : start + width] + "\n"


def write_fasta(out: TextIO, records: Iterable[tuple[str, str]], width: int = LINE_WIDTH) -> int:
    """Write (header, residues) pairs; returns how many records were written."""
    count = 0
    for header, residues in records:
        out.writelines(fasta_lines(header, residues, width))
        count += 1
    return count


def _header(ids: Sequence[AsnNode], title: str) -> str:
    label = "|".join(id_label(i) for i in ids)
    return f"{label} {title}" if title else label


def nucleotide_record(record: SequenceRecord) -> tuple[str, str]:
    """A nucleotide record with its SeqID in NCBI form and its title (source modifiers left out)."""
    return _header(seq_ids(record.seq_id, record.pos), record.title), record.residues


def _bioseqs(entry: AsnNode) -> Iterator[AsnNode]:
    if entry.name == "seq":
        yield entry
        return
    seq_set = entry.child("seq-set")
    for member in seq_set.children if seq_set is not None else []:
        yield from _bioseqs(member)


def protein_records(entry: AsnNode) -> Iterator[tuple[str, str]]:
    """Every protein Bioseq of an assembled entry as (header, residues), title included."""
    for bioseq in _bioseqs(entry):
        inst = bioseq.child("inst")
        mol = inst.child("mol") if inst is not None else None
        if mol is None or mol.value != "aa":
            continue
        data = inst.child("seq-data") if inst is not None else None
        residues = str(data.children[0].value) if data is not None and data.children else ""
        ids = bioseq.child("id")
        descr = bioseq.child("descr")
        title = descr.child("title") if descr is not None else None
        yield _header(ids.children if ids is not None else [], str(title.value) if title else ""), residues


def transcript_records(record: SequenceRecord, features: Iterable[Feature]) -> Iterator[tuple[str, str]]:
    """Each mRNA's spliced sequence; named by its transcript_id, else ``<SeqID>_mrna<n>``."""
    ordinal = 0
    for feature in features:
        if feature.key != "mRNA" or not feature.intervals:
            continue
        ordinal += 1
        bases = spliced(record, feature.intervals)
        if bases is None:
            continue
        name = feature.get("transcript_id") or f"{record.seq_id}_mrna{ordinal}"
        ids = seq_ids(name, feature.pos)
        yield _header(ids, feature.get("product") or ""), bases
