"""The GFF3/GTF line reader: records with file/line/column, every problem reported, escapes, ##FASTA, GTF."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gbprep.model.diagnostics import Report
from gbprep.readers.gff3 import GffDocument, read_gff3


def read(tmp_path: Path, text: str, name: str = "a.gff3") -> tuple[GffDocument, Report]:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    report = Report()
    return read_gff3(path, report), report


def where(report: Report) -> list[tuple[str, int, int | None]]:
    return [(f.code, f.pos.line if f.pos else 0, f.pos.column if f.pos else None) for f in report]


def test_a_record_keeps_its_line_and_attribute_columns(tmp_path: Path) -> None:
    doc, report = read(
        tmp_path,
        "##gff-version 3\nctg1\tmaker\tgene\t100\t900\t.\t-\t.\tID=g1;Name=abcA;Dbxref=GeneID:1,MGI:2\n",
    )
    assert not report.findings
    (gene,) = doc.records
    assert (gene.seq_id, gene.type, gene.start, gene.end, gene.strand, gene.phase) == (
        "ctg1",
        "gene",
        100,
        900,
        "-",
        None,
    )
    assert gene.pos.line == 2
    assert gene.all("Dbxref") == ["GeneID:1", "MGI:2"]
    column = gene.attr_pos("Name").column
    assert column is not None and "ctg1\tmaker\tgene\t100\t900\t.\t-\t.\tID=g1;Name"[column - 1 :].startswith(
        "Name"
    )


def test_escapes_are_decoded_and_commas_kept_in_free_text(tmp_path: Path) -> None:
    doc, report = read(
        tmp_path,
        "##gff-version 3\nc%7C1\t.\tCDS\t1\t9\t.\t+\t0\tID=c1;product=ABC transporter, ATP%2Dbinding%3B x;Note=a%3Db\n",
    )
    (cds,) = doc.records
    assert cds.seq_id == "c|1"
    assert cds.get("product") == "ABC transporter, ATP-binding; x"  # bakta#69: an unescaped comma is kept
    assert cds.get("Note") == "a=b"
    assert not report.findings


def test_every_bad_line_is_reported_and_reading_goes_on(tmp_path: Path) -> None:
    doc, report = read(
        tmp_path,
        "##gff-version 3\n"
        "c1\t.\tgene\tone\t90\t.\t+\t.\tID=g1\n"  # 2: start not a number
        "c1\t.\tgene\t90\t10\t.\t+\t.\tID=g2\n"  # 3: start > end, swapped
        "c1\t.\tgene\t10\t90\t.\tx\t.\tID=g3\n"  # 4: bad strand
        "c1\t.\tCDS\t10\t90\t.\t+\t.\tID=c1\n"  # 5: CDS without phase
        "c1\t.\tgene\t10\t90\t.\t+\t.\tID=g4;oops;Name=x;Name=y\n"  # 6: no '=', repeated key
        "c1\t.\tgene\t10\n"  # 7: four columns
        "c1\t.\tgene\t10\t90\t.\t+\t.\tID=g5\n",
    )
    assert [r.id for r in doc.records] == ["g2", "g3", "c1", "g4", "g5"]
    assert (doc.records[0].start, doc.records[0].end) == (10, 90)
    assert doc.records[2].phase == 0
    assert doc.records[3].all("Name") == ["x", "y"]
    codes = [(c, line) for c, line, _ in where(report)]
    assert codes == [
        ("GFF3.BadPosition", 2),
        ("GFF3.StartAfterEnd", 3),
        ("GFF3.BadStrand", 4),
        ("GFF3.MissingPhase", 5),
        ("GFF3.BadAttribute", 6),
        ("GFF3.RepeatedAttribute", 6),
        ("GFF3.ColumnCount", 7),
    ]
    assert where(report)[0][2] == 11  # the character column where the start column begins


def test_fasta_section_sequence_region_and_circular(tmp_path: Path) -> None:
    doc, report = read(
        tmp_path,
        "##gff-version 3\n##sequence-region chrM 1 16\n"
        "chrM\t.\tregion\t1\t16\t.\t+\t.\tID=r;Is_circular=true\n"
        "##FASTA\n>chrM mitochondrion\nACGTACGT\nacgtNNNN\n>p2\nAC*GT\n",
    )
    assert doc.regions["chrM"][:2] == (1, 16)
    assert doc.circular == {"chrM"}
    assert [(s.seq_id, s.residues) for s in doc.sequences] == [("chrM", "ACGTACGTACGTNNNN"), ("p2", "ACGT")]
    assert doc.sequences[0].pos_of(9).line == 7
    assert where(report) == [("GFF3.BadResidue", 9, 3)]


def test_sequences_without_fasta_directive_are_read_with_a_warning(tmp_path: Path) -> None:
    doc, report = read(tmp_path, "##gff-version 3\nc1\t.\tgene\t1\t4\t.\t+\t.\tID=g\n>c1\nACGT\n")
    assert [s.residues for s in doc.sequences] == ["ACGT"]
    assert where(report) == [("GFF3.FastaWithoutDirective", 3, None)]


def test_space_separated_columns_are_read_with_a_warning(tmp_path: Path) -> None:
    doc, report = read(
        tmp_path,
        "##gff-version 3\nc1 . gene 10 90 . + . ID=g1;Note=two words\nc1\t.\tCDS 10\t90\t.\t+\t0\tID=c\n",
    )
    assert [(r.type, r.start, r.get("Note")) for r in doc.records] == [
        ("gene", 10, "two words"),
        ("CDS", 10, None),
    ]
    assert [c for c, _, _ in where(report)] == ["GFF3.SpaceSeparated", "GFF3.SpaceSeparated"]


def test_gtf_is_recognised_and_given_ids_and_parents(tmp_path: Path) -> None:
    doc, report = read(
        tmp_path,
        'c1\tAUGUSTUS\ttranscript\t1\t90\t.\t+\t.\tgene_id "g1"; transcript_id "g1.t1";\n'
        'c1\tAUGUSTUS\tCDS\t1\t90\t.\t+\t0\tgene_id "g1"; transcript_id "g1.t1";\n',
        name="a.gtf",
    )
    assert doc.is_gtf and not report.findings
    transcript, cds = doc.records
    assert (transcript.id, transcript.parents) == ("transcript:g1.t1", ["gene:g1"])
    assert cds.parents == ["transcript:g1.t1"]


def test_a_file_without_features_says_so(tmp_path: Path) -> None:
    _doc, report = read(tmp_path, "##gff-version 3\n# nothing\n")
    assert [c for c, _, _ in where(report)] == ["GFF3.NotGff"]


_VALUE = st.text(
    st.characters(
        blacklist_categories=["Cs"], blacklist_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
    ),
    min_size=1,
    max_size=30,
).filter(lambda v: v.strip() == v)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(product=_VALUE, note=_VALUE, start=st.integers(1, 10**9), length=st.integers(0, 10**6))
def test_escaped_values_and_positions_round_trip(
    tmp_path: Path, product: str, note: str, start: int, length: int
) -> None:
    line = (
        f"ctg\tsrc\tCDS\t{start}\t{start + length}\t.\t-\t2\t"
        f"ID=c1;product={quote(product, safe=' ')};Note={quote(note, safe=' ')}\n"
    )
    doc, report = read(tmp_path, "##gff-version 3\n" + line)
    assert not report.findings
    (cds,) = doc.records
    assert (cds.start, cds.end, cds.phase, cds.strand) == (start, start + length, 2, "-")
    assert (cds.get("product"), cds.get("Note")) == (product, note)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(max_size=60), max_size=12))
def test_any_text_reads_without_raising(tmp_path: Path, lines: list[str]) -> None:
    doc, report = read(tmp_path, "\n".join(lines))
    for record in doc.records:
        assert 1 <= record.start <= record.end
        assert record.pos.line >= 1
    assert all(f.pos is not None for f in report)
