"""The rules a locus_tag prefix must follow, and free alternatives when the wanted one is taken.

Pure functions over strings (the database lookups are passed in), so the rules read and test on their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

MIN_LENGTH = 3
MAX_LENGTH = 12
_ALNUM = re.compile(r"^[A-Za-z0-9]+$")
# An INSDC accession: 1-5 letters then 5-9 digits (AB123456, AAAA01000001...). A prefix shaped like one would
# make every locus_tag look like a cross-reference to a record that is not ours.
_ACCESSION_LIKE = re.compile(r"^[A-Za-z]{1,5}[0-9]{5,9}$")


def prefix_problems(prefix: str) -> list[str]:
    """Every rule the prefix breaks, in plain words (empty when it is well formed)."""
    problems: list[str] = []
    if not MIN_LENGTH <= len(prefix) <= MAX_LENGTH:
        problems.append(f"A prefix has {MIN_LENGTH} to {MAX_LENGTH} characters; this one has {len(prefix)}.")
    if prefix and not _ALNUM.match(prefix):
        problems.append("Use letters A-Z and digits 0-9 only (no '_', '-', spaces or accents).")
    if prefix[:1].isdigit():
        problems.append("The first character must be a letter, not a digit.")
    if _ACCESSION_LIKE.match(prefix):
        problems.append(
            "It looks like a sequence accession (1-5 letters followed by 5-9 digits); add or drop a letter "
            "or a digit so that it does not."
        )
    return problems


def _candidates(prefix: str) -> Iterable[str]:
    cleaned = re.sub(r"[^A-Za-z0-9]", "", prefix)
    cleaned = cleaned.lstrip("0123456789") or "LT"
    stem = cleaned[: MAX_LENGTH - 1]
    for digit in "123456789":
        yield stem + digit
    for letter in "ABCDEFGHJKLMNPQRSTUVWXYZ":
        yield stem + letter
    short = cleaned[: MAX_LENGTH - 2]
    for number in range(10, 100):
        yield f"{short}{number}"


def prefix_suggestions(prefix: str, taken: Callable[[list[str]], set[str]], limit: int = 5) -> list[str]:
    """Well-formed prefixes close to ``prefix`` that are free. ``taken`` returns the lowercased taken ones."""
    seen: set[str] = set()
    candidates: list[str] = []
    for candidate in _candidates(prefix):
        key = candidate.lower()
        if key not in seen and key != prefix.lower() and not prefix_problems(candidate):
            seen.add(key)
            candidates.append(candidate)
    used = taken(candidates)
    return [c for c in candidates if c.lower() not in used][:limit]
