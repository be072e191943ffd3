"""ASN.1 value-notation reader: shapes, positions, syntax errors, limits, and the real NCBI corpus."""

from __future__ import annotations

import gzip
import re
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gbprep.model.asntree import alternative, descend, string_of
from gbprep.model.diagnostics import Report, Severity
from gbprep.model.records import AsnNode
from gbprep.readers import textio
from gbprep.readers.asn1text import AsnLimits, parse_asn1_lines, parse_asn1_text, read_asn1
from gbprep.readers.template import submit_block_from_asn
from gbprep.readers.textio import Line
from tests.shared_data import CORPUS, requires_corpus


def parse(text: str, limits: AsnLimits | None = None) -> tuple[list[AsnNode], Report]:
    report = Report()
    values = parse_asn1_text(text, report, name="t.sbt", limits=limits or AsnLimits())
    return values, report


def only(report: Report) -> tuple[str, int, int | None]:
    assert len(report) == 1, [f.render() for f in report]
    finding = report.findings[0]
    assert finding.pos is not None
    return finding.code, finding.pos.line, finding.pos.column


# -- shapes and positions -------------------------------------------------------------------------------------


def test_submit_block_shape_and_positions() -> None:
    values, report = parse(
        "Submit-block ::= {\n"
        "  contact {\n"
        "    contact {\n"
        '      name name { last "Smith", first "Jo" },\n'
        '      affil std { affil "Univ", email "jo@x.org" }\n'
        "    }\n"
        "  },\n"
        "  subtype new\n"
        "}\n"
    )
    assert not report.findings
    (sb,) = values
    assert (sb.name, sb.kind, sb.pos.line, sb.pos.column) == ("Submit-block", "struct", 1, 1)
    name = descend(sb, "contact", "contact", "name")
    assert name is not None
    assert (name.kind, name.value, name.pos.line, name.pos.column) == ("choice", "name", 4, 7)
    last = descend(name, "name", "last")
    assert last is not None
    assert (last.kind, last.value, last.pos.line, last.pos.column) == ("string", "Smith", 4, 19)
    assert string_of(descend(sb, "contact", "contact", "affil", "std", "email")) == "jo@x.org"
    subtype = sb.child("subtype")
    assert subtype is not None
    assert (subtype.kind, subtype.value, subtype.pos.line, subtype.pos.column) == ("ident", "new", 8, 3)


def test_several_top_level_values_and_choices() -> None:
    values, report = parse(
        'Seqdesc ::= comment "first"\n'
        "Seqdesc ::= user {\n"
        '  type str "StructuredComment",\n'
        "  data {\n"
        '    { label str "StructuredCommentPrefix", data str "##Genome-Assembly-Data-START##" },\n'
        '    { label str "Assembly Method", data str "SPAdes v. 3.15" }\n'
        "  }\n"
        "}\n"
    )
    assert not report.findings
    assert [(v.name, v.kind, v.value, v.pos.line) for v in values] == [
        ("Seqdesc", "choice", "comment", 1),
        ("Seqdesc", "choice", "user", 2),
    ]
    assert string_of(values[0]) == "first"
    chosen = alternative(values[1])
    assert chosen is not None
    user = chosen[1]
    assert string_of(user.child("type")) == "StructuredComment"
    data = user.child("data")
    assert data is not None
    assert data.kind == "list"
    assert [string_of(entry.child("data")) for entry in data.children] == [
        "##Genome-Assembly-Data-START##",
        "SPAdes v. 3.15",
    ]
    assert data.children[1].pos.line == 6


def test_strings_escapes_line_breaks_comments_numbers_and_keywords() -> None:
    values, report = parse(
        "X ::= {\n"
        '  a "He said ""hi""",  -- a comment -- b "joined\n'
        'across lines",\n'
        "  c -12, d 1.5e3, e TRUE, f FALSE, g NULL,  -- to the end of the line\n"
        "  h '0A1F\n"
        "  FF'H, i '0101'B, j { 1, 10, -2 }, k { }, l ''H\n"
        "}\n"
    )
    assert not report.findings, [f.render() for f in report]
    (x,) = values
    got = {c.name: (c.kind, c.value) for c in x.children}
    assert got["a"] == ("string", 'He said "hi"')
    assert got["b"] == ("string", "joinedacross lines")  # NCBI drops the line break inside a string
    assert got["c"] == ("int", -12)
    assert got["d"] == ("real", 1500.0)
    assert got["e"] == ("bool", True)
    assert got["f"] == ("bool", False)
    assert got["g"] == ("null", None)
    assert got["h"] == ("bits", bytes.fromhex("0A1FFF"))
    assert got["i"] == ("bits", "0101")
    assert got["l"] == ("bits", b"")
    j = x.child("j")
    assert j is not None
    assert j.kind == "list"
    assert [c.value for c in j.children] == [1, 10, -2]
    k = x.child("k")
    assert k is not None
    assert k.children == []


