"""Exercise 1 · The portfolio and the client 360° view (客户分层与客户全景).

The method of case 1: size up the book by tier, measure how concentrated deposits are, then
read one client closely: the gap between month-end and daily-average deposits (a sign of
window dressing), what they hold, and who brings the most income.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from casekit.exercises.common import code, income, last_year, months, product_codes, t
from casekit.questions import NumberQuestion, RankingQuestion, ReflectionQuestion
from casekit.table_questions import PairsQuestion, TableQuestion

TITLE = t("Exercise 1 · Portfolio and client 360°", "练习一 · 客户分层与客户全景")


def _latest(book: Any) -> pd.DataFrame:
    return book.panel[book.panel["month"] == months(book)[-1]]


def key_clients(ctx: Any) -> int:
    """Clients in the key tier."""
    return int((ctx.book.clients["tier"].astype(str) == "key").sum())


def deposits_by_tier(ctx: Any) -> pd.DataFrame:
    """Per tier: clients, and the latest month's daily-average deposits (万元)."""
    c = ctx.book.clients.assign(tier=lambda d: d["tier"].astype(str))
    dep = _latest(ctx.book).set_index("client_id")["deposit_avg"]
    c = c.assign(deposits=c["client_id"].map(dep).fillna(0.0))
    g = c.groupby("tier").agg(clients=("client_id", "size"), deposits=("deposits", "sum"))
    return g.reset_index()


def top20_share(ctx: Any) -> float:
    """Share of the latest month's daily-average deposits held by the 20 largest depositors."""
    dep = _latest(ctx.book)["deposit_avg"]
    return float(dep.nlargest(20).sum() / dep.sum())


def window_gap(ctx: Any) -> float:
    """The client's month-end minus daily-average deposits in the latest month (万元)."""
    row = _latest(ctx.book)
    row = row[row["client_id"] == ctx.client_id]
    if row.empty:  # the client has left: nothing on deposit
        return 0.0
    return float(row["deposit_month_end"].iloc[0] - row["deposit_avg"].iloc[0])


def products_held(ctx: Any) -> list[list[str]]:
    """The products the client holds now (no end month)."""
    h = ctx.book.holdings
    now = h[(h["client_id"] == ctx.client_id) & h["end_month"].isna()]
    return [[p] for p in sorted(set(now["product"].astype(str)))]


def top_income(ctx: Any) -> list[str]:
    """The five clients with the most interest + fee income over the last 12 months."""
    inc = income(last_year(ctx.book))
    return inc.sort_values(ascending=False, kind="stable").index[:5].tolist()


QUESTIONS = (
    NumberQuestion(
        "q1",
        key_clients,
        capability="client_info",
        skill="data",
        hints=(
            t(
                "Count the rows of book.clients whose tier is 'key'.",
                "统计 tier 为 'key' 的客户数。",
            ),
            t("(book.clients['tier'] == 'key').sum()", "(book.clients['tier'] == 'key').sum()"),
        ),
        solution_text=code("int((book.clients['tier'] == 'key').sum())"),
        abs_tol=0.5,
        rel_tol=0.0,
    ),
    TableQuestion(
        "q2",
        deposits_by_tier,
        capability="maintenance",
        skill="data",
        what="what_table",
        columns=("tier", "clients", "deposits"),
        keys=("tier",),
        rel_tol=0.005,
        hints=(
            t(
                "Take the latest month of book.panel, attach each client's tier, group by tier.",
                "取 book.panel 的最近一个月,给每位客户配上层级,再按层级分组。",
            ),
            t(
                "Clients with no row in the latest month count as clients with 0 deposits.",
                "最近一个月没有数据的客户,按存款为 0 计入客户数。",
            ),
        ),
        solution_text=code("""
last = book.panel[book.panel['month'] == book.panel['month'].max()]
dep = book.clients['client_id'].map(last.set_index('client_id')['deposit_avg']).fillna(0)
book.clients.assign(deposits=dep).groupby('tier', observed=True).agg(
    clients=('client_id', 'size'), deposits=('deposits', 'sum')).reset_index()
"""),
        points=2,
    ),
    NumberQuestion(
        "q3",
        top20_share,
        capability="data_analysis",
        skill="method",
        hints=(
            t(
                "Concentration: the 20 largest daily-average balances in the latest month, over the total.",
                "集中度:最近一个月日均存款最大的 20 户之和,除以全部日均存款。",
            ),
            t(
                "Series.nlargest(20).sum() / Series.sum()",
                "Series.nlargest(20).sum() / Series.sum()",
            ),
        ),
        solution_text=code("dep = last['deposit_avg']\ndep.nlargest(20).sum() / dep.sum()"),
        rel_tol=0.01,
        unit="0-1",
    ),
    NumberQuestion(
        "q4",
        window_gap,
        capability="client_info",
        skill="judgement",
        hints=(
            t(
                "Month-end balance minus daily-average balance, for your client, in the latest month.",
                "你的客户最近一个月的月末余额减去日均余额。",
            ),
            t(
                "A large positive gap means money parked for the month-end snapshot (window dressing).",
                "差额为较大的正数,说明资金只在月末时点停留(冲时点)。",
            ),
        ),
        solution_text=code(
            "row = last[last['client_id'] == client_id]\n"
            "float((row['deposit_month_end'] - row['deposit_avg']).sum())  # 0 if the client left"
        ),
        rel_tol=0.01,
        abs_tol=0.05,
        unit="万元",
        points=1,
    ),
    PairsQuestion(
        "q5",
        products_held,
        capability="client_info",
        skill="data",
        what="what_products",
        columns=("product",),
        allow_empty=True,
        valid=product_codes,
        hints=(
            t(
                "book.holdings lists every product a client has held; the current ones have no end_month.",
                "book.holdings 列出客户持有过的全部产品;当前持有的没有 end_month。",
            ),
            t(
                "Give a list of product codes, e.g. ['basic_account', ...].",
                "给出产品代码列表,如 ['basic_account', ...]。",
            ),
        ),
        solution_text=code(
            "h = book.holdings\n"
            "sorted(set(h.loc[(h['client_id'] == client_id) & h['end_month'].isna(), 'product'].astype(str)))"
        ),
    ),
    RankingQuestion(
        "q6",
        top_income,
        capability="data_analysis",
        skill="method",
        what="what_ranking",
        hints=(
            t(
                "Income = interest_income + fee_income, summed over the last 12 months of the panel.",
                "收入 = 利息收入 + 手续费收入,按面板最近 12 个月加总。",
            ),
            t(
                "Rank the clients by it, highest first, and give the top five ids.",
                "按收入从高到低排序,给出前五位客户编号。",
            ),
        ),
        solution_text=code("""
months = sorted(book.panel['month'].unique())
year = book.panel[book.panel['month'].isin(months[-12:])]
inc = year.groupby('client_id')[['interest_income', 'fee_income']].sum().sum(axis=1)
inc.sort_values(ascending=False).index[:5].tolist()
"""),
        points=2,
    ),
    ReflectionQuestion(
        "q7",
        lambda ctx: None,
        capability="relationship",
        skill="judgement",
        points=0,
        hints=(
            t(
                "Think of tier, deposit quality and what the client does not hold yet.",
                "想想客户层级、存款质量,以及客户尚未持有哪些产品。",
            ),
        ),
    ),
)
