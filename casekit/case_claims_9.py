"""Case 9's data-dependent sentences (a success analysed, and the team behind it): the figures
they rest on and their wordings, exactly one true for any bank (casekit.narrative)."""

from __future__ import annotations

import pandas as pd

from casekit import case_team
from casekit import catalog as cat
from casekit.book import Book
from casekit.evaluate.answers import case_bank_only
from casekit.evaluate.teams import matched_comparison, method_errors, peers_of
from casekit.narrative import Claim, Variant

FEW_TEAMS = 5  # fewer team relationships than this are anecdotes, not evidence
_SEP = {"zh": "，然后是", "en": ", then "}


def _need(k: str, lang: str) -> str:
    return cat.label("need", k, lang)


def _and(words: list[str]) -> str:
    """English words as a list is written: a, b and c."""
    return " and ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)


def month_text(ym: str, lang: str) -> str:
    """A month 'YYYY-MM' as a reader writes it: 2024年7月, July 2024."""
    period = pd.Period(ym, freq="M")
    return f"{period.year}年{period.month}月" if lang == "zh" else period.strftime("%B %Y")


def success_figures(book: Book, client_id: str, lang: str = "en") -> dict:
    """What the sentences about the one success rest on: its story, its needs, its peers."""
    cl = book.clients.set_index("client_id").loc[client_id]
    s = case_team.team_summary(book).set_index("client_id").loc[client_id]
    met, declined = case_team.needs_in_order(book, client_id)
    t = case_team.timeline(book, client_id, lang)
    m = {how: matched_comparison(book, how).set_index("client_id") for how in ("matched", "all")}
    row = m["matched"].loc[client_id]
    _, cols = peers_of(book, client_id)
    words = {
        "industry": ("行业", "industry"),
        "size_class": ("规模", "size"),
        "tier": ("层级", "tier"),
    }
    on = [words[c][0 if lang == "zh" else 1] for c in cols]
    n = int(row["peers"])
    if lang == "zh":
        peer_desc = (
            f"{n} 户未获团队服务、{'、'.join(on)}相同的客户"
            if on
            else f"{n} 户未获团队服务的客户；同类客户太少，无法细分匹配"
        )
    else:
        peer_desc = (
            f"{n} clients without a team, same {_and(on)}"
            if on
            else f"{n} clients without a team; too few alike to match closer"
        )
    products = [p for p in t["product"] if isinstance(p, str)]
    acts = book.tables["team_activities"]
    mine = acts[acts["client_id"] == client_id].sort_values("date", kind="stable")
    roles = mine["colleague"].astype(str)
    credit = mine.loc[roles == "credit", "date"]
    return {
        "client": client_id,
        "name": cl["name_zh"] if lang == "zh" else cl["name_en"],
        "tier_label": cat.label("tier", str(cl["tier"]), lang),
        "industry_label": cat.label("industry", str(cl["industry"]), lang),
        "kickoff": row["kickoff"],
        "kickoff_text": month_text(row["kickoff"], lang),
        "kickoff_role": str(roles.iloc[0]),
        "credit_from": month_text(credit.iloc[0].strftime("%Y-%m"), lang) if len(credit) else "",
        "kickoff_colleague": t["colleague"].iloc[0]
        if lang == "zh"
        else t["colleague"].iloc[0].lower(),
        "colleagues": int(s["colleagues"]),
        "visits": int(s["visits"]),
        "n_met": len(met),
        "met_labels": _SEP[lang].join(_need(k, lang) for k in met),
        "n_declined": len(declined),
        "declined_labels": ("、" if lang == "zh" else ", ").join(_need(k, lang) for k in declined),
        "products": ("、" if lang == "zh" else ", ").join(
            cat.label("product", p, lang) for p in products
        ),
        "ratio_before": float(s["ratio_before"]),
        "ratio_after": float(s["ratio_after"]),
        "gain_pts": 100 * float(s["gain"]),
        "own": float(row["change"]),
        "peers": float(row["peers_change"]),
        "peer_desc": peer_desc,
        "uplift": float(row["uplift"]),
        "all_peers": float(m["all"].loc[client_id, "peers_change"]),
    }


