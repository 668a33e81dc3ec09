"""Exercise questions: small declarative classes with ``check()``, ``hint()`` and ``solution()``.

Every answer is turned into plain data first (casekit.plain), compared in this process with
an expected answer computed from the trainee's own bank, and judged with a message from the
one catalogue in the notebook's language. ``check`` never raises: a bad answer, a trick object
or a bug in a question each get their own message.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from casekit.errors import CasekitError
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

    def _repr_html_(self) -> str:
        # A coloured bar, not an emoji: the trainee's browser may lack an emoji font.
        colour = {
            "correct": "#2e7d32",
            "incorrect": "#c62828",
            "invalid": "#c62828",
            "collected": "#1565c0",
            "well_formed": "#1565c0",
        }.get(self.status, "#757575")
        text = html.escape(self.message)
        return (
            f'<div class="casekit-verdict casekit-{self.status}" '
            f'style="border-left:4px solid {colour};padding:2px 8px;margin:2px 0">{text}</div>'
        )


class Solution(str):
    """A worked answer: shown as code in a notebook, plain text elsewhere."""

    def _repr_markdown_(self) -> str:
        return f"```python\n{self}\n```" if "\n" in self or "(" in self else str(self)


@dataclass
class Question:
    """One question: its expected answer comes from ``expected(context)``; subclasses judge."""

    qid: str
    expected: Callable[[Any], Any]
    hints: tuple[dict[str, str], ...] = ()  # each hint in both languages: {"en": …, "zh": …}
    solution_text: dict[str, str] = field(default_factory=dict)
    points: float = 1.0
    what: str = "what_answer"  # catalogue key naming the answer in messages
    context: Any = None  # what ``expected`` is computed from (the trainee's exercise)
    lang: str = "en"
    mode: str = PRACTICE
    log: dict[str, Verdict] | None = None  # where ``check`` keeps each question's last verdict
    # What it exercises: a capability of the book and a skill (codes in casekit.capabilities).
    capability: str = ""
    skill: str = ""
    kind: ClassVar[str] = "question"

    def bind(self, context: Any, lang: str = "en", mode: str = PRACTICE) -> Question:
        """This question for one trainee: their bank, their language, their mode."""
        self.context, self.lang, self.mode = context, check_lang(lang), mode
        return self

    def check(self, answer: Any) -> Verdict:
        """Judge an answer and keep the verdict for the trainee's record; never raises."""
        verdict = self.verdict(answer)
        if self.log is not None:
            self.log[self.qid] = verdict
        return verdict

    def verdict(self, answer: Any) -> Verdict:
        """Judge an answer without recording it (for test cells); never raises."""
        if isinstance(answer, _Placeholder):
            return self._verdict("not_attempted", say("check_not_attempted", self.lang), 0.0)
        try:
            plain = to_plain(answer)
        except UnsafeAnswer as e:
            return self._verdict("invalid", say("check_unsafe", self.lang, reason=str(e)), 0.0)
        except RecursionError:
            return self._verdict("invalid", say("check_unsafe", self.lang, reason="recursive"), 0.0)
        except Exception as e:  # e.g. a MultiIndex pandas answer: say so, never a traceback
            reason = f"{type(e).__name__}; give a plain table, list or number"
            return self._verdict("invalid", say("check_unsafe", self.lang, reason=reason), 0.0)
        try:
            problem = self.validate(plain)
            if problem:
                return self._verdict("invalid", problem, 0.0, plain)
            if self.mode == ASSESSMENT:
                return self._verdict("well_formed", say("check_well_formed", self.lang), 0.0, plain)
            return self.grade(plain, to_plain(self.expected(self.context)))
        except CasekitError as e:  # an evaluation function refused the answer, with a reason
            return self._verdict("invalid", str(e), 0.0, plain)
        except Exception as e:
            return self._verdict(
                "error", say("check_internal", self.lang, kind=type(e).__name__), 0.0, plain
            )

    def hint(self, n: int = 1) -> str:
        """The n-th hint (1 = the gentlest)."""
        if not 1 <= n <= len(self.hints):
            return say("no_more_hints", self.lang)
        return self.hints[n - 1]["zh" if self.lang == "zh" else "en"]

    def solution(self) -> Solution:
        """The worked answer (practice mode only)."""
        if self.mode == ASSESSMENT:
            return Solution(say("no_solution_in_assessment", self.lang))
        return Solution(self.solution_text.get(self.lang, self.solution_text.get("en", "")))

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
        share = abs(gap) / abs(target) if target else None
        tol_text = (
            f"{self.rel_tol:.0%}" if not self.abs_tol else f"{self.abs_tol:g} {self.unit}".strip()
        )
        msg = say(
            "check_number_off",
            self.lang,
            answer=value,
            direction=direction,
            gap=abs(gap),
            share=f" ({share:.1%})" if share is not None else "",
            tol=tol_text,
        )
        return self._verdict("incorrect", msg, 0.0, value)


@dataclass
class RankingQuestion(Question):
    """An ordered list of items; credit is the share of pairs in the right order."""

    kind: ClassVar[str] = "ranking"

    def validate(self, plain: Any) -> str | None:
        if not isinstance(plain, list) or not all(type(v) in (str, int) for v in plain):
            got = type(plain).__name__ if not isinstance(plain, list) else repr(plain)[:60]
            return say("check_not_a_list", self.lang, what=say(self.what, self.lang), got=got)
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
class ChoiceQuestion(Question):
    """One option out of a few (e.g. which stage is the bottleneck)."""

    options: tuple[str, ...] = ()
    kind: ClassVar[str] = "choice"

    def validate(self, plain: Any) -> str | None:
        if type(plain) is not str or plain.strip() not in self.options:
            return say(
                "check_choice_unknown",
                self.lang,
                got=repr(plain)[:60],
                options=", ".join(self.options),
            )
        return None

    def grade(self, plain: Any, expected: Any) -> Verdict:
        if plain.strip() == expected:
            return self._verdict("correct", say("check_correct", self.lang), 1.0, plain)
        return self._verdict(
            "incorrect", say("check_choice_off", self.lang, answer=plain.strip()), 0.0, plain
        )


@dataclass
class ReflectionQuestion(Question):
    """A written reflection: collected for the trainer, never auto-graded."""

    min_words: int = 5
    kind: ClassVar[str] = "reflection"

    def validate(self, plain: Any) -> str | None:
        if not isinstance(plain, str) or _words(plain) < self.min_words:
            return say("check_empty_text", self.lang)
        return None

    def verdict(self, answer: Any) -> Verdict:
        """Collect the text (reflections are the same in practice and assessment)."""
        verdict = super().verdict(answer)
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
