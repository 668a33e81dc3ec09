"""The data-dependent sentences of the cases: the figures they rest on and their true wordings.

Case 3 (service design) first: its premise names the request type this bank handles worst, the
bottleneck sentence the stage that is slowest here, and the verdict on a plan follows its RAROC.
"""

from __future__ import annotations

import pandas as pd

from casekit import catalog as cat
from casekit.book import Book
from casekit.narrative import Claim, Variant

HURDLE = 0.10  # the return on capital a plan must clear (casekit.simulate.relationship.HURDLE)
STAGE_SPANS = {
    "reviewed": ("accepted_at", "reviewed_at"),
    "approved": ("reviewed_at", "approved_at"),
    "processed": ("approved_at", "processed_at"),
}


def service_figures(book: Book, lang: str = "en") -> dict:
    """What Case 3's sentences rest on: breach rates by request type and stage hours."""
    r = book.service_requests
    hours = (r["processed_at"] - r["accepted_at"]).dt.total_seconds() / 3600
    breach = hours > r["sla_hours"]
    by_type = breach.groupby(r["request_type"].astype(str)).mean().sort_values(ascending=False)
    stage = pd.Series(
        {s: ((r[b] - r[a]).dt.total_seconds() / 3600).median() for s, (a, b) in STAGE_SPANS.items()}
    ).sort_values(ascending=False)
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
            "{bottleneck_hours:.1f} working hours, {bottleneck_ratio:.1f}× the next slowest stage "
            "({next_label}, {next_hours:.1f} hours). That is where a process redesign starts.",
            "本行的瓶颈在**{bottleneck_label}**环节：耗时中位数 {bottleneck_hours:.1f} 个工作小时，"
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
