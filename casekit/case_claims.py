"""The data-dependent sentences of the cases: the figures they rest on and their true wordings.

Case 3 (service design) first: its premise names the request type this bank handles worst, the
bottleneck sentence the stage that is slowest here, and the verdict on a plan follows its RAROC.
"""

from __future__ import annotations

import pandas as pd

from casekit import catalog as cat
from casekit.book import Book
from casekit.evaluate.answers import case_bank_only
from casekit.narrative import Claim, Variant

HURDLE = 0.10  # the return on capital a plan must clear (casekit.simulate.relationship.HURDLE)
STALLED_HOURS = 14 * 24  # two weeks in one stage: a request stuck, not one being worked on
STAGE_SPANS = {
    "reviewed": ("accepted_at", "reviewed_at"),
    "approved": ("reviewed_at", "approved_at"),
    "processed": ("approved_at", "processed_at"),
}


@case_bank_only
def service_figures(book: Book, lang: str = "en") -> dict:
    """What Case 3's sentences rest on: breach rates by request type and stage hours."""
    r = book.service_requests
    hours = (r["processed_at"] - r["accepted_at"]).dt.total_seconds() / 3600
    breach = hours > r["sla_hours"]
    by_type = breach.groupby(r["request_type"].astype(str)).mean().sort_values(ascending=False)
    spans = pd.DataFrame(
        {s: (r[b] - r[a]).dt.total_seconds() / 3600 for s, (a, b) in STAGE_SPANS.items()}
    )
    stage = spans.median().sort_values(ascending=False)
    by_mean = spans.mean().idxmax()
    worst, best = by_type.index[0], by_type.index[-1]
    return {
        "worst_type": worst,
        "worst_type_label": cat.label("request_type", worst, lang),
        "worst_rate": float(by_type.iloc[0]),
        "best_type_label": cat.label("request_type", best, lang),
        "best_rate": float(by_type.iloc[-1]),
        "overall_rate": float(breach.mean()),
        "bottleneck": stage.index[0],
        "bottleneck_label": cat.label("stage", stage.index[0], lang),
        "bottleneck_hours": float(stage.iloc[0]),
        "next_label": cat.label("stage", stage.index[1], lang),
        "next_hours": float(stage.iloc[1]),
        "bottleneck_ratio": float(stage.iloc[0] / max(stage.iloc[1], 1e-9)),
        # The stage the mean points at, and how many of its requests sat there over two weeks.
        "bottleneck_mean": float(spans[stage.index[0]].mean()),
        "mean_stage": by_mean,
        "mean_label": cat.label("stage", by_mean, lang),
        "mean_hours": float(spans[by_mean].mean()),
        "mean_stage_median": float(stage[by_mean]),
        "stalled": float((spans[by_mean] > STALLED_HOURS).mean()),
    }


def _clear_worst(f: dict) -> bool:
    return f["worst_rate"] >= 1.2 * f["overall_rate"]


SERVICE_PREMISE = Claim(
    "service_premise",
    (
        Variant(
            _clear_worst,
            "**The situation.** Key clients complain that **{worst_type_label}** requests are slow: "
            "{worst_rate:.0%} of them missed their service level last period, against "
            "{overall_rate:.0%} of all requests ({best_type_label}: {best_rate:.0%}). RMs say they "
            "have no time to sell.",
            "**业务情境。** 重点客户抱怨**{worst_type_label}**办理太慢：这类请求有 {worst_rate:.0%} "
            "没有达到服务时效，而全部请求的未达标比例是 {overall_rate:.0%}（{best_type_label}："
            "{best_rate:.0%}）。客户经理则说没有时间营销。",
        ),
        Variant(
            lambda f: not _clear_worst(f),
            "**The situation.** Clients complain about slow service in general: "
            "{overall_rate:.0%} of requests missed their service level, and no request type stands "
            "out (the worst, {worst_type_label}, at {worst_rate:.0%}). RMs say they have no time to "
            "sell.",
            "**业务情境。** 客户普遍抱怨服务慢：{overall_rate:.0%} 的请求没有达到服务时效，但没有哪类"
            "请求特别突出（最差的{worst_type_label}为 {worst_rate:.0%}）。客户经理则说没有时间营销。",
        ),
    ),
)

