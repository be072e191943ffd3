"""Qualifier rows of a five-column table: the name, its value's quoting and characters, where it may go.

What a value must look like for its qualifier is checked in ``values``.
"""

from __future__ import annotations

import re

from gbprep.model import insdc
from gbprep.model.diagnostics import Severity, SourcePos
from gbprep.model.records import Feature, Qualifier
from gbprep.readers.feature_table.codes import (
    CONTROL_CHARACTER,
    EXTRA_COLUMNS,
    FLAG_WITH_VALUE,
    INDENTED_INTERVAL,
    MISSING_VALUE,
    OBSOLETE_QUALIFIER,
    QUALIFIER_BEFORE_FEATURE,
    QUALIFIER_NOT_ALLOWED,
    QUOTE_IN_VALUE,
    UNKNOWN_QUALIFIER,
)
from gbprep.readers.feature_table.rows import _COORD
from gbprep.readers.feature_table.state import _emit, _Pending, _State
from gbprep.readers.feature_table.values import _VALUE_CHECKED, _check_value

_QUALIFIER_LINE = re.compile(r"\s*(?P<name>\S+)(?:\s+(?P<value>.*?))?\s*$", re.DOTALL)
_COORD_FIRST = frozenset("0123456789<>-")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # C0 controls and DEL, except TAB and LF


def _read_qualifier_line(state: _State, number: int, text: str) -> None:
    # Half the lines of a genome's table are "<TABs>name<TAB>value" with a qualifier spelt as INSDC spells
    # it, allowed on its feature, and a value of printable ASCII (no TAB, no control character, no double
    # quote, no space at either end). Of the general path's checks only the value's own can find anything
    # there, so the rest (and its regular expression) are skipped; the Qualifier is the same.
    pending = state.pending
    body = text.lstrip(" \t")
    name, _, value = body.partition("\t")
    definition = insdc.QUALIFIERS.get(name)
    if (
        definition is not None
        and pending is not None
        and not pending.reference
        and value.isascii()
        and value.isprintable()
        and value[:1] not in ("", " ")
        and value[-1] != " "
        and '"' not in value
        and definition.obsolete is None
        and definition.kind is not insdc.ValueKind.FLAG
        and (pending.allowed is None or name in pending.allowed)
    ):
        pending.has_qualifiers = True
        column = len(text) - len(body) + 1
        if name in _VALUE_CHECKED or (name == "product" and pending.feature.key == "tRNA"):  # as _check_value
            _check_value(
                state,
                number,
                pending.feature,
                name,
                value,
                SourcePos(state.file, number, column + len(name) + 1),
            )
        shared = state.shared
        pending.feature.qualifiers.append(
            Qualifier(shared(name), shared(value), SourcePos(state.file, number, column))
        )
        return
    match = _QUALIFIER_LINE.match(text)
    if match is None:
        return
    name, name_col = match.group("name"), match.start("name") + 1
    raw_value = match.group("value") or ""
    value_col = match.start("value") + 1 if raw_value else None
    pos = SourcePos(state.file, number, name_col)
    if name[0] in _COORD_FIRST and _COORD.fullmatch(name):
        _emit(
            state,
            INDENTED_INTERVAL,
            pos,
            f"Line {number} starts with whitespace and then the position {name[:20]!r}; interval rows "
            "start in column 1. The row was ignored.",
        )
        return
    if name.casefold() == "order" and not raw_value:
        if pending is None:
            _emit(state, QUALIFIER_BEFORE_FEATURE, pos, f"Line {number}: 'order' with no feature above it.")
        elif pending.keep and state.table is not None:
            pending.order = True
        return
    if pending is None:
        seq_id = state.table.seq_id if state.table is not None else ""
        _emit(
            state,
            QUALIFIER_BEFORE_FEATURE,
            pos,
            f"Line {number}: the qualifier '{name[:40]}' comes before any feature row of the block "
            f"'>Feature {seq_id}'; it was ignored.",
        )
        return
    pending.has_qualifiers = True
    if pending.reference:
        return
    value_pos = state.pos(number, value_col) if value_col else pos
    _add_qualifier(state, number, pending, name, pos, raw_value, value_pos)


