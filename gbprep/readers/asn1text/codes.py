"""The ASN.1 text reader's findings and limits, and the error budget that caps how many it reports.

Shared by the lexer and the parser; each code may be declared only once.
"""

from __future__ import annotations

from dataclasses import dataclass

from gbprep.model.diagnostics import Code, Report, Severity, SourcePos, declare

NUMBER_TOO_LONG = declare(
    "ASN.NumberTooLong",
    Severity.ERROR,
    "A number with more digits than any ASN.1 value in a submission can have",
    "NCBI's integers fit in 64 bits (at most 19 digits). Check the number; it was read as 0.",
)

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
