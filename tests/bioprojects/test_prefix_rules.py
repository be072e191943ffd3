"""The locus_tag prefix rules on their own (no database)."""

from __future__ import annotations

import pytest

from bioprojects.prefixes import prefix_problems, prefix_suggestions


@pytest.mark.parametrize("prefix", ["ATUB", "abc", "Sc16X", "A1B2C3D4E5F6", "ABCDEF12345"])
def test_it_accepts_well_formed_prefixes(prefix: str) -> None:
    assert prefix_problems(prefix) == []


@pytest.mark.parametrize(
    ("prefix", "says"),
    [
        ("AB", "3 to 12"),
        ("ABCDEFGHIJKLM", "3 to 12"),
        ("1ABC", "first character"),
        ("AB_C", "letters A-Z and digits"),
        ("AB C", "letters A-Z and digits"),
        ("AB12345", "accession"),
        ("ABCDE123456789", "3 to 12"),
        ("X12345", "accession"),
    ],
)
def test_it_names_the_broken_rule(prefix: str, says: str) -> None:
    problems = prefix_problems(prefix)
    assert any(says in p for p in problems), problems


def test_suggestions_are_valid_free_and_not_the_taken_one() -> None:
    taken = {"atub", "atub1", "atub2"}
    suggestions = prefix_suggestions("ATUB", lambda cands: {c.lower() for c in cands} & taken)
    assert len(suggestions) == 5
    for s in suggestions:
        assert prefix_problems(s) == [] and s.lower() not in taken


def test_suggestions_repair_an_unusable_wish() -> None:
    suggestions = prefix_suggestions("9a-b", lambda cands: set())
    assert suggestions and all(not prefix_problems(s) and s[0].isalpha() for s in suggestions)
