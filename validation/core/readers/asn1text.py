"""ASN.1 value notation as NCBI writes it (templates, Seq-submit, Seqdesc), read into ``AsnNode`` trees.

The reader knows the syntax, not the schema, so one shape serves every NCBI type:

* ``{ ... }`` is a node of kind ``struct`` (every element named) or ``list`` (otherwise);
* an element ``name value`` is the value node with ``name`` set (``last "Smith"``);
* a CHOICE ``alt value`` is a ``choice`` node whose ``value`` is the alternative and whose single child is
  the alternative's value, named ``alt``; so ``name name { last "X" }`` reads as
  ``node.child("name").child("name").child("last")`` and ``descend(node, "name", "name", "last")``;
* a top-level ``Type ::= value`` is the value node named ``Type``.

Every node carries the position where its text begins (its name when it has one). The parser is iterative
with explicit limits (depth, characters, nodes, errors), so hostile input gives findings, never a
RecursionError or unbounded memory, and time is linear in the input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from validation.core.diagnostics import Code, Report, Severity, SourcePos, declare
from validation.core.model import AsnNode
from validation.core.readers.textio import Line, TextSource

NUMBER_TOO_LONG = declare(
    "ASN.NumberTooLong",
    Severity.ERROR,
    "A number with more digits than any ASN.1 value in a submission can have",
    "NCBI's integers fit in 64 bits (at most 19 digits). Check the number; it was read as 0.",
)
# Python refuses int() on more than 4300 digits; NCBI's integers are 64-bit, so 40 digits is already absurd.
_MAX_DIGITS = 40

BAD_CHARACTER = declare(
    "ASN.BadCharacter",
    Severity.ERROR,
    "A character that ASN.1 text cannot contain",
    "ASN.1 text has only names, numbers, \"quoted strings\", braces, commas and '::='. Remove the character, "
    "or put the text inside double quotes if it belongs to a value.",
)
UNTERMINATED_STRING = declare(
    "ASN.UnterminatedString",
    Severity.ERROR,
    "A quoted string is never closed",
    'Add the closing double quote. A double quote inside a value is written twice ("").',
)
BAD_BITS = declare(
    "ASN.BadHexString",
    Severity.ERROR,
    "A '...'H or '...'B string is malformed",
    "Hexadecimal strings hold only 0-9 and A-F and end with 'H; binary strings hold only 0 and 1 and end "
    "with 'B.",
)
SYNTAX_ERROR = declare(
    "ASN.SyntaxError",
    Severity.ERROR,
    "The ASN.1 text does not follow the value syntax",
    "Compare the line with a template exported from the NCBI Submission Portal or Sequin: each element is a "
    "name and a value, elements are separated by commas, and every '{' is closed by '}'.",
)
UNCLOSED_BRACE = declare(
    "ASN.UnclosedBrace",
    Severity.ERROR,
    "A '{' is never closed",
    "Add the missing '}'. Editors that highlight matching braces make the place easy to find.",
)
TOO_DEEP = declare(
    "ASN.TooDeep",
    Severity.ERROR,
    "Values are nested deeper than allowed",
    "NCBI records nest a few dozen levels at most; the file is damaged or was not written by an NCBI tool. "
    "Export the template again.",
)
TOO_LARGE = declare(
    "ASN.TooLarge",
    Severity.ERROR,
    "The ASN.1 text is larger than allowed",
    "Check that this is the intended file; a template is a few kilobytes. Reading stopped at the limit.",
)
TOO_MANY_ERRORS = declare(
    "ASN.TooManyErrors",
    Severity.ERROR,
    "So many syntax errors that reading stopped",
    "Fix the first errors reported; the rest usually follow from them, or the file is not ASN.1 text.",
)


@dataclass(frozen=True, slots=True)
class AsnLimits:
    """Caps that keep a hostile or broken file from costing unbounded time, memory or report space."""

    max_depth: int = 128
    max_chars: int = 512 * (1 << 20)
    max_nodes: int = 20_000_000
    max_errors: int = 50


DEFAULT_LIMITS = AsnLimits()

# One token after optional blanks. The empty last group matches at end of line, so a failed match means a
# character that cannot start any token.
_TOKEN = re.compile(
    r"[ \t\f\v\r]*(?:"
    # 1 identifier: no trailing hyphen and no '--' (a comment); '_' is not ASN.1 but is read as part of the
    # name so that a schema check can say "did you mean 'postal-code'" instead of "bad character".
    r"([A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*)"
    r"|([-+]?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)"  # 2 number
    r"|([{},])"  # 3 punctuation
    r"|(::=)"  # 4 assignment
    r"|(--)"  # 5 comment
    r"|(\")"  # 6 string
    r"|(')"  # 7 hex/bit string
    r"|($))"  # 8 end of line
)
_BLANKS = re.compile(r"[ \t\f\v\r]*")
_HEX = re.compile(r"[0-9A-Fa-f]*")
_BIN = re.compile(r"[01]*")
_WS_ANY = re.compile(r"\s+")

# Token kinds; plain strings so that a token is a cheap tuple (kind, value, line, column).
ID, STR, NUM, BITS, EOF = "id", "str", "num", "bits", "eof"
LBRACE, RBRACE, COMMA, ASSIGN = "{", "}", ",", "::="
_Token = tuple[str, object, int, int]
_VALUE_STARTS = frozenset((ID, STR, NUM, BITS, LBRACE))
_KEYWORDS = {"TRUE": ("bool", True), "FALSE": ("bool", False), "NULL": ("null", None)}


def _describe(tok: _Token) -> str:
    kind, value = tok[0], tok[1]
    if kind == ID:
        return f"the name '{value}'"
    if kind == STR:
        text = str(value)
        return f'the string "{text[:30]}{"..." if len(text) > 30 else ""}"'
    if kind == NUM:
        return f"the number {value}"
    if kind == BITS:
        return "a '...'H string"
    if kind == EOF:
        return "the end of the file"
    return f"'{kind}'"


class _Lexer:
    """Turns lines into tokens; lexical problems become findings and the offending text is skipped."""

    def __init__(self, report: Report, file: str, limits: AsnLimits, errors: _ErrorBudget) -> None:
        self.report = report
        self.file = file
        self.limits = limits
        self.errors = errors
        self.truncated = False  # reading stopped early; the parser must not blame the missing rest
        self.end_line = 1
        self.end_column = 1
        self.bad_line = 0
        self.quiet = False  # the parser is skipping text it has already complained about

    def tokens(self, lines: Iterable[Line]) -> Iterator[_Token]:
        file = self.file
        chars = 0
        # An open string or hex string carries over to the next line: (kind, parts, line, column).
        pending: tuple[str, list[str], int, int] | None = None
        number = 0
        text = ""
        for line in lines:
            number, text = line.number, line.text
            chars += len(text) + 1
            if chars > self.limits.max_chars:
                self.truncated = True
                self.report.add(
                    TOO_LARGE(
                        SourcePos(file, number),
                        f"{file} is longer than {self.limits.max_chars:,} characters; reading stopped at "
                        f"line {number}.",
                    )
                )
                break
            pos = 0
            if pending is not None:
                kind, parts, start_line, start_col = pending
                if kind == STR:
                    done, pos = self._string_body(text, 0, parts)
                    if done:
                        pending = None
                        yield (STR, "".join(parts), start_line, start_col)
                    else:
                        continue
                else:
                    done, pos = self._bits_body(text, 0, parts)
                    if done:
                        pending = None
                        token, pos = self._bits_token(text, pos, parts, start_line, start_col, number)
                        yield token
                    else:
                        continue
            match = _TOKEN.match
            while True:
                m = match(text, pos)
                if m is None:
                    bad = _BLANKS.match(text, pos).end()  # type: ignore[union-attr]
                    self._bad_character(text, bad, number)
                    pos = bad + 1
                    continue
                group = m.lastindex
                start = m.start(group)  # type: ignore[arg-type]
                if group == 1:
                    yield (ID, m.group(1), number, start + 1)
                    pos = m.end()
                elif group == 3:
                    punct = m.group(3)
                    yield (punct, punct, number, start + 1)
                    pos = m.end()
                elif group == 6:
                    parts = []
                    done, pos = self._string_body(text, start + 1, parts)
                    if done:
                        yield (STR, "".join(parts), number, start + 1)
                    else:
                        pending = (STR, parts, number, start + 1)
                        break
                elif group == 2:
                    literal = m.group(2)
                    exact = "." not in literal and "e" not in literal and "E" not in literal
                    if len(literal) > _MAX_DIGITS:
                        self.errors.add(
                            NUMBER_TOO_LONG,
                            SourcePos(self.file, number, start + 1),
                            f"Line {number}, column {start + 1}: a number of {len(literal):,} characters.",
                        )
                        literal = "0"
                        exact = True
                    value: int | float = int(literal) if exact else float(literal)
                    yield (NUM, value, number, start + 1)
                    pos = m.end()
                elif group == 8:
                    break
                elif group == 4:
                    yield (ASSIGN, "::=", number, start + 1)
                    pos = m.end()
                elif group == 5:
                    close = text.find("--", start + 2)
                    if close < 0:
                        break
                    pos = close + 2
                else:  # group 7, a '...'H or '...'B string
                    parts = []
                    done, pos = self._bits_body(text, start + 1, parts)
                    if done:
                        token, pos = self._bits_token(text, pos, parts, number, start + 1, number)
                        yield token
                    else:
                        pending = (BITS, parts, number, start + 1)
                        break
        self.end_line = number if number else 1
        self.end_column = len(text) + 1
        if pending is not None and not self.truncated:
            what = "string" if pending[0] == STR else "'...'H string"
            self.truncated = True  # everything after the quote was swallowed; further complaints are noise
            self.report.add(
                UNTERMINATED_STRING(
                    SourcePos(file, pending[2], pending[3]),
                    f"The {what} that starts at line {pending[2]}, column {pending[3]} is not closed before "
                    "the end of the file.",
                )
            )
            partial: object = "".join(pending[1]) if pending[0] == STR else b""
            yield (pending[0], partial, pending[2], pending[3])
        yield (EOF, None, self.end_line, self.end_column)

    @staticmethod
    def _string_body(text: str, pos: int, parts: list[str]) -> tuple[bool, int]:
        """Scan a string from ``pos``; a line break inside a string is dropped, as NCBI's reader does."""
        while True:
            quote = text.find('"', pos)
            if quote < 0:
                parts.append(text[pos:])
                return False, len(text)
            if text.startswith('"', quote + 1):
                parts.append(text[pos : quote + 1])
                pos = quote + 2
                continue
            parts.append(text[pos:quote])
            return True, quote + 1

    @staticmethod
    def _bits_body(text: str, pos: int, parts: list[str]) -> tuple[bool, int]:
        quote = text.find("'", pos)
        if quote < 0:
            parts.append(text[pos:])
            return False, len(text)
        parts.append(text[pos:quote])
        return True, quote  # at the closing quote; the radix letter follows

    def _bits_token(
        self, text: str, quote: int, parts: list[str], line: int, column: int, end_line: int
    ) -> tuple[_Token, int]:
        """The token for a closed '...'H / '...'B string and the position after it."""
        radix = text[quote + 1 : quote + 2].upper()
        if radix not in ("H", "B"):
            self.errors.add(
                BAD_BITS,
                SourcePos(self.file, end_line, quote + 2),
                f"Line {end_line}, column {quote + 2}: expected 'H' (hexadecimal) or 'B' (binary) after the "
                f"closing quote of the string that starts at line {line}, column {column}.",
            )
            return (BITS, b"", line, column), quote + 1
        digits = _WS_ANY.sub("", "".join(parts))
        checker = _HEX if radix == "H" else _BIN
        if checker.fullmatch(digits) is None:
            self.errors.add(
                BAD_BITS,
                SourcePos(self.file, line, column),
                f"The '...'{radix} string at line {line}, column {column} contains characters other than "
                f"{'0-9 and A-F' if radix == 'H' else '0 and 1'}.",
            )
            return (BITS, b"", line, column), quote + 2
        if radix == "H":
            value = bytes.fromhex(digits if len(digits) % 2 == 0 else digits + "0")
            return (BITS, value, line, column), quote + 2
        return (BITS, digits, line, column), quote + 2

    def _bad_character(self, text: str, index: int, number: int) -> None:
        # One finding per line: a line of stray text would otherwise spend the whole error budget.
        if number == self.bad_line or self.quiet:
            return
        self.bad_line = number
        char = text[index]
        shown = repr(char) if not char.isprintable() or char in "'\"" else f"'{char}'"
        self.errors.add(
            BAD_CHARACTER,
            SourcePos(self.file, number, index + 1),
            f"Line {number}, column {index + 1}: unexpected character {shown}.",
        )


