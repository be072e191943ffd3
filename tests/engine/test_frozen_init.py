"""``fast_init``: the same objects as the dataclass's own constructor, still frozen, faster."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import dataclass, field

import pytest

from gbprep.model.diagnostics import SourcePos
from gbprep.model.frozen import fast_init
from gbprep.model.records import Interval


@dataclass(frozen=True, slots=True)
class Plain:
    name: str
    line: int
    column: int | None = None
    tags: tuple[str, ...] = ()


@fast_init
@dataclass(frozen=True, slots=True)
class Fast:
    name: str
    line: int
    column: int | None = None
    tags: tuple[str, ...] = ()


def test_the_constructor_is_replaced() -> None:
    assert Fast.__init__ is not Plain.__init__
    assert Fast.__init__.__qualname__ == "Fast.__init__"


def test_same_fields_defaults_and_keywords() -> None:
    assert dataclasses.astuple(Fast("a", 1)) == dataclasses.astuple(Plain("a", 1)) == ("a", 1, None, ())
    assert dataclasses.astuple(Fast(line=2, name="b", tags=("x",))) == ("b", 2, None, ("x",))
    with pytest.raises(TypeError):
        Fast("a")  # a required field is still required
    with pytest.raises(TypeError):
        Fast("a", 1, nope=3)


def test_still_frozen_hashable_comparable_and_picklable() -> None:
    pos = SourcePos("genome.tbl", 12, 3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        pos.line = 13  # type: ignore[misc]
    assert pos == SourcePos("genome.tbl", 12, 3) and hash(pos) == hash(SourcePos("genome.tbl", 12, 3))
    assert pickle.loads(pickle.dumps(pos)) == pos
    iv = Interval(10, 1, pos, partial_start=True)
    assert (iv.low, iv.high, iv.partial_start, iv.between) == (1, 10, True, False)
    assert repr(iv).startswith("Interval(start=10, stop=1,")


def test_classes_it_cannot_treat_exactly_are_left_alone() -> None:
    @dataclass(frozen=True, slots=True)
    class WithFactory:
        items: list[int] = field(default_factory=list)

    @dataclass(frozen=True)
    class NoSlots:
        value: int

    for cls in (WithFactory, NoSlots):
        before = cls.__init__
        assert fast_init(cls) is cls and cls.__init__ is before
