"""One quarter of the bank, simulated causally from the truth, the clients' state and the decisions.

Common random numbers: every draw comes from a stream keyed by (seed, quarter, purpose) and is
indexed by the client's (or the need's) position in the book, so a client's draws never depend
on what was decided for anyone, and an action's effect is measured against the counterfactual
on the very same draws.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from casekit import catalog as cat
from casekit.sandbox import rules as R
from casekit.sandbox.state import State, gap_of
from casekit.scenarios import Scenario
from casekit.simulate.activity import SIGNAL_IN_DISTRESS, SIGNAL_IN_HEALTH

PURPOSES = (
    "contact", "reveal", "take_up", "requests", "breach", "complaint", "late", "competitor",
    "churn", "full", "default", "warn", "signal", "false_alarm", "nps", "survey",
)  # fmt: skip
MAX_REQUESTS = 6  # requests a client files in a month, at most
REVEAL_HOURS = 3.0  # RM hours for a 63% chance of finding an open need (1 − e^−1)
BAU_REVEAL = 0.08  # chance a routine contact turns up an open need
UNVISITED_TAKE_UP = 0.6  # an offer without a visit this quarter converts less
SAT_SD = 0.8  # raw-to-standardised scale of the generator's satisfaction score
SAT_MEMORY = 0.5  # share of the gap to the new level closed in a quarter
MISFIT_SATISFACTION = 0.02  # an offer of something the client does not need annoys a little
COMPLAINT_P = 0.14  # complaints per breach (casekit.simulate.service), before loyalty
LATE_SHARE = 0.12  # complaints handled outside the 15/30-day rule
DEPOSIT_MARGIN = 0.0085  # FTP credit less rate paid on deposits (relationship.contribution)
LOAN_MARGIN = 0.0125  # FTP margin of loans before the risk spread
WORKOUT_QUARTERS = 4  # quarters a loan stays non-performing before it is worked out
_SIG_D = np.cumsum(np.asarray(SIGNAL_IN_DISTRESS) / sum(SIGNAL_IN_DISTRESS))
_SIG_H = np.cumsum(np.asarray(SIGNAL_IN_HEALTH) / sum(SIGNAL_IN_HEALTH))


def _gen(seed: int, quarter: int, purpose: str) -> np.random.Generator:
    """The stream of one purpose in one quarter (15: the sandbox's own corner of the seed)."""
    key = (15, quarter, PURPOSES.index(purpose))
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key)))


def draws(seed: int, quarter: int, purpose: str, shape: tuple[int, ...]) -> np.ndarray:
    """Uniform draws for one purpose in one quarter: the same whatever was decided."""
    return _gen(seed, quarter, purpose).random(shape)


def normals(seed: int, quarter: int, purpose: str, n: int) -> np.ndarray:
    """Standard normal draws for one purpose in one quarter (the survey's answers)."""
    return _gen(seed, quarter, purpose).standard_normal(n)


def driver_index(links: dict[str, float], c: dict[str, np.ndarray]) -> np.ndarray:
    """Log churn multiplier with the same terms and strengths as timeline.churn_drivers."""
    gap = gap_of(c["contacts_q"].sum(axis=1), c["planned"])
    return (
        links.get("breach", 0.0) * c["breach_m"].sum(axis=1)
        + links.get("complaint", 0.0) * c["complaint_m"].sum(axis=1)
        + links.get("complaint_late", 0.0) * c["late_m"].sum(axis=1)
        + links.get("unmet", 0.0) * c["unmet"]
        + links.get("contact_gap", 0.0) * gap
        + links.get("competitor", 0.0) * (c["competitor_left"] > 0)
        - links.get("satisfaction", 0.0) * c["satisfaction"]
    )


def set_unmet(c: dict, needs: dict) -> None:
    """Recompute each client's unmet share from its needs: open or lost ones are unmet."""
    n = len(c["present"])
    total = np.bincount(needs["client"], weights=needs["value"], minlength=n)
    unmet = np.bincount(needs["client"], weights=needs["value"] * ~needs["met"], minlength=n)
    c["unmet"] = unmet / np.maximum(total, 1e-9)


