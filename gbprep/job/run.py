"""The whole tbl2asn job: read -> validate -> discrepancy -> .sqn -> flatfile, one sequence at a time.

``run_job(inputs, options, out_dir)`` is what the ``tbl2asn`` command and the portal's workers call. Each
nucleotide FASTA file is one *unit* with its own outputs (``<base>.sqn``, ``<base>.gbf``, ``<base>.val``, as
tbl2asn names them; ``job_units``); ``errorsummary.val``, the discrepancy report and the JSON report cover
the whole job.

How the work is cut (and why results do not depend on the number of processes):

* Side files (tables, template, .src, .cmt, .pep) are small and read first, in this process.
* Each FASTA file is read once, in this process, so the reader's file-level checks (duplicate SeqIDs, text
  before the first '>') see the whole file. Records are packed into *chunks* bounded by residues and record
  count; a chunk is the unit of work (``job_chunks``): ranges, rules, discrepancy collection, the records'
  .sqn entries and flatfile text.
* Chunks run in this process (``processes=1``), writing straight into the outputs, or each in a child forked
  for it (at most ``processes`` at a time) that inherits the tables and its records and writes fragment
  files; the parent appends those in chunk order, so the outputs are byte-identical to a serial run. Chunk
  boundaries depend only on the sizes in ``JobOptions``, never on the process count.
* Every output is written to a temporary file beside its final name and renamed when complete, so a crash,
  a kill or a full disk never leaves a truncated ``.sqn`` (``job_files``).
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gbprep.job import stages
from gbprep.job.chunks import Chunk, ChunkOut, ForkRunner, InlineRunner, Runner, Work
from gbprep.job.files import AtomicFile, atomic_text, write_json
from gbprep.job.inputs import NO_SEQUENCES, read_side_files, sequences
from gbprep.job.options import GapRule, JobOptions, JobResult, Progress
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
from gbprep.model.bundle import Bundle, InputFile
from gbprep.model.diagnostics import Report
from gbprep.model.records import SequenceRecord

__all__ = [
    "GapRule",
    "JobOptions",
    "JobResult",
    "Progress",
    "atomic_text",
    "base_name",
    "command_line_modifiers",
    "plan_units",
    "run_job",
]

_add_modifiers = add_modifiers  # the name the job's tests know


def run_job(
    inputs: Sequence[InputFile],
    options: JobOptions,
    out_dir: Path,
    progress: Progress | None = None,
) -> JobResult:
    """Read, validate and write everything tbl2asn would for ``inputs`` into ``out_dir``.

    Never raises on bad input: problems are findings in ``JobResult.report``. ``progress(percent, note)`` is
    called as sequences complete.
    """
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    result = JobResult(report=Report())
    job_report = Report()  # findings of shared files and of the job itself
    pipeline = stages.Stages(options)
    result.notes.extend(pipeline.notes)

    def tell(percent: int, note: str) -> None:
        if progress is not None:
            progress(percent, note)

    tell(0, "reading tables and side files")
    units = _read_units(inputs, options, job_report)
    fasta_bytes = sum(max(u.fasta.path.stat().st_size, 1) for u in units) or 1
    processes = _process_count(options.processes, fasta_bytes)
    stats: dict[str, Any] = {
        "files": len(inputs),
        "sequences": 0,
        "residues": 0,
        "features": sum(len(t) for u in units for t in u.bundle.tables),
        "chunks": 0,
        "processes": processes,
    }
    scratch = Path(tempfile.mkdtemp(prefix=".tbl2asn-work-", dir=out_dir))
    work = Work(units=units, scratch=scratch, pipeline=pipeline)
    runner: Runner = (
        ForkRunner(work, processes, options.worker_memory_mb) if processes > 1 else InlineRunner(work)
    )
    partials: list[str] = []  # the spilled discrepancy collections, in chunk order
    done_residues = 0

    def take(outs: list[ChunkOut]) -> None:
        nonlocal done_residues
        for out in outs:
            unit = units[out.unit]
            unit.findings.extend(out.findings)
            unit.summaries.extend(out.summaries)
            if out.partials is not None:
                partials.append(out.partials)
            for kind, path in out.fragments.items():
                if kind in unit.writers:
                    # A lost chunk may have held the unit's first entry: the next one, printed as a follower,
                    # leads with ' ,', which must not follow the opening brace.
                    lead = b" ," if kind == "sqn" and not unit.sqn_started else b""
                    unit.writers[kind].append_file(path, drop_lead=lead)
                Path(path).unlink(missing_ok=True)
            unit.sqn_started = unit.sqn_started or out.failure is None  # in-process chunks wrote directly
            unit.chunks_done += 1
            done_residues += out.residues
            tell(
                min(95, 2 + done_residues * 93 // fasta_bytes),
                f"{unit.base}: {done_residues:,} residues done",
            )
            if unit.read_done and unit.chunks_done == unit.chunks_sent:
                finish_unit(unit, pipeline, result)

    try:
        index = 0
        modifiers = command_line_modifiers(options)
        for number, unit in enumerate(units):
            for kind, final in unit_outputs(unit, options, out_dir, len(units), pipeline).items():
                unit.writers[kind] = AtomicFile(final)
                pipeline.begin(kind, unit.writers[kind].handle, unit.bundle)
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
                    index, first = index + 1, first + len(batch)
                    batch, size = [], 0
                    take(runner.submit(chunk))  # the runner lets the chunk's records go
            if batch:
                unit.chunks_sent += 1
                take(runner.submit(Chunk(index, number, first, batch)))
                index += 1
            unit.read_done = True
            if unit.chunks_done == unit.chunks_sent:
                finish_unit(unit, pipeline, result)
        take(runner.drain())
        runner.close()
        stats["chunks"] = index
        tell(96, "writing reports")
        job_outputs(units, job_report, partials, options, out_dir, pipeline, result)
    finally:
        runner.close()
        for unit in units:
            for writer in unit.writers.values():
                writer.abandon()
        shutil.rmtree(scratch, ignore_errors=True)
    stats["seconds"] = round(time.perf_counter() - started, 3)
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
    tell(100, "done")
    return result


def _read_units(inputs: Sequence[InputFile], options: JobOptions, job_report: Report) -> list[Unit]:
    """Every FASTA with its side files read, the shared ones merged in, and its tables indexed by SeqID."""
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
        units.append(Unit(base_name(fasta.name), fasta, bundle, unit_report, by_key=bundle.features_by_key()))
    if not units:
        job_report.add(NO_SEQUENCES(None, "None of the files is a nucleotide FASTA (.fsa) file."))
    return units


# With ``processes=0`` smaller inputs run in one process. A forked child copies the pages it writes, and CPython
# writes to every object it uses (reference counts, the specialising interpreter's caches): about 25-40 MB per
# child whatever its chunk. On a 12 Mb genome that would double the job's memory to save 3 of 9 seconds.
AUTO_PARALLEL_BYTES = 50_000_000


def _process_count(wanted: int, fasta_bytes: int) -> int:
    auto = (os.cpu_count() or 1) if fasta_bytes >= AUTO_PARALLEL_BYTES else 1
    count = wanted if wanted > 0 else auto
    # A daemonic process (a Celery prefork child) runs the chunks itself: its pool manages its children.
    if count > 1 and multiprocessing.current_process().daemon:
        return 1
    if count > 1 and not hasattr(os, "fork"):
        return 1  # children must inherit the feature tables; without fork, run serially
    return count