BOTTLENECK = Claim(
    "bottleneck",
    (
        Variant(
            lambda f: f["bottleneck_ratio"] >= 1.3,
            "The bottleneck in this bank is **{bottleneck_label}**: a median of "
            "{bottleneck_hours:.1f} hours, {bottleneck_ratio:.1f}× the next slowest stage "
            "({next_label}, {next_hours:.1f} hours). That is where a process redesign starts.",
            "本行的瓶颈在**{bottleneck_label}**环节：耗时中位数 {bottleneck_hours:.1f} 小时，"
            "是次慢环节（{next_label}，{next_hours:.1f} 小时）的 {bottleneck_ratio:.1f} 倍。流程优化"
            "应从这里入手。",
        ),
        Variant(
            lambda f: f["bottleneck_ratio"] < 1.3,
            "No single stage dominates: **{bottleneck_label}** is slowest by a small margin "
            "({bottleneck_hours:.1f} against {next_hours:.1f} hours for {next_label}), so look at the "
            "request types that miss their service level instead.",
            "没有哪个环节明显更慢：**{bottleneck_label}**只略慢一些（{bottleneck_hours:.1f} 小时，"
            "{next_label}为 {next_hours:.1f} 小时），应转而分析哪些请求类型未达标。",
        ),
    ),
)

PLAN_VERDICT = Claim(
    "plan_verdict",
    (
        Variant(
            lambda f: f["raroc"] >= HURDLE,
            "This plan earns a RAROC of {raroc:.0%}, above the 10% hurdle: it can be defended "
            "at the credit committee, provided the RM hours fit.",
            "本方案的 RAROC 为 {raroc:.0%}，高于 10% 的门槛：只要客户经理工时够用，就可以在审贷会上"
            "站得住脚。",
        ),
        Variant(
            lambda f: 0 <= f["raroc"] < HURDLE,
            "This plan's RAROC of {raroc:.0%} is below the 10% hurdle: before defending it, drop the "
            "offers whose expected loss and capital cost exceed their revenue.",
            "本方案的 RAROC 为 {raroc:.0%}，低于 10% 的门槛：在拿去汇报之前，先删掉预期损失和资本成本"
            "超过收入的方案项。",
        ),
        Variant(
            lambda f: f["raroc"] != f["raroc"],  # NaN: nothing offered, no capital used
            "This plan offers nothing, so there is nothing to defend: add the offers the data "
            "supports.",
            "本方案没有任何方案项，无从评价：请加入数据支持的方案项。",
        ),
        Variant(
            lambda f: f["raroc"] < 0,
            "This plan loses money once risk and capital are counted (RAROC {raroc:.0%}): it cannot "
            "be defended as it stands. Keep only the offers with a positive net value.",
            "计入风险和资本成本后，本方案是亏损的（RAROC {raroc:.0%}）：照此无法站得住脚。只保留净"
            "价值为正的方案项。",
        ),
    ),
)


# ---- Case 4: risk early warning -------------------------------------------------------------


def warning_figures(book: Book) -> dict:
    """Defaults of the book's last year, and how many had no warning event in the six months before."""
    months = sorted(book.panel["month"].unique())
    idx = {m: i for i, m in enumerate(months)}
    o = book.outcomes
    d = o[o["defaulted"] & o["default_month"].isin(months[-12:])]
    w = book.warnings.assign(t=book.warnings["month"].map(idx))
    flagged = 0
    for row in d.itertuples():
        t = idx[row.default_month]
        seen = w[(w["client_id"] == row.client_id) & (w["t"] < t) & (w["t"] >= t - 6)]
        flagged += int(len(seen) > 0)
    return {"defaults_last_year": len(d), "unflagged": len(d) - flagged}


WARNING_PREMISE = Claim(
    "warning_premise",
    (
        Variant(
            lambda f: f["defaults_last_year"] > 0 and f["unflagged"] > 0,
            "**The situation.** Last year {defaults_last_year} borrowers defaulted, and "
            "{unflagged} of them with no warning event recorded in the six months before.",
            "**业务情境。** 去年有 {defaults_last_year} 户借款人违约，其中 {unflagged} 户在违约前"
            "六个月内没有任何预警事件记录。",
        ),
        Variant(
            lambda f: f["defaults_last_year"] > 0 and f["unflagged"] == 0,
            "**The situation.** Last year {defaults_last_year} borrowers defaulted; every one had a "
            "warning event in the six months before, and none was acted on in time.",
            "**业务情境。** 去年有 {defaults_last_year} 户借款人违约；每一户在违约前六个月内都有"
            "预警事件，却没有及时处置。",
        ),
        Variant(
            lambda f: f["defaults_last_year"] == 0,
            "**The situation.** No borrower defaulted last year, but the credit committee knows "
            "luck is not a method.",
            "**业务情境。** 去年没有借款人违约，但授信审批委员会清楚：运气不是方法。",
        ),
    ),
)


