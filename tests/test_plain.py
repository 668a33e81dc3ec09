"""Answers become plain data before any comparison: a clever trainee's object cannot fool a check."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from casekit.plain import UnsafeAnswer, plain_frame, plain_number, to_plain


class AlwaysEqual:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


class LyingInt(int):
    def __eq__(self, other):
        return True

    def __int__(self):
        return 999

    def __index__(self):
        return 999

    __hash__ = int.__hash__


class LyingStr(str):
    def __eq__(self, other):
        return True

    def __str__(self):
        return "whatever you expected"

    __hash__ = str.__hash__


class LyingFloat(float):
    def __eq__(self, other):
        return True

    def __float__(self):
        return 1.0

    __hash__ = float.__hash__


class SneakyFrame(pd.DataFrame):
    @property
    def _constructor(self):
        return SneakyFrame

    def __eq__(self, other):
        return True

    def equals(self, other):
        return True

    def to_dict(self, *args, **kwargs):
        return {"a": "anything"}


def test_always_equal_object_is_refused():
    with pytest.raises(UnsafeAnswer, match="AlwaysEqual is not a plain value"):
        to_plain(AlwaysEqual())
    with pytest.raises(UnsafeAnswer):
        to_plain([1, AlwaysEqual()])
    with pytest.raises(UnsafeAnswer):
        plain_frame(pd.DataFrame({"x": [AlwaysEqual()]}))


def test_doctored_subclasses_are_read_as_the_value_they_hold():
    v = to_plain(LyingInt(7))
    assert type(v) is int and v == 7
    s = to_plain(LyingStr("capex"))
    assert type(s) is str and s == "capex" and s != "seasonal_wc"
    f = to_plain(LyingFloat(2.5))
    assert type(f) is float and f == 2.5
    assert plain_number(LyingFloat(2.5)) == 2.5


def test_dataframe_subclass_is_rebuilt_from_its_data():
    sneaky = SneakyFrame({"client_id": ["C00001", "C00002"], "need": ["capex", "payroll"]})
    plain = plain_frame(sneaky)
    assert type(plain) is pd.DataFrame
    assert plain["need"].tolist() == ["capex", "payroll"]
    assert not plain.equals(pd.DataFrame({"client_id": ["C00001"], "need": ["x"]}))
    assert type(to_plain(sneaky)) is pd.DataFrame


def test_numpy_and_pandas_values_become_python_values():
    assert to_plain(np.int64(3)) == 3 and type(to_plain(np.int64(3))) is int
    assert to_plain(np.array([1.5, 2.5])) == [1.5, 2.5]
    assert to_plain(pd.Series(["a", "b"])) == ["a", "b"]
    assert to_plain({"k": (1, 2)}) == {"k": [1, 2]}
    assert to_plain({3, 1, 2}) == [1, 2, 3]


def test_not_numbers():
    for bad in (float("nan"), float("inf"), "12", None, [1, 2], AlwaysEqual):
        if bad is AlwaysEqual:
            with pytest.raises(UnsafeAnswer):
                plain_number(bad())
        else:
            assert plain_number(bad) is None
    assert plain_number(np.float32(1.5)) == 1.5 and plain_number([4]) == 4.0


def test_oversized_answers_are_refused():
    class Endless(list):
        pass

    with pytest.raises(UnsafeAnswer, match="more items"):
        to_plain(list(range(1_000_002)))
    nested: list = []
    for _ in range(30):
        nested = [nested]
    with pytest.raises(UnsafeAnswer, match="nested too deeply"):
        to_plain(nested)
    assert to_plain(Endless([1])) == [1]


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
        lambda kids: st.lists(kids, max_size=4),
        max_leaves=20,
    )
)
def test_plain_values_pass_through_unchanged(value):
    assert to_plain(value) == value
