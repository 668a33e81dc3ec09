"""Exercise 7 · Winning new clients along the supply chain (产业链获客).

The method of case 7: find the prospects in the payments, learn from the past calls which
approach wins, map who decides, rank the prospects, and plan thirty first visits scored
against what the prospects really needed.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from casekit import catalog as cat
from casekit.case_chain import named_deciders
from casekit.evaluate.prospects import VISITS, last_year_flow, score_visit_plan, targets
from casekit.exercises.common import code, t
from casekit.questions import NumberQuestion, RankingQuestion, ReflectionQuestion
from casekit.table_questions import PairsQuestion, ScoredQuestion, TableQuestion

TITLE = t("Exercise 7 · Winning new clients along the supply chain", "练习七 · 沿产业链获取新客户")


def open_trading(ctx: Any) -> int:
    """Prospects still to win that traded with our clients in the last twelve months."""
    flow = last_year_flow(ctx.book)
    return int((flow.reindex(targets(ctx.book)) > 0).sum())


def win_by_role(ctx: Any) -> pd.DataFrame:
    """Share of the past calls that won the prospect, by the person met."""
    c = ctx.book.tables["prospect_contacts"]
    rate = c["result"].astype(str).eq("won").groupby(c["met_role"].astype(str)).mean()
    return pd.DataFrame({"role": rate.index, "win_rate": rate.to_numpy()})


def decider_map(ctx: Any) -> list[list[str]]:
    """(prospect_id, role) for every prospect whose latest call that discussed it named a decider."""
    named = named_deciders(ctx.book)
    return [[p, r] for p, r in named.items()]


def biggest_open(ctx: Any) -> list[str]:
    """The five prospects still to win with the most payments in the last twelve months."""
    flow = last_year_flow(ctx.book).reindex(targets(ctx.book))
    return flow.sort_values(ascending=False, kind="stable").index[:5].tolist()


def prospects_valid(ctx: Any) -> dict[str, set[str]]:
    """Prospect ids of the trainee's book and the codes a plan may use."""
    return {
        "prospect_id": set(ctx.book.tables["prospects"]["prospect_id"]),
        "need": set(cat.PROSPECT_NEED_CODES),
        "role": set(cat.ROLE_CODES),
        "colleague": set(cat.COLLEAGUE_CODES),
    }


def score_plan(answer: pd.DataFrame, ctx: Any, lang: str) -> tuple[float, str]:
    """The plan's expected value as a share of the best thirty visits (knowing the truth)."""
    s = score_visit_plan(ctx.book, answer, lang)
    if lang == "zh":
        detail = (
            f"预计拿下 {s.expected_wins:.1f} 家,每年贡献 {s.expected_value:,.0f} 万元;"
            f"老习惯为 {s.habit_value:,.0f} 万元,最优计划为 {s.best_value:,.0f} 万元。"
        )
    else:
        detail = (
            f"expected to win {s.expected_wins:.1f} prospects worth {s.expected_value:,.0f} 万元 a "
            f"year; the habit {s.habit_value:,.0f} 万元, the best plan {s.best_value:,.0f} 万元."
        )
    return s.share_of_best, detail


