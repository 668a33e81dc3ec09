"""Exercise 6 · Effectiveness evaluation (效果评估).

The method of case 6: who was in the pilot, the naive before/after, the same change for the
other clients, difference-in-differences, an estimate judged against the effect the simulator
built in, and which lens misleads most.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from casekit.exercises.common import code, months, t
from casekit.questions import ChoiceQuestion, NumberQuestion, ReflectionQuestion
from casekit.table_questions import ScoredQuestion

TITLE = t("Exercise 6 · Effectiveness evaluation", "练习六 · 效果评估")
LENSES = ("before_after", "pilot_vs_others", "did")


def windows(book: Any) -> tuple[list[str], list[str]]:
    """The 12 months before the pilot started, and its months after a 3-month ramp-up."""
    ms = months(book)
    start = str(book.outcomes["pilot_start"].dropna().iloc[0])
    return [m for m in ms if m < start][-12:], [m for m in ms if m >= start][3:]


def client_means(book: Any, column: str) -> pd.DataFrame:
    """Each client's mean monthly ``column`` before and after, and whether it was in the pilot,
    over clients on the book throughout, with positive means in both."""
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


def score_fee(answer: float, ctx: Any, lang: str) -> tuple[float, str]:
    """1 − relative error of a fee-income effect estimate against the truth."""
    from casekit.evaluate import score_effect

    s = score_effect(answer, ctx.book, "fee_income", lang=lang)
    return max(0.0, 1 - s.relative_error), s.summary(lang)


QUESTIONS = (
    NumberQuestion(
        "q1",
        pilot_count,
        capability="evaluation",
        skill="data",
        hints=(
            t(
                "book.outcomes has a pilot column (True/False).",
                "book.outcomes 有 pilot 列(True/False)。",
            ),
            t("Sum it.", "对它求和。"),
        ),
        solution_text=code("int(book.outcomes['pilot'].sum())"),
        abs_tol=0.5,
        rel_tol=0.0,
    ),
    NumberQuestion(
        "q2",
        before_after,
        capability="evaluation",
        skill="method",
        hints=(
            t(
                "Per pilot client: mean deposit_avg after ÷ mean before. A few large clients would dominate a ratio of group totals.",
                "对每位试点客户:之后的 deposit_avg 均值 ÷ 之前的均值。若用组合计值相除,少数大客户会左右结果。",
            ),
            t(
                "The typical change is the geometric mean: exp(mean of log ratios) − 1.",
                "典型变化用几何平均:exp(对数比值的均值) − 1。",
            ),
        ),
        solution_text=code("np.expm1(np.log(g['after'] / g['before']).mean())  # g: pilot clients"),
        rel_tol=0.01,
        abs_tol=0.0005,
        unit="0.08 = +8%",
    ),
    NumberQuestion(
        "q3",
        others_change,
        capability="evaluation",
        skill="method",
        hints=(
            t(
                "The same as Q2 for the clients not in the pilot.",
                "对非试点客户做与第 2 题相同的计算。",
            ),
            t(
                "exp(mean of log(after / before)) − 1 over the other clients.",
                "对其他客户计算 exp(log(之后 / 之前) 的均值) − 1。",
            ),
        ),
        solution_text=code("np.expm1(np.log(g['after'] / g['before']).mean())  # g: other clients"),
        rel_tol=0.01,
        abs_tol=0.0005,
        unit="0.08 = +8%",
    ),
    NumberQuestion(
        "q4",
        did_deposits,
        capability="data_analysis",
        skill="method",
        hints=(
            t(
                "What the pilot changed is the pilot group's change beyond what happened to everyone.",
                "试点带来的变化,是试点组超出大家共同变化的那一部分。",
            ),
            t("(1 + Q2) / (1 + Q3) − 1", "(1 + 第2题) / (1 + 第3题) − 1"),
        ),
        solution_text=code("(1 + change_pilot) / (1 + change_others) - 1"),
        rel_tol=0.01,
        abs_tol=0.0005,
        unit="0.08 = +8%",
        points=2,
    ),
    ScoredQuestion(
        "q5",
        capability="evaluation",
        skill="method",
        what="what_estimate",
        columns=(),
        scorer=score_fee,
        pass_at=0.65,
        points=3,
        hints=(
            t(
                "Fee income is noisy month to month, but the method is the same as for deposits.",
                "手续费收入月度波动大,但方法与存款相同。",
            ),
            t(
                "Repeat Q2–Q4 with the fee_income column; full credit within 35% of the true effect.",
                "用 fee_income 列重复第 2–4 题;与真实效果相差不超过 35% 得满分。",
            ),
        ),
        solution_text=code("did(book, 'fee_income')  # as in Q4, on fee_income"),
    ),
    ChoiceQuestion(
        "q6",
        most_misleading,
        capability="evaluation",
        skill="judgement",
        options=LENSES,
        hints=(
            t(
                "Compute the deposit effect three ways: before/after (Q2), pilot vs others after the start, DiD (Q4).",
                "用三种方法估计存款效果:前后对比(第 2 题)、开始后试点组对其他客户、双重差分(第 4 题)。",
            ),
            t(
                "The pilot's clients were chosen by RMs: how different were they to begin with?",
                "试点客户是客户经理挑选的:他们一开始就有多大不同?",
            ),
        ),
        solution_text=code("'pilot_vs_others'  # chosen clients were larger to begin with"),
    ),
    ReflectionQuestion(
        "q7",
        lambda ctx: None,
        capability="evaluation",
        skill="judgement",
        points=0,
        hints=(
            t(
                "What would you tell the head of corporate banking?",
                "你会怎样向对公业务负责人汇报?",
            ),
        ),
    ),
)
