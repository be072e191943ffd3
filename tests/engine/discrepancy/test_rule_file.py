"""The quick rule-file reader builds the general ASN.1 reader's tree, or leaves the file to it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gbprep.discrepancy import rule_file
from gbprep.model.diagnostics import Report, SourcePos
from gbprep.model.records import AsnNode
from gbprep.readers.asn1text import read_asn1
from tests.shared_data import REFERENCE

RULE_FILES = [Path("/usr/share/ncbi/data/product_rules.prt"), REFERENCE / "validator" / "product_rules.prt"]


def _shape(node: AsnNode) -> tuple[object, ...]:
    return (node.kind, node.name, node.value, [_shape(c) for c in node.children])


def _general(path: Path) -> list[tuple[object, ...]]:
    return [_shape(n) for n in read_asn1(path, Report())]


@pytest.mark.parametrize("path", RULE_FILES, ids=["ncbi-data", "reference"])
def test_real_rule_files_read_as_the_general_reader_reads_them(path: Path) -> None:
    """NCBI's rule files: the quick path is taken, and its tree is the general reader's."""
    if not path.is_file():
        pytest.skip(f"no rule file at {path} (Debian's ncbi-data, or ../shared/reference, is absent)")
    quick = rule_file._parse(path.read_text("ascii"), SourcePos(str(path), 1))
    assert [_shape(n) for n in quick] == _general(path)


def test_comment_and_doubled_quote_go_to_the_general_reader(tmp_path: Path) -> None:
    """Text outside the quick reader's part of the notation is read by the general reader."""
    path = tmp_path / "rules.prt"
    path.write_text('Suspect-rule-set ::= { -- a comment\n  { find has-term "say ""hi""" } }\n')
    assert [_shape(n) for n in rule_file.read_rule_file(path)] == _general(path)


_NAMES = st.sampled_from(["find", "rule-type", "a", "b-2", "x_y", "TRUE", "FALSE", "NULL", "Upper"])
_LEAVES = st.sampled_from(
    ['"text"', '""', '"two\nlines"', "12", "-3", "1.5", "TRUE", "NULL", "name", "'0F'H"]
)


def _values(depth: int) -> st.SearchStrategy[str]:
    leaf = st.tuples(st.lists(_NAMES, max_size=3), _LEAVES).map(lambda t: " ".join([*t[0], t[1]]))
    if depth == 0:
        return leaf
    braces = st.tuples(st.lists(_NAMES, max_size=2), st.lists(_values(depth - 1), max_size=4)).map(
        lambda t: " ".join([*t[0], "{ " + " ,\n ".join(t[1]) + " }"])
    )
    return st.one_of(leaf, braces)


@settings(max_examples=300, deadline=None)
@given(st.lists(_values(3), max_size=4), st.sampled_from(["", ",", "}", "--", "::="]), st.integers(0, 400))
def test_any_text_reads_as_the_general_reader_reads_it(
    tmp_path_factory: pytest.TempPathFactory, items: list[str], slip: str, where: int
) -> None:
    """Generated values, some with a slip inserted: the quick reader agrees with the general one."""
    text = "Suspect-rule-set ::= { " + " ,\n ".join(items) + " }\n"
    text = text[:where] + slip + text[where:]
    path = tmp_path_factory.mktemp("rules") / "rules.prt"
    path.write_text(text)
    assert [_shape(n) for n in rule_file.read_rule_file(path)] == _general(path)
