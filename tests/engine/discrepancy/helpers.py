"""Tiny submissions on disk for discrepancy tests: a FASTA and a feature table read by the real readers."""

from __future__ import annotations

from pathlib import Path

from gbprep.discrepancy import DiscrepancyOptions, DiscrepancyReport, collect_record, finish
from gbprep.job.inputs import read_side_files, sequences
from gbprep.model.bundle import InputFile
from gbprep.model.diagnostics import Report
from gbprep.model.seqids import seq_id_keys
from gbprep.readers.textio import DEFAULT_LIMITS


def make_report(
    folder: Path, fasta: str, table: str = "", options: DiscrepancyOptions | None = None, **files: str
) -> DiscrepancyReport:
    """Write ``genome.fsa`` (and ``genome.tbl`` and any ``name_ext=text`` files), read them, make the report."""
    (folder / "genome.fsa").write_text(fasta)
    if table:
        (folder / "genome.tbl").write_text(table)
    for name, text in files.items():
        (folder / name.replace("_", ".")).write_text(text)
    options = options or DiscrepancyOptions()
    report = Report()
    inputs = [InputFile(p, p.name) for p in sorted(folder.iterdir()) if p.is_file()]
    bundle = read_side_files(inputs, report, DEFAULT_LIMITS)
    by_key = bundle.features_by_key()
    partials = []
    for _item, rec in sequences(bundle, report, DEFAULT_LIMITS):
        tables = {id(t): t for key in seq_id_keys(rec.seq_id) for t in by_key.get(key, ())}
        partials.append(collect_record(rec, list(tables.values()), bundle, options))
    return finish(partials, options)


def summary(report: DiscrepancyReport, test: str) -> list[str]:
    """The summary lines of one test."""
    return [line for line in report.summary_lines() if line.removeprefix("FATAL: ").startswith(test + ":")]


def seq(seq_id: str, residues: str, mods: str = "[organism=Escherichia coli]") -> str:
    lines = [residues[i : i + 60] for i in range(0, len(residues), 60)]
    return f">{seq_id} {mods}\n" + "\n".join(lines) + "\n"


# A 600-base sequence whose first CDS (1..300) translates cleanly: ATG, 98 sense codons, TAA.
CODING = "ATG" + "GCT" * 98 + "TAA"
GENOME = CODING + "ACGT" * 75
