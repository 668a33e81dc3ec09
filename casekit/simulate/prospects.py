"""Prospects along the supply chain (产业链获客, 1+N): firms that are not yet clients but trade
with the branch's larger clients (the anchors), so their payments show in our clients' accounts.

The chain runs one way: a prospect's attributes (its size, how much of its trade runs with the
anchor, its season) → its hidden need, the person who decides on banks and its propensity to
switch → what the bank can see (the payments, what was said when an RM called, the result of
the calls made) → whether an approach wins it (casekit.chain).
"""

from __future__ import annotations

import numpy as np

from casekit import catalog as cat
from casekit.chain import conversion_chance
from casekit.simulate.firms import _BRANDS, _DIV, _MIDDLES, PEAK_MONTH, _choice
from casekit.simulate.world import (
    Coded,
    World,
    lexorder,
    lognormal,
    lookup,
    serial,
    sigmoid,
)
from casekit.sizeclass import size_class

NEEDS = cat.PROSPECT_NEED_CODES
SUPPLIER_SHARE = 0.7  # of an anchor's counterparties, most are its suppliers
APPROACHED = 0.4  # share of prospects an RM has already called on during the book
QUIET_MONTHS = 6  # the last months hold no approach yet: results need time to show

# How each role reads in a note (the catalogue's labels are capitalised for tables).
_ROLE_ZH = {"owner": "老板", "cfo": "财务总监", "finance_manager": "财务经理", "cashier": "出纳"}
_ROLE_ZH["procurement"] = "采购负责人"
_ROLE_EN = {
    "owner": "owner",
    "cfo": "CFO",
    "finance_manager": "finance manager",
    "cashier": "cashier",
    "procurement": "head of purchasing",
}
# What a prospect says about each need. Every note points to its need by the words of
# casekit.note_keywords and to no other (a test holds it).
NEED_NOTES: dict[str, tuple[tuple[str, str], ...]] = {
    "supply_chain": (
        (
            "{r}提到核心企业付款账期拉长，应收账款占用了不少资金。",
            "The {r} said the anchor firm has stretched its payment terms and receivables tie up a lot of cash.",
        ),
        (
            "{r}问能否凭对核心企业的应收账款提前融资。",
            "The {r} asked whether the receivables due from the anchor firm could be financed early.",
        ),
    ),
    "seasonal_wc": (
        (
            "{r}表示每年旺季前要集中备货，资金偏紧。",
            "The {r} said stock has to be built up before each peak season and cash runs tight.",
        ),
        (
            "{r}称旺季进货款集中支付，希望有短期周转额度。",
            "The {r} said purchases are paid in a lump before the peak and a short-term revolving line would help.",
        ),
    ),
    "payroll": (
        (
            "{r}提到每月工资靠逐笔转账发放，希望有代发服务。",
            "The {r} said salaries go out one transfer at a time and a payroll service would help.",
        ),
        (
            "{r}称员工人数增加，每月发工资很费时间。",
            "The {r} said headcount has grown and paying wages every month takes a lot of time.",
        ),
    ),
    "idle_liquidity": (
        (
            "{r}表示账上有闲置资金，想了解收益更好的存款产品。",
            "The {r} said there is idle cash on the account and asked about deposits with a better yield.",
        ),
        (
            "{r}提到回款后资金会沉淀一段时间，活期收益太低。",
            "The {r} said cash sits for a while after collections and the demand-deposit yield is too low.",
        ),
    ),
    "digitisation": (
        (
            "{r}抱怨每月手工对账，希望开通网银和银企直连。",
            "The {r} complained of reconciling by hand every month and wants online banking and a host-to-host link.",
        ),
        (
            "{r}说经常要跑柜台办业务，希望尽量线上化。",
            "The {r} said they often have to queue at the counter and want business done fully online.",
        ),
    ),
}
OPEN_NOTES = (
    (
        "{r}对现有开户行的服务不太满意，愿意比较一下。",
        "The {r} is not happy with their current bank and is willing to compare.",
    ),
    (
        "{r}说核心企业用哪家银行，他们也愿意跟着用。",
        "The {r} said they would be glad to bank where the anchor firm banks.",
    ),
)
CLOSED_NOTES = (
    (
        "{r}表示与现有开户行合作多年，暂不考虑更换。",
        "The {r} said they have banked with their current bank for years and will not switch for now.",
    ),
    (
        "{r}称现有银行条件不错，换行动力不大。",
        "The {r} said their current bank treats them well and they see little reason to move.",
    ),
)
DECIDER_NOTE = ("{r}表示，与银行合作由{d}拍板。", "The {r} said the {d} makes the call on banks.")
SELF_DECIDER_NOTE = (
    "{r}表示，与银行合作由自己拍板。",
    "The {r} said they make the call on banks themselves.",
)
NOISE_NOTES = (
    (
        "{r}简单了解了我行产品，表示会转给相关负责人。",
        "The {r} took a brief look at our products and will pass them on.",
    ),
    (
        "递交了我行产品手册，{r}表示会看看。",
        "Handed the {r} our product brochure; they will take a look.",
    ),
)
WITH_COLLEAGUE = ("与行内同事一同拜访。", "Visited with a colleague from the bank. ")


