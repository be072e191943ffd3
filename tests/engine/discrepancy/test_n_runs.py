"""The longest run of Ns, found by substring search, agrees with listing every run."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from gbprep.discrepancy.residues import longest_n_run


@given(st.text(alphabet="ACGTN", max_size=300))
def test_longest_n_run_matches_every_run_listed(segment: str) -> None:
    """Any sequence: the bisected length is the longest of the runs a regex lists."""
    assert longest_n_run(segment) == max(map(len, re.findall("N+", segment)), default=0)
