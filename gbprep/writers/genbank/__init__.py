"""Our own GenBank flatfile writer: renders a Seq-submit the way tbl2asn ``-V b`` (``asn2gb -a m -m e``) does.

Input is the ``AsnNode`` tree of a Seq-submit, as ``readers/asn1text.py`` reads NCBI's ASN.1 text and as our
``.sqn`` writer builds it. One record is written per nucleotide Bioseq, in the order they appear;
``genbank_records`` yields them one at a time so a process pool can render sequences in parallel.

The package is split by flatfile section: ``record`` (LOCUS to COMMENT, ORIGIN), ``refs`` (REFERENCE),
``source`` (SOURCE/ORGANISM, the source feature, generated DEFINITION), ``features`` (the FEATURES table),
``translation_quals`` (CDS and RNA qualifiers), ``locations``, ``quals`` (qualifier order) and ``wrap``
(line layout). ``tree`` indexes the Seq-submit once.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import TextIO

from gbprep.model.asntree import paused_gc
from gbprep.model.records import AsnNode
from gbprep.writers.genbank.record import record_lines
from gbprep.writers.genbank.tree import Entry

__all__ = ["first_difference", "flatfile_diff", "genbank_records", "mask_dates", "render_genbank"]

MODES = ("entrez",)


def genbank_records(
    seq_submit: AsnNode, *, mode: str = "entrez", entry: Entry | None = None
) -> Iterator[str]:
    """One flatfile record (text ending in ``//\\n``) per nucleotide Bioseq of the Seq-submit."""
    if mode not in MODES:
        raise ValueError(f"unsupported flatfile mode {mode!r}; supported: {', '.join(MODES)}")
    with paused_gc():
        entry = entry or Entry(seq_submit)
    for bioseq in entry.nucleotides():
        with paused_gc():
            text = "\n".join(record_lines(entry, bioseq)) + "\n"
        yield text


def render_genbank(seq_submit: AsnNode, out: TextIO, *, mode: str = "entrez") -> None:
    """Write every record of the Seq-submit to ``out``."""
    for record in genbank_records(seq_submit, mode=mode):
        out.write(record)


_DATE = re.compile(r"[0-9]{2}-[A-Z]{3}-[0-9]{4}")


def mask_dates(text: str) -> str:
    """Replace flatfile dates (LOCUS date, ``Submitted (...)``) so runs on different days compare equal."""
    return _DATE.sub("DD-MMM-YYYY", text)


def flatfile_diff(expected: str, actual: str, *, context: int = 2, limit: int = 60) -> str:
    """A short unified diff of two flatfiles with dates masked (for test output)."""
    lines = difflib.unified_diff(
        mask_dates(expected).splitlines(),
        mask_dates(actual).splitlines(),
        "expected",
        "ours",
        n=context,
        lineterm="",
    )
    shown: list[str] = []
    for n, line in enumerate(lines):
        if n >= limit:
            shown.append("... (diff truncated)")
            break
        shown.append(line)
    return "\n".join(shown)


def first_difference(expected: str, actual: str) -> tuple[int, str, str] | None:
    """(1-based line number, expected line, our line) of the first difference after masking dates."""
    exp = mask_dates(expected).splitlines()
    ours = mask_dates(actual).splitlines()
    for n, (a, b) in enumerate(zip(exp, ours, strict=False), start=1):
        if a != b:
            return n, a, b
    if len(exp) != len(ours):
        n = min(len(exp), len(ours)) + 1
        return n, exp[n - 1] if n <= len(exp) else "<end>", ours[n - 1] if n <= len(ours) else "<end>"
    return None
