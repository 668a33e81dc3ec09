"""The generator: deterministic, causally sound, and the truth never leaks into observables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit import catalog as cat
from casekit.schema import TABLE


def _spearman(a: pd.Series, b: pd.Series) -> float:
    return float(a.rank().corr(b.rank()))


def test_same_parameters_give_identical_tables(book):
    again = casekit.generate_book()
    for name in book.tables:
        pd.testing.assert_frame_equal(book.tables[name], again.tables[name])
    for name in book.truth:
        pd.testing.assert_frame_equal(book.truth[name], again.truth[name])


def test_another_seed_gives_another_book(book):
    other = casekit.generate_book(seed=43)
    assert not book.clients["revenue"].equals(other.clients["revenue"])
    assert not book.panel["deposit_avg"].head(1000).equals(other.panel["deposit_avg"].head(1000))


def test_every_table_has_the_schema_columns_in_order(book):
    for name, df in {**book.tables, **book.truth}.items():
        assert list(df.columns) == TABLE[name].column_names, name


def test_truth_never_appears_in_an_observable_table(book):
    ids = {"client_id", "rm_id", "prospect_id"}
    truth_cols = {c for t in book.truth.values() for c in t.columns} - ids
    for name, df in book.tables.items():
        assert not truth_cols & set(df.columns), f"{name} leaks {truth_cols & set(df.columns)}"
    # No observable number reads a propensity off directly: the rating tracks PD, but noisily.
    ct = book.clients.merge(book.truth["client_truth"], on="client_id")
    rating_rank = ct["rating"].cat.codes
    rho = _spearman(rating_rank, ct["pd_annual"])
    assert 0.4 < rho < 0.95, rho
    for col in (
        "revenue",
        "staff",
        "total_assets",
        "total_liabilities",
        "receivable_days",
        "top_buyer_share",
    ):
        for hidden in ("pd_annual", "churn_hazard_annual", "loyalty", "satisfaction"):
            assert abs(_spearman(ct[col], ct[hidden])) < 0.8, (col, hidden)


def _needs_wide(book):
    n = book.truth["needs"]
    return n.assign(has=True).pivot_table(
        index="client_id",
        columns="need",
        values="has",
        aggfunc="any",
        fill_value=False,
        observed=True,
    )


def _client_panel(book):
    return book.panel.groupby("client_id").agg(
        overdraft=("overdraft_days", "mean"),
        fx=("fx_inflow", "sum"),
        fx_out=("fx_outflow", "sum"),
        salary_other=("salary_transfer_other_bank", "sum"),
        online=("online_txn", "sum"),
        counter=("counter_txn", "sum"),
        deposits=("deposit_avg", "mean"),
        outflow=("outflow", "mean"),
        intragroup=("intragroup_inflow", "sum"),
        capex=("capex_outflow", "sum"),
        equity=("equity_transfer_outflow", "sum"),
    )


@pytest.mark.parametrize(
    ("need", "signal", "direction"),
    [
        ("seasonal_wc", lambda p: p["overdraft"], 1),
        ("fx_risk", lambda p: p["fx"] + p["fx_out"], 1),
        ("idle_liquidity", lambda p: p["deposits"] / p["outflow"].clip(lower=1), 1),
        ("digitisation", lambda p: p["online"] / (p["online"] + p["counter"]).clip(lower=1), -1),
        ("group_treasury", lambda p: p["intragroup"], 1),
        ("capex", lambda p: p["capex"], 1),
        ("acquisition", lambda p: p["equity"], 1),
    ],
)
def test_each_need_shows_in_behaviour(book, need, signal, direction):
    """Clients with a need behave differently, on average, from clients without it."""
    wide = _needs_wide(book).reindex(book.clients["client_id"], fill_value=False)
    p = _client_panel(book).reindex(book.clients["client_id"])
    s = signal(p)
    has = wide[need].to_numpy()
    assert has.sum() >= 5, f"too few clients with {need} to test"
    with_need, without = s[has].median(), s[~has].median()
    assert direction * (with_need - without) > 0, (need, with_need, without)


def test_unserved_payroll_shows_as_salary_transfers_to_another_bank(book):
    needs = book.truth["needs"]
    unserved = needs[(needs["need"] == "payroll") & ~needs["served"]]["client_id"]
    served = needs[(needs["need"] == "payroll") & needs["served"]]["client_id"]
    p = _client_panel(book)
    assert (p.loc[p.index.isin(unserved), "salary_other"] > 0).mean() > 0.7
    assert (p.loc[p.index.isin(served), "salary_other"] > 0).mean() < 0.1


def test_served_needs_match_held_products(book):
    needs = book.truth["needs"]
    held = set(zip(book.holdings["client_id"], book.holdings["product"].astype(str), strict=True))
    serves = {}
    for p in cat.PRODUCTS:
        if p.serves:
            serves.setdefault(p.serves, []).append(p.code)
    for row in needs[needs["served"] & (needs["need"] != "fx_risk")].itertuples():
        assert any((row.client_id, prod) in held for prod in serves[row.need]), row
    share = needs["served"].mean()
    assert 0.1 < share < 0.5, "some needs are served, most are not"


def test_notes_mention_hint_and_mislead(book):
    # Some notes name a need the client has, some a need it lacks (a false lead: "no need, it
    # is covered"), and most name none: the notes are evidence, not the answer.
    from casekit.note_keywords import needs_in

    it, truth = book.interactions, book.truth["needs"]
    true = set(zip(truth["client_id"], truth["need"], strict=True))
    said = [needs_in(x) for x in it["note_en"]]
    real = pd.Series(
        [any((c, k) in true for k in s) for c, s in zip(it["client_id"], said, strict=True)]
    )
    false = pd.Series(
        [any((c, k) not in true for k in s) for c, s in zip(it["client_id"], said, strict=True)]
    )
    none = pd.Series([not s for s in said])
    assert real.mean() > 0.1 and false.mean() > 0.02 and none.mean() > 0.3
    assert (book.interactions["note_en"].str.len() > 0).all()


def test_warnings_precede_defaults_and_some_are_false_alarms(book):
    o = book.outcomes
    months = sorted(book.panel["month"].unique())
    defaulted = o[o["defaulted"] & (o["default_month"] >= months[6])]
    w = book.warnings.merge(defaulted[["client_id", "default_month"]], on="client_id")
    assert len(w) > 0
    assert (w["month"] < w["default_month"]).all()
    first = w.groupby("client_id")["month"].min()
    lead = (
        pd.PeriodIndex(defaulted.set_index("client_id").loc[first.index, "default_month"], freq="M")
        - pd.PeriodIndex(first, freq="M")
    ).map(lambda x: x.n)
    assert 2 <= np.median(lead) <= 6
    false = book.warnings[~book.warnings["client_id"].isin(o.loc[o["defaulted"], "client_id"])]
    assert len(false) > 0.2 * len(book.warnings)


def test_defaults_show_in_days_past_due_and_classification(book):
    p = book.panel
    assert (p.loc[p["dpd"] > 90, "loan_class"].isin(cat.NPL_CLASSES)).all()
    assert (p.loc[(p["dpd"] > 0) & (p["loan_balance"] > 0), "loan_class"] != "normal").all()
    assert (p.loc[p["loan_balance"] <= 0, "loan_class"] == "none").all()
    d = book.outcomes[book.outcomes["defaulted"]]
    at = p.merge(
        d[["client_id", "default_month"]],
        left_on=["client_id", "month"],
        right_on=["client_id", "default_month"],
    )
    assert (at["dpd"] > 90).all()


def test_partial_churn_is_for_larger_firms_and_full_churn_for_small(book):
    c = book.clients.merge(book.outcomes, on="client_id")
    left = c[c["churn_status"] != "active"]
    partial_share = left.groupby("size_class", observed=True)["churn_status"].apply(
        lambda s: (s == "partial").mean()
    )
    assert partial_share["large"] > 0.6 > partial_share["small"]


def test_fully_churned_clients_leave_the_panel(book):
    full = book.outcomes[book.outcomes["churn_status"] == "full"]
    last = book.panel.groupby("client_id")["month"].max()
    assert (last.loc[full["client_id"]].to_numpy() == full["churn_month"].to_numpy()).all()


def test_service_bottleneck_is_the_scenarios(book):
    r = book.service_requests
    stages = ["accepted_at", "reviewed_at", "approved_at", "processed_at"]
    hours = {
        s: (r[b] - r[a]).dt.total_seconds().median() / 3600
        for a, b, s in zip(
            stages[:-1], stages[1:], ("reviewed", "approved", "processed"), strict=True
        )
    }
    assert max(hours, key=hours.get) == book.meta["facts"]["bottleneck_stage"] == "approved"
    other = casekit.generate_book(clients=400, scenario="city_commercial")
    r = other.service_requests
    hours = {
        s: (r[b] - r[a]).dt.total_seconds().median()
        for a, b, s in zip(
            stages[:-1], stages[1:], ("reviewed", "approved", "processed"), strict=True
        )
    }
    assert max(hours, key=hours.get) == "reviewed"


def test_satisfaction_responds_to_breaches_and_contact(book):
    r = book.service_requests
    late = (r["processed_at"] - r["accepted_at"]).dt.total_seconds() / 3600 > r["sla_hours"]
    breach_rate = late.groupby(r["client_id"]).mean()
    s = book.surveys.merge(breach_rate.rename("breach").reset_index(), on="client_id")
    assert s.loc[s["breach"] >= 0.5, "nps"].mean() < s.loc[s["breach"] == 0, "nps"].mean()
    assert s.loc[s["breach"] >= 0.5, "speed"].mean() < s.loc[s["breach"] == 0, "speed"].mean()


def test_pilot_is_not_random_and_did_recovers_its_true_effect(book):
    """Naive comparisons are biased by who was chosen; difference-in-differences is not."""
    o, facts = book.outcomes, book.meta["facts"]
    c = book.clients.merge(o, on="client_id")
    assert c.loc[c["pilot"], "revenue"].median() > 1.5 * c.loc[~c["pilot"], "revenue"].median()
    p = book.panel.merge(o[["client_id", "pilot"]], on="client_id")
    start = facts["pilot_start"]
    months = sorted(p["month"].unique())
    pre = [m for m in months if m < start][-12:]
    post = [m for m in months if m >= start][3:]
    stay = p.groupby("client_id")["month"].count() == len(months)
    stay = stay[stay].index.intersection(o.loc[o["churn_status"] == "active", "client_id"])
    p = p[p["client_id"].isin(stay)].assign(y=lambda d: np.log(d["deposit_avg"].clip(lower=0.01)))
    per = p.assign(post=p["month"].isin(post), pre=p["month"].isin(pre))
    mean = lambda d: d.groupby("client_id")["y"].mean()  # noqa: E731
    diff = (
        (mean(per[per["post"]]) - mean(per[per["pre"]]))
        .rename("d")
        .reset_index()
        .merge(o[["client_id", "pilot"]])
    )
    did = diff.loc[diff["pilot"], "d"].mean() - diff.loc[~diff["pilot"], "d"].mean()
    truth = np.log1p(facts["pilot_effect"]["deposit_pct"])
    naive_level = (
        mean(per[per["post"] & per["pilot"]]).mean() - mean(per[per["post"] & ~per["pilot"]]).mean()
    )
    before_after = diff.loc[diff["pilot"], "d"].mean()
    assert abs(did - truth) < 0.05, (did, truth)
    assert abs(naive_level - truth) > 0.5
    assert abs(before_after - truth) > abs(did - truth)


def test_window_dressing_is_capped_for_the_bank_but_not_for_every_client(book):
    """The 3% rule binds the bank's month-end total; single clients dress far more at quarter ends."""
    p = book.panel
    total = p.groupby("month")[["deposit_month_end", "deposit_avg"]].sum()
    bank = total["deposit_month_end"] / total["deposit_avg"] - 1
    assert bank.max() <= 0.03 and bank.min() > -0.01, bank.describe()
    big = p[p["deposit_avg"] > 50]  # above rounding noise
    dev = big["deposit_month_end"] / big["deposit_avg"] - 1
    quarter_end = big["month"].str[5:].isin(["03", "06", "09", "12"])
    assert (dev[quarter_end] > 0.04).mean() > 0.05  # some clients dress hard at quarter ends
    assert (dev[~quarter_end] > 0.04).mean() < 0.01  # and hardly ever in other months


