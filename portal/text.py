"""Text that goes into PostgreSQL, and numbers read from headers and query strings. Imports no app.

PostgreSQL refuses NUL in ``text`` ("\\u0000 cannot be converted to text" in jsonb, a DataError in text), so
what the engine read from a user's bytes (a FASTA header with a NUL, a binary file) is cleaned before it is
stored: each NUL becomes the visible symbol ␀, and the finding the user needs still says where it is.
What a user types (query parameters, header values, file names) is refused instead, at the door.

``str.isdigit()`` accepts superscripts ("²") that ``int()`` does not, so every numeric header and parameter
goes through ``ascii_int``.
"""

from __future__ import annotations

from typing import Any

NUL = "\x00"
NUL_SHOWN = "\u2400"  # ␀ SYMBOL FOR NULL
# Nesting deeper than this in stored JSON (an overview, a summary) is cut: nothing we make goes near it.
_MAX_DEPTH = 64


def text_clean(value: str) -> str:
    """``value`` with every NUL shown as ␀ (PostgreSQL cannot store NUL in text)."""
    return value.replace(NUL, NUL_SHOWN) if NUL in value else value


def json_clean(value: Any, depth: int = 0) -> Any:
    """A JSON-ready value with NUL cleaned from every string and key, for a jsonb column."""
    if isinstance(value, str):
        return text_clean(value)
    if depth > _MAX_DEPTH:
        return None
    if isinstance(value, dict):
        return {text_clean(str(k)): json_clean(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_clean(v, depth + 1) for v in value]
    return value


def ascii_int(value: str | None) -> int | None:
    """A non-negative whole number written in ASCII digits only; None for anything else ("²", "+1", " 1")."""
    if value is None or not value or not value.isascii() or not value.isdigit():
        return None
    return int(value)


def has_control(value: str) -> bool:
    """NUL, CR, LF or another C0/C1 control character (tab aside): never in a name or a parameter."""
    return any((ord(c) < 32 and c != "\t") or 0x7F <= ord(c) < 0xA0 for c in value)
