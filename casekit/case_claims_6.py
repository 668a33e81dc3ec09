"""Case 6 (effectiveness): the satisfaction and churn lenses and the overall verdict, beside the
growth and risk sentences of ``casekit.case_claims`` (原书 6.3: satisfaction, growth, risk, churn)."""

from __future__ import annotations

import pandas as pd

from casekit.narrative import Claim, Variant

METRIC_LABELS = {
    "deposits": ("日均存款", "daily average deposits"),
    "loans": ("贷款余额", "loans"),
    "fee_income": ("中间业务收入", "fee income"),
    "nps": ("净推荐值（NPS）", "NPS"),
    "npl_ratio": ("不良贷款率", "NPL ratio"),
    "churn_rate": ("流失率", "churn rate"),
}
UNIT_LABELS = {
    "万元 / %": ("万元／%", "万元 / %"),
    "points": ("分", "points"),
    "ratio": ("比率", "ratio"),
    "share": ("占比", "share"),
}


SMALL_PILOT = 30  # fewer pilot clients than this and the lenses are anecdotes


def lens_figures(lenses: pd.DataFrame, n_pilot: int) -> dict:
    """The DiD of every lens (NPS in points, churn and NPL as shares) and the pilot's size."""
    t = lenses.set_index("metric")["did"]
    return {
        "n_pilot": int(n_pilot),
        "nps_drop": -float(t["nps"]),
        "churn_drop_pp": -100 * float(t["churn_rate"]),
        "dep_did": float(t["deposits"]),
        "fee_did": float(t["fee_income"]),
        "nps_did": float(t["nps"]),
        "churn_did": float(t["churn_rate"]),
        "churn_did_pp": 100 * float(t["churn_rate"]),
        "npl_did": float(t["npl_ratio"]),
    }


NPS_LENS = Claim(
    "nps_lens",
    (
        Variant(
            lambda f: f["nps_did"] != f["nps_did"],
            "Satisfaction cannot be read here: no survey wave on both sides of the pilot's start.",
            "这里无法评估满意度：试点开始前后没有都做调查。",
        ),
        Variant(
            lambda f: f["nps_did"] >= 3,
            "**Satisfaction.** The pilot's NPS rose {nps_did:.1f} points more than the others'.",
            "**客户满意度。** 试点客户的净推荐值比其他客户多上升了 {nps_did:.1f} 分。",
        ),
        Variant(
            lambda f: -3 < f["nps_did"] < 3,
            "**Satisfaction.** The pilot's NPS moved with the others' ({nps_did:+.1f} points): "
            "with a few hundred answers a wave, a gap this small is within the noise.",
            "**客户满意度。** 试点客户的净推荐值与其他客户同步变化（{nps_did:+.1f} 分）：每期只有几百份"
            "答卷，这么小的差距在噪声范围之内。",
        ),
        Variant(
            lambda f: f["nps_did"] <= -3,
            "**Satisfaction.** The pilot's NPS fell {nps_drop:.1f} points against the others': "
            "more contact did not please the clients.",
            "**客户满意度。** 试点客户的净推荐值相对其他客户下降了 {nps_drop:.1f} 分：更多的接触并没有让"
            "客户更满意。",
        ),
    ),
)

CHURN_LENS = Claim(
    "churn_lens",
    (
        Variant(
            lambda f: f["churn_did"] <= -0.01,
            "**Churn.** Fewer pilot clients began to leave: the churn rate fell "
            "{churn_drop_pp:.1f} percentage points against the others'.",
            "**客户流失。** 开始流失的试点客户更少：流失率相对其他客户下降了 {churn_drop_pp:.1f} 个"
            "百分点。",
        ),
        Variant(
            lambda f: -0.01 < f["churn_did"] < 0.01,
            "**Churn.** The pilot's churn rate moved with the others' ({churn_did_pp:+.1f} "
            "percentage points).",
            "**客户流失。** 试点客户的流失率与其他客户同步变化（{churn_did_pp:+.1f} 个百分点）。",
        ),
        Variant(
            lambda f: f["churn_did"] >= 0.01,
            "**Churn.** More pilot clients began to leave ({churn_did_pp:+.1f} percentage points "
            "against the others'): find out why before extending the programme.",
            "**客户流失。** 开始流失的试点客户更多（相对其他客户 {churn_did_pp:+.1f} 个百分点）：推广之前"
            "先查明原因。",
        ),
    ),
)


def _grew(f: dict) -> bool:
    return f["dep_did"] > 0.01 or f["fee_did"] > 0.01


def _few(f: dict) -> bool:
    return f["n_pilot"] < SMALL_PILOT


OVERALL = Claim(
    "overall",
    (
        Variant(
            _few,
            "**Verdict.** None: with {n_pilot} pilot clients every lens above is an anecdote (one "
            "default or one departure moves a ratio by tens of points). Run the pilot on more "
            "clients, chosen at random, before judging it.",
            "**结论。** 无法下结论：只有 {n_pilot} 户试点客户，上面每个维度都只是个案（一户违约或流失"
            "就能让比率变动几十个百分点）。应扩大试点、随机选取客户，再作评价。",
        ),
        Variant(
            lambda f: not _few(f) and _grew(f) and f["npl_did"] > 0.002,
            "**Verdict.** Growth, but bought with risk: report it as not yet a success, and "
            "review the pilot's new loans before the programme is extended.",
            "**结论。** 有增长，但以风险为代价：汇报时不能算作成功，推广前先复核试点期间新增的贷款。",
        ),
        Variant(
            lambda f: not _few(f) and _grew(f) and f["npl_did"] <= 0.002,
            "**Verdict.** Growth without extra risk: the programme earned its extension, provided "
            "its cost in RM hours is counted.",
            "**结论。** 有增长且没有增加风险：在计入客户经理工时成本的前提下，这个项目值得推广。",
        ),
        Variant(
            lambda f: not _few(f) and not _grew(f),
            "**Verdict.** No growth the others did not have: whatever else moved, the programme "
            "did not earn its RM hours.",
            "**结论。** 没有超出其他客户的增长：无论其他指标如何，这个项目都没有对得起投入的客户经理工时。",
        ),
    ),
)


def metric_label(code: str, lang: str) -> str:
    """The name of a four-lens metric in ``lang``."""
    zh, en = METRIC_LABELS[code]
    return zh if lang == "zh" else en


def unit_label(code: str, lang: str) -> str:
    """The name of a four-lens unit in ``lang``."""
    zh, en = UNIT_LABELS.get(code, (code, code))
    return zh if lang == "zh" else en
