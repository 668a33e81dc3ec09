"""A portfolio overview of a book for the terminal: the book at a glance, in Chinese or English."""

from __future__ import annotations

import pandas as pd

from casekit import catalog as cat
from casekit.book import Book
from casekit.evaluate.answers import case_bank_only

_T = {
    "title": ("Portfolio summary", "业务概览"),
    "clients": ("clients", "户"),
    "rms": ("relationship managers", "名客户经理"),
    "months": ("months", "个月"),
    "by_tier": ("By tier (last month)", "按客户分层（最后一个月）"),
    "by_tier_hidden": (
        "  not shown for a bank without its truth (an assessment pack): it is exercise 1's question",
        "  不含隐藏答案的数据（考核包）不显示：这是练习一的题目",
    ),
    "by_size": ("By size class", "按企业规模"),
    "by_industry": ("Top industries", "主要行业"),
    "outcomes": ("Outcomes over the book", "期间结果"),
    "deposits": ("deposits (daily avg)", "日均存款"),
    "loans": ("loans", "贷款余额"),
    "fees": ("fee income, last 12 months", "近12个月中间业务收入"),
    "full": ("full churn", "完全流失"),
    "partial": ("partial churn", "部分流失"),
    "defaults": ("defaults", "违约"),
    "pilot": ("clients in the pilot programme", "试点客户"),
    "unit": ("万元", "万元"),
}


def _t(key: str, lang: str) -> str:
    return _T[key][1 if lang == "zh" else 0]


@case_bank_only
def tier_table(book: Book) -> pd.DataFrame:
    """Clients, deposits, loans and fee income by tier: the concentration a banker looks at first."""
    months = sorted(book.panel["month"].unique())
    last = book.panel[book.panel["month"] == months[-1]]
    fees = (
        book.panel[book.panel["month"].isin(months[-12:])].groupby("client_id")["fee_income"].sum()
    )
    c = book.clients[["client_id", "tier"]].merge(
        last[["client_id", "deposit_avg", "loan_balance"]], how="left"
    )
    c["fee_12m"] = c["client_id"].map(fees).fillna(0)
    out = c.groupby("tier", observed=False).agg(
        clients=("client_id", "size"),
        deposits=("deposit_avg", "sum"),
        loans=("loan_balance", "sum"),
        fees=("fee_12m", "sum"),
    )
    for col in ("deposits", "loans", "fees"):
        out[f"{col}_share"] = out[col] / out[col].sum()
    return out


def format_summary(book: Book, lang: str = "en") -> str:
    """The book at a glance as text."""
    p = book.meta.get("params", {})
    months = sorted(book.panel["month"].unique())
    lines = [
        f"{_t('title', lang)}: {p.get('scenario', '')} seed {p.get('seed', '')} "
        f"({months[0]} – {months[-1]})",
        f"  {len(book.clients):,} {_t('clients', lang)}, {len(book.rms)} {_t('rms', lang)}, "
        f"{len(months)} {_t('months', lang)}",
        "",
        _t("by_tier", lang),
    ]
    # By tier is exercise 1's q2 on the trainee's own bank: not handed over on an assessment pack.
    if not book.has_truth:
        lines.append(_t("by_tier_hidden", lang))
    for tier, r in tier_table(book).iterrows() if book.has_truth else ():
        lines.append(
            f"  {cat.label('tier', str(tier), lang):<12} {int(r.clients):>6,} {_t('clients', lang)}  "
            f"{_t('deposits', lang)} {r.deposits:>12,.0f} ({r.deposits_share:5.1%})  "
            f"{_t('loans', lang)} {r.loans:>12,.0f} ({r.loans_share:5.1%})  "
            f"{_t('fees', lang)} {r.fees:>9,.0f} ({r.fees_share:5.1%})  [{_t('unit', lang)}]"
        )
    lines += ["", _t("by_size", lang)]
    size = book.clients["size_class"].value_counts()
    lines.append(
        "  "
        + "   ".join(
            f"{cat.label('size_class', s, lang)} {size.get(s, 0):,}" for s in cat.SIZE_CODES
        )
    )
    lines += ["", _t("by_industry", lang)]
    ind = book.clients["industry"].value_counts().head(6)
    for code, n in ind.items():
        lines.append(
            f"  {code} {cat.label('industry', str(code), lang):<34} {n:>6,}  {n / len(book.clients):5.1%}"
        )
    o = book.outcomes
    lines += [
        "",
        _t("outcomes", lang),
        f"  {_t('full', lang)} {int((o['churn_status'] == 'full').sum()):,}   "
        f"{_t('partial', lang)} {int((o['churn_status'] == 'partial').sum()):,}   "
        f"{_t('defaults', lang)} {int(o['defaulted'].sum()):,}   "
        f"{_t('pilot', lang)} {int(o['pilot'].sum()):,}",
    ]
    return "\n".join(lines) + "\n"
