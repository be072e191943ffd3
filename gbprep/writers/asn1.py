"""Write ``AsnNode`` trees as NCBI's ASN.1 text value notation, laid out the way the NCBI C toolkit prints it.

The trees have the shape ``readers/asn1text.py`` produces (struct/list/choice nodes named by the text), so a
tree read from tbl2asn's own ``.sqn`` prints back byte for byte. The layout, as observed in tbl2asn 25.3's
files:

* two spaces per level; an element is ``name value``; ``{`` ends its line and the children follow one per
  line, each line but the last of a container ending in `` ,``; the last ends in `` }``;
* a CHOICE that is an element's value puts the alternative on the next line, one level deeper
  (``location`` / ``  int {``); a CHOICE at top level prints inline (``Seq-entry ::= set {``);
* lines are 78 characters. Strings longer than the line break at the last blank that fits (the blank goes to
  the next line, which starts in column 1); text without blanks (sequence letters, hex) fills each line to 78.
  Element separators and closing braces are added after the text, so those lines may be longer.

``AsnPrinter`` is the streaming form: a Seq-submit with thousands of entries is written one entry at a time
(``open``/``element``/``close``), so memory holds one entry, not the genome.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TextIO

from gbprep.model.asntree import paused_gc
from gbprep.model.records import AsnNode

LINE_LENGTH = 78
INDENT = "  "
_BLANKS = frozenset(" \t\n\r\f\v")
_INDENTS = [INDENT * n for n in range(64)]
_SCALARS = frozenset({"int", "ident"})


def _has_blank(text: str) -> bool:
    # Substring tests run in C; a set intersection would build a set from a 12 MB sequence.
    return " " in text or "\t" in text or "\n" in text or "\r" in text or "\f" in text or "\v" in text


def _indent(level: int) -> str:
    return _INDENTS[level] if level < 64 else INDENT * level


def _printable(text: str) -> str:
    # NCBI replaces what VisibleString cannot hold by '#'; doing the same keeps the file readable by its tools.
    if text.isascii() and text.isprintable():
        return text
    return "".join(c if " " <= c <= "~" else "#" for c in text)


def _word_break(segment: str, room: int) -> int:
    """How many characters of ``segment`` stay on the line: up to the last non-blank before a blank."""
    if len(segment) <= room:
        return len(segment)
    keep = room + 1
    index = room
    while keep and segment[index] not in _BLANKS:
        keep -= 1
        index -= 1
    while keep and segment[index] in _BLANKS:
        keep -= 1
        index -= 1
    return keep if keep >= 1 else room


class AsnPrinter:
    """Prints values line by line to ``emit`` (each line without its newline).

    One line is held back until the next one starts, because a separator ``,`` or a closing ``}`` may still
    be appended to it.
    """

    def __init__(self, emit: Callable[[str], None]) -> None:
        self._emit = emit
        self._line = ""
        # Per open container (streaming API): [children written so far, the children's indent level].
        self._frames: list[list[int]] = []

    # -- line handling --------------------------------------------------------------------------------------

    def _newline(self, level: int, *, comma: bool) -> None:
        line = self._line
        if comma:
            line += " ,"
        else:
            line = line.rstrip(" ")
        if line.strip():
            self._emit(line)
        self._line = INDENT * level

    def _text(self, text: str, tail: str = "") -> None:
        """Append text that may wrap (NCBI breaks strings and hex at the line length).

        NCBI checks after each character whether the line is full; so text that ends exactly at the last
        column still ends the line, and what follows it (a closing quote) starts the next one.
        """
        if '"' in text:
            self._wrap(text, tail)
            return
        line = self._line
        room = LINE_LENGTH - len(line)
        if len(text) < room:
            self._line = line + text
            return
        if not _has_blank(text):
            # Sequence letters and hex: every line filled to the length, continuation lines from column 1.
            room = max(room, 0)
            self._emit(line + text[:room])
            at = room
            end = len(text)
            while end - at >= LINE_LENGTH:
                self._emit(text[at : at + LINE_LENGTH])
                at += LINE_LENGTH
            self._line = text[at:]
            return
        self._wrap(text, tail)

    def _wrap(self, text: str, tail: str) -> None:
        # Character by character, as NCBI's printer does: when the line is full, cut after the last word that
        # fits and carry the rest (from the blank on) to a new line starting in column 1. At the end of the text
        # the closing quote counts as the next character, so a string that ends in the last column still has
        # its last word carried over.
        buf = list(self._line)
        begin = len(buf)
        for i, ch in enumerate(text):
            buf.append(ch)
            if ch == '"':
                buf.append(ch)
            if len(buf) >= LINE_LENGTH:
                segment = "".join(buf[begin:]) + (text[i + 1] if i + 1 < len(text) else tail)
                keep = _word_break(segment, LINE_LENGTH - begin)
                carry = max(len(buf) - begin - keep, 0)
                self._emit("".join(buf[: len(buf) - carry]).rstrip(" "))
                buf = buf[len(buf) - carry :]
                begin = 0
        self._line = "".join(buf)

    # -- values -----------------------------------------------------------------------------------------------

    def _leaf(self, node: AsnNode) -> None:
        kind = node.kind
        if kind == "string":
            text = _printable(str(node.value))
            line = self._line
            if '"' not in text and len(text) < LINE_LENGTH - len(line) - 1:
                self._line = f'{line}"{text}"'
                return
            self._line = line + '"'
            self._text(text, '"')
            self._line += '"'
        elif kind == "int" or kind == "ident":
            self._text(str(node.value))
        elif kind == "real":
            self._text(format_real(float(node.value)))  # type: ignore[arg-type]
        elif kind == "bool":
            self._text("TRUE" if node.value else "FALSE")
        elif kind == "null":
            self._text("NULL")
        elif kind == "bits":
            self._line += "'"
            value = node.value
            self._text(value.hex().upper() if isinstance(value, bytes | bytearray) else str(value))
            self._line += "'H"
        else:
            raise ValueError(f"cannot print an ASN.1 node of kind {kind!r}")

    def _value(self, node: AsnNode, level: int, *, top: bool = False) -> None:
        """Print ``node``'s value where the line stands (its name, if any, already printed)."""
        kind = node.kind
        if kind == "struct" or kind == "list":
            self._container(node.children, level + 1)
        elif kind == "choice":
            if not node.children:
                self._text(str(node.value))
                return
            child = node.children[0]
            if top or node.name is None:
                self._line += f"{child.name or node.value} "
                self._value(child, level)
            else:
                self._newline(level + 1, comma=False)
                self._line += f"{child.name or node.value} "
                self._value(child, level + 1)
        else:
            self._leaf(node)

    def _container(self, children: list[AsnNode], inner: int) -> None:
        """``{`` children one per line at level ``inner`` ``}``: the hot loop of the printer, kept flat."""
        self._line += "{"
        if not children:  # NCBI still ends the line after '{' (e.g. an empty 'orgname { }')
            self._newline(inner, comma=False)
        else:
            emit = self._emit
            indent = _indent(inner)
            room = LINE_LENGTH - len(indent)
            # The line ends in '{' here, and after each child in that child's text: never blank, never
            # ending in a blank, so the checks '_newline' makes are not needed.
            emit(self._line)
            first = True
            for child in children:
                if first:
                    first = False
                else:
                    emit(self._line + " ,")
                name = child.name
                kind = child.kind
                if kind in _SCALARS:
                    text = str(child.value)
                    if name is None:
                        if len(text) < room:
                            self._line = indent + text
                            continue
                        self._line = indent
                    else:
                        if len(text) + len(name) + 1 < room:
                            self._line = f"{indent}{name} {text}"
                            continue
                        self._line = f"{indent}{name} "
                    self._text(text)
                    continue
                if kind == "string":
                    text = _printable(str(child.value))
                    head = indent if name is None else f"{indent}{name} "
                    if '"' not in text and len(text) < LINE_LENGTH - len(head) - 1:
                        self._line = f'{head}"{text}"'
                        continue
                    self._line = head
                    self._leaf(child)
                    continue
                if kind == "choice" and name is not None and child.children:
                    # 'name' ends its line; the alternative starts the next one, a level deeper.
                    emit(f"{indent}{name}")
                    alt = child.children[0]
                    self._line = f"{_indent(inner + 1)}{alt.name or child.value} "
                    if alt.kind == "struct" or alt.kind == "list":
                        self._container(alt.children, inner + 2)
                    else:
                        self._value(alt, inner + 1)
                    continue
                self._line = indent if name is None else f"{indent}{name} "
                if kind == "struct" or kind == "list":
                    self._container(child.children, inner + 1)
                else:
                    self._value(child, inner)
        self._line += " }"

    # -- public, streaming ------------------------------------------------------------------------------------

    def top(self, node: AsnNode) -> None:
        """Print a whole top-level value ``Name ::= value``."""
        self._line = f"{node.name} ::= " if node.name else ""
        with paused_gc():
            self._value(node, 0, top=True)
        self.finish()

    def open(self, name: str | None, *, type_name: str | None = None) -> None:
        """Start a container: at top level ``Type ::= {``, inside one ``name {`` as its next element."""
        if type_name is not None:
            self._line = f"{type_name} ::= {{"
            self._frames.append([0, 1])
            return
        level = self._start_element()
        if name is not None:
            self._line += f"{name} "
        self._line += "{"
        self._frames.append([0, level + 1])

    def open_choice(self, name: str, alternative: str) -> None:
        """Start ``name`` / ``alternative {``: a CHOICE element whose alternative is a container."""
        level = self._start_element()
        self._line += name
        self._newline(level + 1, comma=False)
        self._line += f"{alternative} {{"
        self._frames.append([0, level + 2])

    def element(self, node: AsnNode) -> None:
        """Print one child of the innermost open container."""
        level = self._start_element()
        if node.name is not None:
            self._line += f"{node.name} "
        with paused_gc():
            self._value(node, level)

    def close(self) -> None:
        self._line += " }"
        self._frames.pop()

    def finish(self) -> None:
        if self._line.strip():
            self._emit(self._line)
        self._line = ""

    def _start_element(self) -> int:
        frame = self._frames[-1]
        self._newline(frame[1], comma=frame[0] > 0)
        frame[0] += 1
        return int(frame[1])


def format_real(value: float) -> str:
    """A REAL as NCBI prints it: ``{ mantissa, 10, exponent }`` with nine significant digits."""
    import math

    if value == 0.0:
        return "{ 0, 10, 0 }"
    sign = -1 if value < 0 else 1
    value = abs(value)
    log = math.log10(value)
    shift = 8 - int(log) if log >= 0 else 8 + math.ceil(-log)
    mantissa = int(value * 10.0**shift)
    exponent = -shift
    while mantissa and mantissa % 10 == 0:
        mantissa //= 10
        exponent += 1
    return f"{{ {sign * mantissa}, 10, {exponent} }}"


def format_asn(node: AsnNode) -> Iterator[str]:
    """The lines (each ending in a newline) of ``node`` printed as a top-level ``Name ::= value``."""
    lines: list[str] = []
    AsnPrinter(lines.append).top(node)
    for line in lines:
        yield line + "\n"


def write_asn(node: AsnNode, out: TextIO) -> None:
    """Print ``node`` as a top-level value to ``out``."""
    AsnPrinter(_writer(out)).top(node)


def _writer(out: TextIO) -> Callable[[str], None]:
    def emit(line: str) -> None:
        out.write(line)
        out.write("\n")

    return emit
