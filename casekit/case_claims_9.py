"""Case 9's data-dependent sentences (a success analysed, and the team behind it): the figures
they rest on and their wordings, exactly one true for any bank (casekit.narrative)."""

from __future__ import annotations

import pandas as pd

from casekit import case_team
from casekit import catalog as cat
from casekit.book import Book
from casekit.evaluate.answers import case_bank_only
from casekit.evaluate.teams import matched_comparison, peers_of
from casekit.narrative import Claim, Variant

FEW_TEAMS = 5  # fewer team relationships than this are anecdotes, not evidence
_SEP = {"zh": "，然后是", "en": ", then "}


def _need(k: str, lang: str) -> str:
    return cat.label("need", k, lang)


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
            f"{n} clients without a team, same {', '.join(on)}"
            if on
            else f"{n} clients without a team; too few alike to match closer"
        )
    products = [p for p in t["product"] if isinstance(p, str)]
    return {
        "client": client_id,
        "name": cl["name_zh"] if lang == "zh" else cl["name_en"],
        "tier_label": cat.label("tier", str(cl["tier"]), lang),
        "industry_label": cat.label("industry", str(cl["industry"]), lang),
        "kickoff": row["kickoff"],
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
        "sow_before": float(s["sow_before"]),
        "sow_after": float(s["sow_after"]),
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
    return {
        "teams": len(case_team.team_summary(book)),
        "naive": float(m["none"]),
        "vs_all": float(m["all"]),
        "matched": float(m["matched"]),
        "truth": true,
        "own_growth": float(truth["own_change"].median()) if len(truth) else float("nan"),
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
    f["fall"] = -f["drop"]
    return f


STORY = Claim(
    "team_story",
    (
        Variant(
            lambda f: f["gain_pts"] >= 0.5,
            "**The success.** {name} ({tier_label}, {industry_label}). The team's first joint "
            "visit was in {kickoff}. Inflows through our accounts, as a share of its revenue: "
            "{sow_before:.0%} in the six months before, {sow_after:.0%} in the same months a year "
            "later, a gain of {gain_pts:.0f} pp of its wallet.",
            "**成功案例。** {name}（{tier_label}，{industry_label}）。团队于 {kickoff} 首次联合拜访。"
            "流经我行账户的资金占其营业收入的比例：此前六个月为 {sow_before:.0%}，一年后同期为 "
            "{sow_after:.0%}，资金份额提高了 {gain_pts:.0f} 个百分点。",
        ),
        Variant(
            lambda f: f["gain_pts"] < 0.5,
            "**The best this bank has.** {name} ({tier_label}, {industry_label}). The team's first "
            "joint visit was in {kickoff}. Inflows through our accounts, as a share of its "
            "revenue: {sow_before:.0%} in the six months before, {sow_after:.0%} in the same "
            "months a year later. By share of wallet this is not a success: read it as a lesson.",
            "**本行最好的一例。** {name}（{tier_label}，{industry_label}）。团队于 {kickoff} 首次联合"
            "拜访。流经我行账户的资金占其营业收入的比例：此前六个月为 {sow_before:.0%}，一年后同期为 "
            "{sow_after:.0%}。按资金份额看这并不算成功：应当作教训来读。",
        ),
    ),
)

SOW_NOTE = Claim(
    "team_sow_note",
    (
        Variant(
            lambda f: max(f["sow_before"], f["sow_after"]) > 1,
            "(A share above 100% is no error: revenue is last year's reported figure, and these "
            "six months hold the firm's busy season. Read the change, not the level.)",
            "（比例超过 100% 并非错误：营业收入是上年报表数，而这六个月正值企业旺季。要看变化，不看水平。）",
        ),
        Variant(lambda f: max(f["sow_before"], f["sow_after"]) <= 1, "", ""),
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
    gaps = {k: abs(f[k] - f["truth"]) for k in ("naive", "vs_all", "matched")}
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
            "peers. The truth: {truth:+.0%}. The matched comparison came closest. What no "
            "comparison can take out is each firm's own growth (typically {own_growth:+.0%}): "
            "luck that no peer shares.",
            "在本行 {teams} 个团队服务的客户中，典型增幅按前后对比为 {naive:+.0%}，与全部客户比为 "
            "{vs_all:+.0%}，与匹配的同类客户比为 {matched:+.0%}。真实值：{truth:+.0%}。匹配比较最接近。"
            "任何比较都剔除不了企业自身的增长（典型为 {own_growth:+.0%}）：这是同类客户没有的运气。",
        ),
        Variant(
            lambda f: f["teams"] >= FEW_TEAMS and _closest(f) != "matched",
            "Over the bank's {teams} team relationships the typical uplift reads {naive:+.0%} by "
            "before/after, {vs_all:+.0%} against all clients and {matched:+.0%} against matched "
            "peers. The truth: {truth:+.0%}. Here a cruder reading landed nearer by luck; the "
            "matched one is still the one to trust, since only it takes the market out by design.",
            "在本行 {teams} 个团队服务的客户中，典型增幅按前后对比为 {naive:+.0%}，与全部客户比为 "
            "{vs_all:+.0%}，与匹配的同类客户比为 {matched:+.0%}。真实值：{truth:+.0%}。这里较粗的算法"
            "碰巧更接近；但值得信赖的仍是匹配比较，只有它在设计上剔除了市场的影响。",
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
            "**The contrast.** {lost_name} ({lost_tier}) left in {left} ({status_label}). In its "
            "last year before: RM contacts {contacts}, complaints {complaints} (beyond 15 days: "
            "{late}); no colleague from product or credit ever came along.",
            "**对照。** {lost_name}（{lost_tier}）于 {left} 流失（{status_label}）。流失前一年：客户"
            "经理接触 {contacts} 次，投诉 {complaints} 件（超过 15 日的 {late} 件）；产品和授信部门的同事"
            "从未同行拜访。",
        ),
        Variant(
            lambda f: f["lost"] is not None and f["team_visits"] > 0,
            "**The contrast.** {lost_name} ({lost_tier}) left in {left} ({status_label}), although "
            "a team had been there (visits: {team_visits}). In its last year before: RM contacts "
            "{contacts}, complaints {complaints} (beyond 15 days: {late}).",
            "**对照。** {lost_name}（{lost_tier}）于 {left} 流失（{status_label}），尽管团队曾经拜访"
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

CLAIMS = (STORY, SOW_NOTE, ORDER, DECLINED, SKILL_LUCK)
CONTRAST = (LOST, LOST_FLOW)


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
            (
                f"首次拜访即有{f['kickoff_colleague']}参与"
                if zh
                else f"a {f['kickoff_colleague']} at the first visit"
            ),
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