@case_bank_only
def methods_figures(book: Book) -> dict:
    """The teams' typical uplift by three readings, and the truth's (the case's evaluation)."""
    m = case_team.methods(book)["uplift"]
    truth = book.truth.get("team_truth", pd.DataFrame())
    true = float(truth["flow_uplift"].median()) if len(truth) else float("nan")
    err = method_errors(book).set_index("method")["median_abs_error"]
    return {
        "err_naive": float(err["none"]),
        "err_naive_pts": 100 * float(err["none"]),
        "err_all_pts": 100 * float(err["all"]),
        "err_matched_pts": 100 * float(err["matched"]),
        "err_all": float(err["all"]),
        "err_matched": float(err["matched"]),
        "teams": len(case_team.team_summary(book)),
        "naive": float(m["none"]),
        "vs_all": float(m["all"]),
        "matched": float(m["matched"]),
        "truth": true,
        "own_growth": float(truth["own_change"].median()) if len(truth) else float("nan"),
    }


@case_bank_only
def truth_figures(book: Book, client_id: str, estimate: float) -> dict:
    """What the simulator knows of the success (truth/team_truth) beside the case's estimate."""
    t = book.truth["team_truth"].set_index("client_id").loc[client_id]
    true = float(t["flow_uplift"])
    return {
        "true_uplift": true,
        "market": float(t["market_change"]),
        "own_growth": float(t["own_change"]),
        "uplift": float(estimate),
        "gap_pts": 100 * abs(float(estimate) - true),
        "over": float(estimate) - true,
    }


def lost_figures(book: Book, success: str | None, lang: str = "en") -> dict:
    """The lost relationship's figures, with its name in the reader's language."""
    f = case_team.lost_figures(book, case_team.pick_lost(book, success))
    if f["lost"] is None:
        return f
    cl = book.clients.set_index("client_id").loc[f["lost"]]
    f["lost_name"] = cl["name_zh"] if lang == "zh" else cl["name_en"]
    f["lost_tier"] = cat.label("tier", str(cl["tier"]), lang)
    f["status_label"] = cat.label("churn_status", f["lost_status"], lang)
    f["left_text"] = month_text(f["left"], lang)
    f["fall"] = -f["drop"]
    return f


STORY = Claim(
    "team_story",
    (
        Variant(
            lambda f: f["gain_pts"] >= 0.5,
            "**The success.** {name} ({tier_label}, {industry_label}). The team's first joint "
            "visit was in {kickoff_text}. Inflows through our accounts relative to its revenue: "
            "{ratio_before:.0%} in the six months before, {ratio_after:.0%} in the same months a "
            "year later, up {gain_pts:.0f} points.",
            "**成功案例。** {name}（{tier_label}，{industry_label}）。团队于 {kickoff_text}首次联合"
            "拜访。流经我行账户的资金与其营业收入之比（流入占营收之比）：此前六个月为 "
            "{ratio_before:.0%}，一年后同期为 {ratio_after:.0%}，提高了 {gain_pts:.0f} 个百分点。",
        ),
        Variant(
            lambda f: f["gain_pts"] < 0.5,
            "**The best this bank has.** {name} ({tier_label}, {industry_label}). The team's first "
            "joint visit was in {kickoff_text}. Inflows through our accounts relative to its "
            "revenue: {ratio_before:.0%} in the six months before, {ratio_after:.0%} in the same "
            "months a year later. By inflows relative to revenue this is not a success: read it "
            "as a lesson.",
            "**本行最好的一例。** {name}（{tier_label}，{industry_label}）。团队于 {kickoff_text}首次"
            "联合拜访。流经我行账户的资金与其营业收入之比（流入占营收之比）：此前六个月为 "
            "{ratio_before:.0%}，一年后同期为 {ratio_after:.0%}。按流入占营收之比看这并不算成功："
            "应当作教训来读。",
        ),
    ),
)

