"""Exercise 6 · Effectiveness evaluation (效果评估).

The method of case 6: who was in the pilot, the naive before/after, the same change for the
other clients, difference-in-differences, an estimate judged against the effect the simulator
built in, and which lens misleads most.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from casekit.exercises.common import code, memo, months, t
from casekit.questions import (
    ChoiceQuestion,
    DecisionQuestion,
    Mistake,
    NumberQuestion,
    ReflectionQuestion,
)

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


def _m(key: str, fn: Any, en: str, zh: str) -> Mistake:
    return Mistake(key, fn, t(en, zh))


def _totals_change(book: Any, column: str, pilot: bool) -> float:
    per = client_means(book, column)
    g = per[per["pilot"] == pilot]
    return float(g["after"].sum() / g["before"].sum() - 1)


def _after_gap(book: Any, column: str) -> float:
    after = client_means(book, column).groupby("pilot")["after"].mean()
    return float(after[True] / after[False] - 1)


LENS_LABELS = {
    "before_after": t("before/after", "前后对比"),
    "pilot_vs_others": t("pilot vs others", "试点组与其他客户对比"),
    "did": t("difference-in-differences", "双重差分"),
}


GAINS = {"deposits": t("deposits", "存款"), "fees": t("fee income", "手续费收入")}


def main_gain(ctx: Any) -> str:
    """The gain to lead the board report with: the larger DiD effect, deposits or fees."""
    return "deposits" if did_deposits(ctx) >= did_fee(ctx) else "fees"


QUESTIONS = (
    NumberQuestion(
        "q1",
        pilot_count,
        capability="evaluation",
        skill="data",
        hints=(
            t(
                "How many clients did the RMs sign up for the new service package?",
                "客户经理为新服务方案签下了多少位试点客户?",
            ),
            t(
                "book.outcomes has a pilot column (True/False).",
                "book.outcomes 有 pilot 列(True/False)。",
            ),
            t("Sum it.", "对它求和。"),
        ),
        solution_text=code("int(book.outcomes['pilot'].sum())"),
        abs_tol=0.5,
        rel_tol=0.0,
        mistakes=(
            _m(
                "others",
                lambda ctx: int((~ctx.book.outcomes["pilot"].astype(bool)).sum()),
                "you counted the clients outside the pilot.",
                "数的是没参加试点的客户。",
            ),
        ),
    ),
    NumberQuestion(
        "q2",
        before_after,
        capability="evaluation",
        skill="method",
        hints=(
            t(
                "The head office asks: how much did the pilot clients' deposits grow? Answer for a typical client, not for the total.",
                "总行问:试点客户的存款增长了多少?请按典型客户回答,而不是看合计。",
            ),
            t(
                "Per pilot client: mean deposit_avg after ÷ mean before. A few large clients would dominate a ratio of group totals.",
                "对每位试点客户:之后的 deposit_avg 均值 ÷ 之前的均值。若用组合计值相除,少数大客户会左右结果。",
            ),
            t(
                "The typical change is the geometric mean: exp(mean of log ratios) − 1.",
                "典型变化用几何平均:exp(对数比值的均值) − 1。",
            ),
        ),
        solution_text=code("""
dep = per_client('deposit_avg')
np.expm1(np.log(dep['after'] / dep['before'])[dep['pilot']].mean())
"""),
        rel_tol=0.01,
        abs_tol=0.0005,
        form="0.08 = +8%",
        mistakes=(
            _m(
                "totals",
                lambda ctx: _totals_change(ctx.book, "deposit_avg", True),
                "you compared the group's total deposits: a few large clients then decide the answer; take each client's own change and average those.",
                "比较了整组的存款合计:这样少数大客户就决定了结果;应先算每位客户自己的变化,再取平均。",
            ),
        ),
    ),
    NumberQuestion(
        "q3",
        others_change,
        capability="evaluation",
        skill="method",
        hints=(
            t(
                "What happened meanwhile to the clients nobody visited? That is the tide that lifts every boat.",
                "同一时期没人走访的客户怎么样了?那是水涨船高的部分。",
            ),
            t(
                "The same as Q2 for the clients not in the pilot.",
                "对非试点客户做与第 2 题相同的计算。",
            ),
            t(
                "exp(mean of log(after / before)) − 1 over the other clients.",
                "对其他客户计算 exp(log(之后 / 之前) 的均值) − 1。",
            ),
        ),
        solution_text=code("""
dep = per_client('deposit_avg')
np.expm1(np.log(dep['after'] / dep['before'])[~dep['pilot']].mean())
"""),
        rel_tol=0.01,
        abs_tol=0.0005,
        form="0.08 = +8%",
        mistakes=(
            _m(
                "pilot",
                before_after,
                "you gave the pilot group's change again: this question is about everyone else.",
                "给的又是试点组的变化:本题问的是其他客户。",
            ),
            _m(
                "totals",
                lambda ctx: _totals_change(ctx.book, "deposit_avg", False),
                "you compared the group's total deposits: take each client's own change and average those.",
                "比较了整组的存款合计:应先算每位客户自己的变化,再取平均。",
            ),
        ),
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
            t(
                "(1 + Q2) / (1 + Q3) − 1, or Q2 − Q3: both count.",
                "(1 + 第2题) / (1 + 第3题) − 1,或 第2题 − 第3题:两种都算对。",
            ),
        ),
        solution_text=code("""
