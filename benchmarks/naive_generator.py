"""Naive row-by-row book generator: the slow baseline for benchmarks/bench_generate.py.

This is deliberately NOT how casekit generates its bank. It is written the way a typical
analyst would write a first simulator -- Faker for names, Python's ``random`` module seeded
for determinism, a loop over clients with a loop over months inside, one dict per row appended
to lists, and pandas DataFrames built once at the end. No numpy vectorisation.

It exists only so the benchmark can compare casekit's vectorised numpy generator against an
honest baseline doing roughly the same per-client work ("at least 20x faster per client").
It is kept fair: Faker instances are built once, DataFrames are built once from lists (not
grown row by row), and nothing is slowed down on purpose.
"""

from __future__ import annotations

import argparse
import math
import random
import time
from datetime import datetime, timedelta

import pandas as pd
from faker import Faker

INDUSTRIES = list("ABCDEFGHIKLMNOPQR")  # GB/T 4754 sections used by the book
INDUSTRY_WEIGHTS = [2, 2, 30, 3, 2, 15, 10, 5, 6, 3, 5, 4, 3, 1, 1, 2, 2]  # C and F dominate
REGIONS = ["east", "central", "west"]
REGION_WEIGHTS = [0.55, 0.27, 0.18]
OWNERSHIPS = ["private", "soe", "foreign", "collective"]
OWNERSHIP_WEIGHTS = [0.74, 0.14, 0.09, 0.03]
RATINGS = ["AAA", "AA+", "AA", "AA-", "A+", "A", "A-", "BBB+", "BBB", "BBB-", "BB", "B"]
PRODUCTS = [
    "basic_account",
    "working_capital_loan",
    "overdraft",
    "bank_acceptance",
    "fixed_asset_loan",
    "structured_deposit",
    "agreed_deposit",
    "cash_pool",
    "intl_settlement",
    "fx_forward",
    "trade_finance",
    "supply_chain_finance",
    "payroll_service",
    "bond_underwriting",
    "online_banking",
]
CHANNELS = ["visit", "phone", "wechat", "email", "meeting"]
NOTES = [
    "客户咨询流动资金贷款续作",
    "讨论代发工资方案",
    "了解汇率避险需求",
    "回访网银使用情况",
    "客户反映结算手续费偏高",
    "Discussed trade finance limit renewal",
    "Client asked about cash pooling",
    "Follow-up on FX forward pricing",
    "Quarterly relationship review",
    "Introduced supply-chain finance product",
]
REQUEST_TYPES = [
    "account_opening",
    "loan_drawdown",
    "credit_renewal",
    "intl_payment",
    "info_change",
]
STAGES = ["accepted", "reviewed", "approved", "processed", "followed_up"]


def _size_class(staff: int, revenue: float) -> str:
    """Simple staff/revenue (万元) thresholds, largest class reached wins."""
    if staff >= 1000 and revenue >= 40000:
        return "large"
    if staff >= 300 and revenue >= 2000:
        return "medium"
    if staff >= 20 and revenue >= 300:
        return "small"
    return "micro"


def _poisson(rng: random.Random, lam: float, cap: int) -> int:
    """Knuth's multiply-uniforms Poisson draw, capped -- the loop an analyst would write."""
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit or k >= cap:
            return k
        k += 1


