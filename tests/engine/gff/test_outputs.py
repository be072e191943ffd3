"""GFF3 through the writers, the pipeline and the command line: the table reads back the same, validator
findings point at the GFF3 line, ``gff2tbl`` writes the table."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gbprep.cli.main import main
from gbprep.gff import read_gff3_tables
from gbprep.job.check import check_files
from gbprep.model.bundle import InputFile
from gbprep.model.diagnostics import Report
from gbprep.model.records import Feature
from gbprep.readers.feature_table import read_feature_tables
from gbprep.writers.tbl import write_tbl

# A plus-strand two-exon gene whose CDS has an internal stop (TAA at 13..15) and a minus-strand tRNA.
FASTA = ">c1\nATGAAACCCGGGTAAGTAAGCTTTTAGCCCAAATGA\n"
GFF = (
    "##gff-version 3\n"
    "c1\t.\tgene\t1\t36\t.\t+\t.\tID=g1;locus_tag=ABC_001;Name=abcA\n"
    "c1\t.\tmRNA\t1\t36\t.\t+\t.\tID=m1;Parent=g1;product=ABC transporter%2C permease\n"
    "c1\t.\texon\t1\t15\t.\t+\t.\tParent=m1\n"
    "c1\t.\texon\t22\t36\t.\t+\t.\tParent=m1\n"
    "c1\t.\tCDS\t1\t15\t.\t+\t0\tID=cds1;Parent=m1\n"
    "c1\t.\tCDS\t22\t36\t.\t+\t0\tID=cds1;Parent=m1\n"
    "c1\t.\tpseudogene\t16\t21\t.\t-\t.\tID=p1;locus_tag=ABC_002\n"
)


def signature(feature: Feature) -> tuple[object, ...]:
    return (
        feature.key,
        [(i.start, i.stop, i.partial_start, i.partial_stop) for i in feature.intervals],
        [(q.key, q.value) for q in feature.qualifiers],
    )


def test_the_written_table_reads_back_as_the_same_features(tmp_path: Path) -> None:
    (tmp_path / "g.gff3").write_text(GFF)
    tables = read_gff3_tables(tmp_path / "g.gff3", Report())
    out = StringIO()
    assert write_tbl(tables.values(), out) == 4  # gene, mRNA, CDS; the pseudogene
    (tmp_path / "g.tbl").write_text(out.getvalue())
    report = Report()
    back = read_feature_tables(tmp_path / "g.tbl", report)
    assert not report.findings, [f.render() for f in report]
    assert [signature(f) for f in back["c1"]] == [signature(f) for f in tables["c1"]]


_COORD = st.integers(1, 10**7)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    pieces=st.lists(st.tuples(_COORD, st.integers(0, 5000)), min_size=1, max_size=5),
    minus=st.booleans(),
    phase=st.sampled_from([0, 1, 2]),
    product=st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=40).filter(
        lambda v: v.strip() == v and '"' not in v
    ),
)
def test_any_cds_round_trips_through_the_table(
    tmp_path: Path, pieces: list[tuple[int, int]], minus: bool, phase: int, product: str
) -> None:
    strand = "-" if minus else "+"
    escaped = product.replace("%", "%25").replace(";", "%3B").replace("=", "%3D").replace("&", "%26")
    lines = [
        f"c1\t.\tCDS\t{start}\t{start + length}\t.\t{strand}\t{phase}\tID=c;product={escaped};locus_tag=ABC_1\n"
        for start, length in pieces
    ]
    (tmp_path / "r.gff3").write_text("##gff-version 3\n" + "".join(lines))
    tables = read_gff3_tables(tmp_path / "r.gff3", Report())
    out = StringIO()
    write_tbl(tables.values(), out)
    (tmp_path / "r.tbl").write_text(out.getvalue())
    back = read_feature_tables(tmp_path / "r.tbl", Report())
    assert [signature(f) for f in back["c1"]] == [signature(f) for f in tables["c1"]]
    assert back["c1"][0].get("product") == product


def test_validator_findings_point_at_the_gff3_lines(tmp_path: Path) -> None:
    (tmp_path / "g.fsa").write_text(FASTA)
    (tmp_path / "g.gff3").write_text(GFF)
    result = check_files([InputFile(tmp_path / "g.fsa", "g.fsa"), InputFile(tmp_path / "g.gff3", "g.gff3")])
    stops = [f for f in result.report if f.code == "SEQ_FEAT.InternalStop"]
    assert stops, [f.render() for f in result.report]
    assert {(f.pos.file, f.pos.line) for f in stops if f.pos} == {("g.gff3", 6)}  # the CDS's first line


def test_a_gff3_with_its_own_fasta_section_is_validated_alone(tmp_path: Path) -> None:
    (tmp_path / "g.gff3").write_text(GFF + "##FASTA\n" + FASTA)
    result = check_files([InputFile(tmp_path / "g.gff3", "g.gff3")])
    assert result.stats["sequences"] == 1
    assert "READ.NoSequences" not in result.report.codes()
    assert "SEQ_FEAT.InternalStop" in result.report.codes()


def test_gff2tbl_writes_the_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "g.fsa").write_text(FASTA)
    (tmp_path / "g.gff3").write_text(GFF.replace(";locus_tag=ABC_001", "").replace(";locus_tag=ABC_002", ""))
    out = tmp_path / "g.tbl"
    code = main(
        [
            "gff2tbl",
            str(tmp_path / "g.gff3"),
            "--fasta",
            str(tmp_path / "g.fsa"),
            "--locus-tag-prefix",
            "XYZ",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    text = out.read_text()
    assert text.startswith(">Feature c1\n1\t36\tgene\n\t\t\tgene\tabcA\n\t\t\tlocus_tag\tXYZ_000010\n")
    assert "\t\t\tprotein_id\tgnl|XYZ|XYZ_000010\n" in text
    assert "\t\t\tproduct\tABC transporter, permease\n" in text
    assert "features on 1 sequences written" in capsys.readouterr().err
    assert main(["gff2tbl", str(tmp_path / "missing.gff3")]) == 2
