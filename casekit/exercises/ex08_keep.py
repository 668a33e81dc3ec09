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


def _m(key: str, fn: Any, en: str, zh: str) -> Mistake:
    return Mistake(key, fn, t(en, zh))


def share_in_30(ctx: Any) -> float:
    """Mistake: every complaint resolved within 30 days, extension or not."""
    return float((complaint_table(ctx.book)["days"] <= 30).mean())


def share_in_15(ctx: Any) -> float:
    """Mistake: only complaints resolved within 15 days, approved extensions forgotten."""
    return float((complaint_table(ctx.book)["days"] <= 15).mean())


def _left(ctx: Any) -> pd.Series:
    return ctx.book.outcomes.set_index("client_id")["churn_status"].astype(str).ne("active")


def churn_per_complaint(ctx: Any) -> pd.DataFrame:
    """Mistake: churn counted per complaint (a client with three complaints counts three times)."""
    tab = complaint_table(ctx.book)
    left = _left(ctx)
    group = tab["in_rule"].map({True: "in_rule", False: "broke_rule"})
    rate = left.reindex(tab["client_id"]).to_numpy()
    per = pd.Series(rate, index=tab.index).groupby(group).mean()
    none = handling_groups(ctx.book)
    per["none"] = left.reindex(none.index[none == "none"]).mean()
    return pd.DataFrame({"handling": per.index, "churn_rate": per.to_numpy()})


def churn_any_in_rule(ctx: Any) -> pd.DataFrame:
    """Mistake: a client with one complaint in the rule counted as in the rule, whatever else."""
    tab = complaint_table(ctx.book)
    group = pd.Series("none", index=pd.Index(ctx.book.clients["client_id"].astype(str)))
    group[group.index.isin(tab["client_id"])] = "broke_rule"
    group[group.index.isin(tab.loc[tab["in_rule"], "client_id"])] = "in_rule"
    rate = _left(ctx).reindex(group.index).groupby(group).mean()
    return pd.DataFrame({"handling": rate.index, "churn_rate": rate.to_numpy()})


def _tier_of_request(ctx: Any) -> pd.Series:
    r = ctx.book.service_requests
    return r["client_id"].map(ctx.book.clients.set_index("client_id")["tier"].astype(str))


def followup_of_clients(ctx: Any) -> pd.DataFrame:
    """Mistake: the share of clients with a 回访 call, not of requests."""
    r = ctx.book.service_requests
    called = r["followed_up_at"].notna().groupby(r["client_id"]).any()
    tier = ctx.book.clients.set_index("client_id")["tier"].astype(str).reindex(called.index)
    rate = called.groupby(tier).mean()
    return pd.DataFrame({"tier": rate.index, "followup_rate": rate.to_numpy()})


def followup_overall(ctx: Any) -> pd.DataFrame:
    """Mistake: the bank's overall 回访 share, given to every tier alike."""
    r = ctx.book.service_requests
    tiers = sorted(_tier_of_request(ctx).dropna().unique())
    return pd.DataFrame({"tier": tiers, "followup_rate": r["followed_up_at"].notna().mean()})


def nearest_by_income(ctx: Any) -> list[str]:
    """Mistake: the general clients with the most income, costs of risk and capital ignored."""
    from casekit.evaluate.keeping import first_year_income

    income = first_year_income(ctx.book)
    income.index = income.index.astype(str)
    tier = ctx.book.clients.set_index("client_id")["tier"].astype(str)
    return income[tier.reindex(income.index) == "general"].nlargest(5).index.tolist()


def nearest_no_bar(ctx: Any) -> list[str]:
    """Mistake: the general clients of highest contribution, those above the key bar included."""
    value = contribution(ctx.book)
    tier = ctx.book.clients.set_index("client_id")["tier"].astype(str)
    return value[tier == "general"].sort_values(ascending=False, kind="stable").index[:5].tolist()


def callbacks_by_income(ctx: Any) -> list[str]:
    """Mistake: the clients with the most income, whether or not they show signs of leaving."""
    from casekit.evaluate.keeping import first_year_income

    if len(ctx.book.clients) <= CALLS:  # every client is on every list: no method to tell apart
        raise ValueError("the bank has no more clients than calls")
    return first_year_income(ctx.book).nlargest(CALLS).index.astype(str).tolist()


