"""The relationship: hidden needs, product holdings, contribution tier, RMs and coverage."""

from __future__ import annotations

import numpy as np

from casekit import catalog as cat
from casekit.simulate.world import (
    Coded,
    World,
    lexorder,
    lognormal,
    lookup,
    month_coded,
    month_str,
    sigmoid,
    soft_cap,
    systematic,
)

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
SINGLE_CLIENT_SHARE = 0.04  # the most one client may hold of a 2,000-client branch's deposits
SINGLE_BORROWER_SHARE = 0.015  # ... or of its loans


def concentration_cap(share: float, n: int) -> float:
    """The cap for a branch of ``n`` clients: a bigger branch rests less on any one name."""
    return share * min(1.0, (2000 / max(n, 1)) ** 0.75)


INFRA_SECTIONS = ("D", "G", "N")  # utilities, transport, water and public facilities
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


# Months from the analysis date (the book's last month) to each urgency: a need due within two
# months is urgency 5 (act this quarter), beyond a year urgency 1.
_URGENCY_MONTHS = (2, 4, 7, 12)


def urgency_of(months_ahead: np.ndarray) -> np.ndarray:
    """Urgency 5 (due within two months) .. 1 (over a year away) from months until a need is due."""
    return (5 - np.searchsorted(np.array(_URGENCY_MONTHS), months_ahead, side="left")).astype(
        np.int64
    )


def _fuzzy(rng: np.random.Generator, score: np.ndarray, noise: float) -> np.ndarray:
    """A need that several observables make likely, with what no data shows: score + noise > 0."""
    return score + noise * rng.standard_normal(len(score)) > 0


