"""Case 7 (supply-chain prospecting, 产业链获客): the figures its sentences rest on, and the
sentences, each with exactly one true wording for any bank (casekit.narrative).

The figures come from the observable tables (payments, calls on prospects) except the plan's
score, which is the truth's verdict on a plan (casekit.evaluate.prospects).
"""

from __future__ import annotations

import pandas as pd

from casekit.book import Book
from casekit.evaluate.answers import case_bank_only
from casekit.evaluate.prospects import last_year_flow, targets
from casekit.narrative import Claim, Variant
from casekit.note_keywords import needs_in

CLOSED_PHRASES = ("will not switch", "little reason to move", "暂不考虑更换", "换行动力不大")
OPEN_PHRASES = ("willing to compare", "bank where the anchor", "愿意比较", "愿意跟着用")


def chain_overview(book: Book) -> dict:
    """How many prospects trade with how many clients, and what flowed last year."""
    pay = book.tables["payments"]
    flow = last_year_flow(book)
    direction = pay.drop_duplicates("prospect_id").set_index("prospect_id")["direction"]
    supplier = direction.astype(str).reindex(flow.index).eq("out")
    total = float(flow.sum())
    return {
        "prospects": len(flow),
        "anchors": int(pay["client_id"].nunique()),
        "open_prospects": len(targets(book)),
        "flow_total": total,
        "supplier_share": float(flow[supplier].sum() / total) if total else 0.0,
        "won_before": int((book.tables["prospect_contacts"]["result"].astype(str) == "won").sum()),
    }


def dependence(book: Book) -> pd.Series:
    """Each prospect's last-year trade with our client over its estimated revenue (0-1)."""
    p = book.tables["prospects"].set_index("prospect_id")
    return (last_year_flow(book) / p["revenue_est"]).clip(0, 1)


def call_table(book: Book) -> pd.DataFrame:
    """One row per past call: what the data shows about it and whether it won."""
    calls = book.tables["prospect_contacts"]
    p = book.tables["prospects"].set_index("prospect_id")
    heard = [
        needs_in(z) | needs_in(e) for z, e in zip(calls["note_zh"], calls["note_en"], strict=True)
    ]
    small = calls["prospect_id"].map(p["size_class"].astype(str)).isin(["small", "micro"])
    return pd.DataFrame(
        {
            "prospect_id": calls["prospect_id"].to_numpy(),
            "small": small.to_numpy(),
            "met": calls["met_role"].astype(str).to_numpy(),
            "named": calls["decider_named"].astype(object).to_numpy(),
            "offered": calls["offered"].astype(str).to_numpy(),
            "need_heard": [
                o in h for o, h in zip(calls["offered"].astype(str), heard, strict=True)
            ],
            "colleague": calls["colleague"].astype(str).ne("none").to_numpy(),
            "dependence": calls["prospect_id"].map(dependence(book)).to_numpy(),
            "won": calls["result"].astype(str).eq("won").to_numpy(),
        }
    )


def _rate(flags: pd.Series) -> float:
    return float(flags.mean()) if len(flags) else float("nan")


def call_figures(book: Book) -> dict:
    """What Case 7's sentences about past calls rest on: win rates by what the RM did."""
    t = call_table(book)
    named = t.dropna(subset=["named"])
    small_named = named[named["small"]]
    big_named = named[~named["small"]]
    high = t["dependence"] >= t["dependence"].median()
    met_named = named["met"] == named["named"]
    return {
        "calls": len(t),
        "named_calls": len(named),
        "win_rate": _rate(t["won"]),
        "owner_named_small": _rate(small_named["named"] == "owner"),
        "cfo_named_big": _rate(big_named["named"] == "cfo"),
        "win_met_named": _rate(named.loc[met_named, "won"]),
        "win_met_other": _rate(named.loc[~met_named, "won"]),
        "win_need_heard": _rate(t.loc[t["need_heard"], "won"]),
        "win_need_not_heard": _rate(t.loc[~t["need_heard"], "won"]),
        "win_colleague": _rate(t.loc[t["colleague"], "won"]),
        "win_alone": _rate(t.loc[~t["colleague"], "won"]),
        "win_high_dep": _rate(t.loc[high, "won"]),
        "win_low_dep": _rate(t.loc[~high, "won"]),
    }