def test_groups_have_parents_and_subsidiaries(book):
    c = book.clients
    groups = c.dropna(subset=["group_id"]).groupby("group_id")
    assert len(groups) >= 10
    for _, g in groups:
        assert g["parent_id"].isna().sum() == 1  # exactly one parent
        parent = g.loc[g["parent_id"].isna(), "client_id"].iloc[0]
        assert (g["parent_id"].dropna() == parent).all()
        assert g["region"].nunique() == 1


def test_scenarios_change_the_mix(book):
    rural = casekit.generate_book(clients=1000, scenario="rural")
    city = casekit.generate_book(clients=1000, scenario="city_commercial")
    share = lambda b, col, v: (b.clients[col] == v).mean()  # noqa: E731
    assert share(rural, "industry", "A") > 3 * share(book, "industry", "A")
    assert share(rural, "size_class", "micro") > share(book, "size_class", "micro")
    assert share(city, "industry", "C") > share(book, "industry", "C")


@pytest.mark.parametrize("scenario", ["national_branch", "city_commercial", "rural"])
def test_every_scenario_generates_a_book_the_schema_accepts(scenario):
    from casekit.validate import validate_book

    b = casekit.generate_book(clients=700, months=24, seed=3, scenario=scenario, start="2022-07")
    validate_book({**b.tables, **b.truth})
    assert b.panel["month"].min() == "2022-07" and b.panel["month"].max() == "2024-06"


