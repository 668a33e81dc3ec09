"""Case 5 (churn and value): a watch list weighted by value × churn risk, and the lost client's
story told from its timeline, with the lesson the data supports (原书 6.2)."""

from __future__ import annotations

import pandas as pd

from casekit.book import Book
from casekit.narrative import Claim, Variant

WATCH = 20  # clients on the watch list


def watch_list(value: pd.Series, risk: pd.Series, later: pd.Series) -> pd.DataFrame:
    """Every client with its value, risk decile, the churn rate of that decile, and the value at
    stake (value × that rate), highest stake first."""
    decile = pd.qcut(risk.rank(method="first"), 10, labels=False) + 1
    rate = later.groupby(decile).mean()
    w = pd.DataFrame({"value": value.reindex(risk.index).fillna(0), "decile": decile})
    w["risk"] = w["decile"].map(rate)
    w["at_stake"] = w["value"] * w["risk"]
    w["churned"] = later.reindex(w.index).fillna(False).astype(bool)
    return w.sort_values("at_stake", ascending=False)


def watch_figures(w: pd.DataFrame, auc: float, lift: float, n: int = WATCH) -> dict:
    """Churned value caught by the top ``n`` by value at stake, against the top ``n`` by risk."""
    lost = w.loc[w["churned"], "value"].sum()
    by_stake = w.head(n)
    by_risk = w.sort_values(["risk", "value"], ascending=False).head(n)

    def share(rows: pd.DataFrame) -> float:
        return float(rows.loc[rows["churned"], "value"].sum() / lost) if lost > 0 else 0.0

    return {
        "n": n,
        "stake_share": share(by_stake),
        "risk_share": share(by_risk),
        "stake_churned": int(by_stake["churned"].sum()),
        "risk_churned": int(by_risk["churned"].sum()),
        "weak": bool(auc < 0.58 or lift < 1.2),  # as the churn-model verdict judges it
    }


WATCH_LIST = Claim(
    "watch_list",
    (
        Variant(
            lambda f: not f["weak"] and f["stake_share"] > f["risk_share"] + 0.02,
            "Weighting by value pays: the {n} clients with the most value at stake hold "
            "{stake_share:.0%} of the value that later left ({stake_churned} of them left), the "
            "{n} riskiest only {risk_share:.0%} ({risk_churned} left). Put the top of this list on "
            "the senior RMs' contact plan.",
            "按价值加权是值得的：风险价值最高的 {n} 户客户占后来流失价值的 {stake_share:.0%}（其中 "
            "{stake_churned} 户流失），而风险最高的 {n} 户只占 {risk_share:.0%}（{risk_churned} 户流失）。"
            "把这份名单的前几位列入资深客户经理的接触计划。",
        ),
        Variant(
            lambda f: not f["weak"] and not f["stake_share"] > f["risk_share"] + 0.02,
            "Here weighting by value does not catch more of the value that left: {stake_share:.0%} "
            "for the {n} clients with the most at stake, {risk_share:.0%} for the {n} riskiest. "
            "The list still orders the calls by what a loss would cost, but it is no forecast.",
            "在本行，按价值加权并没有抓住更多的流失价值：风险价值最高的 {n} 户占 {stake_share:.0%}，"
            "风险最高的 {n} 户占 {risk_share:.0%}。这份名单仍可按损失大小安排拜访顺序，但它不是预测。",
        ),
        Variant(
            lambda f: f["weak"],
            "The score is too weak here for its deciles to mean much, so this list is ranked by "
            "value more than by risk ({stake_share:.0%} of the value that left is on it): read it "
            "as the clients whose loss would hurt most, not as a forecast, and ask the RMs.",
            "在本行评分太弱，十分位区分不了多少风险，这份名单实际上主要按价值排序（后来流失的价值有 "
            "{stake_share:.0%} 在名单上）：应把它看作“失去了最心疼”的客户名单，而不是预测，并听听客户经理的判断。",
        ),
    ),
)


