"""A quick reader for NCBI's ``product_rules.prt``: the same ``AsnNode`` tree as the general ASN.1 reader.

The general reader (``gbprep.readers.asn1text``) takes about 0.13 s on the 590 kB rule file, a third of the
whole discrepancy report on a 6,000-gene genome, and every worker process reads the file again. The rule file
uses a small, regular part of ASN.1 value notation: ``Name ::= { ... }``, names, plain strings, integers,
TRUE/FALSE/NULL and braces. This reader handles exactly that part and builds the nodes the general reader
builds (kinds, names, values and children; positions are not kept: the rules do not use them). On anything
outside it (a comment, a string with a doubled quote, a real number, text that is not plain ASCII, a syntax
error, a gzip file) it gives up and the general reader reads the file, with its own rules for
those cases.
"""

from __future__ import annotations

import re
from pathlib import Path

from gbprep.model.diagnostics import Report, SourcePos
from gbprep.model.records import AsnNode
from gbprep.readers.asn1text import read_asn1

# The general lexer's identifier and number forms; any other character, or a string that is not plain, is
# caught by the last group, which sends the file to the general reader.
_TOKEN = re.compile(
    r"[ \t\n]*(?:"
    r"([A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*)"  # 1 name
    r"|(-?[0-9]+)(?![.eE0-9])"  # 2 integer
    r"|([{},])"  # 3 punctuation
    r"|(::=)"  # 4 assignment
    r'|"([^"]*)"(?!")'  # 5 string without a doubled quote
    r"|([^ \t\n]))"  # 6 anything else (a blank is only ever skipped: trailing ones match nothing)
)
_KEYWORDS = {"TRUE": ("bool", True), "FALSE": ("bool", False), "NULL": ("null", None)}
_MAX_DEPTH = 64  # well inside the general reader's limit (128), which we never get near
_MAX_DIGITS = 18  # fits any integer the general reader reads exactly


class _Unsupported(Exception):
    """The text leaves the part of the notation this reader handles."""


def read_rule_file(path: str | Path) -> list[AsnNode]:
    """The rule file's top-level values, as ``read_asn1`` reads them."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("ascii")
        return _parse(text, SourcePos(str(path), 1))
    except (UnicodeDecodeError, _Unsupported):
        return read_asn1(Path(path), Report())


def _tokens(text: str) -> list[tuple[int, str]]:
    """(group, text) of every token; trailing blanks only after the last."""
    out: list[tuple[int, str]] = []
    end = 0
    for m in _TOKEN.finditer(text):
        group = m.lastindex or 6
        if group == 6:
            raise _Unsupported
        out.append((group, m.group(group)))
        end = m.end()
    if text[end:].strip(" \t\n"):
        raise _Unsupported
    return out


def _parse(text: str, pos: SourcePos) -> list[AsnNode]:
    """One ``Name ::= {...}``; a value is a run of names ending in a value: the first name is the element's
    name inside braces, the others CHOICE alternatives, a run ending without a value ends in a bare name."""
    if "\r" in text or any(len(line) > 1 << 16 for line in text.split("\n")):
        raise _Unsupported  # line ends and over-long lines are the general reader's business
    tokens = _tokens(text)
    if len(tokens) < 4 or tokens[0][0] != 1 or not tokens[0][1][0].isupper() or tokens[1][0] != 4:
        raise _Unsupported
    if tokens[2] != (3, "{") or any(group == 4 for group, _ in tokens[2:]):
        raise _Unsupported
    top = AsnNode("list", pos, None, tokens[0][1])
    # Each open brace: its node, its children, whether all of them are named, its depth as the general
    # reader counts it (a brace and each CHOICE alternative are a level).
    stack: list[tuple[AsnNode, list[AsnNode], list[bool], int]] = [(top, [], [True], 1)]
    i, n = 3, len(tokens)
    while stack:
        if i >= n:
            raise _Unsupported
        node, children, all_named, depth = stack[-1]
        if tokens[i] == (3, "}"):
            _seal(node, children, all_named[0])
            stack.pop()
            i += 1
            if stack:
                i = _separator(tokens, i)
            continue
        chain: list[str] = []
        while i < n and tokens[i][0] == 1 and tokens[i][1] not in _KEYWORDS:
            chain.append(tokens[i][1])
            i += 1
        if i >= n or depth + len(chain) + 1 >= _MAX_DEPTH:
            raise _Unsupported
        group, value = tokens[i]
        opens = False
        leaf: AsnNode
        if group == 5:
            leaf = AsnNode("string", pos, value.replace("\n", ""))  # NCBI's reader drops line breaks
        elif group == 2:
            if len(value.lstrip("-")) > _MAX_DIGITS:
                raise _Unsupported
            leaf = AsnNode("int", pos, int(value))
        elif group == 1:
            kind, constant = _KEYWORDS[value]
            leaf = AsnNode(kind, pos, constant)
        elif value == "{":
            leaf, opens = AsnNode("list", pos, None), True
        elif chain:  # ',' or '}': the run ends in a bare name
            leaf = AsnNode("ident", pos, chain.pop())
            i -= 1  # the separator is read below
        else:
            raise _Unsupported
        i += 1
        name, choices = (chain[0], chain[1:]) if chain else (None, [])
        element = leaf
        for alternative in reversed(choices):
            element.name = alternative
            element = AsnNode("choice", pos, alternative, children=[element])
        element.name = name
        children.append(element)
        if name is None:
            all_named[0] = False
        if opens:
            stack.append((leaf, [], [True], depth + 1 + len(choices)))
        else:
            i = _separator(tokens, i)
    if i != n:
        raise _Unsupported  # a second definition: the general reader's business
    return [top]


def _separator(tokens: list[tuple[int, str]], i: int) -> int:
    """After an element: a ',' before the next one, or the '}' that closes the braces (left to be read)."""
    if i < len(tokens) and tokens[i] == (3, ","):
        if i + 1 < len(tokens) and tokens[i + 1] == (3, "}"):
            raise _Unsupported  # ', }' is a syntax error the general reader reports and reads past
        return i + 1
    if i < len(tokens) and tokens[i] == (3, "}"):
        return i
    raise _Unsupported


def _seal(node: AsnNode, children: list[AsnNode], all_named: bool) -> None:
    node.children = children
    if children and all_named:
        node.kind = "struct"
