"""Chunks, the unit of work of a tbl2asn job, run in this process or each in a forked child, taken in order.

A chunk is a run of consecutive records of one FASTA file. For each record it runs every per-record stage
(ranges, validator rules, discrepancy collection, the .sqn entry and the flatfile text) and writes the text
as it is made, so no output is ever held whole in memory.

With one process the chunks run here and write straight into the outputs. With more, each chunk runs in a
child forked for it alone, which writes fragment files that this process appends in chunk order (so the
outputs are byte-identical to a serial run). A child per chunk, rather than a long-lived pool, is what keeps
memory bounded:

* the child inherits the feature tables and the chunk's records by copy-on-write, so nothing is pickled
  on the way in, and it exits when the chunk is done, returning every page it made or copied;
* its first act is ``gc.freeze()``: the collector then never walks (and so never writes to, and copies) the
  inherited objects; the parent freezes them too before the first fork, for the same reason;
* the parent keeps nothing per chunk but small results (findings, record summaries, paths): the
  discrepancy collections are spilled to a file by whoever ran the chunk and read back only at the end.

A child that dies (memory cap, OOM killer) costs its own chunk: a ``JOB.ChunkFailed`` ERROR names the
sequences, and the job goes on.
"""

from __future__ import annotations

import dataclasses
import gc
import operator
import os
import pickle
import re
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from gbprep.model.diagnostics import Finding, Report, Severity, SourcePos, declare
from gbprep.model.records import SequenceRecord
from gbprep.readers.feature_table import check_ranges

if TYPE_CHECKING:
    from gbprep.job.stages import Stages
    from gbprep.job.units import Unit

CHUNK_FAILED = declare(
    "JOB.ChunkFailed",
    Severity.ERROR,
    "Some sequences could not be processed",
    "This is a fault in the portal, not necessarily in your files. The sequences named were not validated "
    "or written; please report it to the curators with the files.",
)

_CHILD_FAILED = 70  # a child's exit status when the chunk could not even report its own failure


@dataclass(slots=True)
class Chunk:
    index: int  # position in the job; results are taken in this order
    unit: int
    first: int  # ordinal of the first record within its unit (the .sqn separates entries)
    records: list[SequenceRecord]


@dataclass(slots=True)
class ChunkOut:
    index: int
    unit: int
    findings: list[Finding] = field(default_factory=list)
    summaries: list[SequenceRecord] = field(default_factory=list)
    fragments: dict[str, str] = field(default_factory=dict)  # output kind -> fragment file (forked runs)
    partials: str | None = None  # the pickled discrepancy collections of the chunk's records
    residues: int = 0
    failure: str | None = None


@dataclass(slots=True)
class Work:
    """What every chunk needs; forked children inherit it."""

    units: list[Unit]
    scratch: Path
    pipeline: Stages


Sink = Callable[[str], TextIO]  # output kind -> the handle its text goes to


def run_chunk(work: Work, chunk: Chunk, sink: Sink) -> ChunkOut:
    """Everything per record, the text going to ``sink(kind)``."""
    unit = work.units[chunk.unit]
    out = ChunkOut(index=chunk.index, unit=chunk.unit)
    report = Report()
    partials: list[object] = []
    for offset, record in enumerate(chunk.records):
        tables = unit.tables_for(record.seq_id)
        check_ranges(tables, record.seq_id, len(record), report)
        done = work.pipeline.record(record, tables, unit.bundle, chunk.first + offset, sink)
        report.extend(done.findings)
        if done.partial is not None:
            partials.append(done.partial)
        if done.summary is not None:
            out.summaries.append(done.summary)
        out.residues += len(record)
    if partials:
        out.partials = str(work.scratch / f"{chunk.index:08d}.disc")
        with open(out.partials, "wb") as handle:
            dump(partials, handle)
    out.findings = report.findings
    return out


class _DataclassReducers(dict[type, Callable[[Any], tuple[Any, ...]]]):
    """Pickle slots dataclasses as ``cls(*fields)``.

    Python 3.11 pickles a slots dataclass through ``__getstate__``/``__setstate__`` written in Python, which
    call ``dataclasses.fields()`` for every object: a 20,000-contig genome's discrepancy collections took
    seconds to write and read back. A reducer per class, made once, takes the fields with one C call.
    """

    def __missing__(self, cls: type) -> Callable[[Any], tuple[Any, ...]]:
        if not dataclasses.is_dataclass(cls) or not hasattr(cls, "__slots__"):
            raise KeyError(cls)  # the pickler's own way
        fields = dataclasses.fields(cls)
        if not fields or any(not f.init for f in fields) or hasattr(cls, "__post_init__"):
            raise KeyError(cls)  # __init__ would not give back the same object
        getter = operator.attrgetter(*(f.name for f in fields))
        single = len(fields) == 1

        def reduce(obj: Any) -> tuple[Any, ...]:
            values = getter(obj)
            return cls, (values,) if single else values

        self[cls] = reduce
        return reduce


