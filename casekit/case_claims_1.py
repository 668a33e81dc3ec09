"""Case 1 (portfolio and client 360): where concentration is a risk on this bank, and the
borderline client whose tier the trainee decides, with the data for and against."""

from __future__ import annotations

import pandas as pd

from casekit import catalog as cat
from casekit.book import Book
from casekit.narrative import Claim, Variant

TIERS = ("strategic", "key")


def concentration_figures(book: Book, lang: str = "en") -> dict:
    """Top-10 shares of deposits and of loans, and the largest industry's share of loans."""
    p = book.panel
    last = p[p["month"] == p["month"].max()].set_index("client_id")
    dep = last["deposit_avg"].sort_values(ascending=False)
    loan = last["loan_balance"].sort_values(ascending=False)
    ind = (
        book.clients.set_index("client_id")["industry"]
        .astype(str)
        .reindex(last.index)
        .pipe(lambda s: last["loan_balance"].groupby(s).sum())
    )
    shares = {
        "dep10": float(dep.iloc[:10].sum() / dep.sum()) if dep.sum() > 0 else 0.0,
        "loan10": float(loan.iloc[:10].sum() / loan.sum()) if loan.sum() > 0 else 0.0,
        "ind": float(ind.max() / ind.sum()) if ind.sum() > 0 else 0.0,
    }
    names = {
        "dep10": "存款前十大客户" if lang == "zh" else "the top-10 depositors",
        "loan10": "贷款前十大借款人" if lang == "zh" else "the top-10 borrowers",
        "ind": ("贷款第一大行业：" if lang == "zh" else "the largest industry of the loan book, ")
        + cat.label("industry", str(ind.idxmax()), lang),
    }
    worst = max(shares, key=shares.get)
    return {
        **shares,
        "ind_label": cat.label("industry", str(ind.idxmax()), lang),
        "worst": shares[worst],
        "worst_label": names[worst],
        "n": len(book.clients),
    }


CONCENTRATION = Claim(
    "concentration",
    (
        Variant(
            lambda f: f["n"] < 300,
            "With only {n} clients, ten clients are a large slice of the bank by construction "
            "(deposits top-10 {dep10:.0%}, loans top-10 {loan10:.0%}): these shares say little "
            "about risk here. Judge concentration on a bank of normal size.",
            "本行只有 {n} 户客户，十户客户本来就占很大一块（存款前十大 {dep10:.0%}，贷款前十大 "
            "{loan10:.0%}）：这些占比在这里说明不了多少风险。集中度要在正常规模的银行上判断。",
        ),
        Variant(
            lambda f: f["n"] >= 300 and f["worst"] >= 0.4,
            "**Where concentration is a risk.** On this bank it is in {worst_label}: "
            "{worst:.0%}. (Deposits: top-10 {dep10:.0%}; loans: top-10 {loan10:.0%}; the largest "
            "industry, {ind_label}, holds {ind:.0%} of the loans.) Losing or downgrading one of "
            "them moves the whole branch: cover them with a named team and limits.",
            "**集中度风险在哪里。** 本行的风险在{worst_label}：{worst:.0%}。（存款前十大 {dep10:.0%}；"
            "贷款前十大 {loan10:.0%}；第一大行业{ind_label}占贷款的 {ind:.0%}。）失去或下调其中一户，"
            "整个分行都会受影响：要有专门团队覆盖，并设定限额。",
        ),
        Variant(
            lambda f: f["n"] >= 300 and 0.25 <= f["worst"] < 0.4,
            "**Where concentration is a risk.** Nowhere acute, but watch {worst_label}: "
            "{worst:.0%}. (Deposits: top-10 {dep10:.0%}; loans: top-10 {loan10:.0%}; the largest "
            "industry, {ind_label}, holds {ind:.0%} of the loans.)",
            "**集中度风险在哪里。** 没有特别突出的，但要关注{worst_label}：{worst:.0%}。（存款前十大 "
            "{dep10:.0%}；贷款前十大 {loan10:.0%}；第一大行业{ind_label}占贷款的 {ind:.0%}。）",
        ),
        Variant(
            lambda f: f["n"] >= 300 and f["worst"] < 0.25,
            "**Where concentration is a risk.** Nowhere here: the largest share is {worst_label} "
            "at {worst:.0%} (deposits top-10 {dep10:.0%}, loans top-10 {loan10:.0%}, {ind_label} "
            "{ind:.0%} of loans). The book is spread; the risk is thin relationships, not big ones.",
            "**集中度风险在哪里。** 本行没有明显的集中度风险：占比最大的是{worst_label}，为 {worst:.0%}"
            "（存款前十大 {dep10:.0%}，贷款前十大 {loan10:.0%}，{ind_label}占贷款的 {ind:.0%}）。业务"
            "比较分散；风险在于关系浅，而不在于客户大。",
        ),
    ),
)


def contribution_12m(book: Book, offset: int = 0) -> pd.Series:
    """Each client's interest and fee income over twelve months, ``offset`` years back."""
    months = sorted(book.panel["month"].unique())
    end = len(months) - 12 * offset
    window = months[max(0, end - 12) : end]
    p = book.panel[book.panel["month"].isin(window)]
    return p.groupby("client_id")[["interest_income", "fee_income"]].sum().sum(axis=1)


