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