def _ok(*xs: float) -> bool:
    return all(x == x for x in xs)  # no NaN: the bank has calls of both kinds


def _better(f: dict, a: str, b: str, by: float = 1.3) -> bool:
    return _ok(f[a], f[b]) and f[a] >= by * max(f[b], 1e-9) and f[a] > 0


CHAIN_PREMISE = Claim(
    "chain_premise",
    (
        Variant(
            lambda f: f["supplier_share"] >= 0.5,
            "**The situation.** {prospects} firms that do not bank with us trade with {anchors} of "
            "our clients: {flow_total:,.0f} 万元 passed between them through our clients' accounts "
            "last year, {supplier_share:.0%} of it paid out to suppliers. RMs have already won "
            "{won_before} of them; {open_prospects} are still to win.",
            "**业务情境。** 有 {prospects} 家尚未在我行开户的企业与我行 {anchors} 户客户有交易往来：去年"
            "经我行客户账户往来的资金达 {flow_total:,.0f} 万元，其中 {supplier_share:.0%} 是付给供应商的"
            "货款。客户经理已经拿下其中 {won_before} 家，还有 {open_prospects} 家有待营销。",
        ),
        Variant(
            lambda f: f["supplier_share"] < 0.5,
            "**The situation.** {prospects} firms that do not bank with us trade with {anchors} of "
            "our clients: {flow_total:,.0f} 万元 passed between them through our clients' accounts "
            "last year, most of it ({buyer_share:.0%}) received from buyers. RMs have already won "
            "{won_before} of them; {open_prospects} are still to win.",
            "**业务情境。** 有 {prospects} 家尚未在我行开户的企业与我行 {anchors} 户客户有交易往来：去年"
            "经我行客户账户往来的资金达 {flow_total:,.0f} 万元，其中大部分（{buyer_share:.0%}）是下游"
            "买方的回款。客户经理已经拿下其中 {won_before} 家，还有 {open_prospects} 家有待营销。",
        ),
    ),
)


def premise_figures(book: Book) -> dict:
    """The premise's figures, with the buyers' share beside the suppliers'."""
    f = chain_overview(book)
    return {**f, "buyer_share": 1 - f["supplier_share"]}


DEPENDENCE = Claim(
    "dependence",
    (
        Variant(
            lambda f: _better(f, "win_high_dep", "win_low_dep"),
            "Dependence on our client is a signal here: of the calls on prospects whose trade with "
            "our client is above the median share of their revenue, {win_high_dep:.0%} won, against "
            "{win_low_dep:.0%} of the others. Rank by it.",
            "对核心客户的依赖度在本行是有效信号：与我行客户交易额占其收入比例高于中位数的潜在客户，"
            "拜访成功率为 {win_high_dep:.0%}，其余只有 {win_low_dep:.0%}。排序时要用上它。",
        ),
        Variant(
            lambda f: not _better(f, "win_high_dep", "win_low_dep"),
            "Dependence on our client does not separate the wins here ({win_high_dep:.0%} of the "
            "calls on the more dependent half won, {win_low_dep:.0%} of the others): rank on size "
            "and on what the calls heard, and treat dependence as a tie-breaker.",
            "在本行，对核心客户的依赖度区分不出成败（依赖度较高的一半成功率 {win_high_dep:.0%}，其余 "
            "{win_low_dep:.0%}）：排序应以规模和拜访中了解到的情况为主，依赖度只作参考。",
        ),
    ),
)

