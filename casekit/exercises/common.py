"""What the exercise modules share: bilingual text, the book's windows, and allowed codes."""

from __future__ import annotations

from typing import Any

import pandas as pd

from casekit import catalog as cat


def memo(book: Any, key: tuple, compute: Any) -> Any:
    """``compute()`` once per book and key: a check recomputes its right answer and each
    declared mistake, so the figures they share are kept on the book (never mutate them)."""
    cache = book.__dict__.setdefault("_memo", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def t(en: str, zh: str) -> dict[str, str]:
    """One piece of text in both languages."""
    return {"en": en, "zh": zh}


def code(text: str) -> dict[str, str]:
    """A worked solution: code reads the same in both languages."""
    return {"en": text.strip(), "zh": text.strip()}


def sentences(lang: str, *parts: str) -> str:
    """Sentences joined with the full stop of the language."""
    stop = "。" if lang == "zh" else ". "
    return stop.join(p.rstrip("。. ") for p in parts if p) + ("。" if lang == "zh" else ".")


def months(book: Any) -> list[str]:
    """The book's months, in order."""
    return sorted(book.panel["month"].unique())


def last_year(book: Any) -> pd.DataFrame:
    """The panel's last twelve months."""
    return book.panel[book.panel["month"].isin(months(book)[-12:])]


def first_year(book: Any) -> pd.DataFrame:
    """The panel's first twelve months."""
    return book.panel[book.panel["month"].isin(months(book)[:12])]


def segment_ids(ctx: Any) -> pd.Index:
    """The clients of the exercise's segment (tier)."""
    c = ctx.book.clients
    return pd.Index(c.loc[c["tier"] == ctx.segment, "client_id"])


def clients_valid(ctx: Any) -> dict[str, set[str]]:
    """Client ids of the trainee's book (for messages about unknown ids)."""
    return {"client_id": set(ctx.book.clients["client_id"])}


def needs_valid(ctx: Any) -> dict[str, set[str]]:
    """Client ids and need codes."""
    return {**clients_valid(ctx), "need": set(cat.NEED_CODES)}


def product_codes(ctx: Any) -> dict[str, set[str]]:
    """Product codes only."""
    return {"product": set(cat.PRODUCT_CODES)}


def products_valid(ctx: Any) -> dict[str, set[str]]:
    """Client ids and product codes."""
    return {**clients_valid(ctx), "product": set(cat.PRODUCT_CODES)}


def income(panel: pd.DataFrame) -> pd.Series:
    """Interest plus fee income per client over the panel given (万元)."""
    return panel.groupby("client_id")[["interest_income", "fee_income"]].sum().sum(axis=1)
