"""tbl2asn's ``<base>.ecn``: the EC numbers its cleanup rewrote, and those it could not vouch for.

Two passes over the coding regions of a ``.sqn``'s records, in the entries' order (each rule checked with
tbl2asn 25.3): first every number IUBMB transferred (``EC number changed  old  new``, or ``EC number split  old  new1  new2 ...``:
the protein gets the new number when there is one), then every number as written that is malformed or on
none of NCBI's lists (``EC number malformed  1.2.3``, ``EC number invalid  9.9.9.9``; a transferred number is
invalid too). A line starts with the protein's id as tbl2asn labels it: ``lcl|c1_3`` is ``c1_3``,
``gnl|DB|P1`` is ``DB:P1``. An /EC_number on any other feature is left to the validator, not listed here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from gbprep.model.asntree import descend
from gbprep.model.ec_numbers import transferred_numbers
from gbprep.model.records import AsnNode, Feature
from gbprep.rules.enzyme_numbers import bare_number, listed
from gbprep.rules.products import EC_FORMAT


def _coding_regions(node: AsnNode) -> Iterator[AsnNode]:
    for child in node.children:
        data = child.child("data") if child.kind == "struct" else None
        if data is not None and data.children and data.children[0].name == "cdregion":
            yield child
        else:
            yield from _coding_regions(child)


def _id_label(seq_loc: AsnNode | None) -> str:
    """``c1_3`` for a local id, ``DB:P1`` for a general one, else the id's text."""
    seq_id = descend(seq_loc, "whole")
    chosen = seq_id.children[0] if seq_id is not None and seq_id.children else None
    if chosen is None:
        return ""
    if chosen.name == "general":
        db = descend(chosen, "db")
        tag = descend(chosen, "tag")
        tag_value = tag.children[0].value if tag is not None and tag.children else ""
        return f"{db.value if db is not None else ''}:{tag_value}"
    leaf = chosen
    while leaf.children:
        leaf = leaf.children[-1]
    return str(leaf.value)


def ecn_lines(entry: AsnNode, features: Sequence[Feature]) -> tuple[list[str], list[str]]:
    """The record's lines of each pass: (numbers changed or split, numbers malformed or invalid). The job
    writes every record's first-pass lines before any record's second-pass ones."""
    by_pos = {f.pos: f for f in features if f.key == "CDS" and f.has("EC_number")}
    if not by_pos:  # most records: no need to walk the entry's tree
        return [], []
    proteins: list[tuple[str, list[str]]] = []
    for cds in _coding_regions(entry):
        feature, label = by_pos.get(cds.pos), _id_label(cds.child("product"))
        numbers = [bare_number(v) for v in feature.values("EC_number")] if feature is not None else []
        if numbers and label:  # a CDS without a protein (a pseudo one) has no Prot-ref to clean
            proteins.append((label, numbers))
    changes: list[str] = []
    problems: list[str] = []
    for label, numbers in proteins:
        for number in numbers:
            moved = transferred_numbers().get(number)
            if moved:
                kind = "changed" if len(moved) == 1 else "split"
                changes.append("\t".join([label, f"EC number {kind}", number, *moved]))
    for label, numbers in proteins:
        for number in numbers:
            if not EC_FORMAT.match(number):
                problems.append(f"{label}\tEC number malformed\t{number}")
            elif not listed(number):
                problems.append(f"{label}\tEC number invalid\t{number}")
    return changes, problems