DECIDERS = Claim(
    "deciders",
    (
        Variant(
            lambda f: not _ok(f["owner_named_small"], f["cfo_named_big"]),
            "Too few calls have asked who decides to draw the map here ({named_calls} named a "
            "decider): ask on every first visit. The seed book's rule (2.3) is that a firm decides "
            "through several departments and levels, so never assume the person you meet signs.",
            "在本行，问过由谁拍板的拜访太少（只有 {named_calls} 次谈到），画不出地图：每次首次拜访都要问清楚。"
            "原书 2.3 指出，企业的决策涉及多个部门和层级，不要以为见到的人就能拍板。",
        ),
        Variant(
            lambda f: (
                _ok(f["owner_named_small"], f["cfo_named_big"])
                and f["owner_named_small"] >= 0.5
                and f["cfo_named_big"] >= 0.5
            ),
            "Who decides differs with size (seed book 2.3): in small and micro firms the owner was "
            "named as the decider in {owner_named_small:.0%} of the calls that discussed it, in "
            "medium and large firms the CFO in {cfo_named_big:.0%}. Where no call has asked yet, "
            "plan to meet the owner of a small firm and the CFO of a larger one.",
            "谁来决策因企业规模而异（原书 2.3）：在谈及此事的拜访中，小微企业有 {owner_named_small:.0%} "
            "说由老板拍板，大中型企业有 {cfo_named_big:.0%} 说由财务总监拍板。尚未问过的企业，"
            "小企业先约老板，大企业先约财务总监。",
        ),
        Variant(
            lambda f: (
                _ok(f["owner_named_small"], f["cfo_named_big"])
                and f["owner_named_small"] >= 0.5
                and f["cfo_named_big"] < 0.5
            ),
            "In small and micro firms the owner was named as the decider in "
            "{owner_named_small:.0%} of the calls that discussed it; in the larger firms no role "
            "dominates (the CFO in {cfo_named_big:.0%}), so ask before the visit who signs off.",
            "在谈及此事的拜访中，小微企业有 {owner_named_small:.0%} 说由老板拍板；大中型企业则没有哪个"
            "角色占多数（财务总监 {cfo_named_big:.0%}），拜访前要先问清楚由谁拍板。",
        ),
        Variant(
            lambda f: (
                _ok(f["owner_named_small"], f["cfo_named_big"]) and f["owner_named_small"] < 0.5
            ),
            "No role dominates the decision even in small firms here (the owner was named in "
            "{owner_named_small:.0%} of the calls that discussed it): find out who signs off before "
            "each visit.",
            "在本行，即使是小微企业也没有哪个角色占多数（谈及此事的拜访中说老板拍板的占 "
            "{owner_named_small:.0%}）：每次拜访前都要先弄清由谁拍板。",
        ),
    ),
)

_APPROACH_RATES = ("win_met_named", "win_met_other", "win_need_heard", "win_need_not_heard")

