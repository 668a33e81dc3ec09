"""The sandbox's front: malformed tables refused in the trainee's language with the row and the
fix (nothing simulated lost), the panel over the pandas path, the truthless hand-over and plans,
the case's sentences true on every scenario, and the exercise's scoring of a run."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import casekit
from casekit import sandbox as sb
from casekit.narrative import tell
from casekit.sandbox import claims
from casekit.sandbox import rules as R


@pytest.fixture(scope="module")
def bank():
    return casekit.generate_book(clients=600, seed=11)


def _here(sim):
    return list(sim.observe()["panel"].query("status != 'gone'")["client_id"])


def _refused(sim, table, *words):
    before = (sim.quarter, sim.metrics(), len(sim.history))
    with pytest.raises(sb.BadDecision) as err:
        sim.decide(table)
    text = str(err.value)
    for w in words:
        assert w in text, text
    assert (sim.quarter, sim.metrics(), len(sim.history)) == before
    return text


def test_malformed_tables_name_the_row_and_the_fix_in_both_languages(bank):
    en = sb.start(bank, quarters=3)
    en.advance(sb.sensible(en))
    cid = _here(en)[0]
    # No kind column at all: the fix names the column and the kinds, and what the table has.
    _refused(en, pd.DataFrame({"client_id": [cid], "hours": [2]}), "no column kind", "visit")
    # A misspelt column is named with the one it was meant to be, not silently ignored.
    _refused(
        en, pd.DataFrame({"kind": ["visit"], "client_id": [cid], "hour": [2]}), "'hour'", "hours"
    )
    # The trainee's own row labels name the row (a filtered table keeps its index).
    table = pd.DataFrame(
        {"kind": ["visit", "visit"], "client_id": [cid, "C99999"], "hours": [2.0, 2.0]},
        index=[17, 42],
    )
    text = _refused(en, table, "row 42", "C99999", "look like")
    assert "1 quarter(s) already simulated are kept" in text
    _refused(en, [{"kind": "visit", "client_id": cid, "hours": -2}], "row 0", "at least 0")
    _refused(en, [{"kind": "offer", "client_id": cid, "product": "gold_bar"}], "catalogue")
    _refused(
        en,
        [{"kind": "offer", "client_id": cid, "product": "payroll_service", "price": 1.5}],
        "band",
    )
    # Extra analysis columns that are not near a decision column are the trainee's own: kept.
    ok = en.decide(
        pd.DataFrame({"kind": ["visit"], "client_id": [cid], "hours": [2.0], "score": [0.7]})
    )
    assert list(ok["client_id"]) == [cid]
    zh = sb.start(bank, quarters=2, lang="zh")
    text = _refused(zh, pd.DataFrame({"kind": ["visit"], "client": [cid], "hours": [2]}), "第 0 行")
    assert "client_id" in text and "请改名或删除该列" in text
    text = _refused(zh, [{"kind": "visit", "client_id": cid, "hours": -1}], "hours", "不小于 0")
    assert re.search(r"[\u4e00-\u9fff]", text)


def test_the_panel_loads_tables_refuses_bad_ones_and_advances(bank):
    from casekit.sandbox.widgets import panel

    sim = sb.start(bank, quarters=2, lang="zh")
    ui = panel(sim)
    assert "经营沙盘" in ui.title.value and "panel.load" in ui.message.value
    cid = _here(sim)[0]
    assert not ui.load([{"kind": "visit", "client_id": "C99999", "hours": 2}])
    assert "C99999" in ui.message.value and "#c62828" in ui.message.value
    assert sim.quarter == 0 and sim._pending is None
    # The form adds a row to the table and checks the whole table again.
    ui.kind.value, ui.client.value, ui.hours.value = "visit", cid, 3.0
    assert ui.add_row() and len(ui.table) == 1 and "1 行决策" in ui.message.value
    ui.kind.value, ui.client.value = "visit", "NOPE"
    assert not ui.add_row() and len(ui.table) == 1  # a refused row leaves the table as it was
    assert ui.load(sb.sensible(sim))
    assert ui.advance() and sim.quarter == 1
    assert sim.history[0]["kind"].value_counts()["visit"] > 1  # the loaded table, not the form's
    assert ui.chart.value[:4] == b"\x89PNG" and "leads" in ui.which.options
    assert ui.advance() and sim.quarter == 2 and "debrief" in ui.message.value
    assert not ui.advance() and sim.quarter == 2


def test_the_handover_needs_no_truth_and_matches_the_sandbox(bank):
    bare = casekit.book.Book(tables=bank.tables, truth={}, meta=bank.meta)
    seen = sb.handover(bare)
    inside = sb.start(bank).observe()
    for name in ("panel", "warnings"):
        pd.testing.assert_frame_equal(
            seen[name].reset_index(drop=True),
            inside[name].reset_index(drop=True),
            check_dtype=False,
        )


def test_a_plan_is_replayed_leniently_and_a_rule_break_still_refused(bank):
    here = sb.handover(bank)["panel"].query("status != 'gone'")
    visits = pd.DataFrame({"kind": "visit", "client_id": here["client_id"].iloc[:60], "hours": 3.0})
    record = sb.plan(bank, [visits] * 8)
    assert len(record["decisions"]) == 8 and "seed" not in record
    strict_fails = False
    try:
        sb.replay(bank, record)
    except sb.BadDecision:
        strict_fails = True  # a client visited in quarter 1 may have left by quarter 8
    run = sb.replay(bank, record, lenient=True)
    assert run.quarter == 8 and (run.dropped > 0) == strict_fails
    over = sb.plan(bank, [pd.concat([visits] * 2, ignore_index=True)] * 8)  # 360 hours
    with pytest.raises(sb.BadDecision, match="budget"):
        sb.replay(bank, over, lenient=True)
    typo = sb.plan(bank, [[{"kind": "visit", "client_id": "C0000X", "hours": 2}]] * 8)
    with pytest.raises(sb.BadDecision, match="C0000X"):
        sb.replay(bank, typo, lenient=True)


@pytest.mark.parametrize("scenario", ["national_branch", "city_commercial", "rural"])
@pytest.mark.parametrize("seed", [3, 21])
def test_every_case_sentence_has_exactly_one_true_wording(scenario, seed):
    book = casekit.generate_book(clients=500, seed=seed, scenario=scenario)
    runs = {
        "do_nothing": sb.start(book, quarters=3).run(sb.do_nothing),
        "random": sb.start(book, quarters=3).run(sb.random_policy(seed)),
        "sensible": sb.start(book, quarters=3).run(sb.sensible),
        "best_known": sb.start(book, quarters=3).run(sb.best_known),
    }
    debrief = runs["sensible"].debrief()
    for lang in ("en", "zh"):
        f = claims.figures(runs, debrief, lang)
        text = tell(claims.CLAIMS, f, lang)  # raises if no wording, or two, hold
        assert f"{f['good_value']:,.0f}" in text
        # The wording chosen says what the figures say.
        worse = f["gain"] <= 0
        assert (
            ("short of doing nothing" in text) or ("少" in text and "得不偿失" in text)
        ) == worse


def test_the_exercise_scores_a_run_from_its_decisions_never_its_claims(bank):
    from casekit.exercises import Exercise
    from casekit.exercises.ex10_sandbox import QUARTERS

    ex = Exercise("10", bank, lang="en")  # a small bank keeps the test quick
    good = sb.start(bank, quarters=QUARTERS).run(sb.sensible).record()
    rand = sb.start(bank, quarters=QUARTERS).run(sb.random_policy(1)).record()
    v_good, v_rand = ex.q5.verdict(good), ex.q5.verdict(rand)
    assert v_good.status == "correct", v_good.message
    assert v_rand.status == "incorrect" and v_rand.points < ex.q5.points / 2, v_rand.message
    forged = {**rand, "scorecard": good["scorecard"]}
    v_forged = ex.q5.verdict(forged)
    assert v_forged.points == v_rand.points and "ignored" in v_forged.message
    assert "ignored" not in v_rand.message
    assert ex.q5.verdict({**good, "decisions": good["decisions"][:2]}).status == "invalid"
    assert ex.q5.verdict({**good, "hours_budget": 480}).status == "invalid"
    assert ex.q5.verdict("my run").status == "invalid"
    # Assessment: no truth, so the check only says the run is well formed.
    bare = casekit.book.Book(tables=bank.tables, truth={}, meta=bank.meta)
    assessed = Exercise("10", bare, mode="assessment")
    assert assessed.q5.verdict(good).status == "well_formed"
    assert assessed.q1.verdict(ex.q1.expected(ex)).status == "well_formed"
    assert R.DEFAULT_HOURS_BUDGET == good["hours_budget"]
