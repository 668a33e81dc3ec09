"""Checks a trainer can trust: every solution passes on every scenario, several seeds and the
smallest bank; every ``.solution()`` passes pasted into a fresh trainee notebook; every declared
misconception is named by its check and proved by a test cell; open answers give a random or a
wrong method little credit and the reference full credit; messages agree with themselves."""

from __future__ import annotations

import os
import re

import numpy as np
import pandas as pd
import pytest

from casekit.exercises import EXERCISES, module_of, start
from casekit.exercises.inprocess import execute, source_of
from casekit.messages import MESSAGES, say
from casekit.messages_page import fields, render
from casekit.questions import NumberQuestion
from casekit.scenarios import SCENARIOS
from casekit.table_questions import PairsQuestion, ScoredQuestion, TableQuestion

SMALLEST = 50  # the fewest clients the generator allows
RUNS = [
    ("en", {}, 0),
    ("en", {"scenario": "city_commercial", "seed": 7}, 0),
    ("en", {"scenario": "rural", "seed": 3}, 0),
    ("zh", {"scenario": "rural", "seed": 11, "client_id": "C00011"}, 0),
    ("en", {"seed": 5}, SMALLEST),
    ("zh", {"scenario": "city_commercial", "seed": 9, "client_id": "C00011"}, SMALLEST),
]


def _id(run) -> str:
    lang, params, clients = run
    return f"{lang}-{params.get('scenario', 'national_branch')}-{params.get('seed', 42)}-{clients or 2000}"


@pytest.mark.parametrize("run", RUNS, ids=[_id(r) for r in RUNS])
@pytest.mark.parametrize("number", list(EXERCISES))
def test_every_solution_and_its_test_cells_pass_on_every_bank(number, run, capsys):
    lang, params, clients = run
    ex = execute(number, lang, params, clients=clients)["ex"]
    statuses = {q: v.status for q, v in ex.log.items()}
    assert set(statuses.values()) <= {"correct", "collected"}, statuses
    assert set(statuses) == set(ex.questions)


def _pasteable() -> list[tuple[str, str, str]]:
    return [
        (n, q.qid, lang)
        for n in EXERCISES
        for q in module_of(n).QUESTIONS
        if q.kind != "reflection"
        for lang in ("en", "zh")
    ]


@pytest.mark.parametrize(("number", "qid", "lang"), _pasteable())
def test_every_solution_text_passes_pasted_into_a_fresh_trainee_notebook(number, qid, lang):
    ex = execute(number, lang, variant="trainee", paste=qid)["ex"]
    v = ex.log[qid]
    assert v.status == "correct", f"{number} {qid} ({lang}): {v.status}: {v.message}"
    others = {q: v.status for q, v in ex.log.items() if q != qid}
    assert set(others.values()) == {"not_attempted"}, others  # the notebook was fresh


@pytest.mark.parametrize("number", list(EXERCISES))
def test_every_declared_mistake_is_named_in_both_languages_and_proved_by_a_test_cell(number):
    source = source_of(number).read_text(encoding="utf-8")
    declared = [(q, m) for q in module_of(number).QUESTIONS for m in q.mistakes]
    cells = re.split(r"^# %%", source, flags=re.M)
    for q, m in declared:
        assert set(m.says) == {"en", "zh"} and all(m.says.values()), (q.qid, m.key)
        proved = [
            c
            for c in cells
            if c.startswith(' tags=["test"]')
            and re.search(rf"expect_mistake\(\s*ex\.{q.qid},", c)
            and f'"{m.key}"' in c
        ]
        assert proved, f"{number} {q.qid}: mistake {m.key!r} has no test cell"
    assert len(declared) >= 5, f"exercise {number} declares only {len(declared)} mistakes"


def _scored(number: str) -> ScoredQuestion:
    return next(q for q in module_of(number).QUESTIONS if isinstance(q, ScoredQuestion))


def _random_answer(q: ScoredQuestion, ex, rng: np.random.Generator) -> object:
    """An answer of the reference's size, drawn at random from the allowed values."""
    ranges = {c: (lo, hi) for c, lo, hi in q.ranges}
    if ranges:  # a rule: random numbers in the allowed ranges
        return {c: round(float(rng.uniform(*ranges[c]))) for c in q.columns}
    ref = q.frame(q.reference(ex))
    rows = {}
    for c in q.columns:
        pool = sorted(q.valid(ex)[c]) if q.valid else sorted(ref[c].astype(str).unique())
        rows[c] = rng.choice(pool, len(ref))
    return pd.DataFrame(rows)


BANKS = [("national_branch", 42), ("city_commercial", 7), ("rural", 3), ("national_branch", 101)]


