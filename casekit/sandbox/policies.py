"""Policies that play the sandbox: do nothing, at random, sensibly from observables, and the best known.

A policy is a function of the run that returns a quarter's decisions as plain rows. Only
``best_known`` reads the truth (it is the simulator's reference); the others read what a bank
sees, so a trainee could have written them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from casekit import catalog as cat
from casekit.sandbox import rules as R

if TYPE_CHECKING:
    from casekit.sandbox.sim import Sim

_SERVING = {k: [p.code for p in cat.PRODUCTS if p.serves == k] for k in cat.NEED_CODES}


def do_nothing(sim: Sim) -> list[dict]:
    """Business as usual: the trainee decides nothing; the bank's own RMs carry on."""
    return []


def _allowed(product: str, rating: str, npl: bool) -> bool:
    """Whether the risk appetite lets the bank offer ``product`` to this client."""
    if R.PRODUCT_FAMILY[product] not in R.CREDIT_FAMILIES:
        return True
    return not npl and R.grade_rank(rating) <= R.grade_rank(R.APPETITE_WORST_GRADE)


def _product_for(need: str, rating: str, npl: bool) -> str | None:
    """The first product serving ``need`` that the risk appetite allows (non-credit first)."""
    options = sorted(_SERVING.get(need, []), key=lambda p: R.PRODUCT_FAMILY[p] in R.CREDIT_FAMILIES)
    return next((p for p in options if _allowed(p, rating, npl)), None)


def random_policy(seed: int = 0) -> Callable[[Sim], list[dict]]:
    """Visits and offers spread at random over the clients still here, within the budget."""

    def policy(sim: Sim) -> list[dict]:
        rng = np.random.default_rng([seed, sim.quarter])
        panel = sim.observe()["panel"]
        here = panel.loc[panel["status"] != "gone"]
        rows, hours = [], 0.0
        picks = rng.permutation(len(here))
        for j in picks:
            client = here.iloc[j]
            if hours + R.VISIT_HOURS + 1 > sim.hours_budget:
                break
            cid = str(client["client_id"])
            rows.append({"kind": "visit", "client_id": cid, "hours": R.VISIT_HOURS})
            info = sim.book.clients.iloc[sim._pos[cid]]
            product = cat.PRODUCT_CODES[int(rng.integers(len(cat.PRODUCT_CODES)))]
            if _allowed(product, str(info["rating"]), bool(client["npl"])):
                rows.append({"kind": "offer", "client_id": cid, "product": product, "hours": 1.0})
                hours += 1
            hours += R.VISIT_HOURS
        return rows

    return policy


def sensible(sim: Sim) -> list[dict]:
    """What a good RM does from observables: follow up leads, visit the valuable, heed warnings."""
    clients = sim.book.clients.set_index("client_id")
    obs = sim.observe()
    panel = obs["panel"].set_index("client_id")
    here = panel.index[panel["status"] != "gone"]
    rows, hours = [], 0.0
    # Leads found on earlier visits and not yet accepted: offer what serves them, at a discount.
    accepted = {(o["client_id"], o["product"]) for t in sim.observed for o in t.get("offers", []).to_dict("records") if o["accepted"]}  # fmt: skip
    leads = [r for t in sim.observed for r in t.get("leads", []).to_dict("records")]
    offered: set[tuple[str, str]] = set()
    for lead in leads:
        cid = lead["client_id"]
        if cid not in here:
            continue
        product = _product_for(
            lead["need"], str(clients.at[cid, "rating"]), bool(panel.at[cid, "npl"])
        )
        if product is None or (cid, product) in accepted or (cid, product) in offered:
            continue
        if hours + 1 > sim.hours_budget / 2:
            break
        rows.append(
            {"kind": "offer", "client_id": cid, "product": product, "price": 0.9, "hours": 1.0}
        )
        offered.add((cid, product))
        hours += 1
    # Warnings: watch the orange ones, cut exposure on the red ones.
    for w in obs["warnings"].drop_duplicates("client_id", keep="last").to_dict("records"):
        levels = obs["warnings"].loc[obs["warnings"]["client_id"] == w["client_id"], "level"]
        level = max(levels, key=R.LEVELS.index)
        response = {"yellow": None, "orange": "watch", "red": "reduce_exposure"}[level]
        if response and hours + 2 <= sim.hours_budget:
            rows.append({"kind": "respond", "client_id": w["client_id"], "response": response})
            hours += 2
    # Visits: the largest relationships first, those not visited in the last two quarters.
    recent = {r["client_id"] for t in sim.observed[-2:] for r in t.get("interactions", []).to_dict("records") if r["visit_hours"] > 0}  # fmt: skip
    by_value = panel.loc[here].sort_values(["deposit_avg", "loan_balance"], ascending=False)
    for cid in by_value.index:
        if hours + 3 > sim.hours_budget:
            break
        if cid not in recent:
            rows.append({"kind": "visit", "client_id": cid, "hours": 3.0})
            hours += 3
    # Service: speed up the stage the book's requests wait longest in, and fund 回访.
    rows.extend({"kind": "improve", "improvement": s} for s in (slowest_stage(sim), "followed_up"))
    return rows


def slowest_stage(sim: Sim) -> str:
    """The stage (审核, 审批 or 办理) with the longest median time in the book's requests."""
    sr = sim.book.service_requests
    stamps = ["accepted_at", "reviewed_at", "approved_at", "processed_at"]
    waits = {
        stage: float((sr[b] - sr[a]).dt.total_seconds().median())
        for stage, a, b in zip(
            ("reviewed", "approved", "processed"), stamps, stamps[1:], strict=False
        )
    }
    return max(waits, key=waits.get)


