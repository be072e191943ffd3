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

from gbprep.job import stages
from gbprep.job.chunks import ForkRunner, InlineRunner, Runner, Work
from gbprep.job.files import atomic_text
from gbprep.job.flow import Merger, cut_chunks, finish_outputs, new_stats, open_outputs, read_units
from gbprep.job.options import GapRule, JobOptions, JobResult, Progress
from gbprep.job.units import (
    add_modifiers,
    base_name,
    command_line_modifiers,
    plan_units,
)
from gbprep.model.bundle import InputFile
from gbprep.model.diagnostics import Report

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
    units = read_units(inputs, options, job_report)
    merger = Merger(units, pipeline, result, tell)
    processes = _process_count(options.processes, merger.fasta_bytes)
    stats = new_stats(inputs, units, processes)
    scratch = Path(tempfile.mkdtemp(prefix=".tbl2asn-work-", dir=out_dir))
    work = Work(units=units, scratch=scratch, pipeline=pipeline)
    runner: Runner = (
        ForkRunner(work, processes, options.worker_memory_mb) if processes > 1 else InlineRunner(work)
    )

    def start(number: int) -> None:
        open_outputs(units[number], options, out_dir, len(units), pipeline)

    try:
        for number, chunk in cut_chunks(units, options, stats, start):
            if chunk is not None:
                merger.take(runner.submit(chunk))  # the runner lets the chunk's records go
            else:
                merger.close_if_done(units[number])
        merger.take(runner.drain())
        runner.close()
        finish_outputs(units, job_report, merger, options, out_dir, stats, started)
    finally:
        runner.close()
        for unit in units:
            for writer in unit.writers.values():
                writer.abandon()
        shutil.rmtree(scratch, ignore_errors=True)
    return result


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
