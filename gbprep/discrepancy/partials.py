"""Discrepancy tests on partial ends: DISC_BACTERIAL_PARTIAL_NONEXTENDABLE_PROBLEMS.

A partial end (``<`` or ``>``) says the feature goes on past what was sequenced, so it should sit at the end
of the sequence or at a gap. Positions here are 0-based, as in the C toolkit's functions they follow
(``IsNonExtendableLeft``/``IsNonExtendableRight`` of tbl2asn 25.3).
"""

from __future__ import annotations

import bisect
import sys
from collections.abc import Iterator

from gbprep.discrepancy.context import RecordView
from gbprep.discrepancy.model import DiscItem
from gbprep.discrepancy.registry import discrepancy
from gbprep.discrepancy.sequences import gap_spans
from gbprep.model.records import Feature, Strand

EXTENDABLE = 3  # bases a partial end may be moved by to reach the sequence's end or a gap
NONEXTENDABLE_EXCEPTION = "unextendable partial coding region"


def partial_sides(feature: Feature) -> tuple[bool, bool]:
    """Whether the feature's left (lower) and right (higher) ends are partial."""
    first, last = feature.intervals[0], feature.intervals[-1]
    if feature.strand is Strand.MINUS:
        return last.partial_stop, first.partial_start
    return first.partial_start, last.partial_stop


def _nonextendable_left(gaps: list[tuple[int, int]], pos: int) -> bool:
    """More than 3 bases from the sequence's start and from the end of the nearest gap before ``pos``."""
    if pos < EXTENDABLE:
        return False
    i = bisect.bisect_right(gaps, (pos, sys.maxsize)) - 1  # the last gap starting at or before pos
    if i < 0:
        return True
    end = gaps[i][1]
    return not (0 <= pos - end < EXTENDABLE)  # inside the gap counts as too far, as in tbl2asn


def _nonextendable_right(gaps: list[tuple[int, int]], pos: int, length: int) -> bool:
    """More than 3 bases from the sequence's end and from the start of the nearest gap after ``pos``."""
    if pos > length - EXTENDABLE - 1:
        return False
    i = bisect.bisect_right(gaps, (pos, sys.maxsize))  # the first gap starting after pos
    if i >= len(gaps):
        return True
    return not (gaps[i][0] - pos - 1 < EXTENDABLE)


@discrepancy(
    "DISC_BACTERIAL_PARTIAL_NONEXTENDABLE_PROBLEMS",
    text="{n} features have partial ends that do not abut the end of the sequence or a gap, and cannot be "
    "extended by 3 or fewer nucleotides to do so",
    fatal=True,
)
def bacterial_partial_nonextendable(view: RecordView) -> Iterator[DiscItem]:
    """A partial coding region end, off eukaryotes, that is not at (or within 3 bases of) an end or a gap.

    What: on sequences whose organism is not known to be a eukaryote, coding regions with a partial end
    more than 3 bases from the end of the sequence and from a gap, unless their /exception already says
    "unextendable partial coding region".
    Why: in a prokaryote a coding region is partial only because the sequence stops (or has a gap) there;
    a partial end inside the sequence is usually a wrong coordinate or a wrong partial mark.
    Fix: move the end to the start or stop codon and drop the ``<``/``>``, or extend it to the sequence's
    end or the gap; if it really cannot be, add /exception="unextendable partial coding region".
    """
    if view.eukaryote:
        return
    gaps: list[tuple[int, int]] | None = None
    length = len(view.record)
    cdss = sorted(view.of_key("CDS"), key=lambda f: (view.span(f)[0], -view.span(f)[1]))
    for cds in cdss:
        left, right = partial_sides(cds)
        if not (left or right):
            continue
        if any(NONEXTENDABLE_EXCEPTION in e.lower() for e in cds.values("exception")):
            continue
        if gaps is None:
            gaps = gap_spans(view)
        low, high, _ = view.span(cds)
        if (left and _nonextendable_left(gaps, low - 1)) or (
            right and _nonextendable_right(gaps, high - 1, length)
        ):
            yield view.feature_item(cds)
