"""Item analysis checked by hand on a small fixed cohort, and against a simulated cohort whose
trainees have known abilities and one question built not to discriminate."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from casekit.capabilities import CAPABILITY_CODES
from casekit.cohort import init_cohort
from casekit.cohort import itemstats as its
from casekit.cohort.itemreport import report_section
from casekit.cohort.report import _records
from casekit.cohort.simgrades import simulate
from casekit.cohort.store import write_grade
from casekit.exercises import module_of
from casekit.messages import say

# Five trainees, three questions: A (1 point), B (2 points), C (1 point).
POINTS = {
    "T1": {"A": 1, "B": 2, "C": 0},
    "T2": {"A": 1, "B": 1, "C": 1},
    "T3": {"A": 0, "B": 2, "C": 1},
    "T4": {"A": 0, "B": 0, "C": 0},
    "T5": {"A": 1, "B": 0, "C": 1},
}
MAX = {"A": 1, "B": 2, "C": 1}
CAP = {"A": "needs", "B": "needs", "C": "risk"}


def hand_long() -> pd.DataFrame:
    """The fixed cohort as a long table; T4 left C blank, two wrong A's were 'too high'."""
    rows = []
    for tid, pts in POINTS.items():
        for item, p in pts.items():
            status = "correct" if p == MAX[item] else "incorrect"
            key, misconception = "", ""
            if tid == "T4" and item == "C":
                status = "not_attempted"
            if item == "A" and p == 0:
                key = "check_number_off:too_high"
            if tid == "T4" and item == "B":
                key, misconception = "check_table_off", "mixed_units"
            rows.append(
                {
                    "trainee_id": tid,
                    "group": "G1" if tid in ("T1", "T2") else "G2",
                    "lang": "en",
                    "variant": "national_branch",
                    "exercise": "01",
                    "question": item,
                    "item": item,
                    "capability": CAP[item],
                    "skill": "data",
                    "kind": "number",
                    "status": status,
                    "points": float(p),
                    "max": float(MAX[item]),
                    "score": p / MAX[item],
                    "key": key,
                    "misconception": misconception,
                    "answer": "9" if status == "incorrect" else "",
                    "counted": True,
                    "submitted": True,
                }
            )
    return pd.DataFrame(rows)


def test_facility_discrimination_and_blanks_match_the_hand_computation():
    table = its.item_table(hand_long()).set_index("item")
    # Facility: mean share of points. A: 3/5; B: (1 + .5 + 1 + 0 + 0)/5; C: 3/5.
    assert table.loc["A", "facility"] == pytest.approx(0.6)
    assert table.loc["B", "facility"] == pytest.approx(0.5)
    assert table.loc["B", "full_credit"] == pytest.approx(0.4)
    assert table.loc["C", "not_attempted"] == pytest.approx(0.2)
    # Discrimination of A: its score (1,1,0,0,1) against the rest (2,2,3,0,1):
    # deviations (.4,.4,−.6,−.6,.4) and (.4,.4,1.4,−1.6,−.6); Σ products 0.2, Σ squares 1.2
    # and 5.2, so r = 0.2 / √(1.2 × 5.2).
    assert table.loc["A", "discrimination"] == pytest.approx(0.2 / math.sqrt(1.2 * 5.2))
    # B: score (1,.5,1,0,0) against the rest (1,2,1,0,2): Σ products 0 → r = 0.
    assert table.loc["B", "discrimination"] == pytest.approx(0.0, abs=1e-12)
    assert table.loc["A", "flags"] == []  # five answers: too few to flag anything


def test_flags_say_too_easy_too_hard_and_not_discriminating():
    rng = np.random.default_rng(0)
    rows = []
    ability = rng.normal(size=60)
    for i, a in enumerate(ability):
        for item, score in (
            ("easy", 1.0),  # everyone right
            ("hard", 1.0 if i == 0 else 0.0),  # one trainee right
            *((f"good{k}", float(a > t)) for k, t in enumerate((-0.8, -0.3, 0, 0.3, 0.6))),
            ("coin", float(rng.random() < 0.5)),  # unrelated to ability
            ("backwards", float(a < 0)),  # the abler get it wrong: a known-wrong question
        ):
            rows.append(
                {"trainee_id": f"T{i}", "item": item, "points": score, "max": 1.0, "score": score}
            )
    long = pd.DataFrame(rows).assign(
        exercise="01",
        question=lambda d: d["item"],
        capability="needs",
        skill="data",
        kind="number",
        status=lambda d: np.where(d["score"] == 1, "correct", "incorrect"),
        counted=True,
        submitted=True,
    )
    flags = its.item_table(long).set_index("item")["flags"]
    assert flags["easy"] == ["too_easy"] and "too_hard" in flags["hard"]
    assert "weak" in flags["coin"] and "weak" in flags["backwards"]
    assert all(flags[f"good{k}"] == [] for k in range(5))


def test_wrong_answers_group_by_the_misconception_else_the_message_key():
    wrong = its.wrong_answers(hand_long())
    a = wrong[wrong["item"] == "A"]
    assert list(a["group_by"]) == ["check_number_off:too_high"]
    assert a["count"].iloc[0] == 2 and a["share"].iloc[0] == 1.0
    assert a["answers"].iloc[0] == [("9", 2)]
    b = wrong[wrong["item"] == "B"].set_index("group_by")
    assert b.loc["mixed_units", "count"] == 1  # a recorded misconception wins over the key
    assert its.key_text("check_number_off:too_high", "zh") == "数值偏高"


