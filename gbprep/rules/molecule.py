"""Rules that depend on the molecule type of a sequence (``[moltype=]``: genomic DNA, mRNA, rRNA, ...)."""

from __future__ import annotations