RATIO_NOTE = Claim(
    "team_ratio_note",
    (
        Variant(
            lambda f: max(f["ratio_before"], f["ratio_after"]) > 1,
            "(A ratio above 100% is no error: revenue is last year's reported figure, and these "
            "six months hold the firm's busy season. Read the change, not the level. Nor is it "
            "the share of the firm's business we hold, which the bank cannot see: only the "
            "change of the ratio says we won more of it.)",
            "（比例超过 100% 并非错误：营业收入是上年报表数，而这六个月正值企业旺季。要看变化，不看水平。"
            "它也不是我行在企业全部业务中的份额，那个份额银行看不到：只有比例的变化说明我行赢得了更多业务。）",
        ),
        Variant(
            lambda f: max(f["ratio_before"], f["ratio_after"]) <= 1,
            "(The ratio is not the share of the firm's business we hold, which the bank cannot "
            "see: revenue is last year's reported figure and the months hold their season. Only "
            "the change of the ratio says we won more of it.)",
            "（这个比例不是我行在企业全部业务中的份额，那个份额银行看不到：营业收入是上年报表数，"
            "各月份又有季节性。只有比例的变化说明我行赢得了更多业务。）",
        ),
    ),
)

ORDER = Claim(
    "team_order",
    (
        Variant(
            lambda f: f["n_met"] >= 2,
            "The first visit came with a {kickoff_colleague}; then the team met these needs, in "
            "this order: {met_labels} ({products}).",
            "首次拜访有{kickoff_colleague}同行；随后团队依次满足了以下需求：{met_labels}（{products}）。",
        ),
        Variant(
            lambda f: f["n_met"] == 1,
            "The first visit came with a {kickoff_colleague}; then the team met one need: "
            "{met_labels} ({products}).",
            "首次拜访有{kickoff_colleague}同行；随后团队满足了一项需求：{met_labels}（{products}）。",
        ),
        Variant(
            lambda f: f["n_met"] == 0,
            "The first visit came with a {kickoff_colleague}, but the client agreed to nothing "
            "the team proposed.",
            "首次拜访有{kickoff_colleague}同行，但客户没有同意团队提出的任何方案。",
        ),
    ),
)

DECLINED = Claim(
    "team_declined",
    (
        Variant(
            lambda f: f["n_declined"] >= 1,
            "Not every proposal landed: the client declined {declined_labels}, a need it did not "
            "have. Even a winning team pitches something the client does not need.",
            "也有落空的方案：客户婉拒了{declined_labels}，它并无此需求。即使是成功的团队，也会推荐客户"
            "不需要的东西。",
        ),
        Variant(
            lambda f: f["n_declined"] == 0,
            "Every proposal answered a need the client had: none was declined.",
            "每一项方案都对应客户确有的需求：没有一项被婉拒。",
        ),
    ),
)

SKILL_LUCK = Claim(
    "team_skill_luck",
    (
        Variant(
            lambda f: f["peers"] > 0.02,
            "Its inflows changed by {own:+.0%} year on year. Its matched peers ({peer_desc}) saw "
            "{peers:+.0%} over the same months: that part was the market, not the team. What "
            "sets the client apart is about {uplift:+.0%}.",
            "其资金流入同比变化 {own:+.0%}。与之匹配的同类客户（{peer_desc}）同期变化 {peers:+.0%}："
            "这部分是市场带来的，不是团队的功劳。客户与同类相比多出的部分约为 {uplift:+.0%}。",
        ),
        Variant(
            lambda f: f["peers"] < -0.02,
            "Its inflows changed by {own:+.0%} year on year, while its matched peers "
            "({peer_desc}) saw {peers:+.0%}: the market ran against it, so the team's part is "
            "more than its own change shows, about {uplift:+.0%}.",
            "其资金流入同比变化 {own:+.0%}，而与之匹配的同类客户（{peer_desc}）同期变化 {peers:+.0%}："
            "市场是逆风，团队的贡献比客户自身的变化更大，约为 {uplift:+.0%}。",
        ),
        Variant(
            lambda f: -0.02 <= f["peers"] <= 0.02,
            "Its inflows changed by {own:+.0%} year on year; its matched peers ({peer_desc}) "
            "hardly moved ({peers:+.0%}), so nearly all of the change, about {uplift:+.0%}, sets "
            "it apart.",
            "其资金流入同比变化 {own:+.0%}；与之匹配的同类客户（{peer_desc}）几乎没有变化"
            "（{peers:+.0%}），因此差不多全部变化（约 {uplift:+.0%}）都是它与同类的差别。",
        ),
    ),
)


