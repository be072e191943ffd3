"""The whole tbl2asn job: read -> validate -> discrepancy -> .sqn -> flatfile, one sequence at a time.

``run_job(inputs, options, out_dir)`` is what the ``tbl2asn`` command and the portal's workers call. Each
nucleotide FASTA file is one *unit* with its own outputs (``<base>.sqn``, ``<base>.gbf``, ``<base>.val``, as
tbl2asn names them); ``errorsummary.val``, the discrepancy report and the JSON report cover the whole job.

How the work is cut (and why results do not depend on the number of processes):

* Side files (tables, template, .src, .cmt, .pep) are small and read first, in this process.
* Each FASTA file is read once, in this process, so the reader's file-level checks (duplicate SeqIDs, text
  before the first '>') see the whole file. Records are packed into *chunks* bounded by residues and record
  count; a chunk is the unit of work (``_run_chunk``): ranges, rules, discrepancy collection, the record's
  .sqn entry and flatfile text, written to fragment files.
* Chunks run in this process (``processes=1``) or in a pool of forked workers that inherit the side files
  (nothing large is pickled but the records themselves). At most ``processes + 1`` chunks are in flight, so
  memory per worker is bounded by one chunk and the reader never runs far ahead.
* Results are taken in chunk order and fragments appended in that order: the outputs are byte-identical to a
  serial run. Chunk boundaries depend only on the sizes in ``JobOptions``, never on the process count.
* Every output is written to a temporary file beside its final name and renamed when complete, so a crash,
  a kill or a full disk never leaves a truncated ``.sqn``.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
import shutil
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from validation.core import job_stages as stages
from validation.core.diagnostics import Finding, Report, Severity, SourcePos, declare
from validation.core.job_files import AtomicFile, atomic_text, write_json
from validation.core.model import Descriptor, SequenceRecord, SourceModifier
from validation.core.pipeline import (
    NO_SEQUENCES,
    SOURCE_ROW_UNMATCHED,
    Bundle,
    InputFile,
    read_side_files,
    sequences,
)
from validation.core.readers.comment_table import read_comment_table
from validation.core.readers.fasta import seq_id_keys
from validation.core.readers.feature_table import FeatureTable, check_ranges, check_seq_ids
from validation.core.readers.source_table import normalize_modifier_name
from validation.core.readers.textio import DEFAULT_LIMITS, ReadLimits
from validation.core.rules import RuleOptions
from validation.core.writers.val import write_errorsummary, write_val

Progress = Callable[[int, str], None]

CHUNK_FAILED = declare(
    "JOB.ChunkFailed",
    Severity.ERROR,
    "Some sequences could not be processed",
    "This is a fault in the portal, not necessarily in your files. The sequences named were not validated "
    "or written; please report it to the curators with the files.",
)


@dataclass(frozen=True, slots=True)
class GapRule:
    """``-a r10u``: runs of at least ``min_run`` Ns become assembly gaps; with ``unknown_100`` a run of exactly
    100 Ns is a gap of unknown length, every other one of estimated length."""

    min_run: int
    unknown_100: bool


@dataclass(frozen=True, slots=True)
class JobOptions:
    """Every tbl2asn setting the job supports (flag in the comment), then our own."""

    # tbl2asn's settings
    fasta_set: bool = False  # -a s / -s: the FASTA is a set (we read every record either way)
    gaps: GapRule | None = None  # -a r<N><k|u>
    linkage_evidence: str | None = None  # -l
    source_qualifiers: str = ""  # -j "[organism=...] [strain=...]"
    organism: str | None = None  # -n
    comment: str | None = None  # -y
    comment_file: Path | None = None  # -Y
    structured_comment_file: Path | None = None  # -w
    comments_to_all: bool = False  # -X C: .cmt comments apply to every sequence
    eukaryote: bool = False  # -X E: the discrepancy report treats the organism as a eukaryote
    validate: bool = True  # -V v
    flatfile: bool = True  # -V b
    sqn: bool = True  # tbl2asn always writes the .sqn
    sqn_path: Path | None = None  # -o: the .sqn's name (one FASTA only)
    discrepancy_path: Path | None = None  # -Z
    genome: bool = False  # -M n
    cleanup: str = ""  # -c letters
    hold_until: date | None = None  # -H
    center_tag: str | None = None  # -C
    project_version: int = 0  # -N
    remove_gene_xrefs: bool = False  # -U
    taxonomy_lookup: bool = False  # -T: from the local taxonomy store (no network) ...
    taxonomy_store: Path | None = None  # ... made by `python -m validation taxonomy load`
    # ours
    processes: int = 1  # 0: one per CPU
    exit_zero: bool = False  # exit 0 even when ERRORs exist
    rules: RuleOptions = field(default_factory=RuleOptions)
    json_path: Path | None = None  # default: <out_dir>/report.json; see write_json
    write_json: bool = True
    chunk_residues: int = 1_000_000  # a chunk closes once it holds this many residues ...
    chunk_records: int = 200  # ... or this many records
    worker_memory_mb: int | None = None  # address-space cap per worker (RLIMIT_AS); None: no cap
    limits: ReadLimits = DEFAULT_LIMITS

    @property
    def rule_options(self) -> RuleOptions:
        return replace(self.rules, genome=True) if self.genome and not self.rules.genome else self.rules


@dataclass(slots=True)
class JobResult:
    report: Report
    stats: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, list[Path]] = field(default_factory=dict)  # kind ("sqn", "gbf", "val", ...) -> paths
    notes: list[str] = field(default_factory=list)  # what was asked but not done, in plain words

    @property
    def findings(self) -> list[Finding]:
        return self.report.findings

    def exit_code(self, exit_zero: bool = False) -> int:
        return 1 if self.report.has_errors and not exit_zero else 0


# -- units: one FASTA file with the side files that belong to it -------------------------------------------


@dataclass(slots=True)
class _Unit:
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


def _merge(into: Bundle, shared: Bundle) -> None:
    into.template = into.template or shared.template
    into.tables.extend(shared.tables)
    for seq_id, modifiers in shared.source_rows.items():
        into.source_rows.setdefault(seq_id, []).extend(modifiers)
    into.comments.extend(shared.comments)
    into.proteins.extend(shared.proteins)
    into.transcripts.extend(shared.transcripts)


def _option_descriptors(options: JobOptions, report: Report) -> list[Descriptor]:
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


def _add_modifiers(record: SequenceRecord, extra: Sequence[SourceModifier]) -> None:
    have = {normalize_modifier_name(m.name) for m in record.modifiers}
    for modifier in extra:
        if normalize_modifier_name(modifier.name) not in have:
            record.modifiers.append(modifier)


# -- chunks: the unit of work, in this process or in a worker ----------------------------------------------


@dataclass(slots=True)
class _Chunk:
    index: int  # position in the job; results are taken in this order
    unit: int
    first: int  # ordinal of the first record within its unit (the .sqn separates entries)
    records: list[SequenceRecord]


@dataclass(slots=True)
class _ChunkOut:
    index: int
    unit: int
    findings: list[Finding] = field(default_factory=list)
    partials: list[object] = field(default_factory=list)
    summaries: list[SequenceRecord] = field(default_factory=list)
    fragments: dict[str, str] = field(default_factory=dict)  # output kind -> fragment file path
    residues: int = 0
    failure: str | None = None


@dataclass(slots=True)
class _State:
    """What every chunk needs; forked workers inherit it, so feature tables are never pickled."""

    units: list[_Unit]
    options: JobOptions
    scratch: Path
    pipeline: stages.Stages


_WORKER_STATE: _State | None = None


def _init_worker(state: _State, memory_mb: int | None) -> None:
    global _WORKER_STATE
    _WORKER_STATE = state
    if memory_mb:
        import resource

        cap = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _worker_chunk(chunk: _Chunk) -> _ChunkOut:
    if _WORKER_STATE is None:
        raise RuntimeError("a job worker started without its state")
    return _run_chunk(_WORKER_STATE, chunk)


_DONE = SequenceRecord("", "", SourcePos("", 0))  # stands in for a record already processed


def _run_chunk(state: _State, chunk: _Chunk) -> _ChunkOut:
    """Everything per record: ranges, rules, discrepancy data, the .sqn entry and the flatfile text."""
    unit = state.units[chunk.unit]
    out = _ChunkOut(index=chunk.index, unit=chunk.unit)
    report = Report()
    files: dict[str, TextIO] = {}
    try:
        for offset, record in enumerate(chunk.records):
            matched = {id(t): t for key in seq_id_keys(record.seq_id) for t in unit.by_key.get(key, ())}
            tables = list(matched.values())
            check_ranges(tables, record.seq_id, len(record), report)
            done = state.pipeline.record(record, tables, unit.bundle, chunk.first + offset)
            report.extend(done.findings)
            if done.partial is not None:
                out.partials.append(done.partial)
            if done.summary is not None:
                out.summaries.append(done.summary)
            for kind, text in done.texts.items():  # written at once: a chunk's text is never all in memory
                if kind not in files:
                    path = state.scratch / f"{chunk.index:08d}.{kind}"
                    files[kind] = path.open("w", encoding="utf-8", newline="")
                    out.fragments[kind] = str(path)
                files[kind].write(text)
            out.residues += len(record)
            chunk.records[offset] = _DONE  # let the residues go as soon as the record is done
        for handle in files.values():
            handle.close()
    except Exception as exc:  # one bad chunk must cost its own sequences, never the job
        for handle in files.values():
            handle.close()
        ids = ", ".join(r.seq_id for r in chunk.records[:5] if r is not _DONE)
        out.failure = f"{type(exc).__name__}: {exc}"
        out.fragments = {}
        report.add(
            CHUNK_FAILED(
                next((r.pos for r in chunk.records if r is not _DONE), None),
                f"Processing stopped on the sequences {ids} (internal error {type(exc).__name__}); they are "
                "missing from the outputs.",
            )
        )
    out.findings = report.findings
    return out


class _Runner:
    """Runs chunks here or in a pool of forked workers, at most ``processes + 1`` in flight, results in order.

    The pool starts only when there is more than one chunk to share (a small job pays nothing for it). When a
    worker dies (memory cap, OOM killer), the pool is broken and every chunk in flight with it: each of those
    is retried alone in a fresh worker, so only the chunk that kills its worker is lost.
    """

    def __init__(self, state: _State, processes: int, memory_mb: int | None, *, eager: bool) -> None:
        self.state = state
        self.processes = processes
        self.memory_mb = memory_mb
        self.pool: ProcessPoolExecutor | None = None
        self.pending: deque[tuple[_Chunk, Future[_ChunkOut]]] = deque()
        self.window = processes + 1  # one chunk waiting per worker, one being read: memory stays bounded
        self.started = 0
        if processes > 1 and eager:
            self.pool = self._pool(processes)

    def _pool(self, size: int) -> ProcessPoolExecutor:
        # Objects that exist now (the feature tables) are shared with the forked workers; frozen, the garbage
        # collector leaves them alone, so their pages are not copied into every worker.
        gc.freeze()
        context = multiprocessing.get_context("fork")
        return ProcessPoolExecutor(
            size, mp_context=context, initializer=_init_worker, initargs=(self.state, self.memory_mb)
        )

    def submit(self, chunk: _Chunk) -> Iterator[_ChunkOut]:
        self.started += 1
        if self.pool is None and self.processes > 1 and self.started > 1:
            self.pool = self._pool(self.processes)
        if self.pool is None:
            yield _run_chunk(self.state, chunk)
            return
        try:
            future = self.pool.submit(_worker_chunk, chunk)
        except BrokenProcessPool:
            self._restart()
            future = self.pool.submit(_worker_chunk, chunk)
        self.pending.append((chunk, future))
        while len(self.pending) >= self.window:
            yield self._take()

    def drain(self) -> Iterator[_ChunkOut]:
        while self.pending:
            yield self._take()

    def _restart(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._pool(self.processes)

    def _take(self) -> _ChunkOut:
        chunk, future = self.pending.popleft()
        try:
            return future.result()
        except Exception:  # the pool broke under this chunk or a neighbour: retry it alone
            return self._alone(chunk)

    def _alone(self, chunk: _Chunk) -> _ChunkOut:
        with self._pool(1) as solo:
            try:
                return solo.submit(_worker_chunk, chunk).result()
            except Exception as exc:
                ids = ", ".join(r.seq_id for r in chunk.records[:5]) + (
                    " ..." if len(chunk.records) > 5 else ""
                )
                finding = CHUNK_FAILED(
                    chunk.records[0].pos if chunk.records else None,
                    f"The worker processing {ids} stopped ({type(exc).__name__}); these sequences are missing "
                    "from the outputs. A larger memory limit per worker may help.",
                )
                return _ChunkOut(index=chunk.index, unit=chunk.unit, findings=[finding], failure=repr(exc))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            gc.unfreeze()


# -- outputs -------------------------------------------------------------------------------------------------


# -- the job ---------------------------------------------------------------------------------------------------


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
    shared_files, unit_files = plan_units(inputs)
    shared = read_side_files(shared_files, job_report, options.limits)
    extra_descriptors = _option_descriptors(options, job_report)
    units: list[_Unit] = []
    for fasta, own in unit_files:
        unit_report = Report()
        bundle = read_side_files([fasta, *own], unit_report, options.limits)
        _merge(bundle, shared)
        if options.comments_to_all:
            for descriptor in bundle.comments:
                descriptor.seq_id = None
        bundle.comments.extend(extra_descriptors)
        units.append(
            _Unit(base_name(fasta.name), fasta, bundle, unit_report, by_key=bundle.features_by_key())
        )
    if not units:
        job_report.add(NO_SEQUENCES(None, "None of the files is a nucleotide FASTA (.fsa) file."))
    modifiers = command_line_modifiers(options)
    fasta_bytes = sum(max(u.fasta.path.stat().st_size, 1) for u in units) or 1
    processes = _process_count(options.processes)
    stats: dict[str, Any] = {
        "files": len(inputs),
        "sequences": 0,
        "residues": 0,
        "features": sum(len(t) for u in units for t in u.bundle.tables),
        "chunks": 0,
        "processes": processes,
    }
    scratch = Path(tempfile.mkdtemp(prefix=".tbl2asn-work-", dir=out_dir))
    state = _State(units=units, options=options, scratch=scratch, pipeline=pipeline)
    runner = _Runner(state, processes, options.worker_memory_mb, eager=fasta_bytes > options.chunk_residues)
    partials: list[object] = []
    done_residues = 0

    def take(out: _ChunkOut) -> None:
        nonlocal done_residues
        unit = units[out.unit]
        unit.findings.extend(out.findings)
        unit.summaries.extend(out.summaries)
        partials.extend(out.partials)
        for kind, path in out.fragments.items():
            if kind in unit.writers:
                unit.writers[kind].append_file(path)
            Path(path).unlink(missing_ok=True)
        unit.chunks_done += 1
        done_residues += out.residues
        tell(min(95, 2 + done_residues * 93 // fasta_bytes), f"{unit.base}: {done_residues:,} residues done")
        if unit.read_done and unit.chunks_done == unit.chunks_sent:
            _finish_unit(unit, pipeline, result)

    try:
        index = 0
        for number, unit in enumerate(units):
            for kind, final in _unit_outputs(unit, options, out_dir, len(units), pipeline).items():
                unit.writers[kind] = AtomicFile(final)
                pipeline.begin(kind, unit.writers[kind].handle, unit.bundle)
            batch: list[SequenceRecord] = []
            size = first = 0
            for _item, record in sequences(Bundle(fasta=[unit.fasta]), unit.report, options.limits):
                _add_modifiers(record, modifiers)
                unit.seq_ids.append(record.seq_id)
                unit.lengths[record.seq_id] = len(record)
                stats["sequences"] += 1
                stats["residues"] += len(record)
                batch.append(record)
                size += len(record)
                if size >= options.chunk_residues or len(batch) >= options.chunk_records:
                    unit.chunks_sent += 1
                    for out in runner.submit(_Chunk(index, number, first, batch)):
                        take(out)
                    index, first = index + 1, first + len(batch)
                    batch, size = [], 0
            if batch:
                unit.chunks_sent += 1
                for out in runner.submit(_Chunk(index, number, first, batch)):
                    take(out)
                index += 1
            unit.read_done = True
            if unit.chunks_done == unit.chunks_sent:
                _finish_unit(unit, pipeline, result)
        for out in runner.drain():
            take(out)
        stats["chunks"] = index
        tell(96, "writing reports")
        _job_outputs(units, job_report, partials, options, out_dir, pipeline, result)
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


def _process_count(wanted: int) -> int:
    count = wanted if wanted > 0 else (os.cpu_count() or 1)
    # A daemonic process (a Celery prefork child) may not start children: it runs the chunks itself.
    if count > 1 and multiprocessing.current_process().daemon:
        return 1
    if count > 1 and "fork" not in multiprocessing.get_all_start_methods():
        return 1  # workers must inherit the feature tables; without fork, run serially
    return count


def _unit_outputs(
    unit: _Unit, options: JobOptions, out_dir: Path, count: int, pipeline: stages.Stages
) -> dict[str, Path]:
    """The streamed outputs of one unit, by tbl2asn's names."""
    wanted: dict[str, Path] = {}
    if options.sqn and pipeline.streams("sqn"):
        wanted["sqn"] = options.sqn_path if options.sqn_path and count == 1 else out_dir / f"{unit.base}.sqn"
    if options.flatfile and pipeline.streams("gbf"):
        wanted["gbf"] = out_dir / f"{unit.base}.gbf"
    return wanted


