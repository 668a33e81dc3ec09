"""Scoring service design (服务方案): a plan's revenue, risk, RAROC, RM hours and service levels.

A plan is a table of offers, one row per (client_id, product), with an optional ``coverage``
per client: ``dedicated`` (a team, 专属服务团队), ``standard`` (an RM) or ``digital`` (online
service with an RM on call). The simulator's truth says what each offer is really worth.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from casekit import catalog as cat
from casekit.book import Book
from casekit.evaluate.answers import as_table, check_clients, check_codes, truth_of

_PRODUCT = {p.code: p for p in cat.PRODUCTS}
# RM hours a year to sell and run one offer, by product family.
OFFER_HOURS = {
    "credit": 16.0,
    "off_balance": 12.0,
    "markets": 10.0,
    "deposit": 4.0,
    "settlement": 6.0,
}
# Coverage models: RM hours a year per client, and the response time promised (hours).
COVERAGE = {
    "dedicated": {"hours": 60.0, "response_hours": 4.0},
    "standard": {"hours": 12.0, "response_hours": 24.0},
    "digital": {"hours": 2.0, "response_hours": 48.0},
}
COVERAGE_CODES = tuple(COVERAGE)
# Service level each tier expects: the longest acceptable response, in hours.
TIER_RESPONSE_HOURS = {"strategic": 4.0, "key": 24.0, "general": 48.0}
RM_HOUR_COST = 0.05  # 万元: what an hour of RM time costs the bank, all in
LGD = 0.45  # loss given default, unsecured corporate (Basel foundation IRB)
CAPITAL_RATE = 0.08  # capital held per unit of credit exposure
OP_CAPITAL = 0.15  # operational-risk capital per unit of revenue
SELLING_SHARE = 0.25  # share of RM hours free for new business; the rest serves clients (coverage)
# Credit exposure an accepted offer creates, as a share of the client's revenue.
_EXPOSURE = {
    "working_capital_loan": 0.15,
    "overdraft": 0.03,
    "bank_acceptance": 0.05,
    "fixed_asset_loan": 0.3,
    "leasing": 0.08,
    "supply_chain_finance": 0.1,
    "ma_loan": 0.15,
    "trade_finance": 0.05,
    "bill_discounting": 0.05,
    # Off-balance-sheet: a guarantee or L/C is credit exposure (converted at 50% and 20%).
    "guarantee": 0.05,
    "letter_of_credit": 0.02,
}
BRANCH_AUTHORITY = 20_000.0  # 万元, the most the branch lends one client


def acceptance(urgency: np.ndarray) -> np.ndarray:
    """Chance a client takes up an offer that serves a real, unmet need: 0.35 + 0.1 × urgency."""
    return 0.35 + 0.1 * np.asarray(urgency, dtype=float)


@dataclass(frozen=True)
class PlanScore:
    """What a plan is expected to earn and cost, and how it compares with the baseline and the best."""

    offers: pd.DataFrame  # per offer: client, product, need served, revenue, cost, EL, capital
    revenue: float  # expected incremental revenue a year, 万元
    cost: float  # RM time, 万元
    expected_loss: float  # 万元
    capital: float  # economic capital, 万元
    raroc: float  # (revenue − cost − EL) / capital
    rm_hours: float  # hours a year the plan needs
    rm_capacity: float  # client-facing hours a year of the RMs who cover the plan's clients
    service_levels_met: float  # share of the plan's clients whose coverage meets their tier's SLA
    net: float  # revenue − cost − EL
    baseline_net: float  # the same clients under a product push (a loan for everyone)
    best_net: float  # the best plan the simulator knows for these clients and hours
    score: float  # net delivered within RM capacity / best net: 0 = nothing gained, 1 = the best

    def summary(self, lang: str = "en") -> str:
        """The plan's result in one paragraph."""
        fits = self.rm_hours <= self.rm_capacity
        fit = "within" if fits else "OVER"
        if lang == "zh":
            fit = (
                f"在可用工时 {self.rm_capacity:,.0f} 以内"
                if fits
                else f"超出可用工时 {self.rm_capacity:,.0f}"
            )
            return (
                f"预期年增收入 {self.revenue:,.1f} 万元，成本 {self.cost:,.1f}，预期损失 {self.expected_loss:,.1f}，"
                f"RAROC {self.raroc:.0%}；需客户经理 {self.rm_hours:,.0f} 小时，{fit}；"
                f"服务时效达标 {self.service_levels_met:.0%}；得分 {self.score:.2f}"
                f"（推销式基线 {self.baseline_net:,.1f}，最优方案 {self.best_net:,.1f}，本方案 {self.net:,.1f}）"
            )
        return (
            f"expected extra revenue {self.revenue:,.1f} 万元 a year, cost {self.cost:,.1f}, expected loss "
            f"{self.expected_loss:,.1f}, RAROC {self.raroc:.0%}; needs {self.rm_hours:,.0f} RM hours, {fit} "
            f"the {self.rm_capacity:,.0f} available; service levels met for {self.service_levels_met:.0%} of "
            f"clients; score {self.score:.2f} (product push {self.baseline_net:,.1f}, best plan "
            f"{self.best_net:,.1f}, this plan {self.net:,.1f})"
        )


