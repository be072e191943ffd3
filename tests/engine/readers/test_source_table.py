"""Source qualifier tables (.src): modifiers per sequence, with cell-level findings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gbprep.model.diagnostics import Report, Severity
from gbprep.model.modifiers import canonical_modifier_name
from gbprep.model.records import SourceModifier
from gbprep.readers.source_table import read_source_table
from tests.shared_data import CORPUS, requires_corpus


def read(tmp_path: Path, text: str) -> tuple[dict[str, list[SourceModifier]], Report]:
    path = tmp_path / "t.src"
    path.write_bytes(text.encode("utf-8"))
    report = Report()
    return read_source_table(path, report), report


def simple(table: dict[str, list[SourceModifier]]) -> dict[str, list[tuple[str, str]]]:
    return {seq_id: [(m.name, m.value) for m in mods] for seq_id, mods in table.items()}


def codes(report: Report) -> list[tuple[str, int, int | None]]:
    return [(f.code, f.pos.line if f.pos else 0, f.pos.column if f.pos else None) for f in report]


def test_basic_table_with_positions(tmp_path: Path) -> None:
    table, report = read(
        tmp_path,
        "Sequence_ID\tOrganism\tstrain\tcollection_date\n"
        "contig1\tHomo sapiens\tHG002\t2020-01-01\n"
        "contig2\tHomo sapiens\t\t2021\n",
    )
    assert not report.findings
    assert simple(table) == {
        "contig1": [("organism", "Homo sapiens"), ("strain", "HG002"), ("collection-date", "2020-01-01")],
        "contig2": [("organism", "Homo sapiens"), ("collection-date", "2021")],  # empty cell: no value
    }
    date = table["contig2"][1]
    assert (date.pos.file, date.pos.line, date.pos.column) == ("t.src", 3, 23)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("organism", "organism"),
        ("Org", "organism"),
        ("taxname", "organism"),
        ("host", "nat-host"),
        ("Specific_Host", "nat-host"),
        ("Collection Date", "collection-date"),
        ("isolation_source", "isolation-source"),
        ("lat_long", "lat-lon"),
        ("moltype", "mol-type"),
        ("notes", "note"),
        ("culture_collection", "culture-collection"),
        ("geo_loc_name", "geo-loc-name"),
        ("EC_number", "ec-number"),
        ("transposon_name", "transposon-name"),  # known, deprecated
        ("colour", None),
        ("", None),
    ],
)
def test_canonical_modifier_names(written: str, canonical: str | None) -> None:
    assert canonical_modifier_name(written) == canonical


def test_unknown_and_deprecated_columns(tmp_path: Path) -> None:
    table, report = read(tmp_path, "SeqID\torganism\tcolour\tplastid-name\n" + "s1\tZea mays\tgreen\tp1\n")
    assert codes(report) == [("SRC.UnknownColumn", 1, 16), ("SRC.DeprecatedColumn", 1, 23)]
    assert report.findings[0].severity == Severity.WARNING
    assert simple(table) == {"s1": [("organism", "Zea mays")]}


def test_duplicate_single_valued_column_but_repeatable_ones_are_fine(tmp_path: Path) -> None:
    table, report = read(
        tmp_path, "SeqID\torg\tnote\torganism\tnote\n" + "s1\tZea mays\tn1\tOryza sativa\tn2\n"
    )
    assert codes(report) == [("SRC.DuplicateColumn", 1, 16)]
    assert "repeats 'org' at column 7" in report.findings[0].message
    assert simple(table) == {"s1": [("organism", "Zea mays"), ("note", "n1"), ("note", "n2")]}


def test_cell_count_problems_point_at_the_cell(tmp_path: Path) -> None:
    table, report = read(
        tmp_path,
        "SeqID\torganism\tstrain\n"
        "s1\tZea mays\tB73\textra\tmore\n"
        "s2\tZea mays\n"
        "s3\tZea mays\tW22\t\t\n",  # trailing empty cells are harmless
    )
    assert codes(report) == [("SRC.TooManyCells", 2, 17), ("SRC.TooFewCells", 3, 12)]
    assert report.findings[0].severity == Severity.ERROR
    assert report.findings[1].severity == Severity.WARNING
    assert "'extra' at column 17" in report.findings[0].message
    assert simple(table) == {
        "s1": [("organism", "Zea mays"), ("strain", "B73")],
        "s2": [("organism", "Zea mays")],
        "s3": [("organism", "Zea mays"), ("strain", "W22")],
    }


def test_duplicate_rows_empty_ids_and_ids_with_spaces(tmp_path: Path) -> None:
    table, report = read(
        tmp_path,
        "SeqID\torganism\n"
        "s1\tZea mays\n"
        "s1\tZea mays\n"  # same again: harmless
        "s1\tOryza sativa\n"  # conflicting: ignored
        "\tOryza sativa\n"  # values without an id
        "\t\n"  # an empty row is just blank
        "s 2\tOryza sativa\n",
    )
    found = [(f.code, f.severity, f.pos.line if f.pos else 0) for f in report]
    assert found == [
        ("SRC.DuplicateRow", Severity.WARNING, 3),
        ("SRC.DuplicateRow", Severity.ERROR, 4),
        ("SRC.EmptySeqId", Severity.ERROR, 5),
        ("SRC.BadSeqId", Severity.WARNING, 7),
    ]
    assert "line 2" in report.findings[1].message
    assert report.findings[1].seq_id == "s1"
    assert simple(table) == {"s1": [("organism", "Zea mays")], "s 2": [("organism", "Oryza sativa")]}


def test_unnamed_column_reported_once(tmp_path: Path) -> None:
    table, report = read(tmp_path, "SeqID\torganism\t\n" + "s1\tZea mays\tx\n" + "s2\tZea mays\ty\n")
    assert codes(report) == [("SRC.UnnamedColumn", 2, 13)]
    assert set(table) == {"s1", "s2"}


@pytest.mark.parametrize(
    ("text", "code", "words"),
    [
        ("SeqID,organism,strain\ns1,Zea mays,B73\n", "SRC.NotTabDelimited", "commas"),
        ("SeqID;organism\ns1;Zea mays\n", "SRC.NotTabDelimited", "semicolons"),
        ("SeqID    organism\ns1    Zea mays\n", "SRC.NotTabDelimited", "spaces"),
        ("organism\tstrain\nZea mays\tB73\n", "SRC.NoHeader", "a source modifier"),
        ("contig1\tZea mays\tB73\n", "SRC.NoHeader", "the first row must name the columns"),
    ],
)
def test_not_a_usable_table(tmp_path: Path, text: str, code: str, words: str) -> None:
    table, report = read(tmp_path, text)
    assert [f.code for f in report] == [code]
    assert words in report.findings[0].message
    assert table == {}


def test_header_only_and_empty_files(tmp_path: Path) -> None:
    table, report = read(tmp_path, "SeqID\torganism\n")
    assert [f.code for f in report] == ["SRC.NoRows"]
    assert table == {}
    table, report = read(tmp_path, "")
    assert [f.code for f in report] == ["READ.EmptyFile"]


def test_spreadsheet_habits(tmp_path: Path) -> None:
    # BOM, CRLF line ends, quoted cells, padding spaces, blank and TAB-only lines.
    table, report = read(
        tmp_path,
        '\ufeffSeqID\t"organism"\t strain \r\n\r\n\t\t\r\ns1\t"Zea ""mays"""\t B73 \r\n',
    )
    assert not report.findings
    assert simple(table) == {"s1": [("organism", 'Zea "mays"'), ("strain", "B73")]}
    assert table["s1"][1].pos.line == 4


