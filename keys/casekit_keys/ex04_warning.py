"""Answer keys of exercise 04 (grader only: see casekit_keys)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from casekit import catalog as cat
from casekit.exercises.common import code, memo, months
from casekit.exercises.ex04_warning import RULE
from casekit.exercises.keys import Key

EVENT_POINTS, OVERDUE_POINTS, RED = 2, 3, 5


def overdue_clients(ctx: Any) -> int:
    """Clients with days past due in at least one month."""
    p = ctx.book.panel
    return int(p.loc[p["dpd"] > 0, "client_id"].nunique())


def events_by_signal(ctx: Any) -> pd.DataFrame:
    """Warning events per signal type."""
    n = ctx.book.warnings["signal"].astype(str).value_counts()
    return pd.DataFrame({"signal": n.index, "events": n.to_numpy()})


def first_overdue(ctx: Any) -> list[list[str]]:
    """(client_id, month) of each client's first month with days past due."""
    p = ctx.book.panel
    first = p[p["dpd"] > 0].groupby("client_id")["month"].min()
    return [[c, str(m)] for c, m in first.items()]


def rolling_score(
    book: Any, event: float = EVENT_POINTS, overdue: float = OVERDUE_POINTS, window: int = 3
) -> pd.DataFrame:
    """Warning points per client and month (events 2, an overdue month 3), summed over 3 months."""
    key = ("rolling_score", event, overdue, window)
    return memo(book, key, lambda: _rolling_score(book, event, overdue, window))


def _rolling_score(book: Any, event: float, overdue: float, window: int) -> pd.DataFrame:
    ms = months(book)
    idx = {m: i for i, m in enumerate(ms)}
    p = book.panel
    sig = pd.concat(
        [
            book.warnings[["client_id", "month"]].assign(score=float(event)),
            p.loc[p["dpd"] > 0, ["client_id", "month"]].assign(score=float(overdue)),
        ]
    )
    s = sig.assign(t=sig["month"].map(idx)).groupby(["client_id", "t"])["score"].sum()
    s = s.unstack(fill_value=0).reindex(columns=range(len(ms)), fill_value=0)
    return s.T.rolling(int(window), min_periods=1).sum().T


def red_now(ctx: Any) -> int:
    """Clients on the book in the latest month whose 3-month score is RED or more."""
    ms = months(ctx.book)
    on_book = ctx.book.panel.loc[ctx.book.panel["month"] == ms[-1], "client_id"]
    last = rolling_score(ctx.book).iloc[:, -1].reindex(on_book, fill_value=0)
    return int((last >= RED).sum())


def flags_of(book: Any, rule: Any) -> pd.DataFrame:
    """The (client_id, month) flags a points rule raises on every client and month of a bank."""
    r = {k: float(rule[k].iloc[0]) if hasattr(rule[k], "iloc") else float(rule[k]) for k in RULE}
    ms = months(book)
    score = rolling_score(book, r["event_points"], r["overdue_points"], int(r["months"]))
    hit = score.stack()
    hit = hit[hit >= r["threshold"]].reset_index()
    return pd.DataFrame({"client_id": hit["client_id"], "month": [ms[t] for t in hit["t"]]})


def score_rule(answer: pd.DataFrame, ctx: Any, lang: str) -> tuple[float, str]:
    """F1 of the flags a rule raises against the defaults that followed within six months.

    The answer is the rule, not its flags: the grader applies it to every client and month, so a
    list built from defaults the trainee can already see (hindsight) cannot be handed in.
    """
    from casekit.evaluate import evaluate_warnings

    w = evaluate_warnings(flags_of(ctx.full_book, answer), ctx.full_book, horizon=6, lang=lang)
    return w.f1, w.summary(lang)


def overdue_months(ctx: Any) -> int:
    """Mistake: client-months overdue, not clients."""
    return int((ctx.book.panel["dpd"] > 0).sum())


def clients_by_signal(ctx: Any) -> pd.DataFrame:
    """Mistake: clients with each signal, not events."""
    w = ctx.book.warnings
    n = w.groupby(w["signal"].astype(str))["client_id"].nunique()
    return pd.DataFrame({"signal": n.index, "events": n.to_numpy()})


def last_overdue(ctx: Any) -> list[list[str]]:
    """Mistake: each client's latest overdue month, not the first."""
    p = ctx.book.panel
    last = p[p["dpd"] > 0].groupby("client_id")["month"].max()
    return [[c, str(m)] for c, m in last.items()]


THRESHOLDS = (3, 4, 5, 6, 8, 10, 12)


def backtest(book: Any, threshold: float) -> float:
    """F1 of the points rule (events 2, overdue months 3, over 3 months) on the defaults seen."""
    from casekit.evaluate import evaluate_warnings

    rule = {"event_points": 2, "overdue_points": 3, "months": 3, "threshold": threshold}
    return evaluate_warnings(flags_of(book, rule), book, horizon=6).f1


def rule_reference(ctx: Any) -> dict[str, float]:
    """The reference method: events 2, overdue months 3, over 3 months, and the threshold that
    backtests best on the trainee's own data (the defaults already seen; ties go to the lower).

    A fixed threshold is not a method: on some banks it is far from the best, and random rules
    then beat the reference.
    """
    best = max(THRESHOLDS, key=lambda th: (backtest(ctx.book, th), -th))
    return {"event_points": 2, "overdue_points": 3, "months": 3, "threshold": best}


