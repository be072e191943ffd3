"""Settings the tbl2asn flags give the assembler (``-j -y -a -l -H -c -M``, taxonomy store)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gbprep.model.records import SourceModifier

if TYPE_CHECKING:
    from gbprep.assemble.accessions import AccessionMap

_GAP_MODE = re.compile(r"^r(\d+)([uk])$")


@dataclass(frozen=True, slots=True)
class AssembleOptions:
    """Picklable, so a process pool's workers get the same settings.

    ``fasta_set``: the sequences are a FASTA set (``-a s``, or any ``-a``): entries go in a ``genbank`` set and
    raw sequences stay ``iupacna``. ``gap_mode`` is ``-a r10u`` style (runs of N at least that long become gaps
    of unknown (``u``) or known (``k``) length); ``linkage_evidence`` is ``-l``; ``gap_type`` the gap type
    those gaps get.
    """

    modifiers: tuple[SourceModifier, ...] = ()  # -j
    comment: str | None = None  # -y
    fasta_set: bool = False  # -a s (and any -a)
    gap_mode: str | None = None  # -a r10u / r10k / r20u / r20k
    linkage_evidence: tuple[str, ...] = ()  # -l
    gap_type: str = "scaffold"
    hold_until: tuple[int, int, int] | None = None  # -H
    cleanup: str = ""  # -c
    genome_mode: bool = False  # -M n
    taxonomy_store: str | None = None
    # tbl2asn 25.3 reads a key/value (vertical) .cmt file for every record only with -w or -X C; otherwise it
    # fails to match it to a SeqID and drops it. False reproduces that; True applies it to every record.
    comment_for_all: bool = False
    date: tuple[int, int, int] = field(default_factory=lambda: _today())
    # Accessions given at approval (SeqID / protein key -> "ACC.version"); see gbprep.assemble.accessions.
    accessions: AccessionMap | None = None
    tool: str = "tbl2asn 25.3 - LINUX UNIX"

    @property
    def gap_run(self) -> tuple[int, bool] | None:
        """(minimum run of Ns, unknown length?) from ``gap_mode``, or None."""
        match = _GAP_MODE.match(self.gap_mode or "")
        if match is None:
            return None
        return int(match.group(1)), match.group(2) == "u"


def _today() -> tuple[int, int, int]:
    today = datetime.date.today()
    return today.year, today.month, today.day
