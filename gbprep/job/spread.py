"""One job spread over workers that share a folder: cut here, run each chunk anywhere, merge in chunk order.

``run_job`` runs a job on one machine. A large genome in the portal is cut into the same chunks instead, and
each chunk becomes a task any worker may take:

``spread_prepare(inputs, options, out_dir, scratch)``
    Reads the side files and the FASTA once (so the reader's file-level checks see the whole file), cuts the
    records into chunks exactly as ``run_job`` does, and leaves in ``scratch`` one file of records per chunk
    plus the job's state (options, units with their tables, findings so far). Returns the number of chunks.
``spread_run_chunk(scratch, index)``
    Runs one chunk: every per-record stage, its .sqn entries and flatfile text written to fragment files.
    Idempotent: a chunk whose result is already there is not run again, and two workers running the same
    chunk (a redelivered task) each write under names of their own, the last complete one winning.
``spread_finish(scratch, out_dir)``
    Appends the fragments in chunk order, runs each unit's end-of-file checks and writes the job-wide
    outputs: byte for byte what ``run_job`` writes for the same inputs and options. A chunk with no result
    (its worker died every time it was tried) costs its own sequences: a ``JOB.ChunkFailed`` ERROR names
    them, and the rest of the job is still written.

The folder must be shared by every worker (local disk for one machine, a network file system for many).
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from gbprep.job.chunks import Chunk, ChunkOut, Work, dump, failed_chunk, run_chunk
from gbprep.job.flow import Merger, cut_chunks, finish_outputs, new_stats, open_outputs, read_units
from gbprep.job.options import JobOptions, JobResult, Progress
from gbprep.job.stages import Stages
from gbprep.job.units import Unit
from gbprep.model.bundle import InputFile
from gbprep.model.diagnostics import Report, SourcePos

_STATE = "state.pickle"


@dataclass(slots=True)
class Ticket:
    """What the merge needs to know of a chunk without its records: to name it if it never comes back."""

    index: int
    unit: int
    ids: list[str]
    pos: SourcePos | None


@dataclass(slots=True)
class SpreadState:
    options: JobOptions
    units: list[Unit]
    job_report: Report
    stats: dict[str, Any]
    tickets: list[Ticket] = field(default_factory=list)
    inputs: int = 0
    seconds: float = 0.0  # spent preparing: the job's time counts it


def _records_path(scratch: Path, index: int) -> Path:
    return scratch / f"{index:08d}.records"


def _result_path(scratch: Path, index: int) -> Path:
    return scratch / f"{index:08d}.result"


def _write_atomically(path: Path, value: object) -> None:
    part = path.with_name(f"{path.name}.{uuid.uuid4().hex}.part")
    with open(part, "wb") as handle:
        dump(value, handle)
    os.replace(part, path)  # readers see the whole file or none


def _write_state(path: Path, state: SpreadState) -> None:
    """The state, then each feature table as a pickle of its own.

    One pickle of everything would keep a memo entry for every feature, interval and qualifier until the end:
    on a gigabase in 100,000 contigs that memo alone was 500 MB, for a 57 MB file. Each table alone keeps it
    small. The index by SeqID is not written: readers rebuild it.
    """
    tables = [unit.bundle.tables for unit in state.units]
    indexes = [unit.by_key for unit in state.units]
    part = path.with_name(f"{path.name}.{uuid.uuid4().hex}.part")
    try:
        for unit in state.units:
            unit.bundle.tables, unit.by_key = [], {}
        with open(part, "wb") as handle:
            dump((state, [len(t) for t in tables]), handle)
            for unit_tables in tables:
                for table in unit_tables:
                    dump(table, handle)
    finally:
        for unit, unit_tables, index in zip(state.units, tables, indexes, strict=True):
            unit.bundle.tables, unit.by_key = unit_tables, index
    os.replace(part, path)


def _read_state(path: Path) -> SpreadState:
    with open(path, "rb") as handle:
        state, counts = pickle.load(handle)
        for unit, count in zip(state.units, counts, strict=True):
            unit.bundle.tables = [pickle.load(handle) for _ in range(count)]
            unit.by_key = unit.bundle.features_by_key()
    return state  # type: ignore[no-any-return]


def spread_prepare(inputs: list[InputFile], options: JobOptions, scratch: Path) -> int:
    """Cut the job into chunks under ``scratch``; returns how many there are (see the module's docstring)."""
    started = time.perf_counter()
    scratch.mkdir(parents=True, exist_ok=True)
    _loaded.clear()  # an earlier job's tables, kept for its chunks, are not wanted while this one is read
    job_report = Report()
    units = read_units(inputs, options, job_report)
    stats = new_stats(inputs, units, 0)
    state = SpreadState(options=options, units=units, job_report=job_report, stats=stats, inputs=len(inputs))
    for _number, chunk in cut_chunks(units, options, stats, lambda _n: None):
        if chunk is None:
            continue
        first = chunk.records[0].pos if chunk.records else None
        state.tickets.append(Ticket(chunk.index, chunk.unit, [r.seq_id for r in chunk.records], first))
        _write_atomically(_records_path(scratch, chunk.index), (chunk.unit, chunk.first, chunk.records))
        chunk.records.clear()
    state.seconds = time.perf_counter() - started
    _write_state(scratch / _STATE, state)
    return len(state.tickets)


_loaded: dict[tuple[str, float], tuple[SpreadState, Stages]] = {}  # per worker process: the last job's state


def _state(scratch: Path) -> tuple[SpreadState, Stages]:
    path = scratch / _STATE
    key = (str(path), path.stat().st_mtime)
    if key not in _loaded:
        state = _read_state(path)
        _loaded.clear()  # one job's tables at a time in a worker
        _loaded[key] = (state, Stages(state.options))
    return _loaded[key]


def spread_run_chunk(scratch: Path, index: int, *, worker: str = "") -> bool:
    """Run chunk ``index`` unless its result is there already; True when this call ran it.

    ``worker`` (a name for whoever runs it) is left beside the result, for ``spread_workers``.
    """
    if _result_path(scratch, index).exists():
        return False
    state, stages = _state(scratch)
    with open(_records_path(scratch, index), "rb") as handle:
        unit, first, records = pickle.load(handle)
    chunk = Chunk(index, unit, first, records)
    ticket = state.tickets[index]
    own = scratch / f"{index:08d}.{uuid.uuid4().hex}"  # this attempt's fragments, never another's
    own.mkdir()
    files: dict[str, TextIO] = {}
    fragments: dict[str, str] = {}

    def sink(kind: str) -> TextIO:
        if kind not in files:
            fragments[kind] = str(own / kind)
            files[kind] = open(fragments[kind], "w", encoding="utf-8", newline="")  # noqa: SIM115
        return files[kind]

    try:
        out = run_chunk(Work(units=state.units, scratch=own, pipeline=stages), chunk, sink)
        out.fragments = fragments
    except MemoryError:
        out = failed_chunk(index, unit, ticket.ids, ticket.pos, "the worker ran out of memory")
    except Exception as exc:  # one bad chunk costs its own sequences, never the job
        out = failed_chunk(index, unit, ticket.ids, ticket.pos, f"internal error {type(exc).__name__}")
    finally:
        for fragment in files.values():
            fragment.close()
    _write_atomically(_result_path(scratch, index), out)
    if worker:
        (scratch / f"{index:08d}.by-{_SAFE.sub('_', worker)}").touch()
    return True


_SAFE = re.compile(r"[^A-Za-z0-9@._-]")


def spread_record_try(scratch: Path, index: int) -> int:
    """Leave a mark for a try of chunk ``index``; how many tries there have been, this one included."""
    (scratch / f"{index:08d}.try-{uuid.uuid4().hex}").touch()
    return sum(1 for _ in scratch.glob(f"{index:08d}.try-*"))


def spread_record_failure(scratch: Path, out: ChunkOut) -> None:
    """Record a chunk as given up (its result is ``out``, a failure), unless a result came in meanwhile."""
    if not _result_path(scratch, out.index).exists():
        _write_atomically(_result_path(scratch, out.index), out)


def spread_tickets(scratch: Path) -> list[Ticket]:
    """The chunks of the job prepared in ``scratch``, in order."""
    state, _stages = _state(scratch)
    return state.tickets


def spread_workers(scratch: Path, count: int) -> dict[str, object]:
    """How many chunks each worker ran (from the names left beside the results)."""
    by_worker: dict[str, int] = {}
    for mark in scratch.glob("*.by-*"):
        worker = mark.name.split(".by-", 1)[1]
        by_worker[worker] = by_worker.get(worker, 0) + 1
    return {"chunks": count, "workers": by_worker}


def spread_done(scratch: Path, count: int) -> int:
    """How many of the ``count`` chunks have their result."""
    return sum(1 for index in range(count) if _result_path(scratch, index).exists())


def spread_finish(scratch: Path, out_dir: Path, progress: Progress | None = None) -> JobResult:
    """Merge the chunks' results in order and write every output (see the module's docstring)."""
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    _loaded.clear()  # this worker's copy of the tables from running chunks: the merge loads its own
    state = _read_state(scratch / _STATE)
    options, units = state.options, state.units
    pipeline = Stages(options)
    result = JobResult(report=Report())
    result.notes.extend(pipeline.notes)

    def tell(percent: int, note: str) -> None:
        if progress is not None:
            progress(percent, note)

    merger = Merger(units, pipeline, result, tell)
    try:
        for unit in units:
            open_outputs(unit, options, out_dir, len(units), pipeline)
        for ticket in state.tickets:
            merger.take([_result(scratch, ticket)])
        for unit in units:
            merger.close_if_done(unit)  # a unit without records has no chunk to close it
        finish_outputs(
            units, state.job_report, merger, options, out_dir, state.stats, started - state.seconds
        )
    finally:
        for unit in units:
            for writer in unit.writers.values():
                writer.abandon()
    return result


def spread_finish_apart(scratch: Path, out_dir: Path) -> JobResult:
    """``spread_finish`` in a fresh interpreter of its own (``python -m gbprep.job.spread finish ...``).

    The merge holds the tables and every chunk's results at once. In a long-lived worker that memory would
    stay with the worker after the merge (CPython keeps freed arenas), and a forked child would carry the
    worker's own pages beside it; a fresh process starts small and gives everything back when it exits. It
    reads the folder, writes the outputs and the result, and nothing else.
    """
    path = scratch / "merge.result"
    path.unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "gbprep.job.spread", "finish", str(scratch), str(out_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 or not path.exists():
        tail = done.stderr.strip().splitlines()[-1:] or ["no message"]
        raise RuntimeError(f"the merge stopped (exit status {done.returncode}): {tail[0]}")
    with open(path, "rb") as handle:
        result: JobResult = pickle.load(handle)
    return result


def _main(argv: list[str]) -> int:
    """``finish SCRATCH OUT_DIR``: the merge, for ``spread_finish_apart``."""
    if len(argv) != 3 or argv[0] != "finish":
        print("usage: python -m gbprep.job.spread finish SCRATCH OUT_DIR", file=sys.stderr)
        return 2
    scratch = Path(argv[1])
    _write_atomically(scratch / "merge.result", spread_finish(scratch, Path(argv[2])))
    return 0


def spread_cleanup(scratch: Path) -> None:
    shutil.rmtree(scratch, ignore_errors=True)


def _result(scratch: Path, ticket: Ticket) -> ChunkOut:
    try:
        with open(_result_path(scratch, ticket.index), "rb") as handle:
            out: ChunkOut = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError):
        return failed_chunk(
            ticket.index,
            ticket.unit,
            ticket.ids,
            ticket.pos,
            "its worker did not finish, however often tried",
        )
    return out


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
