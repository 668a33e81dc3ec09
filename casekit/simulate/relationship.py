"""The relationship: hidden needs, product holdings, contribution tier, RMs and coverage."""

from __future__ import annotations

import numpy as np

from casekit import catalog as cat
from casekit.simulate.world import Coded, World, lognormal, month_str, sigmoid, systematic

# Chance that a need the client has is already served by a product it holds.
_SERVED = {
    "seasonal_wc": 0.4,
    "capex": 0.2,
    "idle_liquidity": 0.3,
    "group_treasury": 0.3,
    "supply_chain": 0.15,
    "payroll": 0.35,
    "capital_markets": 0.2,
    "acquisition": 0.1,
    "digitisation": 0.35,
}
_FX_HEDGED_SHARE = 0.21  # of FX-exposed clients hold forwards (domain: ~25-28% of exposure hedged)
BRANCH_CREDIT_AUTHORITY = 20_000.0  # 万元: the most a branch may lend one client
# Target clients per RM by segment (domain brief: strategic 10-30, mid-market 40-80, SME 100-300).
RM_TARGET_LOAD = {"strategic": 20, "midmarket": 60, "sme": 190}
_TIER_SEGMENT = {"strategic": "strategic", "key": "midmarket", "general": "sme"}
_RM_SURNAMES = (
    ("王", "Wang"),
    ("李", "Li"),
    ("张", "Zhang"),
    ("刘", "Liu"),
    ("陈", "Chen"),
    ("杨", "Yang"),
    ("赵", "Zhao"),
    ("黄", "Huang"),
    ("周", "Zhou"),
    ("吴", "Wu"),
    ("徐", "Xu"),
    ("孙", "Sun"),
    ("胡", "Hu"),
    ("朱", "Zhu"),
    ("高", "Gao"),
)
_RM_GIVEN = (
    ("伟", "Wei"),
    ("芳", "Fang"),
    ("敏", "Min"),
    ("静", "Jing"),
    ("磊", "Lei"),
    ("洋", "Yang"),
    ("婷", "Ting"),
    ("强", "Qiang"),
    ("晨", "Chen"),
    ("昊", "Hao"),
    ("雪", "Xue"),
    ("博", "Bo"),
    ("琳", "Lin"),
    ("凯", "Kai"),
    ("悦", "Yue"),
)


def _urgency(rng: np.random.Generator, score: np.ndarray) -> np.ndarray:
    """Urgency 1 (can wait a year) .. 5 (act this quarter) from a need-specific score."""
    return np.clip(np.round(1 + 4 * sigmoid(score + 0.8 * rng.standard_normal(len(score)))), 1, 5)