def overdue_only(ctx: Any) -> dict[str, float]:
    """Mistake: a flag for every overdue month (arrears alone)."""
    return {"event_points": 0, "overdue_points": 3, "months": 1, "threshold": 3}


def events_only(ctx: Any) -> dict[str, float]:
    """Mistake: a flag for every warning event (events alone)."""
    return {"event_points": 2, "overdue_points": 0, "months": 1, "threshold": 2}


def flags_too_small(ctx: Any) -> str | None:
    """Why the bank cannot carry the warning-rule question, if it cannot: no default to foresee."""
    o = ctx.book.outcomes
    ms = months(ctx.book)
    seen = o["defaulted"].astype(bool) & o["default_month"].isin(ms[6:])
    if seen.sum() < 3:
        return "fewer than 3 defaults to foresee" if ctx.lang != "zh" else "可预见的违约不足 3 笔"
    return None


def red_all_clients(ctx: Any) -> int:
    """Mistake: clients who have left counted too."""
    return int((rolling_score(ctx.book).iloc[:, -1] >= RED).sum())


ROLLING_CODE = """
idx = {m: i for i, m in enumerate(months)}
signals = pd.concat([
    book.warnings[['client_id', 'month']].assign(score=2),
    p.loc[p['dpd'] > 0, ['client_id', 'month']].assign(score=3),
])
s = signals.assign(t=signals['month'].map(idx)).groupby(['client_id', 't'])['score'].sum()
s = s.unstack(fill_value=0).reindex(columns=range(len(months)), fill_value=0)
rolling = s.T.rolling(3, min_periods=1).sum().T
"""


def checklist_signal(ctx: Any) -> str:
    """The warning signal most often followed by a default within six months."""
    ms = months(ctx.book)
    idx = {m: i for i, m in enumerate(ms)}
    o = ctx.book.outcomes
    td = o.loc[o["defaulted"].astype(bool), ["client_id", "default_month"]]
    td = td.set_index("client_id")["default_month"].map(idx)
    w = ctx.book.warnings
    lead = w["client_id"].map(td) - w["month"].map(idx)
    hit = ((lead > 0) & (lead <= 6)).groupby(w["signal"].astype(str)).mean()
    return str(hit.sort_index().idxmax()) if len(hit) else str(cat.WARNING_CODES[0])


KEYS = {
    "q1": Key(
        expected=overdue_clients,
        solution_text=code("book.panel.loc[book.panel['dpd'] > 0, 'client_id'].nunique()"),
        mistakes={"months": overdue_months},
    ),
    "q2": Key(
        expected=events_by_signal,
        solution_text=code("book.warnings['signal'].value_counts()"),
        mistakes={"clients": clients_by_signal},
    ),
    "q3": Key(
        expected=first_overdue,
        solution_text=code("p[p['dpd'] > 0].groupby('client_id')['month'].min()"),
        mistakes={"last": last_overdue},
    ),
    "q4": Key(
        scorer=score_rule,
        reference=rule_reference,
        too_small=flags_too_small,
        solution_text=code(
            """
from casekit.evaluate import evaluate_warnings
idx = {m: i for i, m in enumerate(months)}
sig = pd.concat([book.warnings[['client_id', 'month']].assign(score=2),
                 p.loc[p['dpd'] > 0, ['client_id', 'month']].assign(score=3)])
s = sig.assign(t=sig['month'].map(idx)).groupby(['client_id', 't'])['score'].sum()
s = s.unstack(fill_value=0).reindex(columns=range(len(months)), fill_value=0)
points = s.T.rolling(3, min_periods=1).sum().T.stack()
def backtest(th):  # F1 on the defaults you can already see
    hit = points[points >= th].reset_index()
    flags = pd.DataFrame({'client_id': hit['client_id'], 'month': [months[t] for t in hit['t']]})
    return evaluate_warnings(flags, book, horizon=6).f1
best = max((3, 4, 5, 6, 8, 10, 12), key=lambda th: (backtest(th), -th))
{'event_points': 2, 'overdue_points': 3, 'months': 3, 'threshold': best}
"""
        ),
        mistakes={"overdue_only": overdue_only, "events_only": events_only},
    ),
    "q5": Key(
        expected=red_now,
        solution_text=code(
            ROLLING_CODE + "int((rolling.iloc[:, -1].reindex(on_book, fill_value=0) >= 5).sum())"
        ),
        mistakes={"gone_too": red_all_clients},
    ),
    "q7": Key(
        expected=checklist_signal,
        solution_text=code("""
idx = {m: i for i, m in enumerate(months)}
o = book.outcomes
td = o.loc[o['defaulted'].astype(bool)].set_index('client_id')['default_month'].map(idx)
w = book.warnings
lead = w['client_id'].map(td) - w['month'].map(idx)
hit = ((lead > 0) & (lead <= 6)).groupby(w['signal'].astype(str)).mean()
{'decision': hit.sort_index().idxmax(),
 'why': 'Events of this signal are followed by a default within six months more often than any other, so it earns the first visit.'}
"""),
    ),
}
