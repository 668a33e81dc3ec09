"""The monthly client panel: balances, flows and income that reveal needs, risk and churn."""

from __future__ import annotations

import numpy as np

from casekit import catalog as cat
from casekit.simulate import credit, markets, teams
from casekit.simulate.timeline import pilot_lift
from casekit.simulate.world import Coded, World, lognormal

_WAGE = {"east": 0.85, "central": 0.65, "west": 0.62}  # 万元 per employee per month
_BANK_DRESSING_CAP = 0.026  # the bank's month-end deposits at most this far above the daily average
_NPL_IDX = [cat.LOAN_CLASS_CODES.index(c) for c in cat.NPL_CLASSES]


def _noise(rng: np.random.Generator, shape: tuple[int, int], sigma: float) -> np.ndarray:
    """Mean-one log-normal month-to-month noise (computed in place: it is the hot loop)."""
    z = rng.standard_normal(shape)
    z *= sigma
    z -= sigma * sigma / 2
    return np.exp(z, out=z)


def _ar1(rng: np.random.Generator, shape: tuple[int, int], rho: float, sigma: float) -> np.ndarray:
    """A persistent multiplicative wobble, so balances drift rather than jump month to month."""
    # Month by month over contiguous rows (months × clients); the same draws and operations
    # as over columns, so the same bits; the caller gets the transposed view back.
    shock = np.ascontiguousarray(rng.standard_normal(shape).T)
    shock *= sigma
    e = np.empty_like(shock)
    np.divide(shock[0], np.sqrt(1 - rho * rho), out=e[0])
    for t in range(1, shape[1]):
        np.multiply(e[t - 1], rho, out=e[t])
        e[t] += shock[t]
    return np.exp(e, out=e).T


