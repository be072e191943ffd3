"""Line layout of the GenBank flatfile: 79 columns, 12-column headers, 21-column feature qualifiers.

Text is broken at the last blank (failing that, after the last comma or hyphen) that keeps the line within 79 columns; a word longer
than the room left is cut at the margin (that is how ``/translation`` fills its lines). A line break inside the value (NCBI turns ``~`` in
comments and the separators between GO terms into one) starts a new line. Locations break after a comma.
"""

from __future__ import annotations

WIDTH = 79
HEADER_INDENT = " " * 12
FEATURE_INDENT = " " * 21


def _wrap_paragraph(text: str, room: int) -> list[str]:
    """Break one paragraph into pieces of at most ``room`` characters, preferring blanks.

    The paragraph is walked by position rather than re-sliced after each line: a ``/translation`` of a
    thousand residues would otherwise be copied once per line.
    """
    end = len(text)
    if end <= room:
        return [text]
    if " " not in text and "," not in text and "-" not in text:
        # Nothing to break at (a translation): every line is cut at the margin.
        return [text[i : i + room] for i in range(0, end, room)]
    pieces: list[str] = []
    pos = 0
    while end - pos > room:
        cut = text.rfind(" ", pos, pos + room + 1)
        mark = -1
        if cut <= pos:
            # Without a blank to break at, a comma will do, then a hyphen; either stays on the line.
            mark = text.rfind(",", pos, pos + room)
            if mark < 0:
                mark = text.rfind("-", pos, pos + room)
        if mark >= 0:
            pieces.append(text[pos : mark + 1])
            pos = mark + 1
        elif cut <= pos:
            pieces.append(text[pos : pos + room])
            pos += room
        else:
            pieces.append(text[pos:cut].rstrip(" "))
            pos = cut + 1
            while pos < end and text[pos] == " ":
                pos += 1
    pieces.append(text[pos:])
    return pieces


def wrap(first: str, text: str, indent: str) -> list[str]:
    """``first`` (the label, already padded to the indent) followed by ``text`` wrapped under ``indent``."""
    room = WIDTH - len(indent)
    lines: list[str] = []
    for n, paragraph in enumerate(text.split("\n")):
        for m, piece in enumerate(_wrap_paragraph(paragraph, room)):
            prefix = first if n == 0 and m == 0 else indent
            lines.append((prefix + piece).rstrip(" ") if piece else prefix.rstrip(" ") or prefix)
    return lines


def header(label: str, text: str) -> list[str]:
    """A header field: ``DEFINITION  text`` with continuation lines indented by 12."""
    return wrap(label.ljust(12), text, HEADER_INDENT)


def feature_location(key: str, location: str) -> list[str]:
    """``     CDS             join(...)``, breaking after commas."""
    lines: list[str] = []
    current = "     " + key.ljust(16)
    room = WIDTH - len(FEATURE_INDENT)
    rest = location
    while len(rest) > room:
        cut = rest.rfind(",", 0, room)
        if cut <= 0:
            cut = room - 1
        lines.append(current + rest[: cut + 1])
        current = FEATURE_INDENT
        rest = rest[cut + 1 :]
    lines.append(current + rest)
    return lines


def qualifier(text: str) -> list[str]:
    """One ``/name="value"`` qualifier under the 21-column indent."""
    if "\n" in text or " " in text or "," in text or "-" in text:
        return wrap(FEATURE_INDENT, text, FEATURE_INDENT)
    # Nothing to break at (a /translation, the bulk of a genome's table): lines cut at the margin.
    room = WIDTH - len(FEATURE_INDENT)
    return [FEATURE_INDENT + text[i : i + room] for i in range(0, len(text), room)] or [FEATURE_INDENT]
