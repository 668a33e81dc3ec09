"""The Book: a simulated bank's observable tables, its hidden truth, and how it was made."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd


@dataclass
class Book:
    """Observable tables (``book.clients``, ``book.panel`` …), the truth beside them, and metadata."""

    tables: dict[str, pd.DataFrame]
    truth: dict[str, pd.DataFrame] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"a Book has no table {name!r}; its tables are: {', '.join(tables)}")

    def __repr__(self) -> str:
        sizes = ", ".join(f"{k}={len(v):,}" for k, v in self.tables.items())
        return f"Book({self.meta.get('params', {})}; {sizes})"

    @property
    def has_truth(self) -> bool:
        """Whether the hidden truth came with this book (not in assessment packs)."""
        return bool(self.truth)
