"""Case 8 (keeping and deepening a client, 维护与提升): the figures its sentences rest on, and the
sentences, each with exactly one true wording for any bank (casekit.narrative).

Complaints against the 15/30-day rule and what followed, the 回访 calls, value-added services
for the needs the notes reveal, a bank-enterprise agreement (银企合作协议) for one key client,
and the path from the general to the key tier.
"""

from __future__ import annotations

import pandas as pd

from casekit import catalog as cat
from casekit.book import Book
from casekit.evaluate.answers import case_bank_only
from casekit.evaluate.keeping import first_year_income
from casekit.narrative import Claim, Variant
from casekit.note_keywords import needs_in

COMPLAINT_DAYS, EXTENDED_DAYS = 15, 30  # the rule: 15 days, 30 with an approved extension
# The value-added service (seed book 4.4 五) that answers each need beyond a product.
VALUE_ADDED: dict[str, tuple[str, str]] = {
    "seasonal_wc": ("行业分析：旺季资金规划", "Industry analysis: planning for the peak season"),
    "capex": ("行业分析：扩产项目评估", "Industry analysis: reviewing the expansion project"),
    "idle_liquidity": ("财务咨询：闲置资金配置", "Financial advice: placing idle cash"),
    "group_treasury": ("财务咨询：集团资金管理方案", "Financial advice: group treasury design"),
    "fx_risk": ("市场资讯：汇率走势与套保策略", "Market briefings: FX outlook and hedging"),
    "supply_chain": ("财务咨询：应收账款管理", "Financial advice: managing receivables"),
    "payroll": ("员工金融服务进企业", "Staff banking day at the firm"),
    "capital_markets": ("财务顾问：发债方案", "Financial advisory: a bond issue"),
    "acquisition": ("财务顾问：并购方案", "Financial advisory: the acquisition"),
    "digitisation": (
        "数字化辅导：网银与银企直连",
        "Digital onboarding: online banking and host-to-host",
    ),
}


def _months(book: Book) -> list[str]:
    return sorted(book.panel["month"].unique())


def complaint_table(book: Book) -> pd.DataFrame:
    """Each complaint with the days it took and whether it kept the 15/30-day rule."""
    c = book.complaints
    days = (c["resolved_on"] - c["opened_on"]).dt.days
    ext = c["extended"].astype(bool)
    in_rule = (days <= COMPLAINT_DAYS) | (ext & (days <= EXTENDED_DAYS))
    return pd.DataFrame(
        {
            "client_id": c["client_id"].astype(str),
            "days": days,
            "extended": ext,
            "in_rule": in_rule,
        }
    )


def handling_groups(book: Book) -> pd.Series:
    """Each client: no complaint, every complaint within the rule, or one outside it."""
    t = complaint_table(book)
    group = pd.Series("none", index=pd.Index(book.clients["client_id"].astype(str)))
    group[group.index.isin(t["client_id"])] = "in_rule"
    group[group.index.isin(t.loc[~t["in_rule"], "client_id"])] = "broke_rule"
    return group


@case_bank_only
def complaint_figures(book: Book) -> dict:
    """What Case 8's sentences about complaints rest on."""
    t = complaint_table(book)
    churned = book.outcomes.set_index("client_id")["churn_status"].astype(str).ne("active")
    group = handling_groups(book)
    churned = churned.reindex(group.index)
    rate = churned.groupby(group).mean()
    size = group.value_counts()
    n = len(t)
    return {
        "complaints": n,
        "in_15": float((t["days"] <= COMPLAINT_DAYS).mean()) if n else float("nan"),
        "in_rule": float(t["in_rule"].mean()) if n else float("nan"),
        "outside": int((~t["in_rule"]).sum()),
        "broke_clients": int(size.get("broke_rule", 0)),
        "broke_left": int(churned[group == "broke_rule"].sum()),
        "churn_none": float(rate.get("none", float("nan"))),
        "churn_in_rule": float(rate.get("in_rule", float("nan"))),
        "churn_broke": float(rate.get("broke_rule", float("nan"))),
    }


def _ok(*xs: float) -> bool:
    return all(x == x for x in xs)


