"""Exercise 5 · Client value and churn (客户价值与流失).

The method of case 5: how concentrated value is, who leaves, how well one early signal (the
satisfaction survey) predicts leaving, which losses hurt most, and a watch list judged by the
churn that followed.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from casekit import catalog as cat
from casekit.exercises.common import clients_valid, code, first_year, income, months, t
from casekit.questions import NumberQuestion, RankingQuestion, ReflectionQuestion
from casekit.table_questions import ScoredQuestion, TableQuestion

TITLE = t("Exercise 5 · Client value and churn", "练习五 · 客户价值与流失")
WATCH_LIST = 200  # clients an RM team can call on in a quarter


def top20_income_share(ctx: Any) -> float:
    """Share of first-year income earned from the top 20% of clients by that income."""
    value = income(first_year(ctx.book)).sort_values(ascending=False)
    return float(value.iloc[: int(len(value) * 0.2)].sum() / value.sum())


def churn_by_size(ctx: Any) -> pd.DataFrame:
    """Share of clients of each size class that left (fully or partly) during the book."""
    c = ctx.book.clients.merge(ctx.book.outcomes, on="client_id")
    rate = c["churn_status"].astype(str).ne("active").groupby(c["size_class"].astype(str)).mean()
    return pd.DataFrame({"size_class": rate.index, "churn_rate": rate.to_numpy()})


def left_later(book: Any) -> pd.Series:
    """Whether each client left after the first year (what a first-year signal could foresee)."""
    o = book.outcomes.set_index("client_id")
    return o["churn_status"].astype(str).ne("active") & o["churn_month"].gt(months(book)[11])


def auc(score: pd.Series, label: pd.Series) -> float:
    """Probability a random positive scores above a random negative (Mann-Whitney, ties ½)."""
    ranks = score.rank()
    pos = int(label.sum())
    neg = len(label) - pos
    return float((ranks[label].sum() - pos * (pos + 1) / 2) / (pos * neg))


def nps_auc(ctx: Any) -> float:
    """AUC of low NPS (the first year's last-but-one survey) for leaving later."""
    s = ctx.book.surveys
    nps = s[s["month"] == months(ctx.book)[10]].set_index("client_id")["nps"]
    later = left_later(ctx.book).reindex(nps.index).astype(bool)
    return auc(-nps.astype(float), later)


def top_lost(ctx: Any) -> list[str]:
    """The five lost clients with the most first-year income, most first."""
    value = income(first_year(ctx.book))
    o = ctx.book.outcomes
    lost = o.loc[o["churn_status"].astype(str) != "active", "client_id"]
    return (
        value.reindex(lost).dropna().sort_values(ascending=False, kind="stable").index[:5].tolist()
    )


def score_watch(answer: pd.DataFrame, ctx: Any, lang: str) -> tuple[float, str]:
    """Lift of a watch list: the churn rate among its clients over the rate among all clients."""
    later = left_later(ctx.book)
    listed = later.reindex(pd.Index(answer["client_id"].astype(str).unique())).fillna(False)
    base = float(later.mean())
    rate = float(listed.mean()) if len(listed) else 0.0
    lift = rate / base if base else 0.0
    if lang == "zh":
        detail = f"名单中 {len(listed)} 户,其中 {int(listed.sum())} 户后来流失({rate:.0%});全行为 {base:.0%}。"
    else:
        detail = f"{int(listed.sum())} of your {len(listed)} clients left later ({rate:.0%}); {base:.0%} of all clients did."
    return lift, detail


QUESTIONS = (
    NumberQuestion(
        "q1",
        top20_income_share,
        capability="maintenance",
        skill="data",
        hints=(
            t(
                "Income = interest_income + fee_income over the first 12 months, per client.",
                "收入 = 前 12 个月的 interest_income + fee_income,按客户加总。",
            ),
            t(
                "Sort descending; the top 20% are the first int(0.2 × number of clients) rows.",
                "降序排列;前 20% 即前 int(0.2 × 客户数) 行。",
            ),
        ),
        solution_text=code("value.iloc[: int(len(value) * 0.2)].sum() / value.sum()"),
        rel_tol=0.01,
        unit="0-1",
    ),
    TableQuestion(
        "q2",
        churn_by_size,
        capability="maintenance",
        skill="data",
        what="what_table",
        columns=("size_class", "churn_rate"),
        keys=("size_class",),
        abs_tol=0.005,
        rel_tol=0.0,
        valid=lambda ctx: {"size_class": set(cat.SIZE_CODES)},
        hints=(
            t(
                "Join book.clients with book.outcomes; a client left if churn_status is not 'active'.",
                "把 book.clients 与 book.outcomes 合并;churn_status 不是 'active' 即为流失。",
            ),
            t("The mean of that flag per size_class.", "按 size_class 求该标记的均值。"),
        ),
        solution_text=code("c['churn_status'].ne('active').groupby(c['size_class']).mean()"),
        points=2,
    ),
    NumberQuestion(
        "q3",
        nps_auc,
        capability="data_analysis",
        skill="method",
        hints=(
            t(
                "Take the NPS answers of the survey in month months[10]; the label is 'left after the first year'.",
                "取 months[10] 那一期调查的 NPS;标签为\u201c第一年之后流失\u201d。",
            ),
            t(
                "A low score should mean risk, so score = −nps; then auc(score, label).",
                "分数越低风险越高,所以 score = −nps;再计算 auc(score, label)。",
            ),
        ),
        solution_text=code("auc(-nps.astype(float), later.reindex(nps.index))"),
        rel_tol=0.01,
        unit="AUC",
    ),
    RankingQuestion(
        "q4",
        top_lost,
        capability="maintenance",
        skill="judgement",
        what="what_ranking",
        hints=(
            t(
                "Lost = churn_status not 'active' (full or partial).",
                "流失 = churn_status 不是 'active'(全部或部分流失)。",
            ),
            t(
                "Rank them by first-year income (Q1), most first; give five ids.",
                "按第一年收入(第 1 题)从高到低排序,给出五个编号。",
            ),
        ),
        solution_text=code(
            "value.reindex(lost).dropna().sort_values(ascending=False).index[:5].tolist()"
        ),
        points=2,
    ),
    ScoredQuestion(
        "q5",
        capability="data_analysis",
        skill="method",
        what="what_watchlist",
        columns=("client_id",),
        valid=clients_valid,
        scorer=score_watch,
        pass_at=1.4,
        score_format="{:.2f}×",
        max_rows=WATCH_LIST,
        points=3,
        hints=(
            t(
                "Use only what was known at the end of the first year. Q2 tells you who leaves most; Q3 how much NPS tells you.",
                "只用第一年末已知的信息。第 2 题告诉你谁流失得最多,第 3 题告诉你 NPS 能说明多少。",
            ),
            t(
                "Mixing many weak signals can blur the strong ones: try size class first, then low NPS within it.",
                "把许多弱信号混在一起,反而会冲淡强信号:先看规模,再在其中看低 NPS。",
            ),
        ),
        solution_text=code("""
small = book.clients.set_index('client_id')['size_class'].isin(['micro', 'small'])
risk = 10 * small - nps.reindex(small.index).fillna(nps.mean())
risk.nlargest(200).index.tolist()
"""),
    ),
    ReflectionQuestion(
        "q6",
        lambda ctx: None,
        capability="maintenance",
        skill="judgement",
        points=0,
        hints=(t("What would you do for the clients on your list?", "对名单上的客户,你会做什么?"),),
    ),
)

__all__ = ["QUESTIONS", "TITLE", "WATCH_LIST", "auc"]
