"""Exercise 4 · Risk early warning (风险预警).

The method of case 4: count the signals (overdue days, warning events), date each client's
first overdue month, build a warning rule scored by evaluate_warnings against the defaults
that followed, and grade today's clients by warning level.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from casekit import catalog as cat
from casekit.exercises.common import clients_valid, code, months, t
from casekit.questions import NumberQuestion, ReflectionQuestion
from casekit.table_questions import PairsQuestion, ScoredQuestion, TableQuestion

TITLE = t("Exercise 4 · Risk early warning", "练习四 · 风险预警")
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


def rolling_score(book: Any) -> pd.DataFrame:
    """Warning points per client and month (events 2, an overdue month 3), summed over 3 months."""
    ms = months(book)
    idx = {m: i for i, m in enumerate(ms)}
    p = book.panel
    sig = pd.concat(
        [
            book.warnings[["client_id", "month"]].assign(score=EVENT_POINTS),
            p.loc[p["dpd"] > 0, ["client_id", "month"]].assign(score=OVERDUE_POINTS),
        ]
    )
    s = sig.assign(t=sig["month"].map(idx)).groupby(["client_id", "t"])["score"].sum()
    s = s.unstack(fill_value=0).reindex(columns=range(len(ms)), fill_value=0)
    return s.T.rolling(3, min_periods=1).sum().T


def red_now(ctx: Any) -> int:
    """Clients on the book in the latest month whose 3-month score is RED or more."""
    ms = months(ctx.book)
    on_book = ctx.book.panel.loc[ctx.book.panel["month"] == ms[-1], "client_id"]
    last = rolling_score(ctx.book).iloc[:, -1].reindex(on_book, fill_value=0)
    return int((last >= RED).sum())


def score_flags(answer: pd.DataFrame, ctx: Any, lang: str) -> tuple[float, str]:
    """F1 of warning flags against the defaults that followed within six months."""
    from casekit.evaluate import evaluate_warnings

    w = evaluate_warnings(answer, ctx.book, horizon=6, lang=lang)
    return w.f1, w.summary(lang)


def flags_valid(ctx: Any) -> dict[str, set[str]]:
    """Client ids and the book's months."""
    return {**clients_valid(ctx), "month": set(months(ctx.book))}


QUESTIONS = (
    NumberQuestion(
        "q1",
        overdue_clients,
        capability="risk",
        skill="data",
        hints=(
            t("Overdue means dpd > 0 in book.panel.", "逾期即 book.panel 中 dpd > 0。"),
            t("Count distinct client ids, not months.", "统计不同的客户编号,而不是月份数。"),
        ),
        solution_text=code("book.panel.loc[book.panel['dpd'] > 0, 'client_id'].nunique()"),
        abs_tol=0.5,
        rel_tol=0.0,
    ),
    TableQuestion(
        "q2",
        events_by_signal,
        capability="risk",
        skill="data",
        what="what_table",
        columns=("signal", "events"),
        keys=("signal",),
        abs_tol=0.5,
        rel_tol=0.0,
        valid=lambda ctx: {"signal": set(cat.WARNING_CODES)},
        hints=(
            t("book.warnings has one row per warning event.", "book.warnings 每行是一个预警事件。"),
            t("value_counts() of its signal column.", "对 signal 列做 value_counts()。"),
        ),
        solution_text=code("book.warnings['signal'].value_counts()"),
    ),
    PairsQuestion(
        "q3",
        first_overdue,
        capability="risk",
        skill="method",
        what="what_flags",
        columns=("client_id", "month"),
        valid=flags_valid,
        hints=(
            t("Keep the panel rows with dpd > 0.", "保留 dpd > 0 的面板行。"),
            t("groupby('client_id')['month'].min()", "groupby('client_id')['month'].min()"),
        ),
        solution_text=code("p[p['dpd'] > 0].groupby('client_id')['month'].min()"),
        points=2,
    ),
    ScoredQuestion(
        "q4",
        capability="risk",
        skill="method",
        what="what_flags",
        columns=("client_id", "month"),
        valid=flags_valid,
        scorer=score_flags,
        # Arrears that cure make overdue months a weaker signal than they were: the hint's rule
        # (threshold 6) reaches an F1 of 0.37-0.51 on the three scenarios (seeds 42 and 7),
        # one-signal rules 0.10-0.30 (overdue months only, or warning events only).
        pass_at=0.33,
        points=3,
        hints=(
            t(
                "One signal alone is weak: overdue months catch defaults late, events raise false alarms.",
                "单一信号都不够:逾期发现违约太晚,预警事件误报太多。",
            ),
            t(
                "Score each client-month (event 2 points, overdue month 3), sum over 3 months, flag when the sum reaches a threshold; try several.",
                "为每个客户-月份打分(预警事件 2 分,逾期月份 3 分),按 3 个月滚动加总,达到阈值就预警;多试几个阈值。",
            ),
        ),
        solution_text=code("""
hit = rolling.stack()
hit = hit[hit >= 6].reset_index()
pd.DataFrame({'client_id': hit['client_id'], 'month': [months[t] for t in hit['t']]})
"""),
    ),
    NumberQuestion(
        "q5",
        red_now,
        capability="risk",
        skill="judgement",
        hints=(
            t(
                "Use the 3-month score of Q4 in the latest month, for clients still on the book then.",
                "用第 4 题的 3 个月滚动得分,取最近一个月、且当月仍在本行的客户。",
            ),
            t("Red means a score of 5 or more.", "红色即得分不少于 5。"),
        ),
        solution_text=code("(rolling.iloc[:, -1].reindex(on_book, fill_value=0) >= 5).sum()"),
        abs_tol=0.5,
        rel_tol=0.0,
    ),
    ReflectionQuestion(
        "q6",
        lambda ctx: None,
        capability="risk",
        skill="judgement",
        points=0,
        hints=(
            t(
                "What does a missed default cost, and what does a false alarm cost?",
                "漏掉一笔违约代价多大?一次误报代价多大?",
            ),
        ),
    ),
)