def _add_qualifier(
    state: _State,
    number: int,
    pending: _Pending,
    name: str,
    pos: SourcePos,
    raw_value: str,
    value_pos: SourcePos,
) -> None:
    feature = pending.feature
    real = insdc.canonical_qualifier(name)
    if real is None:
        _emit(
            state,
            UNKNOWN_QUALIFIER,
            pos,
            f"Line {number}: {_unknown_qualifier_text(name)} It was ignored.",
            feature,
        )
        return
    definition = insdc.QUALIFIERS[real]
    quoted = len(raw_value) >= 2 and raw_value[0] == raw_value[-1] == '"'
    value = _clean_value(
        state, number, feature, real, raw_value[1:-1] if quoted else raw_value, value_pos, quoted
    )
    if definition.obsolete is not None and _obsolete(state, number, feature, real, definition.obsolete, pos):
        return
    stored: str | None = value
    if definition.kind is insdc.ValueKind.FLAG:
        if value:
            _emit(
                state,
                FLAG_WITH_VALUE,
                value_pos,
                f"Line {number}: '{real}' takes no value; {value[:40]!r} was ignored.",
                feature,
            )
        stored = None
    elif not value and not (quoted and real == "replace"):
        deletion = (
            ' For a deletion, /replace is written with two double quotes: "".' if real == "replace" else ""
        )
        _emit(
            state,
            MISSING_VALUE,
            pos,
            f"Line {number}: the qualifier '{real}' on the {feature.key} at line {feature.pos.line} has no "
            f"value; it was ignored.{deletion}",
            feature,
        )
        return
    if pending.allowed is not None and real not in pending.allowed:
        _report_not_allowed(state, number, feature, real, pos)
    if stored:
        _check_value(state, number, feature, real, stored, value_pos)
    feature.qualifiers.append(
        Qualifier(state.shared(real), state.shared(stored) if stored is not None else None, pos)
    )


def _clean_value(
    state: _State, number: int, feature: Feature, real: str, value: str, value_pos: SourcePos, quoted: bool
) -> str:
    """The value (its wrapping quotes already off) as tbl2asn keeps it: inner double quotes become
    apostrophes and control characters go; each change, and a TAB inside the value, is reported."""
    if '"' in value:
        _emit(
            state,
            QUOTE_IN_VALUE,
            value_pos,
            f"Line {number}: the {real} value contains a double quote; it was changed to an apostrophe.",
            feature,
        )
        value = value.replace('"', "'")
    control = _CONTROL.search(value)
    if control is not None:
        column = (value_pos.column or 1) + (1 if quoted else 0) + control.start()
        _emit(
            state,
            CONTROL_CHARACTER,
            SourcePos(state.file, number, column),
            f"Line {number}: the {real} value has the control character U+{ord(control.group()):04X} at column "
            f"{column}; control characters were removed.",
            feature,
        )
        value = _CONTROL.sub("", value)
    if "\t" in value:
        _emit(
            state,
            EXTRA_COLUMNS,
            value_pos,
            f"Line {number}: the {real} value has a TAB inside it; the text after the TAB was kept as part "
            "of the value. Put each qualifier on its own row.",
            feature,
        )
    return value


def _obsolete(state: _State, number: int, feature: Feature, real: str, why: str, pos: SourcePos) -> bool:
    """Report an obsolete qualifier; True when tbl2asn drops it."""
    # tbl2asn rejects /evidence outright; /partial would contradict the location's own < and > marks
    drop = real in ("evidence", "partial")
    _emit(
        state,
        OBSOLETE_QUALIFIER,
        pos,
        f"Line {number}: {why}." + (" It was ignored." if drop else ""),
        feature,
        severity=Severity.ERROR if real == "evidence" else None,
    )
    return drop


def _report_not_allowed(state: _State, number: int, feature: Feature, real: str, pos: SourcePos) -> None:
    # The others stay on the feature, and the validator's own rules name them with NCBI's codes
    # (rules.placement); these three tbl2asn drops without a word, so only this finding tells the user.
    if real not in insdc.DROPPED_WHEN_MISPLACED:
        return
    elsewhere = insdc.keys_allowing(real)
    more = ", ..." if len(elsewhere) > 6 else ""
    on = f" It is allowed on {', '.join(elsewhere[:6])}{more}." if elsewhere else ""
    _emit(
        state,
        QUALIFIER_NOT_ALLOWED,
        pos,
        f"Line {number}: '{real}' is not allowed on a {feature.key} feature; tbl2asn ignores it.{on}",
        feature,
    )


def _unknown_qualifier_text(name: str) -> str:
    if insdc.feature_key(name) is not None:
        return (
            f"'{name}' is a feature key, not a qualifier; feature rows start in column 1 with start and stop."
        )
    hint = ""
    bare = name.lstrip("/").split("=", 1)[0]
    if bare != name and insdc.canonical_qualifier(bare):
        hint = f" Write the name '{bare}' without '/' or '=', then a TAB and the value."
    else:
        close = insdc.suggest_qualifier(name)
        if close:
            hint = f" Did you mean {' or '.join(repr(c) for c in close)}?"
    return f"'{name[:40]}' is not a qualifier tbl2asn knows.{hint}"
