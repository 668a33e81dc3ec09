"""The exercises: written once as solutions, generated for trainees, every check proved against
its solution (and known-wrong answers) by executing the solution notebooks; trainee notebooks
run top to bottom as "not attempted"; one trainee's answers fail another's checks."""

from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import pandas as pd
import papermill as pm
import pytest

from casekit import nbbuild
from casekit.errors import BadParameter
from casekit.exercises import EXERCISES, ____, module_of, read_results, start
from casekit.exercises.keys import keys_of, with_key
from casekit.messages import MESSAGES
from tests.conftest import ROOT
from tests.test_plain import AlwaysEqual, LyingInt, LyingStr, SneakyFrame

SOURCES = nbbuild.sources(ROOT / "exercises" / "src")
BUILT = [(s, lang) for s in SOURCES for lang in nbbuild.LANGS]
GOLDEN = ROOT / "tests" / "golden"
OTHER = {"seed": 7, "scenario": "city_commercial", "client_id": "C00011"}


def test_one_exercise_per_case_in_reading_order():
    cases = [s.stem for s in nbbuild.sources(ROOT / "notebooks" / "src")]
    assert [s.stem for s in SOURCES] == cases
    assert [s.stem[:2] for s in SOURCES] == list(EXERCISES)


@pytest.mark.parametrize(("source", "lang"), BUILT, ids=[f"{s.stem}-{lang}" for s, lang in BUILT])
def test_trainee_notebook_matches_its_solution_source(source, lang):
    path = nbbuild.target(source, lang, ROOT / "exercises")
    assert path.read_text(encoding="utf-8") == nbbuild.build(source, lang, "trainee"), (
        f"{path} is stale: run `make exercises`"
    )


@pytest.mark.parametrize(("source", "lang"), BUILT, ids=[f"{s.stem}-{lang}" for s, lang in BUILT])
def test_trainee_notebook_holds_no_solution(source, lang):
    nb = nbformat.read(nbbuild.target(source, lang, ROOT / "exercises"), as_version=4)
    text = "\n".join(c.source for c in nb.cells)
    assert "SOLUTION" not in text and "ex.expect(" not in text
    assert not [c for c in nb.cells if {"test", "solution"} & set(c.metadata.get("tags", []))]
    for qid in module_of(source.stem[:2]).QUESTIONS:
        code = [c.source for c in nb.cells if c.cell_type == "code"]
        cell = next(c for c in code if f"ex.{qid.qid}.check(" in c)
        assert "= ____" in cell, f"{source.stem} {qid.qid}: the starter cell has no ____"
    solution = nbformat.reads(nbbuild.build(source, lang), as_version=4)
    assert len(solution.cells) > len(nb.cells)  # the test cells were dropped


def test_generator_matches_the_golden_files():
    src = GOLDEN / "exercise_source.py"
    for lang in nbbuild.LANGS:
        golden = (GOLDEN / f"exercise_trainee_{lang}.ipynb").read_text(encoding="utf-8")
        assert nbbuild.build(src, lang, "trainee") == golden


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("# BEGIN SOLUTION\nx = 1\n", "has no '# END SOLUTION'"),
        ("# END SOLUTION\n", "unbalanced '# END SOLUTION'"),
        ("# BEGIN SOLUTION\n# BEGIN SOLUTION\n# END SOLUTION\n", "unbalanced '# BEGIN SOLUTION'"),
        ("print(1)  # SOLUTION\n", "marks only a line 'name = …'"),
    ],
)
def test_broken_solution_markers_are_named(code, fragment):
    with pytest.raises(BadParameter, match=fragment):
        nbbuild.trainee_code(code, "02_needs_analysis.py, cell 4")


def test_trainee_code_blanks_answers_and_keeps_the_rest():
    code = "a = 1\n# BEGIN SOLUTION\nb = a + 1\n# END SOLUTION\nanswer = b * 2  # SOLUTION\nq.check(answer)"
    assert nbbuild.trainee_code(code) == "a = 1\nanswer = ____\nq.check(answer)"


