"""Exercise 2 · Needs analysis (需求分析).

The method of case 2, step by step: a data signal (month-end overdrafts), the interviews (call
notes searched for phrases), how trustworthy notes alone are, ranking by importance × urgency,
a triangulated needs list scored against the truth, and the gap to what the bank already sells.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from casekit import note_keywords
from casekit.evaluate.needs_method import data_signals
from casekit.exercises.common import (
    code,
    last_year,
    needs_valid,
    segment_ids,
    sentences,
    t,
)
from casekit.questions import NumberQuestion, RankingQuestion, ReflectionQuestion
from casekit.table_questions import PairsQuestion, ScoredQuestion

TITLE = t("Exercise 2 · Needs analysis", "练习二 · 客户需求分析")

# Phrases in call notes that point to each need, in both languages and equivalent between
# them (casekit.note_keywords): the same bank gives the same list in Chinese and English.
KEYWORDS = note_keywords.KEYWORDS


def _per(ctx: Any) -> pd.DataFrame:
    return behaviour(ctx.book, segment_ids(ctx))


def seasonal_count(ctx: Any) -> int:
    """Segment clients with 12 or more overdraft days over the last 12 months."""
    return int((_per(ctx)["overdraft_days"] >= 12).sum())


def _mentions(book: Any, ids: pd.Index, lang: str) -> list[tuple[str, str]]:
    col = "note_zh" if lang == "zh" else "note_en"
    notes = book.interactions[book.interactions["client_id"].isin(ids)]
    out = set()
    for need, words in KEYWORDS.items():
        pattern = "|".join(map(re.escape, words))
        hit = notes.loc[notes[col].str.contains(pattern, case=False, regex=True), "client_id"]
        out |= {(c, need) for c in hit}
    return sorted(out)


def mentions(ctx: Any) -> list[list[str]]:
    """(client_id, need) for segment clients whose notes, in the notebook's language, match."""
    return [list(p) for p in _mentions(ctx.book, segment_ids(ctx), ctx.lang)]


def behaviour(book: Any, ids: pd.Index) -> pd.DataFrame:
    """Last-12-month behaviour per client: the raw material of every data signal."""
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


def triangulate(book: Any, ids: pd.Index, lang: str = "en") -> pd.DataFrame:
    """Case 2's needs list: a need when the data shows it, or the notes say it and the data agrees.

    Exercise 3 starts from this list; exercise 2 asks trainees to build it themselves.
    """
    per = behaviour(book, ids)
    c = book.clients.set_index("client_id").reindex(ids)
    revenue = c["revenue"]
    # The rules Case 2 teaches, kept once in casekit.evaluate.needs_method.
    signals = data_signals(book, c, per)
    consistent = pd.DataFrame(
        {
            "seasonal_wc": per["overdraft_days"] > 0,
            "idle_liquidity": per["deposit"] > 1.5 * per["outflow"],
            "fx_risk": (per["fx"] + per["fx_out"]) > 0,
            "payroll": c["staff"] >= 50,
            "group_treasury": c["group_id"].notna() & c["parent_id"].isna(),
            "capex": per["capex"] > 0.05 * revenue,
            "acquisition": per["equity"] > 0,
            "digitisation": per["counter"] > 0.3 * (per["counter"] + per["online"]),
            "supply_chain": c["top_buyer_share"] > 0.3,
            "capital_markets": revenue >= 50000,
        }
    )
    said = pd.DataFrame(False, index=ids, columns=signals.columns)
    for client, need in _mentions(book, ids, lang):
        said.loc[client, need] = True
    flags = signals | (said & consistent)
    stacked = flags.stack()
    pairs = stacked[stacked].reset_index().iloc[:, :2]
    pairs.columns = ["client_id", "need"]
    return pairs.reset_index(drop=True)


def notes_precision(ctx: Any) -> float:
    """Share of the clients whose notes mention seasonal working capital that the data backs.

    Measured against the data signal, not the hidden truth, so a trainee can answer it in an
    assessment pack (which carries no truth).
    """
    said = [c for c, need in mentions(ctx) if need == "seasonal_wc"]
    if not said:
        return 0.0
    per = _per(ctx)
    signal = set(per.index[per["overdraft_days"] >= 12])
    return sum(c in signal for c in said) / len(said)


def seasonal_priority(ctx: Any) -> list[str]:
    """Top five seasonal-signal clients by revenue × 0.004 × clip(overdraft days / 12, 1, 5)."""
    per = _per(ctx)
    hit = per[per["overdraft_days"] >= 12]
    revenue = ctx.book.clients.set_index("client_id")["revenue"].reindex(hit.index)
    priority = revenue * 0.004 * np.clip(hit["overdraft_days"] / 12, 1, 5)
    return priority.sort_values(ascending=False, kind="stable").index[:5].tolist()


def score_list(answer: pd.DataFrame, ctx: Any, lang: str) -> tuple[float, str]:
    """F1 of a needs list over the segment, with the need found least often."""
    from casekit.evaluate import score_needs

    s = score_needs(answer, ctx.book, clients=segment_ids(ctx), lang=lang)
    weak = s.by_need[s.by_need["tp"] + s.by_need["fn"] > 0].sort_values("recall").iloc[0]
    from casekit import catalog as cat

    need = cat.label("need", weak["need"], lang)
    tail = (
        f"召回率最低的需求:{need}({weak['recall']:.0%})"
        if lang == "zh"
        else f"Need found least often: {need} ({weak['recall']:.0%} recall)"
    )
    return s.f1, sentences(lang, s.summary(lang), tail)


