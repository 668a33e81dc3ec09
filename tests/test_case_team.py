"""Case 9's sentences are true on every bank and the same in both languages, its figures are the
data's, and the readings of a team's part differ where the market says they must."""

from __future__ import annotations

import re

import numpy as np
import pytest

import casekit
from casekit import case_claims_9 as cc
from casekit import case_team
from casekit.evaluate import teams as ev
from casekit.narrative import tell
from casekit.scenarios import SCENARIOS
from casekit.zhtext import halfwidth_marks

BANKS = [(s, seed, 2000) for s in SCENARIOS for seed in (42, 7, 3)] + [
    (s, 11, 50) for s in SCENARIOS
]


@pytest.fixture(scope="module", params=BANKS, ids=[f"{s}-{k}-{n}" for s, k, n in BANKS])
def bank(request) -> casekit.Book:
    scenario, seed, clients = request.param
    return casekit.generate_book(clients=clients, seed=seed, scenario=scenario)


def _all(book: casekit.Book, lang: str) -> tuple[dict, dict, dict]:
    success = case_team.pick_success(book, "C00042")
    return (
        cc.success_figures(book, success, lang),
        cc.methods_figures(book),
        cc.lost_figures(book, success, lang),
    )


def test_every_sentence_has_one_true_wording_in_both_languages(bank):
    for lang in ("en", "zh"):
        f, g, lost = _all(bank, lang)
        text = tell(cc.CLAIMS, f, lang) + cc.METHODS.render(g, lang) + tell(cc.CONTRAST, lost, lang)
        assert "{" not in text and not re.search(r"\bnan\b", text, re.I)


def test_both_languages_state_the_same_figures(bank):
    (fe, ge, le), (fz, gz, lz) = _all(bank, "en"), _all(bank, "zh")
    for key in ("client", "kickoff", "n_met", "n_declined", "own", "peers", "uplift", "gain_pts"):
        assert fe[key] == fz[key], key
    assert ge == gz
    assert le["lost"] == lz["lost"]


def test_the_figures_are_the_datas(bank):
    f, g, _ = _all(bank, "en")
    acts = bank.tables["team_activities"]
    mine = acts[acts["client_id"] == f["client"]].sort_values("date")
    assert str(mine["step"].iloc[0]) == "kickoff"
    assert f["kickoff"] == mine["date"].iloc[0].strftime("%Y-%m")
    assert f["n_met"] == (mine["step"].astype(str) == "agreed").sum()
    assert f["n_declined"] == (mine["step"].astype(str) == "declined").sum()
    # The team's part is the client's change net of its peers', by the ratio.
    assert f["uplift"] == pytest.approx((1 + f["own"]) / (1 + f["peers"]) - 1)
    assert g["teams"] == len(bank.truth["team_truth"])
    assert g["truth"] == pytest.approx(bank.truth["team_truth"]["flow_uplift"].median())


def test_the_success_is_the_biggest_win_unless_a_team_client_is_asked_for(book):
    s = case_team.team_summary(book)
    assert case_team.pick_success(book, "C00042") in (s["client_id"].iloc[0], "C00042")
    other = s["client_id"].iloc[-1]
    assert case_team.pick_success(book, other) == other
    assert (s["gain"].diff().dropna() <= 0).all()


def test_a_market_rise_separates_before_after_from_the_matched_reading(book):
    m = {h: ev.matched_comparison(book, h).set_index("client_id") for h in ("none", "matched")}
    t = book.truth["team_truth"].set_index("client_id").reindex(m["none"].index)
    # Where the market rose, before/after credits the team with the rise (on a bigger bank the
    # gap follows the market closely: tests/test_teams.py).
    rose = t["market_change"] > 0.03
    gap = m["none"]["uplift"] - m["matched"]["uplift"]
    assert rose.any() and gap[rose].median() > 0


def test_wrong_peers_give_another_answer(book):
    matched = ev.matched_comparison(book, "matched")
    every = ev.matched_comparison(book, "all")
    assert not np.allclose(matched["peers_change"], every["peers_change"])
    assert (matched["peers"] < every["peers"]).any()


def test_lost_relationship_left_and_the_success_did_not(bank):
    success = case_team.pick_success(bank, "")
    lost = case_team.pick_lost(bank, success)
    if lost is None:
        assert (bank.outcomes["churn_status"].astype(str) == "active").all()
        return
    status = bank.outcomes.set_index("client_id")["churn_status"].astype(str)
    assert status[lost] != "active" and status[success] == "active"


def test_chinese_wordings_use_full_width_punctuation():
    for claim in (*cc.CLAIMS, cc.METHODS, *cc.CONTRAST):
        for variant in claim.variants:
            assert not halfwidth_marks(variant.zh), (claim.key, variant.zh)


def test_lessons_follow_the_books_five_heads(book):
    f, _, _ = _all(book, "zh")
    table = cc.lessons(f, "zh")
    assert [h[:2] for h in table.iloc[:, 0]] == ["一、", "二、", "三、", "四、", "五、"]
    assert f["kickoff_colleague"] in table.iloc[3, 1]