@pytest.mark.parametrize("number", list(EXERCISES))
def test_question_modules_are_complete(number):
    module = module_of(number)
    keys = keys_of(module.__name__) or {}
    qs = [with_key(q, keys.get(q.qid)) for q in module.QUESTIONS]  # the grader's view
    assert set(module.TITLE) == {"en", "zh"}
    checked = [q for q in qs if q.kind != "reflection"]
    assert len(checked) >= 5, f"exercise {number} has {len(checked)} auto-checked questions"
    assert any(q.kind == "reflection" for q in qs)
    assert [q.qid for q in qs] == [f"q{i}" for i in range(1, len(qs) + 1)]
    for q in qs:
        assert MESSAGES.get(q.what), f"{number} {q.qid}: unknown message key {q.what}"
        assert q.hints and all(set(h) == {"en", "zh"} and h["en"] and h["zh"] for h in q.hints)
        if q.kind != "reflection":
            assert q.points > 0 and len(q.hints) >= 2
            assert q.solution_text.get("en") and q.solution_text.get("zh")
    source = next(s for s in SOURCES if s.stem.startswith(number)).read_text(encoding="utf-8")
    for q in qs:
        assert f"ex.{q.qid}.check(" in source, f"{number} {q.qid} is not checked in its notebook"
        if q.kind != "reflection":
            assert f"ex.expect(ex.{q.qid}," in source, f"{number} {q.qid} has no test cell"


def test_the_exercises_mix_every_kind_of_question():
    kinds = {q.kind for n in EXERCISES for q in module_of(n).QUESTIONS}
    assert {"number", "table", "pairs", "ranking", "scored", "choice", "reflection"} <= kinds
    plans = [q for q in module_of("03").QUESTIONS if q.kind == "scored"]
    assert plans and plans[0].columns == ("client_id", "product")


