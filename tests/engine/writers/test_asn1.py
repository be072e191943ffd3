"""The ASN.1 text printer against tbl2asn's own files: read a .sqn, print it, get the same bytes."""

from __future__ import annotations

import io

import pytest

from gbprep.model.asntree import choice, ident, integer, octets, seq_of, string, struct
from gbprep.model.diagnostics import Report
from gbprep.readers.asn1text import parse_asn1_text, read_asn1
from gbprep.writers.asn1 import LINE_LENGTH, AsnPrinter, format_asn, format_real, write_asn
from tests.shared_data import CORPUS, requires_corpus

_SMALL_SQN = (
    sorted(p for p in CORPUS.glob("**/expected/*.sqn") if p.stat().st_size < 400_000)
    if CORPUS.is_dir()
    else []
)


@requires_corpus
@pytest.mark.parametrize("path", _SMALL_SQN, ids=lambda p: p.parent.parent.name)
def test_it_prints_tbl2asn_files_back_byte_for_byte(path) -> None:  # type: ignore[no-untyped-def]
    report = Report()
    nodes = read_asn1(path, report)
    if report.findings:  # sqd-2042's .sqn was left truncated by tbl2asn's crash
        pytest.skip(f"{path.name} is not complete ASN.1")
    assert "".join(line for node in nodes for line in format_asn(node)) == path.read_text()


def test_it_lays_out_choices_lists_and_separators() -> None:
    loc = struct("int", [integer("from", 0), integer("to", 9), ident("strand", "plus")])
    node = struct(
        "Seq-feat", [choice("location", "int", loc), seq_of("name", [string(None, "a"), string(None, "b")])]
    )
    text = "".join(format_asn(node))
    assert text == (
        "Seq-feat ::= {\n  location\n    int {\n      from 0 ,\n      to 9 ,\n      strand plus } ,\n"
        '  name {\n    "a" ,\n    "b" } }\n'
    )


def test_it_breaks_long_strings_at_a_blank_and_doubles_quotes() -> None:
    words = " ".join(f'w"{i}' for i in range(40))
    out = io.StringIO()
    write_asn(struct("X", [string("comment", words)]), out)
    lines = out.getvalue().splitlines()
    assert all(len(line) <= LINE_LENGTH for line in lines[1:-1])
    assert lines[2].startswith(" w")  # the blank moves to the next line, which starts in column 1
    again = parse_asn1_text(out.getvalue(), Report())[0]
    assert again.child("comment").value == words  # type: ignore[union-attr]


def test_it_fills_hex_lines_to_the_length() -> None:
    out = io.StringIO()
    write_asn(struct("X", [octets("ncbi2na", bytes(range(100)))]), out)
    lines = out.getvalue().splitlines()
    assert [len(line) for line in lines[1:-1]] == [LINE_LENGTH] * (len(lines) - 2)
    assert lines[-1].endswith("'H }")


def test_it_streams_entries_into_open_containers() -> None:
    lines: list[str] = []
    printer = AsnPrinter(lines.append)
    printer.open(None, type_name="Top")
    printer.element(integer("a", 1))
    printer.open_choice("data", "entrys")
    printer.element(struct("seq", [integer("length", 3)]))
    printer.element(struct("seq", [integer("length", 4)]))
    printer.close()
    printer.close()
    printer.finish()
    assert lines == [
        "Top ::= {",
        "  a 1 ,",
        "  data",
        "    entrys {",
        "      seq {",
        "        length 3 } ,",
        "      seq {",
        "        length 4 } } }",
    ]


def test_it_prints_reals_as_ncbi_does() -> None:
    assert format_real(0.0) == "{ 0, 10, 0 }"
    assert format_real(2.5) == "{ 25, 10, -1 }"
