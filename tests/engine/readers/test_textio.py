"""Lines out of bytes: the bulk forms (``line_blocks``, ``line_lists``) against a plain split, at any chunk size,
and byte-level findings arriving when their line is reached."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gbprep.model.diagnostics import Report
from gbprep.readers import textio
from gbprep.readers.textio import ReadLimits, TextSource

# Any text but line ends, control characters and a BOM (each of which means something of its own). With small
# chunks, lines are ASCII: a line longer than a chunk is decoded in fragments, and a fragment may end inside a
# multi-byte character (reported, and read as Latin-1: real chunks are 1 MiB, and such lines are sequence).
_LINE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff"), max_size=40
)
_ASCII_LINE = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40)


def _source(data: bytes, report: Report, limits: ReadLimits = textio.DEFAULT_LIMITS) -> TextSource:
    directory = Path(tempfile.mkdtemp())
    path = directory / "x.txt"
    path.write_bytes(data)
    return TextSource(path, report, limits=limits)


@settings(max_examples=200, deadline=None)
@given(
    chunk_and_lines=st.one_of(
        st.tuples(st.just(1 << 20), st.lists(_LINE, min_size=1, max_size=30)),
        st.tuples(st.sampled_from([64, 7, 3]), st.lists(_ASCII_LINE, min_size=1, max_size=30)),
    ),
    end=st.sampled_from(["\n", "\r\n", "\r"]),
    final_end=st.booleans(),
    piece=st.sampled_from([textio.PIECE, 16, 1]),
)
def test_every_form_gives_the_lines_of_a_plain_split(
    chunk_and_lines: tuple[int, list[str]], end: str, final_end: bool, piece: int
) -> None:
    chunk, lines = chunk_and_lines
    lines = ["#", *lines]  # a first line that no file-type sniffing mistakes for something else
    text = end.join(lines) + (end if final_end else "")
    data = text.encode("utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(textio, "CHUNK", chunk)
        patch.setattr(textio, "PIECE", piece)
        report = Report()
        got = [(line.number, line.text) for line in _source(data, report).lines()]
        listed = [
            (number, item)
            for first, items in _source(data, report).line_lists()
            for number, item in enumerate(items, first)
        ]
        texts = "".join(block for _, block in _source(data, report).text_blocks())
        fragments: dict[int, str] = {}
        for number, block, more in _source(data, report).line_blocks():
            if more:
                fragments[number] = fragments.get(number, "") + block
                continue
            assert block.endswith("\n") and "\r" not in block
            for index, item in enumerate(block[:-1].split("\n"), number):
                fragments[index] = fragments.get(index, "") + item
    if not final_end and not lines[-1]:
        lines.pop()  # "a\n" then nothing: the line end closes the last line, it does not open another
    assert got == list(enumerate(lines, 1))
    assert listed == got
    assert texts == "".join(f"{text}\n" for _, text in got)
    assert sorted(fragments.items()) == got
    assert not report.findings, [f.render() for f in report]


def test_a_byte_finding_is_added_when_its_line_is_reached() -> None:
    # The bulk path must not decode (and report on) lines the reader has not asked for yet: a reader's own
    # findings about earlier lines come first, as they always did.
    report = Report()
    seen = []
    for line in _source(b"a\nb\nc\x00c\nd\n", report).lines():
        seen.append((line.number, line.text, len(report)))
    assert seen == [(1, "a", 0), (2, "b", 0), (3, "cc", 1), (4, "d", 1)]
    assert report.findings[0].code == "READ.NulByte"


def test_an_over_long_line_is_reported_when_reached_and_cut() -> None:
    report = Report()
    seen = []
    limits = ReadLimits(max_line_chars=5)
    for first, texts in _source(b"abc\nabcdefgh\nxy\n", report, limits).line_lists():
        for number, text in enumerate(texts, first):
            seen.append((number, text, len(report)))
    assert seen == [(1, "abc", 0), (2, "abcde", 1), (3, "xy", 1)]
    assert [(f.code, f.pos.line if f.pos else None) for f in report] == [("READ.LineTooLong", 2)]


def test_a_line_longer_than_a_chunk_comes_in_fragments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textio, "CHUNK", 8)
    report = Report()
    blocks = list(_source(b"x\n" + b"A" * 20 + b"\nyz\n", report).line_blocks())
    assert (
        "".join(t for n, t, more in blocks if n == 2 and more)
        + "".join(t.split("\n")[0] for n, t, more in blocks if n == 2 and not more)
        == "A" * 20
    )
    assert any(more for _, _, more in blocks)
    assert [(line.number, line.text) for line in _source(b"x\n" + b"A" * 20 + b"\nyz\n", report).lines()] == [
        (1, "x"),
        (2, "A" * 20),
        (3, "yz"),
    ]


def test_a_last_line_that_ends_on_a_chunk_boundary_is_not_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    # No line end after the last line, which is handed out as fragments up to the very end of the file: its
    # line still ends (it used to vanish from lines(), and a FASTA reader never closed it).
    monkeypatch.setattr(textio, "CHUNK", 7)
    report = Report()
    assert [(line.number, line.text) for line in _source(b"#\n0000000", report).lines()] == [
        (1, "#"),
        (2, "0000000"),
    ]
    assert not report.findings
