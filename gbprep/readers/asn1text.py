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

from gbprep.model.diagnostics import Code, Report, Severity, SourcePos, declare
from gbprep.model.records import AsnNode
from gbprep.readers.textio import Line, TextSource

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

# One token after optional blanks, in a block of lines each ended by "\n" (group 8), so a failed match means
# a character that cannot start any token.
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
    r"|(\n))"  # 8 end of line
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
_SIMPLE_AFTER = frozenset((STR, NUM, LBRACE))  # a name followed by one of these is a simple element
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
    """Turns blocks of lines into tokens; lexical problems become findings and the offending text is skipped.

    A block is ``(number of its first line, whole lines each ended by "\\n")``. Scanning a block with one
    regular expression, instead of line by line, is what makes a 15 MB .sqn quick to read: most of its lines
    are a few tokens, and sequence data is one string over thousands of lines.
    """

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

    def tokens(self, blocks: Iterable[tuple[int, str]]) -> Iterator[_Token]:
        file = self.file
        chars = 0
        # An open string or hex string carries over to the next block: (kind, raw parts, line, column).
        pending: tuple[str, list[str], int, int] | None = None
        number = 0
        last_block = ""
        match = _TOKEN.match
        for first, block in blocks:
            number, line_start, pos = first, 0, 0
            end = len(block)
            chars += end
            over = chars > self.limits.max_chars
            if over:  # read only the lines that end within the cap
                room = end - (chars - self.limits.max_chars)
                end = block.rfind("\n", 0, room) + 1 if room > 0 else 0
            if pending is not None:
                kind, parts, start_line, start_col = pending
                close = _string_end(block, 0, end) if kind == STR else block.find("'", 0, end)
                if close < 0:
                    parts.append(block[:end])
                    pos = end
                else:
                    parts.append(block[:close])
                    pending = None
                    newlines = block.count("\n", 0, close)
                    if newlines:
                        number += newlines
                        line_start = block.rfind("\n", 0, close) + 1
                    if kind == STR:
                        yield (STR, _string_value("".join(parts)), start_line, start_col)
                        pos = close + 1
                    else:
                        token, pos = self._bits_token(
                            block, close, line_start, parts, start_line, start_col, number
                        )
                        yield token
            while pos < end:
                m = match(block, pos)
                if m is None:
                    bad = _BLANKS.match(block, pos).end()  # type: ignore[union-attr]
                    self._bad_character(block[bad], bad - line_start + 1, number)
                    pos = bad + 1
                    continue
                group = m.lastindex
                start = m.start(group)  # type: ignore[arg-type]
                if group == 1:
                    yield (ID, m.group(1), number, start - line_start + 1)
                    pos = m.end()
                elif group == 3:
                    punct = m.group(3)
                    yield (punct, punct, number, start - line_start + 1)
                    pos = m.end()
                elif group == 8:
                    number += 1
                    pos = line_start = m.end()
                elif group == 6:
                    close = _string_end(block, start + 1, end)
                    if close < 0:
                        pending = (STR, [block[start + 1 : end]], number, start - line_start + 1)
                        break
                    yield (STR, _string_value(block[start + 1 : close]), number, start - line_start + 1)
                    newlines = block.count("\n", start + 1, close)
                    if newlines:
                        number += newlines
                        line_start = block.rfind("\n", start + 1, close) + 1
                    pos = close + 1
                elif group == 2:
                    literal = m.group(2)
                    exact = "." not in literal and "e" not in literal and "E" not in literal
                    column = start - line_start + 1
                    if len(literal) > _MAX_DIGITS:
                        self.errors.add(
                            NUMBER_TOO_LONG,
                            SourcePos(self.file, number, column),
                            f"Line {number}, column {column}: a number of {len(literal):,} characters.",
                        )
                        literal = "0"
                        exact = True
                    value: int | float = int(literal) if exact else float(literal)
                    yield (NUM, value, number, column)
                    pos = m.end()
                elif group == 4:
                    yield (ASSIGN, "::=", number, start - line_start + 1)
                    pos = m.end()
                elif group == 5:  # a comment runs to the next '--' or the end of the line
                    eol = block.index("\n", start + 2)
                    close = block.find("--", start + 2, eol)
                    pos = eol if close < 0 else close + 2
                else:  # group 7, a '...'H or '...'B string
                    column = start - line_start + 1
                    close = block.find("'", start + 1, end)
                    if close < 0:
                        pending = (BITS, [block[start + 1 : end]], number, column)
                        break
                    parts = [block[start + 1 : close]]
                    opened = number
                    newlines = block.count("\n", start + 1, close)
                    if newlines:
                        number += newlines
                        line_start = block.rfind("\n", start + 1, close) + 1
                    token, pos = self._bits_token(block, close, line_start, parts, opened, column, number)
                    yield token
            if over:
                number = first + block.count("\n", 0, end)  # the line where the cap is crossed
                eol = block.find("\n", end)
                self.end_line, self.end_column = number, eol - end + 1
                self.truncated = True
                self.report.add(
                    TOO_LARGE(
                        SourcePos(file, number),
                        f"{file} is longer than {self.limits.max_chars:,} characters; reading stopped at "
                        f"line {number}.",
                    )
                )
                break
            last_block = block
        else:
            if last_block:  # the end position: just after the last line's text
                number = first + last_block.count("\n") - 1
                self.end_line = number
                self.end_column = (
                    len(last_block) - 1 - (last_block.rfind("\n", 0, len(last_block) - 1) + 1) + 1
                )
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
            partial: object = _string_value("".join(pending[1])) if pending[0] == STR else b""
            yield (pending[0], partial, pending[2], pending[3])
        yield (EOF, None, self.end_line, self.end_column)

    def _bits_token(
        self, block: str, quote: int, line_start: int, parts: list[str], line: int, column: int, end_line: int
    ) -> tuple[_Token, int]:
        """The token for a closed '...'H / '...'B string and the position after it (``quote`` is the
        closing quote's index in ``block``, on line ``end_line``, which starts at ``line_start``)."""
        radix = block[quote + 1 : quote + 2].upper()
        if radix not in ("H", "B"):
            self.errors.add(
                BAD_BITS,
                SourcePos(self.file, end_line, quote - line_start + 2),
                f"Line {end_line}, column {quote - line_start + 2}: expected 'H' (hexadecimal) or 'B' (binary) "
                f"after the closing quote of the string that starts at line {line}, column {column}.",
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

    def _bad_character(self, char: str, column: int, number: int) -> None:
        # One finding per line: a line of stray text would otherwise spend the whole error budget.
        if number == self.bad_line or self.quiet:
            return
        self.bad_line = number
        shown = repr(char) if not char.isprintable() or char in "'\"" else f"'{char}'"
        self.errors.add(
            BAD_CHARACTER,
            SourcePos(self.file, number, column),
            f"Line {number}, column {column}: unexpected character {shown}.",
        )


def _string_end(block: str, pos: int, end: int) -> int:
    """The index of the quote that closes a string whose text starts at ``pos``; -1 if not before ``end``.
    A doubled quote ("") is a quote inside the string; it never spans a line end."""
    while True:
        quote = block.find('"', pos, end)
        if quote < 0 or not block.startswith('"', quote + 1):
            return quote
        pos = quote + 2


def _string_value(raw: str) -> str:
    """The value of a string's raw text: "" is one quote, and line breaks are dropped, as NCBI's reader does.
    (Every quote in the raw text is one of a pair on one line, so the order of the two steps is free.)"""
    if '"' in raw:
        raw = raw.replace('""', '"')
    if "\n" in raw:
        raw = raw.replace("\n", "")
    return raw


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
    def __init__(
        self, blocks: Iterable[tuple[int, str]], report: Report, file: str, limits: AsnLimits
    ) -> None:
        self.report = report
        self.file = file
        self.limits = limits
        self.errors = _ErrorBudget(report, file, limits.max_errors)
        self.lexer = _Lexer(report, file, limits, self.errors)
        self.stream = self.lexer.tokens(blocks)
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
        if parent is not None and parent.depth < self.limits.max_depth:
            cur, nxt = self.cur, self.nxt
            after = nxt[0]
            if cur[0] == ID and after in _SIMPLE_AFTER and cur[1] not in _KEYWORDS:
                return self.simple_value(parent, cur, nxt)
            if cur[0] == LBRACE:
                return self.simple_value(parent, None, cur)
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

    def simple_value(self, parent: _Frame, name_tok: _Token | None, tok: _Token) -> bool:
        """``name "text"``, ``name 12``, ``name {`` or an unnamed ``{`` inside braces: most elements of a
        Seq-submit. What the general path of ``item`` does for them, without its chain of CHOICE alternatives
        (the same node, the same order of token reads, so the same findings when a limit is reached)."""
        if name_tok is not None:
            self.advance()  # onto the value
            name: str | None = str(name_tok[1])
            pos = SourcePos(self.file, name_tok[2], name_tok[3])
        else:
            name = None
            pos = SourcePos(self.file, tok[2], tok[3])
        kind = tok[0]
        if kind == LBRACE:
            node = AsnNode("list", pos, None)
        else:
            self.advance()
            value = tok[1]
            leaf = "string" if kind == STR else "int" if isinstance(value, int) else "real"
            node = AsnNode(leaf, pos, value)
        # The name is set afterwards, as item() does: the same node, and for a 15 MB .sqn 6 MB less peak RSS
        # than passing it to the constructor (measured; the order of allocations decides).
        node.name = name
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            self.too_many_nodes()
        parent.children.append(node)
        parent.last = tok
        parent.last_name = name
        if name is None:
            parent.all_named = False
        if kind == LBRACE:
            self.stack.append(_Frame(node, tok[2], tok[3], parent.depth + 1))
            self.advance()
        else:
            parent.need_sep = True
        return True

    def container_step(self) -> None:
        """Read inside braces until the outermost open one is closed (``run`` calls this while any is open;
        looping here instead of returning to ``run`` after every token is the same steps, only cheaper)."""
        stack = self.stack
        while stack:
            frame = stack[-1]
            tok = self.cur
            kind = tok[0]
            if kind == RBRACE:
                self.close()
                self.advance()
                if not stack:
                    self.after_top_value()
                continue
            if kind == EOF or self.at_header():
                self.unclosed(tok)
                continue
            if frame.need_sep:
                if kind == COMMA:
                    frame.need_sep = False
                    self.advance()
                    continue
                self.syntax(
                    tok, f"expected ',' or '}}' after {frame.describe_last()}, found {_describe(tok)}."
                )
                frame.need_sep = False  # read on as if the comma were there: the usual slip
                if kind not in _VALUE_STARTS:
                    self.advance()
                continue
            if kind == COMMA:
                self.syntax(tok, f"expected a value after {frame.describe_last()}, found ','.")
                self.advance()
                continue
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
