"""The flatfile writer's shortcuts give what the general code they bypass gives.

Line wrapping, Seq-id keys and the first Seq-id of a location each have a quick path for the shapes a genome
is made of; here each is checked against the plain reading it stands in for.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gbprep.model.diagnostics import Report
from gbprep.model.records import AsnNode
from gbprep.readers.asn1text import parse_asn1_text
from gbprep.writers.genbank.locations import Location, Span, read_location
from gbprep.writers.genbank.tree import first_location_id, location_ids, seq_id, seq_key
from gbprep.writers.genbank.wrap import FEATURE_INDENT, _wrap_paragraph, qualifier, wrap


def _sliced_wrap(text: str, room: int) -> list[str]:
    """The wrapping rule read literally: cut a line off the front, again and again."""
    pieces: list[str] = []
    while len(text) > room:
        cut = text.rfind(" ", 0, room + 1)
        mark = -1
        if cut <= 0:
            mark = text.rfind(",", 0, room)
            if mark < 0:
                mark = text.rfind("-", 0, room)
        if mark >= 0:
            pieces.append(text[: mark + 1])
            text = text[mark + 1 :]
        elif cut <= 0:
            pieces.append(text[:room])
            text = text[room:]
        else:
            pieces.append(text[:cut].rstrip(" "))
            text = text[cut + 1 :].lstrip(" ")
    pieces.append(text)
    return pieces


@given(st.text(alphabet="ab ,-", max_size=300), st.sampled_from([1, 5, 10, 58, 67]))
def test_wrapping_by_position_cuts_where_slicing_does(text: str, room: int) -> None:
    assert _wrap_paragraph(text, room) == _sliced_wrap(text, room)


@given(st.text(alphabet='MKLAV*X=/"', max_size=400))
def test_a_qualifier_without_break_points_is_laid_out_as_wrap_lays_it_out(text: str) -> None:
    assert qualifier(text) == wrap(FEATURE_INDENT, text, FEATURE_INDENT)


def _node(text: str) -> AsnNode:
    report = Report()
    nodes = parse_asn1_text(text, report)
    assert not report.findings, [f.message for f in report]
    return nodes[0]


_LOCATIONS = [
    'Seq-loc ::= int { from 3 , to 9 , strand minus , id local str "chr1" }',
    'Seq-loc ::= int { from 0 , to 352 , id general { db "SYNTH" , tag str "P_1" } }',
    'Seq-loc ::= int { from 5 , to 7 , id general { db "X" , tag id 42 } }',
    'Seq-loc ::= int { from 1 , to 2 , fuzz-from lim lt , id genbank { accession "AB000001" , version 2 } }',
    "Seq-loc ::= mix { int { from 1 , to 5 , id local id 7 } , int { from 9 , to 12 , id local id 7 } }",
    'Seq-loc ::= packed-int { { from 1 , to 5 , id local str "a" } , { from 8 , to 9 , id local str "b" } }',
    'Seq-loc ::= pnt { point 4 , strand plus , id local str "c" }',
    'Seq-loc ::= whole general { db "SYNTH" , tag str "P_2" }',
    "Seq-loc ::= null NULL",
]


@pytest.mark.parametrize("text", _LOCATIONS)
def test_the_first_id_of_a_location_and_its_key_are_what_the_walk_finds(text: str) -> None:
    loc = _node(text)
    walked = next(location_ids(loc), None)
    assert first_location_id(loc) is walked
    for node in location_ids(loc):
        assert seq_key(node) == seq_id(node).key


@pytest.mark.parametrize("text", _LOCATIONS)
def test_a_single_interval_reads_as_the_general_reading_does(text: str) -> None:
    loc = _node(text)
    wrapped = AsnNode("choice", loc.pos, "mix", "location", [AsnNode("list", loc.pos, None, "mix", [loc])])
    assert read_location(loc, {"gnl|SYNTH|P_2": 10}) == read_location(wrapped, {"gnl|SYNTH|P_2": 10})


_SPANS = st.lists(
    st.builds(
        lambda a, n, minus: Span("lcl|x", a, a + n, minus),
        st.integers(0, 99),
        st.integers(0, 9),
        st.booleans(),
    ),
    max_size=6,
)


@given(_SPANS)
def test_the_extent_of_a_location_is_its_left_right_and_strand(spans: list[Span]) -> None:
    loc = Location(spans)
    assert loc.extent() == (loc.left, loc.right, loc.minus)
