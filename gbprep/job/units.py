"""Units of a tbl2asn job: each nucleotide FASTA file with the side files that belong to it, and its outputs.

A *unit* is what tbl2asn makes one ``.sqn`` of: ``a.fsa`` with ``a.tbl``, ``a.src``, ... (the template and
side files named after no FASTA are shared by every unit). This module pairs the files, adds the command
line's source modifiers, runs a unit's end-of-file checks once all its sequences are done, and writes the
job-wide outputs (``.val`` per unit, ``errorsummary.val``, the discrepancy report).
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from gbprep.job.files import AtomicFile, atomic_text
from gbprep.job.inputs import SOURCE_ROW_UNMATCHED
from gbprep.model.bundle import Bundle, InputFile
from gbprep.model.diagnostics import Finding, Report, SourcePos
from gbprep.model.modifiers import normalize_modifier_name
from gbprep.model.records import Descriptor, FeatureTable, SequenceRecord, SourceModifier
from gbprep.model.seqids import seq_id_keys
from gbprep.readers.comment_table import read_comment_table
from gbprep.readers.feature_table import check_seq_ids
from gbprep.writers.val import write_errorsummary, write_val

if TYPE_CHECKING:
    from gbprep.job.options import JobOptions, JobResult
    from gbprep.job.stages import Stages


@dataclass(slots=True)
class Unit:
    base: str
    fasta: InputFile
    bundle: Bundle
    report: Report  # findings of reading this unit's own files, and its end-of-unit checks
    by_key: dict[str, list[FeatureTable]] = field(default_factory=dict)
    chunks_sent: int = 0
    chunks_done: int = 0
    read_done: bool = False
    seq_ids: list[str] = field(default_factory=list)
    summaries: list[SequenceRecord] = field(default_factory=list)  # every record without its residues
    lengths: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)  # from chunks, in chunk order
    writers: dict[str, AtomicFile] = field(default_factory=dict)
    sqn_started: bool = False  # an entry is in the .sqn already (the next one is separated by ' ,')
    closed: bool = False  # finish_unit has run

    def tables_for(self, seq_id: str) -> list[FeatureTable]:
        """The tables matching a record, each once, in the order the files gave them."""
        matched = {id(t): t for key in seq_id_keys(seq_id) for t in self.by_key.get(key, ())}
        return list(matched.values())


def base_name(name: str) -> str:
    """tbl2asn's output base: a FASTA's name without ``.gz`` and its suffix (``Sc_16.fsa.gz`` -> ``Sc_16``)."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    for suffix in (".gz", ".gzip"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    stem, dot, _ext = name.rpartition(".")
    return stem if dot and stem else name


def plan_units(
    inputs: Sequence[InputFile],
) -> tuple[list[InputFile], list[tuple[InputFile, list[InputFile]]]]:
    """The shared files, and each FASTA with its own side files.

    A side file belongs to the FASTA with the same base name, as tbl2asn pairs them (``a.fsa`` + ``a.tbl``);
    the template, and a side file whose base name matches no FASTA, are shared by all. With one FASTA every
    side file is its own, whatever its name (the portal keeps the user's names, which need not match).
    """
    fastas = [f for f in inputs if f.kind == "fasta"]
    others = [f for f in inputs if f.kind != "fasta"]
    if len(fastas) <= 1:
        return [f for f in others if f.kind == "template"], [
            (f, [o for o in others if o.kind != "template"]) for f in fastas
        ]
    stems = {base_name(f.name) for f in fastas}
    shared = [f for f in others if f.kind == "template" or base_name(f.name) not in stems]
    own = [
        (f, [o for o in others if o.kind != "template" and base_name(o.name) == base_name(f.name)])
        for f in fastas
    ]
    return shared, own


def merge_shared(into: Bundle, shared: Bundle) -> None:
    into.template = into.template or shared.template
    into.tables.extend(shared.tables)
    for seq_id, modifiers in shared.source_rows.items():
        into.source_rows.setdefault(seq_id, []).extend(modifiers)
    into.comments.extend(shared.comments)
    into.proteins.extend(shared.proteins)
    into.transcripts.extend(shared.transcripts)


def option_descriptors(options: JobOptions, report: Report) -> list[Descriptor]:
    """The -w structured comment file, for every sequence (-y and -Y reach the writers as options)."""
    out: list[Descriptor] = []
    if options.structured_comment_file is not None:
        path = options.structured_comment_file
        for descriptor in read_comment_table(path, report, name=path.name):
            descriptor.seq_id = None  # -w applies to every sequence
            out.append(descriptor)
    return out


_BRACKETED = re.compile(r"\[\s*([^=\]]+?)\s*=\s*([^\]]*?)\s*\]")


def command_line_modifiers(options: JobOptions) -> list[SourceModifier]:
    """``-j`` and ``-n`` as source modifiers; they reach every sequence that does not set the same one."""
    pos = SourcePos("command line -j", 1)
    found = [
        SourceModifier(name, value, pos) for name, value in _BRACKETED.findall(options.source_qualifiers)
    ]
    if options.organism:
        found.append(SourceModifier("organism", options.organism.strip(), SourcePos("command line -n", 1)))
    return found


