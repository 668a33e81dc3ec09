"""Team efforts (1+N): chosen before the panel, seen through visits, products and flows, their
truth hidden, and the market every client rides on told apart by a matched comparison."""

from __future__ import annotations

import numpy as np
import pytest

import casekit
from casekit.evaluate import teams as ev
from casekit.note_keywords import needs_in
from casekit.scenarios import SCENARIOS
from casekit.simulate import teams as sim


@pytest.fixture(scope="module")
def big() -> casekit.Book:
    """A bank with enough teams that their typical uplift is not noise."""
    return casekit.generate_book(clients=8000, seed=5)


def test_each_team_starts_with_a_kickoff_and_goes_forward_in_time(book):
    acts = book.tables["team_activities"]
    truth = book.truth["team_truth"]
    assert len(truth) >= 5 and set(acts["client_id"]) == set(truth["client_id"])
    for _, a in acts.groupby("client_id"):
        assert a["date"].is_monotonic_increasing
        assert a["step"].astype(str).iloc[0] == "kickoff"
        assert (a["step"].astype(str) == "kickoff").sum() == 1
    kick = ev.kickoffs(book)
    assert (kick == truth.set_index("client_id")["team_start"].reindex(kick.index)).all()


def out_of_order(acts) -> list[str]:
    """Team relationships whose visits, read by date, are not causal: the kickoff first, each
    need's decision on a later day than its proposal and before the next proposal."""
    bad = []
    for c, a in acts.groupby("client_id"):
        a = a.sort_values("date", kind="stable")
        steps, dates = a["step"].astype(str).tolist(), a["date"].tolist()
        needs = [next(iter(needs_in(n)), None) for n in a["note_en"]]
        ok = steps[0] == "kickoff" and len(set(dates)) == len(dates)
        for i, step in enumerate(steps[1:], 1):
            if step in ("agreed", "declined"):
                # The visit just before a decision is that need's proposal.
                ok &= steps[i - 1] == "proposal" and needs[i - 1] == needs[i]
            elif step == "proposal":
                ok &= steps[i - 1] in ("kickoff", "agreed", "declined")
        if not ok:
            bad.append(c)
    return bad


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
@pytest.mark.parametrize("seed", [42, 7, 11])
def test_a_decision_follows_its_proposal_by_date(scenario, seed):
    book = casekit.generate_book(clients=2000, seed=seed, scenario=scenario)
    acts = book.tables["team_activities"]
    assert acts["client_id"].nunique() >= 5 and out_of_order(acts) == []


def test_the_order_check_catches_a_decision_dated_before_its_proposal(book):
    acts = book.tables["team_activities"].copy()
    c = acts.loc[acts["step"].astype(str) == "agreed", "client_id"].iloc[0]
    rows = acts.index[acts["client_id"] == c]
    agreed = next(r for r in rows if str(acts.at[r, "step"]) == "agreed")
    # Dated the day before its own proposal: the kind of timeline the review found.
    proposal = rows[list(rows).index(agreed) - 1]
    acts.at[agreed, "date"] = acts.at[proposal, "date"] - np.timedelta64(1, "D")
    assert out_of_order(acts) == [c]
    assert out_of_order(book.tables["team_activities"]) == []
    # Two visits' dates swapped (a proposal and its decision): flagged too.
    acts = book.tables["team_activities"].copy()
    acts.loc[[proposal, agreed], "date"] = acts.loc[[agreed, proposal], "date"].to_numpy()
    assert out_of_order(acts) == [c]


