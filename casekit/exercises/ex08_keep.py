"""Exercise 8 · Keeping and deepening a client (维护与提升).

The method of case 8: complaint handling against the 15/30-day rule and what followed, the
回访 calls by tier, the clients nearest the next tier, and a call-back list scored against the
income really at risk.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from casekit import catalog as cat
from casekit.case_keep import complaint_table, contribution, handling_groups
from casekit.evaluate.keeping import CALLS, score_callbacks
from casekit.exercises.common import clients_valid, code, t
from casekit.questions import NumberQuestion, RankingQuestion, ReflectionQuestion
from casekit.table_questions import ScoredQuestion, TableQuestion

TITLE = t("Exercise 8 · Keeping and deepening a client", "练习八 · 客户关系的维护与提升")
HANDLING = ("none", "in_rule", "broke_rule")


def share_in_rule(ctx: Any) -> float:
    """Share of complaints resolved within 15 days, or within 30 with an approved extension."""
    return float(complaint_table(ctx.book)["in_rule"].mean())


def churn_by_handling(ctx: Any) -> pd.DataFrame:
    """Share of clients that left, by how their complaints were handled."""
    group = handling_groups(ctx.book)
    left = ctx.book.outcomes.set_index("client_id")["churn_status"].astype(str).ne("active")
    rate = left.reindex(group.index).groupby(group).mean()
    return pd.DataFrame({"handling": rate.index, "churn_rate": rate.to_numpy()})


def followup_by_tier(ctx: Any) -> pd.DataFrame:
    """Share of service requests that got a 回访 call, by the client's tier."""
    r = ctx.book.service_requests
    tier = r["client_id"].map(ctx.book.clients.set_index("client_id")["tier"].astype(str))
    rate = r["followed_up_at"].notna().groupby(tier).mean()
    return pd.DataFrame({"tier": rate.index, "followup_rate": rate.to_numpy()})


def nearest_key(ctx: Any) -> list[str]:
    """The five general clients with the highest contribution still below the key tier's median."""
    value = contribution(ctx.book)
    tier = ctx.book.clients.set_index("client_id")["tier"].astype(str)
    bar = value[tier == "key"].median()
    below = value[(tier == "general") & (value < bar)]
    return below.sort_values(ascending=False, kind="stable").index[:5].tolist()


def score_list(answer: pd.DataFrame, ctx: Any, lang: str) -> tuple[float, str]:
    """The income at risk a call-back list reaches, as a share of the best list's."""
    s = score_callbacks(ctx.book, answer, lang)
    return s.share_of_best, s.summary(lang)


QUESTIONS = (
    NumberQuestion(
        "q1",
        share_in_rule,
        capability="service",
        skill="data",
        hints=(
            t(
                "Days = resolved_on − opened_on. The rule: within 15 days, or within 30 if extended.",
                "天数 = resolved_on − opened_on。规定:15 日内,或经批准延期(extended)的 30 日内。",
            ),
            t("The share (0-1) of complaints that kept it.", "求符合规定的投诉所占比例(0-1)。"),
        ),
        solution_text=code("((days <= 15) | (c['extended'] & (days <= 30))).mean()"),
        rel_tol=0.0,
        abs_tol=0.002,
        unit="0-1",
    ),
    TableQuestion(
        "q2",
        churn_by_handling,
        capability="maintenance",
        skill="data",
        what="what_table",
        columns=("handling", "churn_rate"),
        keys=("handling",),
        abs_tol=0.005,
        rel_tol=0.0,
        valid=lambda ctx: {"handling": set(HANDLING)},
        hints=(
            t(
                "Each client is 'none' (never complained), 'broke_rule' (a complaint outside the "
                "rule) or else 'in_rule'.",
                "每户客户归为 'none'(从未投诉)、'broke_rule'(有投诉超出规定)或 'in_rule'(其余投诉客户)。",
            ),
            t(
                "churn_rate: the share whose churn_status is not 'active', per group.",
                "churn_rate:各组中 churn_status 不是 'active' 的客户占比。",
            ),
        ),
        solution_text=code("left.groupby(group).mean()"),
        points=2,
    ),
    TableQuestion(
        "q3",
        followup_by_tier,
        capability="service",
        skill="data",
        what="what_table",
        columns=("tier", "followup_rate"),
        keys=("tier",),
        abs_tol=0.005,
        rel_tol=0.0,
        valid=lambda ctx: {"tier": set(cat.TIER_CODES)},
        hints=(
            t(
                "A request got a 回访 call if followed_up_at is not empty.",
                "followed_up_at 不为空,即表示该请求有回访。",
            ),
            t(
                "Map each request's client to its tier, then average.",
                "把请求对应到客户的层级,再求均值。",
            ),
        ),
        solution_text=code("r['followed_up_at'].notna().groupby(tier_of_request).mean()"),
        points=2,
    ),
    RankingQuestion(
        "q4",
        nearest_key,
        capability="maintenance",
        skill="data",
        what="what_ranking",
        hints=(
            t(
                "Contribution = first-year interest + fee income − mean first-year loan balance × "
                "(PD × 0.45 + risk weight × 0.105 × 0.10), PD from the rating (cat.RATING_PD), risk "
                "weight 1.0 for large and medium firms, 0.75 for small and micro.",
                "综合贡献度 = 第一年利息与中间业务收入 − 第一年平均贷款余额 × (PD × 0.45 + 风险权重 × "
                "0.105 × 0.10);PD 按评级取 cat.RATING_PD,风险权重大中型企业 1.0、小微企业 0.75。",
            ),
            t(
                "The bar is the key tier's median contribution; keep general clients below it, highest first.",
                "门槛为重点客户综合贡献度的中位数;取低于门槛的一般客户,从高到低。",
            ),
        ),
        solution_text=code("value[(tier == 'general') & (value < bar)].nlargest(5).index.tolist()"),
        points=2,
    ),
    ScoredQuestion(
        "q5",
        capability="maintenance",
        skill="method",
        what="what_callback_list",
        columns=("client_id",),
        valid=clients_valid,
        scorer=score_list,
        pass_at=0.6,
        score_format="{:.0%}",
        max_rows=CALLS,
        points=3,
        hints=(
            t(
                "Use only what was known at the end of the first year. What a client earns the bank comes first.",
                "只用第一年末已知的信息。客户给银行带来的收入是第一位的。",
            ),
            t(
                "Weight income by the signs of trouble: breaches, complaints, a low NPS, a small firm.",
                "再按出问题的迹象加权:超时、投诉、低 NPS、小企业。",
            ),
        ),
        solution_text=code("(trouble * income).nlargest(150).index.tolist()"),
    ),
    ReflectionQuestion(
        "q6",
        lambda ctx: None,
        capability="maintenance",
        skill="judgement",
        points=0,
        hints=(
            t(
                "What would the bank commit in a 银企合作协议, and what would it ask?",
                "在银企合作协议中,银行承诺什么?要求客户承诺什么?",
            ),
        ),
    ),
)

__all__ = ["HANDLING", "QUESTIONS", "TITLE"]
