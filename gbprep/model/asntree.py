"""Small constructors for ``AsnNode`` trees in the shape ``readers/asn1text.py`` gives a parsed ``.sqn``.

In that shape a ``{...}`` whose elements are all named is a ``struct`` (SEQUENCE, or a SET OF CHOICE written as
``alt value`` elements), otherwise a ``list``; an element whose value is a CHOICE is a ``choice`` node named
after the element, with the alternative as its one child. Built trees have the same shape, so the GenBank
writer and the ``.sqn`` printer take them as they take a parsed file.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from gbprep.model.diagnostics import SourcePos
from gbprep.model.records import AsnNode

NOWHERE = SourcePos("", 0)


def struct(name: str | None, children: Iterable[AsnNode | None], pos: SourcePos = NOWHERE) -> AsnNode:
    """``name { a ..., b ... }``; None children are left out (optional fields not set)."""
    kept = [c for c in children if c is not None]
    kind = "struct" if kept else "list"
    for c in kept:
        if c.name is None:
            kind = "list"
            break
    return AsnNode(kind, pos, None, name, kept)


def seq_of(name: str | None, children: Iterable[AsnNode], pos: SourcePos = NOWHERE) -> AsnNode:
    """A SEQUENCE/SET OF: a ``list`` (or ``struct`` when its elements are named CHOICE alternatives)."""
    return struct(name, children, pos)


def choice(name: str | None, alternative: str, value: AsnNode, pos: SourcePos = NOWHERE) -> AsnNode:
    """``name`` / ``alternative value``: an element whose value is a CHOICE."""
    value.name = alternative
    return AsnNode("choice", pos, alternative, name, [value])


def string(name: str | None, text: str, pos: SourcePos = NOWHERE) -> AsnNode:
    return AsnNode("string", pos, text, name)


def integer(name: str | None, number: int, pos: SourcePos = NOWHERE) -> AsnNode:
    return AsnNode("int", pos, number, name)


def ident(name: str | None, word: str, pos: SourcePos = NOWHERE) -> AsnNode:
    """An ENUMERATED (or named INTEGER) value written as its name: ``strand plus``."""
    return AsnNode("ident", pos, word, name)


def boolean(name: str | None, value: bool, pos: SourcePos = NOWHERE) -> AsnNode:
    return AsnNode("bool", pos, value, name)


def null(name: str | None, pos: SourcePos = NOWHERE) -> AsnNode:
    return AsnNode("null", pos, None, name)


def octets(name: str | None, data: bytes, pos: SourcePos = NOWHERE) -> AsnNode:
    return AsnNode("bits", pos, data, name)


def date_std(name: str, ymd: tuple[int, int, int], pos: SourcePos = NOWHERE) -> AsnNode:
    """``name std { year Y, month M, day D }`` (a Date CHOICE)."""
    year, month, day = ymd
    return choice(
        name, "std", struct(None, [integer("year", year), integer("month", month), integer("day", day)]), pos
    )


def object_id(name: str, value: str | int, pos: SourcePos = NOWHERE) -> AsnNode:
    """An Object-id CHOICE: ``id N`` or ``str "..."``."""
    if isinstance(value, int):
        return choice(name, "id", integer(None, value), pos)
    return choice(name, "str", string(None, value), pos)


def user_object(type_label: str, fields: Iterable[AsnNode], pos: SourcePos = NOWHERE) -> AsnNode:
    """A User-object ``{ type str "...", data { {...}, ... } }`` (unnamed; callers name it)."""
    return struct(None, [object_id("type", type_label), seq_of("data", list(fields))], pos)


def user_field(label: str, kind: str, value: AsnNode, pos: SourcePos = NOWHERE) -> AsnNode:
    """One User-field ``{ label str "...", data <kind> value }``."""
    return struct(None, [object_id("label", label), choice("data", kind, value)], pos)


# -- navigation --


def descend(node: AsnNode | None, *names: str) -> AsnNode | None:
    """Follow child names (CHOICE alternatives are children too): ``descend(sb, "contact", "contact")``."""
    for wanted in names:
        if node is None:
            return None
        node = node.child(wanted)
    return node


def string_of(node: AsnNode | None) -> str | None:
    """The text of a string value, looking through CHOICE wrappers such as ``str "..."``."""
    while node is not None and node.kind == "choice" and node.children:
        node = node.children[0]
    if node is not None and node.kind == "string":
        return str(node.value)
    return None


def alternative(node: AsnNode | None) -> tuple[str, AsnNode] | None:
    """For a CHOICE node, the chosen alternative's name and value."""
    if node is not None and node.kind == "choice" and node.children:
        return str(node.value), node.children[0]
    return None


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a tree is built or printed.

    Building and printing make hundreds of thousands of small objects next to a bundle of millions (the
    feature tables); each automatic collection would walk all of them again (it tripled the assembly time of
    a 12 Mb genome). Trees are acyclic, so reference counting frees them all the same. Nesting is safe.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True, slots=True)
class SubmitHeader:
    """What precedes the entries: the Submit-block node, and whether entries sit in a ``genbank`` set."""

    sub: AsnNode
    genbank_set: bool
