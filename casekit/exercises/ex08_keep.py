"""Exercise 8 · Keeping and deepening a client (维护与提升).

The method of case 8: complaint handling against the 15/30-day rule and what followed, the
回访 calls by tier, the clients nearest the next tier, and a call-back list scored against the
income really at risk.
"""

from __future__ import annotations

from casekit import catalog as cat
from casekit.evaluate.keeping import CALLS
from casekit.exercises.common import clients_valid, t
from casekit.questions import (
    DecisionQuestion,
    Mistake,
    NumberQuestion,
    RankingQuestion,
    ReflectionQuestion,
)
from casekit.table_questions import ScoredQuestion, TableQuestion

TITLE = t("Exercise 8 · Keeping and deepening a client", "练习八 · 客户关系的维护与提升")
HANDLING = ("none", "in_rule", "broke_rule")


def _m(key: str, en: str, zh: str) -> Mistake:
    return Mistake(key, t(en, zh))


FOCUS = {
    "complaints": t("fix complaint handling", "整改投诉处理"),
    "callbacks": t("widen the 回访 calls", "扩大回访覆盖"),
}


QUESTIONS = (
    NumberQuestion(
        "q1",
        capability="service",
        skill="data",
        hints=(
            t(
                "The regulator's rule for complaints: how often did we keep our promise to resolve them in time?",
                "监管对投诉处理有时限要求：我们有多少次按时兑现了办结承诺？",
            ),
            t(
                "Days = resolved_on − opened_on. The rule: within 15 days, or within 30 if extended.",
                "天数 = resolved_on − opened_on。规定：15 日内，或经批准延期（extended）的 30 日内。",
            ),
            t("The share (0-1) of complaints that kept it.", "求符合规定的投诉所占比例（0-1）。"),
        ),
        rel_tol=0.0,
        abs_tol=0.002,
        unit="0-1",
        mistakes=(
            _m(
                "thirty_days",
                "you counted every complaint resolved within 30 days as within the rule: 30 days is allowed only with an approved extension.",
                "把 30 日内办结的投诉都算作符合规定：只有经批准延期的才允许 30 日。",
            ),
            _m(
                "fifteen_only",
                "you counted only complaints resolved within 15 days: one with an approved extension resolved within 30 keeps the rule too.",
                "只算了 15 日内办结的投诉：经批准延期、30 日内办结的也符合规定。",
            ),
        ),
    ),
    TableQuestion(
        "q2",
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
                "Do clients whose complaint we handled late leave us more often than those we never let down?",
                "投诉被拖延处理的客户，是否比从未被怠慢的客户更容易离开？",
            ),
            t(
                "Each client is 'none' (never complained), 'broke_rule' (a complaint outside the "
                "rule) or else 'in_rule'.",
                "每户客户归为 'none'（从未投诉）、'broke_rule'（有投诉超出规定）或 'in_rule'（其余投诉客户）。",
            ),
            t(
                "churn_rate: the share whose churn_status is not 'active', per group.",
                "churn_rate：各组中 churn_status 不是 'active' 的客户占比。",
            ),
        ),
        points=2,
        mistakes=(
            _m(
                "per_complaint",
                "you counted churn per complaint: a client who complained three times then counts three times; count each client once.",
                "按投诉笔数算流失率：投诉三次的客户就被算了三次；每户客户只算一次。",
            ),
            _m(
                "any_in_rule",
                "you put a client with one complaint handled in time among 'in_rule' even if another broke the rule: one broken promise is what the client remembers.",
                "只要有一笔投诉按时办结就把客户归入 'in_rule'，哪怕另一笔超时：客户记住的是那一次失信。",
            ),
        ),
    ),
    TableQuestion(
        "q3",
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
                "After a request, did someone call the client back to ask how it went? Does a key client get that call more often?",
                "客户办完业务后，有没有人回访问问效果？重点客户是否更常接到回访？",
            ),
            t(
                "A request got a 回访 call if followed_up_at is not empty.",
                "followed_up_at 不为空，即表示该请求有回访。",
            ),
            t(
                "Map each request's client to its tier, then average.",
                "把请求对应到客户的层级，再求均值。",
            ),
        ),
        points=2,
        mistakes=(
            _m(
                "of_clients",
                "you took the share of clients who had a 回访 call: the question is how many requests were followed up; a client with ten requests and one call is not served.",
                "算的是得到过回访的客户比例：本题问的是有多少笔请求得到回访；十笔请求只回访一次的客户并没有被照顾好。",
            ),
            _m(
                "overall",
                "you gave every tier the bank's overall 回访 share: the point is whether key clients are called back more often than the rest.",
                "给每个层级填的都是全行的回访比例：要看的正是重点客户是否比其他客户回访得更多。",
            ),
        ),
    ),
    RankingQuestion(
        "q4",
        capability="maintenance",
        skill="data",
        what="what_ranking",
        hints=(
            t(
                "Which general clients are one good year from the key tier: the best of those still below its typical contribution.",
                "哪些一般客户再努力一年就能成为重点客户？就是综合贡献度仍低于门槛的客户中最高的那些。",
            ),
            t(
                "Contribution = first-year interest + fee income − mean first-year loan balance × "
                "(PD × 0.45 + risk weight × 0.105 × 0.10), PD from the rating (cat.RATING_PD), risk "
                "weight 1.0 for large and medium firms, 0.75 for small and micro.",
                "综合贡献度 = 第一年利息与中间业务收入 − 第一年平均贷款余额 × (PD × 0.45 + 风险权重 × "
                "0.105 × 0.10);PD 按评级取 cat.RATING_PD，风险权重大中型企业 1.0、小微企业 0.75。",
            ),
            t(
                "The bar is the key tier's median contribution; keep general clients below it, highest first.",
                "门槛为重点客户综合贡献度的中位数；取低于门槛的一般客户，从高到低。",
            ),
        ),
        points=2,
        mistakes=(
            _m(
                "income_only",
                "you ranked by income alone: the tier follows the contribution, income less the expected loss and the cost of the capital the loans use.",
                "只按收入排序：分层依据的是综合贡献度，要扣除预期损失和贷款占用资本的成本。",
            ),
            _m(
                "no_bar",
                "you ranked general clients above the key bar too: they are already past it (a review of their tier, not an upgrade plan).",
                "把已超过重点客户门槛的一般客户也排了进来：他们已经过了门槛（该复核层级，而不是做提升计划）。",
            ),
        ),
    ),
    ScoredQuestion(
        "q5",
        capability="maintenance",
        skill="method",
        what="what_callback_list",
        columns=("client_id",),
        valid=clients_valid,
        pass_at=0.6,
        score_format="{:.0%}",
        max_rows=CALLS,
        points=3,
        hints=(
            t(
                "A 回访 call is worth most to a client who earns the bank a lot and shows signs of leaving.",
                "回访对那些给银行带来较多收入、又有流失迹象的客户最有价值。",
            ),
            t(
                "Use only what was known at the end of the first year. What a client earns the bank comes first.",
                "只用第一年末已知的信息。客户给银行带来的收入是第一位的。",
            ),
            t(
                "Weight income by the signs of trouble: breaches, complaints, a low NPS, a small firm.",
                "再按出问题的迹象加权：超时、投诉、低 NPS、小企业。",
            ),
        ),
        mistakes=(
            _m(
                "income_only",
                "you called the clients who earn the most, whether or not they show signs of leaving: a 回访 call is for a client at risk; weight the income by the signs of trouble.",
                "回访的是收入最高的客户，不管他们有没有流失迹象：回访是给有风险的客户的；应按出问题的迹象给收入加权。",
            ),
        ),
    ),
    ReflectionQuestion(
        "q6",
        capability="maintenance",
        skill="judgement",
        points=0,
        hints=(
            t(
                "What would the bank commit in a 银企合作协议, and what would it ask?",
                "在银企合作协议中，银行承诺什么？要求客户承诺什么？",
            ),
        ),
    ),
    DecisionQuestion(
        "q7",
        capability="service",
        skill="judgement",
        options=tuple(FOCUS),
        option_labels=FOCUS,
        points=2,
        rubric=(
            t(
                "weighs the complaints outside the 15/30-day rule (Q1) and what followed them (Q2)",
                "权衡超出 15/30 日规定的投诉（第 1 题）及其后果（第 2 题）",
            ),
            t(
                "says which clients the 回访 calls miss today (Q3)",
                "说明目前回访漏掉了哪些客户（第 3 题）",
            ),
            t(
                "names the first step and who owns it",
                "提出第一步措施及负责人",
            ),
        ),
        hints=(
            t(
                "A rule the regulator sets and the bank broke comes before anything the bank merely could do better.",
                "监管定下、而本行没有做到的规定，优先于本行只是可以做得更好的事。",
            ),
            t(
                "Did any complaint break the 15/30-day rule (Q1)? Then fix complaint handling first; else widen the 回访 calls.",
                "有没有投诉超出 15/30 日规定（第 1 题）？有就先整改投诉处理；否则扩大回访覆盖。",
            ),
        ),
    ),
)

__all__ = ["HANDLING", "QUESTIONS", "TITLE"]