def _closest(f: dict) -> str:
    """The reading nearest the truth relationship by relationship (median absolute error)."""
    gaps = {k: f[f"err_{k}"] for k in ("naive", "all", "matched")}
    return min(gaps, key=gaps.get)


METHODS = Claim(
    "team_methods",
    (
        Variant(
            lambda f: f["teams"] < FEW_TEAMS,
            "Team relationships in this bank: {teams}. That is an anecdote, not evidence of what "
            "teams achieve: learn the method here and read the figures on a larger bank.",
            "本行团队服务的客户：{teams} 户。这只是个例，不能说明团队的作用：在这里学方法，到规模更大的"
            "银行上看数字。",
        ),
        Variant(
            lambda f: f["teams"] >= FEW_TEAMS and _closest(f) == "matched",
            "Over the bank's {teams} team relationships the typical uplift reads {naive:+.0%} by "
            "before/after, {vs_all:+.0%} against all clients and {matched:+.0%} against matched "
            "peers; the truth's typical uplift is {truth:+.0%}. Relationship by relationship, the "
            "matched comparison came closest: off by {err_matched_pts:.0f} points typically, against "
            "{err_all_pts:.0f} for all clients and {err_naive_pts:.0f} for before/after. What no "
            "comparison can take out is each firm's own growth (typically {own_growth:+.0%}): "
            "luck that no peer shares.",
            "在本行 {teams} 个团队服务的客户中，典型增幅按前后对比为 {naive:+.0%}，与全部客户比为 "
            "{vs_all:+.0%}，与匹配的同类客户比为 {matched:+.0%}；真实的典型增幅为 {truth:+.0%}。逐个客户"
            "对照真实值，匹配比较最接近：典型误差为 {err_matched_pts:.0f} 个百分点，与全部客户比为 {err_all_pts:.0f} 个，"
            "只看前后为 {err_naive_pts:.0f} 个。任何比较都剔除不了企业自身的增长（典型为 {own_growth:+.0%}）："
            "这是同类客户没有的运气。",
        ),
        Variant(
            lambda f: f["teams"] >= FEW_TEAMS and _closest(f) != "matched",
            "Over the bank's {teams} team relationships the typical uplift reads {naive:+.0%} by "
            "before/after, {vs_all:+.0%} against all clients and {matched:+.0%} against matched "
            "peers; the truth's typical uplift is {truth:+.0%}. Relationship by relationship, the "
            "matched comparison is off by {err_matched_pts:.0f} points typically, against {err_all_pts:.0f} for "
            "all clients and {err_naive_pts:.0f} for before/after: here a cruder reading landed nearer "
            "by luck. The matched one is still the one to trust, since only it takes the market "
            "out by design; on most banks it comes closest.",
            "在本行 {teams} 个团队服务的客户中，典型增幅按前后对比为 {naive:+.0%}，与全部客户比为 "
            "{vs_all:+.0%}，与匹配的同类客户比为 {matched:+.0%}；真实的典型增幅为 {truth:+.0%}。逐个客户"
            "对照真实值，匹配比较的典型误差为 {err_matched_pts:.0f} 个百分点，与全部客户比为 {err_all_pts:.0f} 个，只看前后为 "
            "{err_naive_pts:.0f} 个：这里较粗的算法碰巧更接近。值得信赖的仍是匹配比较，只有它在设计上剔除了市场的"
            "影响；在大多数银行上它都最接近。",
        ),
    ),
)

