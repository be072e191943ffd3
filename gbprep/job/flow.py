"""The two ends of every job, shared by ``run_job`` (one machine) and ``spread`` (many workers).

Reading: ``read_units`` reads each FASTA's side files, and ``cut_chunks`` packs its records into chunks bounded
by ``JobOptions.chunk_residues`` and ``chunk_records`` (never by the number of workers, so the outputs do not
depend on it). Merging: ``Merger`` takes chunk results strictly in chunk order into the units' outputs and
closes a unit once its last chunk is in; ``finish_outputs`` writes the job-wide outputs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from gbprep.job.chunks import Chunk, ChunkOut
from gbprep.job.files import AtomicFile, write_json
from gbprep.job.inputs import NO_SEQUENCES, read_side_files, sequences
from gbprep.job.options import JobOptions, JobResult, engine_info
from gbprep.job.stages import Stages
from gbprep.job.units import (
    Unit,
    add_modifiers,
    base_name,
    command_line_modifiers,
    finish_unit,
    job_outputs,
    merge_shared,
    option_descriptors,
    plan_units,
    unit_outputs,
)
from gbprep.model.asntree import paused_gc
from gbprep.model.bundle import Bundle, InputFile
from gbprep.model.diagnostics import Report
from gbprep.model.records import SequenceRecord

Tell = Callable[[int, str], None]


def read_units(inputs: Sequence[InputFile], options: JobOptions, job_report: Report) -> list[Unit]:
    """Every FASTA with its side files read, the shared ones merged in, and its tables indexed by SeqID."""
    # The tables are read with the cyclic collector paused: they are millions of small acyclic objects, and
    # each automatic collection walked all those read so far (a third of the reading time of 30,000 genes).
    with paused_gc():
        shared_files, unit_files = plan_units(inputs)
        shared = read_side_files(shared_files, job_report, options.limits)
        extra_descriptors = option_descriptors(options, job_report)
        units: list[Unit] = []
        for fasta, own in unit_files:
            unit_report = Report()
            bundle = read_side_files([fasta, *own], unit_report, options.limits)
            merge_shared(bundle, shared)
            if options.comments_to_all:
                for descriptor in bundle.comments:
                    descriptor.seq_id = None
            bundle.comments.extend(extra_descriptors)
            units.append(
                Unit(base_name(fasta.name), fasta, bundle, unit_report, by_key=bundle.features_by_key())
            )
        if not units:
            job_report.add(NO_SEQUENCES(None, "None of the files is a nucleotide FASTA (.fsa) file."))
        return units


def new_stats(inputs: Sequence[InputFile], units: list[Unit], processes: int) -> dict[str, Any]:
    return {
        "files": len(inputs),
        "sequences": 0,
        "residues": 0,
        "features": sum(len(t) for u in units for t in u.bundle.tables),
        "chunks": 0,
        "processes": processes,
    }


def cut_chunks(
    units: list[Unit], options: JobOptions, stats: dict[str, Any], start_unit: Callable[[int], None]
) -> Iterator[tuple[int, Chunk | None]]:
    """Each unit's records, read once and in order, packed into chunks: ``(unit number, chunk)``.

    ``start_unit(number)`` is called before a unit's first record is read; ``(number, None)`` follows its
    last chunk, when the unit is marked read. Records carry the command line's source modifiers.
    """
    index = 0
    modifiers = command_line_modifiers(options)
    for number, unit in enumerate(units):
        start_unit(number)
        batch: list[SequenceRecord] = []
        size = first = 0
        for _item, record in sequences(Bundle(fasta=[unit.fasta]), unit.report, options.limits):
            add_modifiers(record, modifiers)
            unit.seq_ids.append(record.seq_id)
            unit.lengths[record.seq_id] = len(record)
            stats["sequences"] += 1
            stats["residues"] += len(record)
            batch.append(record)
            size += len(record)
            if size >= options.chunk_residues or len(batch) >= options.chunk_records:
                unit.chunks_sent += 1
                chunk = Chunk(index, number, first, batch)
                # Counted before the chunk goes: whoever takes it may empty its list of records.
                index, first = index + 1, first + len(batch)
                batch, size = [], 0
                yield number, chunk
        if batch:
            unit.chunks_sent += 1
            yield number, Chunk(index, number, first, batch)
            index += 1
        unit.read_done = True
        stats["chunks"] = index
        yield number, None


def open_outputs(unit: Unit, options: JobOptions, out_dir: Path, count: int, pipeline: Stages) -> None:
    """The unit's streamed outputs, each begun (the Seq-submit's opening) in a temporary file."""
    for kind, final in unit_outputs(unit, options, out_dir, count, pipeline).items():
        unit.writers[kind] = AtomicFile(final)
        pipeline.begin(kind, unit.writers[kind].handle, unit.bundle)


class Merger:
    """Takes chunk results, in chunk order, into the units' outputs and findings."""

    def __init__(self, units: list[Unit], pipeline: Stages, result: JobResult, tell: Tell) -> None:
        self.units = units
        self.pipeline = pipeline
        self.result = result
        self.tell = tell
        self.fasta_bytes = sum(max(u.fasta.path.stat().st_size, 1) for u in units) or 1
        self.partials: list[str] = []  # the spilled discrepancy collections, in chunk order
        self.done_residues = 0

    def take(self, outs: list[ChunkOut]) -> None:
        for out in outs:
            unit = self.units[out.unit]
            unit.findings.extend(out.findings)
            unit.summaries.extend(out.summaries)
            if out.partials is not None:
                self.partials.append(out.partials)
            for kind, path in out.fragments.items():
                if kind in unit.writers:
                    # A lost chunk may have held the unit's first entry: the next one, printed as a follower,
                    # leads with ' ,', which must not follow the opening brace.
                    lead = b" ," if kind == "sqn" and not unit.sqn_started else b""
                    unit.writers[kind].append_file(path, drop_lead=lead)
                Path(path).unlink(missing_ok=True)
            unit.sqn_started = unit.sqn_started or out.failure is None  # in-process chunks wrote directly
            unit.chunks_done += 1
            self.done_residues += out.residues
            self.tell(
                min(95, 2 + self.done_residues * 93 // self.fasta_bytes),
                f"{unit.base}: {self.done_residues:,} residues done",
            )
            self.close_if_done(unit)

    def close_if_done(self, unit: Unit) -> None:
        if unit.read_done and unit.chunks_done == unit.chunks_sent and not unit.closed:
            unit.closed = True
            finish_unit(unit, self.pipeline, self.result)


def finish_outputs(
    units: list[Unit],
    job_report: Report,
    merger: Merger,
    options: JobOptions,
    out_dir: Path,
    stats: dict[str, Any],
    started: float,
) -> JobResult:
    """The job-wide outputs (.val, errorsummary.val, discrepancy report, report.json) and the result."""
    result = merger.result
    merger.tell(96, "writing reports")
    with paused_gc():  # the discrepancy collections read back are acyclic, like the tables (read_units)
        job_outputs(units, job_report, merger.partials, options, out_dir, merger.pipeline, result)
    stats["seconds"] = round(time.perf_counter() - started, 3)
    stats["engine"] = engine_info(options)  # version and flags: every report can be reproduced
    result.stats = stats
    if options.write_json:
        path = options.json_path or out_dir / "report.json"
        write_json(
            path,
            result.report,
            result.stats,
            result.outputs,
            result.notes,
            result.exit_code(options.exit_zero),
        )
        result.outputs.setdefault("json", []).append(path)
    merger.tell(100, "done")
    return result
