"""The ASN.1 text reader's entry points: from numbered lines, from a string, from a file."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from gbprep.model.diagnostics import Report
from gbprep.model.records import AsnNode
from gbprep.readers.asn1text.codes import DEFAULT_LIMITS, AsnLimits
from gbprep.readers.asn1text.parser import _Parser
from gbprep.readers.textio import Line, TextSource


def parse_asn1_lines(
    lines: Iterable[Line], report: Report, *, name: str, limits: AsnLimits = DEFAULT_LIMITS
) -> list[AsnNode]:
    """Parse ASN.1 value notation from numbered lines; every top-level ``Type ::= value``, in file order."""
    blocks = ((line.number, line.text + "\n") for line in lines)
    return _Parser(blocks, report, name, limits).run()


def parse_asn1_text(
    text: str, report: Report, *, name: str = "<text>", limits: AsnLimits = DEFAULT_LIMITS
) -> list[AsnNode]:
    """Parse ASN.1 value notation held in a string (line ends may be LF, CRLF or CR)."""
    pieces = re.split(r"\r\n|\r|\n", text)
    if len(pieces) > 1 and not pieces[-1]:
        pieces.pop()  # a final line end does not start a line, as in a file read by TextSource
    return _Parser([(1, "\n".join(pieces) + "\n")], report, name, limits).run()


def read_asn1(
    path: str | Path, report: Report, *, name: str | None = None, limits: AsnLimits = DEFAULT_LIMITS
) -> list[AsnNode]:
    """Read an ASN.1 text file (gzip and odd encodings handled by ``TextSource``)."""
    source = TextSource(path, report, name=name)
    # Whole lines in blocks of text, capped as ``lines()`` caps them (a .sqn is hundreds of thousands of lines).
    return _Parser(source.text_blocks(), report, source.name, limits).run()