def test_facility_per_variant_only_where_the_cohort_mixes_them():
    long = hand_long()
    assert its.variant_table(long).empty  # one scenario: no per-variant table
    mixed = long.assign(variant=long["trainee_id"].map(lambda t: "a" if t in ("T1", "T2") else "b"))
    table = its.variant_table(mixed)
    # A: T1, T2 right (variant a); T3, T4 wrong and T5 right (variant b).
    assert table.loc["A", "a"] == 1.0 and table.loc["A", "b"] == pytest.approx(1 / 3)
    assert "Facility per variant" in report_section(mixed)


def test_message_keys_are_recovered_from_the_message_a_check_gave():
    off = say(
        "check_number_off",
        "zh",
        answer=3.0,
        direction=say("too_low", "zh"),
        gap=1,
        share="",
        tol="1%",
    )
    assert its.message_key(off) == "check_number_off"
    assert its.refined_key(off) == "check_number_off:too_low"
    assert its.message_key(say("check_choice_off", "en", answer="x")) == "check_choice_off"
    assert its.message_key(say("check_not_attempted", "en")) == "check_not_attempted"
    assert its.message_key("Something no check says") == ""


def test_a_small_cohort_gets_no_rasch_model_and_the_report_says_so():
    fit = its.rasch(hand_long())
    assert fit == {"fitted": False, "trainees": 5, "reason": "too_small"}
    page = report_section(hand_long())
    assert "too small" in page and "人数太少" in page


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sim")
    n = 300
    rows = [f"S{i:03d},Trainee {i},{'zh' if i % 2 else 'en'},G{i % 3}" for i in range(n)]
    (tmp / "roster.csv").write_text(
        "trainee_id,name,lang,group\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    cohort, _ = init_cohort(tmp / "roster.csv", tmp / "cohort", exercises=["01", "03", "04"])
    rng = np.random.default_rng(7)
    abilities = {t.trainee_id: float(rng.normal()) for t in cohort.trainees}
    truth = simulate(cohort, abilities, rng, blind=["03.q3"])
    long = its.long_table(cohort, _records(cohort))
    return cohort, abilities, truth, long


def test_the_question_built_not_to_discriminate_is_flagged(simulated):
    _, _, _, long = simulated
    table = its.item_table(long).set_index("item")
    assert "weak" in table.loc["03.q3", "flags"]
    assert table["discrimination"].idxmin() == "03.q3"
    assert (table.drop(index="03.q3")["discrimination"] > its.WEAK_DISCRIMINATION).mean() > 0.8


def test_rasch_recovers_the_simulated_abilities_and_difficulties(simulated):
    _, abilities, truth, long = simulated
    fit = its.rasch(long)
    assert fit["fitted"] and fit["trainees"] == 300
    theta = pd.Series(abilities).loc[fit["ability"].index]
    assert np.corrcoef(fit["ability"], theta)[0, 1] > 0.8
    d = fit["difficulty"].drop(index="03.q3", errors="ignore")
    assert np.corrcoef(d, pd.Series(truth).loc[d.index])[0, 1] > 0.85


def test_the_long_table_and_its_exports_read_back(simulated, tmp_path):
    cohort, _, _, long = simulated
    assert len(long) == 300 * sum(
        q.kind != "reflection" for n in cohort.exercises for q in module_of(n).QUESTIONS
    )
    assert set(long["capability"]) <= set(CAPABILITY_CODES)
    csv, parquet = its.write_exports(long, tmp_path)
    a = pd.read_csv(csv, encoding="utf-8-sig", keep_default_na=False)
    b = pd.read_parquet(parquet)
    assert list(a.columns) == list(b.columns) == its.EXPORT_COLUMNS
    assert len(a) == len(b) == len(long)
    assert a["points"].sum() == pytest.approx(long["points"].sum())
    assert set(b["key"]) >= {"check_number_off:too_high", "check_number_off:too_low"}


def test_old_records_without_a_key_and_missing_or_flagged_submissions(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "trainee_id,name,lang,group\nA1,A,en,\nB1,B,zh,\nC1,C,en,\n", encoding="utf-8"
    )
    cohort, _ = init_cohort(roster, tmp_path / "cohort", exercises=["01"])
    wrong = say("check_choice_off", "zh", answer="x")  # what an old grade kept: the message only
    for tid, status in (("A1", "graded"), ("B1", "flagged")):
        write_grade(
            cohort,
            {
                "trainee_id": tid,
                "exercise": "01",
                "status": status,
                "reason": "",
                "points": 0.0,
                "max": 1.0,
                "questions": {
                    "q1": {
                        "status": "incorrect",
                        "points": 0.0,
                        "max": 1.0,
                        "message": wrong,
                        "answer": 3,
                    }
                },
            },
        )
    long = its.long_table(cohort, _records(cohort)).set_index("trainee_id")
    assert long.loc["A1", "key"] == "check_choice_off" and long.loc["A1", "answer"] == "3"
    assert not long.loc["B1", "counted"]  # flagged: shown, never counted
    c1 = long.loc["C1"]
    assert (c1["status"] == "missing").all() and not c1["submitted"].any()
    table = its.item_table(long.reset_index()).set_index("item")
    assert table.loc["01.q1", "n"] == 1  # only A1's answer is evidence
