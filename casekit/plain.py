"""Answers as plain data: the first step of every check, so no trainee object is ever trusted.

A check compares only numbers, text, lists, dicts and base-class DataFrames that this module
built itself. It never calls the answer's own ``==``, ``__str__``, ``__float__`` or methods a
subclass may have doctored: values are read through the built-in types' own slots
(``int.__add__(x, 0)`` reads the integer an int subclass really holds). Anything that is not
an honest value is refused with a message, not compared.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from casekit.errors import CasekitError

MAX_ITEMS = 1_000_000  # an answer bigger than any question needs is refused, not walked
MAX_DEPTH = 20


class UnsafeAnswer(CasekitError, TypeError):
    """An answer that is not plain data (a custom object, or a value with doctored behaviour)."""


def to_plain(obj: Any, _depth: int = 0) -> Any:
    """``obj`` as plain Python data (None, bool, int, float, str, list, dict) or a base DataFrame.

    numpy scalars and arrays become Python values and lists; DataFrame and Series subclasses are
    rebuilt as base pandas objects from their data; str, int and float subclasses become the
    value they really hold. Anything else raises UnsafeAnswer.
    """
    if _depth > MAX_DEPTH:
        raise UnsafeAnswer("the answer is nested too deeply to be a value")
    t = type(obj)
    if obj is None or t in (bool, int, str):
        return obj
    if t is float:
        return obj
    if isinstance(obj, bool | np.bool_):
        return bool.__bool__(obj) if isinstance(obj, bool) else bool(np.bool_(obj))
    if isinstance(obj, int):
        return int.__add__(obj, 0)  # the integer it holds, whatever its class says
    if isinstance(obj, float):
        return float.__add__(obj, 0.0)
    if isinstance(obj, str):
        return str.__add__(obj, "")
    if isinstance(obj, np.generic):
        if type(obj).__module__ != "numpy":
            raise UnsafeAnswer(f"a {type(obj).__name__} is not a plain number")
        return obj.item()
    if isinstance(obj, pd.DataFrame):
        return plain_frame(obj)
    if isinstance(obj, pd.Series):
        base = pd.Series(obj, copy=True)
        values = [to_plain(v, _depth + 1) for v in pd.Series.tolist(base)]
        if _default_index(base.index):
            return values
        # A labelled Series (e.g. a groupby result) is a table: keep its labels as keys.
        keys = [to_plain(k, _depth + 1) for k in base.index.tolist()]
        return dict(zip(keys, values, strict=True))
    if isinstance(obj, np.ndarray):
        arr = np.array(obj, subok=False, copy=True)
        if arr.dtype == object:
            return [to_plain(v, _depth + 1) for v in arr.ravel().tolist()]
        return np.ndarray.tolist(arr)
    if t in (list, tuple, set, frozenset) or isinstance(obj, list | tuple):
        items = (
            list.__iter__(obj)
            if isinstance(obj, list)
            else tuple.__iter__(obj)
            if isinstance(obj, tuple)
            else iter(obj)
        )
        out = []
        for v in items:
            out.append(to_plain(v, _depth + 1))
            if len(out) > MAX_ITEMS:
                raise UnsafeAnswer("the answer has more items than any question asks for")
        return sorted(out, key=repr) if t in (set, frozenset) else out
    if isinstance(obj, dict):
        return {to_plain(k, _depth + 1): to_plain(v, _depth + 1) for k, v in dict.items(obj)}
    raise UnsafeAnswer(
        f"a {t.__name__} is not a plain value: answer with numbers, text, lists or a table"
    )


def plain_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A base-class DataFrame of plain columns rebuilt from ``df``'s data (subclasses dropped).

    Columns become float, int, bool or str; a column of anything else raises UnsafeAnswer.
    """
    base = pd.DataFrame(df, copy=True)
    if any(n is not None for n in base.index.names) and not set(base.index.names) & set(
        base.columns
    ):
        # Keys held in the index (a groupby result) become columns, as a trainer would read them.
        base = base.reset_index()
    if len(base) * max(len(base.columns), 1) > MAX_ITEMS:
        raise UnsafeAnswer("the table is bigger than any question asks for")
    out = {}
    for name in pd.DataFrame.__iter__(base):
        key = to_plain(name)
        col = base[name]
        kind = col.dtype.kind
        if kind in "iu":
            out[key] = np.asarray(col, dtype=np.int64)
        elif kind == "f":
            out[key] = np.asarray(col, dtype=np.float64)
        elif kind == "b":
            out[key] = np.asarray(col, dtype=bool)
        elif kind == "M":
            out[key] = np.asarray(col.astype(str), dtype=object)
        else:
            values = [to_plain(v) for v in col.astype(object).tolist()]
            if not all(v is None or type(v) in (str, int, float, bool) for v in values):
                raise UnsafeAnswer(f"column {key!r} holds values that are not numbers or text")
            values = [None if isinstance(v, float) and math.isnan(v) else v for v in values]
            out[key] = np.array(values, dtype=object)
    return pd.DataFrame(out, index=pd.RangeIndex(len(base)))


def _default_index(index: pd.Index) -> bool:
    """Whether an index is just row positions or labels, carrying no keys worth keeping.

    A named index (a groupby or value_counts result) or one of text labels holds keys; the
    integer labels left by filtering rows do not.
    """
    named = any(n is not None for n in index.names)
    return not named and index.dtype.kind in "iu"


def plain_number(obj: Any) -> float | None:
    """A finite number from an answer, or None if it is not one (NaN and text included)."""
    value = to_plain(obj)
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if type(value) in (int, float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None
