"""Exercise 3 · Service design (服务方案设计).

The method of case 3: find where the service process gets stuck (hours per stage, the
bottleneck, service-level breaches by request type), then design a plan for the key segment
that evaluate_plan scores against the product push and the best plan the simulator knows.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from casekit.exercises.common import code, products_valid, segment_ids, sentences, t
from casekit.questions import ChoiceQuestion, NumberQuestion, ReflectionQuestion
from casekit.table_questions import ScoredQuestion, TableQuestion

TITLE = t("Exercise 3 · Service design", "练习三 · 服务方案设计")

STAGES = {
    "reviewed": ("accepted_at", "reviewed_at"),
    "approved": ("reviewed_at", "approved_at"),
    "processed": ("approved_at", "processed_at"),
}


def _hours(book: Any) -> pd.DataFrame:
    r = book.service_requests
    return pd.DataFrame(
        {s: (r[b] - r[a]).dt.total_seconds() / 3600 for s, (a, b) in STAGES.items()}
    )


def stage_medians(ctx: Any) -> pd.DataFrame:
    """Median hours each request spends in each stage."""
    med = _hours(ctx.book).median()
    return pd.DataFrame({"stage": med.index, "median_hours": med.to_numpy()})


def bottleneck(ctx: Any) -> str:
    """The stage with the longest median time."""
    return str(_hours(ctx.book).median().idxmax())


def _breach(book: Any) -> pd.Series:
    r = book.service_requests
    turnaround = (r["processed_at"] - r["accepted_at"]).dt.total_seconds() / 3600
    return turnaround > r["sla_hours"]


def breach_share(ctx: Any) -> float:
    """Share of requests processed later than their service level (accepted → processed)."""
    return float(_breach(ctx.book).mean())


def breach_by_type(ctx: Any) -> pd.DataFrame:
    """Breach rate per request type."""
    r = ctx.book.service_requests
    rate = _breach(ctx.book).groupby(r["request_type"].astype(str)).mean()
    return pd.DataFrame({"request_type": rate.index, "breach_rate": rate.to_numpy()})


def score_plan(answer: pd.DataFrame, ctx: Any, lang: str) -> tuple[float, str]:
    """evaluate_plan's score for a key-segment plan, with how many offers serve no open need."""
    from casekit.evaluate import evaluate_plan

    s = evaluate_plan(answer, ctx.book, clients=segment_ids(ctx), lang=lang)
    idle = int((~s.offers["open_need"].astype(bool)).sum())
    tail = (
        f"{idle} 个产品没有对应客户尚未满足的需求"
        if lang == "zh"
        else f"{idle} offers meet no open need"
    )
    return s.score, sentences(lang, s.summary(lang), tail)


QUESTIONS = (
    TableQuestion(
        "q1",
        stage_medians,
        capability="service",
        skill="data",
        what="what_table",
        columns=("stage", "median_hours"),
        keys=("stage",),
        rel_tol=0.01,
        hints=(
            t(
                "Hours in a stage = its end timestamp minus the previous one, e.g. reviewed_at − accepted_at.",
                "某环节耗时 = 本环节时间戳减去上一环节时间戳,例如 reviewed_at − accepted_at。",
            ),
            t(
                "(end − start).dt.total_seconds() / 3600, then .median() per stage.",
                "(end − start).dt.total_seconds() / 3600,再对每个环节取 .median()。",
            ),
        ),
        solution_text=code("""
r = book.service_requests
hours = pd.DataFrame({s: (r[b] - r[a]).dt.total_seconds() / 3600 for s, (a, b) in STAGES.items()})
hours.median().rename_axis('stage').rename('median_hours').reset_index()
"""),
        points=2,
    ),
    ChoiceQuestion(
        "q2",
        bottleneck,
        capability="service",
        skill="judgement",
        options=tuple(STAGES),
        hints=(
            t("The stage whose median time is longest.", "中位耗时最长的环节。"),
            t(
                "Answer with its code: reviewed, approved or processed.",
                "用代码作答:reviewed、approved 或 processed。",
            ),
        ),
        solution_text=code("hours.median().idxmax()"),
    ),
    NumberQuestion(
        "q3",
        breach_share,
        capability="service",
        skill="data",
        hints=(
            t(
                "Turnaround = processed_at − accepted_at in hours; a breach is a turnaround above sla_hours.",
                "办理时长 = processed_at − accepted_at(小时);超过 sla_hours 即为超时。",
            ),
            t("The share (0–1) of all requests that breach.", "超时请求占全部请求的比例(0–1)。"),
        ),
        solution_text=code(
            "turnaround = (r['processed_at'] - r['accepted_at']).dt.total_seconds() / 3600\n"
            "(turnaround > r['sla_hours']).mean()"
        ),
        rel_tol=0.01,
        unit="0-1",
    ),
    TableQuestion(
        "q4",
        breach_by_type,
        capability="service",
        skill="method",
        what="what_table",
        columns=("request_type", "breach_rate"),
        keys=("request_type",),
        abs_tol=0.005,
        rel_tol=0.0,
        hints=(
            t(
                "The Q3 breaches, grouped by request_type.",
                "把第 3 题的超时标记按 request_type 分组。",
            ),
            t(
                "breach.groupby(r['request_type']).mean()",
                "breach.groupby(r['request_type']).mean()",
            ),
        ),
        solution_text=code("breach.groupby(r['request_type'], observed=True).mean()"),
        points=2,
    ),
    ScoredQuestion(
        "q5",
        capability="relationship",
        skill="method",
        what="what_plan",
        columns=("client_id", "product"),
        valid=products_valid,
        scorer=score_plan,
        pass_at=0.3,
        points=3,
        hints=(
            t(
                "Offer each client a product for a need you found (NEED_PRODUCT maps need → product), not one product to everyone.",
                "针对发现的需求给客户配产品(NEED_PRODUCT 给出需求 → 产品),而不是一款产品推给所有人。",
            ),
            t(
                "Skip needs a product the client holds already serves, and credit to weakly rated clients: expected loss eats the revenue.",
                "客户已持有产品满足的需求不必再推;评级较弱的客户不配信贷产品:预期损失会吃掉收入。",
            ),
        ),
        solution_text=code("""
plan = needs.assign(product=needs['need'].map(cat.NEED_PRODUCT))
plan = plan[~plan.set_index(['client_id', 'need']).index.isin(served)]
plan = plan[~(plan['product'].map(family).eq('credit') & plan['client_id'].map(rating).isin(WEAK))]
"""),
    ),
    ReflectionQuestion(
        "q6",
        lambda ctx: None,
        capability="service",
        skill="judgement",
        points=0,
        hints=(
            t(
                "What would you change in the process, and what in the plan, and who must agree?",
                "流程上你会改什么?方案上呢?需要谁同意?",
            ),
        ),
    ),
)
