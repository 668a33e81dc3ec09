"""casekit: a simulated corporate bank and the case workbook built on it (对公客户关系管理).

Public names are few on purpose: generate or load a book, check its realism, and the errors.
Heavy modules are imported on first use, so `import casekit` and `casekit --help` stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "SCENARIOS",
    "BadParameter",
    "Book",
    "BookExistsError",
    "BookNotFoundError",
    "BookValidationError",
    "CasekitError",
    "data_path",
    "generate_book",
    "load_book",
    "realism_report",
    "save_book",
    "write_book",
]

_LAZY = {
    "Book": "casekit.book",
    "SCENARIOS": "casekit.scenarios",
    "data_path": "casekit.loader",
    "generate_book": "casekit.loader",
    "load_book": "casekit.loader",
    "realism_report": "casekit.realism",
    "save_book": "casekit.bookio",
    "write_book": "casekit.bookio",
}

from casekit.errors import (  # noqa: E402 - errors are light and needed everywhere
    BadParameter,
    BookExistsError,
    BookNotFoundError,
    BookValidationError,
    CasekitError,
)

if TYPE_CHECKING:
    from casekit.book import Book
    from casekit.bookio import save_book, write_book
    from casekit.loader import data_path, generate_book, load_book
    from casekit.realism import realism_report
    from casekit.scenarios import SCENARIOS


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'casekit' has no attribute {name!r}")