def _finish_unit(unit: _Unit, pipeline: stages.Stages, result: JobResult) -> None:
    """Close the unit's streamed outputs (renamed into place only now) and run its end-of-file checks."""
    if unit.bundle.fasta:
        check_seq_ids([t for t in unit.bundle.tables if t], unit.seq_ids, unit.report)
        _check_source_rows(unit)
        unit.report.extend(pipeline.submission(unit.bundle, unit.summaries, unit.lengths))
    for kind, writer in unit.writers.items():
        pipeline.end(kind, writer.handle, unit.bundle)
        result.outputs.setdefault(kind, []).append(writer.commit())
    unit.writers = {}


def _check_source_rows(unit: _Unit) -> None:
    known = {key for seq_id in unit.seq_ids for key in seq_id_keys(seq_id)}
    for seq_id, modifiers in unit.bundle.source_rows.items():
        if not known.intersection(seq_id_keys(seq_id)):
            pos = modifiers[0].pos if modifiers else None
            unit.report.add(
                SOURCE_ROW_UNMATCHED(pos, f"Source table row '{seq_id}' matches no FASTA sequence.")
            )


def _owner(finding: Finding, units: list[_Unit], files: dict[str, int]) -> int:
    """Which unit's .val a job-level finding goes to: the unit whose file it names, else the first."""
    return files.get(finding.pos.file, 0) if finding.pos is not None else 0


def _job_outputs(
    units: list[_Unit],
    job_report: Report,
    partials: list[object],
    options: JobOptions,
    out_dir: Path,
    pipeline: stages.Stages,
    result: JobResult,
) -> None:
    """The job-wide checks and outputs: submission-scope rules, the .val files, errorsummary.val, -Z."""
    result.report.extend(job_report.findings)
    files = {u.fasta.name: i for i, u in enumerate(units)}
    per_unit: list[list[Finding]] = [[] for _ in units]
    for finding in job_report.findings:
        if units:
            per_unit[_owner(finding, units, files)].append(finding)
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
    if options.discrepancy_path is not None and pipeline.has_discrepancy:
        with atomic_text(options.discrepancy_path) as out:
            pipeline.discrepancy(partials, out)
        result.outputs.setdefault("discrepancy", []).append(options.discrepancy_path)