APPROACH = Claim(
    "approach",
    (
        Variant(
            lambda f: (
                _better(f, "win_met_named", "win_met_other")
                and _better(f, "win_need_heard", "win_need_not_heard")
            ),
            "How the call was made mattered: meeting the person named as the decider won "
            "{win_met_named:.0%} of those calls, against {win_met_other:.0%} when the RM saw someone "
            "else; opening with a need the prospect itself raised won {win_need_heard:.0%}, "
            "against {win_need_not_heard:.0%}.",
            "拜访方式很关键：见到对方所说的决策人，成功率为 {win_met_named:.0%}，见的是别人时只有 "
            "{win_met_other:.0%}；从对方自己提到的需求切入，成功率为 {win_need_heard:.0%}，否则只有 "
            "{win_need_not_heard:.0%}。",
        ),
        Variant(
            lambda f: not _ok(*(f[k] for k in _APPROACH_RATES)),
            "This bank has too few past calls to compare ways of calling ({calls} in all): plan on "
            "the method (meet the decider, open with the prospect's own need) and learn from the "
            "next quarter's results.",
            "本行过去的拜访太少（共 {calls} 次），无法比较不同做法：先按方法制定计划（见决策人、从对方"
            "自己的需求切入），再从下季度的结果中总结。",
        ),
        Variant(
            lambda f: (
                _ok(*(f[k] for k in _APPROACH_RATES))
                and not (
                    _better(f, "win_met_named", "win_met_other")
                    and _better(f, "win_need_heard", "win_need_not_heard")
                )
            ),
            "This bank's past calls show the pattern only in part (meeting the named decider: "
            "{win_met_named:.0%} against {win_met_other:.0%}; opening with a need the prospect "
            "raised: {win_need_heard:.0%} against {win_need_not_heard:.0%}): too few calls to be "
            "sure, so plan on the method and check it against the next quarter's results.",
            "本行过去的拜访只部分显示出这一规律（见到所说的决策人：{win_met_named:.0%}，否则 "
            "{win_met_other:.0%}；从对方提到的需求切入：{win_need_heard:.0%}，否则 "
            "{win_need_not_heard:.0%}）：拜访次数太少，难下定论，先按方法制定计划，再用下季度的结果检验。",
        ),
    ),
)

PLAN_RESULT = Claim(
    "plan_result",
    (
        Variant(
            lambda f: f["habit_value"] > 0 and f["expected_value"] >= 2 * f["habit_value"],
            "Against the truth, this plan is expected to win {expected_wins:.1f} prospects worth "
            "{expected_value:,.0f} 万元 a year, {lift:.1f}× what the habit would win on the largest "
            "counterparties ({habit_value:,.0f} 万元) and {share_of_best:.0%} of the best any "
            "{visits}-visit plan could win.",
            "对照真实情况，这份计划预计能拿下 {expected_wins:.1f} 家、每年贡献 {expected_value:,.0f} 万元，"
            "是按老习惯拜访交易额最大的对手所得（{habit_value:,.0f} 万元）的 {lift:.1f} 倍，达到"
            "任何 {visits} 户拜访计划最优结果的 {share_of_best:.0%}。",
        ),
        Variant(
            lambda f: f["habit_value"] <= 0,
            "Against the truth, this plan is expected to win {expected_wins:.1f} prospects worth "
            "{expected_value:,.0f} 万元 a year, {share_of_best:.0%} of the best any {visits}-visit "
            "plan could win; the habit would win nothing here.",
            "对照真实情况，这份计划预计能拿下 {expected_wins:.1f} 家、每年贡献 {expected_value:,.0f} 万元，"
            "达到任何 {visits} 户拜访计划最优结果的 {share_of_best:.0%}；按老习惯拜访则一无所获。",
        ),
        Variant(
            lambda f: f["habit_value"] > 0 and f["expected_value"] < 2 * f["habit_value"],
            "Against the truth, this plan is expected to win {expected_wins:.1f} prospects worth "
            "{expected_value:,.0f} 万元 a year: not even twice what the habit would win "
            "({habit_value:,.0f} 万元), and {share_of_best:.0%} of the best. Look again at the needs "
            "and the people.",
            "对照真实情况，这份计划预计能拿下 {expected_wins:.1f} 家、每年贡献 {expected_value:,.0f} 万元："
            "还不到老习惯所得（{habit_value:,.0f} 万元）的两倍，只达到最优结果的 {share_of_best:.0%}。"
            "请重新审视需求和拜访对象。",
        ),
    ),
)


def heard_needs(book: Book, lang: str = "en") -> pd.Series:
    """The need each called-on prospect raised most often in the notes (by casekit.note_keywords)."""
    calls = book.tables["prospect_contacts"]
    note = calls["note_zh" if lang == "zh" else "note_en"]
    rows = [
        (p, n) for p, text in zip(calls["prospect_id"], note, strict=True) for n in needs_in(text)
    ]
    if not rows:
        return pd.Series(dtype=object)
    heard = pd.DataFrame(rows, columns=["prospect_id", "need"])
    return heard.groupby("prospect_id")["need"].agg(lambda s: s.value_counts().index[0])