# ---- Case 5: churn and value ----------------------------------------------------------------


def churn_figures(book: Book) -> dict:
    """Partial churn's share of the churners among larger and among smaller clients."""
    c = book.clients.merge(book.outcomes, on="client_id")
    left = c[c["churn_status"] != "active"]
    big = left["size_class"].isin(["large", "medium"])

    def partial(rows) -> float:
        return float((rows["churn_status"] == "partial").mean()) if len(rows) else float("nan")

    return {"partial_big": partial(left[big]), "partial_small": partial(left[~big])}


PARTIAL_CHURN = Claim(
    "partial_churn",
    (
        Variant(
            lambda f: f["partial_big"] >= f["partial_small"] + 0.1,
            "Here partial churn is the larger clients' way of leaving: {partial_big:.0%} of large "
            "and medium churners left partially, against {partial_small:.0%} of small and micro ones.",
            "在本行，部分流失是较大客户的流失方式：大中型流失客户中 {partial_big:.0%} 为部分流失，"
            "小微企业只有 {partial_small:.0%}。",
        ),
        Variant(
            lambda f: not f["partial_big"] >= f["partial_small"] + 0.1,
            "Here partial churn is not mainly a larger clients' matter ({partial_big:.0%} of large "
            "and medium churners against {partial_small:.0%} of small and micro ones), so watch the "
            "share of flows of every tier.",
            "在本行，部分流失并不主要集中在较大客户（大中型流失客户中 {partial_big:.0%}，小微企业"
            "{partial_small:.0%}），所以每个层级都要关注资金往来份额的变化。",
        ),
    ),
)


def _too_weak(f: dict) -> bool:
    return f["auc"] < 0.58 or f["lift"] < 1.2


def _strong(f: dict) -> bool:
    return not _too_weak(f) and f["auc"] >= 0.65 and f["lift"] >= 1.5


CHURN_MODEL = Claim(
    "churn_model",
    (
        Variant(
            _strong,
            "The score is strong enough to act on (AUC {auc:.2f}; the riskiest tenth churn "
            "{lift:.1f}× as often as average): put them on a contact plan this month.",
            "这个评分足以据此行动（AUC {auc:.2f}；风险最高的 10% 客户流失率是平均水平的 "
            "{lift:.1f} 倍）：本月就把他们纳入接触计划。",
        ),
        Variant(
            lambda f: not _strong(f) and not _too_weak(f),
            "The score helps, but weakly (AUC {auc:.2f}; lift {lift:.1f}×): use it to order the "
            "RMs' calls, not to decide alone; add what they hear on the calls.",
            "这个评分有用但偏弱（AUC {auc:.2f}；提升度 {lift:.1f} 倍）：可用来安排客户经理的拜访"
            "顺序，但不能单凭它决策；要结合拜访中了解到的情况。",
        ),
        Variant(
            _too_weak,
            "The score is too weak to act on here (AUC {auc:.2f}; lift {lift:.1f}×): it does little "
            "better than calling clients at random. Find better signals before spending RM hours.",
            "在本行这个评分太弱，不足以据此行动（AUC {auc:.2f}；提升度 {lift:.1f} 倍）：比随机拜访"
            "好不了多少。先找到更好的信号，再投入客户经理的时间。",
        ),
    ),
)


# ---- Case 6: effectiveness ------------------------------------------------------------------


def _off(f: dict, key: str) -> float:
    return abs(f[key] - f["truth"])


