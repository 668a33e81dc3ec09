"""Case 7's sentences are true on every bank: each claim has exactly one true wording for every
scenario, several seeds and the smallest bank, and its figures are the data's."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import casekit
from casekit import case_chain as cc
from casekit.evaluate.prospects import PLAN_COLUMNS, last_year_flow, score_visit_plan, targets
from casekit.narrative import tell
from casekit.scenarios import SCENARIOS

BANKS = [(s, seed, 2000) for s in SCENARIOS for seed in (42, 7, 3)] + [
    (s, 11, 50) for s in SCENARIOS
]


@pytest.fixture(scope="module", params=BANKS, ids=[f"{s}-{k}-{n}" for s, k, n in BANKS])
def bank(request) -> casekit.Book:
    scenario, seed, clients = request.param
    return casekit.generate_book(clients=clients, seed=seed, scenario=scenario)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_claim_of_case_7_has_one_true_wording(bank, lang):
    calls = cc.call_figures(bank)
    text = tell((cc.DEPENDENCE, cc.DECIDERS, cc.APPROACH), calls, lang)
    premise = tell((cc.CHAIN_PREMISE,), cc.premise_figures(bank), lang)
    plan = cc.draft_plan(bank, lang=lang)
    score = score_visit_plan(bank, plan[list(PLAN_COLUMNS)], lang)
    verdict = tell((cc.PLAN_RESULT,), cc.plan_figures(score), lang)
    for t in (text, premise, verdict):
        assert "{" not in t and not re.search(r"\bnan\b", t, re.I), t


def test_the_premise_counts_what_the_payments_show(bank):
    f = cc.premise_figures(bank)
    pay = bank.tables["payments"]
    assert f["prospects"] == len(bank.tables["prospects"])
    assert f["anchors"] == pay["client_id"].nunique()
    months = sorted(bank.panel["month"].unique())[-12:]
    assert f["flow_total"] == pytest.approx(pay.loc[pay["month"].isin(months), "amount"].sum())
    won = bank.tables["prospect_contacts"]["result"].eq("won").sum()
    assert f["won_before"] == won and f["open_prospects"] == f["prospects"] - won


def test_the_call_figures_are_the_calls_own_rates(bank):
    f = cc.call_figures(bank)
    calls = bank.tables["prospect_contacts"]
    assert f["calls"] == len(calls)
    assert f["win_rate"] == pytest.approx(calls["result"].eq("won").mean(), nan_ok=True)
    named = calls.dropna(subset=["decider_named"])
    met_named = named["met_role"].astype(str) == named["decider_named"].astype(str)
    if met_named.any():
        assert f["win_met_named"] == pytest.approx(named.loc[met_named, "result"].eq("won").mean())


def test_the_plan_visits_only_prospects_still_to_win_and_beats_the_habit(bank):
    plan = cc.draft_plan(bank)
    assert set(plan["prospect_id"]) <= set(targets(bank))
    assert len(plan) == min(30, len(targets(bank)))
    score = score_visit_plan(bank, plan[list(PLAN_COLUMNS)])
    assert score.expected_value >= score.habit_value
    if len(bank.clients) >= 2000:
        assert score.expected_value > 2 * score.habit_value
        assert score.share_of_best > 0.15


def test_a_wrong_plan_scores_below_a_right_one(book):
    plan = cc.draft_plan(book)[list(PLAN_COLUMNS)]
    right = score_visit_plan(book, plan).expected_value
    wrong = plan.assign(role="cashier", colleague="none")
    assert score_visit_plan(book, wrong).expected_value < 0.5 * right
    won = set(book.tables["prospect_contacts"].query("result == 'won'")["prospect_id"])
    clients_already = plan.assign(prospect_id=sorted(won)[: len(plan)])
    assert score_visit_plan(book, clients_already).expected_value == 0


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        ([["X9999999", "payroll", "cfo", "none"]], "prospect id 'X9999999'"),
        ([["X0000001", "gold", "cfo", "none"]], "need 'gold'"),
        ([["X0000001", "payroll", "boss", "none"]], "role 'boss'"),
        ([["X0000001", "payroll", "cfo"]], "should be a table"),
    ],
)
def test_bad_plans_get_a_clear_message(book, answer, fragment):
    from casekit.evaluate.answers import AnswerError

    with pytest.raises(AnswerError, match=fragment):
        score_visit_plan(book, answer)


def test_too_many_visits_are_refused_in_chinese(book):
    from casekit.evaluate.answers import AnswerError

    ids = last_year_flow(book).index[:31]
    plan = [[p, "payroll", "cfo", "none"] for p in ids]
    with pytest.raises(AnswerError, match="最多只能拜访 30 户"):
        score_visit_plan(book, plan, "zh")


def test_chinese_and_english_notes_give_the_same_plan(bank):
    en, zh = cc.draft_plan(bank, lang="en"), cc.draft_plan(bank, lang="zh")
    pd.testing.assert_frame_equal(en, zh)
    assert cc.heard_needs(bank, "en").equals(cc.heard_needs(bank, "zh"))