def _run(notebook: Path, out: Path, parameters: dict) -> dict:
    """Execute a notebook (no HTML) and return the results it recorded."""
    out.mkdir(parents=True, exist_ok=True)
    done = out / notebook.name
    pm.execute_notebook(
        str(notebook),
        str(done),
        parameters=parameters,
        progress_bar=False,
        cwd=str(ROOT),
        **nbbuild.kernel_options(),
    )
    return read_results(json.loads(done.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> dict[tuple[str, str, str], dict]:
    """Every solution notebook (English with the defaults, Chinese with another seed and
    scenario, test cells included) and every trainee notebook, two kernels at a time."""
    tmp = tmp_path_factory.mktemp("exercises")
    solutions = nbbuild.build_solutions(tmp / "solutions")
    jobs = []
    for nb in solutions:
        lang = nb.parent.name
        jobs.append(("solution", lang, nb, {} if lang == "en" else OTHER))
    for source, lang in BUILT:
        jobs.append(("trainee", lang, nbbuild.target(source, lang, ROOT / "exercises"), {}))
    import multiprocessing

    # Spawned workers: a forked one inherits other tests' thread locks and can hang.
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = list(
            pool.map(
                _run,
                [j[2] for j in jobs],
                [tmp / "run" / j[0] / j[1] for j in jobs],
                [j[3] for j in jobs],
            )
        )
    return {(kind, lang, nb.stem): r for (kind, lang, nb, _), r in zip(jobs, results, strict=True)}


def test_every_solution_passes_every_check(executed):
    solutions = {k: v for k, v in executed.items() if k[0] == "solution"}
    assert len(solutions) == 2 * len(SOURCES)
    for key, res in solutions.items():
        assert res, f"{key} recorded no results"
        statuses = set(res["status"].values())
        assert statuses <= {"correct", "collected"}, (key, res["status"])
        assert res["points"] == res["max"] > 0


def test_every_trainee_notebook_runs_and_reports_not_attempted(executed):
    trainees = {k: v for k, v in executed.items() if k[0] == "trainee"}
    assert len(trainees) == 2 * len(SOURCES)
    for key, res in trainees.items():
        assert set(res["status"].values()) == {"not_attempted"}, (key, res["status"])
        assert res["points"] == 0 and res["max"] > 0


def _right_answers(ex) -> dict:
    """What each deterministic question expects, for the exercise's own bank."""
    from casekit.questions import DecisionQuestion

    why = "Because the evidence of this bank points this way, and I would act on it this week."
    return {
        qid: {"decision": q.expected(ex), "why": why}
        if isinstance(q, DecisionQuestion)
        else q.expected(ex)
        for qid, q in ex.questions.items()
        if q.kind not in ("reflection", "scored")
    }


@pytest.mark.parametrize("number", list(EXERCISES))
def test_one_trainees_right_answers_fail_anothers_checks(number, capsys):
    mine = start(number, seed=101)
    theirs = start(number, seed=202, scenario="city_commercial")
    answers = _right_answers(mine)
    assert answers
    assert all(mine.questions[q].check(a).correct for q, a in answers.items())
    passed = [q for q, a in answers.items() if theirs.questions[q].check(a).correct]
    # A bottleneck stage or a most-misleading lens can coincide by chance; figures cannot.
    assert len(passed) <= len(answers) // 3, f"{number}: {passed} pass for another trainee"


def test_checks_record_results_and_answers(capsys):
    ex = start("01", lang="zh")
    assert "练习一" in capsys.readouterr().out
    right = ex.q1.expected(ex)
    assert ex.q1.check(right).correct and ex.q3.check(____).status == "not_attempted"
    ex.q6.verdict([])  # a test cell's check is not recorded
    ex.record()
    table = ex.results()
    assert table.set_index("question").loc["q1", "status"] == "correct"
    assert table.set_index("question").loc["q6", "status"] == "not_checked"
    out = capsys.readouterr().out
    # What the trainee reads: their language, no codes, no JSON.
    assert "目前自动评分得分：1 / " in out and "第 1 题" in out and "正确" in out
    assert "尚未检查" in out and "未作答" in out
    for raw in ("not_attempted", "not_checked", "correct", "{", "casekit-"):
        assert raw not in out, raw
    assert ex.answers() == {"q1": right, "q3": None}


def test_each_trainee_gets_fresh_questions():
    a, b = start("01", seed=1), start("01", seed=2)
    assert a.q1 is not b.q1 and a.q1.context is a and b.q1.context is b
    assert module_of("01").QUESTIONS[0].context is None  # the templates stay unbound


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"mode": "exam"}, "unknown mode 'exam'"),
        ({"mode": "assessment"}, "assessment mode needs data"),
        ({"segment": "vip"}, "unknown segment 'vip'"),
        ({"client_id": "C99999"}, "client_id 'C99999' is not in this book"),
        ({"lang": "fr"}, "unknown language 'fr'"),
        ({"scenario": "moon_bank"}, "unknown scenario 'moon_bank'"),
    ],
)
def test_bad_parameters_get_one_clear_message(kwargs, fragment):
    with pytest.raises(BadParameter, match=fragment):
        start("02", **kwargs)


def test_chinese_parameters_errors_are_in_chinese():
    with pytest.raises(BadParameter, match="未知模式"):
        start("02", mode="exam", lang="zh")
    with pytest.raises(BadParameter, match="unknown exercise '11'"):
        start("11")


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    """An assessment pack's bank: data without seed or truth."""
    import casekit

    out = tmp_path_factory.mktemp("pack") / "bank"
    casekit.save_book(casekit.generate_book(seed=303), out, include_truth=False)
    manifest = (out / "book.json").read_text(encoding="utf-8")
    assert '"seed"' not in manifest and not (out / "truth").exists()
    return out


