"""EC numbers as NCBI's validator knew them for tbl2asn 25.3: valid, deleted, and transferred ones.

The numbers live in ``gbprep/model/data/ec_*.tsv`` so that refreshing them is a data change, not a code
change; this module only reads them, once each, on first use.

Data source: the ecnum_specific.txt, ecnum_ambiguous.txt, ecnum_deleted.txt and ecnum_replaced.txt tables of
NCBI's toolkit data directory, as Debian's ncbi-data package (6.1.20170106, the release beside tbl2asn 25.3)
ships them; NCBI builds them from the IUBMB Enzyme List (ExPASy ENZYME). Only the numbers are kept, grouped by
their first three parts (a row ``1.1.1<TAB>1,2,3`` is 1.1.1.1, 1.1.1.2, 1.1.1.3). Refresh from a newer
ncbi-data when NCBI's list moves on.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources


def _rows(name: str) -> Iterator[list[str]]:
    """The tab-separated rows of a data file, without its ``#`` comment lines."""
    text = resources.files("gbprep.model").joinpath("data", name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _expand(name: str) -> frozenset[str]:
    out: set[str] = set()
    for head, tails in _rows(name):
        out.update(f"{head}.{tail}" for tail in tails.split(","))
    return frozenset(out)


@cache
def valid_numbers() -> frozenset[str]:
    """Every specific number NCBI accepts, and the partial ones written with '-' (``1.1.1.-``)."""
    return _expand("ec_valid.tsv")


@cache
def deleted_numbers() -> frozenset[str]:
    """Numbers the Enzyme List deleted without replacement."""
    return _expand("ec_deleted.tsv")


@cache
def transferred_numbers() -> dict[str, tuple[str, ...]]:
    """Old number -> the number(s) that took over; more than one: the entry split."""
    return {old: tuple(new.split()) for old, new in _rows("ec_transferred.tsv")}