def _sat_raw(c: dict) -> np.ndarray:
    """The generator's satisfaction terms that decisions move (make_satisfaction)."""
    contacts = c["contacts_q"].sum(axis=1)
    return (
        0.3 * np.log(np.minimum(contacts, 12) / 4 + 0.25)
        - 2.5 * c["breach_rate"]
        - 0.25 * c["complaint_m"].sum(axis=1) * 2
        - 0.8 * c["late_m"].sum(axis=1)
        - 0.6 * c["unmet"]
    )


def prepare(state: State, scen: Scenario, seed: int) -> None:
    """Fill in what the quarters derive from the starting state (once, at quarter 0)."""
    c = state.c
    set_unmet(c, state.needs)
    c["breach_rate"] = c["breach_p"].copy()
    c["sat_raw_book"] = _sat_raw(c)
    # Each client's hazard in the truth is its average over the book; the drivers move it
    # from there, so the reference is the drivers as the book left them, a competitor's
    # offer counted at its chance of being on the table.
    courted = np.where(c["tier"] == "general", 0.012, 0.03)
    links = scen.loyalty_links
    c["driver_ref"] = driver_index(links, c) + links.get("competitor", 0.0) * -np.expm1(
        3 * np.log1p(-courted)
    )
    c["p_full"] = np.select([c["size"] == "large", c["size"] == "medium"], [0.1, 0.5], 0.85)
    c["full_u"] = draws(seed, 0, "full", (len(courted),))


