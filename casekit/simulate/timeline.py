"""What happens to each client over time: the pilot, satisfaction, churn and default.

Churn is driven month by month by what the client lived through (casekit.simulate.service):
recent breaches, complaints handled outside the rule, unmet needs, too little contact and a
competitor's offer, each with a strength the scenario sets (recorded in the truth).
"""

from __future__ import annotations

import numpy as np

from casekit import catalog as cat
from casekit.simulate.world import (
    World,
    balanced_systematic,
    cumsum_rows,
    lookup,
    sigmoid,
    systematic,
    unique_inverse,
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


def make_satisfaction(w: World) -> None:
    """Latent satisfaction: loyalty, contact, breaches, complaints, unmet needs and the RM."""
    rng, a = w.rng("satisfaction"), w.a
    planned = lookup(w.scenario.contacts_per_year.__getitem__, a["tier"])
    a["contact_rate"] = planned * a["contact_factor"]  # contacts a year, before the pilot
    total = sum(a["need_value"][k] * a["need"][k] for k in cat.NEED_CODES)
    unmet = sum(a["need_value"][k] * (a["need"][k] & ~a["served"][k]) for k in cat.NEED_CODES)
    a["unmet_share"] = unmet / np.maximum(total, 1e-9)
    years = w.months / 12
    s = (
        0.75 * a["loyalty"]
        + 0.3 * np.log(np.minimum(a["contact_rate"], 12) / 4 + 0.25)
        - 2.5 * a["breach_rate"]
        - 0.25 * a["complaints_by_month"].sum(axis=1) / years
        - 0.8 * a["late_complaints_by_month"].sum(axis=1) / years
        - 0.6 * a["unmet_share"]
        + 0.2 * a["rm_skill"]
        + 0.6 * rng.standard_normal(w.n)
    )
    a["satisfaction"] = (s - s.mean()) / s.std()


def _rolling(x: np.ndarray, window: int) -> np.ndarray:
    """Sum over the last ``window`` months, this month included."""
    c = cumsum_rows(x)
    out = c.copy()
    out[:, window:] -= c[:, :-window]
    return out


def _hazard_time(e: np.ndarray, h: np.ndarray, h2: np.ndarray, switch: int) -> np.ndarray:
    """Invert a piecewise-constant monthly hazard (h before ``switch``, h2 after) at Exp(1) draws e."""
    before = e / np.maximum(h, 1e-12)
    after = switch + (e - h * switch) / np.maximum(h2, 1e-12)
    return np.where(before < switch, before, after)


def churn_drivers(w: World) -> np.ndarray:
    """Log hazard multiplier of churn, client × month, from what each client has lived through."""
    rng, a, n, m = w.rng("competition"), w.a, w.n, w.months
    links = w.scenario.loyalty_links
    # A competitor's offer is on the table for a quarter; valuable clients are courted more.
    courted = np.where(a["tier"] == "general", 0.012, 0.03)
    offer = (rng.random((n, m)) < courted[:, None]).astype(float)
    a["competitor_offer"] = _rolling(offer, 3) > 0
    gap = np.maximum(0.0, -np.log(np.maximum(a["contact_factor"], 1e-6)))
    # Summed left to right in place: the roundings of `a + b + c`, without a temporary a term.
    x = links.get("breach", 0.0) * _rolling(a["breaches_by_month"], 6)
    x += links.get("complaint", 0.0) * _rolling(a["complaints_by_month"], 6)
    x += links.get("complaint_late", 0.0) * _rolling(a["late_complaints_by_month"], 12)
    x += links.get("unmet", 0.0) * a["unmet_share"][:, None]
    x += links.get("contact_gap", 0.0) * gap[:, None]
    x += links.get("competitor", 0.0) * a["competitor_offer"]
    x -= links.get("satisfaction", 0.0) * a["satisfaction"][:, None]
    return x


def make_events(w: World) -> None:
    """Default and churn dates from the true hazards, and how each default is worked out."""
    rng, a, n, m = w.rng("events"), w.a, w.n, w.months
    effect = w.pilot_effect
    p0 = w.pilot_start
    # Defaults: a book always carries NPLs from before it starts, so time runs from -30.
    # Who defaults is drawn with each borrower's own probability, systematically along
    # industry and exposure, and when is drawn from the hazard given that they do. The
    # pilot's clients borrow more, and some of it goes bad: their hazard rises by pd_ratio.
    h_d = -np.log1p(-a["pd"]) / 12
    h_d2 = np.where(a["pilot"], h_d * effect["pd_ratio"], h_d)
    before = p0 + 30
    total_d = h_d * before + h_d2 * (m - p0)
    pi_d = np.where(a["borrower"], -np.expm1(-total_d), 0.0)
    order = np.lexsort((-a["loan_base"], a["section"].astype(str)))
    # The random inputs of dates and workouts are drawn once, so each candidate selection
    # below is judged on the NPL stock it would really produce.
    start_u, start_p = rng.random(), rng.random()
    u_other, p_other = rng.random(n), rng.random(n)
    to_restructure, to_recover, to_write_off = (
        rng.integers(2, 7, n),
        rng.integers(6, 12, n),
        rng.integers(10, 15, n),
    )

    def workout(hit: np.ndarray) -> tuple[np.ndarray, ...]:
        # When: successive defaulters in exposure order get well-spread times (a golden-ratio
        # sequence), so the NPL stock does not hinge on whether the big ones fell early.
        by_size = np.flatnonzero(hit)[np.argsort(-a["loan_base"][hit], kind="stable")]
        u = u_other.copy()
        u[by_size] = (start_u + 0.6180339887 * np.arange(len(by_size))) % 1.0
        t_def = np.floor(-30 + _hazard_time(-np.log1p(-u * pi_d), h_d, h_d2, before))
        # How each NPL is worked out: restructured (it stays, dpd back to zero, under
        # observation), recovered or sold to an AMC (it leaves), or classified 损失 and
        # written off; dealt along exposure like the dates.
        deal = p_other.copy()
        deal[by_size] = (start_p + 0.7548776662 * np.arange(len(by_size))) % 1.0
        path = np.searchsorted(np.array([0.4, 0.8]), deal, side="right")
        restructure = np.where(path == 0, t_def + to_restructure, np.inf)
        resolve = np.select(
            [path == 1, path == 2], [t_def + to_recover, t_def + to_write_off], np.inf
        )
        return t_def, path, restructure, resolve

    sections, sec_idx = unique_inverse(a["section"].astype(str))
    low_grade = a["rating_idx"] >= 9  # BBB- and below
    kpi = np.flatnonzero(np.isin(sections, ("C", "F", "G")))

    by_loan = np.argsort(-a["loan_base"], kind="stable")  # defaulters are dealt in this order

    def npl_months(hits: np.ndarray) -> np.ndarray:
        # workout() for the defaulters alone (the same numbers, without the whole book), for
        # every candidate selection at once: one row of ``hits`` per candidate.
        tries = len(hits)
        cand, pos = np.nonzero(hits[:, by_loan])  # by candidate, each in exposure order
        i = by_loan[pos]
        counts = np.bincount(cand, minlength=tries)
        rank = np.arange(len(i)) - np.repeat(np.cumsum(counts) - counts, counts)
        u = (start_u + 0.6180339887 * rank) % 1.0
        t_def = np.floor(-30 + _hazard_time(-np.log1p(-u * pi_d[i]), h_d[i], h_d2[i], before))
        path = np.searchsorted(
            np.array([0.4, 0.8]), (start_p + 0.7548776662 * rank) % 1.0, side="right"
        )
        restructure = np.where(path == 0, t_def + to_restructure[i], np.inf)
        resolve = np.select(
            [path == 1, path == 2], [t_def + to_recover[i], t_def + to_write_off[i]], np.inf
        )
        end = np.minimum(np.minimum(resolve, restructure + 12), m)
        months = np.clip(end - np.maximum(t_def - 2, 0), 0, None)
        s = len(sections)
        by_section = np.bincount(
            cand * s + sec_idx[i], weights=months * a["loan_base"][i], minlength=tries * s
        ).reshape(tries, s)
        total = np.array([row.sum() for row in by_section])  # each row summed as one array
        # Defaults within the book by grade band: low grades must default more, in count.
        within = t_def >= 0
        low = low_grade[i]
        bands = np.column_stack(
            [
                np.bincount(cand[within & low], minlength=tries),
                np.bincount(cand[within & ~low], minlength=tries),
            ]
        )
        # The bank's NPL ratio counts most: its total weighs as much as eight industries; the
        # industries whose NPL ratios a banker reads (manufacturing, trade, transport) count
        # three times each.
        return np.hstack(
            [
                np.repeat(total[:, None], 8, axis=1),
                by_section,
                np.repeat(by_section[:, kpi], 2, axis=1),
                np.repeat(bands, 2, axis=1),
            ]
        )

    # A small book rests on a few defaults: it tries more starts to find a representative one.
    hit = balanced_systematic(rng, pi_d, order, npl_months, tries=32 if n <= 5000 else 12)
    t_def, path, restructure, resolve = workout(hit)

    # Churn, month by month: the scenario's attrition for a client of its size, raised or
    # lowered by what the client lived through (calibrated so the bank's overall attrition
    # stays the published one), and lowered by the pilot once it has ramped in.
    size = a["size"]
    annual = np.select(
        [size == "large", size == "medium"],
        [w.scenario.churn_large, (w.scenario.churn_large + w.scenario.churn_small) / 2],
        w.scenario.churn_small,
    )
    x = churn_drivers(w)
    mult = np.exp(x - x.max())
    ramp = np.clip((np.arange(m) - p0 + 1) / PILOT_RAMP_MONTHS, 0, 1)
    pilot_ratio = 1 + np.outer(a["pilot"], ramp) * (effect["churn_hazard_ratio"] - 1)
    h0 = -np.log1p(-np.clip(annual, 0, 0.9)) / 12
    # Calibrate each size class so the share of its clients who leave over the book is what
    # the scenario's attrition gives a homogeneous class: the drivers decide who leaves and
    # when, not how many (the book stays inside the published attrition ranges).
    h_c = np.zeros((n, m))
    load = cumsum_rows(mult)[:, -1]
    for s in unique_inverse(size)[0]:
        rows = size == s
        target = -np.expm1(-h0[rows][0] * m)
        lo, hi = 0.0, 1.0
        load_s = load[rows]  # taken once, not at every step of the search
        while np.mean(-np.expm1(-hi * load_s)) < target and hi < 1e12:
            hi *= 2
        for _ in range(50):
            k = (lo + hi) / 2
            lo, hi = (k, hi) if np.mean(-np.expm1(-k * load_s)) < target else (lo, k)
        h_c[rows] = lo * mult[rows]
    # The truth records each client's own annual hazard before the pilot touches it.
    a["churn_hazard"] = np.clip(-np.expm1(-12 * h_c.mean(axis=1)), 0, 0.95)
    h_c *= pilot_ratio
    cum = cumsum_rows(h_c)
    pi_c = -np.expm1(-cum[:, -1])
    # Each distinct size class looked up once, not once a client (the same ranks).
    sizes, size_of = unique_inverse(size)
    size_rank = np.array([cat.SIZE_CODES.index(v) for v in sizes])[size_of]
    churn_hit = systematic(rng, pi_c, np.lexsort((rng.random(n), size_rank)))
    target = -np.log1p(-rng.random(n) * pi_c)
    t_churn = np.where(churn_hit, (cum < target[:, None]).sum(axis=1), np.inf).astype(float)
    t_churn = np.where(t_churn >= m, np.inf, t_churn)
    # Defaults worked out before the book starts leave no trace in it (a restructured loan
    # stays under observation for a year).
    visible = np.where(path == 0, restructure + 18 >= 0, resolve >= 0)
    defaulted = hit & visible & ~(t_churn < t_def)
    a["default_month"] = np.where(defaulted, t_def, np.inf)
    a["resolve_month"] = np.where(defaulted, resolve, np.inf)
    a["restructure_month"] = np.where(defaulted, restructure, np.inf)
    a["written_off"] = defaulted & (path == 2)
    a["rating"] = np.where(defaulted & (t_def < 0), "B", a["rating"]).astype(object)
    p_full = np.select([size == "large", size == "medium"], [0.1, 0.5], 0.85)
    full = rng.random(n) < p_full
    churned = (t_churn < m) & (t_churn < a["default_month"])
    a["churn_month"] = np.where(churned, t_churn, np.inf)
    a["churn_full"] = churned & full
    a["churn_partial"] = churned & ~full
    a["partial_drop"] = rng.uniform(0.25, 0.55, n)
    # Before they go, clients wind down: balances and activity slide over a few months.
    a["churn_lead"] = rng.integers(2, 6, n)
    # The last month each client appears in the monthly panel.
    last = np.full(n, m - 1.0)
    last = np.where(a["churn_full"], np.minimum(last, t_churn), last)
    last = np.where(defaulted, np.minimum(last, resolve - 1), last)
    a["last_month"] = last.astype(np.int64)
    a["exit_month"] = np.where(last < m - 1, last + 1, -1).astype(np.int64)
    a["silent_default"] = rng.random(n) < 0.2  # defaults no signal announces
    a["distress_lead"] = rng.integers(3, 7, n)  # months of visible deterioration before default


PILOT_RAMP_MONTHS = 6  # the pilot's effects build up over its first half year


def pilot_lift(w: World, t: np.ndarray, effect: float) -> np.ndarray:
    """Multiplier 1 + effect on the pilot's clients, ramping in over its first half year."""
    ramp = np.clip((t - w.pilot_start + 1) / PILOT_RAMP_MONTHS, 0, 1)
    return 1 + effect * np.outer(w.a["pilot"], ramp)
