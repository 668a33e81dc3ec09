"""Scoring a first-visit plan for supply-chain prospects (产业链获客) against the hidden truth.

A plan is one row per prospect: the need to open with, the person to meet and the colleague to
bring. Each row's chance of winning the prospect follows casekit.chain (the rule the simulator
used for the bank's past calls); the plan is worth the value it is expected to win, against the
best any plan of as many visits could win and against the usual habit (a working-capital loan,
whoever answers the door, the RM alone, on the biggest counterparties).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from casekit import catalog as cat
from casekit.book import Book
from casekit.chain import conversion_chance
from casekit.evaluate.answers import AnswerError, as_table, check_codes, truth_of
from casekit.messages import say

PLAN_COLUMNS = ("prospect_id", "need", "role", "colleague")
VISITS = 30  # first visits a team can prepare and make in a quarter


@dataclass(frozen=True)
class PlanScore:
    """What a visit plan is expected to win, beside the best and the habitual plan."""

    visits: int
    expected_wins: float
    expected_value: float  # 万元 a year
    best_value: float  # the best plan of as many visits, knowing the truth
    habit_value: float  # the usual approach on the largest counterparties
    share_of_best: float
    rows: pd.DataFrame  # each visit's chance and expected value


def targets(book: Book) -> pd.Index:
    """The prospects still to win: every prospect no call has won yet."""
    calls = book.tables["prospect_contacts"]
    won = set(calls.loc[calls["result"].astype(str) == "won", "prospect_id"])
    ids = book.tables["prospects"]["prospect_id"]
    return pd.Index(ids[~ids.isin(won)])


def last_year_flow(book: Book) -> pd.Series:
    """Each prospect's payments with our clients over the book's last twelve months (万元)."""
    pay = book.tables["payments"]
    months = sorted(book.panel["month"].unique())[-12:]
    flow = pay[pay["month"].isin(months)].groupby("prospect_id")["amount"].sum()
    return flow.reindex(book.tables["prospects"]["prospect_id"], fill_value=0.0)


def _plan(answer: object, book: Book, lang: str, visits: int) -> pd.DataFrame:
    plan = as_table(answer, PLAN_COLUMNS, "what_visit_plan", lang)
    ids = plan["prospect_id"].astype(str).str.strip()
    known = book.tables["prospects"]["prospect_id"]
    bad = ~ids.isin(known)
    if bad.any():
        raise AnswerError(
            say(
                "unknown_prospect",
                lang,
                what=say("what_visit_plan", lang),
                prospect=ids[bad].iloc[0],
                example=", ".join(known.iloc[:2]),
            )
        )
    plan = plan.assign(prospect_id=ids)
    for col, allowed in (
        ("need", cat.PROSPECT_NEED_CODES),
        ("role", cat.ROLE_CODES),
        ("colleague", cat.COLLEAGUE_CODES),
    ):
        plan[col] = check_codes(plan[col], allowed, col, "what_visit_plan", lang)
    plan = plan.drop_duplicates("prospect_id")
    if len(plan) > visits:
        raise AnswerError(
            say("too_many_visits", lang, what=say("what_visit_plan", lang), got=len(plan), n=visits)
        )
    return plan


def _chances(plan: pd.DataFrame, truth: pd.DataFrame, open_ids: pd.Index) -> pd.DataFrame:
    t = truth.set_index("prospect_id").loc[plan["prospect_id"]]
    chance = conversion_chance(
        t["switch_propensity"].to_numpy(),
        t["need"].astype(str).to_numpy(),
        t["decider"].astype(str).to_numpy(),
        plan["need"].to_numpy(),
        plan["role"].to_numpy(),
        plan["colleague"].to_numpy(),
    )
    # A prospect already won is a client: visiting it wins nothing new.
    chance = np.where(plan["prospect_id"].isin(open_ids), chance, 0.0)
    return plan.assign(chance=chance, value=chance * t["value"].to_numpy())


def score_visit_plan(
    book: Book, answer: object, lang: str = "en", visits: int = VISITS
) -> PlanScore:
    """Expected wins and value of a visit plan, and its share of the best plan's value."""
    truth = truth_of(book, "prospect_truth", "what_visit_plan", lang)
    plan = _plan(answer, book, lang, visits)
    open_ids = targets(book)
    rows = _chances(plan, truth, open_ids)
    t = truth[truth["prospect_id"].isin(open_ids)]
    k = max(len(plan), 1)
    best = float(np.sort((t["switch_propensity"] * t["value"]).to_numpy())[::-1][:k].sum())
    habit_ids = last_year_flow(book).reindex(open_ids).sort_values(ascending=False).index[:k]
    habit = pd.DataFrame(
        {"prospect_id": habit_ids, "need": "seasonal_wc", "role": "cashier", "colleague": "none"}
    )
    habit_value = float(_chances(habit, truth, open_ids)["value"].sum())
    value = float(rows["value"].sum())
    return PlanScore(
        visits=len(plan),
        expected_wins=float(rows["chance"].sum()),
        expected_value=value,
        best_value=best,
        habit_value=habit_value,
        share_of_best=value / best if best > 0 else 0.0,
        rows=rows,
    )
