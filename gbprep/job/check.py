"""``check``: read every input and run the validator's rules, without writing a .sqn or flatfile."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from gbprep.gff import infer_codon_partials
from gbprep.job.inputs import NO_SEQUENCES, check_source_rows, read_side_files, sequences
from gbprep.model.bundle import GffOptions, InputFile
from gbprep.model.diagnostics import Report
from gbprep.model.records import SequenceRecord
from gbprep.model.seqids import seq_id_keys
from gbprep.readers.feature_table import check_ranges, check_seq_ids
from gbprep.readers.textio import DEFAULT_LIMITS, ReadLimits
from gbprep.rules import RuleOptions, record_context, run_record_rules
from gbprep.rules.runner import run_submission_rules, submission_context, summary_of

Progress = Callable[[int, str], None]


@dataclass(slots=True)
class CheckResult:
    report: Report
    stats: dict[str, int] = field(default_factory=dict)


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
        check_source_rows(bundle, known_keys, report)
        report.extend(run_submission_rules(submission_context(summaries, bundle, rules, lengths=lengths)))
    else:
        report.add(NO_SEQUENCES(None, "None of the files is a nucleotide FASTA (.fsa) file."))
    if progress is not None:
        progress(100, "done")
    return CheckResult(report=report, stats=stats)
