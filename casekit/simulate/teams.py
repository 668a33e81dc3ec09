"""Team efforts (1+N, 团队协作): an RM with credit, trade-finance and treasury colleagues who won
a large share of a client's wallet, and the industry market every client's flows ride on.

The chain runs one way: a client's attributes (tier, size, the room left in its wallet, its
industry's market) → the bank's choice to send a team, the needs it works on in order and the
true uplift it wins (hidden, truth/team_truth) → what the bank can see (the team's visits with
dates, roles and named colleagues; the products opened; the flows, deposits and fees after) →
the outcomes the case analyses. The industry market moves the flows of every client, teamed or
not, so a before/after on a team's client credits the team with the market as well.
"""

from __future__ import annotations

import numpy as np

from casekit import catalog as cat
from casekit.simulate.relationship import _RM_GIVEN, _RM_SURNAMES
from casekit.simulate.world import World, lookup, month_str, serial, systematic

# The needs a team works on, the product that serves each and the colleague who brings it.
# (Not capex: a firm that needs it is expanding, and its own growth would pass for the team's.)
TEAM_NEEDS = ("supply_chain", "seasonal_wc", "idle_liquidity")
TEAM_PRODUCT = {
    "supply_chain": "supply_chain_finance",
    "seasonal_wc": "bank_acceptance",
    "idle_liquidity": "structured_deposit",
    "capex": "leasing",
}
TEAM_COLLEAGUE = {
    "supply_chain": "trade_finance",
    "seasonal_wc": "credit",
    "idle_liquidity": "treasury",
    "capex": "credit",
}
# A new line's size, as a share of revenue (bank acceptance 3-8%, leasing 8% in relationship).
_NEW_LINE = {
    "supply_chain_finance": 0.06,
    "bank_acceptance": 0.05,
    "structured_deposit": 0.15,
    "leasing": 0.08,
}
TEAM_SHARE = 0.25  # of the eligible relationships, the share a team is sent to
BOOM_LEAN = 25.0  # how strongly banks send teams to booming industries (weight exp(lean * drift))
MARKET_MEAN, MARKET_SD = 0.04, 0.15  # flows grow with the market, industries drift apart
BEFORE = 6  # the case compares the six months before the kickoff ...
AFTER_FROM = 12 - BEFORE  # ... with the same six calendar months a year later (同比)
MIN_MONTHS = BEFORE + 12  # a shorter book has no team effort to analyse
STEPS = ("kickoff", "proposal", "agreed", "declined")

_ROLE = {"owner": ("老板", "owner"), "cfo": ("财务总监", "CFO")}
_COLLEAGUE = {
    "credit": ("授信审批部", "credit officer"),
    "trade_finance": ("贸易金融部", "trade-finance specialist"),
    "treasury": ("金融市场部", "treasury specialist"),
    "cash_management": ("现金管理部", "cash-management specialist"),
}
# What each visit's note says about its need; every text points to its need by the words of
# casekit.note_keywords and to no other (a test holds it).
NEED_TEXT = {
    "supply_chain": (
        "客户反映下游核心企业账期较长，应收账款占用资金，商议以应收账款融资。",
        "The client said its buyers take long to pay and receivables tie up cash; we discussed financing the receivables.",
    ),
    "seasonal_wc": (
        "客户旺季前需集中备货，商议以银行承兑汇票支付货款。",
        "The client builds up stock before its peak season; we discussed paying suppliers with acceptance bills.",
    ),
    "idle_liquidity": (
        "客户账上有闲置资金，商议收益更高的结构性存款。",
        "The client holds idle cash; we discussed a structured deposit with a better yield.",
    ),
    "capex": (
        "客户计划新增设备，商议以融资租赁安排。",
        "The client plans to add equipment; we discussed a financial lease.",
    ),
}
KICKOFF_TEXT = (
    "首次联合拜访，梳理企业整体金融需求，商定由团队分工跟进。",
    "First joint visit: we went through the firm's banking as a whole and agreed who on the team follows up what.",
)
AGREED_TEXT = ("客户同意办理，已提交申请。", "The client agreed and the application is in.")
DECLINED_TEXT = ("客户表示暂无此需要。", "The client said it has no use for this now.")