FOCUS = {
    "complaints": t("fix complaint handling", "整改投诉处理"),
    "callbacks": t("widen the 回访 calls", "扩大回访覆盖"),
}


def focus_first(ctx: Any) -> str:
    """Where the quarter's effort goes first: a broken complaint rule before wider 回访 calls."""
    return "complaints" if (~complaint_table(ctx.book)["in_rule"]).any() else "callbacks"


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
                "The regulator's rule for complaints: how often did we keep our promise to resolve them in time?",
                "监管对投诉处理有时限要求:我们有多少次按时兑现了办结承诺?",
            ),
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
        mistakes=(
            _m(
                "thirty_days",
                share_in_30,
                "you counted every complaint resolved within 30 days as within the rule: 30 days is allowed only with an approved extension.",
                "把 30 日内办结的投诉都算作符合规定:只有经批准延期的才允许 30 日。",
            ),
            _m(
                "fifteen_only",
                share_in_15,
                "you counted only complaints resolved within 15 days: one with an approved extension resolved within 30 keeps the rule too.",
                "只算了 15 日内办结的投诉:经批准延期、30 日内办结的也符合规定。",
            ),
        ),
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
                "Do clients whose complaint we handled late leave us more often than those we never let down?",
                "投诉被拖延处理的客户,是否比从未被怠慢的客户更容易离开?",
            ),
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
        solution_text=code("""
days = (c['resolved_on'] - c['opened_on']).dt.days
in_rule = (days <= 15) | (c['extended'] & (days <= 30))
group = pd.Series('none', index=clients.index)
group[group.index.isin(c['client_id'])] = 'in_rule'
group[group.index.isin(c.loc[~in_rule, 'client_id'])] = 'broke_rule'
left = outcomes['churn_status'].ne('active').reindex(clients.index)
left.groupby(group).mean()
"""),
        points=2,
        mistakes=(
            _m(
                "per_complaint",
                churn_per_complaint,
                "you counted churn per complaint: a client who complained three times then counts three times; count each client once.",
                "按投诉笔数算流失率:投诉三次的客户就被算了三次;每户客户只算一次。",
            ),
            _m(
                "any_in_rule",
                churn_any_in_rule,
                "you put a client with one complaint handled in time among 'in_rule' even if another broke the rule: one broken promise is what the client remembers.",
                "只要有一笔投诉按时办结就把客户归入 'in_rule',哪怕另一笔超时:客户记住的是那一次失信。",
            ),
        ),
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
                "After a request, did someone call the client back to ask how it went? Does a key client get that call more often?",
                "客户办完业务后,有没有人回访问问效果?重点客户是否更常接到回访?",
            ),
            t(
                "A request got a 回访 call if followed_up_at is not empty.",
                "followed_up_at 不为空,即表示该请求有回访。",
            ),
            t(
                "Map each request's client to its tier, then average.",
                "把请求对应到客户的层级,再求均值。",
            ),
        ),
        solution_text=code("""
tier_of_request = r['client_id'].map(clients['tier'])
r['followed_up_at'].notna().groupby(tier_of_request, observed=True).mean()
"""),
        points=2,
        mistakes=(
            _m(
                "of_clients",
                followup_of_clients,
                "you took the share of clients who had a 回访 call: the question is how many requests were followed up; a client with ten requests and one call is not served.",
                "算的是得到过回访的客户比例:本题问的是有多少笔请求得到回访;十笔请求只回访一次的客户并没有被照顾好。",
            ),
            _m(
                "overall",
                followup_overall,
                "you gave every tier the bank's overall 回访 share: the point is whether key clients are called back more often than the rest.",
                "给每个层级填的都是全行的回访比例:要看的正是重点客户是否比其他客户回访得更多。",
            ),
        ),
    ),
    RankingQuestion(
        "q4",
        nearest_key,
        capability="maintenance",
        skill="data",
        what="what_ranking",
        hints=(
            t(
                "Which general clients are one good year from the key tier: the best of those still below its typical contribution.",
                "哪些一般客户再努力一年就能成为重点客户?就是综合贡献度仍低于门槛的客户中最高的那些。",
            ),
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
        solution_text=code("""
loans = y1.groupby('client_id')['loan_balance'].mean().reindex(clients.index, fill_value=0)
pd_of = clients['rating'].map(dict(zip(cat.RATINGS, cat.RATING_PD))).astype(float)
weight = clients['size_class'].isin(['large', 'medium']).map({True: 1.0, False: 0.75})
value = income.reindex(clients.index, fill_value=0) - loans * (pd_of * 0.45 + weight * 0.105 * 0.10)
bar = value[clients['tier'] == 'key'].median()
value[(clients['tier'] == 'general') & (value < bar)].nlargest(5).index.tolist()
"""),
        points=2,
        mistakes=(
            _m(
                "income_only",
                nearest_by_income,
                "you ranked by income alone: the tier follows the contribution, income less the expected loss and the cost of the capital the loans use.",
                "只按收入排序:分层依据的是综合贡献度,要扣除预期损失和贷款占用资本的成本。",
            ),
            _m(
                "no_bar",
                nearest_no_bar,
                "you ranked general clients above the key bar too: they are already past it (a review of their tier, not an upgrade plan).",
                "把已超过重点客户门槛的一般客户也排了进来:他们已经过了门槛(该复核层级,而不是做提升计划)。",
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
        scorer=score_list,
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
                "再按出问题的迹象加权:超时、投诉、低 NPS、小企业。",
            ),
        ),
        solution_text=code("""
first = r['accepted_at'].dt.strftime('%Y-%m').isin(months[:12])
late = (r['processed_at'] - r['accepted_at']).dt.total_seconds() / 3600 > r['sla_hours']
breaches = late[first].groupby(r.loc[first, 'client_id']).sum().reindex(clients.index, fill_value=0)
cy = c['opened_on'].dt.strftime('%Y-%m').isin(months[:12])
complained = c[cy].groupby('client_id').size().reindex(clients.index, fill_value=0)
s = book.surveys
nps = s[s['month'] == months[10]].set_index('client_id')['nps'].reindex(clients.index)
small = clients['size_class'].isin(['small', 'micro']).astype(float)
trouble = 1 + breaches + 2 * complained + (nps <= 6) + small
score = trouble * income.reindex(clients.index, fill_value=0).clip(lower=0)
score.nlargest(150).index.tolist()
"""),
        mistakes=(
            _m(
                "income_only",
                callbacks_by_income,
                "you called the clients who earn the most, whether or not they show signs of leaving: a 回访 call is for a client at risk; weight the income by the signs of trouble.",
                "回访的是收入最高的客户,不管他们有没有流失迹象:回访是给有风险的客户的;应按出问题的迹象给收入加权。",
            ),
        ),
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
    DecisionQuestion(
        "q7",
        focus_first,
        capability="service",
        skill="judgement",
        options=tuple(FOCUS),
        option_labels=FOCUS,
        points=2,
        rubric=(
            t(
                "weighs the complaints outside the 15/30-day rule (Q1) and what followed them (Q2)",
                "权衡超出 15/30 日规定的投诉(第 1 题)及其后果(第 2 题)",
            ),
            t(
                "says which clients the 回访 calls miss today (Q3)",
                "说明目前回访漏掉了哪些客户(第 3 题)",
            ),
            t(
                "names the first step and who owns it",
                "提出第一步措施及负责人",
            ),
        ),
        hints=(
            t(
                "A rule the regulator sets and the bank broke comes before anything the bank merely could do better.",
                "监管定下、而本行没有做到的规定,优先于本行只是可以做得更好的事。",
            ),
            t(
                "Did any complaint break the 15/30-day rule (Q1)? Then fix complaint handling first; else widen the 回访 calls.",
                "有没有投诉超出 15/30 日规定(第 1 题)?有就先整改投诉处理;否则扩大回访覆盖。",
            ),
        ),
        solution_text=code("""
days = (c['resolved_on'] - c['opened_on']).dt.days
in_rule = (days <= 15) | (c['extended'] & (days <= 30))
{'decision': 'complaints' if (~in_rule).any() else 'callbacks',
 'why': 'A complaint outside the 15/30-day rule breaks a promise the regulator holds us to, and those clients left more often; that comes before wider call-backs.'}
"""),
    ),
)

__all__ = ["HANDLING", "QUESTIONS", "TITLE"]
