"""What happens to each client over time: the pilot, service experience, satisfaction, churn, default."""

from __future__ import annotations

import numpy as np

from casekit import catalog as cat
from casekit.simulate.world import World, sigmoid, systematic

# Median hours per stage are scaled by request type: a payment is quick, a renewal slow.
_TYPE_SCALE = {
    "account_opening": 0.9,
    "loan_drawdown": 1.2,
    "credit_renewal": 2.2,
    "intl_payment": 0.25,
    "info_change": 0.45,
    "online_banking_setup": 0.55,
}
# Service level: hours from 受理 (accepted) to the end of 办理 (processed).
SLA_HOURS = {
    "account_opening": 96,
    "loan_drawdown": 168,
    "credit_renewal": 288,
    "intl_payment": 24,
    "info_change": 48,
    "online_banking_setup": 72,
}


_DAY_START = 9 * 60  # 09:00
_DAY_MINUTES = 8 * 60 + 30  # a working day runs to 17:30


def business_time(day: np.ndarray, minute: np.ndarray, add: np.ndarray) -> np.ndarray:
    """The clock time after ``add`` working minutes from ``minute`` past 09:00 on business ``day``."""
    total = minute + add
    end_day = np.busday_offset(day, total // _DAY_MINUTES, roll="forward")
    return end_day.astype("datetime64[m]") + (_DAY_START + total % _DAY_MINUTES).astype(
        "timedelta64[m]"
    )


def make_pilot(w: World) -> None:
    """Choose the pilot's clients the way RMs do: not at random, bigger and friendlier ones first."""
    rng, a = w.rng("pilot"), w.a
    tier_bonus = np.where(a["tier"] == "strategic", 1.0, np.where(a["tier"] == "key", 0.6, 0.0))
    score = 0.7 * a["z"] + 0.8 * a["loyalty"] + tier_bonus
    # Shift the score so the expected share picked matches the scenario.
    lo, hi = -10.0, 10.0
    for _ in range(40):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if sigmoid(score + mid).mean() < w.scenario.pilot_share else (lo, mid)
    a["pilot"] = rng.random(w.n) < sigmoid(score + lo)


def make_service(w: World) -> None:
    """Service requests moving through 受理→审核→审批→办理→回访, with the scenario's bottleneck."""
    rng, a, n, m = w.rng("service"), w.a, w.n, w.months
    rate = (
        1.0
        + 1.2 * np.isin(a["size"], ("large", "medium"))
        + 0.8 * a["borrower"]
        + 0.5 * (a["fx_share"] > 0)
    )
    counts = rng.poisson(rate * m / 12)
    c = np.repeat(np.arange(n), counts)
    k = len(c)
    month = rng.integers(0, m, k)
    weights = np.column_stack(
        [
            np.full(k, 0.6),  # account_opening
            np.where(a["borrower"][c], 3.0, 0.0),  # loan_drawdown
            np.where(a["borrower"][c], 1.0, 0.0),  # credit_renewal
            np.where(a["fx_share"][c] > 0, 3.0, 0.0),  # intl_payment
            np.full(k, 2.0),  # info_change
            np.where(a["hold"]["online_banking"][c], 0.3, 1.2),  # online_banking_setup
        ]
    )
    cum = np.cumsum(weights, axis=1)
    rtype = np.array(cat.REQUEST_TYPE_CODES, dtype=object)[
        (rng.random(k)[:, None] * cum[:, -1:] > cum).sum(axis=1)
    ]
    scale = np.array([_TYPE_SCALE[t] for t in rtype])
    # Hours spent in 审核, 审批, 办理 (each ends at a timestamp), then until the 回访 call.
    median = np.array(w.scenario.stage_hours)
    sigma = np.array([0.6, 0.6, 0.6, 0.5])
    bott = cat.STAGE_CODES.index(w.scenario.bottleneck) - 1
    sigma[bott] = 0.85
    hours = median[None, :] * scale[:, None] * np.exp(sigma[None, :] * rng.standard_normal((k, 4)))
    hours[:, 3] = median[3] * np.exp(0.5 * rng.standard_normal(k))  # follow-up does not scale
    # Credit requests wait longest in the bottleneck stage: what a good analysis finds.
    credit = np.isin(rtype, ("loan_drawdown", "credit_renewal"))
    hours[credit, bott] *= 1.4
    # Work happens in business hours on business days: stage durations are working time.
    first = (w.start + month.astype("timedelta64[M]")).astype("datetime64[D]")
    day0 = np.busday_offset(first, rng.integers(0, 19, k), roll="forward")
    minute0 = rng.integers(0, _DAY_MINUTES - 30, k)
    worked = np.cumsum(np.round(hours * 60), axis=1).astype(np.int64)
    stamps = np.column_stack(
        [business_time(day0, minute0, np.zeros(k, np.int64))]
        + [business_time(day0, minute0, worked[:, j]) for j in range(3)]
    )
    followed = np.where(
        rng.random(k) < 0.72, business_time(day0, minute0, worked[:, 3]), np.datetime64("NaT")
    )
    sla = np.array([SLA_HOURS[t] for t in rtype])
    # The service level is judged the way the client feels it: calendar hours to 办理 done.
    turnaround = (stamps[:, 3] - stamps[:, 0]).astype(np.int64) / 60
    breach = turnaround > sla
    a["req"] = {
        "client": c,
        "month": month,
        "type": rtype,
        "stamps": stamps,
        "followed": followed,
        "sla": sla,
        "breach": breach,
        "turnaround": turnaround,
    }
    nreq = np.bincount(c, minlength=n)
    a["breach_rate"] = np.bincount(c, weights=breach, minlength=n) / np.maximum(nreq, 1)


def make_satisfaction(w: World) -> None:
    """Latent satisfaction: loyalty, contact, service breaches, unmet needs and RM coverage."""
    rng, a = w.rng("satisfaction"), w.a
    planned = np.array([w.scenario.contacts_per_year[t] for t in a["tier"]])
    a["contact_rate"] = planned * a["contact_factor"]  # contacts a year, before the pilot
    total = sum(a["need_value"][k] * a["need"][k] for k in cat.NEED_CODES)
    unmet = sum(a["need_value"][k] * (a["need"][k] & ~a["served"][k]) for k in cat.NEED_CODES)
    a["unmet_share"] = unmet / np.maximum(total, 1e-9)
    s = (
        0.75 * a["loyalty"]
        + 0.3 * np.log(np.minimum(a["contact_rate"], 12) / 4 + 0.25)
        - 1.4 * a["breach_rate"]
        - 0.6 * a["unmet_share"]
        + 0.6 * rng.standard_normal(w.n)
    )
    a["satisfaction"] = (s - s.mean()) / s.std()


def _hazard_time(e: np.ndarray, h: np.ndarray, h2: np.ndarray, switch: int) -> np.ndarray:
    """Invert a piecewise-constant monthly hazard (h before ``switch``, h2 after) at Exp(1) draws e."""
    before = e / np.maximum(h, 1e-12)
    after = switch + (e - h * switch) / np.maximum(h2, 1e-12)
    return np.where(before < switch, before, after)


def make_events(w: World) -> None:
    """Default and churn dates from the true hazards; NPL loans are disposed of later."""
    rng, a, n, m = w.rng("events"), w.a, w.n, w.months
    # Defaults: a book always carries NPLs from before it starts, so time runs from -30.
    # Who defaults is drawn with each borrower's own probability, systematically along
    # industry and exposure, and when is drawn from the hazard given that they do.
    h_d = -np.log1p(-a["pd"]) / 12
    span = m + 30
    pi_d = np.where(a["borrower"], -np.expm1(-h_d * span), 0.0)
    order = np.lexsort((-a["loan_base"], a["section"].astype(str)))
    hit = systematic(rng, pi_d, order)
    # When: each defaulter's time is uniform in its own law, but successive defaulters in
    # exposure order get well-spread times (a golden-ratio sequence), so the NPL stock of a
    # small book does not hinge on whether its few big defaults fell early or late.
    u = np.empty(n)
    by_size = np.flatnonzero(hit)[np.argsort(-a["loan_base"][hit], kind="stable")]
    u[by_size] = (rng.random() + 0.6180339887 * np.arange(len(by_size))) % 1.0
    u[~hit] = rng.random(int((~hit).sum()))
    t_def = np.floor(-30 - np.log1p(-u * pi_d) / np.maximum(h_d, 1e-12))
    # NPLs are written off, sold or recovered; big ones are worked out first (sold to an
    # asset-management company or restructured), small ones linger.
    resolve = t_def + np.where(
        a["loan_base"] > 5000, rng.integers(6, 16, n), rng.integers(8, 31, n)
    )
    # Churn: large firms leave partially, small ones outright; drawn the same way, along size.
    size = a["size"]
    annual = np.select(
        [size == "large", size == "medium"],
        [w.scenario.churn_large, (w.scenario.churn_large + w.scenario.churn_small) / 2],
        w.scenario.churn_small,
    )
    annual = annual * np.exp(-0.7 * a["satisfaction"] - 0.245)
    a["churn_hazard"] = np.clip(annual, 0, 0.9)
    h_c = -np.log1p(-a["churn_hazard"]) / 12
    ratio = w.scenario.pilot_effect["churn_hazard_ratio"]
    h_c2 = np.where(a["pilot"], h_c * ratio, h_c)
    p0 = w.pilot_start
    total = h_c * p0 + h_c2 * (m - p0)  # cumulative hazard over the book
    pi_c = -np.expm1(-total)
    size_rank = np.array([cat.SIZE_CODES.index(x) for x in size])
    churn_hit = systematic(rng, pi_c, np.lexsort((rng.random(n), size_rank)))
    e = -np.log1p(-rng.random(n) * pi_c)
    t_churn = np.where(churn_hit, np.floor(_hazard_time(e, h_c, h_c2, p0)), np.inf)
    defaulted = hit & (resolve >= 0) & ~(t_churn < t_def)
    a["default_month"] = np.where(defaulted, t_def, np.inf)
    a["resolve_month"] = np.where(defaulted, resolve, np.inf)
    a["rating"] = np.where(defaulted & (t_def < 0), "B", a["rating"]).astype(object)
    p_full = np.select([size == "large", size == "medium"], [0.1, 0.5], 0.85)
    full = rng.random(n) < p_full
    churned = (t_churn < m) & (t_churn < a["default_month"])
    a["churn_month"] = np.where(churned, t_churn, np.inf)
    a["churn_full"] = churned & full
    a["churn_partial"] = churned & ~full
    a["partial_drop"] = rng.uniform(0.25, 0.55, n)
    # The last month each client appears in the monthly panel.
    last = np.full(n, m - 1.0)
    last = np.where(a["churn_full"], np.minimum(last, t_churn), last)
    last = np.where(defaulted, np.minimum(last, resolve - 1), last)
    a["last_month"] = last.astype(np.int64)
    a["exit_month"] = np.where(last < m - 1, last + 1, -1).astype(np.int64)
    a["silent_default"] = rng.random(n) < 0.2  # defaults no signal announces
    a["distress_lead"] = rng.integers(3, 7, n)  # months of visible deterioration before default


def pilot_lift(w: World, t: np.ndarray, effect: float) -> np.ndarray:
    """Multiplier 1 + effect on the pilot's clients, ramping in over its first quarter."""
    ramp = np.clip((t - w.pilot_start + 1) / 3, 0, 1)
    return 1 + effect * np.outer(w.a["pilot"], ramp)
