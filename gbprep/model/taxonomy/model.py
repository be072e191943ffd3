"""What the portal knows about an organism: what a BioSource's Org-ref carries."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Taxon:
    """An organism as GenBank describes it.

    ``lineage`` is GenBank's (``Eukaryota; Fungi; ...``, ranks hidden in GenBank left out); ``division`` the
    three-letter GenBank division (``PLN``, ``BCT``, ...); ``gcode``/``mgcode``/``pgcode`` the nuclear,
    mitochondrial and plastid genetic codes (None where unknown or not used).
    """

    taxid: int
    name: str
    common: str = ""
    lineage: str = ""
    division: str = ""
    gcode: int | None = None
    mgcode: int | None = None
    pgcode: int | None = None
    rank: str = ""
    source: str = ""  # "builtin" or the store's path: where the answer came from

    @property
    def eukaryote(self) -> bool:
        """Its lineage is under Eukaryota (what tbl2asn's kingdom-dependent checks ask)."""
        return "Eukaryota" in self.lineage.split("; ")

    @property
    def green_plant(self) -> bool:
        """Its lineage is under Viridiplantae (where GC splice donors are expected)."""
        return "Viridiplantae" in self.lineage.split("; ")
