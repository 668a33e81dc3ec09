"""Exercise 2 · Needs analysis (需求分析).

The method of case 2, step by step: a data signal (month-end overdrafts), the interviews (call
notes searched for phrases), how trustworthy notes alone are, ranking by importance × urgency,
a triangulated needs list scored against the truth, and the gap to what the bank already sells.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from casekit import note_keywords
from casekit.exercises.common import (
    last_year,
    memo,
    needs_valid,
    t,
)
from casekit.questions import (
    DecisionQuestion,
    Mistake,
    NumberQuestion,
    RankingQuestion,
    ReflectionQuestion,
)
from casekit.table_questions import PairsQuestion, ScoredQuestion

TITLE = t("Exercise 2 · Needs analysis", "练习二 · 客户需求分析")

# Phrases in call notes that point to each need, in both languages and equivalent between
# them (casekit.note_keywords): the same bank gives the same list in Chinese and English.
KEYWORDS = note_keywords.KEYWORDS


def behaviour(book: Any, ids: pd.Index) -> pd.DataFrame:
    """Last-12-month behaviour per client: the raw material of every data signal."""
    key = ("behaviour", hash(tuple(ids)))
    return memo(book, key, lambda: _behaviour(book, ids)).copy()


def _behaviour(book: Any, ids: pd.Index) -> pd.DataFrame:
    y = last_year(book)
    y = y[y["client_id"].isin(ids)]
    return (
        y.groupby("client_id")
        .agg(
            overdraft_days=("overdraft_days", "sum"),
            deposit=("deposit_avg", "mean"),
            outflow=("outflow", "mean"),
            fx=("fx_inflow", "sum"),
            fx_out=("fx_outflow", "sum"),
            salary_other=("salary_transfer_other_bank", "sum"),
            intragroup=("intragroup_outflow", "sum"),
            intragroup_in=("intragroup_inflow", "sum"),
            capex=("capex_outflow", "sum"),
            equity=("equity_transfer_outflow", "sum"),
            counter=("counter_txn", "sum"),
            online=("online_txn", "sum"),
        )
        .reindex(ids, fill_value=0)
    )


# Known wrong methods (each proved by a known-wrong test cell in the solution source).


def _m(key: str, en: str, zh: str) -> Mistake:
    return Mistake(key, t(en, zh))


QUESTIONS = (
    NumberQuestion(
        "q1",
        capability="needs",
        skill="data",
        hints=(
            t(
                "A client that dips into overdraft around month-end every month needs a working-capital line, not a one-off loan.",
                "每到月末都要透支的客户，需要的是一条流动资金授信额度，而不是一笔临时贷款。",
            ),
            t(
                "Sum overdraft_days over the last 12 months for each client of the segment.",
                "对本层级每位客户，把最近 12 个月的 overdraft_days 加总。",
            ),
            t(
                "Count the clients whose sum is 12 or more (on average a day a month or more).",
                "统计加总值不少于 12 的客户数（平均每月至少一天）。",
            ),
        ),
        abs_tol=0.5,
        rel_tol=0.0,
        mistakes=(
            _m(
                "all_clients",
                "you counted clients of every tier: the question is about the key segment (per).",
                "把所有层级的客户都算进来了：本题只看重点客户（per）。",
            ),
            _m(
                "strict",
                "you counted more than 12 days: a client short of cash one day a month on average (12 days or more) already has the need.",
                "用了“超过 12 天”：平均每月缺钱一天（12 天及以上）就已经说明有这个需求。",
            ),
        ),
    ),
    PairsQuestion(
        "q2",
        capability="needs",
        skill="data",
        what="what_needs",
        columns=("client_id", "need"),
        valid=needs_valid,
        label_kinds=(("need", "need"),),
        mistakes=(
            _m(
                "all_clients",
                "you searched the notes of every client: keep the key segment's (notes).",
                "检索了所有客户的纪要：只保留重点客户的（notes）。",
            ),
        ),
        hints=(
            t(
                "What did the clients tell their RMs? Each need has its own words in the call notes.",
                "客户对客户经理说了什么？每类需求在拜访纪要里都有自己的说法。",
            ),
            t(
                "For each need, search the notes (in your language's column) for any of KEYWORDS[need].",
                "对每种需求，在你所用语言的纪要列中搜索 KEYWORDS[need] 中的任一关键词。",
            ),
            t(
                "str.contains('|'.join(words), case=False); one row per (client_id, need), no repeats.",
                "str.contains('|'.join(words), case=False);每个(client_id, need)只保留一行。",
            ),
        ),
        points=2,
    ),
    NumberQuestion(
        "q3",
        capability="needs",
        skill="judgement",
        hints=(
            t(
                "When a client says it is short of cash before month-end, how often do its accounts bear it out?",
                "客户说月末缺钱时，有多大比例能在账户数据里得到印证？",
            ),
            t(
                "Take the client_id of the Q2 rows whose need is seasonal_wc.",
                "取第 2 题清单中 need 为 seasonal_wc 的行的 client_id。",
            ),
            t(
                "Share of them with overdraft_days >= 12 in per: .isin(...).mean().",
                "其中在 per 里 overdraft_days >= 12 的占比:.isin(...).mean()。",
            ),
        ),
        rel_tol=0.01,
        form="0-1",
        mistakes=(
            _m(
                "recall",
                "you computed recall (of the clients the data flags, how many the notes mention), not precision (of the clients the notes mention, how many the data backs).",
                "算成了召回率（数据标出的客户中纪要提到多少），而不是精确率（纪要提到的客户中有多少得到数据印证）。",
            ),
        ),
    ),
    RankingQuestion(
        "q4",
        capability="needs",
        skill="method",
        what="what_ranking",
        mistakes=(
            _m(
                "importance_only",
                "you ranked by size (revenue) alone: priority is importance × urgency, and a big client that rarely runs short can wait.",
                "只按规模（营业收入）排了序：优先级是重要性 × 紧急性，很少缺钱的大客户可以往后排。",
            ),
            _m(
                "unclipped",
                "you left urgency unbounded: keep it between 1 and 5, so that one client's extreme overdrafts do not outweigh everything else.",
                "紧急性没有设上下限：应限定在 1 到 5 之间，免得个别客户的极端透支压倒一切。",
            ),
        ),
        hints=(
            t(
                "Who should the team call first: the clients that matter most to us and need the money soonest.",
                "团队先给谁打电话：对我行最重要、又最急着用钱的客户。",
            ),
            t(
                "Only clients with the seasonal signal (Q1). Importance = revenue × 0.004; urgency = overdraft days / 12, kept between 1 and 5.",
                "只看有季节性信号的客户（第 1 题）。重要性 = 营业收入 × 0.004；紧急性 = 透支天数 / 12，限定在 1 到 5 之间。",
            ),
            t(
                "priority = importance × urgency; sort descending and take the first five client ids.",
                "优先级 = 重要性 × 紧急性；降序排列，取前五个客户编号。",
            ),
        ),
        points=2,
    ),
    ScoredQuestion(
        "q5",
        capability="needs",
        skill="method",
        what="what_needs",
        columns=("client_id", "need"),
        valid=needs_valid,
        # F1 as a share of the reference's on the same bank (0.72-0.85 over the scenarios):
        # notes alone reach 0.75-0.87 of it, two crude rules 0.3-0.5, a random list 0.25.
        pass_at=0.95,
        floor=0.87,
        points=3,
        label_kinds=(("need", "need"),),
        mistakes=(
            _m(
                "notes_only",
                "you took every need the notes mention without checking it against the accounts: clients say more than they need.",
                "纪要里提到的需求照单全收，没有用账户数据核对：客户说的比真正需要的多。",
            ),
            _m(
                "data_only",
                "you used the data signals alone: some needs show only in what the client tells the RM.",
                "只用了数据信号：有些需求只在客户对客户经理说的话里出现。",
            ),
            _m(
                "two_rules",
                "you applied two crude rules: ten needs each have their own signal (Case 2).",
                "只用了两条粗略规则：十类需求各有各的信号（见案例二）。",
            ),
        ),
        hints=(
            t(
                "A good RM believes the accounts first, and what the client says when the accounts do not contradict it.",
                "好的客户经理先信账户数据；客户说的话，只要数据不矛盾，也要当真。",
            ),
            t(
                "Triangulate: propose a need when the data shows it clearly, or when the notes mention it and the data does not contradict it.",
                "交叉验证：数据清楚显示的需求直接列入；纪要提及、且数据不矛盾的也列入。",
            ),
            t(
                "Case 2 lists the signals for all ten needs; notes alone have low precision (Q3), data alone low recall.",
                "案例二列出了十类需求的信号；只看纪要精确率低（第 3 题），只看数据召回率低。",
            ),
        ),
    ),
    NumberQuestion(
        "q6",
        capability="relationship",
        skill="judgement",
        hints=(
            t(
                "The product gap: clients with money lying idle whom we have not yet offered a better home for it.",
                "产品缺口：资金闲置、我行却还没为其提供更好去处的客户。",
            ),
            t(
                "Idle liquidity: mean deposit_avg over the last 12 months above 3 × mean outflow.",
                "闲置资金：最近 12 个月日均存款均值超过月均支出的 3 倍。",
            ),
            t(
                "Of those, count the clients with no current structured_deposit in book.holdings.",
                "其中，在 book.holdings 中当前没有 structured_deposit 的客户有多少？",
            ),
        ),
        abs_tol=0.5,
        rel_tol=0.0,
        mistakes=(
            _m(
                "ignore_holdings",
                "you counted every client with idle money: those already holding a structured deposit are served; the gap is the rest.",
                "把所有有闲置资金的客户都算了：已持有结构性存款的客户需求已满足，缺口是其余的客户。",
            ),
        ),
    ),
    ReflectionQuestion(
        "q7",
        capability="needs",
        skill="judgement",
        points=0,
        hints=(
            t("Which need did you find least often, and why?", "哪类需求你找到得最少？为什么？"),
        ),
    ),
    DecisionQuestion(
        "q8",
        capability="needs",
        skill="judgement",
        options=tuple(__import__("casekit.catalog", fromlist=["NEED_CODES"]).NEED_CODES),
        label_kind="need",
        points=2,
        rubric=(
            t(
                "counts the open needs (found, and not yet served by a product held)",
                "统计尚未满足的需求（已发现、且现有产品未覆盖）",
            ),
            t(
                "weighs what notes alone would have suggested (Q3)",
                "考虑只看纪要会得出什么结论（第 3 题）",
            ),
            t(
                "names the product and who in the branch must support it",
                "说明用什么产品、支行里需要谁支持",
            ),
        ),
        hints=(
            t(
                "A campaign pays where many clients share a need no product of ours meets yet.",
                "营销活动要投向许多客户共有、而我行产品尚未满足的需求。",
            ),
            t(
                "Take the Q5 list, drop the needs a held product already serves, and count clients per need.",
                "取第 5 题的清单，去掉已持有产品满足的需求，再按需求统计客户数。",
            ),
        ),
    ),
)

__all__ = ["KEYWORDS", "QUESTIONS", "TITLE"]
