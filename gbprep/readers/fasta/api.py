"""The FASTA reader's entry points: nucleotide records of a .fsa file, protein or transcript records of a
.pep/.rna file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from gbprep.model.diagnostics import Report
from gbprep.model.records import ProteinRecord, SequenceRecord
from gbprep.readers.fasta.base import _NUCLEOTIDE, _PROTEIN, _Building, _short
from gbprep.readers.fasta.codes import NUCLEOTIDE_IN_PROTEIN, STOP_IN_PROTEIN
from gbprep.readers.fasta.reader import _Reader
from gbprep.readers.textio import DEFAULT_LIMITS, ReadLimits


def read_fasta(
    path: str | Path,
    report: Report,
    *,
    name: str | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Iterator[SequenceRecord]:
    """Nucleotide records of a ``.fsa`` file, one at a time; every problem goes to ``report``, never raised.

    ``name`` is what findings call the file (the user's file name). Records with problems are still yielded
    (with invalid characters dropped) so later checks can run; the findings say what was wrong.
    """
    reader = _Reader(path, report, name=name, limits=limits, alphabet=_NUCLEOTIDE, modifiers=True, gaps=True)
    for built in reader.records():
        yield SequenceRecord(
            seq_id=built.seq_id,
            title=built.title,
            pos=built.pos,
            residues=built.take_residues(),
            modifiers=built.modifiers,
            gaps=built.gaps,
            line_map=built.line_map,
        )


def read_protein_fasta(
    path: str | Path,
    report: Report,
    *,
    name: str | None = None,
    kind: Literal["pep", "rna"] = "pep",
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Iterator[ProteinRecord]:
    """Records of a ``.pep`` (amino acids) or ``.rna`` (nucleotides) cross-check file.

    The title keeps its ``[gene=...] [protein=...]`` text as written, because these files name product
    qualifiers rather than source modifiers. A final ``*`` (stop) is removed from a protein; an inner one is
    reported.
    """
    if kind not in ("pep", "rna"):
        raise ValueError(f"kind must be 'pep' or 'rna', not {kind!r}")
    protein = kind == "pep"
    alphabet = _PROTEIN if protein else _NUCLEOTIDE
    reader = _Reader(path, report, name=name, limits=limits, alphabet=alphabet, modifiers=False, gaps=False)
    for built in reader.records():
        residues = built.take_residues()
        if protein:
            residues = _check_protein(reader, built, residues)
        yield ProteinRecord(seq_id=built.seq_id, title=built.title, pos=built.pos, residues=residues)


def _check_protein(reader: _Reader, record: _Building, residues: str) -> str:
    residues, shown = residues.rstrip("*"), _short(record.seq_id)
    stop = residues.find("*")
    if stop >= 0:
        reader.add(
            STOP_IN_PROTEIN(
                reader.at(record.line_map.line_of(stop) or record.pos.line),
                f"Protein '{shown}' has {residues.count('*')} '*' before its end, the first at "
                f"residue {stop + 1}.",
                seq_id=record.seq_id,
            )
        )
    if len(residues) >= 20:
        bases = sum(residues.count(code) for code in "ACGTUN")
        if bases * 10 >= len(residues) * 9:
            reader.add(
                NUCLEOTIDE_IN_PROTEIN(
                    record.pos,
                    f"'{shown}' is {bases * 100 // len(residues)}% A, C, G, T/U and N: it looks like "
                    "a nucleotide sequence, not a protein.",
                    seq_id=record.seq_id,
                )
            )
    return residues
