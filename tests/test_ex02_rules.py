"""Exercise 2's worked solution writes Case 2's needs rules out, so a trainee can read them;
they must stay the rules Case 2 and the checks use (casekit.evaluate.needs_method)."""

from __future__ import annotations

import pandas as pd
import pytest

from casekit.evaluate.needs_method import consistent_with, data_signals
from casekit.exercises.inprocess import execute

BANKS = [{}, {"scenario": "city_commercial", "seed": 7}, {"scenario": "rural", "seed": 3}]


@pytest.mark.parametrize("params", BANKS, ids=lambda p: p.get("scenario", "national_branch"))
def test_the_solution_writes_out_case_2s_own_rules(params, capsys):
    ns = execute("02", "en", params)
    book, clients, per = ns["book"], ns["clients"], ns["per"]
    for mine, theirs in (
        (ns["signals"], data_signals(book, clients, per)),
        (ns["consistent"], consistent_with(clients, per)),
    ):
        assert list(mine.columns) == list(theirs.columns)
        pd.testing.assert_frame_equal(mine.astype(bool), theirs.astype(bool), check_names=False)
        assert mine.to_numpy().any()  # the rules fire somewhere: the comparison means something


def test_a_loosened_rule_is_caught(capsys):
    ns = execute("02", "en", {})
    theirs = data_signals(ns["book"], ns["clients"], ns["per"])
    drifted = ns["signals"].assign(seasonal_wc=ns["per"]["overdraft_days"] > 0)
    with pytest.raises(AssertionError):
        pd.testing.assert_frame_equal(drifted, theirs.astype(bool), check_names=False)