def make_needs(w: World) -> None:
    """Each client's hidden needs with value (万元 a year), the date each falls due, and urgency."""
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
    log_staff = np.log(np.maximum(a["staff"], 1))
    # No need is a one-line rule on the data: each rests on several observables and on facts
    # only a conversation reveals (a payroll contract up for renewal, a buyer stretching terms).
    need = {
        "seasonal_wc": (a["season_amp"] > 0.3) & ~cash_rich,
        "capex": a["expanding"],
        "idle_liquidity": cash_rich,
        "group_treasury": a["is_parent"] & _fuzzy(rng, 0.9 * (group_size - 2.5), 1.0),
        "fx_risk": a["fx_volume"] > 300,
        "supply_chain": _fuzzy(
            rng, 4.0 * (a["top_buyer_share"] - 0.42) + 0.03 * (a["receivable_days"] - 70), 0.8
        ),
        "payroll": _fuzzy(rng, 1.6 * (log_staff - np.log(50)) + 0.3 * (a["section"] == "C"), 1.0),
        "capital_markets": _fuzzy(
            rng,
            2.0 * (np.log10(np.maximum(rev, 1)) - 4.8)
            + 3.0 * (a["leverage"] - 0.5)
            + 0.6 * (a["ownership"] == "soe"),
            0.9,
        ),
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
    # When each need falls due, in months after the analysis date (the book's last month):
    # the next seasonal peak (funding is needed two months ahead of it), a dated plan or deal,
    # a deposit or bond maturing, the next budget year. Urgency follows from the date.
    end_cal = int(w.calendar_month[-1])
    # Funding is needed two months before the peak, and at once when the peak is that close.
    to_peak = np.maximum((a["season_peak"] - end_cal - 1) % 12 + 1 - 2, 1)
    to_january = np.full(n, 13 - end_cal)
    due = {
        "seasonal_wc": to_peak,
        "capex": rng.integers(1, 19, n),
        "idle_liquidity": rng.integers(1, 13, n),
        "group_treasury": np.where(rng.random(n) < 0.6, to_january, rng.integers(1, 13, n)),
        "fx_risk": rng.integers(1, 10, n),
        "supply_chain": rng.integers(1, 13, n),
        "payroll": np.where(rng.random(n) < 0.5, to_january, rng.integers(1, 16, n)),
        "capital_markets": rng.integers(3, 25, n),
        "acquisition": rng.integers(1, 10, n),
        "digitisation": rng.integers(2, 19, n),
    }
    a["need"] = need
    a["need_value"] = {k: np.round(v * lognormal(rng, 1.0, 0.3, n), 2) for k, v in value.items()}
    a["need_due"] = {k: np.asarray(v, dtype=np.int64) for k, v in due.items()}
    a["need_urgency"] = {k: urgency_of(v) for k, v in a["need_due"].items()}


def make_holdings(w: World) -> None:
    """Which products each client holds, with amounts; a need is served if a product serves it."""
    rng, a, n = w.rng("holdings"), w.a, w.n
    need, rev = a["need"], a["revenue"]
    r = lambda: rng.random(n)  # noqa: E731 - a fresh uniform per product keeps them independent
    section = a["section"]
    infra = np.isin(section, INFRA_SECTIONS)
    borrower = r() < np.clip(
        w.scenario.borrower_share
        + 0.25 * need["seasonal_wc"]
        + 0.15 * need["capex"]
        + 0.35 * infra
        - 0.3 * a["cash_rich"]
        - 0.15 * (section == "F")
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
    hold["fixed_asset_loan"] = (
        (need["capex"] & (r() < _SERVED["capex"]))
        | (borrower & np.isin(a["size"], ("large", "medium")) & (r() < 0.1))
        | (borrower & infra & (r() < 0.75))
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
    a["big_fx"] = big_fx
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
    # Guarantees for builders' bids and performance, L/Cs for importers, discounting for
    # bill-holding manufacturers, and term or call deposits for cash-rich clients.
    hold["guarantee"] = ((section == "E") & (r() < 0.45)) | (need["capex"] & (r() < 0.08))
    hold["letter_of_credit"] = (a["fx_share"] > 0) & (r() < 0.22)
    hold["bill_discounting"] = borrower & (
        (need["supply_chain"] & (r() < 0.2)) | ((section == "C") & (r() < 0.08))
    )
    hold["time_deposit"] = (need["idle_liquidity"] & (r() < 0.25)) | (r() < 0.06)
    hold["call_deposit"] = (need["idle_liquidity"] & (r() < 0.12)) | (r() < 0.03)
    a["hold"] = hold
    served = {k: np.zeros(n, bool) for k in cat.NEED_CODES}
    for p in cat.PRODUCTS:
        if p.serves:
            served[p.serves] |= hold[p.code]
    a["served"] = served
    cover = np.where(big_fx, rng.uniform(0.15, 0.38, n), rng.uniform(0.6, 0.9, n))
    cover = np.where(hold["fx_forward"], cover, 0.0)
    # The bank's clients hedge about a quarter of their exposure (domain: 25-28%): the big
    # traders' rolling hedges are sized so the branch's hedge ratio lands there, seen through
    # the flows the bank settles (a client settling elsewhere shows little FX here).
    seen = np.where(hold["intl_settlement"], 0.85, 0.08) * np.where(
        a["exporter"], 1 + 0.2 * (1 - a["margin"]), 1 - a["margin"]
    )
    flow = a["fx_volume"] * seen
    target = rng.uniform(0.265, 0.275)  # a little above the middle: churn takes some hedged flows
    lo, hi = 0.0, 4.0
    for _ in range(30):
        k = (lo + hi) / 2
        hedged = np.minimum(np.where(big_fx, k * cover, cover) * a["fx_volume"], flow).sum()
        lo, hi = (k, hi) if hedged < target * max(flow.sum(), 1e-9) else (lo, k)
    a["hedge_cover"] = np.clip(np.where(big_fx, lo * cover, cover), 0.0, 0.95)
    # A thin hedge leaves the FX need open: it counts as served from half the exposure up.
    served["fx_risk"] = a["hedge_cover"] >= 0.5
    # Trading firms turn revenue over fast and borrow little against it; micro and small firms
    # get inclusive-finance loans that are large against their revenue; infrastructure is lent
    # against its assets (projects), which is why it dominates a big bank's loan book.
    wc_scale = np.where(section == "F", 0.3, 1.0) * np.select(
        [a["size"] == "micro", a["size"] == "small"], [3.4, 2.1], 1.0
    )
    fixed = np.where(infra, a["assets"] * rng.uniform(0.25, 0.5, n), rev * rng.uniform(0.2, 0.4, n))
    # Traders own warehouses, not plants: their long-term borrowing is small against revenue.
    fixed = fixed * np.where(section == "F", 0.3, 1.0)
    amount = {
        "working_capital_loan": rev * rng.uniform(0.08, 0.22, n) * wc_scale,
        "overdraft": rev * 0.03,
        "bank_acceptance": rev * rng.uniform(0.03, 0.08, n),
        "fixed_asset_loan": fixed,
        "leasing": rev * 0.08,
        "structured_deposit": rev / 12 * rng.uniform(1, 3, n),
        "agreed_deposit": rev / 12 * rng.uniform(0.3, 1, n),
        "fx_forward": a["fx_volume"] * a["hedge_cover"],
        "trade_finance": a["fx_volume"] * 0.15,
        "supply_chain_finance": rev * a["receivable_days"] / 365 * 0.3,
        "ma_loan": rev * 0.15,
        "bill_discounting": rev * rng.uniform(0.02, 0.06, n),
        "guarantee": rev * rng.uniform(0.03, 0.1, n),
        "letter_of_credit": a["fx_volume"] * 0.1,
        "time_deposit": rev / 12 * rng.uniform(0.5, 2.0, n),
        "call_deposit": rev / 12 * rng.uniform(0.2, 0.8, n),
    }
    # No single borrower may hold more than a few per cent of the branch's loans (regulators
    # cap one name at 10% of net capital): the largest limits are shrunk toward that share.
    limit = sum(
        np.where(hold[p.code], amount[p.code], 0.0) for p in cat.PRODUCTS if p.family == "credit"
    )
    cap = soft_cap(limit, concentration_cap(SINGLE_BORROWER_SHARE, n)) / np.maximum(limit, 1e-9)
    for p in cat.PRODUCTS:
        if p.family == "credit":
            amount[p.code] = amount[p.code] * cap
    a["credit_limit"] = limit * cap
    a["borrower"] = a["credit_limit"] > 0
    a["holding_amount"] = amount
    a["holding_start"] = {
        p: -rng.integers(1, 12 * np.minimum(a["tenure_years"], 8) + 1) for p in hold
    }


LGD = 0.45  # loss given default, senior unsecured corporate (Basel foundation IRB)
CAPITAL_RATIO = 0.105  # capital held per unit of risk-weighted assets (CET1 and buffers)
HURDLE = 0.10  # the return the bank's capital must earn
RISK_WEIGHT = {"large": 1.0, "medium": 1.0, "small": 0.75, "micro": 0.75}  # SMEs: 75%


def contribution(
    deposits: np.ndarray,
    loans: np.ndarray,
    spread: np.ndarray,
    fees: np.ndarray,
    pd: np.ndarray,
    size: np.ndarray,
) -> np.ndarray:
    """综合贡献度 (万元 a year): income over the transfer price, less expected loss and capital.

    Deposits earn their FTP credit less the rate paid; loans their rate less FTP; fees count
    in full; then the expected loss (PD × LGD × loan) and the cost of the capital the loan
    consumes (risk weight × 10.5% × a 10% hurdle) are taken off. Rates are those of the
    book's first year (2023): the margin squeeze comes later, in the panel.
    """
    rw = lookup(RISK_WEIGHT.__getitem__, size)
    nii = deposits * 0.0085 + loans * (0.0125 + spread)
    return nii + fees - loans * pd * LGD - loans * rw * CAPITAL_RATIO * HURDLE


def make_tiers_and_rms(w: World) -> None:
    """Contribution (综合贡献度), tiers by its rank, and the RMs who cover each tier."""
    rng, a, n = w.rng("rms"), w.a, w.n
    w_share = np.where(a["hold"]["basic_account"], rng.beta(6, 3, n), rng.beta(2, 5, n))
    cash_months = lognormal(rng, 0.55, 0.45, n) * np.where(
        a["cash_rich"], rng.uniform(5, 9, n), 1.0
    )
    term = sum(a["holding_amount"][p] * a["hold"][p] for p in ("time_deposit", "call_deposit"))
    dep = a["revenue"] / 12 * w_share * cash_months + 0.5 * term
    # The bank holds a smaller share of the giants' wallets: no depositor is a tenth of the branch.
    capped = soft_cap(dep, concentration_cap(SINGLE_CLIENT_SHARE, n))
    a["wallet"] = w_share * capped / np.maximum(dep, 1e-9)
    a["dep_base"] = capped
    a["loan_base"] = a["credit_limit"] * np.where(a["borrower"], rng.uniform(0.62, 0.92, n), 0.0)
    # Risk-based pricing: a spread over the LPR for the grade's expected loss and the firm's
    # size (large firms borrow below the LPR), with some room for negotiation.
    size_premium = np.select(
        [a["size"] == "large", a["size"] == "medium", a["size"] == "small"],
        [-0.0045, -0.0015, 0.0025],
        0.0055,
    )
    a["loan_spread"] = np.round(size_premium + 0.45 * a["pd"] + 0.0012 * rng.standard_normal(n), 4)
    n_fee_products = sum(
        a["hold"][p.code].astype(int) for p in cat.PRODUCTS if p.family in ("settlement", "markets")
    )
    hold, amt = a["hold"], a["holding_amount"]
    a["fee_base"] = (
        0.8
        * w.scenario.fee_scale
        * (
            a["revenue"] / 12 * w_share * 0.00035
            + a["fx_volume"] / 12 * 0.0012 * hold["intl_settlement"]
            + 0.03 * n_fee_products * np.clip(np.sqrt(a["revenue"] / 3000), 0.3, 3)
            # Guarantee commission about 1.2% a year, L/C commission about 0.15% of each credit.
            + amt["guarantee"] * hold["guarantee"] * 0.012 / 12
            + amt["letter_of_credit"] * hold["letter_of_credit"] * 0.0015
        )
    )
    a["contribution"] = contribution(
        a["dep_base"], a["loan_base"], a["loan_spread"], a["fee_base"] * 12, a["pd"], a["size"]
    )
    contribution_ = a["contribution"]
    rank = np.argsort(np.argsort(-contribution_, kind="stable"), kind="stable") / n
    tier = np.where(rank < 0.02, "strategic", np.where(rank < 0.15, "key", "general")).astype(
        object
    )
    a["tier"] = tier
    ids, names_zh, names_en, segs, years, skills = [], [], [], [], [], []
    rm_of = np.empty(n, dtype=object)
    load_factor = np.ones(n)
    skill_of = np.zeros(n)
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
        habit = rng.standard_normal(n_rm)
        # An overloaded RM contacts each client less. Skill shows only a little in how often an
        # RM calls (habit matters as much); it shows in what the calls achieve (satisfaction,
        # service chased, needs met), and only noisily.
        load_factor[members] = np.clip(
            RM_TARGET_LOAD[seg] / np.maximum(loads[pick], 1), 0.5, 1.3
        ) * np.exp(0.08 * skill[pick] + 0.2 * habit[pick])
        skill_of[members] = skill[pick]
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
    a["rm_skill"] = skill_of
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
    for j, p in enumerate(cat.PRODUCT_CODES):
        idx = np.flatnonzero(a["hold"][p])
        rows_c.append(idx)
        rows_p.append(np.full(len(idx), j))
        start.append(a["holding_start"][p][idx])
        amt = a["holding_amount"].get(p)
        amount.append(np.round(amt[idx], 1) if amt is not None else np.full(len(idx), np.nan))
    c, product = np.concatenate(rows_c), np.concatenate(rows_p)
    # Rows by client, then by product code as text (each code's rank among the sorted codes).
    labels = np.array(cat.PRODUCT_CODES)
    text_rank = np.argsort(np.argsort(labels, kind="stable"), kind="stable")
    order = lexorder(text_rank[product], c)
    c = c[order]
    end = end_month[c]
    return {
        "client_id": Coded(c, w.client_ids),
        "product": Coded(product[order], labels),
        "start_month": month_coded(w.start, np.concatenate(start)[order]),
        "end_month": np.where(end >= 0, month_str(w.start, np.maximum(end, 0)), None).astype(
            object
        ),
        "amount": np.concatenate(amount)[order],
    }