@requires_corpus
@pytest.mark.corpus
@pytest.mark.parametrize(
    "path", sorted(CORPUS.glob("**/*.src")) if CORPUS.is_dir() else [], ids=lambda p: p.parent.parent.name
)
def test_corpus_tables_read_cleanly(path: Path) -> None:
    report = Report()
    table = read_source_table(path, report)
    assert not report.findings, [f.render() for f in report]
    assert table
    assert all(mods for mods in table.values())


@requires_corpus
@pytest.mark.corpus
def test_corpus_table_values() -> None:
    table = read_source_table(CORPUS / "ncbi-t2a-sqd-2175" / "input" / "sqd-2175.src", Report())
    assert list(table) == [f"Sequence_{i}" for i in range(1, 7)]
    assert simple(table)["Sequence_5"] == [
        ("clone", "T-129"),
        ("collection-date", "6-Sep-2014"),
        ("country", "China"),
        ("isolation-source", "cicada testes"),
        ("nat-host", "Hyalessa maculaticollis"),
        ("organism", "uncultured bacterium"),
    ]
    # sqd-2042 has a trailing TAB on every line and empty cells.
    table = read_source_table(CORPUS / "ncbi-t2a-sqd-2042" / "input" / "sqd-2042.src", Report())
    assert simple(table) == {
        "contig2": [("plasmid-name", "p2"), ("location", "plasmid")],
        "contig5": [("completeness", "complete"), ("location", "chromosome"), ("topology", "circular")],
    }


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.lists(
        st.sampled_from(["\t", "\n", "\r", " ", '"', ",", "a", "organism", "SeqID", "host", "x", "é"]),
        max_size=80,
    ).map("".join)
)
def test_never_raises(tmp_path: Path, text: str) -> None:
    path = tmp_path / "x.src"
    path.write_text(text)
    read_source_table(path, Report())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=200))
def test_never_raises_on_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "x.src"
    path.write_bytes(data)
    read_source_table(path, Report())
