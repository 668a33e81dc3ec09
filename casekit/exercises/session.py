"""One trainee's exercise: their bank, their questions bound to it, and the record of their checks.

A notebook's set-up cell calls ``start(...)``; the questions are then ``ex.q1`` … ``ex.q6``.
In practice mode the bank is generated from the trainee's seed and checks judge answers
against it; in assessment mode the bank is loaded from the trainee's pack (no seed, no truth)
and checks only say whether an answer is well formed: the trainer grades. The answers' keys
come from casekit_keys (casekit.exercises.keys), which an assessment environment lacks.

An exercise module that declares ``VISIBLE`` (exercise 5) shows the trainee ``ex.book``, the
bank up to a cut-off; its scorer reads what followed from ``ex.full_book`` (the held-out period).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd

from casekit.book import Book
from casekit.errors import BadParameter
from casekit.exercises.keys import keys_of, with_key
from casekit.messages import check_lang, say
from casekit.questions import ASSESSMENT, PRACTICE, Question, Verdict

# Exercise number → the module that declares its questions.
EXERCISES = {
    "01": "casekit.exercises.ex01_portfolio",
    "02": "casekit.exercises.ex02_needs",
    "03": "casekit.exercises.ex03_service",
    "04": "casekit.exercises.ex04_warning",
    "05": "casekit.exercises.ex05_churn",
    "06": "casekit.exercises.ex06_effect",
    "07": "casekit.exercises.ex07_prospects",
    "08": "casekit.exercises.ex08_keep",
    "09": "casekit.exercises.ex09_team",
    "10": "casekit.exercises.ex10_sandbox",
}
RESULTS_MARK = "casekit-exercise-results"


def module_of(exercise: str) -> ModuleType:
    """The question module of an exercise ("01" … "06")."""
    if exercise not in EXERCISES:
        raise BadParameter(f"unknown exercise {exercise!r}: choose one of {', '.join(EXERCISES)}")
    return importlib.import_module(EXERCISES[exercise])


class Exercise:
    """A trainee's exercise: ``book``, parameters, and questions ``q1``, ``q2`` … bound to them."""

    def __init__(
        self,
        exercise: str,
        book: Book,
        *,
        lang: str = "en",
        mode: str = PRACTICE,
        client_id: str = "C00042",
        segment: str = "key",
        trainee: str = "",
    ) -> None:
        self.exercise, self.lang, self.mode = exercise, check_lang(lang), mode
        self.client_id, self.segment, self.trainee = client_id, segment, trainee
        self.log: dict[str, Verdict] = {}
        module = module_of(exercise)
        # An exercise scored on a held-out period shows the trainee only the months before it;
        # its scorer reads what followed from the whole bank (the grader's, or practice's own).
        self.full_book = book
        visible = getattr(module, "VISIBLE", None)
        self.book = visible(book) if visible else book
        self.title: dict[str, str] = module.TITLE
        self.questions: dict[str, Question] = {}
        keys = keys_of(module.__name__) or {}  # none in an assessment environment
        self.keyed = bool(keys)
        for template in module.QUESTIONS:
            # A fresh copy per trainee, so no state is shared between two exercises in a process.
            q = with_key(template, keys.get(template.qid)).bind(self, lang, mode)
            q.log = self.log
            self.questions[q.qid] = q

    def __getattr__(self, name: str) -> Question:
        questions = self.__dict__.get("questions", {})
        if name in questions:
            return questions[name]
        raise AttributeError(name)

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), *self.questions]

    def results(self) -> pd.DataFrame:
        """One row per question: the status and points of the latest check."""
        rows = []
        for qid, q in self.questions.items():
            v = self.log.get(qid)
            rows.append(
                {
                    "question": qid,
                    "kind": q.kind,
                    "status": v.status if v else "not_checked",
                    "points": v.points if v else 0.0,
                    "max_points": q.points if q.kind != "reflection" else 0.0,
                }
            )
        return pd.DataFrame(rows)

    def answers(self) -> dict[str, Any]:
        """Each checked question's answer as plain data (what a grader takes away)."""
        out = {}
        for qid, v in self.log.items():
            a = v.answer
            out[qid] = a.to_dict(orient="list") if isinstance(a, pd.DataFrame) else a
        return out

    def record(self) -> None:
        """Show the results in the notebook's language; the machine-readable record travels in
        the output's metadata (for tests and ``casekit exercises run``), not as printed text."""
        from casekit.casework import publish

        table = self.results()
        statuses = dict(zip(table["question"], table["status"], strict=True))
        got, out_of = float(table["points"].sum()), float(table["max_points"].sum())
        messages = {q: v.message for q, v in self.log.items()}
        record = {"status": statuses, "points": got, "max": out_of, "messages": messages}
        lang = self.lang
        shown = pd.DataFrame(
            {
                say("col_question", lang): [
                    say("question_label", lang, n=q.lstrip("q")) for q in table["question"]
                ],
                say("col_status", lang): [say(f"status_{s}", lang) for s in table["status"]],
                say("col_points", lang): [
                    f"{p:.2f}".rstrip("0").rstrip(".") + f" / {m:g}" if m else "—"
                    for p, m in zip(table["points"], table["max_points"], strict=True)
                ],
            }
        )
        score = say("exercise_score", lang, points=round(got, 2), max=out_of)
        publish(
            RESULTS_MARK,
            record,
            text=f"{shown.to_string(index=False)}\n{score}",
            html=f"{shown.to_html(index=False)}<p>{score}</p>",
        )

    def expect(self, question: Question, answer: Any, status: str, *fragments: str) -> Verdict:
        """Assert how a check judges an answer (for solution notebooks' test cells).

        A fragment that is a message key is looked up in the notebook's language.
        """
        from casekit.messages import MESSAGES

        v = question.verdict(answer)
        assert v.status == status, f"{question.qid}: expected {status}, got {v.status}: {v.message}"
        for f in fragments:
            text = say(f, self.lang) if f in MESSAGES else f
            assert text in v.message, f"{question.qid}: {text!r} not in {v.message!r}"
        return v

    def expect_mistake(self, question: Question, answer: Any, key: str) -> Verdict:
        """Assert that a check names the declared mistake ``key`` for a known-wrong answer."""
        m = next((m for m in question.mistakes if m.key == key), None)
        assert m is not None, f"{question.qid}: no declared mistake {key!r}"
        v = question.verdict(answer)
        assert v.status == "incorrect", f"{question.qid} {key}: got {v.status}: {v.message}"
        assert m.text(self.lang) in v.message, f"{question.qid}: {key} not named in {v.message!r}"
        return v


