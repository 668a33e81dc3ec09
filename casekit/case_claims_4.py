"""Case 4 (risk early warning): where the cost optimum lies, what the risk-bearing call notes add,
and how the warning levels run against the five-category classification, on this bank."""

from __future__ import annotations

import pandas as pd

from casekit.book import Book
from casekit.evaluate import risk_signals as rs
from casekit.evaluate.risk import evaluate_warnings
from casekit.narrative import Claim, Variant


def threshold_figures(table: pd.DataFrame) -> dict:
    """The cheapest threshold of the grid and the figures either side of it."""
    best = table.loc[table["cost"].idxmin()]
    return {
        "best": float(best["threshold"]),
        "best_cost": float(best["cost"]),
        "best_precision": float(best["precision"]),
        "best_recall": float(best["recall"]),
        "best_lead": float(best["lead_months"]),
        "best_caught": int(best["caught"]),
        "lowest": float(table["threshold"].min()),
        "highest": float(table["threshold"].max()),
        "cost_lowest": float(table["cost"].iloc[0]),
        "cost_highest": float(table["cost"].iloc[-1]),
        "recall_span": float(table["recall"].max() - table["recall"].min()),
        "any_caught": int(table["caught"].max()),
    }


def note_figures(book: Book, events: pd.DataFrame, horizon: int, threshold: float) -> dict:
    """How many risk-bearing notes there are, how many of their clients defaulted after them,
    and how many more defaults the rule catches with them than without."""
    notes = rs.risk_notes(book)
    o = book.outcomes.set_index("client_id")
    months = sorted(book.panel["month"].unique())
    idx = {m: i for i, m in enumerate(months)}
    first = notes.groupby("client_id")["month"].min()
    after = 0
    for c, m in first.items():
        dm = o.at[c, "default_month"] if bool(o.at[c, "defaulted"]) else None
        after += int(dm in idx and 0 < idx[dm] - idx[m] <= horizon)
    caught = {}
    for with_notes in (True, False):
        kept = events if with_notes else events[events["family"] != "note"]
        rolling = rs.rolling_scores(book, kept)
        w = evaluate_warnings(rs.flags(book, rolling, threshold), book, horizon=horizon)
        caught[with_notes] = w.caught
    return {
        "n_notes": len(notes),
        "note_clients": len(first),
        "note_defaulted": after,
        "note_gain": caught[True] - caught[False],
    }


def level_figures(lv: pd.DataFrame) -> dict:
    """Borrowers per warning level, and the orange ones the classification still calls normal."""
    orange = lv[lv["level"] == "orange"]
    counts = lv["level"].value_counts()
    return {
        **{f"n_{k}": int(counts.get(k, 0)) for k in rs.LEVELS},
        "orange_normal": int((orange["loan_class"] == "normal").sum()),
    }


THRESHOLD_OPTIMUM = Claim(
    "threshold_optimum",
    (
        Variant(
            lambda f: f["any_caught"] == 0,
            "No threshold catches a single default on this bank, so the cost curve only counts "
            "reviews: there is nothing to tune here. Do not set a threshold from this data; "
            "review the borrowers with signals by hand.",
            "在本行任何阈值都没有命中一户违约，成本曲线只反映审查工作量：这里没有可调的东西。"
            "不要据此设定阈值，应逐户人工审查有信号的借款人。",
        ),
        Variant(
            lambda f: f["any_caught"] > 0 and f["lowest"] < f["best"] < f["highest"],
            "**The trade-off.** Raising the threshold cuts false alarms and, past a point, misses "
            "defaults (recall moves by {recall_span:.0%} across the range). The cost is lowest at "
            "**{best:g}**, inside the range: {best_cost:,.0f} 万元, against {cost_lowest:,.0f} at "
            "{lowest:g} and {cost_highest:,.0f} at {highest:g}. There the rule catches "
            "{best_recall:.0%} of the defaults, {best_lead:.0f} months ahead at the median, and "
            "{best_precision:.0%} of its flags are right.",
            "**取舍。** 阈值越高，误报越少，但超过某一点就会漏掉违约（在整个范围内召回率变化 "
            "{recall_span:.0%}）。成本在阈值 **{best:g}** 处最低，位于范围之内：{best_cost:,.0f} 万元，"
            "阈值 {lowest:g} 时为 {cost_lowest:,.0f}，{highest:g} 时为 {cost_highest:,.0f}。此时规则"
            "命中 {best_recall:.0%} 的违约，中位提前 {best_lead:.0f} 个月，预警中有 {best_precision:.0%} "
            "是对的。",
        ),
        Variant(
            lambda f: f["any_caught"] > 0 and f["best"] <= f["lowest"],
            "On this bank the cost is lowest at the bottom of the range (threshold {best:g}, "
            "{best_cost:,.0f} 万元): a missed default costs so much more than a review that every "
            "signal is worth a look. The optimum sits at the edge of what was tried, so it may lie "
            "lower still; the rule catches {best_recall:.0%} of the defaults there.",
            "在本行成本在范围的最低端最低（阈值 {best:g}，{best_cost:,.0f} 万元）：漏掉一户违约的代价"
            "远高于一次审查，每个信号都值得一看。最优点落在所试范围的边缘，真正的最优可能还要更低；此时"
            "规则命中 {best_recall:.0%} 的违约。",
        ),
        Variant(
            lambda f: f["any_caught"] > 0 and f["best"] >= f["highest"],
            "On this bank the cost is lowest at the top of the range (threshold {best:g}, "
            "{best_cost:,.0f} 万元): reviews cost more than the defaults they would catch. The "
            "optimum sits at the edge of what was tried, so it says the rule's signals are too weak "
            "here, not that a high threshold is right.",
            "在本行成本在范围的最高端最低（阈值 {best:g}，{best_cost:,.0f} 万元）：审查的代价超过了它能"
            "挽回的违约损失。最优点落在所试范围的边缘，说明这里的信号太弱，而不是说高阈值就对。",
        ),
    ),
)

