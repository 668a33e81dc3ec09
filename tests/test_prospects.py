"""Prospects along the supply chain (1+N): not clients, seen through payments and calls, their
truth hidden, and the one conversion rule the simulator and the evaluation share."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit import catalog as cat
from casekit.chain import conversion_chance
from casekit.note_keywords import needs_in
from casekit.simulate import prospects as sim


@pytest.fixture(scope="module")
def big() -> casekit.Book:
    """A bank large enough that rates of a few hundred calls are not noise."""
    return casekit.generate_book(clients=8000, seed=5)


def _joined(book: casekit.Book) -> pd.DataFrame:
    p = book.tables["prospects"].merge(book.truth["prospect_truth"], on="prospect_id")
    pay = book.tables["payments"]
    last = pay[pay["month"].isin(sorted(pay["month"].unique())[-12:])]
    flow = last.groupby("prospect_id")["amount"].sum()
    return p.assign(flow=p["prospect_id"].map(flow).fillna(0.0))


def test_prospects_are_not_clients_and_each_trades_with_one_anchor(book):
    p, pay = book.tables["prospects"], book.tables["payments"]
    assert len(p) > 200 and p["prospect_id"].is_unique
    assert not set(p["prospect_id"]) & set(book.clients["client_id"])
    anchors = pay.groupby("prospect_id")["client_id"].nunique()
    assert (anchors == 1).all()
    assert set(pay["prospect_id"]) <= set(p["prospect_id"])
    sizes = book.clients.set_index("client_id").loc[pay["client_id"].unique(), "size_class"]
    assert sizes.isin(["large", "medium"]).mean() > 0.8  # anchors are the larger clients


def test_payments_stop_when_the_anchor_leaves(book):
    pay = book.tables["payments"].merge(book.outcomes, on="client_id")
    gone = pay[pay["exit_month"].notna()]
    assert (gone["month"] <= gone["exit_month"]).all()


def test_truth_stays_hidden_and_the_calls_are_noisy(book):
    c = book.tables["prospect_contacts"].merge(book.truth["prospect_truth"], on="prospect_id")
    named = c.dropna(subset=["decider_named"])
    agree = (named["decider_named"].astype(str) == named["decider"].astype(str)).mean()
    assert 0.7 < agree < 0.97, agree  # people mostly name the decider, not always
    # A win is a prospect that would have converted; a loss says nothing for sure.
    won = c["result"] == "won"
    assert c.loc[won, "would_convert"].all()
    assert c.loc[~won, "would_convert"].any()
    j = _joined(book)
    for col in ("staff", "revenue_est", "flow"):
        rho = j[col].rank().corr(j["switch_propensity"].rank())
        assert abs(rho) < 0.8, (col, rho)


def test_the_chain_runs_from_attributes_to_outcomes(big):
    j = _joined(big)
    # Propensity rises with how much of its trade runs with the anchor (seen in the payments).
    dependence = j["flow"] / j["revenue_est"]
    assert dependence.rank().corr(j["switch_propensity"].rank()) > 0.3
    pay = big.tables["payments"].drop_duplicates("prospect_id").set_index("prospect_id")
    supplier = j["prospect_id"].map(pay["direction"].astype(str)).eq("out")
    sc = j["need"].astype(str).eq("supply_chain")
    assert sc[supplier].mean() > sc[~supplier].mean() + 0.15
    small = j["size_class"].isin(["small", "micro"])
    owner = j["decider"].astype(str).eq("owner")
    assert owner[small].mean() > 0.75 and owner[~small].mean() < 0.45
    c = big.tables["prospect_contacts"].merge(big.truth["prospect_truth"], on="prospect_id")
    won = c["result"].eq("won")
    met_decider = c["met_role"].astype(str) == c["decider"].astype(str)
    right_need = c["offered"].astype(str) == c["need"].astype(str)
    assert won[met_decider].mean() > 1.5 * won[~met_decider].mean()
    assert won[right_need].mean() > 1.5 * won[~right_need].mean()
    assert 0.05 < won.mean() < 0.25


@pytest.mark.parametrize("need", cat.PROSPECT_NEED_CODES)
def test_need_notes_point_to_their_need_in_both_languages(need):
    for zh, en in sim.NEED_NOTES[need]:
        assert needs_in(zh.format(r="财务经理")) == {need} == needs_in(en.format(r="CFO"))


def test_other_notes_point_to_no_need():
    others = [*sim.OPEN_NOTES, *sim.CLOSED_NOTES, *sim.NOISE_NOTES, sim.SELF_DECIDER_NOTE]
    others += [sim.DECIDER_NOTE, sim.WITH_COLLEAGUE]
    for zh, en in others:
        for role in sim._ROLE_EN:
            z = zh.replace("{d}", sim._ROLE_ZH[role]).format(r=sim._ROLE_ZH[role])
            e = en.replace("{d}", sim._ROLE_EN[role]).format(r=sim._ROLE_EN[role])
            assert needs_in(z) == set() == needs_in(e), (z, e)


def test_every_scenario_and_the_smallest_bank_have_a_chain():
    from casekit.scenarios import SCENARIOS

    for s in SCENARIOS:
        b = casekit.generate_book(clients=50, seed=11, scenario=s)
        assert len(b.tables["prospects"]) >= 3
        assert b.tables["payments"]["client_id"].nunique() >= 3


def test_conversion_rule_rewards_each_part_of_the_approach():
    prop = np.full(5, 0.6)
    need = np.array(["supply_chain"] * 5, dtype=object)
    decider = np.array(["owner"] * 5, dtype=object)
    offered = np.array(
        ["supply_chain", "seasonal_wc", "supply_chain", "supply_chain", "supply_chain"]
    )
    met = np.array(["owner", "owner", "cashier", "cfo", "owner"])
    colleague = np.array(
        ["trade_finance", "trade_finance", "trade_finance", "trade_finance", "credit"]
    )
    got = conversion_chance(prop, need, decider, offered, met, colleague)
    assert got[0] == pytest.approx(0.6)  # everything right: the propensity itself
    assert all(got[1:] < got[0])
    assert got[2] < got[3]  # the cashier cannot carry it; a senior who is not the decider may


def test_payments_are_part_of_the_anchors_own_flows(book):
    pay = book.tables["payments"]
    panel = book.panel.set_index(["client_id", "month"])
    for direction, column in (("out", "outflow"), ("in", "inflow")):
        sums = pay[pay["direction"] == direction].groupby(["client_id", "month"], observed=True)
        total = sums["amount"].sum()
        assert (total <= 0.85 * panel[column].reindex(total.index) + 0.1).all(), direction
