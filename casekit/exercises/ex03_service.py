"""Exercise 3 · Service design (服务方案设计).

The method of case 3: find where the service process gets stuck (hours per stage, the
bottleneck, service-level breaches by request type), then design a plan for the key segment
that evaluate_plan scores against the product push and the best plan the simulator knows.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from casekit import catalog as cat
from casekit.exercises.common import code, products_valid, segment_ids, sentences, t
from casekit.questions import (
    ChoiceQuestion,
    DecisionQuestion,
    Mistake,
    NumberQuestion,
    ReflectionQuestion,
)
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


def _m(key: str, fn: Any, en: str, zh: str) -> Mistake:
    return Mistake(key, fn, t(en, zh))


def stage_means(ctx: Any) -> pd.DataFrame:
    """Mistake: mean hours, which a few stuck requests drag up, for the median."""
    mean = _hours(ctx.book).mean()
    return pd.DataFrame({"stage": mean.index, "median_hours": mean.to_numpy()})


def bottleneck_by_mean(ctx: Any) -> str:
    """Mistake: the stage with the longest mean time."""
    return str(_hours(ctx.book).mean().idxmax())


def breach_to_follow_up(ctx: Any) -> float:
    """Mistake: turnaround measured to the follow-up call, not to processing."""
    r = ctx.book.service_requests
    turnaround = (r["followed_up_at"] - r["accepted_at"]).dt.total_seconds() / 3600
    return float((turnaround > r["sla_hours"]).mean())


def within_sla(ctx: Any) -> float:
    """Mistake: the share processed in time (the complement)."""
    return 1 - breach_share(ctx)


def breach_counts(ctx: Any) -> pd.DataFrame:
    """Mistake: the number of breaches per type, not the rate."""
    r = ctx.book.service_requests
    n = _breach(ctx.book).groupby(r["request_type"].astype(str)).sum()
    return pd.DataFrame({"request_type": n.index, "breach_rate": n.to_numpy(dtype=float)})


def _needs(ctx: Any) -> pd.DataFrame:
    from casekit.exercises.ex02_needs import triangulate

    return triangulate(ctx.book, segment_ids(ctx), ctx.lang)


def plan_reference(ctx: Any) -> pd.DataFrame:
    """The reference plan: an offer for each open need, no new credit to weakly rated clients."""
    needs = _needs(ctx)
    held = ctx.book.holdings[ctx.book.holdings["end_month"].isna()]
    serves = {p.code: p.serves for p in cat.PRODUCTS}
    family = {p.code: p.family for p in cat.PRODUCTS}
    served = set(zip(held["client_id"], held["product"].astype(str).map(serves), strict=True))
    rating = ctx.book.clients.set_index("client_id")["rating"].astype(str)
    weak = rating.str.startswith("B") & ~rating.str.startswith("BBB")
    offers = needs.assign(product=needs["need"].map(cat.NEED_PRODUCT))
    keep = [(c, n) not in served for c, n in zip(offers["client_id"], offers["need"], strict=True)]
    offers = offers[keep]
    risky = offers["product"].map(family).eq("credit") & offers["client_id"].map(weak)
    return offers.loc[~risky, ["client_id", "product"]]


def plan_unfiltered(ctx: Any) -> pd.DataFrame:
    """Mistake: a product for every need found, served or not, whatever the client's rating."""
    needs = _needs(ctx)
    return needs.assign(product=needs["need"].map(cat.NEED_PRODUCT))[["client_id", "product"]]


def plan_push(ctx: Any) -> pd.DataFrame:
    """Mistake: the product push (one working-capital loan offered to every client)."""
    return pd.DataFrame({"client_id": segment_ids(ctx), "product": "working_capital_loan"})


def plan_too_small(ctx: Any) -> str | None:
    """Why the bank cannot carry the plan question, if it cannot: no open need to serve."""
    if plan_reference(ctx).empty:
        return (
            "no key client has an open need" if ctx.lang != "zh" else "没有重点客户存在未满足的需求"
        )
    return None


