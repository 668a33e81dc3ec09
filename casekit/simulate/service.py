"""Service experience: requests through 受理→审核→审批→办理→回访, and the complaints they cause.

What a client lives through each month (breaches of the service level, complaints and how they
were handled against the 15/30-day rule) is kept as client × month counts, because loyalty
responds to it later (casekit.simulate.timeline): poor service comes first, then the exit.
"""

from __future__ import annotations

import numpy as np

from casekit import catalog as cat
from casekit.simulate.world import World, cumsum_rows

# Median hours per stage are scaled by request type: a payment is quick, a renewal slow.
_TYPE_SCALE = {
    "account_opening": 0.85,
    "loan_drawdown": 1.6,
    "credit_renewal": 2.6,
    "intl_payment": 0.25,
    "info_change": 0.4,
    "online_banking_setup": 0.55,
}
SLOW_TYPE_FACTOR = 1.8  # stage times of the request types a scenario handles worst
# Service level: hours from 受理 (accepted) to the end of 办理 (processed).
SLA_HOURS = {
    "account_opening": 96,
    "loan_drawdown": 168,
    "credit_renewal": 288,
    "intl_payment": 24,
    "info_change": 48,
    "online_banking_setup": 72,
}
# A few requests stall for weeks in one stage (the scenario's stuck_stage, never its
# bottleneck) waiting on the client, most often for missing documents (待补充材料). Small
# firms, with no finance staff to gather papers, stall more often than large ones.
STUCK_SHARE = {"large": 0.02, "medium": 0.035}  # the rest (small, micro) below
STUCK_SHARE_SMALL = 0.055
STUCK_DAYS = 30  # median business days a stalled request waits; log-normal spread below
STUCK_SIGMA = 0.5
STUCK_MAX_DAYS = 70  # after about three months the bank closes the file and the client reapplies
COMPLAINT_DAYS = 15  # a complaint must be resolved within 15 days ...
EXTENDED_DAYS = 30  # ... or 30 with a recorded, approved extension

_DAY_START = 9 * 60  # 09:00
_DAY_MINUTES = 8 * 60 + 30  # a working day runs to 17:30