def borderline_figures(book: Book) -> dict:
    """The key client earning the most, against the strategic tier it might join."""
    c = book.clients.set_index("client_id")
    now, before = contribution_12m(book), contribution_12m(book, 1)
    key = now[now.index.isin(c.index[c["tier"] == "key"])]
    strategic = now[now.index.isin(c.index[c["tier"] == "strategic"])]
    if key.empty or strategic.empty:
        return {"client": "", "exists": False}
    cand = key.idxmax()
    held = book.holdings[book.holdings["end_month"].isna()].groupby("client_id")["product"]
    products = held.nunique()
    growth = now[cand] / before[cand] - 1 if before.get(cand, 0) > 0 else float("nan")
    return {
        "exists": True,
        "client": cand,
        "contribution": float(now[cand]),
        # The lower quartile, not the minimum: a strategic client that has just left earns nothing.
        "strategic_q1": float(strategic.quantile(0.25)),
        "strategic_median": float(strategic.median()),
        "above_q1": bool(now[cand] >= strategic.quantile(0.25)),
        "growth": float(growth),
        "products": int(products.get(cand, 0)),
        "strategic_products": float(products.reindex(strategic.index).fillna(0).median()),
    }


GROWTH_FLOOR = -0.10  # a client earning above the bar may dip this much on the year and stay up


def _up(f: dict) -> bool:
    return f["above_q1"] and (f["growth"] == f["growth"] and f["growth"] >= GROWTH_FLOOR)


BORDERLINE = Claim(
    "borderline",
    (
        Variant(
            lambda f: not f["exists"],
            "This bank has no key client to weigh against the strategic tier.",
            "本行没有可与战略客户比较的重点客户。",
        ),
        Variant(
            lambda f: f["exists"] and _up(f),
            "**Your decision.** {client} is a key client, yet it earned {contribution:,.1f} 万元 "
            "in the last twelve months, more than a quarter of the strategic clients do (their "
            "lower quartile {strategic_q1:,.1f}, median {strategic_median:,.1f}); its income changed "
            "{growth:+.0%} on the year before. It holds {products} products against a strategic median of "
            "{strategic_products:.0f}. The data argues for promoting it; decide, and say what "
            "would change your mind.",
            "**由你决定。** {client} 目前是重点客户，但近十二个月贡献了 {contribution:,.1f} 万元，超过了"
            "四分之一的战略客户（战略客户下四分位数 {strategic_q1:,.1f}，中位数 {strategic_median:,.1f}），"
            "收入比上一年变化 {growth:+.0%}。它持有 {products} 种产品，战略客户的中位数是 "
            "{strategic_products:.0f} 种。数据支持把它升为战略客户；请做出决定，并说明什么情况会让你"
            "改变主意。",
        ),
        Variant(
            lambda f: f["exists"] and not _up(f),
            "**Your decision.** {client} is the key client earning the most: {contribution:,.1f} "
            "万元 in the last twelve months, against a lower quartile of {strategic_q1:,.1f} for the "
            "strategic clients (median {strategic_median:,.1f}); its income changed {growth:+.0%} "
            "and it holds {products} products (strategic median {strategic_products:.0f}). The "
            "data does not make the case for promotion on its own; decide, and say what the RM "
            "would have to show.",
            "**由你决定。** {client} 是贡献最高的重点客户：近十二个月 {contribution:,.1f} 万元，而战略"
            "客户的下四分位数为 {strategic_q1:,.1f}（中位数 {strategic_median:,.1f}）；它的收入变化 "
            "{growth:+.0%}，持有 {products} 种产品（战略客户中位数 {strategic_products:.0f} 种）。单凭数据"
            "还不足以支持升级；请做出决定，并说明客户经理需要拿出什么依据。",
        ),
    ),
)


def verdict_figures(f: dict, decision: str, lang: str = "en") -> dict:
    """The borderline figures with the trainee's decision beside the data's argument."""
    argued = "strategic" if f.get("exists") and _up(f) else "key"
    return f | {
        "decision": decision,
        "argued": argued,
        "decision_label": cat.label("tier", decision, lang) if decision else "",
        "argued_label": cat.label("tier", argued, lang),
    }


DECISION = Claim(
    "decision",
    (
        Variant(
            lambda f: f["decision"] == "",
            "Set the parameter `borderline_tier` to `strategic` or `key` and run the case again "
            "to record your decision.",
            "请把参数 `borderline_tier` 设为 `strategic` 或 `key`，再运行本案例，记录你的决定。",
        ),
        Variant(
            lambda f: f["decision"] != "" and f["decision"] == f["argued"],
            "You chose **{decision_label}**, as the data argues. Defend it on what the figures do not "
            "show: the client's plans, its other banks, the RM hours a strategic client needs.",
            "你选择了 **{decision_label}**，与数据的结论一致。请从数据没有显示的方面为它辩护：客户的计划、它的"
            "其他合作银行、战略客户所需的客户经理工时。",
        ),
        Variant(
            lambda f: f["decision"] != "" and f["decision"] != f["argued"],
            "You chose **{decision_label}**, against what the data argues ({argued_label}). That can be right, "
            "but only with evidence the table does not hold: write it down, so the next review "
            "can check it.",
            "你选择了 **{decision_label}**，与数据的结论（{argued_label}）相反。这可能是对的，但需要表中没有的证据："
            "把它写下来，以便下次复盘时核对。",
        ),
    ),
)
