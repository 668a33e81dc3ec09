"""Evaluation functions: perfect answers score best, empty ones worst, more right answers never
score lower, row order never matters, and bad input gets a message in the trainee's language."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import casekit
from casekit import catalog as cat
from casekit.book import Book
from casekit.evaluate import (
    AnswerError,
    did_estimate,
    evaluate_plan,
    evaluate_warnings,
    four_lens,
    score_effect,
    score_needs,
    score_priority,
    true_priority,
)

SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
CLIENTS = [f"C{i:05d}" for i in range(1, 81)]


@pytest.fixture(scope="module")
def truth_pairs(book) -> pd.DataFrame:
    t = book.truth["needs"]
    t = t[t["client_id"].isin(CLIENTS)]
    return pd.DataFrame(
        {"client_id": t["client_id"].astype(str), "need": t["need"].astype(str)}
    ).reset_index(drop=True)


@pytest.fixture(scope="module")
def wrong_pairs(book, truth_pairs) -> pd.DataFrame:
    every = pd.MultiIndex.from_product([CLIENTS, cat.NEED_CODES]).to_frame(
        index=False, name=["client_id", "need"]
    )
    m = every.merge(truth_pairs, how="left", indicator=True)
    return m[m["_merge"] == "left_only"][["client_id", "need"]].reset_index(drop=True)


# ---- needs -------------------------------------------------------------------------------


def test_perfect_and_empty_needs(book, truth_pairs):
    perfect = score_needs(truth_pairs, book, clients=CLIENTS)
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)
    empty = score_needs([], book, clients=CLIENTS)
    assert (empty.precision, empty.recall, empty.f1) == (0.0, 0.0, 0.0)
    assert empty.false_negatives == len(truth_pairs) == len(empty.missed)


def test_known_wrong_needs_are_named(book, truth_pairs, wrong_pairs):
    answer = pd.concat([truth_pairs.iloc[1:], wrong_pairs.iloc[:2]])
    s = score_needs(answer, book, clients=CLIENTS)
    assert list(s.missed[["client_id", "need"]].itertuples(index=False, name=None)) == [
        tuple(truth_pairs.iloc[0])
    ]
    assert len(s.extra) == 2 and s.false_positives == 2
    row = s.by_need.set_index("need").loc[truth_pairs.iloc[0]["need"]]
    assert row["fn"] >= 1


@SETTINGS
@given(data=st.data())
def test_needs_properties(book, truth_pairs, wrong_pairs, data):
    right = data.draw(
        st.lists(st.integers(0, len(truth_pairs) - 1), unique=True, max_size=len(truth_pairs))
    )
    wrong = data.draw(st.lists(st.integers(0, len(wrong_pairs) - 1), unique=True, max_size=20))
    extra = data.draw(st.integers(0, len(truth_pairs) - 1))
    answer = pd.concat([truth_pairs.iloc[right], wrong_pairs.iloc[wrong]])
    s = score_needs(answer, book, clients=CLIENTS)
    shuffled = answer.sample(frac=1, random_state=data.draw(st.integers(0, 1000)))
    assert score_needs(shuffled, book, clients=CLIENTS).f1 == s.f1
    more = score_needs(pd.concat([answer, truth_pairs.iloc[[extra]]]), book, clients=CLIENTS)
    assert more.f1 >= s.f1 and more.recall >= s.recall and more.precision >= s.precision - 1e-12
    assert 0.0 <= s.f1 <= 1.0
    doubled = score_needs(pd.concat([answer, answer]), book, clients=CLIENTS)
    assert doubled.f1 == s.f1  # duplicates count once


def test_only_open_needs(book, truth_pairs):
    t = book.truth["needs"]
    open_ = t[t["client_id"].isin(CLIENTS) & ~t["served"]][["client_id", "need"]]
    s = score_needs(open_, book, clients=CLIENTS, include_served=False)
    assert s.f1 == 1.0
    assert score_needs(truth_pairs, book, clients=CLIENTS, include_served=False).precision < 1.0


# ---- priority ranking ------------------------------------------------------------------------


def test_perfect_empty_and_reversed_ranking(book):
    ideal = true_priority(book, clients=CLIENTS)
    assert score_priority(
        ideal[["client_id", "need"]], book, clients=CLIENTS
    ).ndcg == pytest.approx(1.0)
    assert score_priority([], book, clients=CLIENTS).ndcg == 0.0
    reversed_ = score_priority(ideal[["client_id", "need"]].iloc[::-1], book, clients=CLIENTS)
    assert reversed_.ndcg < 0.5 and len(reversed_.out_of_order) > 0


@SETTINGS
@given(data=st.data())
def test_ranking_properties(book, data):
    ideal = true_priority(book, clients=CLIENTS)[["client_id", "need"]]
    picks = data.draw(
        st.lists(st.integers(0, len(ideal) - 1), unique=True, min_size=1, max_size=30)
    )
    ranked = ideal.iloc[picks].assign(rank=np.arange(1, len(picks) + 1))
    s = score_priority(ranked, book, clients=CLIENTS, k=40)
    shuffled = ranked.sample(frac=1, random_state=data.draw(st.integers(0, 1000)))
    assert score_priority(shuffled, book, clients=CLIENTS, k=40).ndcg == pytest.approx(s.ndcg)
    rest = [i for i in range(len(ideal)) if i not in picks]
    if rest:
        more = pd.concat([ranked, ideal.iloc[[rest[0]]].assign(rank=len(picks) + 1)])
        assert score_priority(more, book, clients=CLIENTS, k=40).ndcg >= s.ndcg
    assert 0.0 <= s.ndcg <= 1.0


# ---- service plans -----------------------------------------------------------------------------


def _best_offers(book: Book, clients: list[str]) -> pd.DataFrame:
    t = book.truth["needs"]
    open_ = t[t["client_id"].isin(clients) & ~t["served"]]
    return pd.DataFrame(
        {
            "client_id": open_["client_id"].astype(str),
            "product": open_["need"].astype(str).map(cat.NEED_PRODUCT),
        }
    )


def test_plan_scale(book):
    from casekit.evaluate.service import _offer_values

    every = evaluate_plan(_best_offers(book, CLIENTS), book, clients=CLIENTS)
    # Offering a product for every open need, unfiltered, spends RM hours on offers few take
    # up (take-up is 10-30%); keeping only offers worth their cost is the best plan.
    truth = book.truth
    t = truth["needs"]
    open_ = t[t["client_id"].isin(CLIENTS) & ~t["served"]]
    every_product = pd.concat(
        pd.DataFrame({"client_id": g["client_id"].astype(str).to_numpy(), "product": p.code})
        for need, g in open_.groupby("need", observed=True)
        for p in cat.PRODUCTS
        if p.serves == need
    )
    values = _offer_values(
        every_product, book, t, truth["client_truth"].set_index("client_id")["pd_annual"]
    )
    worth = (
        values[values["net"] > 0]
        .sort_values("net", ascending=False)
        .drop_duplicates(["client_id", "need"])[["client_id", "product"]]
    )
    best = evaluate_plan(worth, book, clients=CLIENTS)
    assert best.score > 0.8 and best.raroc > 0
    assert best.score > every.score > 0
    assert evaluate_plan([], book, clients=CLIENTS).score == 0.0
    push = evaluate_plan(
        pd.DataFrame({"client_id": CLIENTS, "product": "working_capital_loan"}),
        book,
        clients=CLIENTS,
    )
    assert push.net == pytest.approx(push.baseline_net) and push.score < best.score
    assert best.rm_hours <= best.rm_capacity


@SETTINGS
@given(data=st.data())
def test_plan_properties(book, data):
    offers = _best_offers(book, CLIENTS).reset_index(drop=True)
    picks = data.draw(st.lists(st.integers(0, len(offers) - 1), unique=True, max_size=len(offers)))
    plan = offers.iloc[picks]
    s = evaluate_plan(plan, book, clients=CLIENTS)
    shuffled = plan.sample(frac=1, random_state=data.draw(st.integers(0, 1000)))
    assert evaluate_plan(shuffled, book, clients=CLIENTS).score == pytest.approx(s.score)
    add = [i for i in range(len(offers)) if i not in picks]
    if add:
        more = evaluate_plan(pd.concat([plan, offers.iloc[[add[0]]]]), book, clients=CLIENTS)
        row = more.offers.set_index(["client_id", "product"]).loc[tuple(offers.iloc[add[0]])]
        if row["net"] > 0:  # a right answer is an offer that pays for itself
            assert more.score >= s.score - 1e-12


def test_plan_coverage_and_service_levels(book):
    strategic = book.clients.loc[book.clients["tier"] == "strategic", "client_id"].iloc[:3].tolist()
    low = evaluate_plan([], book, clients=strategic, coverage={c: "digital" for c in strategic})
    high = evaluate_plan([], book, clients=strategic, coverage={c: "dedicated" for c in strategic})
    assert low.service_levels_met == 0.0 and high.service_levels_met == 1.0
    assert high.rm_hours > low.rm_hours


# ---- early warning ---------------------------------------------------------------------------


def _defaulters(book: Book, horizon: int = 6) -> pd.DataFrame:
    months = sorted(book.panel["month"].unique())
    idx = {m: i for i, m in enumerate(months)}
    d = book.outcomes[
        book.outcomes["defaulted"] & book.outcomes["default_month"].isin(months[horizon:])
    ]
    return pd.DataFrame(
        {
            "client_id": d["client_id"].astype(str),
            "month": [months[idx[m] - 2] for m in d["default_month"]],
        }
    ).reset_index(drop=True)


def test_perfect_and_empty_warnings(book):
    perfect = evaluate_warnings(_defaulters(book), book)
    assert (perfect.precision, perfect.recall, perfect.median_lead_months) == (1.0, 1.0, 2.0)
    empty = evaluate_warnings([], book)
    assert (empty.precision, empty.recall, empty.caught) == (0.0, 0.0, 0)
    late = _defaulters(book).assign(month=lambda d: d["month"].map(lambda m: m))
    late["month"] = sorted(book.panel["month"].unique())[-1]
    assert evaluate_warnings(late, book).caught == 0  # a flag after the default foresees nothing


@SETTINGS
@given(data=st.data())
def test_warning_properties(book, data):
    right = _defaulters(book)
    noise = (
        book.panel[["client_id", "month"]]
        .drop_duplicates("client_id")
        .iloc[:200]
        .reset_index(drop=True)
    )
    r = data.draw(st.lists(st.integers(0, len(right) - 1), unique=True, max_size=len(right)))
    w = data.draw(st.lists(st.integers(0, len(noise) - 1), unique=True, max_size=30))
    flags = pd.concat([right.iloc[r], noise.iloc[w]])
    s = evaluate_warnings(flags, book)
    assert evaluate_warnings(flags.sample(frac=1, random_state=1), book).f1 == s.f1
    missing = [i for i in range(len(right)) if i not in r]
    if missing:
        more = evaluate_warnings(pd.concat([flags, right.iloc[[missing[0]]]]), book)
        assert more.recall >= s.recall and more.f1 >= s.f1


# ---- effectiveness -----------------------------------------------------------------------------


def test_did_recovers_the_true_effects_and_naive_does_not(book):
    facts = book.meta["facts"]
    for metric in ("deposits", "fee_income"):
        est = did_estimate(book, metric)
        assert score_effect(est, book, metric).within_tolerance, (metric, est)
    # One survey wave a year makes the NPS estimate noisy; it still beats the naive gap by far.
    nps = score_effect(did_estimate(book, "nps"), book, "nps")
    naive = four_lens(book).set_index("metric").loc["nps", "pilot_vs_others"] / 10
    assert abs(nps.error) < abs(naive - nps.truth) / 5, (nps, naive)
    table = four_lens(book).set_index("metric")
    truth = facts["pilot_effect"]["deposit_pct"]
    assert abs(table.loc["deposits", "did"] - truth) < abs(
        table.loc["deposits", "pilot_vs_others"] - truth
    )
    assert set(table["lens"]) == {"growth", "satisfaction", "risk", "churn"}
    assert set(four_lens(book, "zh")["lens"]) == {"业务增长", "客户满意度", "风险控制", "客户流失"}


@SETTINGS
@given(st.floats(-1, 1, allow_nan=False))
def test_effect_error_is_estimate_minus_truth(book, estimate):
    truth = book.meta["facts"]["pilot_effect"]["deposit_pct"]
    s = score_effect(estimate, book, "deposits")
    assert s.error == pytest.approx(estimate - truth)
    assert s.within_tolerance == (abs(estimate - truth) <= 0.35 * truth)


# ---- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "lang", "fragment"),
    [
        (
            lambda b: score_needs([("C99999", "capex")], b),
            "en",
            "client id 'C99999' is not in this book; client ids look like C00001",
        ),
        (
            lambda b: score_needs([("C99999", "capex")], b, lang="zh"),
            "zh",
            "客户编号 'C99999' 不在本行数据中",
        ),
        (
            lambda b: score_needs(pd.DataFrame({"client_id": ["C00001"]}), b),
            "en",
            "needs the columns client_id, need; it is missing need",
        ),
        (
            lambda b: score_needs(pd.DataFrame({"client": ["C00001"]}), b, lang="zh"),
            "zh",
            "需求清单需要列 client_id, need",
        ),
        (lambda b: score_needs("capex for C00001", b), "en", "should be a table"),
        (
            lambda b: score_needs([("C00001", "lottery")], b),
            "en",
            "need 'lottery' is not a known code; use one of seasonal_wc",
        ),
        (
            lambda b: score_needs(
                pd.DataFrame({"client_id": ["C00001", None], "need": ["capex", "capex"]}), b
            ),
            "en",
            "column client_id has 1 empty value(s), first in row 1",
        ),
        (
            lambda b: evaluate_plan([("C00001", "free_lunch")], b),
            "en",
            "product 'free_lunch' is not a known code",
        ),
        (
            lambda b: evaluate_plan([("C00001", "payroll_service")], b, coverage={"C00001": "vip"}),
            "en",
            "coverage 'vip' is not a known code; use one of dedicated, standard, digital",
        ),
        (
            lambda b: evaluate_warnings([("C00001", "2031-01")], b),
            "en",
            "month '2031-01' is not a month of this book (YYYY-MM from 2023-01 to 2025-12)",
        ),
        (lambda b: score_effect("about ten percent", b), "en", "must be a number"),
        (
            lambda b: score_effect(0.1, b, "profit", lang="zh"),
            "zh",
            "metric 的取值 'profit' 不是有效代码",
        ),
        (
            lambda b: score_priority(pd.DataFrame({"need": ["capex"]}), b),
            "en",
            "the priority ranking needs the columns client_id, need",
        ),
    ],
)
def test_bad_answers_get_a_clear_message(book, call, lang, fragment):
    with pytest.raises(AnswerError) as err:
        call(book)
    assert fragment in str(err.value)


def test_assessment_pack_without_truth_cannot_be_scored_locally(book):
    pack = Book(tables=book.tables, truth={}, meta={"params": book.meta["params"]})
    with pytest.raises(AnswerError, match="without its hidden truth"):
        score_needs([("C00001", "capex")], pack)
    with pytest.raises(AnswerError, match="只能由培训师评分"):
        score_effect(0.1, pack, lang="zh")


def test_bad_language_is_refused(book):
    with pytest.raises(casekit.BadParameter, match="unknown language 'fr'"):
        score_needs([], book, lang="fr")
