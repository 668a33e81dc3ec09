"""Answer keys of exercise 01 (grader only: see casekit_keys)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from casekit.exercises.common import (
    code,
    first_year,
    income,
    last_year,
    months,
)
from casekit.exercises.keys import Key


def _latest(book: Any) -> pd.DataFrame:
    return book.panel[book.panel["month"] == months(book)[-1]]


def key_clients(ctx: Any) -> int:
    """Clients in the key tier."""
    return int((ctx.book.clients["tier"].astype(str) == "key").sum())


def deposits_by_tier(ctx: Any) -> pd.DataFrame:
    """Per tier: clients, and the latest month's daily-average deposits (万元)."""
    c = ctx.book.clients.assign(tier=lambda d: d["tier"].astype(str))
    dep = _latest(ctx.book).set_index("client_id")["deposit_avg"]
    c = c.assign(deposits=c["client_id"].map(dep).fillna(0.0))
    g = c.groupby("tier").agg(clients=("client_id", "size"), deposits=("deposits", "sum"))
    return g.reset_index()


def top20_share(ctx: Any) -> float:
    """Share of the latest month's daily-average deposits held by the 20 largest depositors."""
    dep = _latest(ctx.book)["deposit_avg"]
    return float(dep.nlargest(20).sum() / dep.sum())


def window_gap(ctx: Any) -> float:
    """The client's month-end minus daily-average deposits in the latest month (万元)."""
    row = _latest(ctx.book)
    row = row[row["client_id"] == ctx.client_id]
    if row.empty:  # the client has left: nothing on deposit
        return 0.0
    return float(row["deposit_month_end"].iloc[0] - row["deposit_avg"].iloc[0])


def products_held(ctx: Any) -> list[list[str]]:
    """The products the client holds now (no end month)."""
    h = ctx.book.holdings
    now = h[(h["client_id"] == ctx.client_id) & h["end_month"].isna()]
    return [[p] for p in sorted(set(now["product"].astype(str)))]


def top_income(ctx: Any) -> list[str]:
    """The five clients with the most interest + fee income over the last 12 months."""
    inc = income(last_year(ctx.book))
    return inc.sort_values(ascending=False, kind="stable").index[:5].tolist()


def key_and_strategic(ctx: Any) -> int:
    """Mistake: the key tier counted together with the strategic one."""
    return int(ctx.book.clients["tier"].astype(str).isin(["key", "strategic"]).sum())


def deposits_by_tier_month_end(ctx: Any) -> pd.DataFrame:
    """Mistake: deposits by tier from month-end balances."""
    c = ctx.book.clients.assign(tier=lambda d: d["tier"].astype(str))
    dep = _latest(ctx.book).set_index("client_id")["deposit_month_end"]
    c = c.assign(deposits=c["client_id"].map(dep).fillna(0.0))
    g = c.groupby("tier").agg(clients=("client_id", "size"), deposits=("deposits", "sum"))
    return g.reset_index()


def deposits_by_tier_on_book(ctx: Any) -> pd.DataFrame:
    """Mistake: clients counted only if they still have a row in the latest month."""
    last = _latest(ctx.book).merge(ctx.book.clients[["client_id", "tier"]], on="client_id")
    g = last.assign(tier=last["tier"].astype(str)).groupby("tier")
    return g.agg(clients=("client_id", "size"), deposits=("deposit_avg", "sum")).reset_index()


def _top20(dep: pd.Series) -> float:
    return float(dep.nlargest(20).sum() / dep.sum())


def top20_month_end(ctx: Any) -> float:
    """Mistake: concentration from month-end balances (which window dressing inflates)."""
    return _top20(_latest(ctx.book)["deposit_month_end"])


def top20_year(ctx: Any) -> float:
    """Mistake: the 20 largest 12-month sums, not the latest month's balances."""
    return _top20(last_year(ctx.book).groupby("client_id")["deposit_avg"].sum())


def top20_of_total(ctx: Any) -> float:
    """Mistake: the 20 largest over the whole panel's total (every month added up)."""
    dep = _latest(ctx.book)["deposit_avg"]
    return float(dep.nlargest(20).sum() / ctx.book.panel["deposit_avg"].sum())


def window_gap_reversed(ctx: Any) -> float:
    """Mistake: daily average minus month-end (the sign reversed)."""
    return -window_gap(ctx)