COMPLAINT_RULE = Claim(
    "complaint_rule",
    (
        Variant(
            lambda f: f["complaints"] == 0,
            "**The situation.** No client complained in these three years: rare luck, and no "
            "reason to skip the call-backs below.",
            "**业务情境。** 三年来没有客户投诉：这很少见，也不是省掉下面回访的理由。",
        ),
        Variant(
            lambda f: f["complaints"] > 0 and f["outside"] == 0,
            "**The situation.** Clients lodged {complaints} complaints in three years; "
            "{in_15:.0%} were resolved within 15 days and every one within the rule (30 days with "
            "an approved extension). The rule is kept: the question is what the complaints did to "
            "loyalty.",
            "**业务情境。** 三年来客户共投诉 {complaints} 次；{in_15:.0%} 在 15 日内办结，全部符合规定"
            "（经批准延期的不超过 30 日）。规定执行到位：要问的是投诉对忠诚度造成了什么影响。",
        ),
        Variant(
            lambda f: f["complaints"] > 0 and f["outside"] > 0,
            "**The situation.** Clients lodged {complaints} complaints in three years; "
            "{in_15:.0%} were resolved within 15 days, {in_rule:.0%} within the rule (30 days with "
            "an approved extension), and {outside} broke it.",
            "**业务情境。** 三年来客户共投诉 {complaints} 次；{in_15:.0%} 在 15 日内办结，{in_rule:.0%} "
            "符合规定（经批准延期的不超过 30 日），有 {outside} 次超出了规定时限。",
        ),
    ),
)

COMPLAINT_LOYALTY = Claim(
    "complaint_loyalty",
    (
        Variant(
            lambda f: not _ok(f["churn_in_rule"], f["churn_none"]),
            "There are too few complaints here to compare the clients who complained with the others.",
            "本行投诉太少，无法比较投诉客户与其他客户。",
        ),
        Variant(
            lambda f: (
                _ok(f["churn_in_rule"], f["churn_none"])
                and f["churn_in_rule"] >= 1.15 * f["churn_none"]
            ),
            "A complaint is a warning even when it is handled in time: {churn_in_rule:.0%} of the "
            "clients whose complaints all kept the rule left (fully or partly) during the book, "
            "against {churn_none:.0%} of those who never complained.",
            "即使按时办结，投诉也是一个预警信号：投诉都按规定办结的客户中，有 {churn_in_rule:.0%} 在"
            "此期间流失（完全或部分），从未投诉的客户只有 {churn_none:.0%}。",
        ),
        Variant(
            lambda f: (
                _ok(f["churn_in_rule"], f["churn_none"])
                and f["churn_in_rule"] < 1.15 * f["churn_none"]
            ),
            "Handled in time, a complaint did not cost loyalty here: {churn_in_rule:.0%} of the "
            "clients whose complaints all kept the rule left, against {churn_none:.0%} of those who "
            "never complained.",
            "在本行，按时办结的投诉没有明显损害忠诚度：投诉都按规定办结的客户中有 {churn_in_rule:.0%} "
            "流失，从未投诉的客户为 {churn_none:.0%}。",
        ),
    ),
)

BROKE_RULE = Claim(
    "broke_rule",
    (
        Variant(
            lambda f: f["broke_clients"] == 0,
            "No client had a complaint outside the rule.",
            "没有客户的投诉超出规定时限。",
        ),
        Variant(
            lambda f: 0 < f["broke_clients"] < 10,
            "Only {broke_clients} clients had a complaint outside the rule, and {broke_left} of "
            "them left: too few for a rate, enough to review each one.",
            "只有 {broke_clients} 户客户的投诉超出规定时限，其中 {broke_left} 户流失：户数太少，算不出"
            "可靠的比率，但足以逐户复盘。",
        ),
        Variant(
            lambda f: f["broke_clients"] >= 10,
            "Of the {broke_clients} clients with a complaint outside the rule, {churn_broke:.0%} "
            "left.",
            "投诉超出规定时限的 {broke_clients} 户客户中，{churn_broke:.0%} 流失。",
        ),
    ),
)


def followup_figures(book: Book) -> dict:
    """Share of requests that got a 回访 call, after a breach of the service level and on time."""
    r = book.service_requests
    late = (r["processed_at"] - r["accepted_at"]).dt.total_seconds() / 3600 > r["sla_hours"]
    called = r["followed_up_at"].notna()
    return {
        "followed": float(called.mean()),
        "followed_late": float(called[late].mean()) if late.any() else float("nan"),
        "followed_on_time": float(called[~late].mean()) if (~late).any() else float("nan"),
    }


