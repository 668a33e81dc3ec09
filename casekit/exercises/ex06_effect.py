"""Exercise 6 · Effectiveness evaluation (效果评估).

The method of case 6: who was in the pilot, the naive before/after, the same change for the
other clients, difference-in-differences, an estimate judged against the effect the simulator
built in, and which lens misleads most.
"""

from __future__ import annotations

from casekit.exercises.common import t
from casekit.questions import (
    ChoiceQuestion,
    DecisionQuestion,
    Mistake,
    NumberQuestion,
    ReflectionQuestion,
)

TITLE = t("Exercise 6 · Effectiveness evaluation", "练习六 · 效果评估")
LENSES = ("before_after", "pilot_vs_others", "did")


def _m(key: str, en: str, zh: str) -> Mistake:
    return Mistake(key, t(en, zh))


LENS_LABELS = {
    "before_after": t("before/after", "前后对比"),
    "pilot_vs_others": t("pilot vs others", "试点组与其他客户对比"),
    "did": t("difference-in-differences", "双重差分"),
}


GAINS = {"deposits": t("deposits", "存款"), "fees": t("fee income", "手续费收入")}


QUESTIONS = (
    NumberQuestion(
        "q1",
        capability="evaluation",
        skill="data",
        hints=(
            t(
                "How many clients did the RMs sign up for the new service package?",
                "客户经理为新服务方案签下了多少位试点客户？",
            ),
            t(
                "book.outcomes has a pilot column (True/False).",
                "book.outcomes 有 pilot 列(True/False)。",
            ),
            t("Sum it.", "对它求和。"),
        ),
        abs_tol=0.5,
        rel_tol=0.0,
        mistakes=(
            _m(
                "others",
                "you counted the clients outside the pilot.",
                "数的是没参加试点的客户。",
            ),
        ),
    ),
    NumberQuestion(
        "q2",
        capability="evaluation",
        skill="method",
        hints=(
            t(
                "The head office asks: how much did the pilot clients' deposits grow? Answer for a typical client, not for the total.",
                "总行问：试点客户的存款增长了多少？请按典型客户回答，而不是看合计。",
            ),
            t(
                "Per pilot client: mean deposit_avg after ÷ mean before. A few large clients would dominate a ratio of group totals.",
                "对每位试点客户：之后的 deposit_avg 均值 ÷ 之前的均值。若用组合计值相除，少数大客户会左右结果。",
            ),
            t(
                "The typical change is the geometric mean: exp(mean of log ratios) − 1.",
                "典型变化用几何平均：exp（对数比值的均值） − 1。",
            ),
        ),
        rel_tol=0.01,
        abs_tol=0.0005,
        form="0.08 = +8%",
        mistakes=(
            _m(
                "totals",
                "you compared the group's total deposits: a few large clients then decide the answer; take each client's own change and average those.",
                "比较了整组的存款合计：这样少数大客户就决定了结果；应先算每位客户自己的变化，再取平均。",
            ),
        ),
    ),
    NumberQuestion(
        "q3",
        capability="evaluation",
        skill="method",
        hints=(
            t(
                "What happened meanwhile to the clients nobody visited? That is the tide that lifts every boat.",
                "同一时期没人走访的客户怎么样了？那是水涨船高的部分。",
            ),
            t(
                "The same as Q2 for the clients not in the pilot.",
                "对非试点客户做与第 2 题相同的计算。",
            ),
            t(
                "exp(mean of log(after / before)) − 1 over the other clients.",
                "对其他客户计算 exp(log（之后 / 之前） 的均值） − 1。",
            ),
        ),
        rel_tol=0.01,
        abs_tol=0.0005,
        form="0.08 = +8%",
        mistakes=(
            _m(
                "pilot",
                "you gave the pilot group's change again: this question is about everyone else.",
                "给的又是试点组的变化：本题问的是其他客户。",
            ),
            _m(
                "totals",
                "you compared the group's total deposits: take each client's own change and average those.",
                "比较了整组的存款合计：应先算每位客户自己的变化，再取平均。",
            ),
        ),
    ),
    NumberQuestion(
        "q4",
        capability="data_analysis",
        skill="method",
        hints=(
            t(
                "What the pilot changed is the pilot group's change beyond what happened to everyone.",
                "试点带来的变化，是试点组超出大家共同变化的那一部分。",
            ),
            t(
                "(1 + Q2) / (1 + Q3) − 1, or Q2 − Q3: both count.",
                "（1 + 第2题） / （1 + 第3题） − 1，或 第2题 − 第3题：两种都算对。",
            ),
        ),
        rel_tol=0.01,
        abs_tol=0.0005,
        form="0.08 = +8%",
        points=2,
        mistakes=(
            _m(
                "before_after",
                "you gave the pilot group's own change: part of it happened to every client (the market, the season); take off what the others did.",
                "给的是试点组自身的变化：其中一部分是所有客户都有的（市场、季节）；要减去其他客户的变化。",
            ),
            _m(
                "pilot_vs_others",
                "you compared pilot and other clients after the start: RMs chose bigger clients for the pilot, so the gap was there before it began.",
                "比较了开始后试点组与其他客户：客户经理挑的试点客户本来就更大，差距在试点前就有。",
            ),
            _m(
                "totals",
                "you compared the groups' total deposits: a few large clients then decide the answer; use each client's own change.",
                "比较了两组存款合计：这样少数大客户就决定了结果；应使用每位客户自己的变化。",
            ),
        ),
    ),
    NumberQuestion(
        "q5",
        capability="evaluation",
        skill="method",
        what="what_estimate",
        hints=(
            t(
                "The pilot was sold on fees as well as deposits: did it earn them, beyond what fees did everywhere?",
                "试点也承诺了手续费收入：扣除全行手续费的共同变化之后，它真的带来了吗？",
            ),
            t(
                "Fee income is noisy month to month, but the method is the same as for deposits.",
                "手续费收入月度波动大，但方法与存款相同。",
            ),
            t(
                "Repeat Q2–Q4 with the fee_income column.",
                "用 fee_income 列重复第 2–4 题。",
            ),
        ),
        rel_tol=0.01,
        abs_tol=0.0005,
        form="0.08 = +8%",
        points=3,
        mistakes=(
            _m(
                "deposits",
                "you gave the deposit effect of Q4: this question is about fee income.",
                "给的是第 4 题的存款效果：本题问的是手续费收入。",
            ),
            _m(
                "before_after",
                "you gave the pilot group's own change in fees: take off what the other clients' fees did.",
                "给的是试点组手续费自身的变化：要减去其他客户手续费的变化。",
            ),
            _m(
                "pilot_vs_others",
                "you compared pilot and other clients' fees after the start: the chosen clients paid more fees before the pilot too.",
                "比较了开始后两组的手续费：被挑中的客户在试点前手续费就更高。",
            ),
        ),
    ),
    ChoiceQuestion(
        "q6",
        capability="evaluation",
        skill="judgement",
        options=LENSES,
        option_labels=LENS_LABELS,
        mistakes=(
            _m(
                "did",
                "you picked difference-in-differences: it is the lens that takes off what happened to everyone, so it misleads least.",
                "选了双重差分：它恰恰扣除了所有客户共同的变化，误导最小。",
            ),
        ),
        hints=(
            t(
                "Which way of telling the pilot's story would flatter it most in front of the board?",
                "在董事会面前，哪种讲法最会夸大试点的效果？",
            ),
            t(
                "Compute the deposit effect three ways: before/after (Q2), pilot vs others after the start, DiD (Q4).",
                "用三种方法估计存款效果：前后对比（第 2 题）、开始后试点组对其他客户、双重差分（第 4 题）。",
            ),
            t(
                "The pilot's clients were chosen by RMs: how different were they to begin with?",
                "试点客户是客户经理挑选的：他们一开始就有多大不同？",
            ),
        ),
    ),
    ReflectionQuestion(
        "q7",
        capability="evaluation",
        skill="judgement",
        points=0,
        hints=(
            t(
                "What would you tell the head of corporate banking?",
                "你会怎样向对公业务负责人汇报？",
            ),
        ),
    ),
    DecisionQuestion(
        "q8",
        capability="evaluation",
        skill="judgement",
        options=tuple(GAINS),
        option_labels=GAINS,
        points=2,
        rubric=(
            t(
                "compares the two DiD estimates (Q4 and Q5), not before/after",
                "比较两个双重差分估计（第 4、5 题），而不是前后对比",
            ),
            t(
                "says how sure the estimate is (fee income is noisy)",
                "说明估计有多可靠（手续费收入波动大）",
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
                "两个双重差分效果中较大的一个：存款（第 4 题）或手续费（第 5 题）。",
            ),
        ),
    ),
)