def simulate(state: State, dec: pd.DataFrame, scen: Scenario, seed: int, facts: dict) -> dict:
    """Advance ``state`` by one quarter under ``dec``; returns what happened (observable and not)."""
    q = state.quarter + 1
    c, nd = state.c, state.needs
    n, k = len(c["present"]), len(nd["client"])
    here = c["status"] != "gone"
    u = {p: None for p in PURPOSES}
    for p, shape in (
        ("contact", (n,)), ("reveal", (k,)), ("take_up", (k,)), ("competitor", (n, 3)),
        ("churn", (n, 3)), ("default", (n, 3)), ("warn", (n,)), ("signal", (n,)),
        ("false_alarm", (n,)), ("nps", (n,)), ("breach", (n, 3, MAX_REQUESTS)),
        ("complaint", (n, 3, MAX_REQUESTS)), ("late", (n, 3, MAX_REQUESTS)),
    ):  # fmt: skip
        u[p] = draws(seed, q, p, shape)
    counts = np.minimum(
        _gen(seed, q, "requests").poisson(np.tile(c["requests_pm"][:, None], (1, 3))), MAX_REQUESTS
    )
    visits = dec[dec["kind"] == "visit"]
    vh = np.bincount(visits["client"].astype(int), weights=visits["hours"], minlength=n)
    improve = set(dec.loc[dec["kind"] == "improve", "improvement"])
    cost = sum(facts["cost"][x] for x in improve)

    # Contacts: business as usual (the bank's own RMs) plus the trainee's visits.
    bau = np.floor(c["contact_book"] / 4 + u["contact"]) * here
    contacts = bau + vh / R.VISIT_HOURS
    c["contacts_q"] = np.column_stack([c["contacts_q"][:, 1:], contacts])

    # Needs come due: those past their date unmet are lost to a competitor.
    month_end = 3 * q
    open_ = nd["open"] & here[nd["client"]]
    lost_now = open_ & (nd["due"] < month_end - 2)
    nd["open"] &= ~lost_now
    nd["lost"] |= lost_now
    # Visits reveal open needs (what the bank later sees as a lead in the call report).
    p_reveal = 1 - np.exp(-vh[nd["client"]] / REVEAL_HOURS)
    p_reveal = 1 - (1 - p_reveal) * (1 - BAU_REVEAL) ** bau[nd["client"]]
    new_leads = nd["open"] & ~nd["revealed"] & (u["reveal"] < p_reveal)
    nd["revealed"] |= new_leads

    # Offers: taken up only when they meet a real open need, with the truth's take-up.
    offers = dec[dec["kind"] == "offer"]
    taken_rows, misfit = [], np.zeros(n)
    for off in offers.itertuples():
        need = R.PRODUCT_SERVES[off.product]
        hit = np.flatnonzero((nd["client"] == off.client) & (nd["need"] == need) & nd["open"])
        if not len(hit):
            misfit[off.client] += 1
            continue
        j = int(hit[0])
        p = nd["take_up"][j] * math.exp(-R.PRICE_ELASTICITY * (off.price - 1))
        p *= 1.0 if vh[off.client] > 0 else UNVISITED_TAKE_UP
        if u["take_up"][j] < min(p, 0.95):
            nd["open"][j], nd["met"][j] = False, True
            gain = nd["value"][j] * off.price
            family = R.PRODUCT_FAMILY[off.product]
            if family == "credit":
                c["loan"][off.client] += gain / (LOAN_MARGIN + max(c["spread"][off.client], 0.0))
            elif family == "deposit":
                c["deposit"][off.client] += gain / DEPOSIT_MARGIN
            else:
                c["fee"][off.client] += gain / 12
            taken_rows.append((off.client, off.product, need, gain))
    set_unmet(c, nd)

    # Responses to last quarter's warnings.
    pd_factor = np.ones(n)
    exits = np.zeros(n, bool)
    for r in dec[dec["kind"] == "respond"].itertuples():
        eff = R.RESPONSE_EFFECT[r.response]
        pd_factor[r.client] *= eff.pd_factor
        if eff.lgd is not None:
            c["lgd"][r.client] = eff.lgd
        c["spread"][r.client] += eff.spread_change
        c["loan"][r.client] *= eff.loan_factor
        c["satisfaction"][r.client] += eff.satisfaction
        exits[r.client] = r.response == "exit"

    # Service: requests, breaches (fewer with a faster stage), complaints (fewer with 回访).
    bfac = 1.0
    for stage in improve - {"followed_up"}:
        bott = stage == facts["bottleneck_stage"]
        bfac *= R.BOTTLENECK_BREACH_FACTOR if bott else R.OTHER_STAGE_BREACH_FACTOR
    follow = "followed_up" in improve
    slot = np.arange(MAX_REQUESTS)[None, None, :] < counts[:, :, None]
    slot &= here[:, None, None]
    breach = slot & (u["breach"] < (c["breach_p"] * bfac)[:, None, None])
    p_cmp = np.where(breach, COMPLAINT_P, 0.005) * np.exp(-0.3 * c["loyalty"])[:, None, None]
    p_cmp = p_cmp * (R.FOLLOWUP_COMPLAINT_FACTOR if follow else 1.0)
    complaint = slot & (u["complaint"] < p_cmp)
    late = complaint & (u["late"] < LATE_SHARE * (R.FOLLOWUP_LATE_FACTOR if follow else 1.0))
    b_m, c_m, l_m = breach.sum(axis=2), complaint.sum(axis=2), late.sum(axis=2)
    c["breach_m"] = np.column_stack([c["breach_m"][:, 3:], b_m])
    c["complaint_m"] = np.column_stack([c["complaint_m"][:, 3:], c_m])
    c["late_m"] = np.column_stack([c["late_m"][:, 3:], l_m])
    req_q = counts.sum(axis=1) * here
    c["breach_rate"] = np.where(
        req_q > 0, 0.5 * c["breach_rate"] + 0.5 * b_m.sum(axis=1) / np.maximum(req_q, 1),
        c["breach_rate"],
    )  # fmt: skip

    # Satisfaction moves part of the way towards the level the quarter's experience implies.
    target = c["satisfaction_book"] + (_sat_raw(c) - c["sat_raw_book"]) / SAT_SD
    target += R.FOLLOWUP_SATISFACTION * follow - MISFIT_SATISFACTION * misfit
    c["satisfaction"] += SAT_MEMORY * (target - c["satisfaction"])

    # Month by month: a competitor's offer, churn through the generator's drivers, defaults.
    links = scen.loyalty_links
    courted = np.where(c["tier"] == "general", 0.012, 0.03)
    ref = c["driver_ref"]
    churn_m = np.full(n, -1)
    default_m = np.full(n, -1)
    losses = np.zeros(n)
    full_q, part_q = np.zeros(n, bool), np.zeros(n, bool)
    h_d = -np.log1p(-np.clip(c["pd"] * pd_factor, 0, 0.99)) / 12
    for t in range(3):
        c["competitor_left"] = np.where(
            u["competitor"][:, t] < courted, 3, np.maximum(c["competitor_left"] - 1, 0)
        )
        x = driver_index(links, c)
        h = c["churn_h"] * np.exp(np.clip(x - ref, -5, 5))
        alive = (c["status"] != "gone") & (c["status"] != "full") & ~exits
        go = alive & (u["churn"][:, t] < -np.expm1(-h)) & (churn_m < 0)
        full = go & ((c["status"] == "partial") | (c["full_u"] < c["p_full"]))
        part = go & ~full
        churn_m[go] = t
        full_q |= full
        part_q |= part
        c["status"][full] = "full"
        c["status"][part] = "partial"
        drop = 0.4
        c["deposit"][part] *= 1 - drop
        c["fee"][part] *= 1 - drop
        for col in ("deposit", "fee", "loan"):
            c[col][full] = 0.0
        borrower = (c["loan"] > 0) & ~c["npl"] & alive & ~full
        dflt = borrower & (u["default"][:, t] < -np.expm1(-h_d))
        default_m[dflt] = t
        losses[dflt] = c["loan"][dflt] * c["lgd"][dflt]
        c["npl"] |= dflt
    for col in ("deposit", "fee", "loan"):
        c[col][exits] = 0.0
    c["status"][exits] = "gone"
    c["status"][c["status"] == "full"] = "gone"
    # A non-performing loan is worked out within a year (recovered, sold or written off; its
    # loss was booked when it defaulted), so the NPL stock turns over as the generator's does.
    c["npl_q"] = np.where(c["npl"], c.get("npl_q", np.zeros(n)) + 1, 0)
    done = c["npl_q"] > WORKOUT_QUARTERS
    c["loan"][done], c["npl"][done], c["npl_q"][done] = 0.0, False, 0
    # Deposits follow the market between quarters.
    c["deposit"] *= 1 + scen.deposit_trend / 4

    # Warnings for next quarter: a borrower in distress (whose next-quarter default draw is
    # already below its PD) usually shows a signal; healthy firms sometimes do too.
    next_u = draws(seed, q + 1, "default", (n, 3)).min(axis=1)
    p_next = -np.expm1(-3 * -np.log1p(-np.clip(c["pd"], 0, 0.99)) / 12)
    on = (c["status"] != "gone") & (c["loan"] > 0) & ~c["npl"]
    distress = on & (next_u < p_next) & (u["warn"] < 0.75)
    false = on & ~distress & (u["false_alarm"] < 0.0125 * (1 + 25 * c["pd"]))
    warned = distress | false
    sig = np.where(
        distress, np.searchsorted(_SIG_D, u["signal"]), np.searchsorted(_SIG_H, u["signal"])
    )
    state.warned = {
        "client": np.flatnonzero(warned),
        "signal": np.array(cat.WARNING_CODES, dtype=object)[np.minimum(sig[warned], 7)],
    }
    state.quarter = q
    return {
        "quarter": q,
        "contacts": contacts,
        "visit_hours": vh,
        "new_leads": np.flatnonzero(new_leads),
        "taken": taken_rows,
        "requests": req_q,
        "breaches": b_m.sum(axis=1),
        "complaints": c_m.sum(axis=1),
        "late": l_m.sum(axis=1),
        "churn_month": churn_m,
        "default_month": default_m,
        "losses": losses,
        "exits": exits,
        "full": full_q,
        "partial": part_q & ~full_q,
        "cost": cost,
        "nps_u": u["nps"],
    }