def make_needs(w: World) -> None:
    """Each client's hidden needs with value (万元 a year) and urgency; the truth table."""
    rng, a, n = w.rng("needs"), w.a, w.n
    rev, z = a["revenue"], a["z"]
    big = np.isin(a["size"], ("large", "medium"))
    cash_rich = rng.random(n) < np.clip(
        0.08 + 0.08 * (a["ownership"] == "soe") + 0.06 * (a["section"] == "I") + 0.04 * z, 0.02, 0.5
    )
    a["cash_rich"] = cash_rich
    group_size = np.zeros(n, np.int64)
    gp = a["group_parent_idx"]
    np.add.at(group_size, gp[gp >= 0], 1)
    a["group_size"] = group_size
    a["fx_volume"] = rev * a["fx_share"]  # 万元 a year of foreign-currency flows
    a["acquirer"] = big & (z > 0.3) & (rng.random(n) < 0.05)
    a["expanding"] = (a["growth"] > 0.14) | (
        big & (rng.random(n) < 0.05) & np.isin(a["section"], ("C", "D", "E"))
    )
    need = {
        "seasonal_wc": (a["season_amp"] > 0.3) & ~cash_rich,
        "capex": a["expanding"],
        "idle_liquidity": cash_rich,
        "group_treasury": a["is_parent"] & (group_size >= 3),
        "fx_risk": a["fx_volume"] > 300,
        "supply_chain": (a["top_buyer_share"] > 0.45) & (a["receivable_days"] > 75),
        "payroll": a["staff"] >= 50,
        "capital_markets": (rev >= 100000) & (a["leverage"] > 0.45),
        "acquisition": a["acquirer"],
        "digitisation": a["digital"] < -0.7,
    }
    value = {
        "seasonal_wc": rev * a["season_amp"] * 0.15 * 0.035,
        "capex": rev * 0.35 * 0.02,
        "idle_liquidity": rev / 12 * 5 * 0.006,
        "group_treasury": rev * (1 + group_size) * 0.0006,
        "fx_risk": a["fx_volume"] * 0.002,
        "supply_chain": rev * a["receivable_days"] / 365 * 0.5 * 0.02,
        "payroll": a["staff"] * 0.04,
        "capital_markets": rev * 0.1 * 0.004,
        "acquisition": rev * 0.2 * 0.015,
        "digitisation": 0.5 + np.sqrt(rev) * 0.02,
    }
    score = {
        "seasonal_wc": 4 * (a["season_amp"] - 0.4),
        "capex": 6 * (a["growth"] - 0.12),
        "idle_liquidity": np.full(n, -0.8),
        "group_treasury": 0.3 * (group_size - 3),
        "fx_risk": 3 * (a["fx_share"] - 0.3),
        "supply_chain": 0.02 * (a["receivable_days"] - 90),
        "payroll": np.full(n, -0.5),
        "capital_markets": a["leverage"] - 0.6,
        "acquisition": np.full(n, 0.8),
        "digitisation": -0.5 - a["digital"],
    }
    a["need"] = need
    a["need_value"] = {k: np.round(v * lognormal(rng, 1.0, 0.3, n), 2) for k, v in value.items()}
    a["need_urgency"] = {k: _urgency(rng, s) for k, s in score.items()}