NOTE_SIGNAL = Claim(
    "note_signal",
    (
        Variant(
            lambda f: f["n_notes"] == 0,
            "No call note on this bank carries a risk signal, so the notes add nothing here.",
            "本行没有一条拜访纪要带有风险信号，纪要在这里帮不上忙。",
        ),
        Variant(
            lambda f: f["n_notes"] > 0 and f["note_gain"] > 0,
            "The call notes matter: {n_notes} notes on {note_clients} clients carry a risk signal "
            "(a CFO who left, a request to roll a loan over or extend it, unpaid wages …); "
            "{note_defaulted} of those clients defaulted within the horizon after the first one, "
            "and with the notes the rule catches {note_gain} more default(s) at this threshold.",
            "拜访纪要很重要：{note_clients} 户客户的 {n_notes} 条纪要带有风险信号（财务总监离职、要求"
            "借新还旧或展期、欠发工资……）；其中 {note_defaulted} 户在第一条这样的纪要之后的预警期内违约，"
            "加入纪要后，规则在这个阈值下多命中 {note_gain} 户违约。",
        ),
        Variant(
            lambda f: f["n_notes"] > 0 and f["note_gain"] <= 0,
            "{n_notes} notes on {note_clients} clients carry a risk signal, and {note_defaulted} of "
            "those clients defaulted within the horizon after the first one; at this threshold the "
            "other signals already flag them, so the notes add no catch, only an earlier reason to "
            "visit.",
            "{note_clients} 户客户的 {n_notes} 条纪要带有风险信号，其中 {note_defaulted} 户在第一条这样"
            "的纪要之后的预警期内违约；在这个阈值下其他信号已经覆盖了它们，纪要没有增加命中，只是提供了"
            "更早上门的理由。",
        ),
    ),
)

LEVEL_VS_CLASS = Claim(
    "level_vs_class",
    (
        Variant(
            lambda f: f["n_orange"] > 0 and f["orange_normal"] > 0,
            "This month {n_orange} borrower(s) are orange, {orange_normal} of them still "
            "classified normal: the warning runs ahead of the classification. Propose them for "
            "special mention (关注) now rather than after the first overdue month; {n_red} are "
            "red, {n_yellow} yellow.",
            "本月有 {n_orange} 户借款人为橙色预警，其中 {orange_normal} 户仍分类为正常：预警走在分类"
            "前面。应现在就提出下调为关注类，而不是等到第一次逾期之后；另有红色 {n_red} 户、黄色 "
            "{n_yellow} 户。",
        ),
        Variant(
            lambda f: f["n_orange"] > 0 and f["orange_normal"] == 0,
            "This month {n_orange} borrowers are orange, all already classified special mention "
            "or worse: the classification has caught up with the signals. {n_red} are red, "
            "{n_yellow} yellow.",
            "本月有 {n_orange} 户借款人为橙色预警，都已分类为关注或更差：分类已经跟上了信号。另有红色 "
            "{n_red} 户、黄色 {n_yellow} 户。",
        ),
        Variant(
            lambda f: f["n_orange"] == 0 and f["n_yellow"] > 0,
            "No borrower reaches the threshold this month ({n_red} red, {n_yellow} yellow): the "
            "watch list is the yellow clients.",
            "本月没有借款人达到阈值（红色 {n_red} 户，黄色 {n_yellow} 户）：观察名单就是黄色客户。",
        ),
        Variant(
            lambda f: f["n_orange"] == 0 and f["n_yellow"] == 0,
            "No borrower shows a signal this month ({n_red} red): nothing to escalate; keep the "
            "quarterly reviews.",
            "本月没有借款人出现信号（红色 {n_red} 户）：无需升级处理，保持按季回顾。",
        ),
    ),
)