PLAN_CODE = """
held = book.holdings[book.holdings['end_month'].isna()]
serves = {p.code: p.serves for p in cat.PRODUCTS}
family = {p.code: p.family for p in cat.PRODUCTS}
served = set(zip(held['client_id'], held['product'].astype(str).map(serves)))
rating = book.clients.set_index('client_id')['rating'].astype(str)
weak = rating.str.startswith('B') & ~rating.str.startswith('BBB')
offers = needs.assign(product=needs['need'].map(cat.NEED_PRODUCT))
offers = offers[[(c, n) not in served for c, n in zip(offers['client_id'], offers['need'])]]
risky = offers['product'].map(family).eq('credit') & offers['client_id'].map(weak)
offers.loc[~risky, ['client_id', 'product']]
"""
HOURS_CODE = """
hours = pd.DataFrame({s: (r[b] - r[a]).dt.total_seconds() / 3600 for s, (a, b) in STAGES.items()})
"""
BREACH_CODE = """
turnaround = (r['processed_at'] - r['accepted_at']).dt.total_seconds() / 3600
breach = turnaround > r['sla_hours']
"""


def fast_track(ctx: Any) -> str:
    """The request type that breaches its service level most often: the one to fast-track."""
    rates = breach_by_type(ctx).set_index("request_type")["breach_rate"]
    return str(rates.sort_index().idxmax())  # ties: the first by name


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
                "Walk a client's request from desk to desk: how long does it typically sit at each one?",
                "跟着一笔客户请求从一个岗位走到下一个岗位:它通常在每个环节停留多久?",
            ),
            t(
                "Hours in a stage = its end timestamp minus the previous one, e.g. reviewed_at − accepted_at.",
                "某环节耗时 = 本环节时间戳减去上一环节时间戳,例如 reviewed_at − accepted_at。",
            ),
            t(
                "(end − start).dt.total_seconds() / 3600, then .median() per stage.",
                "(end − start).dt.total_seconds() / 3600,再对每个环节取 .median()。",
            ),
        ),
        solution_text=code(
            HOURS_CODE + "hours.median().rename_axis('stage').rename('median_hours').reset_index()"
        ),
        points=2,
        label_kinds=(("stage", "stage"),),
        mistakes=(
            _m(
                "mean",
                stage_means,
                "you took the mean: a few requests stuck for weeks drag it up; the median is what a typical client waits.",
                "用了平均值:少数卡了几周的请求会把它拉高;中位数才是客户通常要等的时间。",
            ),
        ),
    ),
    ChoiceQuestion(
        "q2",
        bottleneck,
        capability="service",
        skill="judgement",
        options=tuple(STAGES),
        label_kind="stage",
        mistakes=(
            _m(
                "mean",
                bottleneck_by_mean,
                "you judged by mean times, which a few stuck requests distort: compare medians.",
                "按平均耗时判断了,少数卡住的请求会扭曲平均值:请比较中位数。",
            ),
        ),
        hints=(
            t(
                "Where does a typical request wait longest before the next desk picks it up?",
                "一笔普通的请求在哪个环节等得最久?",
            ),
            t("The stage whose median time is longest.", "中位耗时最长的环节。"),
            t(
                "Answer with its code (reviewed, approved or processed) or its name (审核, 审批, 办理).",
                "用代码(reviewed、approved、processed)或名称(审核、审批、办理)作答。",
            ),
        ),
        solution_text=code(HOURS_CODE + "hours.median().idxmax()"),
    ),
    NumberQuestion(
        "q3",
        breach_share,
        capability="service",
        skill="data",
        hints=(
            t(
                "How often do we keep a client waiting longer than we promised?",
                "我们有多大比例让客户等得比承诺的还久?",
            ),
            t(
                "Turnaround = processed_at − accepted_at in hours; a breach is a turnaround above sla_hours.",
                "办理时长 = processed_at − accepted_at(小时);超过 sla_hours 即为超时。",
            ),
            t("The share (0–1) of all requests that breach.", "超时请求占全部请求的比例(0–1)。"),
        ),
        solution_text=code(BREACH_CODE + "breach.mean()"),
        rel_tol=0.01,
        form="0-1",
        mistakes=(
            _m(
                "follow_up",
                breach_to_follow_up,
                "you timed requests to the follow-up call: the service level runs from acceptance to processing.",
                "把时长算到了回访:服务时限是从受理到办理完成。",
            ),
            _m(
                "in_time",
                within_sla,
                "you gave the share processed in time: the question asks for the share that breached.",
                "给出的是按时办结的比例:本题问的是超时的比例。",
            ),
        ),
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
                "Which kinds of request does the branch most often let run late?",
                "哪类业务最常办理超时?",
            ),
            t(
                "The Q3 breaches, grouped by request_type.",
                "把第 3 题的超时标记按 request_type 分组。",
            ),
            t(
                "breach.groupby(r['request_type']).mean()",
                "breach.groupby(r['request_type']).mean()",
            ),
        ),
        solution_text=code(BREACH_CODE + "breach.groupby(r['request_type'], observed=True).mean()"),
        points=2,
        label_kinds=(("request_type", "request_type"),),
        mistakes=(
            _m(
                "counts",
                breach_counts,
                "you counted breaches: a common request type has more of them simply by being common; give the rate.",
                "数的是超时笔数:常见的业务类型只因笔数多,超时笔数就多;请给出超时率。",
            ),
        ),
    ),
    ScoredQuestion(
        "q5",
        capability="relationship",
        skill="method",
        what="what_plan",
        columns=("client_id", "product"),
        valid=products_valid,
        scorer=score_plan,
        reference=plan_reference,
        # Shares of what the reference plan earns on the same bank (its own score is 0.26-0.44
        # over scenarios and seeds): an unfiltered plan earns 0-0.65 of it, a push or a random
        # plan nothing.
        pass_at=0.9,
        floor=0.7,
        too_small=plan_too_small,
        mistakes=(
            _m(
                "unfiltered",
                plan_unfiltered,
                "you offered a product for every need with no filtering: skip needs a product the client holds already serves, and new credit to weakly rated clients.",
                "每个需求都配了产品,没有筛选:客户已持有产品满足的需求不必再推,评级较弱的客户不新增信贷。",
            ),
            _m(
                "push",
                plan_push,
                "you pushed one product to every client: that sells to few and ties up RM hours.",
                "把同一款产品推给所有客户:买的人少,还占用客户经理的时间。",
            ),
        ),
        points=3,
        hints=(
            t(
                "An RM's hours are the scarce resource: offer what a client really lacks, where it pays after risk.",
                "客户经理的时间最稀缺:只向客户提供他真正缺少、扣除风险后仍划算的产品。",
            ),
            t(
                "Offer each client a product for a need you found (NEED_PRODUCT maps need → product), not one product to everyone.",
                "针对发现的需求给客户配产品(NEED_PRODUCT 给出需求 → 产品),而不是一款产品推给所有人。",
            ),
            t(
                "Skip needs a product the client holds already serves, and credit to weakly rated clients: expected loss eats the revenue.",
                "客户已持有产品满足的需求不必再推;评级较弱的客户不配信贷产品:预期损失会吃掉收入。",
            ),
        ),
        solution_text=code(PLAN_CODE),
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
    DecisionQuestion(
        "q7",
        fast_track,
        capability="service",
        skill="judgement",
        options=cat.REQUEST_TYPE_CODES,
        label_kind="request_type",
        points=2,
        rubric=(
            t(
                "uses the breach rates by type (Q4), not the counts",
                "依据各类业务的超时率(第 4 题),而不是笔数",
            ),
            t("links the delay to the bottleneck stage (Q2)", "把延误与瓶颈环节(第 2 题)联系起来"),
            t(
                "says what the fast track changes and who must agree",
                "说明快速通道改变什么、需要谁同意",
            ),
        ),
        hints=(
            t(
                "A fast track helps where clients most often wait longer than we promised.",
                "快速通道要开给最常让客户等得超过承诺的业务。",
            ),
            t(
                "The request type with the highest breach rate (Q4).",
                "超时率最高的业务类型(第 4 题)。",
            ),
        ),
        solution_text=code(
            BREACH_CODE
            + """rates = breach.groupby(r['request_type'].astype(str)).mean()
{'decision': rates.sort_index().idxmax(),
 'why': 'This request type breaches its service level most often; a pre-approved fast track at the approval stage would serve these clients first.'}
"""
        ),
    ),
)
