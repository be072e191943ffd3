"""Seq-loc to GenBank location text (``join(1..10,complement(<20..>30))``) and the extremes used for sorting.

Coordinates in ASN.1 are 0-based and inclusive; the flatfile shows them 1-based. ``fuzz-from lim lt`` prints
``<`` before the first number and ``fuzz-to lim gt`` prints ``>`` before the second, whatever the strand; a point
with ``fuzz lim tr`` (or ``tl``) is a site between two bases, ``5^6``. A multi-part location whose parts are all on
the minus strand is written ``complement(join(...))`` with the parts in ascending order; a mixed one complements
each minus part on its own. Parts separated by NULLs make an ``order(...)``.
"""

from __future__ import annotations

from dataclasses import dataclass

from gbprep.model.asntree import alternative
from gbprep.model.records import AsnNode
from gbprep.writers.genbank.tree import ident_of, int_of, seq_key


@dataclass(slots=True)
class Span:
    """One interval or point of a location, 0-based inclusive."""

    id_key: str
    start: int
    stop: int
    minus: bool
    lt: bool = False  # fuzz on the low end ('<')
    gt: bool = False  # fuzz on the high end ('>')
    between: bool = False  # a point between start and start+1 ('^')
    point: bool = False


@dataclass(slots=True)
class Location:
    spans: list[Span]
    order: bool = False  # NULL-separated parts: order() instead of join()

    # left, right and minus are read for every gene look-up and sort: most locations have one span.

    @property
    def left(self) -> int:
        spans = self.spans
        if len(spans) == 1:
            return spans[0].start
        return min([s.start for s in spans]) if spans else 0

    @property
    def right(self) -> int:
        spans = self.spans
        if len(spans) == 1:
            return spans[0].stop
        return max([s.stop for s in spans]) if spans else 0

    def extent(self) -> tuple[int, int, bool]:
        """(left, right, minus) in one pass: what a gene look-up and the sort read of every feature."""
        spans = self.spans
        if not spans:
            return 0, 0, False
        first = spans[0]
        left, right, minus = first.start, first.stop, first.minus
        for s in spans:
            if s.start < left:
                left = s.start
            if s.stop > right:
                right = s.stop
            if not s.minus:
                minus = False
        return left, right, minus

    @property
    def wraps(self) -> bool:
        """True when the parts, read in biological order, run past the end of the sequence and restart
        (a trans-spliced gene on a circular genome): its last part ends before its first one begins."""
        spans = self.spans
        if len(spans) < 2:
            return False
        if all(s.minus for s in spans):
            return spans[-1].start > spans[0].stop
        if not any(s.minus for s in spans):
            return spans[0].start > spans[-1].stop
        return False

    @property
    def minus(self) -> bool:
        spans = self.spans
        if len(spans) == 1:
            return spans[0].minus
        return bool(spans) and all(s.minus for s in spans)

    @property
    def partial5(self) -> bool:
        if not self.spans:
            return False
        first = self.spans[0]
        return first.gt if first.minus else first.lt

    @property
    def partial3(self) -> bool:
        if not self.spans:
            return False
        last = self.spans[-1]
        return last.lt if last.minus else last.gt


def _lim(fuzz: AsnNode | None) -> str | None:
    alt = alternative(fuzz)
    if alt is None or alt[0] != "lim":
        return None
    return ident_of(alt[1])


def _interval(node: AsnNode, length: int) -> Span:
    # One pass over the fields: a genome has tens of thousands of intervals.
    key = ""
    start = 0
    stop: int | None = None
    minus = lt = gt = False
    for field in node.children:
        name = field.name
        # int_of, for the plain integers the ends almost always are, without its call.
        if name == "from":
            value = field.value
            start = value if field.kind == "int" and isinstance(value, int) else int_of(field) or 0
        elif name == "to":
            value = field.value
            stop = value if field.kind == "int" and isinstance(value, int) else int_of(field)
        elif name == "strand":
            minus = field.value == "minus"
        elif name == "id":
            local = field.children[0] if field.kind == "choice" and field.children else None
            if local is not None and local.name == "local" and local.kind == "choice" and local.children:
                key = "lcl|" + str(local.children[0].value)  # seq_key's first shortcut, without the call
            else:
                key = seq_key(field)
        elif name == "fuzz-from":
            lt = _lim(field) == "lt"
        elif name == "fuzz-to":
            gt = _lim(field) == "gt"
    return Span(key, start, stop if stop is not None else start, minus, lt, gt)


def _point(node: AsnNode) -> Span:
    sid = node.child("id")
    at = int_of(node.child("point")) or 0
    lim = _lim(node.child("fuzz"))
    return Span(
        id_key=seq_key(sid) if sid is not None else "",
        start=at,
        stop=at,
        minus=ident_of(node.child("strand")) == "minus",
        lt=lim == "lt",
        gt=lim == "gt",
        between=lim in ("tr", "tl"),
        point=True,
    )


def read_location(loc: AsnNode | None, lengths: dict[str, int]) -> Location:
    """Flatten a Seq-loc CHOICE into spans in their biological order."""
    result = Location([])
    if loc is None:
        return result
    if loc.kind == "choice" and loc.value == "int" and loc.children:  # most locations: one interval
        result.spans.append(_interval(loc.children[0], 0))
        return result
    stack: list[AsnNode] = [loc]
    while stack:
        node = stack.pop()
        alt = alternative(node) if node.kind == "choice" else (node.name or "", node)
        if alt is None:
            continue
        kind, value = alt
        if kind == "int":
            result.spans.append(_interval(value, 0))
        elif kind == "pnt":
            result.spans.append(_point(value))
        elif kind in ("mix", "equiv", "packed-int"):
            stack.extend(reversed(value.children))
        elif kind == "null":
            result.order = True
        elif kind == "whole":
            key = seq_key(value)
            result.spans.append(Span(key, 0, max(lengths.get(key, 1) - 1, 0), minus=False))
        elif kind == "packed-pnt":
            sid = value.child("id")
            key = seq_key(sid) if sid is not None else ""
            points = value.child("points")
            minus = ident_of(value.child("strand")) == "minus"
            for p in points.children if points is not None else []:
                at = int(p.value) if isinstance(p.value, int) else 0
                result.spans.append(Span(key, at, at, minus, point=True))
    return result


def _span_text(span: Span, complement: bool) -> str:
    if not (span.between or span.point or span.lt or span.gt):  # the usual plain interval or base
        text = f"{span.start + 1}..{span.stop + 1}" if span.start != span.stop else str(span.start + 1)
    elif span.between:
        text = f"{span.start + 1}^{span.start + 2}"
    elif span.point or (span.start == span.stop and not (span.lt or span.gt)):
        text = f"{'<' if span.lt else ''}{'>' if span.gt else ''}{span.start + 1}"
    else:
        text = f"{'<' if span.lt else ''}{span.start + 1}..{'>' if span.gt else ''}{span.stop + 1}"
    return f"complement({text})" if complement else text


def format_location(loc: Location) -> str:
    spans = loc.spans
    if not spans:
        return ""
    if len(spans) == 1:
        return _span_text(spans[0], spans[0].minus)
    word = "order" if loc.order else "join"
    if loc.minus:
        inner = ",".join([_span_text(s, False) for s in reversed(spans)])
        return f"complement({word}({inner}))"
    return f"{word}(" + ",".join([_span_text(s, s.minus) for s in spans]) + ")"