dep = per_client('deposit_avg')
log_change = np.log(dep['after'] / dep['before'])
change_pilot = np.expm1(log_change[dep['pilot']].mean())
change_others = np.expm1(log_change[~dep['pilot']].mean())
(1 + change_pilot) / (1 + change_others) - 1  # or change_pilot - change_others
"""),
        rel_tol=0.01,
        abs_tol=0.0005,
        form="0.08 = +8%",
        points=2,
        also=(lambda ctx: did_additive(ctx.book, "deposit_avg"),),
        mistakes=(
            _m(
                "before_after",
                before_after,
                "you gave the pilot group's own change: part of it happened to every client (the market, the season); take off what the others did.",
                "给的是试点组自身的变化:其中一部分是所有客户都有的(市场、季节);要减去其他客户的变化。",
            ),
            _m(
                "pilot_vs_others",
                lambda ctx: _after_gap(ctx.book, "deposit_avg"),
                "you compared pilot and other clients after the start: RMs chose bigger clients for the pilot, so the gap was there before it began.",
                "比较了开始后试点组与其他客户:客户经理挑的试点客户本来就更大,差距在试点前就有。",
            ),
            _m(
                "totals",
                lambda ctx: (
                    (1 + _totals_change(ctx.book, "deposit_avg", True))
                    / (1 + _totals_change(ctx.book, "deposit_avg", False))
                    - 1
                ),
                "you compared the groups' total deposits: a few large clients then decide the answer; use each client's own change.",
                "比较了两组存款合计:这样少数大客户就决定了结果;应使用每位客户自己的变化。",
            ),
        ),
    ),
    NumberQuestion(
        "q5",
        did_fee,
        capability="evaluation",
        skill="method",
        what="what_estimate",
        hints=(
            t(
                "The pilot was sold on fees as well as deposits: did it earn them, beyond what fees did everywhere?",
                "试点也承诺了手续费收入:扣除全行手续费的共同变化之后,它真的带来了吗?",
            ),
            t(
                "Fee income is noisy month to month, but the method is the same as for deposits.",
                "手续费收入月度波动大,但方法与存款相同。",
            ),
            t(
                "Repeat Q2–Q4 with the fee_income column.",
                "用 fee_income 列重复第 2–4 题。",
            ),
        ),
        solution_text=code("""
fee = per_client('fee_income')
fee_log = np.log(fee['after'] / fee['before'])
np.expm1(fee_log[fee['pilot']].mean() - fee_log[~fee['pilot']].mean())
"""),
        rel_tol=0.01,
        abs_tol=0.0005,
        form="0.08 = +8%",
        points=3,
        also=(lambda ctx: did_additive(ctx.book, "fee_income"),),
        mistakes=(
            _m(
                "deposits",
                did_deposits,
                "you gave the deposit effect of Q4: this question is about fee income.",
                "给的是第 4 题的存款效果:本题问的是手续费收入。",
            ),
            _m(
                "before_after",
                lambda ctx: _change(ctx.book, "fee_income", True),
                "you gave the pilot group's own change in fees: take off what the other clients' fees did.",
                "给的是试点组手续费自身的变化:要减去其他客户手续费的变化。",
            ),
            _m(
                "pilot_vs_others",
                lambda ctx: _after_gap(ctx.book, "fee_income"),
                "you compared pilot and other clients' fees after the start: the chosen clients paid more fees before the pilot too.",
                "比较了开始后两组的手续费:被挑中的客户在试点前手续费就更高。",
            ),
        ),
    ),
    ChoiceQuestion(
        "q6",
        most_misleading,
        capability="evaluation",
        skill="judgement",
        options=LENSES,
        option_labels=LENS_LABELS,
        mistakes=(
            _m(
                "did",
                lambda ctx: "did",
                "you picked difference-in-differences: it is the lens that takes off what happened to everyone, so it misleads least.",
                "选了双重差分:它恰恰扣除了所有客户共同的变化,误导最小。",
            ),
        ),
        hints=(
            t(
                "Which way of telling the pilot's story would flatter it most in front of the board?",
                "在董事会面前,哪种讲法最会夸大试点的效果?",
            ),
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
    DecisionQuestion(
        "q8",
        main_gain,
        capability="evaluation",
        skill="judgement",
        options=tuple(GAINS),
        option_labels=GAINS,
        points=2,
        rubric=(
            t(
                "compares the two DiD estimates (Q4 and Q5), not before/after",
                "比较两个双重差分估计(第 4、5 题),而不是前后对比",
            ),
            t(
                "says how sure the estimate is (fee income is noisy)",
                "说明估计有多可靠(手续费收入波动大)",
            ),
            t("recommends what to do with the pilot next", "提出试点下一步怎么做"),
        ),
        hints=(
            t(
                "Lead with the gain the evidence supports most strongly, net of what happened to everyone.",
                "汇报先讲证据最充分、且扣除了共同变化之后的收获。",
            ),
            t(
                "The larger of the two DiD effects: deposits (Q4) or fees (Q5).",
                "两个双重差分效果中较大的一个:存款(第 4 题)或手续费(第 5 题)。",
            ),
        ),
        solution_text=code("""
def did_of(column):
    g = per_client(column)
    log = np.log(g['after'] / g['before'])
    return np.expm1(log[g['pilot']].mean() - log[~g['pilot']].mean())
{'decision': 'deposits' if did_of('deposit_avg') >= did_of('fee_income') else 'fees',
 'why': 'Net of what happened to every client, this effect of the pilot is the larger one; I would report it first and the other with its uncertainty.'}
"""),
    ),
)
