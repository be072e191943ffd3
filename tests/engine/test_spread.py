"""A job spread over workers (``gbprep.job.spread``): the same outputs as one ``run_job``, whatever the order
the chunks ran in, however often a chunk ran, and with a lost chunk named instead of a hung job."""

from __future__ import annotations

import multiprocessing
import pickle
from pathlib import Path

import pytest

from devtools.synth import SynthConfig, generate
from gbprep.job.run import JobOptions, run_job
from gbprep.job.spread import (
    spread_done,
    spread_finish,
    spread_finish_apart,
    spread_prepare,
    spread_run_chunk,
)
from gbprep.model.bundle import InputFile
from gbprep.model.diagnostics import Report, Severity, SourcePos
from gbprep.model.records import Feature, FeatureTable, Interval
from gbprep.readers.asn1text import read_asn1
from tests.engine.samples import TEMPLATE

GENOME = SynthConfig(size=300_000, genes=120, contigs=10, seed=5, inject=15, gap_every=40_000)


@pytest.fixture(scope="module")
def genome(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("genome")
    generate(folder, GENOME)
    (folder / "genome.sbt").write_text(TEMPLATE)
    return folder


def _inputs(folder: Path) -> list[InputFile]:
    return [InputFile(p, p.name) for p in sorted(folder.iterdir()) if p.suffix in (".fsa", ".tbl", ".sbt")]


def _outputs(folder: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and p.name != "report.json"
    }


def _options(out: Path) -> JobOptions:
    return JobOptions(chunk_records=2, chunk_residues=40_000, discrepancy_path=out / "discrep.txt")


def _run_chunks(scratch: Path, indexes: list[int]) -> None:
    for index in indexes:
        spread_run_chunk(scratch, index)


def test_chunks_run_out_of_order_in_other_processes_give_the_serial_outputs(
    genome: Path, tmp_path: Path
) -> None:
    serial = run_job(_inputs(genome), _options(tmp_path / "serial"), tmp_path / "serial")
    scratch = tmp_path / "scratch"
    count = spread_prepare(_inputs(genome), _options(tmp_path / "spread"), scratch)
    assert count == serial.stats["chunks"] > 3
    # Two worker processes, taking the chunks from both ends, as two Celery workers would in any order.
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_run_chunks, args=(scratch, list(range(count))[::-1][: count // 2])),
        context.Process(target=_run_chunks, args=(scratch, list(range(count))[: count - count // 2])),
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    assert spread_done(scratch, count) == count
    assert spread_run_chunk(scratch, 0) is False  # a redelivered chunk is not run again
    spread = spread_finish_apart(scratch, tmp_path / "spread")  # in a child, as the portal's merge runs it
    assert _outputs(tmp_path / "spread") == _outputs(tmp_path / "serial")
    assert [f.code for f in spread.findings] == [f.code for f in serial.findings]
    assert spread.stats["sequences"] == serial.stats["sequences"]


def test_a_chunk_that_never_ran_is_named_and_the_rest_is_written(genome: Path, tmp_path: Path) -> None:
    scratch = tmp_path / "scratch"
    count = spread_prepare(_inputs(genome), _options(tmp_path / "out"), scratch)
    _run_chunks(scratch, [i for i in range(count) if i != 1])
    result = spread_finish(scratch, tmp_path / "out")
    (lost,) = [f for f in result.findings if f.code == "JOB.ChunkFailed"]
    assert "did not finish" in lost.message
    report = Report()
    (tree,) = read_asn1(tmp_path / "out" / "genome.sqn", report)  # whole entries only: it still parses
    assert not [f for f in report if f.severity >= Severity.ERROR]
    assert tree.name == "Seq-submit"
    assert (tmp_path / "out" / "genome.gbf").stat().st_size > 0


def test_a_tables_order_marks_survive_the_trip_to_another_worker() -> None:
    # The marks are object ids; a job spread over workers pickles the tables, and the ids change on the way.
    pos = SourcePos("g.tbl", 1)
    joined = Feature("CDS", "c1", pos, [Interval(1, 9, pos), Interval(20, 29, pos)])
    ordered = Feature("CDS", "c1", pos, [Interval(40, 49, pos), Interval(60, 69, pos)])
    table = FeatureTable("c1", pos, None, [joined, ordered])
    table.mark_order(ordered)
    copy = pickle.loads(pickle.dumps(table))
    assert [copy.is_order(f) for f in copy] == [False, True]
    assert (copy.seq_id, copy.pos, copy.name, len(copy)) == ("c1", pos, None, 2)
