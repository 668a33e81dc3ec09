"""Grades for a simulated cohort whose trainees have known abilities: what the item analysis and
the competency profile are checked against (tests) and timed on (benchmarks/bench_report.py).

Each graded question gets a Rasch difficulty; a trainee of ability θ earns full credit with
probability 1 / (1 + exp(b − θ)), else a wrong answer (partial credit for table questions) with
the message a check of its kind gives. A question listed in ``blind`` is answered right with
probability ½ whatever the ability: built not to discriminate.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import numpy as np

from casekit.cohort.config import Cohort
from casekit.cohort.store import grade_path


def difficulties(cohort: Cohort, rng: np.random.Generator) -> dict[str, float]:
    """A difficulty per graded question ("01.q3"), spread from −1.5 to 1.5."""
    from casekit.exercises import module_of

    items = [
        f"{n}.{q.qid}"
        for n in cohort.exercises
        for q in module_of(n).QUESTIONS
        if q.kind != "reflection"
    ]
    return dict(zip(items, rng.uniform(-1.5, 1.5, len(items)), strict=True))


def simulate(
    cohort: Cohort,
    abilities: dict[str, float],
    rng: np.random.Generator,
    *,
    blind: Iterable[str] = (),
    skip: float = 0.03,
    fsync: bool = False,
) -> dict[str, float]:
    """Write a grade for every trainee and exercise; returns the items' true difficulties."""
    from casekit.cohort.store import write_grade
    from casekit.exercises import module_of
    from casekit.messages import say

    b = difficulties(cohort, rng)
    blind = set(blind)
    for t in cohort.trainees:
        theta = abilities[t.trainee_id]
        for n in cohort.exercises:
            qs: dict[str, dict[str, Any]] = {}
            for q in module_of(n).QUESTIONS:
                item = f"{n}.{q.qid}"
                if q.kind == "reflection":
                    qs[q.qid] = _q(
                        "collected", 0.0, 0.0, say("check_collected", t.lang, words=12), "ok"
                    )
                    continue
                top = float(q.points)
                p = 0.5 if item in blind else 1 / (1 + np.exp(b[item] - theta))
                u = rng.random()
                if u < skip:
                    qs[q.qid] = _q(
                        "not_attempted", 0.0, top, say("check_not_attempted", t.lang), None
                    )
                elif rng.random() < p:
                    qs[q.qid] = _q("correct", top, top, say("check_correct", t.lang), 1)
                else:
                    side = "too_high" if rng.random() < 0.7 else "too_low"
                    share = 0.5 if q.kind in ("table", "pairs", "ranking") else 0.0
                    msg = say(
                        "check_number_off",
                        t.lang,
                        answer=1.0,
                        direction=say(side, t.lang),
                        gap=1.0,
                        share="",
                        tol="1%",
                    )
                    answer = round(float(rng.choice([1.5, 2.5, 3.5])), 1)
                    qs[q.qid] = _q(
                        "incorrect", top * share, top, msg, answer, f"check_number_off:{side}"
                    )
            rec = {
                "trainee_id": t.trainee_id,
                "exercise": n,
                "status": "graded",
                "reason": "",
                "questions": qs,
                "points": sum(q["points"] for q in qs.values()),
                "max": sum(q["max"] for q in qs.values()),
            }
            if fsync:
                write_grade(cohort, rec)
            else:  # a benchmark's thousands of files: no fsync, nothing to protect
                path = grade_path(cohort, t.trainee_id, n)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(json.dumps(rec), encoding="utf-8")
    return b


def _q(status: str, points: float, top: float, message: str, answer: Any, key: str = "") -> dict:
    return {
        "status": status,
        "points": points,
        "max": top,
        "message": message,
        "answer": answer,
        "key": key,
        "misconception": None,
    }