LOST = Claim(
    "team_lost",
    (
        Variant(
            lambda f: f["lost"] is None,
            "**The contrast.** No client left this bank during the book: there is no lost "
            "relationship to set beside the success.",
            "**对照。** 此期间本行没有客户流失：没有可与成功案例对照的流失客户。",
        ),
        Variant(
            lambda f: f["lost"] is not None and f["team_visits"] == 0,
            "**The contrast.** {lost_name} ({lost_tier}) left in {left_text} ({status_label}). In its "
            "last year before: RM contacts {contacts}, complaints {complaints} (beyond 15 days: "
            "{late}); no colleague from product or credit ever came along.",
            "**对照。** {lost_name}（{lost_tier}）于 {left_text}流失（{status_label}）。流失前一年：客户"
            "经理接触 {contacts} 次，投诉 {complaints} 件（超过 15 日的 {late} 件）；产品和授信部门的同事"
            "从未同行拜访。",
        ),
        Variant(
            lambda f: f["lost"] is not None and f["team_visits"] > 0,
            "**The contrast.** {lost_name} ({lost_tier}) left in {left_text} ({status_label}), although "
            "a team had been there (visits: {team_visits}). In its last year before: RM contacts "
            "{contacts}, complaints {complaints} (beyond 15 days: {late}).",
            "**对照。** {lost_name}（{lost_tier}）于 {left_text}流失（{status_label}），尽管团队曾经拜访"
            "（{team_visits} 次）。流失前一年：客户经理接触 {contacts} 次，投诉 {complaints} 件（超过 "
            "15 日的 {late} 件）。",
        ),
    ),
)

LOST_FLOW = Claim(
    "team_lost_flow",
    (
        Variant(
            lambda f: f["lost"] is None,
            "",
            "",
        ),
        Variant(
            lambda f: f["lost"] is not None and f["fall"] >= 0.005,
            "Its inflows through us then fell {fall:.0%}.",
            "此后其流经我行的资金下降了 {fall:.0%}。",
        ),
        Variant(
            lambda f: f["lost"] is not None and f["fall"] < 0.005,
            "Its inflows through us have not fallen yet ({drop:+.0%}): a partial departure moves "
            "other business first, so flows alone would not have warned.",
            "此后其流经我行的资金尚未下降（{drop:+.0%}）：部分流失先转走的是其他业务，只看资金流不会"
            "提前预警。",
        ),
    ),
)

TRUTH = Claim(
    "team_truth",
    (
        Variant(
            lambda f: f["gap_pts"] <= 5,
            "**What really happened** (the simulator's truth, which no bank holds): the team "
            "won {true_uplift:+.0%}; its industry's market moved {market:+.0%} over the year and "
            "the firm's own growth was {own_growth:+.0%}. The matched estimate, {uplift:+.0%}, "
            "is within {gap_pts:.0f} points of what the team won.",
            "**真实情况**（模拟器掌握的真相，现实中的银行看不到）：团队带来了 {true_uplift:+.0%}；"
            "这一年其所在行业的市场变化 {market:+.0%}，企业自身增长 {own_growth:+.0%}。匹配比较的估计"
            "为 {uplift:+.0%}，与团队的真实贡献相差不到 {gap_pts:.0f} 个百分点。",
        ),
        Variant(
            lambda f: f["gap_pts"] > 5 and f["over"] > 0,
            "**What really happened** (the simulator's truth, which no bank holds): the team "
            "won {true_uplift:+.0%}; its industry's market moved {market:+.0%} over the year and "
            "the firm's own growth was {own_growth:+.0%}. The matched estimate, {uplift:+.0%}, "
            "overstates the team by {gap_pts:.0f} points: what is left after the peers is not "
            "all the team's. The firm's own course and the months' noise are in it too, and no "
            "comparison takes them out: that part was luck.",
            "**真实情况**（模拟器掌握的真相，现实中的银行看不到）：团队带来了 {true_uplift:+.0%}；"
            "这一年其所在行业的市场变化 {market:+.0%}，企业自身增长 {own_growth:+.0%}。匹配比较的估计"
            "为 {uplift:+.0%}，把团队的贡献高估了 {gap_pts:.0f} 个百分点：剔除同类之后剩下的并不全是团队"
            "的功劳，企业自身的走势和各月的波动也在里面，任何比较都剔除不了：这部分是运气。",
        ),
        Variant(
            lambda f: f["gap_pts"] > 5 and f["over"] <= 0,
            "**What really happened** (the simulator's truth, which no bank holds): the team "
            "won {true_uplift:+.0%}; its industry's market moved {market:+.0%} over the year and "
            "the firm's own growth was {own_growth:+.0%}. The matched estimate, {uplift:+.0%}, "
            "understates the team by {gap_pts:.0f} points: the firm's own course and the months' "
            "noise pulled the other way, so the team did better than the figures show.",
            "**真实情况**（模拟器掌握的真相，现实中的银行看不到）：团队带来了 {true_uplift:+.0%}；"
            "这一年其所在行业的市场变化 {market:+.0%}，企业自身增长 {own_growth:+.0%}。匹配比较的估计"
            "为 {uplift:+.0%}，把团队的贡献低估了 {gap_pts:.0f} 个百分点：企业自身的走势和各月的波动"
            "朝另一个方向拉，团队的实际表现比数字显示的更好。",
        ),
    ),
)

