"""Exercise questions: small declarative classes with ``check()``, ``hint()`` and ``solution()``.

Every answer is turned into plain data first (casekit.plain), compared in this process with
an expected answer computed from the trainee's own bank, and judged with a message from the
one catalogue in the notebook's language. ``check`` never raises: a bad answer, a trick object
or a bug in a question each get their own message.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from casekit.messages import check_lang, say
from casekit.plain import UnsafeAnswer, plain_number, to_plain

PRACTICE, ASSESSMENT = "practice", "assessment"


class _Placeholder:
    """The blank ``____`` a trainee replaces with an answer."""

    def __repr__(self) -> str:
        return "____"


____ = _Placeholder()


@dataclass(frozen=True)
class Verdict:
    """The result of one check: status, points and the message the trainee reads."""

    status: str  # correct | incorrect | not_attempted | invalid | well_formed | collected | error
    message: str
    points: float
    max_points: float
    answer: Any = None  # the plain answer, for the trainer's record

    @property
    def correct(self) -> bool:
        """Whether the answer earned full points."""
        return self.status == "correct"

    def __str__(self) -> str:
        return self.message

    def _repr_markdown_(self) -> str:
        mark = {"correct": "✅", "incorrect": "❌", "collected": "📝", "well_formed": "☑️"}.get(
            self.status, "ℹ️"
        )
        return f"{mark} {self.message}"


@dataclass
class Question:
    """One question: its expected answer comes from ``expected(context)``; subclasses judge."""

    qid: str
    expected: Callable[[Any], Any]
    hints: tuple[dict[str, str], ...] = ()  # each hint in both languages: {"en": …, "zh": …}
    solution_text: dict[str, str] = field(default_factory=dict)
    points: float = 1.0
    context: Any = None  # what ``expected`` is computed from (the trainee's book)
    lang: str = "en"
    mode: str = PRACTICE
    kind: ClassVar[str] = "question"

    def bind(self, context: Any, lang: str = "en", mode: str = PRACTICE) -> Question:
        """This question for one trainee: their bank, their language, their mode."""
        self.context, self.lang, self.mode = context, check_lang(lang), mode
        return self

    def check(self, answer: Any) -> Verdict:
        """Judge an answer; never raises."""
        if isinstance(answer, _Placeholder):
            return self._verdict("not_attempted", say("check_not_attempted", self.lang), 0.0)
        try:
            plain = to_plain(answer)
        except UnsafeAnswer as e:
            return self._verdict("invalid", say("check_unsafe", self.lang, reason=str(e)), 0.0)
        except RecursionError:
            return self._verdict("invalid", say("check_unsafe", self.lang, reason="recursive"), 0.0)
        try:
            problem = self.validate(plain)
            if problem:
                return self._verdict("invalid", problem, 0.0, plain)
            if self.mode == ASSESSMENT:
                return self._verdict("well_formed", say("check_well_formed", self.lang), 0.0, plain)
            return self.grade(plain, to_plain(self.expected(self.context)))
        except Exception as e:
            return self._verdict(
                "error", say("check_internal", self.lang, kind=type(e).__name__), 0.0, plain
            )

    def hint(self, n: int = 1) -> str:
        """The n-th hint (1 = the gentlest)."""
        if not 1 <= n <= len(self.hints):
            return say("no_more_hints", self.lang)
        return self.hints[n - 1]["zh" if self.lang == "zh" else "en"]

    def solution(self) -> str:
        """The worked answer (practice mode only)."""
        if self.mode == ASSESSMENT:
            return say("no_solution_in_assessment", self.lang)
        return self.solution_text.get(self.lang, self.solution_text.get("en", ""))

    def validate(self, plain: Any) -> str | None:
        """A message if the answer is not of the right shape, else None."""
        return None

    def grade(self, plain: Any, expected: Any) -> Verdict:
        """Judge a well-formed answer against the expected one."""
        raise NotImplementedError

    def _verdict(self, status: str, message: str, share: float, plain: Any = None) -> Verdict:
        return Verdict(status, message, round(self.points * share, 6), self.points, plain)


@dataclass
class NumberQuestion(Question):
    """A single figure, right within a relative (or absolute) tolerance."""

    rel_tol: float = 0.01
    abs_tol: float = 0.0
    unit: str = ""
    kind: ClassVar[str] = "number"

    def validate(self, plain: Any) -> str | None:
        if plain_number(plain) is None:
            unit = f" ({self.unit})" if self.unit else ""
            return say("check_not_number", self.lang, unit=unit, got=repr(plain)[:60])
        return None

    def grade(self, plain: Any, expected: Any) -> Verdict:
        value, target = plain_number(plain), float(expected)
        tol = max(self.abs_tol, self.rel_tol * abs(target))
        if math.isclose(value, target, abs_tol=tol):
            return self._verdict("correct", say("check_correct", self.lang), 1.0, value)
        gap = value - target
        direction = say("too_high" if gap > 0 else "too_low", self.lang)
        share = abs(gap) / abs(target) if target else math.inf
        tol_text = (
            f"{self.rel_tol:.0%}" if not self.abs_tol else f"{self.abs_tol:g} {self.unit}".strip()
        )
        msg = say(
            "check_number_off",
            self.lang,
            answer=value,
            direction=direction,
            gap=abs(gap),
            share=share,
            tol=tol_text,
        )
        return self._verdict("incorrect", msg, 0.0, value)


def _pair_key(row: Any) -> tuple:
    return tuple(str(v) for v in row)


@dataclass
class PairsQuestion(Question):
    """A set of rows (e.g. client_id, need); partial credit is the F1 of the rows given."""

    columns: tuple[str, ...] = ("client_id", "need")
    valid: Callable[[Any], dict[str, set[str]]] | None = None  # allowed values per column
    show: int = 5  # how many missed / extra rows the message names
    kind: ClassVar[str] = "pairs"

    def _rows(self, plain: Any) -> list[tuple] | str:
        import pandas as pd

        cols = ", ".join(self.columns)
        if isinstance(plain, pd.DataFrame):
            missing = [c for c in self.columns if c not in plain.columns]
            if missing:
                return say(
                    "missing_columns",
                    self.lang,
                    what=say("what_needs", self.lang),
                    columns=cols,
                    missing=", ".join(missing),
                    has=", ".join(map(str, plain.columns)) or "—",
                )
            rows = [tuple(r) for r in plain[list(self.columns)].itertuples(index=False, name=None)]
        elif isinstance(plain, list) and all(
            isinstance(r, list) and len(r) == len(self.columns) for r in plain
        ):
            rows = [tuple(r) for r in plain]
        else:
            return say(
                "not_a_table",
                self.lang,
                what=say("what_needs", self.lang),
                columns=cols,
                got=type(plain).__name__,
            )
        for i, row in enumerate(rows):
            for c, v in zip(self.columns, row, strict=True):
                if v is None or (isinstance(v, float) and math.isnan(v)):
                    return say(
                        "missing_values",
                        self.lang,
                        what=say("what_needs", self.lang),
                        column=c,
                        count=1,
                        row=i,
                    )
        return rows

    def validate(self, plain: Any) -> str | None:
        rows = self._rows(plain)
        if isinstance(rows, str):
            return rows
        allowed = self.valid(self.context) if self.valid else {}
        for c, values in allowed.items():
            i = self.columns.index(c)
            bad = next((r[i] for r in rows if str(r[i]) not in values), None)
            if bad is not None:
                example = ", ".join(sorted(values)[:3])
                if c == "client_id":
                    return say(
                        "unknown_client",
                        self.lang,
                        what=say("what_needs", self.lang),
                        client=bad,
                        example=example,
                    )
                return say(
                    "unknown_code",
                    self.lang,
                    what=say("what_needs", self.lang),
                    column=c,
                    value=bad,
                    allowed=example + " …",
                )
        return None

    def grade(self, plain: Any, expected: Any) -> Verdict:
        given = {_pair_key(r) for r in self._rows(plain)}
        want = {_pair_key(r) for r in expected}
        right = len(given & want)
        precision = right / len(given) if given else 0.0
        recall = right / len(want) if want else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if given == want:
            return self._verdict("correct", say("check_correct", self.lang), 1.0, sorted(given))
        fmt = lambda rows: ", ".join("/".join(r) for r in sorted(rows)[: self.show]) or "—"  # noqa: E731
        msg = say(
            "check_pairs_off",
            self.lang,
            right=right,
            expected=len(want),
            score=f1,
            missed=fmt(want - given),
            extra=fmt(given - want),
        )
        return self._verdict("incorrect", msg, f1, sorted(given))


@dataclass
class RankingQuestion(Question):
    """An ordered list of items; credit is the share of pairs in the right order."""

    kind: ClassVar[str] = "ranking"

    def validate(self, plain: Any) -> str | None:
        if not isinstance(plain, list) or not all(type(v) in (str, int) for v in plain):
            return say(
                "not_a_table",
                self.lang,
                what=say("what_ranking", self.lang),
                columns="id",
                got=type(plain).__name__,
            )
        return None

    def grade(self, plain: Any, expected: Any) -> Verdict:
        given, want = [str(v) for v in plain], [str(v) for v in expected]
        if set(given) != set(want) or len(given) != len(want):
            msg = say(
                "check_ranking_items",
                self.lang,
                n=len(want),
                missing=", ".join(sorted(set(want) - set(given))[:5]) or "—",
                extra=", ".join(sorted(set(given) - set(want))[:5]) or "—",
            )
            return self._verdict("incorrect", msg, 0.0, given)
        if given == want:
            return self._verdict("correct", say("check_correct", self.lang), 1.0, given)
        pos = {v: i for i, v in enumerate(given)}
        pairs = [(a, b) for i, a in enumerate(want) for b in want[i + 1 :]]
        ok = sum(pos[a] < pos[b] for a, b in pairs)
        share = ok / len(pairs)
        first = next((a, b) for a, b in pairs if pos[a] > pos[b])
        msg = say("check_ranking_off", self.lang, first=first[0], second=first[1], score=share)
        return self._verdict("incorrect", msg, share, given)


@dataclass
class ReflectionQuestion(Question):
    """A written reflection: collected for the trainer, never auto-graded."""

    min_words: int = 5
    kind: ClassVar[str] = "reflection"

    def validate(self, plain: Any) -> str | None:
        if not isinstance(plain, str) or _words(plain) < self.min_words:
            return say("check_empty_text", self.lang)
        return None

    def check(self, answer: Any) -> Verdict:
        """Collect the text (reflections are the same in practice and assessment)."""
        verdict = super().check(answer)
        if verdict.status == "well_formed":
            return self.grade(verdict.answer, None)
        return verdict

    def grade(self, plain: Any, expected: Any) -> Verdict:
        return self._verdict(
            "collected", say("check_collected", self.lang, words=_words(plain)), 0.0, plain
        )


def _words(text: str) -> int:
    """Words in English, characters in Chinese: what a trainer means by length."""
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return cjk + len([w for w in text.split() if not any("\u4e00" <= ch <= "\u9fff" for ch in w)])
