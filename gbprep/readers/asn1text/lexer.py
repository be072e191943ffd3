"""The ASN.1 text lexer: blocks of lines in, ``(kind, value, line, column)`` tokens out.

Lexical problems (bad characters, unclosed strings, malformed '...'H strings, huge numbers) become findings
and the offending text is skipped, so the parser always gets a token stream ending in EOF.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterable, Iterator

from gbprep.model.diagnostics import Report, SourcePos
from gbprep.readers.asn1text.codes import (
    BAD_BITS,
    BAD_CHARACTER,
    NUMBER_TOO_LONG,
    TOO_LARGE,
    UNTERMINATED_STRING,
    AsnLimits,
    _ErrorBudget,
)

# Python refuses int() on more than 4300 digits; NCBI's integers are 64-bit, so 40 digits is already absurd.
_MAX_DIGITS = 40

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
_Open = tuple[str, list[str], int, int]  # a string not yet closed: kind, raw parts, line, column
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
        chars = 0
        # An open string or hex string carries over to the next block: (kind, raw parts, line, column).
        pending: _Open | None = None
        first, last_block = 0, ""
        for first, block in blocks:
            number, line_start, pos = first, 0, 0
            end = len(block)
            chars += end
            over = chars > self.limits.max_chars
            if over:  # read only the lines that end within the cap
                room = end - (chars - self.limits.max_chars)
                end = block.rfind("\n", 0, room) + 1 if room > 0 else 0
            if pending is not None:
                pending, number, line_start, pos = yield from self._carried(pending, block, end, number)
            if pending is None:
                pending = yield from self._block_tokens(block, pos, end, number, line_start)
            if over:
                self._stop_at_cap(first, block, end)
                break
            last_block = block
        else:
            if last_block:  # the end position: just after the last line's text
                self.end_line = first + last_block.count("\n") - 1
                self.end_column = (
                    len(last_block) - 1 - (last_block.rfind("\n", 0, len(last_block) - 1) + 1) + 1
                )
        if pending is not None and not self.truncated:
            yield self._unterminated(pending)
        yield (EOF, None, self.end_line, self.end_column)

    def _carried(
        self, pending: _Open, block: str, end: int, number: int
    ) -> Generator[_Token, None, tuple[_Open | None, int, int, int]]:
        """Continue a string or '...'H string left open by the previous block; returns what is still open,
        and the line number, line start and position in ``block`` where tokens resume."""
        kind, parts, start_line, start_col = pending
        line_start = 0
        close = _string_end(block, 0, end) if kind == STR else block.find("'", 0, end)
        if close < 0:
            parts.append(block[:end])
            return pending, number, line_start, end
        parts.append(block[:close])
        newlines = block.count("\n", 0, close)
        if newlines:
            number += newlines
            line_start = block.rfind("\n", 0, close) + 1
        if kind == STR:
            yield (STR, _string_value("".join(parts)), start_line, start_col)
            return None, number, line_start, close + 1
        token, pos = self._bits_token(block, close, line_start, parts, start_line, start_col, number)
        yield token
        return None, number, line_start, pos

    def _block_tokens(
        self, block: str, pos: int, end: int, number: int, line_start: int
    ) -> Generator[_Token, None, _Open | None]:
        """The tokens of ``block[pos:end]`` (``pos`` on line ``number``, which starts at ``line_start``);
        returns the string or '...'H string still open at ``end``, if any."""
        match = _TOKEN.match
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
                    return (STR, [block[start + 1 : end]], number, start - line_start + 1)
                yield (STR, _string_value(block[start + 1 : close]), number, start - line_start + 1)
                newlines = block.count("\n", start + 1, close)
                if newlines:
                    number += newlines
                    line_start = block.rfind("\n", start + 1, close) + 1
                pos = close + 1
            elif group == 2:
                yield self._number(m.group(2), number, start - line_start + 1)
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
                    return (BITS, [block[start + 1 : end]], number, column)
                parts = [block[start + 1 : close]]
                opened = number
                newlines = block.count("\n", start + 1, close)
                if newlines:
                    number += newlines
                    line_start = block.rfind("\n", start + 1, close) + 1
                token, pos = self._bits_token(block, close, line_start, parts, opened, column, number)
                yield token
        return None

    def _number(self, literal: str, number: int, column: int) -> _Token:
        exact = "." not in literal and "e" not in literal and "E" not in literal
        if len(literal) > _MAX_DIGITS:
            self.errors.add(
                NUMBER_TOO_LONG,
                SourcePos(self.file, number, column),
                f"Line {number}, column {column}: a number of {len(literal):,} characters.",
            )
            literal = "0"
            exact = True
        value: int | float = int(literal) if exact else float(literal)
        return (NUM, value, number, column)

    def _stop_at_cap(self, first: int, block: str, end: int) -> None:
        """Reading stops at ``end`` of ``block`` (whose first line is ``first``): the size cap is crossed."""
        number = first + block.count("\n", 0, end)  # the line where the cap is crossed
        eol = block.find("\n", end)
        self.end_line, self.end_column = number, eol - end + 1
        self.truncated = True
        self.report.add(
            TOO_LARGE(
                SourcePos(self.file, number),
                f"{self.file} is longer than {self.limits.max_chars:,} characters; reading stopped at "
                f"line {number}.",
            )
        )

    def _unterminated(self, pending: _Open) -> _Token:
        """Report a string still open at the end of the file; its text so far as the token."""
        what = "string" if pending[0] == STR else "'...'H string"
        self.truncated = True  # everything after the quote was swallowed; further complaints are noise
        self.report.add(
            UNTERMINATED_STRING(
                SourcePos(self.file, pending[2], pending[3]),
                f"The {what} that starts at line {pending[2]}, column {pending[3]} is not closed before "
                "the end of the file.",
            )
        )
        partial: object = _string_value("".join(pending[1])) if pending[0] == STR else b""
        return (pending[0], partial, pending[2], pending[3])

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
