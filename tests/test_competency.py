"""The competency profile: every question tagged with a capability of the book and a skill, and
a profile per trainee, group and cohort that orders trainees as their abilities are ordered."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from casekit.capabilities import CAPABILITY_CODES, SKILL_CODES, untagged
from casekit.exercises import EXERCISES, module_of
from casekit.nbbuild import ROOT


@pytest.mark.parametrize("number", sorted(EXERCISES))
def test_every_question_of_every_registered_exercise_is_tagged(number):
    # Iterates over the registry, so an exercise added later is covered without editing this.
    questions = module_of(number).QUESTIONS
    assert questions
    assert untagged(questions) == [], f"exercise {number}: tag these in their declaration"


def test_an_untagged_or_mis_tagged_question_is_caught():
    from dataclasses import replace

    q = module_of("01").QUESTIONS[0]
    assert untagged([replace(q, capability="")]) == [f"{q.qid} (capability='', skill='data')"]
    assert untagged([replace(q, capability="needs", skill="guess")])
    assert untagged([replace(q, capability="3.2")])  # a section is not a code


def test_an_unknown_capability_is_refused_with_the_codes_to_use():
    from casekit.capabilities import capability_label
    from casekit.errors import BadParameter

    with pytest.raises(BadParameter, match="use one of client_info, relationship"):
        capability_label("3.2")
    assert capability_label("needs", "zh") == "3.2 / 4.2 客户需求分析"
    assert capability_label("needs", "en", sections=False) == "Needs analysis"


def test_every_capability_is_exercised_by_at_least_two_graded_questions():
    counts = dict.fromkeys(CAPABILITY_CODES, 0)
    skills = dict.fromkeys(SKILL_CODES, 0)
    for n in EXERCISES:
        for q in module_of(n).QUESTIONS:
            if q.kind != "reflection":
                counts[q.capability] += 1
                skills[q.skill] += 1
    assert min(counts.values()) >= 2, counts
    assert min(skills.values()) >= 5, skills


# --- the profile, by hand on the fixed cohort of tests/test_itemstats.py ---------------------


def test_profile_scores_and_uncertainty_match_the_hand_computation():
    from casekit.cohort import competency as comp
    from tests.test_itemstats import hand_long

    p = comp.profile(hand_long()).set_index(["trainee_id", "capability"])
    # T2: needs is A (1 of 1) and B (1 of 2): 2 of 3 points on 2 questions; se √(⅔·⅓/2) = ⅓.
    assert p.loc[("T2", "needs"), "score"] == pytest.approx(2 / 3)
    assert p.loc[("T2", "needs"), "questions"] == 2 and p.loc[("T2", "needs"), "max"] == 3
    assert p.loc[("T2", "needs"), "se"] == pytest.approx(1 / 3)
    assert p.loc[("T4", "risk"), "score"] == 0.0  # left blank: no credit, but evidence
    groups = comp.group_profile(hand_long()).set_index(["group", "capability"])
    # needs: T1 3/3, T2 2/3 → G1 5/6; T3 2/3, T4 0, T5 1/3 → G2 1/3.
    assert groups.loc[("G1", "needs"), "score"] == pytest.approx(5 / 6)
    assert groups.loc[("G2", "needs"), "score"] == pytest.approx(1 / 3)
    assert groups.loc[("G2", "needs"), "trainees"] == 3
    everyone = comp.group_profile(hand_long(), by="").set_index("capability")
    assert everyone.loc["needs", "score"] == pytest.approx((1 + 2 / 3 + 2 / 3 + 0 + 1 / 3) / 5)
    # T4's weakest: needs (0 of 3) and risk (0 of 1) tie; the one with more points is named.
    assert comp.weakest(comp.profile(hand_long()).query("trainee_id == 'T4'")) == "needs"
    assert comp.weakest(comp.profile(hand_long()).query("trainee_id == 'T1'")) == "risk"


def test_the_cohort_page_names_each_groups_weakest_capability_and_what_to_go_over():
    from casekit.cohort import competency as comp
    from tests.test_itemstats import hand_long

    page = comp.cohort_section(hand_long())
    weakest = page.split("weakest · 最弱</th>")[1].split("</tr>")[0]
    # Cohort: needs 8/15 < risk 3/5; G1: risk ½ < needs ⅚; G2: needs ⅓ < risk ⅔.
    assert weakest.count("Needs analysis") == 2 and weakest.count("Risk early warning") == 1
    again = page.split("to go over again · 需重讲</th>")[1].split("</tr>")[0]
    cells = again.replace("</td>", "").split("<td>")[1:]
    # The capability's questions by facility: cohort B ½, A ⅗; G1 C ½; G2 A ⅓, B ⅓.
    assert cells == ["B (50%)<br>A (60%)", "C (50%)", "A (33%)<br>B (33%)"]


def test_a_full_marks_trainee_has_nothing_to_redo():
    from casekit.cohort import competency as comp
    from tests.test_itemstats import hand_long

    long = hand_long()
    long = long.assign(points=long["max"], score=1.0, status="correct")
    assert comp.weakest(comp.profile(long).query("trainee_id == 'T1'")) is None
    page = comp.feedback_sections(long, {"T1": "zh"}, {})["T1"]
    assert "没有需要重做的题目" in page


def test_a_higher_simulated_ability_gives_a_higher_profile_score(tmp_path):
    import numpy as np

    from casekit.cohort import competency as comp
    from casekit.cohort import init_cohort
    from casekit.cohort import itemstats as its
    from casekit.cohort.report import _records
    from casekit.cohort.simgrades import simulate

    n = 150
    rows = [f"S{i:03d},T{i},en,G{i % 2}" for i in range(n)]
    (tmp_path / "roster.csv").write_text(
        "trainee_id,name,lang,group\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    cohort, _ = init_cohort(tmp_path / "roster.csv", tmp_path / "cohort")
    rng = np.random.default_rng(3)
    abilities = {t.trainee_id: float(rng.normal(0, 1.5)) for t in cohort.trainees}
    simulate(cohort, abilities, rng)
    long = its.long_table(cohort, _records(cohort))
    p = comp.profile(long)
    overall = p.groupby("trainee_id")["score"].mean()
    theta = pd.Series(abilities).loc[overall.index]
    assert overall.rank().corr(theta.rank()) > 0.8  # Spearman
    # Per capability too: the top third outscores the bottom third on every one of them.
    wide = p.pivot(index="trainee_id", columns="capability", values="score")
    top = wide.loc[theta.index[theta >= theta.quantile(2 / 3)]].mean()
    bottom = wide.loc[theta.index[theta <= theta.quantile(1 / 3)]].mean()
    assert (top > bottom + 0.1).all(), (top, bottom)


# --- the feedback page and the gradebook ------------------------------------------------------


@pytest.fixture(scope="module")
def reported(tmp_path_factory):
    from casekit.cohort import init_cohort
    from casekit.cohort.report import write_report
    from casekit.cohort.store import write_grade

    tmp = tmp_path_factory.mktemp("competency")
    roster = tmp / "roster.csv"
    roster.write_text(
        "trainee_id,name,lang,group\nZ1,王芳,zh,北京\nE1,Ann Lee,en,上海\nM1,Absent,en,上海\n",
        encoding="utf-8",
    )
    cohort, _ = init_cohort(roster, tmp / "cohort", exercises=["01", "04"])
    for tid in ("Z1", "E1"):
        for n in cohort.exercises:
            qs = {}
            for q in module_of(n).QUESTIONS:
                top = 0.0 if q.kind == "reflection" else float(q.points)
                # Z1 misses every risk question (exercise 04); E1 gets everything right.
                right = tid == "E1" or n == "01"
                qs[q.qid] = {
                    "status": "correct" if right or not top else "incorrect",
                    "points": top if right else 0.0,
                    "max": top,
                    "message": "正确。" if right else "还不对",
                    "answer": 1,
                }
            write_grade(
                cohort,
                {
                    "trainee_id": tid,
                    "exercise": n,
                    "status": "graded",
                    "reason": "",
                    "questions": qs,
                    "points": sum(q["points"] for q in qs.values()),
                    "max": sum(q["max"] for q in qs.values()),
                },
            )
    return cohort, write_report(cohort)


def test_the_feedback_page_draws_the_radar_and_links_what_to_redo(reported):
    import re

    _, index = reported
    page = (index.parent / "trainees" / "Z1.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 1 and page.count("<polygon") == 6  # 4 rings, cohort, trainee
    radar = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    # Axes only for what exercises 01 and 04 assess: an unassessed capability is not a 0.
    assert radar.count("<line") == 4 + 1  # four axes and the legend's dashed line
    assert "3.4 风险预警与防范" in radar and "6.2 / 6.3" not in radar
    assert "需要重做:3.4 风险预警与防范" in page.replace("：", ":")
    links = re.findall(r'href="#([^"]+)"', page)
    assert links and all(f'id="{a}"' in page for a in links)  # every link lands on its question
    assert {a.split("-")[1] for a in links} == {"04"}  # only the risk questions
    assert "案例 4 · 1. " in page  # the case section to read again, in Chinese
    en = (index.parent / "trainees" / "E1.html").read_text(encoding="utf-8")
    assert "Nothing to redo" in en and "需要" not in en
    absent = (index.parent / "trainees" / "M1.html").read_text(encoding="utf-8")
    assert absent.count("not assessed yet") == len(CAPABILITY_CODES)  # no evidence is not zero


def test_the_gradebook_has_a_column_per_capability(reported):
    _, index = reported
    book = pd.read_csv(index.parent / "gradebook.csv", encoding="utf-8-sig").set_index("trainee_id")
    cols = [f"capability.{c}" for c in CAPABILITY_CODES]
    assert set(cols) <= set(book.columns)
    assert book.loc["Z1", "capability.risk"] == 0.0 and book.loc["E1", "capability.risk"] == 100.0
    assert book.loc["Z1", "capability.client_info"] == 100.0
    assert book.loc[["M1"], cols].isna().all(axis=None)  # no submission: blank, not 0
    assert book.loc["Z1", "capability.needs"] != book.loc["Z1", "capability.needs"]  # not in 01/04
    page = index.read_text(encoding="utf-8")
    assert "Competency profile · 能力画像" in page and "Item analysis · 试题分析" in page
    assert 'href="answers_long.csv"' in page and 'href="answers_long.parquet"' in page


def test_the_feedback_page_opens_from_disk_with_the_radar_drawn(reported):
    from playwright.sync_api import sync_playwright

    from tests.test_browser import CHROMIUM_ARGS, WAIT_MS, chromium, new_page

    _, index = reported
    outside, errors = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS, timeout=WAIT_MS)
        try:
            page = new_page(browser, outside, errors)
            page.goto((index.parent / "trainees" / "Z1.html").as_uri())
            box = page.locator("svg.casekit-radar").bounding_box()
            assert box and box["width"] > 300 and box["height"] > 300
            drawn = page.eval_on_selector_all(
                "svg.casekit-radar polygon", "els => els.map(e => e.getBBox().width)"
            )
            assert len(drawn) == 6 and min(drawn) > 10, drawn
            links = page.eval_on_selector_all(
                "section.competency a", "els => els.map(e => e.getAttribute('href'))"
            )
            assert links
            for href in links:  # each goes to its question's row on the same page
                page.click(f"section.competency a[href='{href}']")
                assert page.locator(href).is_visible()
            page.goto(index.as_uri())
            assert page.locator("text=Item analysis · 试题分析").is_visible()
            assert errors == [] and outside == [], (errors, outside)
        finally:
            browser.close()


def test_every_question_points_to_a_section_its_case_has_in_both_languages():
    from casekit.cohort import competency as comp

    for n in EXERCISES:
        if n not in comp.CASE_SECTIONS:  # a later exercise: its redo line names the case only
            assert comp.section_of(n, "q1", "en") == f"Case {int(n)}"
            continue
        for q in module_of(n).QUESTIONS:
            section = comp.CASE_SECTIONS[n][q.qid]
            for lang in ("en", "zh"):
                assert section in comp.case_sections(n, lang), (n, q.qid, lang)
    # The title named is the one the trainee's own built notebook shows (read from it, not
    # from the source the function parses).
    for lang, case in (("en", "Case 4"), ("zh", "案例 4")):
        built = json.loads(next((ROOT / "notebooks" / lang).glob("04_*.ipynb")).read_text("utf-8"))
        heads = [
            line[3:].strip()
            for c in built["cells"]
            if c["cell_type"] == "markdown"
            for line in "".join(c["source"]).splitlines()
            if line.startswith("## 2.")
        ]
        assert len(heads) == 1, heads
        assert comp.section_of("04", "q4", lang) == f"{case} · {heads[0]}"