def read_results(notebook: dict) -> dict:
    """The results an executed exercise notebook recorded (see ``Exercise.record``)."""
    from casekit.casework import read_published

    return read_published(notebook, RESULTS_MARK)


def start(
    exercise: str,
    *,
    seed: int | None = 42,
    scenario: str = "national_branch",
    lang: str = "en",
    mode: str = PRACTICE,
    data: str = "",
    client_id: str = "C00042",
    segment: str = "key",
    trainee: str = "",
    clients: int = 2000,
) -> Exercise:
    """Open a trainee's exercise: their bank (from their seed, or their pack in assessment);
    ``clients`` sizes a practice bank (tests try the smallest the generator allows)."""
    from casekit import casework

    check_lang(lang)
    if mode not in (PRACTICE, ASSESSMENT):
        raise BadParameter(say("bad_mode", lang, value=mode))
    if mode == ASSESSMENT:
        if not data:
            raise BadParameter(say("assessment_needs_data", lang))
        from casekit.loader import load_book

        book = load_book(Path(data))
    elif data:
        from casekit.loader import load_book

        book = load_book(Path(data))
    else:
        book = casework.open_book(int(seed or 0), scenario, lang, clients=clients)
    client_id = casework.check_client(book, client_id, lang)
    if segment not in ("strategic", "key", "general"):
        raise BadParameter(say("bad_segment", lang, value=segment))
    ex = Exercise(
        exercise,
        book,
        lang=lang,
        mode=mode,
        client_id=client_id,
        segment=segment,
        trainee=trainee,
    )
    mode_name = say(f"mode_{mode}", lang)
    print(say("exercise_ready", lang, title=ex.title[lang], n=len(ex.questions), mode=mode_name))
    return ex