FOLLOW_UP = Claim(
    "follow_up",
    (
        Variant(
            lambda f: not _ok(f["followed_late"], f["followed_on_time"]),
            "{followed:.0%} of requests got a 回访 call; there are too few of one kind to compare "
            "late and on-time requests.",
            "{followed:.0%} 的服务请求有回访；其中一类请求太少，无法比较超时与按时的请求。",
        ),
        Variant(
            lambda f: (
                _ok(f["followed_late"], f["followed_on_time"])
                and abs(f["followed_late"] - f["followed_on_time"]) < 0.05
            ),
            "The 回访 calls are not aimed: {followed_late:.0%} of the requests that missed their "
            "service level got one, and {followed_on_time:.0%} of those on time. The calls go to "
            "whoever is next, not to the clients who were let down.",
            "回访没有针对性：超时的请求有 {followed_late:.0%} 得到回访，按时的也有 "
            "{followed_on_time:.0%}。回访按顺序打，而不是打给受了委屈的客户。",
        ),
        Variant(
            lambda f: (
                _ok(f["followed_late"], f["followed_on_time"])
                and f["followed_late"] >= f["followed_on_time"] + 0.05
            ),
            "The 回访 calls lean toward the clients who were let down: {followed_late:.0%} of late "
            "requests got one, against {followed_on_time:.0%} of those on time.",
            "回访偏向受了委屈的客户：超时的请求有 {followed_late:.0%} 得到回访，按时的为 "
            "{followed_on_time:.0%}。",
        ),
        Variant(
            lambda f: (
                _ok(f["followed_late"], f["followed_on_time"])
                and f["followed_late"] <= f["followed_on_time"] - 0.05
            ),
            "The 回访 calls miss the clients who were let down: only {followed_late:.0%} of late "
            "requests got one, against {followed_on_time:.0%} of those on time.",
            "回访恰恰漏掉了受了委屈的客户：超时的请求只有 {followed_late:.0%} 得到回访，按时的却有 "
            "{followed_on_time:.0%}。",
        ),
    ),
)


def service_signals(book: Book) -> pd.DataFrame:
    """First-year service signals per client: breaches, complaints, the survey's NPS, size."""
    first = _months(book)[:12]
    r = book.service_requests
    in_year = r["accepted_at"].dt.strftime("%Y-%m").isin(first)
    late = (r["processed_at"] - r["accepted_at"]).dt.total_seconds() / 3600 > r["sla_hours"]
    c = book.complaints
    cy = c["opened_on"].dt.strftime("%Y-%m").isin(first)
    s = book.surveys
    cl = book.clients.set_index("client_id")
    return pd.DataFrame(
        {
            "breaches": late[in_year].groupby(r.loc[in_year, "client_id"]).sum(),
            "complaints": c[cy].groupby("client_id").size(),
            "nps": s[s["month"] == first[-2]].set_index("client_id")["nps"],
            "small": cl["size_class"].astype(str).isin(["small", "micro"]).astype(float),
            "income": first_year_income(book),
        },
        index=cl.index,
    ).fillna({"breaches": 0, "complaints": 0})


def callback_list(book: Book, calls: int) -> pd.Index:
    """Case 8's call-back list: first-year income weighted by the service signals of trouble."""
    s = service_signals(book)
    trouble = 1 + s["breaches"] + 2 * s["complaints"] + (s["nps"] <= 6) + s["small"]
    return (trouble * s["income"].clip(lower=0)).nlargest(calls).index


CALLBACK = Claim(
    "callback",
    (
        Variant(
            lambda f: f["signals_share"] >= f["income_share"] + 0.03,
            "Against the truth, the list reaches {signals_share:.0%} of the income at risk the best "
            "list of {calls} could reach ({signals_lift:.1f}× a random list); the same number of "
            "the largest clients alone would reach {income_share:.0%}. Value first, then the signs "
            "of trouble.",
            "对照真实情况，这份名单覆盖了最优的 {calls} 户名单所能覆盖的风险收入的 {signals_share:.0%}"
            "（是随机名单的 {signals_lift:.1f} 倍）；只按收入挑同样多的大客户为 {income_share:.0%}。"
            "先看价值，再看出问题的迹象。",
        ),
        Variant(
            lambda f: f["signals_share"] < f["income_share"] + 0.03,
            "Against the truth, the list reaches {signals_share:.0%} of the income at risk the best "
            "list of {calls} could reach ({signals_lift:.1f}× a random list), no better than the "
            "largest clients alone ({income_share:.0%}): here the service signals add little, so "
            "call on value and listen for trouble on the call.",
            "对照真实情况，这份名单覆盖了最优的 {calls} 户名单所能覆盖的风险收入的 {signals_share:.0%}"
            "（是随机名单的 {signals_lift:.1f} 倍），并不比只按收入挑选的大客户（{income_share:.0%}）"
            "更好：在本行服务信号帮助不大，按价值安排回访，在电话中留心问题。",
        ),
    ),
)


