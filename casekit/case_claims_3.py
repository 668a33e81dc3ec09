"""Case 3 (service design), beyond the premise and bottleneck of ``casekit.case_claims``: why the
median and not the mean, service levels per tier, the redesign before and after, and the
feedback loop, as this bank shows them."""

from __future__ import annotations

import pandas as pd

from casekit import catalog as cat
from casekit.narrative import Claim, Variant


def tier_figures(t: pd.DataFrame) -> dict:
    """Breach rates per tier (``casekit.evaluate.redesign.by_tier``)."""
    rate = t["breach_rate"]
    return {
        "strategic": float(rate.get("strategic", float("nan"))),
        "key": float(rate.get("key", float("nan"))),
        "general": float(rate.get("general", float("nan"))),
        "has_all": all(k in rate.index for k in ("strategic", "key", "general")),
    }


def _ordered(f: dict) -> bool:
    return f["strategic"] <= f["key"] - 0.01 and f["key"] <= f["general"] - 0.01


TIER_SERVICE = Claim(
    "tier_service",
    (
        Variant(
            lambda f: not f["has_all"],
            "This bank does not have requests from every tier, so service levels per tier cannot "
            "be compared here.",
            "本行并非每个层级都有服务请求，这里无法比较各层级的服务水平。",
        ),
        Variant(
            lambda f: f["has_all"] and _ordered(f),
            "Tiering shows in the service: {strategic:.0%} of strategic clients' requests missed "
            "their service level, {key:.0%} of key clients', {general:.0%} of general ones'.",
            "分层管理体现在了服务上：战略客户的请求有 {strategic:.0%} 未达服务时效，重点客户为 "
            "{key:.0%}，一般客户为 {general:.0%}。",
        ),
        Variant(
            lambda f: f["has_all"] and not _ordered(f),
            "**Tiering does not show in the service.** {strategic:.0%} of strategic clients' "
            "requests missed their service level, {key:.0%} of key clients', {general:.0%} of "
            "general ones': the tiers are promised a service the process does not deliver. Give "
            "the higher tiers a lane of their own (a named officer, pre-checked documents) and "
            "hold it to a shorter service level.",
            "**分层管理没有体现在服务上。** 战略客户的请求有 {strategic:.0%} 未达服务时效，重点客户为 "
            "{key:.0%}，一般客户为 {general:.0%}：对各层级承诺的服务，流程并没有兑现。应为较高层级开设"
            "专门通道（专人负责、材料预审），并按更短的时效考核。",
        ),
    ),
)


def _by_mean_elsewhere(f: dict) -> bool:
    return f["mean_stage"] != f["bottleneck"]


MEAN_OR_MEDIAN = Claim(
    "mean_or_median",
    (
        Variant(
            lambda f: _by_mean_elsewhere(f) and f["stalled"] > 0,
            "**Judge by the median, not the mean.** By mean hours {mean_label} looks slowest "
            "({mean_hours:.0f} hours against {bottleneck_mean:.0f} for {bottleneck_label}), yet "
            "its median is {mean_stage_median:.1f} hours against {bottleneck_hours:.1f}: "
            "{stalled:.1%} of its requests sat there more than two weeks, most often waiting for "
            "the client's missing documents (待补充材料). A few stuck requests pull the mean up; "
            "the median, what a typical client waits, does not move. Chase the stuck requests one "
            "by one, and redesign {bottleneck_label}.",
            "**看中位数，不看平均值。** 按平均耗时，{mean_label}环节看起来最慢（{mean_hours:.0f} 小时，"
            "{bottleneck_label}为 {bottleneck_mean:.0f} 小时），但它的中位数是 {mean_stage_median:.1f} "
            "小时，{bottleneck_label}为 {bottleneck_hours:.1f} 小时：有 {stalled:.1%} 的请求在这里停留"
            "超过两周，多半处于待补充材料状态，在等客户补件。均值被少数卡住的申请拉高，中位数不受影响，"
            "而中位数才是客户通常要等的时间。卡住的申请要逐笔催办，流程优化则从{bottleneck_label}环节"
            "入手。",
        ),
        Variant(
            lambda f: _by_mean_elsewhere(f) and not f["stalled"] > 0,
            "**Judge by the median, not the mean.** By mean hours {mean_label} looks slowest "
            "({mean_hours:.0f} hours against {bottleneck_mean:.0f} for {bottleneck_label}), yet "
            "its median is {mean_stage_median:.1f} hours against {bottleneck_hours:.1f}: a few "
            "long waits pull a mean up, while the median, what a typical client waits, does not "
            "move.",
            "**看中位数，不看平均值。** 按平均耗时，{mean_label}环节看起来最慢（{mean_hours:.0f} 小时，"
            "{bottleneck_label}为 {bottleneck_mean:.0f} 小时），但它的中位数是 {mean_stage_median:.1f} "
            "小时，{bottleneck_label}为 {bottleneck_hours:.1f} 小时：少数等得特别久的请求会把均值拉高，"
            "中位数却不受影响，而中位数才是客户通常要等的时间。",
        ),
        Variant(
            lambda f: not _by_mean_elsewhere(f),
            "Here the mean points at the same stage, {bottleneck_label} ({bottleneck_mean:.0f} "
            "hours on average). Still judge by the median: a few requests stuck for weeks can pull "
            "another stage's mean above the bottleneck's.",
            "本行按平均耗时看，最慢的也是{bottleneck_label}环节（平均 {bottleneck_mean:.0f} 小时）。但"
            "仍应以中位数为准：少数卡了几周的申请就能把另一个环节的均值拉到瓶颈之上。",
        ),
    ),
)