NEXT_MARKET = Claim(
    "team_next_market",
    (
        Variant(
            lambda f: f["peers"] > 0.02,
            "- Before crediting a team, compare with clients like the one it won: here its "
            "matched peers' inflows rose {peers:+.0%} with no team at all.",
            "- 把功劳记给团队之前，先与相似的客户比较：这里匹配的同类客户没有任何团队，资金流入也增长了 "
            "{peers:+.0%}。",
        ),
        Variant(
            lambda f: f["peers"] < -0.02,
            "- Before judging a team, compare with clients like the one it won: here its matched "
            "peers' inflows changed {peers:+.0%}, so the client's own before/after undersells "
            "the team.",
            "- 评价团队之前，先与相似的客户比较：这里匹配的同类客户资金流入变化 {peers:+.0%}，只看客户"
            "自身的前后变化会低估团队。",
        ),
        Variant(
            lambda f: -0.02 <= f["peers"] <= 0.02,
            "- Compare with clients like the one a team won even when the market is flat, as "
            "here (matched peers {peers:+.0%}): next time it may not be.",
            "- 即使市场平稳（这里匹配的同类客户变化 {peers:+.0%}），也要与相似的客户比较：下一次市场"
            "未必平稳。",
        ),
    ),
)

NEXT_FIRST = Claim(
    "team_next_first",
    (
        Variant(
            lambda f: f["kickoff_role"] == "credit",
            "- Bring the credit officer to the first visit, as this team did: a proposal the "
            "bank can approve is worth more than one it cannot.",
            "- 首次拜访就请授信审批的同事同行，正如这个团队所做：银行批得下来的方案，比批不下来的方案更有"
            "价值。",
        ),
        Variant(
            lambda f: f["kickoff_role"] != "credit",
            "- This team came to the first visit with a {kickoff_colleague}: bring the colleague "
            "whose product answers the client's most urgent need, and the credit officer as "
            "soon as a credit line is in view.",
            "- 这个团队首次拜访时有{kickoff_colleague}同行：首次拜访应请产品能解决客户最急需求的同事"
            "同行；一旦涉及授信，尽早请授信审批的同事参与。",
        ),
    ),
)

NEXT_ORDER = Claim(
    "team_next_order",
    (
        Variant(
            lambda f: f["n_declined"] >= 1,
            "- Work the needs in order, most urgent first, and confirm each before preparing a "
            "product: even this winning team pitched {declined_labels}, which the client did "
            "not need.",
            "- 按需求的轻重缓急依次推进，准备产品之前先确认需求：即使是这个成功的团队，也推荐了客户并不"
            "需要的{declined_labels}。",
        ),
        Variant(
            lambda f: f["n_declined"] == 0,
            "- Work the needs in order, most urgent first, and confirm each before preparing a "
            "product, as this team did: every proposal answered a need the client had.",
            "- 按需求的轻重缓急依次推进，准备产品之前先确认需求，正如这个团队所做：每一项方案都对应客户"
            "确有的需求。",
        ),
    ),
)

