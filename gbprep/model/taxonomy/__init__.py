"""Organism names to taxonomy: tax id, GenBank lineage, division and genetic codes; the one place the engine
keeps what it knows about organisms.

``lookup`` answers from the built-in table first (the organisms tbl2asn 25.3 knows offline, with the exact
lineages it writes, so our ``.sqn`` matches its output), then from a taxdump store when one is given (loaded
with ``python -m validation taxonomy load TAXDUMP_DIR --store PATH``). ``is_eukaryote``, ``is_green_plant``
and ``lineage_of`` ask the built-in table only: what tbl2asn knows without a lookup, which is what its checks
and discrepancy tests go by (the 16S rRNA rule included: tbl2asn asks this table, not its longer offline
taxlist). Where the table comes from is said in ``builtin.py``.
"""

from __future__ import annotations

import functools
from pathlib import Path

from gbprep.model.taxonomy.builtin import BUILTIN, BUILTIN_FOLDED
from gbprep.model.taxonomy.model import Taxon
from gbprep.model.taxonomy.store import TaxdumpError, TaxonomyStore, load_taxdump

__all__ = [
    "BUILTIN",
    "TaxdumpError",
    "Taxon",
    "TaxonomyStore",
    "is_eukaryote",
    "is_green_plant",
    "lineage_of",
    "load_taxdump",
    "lookup",
]


@functools.lru_cache(maxsize=8)
def _open(path: str) -> TaxonomyStore:
    return TaxonomyStore(path)


@functools.lru_cache(maxsize=4096)
def _from_store(path: str, name: str) -> Taxon | None:
    return _open(path).lookup(name)


def lookup(name: str, store: str | Path | None = None, *, fold_case: bool = False) -> Taxon | None:
    """The taxon an organism name means, or None.

    The built-in table is matched by exact name, or case-blind with ``fold_case`` (as tbl2asn matches it). A
    store, when given and present, answers names the table lacks (exact, then case-blind: ``taxid_of``).
    """
    name = name.strip()
    if not name:
        return None
    found = BUILTIN_FOLDED.get(name.lower()) if fold_case else BUILTIN.get(name)
    if found is not None:
        return found
    if store is not None and Path(store).is_file():
        return _from_store(str(store), name)
    return None


def is_eukaryote(name: str, *, fold_case: bool = False) -> bool:
    """tbl2asn knows the organism offline and its lineage is under Eukaryota (unknown names: False)."""
    taxon = lookup(name, fold_case=fold_case)
    return taxon is not None and taxon.eukaryote


def is_green_plant(name: str, *, fold_case: bool = False) -> bool:
    """tbl2asn knows the organism offline and its lineage is under Viridiplantae (unknown names: False)."""
    taxon = lookup(name, fold_case=fold_case)
    return taxon is not None and taxon.green_plant


def lineage_of(name: str, *, fold_case: bool = False) -> str:
    """The GenBank lineage tbl2asn writes for the organism offline; '' for a name it does not know."""
    taxon = lookup(name, fold_case=fold_case)
    return taxon.lineage if taxon is not None else ""
