from __future__ import annotations

import io

from gbprep.assemble import AssembleOptions, assemble_entry
from gbprep.model.diagnostics import SourcePos
from gbprep.model.records import Feature, Interval, Qualifier, SequenceRecord, SourceModifier
from gbprep.writers.fasta import (
    fasta_lines,
    nucleotide_record,
    protein_records,
    transcript_records,
    write_fasta,
)

POS = SourcePos("x.tbl", 3)


def _record() -> SequenceRecord:
    bases = "ATGAAACCCGGGTTTAAATAGCC" * 5
    return SequenceRecord(
        "contig1",
        "a test contig",
        SourcePos("x.fsa", 1),
        bases,
        [SourceModifier("organism", "Homo sapiens", POS)],
    )


def _cds() -> Feature:
    return Feature(
        "CDS",
        "contig1",
        POS,
        [Interval(1, 21, POS)],
        [Qualifier("product", "test protein", POS), Qualifier("protein_id", "gnl|lab|P1", POS)],
    )


def test_it_wraps_at_seventy_columns() -> None:
    lines = list(fasta_lines("x", "A" * 141))
    assert [len(line) for line in lines] == [3, 71, 71, 2]


def test_it_writes_the_nucleotide_with_an_ncbi_id_and_title() -> None:
    out = io.StringIO()
    assert write_fasta(out, [nucleotide_record(_record())]) == 1
    assert out.getvalue().startswith(">lcl|contig1 a test contig\nATGAAACCC")


def test_it_writes_proteins_as_the_sqn_holds_them() -> None:
    entry = assemble_entry(_record(), [_cds()], None, AssembleOptions(date=(2026, 1, 2)))
    (header, residues), *_ = list(protein_records(entry))
    assert header == "gnl|lab|P1 test protein [Homo sapiens]"
    assert residues == "MKPGFK"  # ATG AAA CCC GGG TTT AAA, stop left out


def test_it_splices_transcripts_on_the_minus_strand() -> None:
    mrna = Feature(
        "mRNA",
        "contig1",
        POS,
        [Interval(9, 7, POS), Interval(3, 1, POS)],
        [Qualifier("transcript_id", "gnl|lab|T1", POS)],
    )
    ((header, bases),) = list(transcript_records(_record(), [mrna]))
    assert header == "gnl|lab|T1"
    assert bases == "GGGCAT"  # reverse complement of CCC, then of ATG