def idle_without_product(ctx: Any) -> int:
    """Segment clients with idle liquidity (deposits > 3 × outflows) and no structured deposit."""
    per = _per(ctx)
    idle = per.index[per["deposit"] > 3 * per["outflow"]]
    h = ctx.book.holdings
    has = set(h.loc[h["end_month"].isna() & (h["product"] == "structured_deposit"), "client_id"])
    return int(sum(c not in has for c in idle))


QUESTIONS = (
    NumberQuestion(
        "q1",
        seasonal_count,
        capability="needs",
        skill="data",
        hints=(
            t(
                "Sum overdraft_days over the last 12 months for each client of the segment.",
                "对本层级每位客户,把最近 12 个月的 overdraft_days 加总。",
            ),
            t(
                "Count the clients whose sum is 12 or more (on average a day a month or more).",
                "统计加总值不少于 12 的客户数(平均每月至少一天)。",
            ),
        ),
        solution_text=code("(per['overdraft_days'] >= 12).sum()"),
        abs_tol=0.5,
        rel_tol=0.0,
    ),
    PairsQuestion(
        "q2",
        mentions,
        capability="needs",
        skill="data",
        what="what_needs",
        columns=("client_id", "need"),
        valid=needs_valid,
        hints=(
            t(
                "For each need, search the notes (in your language's column) for any of KEYWORDS[need].",
                "对每种需求,在你所用语言的纪要列中搜索 KEYWORDS[need] 中的任一关键词。",
            ),
            t(
                "str.contains('|'.join(words), case=False); one row per (client_id, need), no repeats.",
                "str.contains('|'.join(words), case=False);每个(client_id, need)只保留一行。",
            ),
        ),
        solution_text=code("""
rows = set()
for need, words in KEYWORDS.items():
    hit = notes[notes[note].str.contains('|'.join(words), case=False)]
    rows |= {(c, need) for c in hit['client_id']}
pd.DataFrame(sorted(rows), columns=['client_id', 'need'])
"""),
        points=2,
    ),
    NumberQuestion(
        "q3",
        notes_precision,
        capability="needs",
        skill="judgement",
        hints=(
            t(
                "Take the client_id of the Q2 rows whose need is seasonal_wc.",
                "取第 2 题清单中 need 为 seasonal_wc 的行的 client_id。",
            ),
            t(
                "Share of them with overdraft_days >= 12 in per: .isin(...).mean().",
                "其中在 per 里 overdraft_days >= 12 的占比:.isin(...).mean()。",
            ),
        ),
        solution_text=code("""
said = mentioned.loc[mentioned['need'] == 'seasonal_wc', 'client_id']
said.isin(per.index[per['overdraft_days'] >= 12]).mean()
"""),
        rel_tol=0.01,
        unit="0-1",
    ),
    RankingQuestion(
        "q4",
        seasonal_priority,
        capability="needs",
        skill="method",
        what="what_ranking",
        hints=(
            t(
                "Only clients with the seasonal signal (Q1). Importance = revenue × 0.004; urgency = overdraft days / 12, kept between 1 and 5.",
                "只看有季节性信号的客户(第 1 题)。重要性 = 营业收入 × 0.004;紧急性 = 透支天数 / 12,限定在 1 到 5 之间。",
            ),
            t(
                "priority = importance × urgency; sort descending and take the first five client ids.",
                "优先级 = 重要性 × 紧急性;降序排列,取前五个客户编号。",
            ),
        ),
        solution_text=code("""
hit = per[per['overdraft_days'] >= 12]
priority = clients.loc[hit.index, 'revenue'] * 0.004 * np.clip(hit['overdraft_days'] / 12, 1, 5)
priority.sort_values(ascending=False).index[:5].tolist()
"""),
        points=2,
    ),
    ScoredQuestion(
        "q5",
        capability="needs",
        skill="method",
        what="what_needs",
        columns=("client_id", "need"),
        valid=needs_valid,
        scorer=score_list,
        pass_at=0.75,
        points=3,
        hints=(
            t(
                "Triangulate: propose a need when the data shows it clearly, or when the notes mention it and the data does not contradict it.",
                "交叉验证:数据清楚显示的需求直接列入;纪要提及、且数据不矛盾的也列入。",
            ),
            t(
                "Case 2 lists the signals for all ten needs; notes alone have low precision (Q3), data alone low recall.",
                "案例二列出了十类需求的信号;只看纪要精确率低(第 3 题),只看数据召回率低。",
            ),
        ),
        solution_text=code("proposed = as_pairs(signals | (mentioned_flags & consistent))"),
    ),
    NumberQuestion(
        "q6",
        idle_without_product,
        capability="relationship",
        skill="judgement",
        hints=(
            t(
                "Idle liquidity: mean deposit_avg over the last 12 months above 3 × mean outflow.",
                "闲置资金:最近 12 个月日均存款均值超过月均支出的 3 倍。",
            ),
            t(
                "Of those, count the clients with no current structured_deposit in book.holdings.",
                "其中,在 book.holdings 中当前没有 structured_deposit 的客户有多少?",
            ),
        ),
        solution_text=code(
            "sum(c not in has_sd for c in per.index[per['deposit'] > 3 * per['outflow']])"
        ),
        abs_tol=0.5,
        rel_tol=0.0,
    ),
    ReflectionQuestion(
        "q7",
        lambda ctx: None,
        capability="needs",
        skill="judgement",
        points=0,
        hints=(t("Which need did you find least often, and why?", "哪类需求你找到得最少?为什么?"),),
    ),
)

__all__ = ["KEYWORDS", "QUESTIONS", "TITLE"]