def business_time(day: np.ndarray, minute: np.ndarray, add: np.ndarray) -> np.ndarray:
    """The clock time after ``add`` working minutes from ``minute`` past 09:00 on business ``day``."""
    total = minute + add
    end_day = np.busday_offset(day, total // _DAY_MINUTES, roll="forward")
    return end_day.astype("datetime64[m]") + (_DAY_START + total % _DAY_MINUTES).astype(
        "timedelta64[m]"
    )


def make_service(w: World) -> None:
    """Requests with stage timestamps; the bottleneck stage and slow types are the scenario's."""
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
    cum = cumsum_rows(weights)
    tcode = (rng.random(k)[:, None] * cum[:, -1:] > cum).sum(axis=1)
    rtype = np.array(cat.REQUEST_TYPE_CODES, dtype=object)[tcode]
    # Per-type figures looked up by code (a Python loop over every request is the slow way).
    slow = np.isin(tcode, [cat.REQUEST_TYPE_CODES.index(t) for t in w.scenario.slow_request_types])
    type_scale = np.array([_TYPE_SCALE[t] for t in cat.REQUEST_TYPE_CODES])
    scale = type_scale[tcode] * np.where(slow, SLOW_TYPE_FACTOR, 1.0)
    # Some clients are served worse than others: a stretched team, an RM who does not chase.
    team = np.exp(0.35 * rng.standard_normal(n) - 0.12 * a["rm_skill"])
    # Hours spent in 审核, 审批, 办理 (each ends at a timestamp), then until the 回访 call.
    median = np.array(w.scenario.stage_hours) * 0.85
    sigma = np.array([0.6, 0.6, 0.6, 0.5])
    bott = cat.STAGE_CODES.index(w.scenario.bottleneck) - 1
    sigma[bott] = 0.85
    hours = median[None, :] * scale[:, None] * np.exp(sigma[None, :] * rng.standard_normal((k, 4)))
    hours[:, :3] *= team[c, None]
    hours[:, 3] = median[3] * np.exp(0.5 * rng.standard_normal(k))  # follow-up does not scale
    # Work happens in business hours on business days: stage durations are working time.
    first = (w.start + month.astype("timedelta64[M]")).astype("datetime64[D]")
    day0 = np.busday_offset(first, rng.integers(0, 19, k), roll="forward")
    minute0 = rng.integers(0, _DAY_MINUTES - 30, k)
    own_worked = np.cumsum(np.round(hours * 60), axis=1).astype(np.int64)
    stuck, wait = _stall(w, c)
    # The wait falls in the stuck stage and delays every stage after it.
    stage = cat.STAGE_CODES.index(w.scenario.stuck_stage) - 1
    worked = own_worked + np.where(np.arange(4) >= stage, wait[:, None], 0)
    stamps = np.column_stack(
        [business_time(day0, minute0, np.zeros(k, np.int64))]
        + [business_time(day0, minute0, worked[:, j]) for j in range(3)]
    )
    followed = np.where(
        rng.random(k) < 0.72, business_time(day0, minute0, worked[:, 3]), np.datetime64("NaT")
    )
    sla = np.array([SLA_HOURS[t] for t in cat.REQUEST_TYPE_CODES])[tcode]
    # The service level is judged the way the client feels it: calendar hours to 办理 done.
    turnaround = (stamps[:, 3] - stamps[:, 0]).astype(np.int64) / 60
    breach = turnaround > sla
    # The client knows a stall was theirs: what sours them and draws complaints is the bank's
    # own part of the turnaround (without the wait), though the stall shows in the timestamps
    # like any other breach.
    own_turnaround = np.where(
        stuck,
        (business_time(day0, minute0, own_worked[:, 2]) - stamps[:, 0]).astype(np.int64) / 60,
        turnaround,
    )
    own = own_turnaround > sla
    a["req"] = {
        "client": c,
        "month": month,
        "type": rtype,
        "type_code": tcode,
        "stamps": stamps,
        "followed": followed,
        "sla": sla,
        "breach": breach,
        "own_breach": own,
        "stuck": stuck,
        "turnaround": turnaround,
        "own_turnaround": own_turnaround,
    }
    nreq = np.bincount(c, minlength=n)
    a["breach_rate"] = np.bincount(c, weights=own, minlength=n) / np.maximum(nreq, 1)
    a["breaches_by_month"] = _by_month(c[own], month[own], n, m)
    _make_complaints(w)


def _stall(w: World, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which requests stall waiting on the client, and the working minutes each waits."""
    # A stream of its own: the stalls shift no other request's draws.
    rng, size = w.rng("service_stuck"), w.a["size"][c]
    share = np.select(
        [size == "large", size == "medium"],
        [STUCK_SHARE["large"], STUCK_SHARE["medium"]],
        STUCK_SHARE_SMALL,
    )
    stuck = rng.random(len(c)) < share
    days = np.minimum(
        STUCK_DAYS * np.exp(STUCK_SIGMA * rng.standard_normal(len(c))), STUCK_MAX_DAYS
    )
    return stuck, np.where(stuck, np.round(days * _DAY_MINUTES), 0).astype(np.int64)


def _by_month(c: np.ndarray, t: np.ndarray, n: int, m: int) -> np.ndarray:
    """Counts of events per client and month (events outside the book are dropped)."""
    ok = (t >= 0) & (t < m)
    return np.bincount(c[ok] * m + t[ok], minlength=n * m).astype(float).reshape(n, m)


def _make_complaints(w: World) -> None:
    """Complaints raised by requests, resolved in days, mostly within the 15/30-day rule."""
    rng, a, req = w.rng("complaints"), w.a, w.a["req"]
    n, m = w.n, w.months
    # A complaint follows the bank's own delay: a stall waiting on the client adds none.
    c, breach = req["client"], req["own_breach"]
    late_by = req["own_turnaround"] / req["sla"]
    p = np.where(breach, 0.14 + 0.06 * np.clip(late_by - 1, 0, 3), 0.005)
    p *= np.exp(-0.3 * a["loyalty"][c])
    ci = np.flatnonzero(rng.random(len(c)) < p)
    opened = req["stamps"][ci, 3].astype("datetime64[D]") + rng.integers(0, 5, len(ci)).astype(
        "timedelta64[D]"
    )
    days = np.minimum(np.ceil(np.exp(np.log(6) + 0.75 * rng.standard_normal(len(ci)))), 60).astype(
        np.int64
    )
    # Past 15 days a complaint needs an approved extension (recorded), which allows 30. A few
    # are handled outside the rule: no extension recorded, or open beyond 30 days.
    extended = (days > COMPLAINT_DAYS) & (rng.random(len(ci)) < 0.9)
    outside = ((days > COMPLAINT_DAYS) & ~extended) | (days > EXTENDED_DAYS)
    category = np.where(
        breach[ci],
        "slow_service",
        np.array(cat.COMPLAINT_CODES[1:], dtype=object)[
            rng.integers(0, len(cat.COMPLAINT_CODES) - 1, len(ci))
        ],
    ).astype(object)
    # The month the rule was broken: day 16 without an extension, day 31 with one.
    broke = opened + np.where(extended, EXTENDED_DAYS + 1, COMPLAINT_DAYS + 1).astype(
        "timedelta64[D]"
    )
    a["cmp"] = {
        "request": ci,
        "client": c[ci],
        "opened": opened,
        "days": days,
        "extended": extended,
        "outside_rule": outside,
        "category": category,
    }
    start = w.start.astype("datetime64[M]")
    opened_m = (opened.astype("datetime64[M]") - start).astype(np.int64)
    broke_m = (broke.astype("datetime64[M]") - start).astype(np.int64)
    a["complaints_by_month"] = _by_month(c[ci], opened_m, n, m)
    a["late_complaints_by_month"] = _by_month(c[ci][outside], broke_m[outside], n, m)