def make_holdings(w: World) -> None:
    """Which products each client holds, with amounts; a need is served if a product serves it."""
    rng, a, n = w.rng("holdings"), w.a, w.n
    need, rev = a["need"], a["revenue"]
    r = lambda: rng.random(n)  # noqa: E731 - a fresh uniform per product keeps them independent
    borrower = r() < np.clip(
        w.scenario.borrower_share
        + 0.25 * need["seasonal_wc"]
        + 0.15 * need["capex"]
        - 0.3 * a["cash_rich"]
        + 0.1 * a["z"],
        0.02,
        0.97,
    )
    hold: dict[str, np.ndarray] = {}
    hold["basic_account"] = r() < 0.5 + 0.3 * sigmoid(a["loyalty"])
    hold["working_capital_loan"] = borrower & (
        r() < np.where(need["seasonal_wc"], _SERVED["seasonal_wc"] + 0.2, 0.8)
    )
    hold["overdraft"] = borrower & (r() < 0.05)
    hold["bank_acceptance"] = borrower & np.isin(a["section"], ("C", "F")) & (r() < 0.3)
    hold["fixed_asset_loan"] = (need["capex"] & (r() < _SERVED["capex"])) | (
        borrower & np.isin(a["size"], ("large", "medium")) & (r() < 0.1)
    )
    hold["leasing"] = borrower & (r() < 0.02)
    hold["structured_deposit"] = (need["idle_liquidity"] & (r() < _SERVED["idle_liquidity"])) | (
        r() < 0.03
    )
    hold["agreed_deposit"] = r() < 0.06
    hold["cash_pool"] = need["group_treasury"] & (r() < _SERVED["group_treasury"])
    fx_clients = np.flatnonzero(need["fx_risk"])
    order = fx_clients[np.argsort(-a["fx_volume"][fx_clients], kind="stable")]
    # The biggest traders roll forwards over a slice of their exposure; smaller ones either
    # lock in a forward for most of it or leave it open.
    big_fx = np.zeros(n, bool)
    big_fx[order[: max(1, len(order) // 10)]] = True
    hold["fx_forward"] = systematic(rng, np.where(big_fx, 1.0, _FX_HEDGED_SHARE), order)
    # A client hedges with the bank that settles its trade.
    hold["intl_settlement"] = hold["fx_forward"] | ((a["fx_share"] > 0) & (r() < 0.7))
    hold["trade_finance"] = borrower & (a["fx_share"] > 0) & (r() < 0.2)
    hold["supply_chain_finance"] = need["supply_chain"] & (r() < _SERVED["supply_chain"])
    hold["payroll_service"] = np.where(need["payroll"], r() < _SERVED["payroll"], r() < 0.15)
    hold["bond_underwriting"] = need["capital_markets"] & (r() < _SERVED["capital_markets"])
    hold["ma_loan"] = need["acquisition"] & (r() < _SERVED["acquisition"])
    hold["online_banking"] = np.where(
        need["digitisation"], r() < _SERVED["digitisation"], r() < 0.93
    )
    a["hold"] = hold
    served = {k: np.zeros(n, bool) for k in cat.NEED_CODES}
    for p in cat.PRODUCTS:
        if p.serves:
            served[p.serves] |= hold[p.code]
    a["served"] = served
    cover = np.where(big_fx, rng.uniform(0.15, 0.38, n), rng.uniform(0.6, 0.9, n))
    a["hedge_cover"] = np.where(hold["fx_forward"], cover, 0.0)
    # A thin hedge leaves the FX need open: it counts as served from half the exposure up.
    served["fx_risk"] = a["hedge_cover"] >= 0.5
    amount = {
        "working_capital_loan": rev * rng.uniform(0.08, 0.22, n),
        "overdraft": rev * 0.03,
        "bank_acceptance": rev * rng.uniform(0.03, 0.08, n),
        "fixed_asset_loan": rev * rng.uniform(0.2, 0.4, n),
        "leasing": rev * 0.08,
        "structured_deposit": rev / 12 * rng.uniform(1, 3, n),
        "agreed_deposit": rev / 12 * rng.uniform(0.3, 1, n),
        "fx_forward": a["fx_volume"] * a["hedge_cover"],
        "trade_finance": a["fx_volume"] * 0.15,
        "supply_chain_finance": rev * a["receivable_days"] / 365 * 0.3,
        "ma_loan": rev * 0.15,
    }
    # A branch may approve at most its delegated authority per client; above it, head office
    # books the loan, so the branch's own book never rests on one name.
    limit = sum(
        np.where(hold[p.code], amount[p.code], 0.0) for p in cat.PRODUCTS if p.family == "credit"
    )
    cap = np.minimum(1.0, BRANCH_CREDIT_AUTHORITY / np.maximum(limit, 1e-9))
    for p in cat.PRODUCTS:
        if p.family == "credit":
            amount[p.code] = amount[p.code] * cap
    a["credit_limit"] = limit * cap
    a["borrower"] = a["credit_limit"] > 0
    a["holding_amount"] = amount
    a["holding_start"] = {
        p: -rng.integers(1, 12 * np.minimum(a["tenure_years"], 8) + 1) for p in hold
    }


def make_tiers_and_rms(w: World) -> None:
    """Contribution (综合贡献度), tiers by its rank, and the RMs who cover each tier."""
    rng, a, n = w.rng("rms"), w.a, w.n
    w_share = np.where(a["hold"]["basic_account"], rng.beta(6, 3, n), rng.beta(2, 5, n))
    cash_months = lognormal(rng, 0.55, 0.45, n) * np.where(
        a["cash_rich"], rng.uniform(5, 9, n), 1.0
    )
    a["wallet"] = w_share
    a["dep_base"] = a["revenue"] / 12 * w_share * cash_months
    a["loan_base"] = a["credit_limit"] * np.where(a["borrower"], rng.uniform(0.55, 0.85, n), 0.0)
    n_fee_products = sum(
        a["hold"][p.code].astype(int) for p in cat.PRODUCTS if p.family in ("settlement", "markets")
    )
    a["fee_base"] = w.scenario.fee_scale * (
        a["revenue"] / 12 * w_share * 0.00035
        + a["fx_volume"] / 12 * 0.0012 * a["hold"]["intl_settlement"]
        + 0.03 * n_fee_products * np.clip(np.sqrt(a["revenue"] / 3000), 0.3, 3)
    )
    # Contribution: net interest on deposits and loans plus fees, less expected loss and the
    # cost of the capital the loans consume (8% capital at a 10% hurdle).
    contribution = (
        a["dep_base"] * 0.012
        + a["loan_base"] * (0.018 - 0.45 * a["pd"] - 0.008)
        + a["fee_base"] * 12
    )
    a["contribution"] = contribution
    rank = np.argsort(np.argsort(-contribution, kind="stable"), kind="stable") / n
    tier = np.where(rank < 0.02, "strategic", np.where(rank < 0.15, "key", "general")).astype(
        object
    )
    a["tier"] = tier
    ids, names_zh, names_en, segs, years, skills = [], [], [], [], [], []
    rm_of = np.empty(n, dtype=object)
    load_factor = np.ones(n)
    k = w.n_rm_offset
    for t in cat.TIER_CODES:
        seg = _TIER_SEGMENT[t]
        members = np.flatnonzero(tier == t)
        n_rm = max(1, int(np.ceil(len(members) / RM_TARGET_LOAD[seg])))
        weights = lognormal(rng, 1.0, 0.2, n_rm)
        pick = rng.choice(n_rm, size=len(members), p=weights / weights.sum())
        seg_ids = np.array([f"RM{k + j + 1:05d}" for j in range(n_rm)], dtype=object)
        rm_of[members] = seg_ids[pick]
        loads = np.bincount(pick, minlength=n_rm)
        skill = rng.standard_normal(n_rm)
        # An overloaded RM contacts each client less; a skilled one keeps the plan.
        load_factor[members] = np.clip(
            RM_TARGET_LOAD[seg] / np.maximum(loads[pick], 1), 0.5, 1.3
        ) * np.exp(0.25 * skill[pick])
        sn = rng.integers(0, len(_RM_SURNAMES), n_rm)
        gn = rng.integers(0, len(_RM_GIVEN), (n_rm, 2))
        for j in range(n_rm):
            ids.append(seg_ids[j])
            names_zh.append(
                _RM_SURNAMES[sn[j]][0]
                + _RM_GIVEN[gn[j, 0]][0]
                + _RM_GIVEN[gn[j, 1]][0] * (gn[j, 1] % 2)
            )
            names_en.append(
                f"{_RM_GIVEN[gn[j, 0]][1]}{_RM_GIVEN[gn[j, 1]][1].lower() * (gn[j, 1] % 2)} {_RM_SURNAMES[sn[j]][1]}"
            )
            segs.append(seg)
        years.extend(np.clip(np.round(lognormal(rng, 6, 0.5, n_rm)), 1, 30).astype(int).tolist())
        skills.extend(skill.tolist())
        k += n_rm
    a["rm_id"] = rm_of
    a["contact_factor"] = load_factor
    a["rm_skill_of_client"] = (
        load_factor  # kept for satisfaction: coverage quality as felt by the client
    )
    w.tables["rms"] = {
        "rm_id": np.array(ids, dtype=object),
        "name_zh": np.array(names_zh, dtype=object),
        "name_en": np.array(names_en, dtype=object),
        "segment": np.array(segs, dtype=object),
        "branch": np.full(len(ids), f"B{w.chunk + 1:02d}", dtype=object),
        "years_experience": np.array(years, dtype=np.int64),
        "capacity_hours": np.full(len(ids), 100, dtype=np.int64),
    }
    w.truth["rms"] = {"rm_id": np.array(ids, dtype=object), "skill": np.round(np.array(skills), 3)}


def holdings_table(w: World, end_month: np.ndarray) -> dict[str, np.ndarray]:
    """Long table of holdings: one row per client and product, closed when the client leaves."""
    a = w.a
    rows_c, rows_p, start, amount = [], [], [], []
    for p in cat.PRODUCT_CODES:
        idx = np.flatnonzero(a["hold"][p])
        rows_c.append(idx)
        rows_p.append(np.full(len(idx), p, dtype=object))
        start.append(a["holding_start"][p][idx])
        amt = a["holding_amount"].get(p)
        amount.append(np.round(amt[idx], 1) if amt is not None else np.full(len(idx), np.nan))
    c = np.concatenate(rows_c)
    order = np.lexsort((np.concatenate(rows_p).astype(str), c))
    c = c[order]
    end = end_month[c]
    return {
        "client_id": Coded(c, w.client_ids),
        "product": np.concatenate(rows_p)[order],
        "start_month": month_str(w.start, np.concatenate(start)[order]),
        "end_month": np.where(end >= 0, month_str(w.start, np.maximum(end, 0)), None).astype(
            object
        ),
        "amount": np.concatenate(amount)[order],
    }
