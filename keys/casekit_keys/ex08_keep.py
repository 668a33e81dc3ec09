"""Answer keys of exercise 08 (grader only: see casekit_keys)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from casekit.case_keep import complaint_table, contribution, handling_groups
from casekit.evaluate.keeping import CALLS, score_callbacks
from casekit.exercises.common import code
from casekit.exercises.keys import Key


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


def focus_first(ctx: Any) -> str:
    """Where the quarter's effort goes first: a broken complaint rule before wider 回访 calls."""
    return "complaints" if (~complaint_table(ctx.book)["in_rule"]).any() else "callbacks"


def score_list(answer: pd.DataFrame, ctx: Any, lang: str) -> tuple[float, str]:
    """The income at risk a call-back list reaches, as a share of the best list's."""
    s = score_callbacks(ctx.book, answer, lang)
    return s.share_of_best, s.summary(lang)


KEYS = {
    "q1": Key(
        expected=share_in_rule,
        solution_text=code("((days <= 15) | (c['extended'] & (days <= 30))).mean()"),
        mistakes={"thirty_days": share_in_30, "fifteen_only": share_in_15},
    ),
    "q2": Key(
        expected=churn_by_handling,
        solution_text=code("""
days = (c['resolved_on'] - c['opened_on']).dt.days
in_rule = (days <= 15) | (c['extended'] & (days <= 30))
group = pd.Series('none', index=clients.index)
group[group.index.isin(c['client_id'])] = 'in_rule'
group[group.index.isin(c.loc[~in_rule, 'client_id'])] = 'broke_rule'
left = outcomes['churn_status'].ne('active').reindex(clients.index)
left.groupby(group).mean()
"""),
        mistakes={"per_complaint": churn_per_complaint, "any_in_rule": churn_any_in_rule},
    ),
    "q3": Key(
        expected=followup_by_tier,
        solution_text=code("""
tier_of_request = r['client_id'].map(clients['tier'])
r['followed_up_at'].notna().groupby(tier_of_request, observed=True).mean()
"""),
        mistakes={"of_clients": followup_of_clients, "overall": followup_overall},
    ),
    "q4": Key(
        expected=nearest_key,
        solution_text=code("""
loans = y1.groupby('client_id')['loan_balance'].mean().reindex(clients.index, fill_value=0)
pd_of = clients['rating'].map(dict(zip(cat.RATINGS, cat.RATING_PD))).astype(float)
weight = clients['size_class'].isin(['large', 'medium']).map({True: 1.0, False: 0.75})
value = income.reindex(clients.index, fill_value=0) - loans * (pd_of * 0.45 + weight * 0.105 * 0.10)
bar = value[clients['tier'] == 'key'].median()
value[(clients['tier'] == 'general') & (value < bar)].nlargest(5).index.tolist()
"""),
        mistakes={"income_only": nearest_by_income, "no_bar": nearest_no_bar},
    ),
    "q5": Key(
        scorer=score_list,
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
        mistakes={"income_only": callbacks_by_income},
    ),
    "q7": Key(
        expected=focus_first,
        solution_text=code("""
days = (c['resolved_on'] - c['opened_on']).dt.days
in_rule = (days <= 15) | (c['extended'] & (days <= 30))
{'decision': 'complaints' if (~in_rule).any() else 'callbacks',
 'why': 'A complaint outside the 15/30-day rule breaks a promise the regulator holds us to, and those clients left more often; that comes before wider call-backs.'}
"""),
    ),
}