def test_validation_catches_a_generator_bug(book):
    """The same check, fed a table a buggy generator could produce, refuses it."""
    from casekit.errors import BookValidationError
    from casekit.validate import validate_book

    broken = book.clients.assign(rating=book.clients["rating"].astype(str))
    broken.loc[5, "rating"] = "CCC"
    with pytest.raises(BookValidationError, match=r"clients: column 'rating', row 5 .*'CCC'"):
        validate_book({**book.tables, "clients": broken})


@pytest.mark.parametrize("setting", [True, False])
def test_simulating_a_chunk_restores_numpy_huge_page_advice(setting):
    # simulate_chunk turns numpy's huge-page advice off while it runs; the caller's setting,
    # whichever it was, must be back afterwards, also when the chunk fails.
    from casekit.errors import BadParameter
    from casekit.simulate import BookParams, _set_hugepages, simulate_chunk

    previous = _set_hugepages(setting)
    try:
        tables, _, _ = simulate_chunk(BookParams(clients=60, months=12), 0)
        assert len(tables["clients"]["client_id"]) == 60
        assert _set_hugepages(setting) is setting
        with pytest.raises(BadParameter):
            simulate_chunk(BookParams(clients=60, months=12), 5)
        assert _set_hugepages(setting) is setting
    finally:
        _set_hugepages(previous)


