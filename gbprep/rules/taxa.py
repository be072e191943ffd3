"""Which organisms the validator rules take for eukaryotes without a network lookup.

tbl2asn 25.3 answers from its built-in organism table (case-blind), not from the longer offline taxlist:
run on Bos taurus (list only) it stays silent about 16S rRNA, on Candida albicans (table only) it warns. The
rules ask the same table, through ``gbprep.model.taxonomy``, and stay silent for any other organism.
"""

from __future__ import annotations

from gbprep.model.taxonomy import is_eukaryote


def is_known_eukaryote(organism: str) -> bool:
    return is_eukaryote(organism, fold_case=True)
