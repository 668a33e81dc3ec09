"""The cases' own calculations that compute an exercise's answer in one call refuse a bank
without its truth (an assessment pack's): scripts/leak_scan.py found each on the trainee side."""

from __future__ import annotations

import contextlib
import dataclasses
import io

import pytest

from casekit import case_chain, case_claims, case_claims_9, case_keep, case_team, summary
from casekit.errors import CasekitError
from casekit.evaluate import effectiveness, teams
from casekit.exercises import start

# (the exercise and question each one answered, the call)
GUARDED = {
    "summary.tier_table (01 q2)": lambda b: summary.tier_table(b),
    "case_claims.service_figures (03 q2, q3)": lambda b: case_claims.service_figures(b),
    "effectiveness.did_estimate (06 q4)": lambda b: effectiveness.did_estimate(b),
    "case_chain.named_deciders (07 q3)": lambda b: case_chain.named_deciders(b),
    "case_chain.draft_plan (07 q5)": lambda b: case_chain.draft_plan(b),
    "case_keep.complaint_figures (08 q1)": lambda b: case_keep.complaint_figures(b),
    "case_claims_9.methods_figures (09 q4)": lambda b: case_claims_9.methods_figures(b),
    "case_team.methods (09 q4)": lambda b: case_team.methods(b),
    "teams.matched_comparison (09 q2, q3)": lambda b: teams.matched_comparison(b),
}


@pytest.fixture(scope="module")
def book():
    with contextlib.redirect_stdout(io.StringIO()):
        return start("09", seed=42).book


@pytest.mark.parametrize("name", list(GUARDED))
def test_a_case_calculation_refuses_an_assessment_bank(book, name):
    bare = dataclasses.replace(book, truth={})  # what an assessment pack holds
    with pytest.raises(CasekitError, match="cases' own calculations"):
        GUARDED[name](bare)
    assert GUARDED[name](book) is not None  # and still serves the cases, on their banks


def test_the_refusal_speaks_the_trainees_language(book):
    bare = dataclasses.replace(book, truth={})
    with pytest.raises(CasekitError, match="案例自带的计算"):
        case_claims.service_figures(bare, lang="zh")
    with pytest.raises(CasekitError, match="案例自带的计算"):  # lang passed by position
        case_claims.service_figures(bare, "zh")


def test_the_success_timeline_refuses_an_assessment_bank(book):
    """needs_in_order answers exercise 9's q1 given the success's id (which the set-up finds)."""
    client = str(book.truth["team_truth"]["client_id"].iloc[0])
    with pytest.raises(CasekitError, match="cases' own calculations"):
        case_team.needs_in_order(dataclasses.replace(book, truth={}), client)
    assert case_team.needs_in_order(book, client)[0]


def test_the_formerly_leaking_calls_now_give_no_answer(book):
    """The leak scan's own check on these functions: called as a trainee in an assessment
    would call them, none returns an answer a check grades correct."""
    import importlib.util
    import sys
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "scripts" / "leak_scan.py"
    spec = importlib.util.spec_from_file_location("leak_scan", path)
    scan = importlib.util.module_from_spec(spec)
    sys.modules["leak_scan"] = scan
    spec.loader.exec_module(scan)
    with contextlib.redirect_stdout(io.StringIO()):
        ex = start("09", seed=42)
    supply = {"book": dataclasses.replace(ex.book, truth={}), "ex": ex, "ctx": ex, "lang": "en"}
    names = [n.split(" ")[0].split(".")[-1] for n in GUARDED]
    found = [(n, f) for n, f in scan.trainee_functions() if n.rsplit(".", 1)[1] in names]
    assert len(found) >= len(set(names))
    assert all(scan.call(f, supply) is None for _, f in found)
    # Known-right control: the same call on a bank with its truth does return the answer.
    q4 = ex.questions["q4"]
    matched = case_claims_9.methods_figures(ex.book)["matched"]
    assert q4.verdict(matched).correct


def test_the_summary_of_an_assessment_bank_leaves_out_exercise_1s_table(book):
    from casekit import catalog as cat

    key = cat.label("tier", "key", "en")
    full = summary.format_summary(book, "en")
    assert "not shown" not in full and f"  {key}" in full
    bare = summary.format_summary(dataclasses.replace(book, truth={}), "en")
    assert "not shown" in bare and f"  {key}" not in bare
    assert "考核包" in summary.format_summary(dataclasses.replace(book, truth={}), "zh")