@pytest.mark.parametrize(("scenario", "seed"), BANKS)
@pytest.mark.parametrize("number", ["02", "03", "04", "05"])
def test_open_answers_reward_the_method_not_luck(number, scenario, seed, capsys):
    ex = start(number, seed=seed, scenario=scenario)
    q = ex.questions[_scored(number).qid]
    ref = q.verdict(q.reference(ex))
    assert ref.correct, ref.message
    rng = np.random.default_rng(seed)
    if q.ranges:  # a random rule is still a rule: some draws are workable ones, so on average
        randoms = [q.verdict(_random_answer(q, ex, rng)).points for _ in range(20)]
        assert np.mean(randoms) <= 0.4 * q.points, randoms  # measured 0.09-0.38
    else:
        randoms = [q.verdict(_random_answer(q, ex, rng)).points for _ in range(3)]
        assert max(randoms) <= 0.3 * q.points + 1e-9, randoms
    for m in q.mistakes:
        v = q.verdict(m.answer(ex))
        assert v.status == "incorrect" and v.points <= 0.3 * q.points + 1e-9, (m.key, v.message)
        assert m.text("en") in v.message


def test_a_hindsight_watch_list_earns_nothing_on_the_held_out_year(capsys):
    ex = start("05", seed=42)
    seen = ex.book.panel["month"].max()
    assert seen < ex.full_book.panel["month"].max()
    assert ex.book.outcomes["churn_month"].dropna().max() <= seen
    assert ex.book.surveys["month"].max() <= seen
    # The clients who really left in the held-out year: a perfect list only the bank's future
    # knows, which no column of the trainee's data reveals.
    o = ex.full_book.outcomes
    future = o.loc[o["churn_month"].gt(seen) & o["churn_status"].ne("active"), "client_id"]
    assert not set(future) & set(
        ex.book.outcomes.loc[ex.book.outcomes["churn_status"].ne("active"), "client_id"]
    )
    v = ex.q5.verdict(
        ex.book.outcomes.loc[ex.book.outcomes["churn_status"].ne("active")]["client_id"]
        .iloc[:200]
        .tolist()
    )
    assert v.points == 0 and "already left" in v.message


def test_the_fee_effect_is_each_trainees_own(capsys):
    truths = [start("06", seed=s).q5.expected(start("06", seed=s)) for s in (1, 3, 7, 42, 101)]
    assert len({round(x, 3) for x in truths}) == 5 and max(truths) - min(truths) > 0.05
    constant = [start("06", seed=s).q5.verdict(0.12).correct for s in (1, 3, 7, 42, 101)]
    assert sum(constant) <= 1


def test_both_forms_of_did_pass_and_the_naive_ones_are_named(capsys):
    from casekit_keys.ex06_effect import _change, did_additive

    ex = start("06", seed=42)
    assert ex.q4.verdict(did_additive(ex.book, "deposit_avg")).correct
    assert ex.q4.verdict(ex.q4.expected(ex)).correct
    v = ex.q4.verdict(_change(ex.book, "deposit_avg", True))
    assert v.status == "incorrect" and "take off what the others did" in v.message


@pytest.mark.parametrize("seed", [42, 7])
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_judging_the_bottleneck_by_mean_hours_names_another_stage(scenario, seed, capsys):
    """Exercise 3 q2's mistake of the mean is a wrong answer on every bank, and named: a few
    requests stalled for weeks pull a stage that is not the bottleneck above it."""
    from casekit.exercises.ex03_service import STAGES

    ex = start("03", seed=seed, scenario=scenario)
    r = ex.book.service_requests
    hours = pd.DataFrame(
        {s: (r[b] - r[a]).dt.total_seconds() / 3600 for s, (a, b) in STAGES.items()}
    )
    facts = ex.book.meta["facts"]
    by_median, by_mean = hours.median().idxmax(), hours.mean().idxmax()
    assert by_median == facts["bottleneck_stage"]
    assert by_mean == facts["stuck_stage"] != by_median
    assert ex.q2.verdict(by_median).correct
    ex.expect_mistake(ex.q2, by_mean, "mean")
    ex.expect_mistake(ex.q1, hours.mean().rename("median_hours"), "mean")


@pytest.mark.parametrize(
    ("number", "qid", "answer", "lang"),
    [
        ("03", "q2", "审批", "zh"),
        ("03", "q2", "Approved", "en"),
        ("06", "q6", "试点组与其他客户对比", "zh"),
    ],
)
def test_choices_accept_labels_in_the_trainees_language(number, qid, answer, lang, capsys):
    ex = start(number, lang=lang)
    q = ex.questions[qid]
    code = q.code_of(answer)
    assert code in q.options
    assert q.verdict(answer).status == ("correct" if code == q.expected(ex) else "incorrect")


