"""Exercise 3 · Service design (服务方案设计).

The method of case 3: find where the service process gets stuck (hours per stage, the
bottleneck, service-level breaches by request type), then design a plan for the key segment,
from the needs its data shows (``data_needs``), that evaluate_plan scores against the product push and the best plan the simulator knows.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from casekit import catalog as cat
from casekit.evaluate.needs_method import as_pairs, data_signals
from casekit.exercises.common import products_valid, t
from casekit.exercises.ex02_needs import behaviour
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


def data_needs(book: Any, ids: pd.Index) -> pd.DataFrame:
    """The needs the bank's data shows for these clients (Case 2's data signals), as pairs.

    Exercise 3 plans from this list. What clients said in calls, which exercise 2's triangulated
    list (its q5) adds, is not in it: the list gives away no answer of exercise 2 (it is that
    question's named ``data_only`` mistake; tests/test_keys.py checks that it stays wrong there).
    """
    per = behaviour(book, ids)
    clients = book.clients.set_index("client_id").reindex(ids)
    return as_pairs(data_signals(book, clients, per)).reset_index(drop=True)


def _m(key: str, en: str, zh: str) -> Mistake:
    return Mistake(key, t(en, zh))


QUESTIONS = (
    TableQuestion(
        "q1",
        capability="service",
        skill="data",
        what="what_table",
        columns=("stage", "median_hours"),
        keys=("stage",),
        rel_tol=0.01,
        hints=(
            t(
                "Walk a client's request from desk to desk: how long does it typically sit at each one?",
                "跟着一笔客户请求从一个岗位走到下一个岗位：它通常在每个环节停留多久？",
            ),
            t(
                "Hours in a stage = its end timestamp minus the previous one, e.g. reviewed_at − accepted_at.",
                "某环节耗时 = 本环节时间戳减去上一环节时间戳，例如 reviewed_at − accepted_at。",
            ),
            t(
                "(end − start).dt.total_seconds() / 3600, then .median() per stage.",
                "(end − start).dt.total_seconds() / 3600,再对每个环节取 .median()。",
            ),
        ),
        points=2,
        label_kinds=(("stage", "stage"),),
        mistakes=(
            _m(
                "mean",
                "you took the mean: a few requests stuck for weeks drag it up; the median is what a typical client waits.",
                "用了平均值：少数卡了几周的请求会把它拉高；中位数才是客户通常要等的时间。",
            ),
        ),
    ),
    ChoiceQuestion(
        "q2",
        capability="service",
        skill="judgement",
        options=tuple(STAGES),
        label_kind="stage",
        mistakes=(
            _m(
                "mean",
                "you judged by mean times: a few requests stuck for weeks (waiting for the client's documents) pull a stage's mean up, while its median, what a typical client waits, does not move. Compare medians.",
                "按平均耗时判断了：少数卡了几周的申请（在等客户补充材料）会把某个环节的均值拉高，中位数却不受影响，而中位数才是客户通常要等的时间。请比较中位数。",
            ),
        ),
        hints=(
            t(
                "Where does a typical request wait longest before the next desk picks it up?",
                "一笔普通的请求在哪个环节等得最久？",
            ),
            t(
                "The stage whose median time is longest, not the mean: a few stuck requests pull a mean up.",
                "中位耗时最长的环节，而不是平均耗时最长的：少数卡住的申请会把均值拉高。",
            ),
            t(
                "Answer with its code (reviewed, approved or processed) or its name (审核, 审批, 办理).",
                "用代码（reviewed、approved、processed）或名称（审核、审批、办理）作答。",
            ),
        ),
    ),
    NumberQuestion(
        "q3",
        capability="service",
        skill="data",
        hints=(
            t(
                "How often do we keep a client waiting longer than we promised?",
                "我们有多大比例让客户等得比承诺的还久？",
            ),
            t(
                "Turnaround = processed_at − accepted_at in hours; a breach is a turnaround above sla_hours.",
                "办理时长 = processed_at − accepted_at(小时);超过 sla_hours 即为超时。",
            ),
            t("The share (0–1) of all requests that breach.", "超时请求占全部请求的比例（0–1）。"),
        ),
        rel_tol=0.01,
        form="0-1",
        mistakes=(
            _m(
                "follow_up",
                "you timed requests to the follow-up call: the service level runs from acceptance to processing.",
                "把时长算到了回访：服务时限是从受理到办理完成。",
            ),
            _m(
                "in_time",
                "you gave the share processed in time: the question asks for the share that breached.",
                "给出的是按时办结的比例：本题问的是超时的比例。",
            ),
        ),
    ),
    TableQuestion(
        "q4",
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
                "哪类业务最常办理超时？",
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
        points=2,
        label_kinds=(("request_type", "request_type"),),
        mistakes=(
            _m(
                "counts",
                "you counted breaches: a common request type has more of them simply by being common; give the rate.",
                "数的是超时笔数：常见的业务类型只因笔数多，超时笔数就多；请给出超时率。",
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
        # Shares of what the reference plan (from data_needs) earns on the same bank (its own
        # score is 0.20-0.44 over scenarios and seeds, 0.16-0.65 on the smallest banks): an
        # unfiltered plan earns 0-0.7 of it, a push or a random plan nothing. On a small bank
        # the filters may remove nothing, and the unfiltered plan is then the right one.
        pass_at=0.9,
        floor=0.7,
        mistakes=(
            _m(
                "unfiltered",
                "you offered a product for every need with no filtering: skip needs a product the client holds already serves, and new credit to weakly rated clients.",
                "每个需求都配了产品，没有筛选：客户已持有产品满足的需求不必再推，评级较弱的客户不新增信贷。",
            ),
            _m(
                "push",
                "you pushed one product to every client: that sells to few and ties up RM hours.",
                "把同一款产品推给所有客户：买的人少，还占用客户经理的时间。",
            ),
        ),
        points=3,
        hints=(
            t(
                "An RM's hours are the scarce resource: offer what a client really lacks, where it pays after risk.",
                "客户经理的时间最稀缺：只向客户提供他真正缺少、扣除风险后仍划算的产品。",
            ),
            t(
                "Offer each client a product for a need you found (NEED_PRODUCT maps need → product), not one product to everyone.",
                "针对发现的需求给客户配产品（NEED_PRODUCT 给出需求 → 产品），而不是一款产品推给所有人。",
            ),
            t(
                "Skip needs a product the client holds already serves, and credit to weakly rated clients: expected loss eats the revenue.",
                "客户已持有产品满足的需求不必再推；评级较弱的客户不配信贷产品：预期损失会吃掉收入。",
            ),
        ),
    ),
    ReflectionQuestion(
        "q6",
        capability="service",
        skill="judgement",
        points=0,
        hints=(
            t(
                "What would you change in the process, and what in the plan, and who must agree?",
                "流程上你会改什么？方案上呢？需要谁同意？",
            ),
        ),
    ),
    DecisionQuestion(
        "q7",
        capability="service",
        skill="judgement",
        options=cat.REQUEST_TYPE_CODES,
        label_kind="request_type",
        points=2,
        rubric=(
            t(
                "uses the breach rates by type (Q4), not the counts",
                "依据各类业务的超时率（第 4 题），而不是笔数",
            ),
            t(
                "links the delay to the bottleneck stage (Q2)",
                "把延误与瓶颈环节（第 2 题）联系起来",
            ),
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
                "超时率最高的业务类型（第 4 题）。",
            ),
        ),
    ),
)