def test_trailing_comma_is_accepted_as_ncbi_does() -> None:
    # The Debian template (corpus/templates/default.sbt) has one, and tbl2asn reads it.
    values, report = parse('Seqdesc ::= pub { pub { gen { cit "x", }, } }')
    assert not report.findings
    assert string_of(descend(values[0], "pub", "pub", "gen", "cit")) == "x"


def test_crlf_and_gzip_files(tmp_path: Path) -> None:
    text = 'Seqdesc ::= comment "a\r\nb"\r\nSeqdesc ::= title "t"\r\n'
    plain = tmp_path / "t.sbt"
    plain.write_bytes(text.encode())
    packed = tmp_path / "t.sbt.gz"
    packed.write_bytes(gzip.compress(text.encode()))
    for path in (plain, packed):
        report = Report()
        values = read_asn1(path, report)
        assert not report.findings
        assert [string_of(v) for v in values] == ["ab", "t"]
        assert values[1].pos.line == 3  # the first string spans lines 1-2


# -- syntax errors: position and what was expected ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "line", "column", "words"),
    [
        pytest.param(
            'Submit-block ::= {\n  tool "x"\n  comment "y"\n}\n',
            "ASN.SyntaxError",
            3,
            3,
            "expected ',' or '}' after 'tool'",
            id="missing-comma",
        ),
        pytest.param(
            'Submit-block ::= {\n  contact {\n    tool "x"\n}\nSeqdesc ::= comment "c"\n',
            "ASN.UnclosedBrace",
            5,
            1,
            "to close the '{' at line 1, column 18",
            id="missing-brace-before-next-value",
        ),
        pytest.param(
            "X ::= {\n  a {\n    b 1\n",
            "ASN.UnclosedBrace",
            3,
            8,
            "before the end of the file",
            id="missing-brace-at-eof",
        ),
        pytest.param(
            'X ::= {\n  a "never closed,\n  b 2\n}\n',
            "ASN.UnterminatedString",
            2,
            5,
            "starts at line 2, column 5",
            id="unterminated-string",
        ),
        pytest.param(
            'X ::= {\n  a "x"; b "y"\n}\n',
            "ASN.BadCharacter",
            2,
            8,
            "';'",
            id="bad-character",
        ),
        pytest.param("X ::= {\n  a 1,,\n  b 2\n}", "ASN.SyntaxError", 2, 7, "found ','", id="double-comma"),
        pytest.param("X ::=\n", "ASN.SyntaxError", 1, 6, "expected a value after '::='", id="no-value"),
        pytest.param(
            'X ::= "a" }\nY ::= 1\n',
            "ASN.SyntaxError",
            1,
            11,
            "expected the next 'Type ::='",
            id="stray-brace",
        ),
        pytest.param(
            '{ tool "x" }\n', "ASN.SyntaxError", 1, 1, "expected a type name and '::='", id="no-type-name"
        ),
        pytest.param(
            'Seqdesc ::= title "t"\nseqdesc ::= title "u"\n',
            "ASN.SyntaxError",
            2,
            1,
            "begin with a capital letter",
            id="lower-case-type-name",
        ),
        pytest.param(
            "X ::= { a 'ZZ'H }", "ASN.BadHexString", 1, 11, "other than 0-9 and A-F", id="bad-hex-digits"
        ),
        pytest.param("X ::= { a '0F'Q }", "ASN.BadHexString", 1, 15, "expected 'H'", id="bad-radix"),
    ],
)
def test_syntax_error_position(text: str, code: str, line: int, column: int, words: str) -> None:
    _, report = parse(text)
    errors = [f for f in report if f.code == code]
    assert errors, [f.render() for f in report]
    finding = errors[0]
    assert finding.severity == Severity.ERROR
    assert finding.pos is not None
    assert (finding.pos.line, finding.pos.column) == (line, column), finding.render()
    assert words in finding.message


def test_recovers_and_reports_every_problem() -> None:
    values, report = parse(
        "Submit-block ::= {\n"
        '  tool "a"\n'  # missing comma
        '  comment "b",\n'
        "  user-tag ;x\n"  # stray character
        "}\n"
        "junk junk\n"  # garbage between values
        'Seqdesc ::= comment "still read"\n'
    )
    assert [(f.code, f.pos.line if f.pos else 0) for f in report] == [
        ("ASN.SyntaxError", 3),
        ("ASN.BadCharacter", 4),
        ("ASN.SyntaxError", 6),
    ]
    assert [v.name for v in values] == ["Submit-block", "Seqdesc"]
    assert string_of(values[1]) == "still read"
    sb = values[0]
    assert string_of(sb.child("comment")) == "b"