def wrong_kickoff(acts) -> list[str]:
    """Team relationships whose first visit brought the wrong colleague: the credit officer when
    a credit need is proposed, else the colleague for the first need; one name per colleague."""
    bad = []
    for c, a in acts.groupby("client_id"):
        a = a.sort_values("date", kind="stable")
        props = a[a["step"].astype(str) == "proposal"]
        needs = [next(iter(needs_in(n)), None) for n in props["note_en"]]
        if any(k in sim.CREDIT_NEEDS for k in needs) or props.empty:
            want = "credit"
        else:
            want = str(props["colleague"].iloc[0])
        names = a.groupby(a["colleague"].astype(str))["colleague_name_en"].nunique()
        if str(a["colleague"].iloc[0]) != want or (names != 1).any():
            bad.append(c)
    return bad


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_the_credit_officer_comes_first_only_when_a_credit_line_is_in_the_plan(scenario):
    book = casekit.generate_book(clients=2000, seed=7, scenario=scenario)
    acts, truth = book.tables["team_activities"], book.truth["team_truth"]
    assert wrong_kickoff(acts) == []
    first = acts.sort_values("date").groupby("client_id")["colleague"].first().astype(str)
    # Both kinds of first visit occur, so the check above looked at each.
    assert (first == "credit").any() and (first != "credit").any()
    # Truth names the colleagues who came, as the visits show them.
    seen = acts.groupby("client_id")["colleague"].agg(lambda r: ";".join(sorted(set(map(str, r)))))
    assert (truth.set_index("client_id")["colleagues"] == seen.reindex(truth["client_id"])).all()


def test_the_kickoff_check_catches_a_credit_officer_with_nothing_to_lend(big):
    acts = big.tables["team_activities"].copy()
    first = acts.sort_values("date").groupby("client_id").head(1)
    other = first[first["colleague"].astype(str) != "credit"]
    assert len(other) >= 1, "the big bank has a team whose plan holds no credit line"
    r = other.index[0]
    acts.at[r, "colleague"] = "credit"
    assert wrong_kickoff(acts) == [acts.at[r, "client_id"]]
    assert sim.kickoff_colleague(["idle_liquidity", "seasonal_wc"]) == "credit"
    assert sim.kickoff_colleague(["idle_liquidity", "supply_chain"]) == "treasury"


def test_truth_columns_never_show_in_the_observable_tables(book):
    acts = book.tables["team_activities"]
    for col in ("flow_uplift", "market_change", "own_change", "needs_met", "wallet_after"):
        assert col not in acts.columns
    assert "team" not in book.clients.columns


def test_agreed_products_open_in_holdings_from_the_month_agreed(book):
    acts = book.tables["team_activities"]
    agreed = acts[acts["step"].astype(str) == "agreed"]
    assert len(agreed)
    h = book.holdings.set_index(["client_id", "product"])
    opened = 0
    for r in agreed.itertuples():
        start = h.loc[(r.client_id, r.product), "start_month"]
        opened += start == r.date.strftime("%Y-%m")
    assert opened >= 0.5 * len(agreed)  # the rest already held the product before the team


def test_notes_name_the_colleague_and_point_to_the_need_in_both_languages(book):
    acts = book.tables["team_activities"]
    for r in acts.itertuples():
        assert r.colleague_name_zh in r.note_zh and r.colleague_name_en in r.note_en
        zh, en = needs_in(r.note_zh), needs_in(r.note_en)
        assert zh == en, (r.note_zh, r.note_en)
        if str(r.step) == "kickoff":
            assert zh == set()
        else:
            assert len(zh) == 1
        if str(r.step) == "agreed":
            assert sim.TEAM_PRODUCT[zh.pop()] == r.product


def test_the_team_really_enters_the_flows(big):
    m = ev.matched_comparison(big).set_index("client_id")
    t = big.truth["team_truth"].set_index("client_id").reindex(m.index)
    # Without the team's own lift nothing would separate the teams from their peers.
    assert m["uplift"].median() > 0.1
    rho = m["uplift"].rank().corr(t["flow_uplift"].rank())
    assert rho > 0.3, rho


