"""The registry, the per-record/finish split (picklable partials) and the tbl2asn text writer."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

from gbprep.discrepancy import (
    TESTS,
    DiscrepancyOptions,
    DiscrepancyReport,
    ReportLine,
    collect_record,
    finish,
)
from gbprep.discrepancy.registry import ORDER
from gbprep.job.inputs import read_side_files, sequences
from gbprep.model.bundle import InputFile
from gbprep.model.diagnostics import Report
from gbprep.readers.textio import DEFAULT_LIMITS
from gbprep.writers.discrep import read_discrepancy_summary, write_discrepancy
from tests.engine.discrepancy.helpers import GENOME, seq

TABLE = ">Feature c1\n1\t300\tCDS\n\t\t\tproduct\tthing\n\t\t\tprotein_id\tWS1030\n"


def _partials(folder: Path, options: DiscrepancyOptions) -> list[object]:
    (folder / "genome.fsa").write_text(seq("c1", GENOME) + seq("c2", "ACGT" * 40))
    (folder / "genome.tbl").write_text(TABLE)
    report = Report()
    bundle = read_side_files([InputFile(p, p.name) for p in sorted(folder.iterdir())], report, DEFAULT_LIMITS)
    tables = bundle.features_by_key()
    return [
        collect_record(rec, tables.get(f"lcl|{rec.seq_id}", []), bundle, options)
        for _i, rec in sequences(bundle, report, DEFAULT_LIMITS)
    ]


def test_every_test_is_documented_and_ordered() -> None:
    for name, test in TESTS.items():
        assert test.summary and test.what and test.why and test.fix, name
        assert name in ORDER, f"{name} has no place in the report order"


def test_partials_survive_a_process_boundary(tmp_path: Path) -> None:
    options = DiscrepancyOptions()
    partials = _partials(tmp_path, options)
    copied = pickle.loads(pickle.dumps(partials))
    assert finish(copied, options).summary_lines() == finish(partials, options).summary_lines()  # type: ignore[arg-type]


def test_select_and_ignore(tmp_path: Path) -> None:
    only = DiscrepancyOptions(
        select=frozenset({"SHORT_CONTIG", "MISSING_PROTEIN_ID"}), ignore=frozenset({"SHORT_CONTIG"})
    )
    report = finish(_partials(tmp_path, only), only)  # type: ignore[arg-type]
    assert report.summary_lines() == ["MISSING_PROTEIN_ID:1 proteins have invalid IDs."]


def test_written_report_reads_back_and_keeps_origins(tmp_path: Path) -> None:
    options = DiscrepancyOptions(genome_mode=True)
    report = finish(_partials(tmp_path, options), options)  # type: ignore[arg-type]
    out = io.StringIO()
    write_discrepancy(report, out, origins=True)
    text = out.getvalue()
    assert text.startswith("Discrepancy Report Results\n\nSummary\n")
    assert "FATAL: MISSING_PROTEIN_ID:1 proteins have invalid IDs.\n" in text
    assert (
        "FATAL: DiscRep_ALL:MISSING_PROTEIN_ID::1 proteins have invalid IDs.\ngenome:WS1030 (length 99)\tgenome.tbl:2\n"
        in text
    )
    (tmp_path / "discrep.txt").write_text(text)
    assert read_discrepancy_summary(tmp_path / "discrep.txt") == report.summary_lines()


def test_a_fatal_category_is_marked_in_the_summary_too() -> None:
    sub = ReportLine("T", "Remove organism from product name", fatal=True, in_summary=True)
    report = DiscrepancyReport([ReportLine("T", "1 product_names contain suspect phrase", subs=[sub])])
    out = io.StringIO()
    write_discrepancy(report, out)
    assert (
        "T:1 product_names contain suspect phrase\n\tFATAL: Remove organism from product name\n"
        in out.getvalue()
    )