def market_drift(w: World) -> dict[str, float]:
    """Each industry's market drift of flows a year (a book-level truth, the same in every chunk)."""
    if "_market_drift" not in w.truth:
        drift = w.book_rng("teams").normal(MARKET_MEAN, MARKET_SD, len(cat.INDUSTRY_CODES))
        w.truth["_market_drift"] = {
            s: round(float(d), 4) for s, d in zip(cat.INDUSTRY_CODES, drift, strict=False)
        }
    return w.truth["_market_drift"]


def make_teams(w: World) -> None:
    """Choose the relationships a team works on, plan its visits and set its true uplift.

    Runs after the client's events are drawn (a team goes to a client the bank keeps) and before
    the panel, whose flows, deposits and fees the uplift enters (casekit.simulate.panel).
    """
    rng, a, n, m = w.rng("teams"), w.a, w.n, w.months
    drift = market_drift(w)
    a["market_drift"] = lookup(lambda s: drift.get(str(s), 0.0), a["section"], dtype=float)
    a["team"] = np.zeros(n, bool)
    a["team_start"] = np.full(n, -1, np.int64)
    w.truth["_teams"] = []
    if m < MIN_MONTHS:
        return
    unmet = np.column_stack([a["need"][k] & ~a["served"][k] for k in TEAM_NEEDS])
    stays = (a["last_month"] >= m - 1) & ~np.isfinite(a["churn_month"])
    stays &= ~np.isfinite(a["default_month"])
    big = np.isin(a["tier"], ("strategic", "key")) | np.isin(a["size"], ("large", "medium"))
    eligible = big & stays & ~a["pilot"] & unmet.any(axis=1) & (a["wallet"] < 0.75)
    # Banks send teams where the market is booming and where the wallet has room to win.
    weight = np.exp(BOOM_LEAN * a["market_drift"] + 2.0 * (0.75 - a["wallet"]))
    weight *= np.where(a["tier"] == "strategic", 1.5, np.where(a["tier"] == "key", 1.2, 1.0))
    weight = np.where(eligible, weight, 0.0)
    if weight.sum() <= 0:
        return
    expected = max(TEAM_SHARE * eligible.sum(), min(2.0, float(eligible.sum())))
    pi = _inclusion(weight, expected)
    chosen = systematic(rng, pi, np.argsort(-weight, kind="stable"))
    rows = np.flatnonzero(chosen)
    start = rng.integers(BEFORE, m - 12 + 1, len(rows))
    act = w.rng("team_activities")
    for i, s in zip(rows, start, strict=False):
        w.truth["_teams"].append(_plan(w, act, int(i), int(s), unmet[i]))
    a["team"][rows] = True
    a["team_start"][rows] = start
    open_products(w)


CREDIT_NEEDS = ("seasonal_wc", "capex")  # needs served by a credit line the bank must approve


def kickoff_colleague(plan: list[str]) -> str:
    """Who comes to the first visit: the credit officer when a credit line is in the plan (a
    proposal the bank can approve), else the colleague for the first need the team works on."""
    if any(k in CREDIT_NEEDS for k in plan) or not plan:
        return "credit"
    return TEAM_COLLEAGUE[plan[0]]


def _inclusion(weight: np.ndarray, expected: float) -> np.ndarray:
    """Selection probabilities proportional to ``weight``, capped at 1, summing to ``expected``.

    A strong lean to booming industries gives some clients a weight past certainty; the mass
    capped off them goes to the rest (else the lean would shrink the number of teams).
    """
    pi = np.zeros(len(weight))
    free = weight > 0
    for _ in range(len(weight)):
        left = expected - (pi == 1.0).sum()
        pi[free] = weight[free] * left / weight[free].sum()
        over = free & (pi >= 1.0)
        if not over.any():
            break
        pi[over], free = 1.0, free & ~over
    return np.minimum(pi, 1.0)


