"""Questions answered with a table: a set of rows, a table of figures, or an open answer (a plan,
a watch list, a warning rule) that a casekit evaluation function scores with partial credit.

Every answer arrives as plain data (casekit.plain) and is first shaped into a DataFrame by one
function, ``frame_of``, so a missing column, an empty answer or an empty cell gets the same
message in every kind of question.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import pandas as pd

from casekit.messages import say
from casekit.plain import plain_number
from casekit.questions import MISTAKE_CAP, Question, Verdict, to_code


def _scalar(v: Any) -> bool:
    return v is None or type(v) in (str, int, float, bool)


def frame_of(
    plain: Any, columns: tuple[str, ...], what: str, lang: str, allow_empty: bool = False
) -> pd.DataFrame | str:
    """The answer as a DataFrame with ``columns``, or the message saying why it is not one.

    Accepts a DataFrame, a list of rows (lists in ``columns`` order, or dicts), a dict of
    columns, a {key: value} dict for a two-column table, or a flat list for a one-column one.
    """
    name, cols = say(what, lang), ", ".join(columns)
    df: pd.DataFrame | None = None
    if isinstance(plain, pd.DataFrame):
        df = plain
    elif isinstance(plain, list):
        if all(isinstance(r, dict) for r in plain) and plain:
            df = pd.DataFrame(plain)
        elif all(isinstance(r, list) and len(r) == len(columns) for r in plain):
            df = pd.DataFrame(plain, columns=list(columns)) if plain else None
        elif len(columns) == 1 and all(_scalar(v) for v in plain):
            df = pd.DataFrame({columns[0]: plain})
    elif isinstance(plain, dict) and plain:
        values = list(plain.values())
        if all(isinstance(v, list) for v in values) and len({len(v) for v in values}) == 1:
            df = pd.DataFrame(plain)
        elif set(plain) == set(columns) and all(_scalar(v) for v in values):
            df = pd.DataFrame({c: [plain[c]] for c in columns})  # one row: {column: value}
        elif len(columns) == 2 and all(_scalar(v) for v in values):
            df = pd.DataFrame({columns[0]: list(plain), columns[1]: values})
    if df is None and plain in ([], {}):
        if allow_empty:  # "none" can be the right answer (a client who holds nothing now)
            return pd.DataFrame({c: [] for c in columns})
        return say("empty_table", lang, what=name, columns=cols)
    if df is None:
        return say("not_a_table", lang, what=name, columns=cols, got=type(plain).__name__)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        has = ", ".join(map(str, df.columns)) or "—"
        return say(
            "missing_columns", lang, what=name, columns=cols, missing=", ".join(missing), has=has
        )
    if df.empty and not allow_empty:
        return say("empty_table", lang, what=name, columns=cols)
    for c in columns:
        empty = df[c].isna().to_numpy()
        if empty.any():
            row = int(empty.nonzero()[0][0])
            return say("missing_values", lang, what=name, column=c, count=int(empty.sum()), row=row)
    return df


def _key(row: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in row)


def _show(keys: Any, n: int) -> str:
    return ", ".join("/".join(k) for k in sorted(keys)[:n]) or "—"


def _part(key: str, keys: Any, n: int, lang: str) -> str:
    """A sentence naming a few of ``keys`` (missed or extra rows), or nothing if there are none."""
    return say(key, lang, rows=_show(keys, n)) if keys else ""


@dataclass
class _TableBase(Question):
    """Shared shaping and code checks of the table questions."""

    columns: tuple[str, ...] = ("client_id",)
    valid: Callable[[Any], dict[str, set[str]]] | None = None  # allowed values per column
    show: int = 5  # how many missed / extra rows a message names
    max_rows: int = 0  # the most rows an answer may have (0: no limit)
    allow_empty: bool = False  # whether "no rows" can be an answer
    label_kinds: tuple[tuple[str, str], ...] = ()  # (column, catalog kind): labels answer too
    ranges: tuple[tuple[str, float, float], ...] = ()  # (column, lowest, highest) for numbers

    def frame(self, plain: Any) -> pd.DataFrame | str:
        """The answer shaped as a table, or the message why it cannot be."""
        df = frame_of(plain, self.columns, self.what, self.lang, self.allow_empty)
        if isinstance(df, pd.DataFrame) and self.label_kinds:
            df = df.copy()
            for column, kind in self.label_kinds:
                if column in df.columns:
                    df[column] = [to_code(v, kind) for v in df[column]]
        if isinstance(df, pd.DataFrame) and self.max_rows and len(df) > self.max_rows:
            name = say(self.what, self.lang)
            return say("check_too_many", self.lang, what=name, n=self.max_rows, got=len(df))
        return df

    def validate(self, plain: Any) -> str | None:
        df = self.frame(plain)
        if isinstance(df, str):
            return df
        name = say(self.what, self.lang)
        for c, lo, hi in self.ranges:
            bad = next((v for v in df[c] if not _within(plain_number(v), lo, hi)), None)
            if bad is not None:
                return say("not_in_range", self.lang, what=name, column=c, lo=lo, hi=hi, value=bad)
        for c, values in (self.valid(self.context) if self.valid else {}).items():
            bad = next((v for v in df[c] if str(v) not in values), None)
            if bad is None:
                continue
            example = ", ".join(sorted(values)[:3])
            if c == "client_id":
                return say("unknown_client", self.lang, what=name, client=bad, example=example)
            return say(
                "unknown_code",
                self.lang,
                what=name,
                column=c,
                value=bad,
                allowed=example + (" …" if len(values) > 3 else ""),
            )
        return None


@dataclass
class PairsQuestion(_TableBase):
    """A set of rows (e.g. client_id, need); partial credit is the F1 of the rows given."""

    columns: tuple[str, ...] = ("client_id", "need")
    kind: ClassVar[str] = "pairs"

    def grade(self, plain: Any, expected: Any) -> Verdict:
        df = self.frame(plain)
        given = {_key(r) for r in df[list(self.columns)].itertuples(index=False, name=None)}
        want = _pairs(expected)
        f1, right = _f1(given, want)
        answer = [list(k) for k in sorted(given)]
        if given == want:
            return self._verdict("correct", say("check_correct", self.lang), 1.0, answer)
        for m, wrong in self.mistake_answers():
            if isinstance(wrong, list) and given == _pairs(wrong):
                return self._mistake_verdict(m, min(f1, MISTAKE_CAP), answer)
        msg = say(
            "check_pairs_off",
            self.lang,
            right=right,
            expected=len(want),
            wrong=len(given - want),
            score=f1,
            missed=_part("rows_missed", want - given, self.show, self.lang),
            extra=_part("rows_extra", given - want, self.show, self.lang),
        )
        return self._verdict("incorrect", msg, f1, answer)


def _pairs(rows: Any) -> set[tuple[str, ...]]:
    return {_key(r if isinstance(r, list) else [r]) for r in rows}


def _f1(given: set, want: set) -> tuple[float, int]:
    right = len(given & want)
    precision = right / len(given) if given else 0.0
    recall = right / len(want) if want else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, right


@dataclass
class TableQuestion(_TableBase):
    """A table of figures by key (e.g. clients and deposits per tier); credit per figure."""

    keys: tuple[str, ...] = ("client_id",)
    rel_tol: float = 0.01
    abs_tol: float = 0.0
    ignore_zero_rows: bool = False  # rows of zeros for keys not expected are not errors
    kind: ClassVar[str] = "table"

    def validate(self, plain: Any) -> str | None:
        problem = super().validate(plain)
        if problem:
            return problem
        df = self.frame(plain)
        name = say(self.what, self.lang)
        for c in self.columns:
            if c in self.keys:
                continue
            bad = next((i for i, v in enumerate(df[c]) if plain_number(v) is None), None)
            if bad is not None:
                return say("not_numbers", self.lang, what=name, column=c, row=bad, value=df[c][bad])
        dup = df[list(self.keys)].astype(str).duplicated()
        if dup.any():
            row = _key(df.loc[dup, list(self.keys)].iloc[0])
            return say("check_duplicate_rows", self.lang, what=name, row="/".join(row))
        return None

    def grade(self, plain: Any, expected: Any) -> Verdict:
        df = self.frame(plain)
        want = pd.DataFrame(expected) if not isinstance(expected, pd.DataFrame) else expected
        values = [c for c in self.columns if c not in self.keys]
        got = {_key(r[: len(self.keys)]): r[len(self.keys) :] for r in _rows(df, self)}
        exp = {_key(r[: len(self.keys)]): r[len(self.keys) :] for r in _rows(want, self)}
        if self.ignore_zero_rows:  # a category with no events is no error (value_counts)
            got = {
                k: v
                for k, v in got.items()
                if k in exp or any(plain_number(x) not in (0.0, None) for x in v)
            }
        missing, extra = set(exp) - set(got), set(got) - set(exp)
        right, off = 0, []
        for k in sorted(set(exp) & set(got)):
            for c, a, b in zip(values, got[k], exp[k], strict=True):
                a, b = plain_number(a), float(b)
                if math.isclose(a, b, abs_tol=max(self.abs_tol, self.rel_tol * abs(b))):
                    right += 1
                else:
                    off.append((k, c, a, b))
        total = len(exp) * len(values) + len(extra) * len(values)
        share = right / total if total else 0.0
        answer = df[list(self.columns)]
        if not off and not missing and not extra:
            return self._verdict("correct", say("check_correct", self.lang), 1.0, answer)
        for m, wrong in self.mistake_answers():
            if self._same(got, wrong):
                return self._mistake_verdict(m, min(share, MISTAKE_CAP), answer)
        first = ""
        if off:
            k, c, a, b = off[0]
            gap = f" {abs(a - b):,.3g}" if self.revealing else ""
            first = say(
                "check_table_figure",
                self.lang,
                row="/".join(k),
                column=c,
                direction=say("too_high" if a > b else "too_low", self.lang),
                gap=gap if self.lang == "zh" else gap and f" by{gap}",
            )
        msg = say(
            "check_table_off",
            self.lang,
            right=right,
            total=len(exp) * len(values),
            score=share,
            wrong=len(off),
            absent=len(missing) * len(values),
            n_extra=len(extra),
            missed=_part("rows_missing", missing, self.show, self.lang),
            extra=_part("rows_unexpected", extra, self.show, self.lang),
            first=first,
        )
        return self._verdict("incorrect", msg, share, answer)

    def _same(self, got: dict, wrong: Any) -> bool:
        """Whether an answer's figures are a mistake's, every one within the tolerance."""
        want = pd.DataFrame(wrong) if not isinstance(wrong, pd.DataFrame) else wrong
        try:
            exp = {_key(r[: len(self.keys)]): r[len(self.keys) :] for r in _rows(want, self)}
        except KeyError:
            return False
        if set(exp) != set(got):
            return False
        for k, row in exp.items():
            for a, b in zip(got[k], row, strict=True):
                a, b = plain_number(a), float(b)
                if not math.isclose(a, b, abs_tol=max(self.abs_tol, self.rel_tol * abs(b))):
                    return False
        return True


def _rows(df: pd.DataFrame, q: TableQuestion) -> list[tuple]:
    return list(df[list(q.columns)].itertuples(index=False, name=None))


def _no_expected(context: Any) -> None:
    """Open answers have no single expected answer: a scorer judges them."""
    return None


@dataclass
class ScoredQuestion(_TableBase):
    """An open answer scored by an evaluation function. With ``reference`` (the reference
    method's answer on the trainee's bank), ``pass_at`` and ``floor`` are shares of what the
    reference earns there, so the bar is as high on a hard bank as on an easy one: full credit
    from ``pass_at``, none up to ``floor``, in proportion between. ``columns=()`` means the
    answer is a single number."""

    expected: Callable[[Any], Any] = _no_expected
    scorer: Callable[[Any, Any, str], tuple[float, str]] | None = None  # (answer, ctx, lang)
    pass_at: float = 0.8
    floor: float = 0.0
    reference: Callable[[Any], Any] | None = None
    too_small: Callable[[Any], str | None] | None = None  # a reason the bank cannot carry it
    score_format: str = "{:.0%}"  # how the score reads in messages (a share, a lift …)
    kind: ClassVar[str] = "scored"

    def keyed(self) -> bool:
        """Whether this install holds the scorer (an answer key: casekit_keys)."""
        return self.scorer is not None

    def validate(self, plain: Any) -> str | None:
        if self.columns:
            return super().validate(plain)
        if plain_number(plain) is None:
            return say("check_not_number", self.lang, unit="", got=repr(plain)[:60])
        return None

    def bar(self) -> tuple[float, float]:
        """The scores for full credit and for any credit, on this trainee's bank."""
        if self.reference is None:
            return self.pass_at, self.floor
        assert self.scorer is not None, f"{self.qid} has no scorer"
        ref = self.frame(to_plain_answer(self.reference(self.context)))
        best = self.scorer(ref, self.context, self.lang)[0]
        return self.pass_at * best, self.floor * best

    def grade(self, plain: Any, expected: Any) -> Verdict:
        answer = self.frame(plain) if self.columns else plain_number(plain)
        plain_answer = answer if self.columns else float(answer)
        if self.too_small is not None or self.reference is not None:
            reason = self.too_small(self.context) if self.too_small else None
            if not reason and self.reference is not None and self.columns:
                ref = self.frame(to_plain_answer(self.reference(self.context)))
                if not isinstance(ref, pd.DataFrame) or ref.empty:  # nothing to find here
                    reason = say("reason_nothing_to_find", self.lang)
            if reason:
                msg = say("check_too_small", self.lang, reason=reason)
                return self._verdict("correct", msg, 1.0, plain_answer)
        assert self.scorer is not None, f"{self.qid} has no scorer"
        score, detail = self.scorer(answer, self.context, self.lang)
        need, floor = self.bar()
        share = float(min(1.0, max(0.0, (score - floor) / (need - floor)))) if need > floor else 1.0
        shown, need_text = self.score_format.format(score), self.score_format.format(need)
        mistake = self._mistake_of(answer) if self.columns else None
        if mistake is not None:
            # A wrong method earns at most MISTAKE_CAP, even on a bank where it happens to score.
            credit = min(share, MISTAKE_CAP)
            key = "check_scored_mistake" if score < need else "check_scored_mistake_lucky"
            msg = say(
                key,
                self.lang,
                mistake=mistake.text(self.lang),
                score=shown,
                need=need_text,
                credit=credit,
            )
            return self._verdict("incorrect", msg, credit, plain_answer)
        if score >= need:
            msg = say("check_scored_pass", self.lang, score=shown, detail=detail)
            return self._verdict("correct", msg, 1.0, plain_answer)
        msg = say(
            "check_scored_off", self.lang, score=shown, need=need_text, credit=share, detail=detail
        )
        return self._verdict("incorrect", msg, share, plain_answer)

    def _rows(self, answer: Any) -> set[tuple[str, ...]] | None:
        df = answer if isinstance(answer, pd.DataFrame) else self.frame(to_plain_answer(answer))
        if not isinstance(df, pd.DataFrame):
            return None
        rows = df[list(self.columns)].itertuples(index=False, name=None)
        return {tuple(_norm(v) for v in r) for r in rows}

    def _mistake_of(self, answer: pd.DataFrame) -> Any:
        """The declared mistake whose answer this is (and the reference's is not), or None."""
        given = self._rows(answer)
        if self.reference is not None and given == self._rows(self.reference(self.context)):
            return None
        for m in self.mistakes:
            if m.answer is None:
                continue
            try:
                rows = self._rows(m.answer(self.context))
            except Exception:  # a mistake that cannot be computed on this bank
                continue
            if rows == given:
                return m
        return None


def _within(n: float | None, lo: float, hi: float) -> bool:
    return n is not None and lo <= n <= hi


def _norm(v: Any) -> str:
    """A cell as text, numbers in one form (2, 2.0 and '2' alike)."""
    number = plain_number(v) if not isinstance(v, str) else None
    return f"{number:g}" if number is not None else str(v)


def to_plain_answer(answer: Any) -> Any:
    """A reference answer as plain data, shaped as a trainee's would be."""
    from casekit.plain import to_plain

    return to_plain(answer)
