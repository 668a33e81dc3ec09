"""A held-out period: the bank as it looked at a cut-off month, so that a prediction (a watch
list) is scored on what followed, which the trainee's data does not reveal.

The visible book keeps every table up to the cut-off: panel months, surveys and warnings up to
it, contacts and service requests dated before the month after it, holdings opened by then
(and open if they closed later), and outcomes as they stood (a client who left later is still
active). Its truth is dropped: what the simulator knows is the grader's.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from casekit.book import Book


def cutoff_month(book: Book, keep: int) -> str:
    """The last month the trainee sees: the ``keep``-th month of the book (or its last)."""
    ms = sorted(book.panel["month"].unique())
    return str(ms[min(keep, len(ms)) - 1])


def visible_book(book: Book, keep: int) -> Book:
    """``book`` as it stood at the end of its ``keep``-th month (see the module docstring)."""
    cut = cutoff_month(book, keep)
    after = pd.Period(cut, "M").to_timestamp() + pd.offsets.MonthBegin(1)
    t = dict(book.tables)
    t["panel"] = book.panel[book.panel["month"] <= cut]
    for name in ("surveys", "warnings"):
        t[name] = t[name][t[name]["month"] <= cut]
    t["interactions"] = t["interactions"][t["interactions"]["date"] < after]
    t["service_requests"] = t["service_requests"][t["service_requests"]["accepted_at"] < after]
    t["complaints"] = t["complaints"][t["complaints"]["opened_on"] < after]
    h = t["holdings"][t["holdings"]["start_month"] <= cut].copy()
    h.loc[h["end_month"] > cut, "end_month"] = np.nan
    t["holdings"] = h
    t["outcomes"] = _outcomes_at(book.outcomes, cut)
    meta = {k: v for k, v in book.meta.items() if k != "facts"}
    meta["visible_until"] = cut
    return Book(tables=t, truth={}, meta=meta)


def _outcomes_at(o: pd.DataFrame, cut: str) -> pd.DataFrame:
    o = o.copy()
    later = o["churn_month"].notna() & (o["churn_month"] > cut)
    o.loc[later, "churn_status"] = "active"
    o.loc[later, "churn_month"] = np.nan
    o.loc[o["exit_month"] > cut, "exit_month"] = np.nan
    defaulted_later = o["default_month"].notna() & (o["default_month"] > cut)
    o.loc[defaulted_later, "defaulted"] = False
    o.loc[defaulted_later, "default_month"] = np.nan
    started_later = o["pilot_start"].notna() & (o["pilot_start"] > cut)
    o.loc[started_later, "pilot"] = False
    o.loc[started_later, "pilot_start"] = np.nan
    return o


def left_after(book: Book, cut: str) -> pd.Series:
    """Per client still active at ``cut``: whether it left (fully or partly) afterwards."""
    o = book.outcomes.set_index("client_id")
    left = o["churn_status"].astype(str).ne("active")
    before = left & (o["churn_month"] <= cut)
    return (left & (o["churn_month"] > cut))[~before]


def is_visible(book: Any) -> bool:
    """Whether a book is a held-out view (its later months hidden)."""
    return "visible_until" in getattr(book, "meta", {})