def _plan(w: World, rng: np.random.Generator, i: int, s: int, unmet: np.ndarray) -> dict:
    """One team's visits in order, the products opened and its true uplift piece by piece."""
    a = w.a
    real = [k for k, u in zip(TEAM_NEEDS, unmet, strict=False) if u]
    # The team takes the most urgent, most valuable needs first.
    real.sort(key=lambda k: (-int(a["need_urgency"][k][i]), -float(a["need_value"][k][i])))
    real = real[:3]
    plan = list(real)
    others = [k for k in TEAM_NEEDS if k not in real]
    if others and rng.random() < 0.35:  # a colleague pitches something the client does not need
        plan.insert(int(rng.integers(0, len(plan) + 1)), others[int(rng.integers(0, len(others)))])
    who = "owner" if a["size"][i] in ("small", "micro") or rng.random() < 0.4 else "cfo"
    first = kickoff_colleague(plan)
    names = {}
    # Sorted: a set's order changes with the interpreter's string hashing, the book must not.
    for role in sorted({TEAM_COLLEAGUE[k] for k in plan} | {first}):
        sn, g1, g2 = rng.integers(0, len(_RM_SURNAMES)), *rng.integers(0, len(_RM_GIVEN), 2)
        names[role] = (
            _RM_SURNAMES[sn][0] + _RM_GIVEN[g1][0] + _RM_GIVEN[g2][0] * (g2 % 2),
            f"{_RM_GIVEN[g1][1]}{_RM_GIVEN[g2][1].lower() * (g2 % 2)} {_RM_SURNAMES[sn][1]}",
        )
    skill = float(np.exp(0.15 * a["rm_skill"][i]))
    visits = [(s, "kickoff", first, None)]
    pieces = [(s, 0.10 * skill * float(np.exp(0.3 * rng.standard_normal())))]
    month = s
    for k in plan:
        month += 1
        visits.append((month, "proposal", TEAM_COLLEAGUE[k], k))
        month += int(rng.integers(0, 2))
        if k in real:
            visits.append((month, "agreed", TEAM_COLLEAGUE[k], k))
            pieces.append((month, 0.22 * skill * float(np.exp(0.3 * rng.standard_normal()))))
        else:
            visits.append((month, "declined", TEAM_COLLEAGUE[k], k))
    # The wallet cannot pass 85% of the firm's flows: the pieces shrink together to fit.
    total = sum(p for _, p in pieces)
    room = 0.85 / max(a["wallet"][i], 1e-6) - 1
    scale = min(1.0, room / total) if total > 0 else 0.0
    pieces = [(t, p * scale) for t, p in pieces]
    return {
        "i": i,
        "start": s,
        "who": who,
        "names": names,
        "visits": visits,
        "needs": real,
        "pieces": pieces,
        "days": _days_in_order(visits, rng.integers(1, 28, len(visits))),
    }


def _days_in_order(visits: list[tuple], drawn: np.ndarray) -> np.ndarray:
    """The visits' days of the month, strictly increasing within a month in the visits' order.

    A decision comes after its proposal, and the next proposal after that decision, even when
    they fall in the same month: the drawn days are sorted within each month, then spread so no
    two visits share a day (at most three visits share a month, so days stay within 1-28).
    """
    months = np.array([v[0] for v in visits])
    days = drawn.copy()
    for month in np.unique(months):
        j = np.flatnonzero(months == month)
        d = np.sort(drawn[j])
        for k in range(1, len(d)):
            d[k] = max(d[k], d[k - 1] + 1)
        for k in range(len(d) - 1, -1, -1):
            d[k] = min(d[k], 28 if k == len(d) - 1 else d[k + 1] - 1)
        days[j] = d
    return days


def lift_panel(w: World, t: np.ndarray, inflow, outflow, deposit, fee) -> tuple:
    """The panel's flows ridden on their industry's market, and the teams' uplift on top.

    Each need a team meets lifts the client's flows through us from the month it is agreed,
    over two months; deposits follow at half the flows' lift, fees at four fifths.
    """
    a = w.a
    market = np.exp(np.outer(a["market_drift"], t / 12))
    inflow, outflow = inflow * market, outflow * market
    if not w.truth.get("_teams"):
        return inflow, outflow, deposit, fee
    rows = np.array([p["i"] for p in w.truth["_teams"]])
    lift = np.zeros((len(rows), len(t)))
    for j, p in enumerate(w.truth["_teams"]):
        for month, piece in p["pieces"]:
            lift[j] += piece * np.clip((t - month + 1) / 2, 0, 1)
    inflow[rows] *= 1 + lift
    outflow[rows] *= 1 + lift
    deposit[rows] *= 1 + 0.5 * lift
    fee[rows] *= 1 + 0.8 * lift
    # The truth records what the team won over the months the case compares (a year on).
    for p, row in zip(w.truth["_teams"], lift, strict=False):
        s = p["start"] + AFTER_FROM
        p["lift"] = float(row[s : s + BEFORE].mean())
    return inflow, outflow, deposit, fee