def story_figures(book: Book, client_id: str) -> dict:
    """The year before a client left: contacts, the gap since the last one, breaches, complaints,
    and how far its deposits fell from their peak."""
    o = book.outcomes.set_index("client_id").loc[client_id]
    months = sorted(book.panel["month"].unique())
    t = months.index(o["churn_month"])
    year = months[max(0, t - 12) : t + 1]
    c = book.interactions[book.interactions["client_id"] == client_id]
    cm = c["date"].dt.strftime("%Y-%m")
    before = cm[cm <= o["churn_month"]]
    gap = t - months.index(before.max()) if len(before) and before.max() in months else t
    r = book.service_requests[book.service_requests["client_id"] == client_id]
    r = r[r["accepted_at"].dt.strftime("%Y-%m").isin(year)]
    breaches = int(
        ((r["processed_at"] - r["accepted_at"]).dt.total_seconds() / 3600 > r["sla_hours"]).sum()
    )
    k = book.complaints[book.complaints["client_id"] == client_id]
    complaints = int(k["opened_on"].astype(str).str[:7].isin(year).sum())
    p = book.panel[book.panel["client_id"] == client_id].set_index("month")["deposit_avg"]
    window = p.reindex(year[:-1]).dropna()  # before the month it left, when acting still helped
    peak = float(window.max()) if len(window) else 0.0
    fall = 1 - float(window.iloc[-1]) / peak if peak > 0 else 0.0
    return {
        "client": client_id,
        "contacts_year": int(cm.isin(year).sum()),
        "gap": int(gap),
        "breaches": breaches,
        "requests": len(r),
        "complaints": complaints,
        "fall": fall,
        "status_partial": o["churn_status"] == "partial",
    }


LOST_CONTACT = Claim(
    "lost_contact",
    (
        Variant(
            lambda f: f["gap"] >= 4,
            "**The lesson.** Nobody from the bank spoke to {client} in the {gap} months before it "
            "left ({contacts_year} contacts in its last year): the relationship was left alone "
            "when it mattered.",
            "**教训。** {client} 流失前的 {gap} 个月里，本行没有人和它联系过（最后一年共接触 "
            "{contacts_year} 次）：在最要紧的时候，这段关系无人照看。",
        ),
        Variant(
            lambda f: 0 < f["gap"] < 4,
            "**The lesson.** The RM was in touch with {client} until shortly before it left "
            "({contacts_year} contacts in its last year, the last of them {gap} month(s) before): contact "
            "alone did not keep it; what was said, and done, did not answer what it needed.",
            "**教训。** 客户经理直到 {client} 流失前不久都和它保持联系（最后一年接触 {contacts_year} "
            "次，最后一次在流失前 {gap} 个月）：光有接触留不住客户；说了什么、做了什么，没有回应它的需要。",
        ),
        Variant(
            lambda f: f["gap"] <= 0,
            "**The lesson.** The RM was in touch with {client} up to the month it left "
            "({contacts_year} contacts in its last year): contact alone did not keep it; what was "
            "said, and done, did not answer what it needed. Read its last notes above.",
            "**教训。** 客户经理直到 {client} 流失当月都和它保持联系（最后一年接触 {contacts_year} "
            "次）：光有接触留不住客户；说了什么、做了什么，没有回应它的需要。请读上面它最后几条纪要。",
        ),
    ),
)

LOST_SERVICE = Claim(
    "lost_service",
    (
        Variant(
            lambda f: f["breaches"] + f["complaints"] > 0,
            "Service gave it reasons: {breaches} of its {requests} service requests in that year missed "
            "their service level and it filed {complaints} complaints. Each was a moment to call "
            "back (回访) and repair.",
            "服务给了它离开的理由：那一年它的 {requests} 笔请求中有 {breaches} 笔未达服务时效，"
            "还提出了 {complaints} 次投诉。每一次都是回访、补救的时机。",
        ),
        Variant(
            lambda f: f["breaches"] + f["complaints"] == 0,
            "Service was not the reason: none of its service requests that year ({requests} in "
            "all) missed its level and it filed no complaint. Look at price, needs and the "
            "competitor instead.",
            "服务不是原因：那一年它的服务请求（共 {requests} 笔）没有一笔超时，也没有投诉。应从价格、"
            "需求和竞争对手方面找原因。",
        ),
    ),
)

LOST_FLOWS = Claim(
    "lost_flows",
    (
        Variant(
            lambda f: f["fall"] >= 0.2,
            "The flows warned first: before the month it left, its daily average deposits had "
            "already fallen {fall:.0%} from the year's peak. A falling share of flows is the signal "
            "to act on.",
            "资金往来最先发出信号：在流失当月之前，它的日均存款已经比一年内的高点下降了 {fall:.0%}。"
            "资金往来份额下降就是该行动的信号。",
        ),
        Variant(
            lambda f: f["fall"] < 0.2,
            "Its deposits gave little warning before the month it left (down {fall:.0%} from the "
            "year's peak), so the signal had to come from the conversation, not the balances.",
            "在流失当月之前，它的存款几乎没有预警（比一年内高点只低 {fall:.0%}），信号只能来自沟通，"
            "而不是余额。",
        ),
    ),
)
