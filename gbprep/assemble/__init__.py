"""Build the Seq-submit (``.sqn``) tbl2asn would write, as ``AsnNode`` trees, one top-level entry at a time.

``assemble_submit`` makes the header (the Submit-block from the template, with tool, date and hold date);
``assemble_entry`` makes one record's Seq-entry (picklable, so a process pool can build entries in parallel);
``gbprep.writers.sqn.write_seq_submit`` prints them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gbprep.assemble.entry import assemble_entry, cleanup_stamp
from gbprep.assemble.options import AssembleOptions
from gbprep.model.asntree import NOWHERE, SubmitHeader, date_std, ident, string, struct
from gbprep.model.records import AsnNode

if TYPE_CHECKING:
    from gbprep.model.bundle import Bundle

__all__ = [
    "AssembleOptions",
    "SubmitHeader",
    "assemble_entry",
    "assemble_submit",
    "cleanup_stamp",
]

# Submit-block fields in schema order (submit.asn); what the template gives is kept, in this order.
_SUBMIT_ORDER = ("contact", "cit", "hup", "reldate", "subtype", "tool", "user-tag", "comment")
_CIT_ORDER = ("authors", "imp", "medium", "date", "descr")


def _ordered(node: AsnNode, order: tuple[str, ...], extra: dict[str, AsnNode]) -> AsnNode:
    fields = {c.name: c for c in node.children if c.name}
    fields.update(extra)
    children = [fields[name] for name in order if name in fields]
    children += [c for name, c in fields.items() if name not in order]
    return AsnNode("struct", node.pos, None, node.name, children)


def assemble_submit(bundle: Bundle | None, options: AssembleOptions) -> SubmitHeader:
    """The Submit-block: the template's, plus the citation date, ``hup``/``reldate`` for ``-H`` and the tool."""
    raw = (
        bundle.template.submit_block.raw
        if bundle and bundle.template and bundle.template.submit_block
        else None
    )
    sub = raw if raw is not None else struct("sub", [], NOWHERE)
    cit = sub.child("cit") or struct("cit", [])
    cit = _ordered(cit, _CIT_ORDER, {"date": date_std("date", options.date)})
    extra: dict[str, AsnNode] = {"cit": cit, "tool": string("tool", options.tool)}
    if sub.child("subtype") is None:
        extra["subtype"] = ident("subtype", "new")
    if options.hold_until is not None:
        extra["hup"] = AsnNode("bool", NOWHERE, True, "hup")
        extra["reldate"] = date_std("reldate", options.hold_until)
    node = _ordered(sub, _SUBMIT_ORDER, extra)
    node.name = "sub"
    return SubmitHeader(sub=node, genbank_set=options.fasta_set)
