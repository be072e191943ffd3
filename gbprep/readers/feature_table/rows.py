"""Feature rows and interval rows of a five-column table: coordinates, partial marks, strand, the key.

A row either starts a feature (start, stop, key) or adds an interval to the one above it (start, stop).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gbprep.model import insdc
from gbprep.model.diagnostics import SourcePos
from gbprep.model.records import Feature, Interval
from gbprep.readers.feature_table.codes import (
    BAD_BETWEEN,
    BAD_COORDINATE,
    EXTRA_COLUMNS,
    INTERNAL_PARTIAL,
    INTERVAL_AFTER_QUALIFIER,
    INTERVAL_WITHOUT_FEATURE,
    NON_POSITIVE_COORDINATE,
    PARTIAL_WRONG_COLUMN,
    REFERENCE_IGNORED,
    RETIRED_FEATURE_KEY,
    UNINDENTED_QUALIFIER,
    UNKNOWN_FEATURE_KEY,
)
from gbprep.readers.feature_table.state import _Pending, _State

_NCBI_MAX_POSITION = 2_147_483_647  # tbl2asn stores positions as signed 32-bit integers

_TOKEN = re.compile(r"\S+")
# [0-9], not \d: \d also matches '１２３' and '٣', which int() would quietly accept.
_COORD = re.compile(r"([<>]?)(-?[0-9]+)(\^?)")
_MINUS = frozenset({"minus", "-", "complement"})
# The common feature row: plain positive numbers (no leading zero, at most 9 digits, so never past NCBI's
# limit) and at most a key after them. See _read_feature_row.
_PLAIN_ROW = re.compile(r"([1-9][0-9]{0,8})\s+([1-9][0-9]{0,8})(?:\s+(\S+))?\s*")


@dataclass(slots=True)
class _Coord:
    value: int
    partial: bool
    between: bool


def _read_feature_row(state: _State, number: int, text: str) -> None:
    plain = _PLAIN_ROW.fullmatch(text)
    if plain is not None:
        # Most rows of a genome's table: nothing about them can be wrong but the key, so the per-token
        # checks below (each with its own regex and objects) are skipped. Same Interval as they would make.
        low, high = int(plain.group(1)) + state.offset, int(plain.group(2)) + state.offset
        if 0 < low <= _NCBI_MAX_POSITION and 0 < high <= _NCBI_MAX_POSITION:
            row = Interval(low, high, SourcePos(state.file, number, 1))
            if plain.group(3):
                _finish_feature(state)
                _start_feature(state, number, plain.group(3), plain.start(3) + 1, row)
            else:
                _add_interval(state, number, row)
            return
    tokens = [(m.group(), m.start() + 1) for m in _TOKEN.finditer(text)]
    first, first_col = tokens[0]
    if not _COORD.fullmatch(first) and insdc.canonical_qualifier(first) is not None:
        state.report.add(
            UNINDENTED_QUALIFIER(
                state.pos(number, first_col),
                f"Line {number} starts with the qualifier '{first}' in column 1; qualifier rows start "
                "with three TABs. The row was ignored.",
            )
        )
        return
    if len(tokens) == 1:
        state.report.add(
            BAD_COORDINATE(
                state.pos(number, first_col),
                f"Line {number} has only {first[:40]!r}; a feature row needs start, stop and key, an "
                "interval row start and stop. The row was ignored.",
            )
        )
        return
    start = _parse_coord(state, number, tokens[0], is_start=True)
    stop = _parse_coord(state, number, tokens[1], is_start=False)
    key, key_col = tokens[2] if len(tokens) > 2 else ("", 0)
    minus = False
    if len(tokens) > 3:
        strand = tokens[3][0]
        if strand.casefold() in _MINUS:
            minus = True
            extra = tokens[4:]
        else:
            extra = tokens[3:]
        if extra:
            state.report.add(
                EXTRA_COLUMNS(
                    state.pos(number, extra[0][1]),
                    f"Line {number}: {' '.join(t for t, _ in extra)[:60]!r} after the "
                    f"{'feature key' if key else 'coordinates'} was ignored (only 'minus' may follow the "
                    "key).",
                )
            )
    interval = None
    if start is not None and stop is not None:
        interval = _make_interval(state, number, tokens[0][1], start, stop, minus)
    if key:
        _finish_feature(state)
        _start_feature(state, number, key, key_col, interval)
    else:
        _add_interval(state, number, interval)


def _parse_coord(state: _State, number: int, token: tuple[str, int], *, is_start: bool) -> _Coord | None:
    text, col = token
    pos = state.pos(number, col)
    column = "start (column 1)" if is_start else "stop (column 2)"
    match = _COORD.fullmatch(text)
    if match is None or (match.group(3) and not is_start):
        hint = ""
        if re.fullmatch(r"[0-9]+[<>]", text):
            hint = " The partial mark goes before the number."
        elif text.replace(",", "").isascii() and text.replace(",", "").isdigit():
            hint = " Remove the thousands separators."
        elif any(c.isdigit() and not c.isascii() for c in text):
            hint = " Write positions with the ASCII digits 0-9."
        state.report.add(
            BAD_COORDINATE(pos, f"Line {number}: the {column} {text[:40]!r} is not a position.{hint}")
        )
        return None
    mark, digits, caret = match.groups()
    if (mark == ">" and is_start) or (mark == "<" and not is_start):
        state.report.add(
            PARTIAL_WRONG_COLUMN(
                pos,
                f"Line {number}: '{mark}' in the {column}; '<' marks a partial start (column 1) and '>' a "
                "partial stop (column 2), whatever the strand.",
            )
        )
        return None
    if len(digits.lstrip("-0")) > 10:  # int() of a 5,000-digit string raises; no sequence is that long anyway
        state.report.add(
            BAD_COORDINATE(
                pos,
                f"Line {number}: the {column} {_short_number(digits)} is larger than any sequence can be.",
            )
        )
        return None
    raw = int(digits)
    shifted = raw + state.offset
    if raw <= 0 or shifted <= 0:
        after = f" after adding the offset {state.offset}" if state.offset and raw > 0 else ""
        state.report.add(
            NON_POSITIVE_COORDINATE(
                pos, f"Line {number}: the {column} is {shifted if after else raw}{after}."
            )
        )
        return None
    if shifted > _NCBI_MAX_POSITION:
        state.report.add(
            BAD_COORDINATE(pos, f"Line {number}: the {column} {shifted} is larger than any sequence can be.")
        )
        return None
    return _Coord(shifted, bool(mark), bool(caret))


def _short_number(digits: str) -> str:
    return digits if len(digits) <= 24 else f"{digits[:12]}...({len(digits):,} digits)"


def _make_interval(
    state: _State, number: int, col: int, start: _Coord, stop: _Coord, minus: bool
) -> Interval:
    a, b = start.value, stop.value
    if minus and a < b:
        a, b = b, a  # the sixth column puts the row on the minus strand: written start is the high end
    if start.between and abs(a - b) != 1:
        state.report.add(
            BAD_BETWEEN(
                state.pos(number, col),
                f"Line {number}: a site between bases ({start.value}^) needs the stop to be the next base, "
                f"not {stop.value}.",
            )
        )
    return Interval(
        start=a,
        stop=b,
        pos=state.pos(number, col),
        partial_start=start.partial,
        partial_stop=stop.partial,
        between=start.between,
    )


def _start_feature(state: _State, number: int, key: str, key_col: int, interval: Interval | None) -> None:
    assert state.table is not None
    # The row's position; an interval from the same row already has it (positions are immutable, so one
    # object can serve both: a genome's table makes hundreds of thousands).
    pos = interval.pos if interval is not None and interval.pos.column == 1 else state.pos(number, 1)
    feature = Feature(key=state.shared(key), seq_id=state.table.seq_id, pos=pos, table=state.table.name)
    keep, check = interval is not None, True
    reference = False
    found = insdc.feature_key(key)
    if found is None:
        keep = check = False
        real = insdc.key_case_mismatch(key)
        if real is not None:
            hint = f" Keys are case-sensitive: write '{real}'."
        else:
            close = insdc.suggest_key(key)
            hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        state.report.add(
            UNKNOWN_FEATURE_KEY(
                state.pos(number, key_col),
                f"Line {number}: '{key[:40]}' is not a feature key.{hint} The feature was ignored.",
                seq_id=feature.seq_id,
            )
        )
    elif key == "REFERENCE":
        keep = check = False
        reference = True
        if not state.reference_reported:
            state.reference_reported = True
            state.report.add(
                REFERENCE_IGNORED(
                    state.pos(number, key_col),
                    f"Line {number}: REFERENCE rows (this one and any later ones) are dropped by tbl2asn; "
                    "publications belong in the submission template.",
                    seq_id=feature.seq_id,
                )
            )
    elif found.status is insdc.KeyStatus.RETIRED:
        state.report.add(
            RETIRED_FEATURE_KEY(
                state.pos(number, key_col),
                f"Line {number}: the feature key '{key}' was retired from the INSDC feature table; use "
                f"{found.replacement}.",
                seq_id=feature.seq_id,
                feature=feature.label,
            )
        )
    if interval is not None:
        feature.intervals.append(interval)
    state.pending = _Pending(
        feature,
        keep=keep and not state.table_void,
        allowed=found.allowed if check and found is not None else None,
        reference=reference,
    )


def _add_interval(state: _State, number: int, interval: Interval | None) -> None:
    pending = state.pending
    if pending is None:
        if interval is not None:
            state.report.add(
                INTERVAL_WITHOUT_FEATURE(
                    state.pos(number, 1),
                    f"Line {number} has a start and stop but no feature key, and no feature row is above it. "
                    "The row was ignored.",
                )
            )
        return
    if pending.has_qualifiers:
        if not pending.reference and not pending.late_interval_reported:
            pending.late_interval_reported = True
            state.report.add(
                INTERVAL_AFTER_QUALIFIER(
                    state.pos(number, 1),
                    f"Line {number}: an interval row after the qualifiers of the {pending.feature.key} that "
                    f"starts at line {pending.feature.pos.line}; that feature was dropped.",
                    seq_id=pending.feature.seq_id,
                    feature=pending.feature.label,
                )
            )
        pending.keep = False
        return
    if interval is None:
        return
    intervals = pending.feature.intervals
    if intervals and (intervals[-1].partial_stop or interval.partial_start):
        state.report.add(
            INTERNAL_PARTIAL(
                state.pos(number, 1),
                f"Line {number}: '<' or '>' on an interval inside the location of the {pending.feature.key} "
                f"at line {pending.feature.pos.line}.",
                seq_id=pending.feature.seq_id,
                feature=pending.feature.label,
            )
        )
    intervals.append(interval)


def _finish_feature(state: _State) -> None:
    pending, state.pending = state.pending, None
    if pending is None or not pending.keep or state.table is None:
        return
    if not pending.feature.intervals:
        return
    state.table.append(pending.feature)
    if pending.order:
        # Marked only now: a feature dropped after its 'order' line must not leave its id in the table's
        # set, where a later feature allocated at the same address would inherit it.
        state.table.mark_order(pending.feature)