@dataclass
class _ErrorBudget:
    """Counts syntax findings; past the cap one summary finding is added and reading stops."""

    report: Report
    file: str
    cap: int
    count: int = 0
    exhausted: bool = False

    def add(self, code: Code, pos: SourcePos, message: str) -> None:
        if self.exhausted:
            return
        self.count += 1
        if self.count > self.cap:
            self.exhausted = True
            self.report.add(
                TOO_MANY_ERRORS(
                    pos,
                    f"More than {self.cap} syntax errors in {self.file}; reading stopped at line {pos.line}.",
                )
            )
            return
        self.report.add(code(pos, message))


@dataclass(slots=True)
class _Frame:
    """An open ``{``: the node being filled, where it opened, and whether a separator is due."""

    node: AsnNode
    line: int
    column: int
    depth: int
    need_sep: bool = False
    last: _Token | None = None  # the previous element, for messages
    last_name: str | None = None
    all_named: bool = True
    children: list[AsnNode] = field(default_factory=list)

    def describe_last(self) -> str:
        if self.last is None:
            return "'{'"
        return f"'{self.last_name}'" if self.last_name else _describe(self.last)


class _Stop(Exception):
    """A limit ended reading; the partial tree is kept."""


class _Parser:
    def __init__(self, lines: Iterable[Line], report: Report, file: str, limits: AsnLimits) -> None:
        self.report = report
        self.file = file
        self.limits = limits
        self.errors = _ErrorBudget(report, file, limits.max_errors)
        self.lexer = _Lexer(report, file, limits, self.errors)
        self.stream = self.lexer.tokens(lines)
        self.cur: _Token = next(self.stream)
        self.nxt: _Token = next(self.stream) if self.cur[0] != EOF else self.cur
        self.stack: list[_Frame] = []
        self.values: list[AsnNode] = []
        self.nodes = 0

    # -- token stream ---------------------------------------------------------------------------------------

    def advance(self) -> None:
        self.cur = self.nxt
        if self.cur[0] != EOF:
            self.nxt = next(self.stream)
        if self.errors.exhausted:
            raise _Stop

    def at_header(self) -> bool:
        # ASN.1 type references begin with an upper-case letter; value names never do.
        return self.nxt[0] == ASSIGN and self.cur[0] == ID and str(self.cur[1])[0].isupper()

    def at_any_header(self) -> bool:
        """``name ::=`` whatever the case: at top level a lower-case type name is a mistake, not garbage."""
        return self.nxt[0] == ASSIGN and self.cur[0] == ID

    def pos(self, tok: _Token) -> SourcePos:
        return SourcePos(self.file, tok[2], tok[3])

    def syntax(self, tok: _Token, message: str) -> None:
        self.errors.add(SYNTAX_ERROR, self.pos(tok), f"Line {tok[2]}, column {tok[3]}: {message}")
        if self.errors.exhausted:
            raise _Stop

    def too_many_nodes(self) -> None:
        self.report.add(
            TOO_LARGE(
                self.pos(self.cur),
                f"{self.file} holds more than {self.limits.max_nodes:,} values; reading stopped at line "
                f"{self.cur[2]}.",
            )
        )
        raise _Stop

    # -- driver ---------------------------------------------------------------------------------------------

    def run(self) -> list[AsnNode]:
        try:
            while True:
                if self.stack:
                    self.container_step()
                elif not self.top_step():
                    break
        except _Stop:
            self.finish_frames()
        return self.values

    def top_step(self) -> bool:
        """At top level: expect ``Type ::= value``. False at the end of the file."""
        tok = self.cur
        if tok[0] == EOF:
            return False
        lower_header = self.at_any_header() and not self.at_header()
        if lower_header:
            self.syntax(
                tok,
                f"'{tok[1]}' cannot name a definition: ASN.1 type names begin with a capital letter "
                "(such as 'Submit-block ::=').",
            )
        if lower_header or self.at_header():
            self.advance()
            self.advance()
            if self.item(None, str(tok[1]), self.pos(tok)):
                self.after_top_value()
            else:
                self.skip_to_header()
            return True
        if tok[0] == LBRACE:
            self.syntax(tok, "expected a type name and '::=' (such as 'Submit-block ::=') before '{'.")
            self.item(None, None, None)
            self.after_top_value()
            return True
        self.syntax(
            tok,
            f"expected a type name and '::=' (such as 'Submit-block ::= {{'), found {_describe(tok)}.",
        )
        self.skip_to_header()
        return True

    def after_top_value(self) -> None:
        if self.stack:
            return  # a container is still being read; its closing brace brings us back here
        tok = self.cur
        if tok[0] != EOF and not self.at_any_header():
            self.syntax(
                tok,
                f"expected the next 'Type ::=' or the end of the file after the value, "
                f"found {_describe(tok)}.",
            )
            self.skip_to_header()

    def skip_to_header(self) -> None:
        self.lexer.quiet = True
        while self.cur[0] != EOF and not self.at_any_header():
            self.advance()
        self.lexer.quiet = False

    # -- values ---------------------------------------------------------------------------------------------

    def item(self, parent: _Frame | None, top_name: str | None, top_pos: SourcePos | None) -> bool:
        """Read one value, inside ``parent`` or at top level; ``{`` pushes a frame. False: no value here.

        A value is a run of names followed by a terminal: ``name alt1 alt2 terminal``. Inside braces the first
        name is the element's name; the rest are CHOICE alternatives. A run that ends without a terminal ends
        in a bare name (an ENUMERATED or named-INTEGER value such as ``subtype new``).
        """
        named = parent is not None
        depth = parent.depth if parent is not None else 0
        chain: list[_Token] = []
        cur = self.cur
        while cur[0] == ID and cur[1] not in _KEYWORDS and not (self.nxt[0] == ASSIGN and self.at_header()):
            chain.append(cur)
            if depth + len(chain) > self.limits.max_depth:
                self.too_deep(cur)
                return True
            self.advance()
            cur = self.cur
        tok = cur
        kind = tok[0]
        consumed = True
        leaf_kind: str | None = None
        leaf_value = tok[1]
        if kind == STR:
            leaf_kind = "string"
        elif kind == NUM:
            leaf_kind = "int" if isinstance(leaf_value, int) else "real"
        elif kind == BITS:
            leaf_kind = "bits"
        elif kind == ID and leaf_value in _KEYWORDS:
            leaf_kind, leaf_value = _KEYWORDS[str(leaf_value)]
        elif kind != LBRACE:
            if not chain:
                after = f"after {parent.describe_last()}" if parent is not None else "after '::='"
                found = f"the next definition '{tok[1]} ::='" if kind == ID else _describe(tok)
                self.syntax(tok, f"expected a value {after}, found {found}.")
                return False
            tok = chain.pop()
            leaf_kind, leaf_value, consumed = "ident", tok[1], False

        if named and chain:
            name_tok: _Token | None = chain[0]
            choices = chain[1:]
        else:
            name_tok = None
            choices = chain
        inner_depth = depth + 1 + len(choices)
        if inner_depth > self.limits.max_depth:
            self.too_deep(tok)
            return True
        if consumed and leaf_kind is not None:
            self.advance()
        # Each node takes the position of the name it carries, so a finding about a field points at the
        # field's name; the innermost value carries the last alternative's name, or the element's own.
        file = self.file
        where = choices[-1] if choices else (name_tok or tok)
        inner_pos = top_pos if (top_pos is not None and where is tok) else SourcePos(file, where[2], where[3])
        inner = AsnNode(leaf_kind or "list", inner_pos, leaf_value if leaf_kind else None)
        node = inner
        if choices:
            for i in range(len(choices) - 1, -1, -1):
                alt = choices[i]
                node.name = str(alt[1])
                outer = choices[i - 1] if i else (name_tok or tok)
                outer_pos = (
                    top_pos if (top_pos is not None and outer is tok) else SourcePos(file, outer[2], outer[3])
                )
                node = AsnNode("choice", outer_pos, alt[1], children=[node])
        if name_tok is not None:
            node.name = str(name_tok[1])
        elif top_name is not None:
            node.name = top_name
        self.nodes += len(choices) + 1
        if self.nodes > self.limits.max_nodes:
            self.too_many_nodes()
        if parent is not None:
            parent.children.append(node)
            parent.last = tok
            parent.last_name = node.name
            if node.name is None:
                parent.all_named = False
        else:
            self.values.append(node)
        if leaf_kind is None:
            self.stack.append(_Frame(inner, tok[2], tok[3], inner_depth))
            self.advance()
        elif parent is not None:
            parent.need_sep = True
        return True

    def container_step(self) -> None:
        frame = self.stack[-1]
        tok = self.cur
        kind = tok[0]
        if kind == RBRACE:
            self.close()
            self.advance()
            if not self.stack:
                self.after_top_value()
            return
        if kind == EOF or self.at_header():
            self.unclosed(tok)
            return
        if frame.need_sep:
            if kind == COMMA:
                frame.need_sep = False
                self.advance()
                return
            self.syntax(tok, f"expected ',' or '}}' after {frame.describe_last()}, found {_describe(tok)}.")
            frame.need_sep = False  # read on as if the comma were there: the usual slip
            if kind not in _VALUE_STARTS:
                self.advance()
            return
        if kind == COMMA:
            self.syntax(tok, f"expected a value after {frame.describe_last()}, found ','.")
            self.advance()
            return
        if not self.item(frame, None, None):
            self.advance()

    def close(self) -> None:
        frame = self.stack.pop()
        self.seal(frame)
        if self.stack:
            self.stack[-1].need_sep = True

    @staticmethod
    def seal(frame: _Frame) -> None:
        node = frame.node
        node.children = frame.children
        if frame.children and frame.all_named:
            node.kind = "struct"

    def unclosed(self, tok: _Token) -> None:
        if not self.lexer.truncated:
            opener = self.stack[-1]
            where = "the end of the file" if tok[0] == EOF else f"the next definition '{tok[1]} ::='"
            more = f" ({len(self.stack)} braces are open)" if len(self.stack) > 1 else ""
            self.report.add(
                UNCLOSED_BRACE(
                    self.pos(tok),
                    f"Line {tok[2]}, column {tok[3]}: expected '}}' before {where}, to close the '{{' "
                    f"at line {opener.line}, column {opener.column}{more}.",
                )
            )
        self.finish_frames()

    def finish_frames(self) -> None:
        while self.stack:
            self.seal(self.stack.pop())

    def too_deep(self, tok: _Token) -> None:
        """Report, then skip the offending value by counting braces, so depth never reaches the stack."""
        self.report.add(
            TOO_DEEP(
                self.pos(tok),
                f"Line {tok[2]}, column {tok[3]}: values are nested more than {self.limits.max_depth} levels "
                "deep; this value was skipped.",
            )
        )
        balance = 0
        while self.cur[0] != EOF:
            kind = self.cur[0]
            if kind == LBRACE:
                balance += 1
            elif kind == RBRACE:
                if balance == 0:
                    break
                balance -= 1
                if balance == 0:
                    self.advance()
                    break
            elif balance == 0 and (kind == COMMA or self.at_header()):
                break
            self.advance()
        if self.stack:
            self.stack[-1].need_sep = True


