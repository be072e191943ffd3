"""Structured-comment files (.cmt) in both layouts: label/value pairs and a per-sequence table."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gbprep.model.diagnostics import Report, Severity
from gbprep.model.records import Descriptor
from gbprep.readers.comment_table import comment_name, read_comment_table
from tests.shared_data import CORPUS, requires_corpus

START = "StructuredCommentPrefix\t##Genome-Assembly-Data-START##\n"
END = "StructuredCommentSuffix\t##Genome-Assembly-Data-END##\n"


def read(tmp_path: Path, text: str) -> tuple[list[Descriptor], Report]:
    path = tmp_path / "t.cmt"
    path.write_bytes(text.encode("utf-8"))
    report = Report()
    return read_comment_table(path, report), report


def codes(report: Report) -> list[tuple[str, int, int | None]]:
    return [(f.code, f.pos.line if f.pos else 0, f.pos.column if f.pos else None) for f in report]


def test_two_column_layout(tmp_path: Path) -> None:
    comments, report = read(
        tmp_path, START + "Assembly Method\tSPAdes v. 3.15\nGenome Coverage\t80x \n" + END
    )
    assert not report.findings
    (comment,) = comments
    assert (comment.kind, comment.text, comment.seq_id) == ("user", "StructuredComment", None)
    assert (comment.pos.line, comment.pos.column) == (1, 1)
    assert comment.fields == [
        ("StructuredCommentPrefix", "##Genome-Assembly-Data-START##"),
        ("Assembly Method", "SPAdes v. 3.15"),
        ("Genome Coverage", "80x"),
        ("StructuredCommentSuffix", "##Genome-Assembly-Data-END##"),
    ]


def test_several_comments_in_one_file(tmp_path: Path) -> None:
    text = (
        "habitat\tBlack Lake\ndepth\t10 m\n"  # a comment without prefix/suffix is allowed
        + START
        + "Assembly Method\tSPAdes v. 3.15\n"
        + END
        + "StructuredCommentPrefix\t##MIGS-Data-START##\ninvestigation_type\tbacteria_archaea\n"
        + "StructuredCommentSuffix\t##MIGS-Data-END##\n"
    )
    comments, report = read(tmp_path, text)
    assert not report.findings
    assert [(c.pos.line, len(c.fields)) for c in comments] == [(1, 2), (3, 3), (6, 3)]


def test_unpaired_and_mismatched_tags(tmp_path: Path) -> None:
    text = (
        START
        + "Assembly Method\tSPAdes v. 3.15\n"  # no suffix before the next prefix
        + "StructuredCommentPrefix\t##MIGS-Data-START##\nproject_name\tsoil\n"
        + "StructuredCommentSuffix\t##MIMS-Data-END##\n"  # wrong name
        + "depth\t10 m\n"
        + END  # no prefix for this one
    )
    comments, report = read(tmp_path, text)
    assert codes(report) == [
        ("CMT.MissingSuffix", 1, 1),
        ("CMT.PrefixSuffixMismatch", 5, 1),
        ("CMT.MissingPrefix", 7, 1),
    ]
    assert all(f.severity == Severity.WARNING for f in report)
    assert report.findings[0].ncbi == "SEQ_DESCR.StructuredCommentPrefixOrSuffixMissing"
    assert len(comments) == 3


@pytest.mark.parametrize(
    ("tag", "name"),
    [
        ("##Genome-Assembly-Data-START##", "genome-assembly-data"),
        ("##Genome-Assembly-Data-END##", "genome-assembly-data"),
        ("Genome-Assembly-Data", "genome-assembly-data"),
        ("## MIGS-Data-START ##", "migs-data"),
    ],
)
def test_comment_name(tag: str, name: str) -> None:
    assert comment_name(tag) == name


def test_malformed_lines_and_empty_values(tmp_path: Path) -> None:
    text = (
        "Assembly Method\tSPAdes v. 3.15\n"
        "Genome Coverage 80x\n"  # no TAB
        "\t454\n"  # no label
        "Sequencing Technology\tIllumina\textra\n"  # a third column
        "Assembly Name\t\n"  # no value
        "Assembly Method\tMegahit v. 1\n"  # twice in one comment
    )
    comments, report = read(tmp_path, text)
    assert codes(report) == [
        ("CMT.MalformedLine", 2, 1),
        ("CMT.MalformedLine", 3, 1),
        ("CMT.MalformedLine", 4, 32),
        ("CMT.EmptyValue", 5, 1),
        ("CMT.DuplicateLabel", 6, 1),
    ]
    assert [f.severity for f in report.findings[:3]] == [Severity.ERROR, Severity.ERROR, Severity.WARNING]
    (comment,) = comments
    assert comment.fields == [
        ("Assembly Method", "SPAdes v. 3.15"),
        ("Sequencing Technology", "Illumina"),
        ("Assembly Method", "Megahit v. 1"),
    ]


def test_table_layout(tmp_path: Path) -> None:
    text = (
        "SeqID\tinvestigation_type\tproject_name\tcollection_date\tdepth\n"
        "A\tmetagenome\taquatic study\t2007-03-04\t10 m\n"
        "B\tmetagenome\taquatic study\t\t5 m\n"
        "C\teukaryote\tAnalysis of fish\t2008-08-09\t25 m\n"
    )
    comments, report = read(tmp_path, text)
    assert not report.findings
    assert [c.seq_id for c in comments] == ["A", "B", "C"]
    assert comments[1].fields == [
        ("investigation_type", "metagenome"),
        ("project_name", "aquatic study"),
        ("depth", "5 m"),
    ]
    assert (comments[2].pos.line, comments[2].pos.column) == (4, 3)


def test_table_layout_with_prefix_columns(tmp_path: Path) -> None:
    text = (
        "Sequence_ID\tStructuredCommentPrefix\tAssembly Method\tStructuredCommentSuffix\n"
        "c1\t##Genome-Assembly-Data-START##\tSPAdes v. 3.15\t##Genome-Assembly-Data-END##\n"
        "c2\t##Genome-Assembly-Data-START##\tSPAdes v. 3.15\t\n"
    )
    comments, report = read(tmp_path, text)
    assert codes(report) == [("CMT.MissingSuffix", 3, 4)]
    assert report.findings[0].seq_id == "c2"
    assert [(c.seq_id, len(c.fields)) for c in comments] == [("c1", 3), ("c2", 2)]


def test_table_layout_row_problems(tmp_path: Path) -> None:
    text = (
        "SeqID\tdepth\t\n"
        "A\t10 m\tstray\n"  # under an unnamed column
        "B\t5 m\t\tmore\n"  # more cells than the header
        "C\n"  # fewer cells
        "\t3 m\n"  # no id
        "A\t11 m\n"  # second row for A
    )
    comments, report = read(tmp_path, text)
    assert codes(report) == [
        ("CMT.UnnamedColumn", 2, 8),
        ("CMT.TooManyCells", 3, 8),
        ("CMT.TooFewCells", 4, 2),
        ("CMT.EmptySeqId", 5, 1),
        ("CMT.DuplicateRow", 6, 1),
    ]
    assert [(c.seq_id, c.fields) for c in comments] == [
        ("A", [("depth", "10 m")]),
        ("B", [("depth", "5 m")]),
        ("A", [("depth", "11 m")]),
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Assembly Method,SPAdes\nGenome Coverage,80x\n", "CMT.NotTabDelimited"),
        ("\n\t\n", "CMT.NoFields"),
        ("Assembly Method\t\n", "CMT.NoFields"),
    ],
)
def test_unusable_files(tmp_path: Path, text: str, code: str) -> None:
    comments, report = read(tmp_path, text)
    assert code in [f.code for f in report]
    assert comments == []


@requires_corpus
@pytest.mark.corpus
def test_corpus_genome_assembly_comment() -> None:
    report = Report()
    comments = read_comment_table(CORPUS / "ncbi-t2a-sqd-2042" / "input" / "sqd-2042.cmt", report)
    assert not report.findings
    (comment,) = comments
    assert comment.fields[0] == ("StructuredCommentPrefix", "##Genome-Assembly-Data-START##")
    assert comment.fields[-1] == ("StructuredCommentSuffix", "##Genome-Assembly-Data-END##")
    assert ("Genome Representation", "Full") in comment.fields  # the trailing space is trimmed


@requires_corpus
@pytest.mark.corpus
def test_corpus_two_comments_one_without_suffix() -> None:
    report = Report()
    comments = read_comment_table(CORPUS / "ncbi-t2a-twocomments" / "input" / "twocomments.cmt", report)
    assert codes(report) == [("CMT.MissingSuffix", 15, 1)]
    assert [(c.pos.line, len(c.fields), c.seq_id) for c in comments] == [(1, 14, None), (15, 5, None)]
    assert comments[0].fields[0] == ("Organism Display Name", "Meiothermus silvanus VI-R2, DSM 9946")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.lists(
        st.sampled_from(
            ["\t", "\n", "\r", " ", ",", "x", "SeqID", START, END, "StructuredCommentSuffix\t", "é", '"']
        ),
        max_size=60,
    ).map("".join)
)
def test_never_raises(tmp_path: Path, text: str) -> None:
    path = tmp_path / "x.cmt"
    path.write_text(text)
    read_comment_table(path, Report())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=200))
def test_never_raises_on_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "x.cmt"
    path.write_bytes(data)
    read_comment_table(path, Report())