def _offer_values(
    offers: pd.DataFrame, book: Book, needs: pd.DataFrame, pd_true: pd.Series
) -> pd.DataFrame:
    """Revenue, cost, expected loss and capital of each offer (vectorised; the widget hot path)."""
    clients = book.clients.set_index("client_id")
    product = offers["product"].map(_PRODUCT)
    serves = product.map(lambda p: p.serves)
    family = product.map(lambda p: p.family)
    key = needs.set_index(["client_id", "need"])
    idx = pd.MultiIndex.from_arrays([offers["client_id"], serves.fillna("")])
    value = key["value"].reindex(idx).to_numpy()
    urgency = key["urgency"].reindex(idx).to_numpy()
    served = key["served"].reindex(idx).to_numpy()
    has_need = ~np.isnan(value)
    open_need = has_need & ~served.astype(bool, copy=False) if len(served) else has_need
    if "take_up" in key:
        take = key["take_up"].reindex(idx).to_numpy()
    else:  # a truth written before take-up was recorded
        take = acceptance(np.nan_to_num(urgency))
    p_take = np.where(open_need, np.nan_to_num(take), 0.0)
    revenue = np.where(
        open_need,
        np.nan_to_num(value) * p_take,
        np.where(has_need, 0.05 * np.nan_to_num(value), 0.0),
    )
    hours = family.map(OFFER_HOURS).to_numpy(dtype=float)
    rev_client = clients["revenue"].reindex(offers["client_id"]).to_numpy()
    share = offers["product"].map(_EXPOSURE).fillna(0.0).to_numpy()
    exposure = np.minimum(rev_client * share, BRANCH_AUTHORITY) * np.where(open_need, p_take, 0.1)
    pdv = pd_true.reindex(offers["client_id"]).to_numpy()
    el = pdv * LGD * exposure
    capital = exposure * CAPITAL_RATE + OP_CAPITAL * revenue
    return offers.assign(
        need=serves.to_numpy(),
        open_need=open_need,
        revenue=revenue,
        hours=hours,
        cost=hours * RM_HOUR_COST,
        expected_loss=el,
        capital=capital,
        net=revenue - hours * RM_HOUR_COST - el,
    )


def _coverage_hours(
    plan_clients: pd.Index, coverage: pd.Series | None, book: Book
) -> tuple[float, float]:
    """RM hours for coverage and the share of clients whose coverage meets their tier's SLA."""
    if coverage is None or len(plan_clients) == 0:
        return 0.0, 1.0
    cov = coverage.reindex(plan_clients).fillna("standard")
    hours = cov.map(lambda c: COVERAGE[c]["hours"]).sum()
    tier = book.clients.set_index("client_id")["tier"].astype(str).reindex(plan_clients)
    promised = cov.map(lambda c: COVERAGE[c]["response_hours"])
    return float(hours), float((promised <= tier.map(TIER_RESPONSE_HOURS)).mean())


def _best_net(
    book: Book, universe: pd.Index, needs: pd.DataFrame, pd_true: pd.Series, hours_cap: float
) -> float:
    """The best plan the simulator knows: every open need's best product, most net per hour first."""
    open_needs = needs[needs["client_id"].isin(universe) & ~needs["served"]]
    if open_needs.empty:
        return 0.0
    rows = []
    for need, group in open_needs.groupby("need", observed=True):
        for p in cat.PRODUCTS:
            if p.serves == need:
                rows.append(
                    pd.DataFrame({"client_id": group["client_id"].to_numpy(), "product": p.code})
                )
    cand = _offer_values(pd.concat(rows, ignore_index=True), book, needs, pd_true)
    cand = (
        cand[cand["net"] > 0]
        .sort_values("net", ascending=False)
        .drop_duplicates(["client_id", "need"])
    )
    cand = cand.assign(per_hour=cand["net"] / cand["hours"]).sort_values(
        "per_hour", ascending=False
    )
    fits = cand["hours"].cumsum() <= hours_cap
    return float(cand.loc[fits, "net"].sum())