def parse_asn1_lines(
    lines: Iterable[Line], report: Report, *, name: str, limits: AsnLimits = DEFAULT_LIMITS
) -> list[AsnNode]:
    """Parse ASN.1 value notation from numbered lines; every top-level ``Type ::= value``, in file order."""
    parser = _Parser(lines, report, name, limits)
    return parser.run()


def parse_asn1_text(
    text: str, report: Report, *, name: str = "<text>", limits: AsnLimits = DEFAULT_LIMITS
) -> list[AsnNode]:
    """Parse ASN.1 value notation held in a string (line ends may be LF, CRLF or CR)."""
    pieces = re.split(r"\r\n|\r|\n", text)
    if len(pieces) > 1 and not pieces[-1]:
        pieces.pop()  # a final line end does not start a line, as in a file read by TextSource
    lines = (Line(i, t) for i, t in enumerate(pieces, start=1))
    return parse_asn1_lines(lines, report, name=name, limits=limits)


def read_asn1(
    path: str | Path, report: Report, *, name: str | None = None, limits: AsnLimits = DEFAULT_LIMITS
) -> list[AsnNode]:
    """Read an ASN.1 text file (gzip and odd encodings handled by ``TextSource``)."""
    source = TextSource(path, report, name=name)
    return parse_asn1_lines(source.lines(), report, name=source.name, limits=limits)


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
