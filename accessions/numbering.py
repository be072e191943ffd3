"""Accession shapes and the counters behind them. Pure arithmetic plus one locked counter row per number line.

* WGS: a 4-letter project prefix (one per genome lineage) + 2-digit assembly version + 6-digit serial,
  ``ABCD01000001``; the master record is ``ABCD00000000`` (version digits and serial all zero).
* complete sequences: 2 letters + 6 digits, ``AB123456``;
* proteins: 3 letters + 5 digits, ``ABC12345``.

Each number line is a counter row: an allocation locks it (``select_for_update``), takes a block and moves it
on, so concurrent approvals queue on the row and never share a number; the unique ``Accession.accession``
column is the backstop. Counters only go up, so a retired accession's number is never handed out again.
"""

from __future__ import annotations

import string
from collections.abc import Iterable

from django.conf import settings

from accessions.models import AccessionCounter
from portal.errors import ApplicationError

WGS_PROJECT = "wgs_project"
CHROMOSOME = "chromosome"
PROTEIN = "protein"
_LETTERS = string.ascii_uppercase


def _letters_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + _LETTERS.index(char)
    return index


def _letters(index: int, width: int) -> str:
    if index >= 26**width:
        raise ApplicationError(
            f"The {width}-letter accession prefixes are used up.", code="accessions_exhausted"
        )
    chars = []
    for _ in range(width):
        index, rest = divmod(index, 26)
        chars.append(_LETTERS[rest])
    return "".join(reversed(chars))


def wgs_prefix(number: int) -> str:
    """The ``number``-th project prefix (0 is ``ACCESSIONS_WGS_FIRST_PREFIX``)."""
    return _letters(_letters_index(settings.ACCESSIONS_WGS_FIRST_PREFIX) + number, 4)


def wgs_accession(prefix: str, assembly_version: int, serial: int) -> str:
    if not 1 <= serial <= 999_999:
        raise ApplicationError("A WGS project holds at most 999,999 sequences.", code="accessions_exhausted")
    return f"{prefix}{assembly_version:02d}{serial:06d}"


def wgs_master(prefix: str) -> str:
    return f"{prefix}00000000"


def _lettered(number: int, first: str, digits: int) -> str:
    """Letters then digits; the serial part starts at 1 (all zeros is not an accession)."""
    per_prefix = 10**digits - 1
    block, serial = divmod(number, per_prefix)
    return f"{_letters(_letters_index(first) + block, len(first))}{serial + 1:0{digits}d}"


def chromosome_accession(number: int) -> str:
    return _lettered(number, settings.ACCESSIONS_CHROMOSOME_FIRST_PREFIX, 6)


def protein_accession(number: int) -> str:
    return _lettered(number, settings.ACCESSIONS_PROTEIN_FIRST_PREFIX, 5)


def counters_take(wanted: dict[str, int]) -> dict[str, range]:
    """Reserve ``wanted[name]`` numbers on each counter; call inside the transaction that stores them.

    Counters are locked in name order, so two approvals needing the same counters cannot deadlock.
    """
    names = sorted(name for name, count in wanted.items() if count > 0)
    for name in names:
        AccessionCounter.objects.get_or_create(name=name)
    taken: dict[str, range] = {}
    for counter in AccessionCounter.objects.select_for_update().filter(name__in=names).order_by("name"):
        first = counter.next_value
        counter.next_value = first + wanted[counter.name]
        counter.save(update_fields=["next_value"])
        taken[counter.name] = range(first, counter.next_value)
    return taken


def numbers(taken: dict[str, range], name: str) -> Iterable[int]:
    return iter(taken.get(name, range(0)))
