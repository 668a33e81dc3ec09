"""Firms: industry, region, ownership, groups, financials, size class, credit quality, rating."""

from __future__ import annotations

import numpy as np

from casekit import catalog as cat
from casekit.simulate.world import World, lognormal, lookup, sigmoid, unique_inverse
from casekit.sizeclass import size_class

_DIV = {d.code: d for d in cat.DIVISIONS}
# Where a division's firms sit on the revenue scale relative to the book (log10 shift).
_SCALE_SHIFT = {
    "D44": 0.55,
    "K70": 0.45,
    "B06": 0.45,
    "C26": 0.25,
    "C36": 0.2,
    "F51": 0.15,
    "O80": -0.45,
    "A01": -0.2,
    "A03": -0.1,
    "R87": -0.25,
    "M75": -0.15,
    "H62": -0.5,
    "P83": -0.55,
    "Q84": -0.35,
}
# Manufacturers are bigger than the book's typical firm (a bank's book over-weights them).
_SECTION_SHIFT = {"C": 0.3}
# Revenue per employee overrides: schools, clinics and restaurants earn more per head than the
# catalogue's census averages suggest once they are bank clients (so fewer of them are large).
_REV_PER_STAFF = {"P83": 45.0, "Q84": 60.0, "H62": 40.0}
# The month each line of business peaks in (its firms peak together, give or take a month).
PEAK_MONTH = {
    "A01": 9,  # harvest
    "A03": 1,  # pork and poultry before the Spring Festival
    "B06": 12,  # winter heating coal
    "C13": 1,  # festival food
    "C17": 10,
    "C26": 5,
    "C34": 6,
    "C36": 12,
    "C39": 10,  # year-end consumer electronics
    "D44": 1,  # winter heat and power
    "E47": 12,  # year-end settlement of works
    "F51": 12,
    "F52": 1,
    "G54": 12,
    "G59": 11,
    "H62": 1,
    "I65": 12,  # projects accepted at year end
    "K70": 9,  # 金九银十
    "L72": 12,
    "M75": 12,
    "N77": 12,
    "O80": 7,
    "P83": 9,  # school year
    "Q84": 12,
    "R87": 10,
}
# Share of clients in each grade, AAA .. B: a bell centred on A-/BBB+, as bank rating
# distributions are (the worst grade is never the most common).
RATING_BELL = np.array([1.0, 2.0, 4.0, 6.0, 9.0, 12.0, 14.0, 14.0, 12.0, 10.0, 9.0, 7.0])
# Industry multipliers of default risk (domain brief: wholesale/retail 2-3%, manufacturing
# ~1.9%, transport ~0.6% against a system-wide 1.6%).
_INDUSTRY_RISK = {
    "C": 1.1,
    "F": 2.0,
    "G": 0.2,
    "K": 1.3,
    "A": 1.3,
    "H": 1.3,
    "E": 1.1,
    "D": 0.3,
    "B": 0.9,
    "I": 0.7,
    "L": 0.8,
}
_BRANDS = (
    ("华信", "Huaxin"),
    ("恒通", "Hengtong"),
    ("鑫达", "Xinda"),
    ("永康", "Yongkang"),
    ("中瑞", "Zhongrui"),
    ("宏远", "Hongyuan"),
    ("天成", "Tiancheng"),
    ("金桥", "Jinqiao"),
    ("盛世", "Shengshi"),
    ("东方", "Dongfang"),
    ("新锐", "Xinrui"),
    ("卓越", "Zhuoyue"),
    ("海川", "Haichuan"),
    ("明德", "Mingde"),
    ("汇丰源", "Huifengyuan"),
    ("瑞祥", "Ruixiang"),
    ("博远", "Boyuan"),
    ("嘉禾", "Jiahe"),
    ("同舟", "Tongzhou"),
    ("光华", "Guanghua"),
    ("润泽", "Runze"),
    ("启航", "Qihang"),
    ("锦程", "Jincheng"),
    ("立信", "Lixin"),
    ("安泰", "Antai"),
    ("富源", "Fuyuan"),
    ("凯达", "Kaida"),
    ("长青", "Changqing"),
    ("聚力", "Juli"),
    ("众诚", "Zhongcheng"),
    ("弘毅", "Hongyi"),
    ("德润", "Derun"),
    ("银河", "Yinhe"),
    ("蓝海", "Lanhai"),
    ("正泰", "Zhengtai"),
    ("晨光", "Chenguang"),
    ("新世纪", "Xinshiji"),
    ("远景", "Yuanjing"),
    ("高科", "Gaoke"),
    ("万象", "Wanxiang"),
)

