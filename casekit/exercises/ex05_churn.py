"""Exercise 5 · Client value and churn (客户价值与流失).

The method of case 5: how concentrated value is, who leaves, how well one early signal (the
satisfaction survey) predicts leaving, which losses hurt most, and a watch list judged by the
churn that followed.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from casekit import catalog as cat
from casekit.exercises.common import clients_valid, t
from casekit.exercises.holdout import visible_book
from casekit.questions import (
    DecisionQuestion,
    Mistake,
    NumberQuestion,
    RankingQuestion,
    ReflectionQuestion,
)
from casekit.table_questions import ScoredQuestion, TableQuestion

TITLE = t("Exercise 5 · Client value and churn", "练习五 · 客户价值与流失")
WATCH_LIST = 200  # clients an RM team can call on in a quarter
SEEN_MONTHS = 24  # the trainee sees two years; the watch list is scored on the third


def VISIBLE(book: Any) -> Any:
    """The bank as it stood after two years: what followed is held out for the watch list."""
    return visible_book(book, SEEN_MONTHS)


def _m(key: str, en: str, zh: str) -> Mistake:
    return Mistake(key, t(en, zh))


def auc(score: pd.Series, label: pd.Series) -> float:
    """Probability a random positive scores above a random negative (Mann-Whitney, ties ½)."""
    ranks = score.rank()
    pos = int(label.sum())
    neg = len(label) - pos
    if pos == 0 or neg == 0:  # a small bank where no one (or everyone) surveyed left later:
        return 0.5  # the score separates nothing, as a coin would
    return float((ranks[label].sum() - pos * (pos + 1) / 2) / (pos * neg))


QUESTIONS = (
    NumberQuestion(
        "q1",
        capability="maintenance",
        skill="data",
        hints=(
            t(
                "The 80/20 rule of a client book: how much of the year's income comes from the best fifth of clients?",
                "客户经营的二八法则：一年的收入中，有多少来自最好的五分之一客户？",
            ),
            t(
                "Income = interest_income + fee_income over the first 12 months, per client.",
                "收入 = 前 12 个月的 interest_income + fee_income，按客户加总。",
            ),
            t(
                "Sort descending; the top 20% are the first int(0.2 × number of clients) rows.",
                "降序排列；前 20% 即前 int（0.2 × 客户数） 行。",
            ),
        ),
        # Tight: this share sits near 0.87-0.91 on every bank, so 1% would let one trainee's
        # figure pass another's check; a figure computed in code is exact anyway.
        rel_tol=0.002,
        form="0-1",
        mistakes=(
            _m(
                "last_year",
                "you took the last 12 months: the question asks about the first 12 (the year the watch list starts from).",
                "用了最近 12 个月：本题问的是最早的 12 个月。",
            ),
            _m(
                "top20_clients",
                "you took the top 20 clients: the question asks for the top 20% of clients.",
                "取了前 20 户：本题问的是前 20% 的客户。",
            ),
        ),
    ),
    TableQuestion(
        "q2",
        capability="maintenance",
        skill="data",
        what="what_table",
        columns=("size_class", "churn_rate"),
        keys=("size_class",),
        abs_tol=0.005,
        rel_tol=0.0,
        valid=lambda ctx: {"size_class": set(cat.SIZE_CODES)},
        label_kinds=(("size_class", "size_class"),),
        mistakes=(
            _m(
                "full_only",
                "you counted full churn only: a client that moves most of its business elsewhere (partial churn) is lost too.",
                "只算了完全流失：把大部分业务转走的客户（部分流失）也是流失。",
            ),
        ),
        hints=(
            t(
                "Which kinds of client do we lose most often, the small ones or the large?",
                "我们最常流失的是哪类客户，小的还是大的？",
            ),
            t(
                "Join book.clients with book.outcomes; a client left if churn_status is not 'active'.",
                "把 book.clients 与 book.outcomes 合并;churn_status 不是 'active' 即为流失。",
            ),
            t("The mean of that flag per size_class.", "按 size_class 求该标记的均值。"),
        ),
        points=2,
    ),
    NumberQuestion(
        "q3",
        capability="data_analysis",
        skill="method",
        hints=(
            t(
                "Do unhappy clients leave? Compare what clients said in the survey with who left afterwards.",
                "不满意的客户会走吗？把客户在调查里的回答与之后谁离开了对照起来看。",
            ),
            t(
                "Take the NPS answers of the survey in month months[10]; the label is 'left after the first year'.",
                "取 months[10] 那一期调查的 NPS；标签为\u201c第一年之后流失\u201d。",
            ),
            t(
                "A low score should mean risk, so score = −nps; then auc(score, label).",
                "分数越低风险越高，所以 score = −nps；再计算 auc（score, label）。",
            ),
        ),
        rel_tol=0.002,  # AUCs of different banks lie within 1% of each other
        form="AUC",
        mistakes=(
            _m(
                "high_is_risk",
                "you scored high NPS as the risk: a low score should mean a client at risk, so use −nps.",
                "把高 NPS 当成了风险：分数越低风险越高，应使用 −nps。",
            ),
        ),
    ),
    RankingQuestion(
        "q4",
        capability="maintenance",
        skill="judgement",
        what="what_ranking",
        hints=(
            t(
                "Which departures hurt most? Those of the clients who paid us the most.",
                "哪些流失最伤？是那些曾为我行贡献最多的客户。",
            ),
            t(
                "Lost = churn_status not 'active' (full or partial).",
                "流失 = churn_status 不是 'active'（全部或部分流失）。",
            ),
            t(
                "Rank them by first-year income (Q1), most first; give five ids.",
                "按第一年收入（第 1 题）从高到低排序，给出五个编号。",
            ),
        ),
        points=2,
        mistakes=(
            _m(
                "not_lost",
                "you ranked every client: the question asks about the clients we lost.",
                "把所有客户都排了名：本题问的是已流失的客户。",
            ),
        ),
    ),
    ScoredQuestion(
        "q5",
        capability="data_analysis",
        skill="method",
        what="what_watchlist",
        columns=("client_id",),
        valid=clients_valid,
        # Lift on the held-out year as a share of the reference list's (1.25-2.4 over scenarios
        # and seeds); a random list reaches 0.3-0.7 of it, a hindsight list nothing.
        pass_at=0.85,
        floor=0.7,
        mistakes=(
            _m(
                "hindsight",
                "you listed the clients the data shows have already left: a watch list is for clients we can still keep, judged on the year that follows.",
                "名单上是数据里已经流失的客户：关注名单是为还留得住的客户准备的，按随后一年的情况评分。",
            ),
            _m(
                "valuable",
                "you listed the most valuable clients: value says what a loss costs, not who is about to leave.",
                "列的是价值最高的客户：价值说明损失有多大，不说明谁要走。",
            ),
        ),
        score_format="{:.2f}×",
        max_rows=WATCH_LIST,
        points=3,
        hints=(
            t(
                "Whom would you call to keep? Clients still with us who look like the ones we lost. Q2 tells you who leaves most; Q3 how much NPS tells you.",
                "你会给谁打电话挽留？仍在本行、又像已流失客户的那些。第 2 题告诉你谁流失得最多，第 3 题告诉你 NPS 能说明多少。",
            ),
            t(
                "Mixing many weak signals can blur the strong ones: try size class first, then low NPS within it.",
                "把许多弱信号混在一起，反而会冲淡强信号：先看规模，再在其中看低 NPS。",
            ),
        ),
    ),
    ReflectionQuestion(
        "q6",
        capability="maintenance",
        skill="judgement",
        points=0,
        hints=(
            t("What would you do for the clients on your list?", "对名单上的客户，你会做什么？"),
        ),
    ),
    DecisionQuestion(
        "q7",
        capability="maintenance",
        skill="judgement",
        options=cat.SIZE_CODES,
        label_kind="size_class",
        points=2,
        rubric=(
            t(
                "weighs how often clients leave (Q2) against what each loss costs (Q4)",
                "权衡流失的频率（第 2 题）与每次流失的损失（第 4 题）",
            ),
            t(
                "says what the retention offer is and what it may cost",
                "说明挽留方案是什么、可能花费多少",
            ),
            t("names clients it would let go, and why", "说明哪些客户可以放手、为什么"),
        ),
        hints=(
            t(
                "Retention money goes where losses cost the bank most: frequency times value.",
                "挽留资源应投向让银行损失最大的地方：流失频率乘以客户价值。",
            ),
            t(
                "Sum the first-year income of the lost clients per size class; take the largest.",
                "按规模分类加总流失客户的第一年收入，取最大的一类。",
            ),
        ),
    ),
)

__all__ = ["QUESTIONS", "TITLE", "WATCH_LIST", "auc"]
