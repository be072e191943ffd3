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

The package: ``api`` (the entry points), ``lexer`` (text to tokens), ``parser`` (tokens to trees),
``codes`` (findings and limits).
"""

from gbprep.readers.asn1text.api import parse_asn1_lines, parse_asn1_text, read_asn1
from gbprep.readers.asn1text.codes import (
    BAD_BITS,
    BAD_CHARACTER,
    DEFAULT_LIMITS,
    NUMBER_TOO_LONG,
    SYNTAX_ERROR,
    TOO_DEEP,
    TOO_LARGE,
    TOO_MANY_ERRORS,
    UNCLOSED_BRACE,
    UNTERMINATED_STRING,
    AsnLimits,
)

__all__ = [
    "BAD_BITS",
    "BAD_CHARACTER",
    "DEFAULT_LIMITS",
    "NUMBER_TOO_LONG",
    "SYNTAX_ERROR",
    "TOO_DEEP",
    "TOO_LARGE",
    "TOO_MANY_ERRORS",
    "UNCLOSED_BRACE",
    "UNTERMINATED_STRING",
    "AsnLimits",
    "parse_asn1_lines",
    "parse_asn1_text",
    "read_asn1",
]
