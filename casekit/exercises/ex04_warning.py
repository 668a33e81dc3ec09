"""Exercise 4 · Risk early warning (风险预警).

The method of case 4: count the signals (overdue days, warning events), date each client's
first overdue month, build a warning rule scored by evaluate_warnings against the defaults
that followed, and grade today's clients by warning level.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from casekit import catalog as cat
from casekit.exercises.common import clients_valid, code, memo, months, t
from casekit.questions import DecisionQuestion, Mistake, NumberQuestion, ReflectionQuestion
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


RULE = ("event_points", "overdue_points", "months", "threshold")


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


def flags_valid(ctx: Any) -> dict[str, set[str]]:
    """Client ids and the book's months."""
    return {**clients_valid(ctx), "month": set(months(ctx.book))}


def _m(key: str, fn: Any, en: str, zh: str) -> Mistake:
    return Mistake(key, fn, t(en, zh))


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


# The thresholds the reference method tries: from one overdue month (3) to a run of them (12).
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


QUESTIONS = (
    NumberQuestion(
        "q1",
        overdue_clients,
        capability="risk",
        skill="data",
        hints=(
            t(
                "How many borrowers have ever been late with a payment, even by a day?",
                "有多少借款客户曾经逾期,哪怕只晚了一天?",
            ),
            t("Overdue means dpd > 0 in book.panel.", "逾期即 book.panel 中 dpd > 0。"),
            t("Count distinct client ids, not months.", "统计不同的客户编号,而不是月份数。"),
        ),
        solution_text=code("book.panel.loc[book.panel['dpd'] > 0, 'client_id'].nunique()"),
        abs_tol=0.5,
        rel_tol=0.0,
        mistakes=(
            _m(
                "months",
                overdue_months,
                "you counted overdue months: a client late in five months is still one client to call.",
                "数的是逾期的月份数:一位客户逾期五个月,仍然只是一位要联系的客户。",
            ),
        ),
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
        label_kinds=(("signal", "signal"),),
        ignore_zero_rows=True,
        mistakes=(
            _m(
                "clients",
                clients_by_signal,
                "you counted clients per signal: the question asks for events (a client can trip the same signal twice).",
                "数的是每类信号涉及的客户数:本题问的是事件数(同一客户可能两次触发同一信号)。",
            ),
        ),
        hints=(
            t(
                "Which warning signs does the branch see most often?",
                "支行最常见到哪些预警信号?",
            ),
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
            t(
                "When did each borrower first fall behind? That is when the relationship began to need watching.",
                "每位借款客户第一次逾期是在什么时候?从那时起这段关系就需要盯紧了。",
            ),
            t("Keep the panel rows with dpd > 0.", "保留 dpd > 0 的面板行。"),
            t("groupby('client_id')['month'].min()", "groupby('client_id')['month'].min()"),
        ),
        solution_text=code("p[p['dpd'] > 0].groupby('client_id')['month'].min()"),
        points=2,
        mistakes=(
            _m(
                "last",
                last_overdue,
                "you took each client's latest overdue month: the warning matters from the first one.",
                "取了每位客户最近一次逾期的月份:预警要从第一次逾期算起。",
            ),
        ),
    ),
    ScoredQuestion(
        "q4",
        capability="risk",
        skill="method",
        what="what_rule",
        columns=RULE,
        ranges=(
            ("event_points", 0, 10),
            ("overdue_points", 0, 10),
            ("months", 1, 12),
            ("threshold", 0.5, 100),
        ),
        max_rows=1,
        scorer=score_rule,
        reference=rule_reference,
        # F1 as a share of the reference's on the same bank (the points rule with the threshold
        # that backtests best on the seen data; its F1 on the whole book is 0.4-0.6 over
        # scenarios and seeds). One-signal rules earn 0-30% of the points (overdue months only,
        # warning events only); the fixed threshold 6 earns 92-100%; random rules earn 9-38% on
        # average (some draws are workable rules). With a fixed reference (threshold 6) random
        # rules beat it by a third on some banks. The answer is the rule, so a
        # hindsight list of known defaulters cannot be handed in.
        pass_at=0.85,
        floor=0.6,
        too_small=flags_too_small,
        mistakes=(
            _m(
                "overdue_only",
                overdue_only,
                "your rule flags overdue months alone: by the time a client is late, the default is often already on its way.",
                "你的规则只按逾期月份预警:等客户逾期时,违约往往已成定局。",
            ),
            _m(
                "events_only",
                events_only,
                "your rule flags every warning event alone: most events pass without a default, so the RMs drown in false alarms.",
                "你的规则见到预警事件就预警:多数事件最后并未违约,客户经理会被误报淹没。",
            ),
        ),
        points=3,
        hints=(
            t(
                "One signal alone is weak: overdue months catch defaults late, events raise false alarms.",
                "单一信号都不够:逾期发现违约太晚,预警事件误报太多。",
            ),
            t(
                "Score each client-month (event 2 points, overdue month 3), sum over 3 months, flag when the sum reaches a threshold; then backtest each threshold on the defaults you can already see (evaluate_warnings from casekit.evaluate gives its F1) and keep the best.",
                "为每个客户-月份打分(预警事件 2 分,逾期月份 3 分),按 3 个月滚动加总,达到阈值就预警;再用已看到的违约回测每个阈值(casekit.evaluate 的 evaluate_warnings 给出 F1),取最好的一个。",
            ),
            t(
                "Answer with the rule's four numbers: {'event_points': …, 'overdue_points': …, 'months': …, 'threshold': …}.",
                "用规则的四个数作答:{'event_points': …, 'overdue_points': …, 'months': …, 'threshold': …}。",
            ),
        ),
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
    ),
    NumberQuestion(
        "q5",
        red_now,
        capability="risk",
        skill="judgement",
        hints=(
            t(
                "Which clients on the book today would the rule put on red, for the team to call this week?",
                "按这条规则,今天仍在本行的客户中哪些会亮红灯、本周就要联系?",
            ),
            t(
                "Use the 3-month score of Q4 in the latest month, for clients still on the book then.",
                "用第 4 题的 3 个月滚动得分,取最近一个月、且当月仍在本行的客户。",
            ),
            t("Red means a score of 5 or more.", "红色即得分不少于 5。"),
        ),
        solution_text=code(
            ROLLING_CODE + "int((rolling.iloc[:, -1].reindex(on_book, fill_value=0) >= 5).sum())"
        ),
        abs_tol=0.5,
        rel_tol=0.0,
        mistakes=(
            _m(
                "gone_too",
                red_all_clients,
                "you counted clients who have already left: a red list is for the clients an RM can still call.",
                "把已离开的客户也算进来了:红色名单是给客户经理还能联系上的客户的。",
            ),
        ),
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
    DecisionQuestion(
        "q7",
        checklist_signal,
        capability="risk",
        skill="judgement",
        options=cat.WARNING_CODES,
        label_kind="signal",
        points=2,
        rubric=(
            t(
                "judges signals by how often a default follows, not by how common they are (Q2)",
                "按信号之后发生违约的频率判断,而不是按信号多少(第 2 题)",
            ),
            t("weighs a missed default against a false alarm", "权衡漏报一笔违约与一次误报的代价"),
            t(
                "says what the RM does on the day the signal appears",
                "说明信号出现当天客户经理做什么",
            ),
        ),
        hints=(
            t(
                "The first line of an RM's checklist is the sign that most often comes before a default.",
                "客户经理检查清单的第一条,应是最常出现在违约之前的信号。",
            ),
            t(
                "Per signal: the share of its events followed by the client's default within six months.",
                "按信号统计:事件发生后六个月内该客户违约的比例。",
            ),
        ),
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
)