def test_the_market_is_what_separates_before_after_from_the_matched_comparison(big):
    naive = ev.matched_comparison(big, "none").set_index("client_id")
    matched = ev.matched_comparison(big).set_index("client_id")
    t = big.truth["team_truth"].set_index("client_id").reindex(naive.index)
    ratio = (1 + naive["uplift"]) / (1 + matched["uplift"])
    assert np.corrcoef(ratio, 1 + t["market_change"])[0, 1] > 0.5
    # The matched estimate lands nearer what the team and the firm's own growth did.
    target = ((1 + t["flow_uplift"]) * (1 + t["own_change"]) - 1).median()
    err_matched = abs(matched["uplift"].median() - target)
    err_naive = abs(naive["uplift"].median() - target)
    assert err_matched < max(err_naive, 0.08), (err_matched, err_naive)


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_every_scenario_and_the_smallest_bank_have_a_team(scenario):
    b = casekit.generate_book(clients=50, seed=11, scenario=scenario)
    assert len(b.truth["team_truth"]) >= 1
    assert len(ev.team_windows(b)) == len(b.truth["team_truth"])


def test_a_short_book_has_no_team_but_valid_tables():
    b = casekit.generate_book(clients=200, months=12, seed=3)
    assert b.tables["team_activities"].empty and b.truth["team_truth"].empty
    assert ev.matched_comparison(b).empty


def test_the_matched_comparison_is_the_reading_to_trust_on_most_banks():
    """Case 9's lesson holds in the data: judged relationship by relationship against the truth,
    matched peers come closest on most banks (18 here: 3 scenarios x 6 seeds; 17 measured,
    8 before industries drifted apart and peers were matched on industry first), and the team's
    own before/after, which credits it with the market, never beats them."""
    from benchmarks.bench_team_methods import table

    t = table()
    assert len(t) == 18 and (t["teams"] >= 5).all()
    assert (t["closest"] == "matched").sum() >= 15, t.to_string()
    assert (t["err_matched"] < t["err_none"]).all(), t.to_string()
    # Banks send teams to booming industries: the market a before/after credits to the team.
    assert (t["team_lean"] > 0).all() and t["team_lean"].mean() > 0.08, t.to_string()
    # The readings differ: a test that all three were the same number would pass the above.
    # (Rounded to 0.001, matched and all may tie on a bank where few peers differ from the rest.)
    assert (t["err_matched"] != t["err_all"]).sum() >= 15 and (
        t["err_matched"] != t["err_none"]
    ).all()


def test_method_errors_rank_the_readings_by_their_distance_from_the_truth(book):
    e = ev.method_errors(book)
    assert list(e["median_abs_error"]) == sorted(e["median_abs_error"])
    assert set(e["method"]) == {"matched", "all", "none"} and (e["teams"] > 0).all()
    assert e["method"].iloc[0] == "matched" and e["method"].iloc[-1] != "matched"
    # Known-wrong truth: were the true uplift the team's own before/after, that reading would be
    # exact and come first, so the errors are measured against the truth, not fixed in order.
    import copy

    fake = copy.copy(book)
    fake.truth = dict(book.truth)
    own = ev.matched_comparison(book, "none").set_index("client_id")["uplift"]
    tt = book.truth["team_truth"].copy()
    tt["flow_uplift"] = tt["client_id"].map(own)
    fake.truth["team_truth"] = tt
    e2 = ev.method_errors(fake).set_index("method")
    assert e2.index[0] == "none" and e2.loc["none", "median_abs_error"] == 0.0
    assert e2.loc["matched", "median_abs_error"] > 0.01


def test_inclusion_keeps_the_expected_number_of_teams_when_the_lean_is_strong():
    w = np.array([100.0, 50.0, 1.0, 1.0, 1.0, 1.0, 0.0])
    pi = sim._inclusion(w, 3.0)
    assert pi.max() <= 1.0 and pi[-1] == 0.0 and np.isclose(pi.sum(), 3.0)
    assert pi[0] == pi[1] == 1.0 and np.allclose(pi[2:6], 0.25)
    # The plain proportional cap loses the mass above certainty: fewer teams than planned.
    assert np.minimum(w * 3.0 / w.sum(), 1.0).sum() < 2.5
    assert np.isclose(sim._inclusion(np.ones(4), 2.0), 0.5).all()
