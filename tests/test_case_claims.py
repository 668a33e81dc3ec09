"""Prose and data never disagree: every data-dependent sentence of a case, on every bank."""

from __future__ import annotations

import math

import pytest

import casekit
from casekit import case_claims as cc
from casekit import catalog as cat
from casekit.narrative import Claim, NarrativeError, Variant
from casekit.scenarios import SCENARIOS

BANKS = [(s, seed, 2000) for s in SCENARIOS for seed in (42, 7, 3)] + [
    (s, 11, 50)
    for s in SCENARIOS  # the smallest bank the generator allows
]


@pytest.fixture(scope="module", params=BANKS, ids=[f"{s}-{k}-{n}" for s, k, n in BANKS])
def bank(request) -> casekit.Book:
    scenario, seed, clients = request.param
    return casekit.generate_book(clients=clients, seed=seed, scenario=scenario)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_service_premise_names_the_type_this_bank_handles_worst(bank, lang):
    f = cc.service_figures(bank, lang)
    r = bank.service_requests
    hours = (r["processed_at"] - r["accepted_at"]).dt.total_seconds() / 3600
    rates = (hours > r["sla_hours"]).groupby(r["request_type"].astype(str)).mean()
    assert f["worst_type"] == rates.idxmax()
    text = cc.SERVICE_PREMISE.render(f, lang)
    if f["worst_rate"] >= 1.2 * f["overall_rate"]:
        assert cat.label("request_type", rates.idxmax(), lang) in text
    if len(bank.clients) >= 2000:
        # On a bank of normal size the worst type is one the simulator made slow.
        assert f["worst_type"] in bank.meta["facts"]["slow_request_types"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_bottleneck_sentence_names_the_slowest_stage(bank, lang):
    f = cc.service_figures(bank, lang)
    text = cc.BOTTLENECK.render(f, lang)
    assert f["bottleneck_label"] in text
    if len(bank.clients) >= 2000:
        assert f["bottleneck"] == bank.meta["facts"]["bottleneck_stage"]
        assert f["bottleneck_ratio"] >= 1.3  # this bank's bottleneck is clear


@pytest.mark.parametrize("raroc", [-0.5, -0.01, 0.0, 0.05, 0.0999, 0.1, 0.4, math.nan])
def test_the_plan_verdict_follows_its_raroc(raroc):
    en = cc.PLAN_VERDICT.render({"raroc": raroc}, "en")
    cc.PLAN_VERDICT.render({"raroc": raroc}, "zh")
    if raroc != raroc:
        assert "nothing" in en
    elif raroc >= 0.1:
        assert "can be defended" in en
    else:
        assert "can be defended" not in en


def test_a_claim_with_no_true_variant_or_two_is_refused():
    two = Claim("x", (Variant(lambda f: True, "a", "甲"), Variant(lambda f: True, "b", "乙")))
    none = Claim("y", (Variant(lambda f: False, "a", "甲"),))
    with pytest.raises(NarrativeError, match="2 variants"):
        two.render({}, "en")
    with pytest.raises(NarrativeError, match="0 variants"):
        none.render({}, "en")
