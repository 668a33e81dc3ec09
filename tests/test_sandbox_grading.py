"""The sandbox in a cohort: an assessment pack's plan is graded by replaying its decisions from
the secret, a forged submission's claimed outcomes count for nothing, the report ranks the runs
and shows their spread per lens, and the trainer replays any run quarter by quarter."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest

from casekit.cohort import build_packs, grade_cohort, init_cohort, write_report
from casekit.cohort import sandbox_league as league
from casekit.cohort.packs import exercise_notebooks, solved_notebook
from casekit.cohort.store import read_grade
from tests.conftest import private_secret

FORGED = (
    "run = {'quarters': 8, 'hours_budget': 240.0, 'decisions': [[] for _ in range(8)],\n"
    "       'scorecard': {'contribution': 1e9, 'nps': 100.0, 'full_churn': 0.0}}"
)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """An assessment cohort of the sandbox exercise: E1 hands in the reference plan, Z1 a
    forged one (no decisions, claiming a splendid scorecard)."""
    tmp = tmp_path_factory.mktemp("sandbox_cohort")
    roster = tmp / "roster.csv"
    roster.write_text("trainee_id,name,lang\nE1,Ann Lee,en\nZ1,王芳,zh\n", encoding="utf-8")
    secret = private_secret(tmp / "secret.key", b"a-sandbox-cohort-test-secret-of-enough-length")
    cohort, _ = init_cohort(
        roster, tmp / "cohort", mode="assessment", exercises=["10"], secret_file=secret,
        cohort_id="sandbox",
    )  # fmt: skip
    build_packs(cohort, progress=False)
    subs = tmp / "submissions"
    for t in cohort.trainees:
        built = exercise_notebooks(cohort, t.lang)["10"]
        nb = solved_notebook(cohort, t.trainee_id, "10")
        if t.trainee_id == "Z1":
            cell = next(c for c in nb.cells if "run = sandbox.plan(book, tables)" in c.source)
            cell.source = cell.source.replace(
                "run = sandbox.plan(book, tables)  # SOLUTION", FORGED
            )
        (subs / t.trainee_id).mkdir(parents=True)
        nbformat.write(nb, subs / t.trainee_id / built.name)
    result = grade_cohort(cohort.root, subs, workers=2, progress=False)
    return cohort, result


def test_the_reference_plan_from_an_assessment_pack_scores_full_marks(graded):
    cohort, result = graded
    assert not result["errors"] and result["graded"] == 2
    assert not list(cohort.pack_dir("E1").glob("data/**/truth*"))  # the pack held no truth
    rec = read_grade(cohort, "E1", "10")
    assert rec["status"] == "graded", rec.get("reason")
    assert rec["points"] == rec["max"] > 0, {q: v["message"] for q, v in rec["questions"].items()}
    got = rec["sandbox"]
    assert got["metrics"]["contribution"] > got["do_nothing"]["contribution"]
    assert got["claims_match"] is None  # a plan claims no outcome


def test_a_forged_submissions_claimed_outcomes_count_for_nothing(graded):
    cohort, _ = graded
    rec = read_grade(cohort, "Z1", "10")
    q5 = rec["questions"]["q5"]
    assert q5["answer"]["scorecard"]["contribution"] == 1e9  # what it claimed, kept as evidence
    assert q5["status"] == "incorrect" and q5["points"] == 0.0
    assert "不予采信" in q5["message"]  # said in the trainee's language
    got = rec["sandbox"]
    assert got["claims_match"] is False
    # Replayed, its decisions (none) are exactly doing nothing.
    assert got["metrics"] == got["do_nothing"]


def test_the_report_ranks_the_runs_and_shows_their_spread(graded):
    cohort, _ = graded
    records = {
        (t.trainee_id, "10"): read_grade(cohort, t.trainee_id, "10") for t in cohort.trainees
    }
    table = league.league(cohort, records)
    assert list(table["trainee_id"]) == ["E1", "Z1"]
    assert table.loc[0, "score"] > 0 and table.loc[1, "score"] == 0
    assert table.loc[1, "claims_false"] and not table.loc[0, "claims_false"]
    spread = league.distribution(table)
    assert list(spread.index) == list(league.LENSES) and (spread["count"] == 2).all()
    page = write_report(cohort).read_text(encoding="utf-8")
    assert "League table · 排行榜" in page and "Outcomes per lens" in page
    assert "forged claims" in page


def test_the_trainer_replays_a_run_quarter_by_quarter(graded):
    cohort, _ = graded
    table = league.replay_table(cohort, "E1")
    assert list(table.index) == list(range(9))  # the hand-over and eight quarters
    assert table.loc[1:, "visit"].min() > 0
    out = subprocess.run(
        [sys.executable, "-m", "casekit", "cohort", "replay", str(cohort.root), "E1"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "contribution" in out and len(out.splitlines()) >= 10
    bad = subprocess.run(
        [sys.executable, "-m", "casekit", "cohort", "replay", str(cohort.root), "NOBODY"],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "NOBODY" in bad.stderr
