"""Organism names to taxonomy: tax id, GenBank lineage, division and genetic codes.

``lookup`` answers from the built-in table first (the organisms tbl2asn 25.3 knows offline, with the exact
lineages it writes, so our ``.sqn`` matches its output), then from a taxdump store when one is given (loaded
with ``python -m validation taxonomy load TAXDUMP_DIR --store PATH``).
"""

from __future__ import annotations

import functools
from pathlib import Path

from validation.core.taxonomy.builtin import BUILTIN
from validation.core.taxonomy.model import Taxon
from validation.core.taxonomy.store import TaxdumpError, TaxonomyStore, load_taxdump

__all__ = ["BUILTIN", "TaxdumpError", "Taxon", "TaxonomyStore", "load_taxdump", "lookup"]


@functools.lru_cache(maxsize=8)
def _open(path: str) -> TaxonomyStore:
    return TaxonomyStore(path)


@functools.lru_cache(maxsize=4096)
def _from_store(path: str, name: str) -> Taxon | None:
    return _open(path).lookup(name)


def lookup(name: str, store: str | Path | None = None) -> Taxon | None:
    """The taxon an organism name means, or None. tbl2asn matches its table by exact name; so do we."""
    name = name.strip()
    if not name:
        return None
    found = BUILTIN.get(name)
    if found is not None:
        return found
    if store is not None and Path(store).is_file():
        return _from_store(str(store), name)
    return None