def test_fasta_is_not_asn1() -> None:
    values, report = parse(">contig1 [organism=Homo sapiens]\nACGTACGTACGT\nACGT\n")
    assert values == []
    assert report.has_errors
    assert len(report) <= 3  # one complaint per kind of problem, not one per character


def test_error_budget_stops_reading() -> None:
    _, report = parse("\n".join("X ::= { a 1,, }" for _ in range(200)), AsnLimits(max_errors=10))
    codes = report.codes()
    assert codes["ASN.TooManyErrors"] == 1
    assert len(report) == 11


# -- limits: hostile input gives findings, never RecursionError or unbounded work ----------------------------


def test_depth_bomb_braces() -> None:
    values, report = parse("X ::= " + "{" * 100_000 + "}" * 100_000 + "\nY ::= 7\n")
    assert report.codes()["ASN.TooDeep"] == 1
    assert [v.name for v in values] == ["X", "Y"]
    assert values[1].value == 7


def test_depth_bomb_unbalanced_and_choice_chain() -> None:
    _, report = parse("X ::= " + "{ a " * 50_000)
    assert report.codes()["ASN.TooDeep"] == 1
    _, report = parse("X ::= " + "alt " * 50_000 + '"leaf"\n')
    assert report.codes()["ASN.TooDeep"] == 1


def test_depth_limit_is_configurable_and_never_recursive() -> None:
    depth = 20_000  # far past Python's recursion limit: the parser must not recurse per level
    values, report = parse("X ::= " + "{" * depth + "}" * depth, AsnLimits(max_depth=depth + 10))
    assert not report.findings
    node, levels = values[0], 1
    while node.children:
        node, levels = node.children[0], levels + 1
    assert levels == depth
    _, report = parse("X ::= {{{{ }}}}", AsnLimits(max_depth=3))
    assert report.codes()["ASN.TooDeep"] == 1


def test_size_bomb(tmp_path: Path) -> None:
    path = tmp_path / "big.sbt"
    path.write_text('Seqdesc ::= comment "' + "A" * 3_000_000 + '"\n')
    report = Report()
    read_asn1(path, report, limits=AsnLimits(max_chars=1_000_000))
    assert report.codes()["ASN.TooLarge"] == 1
    assert "ASN.UnterminatedString" not in report.codes()  # the cut is not blamed on the user


def test_node_count_limit() -> None:
    _, report = parse("X ::= {" + " a 1," * 10_000 + " }", AsnLimits(max_nodes=1_000))
    assert report.codes()["ASN.TooLarge"] == 1


def test_parse_time_grows_linearly() -> None:
    def seconds(n: int) -> float:
        text = "Seq-submit ::= {\n" + "".join(f'  x{i} {{ name "n{i}", v {i} }},\n' for i in range(n)) + "}\n"
        start = time.perf_counter()
        parse(text)
        return time.perf_counter() - start

    seconds(1_000)  # warm up
    small, large = seconds(10_000), seconds(80_000)
    assert large < small * 8 * 3  # 8x the input; a quadratic parser would take ~64x


# -- the real thing: templates and every Seq-submit tbl2asn wrote for the corpus --------------------------------

SBT_FILES = sorted(CORPUS.glob("**/*.sbt")) if CORPUS.is_dir() else []
SQN_FILES = sorted(CORPUS.glob("**/expected/*.sqn")) if CORPUS.is_dir() else []
TRUNCATED = "ncbi-t2a-sqd-2042"  # tbl2asn crashed while writing this one (see corpus README, note 2)