NEXT_LOST = Claim(
    "team_next_lost",
    (
        Variant(
            lambda f: f["lost"] is None,
            "- No client left this bank during the book: read the next one that leaves as "
            "closely as this success.",
            "- 此期间本行没有客户流失：下一次有客户流失时，要像分析这个成功案例一样认真分析它。",
        ),
        Variant(
            lambda f: f["lost"] is not None and f["team_visits"] == 0,
            "- Read the lost relationship as closely as the success: {lost_name}, in its last "
            "year, RM contacts {contacts}, and no specialist ever came along; the success had "
            "{visits} team visits.",
            "- 像分析成功案例一样认真分析流失的客户：{lost_name}流失前一年有 {contacts} 次客户经理接触，"
            "也从没有专业同事同行；而成功案例有 {visits} 次团队拜访。",
        ),
        Variant(
            lambda f: f["lost"] is not None and f["team_visits"] > 0,
            "- Read the lost relationship as closely as the success: a team had visited "
            "{lost_name} ({team_visits} visits) and it still left, after {contacts} RM contacts "
            "and {complaints} complaints in its last year. Visits alone do not keep a client.",
            "- 像分析成功案例一样认真分析流失的客户：团队曾拜访{lost_name}（{team_visits} 次），它仍然"
            "流失了；流失前一年有 {contacts} 次客户经理接触、{complaints} 件投诉。光靠拜访留不住客户。",
        ),
    ),
)

CLAIMS = (STORY, RATIO_NOTE, ORDER, DECLINED, SKILL_LUCK)
CONTRAST = (LOST, LOST_FLOW)
NEXT = (NEXT_MARKET, NEXT_FIRST, NEXT_ORDER, NEXT_LOST)


def next_figures(success: dict, lost: dict) -> dict:
    """The figures the next steps rest on: the success's and the lost relationship's."""
    return {**lost, **success, "lost": lost["lost"]}


def _risk_evidence(f: dict, zh: bool) -> str:
    """When credit came in: at the first visit, later, or never (nothing was lent)."""
    if f["kickoff_role"] == "credit":
        return (
            f"首次拜访即有{f['kickoff_colleague']}参与"
            if zh
            else f"a {f['kickoff_colleague']} at the first visit"
        )
    if f["credit_from"]:
        return (
            f"首次拜访没有授信同事；{f['credit_from']}起授信审批的同事参与"
            if zh
            else f"no credit officer at the first visit; one came from {f['credit_from']}"
        )
    return "授信审批的同事始终没有参与" if zh else "no credit officer came at any visit"


def lessons(f: dict, lang: str = "en") -> pd.DataFrame:
    """The lessons in the structure of seed book 6.2, each with this bank's evidence."""
    zh = lang == "zh"
    rows = [
        (
            "一、明确客户需求" if zh else "1. Know the client's needs",
            (
                f"依次满足：{f['met_labels'] or '无'}"
                if zh
                else f"met in order: {f['met_labels'] or 'none'}"
            ),
        ),
        (
            "二、强化维护与沟通" if zh else "2. Keep in touch",
            (
                f"拜访 {f['visits']} 次；参与的部门：{f['colleagues']} 个"
                if zh
                else f"visits: {f['visits']}; departments involved: {f['colleagues']}"
            ),
        ),
        (
            "三、产品创新与定制" if zh else "3. Tailor the products",
            f["products"] or ("无" if zh else "none"),
        ),
        (
            "四、风险管理" if zh else "4. Manage the risk",
            _risk_evidence(f, zh),
        ),
        (
            "五、数据分析" if zh else "5. Use the data",
            (
                f"同类客户同期 {f['peers']:+.0%}；团队的贡献约 {f['uplift']:+.0%}"
                if zh
                else f"matched peers {f['peers']:+.0%}; the team's part about {f['uplift']:+.0%}"
            ),
        ),
    ]
    head = (
        ("经验（原书 6.2）", "本行的证据") if zh else ("lesson (book 6.2)", "this bank's evidence")
    )
    return pd.DataFrame(rows, columns=list(head))
