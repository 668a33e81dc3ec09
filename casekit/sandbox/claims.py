"""The sentences of the sandbox case that state a figure: the figures they rest on, and their
true wordings (casekit.narrative), so the text holds on every scenario, seed and bank size.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from casekit.narrative import Claim, Variant
from casekit.sandbox.debrief import KIND_LABEL

if TYPE_CHECKING:
    import pandas as pd

    from casekit.sandbox.sim import Sim

# One headline metric per lens of the book (seed book 6.3) and whether higher is better.
LENS_METRIC = {
    "satisfaction": ("nps", True),
    "growth": ("deposits", True),
    "risk": ("credit_losses", False),
    "attrition": ("attrition_rate", False),
}
LENS_WORD = {
    "satisfaction": ("satisfaction (NPS)", "客户满意度（NPS）"),
    "growth": ("business growth (deposits)", "业务增长（存款）"),
    "risk": ("risk control (credit losses)", "风险控制（信用损失）"),
    "attrition": ("attrition", "客户流失"),
}


def figures(runs: dict[str, Sim], debrief: pd.DataFrame | None, lang: str = "en") -> dict:
    """What the case's sentences rest on: the four policies' scorecards and the debrief."""
    zh = lang == "zh"
    m = {name: sim.metrics() for name, sim in runs.items()}
    base, good, rnd, best = (m[k] for k in ("do_nothing", "sensible", "random", "best_known"))
    gain = good["contribution"] - base["contribution"]
    room = best["contribution"] - base["contribution"]
    better, worse = [], []
    for lens, (metric, up) in LENS_METRIC.items():
        ahead = good[metric] > base[metric] if up else good[metric] < base[metric]
        (better if ahead else worse).append(LENS_WORD[lens][1 if zh else 0])
    joiner = "、" if zh else ", "
    f = {
        "quarters": runs["sensible"].quarters,
        "base_value": base["contribution"],
        "good_value": good["contribution"],
        "best_value": best["contribution"],
        "gain": gain,
        "abs_gain": abs(gain),
        "random_gain": rnd["contribution"] - base["contribution"],
        "abs_random_gain": abs(rnd["contribution"] - base["contribution"]),
        "share": gain / room if room > 0 else float("nan"),
        "best_gap": best["contribution"] - good["contribution"],
        "abs_best_gap": abs(best["contribution"] - good["contribution"]),
        "better": joiner.join(better),
        "worse": joiner.join(worse),
        "n_better": len(better),
        "churn_saved": (base["full_churn"] + base["partial_churn"])
        - (good["full_churn"] + good["partial_churn"]),
    }
    if debrief is not None:
        row = debrief.set_index("metric").loc["contribution"]
        # The debrief's columns are in its own language; the sentence names them in ``lang``.
        kinds = {
            KIND_LABEL[k][1 if zh else 0]: float(
                row[next(c for c in KIND_LABEL[k] if c in row.index)]
            )
            for k in KIND_LABEL
        }
        top = max(kinds, key=kinds.get)
        low = min(kinds, key=kinds.get)
        f.update(top_kind=top, top_effect=kinds[top], low_kind=low, low_effect=kinds[low],
                 abs_low_effect=abs(kinds[low]))  # fmt: skip
    return f


VERDICT = Claim(
    "sandbox_verdict",
    (
        Variant(
            lambda f: f["gain"] > 0 and f["share"] == f["share"],
            "Over {quarters} quarters the scripted policy ends at a 综合贡献度 of {good_value:,.0f} "
            "万元 a year, {abs_gain:,.0f} more than doing nothing ({base_value:,.0f}): "
            "{share:.0%} of the way to the best policy the simulator knows ({best_value:,.0f}).",
            "经过 {quarters} 个季度，脚本策略的综合贡献度为每年 {good_value:,.0f} 万元，比什么也不做"
            "（{base_value:,.0f}）多 {abs_gain:,.0f}：走完了通往模拟器已知最优策略（{best_value:,.0f}）"
            "的 {share:.0%}。",
        ),
        Variant(
            lambda f: f["gain"] > 0 and f["share"] != f["share"],
            "Over {quarters} quarters the scripted policy ends at a 综合贡献度 of {good_value:,.0f} "
            "万元 a year, {abs_gain:,.0f} more than doing nothing ({base_value:,.0f}), and even "
            "above the best known policy ({best_value:,.0f}).",
            "经过 {quarters} 个季度，脚本策略的综合贡献度为每年 {good_value:,.0f} 万元，比什么也不做"
            "（{base_value:,.0f}）多 {abs_gain:,.0f}，甚至高于已知最优策略（{best_value:,.0f}）。",
        ),
        Variant(
            lambda f: f["gain"] <= 0,
            "Over {quarters} quarters the scripted policy ends at a 综合贡献度 of {good_value:,.0f} "
            "万元 a year, {abs_gain:,.0f} short of doing nothing ({base_value:,.0f}): on this bank "
            "its hours and service spending cost more than they earn.",
            "经过 {quarters} 个季度，脚本策略的综合贡献度为每年 {good_value:,.0f} 万元，比什么也不做"
            "（{base_value:,.0f}）少 {abs_gain:,.0f}：在这家银行，它投入的工时和服务费用得不偿失。",
        ),
    ),
)

RANDOM = Claim(
    "sandbox_random",
    (
        Variant(
            lambda f: f["random_gain"] <= 0,
            "The same hours spent at random lose {abs_random_gain:,.0f} 万元 against doing nothing: "
            "effort is not the point, aim is.",
            "同样的工时随机投入，比什么也不做还少 {abs_random_gain:,.0f} 万元：关键不在投入多少，而在投向哪里。",
        ),
        Variant(
            lambda f: 0 < f["random_gain"] < f["gain"],
            "The same hours spent at random buy only {abs_random_gain:,.0f} 万元 over doing nothing, "
            "against {abs_gain:,.0f} for the script: effort is not the point, aim is.",
            "同样的工时随机投入，只比什么也不做多 {abs_random_gain:,.0f} 万元，而脚本策略多 "
            "{abs_gain:,.0f}：关键不在投入多少，而在投向哪里。",
        ),
        Variant(
            lambda f: f["random_gain"] > 0 and f["random_gain"] >= f["gain"],
            "On this bank the same hours spent at random earn {abs_random_gain:,.0f} 万元 over doing "
            "nothing, as much as the script: its choices add nothing here, so look for a better rule.",
            "在这家银行，同样的工时随机投入也比什么也不做多 {abs_random_gain:,.0f} 万元，与脚本策略相当："
            "脚本的选择在这里没有带来额外价值，需要找更好的规则。",
        ),
    ),
)

LENSES = Claim(
    "sandbox_lenses",
    (
        Variant(
            lambda f: f["n_better"] == 4,
            "Against doing nothing the script is ahead on all four lenses of the book: {better}.",
            "与什么也不做相比，脚本策略在原书的四个视角上全部领先：{better}。",
        ),
        Variant(
            lambda f: 0 < f["n_better"] < 4,
            "Against doing nothing the script is ahead on {better}, but not on {worse}: a gain on "
            "one lens can cost another, which is why the scorecard shows all four.",
            "与什么也不做相比，脚本策略在{better}上领先，但在{worse}上没有：一个视角的改善可能以另一个"
            "视角为代价，所以记分卡要同时看四个视角。",
        ),
        Variant(
            lambda f: f["n_better"] == 0,
            "Against doing nothing the script is ahead on none of the four lenses ({worse}).",
            "与什么也不做相比，脚本策略在四个视角（{worse}）上都没有领先。",
        ),
    ),
)

BEST_GAP = Claim(
    "sandbox_best_gap",
    (
        Variant(
            lambda f: f["best_gap"] > 0,
            "The best known policy reads the hidden truth (who really needs what, who is about to "
            "leave) and earns {abs_best_gap:,.0f} 万元 more than the script: that gap is what better "
            "analysis of the observable tables could still win.",
            "已知最优策略读取了隐藏的真实情况（谁真正需要什么、谁即将流失），比脚本策略多 "
            "{abs_best_gap:,.0f} 万元：这个差距，就是对可见数据做更好的分析还能争取到的空间。",
        ),
        Variant(
            lambda f: f["best_gap"] <= 0,
            "The script does as well as the best known policy here ({abs_best_gap:,.0f} 万元 ahead), "
            "though that policy reads the hidden truth: the greedy reference is not the ceiling.",
            "在这里脚本策略不逊于已知最优策略（高出 {abs_best_gap:,.0f} 万元），尽管后者读取了隐藏的真实"
            "情况：贪心的参照策略并不是上限。",
        ),
    ),
)

DEBRIEF = Claim(
    "sandbox_debrief",
    (
        Variant(
            lambda f: (
                f["top_effect"] > 0 and f["low_effect"] >= -0.5
            ),  # what rounds to 0 costs nothing
            "Taken out one kind at a time, on the same draws, **{top_kind}** moved 综合贡献度 most "
            "({top_effect:+,.0f} 万元); no kind of decision cost value.",
            "逐类剔除决策、在相同随机数上重算后，**{top_kind}** 对综合贡献度的贡献最大（{top_effect:+,.0f} "
            "万元）；没有哪类决策损害了价值。",
        ),
        Variant(
            lambda f: f["top_effect"] > 0 and f["low_effect"] < -0.5,
            "Taken out one kind at a time, on the same draws, **{top_kind}** moved 综合贡献度 most "
            "({top_effect:+,.0f} 万元), while **{low_kind}** cost {abs_low_effect:,.0f}: that is the "
            "first decision to rethink.",
            "逐类剔除决策、在相同随机数上重算后，**{top_kind}** 对综合贡献度的贡献最大（{top_effect:+,.0f} "
            "万元），而 **{low_kind}** 使其减少了 {abs_low_effect:,.0f} 万元：这是首先要重新考虑的决策。",
        ),
        Variant(
            lambda f: f["top_effect"] <= 0,
            "Taken out one kind at a time, on the same draws, no kind of decision added to "
            "综合贡献度; **{low_kind}** cost most ({abs_low_effect:,.0f} 万元).",
            "逐类剔除决策、在相同随机数上重算后，没有哪类决策提高了综合贡献度；**{low_kind}** 的损害最大"
            "（减少 {abs_low_effect:,.0f} 万元）。",
        ),
    ),
)

CLAIMS = (VERDICT, RANDOM, LENSES, BEST_GAP, DEBRIEF)