def evaluate_plan(
    plan: object,
    book: Book,
    *,
    clients: Iterable[str] | None = None,
    coverage: dict[str, str] | pd.Series | None = None,
    lang: str = "en",
) -> PlanScore:
    """Score a service plan: offers (client_id, product) and optional coverage per client.

    Per offer, with the client's true need value v and urgency u for the need the product serves:
    take-up p = 0.35 + 0.1u if the need is real and open (else none); revenue = p·v (5% of v
    if the need is already served); RM cost = hours × 0.05 万元; expected loss EL = PD × LGD(0.45)
    × exposure; capital = 8% of exposure + 15% of revenue; RAROC = (revenue − cost − EL) / capital.
    The baseline is a product push (a working-capital loan offered to every client of the plan);
    the best plan offers each open need its best product, most net per RM hour first, within
    the selling hours (25%) of the RMs who cover the plan's clients. score = net delivered / best
    net, where offers beyond the selling hours deliver only their share of the net, and coverage
    beyond the other 75% of the hours meets its service levels only for the share it can staff.
    """
    df = as_table(plan, ["client_id", "product"], "what_plan", lang)
    ids = check_clients(df["client_id"], book, "what_plan", lang)
    products = check_codes(df["product"], cat.PRODUCT_CODES, "product", "what_plan", lang)
    offers = pd.DataFrame(
        {"client_id": ids.to_numpy(), "product": products.to_numpy()}
    ).drop_duplicates()
    cov = None
    if coverage is not None:
        cov = (
            pd.Series(coverage, dtype=object)
            if isinstance(coverage, dict)
            else coverage.astype(object)
        )
        cov.index = check_clients(
            pd.Series(cov.index, dtype=object), book, "what_plan", lang
        ).to_numpy()
        cov = check_codes(cov, COVERAGE_CODES, "coverage", "what_plan", lang)
    needs = truth_of(book, "needs", "what_plan", lang).assign(
        client_id=lambda d: d["client_id"].astype(str), need=lambda d: d["need"].astype(str)
    )
    ct = truth_of(book, "client_truth", "what_plan", lang)
    pd_true = pd.Series(ct["pd_annual"].to_numpy(), index=ct["client_id"].astype(str))
    universe = (
        pd.Index(
            check_clients(pd.Series(list(clients), dtype=object), book, "what_plan", lang).unique()
        )
        if clients is not None
        else pd.Index(offers["client_id"].unique())
    )
    plan_clients = pd.Index(
        sorted(set(offers["client_id"]) | (set(cov.index) if cov is not None else set()))
    )
    valued = _offer_values(offers, book, needs, pd_true)
    cov_hours, sla = _coverage_hours(plan_clients, cov, book)
    rms = (
        book.clients.set_index("client_id")["rm_id"].reindex(universe.union(plan_clients)).unique()
    )
    capacity = float(book.rms.loc[book.rms["rm_id"].isin(rms), "capacity_hours"].sum() * 12)
    selling, serving = capacity * SELLING_SHARE, capacity * (1 - SELLING_SHARE)
    revenue, cost = (
        float(valued["revenue"].sum()),
        float(valued["cost"].sum() + cov_hours * RM_HOUR_COST),
    )
    el, capital = float(valued["expected_loss"].sum()), float(valued["capital"].sum())
    net = revenue - cost - el
    push = _offer_values(
        pd.DataFrame({"client_id": universe, "product": "working_capital_loan"}),
        book,
        needs,
        pd_true,
    )
    baseline = float(push["net"].sum())
    best = _best_net(book, universe, needs, pd_true, selling)
    offer_hours = float(valued["hours"].sum())
    hours = offer_hours + cov_hours
    # A plan needing more hours than there are can only be carried out in part.
    delivered = net * min(1.0, selling / offer_hours) if offer_hours > 0 else net
    if cov_hours > serving:
        sla *= serving / cov_hours
    score = float(np.clip(delivered / best, 0.0, 1.0)) if best > 0 else float(len(offers) == 0)
    return PlanScore(
        offers=valued,
        revenue=revenue,
        cost=cost,
        expected_loss=el,
        capital=capital,
        raroc=(net / capital) if capital > 0 else 0.0,
        rm_hours=hours,
        rm_capacity=capacity,
        service_levels_met=sla,
        net=net,
        baseline_net=baseline,
        best_net=best,
        score=score,
    )