NAIVE_VERDICT = Claim(
    "naive_verdict",
    (
        Variant(
            lambda f: (
                _off(f, "before_after") > _off(f, "did") + 0.2 * abs(f["truth"])
                and f["before_after"] > f["truth"]
            ),
            "Here the pilot's own before/after **overstated** the effect ({before_after:+.3f} "
            "against a true {truth:+.3f}): it counts the market's growth, which every client had, "
            "as the pilot's. DiD ({did:+.3f}) takes that out.",
            "本例中试点客户自身的前后对比**高估**了效果（{before_after:+.3f}，真实效果 "
            "{truth:+.3f}）：它把所有客户都有的市场增长算成了试点的功劳。双重差分（{did:+.3f}）"
            "扣除了这部分。",
        ),
        Variant(
            lambda f: (
                _off(f, "before_after") > _off(f, "did") + 0.2 * abs(f["truth"])
                and f["before_after"] <= f["truth"]
            ),
            "Here the pilot's own before/after **understated** the effect ({before_after:+.3f} "
            "against a true {truth:+.3f}): the market moved against every client in the period. "
            "DiD ({did:+.3f}) compares the pilot with the others who lived through the same market.",
            "本例中试点客户自身的前后对比**低估**了效果（{before_after:+.3f}，真实效果 "
            "{truth:+.3f}）：这段时间市场对所有客户都不利。双重差分（{did:+.3f}）把试点客户与经历"
            "同样市场的其他客户相比。",
        ),
        Variant(
            lambda f: _off(f, "did") > _off(f, "before_after") + 0.2 * abs(f["truth"]),
            "Here the pilot's own before/after happened to land closer to the truth than DiD "
            "({before_after:+.3f} against {did:+.3f}, true {truth:+.3f}): the market barely moved, "
            "and DiD, which also carries the others' noise, missed. That is luck, not method: on "
            "another bank the before/after need not be close, and DiD is the estimate that is "
            "right by design.",
            "本例中试点客户自身的前后对比碰巧比双重差分更接近真实效果（{before_after:+.3f} 与 "
            "{did:+.3f}，真实 {truth:+.3f}）：这段时间市场变化不大，而双重差分还带着其他客户的噪声。"
            "这是运气而不是方法：换一家银行，前后对比未必接近，只有双重差分在方法上是对的。",
        ),
        Variant(
            lambda f: (
                not _off(f, "before_after") > _off(f, "did") + 0.2 * abs(f["truth"])
                and not _off(f, "did") > _off(f, "before_after") + 0.2 * abs(f["truth"])
            ),
            "Here the pilot's own before/after happened to land about as close to the truth as DiD "
            "({before_after:+.3f} and {did:+.3f}, true {truth:+.3f}): the market barely moved. On "
            "another bank it need not; only DiD is right by design.",
            "本例中试点客户自身的前后对比碰巧与双重差分差不多接近真实效果（{before_after:+.3f} 与 "
            "{did:+.3f}，真实 {truth:+.3f}）：这段时间市场变化不大。换一家银行未必如此；只有双重差分"
            "在方法上是对的。",
        ),
    ),
)

RISK_LENS = Claim(
    "risk_lens",
    (
        Variant(
            lambda f: f["npl_did"] > 0.002,
            "Risk moved the wrong way: the pilot's NPL ratio rose by {npl_did_pp:.1f} percentage "
            "points more than the others'. Growth bought with risk is not a success until the loans "
            "are reviewed.",
            "风险朝不利方向变化：试点客户的不良贷款率比其他客户多上升了 {npl_did_pp:.1f} 个百分点。"
            "以风险换来的增长，在复核这些贷款之前不能算成功。",
        ),
        Variant(
            lambda f: f["npl_did"] < -0.002,
            "Risk improved: the pilot's NPL ratio fell by {npl_drop_pp:.1f} percentage points against "
            "the others'. Check it is not just the pilot's better clients.",
            "风险有所改善：试点客户的不良贷款率相对其他客户下降了 {npl_drop_pp:.1f} 个百分点。要核实"
            "这不只是因为试点挑选了更好的客户。",
        ),
        Variant(
            lambda f: -0.002 <= f["npl_did"] <= 0.002,
            "Risk held: the pilot's NPL ratio moved with the others' (within 0.2 percentage points).",
            "风险保持稳定：试点客户的不良贷款率与其他客户同步变化（差异在 0.2 个百分点以内）。",
        ),
    ),
)


def effect_figures(lenses, metric: str, did: float, truth: float) -> dict:
    """What Case 6's sentences rest on: the naive and DiD estimates, the truth, the risk lens."""
    t = lenses.set_index("metric")
    npl = float(t.loc["npl_ratio", "did"])
    return {
        "before_after": float(t.loc[metric, "before_after"]),
        "did": float(did),
        "truth": float(truth),
        "npl_did": npl,
        "npl_did_pp": 100 * npl,
        "npl_drop_pp": -100 * npl,
    }