QUESTIONS = (
    NumberQuestion(
        "q1",
        open_trading,
        capability="relationship",
        skill="data",
        hints=(
            t(
                "A prospect is still to win unless one of the past calls (prospect_contacts) won it.",
                "除非过去的某次拜访(prospect_contacts)已经拿下,否则潜在客户都算尚未拿下。",
            ),
            t(
                "Sum book.tables['payments'] by prospect_id over the last 12 months; count those above zero.",
                "把最近 12 个月的 book.tables['payments'] 按 prospect_id 加总,数一数大于零的有多少。",
            ),
        ),
        solution_text=code("(flow.reindex(still_open) > 0).sum()"),
        rel_tol=0.0,
        abs_tol=0.5,
        unit="prospects",
    ),
    TableQuestion(
        "q2",
        win_by_role,
        capability="relationship",
        skill="data",
        what="what_table",
        columns=("role", "win_rate"),
        keys=("role",),
        abs_tol=0.005,
        rel_tol=0.0,
        valid=lambda ctx: {"role": set(cat.ROLE_CODES)},
        hints=(
            t(
                "Each row of prospect_contacts is a call; result 'won' means it won the prospect.",
                "prospect_contacts 每一行是一次拜访;result 为 'won' 表示拿下了客户。",
            ),
            t("The mean of that flag per met_role.", "按 met_role 求该标记的均值。"),
        ),
        solution_text=code("calls['result'].eq('won').groupby(calls['met_role']).mean()"),
        points=2,
    ),
    PairsQuestion(
        "q3",
        decider_map,
        capability="relationship",
        skill="judgement",
        what="what_decider_map",
        columns=("prospect_id", "role"),
        valid=lambda ctx: {
            "prospect_id": set(ctx.book.tables["prospects"]["prospect_id"]),
            "role": set(cat.ROLE_CODES),
        },
        hints=(
            t(
                "decider_named records whom the person met named as the decider; it is empty when it did not come up.",
                "decider_named 记录了受访者所说的决策人;没谈到时为空。",
            ),
            t(
                "Keep the calls that named someone; for each prospect take its latest such call.",
                "只保留谈到决策人的拜访;每家潜在客户取最近的一次。",
            ),
        ),
        solution_text=code("""
named = calls.dropna(subset=['decider_named']).sort_values(['prospect_id', 'date'])
named.groupby('prospect_id').tail(1)[['prospect_id', 'decider_named']]
"""),
        points=2,
    ),
    RankingQuestion(
        "q4",
        biggest_open,
        capability="relationship",
        skill="data",
        what="what_ranking",
        hints=(
            t(
                "Only prospects still to win (Q1); size them by their payments over the last 12 months.",
                "只看尚未拿下的潜在客户(第 1 题);按最近 12 个月的往来金额衡量规模。",
            ),
            t("Five ids, largest first.", "给出五个编号,从大到小。"),
        ),
        solution_text=code(
            "flow.reindex(still_open).sort_values(ascending=False).index[:5].tolist()"
        ),
        points=2,
    ),
    ScoredQuestion(
        "q5",
        capability="relationship",
        skill="method",
        what="what_visit_plan",
        columns=("prospect_id", "need", "role", "colleague"),
        valid=prospects_valid,
        scorer=score_plan,
        pass_at=0.15,
        score_format="{:.0%}",
        max_rows=VISITS,
        points=3,
        hints=(
            t(
                "Rank the open prospects by size; the calls tell you which approach wins (Q2) and who decides (Q3).",
                "按规模给尚未拿下的潜在客户排序;过去的拜访告诉你哪种做法奏效(第 2 题)、由谁拍板(第 3 题)。",
            ),
            t(
                "Open with the need the notes heard (casekit.note_keywords.needs_in), meet the named "
                "decider (else the owner of a small firm, the CFO of a larger one), bring "
                "cat.NEED_SPECIALIST[need].",
                "从纪要中听到的需求切入(casekit.note_keywords.needs_in),去见对方所说的决策人(没问过的:"
                "小企业见老板、大企业见财务总监),带上 cat.NEED_SPECIALIST[need]。",
            ),
        ),
        solution_text=code("""
plan = pd.DataFrame({'prospect_id': top, 'need': need[top], 'role': role[top]})
plan['colleague'] = plan['need'].map(cat.NEED_SPECIALIST)
"""),
    ),
    ReflectionQuestion(
        "q6",
        lambda ctx: None,
        capability="relationship",
        skill="judgement",
        points=0,
        hints=(
            t(
                "How would you get the anchor client to introduce you?",
                "你会如何请核心客户为你引荐?",
            ),
        ),
    ),
)

__all__ = ["QUESTIONS", "TITLE"]