def best_known(sim: Sim) -> list[dict]:
    """Greedy by true expected value per RM hour: take-up × value of open needs, churn risk × value."""
    st = sim._truth()
    c, nd = st.c, st.needs
    here = c["status"] != "gone"
    price = R.PRICE_BAND[0]  # price × take-up is largest at the bottom of the band
    lift = price * np.exp(-R.PRICE_ELASTICITY * (price - 1))
    cand: list[tuple[float, float, dict]] = []
    for j in np.flatnonzero(nd["open"] & here[nd["client"]]):
        ci = int(nd["client"][j])
        product = _product_for(str(nd["need"][j]), str(c["rating"][ci]), bool(c["npl"][ci]))
        if product is None:
            continue
        ev = nd["take_up"][j] * nd["value"][j] * lift * _credit_net(c, ci, product)
        if ev <= 0:
            continue  # a loan whose expected loss and capital cost exceed its margin
        cid = str(sim._ids[ci])
        # Offered with a visit (3 hours) or without (1 hour, lower take-up): both are candidates.
        cand.append((ev / 3, 3.0, {"kind": "offer", "client_id": cid, "product": product, "price": price, "hours": 1.0, "_visit": True}))  # fmt: skip
        cand.append((ev * 0.6, 1.0, {"kind": "offer", "client_id": cid, "product": product, "price": price, "hours": 1.0}))  # fmt: skip
    value = np.maximum(
        c["deposit"] * 0.0085 + c["loan"] * (0.0125 + c["spread"]) + c["fee"] * 12, 0
    )
    risk = -np.expm1(-3 * c["churn_h"] * np.exp(np.clip(_drivers(sim) - c["driver_ref"], -5, 5)))
    for ci in np.flatnonzero(here):
        ev = risk[ci] * value[ci] * 4 * 0.15  # a visit's share of a few years' relationship
        cand.append((ev / 2, 2.0, {"kind": "visit", "client_id": str(sim._ids[ci]), "hours": 2.0}))
    cand.sort(key=lambda x: -x[0])
    rows = _best_responses(sim, 0.0)
    hours = sum(2.0 for _ in rows)
    used: set = set()
    visited: set = set()
    for _, cost, row in cand:
        key = (row["kind"], row["client_id"], row.get("product"))
        if key in used or (row["kind"] == "visit" and row["client_id"] in visited):
            continue
        visit = row.pop("_visit", False) and row["client_id"] not in visited
        need = cost if visit or row["kind"] == "visit" else 1.0
        if hours + need > sim.hours_budget:
            continue
        if visit:
            rows.append({"kind": "visit", "client_id": row["client_id"], "hours": 2.0})
            visited.add(row["client_id"])
        if row["kind"] == "visit":
            visited.add(row["client_id"])
        rows.append(row)
        used.add(key)
        hours += need
    rows.extend(
        {"kind": "improve", "improvement": s}
        for s in (sim._facts["bottleneck_stage"], "followed_up")
    )
    return rows


def _credit_net(c: dict, ci: int, product: str) -> float:
    """The share of an offer's income left after the expected loss and capital cost it brings.

    A credit product adds a loan earning the FTP margin plus the client's spread; the same loan
    costs PD × LGD and the capital charge (relationship.contribution). Other products: 1.
    """
    from casekit.sandbox.quarter import LOAN_MARGIN
    from casekit.simulate.relationship import CAPITAL_RATIO, HURDLE, RISK_WEIGHT

    if R.PRODUCT_FAMILY[product] != "credit":
        return 1.0
    spread = float(c["spread"][ci])
    # The loan is sized on the margin floored at the FTP margin (quarter.py), but earns the
    # real one, which a large client's negative size premium can put below it.
    earns = LOAN_MARGIN + spread
    cost = float(c["pd"][ci] * c["lgd"][ci]) + RISK_WEIGHT[c["size"][ci]] * CAPITAL_RATIO * HURDLE
    return (earns - cost) / (LOAN_MARGIN + max(spread, 0.0))


def _drivers(sim: Sim) -> np.ndarray:
    from casekit.sandbox.quarter import driver_index

    return driver_index(sim.scenario.loyalty_links, sim._truth().c)


def _best_responses(sim: Sim, hours: float) -> list[dict]:
    """Respond to each warning as the truth says pays best: a year's contribution after it."""
    from casekit.simulate.relationship import contribution

    c = sim._truth().c
    rows = []
    for ci, level in sim._context()["level"].items():
        if hours + 2 > sim.hours_budget:
            break

        def worth(r: str | None, ci: int = ci) -> float:
            if r == "exit":
                return 0.0  # the relationship ends: nothing earned, nothing lost
            eff = R.RESPONSE_EFFECT[r] if r else R.Response(1.0, None, 1.0, 0.0, 0.0)
            loan = np.array([c["loan"][ci] * eff.loan_factor])
            pd_ = np.array([c["pd"][ci] * eff.pd_factor])
            lgd = eff.lgd if eff.lgd is not None else c["lgd"][ci]
            value = contribution(
                np.array([c["deposit"][ci]]), loan, np.array([c["spread"][ci] + eff.spread_change]),
                np.array([c["fee"][ci] * 12]), pd_, np.array([c["size"][ci]]),
            )  # fmt: skip
            # contribution() charges PD × 0.45; charge the response's own loss given default.
            return float(value[0] + loan[0] * pd_[0] * (0.45 - lgd))

        best = max((None, *R.ALLOWED_RESPONSES[level]), key=worth)
        if best is not None:
            rows.append({"kind": "respond", "client_id": str(sim._ids[ci]), "response": best})
            hours += 2
    return rows