@case_bank_only
def named_deciders(book: Book) -> pd.Series:
    """The role each prospect's latest call that discussed it named as the one who decides."""
    calls = book.tables["prospect_contacts"].dropna(subset=["decider_named"])
    latest = (
        calls.sort_values(["prospect_id", "date"], kind="stable").groupby("prospect_id").tail(1)
    )
    return latest.set_index("prospect_id")["decider_named"].astype(str)


def said_no(book: Book) -> pd.Index:
    """Prospects whose calls heard they are happy with their bank and will not move."""
    calls = book.tables["prospect_contacts"]
    text = calls["note_zh"] + " " + calls["note_en"]
    closed = text.str.contains("|".join(CLOSED_PHRASES))
    return pd.Index(calls.loc[closed, "prospect_id"].unique())


@case_bank_only
def draft_plan(book: Book, visits: int = 30, lang: str = "en") -> pd.DataFrame:
    """Case 7's first-visit plan: the open prospects ranked by size, dependence and what the calls
    heard; the need they raised (else the chain's usual one), the decider (else by size)."""
    from casekit import catalog as cat

    p = book.tables["prospects"].set_index("prospect_id")
    pay = book.tables["payments"].drop_duplicates("prospect_id").set_index("prospect_id")
    supplier = pay["direction"].astype(str).reindex(p.index).eq("out")
    small = p["size_class"].astype(str).isin(["small", "micro"])
    heard, named = heard_needs(book, lang).reindex(p.index), named_deciders(book).reindex(p.index)
    # Where no call has heard the need yet: what prospects of the same size and side of the
    # chain said most often (the chain's usual need when none of them was called on).
    group = p["size_class"].astype(str) + "/" + supplier.map({True: "supplier", False: "buyer"})
    said = heard.dropna()
    common = said.groupby(group[said.index]).agg(lambda x: x.value_counts().index[0])
    fallback = supplier.map({True: "supply_chain", False: "seasonal_wc"})
    usual = group.map(common).fillna(fallback)
    by_size = pd.Series(small.map({True: "owner", False: "cfo"}), index=p.index)
    dep = dependence(book)
    score = p["revenue_est"] * (0.3 + dep) * small.map({True: 1.2, False: 1.0})
    score = score * pd.Series(p.index.isin(said_no(book)), index=p.index).map(
        {True: 0.5, False: 1.0}
    )
    top = score.reindex(targets(book)).sort_values(ascending=False, kind="stable").index[:visits]
    need = heard.fillna(usual)[top]
    return pd.DataFrame(
        {
            "prospect_id": top,
            "size_class": p.loc[top, "size_class"].astype(str).to_numpy(),
            "flow": last_year_flow(book)[top].to_numpy(),
            "dependence": dep[top].to_numpy(),
            "need": need.to_numpy(),
            "need_from": heard[top].notna().map({True: "notes", False: "pattern"}).to_numpy(),
            "role": named.fillna(by_size)[top].to_numpy(),
            "role_from": named[top].notna().map({True: "notes", False: "size"}).to_numpy(),
            "colleague": [cat.NEED_SPECIALIST[x] for x in need],
        }
    )


def plan_figures(score) -> dict:
    """The plan verdict's figures from a casekit.evaluate.prospects.PlanScore."""
    habit = score.habit_value
    return {
        "visits": score.visits,
        "expected_wins": score.expected_wins,
        "expected_value": score.expected_value,
        "habit_value": habit,
        "share_of_best": score.share_of_best,
        "lift": score.expected_value / habit if habit > 0 else float("inf"),
    }