def test_products_answer_by_their_chinese_name(capsys):
    from casekit import catalog as cat

    ex = start("01", lang="zh")
    h = ex.book.holdings
    ex.client_id = h.loc[h["end_month"].isna(), "client_id"].iloc[0]  # a client holding some
    held = [p for (p,) in ex.q5.expected(ex)]
    assert held
    assert ex.q5.verdict([cat.label("product", p, "zh") for p in held]).correct
    assert ex.q5.verdict(held).correct  # codes still answer
    assert ex.q5.verdict(["理财大礼包"]).status == "invalid"  # not a product


def test_a_wrong_figure_is_described_before_its_distance_is_shown(capsys):
    ex = start("01")
    right = ex.q1.expected(ex)
    first = ex.q1.check(right + 5)
    assert "too high" in first.message and "5" not in first.message.replace("50%", "")
    assert str(right) not in first.message
    ex.q1.check(right + 5)
    third = ex.q1.check(right + 5)
    assert "by 5" in third.message and "exact" in third.message


def test_a_share_given_as_a_percentage_is_told_so(capsys):
    ex = start("01")
    v = ex.q3.check(ex.q3.expected(ex) * 100)
    assert v.message == say("check_percent_not_share", "en")


def test_the_issues_self_contradicting_messages_are_gone(book):
    def pairs(ctx):
        return [["C00001", "capex"], ["C00002", "payroll"]]

    q = PairsQuestion("q", pairs).bind(book)
    v = q.verdict([["C00001", "capex"], ["C00002", "payroll"], ["C00003", "capex"]])
    assert "found 2 of the 2 expected rows and listed 1 that should not be there" in v.message
    t = TableQuestion(
        "q", lambda ctx: {"k": ["a"], "x": [1.0]}, columns=("k", "x"), keys=("k",)
    ).bind(book)
    v = t.verdict({"k": ["a", "b"], "x": [1.0, 2.0]})
    assert "1 are right, 0 are off and 0 are missing; rows not expected: 1" in v.message
    n = NumberQuestion("q", lambda ctx: 0.081, abs_tol=0.0005, form="0.08 = +8%").bind(book)
    for _ in range(3):
        v = n.check(0.0801)
    assert "0.08 = +8%" not in v.message and "by 0.00 " not in v.message
    n = NumberQuestion("q", lambda ctx: 0.081, abs_tol=0.0005, form="0.08 = +8%").bind(book)
    assert "0.08 = +8%" in n.check("8%").message


@pytest.mark.parametrize("key", list(MESSAGES))
def test_every_message_renders_in_both_languages_with_the_same_fields(key):
    entry = MESSAGES[key]
    assert set(entry) == {"en", "zh"}
    assert {f for f, _ in fields(entry["en"])} == {f for f, _ in fields(entry["zh"])}, key
    for lang in ("en", "zh"):
        text = render(key, lang)
        assert not re.search(r"\{[a-z_]\w*(![rs])?(:[^}]*)?\}", text), (key, lang, text)
        if key.startswith("check_"):  # a trainee's feedback reads with real sample values
            assert "<" not in text, (key, lang, text)


def test_the_message_page_is_written(tmp_path):
    from casekit.messages_page import write

    out = write(tmp_path / "messages.html")
    text = out.read_text(encoding="utf-8")
    assert text.count("<tr>") == len(MESSAGES) + 1 and "还不对" in text


def test_question_fingerprints_are_the_same_in_every_process():
    """The grader re-checks a grade only when a question changed: a fingerprint that held a
    function's memory address (a declared mistake, an alternative method) would always differ."""
    import json
    import subprocess
    import sys

    code = (
        "import json, io, contextlib\n"
        "from casekit.cohort.grading import fingerprint\n"
        "from casekit.exercises import EXERCISES, module_of\n"
        "print(json.dumps({n: [fingerprint(q) for q in module_of(n).QUESTIONS] for n in EXERCISES}))"
    )
    from casekit.cohort.grading import fingerprint

    here = {n: [fingerprint(q) for q in module_of(n).QUESTIONS] for n in EXERCISES}
    there = json.loads(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    )
    assert there == here


def test_an_in_process_run_leaves_the_plotting_backend_to_later_kernels(monkeypatch):
    """A kernel started after an in-process run inherits the environment: with MPLBACKEND=Agg
    left behind, every case run later in the same process drew no charts (a bug found here)."""
    monkeypatch.delenv("MPLBACKEND", raising=False)
    execute("01", "en")
    assert "MPLBACKEND" not in os.environ
    monkeypatch.setenv("MPLBACKEND", "svg")  # a trainer's own setting is kept
    execute("01", "en")
    assert os.environ["MPLBACKEND"] == "svg"
