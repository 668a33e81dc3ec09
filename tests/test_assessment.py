"""Every question can be answered in an assessment pack: the reference solution of every
exercise, handed in from a real pack (no seed, no truth), is graded full marks."""

from __future__ import annotations

import nbformat
import pytest

from casekit.cohort import build_packs, grade_cohort, init_cohort
from casekit.cohort.packs import exercise_notebooks, solved_notebook
from casekit.cohort.store import read_grade
from casekit.nbbuild import sources
from casekit.resources import resource
from tests.conftest import private_secret

EXERCISES = [s.stem[:2] for s in sources(resource("exercises", "src"))]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """One English and one Chinese trainee, every exercise solved from their own pack."""
    tmp = tmp_path_factory.mktemp("assessment")
    roster = tmp / "roster.csv"
    roster.write_text("trainee_id,name,lang\nE1,Ann Lee,en\nZ1,王芳,zh\n", encoding="utf-8")
    secret = tmp / "secret.key"
    private_secret(secret, b"an-assessment-test-secret-of-enough-length")
    # A fixed cohort id: the same banks on every run (a random id would draw new ones).
    cohort, _ = init_cohort(
        roster, tmp / "cohort", mode="assessment", secret_file=secret, cohort_id="assessment"
    )
    build_packs(cohort, progress=False)
    subs = tmp / "submissions"
    for t in cohort.trainees:
        for number, built in exercise_notebooks(cohort, t.lang).items():
            (subs / t.trainee_id).mkdir(parents=True, exist_ok=True)
            nb = solved_notebook(cohort, t.trainee_id, number)
            nbformat.write(nb, subs / t.trainee_id / built.name)
    result = grade_cohort(cohort.root, subs, workers=2, progress=False)
    return cohort, result


def test_the_cohort_is_an_assessment_of_every_exercise(graded):
    from casekit.exercises import EXERCISES as MODULES

    cohort, result = graded
    assert cohort.mode == "assessment" and cohort.exercises == EXERCISES == list(MODULES)
    assert not result["errors"] and result["graded"] == 2 * len(EXERCISES)
    # The pack really is an assessment pack: its bank carries no truth to lean on.
    assert not list(cohort.pack_dir("E1").glob("data/**/truth*"))


@pytest.mark.parametrize("number", EXERCISES)
@pytest.mark.parametrize("tid", ["E1", "Z1"])
def test_the_reference_solution_scores_full_marks_in_an_assessment_pack(graded, tid, number):
    cohort, _ = graded
    rec = read_grade(cohort, tid, number)
    assert rec is not None and rec["status"] == "graded", rec and rec.get("reason")
    lost = {
        qid: (q["status"], q["message"])
        for qid, q in rec["questions"].items()
        if q["status"] not in ("correct", "collected") or q["points"] < q["max"]
    }
    assert not lost, f"{tid} exercise {number}: {lost}"
    assert rec["points"] == rec["max"] > 0


def test_a_held_out_period_is_not_in_the_pack_at_all(graded):
    """Exercise 5's watch list is scored on a year the trainee must not see: its pack bank
    stops before that year, so even reading the files cannot reveal who left in it."""
    from casekit.cohort.submissions import injected_values
    from casekit.exercises.ex05_churn import SEEN_MONTHS
    from casekit.loader import load_book

    cohort, _ = graded
    pack = cohort.pack_dir("E1")
    seen = load_book(pack / "data-05")
    full = load_book(pack / "data")
    months = sorted(full.panel["month"].unique())
    assert seen.panel["month"].max() == months[SEEN_MONTHS - 1] < full.panel["month"].max()
    assert seen.outcomes["churn_month"].dropna().max() <= months[SEEN_MONTHS - 1]
    nb = nbformat.read(pack / "05_churn_value.ipynb", as_version=4)
    assert injected_values(nb)["data"] == "data-05"
    other = nbformat.read(pack / "01_portfolio_360.ipynb", as_version=4)
    assert injected_values(other)["data"] == "data"


def test_the_grader_holds_the_keys_and_the_packs_hold_no_solution(graded):
    """Full marks above came from the keys (the grader's); no pack file carries a solution."""
    from casekit.exercises.keys import installed
    from tests.test_keys import solution_snippets, solutions_in

    cohort, _ = graded
    assert installed()
    snippets = solution_snippets()
    for t in cohort.trainees:
        pack = cohort.pack_dir(t.trainee_id)
        assert list(pack.glob("*.ipynb")), pack
        assert solutions_in(pack, snippets) == {}, t.trainee_id
    # The search does find them in what the trainer keeps: a solved notebook.
    solved = solved_notebook(cohort, "E1", "01")
    text = "\n".join(c.source for c in solved.cells)
    assert any(s in " ".join(text.split()) for s in snippets)
