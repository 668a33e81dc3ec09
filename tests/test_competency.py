"""The competency profile: every question tagged with a capability of the book and a skill, and
a profile per trainee, group and cohort that orders trainees as their abilities are ordered."""

from __future__ import annotations

import pytest

from casekit.capabilities import CAPABILITY_CODES, SKILL_CODES, untagged
from casekit.exercises import EXERCISES, module_of


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