def redesign_figures(table: pd.DataFrame, before, after, stage: str, cut: float, lang: str) -> dict:
    """Overall and worst-type breach rates before and after the redesign."""
    worst = table.index[0]
    return {
        "stage_label": cat.label("stage", stage, lang),
        "cut": cut,
        "before": float(before["breach"].mean()),
        "after": float(after["breach"].mean()),
        "worst_label": cat.label("request_type", worst, lang),
        "worst_before": float(table["breach_before"].iloc[0]),
        "worst_after": float(table["breach_after"].iloc[0]),
        "drop": float(before["breach"].mean() - after["breach"].mean()),
    }


REDESIGN = Claim(
    "redesign",
    (
        Variant(
            lambda f: f["cut"] == 0,
            "With `redesign_cut = 0` nothing changes: set a share of the {stage_label} time to "
            "remove.",
            "`redesign_cut = 0` 时什么都不会变：请设定要从{stage_label}环节削减的时间比例。",
        ),
        Variant(
            lambda f: f["cut"] > 0 and f["drop"] >= 0.03,
            "**Before and after.** Taking {cut:.0%} out of {stage_label} would have cut the "
            "requests missing their service level from {before:.0%} to {after:.0%}; for "
            "{worst_label}, the worst type, from {worst_before:.0%} to {worst_after:.0%}. That is "
            "the case to take to the process owner.",
            "**优化前后对比。** 如果把{stage_label}环节的耗时减少 {cut:.0%}，未达服务时效的请求会从 "
            "{before:.0%} 降到 {after:.0%}；最差的{worst_label}从 {worst_before:.0%} 降到 "
            "{worst_after:.0%}。这就是拿去找流程负责人的依据。",
        ),
        Variant(
            lambda f: f["cut"] > 0 and f["drop"] < 0.03,
            "**Before and after.** Taking {cut:.0%} out of {stage_label} would barely move the "
            "breaches ({before:.0%} to {after:.0%}; {worst_label} {worst_before:.0%} to "
            "{worst_after:.0%}): the time is lost elsewhere. Redesign another stage, or the "
            "service levels themselves.",
            "**优化前后对比。** 把{stage_label}环节的耗时减少 {cut:.0%}，未达标比例几乎不变（{before:.0%} "
            "到 {after:.0%}；{worst_label}从 {worst_before:.0%} 到 {worst_after:.0%}）：时间耗在别处。"
            "应优化其他环节，或重新设定服务时效。",
        ),
    ),
)


def _thin(f: dict) -> bool:
    return f["n_breached"] < 30 or f["n_unfollowed"] < 10


FEEDBACK = Claim(
    "feedback",
    (
        Variant(
            _thin,
            "Too few surveyed clients had a late request here ({n_breached}) to read the feedback "
            "loop; the facet most tied to the recommend score is {facet_label} (correlation "
            "{top_corr:.2f}).",
            "本行有超时请求且参与调查的客户太少（{n_breached} 户），看不出反馈闭环的效果；与推荐意愿"
            "得分关系最密切的是{facet_label}（相关系数 {top_corr:.2f}）。",
        ),
        Variant(
            lambda f: not _thin(f) and f["score_followed"] >= f["score_unfollowed"] + 0.2,
            "**The feedback loop.** A late request costs goodwill: clients with one in the six "
            "months before the survey score {score_breach:.1f} out of 10, against {score_clean:.1f} "
            "without. A follow-up call (回访) wins some of it back ({score_followed:.1f} with one, "
            "{score_unfollowed:.1f} without). {facet_label} is the facet most tied to the score "
            "(correlation {top_corr:.2f}): fix that first.",
            "**反馈闭环。** 一次超时会损害好感：调查前六个月内有超时请求的客户，推荐意愿得分为 "
            "{score_breach:.1f}（满分 10），没有的为 {score_clean:.1f}。回访能挽回一部分（回访过的 "
            "{score_followed:.1f}，没有回访的 {score_unfollowed:.1f}）。与得分关系最密切的是"
            "{facet_label}（相关系数 {top_corr:.2f}）：先改进这一项。",
        ),
        Variant(
            lambda f: not _thin(f) and f["score_followed"] < f["score_unfollowed"] + 0.2,
            "**The feedback loop.** A late request costs goodwill: clients with one in the six "
            "months before the survey score {score_breach:.1f} out of 10, against {score_clean:.1f} "
            "without. The follow-up calls (回访) as made now do not win it back "
            "({score_followed:.1f} with one, {score_unfollowed:.1f} without): a call that only "
            "asks is not a repair; it must fix what went wrong. {facet_label} is the facet most "
            "tied to the score (correlation {top_corr:.2f}).",
            "**反馈闭环。** 一次超时会损害好感：调查前六个月内有超时请求的客户，推荐意愿得分为 "
            "{score_breach:.1f}（满分 10），没有的为 {score_clean:.1f}。目前的回访并没有挽回这部分"
            "好感（回访过的 {score_followed:.1f}，没有回访的 {score_unfollowed:.1f}）：只问不改的回访"
            "不算补救，必须解决出错的地方。与得分关系最密切的是{facet_label}（相关系数 {top_corr:.2f}）。",
        ),
    ),
)

FACET_LABELS = {
    "speed": ("办理速度", "speed"),
    "professionalism": ("专业程度", "professionalism"),
    "product_fit": ("产品匹配度", "product fit"),
    "digital": ("线上渠道体验", "digital channels"),
}


def feedback_figures(fb: dict, lang: str) -> dict:
    """The feedback figures with the top facet named in ``lang``."""
    zh, en = FACET_LABELS[fb["top_facet"]]
    return fb | {"facet_label": zh if lang == "zh" else en}
