"""Service design checks Case 3 teaches (原书 3.3, 4.3, 4.4): service levels per tier, a process
redesign replayed on the recorded requests (before and after), and the feedback loop from
follow-up calls (回访) and the survey's facets to the recommend score.
"""

from __future__ import annotations

import pandas as pd

from casekit.book import Book

STAGE_SPANS = {
    "reviewed": ("accepted_at", "reviewed_at"),
    "approved": ("reviewed_at", "approved_at"),
    "processed": ("approved_at", "processed_at"),
}
FACETS = ("speed", "professionalism", "product_fit", "digital")


def requests_with_hours(book: Book) -> pd.DataFrame:
    """Each service request with its tier, hours per stage, turnaround and whether it breached."""
    r = book.service_requests.merge(book.clients[["client_id", "tier"]], on="client_id")
    for stage, (a, b) in STAGE_SPANS.items():
        r[stage] = (r[b] - r[a]).dt.total_seconds() / 3600
    # From the end points, as the service level is judged (the stages add up to it).
    r["turnaround"] = (r["processed_at"] - r["accepted_at"]).dt.total_seconds() / 3600
    r["breach"] = r["turnaround"] > r["sla_hours"]
    r["followed_up"] = r["followed_up_at"].notna()
    return r


def by_tier(r: pd.DataFrame) -> pd.DataFrame:
    """Service level per tier: requests, breach rate, median turnaround, follow-up rate."""
    return (
        r.groupby(r["tier"].astype(str))
        .agg(
            requests=("breach", "size"),
            breach_rate=("breach", "mean"),
            median_hours=("turnaround", "median"),
            follow_up_rate=("followed_up", "mean"),
        )
        .reindex(["strategic", "key", "general"])
        .dropna(how="all")
    )


def redesign(r: pd.DataFrame, stage: str, cut: float) -> pd.DataFrame:
    """The requests as they would have run had ``stage`` taken ``cut`` less of its time (e.g.
    pre-approval or parallel review), the other stages unchanged."""
    if not 0 <= cut <= 1:
        raise ValueError(f"redesign_cut={cut!r}: a share of the stage's time from 0 to 1")
    out = r.copy()
    saved = out[stage] * cut
    out[stage] = out[stage] - saved
    out["turnaround"] = out["turnaround"] - saved
    out["breach"] = out["turnaround"] > out["sla_hours"]
    return out


def before_after(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Breach rate and median turnaround per request type, before and after a redesign."""
    key = before["request_type"].astype(str)
    return pd.DataFrame(
        {
            "breach_before": before["breach"].groupby(key).mean(),
            "breach_after": after["breach"].groupby(key).mean(),
            "hours_before": before["turnaround"].groupby(key).median(),
            "hours_after": after["turnaround"].groupby(key).median(),
        }
    ).sort_values("breach_before", ascending=False)


def feedback(book: Book, r: pd.DataFrame, months: int = 6) -> dict:
    """The recommend score (0–10) of surveyed clients by what happened to their requests in the
    ``months`` before: no breach, a breach followed up, a breach not followed up; and the facet
    most tied to the score."""
    s = book.surveys.assign(m=pd.PeriodIndex(book.surveys["month"], freq="M"))
    q = r.assign(rm=r["accepted_at"].dt.to_period("M"))[
        ["client_id", "rm", "breach", "followed_up"]
    ]
    j = s[["survey_id", "client_id", "m", "nps"]].merge(q, on="client_id")
    j = j[(j["rm"] <= j["m"]) & (j["rm"] > j["m"] - months)]
    per = j.groupby("survey_id").agg(nps=("nps", "first"), breach=("breach", "any"))
    hit = j[j["breach"]].groupby("survey_id").agg(nps=("nps", "first"), fu=("followed_up", "all"))
    corr = {f: float(book.surveys["nps"].corr(book.surveys[f])) for f in FACETS}
    top = max(corr, key=corr.get)

    def mean(x: pd.Series) -> float:
        return float(x.mean()) if len(x) else float("nan")

    return {
        "score_clean": mean(per.loc[~per["breach"], "nps"]),
        "score_breach": mean(per.loc[per["breach"], "nps"]),
        "score_followed": mean(hit.loc[hit["fu"], "nps"]),
        "score_unfollowed": mean(hit.loc[~hit["fu"], "nps"]),
        "n_breached": len(hit),
        "n_unfollowed": int((~hit["fu"]).sum()),
        "top_facet": top,
        "top_corr": corr[top],
    }
