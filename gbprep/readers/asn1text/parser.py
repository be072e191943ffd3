"""The ASN.1 text parser: tokens in, ``AsnNode`` trees out, iteratively and within the limits.

Syntax errors become findings and the parser skips to the next place it can resume (a separator, a closing
brace or the next ``Type ::=`` header), so one mistake does not hide the rest of the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from gbprep.model.diagnostics import Report, SourcePos
from gbprep.model.records import AsnNode
from gbprep.readers.asn1text.codes import (
    SYNTAX_ERROR,
    TOO_DEEP,
    TOO_LARGE,
    UNCLOSED_BRACE,
    AsnLimits,
    _ErrorBudget,
)
from gbprep.readers.asn1text.lexer import (
    _KEYWORDS,
    _SIMPLE_AFTER,
    _VALUE_STARTS,
    ASSIGN,
    BITS,
    COMMA,
    EOF,
    ID,
    LBRACE,
    NUM,
    RBRACE,
    STR,
    _describe,
    _Lexer,
    _Token,
)


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