def open_products(w: World) -> None:
    """The products a team's agreed needs opened, held from the month agreed (in holdings)."""
    a = w.a
    for p in w.truth.get("_teams", []):
        for month, step, _, need in p["visits"]:
            prod = TEAM_PRODUCT.get(need or "")
            if step == "agreed" and prod and not a["hold"][prod][p["i"]]:
                a["hold"][prod][p["i"]] = True
                a["holding_start"][prod][p["i"]] = month
                # A credit line the client did not hold was capped to nothing: size it anew.
                if a["holding_amount"][prod][p["i"]] <= 0:
                    a["holding_amount"][prod][p["i"]] = _NEW_LINE[prod] * a["revenue"][p["i"]]


def activities_table(w: World) -> dict:
    """The team's visits: date, RM, the colleague and role who came, the step and the note."""
    a, teams = w.a, w.truth.get("_teams", [])
    rows: dict[str, list] = {k: [] for k in ("c", "date", "role", "nz", "ne", "step", "prod")}
    rows.update(zh=[], en=[])
    for p in teams:
        rz, re_ = _ROLE[p["who"]]
        for (month, step, role, need), day in zip(p["visits"], p["days"], strict=False):
            nz, ne = p["names"][role]
            dz, de = _COLLEAGUE[role]
            text_zh = f"与{dz}{nz}一同拜访客户{rz}。"
            text_en = f"Visited the client's {re_} with {ne}, our {de}."
            if step == "kickoff":
                text_zh += KICKOFF_TEXT[0]
                text_en += " " + KICKOFF_TEXT[1]
            else:
                text_zh += NEED_TEXT[need][0]
                text_en += " " + NEED_TEXT[need][1]
                if step != "proposal":
                    done = AGREED_TEXT if step == "agreed" else DECLINED_TEXT
                    text_zh += done[0]
                    text_en += " " + done[1]
            date = (w.start + np.timedelta64(int(month), "M")).astype("datetime64[D]")
            rows["c"].append(p["i"])
            rows["date"].append(date + np.timedelta64(int(day) - 1, "D"))
            rows["role"].append(role)
            rows["nz"].append(nz)
            rows["ne"].append(ne)
            rows["step"].append(step)
            rows["prod"].append(TEAM_PRODUCT[need] if step == "agreed" else None)
            rows["zh"].append(text_zh)
            rows["en"].append(text_en)
    c = np.array(rows["c"], dtype=np.int64)
    date = np.array(rows["date"], dtype="datetime64[D]")
    order = np.lexsort((date, c)) if len(c) else np.arange(0)
    obj = lambda k: np.array(rows[k], dtype=object)[order]  # noqa: E731
    ids = serial("T", w.chunk, len(c), 6)
    return {
        "activity_id": ids.decode() if len(c) else np.array([], dtype=object),
        "client_id": w.client_ids[c[order]] if len(c) else np.array([], dtype=object),
        "rm_id": a["rm_id"][c[order]] if len(c) else np.array([], dtype=object),
        "date": date[order],
        "step": obj("step"),
        "colleague": obj("role"),
        "colleague_name_zh": obj("nz"),
        "colleague_name_en": obj("ne"),
        "product": obj("prod"),
        "note_zh": obj("zh"),
        "note_en": obj("en"),
    }


def truth_table(w: World) -> dict:
    """Each team's hidden truth: when, who, the needs met in order, its true uplift, the market."""
    a, teams = w.a, w.truth.get("_teams", [])
    i = np.array([p["i"] for p in teams], dtype=np.int64)
    # Over the year between the two windows, the market and the firm's own growth would have
    # moved its flows without any team.
    lift = np.array([p.get("lift", 0.0) for p in teams])
    return {
        "client_id": w.client_ids[i] if len(i) else np.array([], dtype=object),
        "team_start": month_str(w.start, np.array([p["start"] for p in teams], dtype=np.int64)),
        "colleagues": np.array(
            [";".join(sorted({v[2] for v in p["visits"]})) for p in teams], dtype=object
        ),
        "needs_met": np.array([";".join(p["needs"]) for p in teams], dtype=object),
        "flow_uplift": np.round(lift, 4),
        "deposit_uplift": np.round(0.5 * lift, 4),
        "fee_uplift": np.round(0.8 * lift, 4),
        "market_change": np.round(np.expm1(a["market_drift"][i]), 4),
        "own_change": np.round(a["growth"][i], 4),
        "wallet_before": np.round(a["wallet"][i], 4),
        "wallet_after": np.round(a["wallet"][i] * (1 + lift), 4),
    }