def heard_needs(book: Book, clients: pd.Index, lang: str = "en") -> pd.DataFrame:
    """(client_id, need) pairs the last year's call notes point to, for the given clients."""
    last = _months(book)[-12:]
    it = book.interactions
    it = it[it["client_id"].isin(clients) & it["date"].dt.strftime("%Y-%m").isin(last)]
    note = it["note_zh" if lang == "zh" else "note_en"]
    rows = {(c, n) for c, text in zip(it["client_id"], note, strict=True) for n in needs_in(text)}
    return pd.DataFrame(sorted(rows), columns=["client_id", "need"])


SERVICES = Claim(
    "services",
    (
        Variant(
            lambda f: f["heard"] == 0,
            "Last year's notes on these clients point to no need at all: the calls were routine, "
            "and a value-added service has nothing to answer yet. Ask about their plans first.",
            "去年对这些客户的拜访纪要没有指向任何需求：拜访流于例行公事，增值服务还无从谈起。先问清客户的"
            "经营计划。",
        ),
        Variant(
            lambda f: f["heard"] > 0 and f["precision"] >= 0.6,
            "The notes are a fair guide here: {precision:.0%} of the {heard} needs they point to "
            "for these clients are real, so offer the service that answers each one.",
            "在本行，拜访纪要比较可靠：纪要为这些客户指出的 {heard} 项需求中，{precision:.0%} 是真实的，"
            "可以针对每一项提供相应的增值服务。",
        ),
        Variant(
            lambda f: f["heard"] > 0 and f["precision"] < 0.6,
            "The notes are a noisy guide here: only {precision:.0%} of the {heard} needs they point "
            "to for these clients are real. Confirm each on the next visit before preparing the "
            "service.",
            "在本行，拜访纪要噪声较大：纪要为这些客户指出的 {heard} 项需求中只有 {precision:.0%} 是真实的。"
            "准备增值服务之前，要在下次拜访时逐项确认。",
        ),
    ),
)


def flow_share(book: Book) -> pd.Series:
    """First-year inflows through our accounts over revenue, per client (a share of wallet)."""
    first = _months(book)[:12]
    p = book.panel[book.panel["month"].isin(first)]
    inflow = p.groupby("client_id")["inflow"].sum()
    revenue = book.clients.set_index("client_id")["revenue"]
    return (inflow.reindex(revenue.index, fill_value=0) / revenue).clip(0, 1)


def agreement_figures(book: Book, client_id: str) -> dict:
    """The terms of a 银企合作协议 for one client: what it gives us now, what we ask, its worth."""
    share = flow_share(book)
    tier = book.clients.set_index("client_id")["tier"].astype(str)
    peers = share[tier.isin(["strategic", "key"])]
    income = float(first_year_income(book)[client_id])
    now = float(share[client_id])
    # A step the client can take in a year: fifteen points, or up to a typical key client.
    target = float(min(now + 0.15, max(peers.median(), now + 0.05), 0.8))
    return {
        "client": client_id,
        "share_now": now,
        "share_peers": float(peers.median()),
        "share_target": target,
        "income": income,
        "income_target": income * target / now if now > 0 else float("nan"),
        "gain": income * (target / now - 1) if now > 0 else float("nan"),
    }


AGREEMENT = Claim(
    "agreement",
    (
        Variant(
            lambda f: f["share_now"] < f["share_peers"],
            "{client} runs {share_now:.0%} of its revenue through our accounts, below the "
            "{share_peers:.0%} of a typical key client: the agreement should ask for its main "
            "settlement flows ({share_target:.0%}), worth about {gain:,.1f} 万元 a year more if "
            "income follows the flows.",
            "{client} 只有 {share_now:.0%} 的营业收入经过我行账户，低于重点客户的一般水平 "
            "{share_peers:.0%}：协议应要求把主要结算资金放在我行（{share_target:.0%}）；如果收入随资金"
            "同步增长，每年可多约 {gain:,.1f} 万元。",
        ),
        Variant(
            lambda f: f["share_now"] >= f["share_peers"],
            "{client} already runs {share_now:.0%} of its revenue through our accounts, at or above "
            "the {share_peers:.0%} of a typical key client: the agreement locks that in and asks "
            "for the rest of the relationship ({share_target:.0%} of flows, worth about "
            "{gain:,.1f} 万元 a year more).",
            "{client} 已有 {share_now:.0%} 的营业收入经过我行账户，不低于重点客户的一般水平 "
            "{share_peers:.0%}：协议要把这一份额稳定下来，并争取更多业务（资金份额 {share_target:.0%}，"
            "每年约多 {gain:,.1f} 万元）。",
        ),
    ),
)