def generate_naive(n_clients: int, n_months: int = 36, seed: int = 0) -> dict[str, pd.DataFrame]:
    """Generate clients, monthly panel, holdings, interactions and service requests row by row."""
    rng = random.Random(seed)
    fake_zh, fake_en = Faker("zh_CN"), Faker("en_US")
    fake_zh.seed_instance(seed)
    fake_en.seed_instance(seed + 1)
    start = datetime(2023, 1, 1)
    period_days = n_months * 30

    clients: list[dict] = []
    panel: list[dict] = []
    holdings: list[dict] = []
    interactions: list[dict] = []
    requests: list[dict] = []

    for i in range(1, n_clients + 1):
        cid = f"C{i:05d}"
        industry = rng.choices(INDUSTRIES, weights=INDUSTRY_WEIGHTS)[0]
        staff = max(1, int(rng.lognormvariate(4.0, 1.3)))
        revenue = round(rng.lognormvariate(8.0, 1.6), 1)  # 万元
        total_assets = round(revenue * rng.uniform(0.6, 2.5), 1)
        liabilities = round(total_assets * rng.uniform(0.2, 0.85), 1)
        rating_idx = min(11, max(0, int(rng.gauss(7.0, 2.0))))
        size = _size_class(staff, revenue)
        tier = "strategic" if revenue > 100000 else "key" if revenue > 10000 else "general"
        clients.append(
            {
                "client_id": cid,
                "name_zh": fake_zh.company(),
                "name_en": fake_en.company(),
                "industry": industry,
                "region": rng.choices(REGIONS, weights=REGION_WEIGHTS)[0],
                "ownership": rng.choices(OWNERSHIPS, weights=OWNERSHIP_WEIGHTS)[0],
                "staff": staff,
                "revenue": revenue,
                "total_assets": total_assets,
                "liabilities": liabilities,
                "rating": RATINGS[rating_idx],
                "size_class": size,
                "tier": tier,
            }
        )

        # Monthly panel: one dict per client-month.
        base_dep = revenue * rng.uniform(0.05, 0.25)
        base_loan = liabilities * rng.uniform(0.0, 0.5)
        phase = rng.uniform(0, 2 * math.pi)
        amp = 0.35 if industry in ("A", "F", "G") else 0.15
        fx_share = rng.uniform(0.1, 0.5) if rng.random() < 0.25 else 0.0
        digital = rng.random()
        dpd = 0
        for m in range(n_months):
            season = 1.0 + amp * math.sin(2 * math.pi * m / 12 + phase)
            deposit_avg = max(0.0, base_dep * season * (1 + rng.gauss(0, 0.08)))
            inflow = max(0.0, revenue / 12 * season * (1 + rng.gauss(0, 0.1)))
            outflow = max(0.0, inflow * rng.gauss(0.97, 0.05))
            txns = max(0, int(rng.gauss(20 + staff / 10, 5)))
            late = rng.random() < 0.002 * (rating_idx + 1)
            dpd = dpd + 30 if late else (0 if rng.random() < 0.6 else dpd)
            panel.append(
                {
                    "client_id": cid,
                    "month": f"{2023 + m // 12}-{m % 12 + 1:02d}",
                    "deposit_avg": round(deposit_avg, 2),
                    "deposit_month_end": round(deposit_avg * (1 + rng.gauss(0, 0.05)), 2),
                    "loan_balance": round(max(0.0, base_loan * (1 + rng.gauss(0, 0.03))), 2),
                    "inflow": round(inflow, 2),
                    "outflow": round(outflow, 2),
                    "fx_inflow": round(inflow * fx_share * (1 + rng.gauss(0, 0.1)), 2),
                    "fx_outflow": round(outflow * fx_share * (1 + rng.gauss(0, 0.1)), 2),
                    "payroll_outflow": round(staff * rng.gauss(0.8, 0.05), 2),
                    "overdraft_days": rng.randint(0, 10) if deposit_avg < base_dep * 0.8 else 0,
                    "counter_txn": round(txns * (1 - digital)),
                    "online_txn": round(txns * digital),
                    "fee_income": round(txns * rng.uniform(0.005, 0.02), 3),
                    "interest_income": round(base_loan * 0.042 / 12, 3),
                    "dpd": min(dpd, 180),
                }
            )

        for code in rng.sample(PRODUCTS, rng.randint(2, 6)):
            holdings.append(
                {
                    "client_id": cid,
                    "product": code,
                    "opened": (start - timedelta(days=rng.randint(0, 3650))).date(),
                }
            )

        for _ in range(_poisson(rng, 3.0, 8)):
            interactions.append(
                {
                    "client_id": cid,
                    "date": (start + timedelta(days=rng.randrange(period_days))).date(),
                    "channel": rng.choice(CHANNELS),
                    "note": rng.choice(NOTES),
                }
            )

        for _ in range(rng.randint(0, 6)):
            row: dict = {"client_id": cid, "request_type": rng.choice(REQUEST_TYPES)}
            ts = start + timedelta(days=rng.randrange(period_days), hours=rng.randint(8, 17))
            for stage in STAGES:
                row[stage] = ts
                ts = ts + timedelta(hours=rng.expovariate(1 / 20.0))
            requests.append(row)

    return {
        "clients": pd.DataFrame(clients),
        "panel": pd.DataFrame(panel),
        "holdings": pd.DataFrame(holdings),
        "interactions": pd.DataFrame(interactions),
        "service_requests": pd.DataFrame(requests),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    tables = generate_naive(args.clients, args.months, args.seed)
    elapsed = time.perf_counter() - t0
    for name, df in tables.items():
        print(f"{name:>17}: {len(df):>9,} rows")
    print(
        f"{args.clients} clients x {args.months} months in {elapsed:.2f} s "
        f"= {args.clients / elapsed:,.0f} clients/second"
    )


if __name__ == "__main__":
    main()