def _anchors(w: World) -> np.ndarray:
    """The clients whose counterparties are prospected: large and medium firms and group parents."""
    a = w.a
    big = np.isin(a["size"], ("large", "medium")) | a["is_parent"]
    anchors = np.flatnonzero(big)
    if len(anchors) < 3:  # the smallest bank still has a chain to work on
        anchors = np.sort(np.argsort(-a["revenue"], kind="stable")[:3])
    return anchors


def make_prospects(w: World, panel: dict) -> tuple[dict[str, dict], dict[str, dict]]:
    """The prospects of this branch: observable tables and their hidden truth.

    ``panel`` is the branch's monthly panel: the payments to and from prospects are part of
    the anchors' outflows and inflows there, never more than most of them.
    """
    rng, a, sc = w.rng("prospects"), w.a, w.scenario
    anchors = _anchors(w)
    k = 1 + rng.poisson(np.where(a["size"][anchors] == "large", 3.0, 1.5))
    anchor = np.repeat(anchors, k)
    m = len(anchor)
    supplier = rng.random(m) < SUPPLIER_SHARE
    division = np.where(
        rng.random(m) < 0.4, a["division"][anchor], _choice(rng, sc.division_weights, m)
    ).astype(object)
    section = lookup(lambda d: _DIV[d].section, division, dtype=object)
    region = np.where(
        rng.random(m) < 0.8, a["region"][anchor], _choice(rng, sc.region_weights, m)
    ).astype(object)
    # Each counterparty takes a slice of the anchor's purchases (a supplier) or sales (a
    # buyer); the slices of one anchor never add up to more than most of its trade.
    base = np.where(supplier, 1 - a["margin"][anchor], 1.0) * a["revenue"][anchor]
    slice_ = rng.beta(1.2, 8.0, m)
    total = np.zeros(w.n)
    np.add.at(total, anchor, slice_)
    slice_ = slice_ * np.minimum(1.0, 0.6 / np.maximum(total[anchor], 1e-9))
    trade = base * slice_  # 万元 a year with the anchor, through every bank
    trade_share = np.clip(rng.beta(2.0, 3.0, m), 0.05, 0.9)
    revenue = np.round(np.clip(trade / trade_share, 30.0, None), 1)
    trade_share = np.minimum(trade / revenue, 0.95)
    z = np.log10(revenue / np.median(revenue)) / 0.45  # the prospect's scale
    rps = lookup(lambda d: _DIV[d].rev_per_staff, division)
    staff = np.maximum(3, np.round(revenue / rps * lognormal(rng, 1.0, 0.4, m))).astype(np.int64)
    turnover = lookup(lambda d: _DIV[d].asset_turnover, division)
    assets = np.round(revenue / turnover * lognormal(rng, 1.0, 0.35, m), 1)
    size = size_class(division, staff, revenue, assets)
    small = np.isin(size, ("small", "micro"))
    season = lookup(lambda d: _DIV[d].seasonality, division) * lognormal(rng, 1.0, 0.5, m)
    season_amp = np.clip(season, 0.0, 0.8)
    peak = lookup(PEAK_MONTH.__getitem__, division)
    terms = np.clip(lognormal(rng, 60.0, 0.5, m), 10, 240)  # days the anchor takes to pay
    discontent = rng.standard_normal(m)  # with its current bank: only a conversation shows it

    # Hidden need: the one thing that would make it open an account with us.
    score = np.column_stack(
        [
            np.where(supplier, 2.5 * (trade_share - 0.25) + 0.015 * (terms - 60), -0.5),
            4.0 * (season_amp - 0.25) + 0.4 * ~supplier,
            1.0 * (np.log(staff) - np.log(150)),
            0.8 * z - 0.8,
            np.full(m, -0.4),
        ]
    )
    need = np.array(NEEDS, dtype=object)[
        (score + 0.9 * rng.gumbel(size=(m, len(NEEDS)))).argmax(axis=1)
    ]
    # Who decides on banks: the owner in a small firm, mostly the CFO in a larger one.
    decider = np.where(
        np.where(small, rng.random(m) < 0.85, rng.random(m) < 0.3), "owner", "cfo"
    ).astype(object)
    # Ready to follow the anchor to its bank: the more of its trade runs with the anchor, the
    # smaller it is and the less happy with its own bank, the readier.
    propensity = np.round(sigmoid(-1.4 + 3.0 * trade_share + 0.4 * small + 0.8 * discontent), 3)
    need_value = {
        "supply_chain": revenue * trade_share * terms / 365 * 0.5 * 0.02,
        "seasonal_wc": revenue * season_amp * 0.15 * 0.035,
        "payroll": staff * 0.04,
        "idle_liquidity": revenue / 12 * 3 * 0.006,
        "digitisation": 0.5 + np.sqrt(revenue) * 0.02,
    }
    own = np.select([need == k for k in NEEDS], [need_value[k] for k in NEEDS])
    value = np.round((revenue / 12 * 0.6 * 0.0085 + own) * lognormal(rng, 1.0, 0.3, m), 2)
    would_convert = rng.random(m) < propensity  # with the right need, person and colleague

    ids = serial("X", w.chunk, m, 5)
    names_zh, names_en = _names(rng, division, region)
    tables = {
        "prospects": {
            "prospect_id": ids,
            "name_zh": names_zh,
            "name_en": names_en,
            "industry": section,
            "division": division,
            "size_class": size,
            "region": region,
            "staff": staff,
            "revenue_est": np.round(revenue * lognormal(rng, 1.0, 0.2, m), 1),
        },
        "payments": _payments(w, rng, anchor, supplier, trade, season_amp, peak, panel),
    }
    tables["prospect_contacts"] = _contacts(
        w, anchor, ids, size, need, decider, propensity, would_convert
    )
    truth = {
        "prospect_truth": {
            "prospect_id": ids,
            "need": need,
            "decider": decider,
            "switch_propensity": propensity,
            "value": value,
            "would_convert": would_convert,
        }
    }
    return tables, truth