def test_assessment_mode_only_says_well_formed(pack, capsys):
    ex = start("02", mode="assessment", data=str(pack))
    practice = start("02", seed=303)
    right = practice.q1.expected(practice)
    v = ex.q1.check(right)
    assert v.status == "well_formed" and v.points == 0 and v.answer == right
    assert ex.q1.check("many").status == "invalid"
    assert ex.q2.check([["C99999", "capex"]]).status == "invalid"
    assert ex.q5.check([["C00001", "capex"]]).status == "well_formed"
    assert "not shown in assessment" in ex.q1.solution()
    assert ex.q1.hint()  # hints stay available
    assert ex.q7.check("Notes were noisy; I would ask about expansion plans.").status == (
        "collected"
    )


def test_a_pack_without_truth_cannot_be_scored_in_practice(pack):
    ex = start("02", data=str(pack))
    v = ex.q5.check([["C00001", "capex"]])
    assert v.status == "invalid" and "can only be scored by the trainer" in v.message


@pytest.fixture(scope="module")
def ex01():
    return start("01")


@pytest.mark.parametrize(
    ("qid", "answer", "status", "fragment"),
    [
        ("q2", ____, "not_attempted", "replace ____"),
        ("q2", 42, "invalid", "should be a table"),
        ("q2", [], "invalid", "is empty"),
        ("q2", {"tier": ["key"], "clients": [1]}, "invalid", "missing deposits"),
        (
            "q2",
            pd.DataFrame({"tier": ["key"], "clients": [None], "deposits": [1.0]}),
            "invalid",
            "empty value",
        ),
        (
            "q2",
            pd.DataFrame({"tier": ["key"], "clients": ["many"], "deposits": [1.0]}),
            "invalid",
            "must hold numbers",
        ),
        ("q5", ["basic_account", None], "invalid", "empty value"),
        ("q5", ["gold_bars"], "invalid", "'gold_bars' is not a known code"),
        ("q6", "C00001", "invalid", "should be a list, first place first"),
        ("q6", [1.5, 2.5], "invalid", "should be a list, first place first"),
        ("q4", [1, 2, 3], "invalid", "Expected a number"),
        ("q4", float("nan"), "invalid", "Expected a number"),
        ("q4", AlwaysEqual(), "invalid", "cannot be checked"),
        (
            "q2",
            SneakyFrame({"tier": ["key"], "clients": [1], "deposits": [AlwaysEqual()]}),
            "invalid",
            "cannot be checked",
        ),
    ],
)
def test_bad_answers_get_their_own_message(ex01, qid, answer, status, fragment):
    v = ex01.questions[qid].verdict(answer)
    assert v.status == status and fragment in v.message, v.message
    assert v.points == 0


def test_honest_subclasses_are_read_and_liars_cannot_pass(ex01):
    q1 = ex01.q1
    right = q1.expected(ex01)
    assert q1.verdict(LyingInt(right)).correct  # an honest value in a doctored class
    assert not q1.verdict(LyingInt(right + 7)).correct  # its __eq__ is never asked
    held = [p[0] for p in ex01.q5.expected(ex01)]
    assert ex01.q5.verdict([LyingStr(p) for p in held]).correct
    assert not ex01.q5.verdict([LyingStr("overdraft")]).correct
    table = ex01.q2.expected(ex01)
    assert ex01.q2.verdict(SneakyFrame(table)).correct
    assert not ex01.q2.verdict(SneakyFrame(table.assign(deposits=0.0))).correct


def test_a_doctored_dataframe_cannot_claim_equality(ex01):
    wrong = SneakyFrame({"tier": ["key"], "clients": [1], "deposits": [1.0]})
    v = ex01.q2.verdict(wrong)
    assert v.status == "incorrect" and v.points < ex01.q2.points


def test_cli_reports_stale_trainee_notebooks_and_unknown_exercises(tmp_path, capsys):
    from casekit.cli import main

    assert main(["exercises", "build", "--check"]) == 0
    assert main(["exercises", "run", "--only", "99", "--out", str(tmp_path)]) == 2
    assert "no exercise numbered '99'" in capsys.readouterr().err
