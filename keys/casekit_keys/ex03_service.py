"""Answer keys of exercise 03 (grader only: see casekit_keys)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from casekit import catalog as cat
from casekit.exercises.common import code, segment_ids, sentences
from casekit.exercises.ex03_service import STAGES, data_needs
from casekit.exercises.keys import Key


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
    return data_needs(ctx.book, segment_ids(ctx))


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


KEYS = {
    "q1": Key(
        expected=stage_medians,
        solution_text=code(
            HOURS_CODE + "hours.median().rename_axis('stage').rename('median_hours').reset_index()"
        ),
        mistakes={"mean": stage_means},
    ),
    "q2": Key(
        expected=bottleneck,
        solution_text=code(HOURS_CODE + "hours.median().idxmax()"),
        mistakes={"mean": bottleneck_by_mean},
    ),
    "q3": Key(
        expected=breach_share,
        solution_text=code(BREACH_CODE + "breach.mean()"),
        mistakes={"follow_up": breach_to_follow_up, "in_time": within_sla},
    ),
    "q4": Key(
        expected=breach_by_type,
        solution_text=code(BREACH_CODE + "breach.groupby(r['request_type'], observed=True).mean()"),
        mistakes={"counts": breach_counts},
    ),
    "q5": Key(
        scorer=score_plan,
        reference=plan_reference,
        too_small=plan_too_small,
        solution_text=code(PLAN_CODE),
        mistakes={"unfiltered": plan_unfiltered, "push": plan_push},
    ),
    "q7": Key(
        expected=fast_track,
        solution_text=code(
            BREACH_CODE
            + """rates = breach.groupby(r['request_type'].astype(str)).mean()
{'decision': rates.sort_index().idxmax(),
 'why': 'This request type breaches its service level most often; a pre-approved fast track at the approval stage would serve these clients first.'}
"""
        ),
    ),
}