def products_ever(ctx: Any) -> list[list[str]]:
    """Mistake: every product the client has ever held, closed ones included."""
    h = ctx.book.holdings
    return [[p] for p in sorted(set(h.loc[h["client_id"] == ctx.client_id, "product"].astype(str)))]


def _top5(inc: pd.Series) -> list[str]:
    return inc.sort_values(ascending=False, kind="stable").index[:5].tolist()


def top_interest_only(ctx: Any) -> list[str]:
    """Mistake: interest income alone (fees left out)."""
    return _top5(last_year(ctx.book).groupby("client_id")["interest_income"].sum())


def top_first_year(ctx: Any) -> list[str]:
    """Mistake: the first 12 months of the panel, not the last."""
    return _top5(income(first_year(ctx.book)))


def top_all_months(ctx: Any) -> list[str]:
    """Mistake: income over the whole panel, not the last 12 months."""
    return _top5(income(ctx.book.panel))


def top_deposits(ctx: Any) -> list[str]:
    """Mistake: the largest depositors, not the largest earners."""
    return _top5(_latest(ctx.book).set_index("client_id")["deposit_avg"])


DRESSING = 0.05  # month-end above the daily average by more than this share: parked money


def deepen_or_watch(ctx: Any) -> str:
    """Deepen a real relationship; watch one whose month-end balance is dressed up (or gone)."""
    row = _latest(ctx.book)
    row = row[row["client_id"] == ctx.client_id]
    if row.empty or row["deposit_avg"].iloc[0] <= 0:
        return "watch"
    gap = row["deposit_month_end"].iloc[0] - row["deposit_avg"].iloc[0]
    return "watch" if gap > DRESSING * row["deposit_avg"].iloc[0] else "deepen"


KEYS = {
    "q1": Key(
        expected=key_clients,
        solution_text=code("int((book.clients['tier'] == 'key').sum())"),
        mistakes={"key_and_strategic": key_and_strategic},
    ),
    "q2": Key(
        expected=deposits_by_tier,
        solution_text=code("""
last = book.panel[book.panel['month'] == book.panel['month'].max()]
dep = book.clients['client_id'].map(last.set_index('client_id')['deposit_avg']).fillna(0)
book.clients.assign(deposits=dep).groupby('tier', observed=True).agg(
    clients=('client_id', 'size'), deposits=('deposits', 'sum')).reset_index()
"""),
        mistakes={
            "month_end": deposits_by_tier_month_end,
            "on_book_only": deposits_by_tier_on_book,
        },
    ),
    "q3": Key(
        expected=top20_share,
        solution_text=code("dep = last['deposit_avg']\ndep.nlargest(20).sum() / dep.sum()"),
        mistakes={
            "month_end": top20_month_end,
            "year_sum": top20_year,
            "all_months_total": top20_of_total,
        },
    ),
    "q4": Key(
        expected=window_gap,
        solution_text=code(
            "row = last[last['client_id'] == client_id]\n"
            "float((row['deposit_month_end'] - row['deposit_avg']).sum())  # 0 if the client left"
        ),
        mistakes={"reversed": window_gap_reversed},
    ),
    "q5": Key(
        expected=products_held,
        solution_text=code(
            "h = book.holdings\n"
            "sorted(set(h.loc[(h['client_id'] == client_id) & h['end_month'].isna(), 'product'].astype(str)))"
        ),
        mistakes={"closed_too": products_ever},
    ),
    "q6": Key(
        expected=top_income,
        solution_text=code("""
months = sorted(book.panel['month'].unique())
year = book.panel[book.panel['month'].isin(months[-12:])]
inc = year.groupby('client_id')[['interest_income', 'fee_income']].sum().sum(axis=1)
inc.sort_values(ascending=False).index[:5].tolist()
"""),
        mistakes={
            "interest_only": top_interest_only,
            "first_year": top_first_year,
            "all_months": top_all_months,
            "deposits": top_deposits,
        },
    ),
    "q8": Key(
        expected=deepen_or_watch,
        solution_text=code("""
row = last[last['client_id'] == client_id]
dressed = row.empty or (row['deposit_month_end'] - row['deposit_avg']).iloc[0] > 0.05 * row['deposit_avg'].iloc[0]
{'decision': 'watch' if dressed else 'deepen',
 'why': 'The month-end balance against the daily average shows whether the money stays; I would act on that with the finance director.'}
"""),
    ),
}
