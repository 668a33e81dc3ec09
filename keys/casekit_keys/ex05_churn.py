"""Answer keys of exercise 05 (grader only: see casekit_keys)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from casekit.exercises.common import code, first_year, income, months
from casekit.exercises.ex05_churn import SEEN_MONTHS, WATCH_LIST, auc
from casekit.exercises.holdout import cutoff_month, left_after
from casekit.exercises.keys import Key


def top20_income_share(ctx: Any) -> float:
    """Share of first-year income earned from the top 20% of clients by that income."""
    value = income(first_year(ctx.book)).sort_values(ascending=False)
    return float(value.iloc[: int(len(value) * 0.2)].sum() / value.sum())


def churn_by_size(ctx: Any) -> pd.DataFrame:
    """Share of clients of each size class that left (fully or partly) during the book."""
    c = ctx.book.clients.merge(ctx.book.outcomes, on="client_id")
    rate = c["churn_status"].astype(str).ne("active").groupby(c["size_class"].astype(str)).mean()
    return pd.DataFrame({"size_class": rate.index, "churn_rate": rate.to_numpy()})


def left_later(book: Any) -> pd.Series:
    """Whether each client left after the first year (what a first-year signal could foresee)."""
    o = book.outcomes.set_index("client_id")
    return o["churn_status"].astype(str).ne("active") & o["churn_month"].gt(months(book)[11])


def nps_auc(ctx: Any) -> float:
    """AUC of low NPS (the first year's last-but-one survey) for leaving later."""
    s = ctx.book.surveys
    nps = s[s["month"] == months(ctx.book)[10]].set_index("client_id")["nps"]
    later = left_later(ctx.book).reindex(nps.index).astype(bool)
    return auc(-nps.astype(float), later)


def top_lost(ctx: Any) -> list[str]:
    """The five lost clients with the most first-year income, most first."""
    value = income(first_year(ctx.book))
    o = ctx.book.outcomes
    lost = o.loc[o["churn_status"].astype(str) != "active", "client_id"]
    return (
        value.reindex(lost).dropna().sort_values(ascending=False, kind="stable").index[:5].tolist()
    )


def score_watch(answer: pd.DataFrame, ctx: Any, lang: str) -> tuple[float, str]:
    """Lift of a watch list on the held-out year: the churn rate among its clients over the rate
    among all clients still active when the data ends (a client already gone counts as kept)."""
    later = left_after(ctx.full_book, cutoff_month(ctx.full_book, SEEN_MONTHS))
    listed = later.reindex(pd.Index(answer["client_id"].astype(str).unique())).fillna(False)
    base = float(later.mean())
    rate = float(listed.mean()) if len(listed) else 0.0
    lift = rate / base if base else 0.0
    if lang == "zh":
        detail = f"名单中 {len(listed)} 户，其中 {int(listed.sum())} 户在随后一年流失（{rate:.0%}）；全行为 {base:.0%}。"
    else:
        detail = f"{int(listed.sum())} of your {len(listed)} clients left in the following year ({rate:.0%}); {base:.0%} of all clients did."
    return lift, detail


def watch_reference(ctx: Any) -> list[str]:
    """The reference list: small clients first, then low NPS in the latest survey."""
    s = ctx.book.surveys
    nps = s[s["month"] == s["month"].max()].set_index("client_id")["nps"].astype(float)
    cl = ctx.book.clients.set_index("client_id")
    active = ctx.book.outcomes.set_index("client_id")["churn_status"].astype(str).eq("active")
    small = cl["size_class"].isin(["micro", "small"]).astype(float)
    risk = 10 * small - nps.reindex(cl.index).fillna(nps.mean() if len(nps) else 0.0)
    risk = risk[active.reindex(cl.index).fillna(False).to_numpy()]
    return risk.nlargest(min(WATCH_LIST, len(risk))).index.tolist()


def watch_hindsight(ctx: Any) -> list[str]:
    """Mistake: the clients the data shows have left (hindsight: they are gone already)."""
    o = ctx.book.outcomes
    return o.loc[o["churn_status"].astype(str) != "active", "client_id"].iloc[:WATCH_LIST].tolist()


def watch_valuable(ctx: Any) -> list[str]:
    """Mistake: the most valuable clients, whether or not they are at risk."""
    return income(first_year(ctx.book)).nlargest(WATCH_LIST).index.tolist()


def watch_too_small(ctx: Any) -> str | None:
    """Why the bank cannot carry the watch-list question, if it cannot."""
    later = left_after(ctx.full_book, cutoff_month(ctx.full_book, SEEN_MONTHS))
    if later.sum() < 5 or len(later) < 2 * WATCH_LIST:
        return (
            f"fewer than {2 * WATCH_LIST} active clients or 5 leavers in the held-out year"
            if ctx.lang != "zh"
            else f"仍在本行的客户不足 {2 * WATCH_LIST} 户，或留出年份流失不足 5 户"
        )
    return None


def share_last_year(ctx: Any) -> float:
    """Mistake: the last 12 months seen, where the first were asked."""
    from casekit.exercises.common import last_year

    value = income(last_year(ctx.book)).sort_values(ascending=False)
    return float(value.iloc[: int(len(value) * 0.2)].sum() / value.sum())


def share_top20_clients(ctx: Any) -> float:
    """Mistake: the top 20 clients, not the top 20%."""
    value = income(first_year(ctx.book)).sort_values(ascending=False)
    return float(value.iloc[:20].sum() / value.sum())


def churn_full_only(ctx: Any) -> pd.DataFrame:
    """Mistake: full churn only (partial leavers left out)."""
    c = ctx.book.clients.merge(ctx.book.outcomes, on="client_id")
    rate = c["churn_status"].astype(str).eq("full").groupby(c["size_class"].astype(str)).mean()
    return pd.DataFrame({"size_class": rate.index, "churn_rate": rate.to_numpy()})


def nps_auc_high(ctx: Any) -> float:
    """Mistake: high NPS as the risk score (the sign turned round)."""
    return 1 - nps_auc(ctx)


def top_valuable(ctx: Any) -> list[str]:
    """Mistake: the most valuable clients, lost or not."""
    return (
        income(first_year(ctx.book)).sort_values(ascending=False, kind="stable").index[:5].tolist()
    )


def retention_focus(ctx: Any) -> str:
    """The size class whose lost clients took the most first-year income with them."""
    value = income(first_year(ctx.book))
    o = ctx.book.outcomes.set_index("client_id")
    lost = o.index[o["churn_status"].astype(str).ne("active")]
    size = ctx.book.clients.set_index("client_id")["size_class"].astype(str)
    by = value.reindex(lost).groupby(size.reindex(lost)).sum()
    return str(by.sort_index().idxmax()) if len(by) else "small"


KEYS = {
    "q1": Key(
        expected=top20_income_share,
        solution_text=code("""
value = y1.groupby('client_id')[['interest_income', 'fee_income']].sum().sum(axis=1)
value = value.sort_values(ascending=False)
value.iloc[: int(len(value) * 0.2)].sum() / value.sum()
"""),
        mistakes={"last_year": share_last_year, "top20_clients": share_top20_clients},
    ),
    "q2": Key(
        expected=churn_by_size,
        solution_text=code("c['churn_status'].ne('active').groupby(c['size_class']).mean()"),
        mistakes={"full_only": churn_full_only},
    ),
    "q3": Key(
        expected=nps_auc,
        solution_text=code("auc(-nps.astype(float), later.reindex(nps.index))"),
        mistakes={"high_is_risk": nps_auc_high},
    ),
    "q4": Key(
        expected=top_lost,
        solution_text=code("""
value = y1.groupby('client_id')[['interest_income', 'fee_income']].sum().sum(axis=1)
value.reindex(lost).dropna().sort_values(ascending=False).index[:5].tolist()
"""),
        mistakes={"not_lost": top_valuable},
    ),
    "q5": Key(
        scorer=score_watch,
        reference=watch_reference,
        too_small=watch_too_small,
        solution_text=code("""
s = book.surveys
latest = s[s['month'] == s['month'].max()].set_index('client_id')['nps'].astype(float)
cl = book.clients.set_index('client_id')
small = cl['size_class'].isin(['micro', 'small']).astype(float)
risk = 10 * small - latest.reindex(cl.index).fillna(latest.mean())
risk = risk[o['churn_status'].reindex(cl.index).eq('active').to_numpy()]
risk.nlargest(200).index.tolist()
"""),
        mistakes={"hindsight": watch_hindsight, "valuable": watch_valuable},
    ),
    "q7": Key(
        expected=retention_focus,
        solution_text=code("""
value = y1.groupby('client_id')[['interest_income', 'fee_income']].sum().sum(axis=1)
lost = o.index[o['churn_status'].ne('active')]
size = book.clients.set_index('client_id')['size_class'].astype(str)
by = value.reindex(lost).groupby(size.reindex(lost)).sum()
{'decision': by.sort_index().idxmax(),
 'why': 'The clients we lost in this size class took the most income with them, so retention calls there protect the most revenue.'}
"""),
    ),
}
