"""Scoring a 回访 (call-back) programme against the hidden truth (维护与提升, seed book 4.4).

A programme is a list of clients to call back this quarter. It is worth the value at risk it
reaches: each client's true annual churn hazard times what the client earned the bank in the
book's first year, summed over the list, beside the best list of as many clients and beside
the average client (a list drawn at random).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from casekit.book import Book
from casekit.evaluate.answers import AnswerError, as_table, check_clients, truth_of
from casekit.messages import say

CALLS = 150  # call-backs an RM team can make well in a quarter


@dataclass(frozen=True)
class CallbackScore:
    """Value at risk a call-back list reaches, beside the best list and a random one."""

    calls: int
    reached: float  # 万元 a year of income at risk on the list
    best: float  # the best list of as many clients, knowing the truth
    random: float  # what a list of as many clients drawn at random reaches on average
    share_of_best: float
    lift: float  # reached over random

    def summary(self, lang: str = "en") -> str:
        """One line a trainee can read."""
        if lang == "zh":
            return (
                f"名单覆盖的风险价值为 {self.reached:,.1f} 万元/年，是随机名单的 {self.lift:.1f} 倍，"
                f"达到最优名单的 {self.share_of_best:.0%}"
            )
        return (
            f"the list reaches {self.reached:,.1f} 万元 a year of income at risk, {self.lift:.1f}× a "
            f"random list and {self.share_of_best:.0%} of the best"
        )


def first_year_income(book: Book) -> pd.Series:
    """Interest plus fee income each client earned the bank in the book's first twelve months."""
    months = sorted(book.panel["month"].unique())[:12]
    p = book.panel[book.panel["month"].isin(months)]
    income = p.groupby("client_id")[["interest_income", "fee_income"]].sum().sum(axis=1)
    return income.reindex(book.clients["client_id"], fill_value=0.0)


def value_at_risk(book: Book, lang: str = "en") -> pd.Series:
    """Each client's true annual churn hazard times its first-year income (万元 a year)."""
    truth = truth_of(book, "client_truth", "what_callback_list", lang).set_index("client_id")
    income = first_year_income(book).clip(lower=0)
    return truth["churn_hazard_annual"].reindex(income.index) * income


def score_callbacks(
    book: Book, answer: object, lang: str = "en", calls: int = CALLS
) -> CallbackScore:
    """The value at risk a call-back list reaches, as a share of the best list's."""
    risk = value_at_risk(book, lang)
    if isinstance(answer, list | tuple | pd.Index | pd.Series) and all(
        isinstance(x, str) for x in answer
    ):
        answer = pd.DataFrame({"client_id": list(answer)})  # a plain list of ids
    df = as_table(answer, ["client_id"], "what_callback_list", lang)
    ids = check_clients(df["client_id"], book, "what_callback_list", lang).drop_duplicates()
    if len(ids) > calls:
        raise AnswerError(
            say("too_many_calls", lang, what=say("what_callback_list", lang), got=len(ids), n=calls)
        )
    k = max(len(ids), 1)
    reached = float(risk.reindex(ids).sum())
    best = float(risk.sort_values(ascending=False).iloc[:k].sum())
    random = float(risk.mean() * len(ids))
    return CallbackScore(
        calls=len(ids),
        reached=reached,
        best=best,
        random=random,
        share_of_best=reached / best if best > 0 else 0.0,
        lift=reached / random if random > 0 else 0.0,
    )
