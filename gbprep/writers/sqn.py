"""The Seq-submit (``.sqn``) as text: the header, then the entries as they come, one at a time."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from gbprep.model.asntree import SubmitHeader, ident
from gbprep.model.records import AsnNode
from gbprep.writers.asn1 import AsnPrinter


def write_seq_submit(out: TextIO, header: SubmitHeader, entries: Iterable[AsnNode]) -> int:
    """Print ``Seq-submit ::= {...}`` with the entries as they come; returns how many were written."""

    def emit(line: str) -> None:
        out.write(line)
        out.write("\n")

    printer = AsnPrinter(emit)
    printer.open(None, type_name="Seq-submit")
    printer.element(header.sub)
    printer.open_choice("data", "entrys")
    if header.genbank_set:
        printer.open("set")
        printer.element(ident("class", "genbank"))
        printer.open("seq-set")
    count = 0
    for entry in entries:
        printer.element(entry)
        count += 1
    if header.genbank_set:
        printer.close()
        printer.close()
    printer.close()
    printer.close()
    printer.finish()
    return count
