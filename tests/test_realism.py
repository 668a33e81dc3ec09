"""The realism report: the default scenario lands in the published ranges, and a bad bank fails."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit.book import Book
from casekit.realism import KPIS, _ratio, format_report, realism_report


def test_every_kpi_of_the_default_book_is_consistent_with_its_range():
    report = realism_report(casekit.load_book("default", truth=False))
    assert len(report) == len(KPIS)
    bad = report[~report["ok"]]
    assert bad.empty, format_report(report)


@pytest.mark.parametrize(
    ("scenario", "seed"),
    [(s, seed) for s in ("national_branch", "city_commercial", "rural") for seed in (7, 2027)],
)
def test_no_kpi_is_out_on_any_scenario_and_seed(scenario, seed):
    # Seed 2027 once put the bank's month-end deposits 3.3% above the daily average and its
    # hedge ratio outside 25-28%; a small book may be "near" (said so), never "out".
    report = realism_report(casekit.generate_book(scenario=scenario, seed=seed))
    bad = report[~report["ok"]]
    assert bad.empty, format_report(report)
    by_rule = report.set_index("kpi")
    assert by_rule.loc["month_end_deviation", "verdict"] == "in"
    assert by_rule.loc["hedge_ratio", "verdict"] == "in"


@pytest.fixture(scope="module")
def large_book() -> Book:
    """The default scenario at 20,000 clients, where sampling noise no longer hides anything."""
    return casekit.generate_book(clients=20_000, seed=1)


CORE = [
    "npl_ratio",
    "npl_manufacturing",
    "npl_trade",
    "npl_transport",
    "attrition_small",
    "attrition_large",
    "large_partial_share",
    "nps",
    "complaints_in_15d",
    "contacts_per_year",
    "no_contact_share",
    "fee_share",
    "loan_to_deposit",
    "share_large",
    "share_small_micro",
    "hedge_ratio",
    "rm_load_strategic",
    "rm_load_midmarket",
    "rm_load_sme",
    "tier_strategic",
    "tier_key",
]


def test_default_scenario_outcomes_land_inside_the_ranges_at_scale(large_book):
    report = realism_report(large_book).set_index("kpi")
    assert report["ok"].all(), format_report(report.reset_index())
    inside = report.loc[CORE]
    strictly = (inside["low"] <= inside["value"]) & (inside["value"] <= inside["high"])
    assert strictly.all(), inside.loc[~strictly, ["value", "low", "high"]]
    # At this size the tolerance is small: no KPI leans on more than half a point of noise.
    # At this size the tolerance is small: the NPL ratio leans on well under a point of noise
    # (not less: a branch's loans rest on a few hundred infrastructure and large borrowers).
    assert report.loc["npl_ratio", "se"] < 0.006


def _doctored(book: Book, **changes) -> Book:
    tables = {k: v.copy() for k, v in book.tables.items()}
    for table, fn in changes.items():
        tables[table] = fn(tables[table])
    return Book(tables=tables, meta=book.meta)


def test_a_bank_with_bad_loans_everywhere_fails(book):
    def all_bad(p: pd.DataFrame) -> pd.DataFrame:
        bad = p["loan_balance"] > 0
        p.loc[bad, "loan_class"] = "substandard"
        return p

    report = realism_report(_doctored(book, panel=all_bad)).set_index("kpi")
    assert not report.loc["npl_ratio", "ok"]
    assert report.loc["npl_ratio", "value"] == pytest.approx(1.0)


def test_an_unhappy_bank_fails_on_nps(book):
    def unhappy(s: pd.DataFrame) -> pd.DataFrame:
        return s.assign(nps=3)

    report = realism_report(_doctored(book, surveys=unhappy)).set_index("kpi")
    assert report.loc["nps", "value"] == -100 and not report.loc["nps", "ok"]


def test_window_dressing_beyond_the_cap_fails(book):
    def dressed(p: pd.DataFrame) -> pd.DataFrame:
        return p.assign(deposit_month_end=p["deposit_avg"] * 1.10)

    report = realism_report(_doctored(book, panel=dressed)).set_index("kpi")
    assert not report.loc["month_end_deviation", "ok"]


def test_ratio_standard_error_by_hand():
    """Delta method on a tiny book: two clients, one with all the bad loans."""
    r, se, n_eff = _ratio(np.array([10.0, 0.0]), np.array([10.0, 90.0]))
    assert r == pytest.approx(0.1)
    # residuals: 10 - 0.1*10 = 9, 0 - 0.1*90 = -9 → sqrt(162)/100
    assert se == pytest.approx(np.sqrt(162) / 100)
    # Kish: (10 + 90)^2 / (10^2 + 90^2) = 10000 / 8200
    assert n_eff == pytest.approx(10000 / 8200)


def test_small_books_get_the_noise_of_their_size_and_large_books_do_not(book, large_book):
    small = realism_report(book).set_index("kpi")
    large = realism_report(large_book).set_index("kpi")
    assert small.loc["npl_ratio", "se"] > 2 * large.loc["npl_ratio", "se"]


def test_scenario_overrides_apply(small_book):
    rural = casekit.generate_book(clients=800, scenario="rural")
    report = realism_report(rural).set_index("kpi")
    assert report.loc["npl_ratio", "source"] == "scenario"
    assert report.loc["attrition_large", "source"] == "not applicable"
    assert "n/a" in format_report(report.reset_index()) or report["value"].notna().all()