# The pricing rules of 综合贡献度 (casekit.simulate.relationship.contribution): expected loss at a
# 45% LGD and the cost of the capital a loan uses (risk weight × 10.5% × a 10% hurdle).
LGD, CAPITAL_RATIO, HURDLE = 0.45, 0.105, 0.10
RISK_WEIGHT = {"large": 1.0, "medium": 1.0, "small": 0.75, "micro": 0.75}


def contribution(book: Book) -> pd.Series:
    """First-year 综合贡献度 as the bank's MIS computes it: income less the expected loss at the
    rating's default rate and the cost of the capital the loans use (万元)."""
    first = _months(book)[:12]
    p = book.panel[book.panel["month"].isin(first)]
    loans = p.groupby("client_id")["loan_balance"].mean()
    cl = book.clients.set_index("client_id")
    pd_of = dict(zip(cat.RATINGS, cat.RATING_PD, strict=True))
    rating_pd = cl["rating"].astype(str).map(pd_of)
    rw = cl["size_class"].astype(str).map(RISK_WEIGHT)
    loans = loans.reindex(cl.index, fill_value=0.0)
    cost = loans * (rating_pd * LGD + rw * CAPITAL_RATIO * HURDLE)
    return first_year_income(book).reindex(cl.index) - cost


def upgrade_table(book: Book) -> pd.DataFrame:
    """General-tier clients within reach of the key tier's typical contribution, nearest first,
    with (from the truth) the value of the needs no product of ours serves yet."""
    value = contribution(book)
    tier = book.clients.set_index("client_id")["tier"].astype(str)
    bar = float(value[tier == "key"].median()) if (tier == "key").any() else float("nan")
    general = value[tier == "general"]
    near = general[(general >= 0.5 * bar) & (general < bar)].sort_values(ascending=False)
    needs = book.truth["needs"] if "needs" in book.truth else None
    unmet = (
        needs[~needs["served"]].groupby("client_id")["value"].sum()
        if needs is not None
        else pd.Series(dtype=float)
    )
    out = pd.DataFrame({"contribution": near, "gap": bar - near})
    out["unmet_value"] = unmet.reindex(out.index).fillna(0.0)
    out["crosses"] = out["contribution"] + out["unmet_value"] >= bar
    out.attrs["bar"] = bar
    return out


def upgrade_figures(book: Book) -> dict:
    """How many general clients are within reach of the key tier, and how many would cross."""
    t = upgrade_table(book)
    return {
        "bar": t.attrs["bar"],
        "near": len(t),
        "crosses": int(t["crosses"].sum()),
        "cross_share": float(t["crosses"].mean()) if len(t) else float("nan"),
    }


UPGRADE = Claim(
    "upgrade",
    (
        Variant(
            lambda f: f["near"] == 0,
            "No general client contributes even half of a typical key client's {bar:,.1f} 万元: the "
            "upgrade path here is long, and starts with the needs of the largest general clients.",
            "没有一般客户的综合贡献度达到重点客户一般水平（{bar:,.1f} 万元）的一半：在本行升级之路还很长，"
            "要从最大的一般客户的需求做起。",
        ),
        Variant(
            lambda f: f["near"] > 0 and f["crosses"] == 0,
            "{near} general clients contribute at least half of a typical key client's {bar:,.1f} "
            "万元 but less than it, "
            "but serving every need they still have would lift none of them over the bar: the "
            "upgrade takes more than cross-selling (flows, payroll, the group).",
            "有 {near} 户一般客户的综合贡献度介于重点客户一般水平（{bar:,.1f} 万元）的一半与全额之间，但即使满足它们"
            "现有的全部需求，也没有一户能跨过门槛：升级需要的不只是交叉销售（资金流、代发、集团业务）。",
        ),
        Variant(
            lambda f: f["near"] > 0 and f["crosses"] > 0,
            "{near} general clients contribute at least half of a typical key client's {bar:,.1f} "
            "万元 but less than it; "
            "serving the needs no product of ours serves yet would lift {crosses} of them over it "
            "({cross_share:.0%}). Those are the upgrade plans to write first.",
            "有 {near} 户一般客户的综合贡献度介于重点客户一般水平（{bar:,.1f} 万元）的一半与全额之间；满足它们尚未"
            "由我行产品满足的需求，其中 {crosses} 户（{cross_share:.0%}）就能跨过门槛。升级计划应先从"
            "这些客户写起。",
        ),
    ),
)


def need_label(need: str, lang: str) -> str:
    """A need and the value-added service that answers it, in the notebook's language."""
    service = VALUE_ADDED[need][0 if lang == "zh" else 1]
    return f"{cat.label('need', need, lang)} → {service}"