@pytest.mark.parametrize(
    "values",
    [
        np.array([5, 3, 5, 9, 3, 3], dtype=np.int64),
        np.array([2, 0, 1], dtype=np.uint8),
        np.array([10**12, -(10**12), 0]),  # a wide range: sorted, not counted
        np.array(["b", "a", "b", "c"], dtype=object),
        np.array(["C00002", "C00001", "C00002"]),
        np.array([], dtype=np.int64),
        np.array([True, False, True]),
    ],
    ids=["ints", "uint8", "wide", "objects", "strings", "empty", "bools"],
)
def test_unique_inverse_is_numpys(values):
    from casekit.simulate.world import unique_inverse

    got_u, got_i = unique_inverse(values)
    want_u, want_i = np.unique(values, return_inverse=True)
    assert list(got_u) == list(want_u) and np.array_equal(got_i, want_i)
    assert np.array_equal(got_u[got_i], values)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.uint8, bool])
def test_cumsum_rows_gives_numpys_very_sums(dtype):
    from casekit.simulate.world import cumsum_rows

    rng = np.random.default_rng(3)
    x = (
        (rng.standard_normal((50, 37)) * 1e6).astype(dtype)
        if dtype is not bool
        else rng.random((50, 37)) < 0.5
    )
    want = np.cumsum(x, axis=1)
    got = cumsum_rows(x)
    # Bit for bit, and in numpy's own result type (the book's bytes depend on both).
    assert got.dtype == want.dtype and got.tobytes() == want.tobytes()
    assert cumsum_rows(x[:, :1]).tobytes() == np.cumsum(x[:, :1], axis=1).tobytes()