@requires_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("path", SBT_FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_templates_parse_cleanly(path: Path) -> None:
    report = Report()
    values = read_asn1(path, report)
    assert not report.findings, [f.render() for f in report]
    assert values[0].name == "Submit-block"
    assert all(v.name == "Seqdesc" for v in values[1:])


@requires_corpus
@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize("path", SQN_FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_seq_submit_parses_and_its_submit_block_maps(path: Path) -> None:
    report = Report()
    values = read_asn1(path, report)
    case = path.relative_to(CORPUS).parts[0]
    if case == TRUNCATED:
        assert [(f.code, f.pos.line if f.pos else 0) for f in report] == [("ASN.UnterminatedString", 136)]
    else:
        assert not report.findings, [f.render() for f in report]
    (submit,) = values
    assert submit.name == "Seq-submit"
    sub = submit.child("sub")
    assert sub is not None
    mapped = Report()
    block = submit_block_from_asn(sub, mapped)
    assert not mapped.findings, [f.render() for f in mapped]
    assert block.contact is not None
    assert block.contact.last
    assert block.authors
    assert string_of(sub.child("tool")) == "tbl2asn 25.3 - LINUX UNIX"
    templates = list(path.parent.parent.glob("input/*.sbt")) or [CORPUS / "templates" / "default.sbt"]
    tpl = read_asn1(templates[0], Report())[0]
    assert block.contact.last == string_of(descend(tpl, "contact", "contact", "name", "name", "last"))


@requires_corpus
@pytest.mark.corpus
def test_missing_comma_in_an_ncbi_golden_file_is_found() -> None:
    # NCBI's own regression output for SQD-2406 lacks a comma after 'tool' (its test harness rewrote the line).
    golden = (
        CORPUS
        / "ncbi-t2a-sqd-2406/reference/table2asn-cxx-golden/sqd-2406-fsa-a-s-T-P-X-C-t-multi-user-sbt-H-2.golden"
    )
    report = Report()
    values = read_asn1(golden, report)
    assert only(report) == ("ASN.SyntaxError", 73, 5)
    assert "after 'tool'" in report.findings[0].message
    assert string_of(descend(values[0], "sub", "comment")) == "SUB175178"  # read on past the slip


# -- never raises ------------------------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "{",
        "}",
        ",",
        "::=",
        " ",
        "\n",
        "\t",
        '"',
        '""',
        "'",
        "'H",
        "'B",
        "--",
        "-",
        "Seqdesc",
        "Submit-block",
        "name",
        "str",
        "TRUE",
        "NULL",
        "12",
        "-3",
        "1.5e",
        "\x00",
        "é",
        "\r",
        '"x"',
        ";",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    values, report = parse(text, AsnLimits(max_depth=8, max_errors=20))
    assert isinstance(values, list)
    assert all(f.severity in Severity for f in report)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=120).map("".join))
def test_never_raises_on_token_soup(text: str) -> None:
    values, _ = parse(text, AsnLimits(max_depth=6, max_nodes=200, max_errors=20))
    for value in values:
        for node in value.walk():
            assert node.pos.line >= 1


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_file_reader_never_raises_on_arbitrary_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "x.sbt"
    path.write_bytes(data)
    read_asn1(path, Report(), limits=AsnLimits(max_depth=8))


_FILE_PIECES = st.sampled_from(
    ["Seq-descr ::= {", 'title "a\nb"', "'0F\n1'H", 'x """q"', '\n"', "\n'", "12", "\r\n", *"{},\n- "]
)


@settings(max_examples=200, deadline=None)
@given(
    text=st.lists(
        st.one_of(_PIECES.filter(lambda p: p.isascii() and p != "\x00"), _FILE_PIECES), max_size=80
    ).map("".join),
    chunk=st.sampled_from([1 << 20, 64, 7]),
    max_chars=st.sampled_from([512 * (1 << 20), 40, 7]),
)
def test_how_lines_are_grouped_does_not_change_what_is_read(text: str, chunk: int, max_chars: int) -> None:
    # The lexer scans blocks of lines: one per line (parse_asn1_lines), the whole text (parse_asn1_text) or
    # the file's chunks (read_asn1). Strings and comments that cross lines and the character cap must not
    # care where a block ends. (ASCII only: tiny chunks cut a long line into fragments, and a fragment may
    # end inside a multi-byte character.)
    limits = AsnLimits(max_depth=8, max_nodes=300, max_errors=20, max_chars=max_chars)
    whole = Report()
    values = parse_asn1_text(text, whole, name="x.sbt", limits=limits)
    pieces = re.split(r"\r\n|\r|\n", text)
    if len(pieces) > 1 and not pieces[-1]:
        pieces.pop()
    by_line = Report()
    lines = [Line(number, piece) for number, piece in enumerate(pieces, 1)]
    assert parse_asn1_lines(lines, by_line, name="x.sbt", limits=limits) == values
    assert by_line.findings == whole.findings
    with tempfile.TemporaryDirectory() as directory, pytest.MonkeyPatch.context() as patch:
        patch.setattr(textio, "CHUNK", chunk)
        patch.setattr(textio, "PIECE", max(1, chunk // 16))
        path = Path(directory) / "x.sbt"
        path.write_bytes(text.encode())
        from_file = Report()
        if text and not text.startswith("\ufeff"):
            assert read_asn1(path, from_file, limits=limits) == values
            assert from_file.findings == whole.findings


def test_a_number_too_long_for_any_asn1_integer_is_a_finding_not_a_crash() -> None:
    report = Report()
    nodes = parse_asn1_text("Date ::= std { year 2" + "0" * 5000 + " }", report, name="t.sbt")
    assert [(f.code, f.pos.line if f.pos else None, f.pos.column if f.pos else None) for f in report] == [
        ("ASN.NumberTooLong", 1, 21)
    ]
    assert nodes  # the rest of the value was still read
