"""The table ``gff2tbl --fasta`` writes is the table the job validates when it reads the same GFF3.

Generated submissions (``devtools.diffgen``: genes on both strands, partial ends right and wrong about the
codons, pseudo genes, RNAs) are written as GFF3 in every dialect the reader knows. For each, the job is run
on FASTA + GFF3 and on FASTA + the ``.tbl`` that ``gff2tbl --fasta`` wrote: the validator must find the same
things on both, and the features (keys, locations with their partial ends, products) read from either must be
equal. A difference means ``gff2tbl`` hands the submitter a table other than the one that was checked.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from devtools.diffgen.generator import generate
from devtools.diffgen.gff3 import DIALECTS, gff3_text
from devtools.diffgen.writer import write
from gbprep.cli.main import main
from gbprep.gff import infer_codon_partials, read_gff3_tables
from gbprep.job.check import check_files
from gbprep.model.bundle import InputFile
from gbprep.model.coding import genetic_code_for
from gbprep.model.diagnostics import Report
from gbprep.model.records import FeatureTable
from gbprep.readers.fasta import read_fasta
from gbprep.readers.feature_table import read_feature_tables

SEEDS = range(6)


def _findings(*paths: Path) -> Counter[tuple[str, str]]:
    result = check_files([InputFile(p, p.name) for p in paths])
    # The file and line differ by design (GFF3 line vs table line); what was found, and on which sequence,
    # must not.
    return Counter((f.code, f.seq_id or "") for f in result.report if f.code.startswith("SEQ_"))


Shape = Counter[tuple[str, str, tuple[tuple[int, int, bool, bool], ...], str]]


def _shape(tables: dict[str, FeatureTable]) -> Shape:
    return Counter(
        (
            table.seq_id.split("|")[-1],
            f.key,
            tuple((iv.start, iv.stop, iv.partial_start, iv.partial_stop) for iv in f.intervals),
            f.get("product") or "",
        )
        for table in tables.values()
        for f in table
    )


def _job_features(gff: Path, fasta: Path) -> Shape:
    """The GFF3's features as the job holds them when it validates a record (codon partials inferred)."""
    tables = read_gff3_tables(gff, Report())
    for record in read_fasta(fasta, Report()):
        matched = [t for t in tables.values() if t.seq_id.split("|")[-1] == record.seq_id]
        infer_codon_partials(matched, record, genetic_code_for(record.modifiers))
    return _shape(tables)


def _gff2tbl(gff: Path, fasta: Path, out: Path) -> None:
    # The job's own GFF3 options: the dialect recognised, the file's ids replaced.
    code = main(["gff2tbl", str(gff), "--fasta", str(fasta), "-o", str(out)])
    assert code in (0, 1), f"gff2tbl exited {code} on {gff.name}"


@pytest.mark.parametrize("seed", SEEDS)
def test_gff2tbl_writes_the_table_the_job_validates(seed: int, tmp_path: Path) -> None:
    sub = generate(seed)
    # A seed without features would compare nothing: the seeds are chosen to have some.
    assert any(r.features for r in sub.records), f"seed {seed} generated no features; choose other seeds"
    inputs = write(sub, tmp_path / "case")
    fasta = inputs / f"{sub.base}.fsa"
    (inputs / f"{sub.base}.tbl").unlink(missing_ok=True)  # only what the GFF3 says
    differing: list[str] = []
    for dialect in DIALECTS:
        folder = tmp_path / dialect
        folder.mkdir()
        gff = folder / f"{sub.base}.gff3"
        gff.write_text(gff3_text(sub, dialect))
        table = folder / f"{sub.base}.tbl"
        _gff2tbl(gff, fasta, table)
        from_gff = _findings(fasta, gff)
        from_tbl = _findings(fasta, table)
        held, written = _job_features(gff, fasta), _shape(read_feature_tables(table, Report()))
        if held != written:
            differing.append(f"{dialect}: features only held {held - written}; only written {written - held}")
        if from_gff != from_tbl:
            differing.append(
                f"{dialect}: only from GFF3 {dict(from_gff - from_tbl)}; only from .tbl {dict(from_tbl - from_gff)}"
            )
    assert not differing, f"seed {seed}:\n" + "\n".join(differing)
