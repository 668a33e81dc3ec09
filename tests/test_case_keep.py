"""Case 8's sentences are true on every bank, its figures are the data's, and the call-back
scoring rewards the right list and refuses a malformed one."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import casekit
from casekit import case_chain, case_keep
from casekit.evaluate.answers import AnswerError
from casekit.evaluate.keeping import score_callbacks, value_at_risk
from casekit.narrative import tell
from casekit.scenarios import SCENARIOS
from casekit.zhtext import halfwidth_marks

BANKS = [(s, seed, 2000) for s in SCENARIOS for seed in (42, 7, 3)] + [
    (s, 11, 50) for s in SCENARIOS
]
CLAIMS = (
    case_keep.COMPLAINT_RULE,
    case_keep.COMPLAINT_LOYALTY,
    case_keep.BROKE_RULE,
    case_keep.FOLLOW_UP,
    case_keep.CALLBACK,
    case_keep.SERVICES,
    case_keep.AGREEMENT,
    case_keep.UPGRADE,
)


@pytest.fixture(scope="module", params=BANKS, ids=[f"{s}-{k}-{n}" for s, k, n in BANKS])
def bank(request) -> casekit.Book:
    scenario, seed, clients = request.param
    return casekit.generate_book(clients=clients, seed=seed, scenario=scenario)


def _figures(book: casekit.Book, lang: str) -> dict:
    from casekit.evaluate import score_needs
    from casekit.evaluate.keeping import first_year_income

    calls = min(150, len(book.clients) // 10)
    signals = score_callbacks(book, list(case_keep.callback_list(book, calls)))
    largest = score_callbacks(book, list(first_year_income(book).nlargest(calls).index))
    tier = book.clients.set_index("client_id")["tier"].astype(str)
    top = tier.index[tier.isin(["strategic", "key"])]
    heard = case_keep.heard_needs(book, top, lang)
    precision = score_needs(heard, book, clients=top).precision if len(heard) else float("nan")
    party = first_year_income(book)[top].idxmax()
    return {
        **case_keep.complaint_figures(book),
        **case_keep.followup_figures(book),
        "calls": calls,
        "signals_share": signals.share_of_best,
        "signals_lift": signals.lift,
        "income_share": largest.share_of_best,
        "heard": len(heard),
        "precision": precision,
        **case_keep.agreement_figures(book, party),
        **case_keep.upgrade_figures(book),
    }


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_claim_of_case_8_has_one_true_wording(bank, lang):
    text = tell(CLAIMS, _figures(bank, lang), lang)
    assert "{" not in text and not re.search(r"\bnan\b", text, re.I), text


def test_the_complaint_figures_follow_the_rule(bank):
    f = case_keep.complaint_figures(bank)
    c = bank.complaints
    days = (c["resolved_on"] - c["opened_on"]).dt.days
    kept = (days <= 15) | (c["extended"] & (days <= 30))
    assert f["complaints"] == len(c) and f["outside"] == int((~kept).sum())
    groups = case_keep.handling_groups(bank)
    assert set(groups[groups == "broke_rule"].index) == set(c.loc[~kept, "client_id"])
    assert (groups == "none").sum() == len(bank.clients) - c["client_id"].nunique()


def test_an_aimed_list_beats_a_random_one_and_the_best_scores_one(book):
    risk = value_at_risk(book)
    best = score_callbacks(book, list(risk.nlargest(150).index))
    assert best.share_of_best == pytest.approx(1.0)
    aimed = score_callbacks(book, list(case_keep.callback_list(book, 150)))
    arbitrary = score_callbacks(book, list(book.clients["client_id"].iloc[:150]))
    assert aimed.share_of_best > 0.6 > arbitrary.share_of_best
    assert aimed.lift > 3 and arbitrary.lift < 2


def test_a_malformed_call_back_list_is_refused(book):
    with pytest.raises(AnswerError, match="at most 150 call-backs"):
        score_callbacks(book, list(book.clients["client_id"].iloc[:151]))
    with pytest.raises(AnswerError, match="C99999"):
        score_callbacks(book, ["C99999"])
    with pytest.raises(AnswerError, match="最多只能回访 150 户"):
        score_callbacks(book, list(book.clients["client_id"].iloc[:151]), "zh")


def test_the_contribution_ranks_tiers_as_the_bank_does(book):
    value = case_keep.contribution(book)
    tier = book.clients.set_index("client_id")["tier"].astype(str)
    medians = value.groupby(tier).median()
    assert medians["strategic"] > medians["key"] > medians["general"]
    income = case_keep.first_year_income(book)
    # Lending costs risk and capital: a big borrower's contribution is below its income.
    assert (value <= income + 1e-9).all()


def test_the_agreement_asks_for_a_step_the_client_can_take(book):
    for party in book.clients.loc[book.clients["tier"] == "key", "client_id"].head(20):
        f = case_keep.agreement_figures(book, party)
        assert f["share_now"] < f["share_target"] <= min(f["share_now"] + 0.15, 0.8) + 1e-9 or (
            f["share_now"] >= 0.75
        )


@pytest.mark.parametrize("module", [case_keep, case_chain])
def test_claims_in_chinese_use_full_width_punctuation(module):
    claims = [v for v in vars(module).values() if hasattr(v, "variants")]
    assert claims
    for claim in claims:
        for variant in claim.variants:
            assert not halfwidth_marks(variant.zh), (claim.key, variant.zh)


def test_value_added_services_answer_every_need():
    from casekit import catalog as cat

    assert set(case_keep.VALUE_ADDED) == set(cat.NEED_CODES)
    for zh, en in case_keep.VALUE_ADDED.values():
        assert zh and en and not halfwidth_marks(zh)


def test_the_upgrade_table_lists_general_clients_below_the_bar(book):
    t = case_keep.upgrade_table(book)
    tier = book.clients.set_index("client_id")["tier"].astype(str)
    assert (tier[t.index] == "general").all()
    assert (
        (t["contribution"] < t.attrs["bar"]) & (t["contribution"] >= 0.5 * t.attrs["bar"])
    ).all()
    assert isinstance(t, pd.DataFrame)


def test_chinese_and_english_notes_point_to_the_same_needs(bank):
    tier = bank.clients.set_index("client_id")["tier"].astype(str)
    top = tier.index[tier.isin(["strategic", "key"])]
    en, zh = case_keep.heard_needs(bank, top, "en"), case_keep.heard_needs(bank, top, "zh")
    pd.testing.assert_frame_equal(en, zh)
