"""Turning what a trainee hands in into a clean table, or a clear message in their language.

Every evaluation function takes answers through here, so a missing column, an unknown client
or an empty value gets the same kind of message everywhere, never a traceback from pandas.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import pandas as pd

from casekit.book import Book
from casekit.errors import CasekitError
from casekit.messages import check_lang, say


class AnswerError(CasekitError, ValueError):
    """An answer handed to an evaluation function is not in the expected shape."""


def as_table(
    answer: object,
    columns: Sequence[str],
    what: str,
    lang: str,
    optional: Sequence[str] = (),
) -> pd.DataFrame:
    """The answer as a DataFrame with ``columns`` (plus any ``optional`` present), row order kept.

    Accepts a DataFrame, a list of dicts, or a list of tuples in ``columns`` order.
    """
    check_lang(lang)
    name = say(what, lang)
    cols = ", ".join(columns)
    if isinstance(answer, pd.DataFrame):
        df = answer
    elif isinstance(answer, Iterable) and not isinstance(answer, str | bytes | dict):
        rows = list(answer)
        if rows and all(isinstance(r, dict) for r in rows):
            df = pd.DataFrame(rows)
        elif all(isinstance(r, tuple | list) and len(r) >= len(columns) for r in rows):
            width = max((len(r) for r in rows), default=len(columns))
            df = pd.DataFrame(rows, columns=[*columns, *optional][:width])
        else:
            raise AnswerError(say("not_a_table", lang, what=name, columns=cols, got=_kind(answer)))
    else:
        raise AnswerError(say("not_a_table", lang, what=name, columns=cols, got=_kind(answer)))
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise AnswerError(
            say(
                "missing_columns",
                lang,
                what=name,
                columns=cols,
                missing=", ".join(missing),
                has=", ".join(map(str, df.columns)) or "—",
            )
        )
    keep = [*columns, *[c for c in optional if c in df.columns]]
    out = pd.DataFrame({c: df[c].to_numpy() for c in keep})
    for c in columns:
        empty = out[c].isna()
        if empty.any():
            row = int(empty.to_numpy().nonzero()[0][0])
            raise AnswerError(
                say("missing_values", lang, what=name, column=c, count=int(empty.sum()), row=row)
            )
    return out


def _kind(obj: object) -> str:
    return type(obj).__name__


def check_clients(ids: pd.Series, book: Book, what: str, lang: str) -> pd.Series:
    """The ids as plain strings; raises naming the first id the book does not have."""
    ids = ids.astype(str).str.strip()
    known = book.clients["client_id"]
    bad = ~ids.isin(known)
    if bad.any():
        raise AnswerError(
            say(
                "unknown_client",
                lang,
                what=say(what, lang),
                client=ids[bad].iloc[0],
                example=", ".join(known.iloc[:2]),
            )
        )
    return ids


def check_codes(
    values: pd.Series, allowed: Sequence[str], column: str, what: str, lang: str
) -> pd.Series:
    """The values as plain strings; raises naming the first one that is not an allowed code."""
    values = values.astype(str).str.strip()
    bad = ~values.isin(allowed)
    if bad.any():
        raise AnswerError(
            say(
                "unknown_code",
                lang,
                what=say(what, lang),
                column=column,
                value=values[bad].iloc[0],
                allowed=", ".join(allowed),
            )
        )
    return values


def truth_of(book: Book, table: str, what: str, lang: str) -> pd.DataFrame:
    """A hidden-truth table; raises if the book came without it (an assessment pack)."""
    if table not in book.truth:
        raise AnswerError(say("needs_truth", lang, what=say(what, lang)))
    return book.truth[table]


F = TypeVar("F", bound=Callable[..., Any])


def case_bank_only(fn: F) -> F:
    """A case's own figure, computed only on the workbook's simulated banks (they carry their
    truth); on a bank without it (an assessment pack) it refuses.

    Each of these computes, in one call, what an exercise asks a trainee to work out on their
    own bank (scripts/leak_scan.py finds them); a case always runs on a simulated bank, so the
    refusal costs the cases nothing.
    """

    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def guarded(book: Book, *args: Any, **kwargs: Any) -> Any:
        if not book.has_truth:  # lang, however it was passed, for the refusal's language
            lang = signature.bind_partial(book, *args, **kwargs).arguments.get("lang", "en")
            raise AnswerError(say("case_bank_only", check_lang(lang), name=fn.__name__))
        return fn(book, *args, **kwargs)

    return guarded  # type: ignore[return-value]