def make_panel(w: World) -> dict[str, np.ndarray]:
    """Build every monthly column for every client-month the client is on the book."""
    rng, a, n, m = w.rng("panel"), w.a, w.n, w.months
    shape = (n, m)
    t = np.arange(m)[None, :].astype(float)
    cal = w.calendar_month[None, :]
    col = lambda x: np.asarray(x, dtype=float)[:, None]  # noqa: E731
    rev_m, wallet, amp = col(a["revenue"] / 12), col(a["wallet"]), col(a["season_amp"])
    # Months from each client's seasonal peak; the seasonal curves are looked up, not recomputed.
    lag = (cal - a["season_peak"][:, None]) % 12
    month_angle = 2 * np.pi * np.arange(12) / 12

    def season(lead_months: float) -> np.ndarray:
        return np.cos(month_angle - 2 * np.pi * lead_months / 12)[lag]

    months = w.start + np.arange(m)
    festival = markets.spring_festival(months)[None, :]
    cny = np.where(festival, 0.8, 1.0)  # the Spring Festival: sales and payments pause
    log_growth = col(np.log1p(a["growth"])) * (t / 12)
    trend = np.exp(log_growth)
    # Products are built in place, left to right: the same roundings as `a * b * c`, without
    # a fresh (clients × months) temporary per factor (fresh pages are what a chunk waits on).
    sales = rev_m * (1 + amp * season(0))
    sales *= cny
    sales *= trend
    sales *= _noise(rng, shape, 0.15)
    # Seasonal firms buy ahead of their peak, so payments lead receipts by about two months.
    buy = rev_m * (1 - col(a["margin"])) * (1 + amp * season(2))
    buy *= cny
    buy *= trend
    inflow = sales * wallet
    outflow = buy * wallet
    outflow *= _noise(rng, shape, 0.12)

    q1 = np.where(cal <= 3, 1.09, 1.0) * np.where(festival, 0.96, 1.0)  # 开门红 surge, festival dip
    market = (1 + w.scenario.deposit_trend) ** (t / 12)
    deposit = col(a["dep_base"]) * market
    deposit *= np.exp(0.5 * log_growth)
    deposit *= q1
    deposit *= _ar1(rng, shape, 0.75, 0.08)
    # A seasonal firm without cash runs its balance down before the peak and goes overdrawn.
    gap = np.clip((outflow - inflow) / np.maximum(rev_m * wallet, 1e-9), 0, None)
    squeezed = col(a["need"]["seasonal_wc"])
    deposit *= np.where(squeezed > 0, np.clip(1 - 2.2 * gap, 0.05, 1), 1.0)
    overdraft = np.where(squeezed > 0, np.round(np.clip(gap * 60 - 2, 0, 20)), 0.0)
    # Now and then any client runs a day or two overdrawn (3% of months; one draw a month).
    odd = rng.integers(0, 200, shape, dtype=np.uint8)
    overdraft += np.where(odd < 6, 1 + odd % 2, 0)
    # Drawn balances wobble around the limit's usage; only borrowers have one to draw.
    loan = np.zeros(shape)
    lent = np.flatnonzero(a["borrower"])
    loan[lent] = np.clip(
        a["loan_base"][lent, None]
        * (1 + 0.6 * amp[lent] * season(1.5)[lent] * squeezed[lent])
        * (1 + 0.04 * rng.standard_normal((len(lent), m))),
        0,
        None,
    )

    deposit *= pilot_lift(w, t[0], w.pilot_effect["deposit_pct"])
    fee = col(a["fee_base"]) * (1 + 0.5 * amp * season(0))
    fee *= _noise(rng, shape, 0.25)
    fee *= pilot_lift(w, t[0], w.pilot_effect["fee_pct"])
    # Every industry's market, and the teams' uplift where a team won the wallet.
    inflow, outflow, deposit, fee = teams.lift_panel(w, t[0], inflow, outflow, deposit, fee)

    # Churn: full churn empties the accounts in the month of leaving; partial churn shifts a
    # share of the flows to another bank over a quarter.
    tc = col(a["churn_month"])
    part = np.clip((t - tc + 1) / 3, 0, 1) * col(a["churn_partial"]) * col(a["partial_drop"])
    keep = 1 - part
    keep = np.where((col(a["churn_full"]) > 0) & (t >= tc), 0.12, keep)
    # Before leaving, a client winds down: balances and flows slide over its last months.
    lead_c = col(a["churn_lead"])
    wind = np.clip((t - (tc - lead_c)) / lead_c, 0, 1) * (t < tc)
    keep *= 1 - 0.3 * wind
    # Default: flows weaken over the lead months, payments rise, then the account goes quiet.
    td = col(a["default_month"])
    lead = np.where(col(a["silent_default"]) > 0, 1.0, col(a["distress_lead"]))
    slide = np.clip((t - (td - lead)) / lead, 0, 1)
    # A restructured borrower trades again, at a lower level, once its loan is rescheduled.
    after = np.where(t >= col(a["restructure_month"]), 0.7, 0.3)
    dist_in = np.where(t >= td, after, 1 - 0.45 * slide)
    dist_out = np.where(t >= td, after, 1 + 0.2 * slide)
    inflow = inflow * keep  # a new array: lift_panel's may be shared
    inflow *= dist_in
    outflow = outflow * keep
    outflow *= dist_out
    deposit = deposit * keep
    deposit *= np.where(t >= td, after - 0.1, 1 - 0.5 * slide)
    fee = fee * keep
    fee *= np.where(t >= td, after - 0.1, 1.0)
    loan = loan * np.where(col(a["churn_partial"]) > 0, 1 - part / 2, 1.0)
    loan = np.where((col(a["churn_full"]) > 0) & (t >= tc), 0.0, loan)
    # A defaulted loan stops amortising: it sits on the book until it is disposed of.
    at_default = np.take_along_axis(loan, np.clip(td, 0, m - 1).astype(np.int64), axis=1)
    loan = np.where(t >= td, at_default, loan)
    dpd = np.where(loan > 0, credit.dpd_path(w, t), 0.0)
    watch = credit.watch_spells(w, t)
    classes = credit.classify(w, dpd, loan, watch, t)

    # Window dressing (冲时点): most clients' month-end balance sits near the daily average,
    # but some dress hard at quarter ends. The 3% rule binds the bank's total, not each client.
    dresser = col(rng.random(n) < 0.1)
    quarter_end = cal % 3 == 0
    dev = rng.standard_normal(shape)
    dev *= 0.01
    dev += 0.006  # IEEE addition and multiplication commute exactly
    dev += 0.004 * quarter_end
    dev += dresser * np.where(quarter_end, rng.uniform(0.03, 0.15, shape), 0.0)
    dev = np.clip(dev, -0.05, 0.3)
    # The rule binds the bank: in a month where the dressers would lift the total above it,
    # everyone's dressing is scaled back (the branch tells its clients to stop).
    total = (deposit * dev).sum(axis=0) / np.maximum(deposit.sum(axis=0), 1e-9)
    dev = np.where(
        dev > 0, dev * np.minimum(1.0, _BANK_DRESSING_CAP / np.maximum(total, 1e-9)), dev
    )
    # Window dressing is measured against the published (rounded) daily average, and rounded
    # toward it, so the figures in the files are what the client's accounts showed.
    deposit *= 100.0
    np.rint(deposit, out=deposit)
    deposit /= 100.0
    deposit_end = deposit + np.sign(dev) * np.floor(np.abs(deposit * dev) * 100) / 100

    # Flows most clients never have are drawn only for the clients that have them.
    def sparse(rows: np.ndarray, fn) -> np.ndarray:
        out = np.zeros(shape)
        idx = np.flatnonzero(rows)
        out[idx] = fn(idx)
        return out

    fx_wallet = np.where(a["hold"]["intl_settlement"], 0.85, 0.08)
    trade = a["fx_share"] > 0

    def fx(idx: np.ndarray, base: np.ndarray, share: np.ndarray) -> np.ndarray:
        return (
            base[idx]
            * share[idx, None]
            * fx_wallet[idx, None]
            * keep[idx]
            * _noise(rng, (len(idx), m), 0.35)
        )

    exp_share = np.where(a["exporter"], a["fx_share"], 0.0)
    imp_share = np.where(a["exporter"], 0.2, 1.0) * a["fx_share"]
    fx_in = sparse(trade & a["exporter"], lambda i: fx(i, sales, exp_share))
    fx_out = sparse(trade, lambda i: fx(i, buy, imp_share))

    staff_t = col(a["staff"]) * (
        1 + np.where(col(a["expanding"]) > 0, col(a["growth"]), 0.0)
    ) ** np.floor(t / 6 / 2)
    # Year-end bonuses are paid in the month before the Spring Festival.
    bonus = markets.spring_festival(months + 1)[None, :]
    wages = staff_t * col([_WAGE[r] for r in a["region"]])
    wages *= np.where(bonus, 1.8, 1.0)
    wages *= keep
    payroll = sparse(
        a["hold"]["payroll_service"], lambda i: wages[i] * _noise(rng, (len(i), m), 0.04)
    )
    lump_payer = (a["staff"] >= 50) & ~a["hold"]["payroll_service"] & (rng.random(n) < 0.85)
    lump_payer |= (a["staff"] < 50) & (rng.random(n) < 0.25)
    salary_other = sparse(lump_payer, lambda i: wages[i] * _noise(rng, (len(i), m), 0.06))

    capex_month = rng.random(shape) < np.where(col(a["expanding"]) > 0, 0.22, 0.03)
    ci, ct = np.nonzero(capex_month)
    capex = np.zeros(shape)
    capex[ci, ct] = (
        a["revenue"][ci]
        * np.where(a["expanding"][ci], 0.05, 0.008)
        * lognormal(rng, 1.0, 0.5, len(ci))
        * keep[ci, ct]
    )
    deal = np.zeros(shape)
    acq = np.flatnonzero(a["acquirer"])
    deal[acq, rng.integers(0, m, len(acq))] = a["revenue"][acq] * rng.uniform(0.03, 0.08, len(acq))

    # Subsidiaries sweep cash up to the parent (every month under a cash pool, now and then
    # by hand without one); the parent sends some back down.
    gp = a["group_parent_idx"]
    sub = np.flatnonzero((gp >= 0) & ~a["is_parent"])
    pooled = a["hold"]["cash_pool"][gp[sub]]
    sweeps = rng.random((len(sub), m)) < np.where(pooled, 0.95, 0.45)[:, None]
    ig_out = np.zeros(shape)
    ig_out[sub] = np.where(sweeps, inflow[sub] * rng.uniform(0.1, 0.35, (len(sub), m)), 0.0)
    ig_in = np.zeros(shape)
    np.add.at(ig_in, gp[sub], ig_out[sub])
    parents = np.flatnonzero(a["is_parent"])
    ig_out[parents] += ig_in[parents] * rng.uniform(0.2, 0.6, (len(parents), m))
    ig_in[sub] += np.where(rng.random((len(sub), m)) < 0.3, inflow[sub] * 0.1, 0.0)

    txn = inflow + outflow
    np.maximum(txn, 0, out=txn)
    np.sqrt(txn, out=txn)
    txn *= 1.8
    txn += 6
    txn *= _noise(rng, shape, 0.2)
    share = np.where(
        col(a["hold"]["online_banking"]) > 0,
        1 / (1 + np.exp(-(1.4 + 1.3 * col(a["digital"])))),
        0.0,
    )
    online = np.round(txn * share)
    counter = np.round(txn * (1 - share))
    # Net interest income over the transfer price: a performing loan earns its spread over
    # LPR plus the margin over FTP, a deposit the FTP credit less its rate; both are squeezed
    # year by year as they were over 2023-2025.
    performing = (dpd <= 90) & ~np.isin(classes, _NPL_IDX)
    loan_margin = markets.loan_margin(months)[None, :] + col(a["loan_spread"])
    nii = loan * loan_margin
    nii *= performing
    nii += deposit * markets.deposit_margin(months)
    nii /= 12

    # Rows a client is on the book for, as flat positions (a take is faster than a mask).
    on_book = np.arange(m)[None, :] <= col(a["last_month"])
    flat = np.flatnonzero(on_book)
    last_year = slice(max(0, m - 12), m)
    _size_hedges(
        w,
        rng,
        np.where(
            on_book[:, last_year],
            np.round(fx_in[:, last_year], 2) + np.round(fx_out[:, last_year], 2),
            0.0,
        ),
    )
    rows, month_idx = np.divmod(flat, m)

    def pick(x: np.ndarray) -> np.ndarray:
        return np.ravel(x).take(flat)

    def r2(x: np.ndarray) -> np.ndarray:
        # 万元 to two decimals, as banks report: np.round's own steps, in place on the copy.
        y = pick(x)
        y *= 100.0
        np.rint(y, out=y)
        y /= 100.0
        return y

    dpd_i = pick(dpd).astype(np.int64)
    loan_v = r2(loan)
    class_v = pick(classes)
    return {
        "client_id": Coded(rows, w.client_ids),
        "month": Coded(month_idx, w.month_labels),
        "deposit_avg": r2(deposit),
        "deposit_month_end": r2(deposit_end),
        "loan_balance": loan_v,
        "inflow": r2(inflow),
        "outflow": r2(outflow),
        "fx_inflow": r2(fx_in),
        "fx_outflow": r2(fx_out),
        "payroll_outflow": r2(payroll),
        "salary_transfer_other_bank": r2(salary_other),
        "intragroup_inflow": r2(ig_in),
        "intragroup_outflow": r2(ig_out),
        "capex_outflow": r2(capex),
        "equity_transfer_outflow": r2(deal * keep),
        "overdraft_days": pick(overdraft).astype(np.int64),
        "counter_txn": pick(counter).astype(np.int64),
        "online_txn": pick(online).astype(np.int64),
        "fee_income": r2(fee),
        "interest_income": r2(nii),
        "dpd": dpd_i,
        "loan_class": Coded(
            np.where(loan_v > 0, class_v, 0).astype(np.int32), np.array(cat.LOAN_CLASS_CODES)
        ),
    }


def _size_hedges(w: World, rng: np.random.Generator, fx: np.ndarray) -> None:
    """Size the big traders' rolling forwards so the bank hedges its target share of FX flows.

    ``fx`` holds each client's settled FX flows of the book's last year, month by month.

    The hedge ratio a banker reads is the open forwards against the last year's settled FX
    flows (domain: about 25-28%); it is set on those realised flows, not on expected ones, so
    churn and noise do not push a small book outside the published band.
    """
    a, m = w.a, w.months
    flows = fx.sum(axis=1)
    open_ = a["hold"]["fx_forward"] & (a["last_month"] >= m - 1)
    amount = a["holding_amount"]["fx_forward"]
    big = open_ & a["big_fx"]
    fixed = np.minimum(np.where(open_ & ~big, amount, 0.0), flows).sum()
    target = rng.uniform(0.258, 0.272) * max(flows.sum(), 1e-9)
    lo, hi = 0.0, 8.0
    for _ in range(40):
        k = (lo + hi) / 2
        hedged = fixed + np.minimum(k * amount[big], flows[big]).sum()
        lo, hi = (k, hi) if hedged < target else (lo, k)
    a["holding_amount"]["fx_forward"] = np.where(big, lo * amount, amount)
