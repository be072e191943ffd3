"""Reading a submission's files: the side files first, into a ``Bundle``; then the sequences, streamed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from gbprep.gff import load_gff3
from gbprep.model.bundle import Bundle, GffOptions, InputFile
from gbprep.model.diagnostics import Report, Severity, SourcePos, declare
from gbprep.model.records import SequenceRecord
from gbprep.model.seqids import seq_id_keys
from gbprep.readers.comment_table import read_comment_table
from gbprep.readers.fasta import read_fasta, read_protein_fasta
from gbprep.readers.feature_table import read_feature_table
from gbprep.readers.source_table import read_source_table
from gbprep.readers.template import read_template
from gbprep.readers.textio import ReadLimits

UNKNOWN_KIND = declare(
    "READ.UnknownFileType",
    Severity.WARNING,
    "A file whose type the name does not tell",
    "Name files by what they hold: .fsa (nucleotide FASTA), .tbl (feature table), .sbt (template), .src "
    "(source table), .cmt (structured comment), .pep (proteins), .rna (transcripts); .gz may follow. "
    "The file was not read.",
)
NO_SEQUENCES = declare(
    "READ.NoSequences",
    Severity.ERROR,
    "No nucleotide FASTA file among the inputs",
    "Upload the genome's sequences as a nucleotide FASTA file (.fsa).",
)
SEVERAL_TEMPLATES = declare(
    "READ.SeveralTemplates",
    Severity.ERROR,
    "More than one template (.sbt)",
    "Keep one .sbt: one submission has one submitter block. The first one was used.",
)
SOURCE_ROW_UNMATCHED = declare(
    "SRC.UnknownSeqId",
    Severity.ERROR,
    "A source table row names a sequence that is not in the FASTA",
    "The first column of a .src row must be a FASTA SeqID (the first word after '>'). Fix the id or drop the row.",
)

READER_FAILURE = declare(
    "READ.ReaderFailure",
    Severity.ERROR,
    "A reader stopped unexpectedly",
    "This is a fault in the portal, not necessarily in your file. Please report it to the curators with the "
    "file; the rest of the submission was still checked.",
)


def read_side_files(
    inputs: Sequence[InputFile], report: Report, limits: ReadLimits, *, gff_options: GffOptions | None = None
) -> Bundle:
    bundle = Bundle(fasta=[f for f in inputs if f.kind == "fasta"], gff_options=gff_options or GffOptions())
    for item in inputs:
        try:
            _read_side_file(item, bundle, report, limits)
        except Exception as exc:  # a reader bug must cost one file, never the whole check
            report.add(
                READER_FAILURE(
                    SourcePos(item.name, 1),
                    f"Reading {item.name} stopped: internal error {type(exc).__name__}. What it held may be "
                    "missing from the other checks.",
                )
            )
    return bundle


def _read_side_file(item: InputFile, bundle: Bundle, report: Report, limits: ReadLimits) -> None:
    kind = item.kind
    if kind == "table":
        bundle.tables.extend(read_feature_table(item.path, report, name=item.name, limits=limits))
    elif kind == "template":
        template = read_template(item.path, report, name=item.name)
        if bundle.template is None:
            bundle.template = template
        else:
            report.add(SEVERAL_TEMPLATES(SourcePos(item.name, 1), f"{item.name} is a second template."))
    elif kind == "source":
        for seq_id, modifiers in read_source_table(item.path, report, name=item.name).items():
            bundle.source_rows.setdefault(seq_id, []).extend(modifiers)
    elif kind == "comment":
        bundle.comments.extend(read_comment_table(item.path, report, name=item.name))
    elif kind == "protein":
        bundle.proteins.extend(
            read_protein_fasta(item.path, report, name=item.name, kind="pep", limits=limits)
        )
    elif kind == "rna":
        bundle.transcripts.extend(
            read_protein_fasta(item.path, report, name=item.name, kind="rna", limits=limits)
        )
    elif kind == "gff3":
        annotation = load_gff3(item.path, report, name=item.name, options=bundle.gff_options, limits=limits)
        bundle.tables.extend(annotation.tables.values())
        bundle.embedded.extend((item, record) for record in annotation.sequences)
    elif kind == "unknown":
        report.add(
            UNKNOWN_KIND(SourcePos(item.name, 1), f"{item.name}: the name does not say what it holds.")
        )


def sequences(
    bundle: Bundle, report: Report, limits: ReadLimits
) -> Iterator[tuple[InputFile, SequenceRecord]]:
    for item in bundle.fasta:
        for record in read_fasta(item.path, report, name=item.name, limits=limits):
            yield item, record
    if not bundle.fasta:
        yield from bundle.embedded


def check_source_rows(bundle: Bundle, known_keys: set[str], report: Report) -> None:
    for seq_id, modifiers in bundle.source_rows.items():
        if not known_keys.intersection(seq_id_keys(seq_id)):
            pos = modifiers[0].pos if modifiers else None
            report.add(SOURCE_ROW_UNMATCHED(pos, f"Source table row '{seq_id}' matches no FASTA sequence."))
