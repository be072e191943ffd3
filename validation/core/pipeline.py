"""The engine's entry point for a set of submission files: read them all, cross-check them, report everything.

Files are routed by what their name says (``.fsa``, ``.tbl``, ...; ``.gz`` stripped). Side files (tables,
template, source and comment tables, proteins) are small and read first; sequences then stream one at a time,
so memory stays bounded by the largest single sequence, not by the genome.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from validation.core.diagnostics import Report, Severity, SourcePos, declare
from validation.core.gff import GffOptions, infer_codon_partials, load_gff3
from validation.core.model import Descriptor, ProteinRecord, SequenceRecord, SourceModifier
from validation.core.readers.comment_table import read_comment_table
from validation.core.readers.fasta import read_fasta, read_protein_fasta, seq_id_keys
from validation.core.readers.feature_table import (
    FeatureTable,
    check_ranges,
    check_seq_ids,
    read_feature_table,
)
from validation.core.readers.source_table import read_source_table
from validation.core.readers.template import Template, read_template
from validation.core.readers.textio import DEFAULT_LIMITS, ReadLimits
from validation.core.rules import RuleOptions, record_context, run_record_rules
from validation.core.rules.runner import run_submission_rules, submission_context, summary_of

Progress = Callable[[int, str], None]

UNKNOWN_KIND = declare(
    "READ.UnknownFileType",
    Severity.WARNING,
    "A file whose type the name does not tell",
    "Name files by what they hold: .fsa (nucleotide FASTA), .tbl (feature table), .sbt (template), .src "
    "(source table), .cmt (structured comment), .pep (proteins), .rna (transcripts); .gz may follow. "
    "The file was not read.",
)
NOT_YET_READ = declare(
    "READ.FormatNotYetSupported",
    Severity.WARNING,
    "A format the engine does not read yet",
    "Convert the GFF3 to a five-column feature table (.tbl) for now; GFF3 input is on its way.",
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

KINDS = {
    ".fsa": "fasta",
    ".fa": "fasta",
    ".fasta": "fasta",
    ".fna": "fasta",
    ".tbl": "table",
    ".sbt": "template",
    ".src": "source",
    ".cmt": "comment",
    ".pep": "protein",
    ".rna": "rna",
    ".gff": "gff3",
    ".gff3": "gff3",
    ".gtf": "gff3",
}


@dataclass(frozen=True, slots=True)
class InputFile:
    path: Path
    name: str  # what findings call the file: the user's own name

    @property
    def kind(self) -> str:
        suffixes = [s.lower() for s in Path(self.name).suffixes]
        if suffixes and suffixes[-1] in (".gz", ".gzip"):
            suffixes = suffixes[:-1]
        return KINDS.get(suffixes[-1], "unknown") if suffixes else "unknown"


@dataclass(slots=True)
class Bundle:
    """Everything but the sequences, which stream through ``sequences()``."""

    fasta: list[InputFile]
    template: Template | None = None
    tables: list[FeatureTable] = field(default_factory=list)
    source_rows: dict[str, list[SourceModifier]] = field(default_factory=dict)
    comments: list[Descriptor] = field(default_factory=list)
    proteins: list[ProteinRecord] = field(default_factory=list)
    transcripts: list[ProteinRecord] = field(default_factory=list)
    # Sequences after a GFF3 file's ##FASTA line: validated when no FASTA file is given.
    embedded: list[tuple[InputFile, SequenceRecord]] = field(default_factory=list)
    gff_options: GffOptions = field(default_factory=GffOptions)

    def features_by_key(self) -> dict[str, list[FeatureTable]]:
        """Tables under every canonical form of their SeqID, for matching FASTA records."""
        index: dict[str, list[FeatureTable]] = {}
        for table in self.tables:
            for key in seq_id_keys(table.seq_id):
                index.setdefault(key, []).append(table)
        return index


@dataclass(slots=True)
class CheckResult:
    report: Report
    stats: dict[str, int] = field(default_factory=dict)


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


def _check_source_rows(bundle: Bundle, known_keys: set[str], report: Report) -> None:
    for seq_id, modifiers in bundle.source_rows.items():
        if not known_keys.intersection(seq_id_keys(seq_id)):
            pos = modifiers[0].pos if modifiers else None
            report.add(SOURCE_ROW_UNMATCHED(pos, f"Source table row '{seq_id}' matches no FASTA sequence."))


def check_files(
    inputs: Sequence[InputFile],
    *,
    progress: Progress | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
    rules: RuleOptions | None = None,
    gff_options: GffOptions | None = None,
) -> CheckResult:
    """Read every input, run the validator's rules on each sequence as it streams by, collect every finding.

    Never raises on bad input.
    """
    report = Report()
    stats = {"files": len(inputs), "sequences": 0, "residues": 0, "features": 0}
    fasta_bytes = sum(max(f.path.stat().st_size, 1) for f in inputs if f.kind == "fasta") or 1

    def tick(note: str, done: int) -> None:
        # Residues stand in for bytes read: close enough for a progress bar.
        if progress is not None:
            progress(min(99, 5 + done * 94 // fasta_bytes), note)

    if progress is not None:
        progress(0, "reading tables and side files")
    bundle = read_side_files(inputs, report, limits, gff_options=gff_options)
    stats["features"] = sum(len(t) for t in bundle.tables)
    known_ids: list[str] = []
    known_keys: set[str] = set()
    by_key = bundle.features_by_key()
    summaries: list[SequenceRecord] = []  # residues dropped: for the submission-scope rules
    lengths: dict[str, int] = {}
    for _item, record in sequences(bundle, report, limits):
        matched = {id(t): t for key in seq_id_keys(record.seq_id) for t in by_key.get(key, ())}
        check_ranges(matched.values(), record.seq_id, len(record), report)
        ctx = record_context(record, matched.values(), bundle, rules)
        infer_codon_partials(matched.values(), record, ctx.genetic_code)  # GFF3 has no '<'/'>' of its own
        report.extend(run_record_rules(ctx))
        summaries.append(summary_of(record, ctx.modifiers[len(record.modifiers) :]))
        lengths[record.seq_id] = len(record)
        stats["sequences"] += 1
        stats["residues"] += len(record)
        known_ids.append(record.seq_id)
        known_keys.update(seq_id_keys(record.seq_id))
        tick(f"read {record.seq_id}", stats["residues"])
    if bundle.fasta or bundle.embedded:
        # An empty block loses nothing; it already has its own warning.
        check_seq_ids([t for t in bundle.tables if t], known_ids, report)
        _check_source_rows(bundle, known_keys, report)
        report.extend(run_submission_rules(submission_context(summaries, bundle, rules, lengths=lengths)))
    else:
        report.add(NO_SEQUENCES(None, "None of the files is a nucleotide FASTA (.fsa) file."))
    if progress is not None:
        progress(100, "done")
    return CheckResult(report=report, stats=stats)