def add_modifiers(record: SequenceRecord, extra: Sequence[SourceModifier]) -> None:
    have = {normalize_modifier_name(m.name) for m in record.modifiers}
    for modifier in extra:
        if normalize_modifier_name(modifier.name) not in have:
            record.modifiers.append(modifier)


def unit_outputs(
    unit: Unit, options: JobOptions, out_dir: Path, count: int, pipeline: Stages
) -> dict[str, Path]:
    """The streamed outputs of one unit, by tbl2asn's names."""
    wanted: dict[str, Path] = {}
    if options.sqn and pipeline.streams("sqn"):
        wanted["sqn"] = options.sqn_path if options.sqn_path and count == 1 else out_dir / f"{unit.base}.sqn"
    if options.flatfile and pipeline.streams("gbf"):
        wanted["gbf"] = out_dir / f"{unit.base}.gbf"
    if options.sqn and pipeline.streams("ecn"):
        wanted["ecn"] = out_dir / f"{unit.base}.ecn"  # kept only if an EC number was changed or doubted
        wanted["ecn_doubts"] = out_dir / f".{unit.base}.ecn-second-pass"  # appended to it, never kept
    return wanted


def finish_unit(unit: Unit, pipeline: Stages, result: JobResult) -> None:
    """Close the unit's streamed outputs (renamed into place only now) and run its end-of-file checks.

    The feature tables are let go afterwards: only this unit's sequences use them, and the discrepancy report
    that comes last needs the room.
    """
    if unit.bundle.fasta:
        check_seq_ids([t for t in unit.bundle.tables if t], unit.seq_ids, unit.report)
        _check_source_rows(unit)
        unit.report.extend(pipeline.submission(unit.bundle, unit.summaries, unit.lengths))
    doubts = unit.writers.pop("ecn_doubts", None)
    if doubts is not None:
        doubts.handle.flush()
        unit.writers["ecn"].append_file(str(doubts.temp))
        doubts.abandon()
    for kind, writer in unit.writers.items():
        pipeline.end(kind, writer.handle, unit.bundle)
        if kind == "ecn" and not writer.handle.tell():
            writer.abandon()  # tbl2asn writes no .ecn when every EC number is fine
            continue
        result.outputs.setdefault(kind, []).append(writer.commit())
    unit.writers = {}
    unit.bundle.tables = []
    unit.by_key = {}
    unit.summaries = []


def _check_source_rows(unit: Unit) -> None:
    known = {key for seq_id in unit.seq_ids for key in seq_id_keys(seq_id)}
    for seq_id, modifiers in unit.bundle.source_rows.items():
        if not known.intersection(seq_id_keys(seq_id)):
            pos = modifiers[0].pos if modifiers else None
            unit.report.add(
                SOURCE_ROW_UNMATCHED(pos, f"Source table row '{seq_id}' matches no FASTA sequence.")
            )


def load_partials(paths: Sequence[str]) -> Iterator[object]:
    """The discrepancy report's per-record collections, spilled to disk chunk by chunk, in chunk order."""
    for path in paths:
        with open(path, "rb") as handle:
            yield from pickle.load(handle)
        Path(path).unlink(missing_ok=True)


def job_outputs(
    units: list[Unit],
    job_report: Report,
    partials: Sequence[str],
    options: JobOptions,
    out_dir: Path,
    pipeline: Stages,
    result: JobResult,
) -> None:
    """The job-wide outputs: the .val files, errorsummary.val, the -Z discrepancy report."""
    result.report.extend(job_report.findings)
    files = {u.fasta.name: i for i, u in enumerate(units)}
    per_unit: list[list[Finding]] = [[] for _ in units]
    for finding in job_report.findings:  # to the unit whose file it names, else the first
        if units:
            per_unit[files.get(finding.pos.file, 0) if finding.pos is not None else 0].append(finding)
    for number, unit in enumerate(units):
        result.report.extend(unit.report.findings)
        result.report.extend(unit.findings)
        per_unit[number].extend(unit.report.findings)
        per_unit[number].extend(unit.findings)
    if options.validate:
        for number, unit in enumerate(units):
            with atomic_text(out_dir / f"{unit.base}.val") as out:
                write_val(per_unit[number], out)
            result.outputs.setdefault("val", []).append(out_dir / f"{unit.base}.val")
        with atomic_text(out_dir / "errorsummary.val") as out:
            write_errorsummary(result.report.findings, out)
        result.outputs.setdefault("errorsummary", []).append(out_dir / "errorsummary.val")
    if options.discrepancy_path is not None:
        with atomic_text(options.discrepancy_path) as out:
            pipeline.discrepancy(load_partials(partials), out)
        result.outputs.setdefault("discrepancy", []).append(options.discrepancy_path)