def _names(
    rng: np.random.Generator, division: np.ndarray, region: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Company names of the prospects, in the style of the clients' names."""
    m = len(division)
    brand = rng.integers(0, len(_BRANDS), m)
    mid = rng.integers(0, len(_MIDDLES), m)
    prov_zh, prov_en = np.empty(m, dtype=object), np.empty(m, dtype=object)
    for reg, provs in cat.PROVINCES.items():
        rows = np.flatnonzero(region == reg)
        pick = rng.integers(0, len(provs), len(rows))
        prov_zh[rows] = np.array([p[0] for p in provs], dtype=object)[pick]
        prov_en[rows] = np.array([p[1] for p in provs], dtype=object)[pick]
    word_zh = lookup(lambda d: _DIV[d].word_zh, division, dtype=object)
    word_en = lookup(lambda d: _DIV[d].word_en, division, dtype=object)
    b_zh = np.array([b[0] for b in _BRANDS], dtype=object)[brand]
    b_en = np.array([b[1] for b in _BRANDS], dtype=object)[brand]
    m_zh = np.array([x[0] for x in _MIDDLES], dtype=object)[mid]
    m_en = np.array([x[1] for x in _MIDDLES], dtype=object)[mid]
    return (
        prov_zh + b_zh + m_zh + word_zh + "有限公司",
        prov_en + " " + b_en + " " + m_en + word_en + " Co., Ltd.",
    )


def _payments(
    w: World,
    rng: np.random.Generator,
    anchor: np.ndarray,
    supplier: np.ndarray,
    trade: np.ndarray,
    season_amp: np.ndarray,
    peak: np.ndarray,
    panel: dict,
) -> dict:
    """Monthly payments between each anchor and its counterparty through our accounts: the
    anchor's share of wallet of the trade, while the anchor banks here."""
    months, m = w.months, len(anchor)
    cal = w.calendar_month[None, :]
    # Months from the peak are a few whole numbers: their cosines are looked up, not recomputed.
    lag = cal - peak[:, None]
    lo = int(lag.min()) if lag.size else 0
    curve = np.cos(2 * np.pi * np.arange(lo, int(lag.max()) + 1 if lag.size else lo) / 12)
    wave = 1 + season_amp[:, None] * curve[lag - lo]
    ours = trade * w.a["wallet"][anchor]
    amount = ours[:, None] / 12 / 0.85 * wave * lognormal(rng, 1.0, 0.35, (m, months))
    on = (rng.random((m, months)) < 0.85) & (
        np.arange(months)[None, :] <= w.a["last_month"][anchor, None]
    )
    amount = np.where(on, amount, 0.0)
    # Within the anchor's own flows that month: scale down where the slices would exceed 80%.
    flows = {}
    at = panel["client_id"].codes * months + panel["month"].codes  # flat cells, found once
    for key in ("inflow", "outflow"):
        grid = np.zeros((w.n, months))
        grid.reshape(-1)[at] = panel[key]
        flows[key] = grid
    own = np.where(supplier[:, None], flows["outflow"][anchor], flows["inflow"][anchor])
    # What each anchor pays its suppliers (or receives from its buyers) in all, month by month:
    # a bincount over (anchor, side, month), much faster than np.add.at.
    side = anchor * 2 + supplier.astype(np.int64)
    cells = (side[:, None] * months + np.arange(months)[None, :]).ravel()
    total = np.bincount(cells, weights=amount.ravel(), minlength=w.n * 2 * months)
    paid = total.reshape(w.n * 2, months)[side]
    amount = amount * np.minimum(1.0, 0.8 * own / np.maximum(paid, 1e-9))
    # Rounded down to the table's 0.1 (万元): rounding up could lift several small slices
    # together above the anchor's own flow.
    amount = np.floor(amount * 10) / 10
    on &= amount >= 0.1
    p, t = np.nonzero(on)
    return {
        "client_id": Coded(anchor[p], w.client_ids),
        "prospect_id": serial("X", w.chunk, m, 5).take(p),
        "month": Coded(t, w.month_labels),
        "direction": Coded(supplier[p].astype(np.int32), np.array(cat.DIRECTION_CODES)),
        "amount": amount[p, t],
    }


def _contacts(
    w: World,
    anchor: np.ndarray,
    ids,
    size: np.ndarray,
    need: np.ndarray,
    decider: np.ndarray,
    propensity: np.ndarray,
    would_convert: np.ndarray,
) -> dict:
    """The calls RMs already made on prospects: whom they met, what they offered, what they
    heard (the note) and whether the prospect opened an account."""
    rng = w.rng("prospect_contacts")
    m = len(anchor)
    p = np.flatnonzero(rng.random(m) < APPROACHED)
    k = len(p)
    small = np.isin(size[p], ("small", "micro"))
    roles = np.array(cat.ROLE_CODES, dtype=object)
    p_small = np.array([0.35, 0.05, 0.2, 0.3, 0.1])
    p_big = np.array([0.1, 0.25, 0.3, 0.25, 0.1])
    u = rng.random(k)
    met = np.where(
        small,
        roles[np.searchsorted(np.cumsum(p_small), u * p_small.sum(), side="right")],
        roles[np.searchsorted(np.cumsum(p_big), u * p_big.sum(), side="right")],
    )
    # RMs open with a working-capital loan by habit; some heard the real need first.
    r = rng.random(k)
    other = np.array(NEEDS, dtype=object)[rng.integers(0, len(NEEDS), k)]
    offered = np.where(r < 0.45, "seasonal_wc", np.where(r < 0.75, need[p], other)).astype(object)
    specialist = lookup(cat.NEED_SPECIALIST.__getitem__, offered, dtype=object)
    colleague = np.where(rng.random(k) < 0.35, specialist, "none").astype(object)
    chance = conversion_chance(propensity[p], need[p], decider[p], offered, met, colleague)
    # The same latent draw as the truth: an approach that gets everything right wins exactly
    # the prospects that would convert, and a weaker one a subset of them.
    won = would_convert[p] & (rng.random(k) < chance / np.maximum(propensity[p], 1e-9))
    month = rng.integers(0, max(w.months - QUIET_MONTHS, 1), k)
    day = rng.integers(1, 28, k)
    date = (w.start + month.astype("timedelta64[M]")).astype("datetime64[D]") + (day - 1).astype(
        "timedelta64[D]"
    )
    note_zh, note_en, named = _notes(rng, met, need[p], decider[p], propensity[p], colleague)
    order = lexorder(date, p)
    return {
        "contact_id": serial("K", w.chunk, k, 6),
        "prospect_id": ids.take(p[order]),
        "client_id": w.client_ids[anchor[p]][order],
        "rm_id": w.a["rm_id"][anchor[p]][order],
        "date": date[order],
        "met_role": met[order],
        "colleague": colleague[order],
        "offered": offered[order],
        "decider_named": named[order],
        "note_zh": note_zh[order],
        "note_en": note_en[order],
        "result": np.where(won, "won", "declined").astype(object)[order],
    }


def _index(values: np.ndarray, codes: tuple[str, ...]) -> np.ndarray:
    """Each value's position in ``codes`` (a short list of labels); KeyError for any other."""
    out = np.full(len(values), -1, np.int64)
    for i, code in enumerate(codes):
        out[values == code] = i
    if (out < 0).any():
        raise KeyError(values[np.flatnonzero(out < 0)[0]])
    return out


def _notes(
    rng: np.random.Generator,
    met: np.ndarray,
    need: np.ndarray,
    decider: np.ndarray,
    propensity: np.ndarray,
    colleague: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What the RM wrote after each call, and the decider the person met named (if any)."""
    k = len(met)
    says_need = rng.random(k) < 0.6
    true_need = rng.random(k) < 0.75
    heard = np.where(true_need, need, np.array(NEEDS, dtype=object)[rng.integers(0, 5, k)])
    says_who = rng.random(k) < 0.5
    # Most people name the real decider; some overstate their own say or guess.
    bluff = rng.random(k) < 0.15
    named = np.where(bluff, np.where(decider == "owner", "cfo", "owner"), decider).astype(object)
    says_mood = rng.random(k) < 0.3
    is_open = rng.random(k) < np.clip(1.6 * propensity, 0.05, 0.95)
    pick = rng.integers(0, 2, (k, 4))
    roles = tuple(_ROLE_ZH)
    met_i, named_i = _index(met, roles), _index(named, roles)
    need_i = _index(heard, tuple(NEED_NOTES))
    need_at = np.cumsum([0] + [len(v) for v in NEED_NOTES.values()])[:-1]
    with_colleague = colleague != "none"
    said_only = ~says_need & ~says_who & ~says_mood
    # The sentences in the order a note has them: (rows that have it, which one, its options).
    slots = (
        (with_colleague, np.zeros(k, np.int64), [WITH_COLLEAGUE]),
        (says_need, need_at[need_i] + pick[:, 0], [x for v in NEED_NOTES.values() for x in v]),
        (
            says_who,
            np.where(named == met, 0, 1 + named_i),
            [SELF_DECIDER_NOTE]
            + [
                (
                    DECIDER_NOTE[0].replace("{d}", _ROLE_ZH[d]),
                    DECIDER_NOTE[1].replace("{d}", _ROLE_EN[d]),
                )
                for d in roles
            ],
        ),
        (says_mood, is_open * len(CLOSED_NOTES) + pick[:, 2], [*CLOSED_NOTES, *OPEN_NOTES]),
        (said_only, pick[:, 3], list(NOISE_NOTES)),
    )
    # Each sentence is worded once for each (sentence, role met) that occurs, then the rows'
    # sentences are concatenated: the Chinese run together, the English joined by spaces with
    # the first letter of the note capitalised.
    zh, en = np.full(k, "", dtype=object), np.full(k, "", dtype=object)
    first = np.ones(k, bool)
    for present, option, options in slots:
        rows = np.flatnonzero(present)
        combo, at = np.unique(option[rows] * len(roles) + met_i[rows], return_inverse=True)
        words = [(options[v // len(roles)], roles[v % len(roles)]) for v in combo.tolist()]
        say_zh = np.array([z.format(r=_ROLE_ZH[r]) for (z, _), r in words] + [""], dtype=object)
        say_en = [e.format(r=_ROLE_EN[r]).strip() for (_, e), r in words]
        later = np.array([" " + x for x in say_en] + [""], dtype=object)
        opening = np.array([x[0].upper() + x[1:] if x else x for x in say_en] + [""], dtype=object)
        at = at.reshape(-1)
        zh[rows] = zh[rows] + say_zh[at]
        en[rows] = en[rows] + np.where(first[rows], opening[at], later[at])
        first[rows] = False
    named = np.where(says_who, named, None).astype(object)
    return zh, en, named
