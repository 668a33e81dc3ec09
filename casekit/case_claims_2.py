"""Case 2 (needs analysis): how good the importance × urgency ranking is on this bank, and why.

The figures rest on the method of ``casekit.evaluate.needs_method`` scored against the truth:
NDCG of the ranking, what it would be with urgency ignored, how many of the needs most worth
acting on are not on the list at all, and how often urgency was dated right by each source.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from casekit.book import Book
from casekit.evaluate.needs import score_priority, true_priority
from casekit.narrative import Claim, Variant

TOP_K = 30


def ranking_figures(book: Book, ranked: pd.DataFrame, clients: pd.Index) -> dict:
    """NDCG with and without urgency, the ideal top needs missing from the list, urgency right."""
    k = TOP_K
    score = score_priority(ranked, book, clients=clients, k=k)
    flat = ranked.assign(p=ranked["importance"]).sort_values("p", ascending=False, kind="stable")
    flat = flat.assign(rank=np.arange(1, len(flat) + 1))
    score_flat = score_priority(flat, book, clients=clients, k=k)
    ideal = true_priority(book, clients=clients)
    top = ideal.head(k)
    listed = set(zip(ranked["client_id"], ranked["need"], strict=True))
    missing = sum((c, n) not in listed for c, n in zip(top["client_id"], top["need"], strict=True))
    truth = book.truth["needs"][["client_id", "need", "urgency"]]
    j = ranked.merge(truth, on=["client_id", "need"], suffixes=("", "_true"))
    right = j["urgency"] == j["urgency_true"]
    by = right.groupby(j["dated_by"]).mean()
    dated = j["dated_by"].isin(["season", "budget", "note"])
    counts = ranked["quadrant"].value_counts()
    return {
        "ndcg": float(score.ndcg),
        "ndcg_flat": float(score_flat.ndcg),
        "urgency_gain": float(score.ndcg - score_flat.ndcg),
        "k": k,
        "top_shown": min(k, len(ideal)),
        "top_missing": int(missing),
        "n_true": len(ideal),
        "dated_right": float(right[dated].mean()) if dated.any() else float("nan"),
        "typical_right": float(by.get("typical", float("nan"))),
        "season_right": float(by.get("season", float("nan"))),
        "n_proposed": len(ranked),
        **{f"n_{q}": int(counts.get(q, 0)) for q in ("do_now", "plan", "delegate", "monitor")},
    }


def _few(f: dict) -> bool:
    return f["n_true"] < 15


RANKING_QUALITY = Claim(
    "ranking_quality",
    (
        Variant(
            _few,
            "This tier has only {n_true} open needs in truth: too few to judge a ranking (NDCG "
            "{ndcg:.2f} rests on a handful of pairs). Read the matrix client by client instead.",
            "本层级真实的未满足需求只有 {n_true} 项：太少，无法评价排序好坏（NDCG {ndcg:.2f} 只取决于"
            "寥寥几项）。请逐户阅读矩阵。",
        ),
        Variant(
            lambda f: not _few(f) and f["ndcg"] >= 0.7,
            "**How good is the ranking?** NDCG {ndcg:.2f}: close to the ideal order. Of the "
            "{top_shown} needs most worth acting on, {top_missing} are missing from the list; the "
            "rest are ranked about where they belong.",
            "**排序效果如何？** NDCG {ndcg:.2f}：接近理想顺序。最值得行动的 {top_shown} 项需求中，"
            "清单漏掉了 {top_missing} 项；其余大致排在应有的位置。",
        ),
        Variant(
            lambda f: not _few(f) and f["ndcg"] < 0.7 and f["top_missing"] >= f["top_shown"] / 4,
            "**How good is the ranking?** NDCG {ndcg:.2f}: well short of the ideal order, and the "
            "main reason is recall, not ordering: {top_missing} of the {top_shown} needs most worth "
            "acting on are not on the list at all, so no urgency or importance estimate can rank "
            "them. The visit that finds them is worth more than a better formula.",
            "**排序效果如何？** NDCG {ndcg:.2f}：离理想顺序还远，主要原因是召回而不是排序：最值得"
            "行动的 {top_shown} 项需求中有 {top_missing} 项根本不在清单上，任何紧急性或重要性的估计都"
            "排不到它们。找到它们的那次拜访，比更好的公式更有价值。",
        ),
        Variant(
            lambda f: not _few(f) and f["ndcg"] < 0.7 and f["top_missing"] < f["top_shown"] / 4,
            "**How good is the ranking?** NDCG {ndcg:.2f}: short of the ideal order although only "
            "{top_missing} of the {top_shown} needs most worth acting on are missing, so the "
            "estimates themselves misorder them: most urgencies are a rule of thumb until the "
            "client confirms the date.",
            "**排序效果如何？** NDCG {ndcg:.2f}：离理想顺序还有距离，而最值得行动的 {top_shown} 项"
            "需求只漏掉 {top_missing} 项，说明是估计本身排错了：多数紧急性在客户确认日期之前只是经验值。",
        ),
    ),
)

URGENCY_GAIN = Claim(
    "urgency_gain",
    (
        Variant(
            lambda f: not _few(f) and f["urgency_gain"] >= 0.02,
            "Urgency earns its place: ranked by importance alone, NDCG would be {ndcg_flat:.2f}. "
            "Urgency dated from the data (the sales cycle, the budget year, a dated note) is right "
            "for {dated_right:.0%} of the needs it dates, a type's usual horizon for only "
            "{typical_right:.0%}: ask the date on the visit.",
            "紧急性确有作用：只按重要性排序，NDCG 只有 {ndcg_flat:.2f}。由数据确定日期的紧急性（销售"
            "周期、预算年度、注明时间的纪要）有 {dated_right:.0%} 判断正确，只按需求类型的通常期限估计的"
            "只有 {typical_right:.0%}：拜访时要问清时间。",
        ),
        Variant(
            lambda f: not _few(f) and f["urgency_gain"] <= -0.02,
            "Here urgency does not help the order: by importance alone NDCG would be "
            "{ndcg_flat:.2f}. Urgency dated from the data is right for {dated_right:.0%} of the "
            "needs it dates, a type's usual horizon for only {typical_right:.0%}, and the guesses "
            "misorder the top: ask the date on the visit before trusting the matrix's columns.",
            "在本行，紧急性并没有改善排序：只按重要性排序，NDCG 为 {ndcg_flat:.2f}。由数据确定日期的"
            "紧急性有 {dated_right:.0%} 判断正确，只按需求类型通常期限估计的只有 {typical_right:.0%}，"
            "这些估计把靠前的需求排乱了：在相信矩阵的左右划分之前，拜访时要先问清时间。",
        ),
        Variant(
            lambda f: not _few(f) and abs(f["urgency_gain"]) < 0.02,
            "Urgency changes the order little here (by importance alone NDCG would be "
            "{ndcg_flat:.2f}). It is right for {dated_right:.0%} of the needs the data dates and "
            "{typical_right:.0%} of the rest: the quadrants still tell the RM when to go.",
            "在本行，紧急性对排序影响不大（只按重要性排序，NDCG 为 {ndcg_flat:.2f}）。由数据确定日期"
            "的需求有 {dated_right:.0%} 判断正确，其余为 {typical_right:.0%}：四个象限仍然告诉客户经理"
            "什么时候该去。",
        ),
        Variant(
            _few,
            "Whether urgency helps cannot be told from so few needs.",
            "需求太少，无法判断紧急性是否有帮助。",
        ),
    ),
)

QUADRANT_FILL = Claim(
    "quadrant_fill",
    (
        Variant(
            lambda f: min(f["n_do_now"], f["n_plan"], f["n_delegate"], f["n_monitor"]) > 0,
            "All four quadrants hold needs here: {n_do_now} to act on this month, {n_plan} to plan, "
            "{n_delegate} to hand to the service team, {n_monitor} to review at the quarterly "
            "check.",
            "四个象限在本行都有需求：本月要行动的 {n_do_now} 项，列入计划的 {n_plan} 项，交服务团队"
            "的 {n_delegate} 项，季度复盘再看的 {n_monitor} 项。",
        ),
        Variant(
            lambda f: min(f["n_do_now"], f["n_plan"], f["n_delegate"], f["n_monitor"]) == 0,
            "On this bank not every quadrant holds a need ({n_do_now} to act on now, {n_plan} to "
            "plan, {n_delegate} to delegate, {n_monitor} to monitor, of {n_proposed}): the tier is "
            "too small for the matrix to sort much; decide client by client.",
            "在本行并非每个象限都有需求（共 {n_proposed} 项：立即行动 {n_do_now}、列入计划 {n_plan}、"
            "交服务团队 {n_delegate}、季度复盘 {n_monitor}）：层级太小，矩阵分不出多少层次，要逐户决定。",
        ),
    ),
)
