"""The tbl2asn job (``gbprep.job.run.run_job``): units, chunks, the process pool, outputs, progress."""

from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from devtools.synth import SynthConfig, generate
from gbprep.job.run import JobOptions, atomic_text, base_name, command_line_modifiers, plan_units, run_job
from gbprep.model.bundle import InputFile
from gbprep.model.diagnostics import SourcePos
from gbprep.model.records import SequenceRecord, SourceModifier
from tests.engine.samples import TEMPLATE

# Small enough for a test, large enough for many chunks; inject planted errors so the .val has content.
GENOME = SynthConfig(size=400_000, genes=150, contigs=12, seed=11, inject=20, gap_every=40_000)


@pytest.fixture(scope="module")
def genome(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("genome")
    generate(folder, GENOME)
    (folder / "genome.sbt").write_text(TEMPLATE)
    return folder


def _inputs(folder: Path) -> list[InputFile]:
    return [
        InputFile(p, p.name) for p in sorted(folder.iterdir()) if p.suffix in (".fsa", ".tbl", ".sbt", ".gz")
    ]


def _outputs(folder: Path) -> dict[str, bytes]:
    """Every output but the JSON report (which holds timings and paths)."""
    return {
        p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and p.name != "report.json"
    }


def test_a_pool_of_workers_writes_exactly_what_a_serial_run_writes(genome: Path, tmp_path: Path) -> None:
    options = JobOptions(chunk_records=2, chunk_residues=50_000)
    serial = run_job(_inputs(genome), options, tmp_path / "serial")
    pooled = run_job(
        _inputs(genome), JobOptions(chunk_records=2, chunk_residues=50_000, processes=2), tmp_path / "pool"
    )
    assert serial.stats["processes"] == 1
    assert pooled.stats["processes"] == 2
    assert pooled.stats["chunks"] == serial.stats["chunks"] >= 6
    assert serial.stats["sequences"] == GENOME.contigs
    assert _outputs(tmp_path / "serial") == _outputs(tmp_path / "pool")
    assert [f.as_dict() for f in serial.findings] == [f.as_dict() for f in pooled.findings]
    assert serial.report.has_errors  # the planted errors were found, so the comparison compared something


def test_outputs_carry_tbl2asns_names_and_no_temporary_file_is_left(genome: Path, tmp_path: Path) -> None:
    result = run_job(_inputs(genome), JobOptions(), tmp_path)
    names = {p.name for p in tmp_path.iterdir()}
    assert {"genome.val", "errorsummary.val", "report.json"} <= names
    assert not [n for n in names if n.startswith(".")], names
    assert result.outputs["val"] == [tmp_path / "genome.val"]
    document = json.loads((tmp_path / "report.json").read_text())
    assert document["summary"]["ERROR"] == result.report.summary()["ERROR"] > 0
    assert document["summary"]["exit_code"] == 1
    first = document["findings"][0]
    assert first["file"] and first["line"] and first["fix"]


def test_every_val_line_names_the_users_file_and_line(genome: Path, tmp_path: Path) -> None:
    run_job(_inputs(genome), JobOptions(), tmp_path)
    lines = (tmp_path / "genome.val").read_text().splitlines()
    assert lines
    for line in lines:
        assert line.startswith(("ERROR: valid [", "WARNING: valid [", "NOTE: valid [", "REJECT: valid ["))
        assert line.endswith(")") and (
            "(genome.tbl:" in line or "(genome.fsa:" in line or "(genome.sbt:" in line
        )


def test_gzip_inputs_give_the_same_findings_as_plain_ones(genome: Path, tmp_path: Path) -> None:
    packed = tmp_path / "packed"
    packed.mkdir()
    for name in ("genome.fsa", "genome.tbl"):
        (packed / f"{name}.gz").write_bytes(gzip.compress((genome / name).read_bytes()))
    shutil.copy(genome / "genome.sbt", packed / "genome.sbt")
    plain = run_job(_inputs(genome), JobOptions(), tmp_path / "plain")
    zipped = run_job(_inputs(packed), JobOptions(), tmp_path / "zipped")
    assert (tmp_path / "zipped" / "genome.val").is_file()

    def keyed(result: object) -> list[tuple[str, str, int]]:
        findings = result.findings  # type: ignore[attr-defined]
        return [(f.code, f.message, f.pos.line if f.pos else 0) for f in findings]

    assert keyed(zipped) == keyed(plain)


def test_every_sequence_of_a_multi_fasta_is_processed_without_a_set_flag(
    genome: Path, tmp_path: Path
) -> None:
    result = run_job(_inputs(genome), JobOptions(fasta_set=False), tmp_path)
    assert result.stats["sequences"] == GENOME.contigs
    assert result.stats["residues"] >= GENOME.size


def test_progress_rises_to_100(genome: Path, tmp_path: Path) -> None:
    seen: list[int] = []
    run_job(_inputs(genome), JobOptions(chunk_records=1), tmp_path, progress=lambda p, _note: seen.append(p))
    assert seen[0] == 0 and seen[-1] == 100
    assert seen == sorted(seen)
    assert len(seen) > GENOME.contigs  # one tick per chunk at least


def test_each_fasta_gets_its_own_val_with_its_own_table(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    fasta = ">{0} [organism=Saccharomyces cerevisiae]\n" + "ATGAAATAGAAATGA" * 8 + "\n"
    (inputs / "a.fsa").write_text(fasta.format("ca"))
    (inputs / "b.fsa").write_text(fasta.format("cb"))
    (inputs / "a.tbl").write_text(">Feature ca\n1\t9\tCDS\n\t\t\tproduct\tshort protein\n")
    (inputs / "all.sbt").write_text(TEMPLATE)
    files = [InputFile(p, p.name) for p in sorted(inputs.iterdir())]
    shared, units = plan_units(files)
    assert [f.name for f in shared] == ["all.sbt"]
    assert [(f.name, [o.name for o in own]) for f, own in units] == [("a.fsa", ["a.tbl"]), ("b.fsa", [])]
    result = run_job(files, JobOptions(), tmp_path / "out")
    assert sorted(p.name for p in result.outputs["val"]) == ["a.val", "b.val"]
    assert result.stats["features"] == 1


def test_one_fasta_takes_every_side_file_whatever_its_name() -> None:
    files = [InputFile(Path(n), n) for n in ("genome.fsa", "annotation.tbl", "t.sbt", "sources.src")]
    shared, units = plan_units(files)
    assert [f.name for f in shared] == ["t.sbt"]
    assert [o.name for o in units[0][1]] == ["annotation.tbl", "sources.src"]


@pytest.mark.parametrize(
    ("name", "base"),
    [("Sc_16.fsa", "Sc_16"), ("genome.fsa.gz", "genome"), ("v1.2.fasta", "v1.2"), ("plain", "plain")],
)
def test_base_name_is_tbl2asns(name: str, base: str) -> None:
    assert base_name(name) == base


def test_command_line_modifiers_do_not_override_the_defline() -> None:
    options = JobOptions(source_qualifiers="[organism=Homo sapiens] [ strain = X1 ]", organism=None)
    modifiers = command_line_modifiers(options)
    assert [(m.name, m.value) for m in modifiers] == [("organism", "Homo sapiens"), ("strain", "X1")]
    from gbprep.job.run import _add_modifiers

    record = SequenceRecord(
        "c1",
        "",
        SourcePos("a.fsa", 1),
        modifiers=[SourceModifier("organism", "Mus musculus", SourcePos("a.fsa", 1))],
    )
    _add_modifiers(record, modifiers)
    assert [(m.name, m.value) for m in record.modifiers] == [("organism", "Mus musculus"), ("strain", "X1")]


def _write_half_then_fail(final: Path) -> None:
    with atomic_text(final) as out:
        out.write("half of a new ")
        raise RuntimeError("disk full")


def test_an_output_interrupted_midway_leaves_the_previous_file_whole(tmp_path: Path) -> None:
    final = tmp_path / "x.sqn"
    final.write_text("complete old file\n")
    with pytest.raises(RuntimeError):
        _write_half_then_fail(final)
    assert final.read_text() == "complete old file\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.sqn"]


def test_a_worker_over_its_memory_cap_costs_at_most_its_chunk(tmp_path: Path) -> None:
    # Two 2 Mb contigs, each chunk in a child forked for it; a 1 MB address-space cap leaves the child no room
    # to work, so it dies. Its chunk is then a finding; the job itself must finish, with every sequence either
    # processed or named as lost.
    generate(tmp_path / "in", SynthConfig(size=4_000_000, genes=100, contigs=2, seed=5))
    capped = run_job(
        _inputs(tmp_path / "in"),
        JobOptions(processes=2, chunk_records=1, worker_memory_mb=1),
        tmp_path / "capped",
    )
    free = run_job(_inputs(tmp_path / "in"), JobOptions(processes=2, chunk_records=1), tmp_path / "free")
    assert not [f for f in free.findings if f.code == "JOB.ChunkFailed"]
    failed = [f for f in capped.findings if f.code == "JOB.ChunkFailed"]
    if failed:
        assert all(f.pos is not None and f.pos.file == "genome.fsa" for f in failed)
        assert "JOB.ChunkFailed" in (tmp_path / "capped" / "errorsummary.val").read_text()
        assert capped.exit_code() == 1
        # What the lost chunks would have written is absent, not half there: the .sqn still parses whole.
        from gbprep.model.diagnostics import Report
        from gbprep.readers.asn1text import read_asn1

        parsed = Report()
        read_asn1(tmp_path / "capped" / "genome.sqn", parsed)
        assert not parsed.has_errors, parsed.findings[:3]
    else:  # every retry fitted: the outputs must then be exactly the uncapped ones
        assert _outputs(tmp_path / "capped") == _outputs(tmp_path / "free")


def test_the_sqn_printed_entry_by_entry_is_the_sqn_printed_whole(genome: Path, tmp_path: Path) -> None:
    # Entries are printed alone (in workers) and joined; the file must be what one printer writes in one go.
    from gbprep import assemble
    from gbprep.assemble.entry import record_features
    from gbprep.job.inputs import read_side_files, sequences
    from gbprep.model.diagnostics import Report
    from gbprep.readers.asn1text import read_asn1
    from gbprep.readers.textio import DEFAULT_LIMITS
    from gbprep.writers.genbank import render_genbank
    from gbprep.writers.sqn import write_seq_submit

    options = JobOptions(fasta_set=True, chunk_records=3, processes=2)
    run_job(_inputs(genome), options, tmp_path / "job")
    report = Report()
    bundle = read_side_files(_inputs(genome), report, DEFAULT_LIMITS)
    settings = assemble.AssembleOptions(fasta_set=True)
    header = assemble.assemble_submit(bundle, settings)
    entries = (
        assemble.assemble_entry(record, *_features(record_features, bundle, record), bundle, settings)
        for _item, record in sequences(bundle, report, DEFAULT_LIMITS)
    )
    with (tmp_path / "whole.sqn").open("w") as out:
        write_seq_submit(out, header, entries)
    assert (tmp_path / "job" / "genome.sqn").read_text() == (tmp_path / "whole.sqn").read_text()
    whole = io.StringIO()
    render_genbank(read_asn1(tmp_path / "whole.sqn", Report())[0], whole)
    assert (tmp_path / "job" / "genome.gbf").read_text() == whole.getvalue()


def _features(record_features: Any, bundle: Any, record: Any) -> tuple[Any]:
    features, _ordered = record_features(bundle, record)
    return (features,)


def test_holes_in_the_parents_heap_are_filled_before_a_fork() -> None:
    # Children would otherwise allocate into these holes and copy every page that holds one.
    from gbprep.job.chunks import _fill_heap_holes, _free_blocks

    if not _free_blocks():
        pytest.skip("this Python's allocator gives no statistics (not CPython's pymalloc)")
    objects = [bytes(40) for _ in range(60_000)]  # 73-byte objects: the 80-byte size class
    del objects[::2]  # 30,000 holes spread over every pool they used
    before = _free_blocks()[80]
    fillers = _fill_heap_holes()
    after = _free_blocks()[80]
    assert before >= 30_000
    assert after < before // 20
    assert len(fillers) >= before - after


def test_processes_0_forks_only_for_large_inputs() -> None:
    import os

    from gbprep.job.run import AUTO_PARALLEL_BYTES, _process_count

    assert _process_count(0, AUTO_PARALLEL_BYTES - 1) == 1
    assert _process_count(0, AUTO_PARALLEL_BYTES) == (os.cpu_count() or 1)
    assert _process_count(3, 10) == 3  # asked for: given


def test_what_chunks_hand_back_survives_the_trip_through_a_file(tmp_path: Path) -> None:
    import pickle

    from gbprep.job.chunks import ChunkOut, dump
    from gbprep.model.diagnostics import Finding, Severity

    pos = SourcePos("genome.tbl", 12, 3)
    out = ChunkOut(
        index=4,
        unit=1,
        findings=[Finding("SEQ_FEAT.X", Severity.WARNING, "message", "fix", pos, "c1", "CDS")],
        summaries=[
            SequenceRecord("c1", "", SourcePos("genome.fsa", 1), modifiers=[SourceModifier("a", "b", pos)])
        ],
        fragments={"sqn": "/x/00000004.sqn"},
        residues=1_000,
    )
    with (tmp_path / "out").open("wb") as handle:
        dump(out, handle)
    with (tmp_path / "out").open("rb") as handle:
        back = pickle.load(handle)
    assert back == out
    assert back.findings[0].pos == pos and type(back.findings[0].pos) is SourcePos


def test_a_fragment_that_follows_a_lost_first_entry_drops_its_separator(tmp_path: Path) -> None:
    # When the chunk holding a unit's first entry is lost, the next entry (printed as a follower) starts with
    # ' ,'; appended after the opening brace as it is, the .sqn would not parse.
    from gbprep.job.files import AtomicFile

    fragment = tmp_path / "frag"
    fragment.write_bytes(b" ,\n  seq { }")
    out = AtomicFile(tmp_path / "a.sqn")
    out.handle.write("Seq-submit ::= {")
    out.append_file(str(fragment), drop_lead=b" ,")
    out.append_file(str(fragment), drop_lead=b"")  # a later entry keeps its separator
    assert out.commit().read_text() == "Seq-submit ::= {\n  seq { } ,\n  seq { }"


def test_a_gff3_cds_without_its_stop_codon_is_3_partial_in_the_flatfile(tmp_path: Path) -> None:
    # GFF3 has no '>' of its own: the job infers the open end from the missing stop codon, as `check` does.
    folder = tmp_path / "in"
    folder.mkdir()
    bases = "ATGAAATTTGGGCCC" * 4  # 60 bases, no stop codon
    (folder / "a.fsa").write_text(">c1 [organism=Saccharomyces cerevisiae]\n" + bases + "\n")
    (folder / "a.gff3").write_text(
        "##gff-version 3\n"
        "c1\t.\tgene\t1\t60\t.\t+\t.\tID=g1;locus_tag=ABC_000010\n"
        "c1\t.\tmRNA\t1\t60\t.\t+\t.\tID=m1;Parent=g1;product=kinase\n"
        "c1\t.\tCDS\t1\t60\t.\t+\t0\tID=c1;Parent=m1;product=kinase\n"
    )
    (folder / "a.sbt").write_text(TEMPLATE)
    inputs = [InputFile(p, p.name) for p in sorted(folder.iterdir())]
    run_job(inputs, JobOptions(flatfile=True), tmp_path / "out")
    flatfile = (tmp_path / "out" / "a.gbf").read_text()
    assert "     CDS             1..>60\n" in flatfile, flatfile


def test_an_entry_written_in_process_after_a_lost_first_one_drops_its_separator(tmp_path: Path) -> None:
    from gbprep.job.files import AtomicFile

    out = AtomicFile(tmp_path / "a.sqn")
    out.handle.write("Seq-submit ::= {")
    mark = out.handle.tell()
    out.handle.write(" ,\n  seq { }")
    out.drop_from(mark, b" ,")
    out.handle.write(" ,\n  seq { }")  # and the file goes on from its new end
    assert out.commit().read_text() == "Seq-submit ::= {\n  seq { } ,\n  seq { }"