_REDUCERS = _DataclassReducers()


def dump(value: object, handle: BinaryIO) -> None:
    pickler = pickle.Pickler(handle, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _REDUCERS
    pickler.dump(value)


def failed_chunk(index: int, unit: int, ids: list[str], pos: SourcePos | None, why: str) -> ChunkOut:
    """The result of a chunk that could not be run: a ``JOB.ChunkFailed`` ERROR naming its sequences."""
    shown = ", ".join(ids[:5]) + (" ..." if len(ids) > 5 else "")
    finding = CHUNK_FAILED(
        pos, f"Processing stopped on the sequences {shown} ({why}); they are missing from the outputs."
    )
    return ChunkOut(index=index, unit=unit, findings=[finding], failure=why)


def _failed(chunk: _Sent, why: str) -> ChunkOut:
    return failed_chunk(chunk.index, chunk.unit, chunk.ids, chunk.pos, why)


class InlineRunner:
    """Runs each chunk here, writing into the outputs themselves.

    A chunk that fails is cut back out of the outputs (each handle is truncated to where the chunk began),
    so they hold whole entries only, as with a forked run.
    """

    def __init__(self, work: Work) -> None:
        self.work = work
        self.frozen = False

    def submit(self, chunk: Chunk) -> list[ChunkOut]:
        if not self.frozen:
            # The feature tables live until their unit is finished: the collector need not walk them again
            # and again while the records go by (on 30,000 genes that was a sixth of the job's CPU).
            gc.collect()
            gc.freeze()
            self.frozen = True
        unit = self.work.units[chunk.unit]
        writers = unit.writers
        marks = {kind: writer.handle.tell() for kind, writer in writers.items()}
        try:
            out = run_chunk(self.work, chunk, lambda kind: writers[kind].handle)
        except Exception as exc:  # one bad chunk must cost its own sequences, never the job
            for kind, mark in marks.items():
                writers[kind].handle.seek(mark)
                writers[kind].handle.truncate()
            out = _failed(_Sent.of(chunk), f"internal error {type(exc).__name__}")
        else:
            if "sqn" in writers and chunk.first > 0 and not unit.sqn_started:
                # The chunks before were lost: this one's first entry, printed as a follower, leads with ' ,'.
                writers["sqn"].drop_from(marks["sqn"], b" ,")
        chunk.records.clear()  # the residues go as soon as the chunk is done
        return [out]

    def drain(self) -> list[ChunkOut]:
        return []

    def close(self) -> None:
        if self.frozen:
            gc.unfreeze()
            self.frozen = False


@dataclass(slots=True)
class _Sent:
    """What the parent keeps of a chunk handed to a child: enough to name it if the child dies."""

    index: int
    unit: int
    ids: list[str]
    pos: SourcePos | None
    pid: int = 0

    @classmethod
    def of(cls, chunk: Chunk) -> _Sent:
        first = chunk.records[0].pos if chunk.records else None
        return cls(chunk.index, chunk.unit, [r.seq_id for r in chunk.records], first)


class ForkRunner:
    """At most ``processes`` children at a time, one per chunk; results handed back in chunk order.

    (Running the first chunk here, to fill the stages' lazy caches once for every child, was tried: it left
    the parent holding a chunk's worth of freed memory for the rest of the job, 13 MB more on a 12 Mb genome,
    for no CPU saving that could be measured.)
    """

    def __init__(self, work: Work, processes: int, memory_mb: int | None) -> None:
        self.work = work
        self.processes = processes
        self.memory_mb = memory_mb
        self.running: dict[int, _Sent] = {}  # pid -> chunk
        self.order: deque[_Sent] = deque()  # every chunk sent and not yet taken, in chunk order
        self.finished: dict[int, ChunkOut] = {}  # chunk index -> result
        self.frozen = False
        self.fillers: list[object] = []  # inert objects filling the holes of the parent's heap (see below)

    def submit(self, chunk: Chunk) -> list[ChunkOut]:
        while len(self.running) >= self.processes:
            self._reap()
        if not self.frozen:
            # The first fork: what exists now (feature tables, caches the stages fill up front) is shared
            # with the children; frozen, the parent's collector no longer writes to those pages either.
            self.work.pipeline.prewarm([u.bundle for u in self.work.units])
            gc.collect()
            gc.freeze()
            self.frozen = True
        self.fillers.extend(_fill_heap_holes())  # later forks find only the holes made since the last
        sent = _Sent.of(chunk)
        sent.pid = self._fork(chunk)
        chunk.records.clear()  # the child has its own copy; the parent keeps no residues
        self.running[sent.pid] = sent
        self.order.append(sent)
        return self._ready()

    def drain(self) -> list[ChunkOut]:
        while self.running:
            self._reap()
        return self._ready()

    def close(self) -> None:
        for pid in list(self.running):  # only after an exception in the parent: stop what is left
            try:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
            except OSError:
                pass
        self.running.clear()
        self.fillers = []
        if self.frozen:
            gc.unfreeze()
            self.frozen = False

    def _result_path(self, index: int) -> Path:
        return self.work.scratch / f"{index:08d}.out"

    def _fork(self, chunk: Chunk) -> int:
        pid = os.fork()
        if pid:
            return pid
        status = _CHILD_FAILED
        try:  # the child: run the chunk, leave its result in a file, and never return into the caller
            gc.freeze()
            if self.memory_mb:
                import resource

                cap = self.memory_mb * 1024 * 1024
                resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
            out = self._child(chunk)
            with open(self._result_path(chunk.index), "wb") as handle:
                dump(out, handle)
            status = 0
        finally:
            os._exit(status)

    def _child(self, chunk: Chunk) -> ChunkOut:
        files: dict[str, TextIO] = {}
        fragments: dict[str, str] = {}

        def sink(kind: str) -> TextIO:
            if kind not in files:
                fragments[kind] = str(self.work.scratch / f"{chunk.index:08d}.{kind}")
                files[kind] = open(fragments[kind], "w", encoding="utf-8", newline="")  # noqa: SIM115
            return files[kind]

        try:
            out = run_chunk(self.work, chunk, sink)
            for handle in files.values():
                handle.close()
            out.fragments = fragments
            return out
        except MemoryError:
            return _failed(_Sent.of(chunk), "the worker ran out of memory; a larger memory limit may help")
        except Exception as exc:  # reported by the parent as this chunk's failure
            return _failed(_Sent.of(chunk), f"internal error {type(exc).__name__}")

    def _reap(self) -> None:
        """Wait for any running child to end (polled: waiting for one pid would idle on a slow chunk)."""
        while True:
            for pid in list(self.running):
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    self._collect(self.running.pop(pid), status)
                    return
            time.sleep(0.002)

    def _collect(self, sent: _Sent, status: int) -> None:
        path = self._result_path(sent.index)
        out: ChunkOut | None = None
        if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
            try:
                with open(path, "rb") as handle:
                    out = pickle.load(handle)
            except (OSError, EOFError, pickle.UnpicklingError):
                out = None
        path.unlink(missing_ok=True)
        if out is None:
            why = (
                f"the worker was stopped by signal {os.WTERMSIG(status)}"
                if os.WIFSIGNALED(status)
                else "the worker stopped; a larger memory limit per worker may help"
            )
            out = _failed(sent, why)
        self.finished[sent.index] = out

    def _ready(self) -> list[ChunkOut]:
        ready: list[ChunkOut] = []
        while self.order and self.order[0].index in self.finished:
            ready.append(self.finished.pop(self.order.popleft().index))
        return ready


Runner = InlineRunner | ForkRunner


# -- the parent's heap, made fit to share -------------------------------------------------------------------
# CPython's small-object allocator hands out free blocks of partly used pools before fresh ones. After reading
# the tables, the parent's pools are sprinkled with free blocks (the readers' temporaries), thousands of pools
# with a few each. A child's allocations would go into those first, and each write copies a whole 16 KiB pool
# that the child otherwise shares: on a 12 Mb genome about 20 MB per child for 1 MB of holes. Before each fork
# the parent fills the holes with small inert objects (bytes and floats: no references, never touched again),
# so children allocate in pools of their own. The allocator's own statistics say how many blocks of each size
# are free; it costs about a millisecond.

_FREE_ROW = re.compile(r"^\s*\d+\s+(\d+)\s+\d+\s+\d+\s+(\d+)\s*$")  # class, size, pools, in use, free


def _free_blocks() -> dict[int, int]:
    """Free blocks in partly used pools, by block size (empty when the allocator does not say)."""
    stats = getattr(sys, "_debugmallocstats", None)
    if stats is None:
        return {}
    with tempfile.TemporaryFile() as capture:
        sys.stderr.flush()
        saved = os.dup(2)  # the statistics go to the C-level stderr
        try:
            os.dup2(capture.fileno(), 2)
            stats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        capture.seek(0)
        text = capture.read().decode("ascii", "replace")
    free: dict[int, int] = {}
    for line in text.splitlines():
        row = _FREE_ROW.match(line)
        if row:
            free[int(row.group(1))] = int(row.group(2))
        elif free:
            break
    return free


_BYTES_HEADER = sys.getsizeof(b"")  # a bytes object of length n takes this + n bytes


def _fill_heap_holes() -> list[object]:
    fillers: list[object] = []
    for size, count in _free_blocks().items():
        if size - _BYTES_HEADER >= 2:  # bytes of length 0 and 1 are shared singletons
            fillers.extend(bytes(size - _BYTES_HEADER) for _ in range(count))
        elif size >= sys.getsizeof(0.5) and size - 16 < sys.getsizeof(0.5):
            fillers.extend(float(n) + 0.5 for n in range(count))
    return fillers
