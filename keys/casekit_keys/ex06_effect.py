"""Answer keys of exercise 06 (grader only: see casekit_keys)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from casekit.exercises.common import code, memo, months
from casekit.exercises.keys import Key


def windows(book: Any) -> tuple[list[str], list[str]]:
    """The 12 months before the pilot started, and its months after a 3-month ramp-up."""
    ms = months(book)
    start = str(book.outcomes["pilot_start"].dropna().iloc[0])
    return [m for m in ms if m < start][-12:], [m for m in ms if m >= start][3:]


def client_means(book: Any, column: str) -> pd.DataFrame:
    """Each client's mean monthly ``column`` before and after, and whether it was in the pilot,
    over clients on the book throughout, with positive means in both."""
    return memo(book, ("client_means", column), lambda: _client_means(book, column))


def _client_means(book: Any, column: str) -> pd.DataFrame:
    pre, post = windows(book)
    p = book.panel[book.panel["month"].isin(pre + post)]
    n = p.groupby("client_id")["month"].count()
    p = p[p["client_id"].isin(n.index[n == len(pre) + len(post)])]
    per = p.groupby(["client_id", p["month"].isin(post)])[column].mean().unstack()
    per = per.set_axis(["before", "after"], axis=1)
    per = per[(per > 0).all(axis=1)]
    pilot = book.outcomes.set_index("client_id")["pilot"].reindex(per.index).astype(bool)
    return per.assign(pilot=pilot)


def _change(book: Any, column: str, pilot: bool) -> float:
    """A group's typical relative change: the geometric mean of its clients' after/before."""
    per = client_means(book, column)
    g = per[per["pilot"] == pilot]
    return float(np.expm1(np.log(g["after"] / g["before"]).mean()))


def pilot_count(ctx: Any) -> int:
    """Clients in the pilot."""
    return int(ctx.book.outcomes["pilot"].sum())


def before_after(ctx: Any) -> float:
    """The pilot group's relative change in mean deposits, after vs before."""
    return _change(ctx.book, "deposit_avg", True)


def others_change(ctx: Any) -> float:
    """The other clients' relative change in mean deposits, after vs before."""
    return _change(ctx.book, "deposit_avg", False)


def did(book: Any, column: str) -> float:
    """Difference-in-differences: (1 + pilot change) / (1 + others' change) − 1."""
    return (1 + _change(book, column, True)) / (1 + _change(book, column, False)) - 1


def did_deposits(ctx: Any) -> float:
    """DiD of deposits."""
    return did(ctx.book, "deposit_avg")


def most_misleading(ctx: Any) -> str:
    """The lens whose deposit estimate is furthest from the true effect."""
    per = client_means(ctx.book, "deposit_avg")
    after = per.groupby("pilot")["after"].mean()
    truth = ctx.book.meta["facts"]["pilot_effect"]["deposit_pct"]
    est = {
        "before_after": before_after(ctx),
        "pilot_vs_others": float(after[True] / after[False] - 1),
        "did": did_deposits(ctx),
    }
    return max(est, key=lambda k: abs(est[k] - truth))


def did_additive(book: Any, column: str) -> float:
    """Difference-in-differences as a difference of changes (Case 6's form): pilot − others."""
    return _change(book, column, True) - _change(book, column, False)


def did_fee(ctx: Any) -> float:
    """DiD of fee income: the effect the trainee's data supports (it varies by bank)."""
    return did(ctx.book, "fee_income")


def _totals_change(book: Any, column: str, pilot: bool) -> float:
    per = client_means(book, column)
    g = per[per["pilot"] == pilot]
    return float(g["after"].sum() / g["before"].sum() - 1)


def _after_gap(book: Any, column: str) -> float:
    after = client_means(book, column).groupby("pilot")["after"].mean()
    return float(after[True] / after[False] - 1)


def main_gain(ctx: Any) -> str:
    """The gain to lead the board report with: the larger DiD effect, deposits or fees."""
    return "deposits" if did_deposits(ctx) >= did_fee(ctx) else "fees"


KEYS = {
    "q1": Key(
        expected=pilot_count,
        solution_text=code("int(book.outcomes['pilot'].sum())"),
        mistakes={"others": lambda ctx: int((~ctx.book.outcomes["pilot"].astype(bool)).sum())},
    ),
    "q2": Key(
        expected=before_after,
        solution_text=code("""
dep = per_client('deposit_avg')
np.expm1(np.log(dep['after'] / dep['before'])[dep['pilot']].mean())
"""),
        mistakes={"totals": lambda ctx: _totals_change(ctx.book, "deposit_avg", True)},
    ),
    "q3": Key(
        expected=others_change,
        solution_text=code("""
dep = per_client('deposit_avg')
np.expm1(np.log(dep['after'] / dep['before'])[~dep['pilot']].mean())
"""),
        mistakes={
            "pilot": before_after,
            "totals": lambda ctx: _totals_change(ctx.book, "deposit_avg", False),
        },
    ),
    "q4": Key(
        expected=did_deposits,
        solution_text=code("""
dep = per_client('deposit_avg')
log_change = np.log(dep['after'] / dep['before'])
change_pilot = np.expm1(log_change[dep['pilot']].mean())
change_others = np.expm1(log_change[~dep['pilot']].mean())
(1 + change_pilot) / (1 + change_others) - 1  # or change_pilot - change_others
"""),
        also=(lambda ctx: did_additive(ctx.book, "deposit_avg"),),
        mistakes={
            "before_after": before_after,
            "pilot_vs_others": lambda ctx: _after_gap(ctx.book, "deposit_avg"),
            "totals": lambda ctx: (
                (1 + _totals_change(ctx.book, "deposit_avg", True))
                / (1 + _totals_change(ctx.book, "deposit_avg", False))
                - 1
            ),
        },
    ),
    "q5": Key(
        expected=did_fee,
        solution_text=code("""
fee = per_client('fee_income')
fee_log = np.log(fee['after'] / fee['before'])
np.expm1(fee_log[fee['pilot']].mean() - fee_log[~fee['pilot']].mean())
"""),
        also=(lambda ctx: did_additive(ctx.book, "fee_income"),),
        mistakes={
            "deposits": did_deposits,
            "before_after": lambda ctx: _change(ctx.book, "fee_income", True),
            "pilot_vs_others": lambda ctx: _after_gap(ctx.book, "fee_income"),
        },
    ),
    "q6": Key(
        expected=most_misleading,
        solution_text=code("'pilot_vs_others'  # chosen clients were larger to begin with"),
        mistakes={"did": lambda ctx: "did"},
    ),
    "q8": Key(
        expected=main_gain,
        solution_text=code("""
def did_of(column):
    g = per_client(column)
    log = np.log(g['after'] / g['before'])
    return np.expm1(log[g['pilot']].mean() - log[~g['pilot']].mean())
{'decision': 'deposits' if did_of('deposit_avg') >= did_of('fee_income') else 'fees',
 'why': 'Net of what happened to every client, this effect of the pilot is the larger one; I would report it first and the other with its uncertainty.'}
"""),
    ),
}