_MIDDLES = (
    ("", ""),
    ("精密", "Precision "),
    ("智能", "Smart "),
    ("新材料", "New Materials "),
    ("实业", "Industrial "),
    ("科技", "Tech "),
    ("供应链", "Supply Chain "),
    ("绿色", "Green "),
    ("国际", "International "),
    ("兴业", "Xingye "),
    ("联合", "United "),
    ("现代", "Modern "),
)


def _choice(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    keys = np.array(list(weights), dtype=object)
    p = np.array(list(weights.values()), dtype=float)
    return keys[rng.choice(len(keys), size=n, p=p / p.sum())]


def make_firms(w: World) -> None:
    """Draw every firm's attributes and financials; compute size class, PD and rating."""
    rng, n, sc = w.rng("firms"), w.n, w.scenario
    # Divisions as codes into the scenario's list: each division's figures are looked up
    # once per division, not once per firm.
    keys = list(sc.division_weights)
    p = np.array(list(sc.division_weights.values()), dtype=float)
    code = rng.choice(len(keys), size=n, p=p / p.sum())

    def per_division(f) -> np.ndarray:
        return np.array([f(d) for d in keys])[code]

    division = np.array(keys, dtype=object)[code]
    section = per_division(lambda d: _DIV[d].section).astype(object)
    region = _choice(rng, sc.region_weights, n)
    z = rng.standard_normal(n)  # latent scale of the firm
    shift = per_division(lambda d: _SCALE_SHIFT.get(d, 0.0) + _SECTION_SHIFT.get(d[0], 0.0))
    revenue = 10 ** (sc.log10_revenue_mean + shift + sc.log10_revenue_sd * z)
    rps = per_division(lambda d: _REV_PER_STAFF.get(d, _DIV[d].rev_per_staff))
    staff = np.maximum(3, np.round(revenue / rps * lognormal(rng, 1.0, 0.4, n))).astype(np.int64)
    turnover = per_division(lambda d: _DIV[d].asset_turnover)
    assets = revenue / turnover * lognormal(rng, 1.0, 0.35, n)
    lev_centre = np.where(section == "K", 0.72, np.where(section == "I", 0.42, 0.56))
    leverage = np.clip(lev_centre + 0.12 * rng.standard_normal(n), 0.08, 0.95)
    # Bigger firms are more often state-owned; ownership is drawn then tilted by scale.
    ownership = _choice(rng, sc.ownership_weights, n)
    to_soe = (z > 1.4) & (rng.random(n) < 0.35)
    ownership[to_soe] = "soe"

    w.a.update(
        division=division,
        section=section,
        region=region,
        z=z,
        revenue=revenue,
        staff=staff,
        assets=assets,
        leverage=leverage,
        ownership=ownership,
    )
    _groups(w)
    # Rounded as published, so the size class can be recomputed from the clients table.
    w.a["revenue"] = np.round(w.a["revenue"], 1)
    w.a["assets"] = np.round(w.a["assets"], 1)
    w.a["size"] = size_class(division, w.a["staff"], w.a["revenue"], w.a["assets"])

    # Operating traits that later drive needs and behaviour.
    season = per_division(lambda d: _DIV[d].seasonality) * lognormal(rng, 1.0, 0.45, n)
    w.a["season_amp"] = np.clip(season, 0.0, 0.8)
    jitter = rng.choice([-1, 0, 1], size=n, p=[0.2, 0.6, 0.2])
    w.a["season_peak"] = (per_division(PEAK_MONTH.get) - 1 + jitter) % 12 + 1
    w.a["growth"] = 0.04 + 0.09 * rng.standard_normal(n)
    fx_prone = per_division(lambda d: _DIV[d].fx_prone) * np.where(ownership == "foreign", 2.0, 1.0)
    trader = rng.random(n) < np.clip(fx_prone * (0.6 + 0.25 * np.clip(z, -1, 2)), 0, 0.95)
    w.a["fx_share"] = np.where(trader, np.clip(lognormal(rng, 0.3, 0.6, n), 0.03, 0.9), 0.0)
    w.a["exporter"] = rng.random(n) < 0.6
    w.a["top_buyer_share"] = np.round(np.clip(rng.beta(1.6, 4.0, n), 0.02, 0.95), 2)
    w.a["receivable_days"] = np.round(np.clip(lognormal(rng, 55.0, 0.5, n), 5, 365)).astype(
        np.int64
    )
    w.a["margin"] = np.clip(0.07 + 0.05 * rng.standard_normal(n), -0.05, 0.3)
    w.a["digital"] = rng.standard_normal(n) + 0.4 * z
    w.a["loyalty"] = rng.standard_normal(n)
    w.a["tenure_years"] = np.clip(np.round(lognormal(rng, 6.0, 0.7, n)), 1, 30).astype(np.int64)
    w.a["loyalty"] += 0.15 * np.log(w.a["tenure_years"])

    # Credit quality: size, industry, leverage and a quality only the bank's analysts see.
    # The rating is the rank of that score mapped onto the bell of grades (shifted down for
    # a riskier client base); the true PD is the grade's published default rate, so default
    # rates rise by grade in the published proportions.
    size_risk = {"large": -0.4, "medium": -0.15, "small": 0.1, "micro": 0.3}
    ind = per_division(lambda d: _INDUSTRY_RISK.get(_DIV[d].section, 1.0))
    quality = rng.standard_normal(n)
    risk = (
        lookup(size_risk.__getitem__, w.a["size"])
        + 0.6 * np.log(ind)
        + 2.5 * (leverage - 0.56)
        + 0.75 * quality
    )
    q = (np.argsort(np.argsort(risk, kind="stable"), kind="stable") + 0.5) / n
    cum = np.concatenate([[0.0], np.cumsum(RATING_BELL) / RATING_BELL.sum()])
    notch = np.interp(q, cum, np.arange(len(cum)))
    # A riskier client base moves the bell down the scale; the shift fades toward the bottom
    # grade so the worst grade never becomes the most common.
    notch = notch + sc.rating_shift * (len(cat.RATINGS) - notch) / len(cat.RATINGS)
    true_idx = np.clip(np.floor(notch), 0, len(cat.RATINGS) - 1).astype(np.int64)
    pd_grade = np.array(cat.RATING_PD)[true_idx]
    w.a["pd"] = np.clip(pd_grade * sc.pd_scale * lognormal(rng, 1.0, 0.3, n), 0.0001, 0.3)
    # The bank's reading is right most of the time and a notch off otherwise.
    off = rng.choice([-1, 0, 1], size=n, p=[0.15, 0.7, 0.15])
    w.a["rating_idx"] = np.clip(true_idx + off, 0, len(cat.RATINGS) - 1)
    w.a["rating"] = np.array(cat.RATINGS, dtype=object)[w.a["rating_idx"]]
    _names(w)


def _groups(w: World) -> None:
    """Pick parent companies among the larger firms and attach subsidiaries to them."""
    rng, n = w.rng("groups"), w.n
    group_id = np.full(n, "", dtype=object)
    parent = np.full(n, "", dtype=object)
    n_groups = round(w.scenario.group_share * n / 4.0)
    if n_groups == 0:
        w.a.update(
            group_id=group_id,
            parent_id=parent,
            is_parent=np.zeros(n, bool),
            group_parent_idx=np.full(n, -1),
        )
        return
    weight = sigmoid(2.0 * (w.a["z"] - 1.0))
    parents = rng.choice(n, size=n_groups, replace=False, p=weight / weight.sum())
    others = np.setdiff1d(np.arange(n), parents)
    sizes = 2 + rng.poisson(1.2, n_groups)  # subsidiaries per group
    subs = rng.choice(others, size=min(int(sizes.sum()), len(others)), replace=False)
    owner = np.repeat(np.arange(n_groups), sizes)[: len(subs)]
    width = max(4, len(str(n_groups * (w.chunk + 1))))
    gids = np.array(
        [
            f"G{w.chunk:02d}{i + 1:0{width}d}" if w.chunk else f"G{i + 1:0{width}d}"
            for i in range(n_groups)
        ],
        dtype=object,
    )
    ids = w.client_ids
    group_id[parents] = gids
    group_id[subs] = gids[owner]
    parent[subs] = ids[parents][owner]
    # Subsidiaries sit in the parent's region, lean to its ownership, and are mid-sized.
    p_of = parents[owner]
    for key in ("region", "ownership"):
        w.a[key][subs] = w.a[key][p_of]
    lift = np.clip(w.a["z"][p_of] - 0.8, 0, None) * 0.5
    w.a["z"][subs] += lift
    scale = 10 ** (w.scenario.log10_revenue_sd * lift)
    for key in ("revenue", "assets"):
        w.a[key][subs] *= scale
    w.a["staff"][subs] = np.round(w.a["staff"][subs] * scale).astype(np.int64)
    is_parent = np.zeros(n, bool)
    is_parent[parents] = True
    w.a.update(group_id=group_id, parent_id=parent, is_parent=is_parent)
    gp = np.full(n, -1)
    gp[parents] = parents
    gp[subs] = p_of
    w.a["group_parent_idx"] = gp


def _names(w: World) -> None:
    """Company names in Chinese and English; group members share the parent's brand."""
    rng, n = w.rng("names"), w.n
    brand_idx = rng.integers(0, len(_BRANDS), n)
    gp = w.a["group_parent_idx"]
    in_group = gp >= 0
    brand_idx[in_group] = brand_idx[gp[in_group]]
    brands_zh = np.array([b[0] for b in _BRANDS], dtype=object)[brand_idx]
    brands_en = np.array([b[1] for b in _BRANDS], dtype=object)[brand_idx]
    prov_zh = np.empty(n, dtype=object)
    prov_en = np.empty(n, dtype=object)
    for region, provs in cat.PROVINCES.items():
        rows = np.flatnonzero(w.a["region"] == region)
        pick = rng.integers(0, len(provs), len(rows))
        prov_zh[rows] = np.array([p[0] for p in provs], dtype=object)[pick]
        prov_en[rows] = np.array([p[1] for p in provs], dtype=object)[pick]
    # Each distinct division looked up once, not once a client (the very same str objects).
    divs, div_of = unique_inverse(w.a["division"])
    word_zh = np.array([_DIV[d].word_zh for d in divs], dtype=object)[div_of]
    word_en = np.array([_DIV[d].word_en for d in divs], dtype=object)[div_of]
    parent = w.a["is_parent"]
    mid = rng.integers(0, len(_MIDDLES), n)
    mid_zh = np.array([m[0] for m in _MIDDLES], dtype=object)[mid]
    mid_en = np.array([m[1] for m in _MIDDLES], dtype=object)[mid]
    zh = prov_zh + brands_zh + np.where(parent, "控股集团有限公司", mid_zh + word_zh + "有限公司")
    en = (
        prov_en
        + " "
        + brands_en
        + " "
        + np.where(parent, "Holding Group Co., Ltd.", mid_en + word_en + " Co., Ltd.")
    )
    w.a["name_zh"] = zh
    w.a["name_en"] = en
