"""Exercise questions: small declarative classes with ``check()``, ``hint()`` and ``solution()``.

Every answer is turned into plain data first (casekit.plain), compared in this process with
an expected answer computed from the trainee's own bank, and judged with a message from the
one catalogue in the notebook's language. ``check`` never raises: a bad answer, a trick object
or a bug in a question each get their own message.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from casekit.errors import CasekitError
from casekit.messages import check_lang, say
from casekit.plain import UnsafeAnswer, plain_number, to_plain

PRACTICE, ASSESSMENT = "practice", "assessment"
MISTAKE_CAP = 0.3  # the most credit an answer made by a declared wrong method earns


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


@dataclass(frozen=True)
class Mistake:
    """A known wrong method: its name, and the answer it gives (from the trainee's exercise).

    ``says`` names the mistake in both languages, in a banker's words; a check that recognises
    the answer as this method's says so instead of printing a distance. The trainee side
    declares ``key`` and ``says``; ``answer`` is an answer key (casekit_keys), filled in where
    the keys are installed.
    """

    key: str
    says: dict[str, str]
    answer: Callable[[Any], Any] | None = None

    def text(self, lang: str) -> str:
        """The mistake's name in ``lang``."""
        return self.says["zh" if lang == "zh" else "en"]


def to_code(value: Any, kind: str) -> Any:
    """A catalogue code for ``value`` if it is one of ``kind``'s labels (Chinese or English, any
    case), else ``value`` unchanged: 审批 and Approved both answer ``approved``."""
    if type(value) is not str:
        return value
    from casekit import catalog as cat

    items = cat.PRODUCTS if kind == "product" else cat.LABELS.get(kind, ())
    text = value.strip()
    for item in items:
        if text == item.code or text == item.zh or text.casefold() == item.en.casefold():
            return item.code
    return value


@dataclass
class Question:
    """One question: its expected answer comes from ``expected(context)``; subclasses judge.

    The trainee side (casekit/exercises) declares the prompt's parts: the answer's form and
    validation, hints, the mistakes' names. ``expected``, ``solution_text`` and the mistakes'
    answers are answer keys, filled in from casekit_keys where it is installed (the grader's
    and practice installs); without them a check validates the form and records the answer.
    """

    qid: str
    expected: Callable[[Any], Any] | None = None
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
    mistakes: tuple[Mistake, ...] = ()  # known wrong methods the check recognises and names
    tries: int = 0  # checks so far: feedback reveals more only after a few tries
    kind: ClassVar[str] = "question"
    REVEAL_AFTER: ClassVar[int] = 3  # from this try on, a wrong figure's distance is shown

    def bind(self, context: Any, lang: str = "en", mode: str = PRACTICE) -> Question:
        """This question for one trainee: their bank, their language, their mode."""
        self.context, self.lang, self.mode = context, check_lang(lang), mode
        return self

    def check(self, answer: Any) -> Verdict:
        """Judge an answer and keep the verdict for the trainee's record; never raises."""
        if not isinstance(answer, _Placeholder):
            self.tries += 1
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
            if not self.keyed():  # an install without the answer keys: the trainer grades
                return self._verdict("well_formed", say("check_no_keys", self.lang), 0.0, plain)
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
        if not self.solution_text:
            return Solution(say("no_solution_without_keys", self.lang))
        return Solution(self.solution_text.get(self.lang, self.solution_text.get("en", "")))

    def keyed(self) -> bool:
        """Whether this install holds the question's answer key (casekit_keys)."""
        return self.expected is not None

    def validate(self, plain: Any) -> str | None:
        """A message if the answer is not of the right shape, else None."""
        return None

    def grade(self, plain: Any, expected: Any) -> Verdict:
        """Judge a well-formed answer against the expected one."""
        raise NotImplementedError

    def _verdict(self, status: str, message: str, share: float, plain: Any = None) -> Verdict:
        return Verdict(status, message, round(self.points * share, 6), self.points, plain)

    def mistake_answers(self) -> list[tuple[Mistake, Any]]:
        """Each declared mistake with the answer it gives on this trainee's bank, as plain data
        (a mistake that cannot be computed here, e.g. on a tiny bank, is left out)."""
        out = []
        for m in self.mistakes:
            if m.answer is None:
                continue
            try:
                out.append((m, to_plain(m.answer(self.context))))
            except Exception:  # a mistake we cannot compute is one we cannot see
                continue
        return out

    def _mistake_verdict(self, m: Mistake, share: float, plain: Any) -> Verdict:
        msg = say("check_mistake", self.lang, mistake=m.text(self.lang))
        return self._verdict("incorrect", msg, share, plain)

    @property
    def revealing(self) -> bool:
        """Whether feedback may show distances: after a few tries (never in a test cell's first)."""
        return self.tries >= self.REVEAL_AFTER


@dataclass
class NumberQuestion(Question):
    """A single figure, right within a relative (or absolute) tolerance.

    ``also`` lists other right methods (e.g. an additive difference-in-differences beside the
    ratio one); an answer nearer a declared mistake than any right method is named as it.
    """

    rel_tol: float = 0.01
    abs_tol: float = 0.0
    unit: str = ""  # a unit of measure (万元), shown with tolerances
    form: str = ""  # how to write the answer (0-1, 0.08 = +8%), shown when it is not a number
    also: tuple[Callable[[Any], Any], ...] = ()
    kind: ClassVar[str] = "number"

    def validate(self, plain: Any) -> str | None:
        if plain_number(plain) is None:
            shape = ", ".join(x for x in (self.unit, self.form) if x)
            return say(
                "check_not_number",
                self.lang,
                unit=(f"（{shape}）" if self.lang == "zh" else f" ({shape})") if shape else "",
                got=repr(plain)[:60],
            )
        return None

    def _fraction(self) -> bool:
        """Whether the answer is a share or a rate written as a fraction (0.08 = +8%)."""
        text = self.form + self.unit
        return "0-1" in text or "%" in text

    def tolerance(self, target: float) -> float:
        """The largest error that still counts as right."""
        return max(self.abs_tol, self.rel_tol * abs(target))

    def tolerance_text(self, target: float) -> str:
        """The tolerance as the trainee reads it: exact for counts, else a share or an amount."""
        if self.abs_tol >= 0.5 and not self.rel_tol:
            return say("tol_exact", self.lang)
        if self.rel_tol and self.rel_tol * abs(target) >= self.abs_tol:
            return f"{self.rel_tol:.0%}"
        return f"{self.abs_tol:g} {self.unit}".strip()

    def rights(self) -> list[float]:
        """The right answer by every accepted method."""
        out = [float(self.expected(self.context))]
        for f in self.also:
            try:
                out.append(float(to_plain(f(self.context))))
            except Exception:  # an alternative that cannot be computed here
                continue
        return out

    def grade(self, plain: Any, expected: Any) -> Verdict:
        value = plain_number(plain)
        target = min(self.rights(), key=lambda r: abs(value - r))
        near = [
            (m, plain_number(a)) for m, a in self.mistake_answers() if plain_number(a) is not None
        ]
        close = abs(value - target) <= self.tolerance(target)
        if near:
            m, wrong = min(near, key=lambda ma: abs(value - ma[1]))
            # Near the right figure, only the mistake's exact figure is named (a rounded right
            # answer is never taken for it); elsewhere, anything within tolerance of it.
            exact = abs(value - wrong) <= 1e-9 * max(1.0, abs(wrong))
            if abs(value - wrong) < abs(value - target) and (
                exact if close else abs(value - wrong) <= self.tolerance(wrong)
            ):
                return self._mistake_verdict(m, 0.0, value)
        if close:
            return self._verdict("correct", say("check_correct", self.lang), 1.0, value)
        return self._verdict("incorrect", self.off_message(value, target), 0.0, value)

    def off_message(self, value: float, target: float) -> str:
        """What is off: the direction and roughly how far; the distance only after a few tries."""
        gap = value - target
        direction = say("too_high" if gap > 0 else "too_low", self.lang)
        ratio = value / target if target else None
        if ratio is not None and 80 <= abs(ratio) <= 120 and self._fraction():
            # A share (0-1) or a change written as a fraction (0.25 = +25%), handed in as a
            # percentage: say so rather than "too high".
            share = "0-1" in self.form + self.unit
            return say("check_percent_not_share" if share else "check_percent_not_rate", self.lang)
        if self.revealing:
            gap_share = f"{abs(gap) / abs(target):.1%}"
            share = (
                (f"（{gap_share}）" if self.lang == "zh" else f" ({gap_share})") if target else ""
            )
            return say(
                "check_number_off",
                self.lang,
                answer=f"{value:,.4g}",
                direction=direction,
                gap=f"{abs(gap):,.3g}",
                share=share,
                tol=self.tolerance_text(target),
            )
        rel = abs(gap) / abs(target) if target else None
        size = (
            "size_unknown"
            if rel is None
            else "size_small"
            if rel <= 0.1
            else "size_medium"
            if rel <= 0.5
            else "size_large"
        )
        return say("check_number_dir", self.lang, direction=direction, size=say(size, self.lang))


@dataclass
class RankingQuestion(Question):
    """An ordered list of items; partial credit only for an order close to the right one, and
    none for a ranking by a declared wrong measure."""

    label_kind: str = ""  # a catalogue kind whose labels answer too (供应链融资 for supply_chain)
    example: str = "['C00042', 'C00007']"  # the answer's shape, shown when it is not a list
    kind: ClassVar[str] = "ranking"

    def validate(self, plain: Any) -> str | None:
        if not isinstance(plain, list) or not all(type(v) in (str, int) for v in plain):
            got = type(plain).__name__ if not isinstance(plain, list) else repr(plain)[:60]
            return say(
                "check_not_a_list",
                self.lang,
                what=say(self.what, self.lang),
                example=self.example,
                got=got,
            )
        return None

    def _codes(self, items: list) -> list[str]:
        """The items as codes: a label in either language stands for its code."""
        return [str(to_code(v, self.label_kind) if self.label_kind else v) for v in items]

    def grade(self, plain: Any, expected: Any) -> Verdict:
        given, want = self._codes(plain), [str(v) for v in expected]
        if given == want:
            return self._verdict("correct", say("check_correct", self.lang), 1.0, given)
        for m, wrong in self.mistake_answers():
            if isinstance(wrong, list) and given == [str(v) for v in wrong]:
                return self._mistake_verdict(m, 0.0, given)
        if set(given) != set(want) or len(given) != len(want):
            missing = set(want) - set(given)
            msg = say(
                "check_ranking_items",
                self.lang,
                n=len(want),
                got=len(given),
                missing=len(missing),
                extra=", ".join(sorted(set(given) - set(want))[:5]) or "—",
            )
            return self._verdict("incorrect", msg, 0.0, given)
        pos = {v: i for i, v in enumerate(given)}
        pairs = [(a, b) for i, a in enumerate(want) for b in want[i + 1 :]]
        ok = sum(pos[a] < pos[b] for a, b in pairs) / len(pairs)
        # Half credit at most, and only above a chance order (Kendall's tau > 0).
        share = round(max(0.0, 2 * ok - 1) * 0.5, 6)
        first = next((a, b) for a, b in pairs if pos[a] > pos[b])
        msg = say("check_ranking_off", self.lang, first=first[0], second=first[1], score=share)
        return self._verdict("incorrect", msg, share, given)


@dataclass
class ChoiceQuestion(Question):
    """One option out of a few (e.g. which stage is the bottleneck); an option's label in
    either language answers it too (``label_kind`` names its kind in casekit.catalog)."""

    options: tuple[str, ...] = ()
    label_kind: str = ""
    option_labels: dict[str, dict[str, str]] = field(default_factory=dict)  # options not in catalog
    kind: ClassVar[str] = "choice"

    def code_of(self, plain: Any) -> Any:
        """The option an answer names: its code, or its label in either language."""
        if type(plain) is not str:
            return plain
        text = plain.strip()
        for code, labels in self.option_labels.items():
            if (
                text == code
                or text in labels.values()
                or text.casefold() in (v.casefold() for v in labels.values())
            ):
                return code
        return to_code(text, self.label_kind) if self.label_kind else text

    def _shown(self) -> str:
        def name(o: str) -> str:
            if o in self.option_labels:
                return self.option_labels[o]["zh" if self.lang == "zh" else "en"]
            if self.label_kind:
                from casekit import catalog as cat

                return cat.label(self.label_kind, o, self.lang)
            return ""

        return ", ".join(f"{o} ({name(o)})" if name(o) else o for o in self.options)

    def validate(self, plain: Any) -> str | None:
        if type(plain) is not str or self.code_of(plain) not in self.options:
            return say(
                "check_choice_unknown", self.lang, got=repr(plain)[:60], options=self._shown()
            )
        return None

    def grade(self, plain: Any, expected: Any) -> Verdict:
        code = self.code_of(plain)
        if code == expected:
            return self._verdict("correct", say("check_correct", self.lang), 1.0, code)
        for m, wrong in self.mistake_answers():
            if code == wrong:
                return self._mistake_verdict(m, 0.0, code)
        return self._verdict(
            "incorrect", say("check_choice_off", self.lang, answer=code), 0.0, code
        )


@dataclass
class DecisionQuestion(ChoiceQuestion):
    """A decision with its justification: ``{"decision": option, "why": "…"}``. The decision is
    checked at once; the justification is collected for the trainer, who reads it against the
    question's ``rubric`` (shown to the trainee too) in the cohort report."""

    rubric: tuple[dict[str, str], ...] = ()  # what a good justification does, in both languages
    min_words: int = 15

    def _parts(self, plain: Any) -> tuple[Any, Any]:
        if isinstance(plain, dict) and set(plain) == {"decision", "why"}:
            # As recorded ({"decision": [...], "why": [...]}, a one-row table) or as written.
            return tuple(v[0] if isinstance(v, list) and len(v) == 1 else v for v in plain.values())
        if isinstance(plain, list) and len(plain) == 2:
            return plain[0], plain[1]
        return None, None

    def validate(self, plain: Any) -> str | None:
        decision, why = self._parts(plain)
        if decision is None:
            return say("check_decision_form", self.lang, options=self._shown())
        problem = super().validate(decision)
        if problem:
            return problem
        if not isinstance(why, str) or _words(why) < self.min_words:
            return say("check_decision_why", self.lang, n=self.min_words)
        return None

    def grade(self, plain: Any, expected: Any) -> Verdict:
        decision, why = self._parts(plain)
        verdict = super().grade(decision, expected)
        answer = {"decision": [verdict.answer], "why": [why]}  # a one-row table for the report
        words = _words(why)
        if verdict.correct:
            msg = say("check_decision_right", self.lang, words=words)
        else:
            msg = say("check_decision_wrong", self.lang, verdict=verdict.message, words=words)
        return self._verdict(verdict.status, msg, verdict.points / self.points, answer)

    def rubric_text(self) -> str:
        """The rubric, one criterion a line, in the trainee's language."""
        return "\n".join(f"- {c['zh' if self.lang == 'zh' else 'en']}" for c in self.rubric)


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
