"""Reading a cohort's roster: an Excel workbook (.xlsx) or a CSV exported from Excel or HR.

Accepts .xlsx (the first sheet, read by pandas with openpyxl), and CSV in UTF-8 with or
without a BOM or GBK/GB18030 (what Chinese Excel writes); says what it read, and names the
file, the row and the fix for every problem it finds, in English and Chinese.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from casekit.errors import CasekitError

LANGS = {"en": "en", "english": "en", "英文": "en", "zh": "zh", "chinese": "zh", "中文": "zh"}
# Header names a roster may use for each field (case and spaces ignored).
ALIASES = {
    "trainee_id": {"trainee_id", "id", "staff_id", "employee_id", "工号", "学员编号", "编号"},
    "name": {"name", "full_name", "姓名"},
    "lang": {"lang", "language", "语言"},
    "group": {"group", "team", "branch", "分组", "组别", "支行"},
}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


class RosterError(CasekitError, ValueError):
    """The roster cannot be used as it is: the message names the file, the row and the fix."""


@dataclass(frozen=True)
class Trainee:
    """One row of the roster."""

    trainee_id: str
    name: str
    lang: str
    group: str = ""


def _decode(path: Path) -> tuple[str, str]:
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "UTF-8 with BOM"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "GBK (GB18030)"
    except UnicodeDecodeError:
        raise RosterError.said("roster_encoding", path=path) from None


EXCEL = {".xlsx", ".xlsm"}


def _excel_rows(path: Path) -> tuple[list[list[str]], str]:
    """The first sheet of a workbook as rows of text (ids stay text: 007 is not 7)."""
    import zipfile

    import pandas as pd

    try:
        with pd.ExcelFile(path, engine="openpyxl") as book:
            sheet = book.sheet_names[0]
            frame = pd.read_excel(
                book, sheet_name=sheet, header=None, dtype=str, keep_default_na=False
            )
    except (zipfile.BadZipFile, ValueError, KeyError, OSError) as e:
        raise RosterError.said("roster_bad_excel", path=path, error=type(e).__name__) from None
    rows = [[str(v).strip() for v in row] for row in frame.itertuples(index=False)]
    return rows, f"Excel workbook (sheet {sheet!r})"


def _text_rows(path: Path) -> tuple[list[list[str]], str]:
    """The rows of a CSV (or tab- or semicolon-separated) roster and its encoding."""
    text, encoding = _decode(path)
    if not text.strip():
        raise RosterError.said("roster_empty", path=path)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect)), encoding


def _field(header: str) -> str | None:
    key = header.strip().lower().replace(" ", "_")
    return next((f for f, names in ALIASES.items() if key in names), None)


def read_roster(path: str | Path) -> tuple[list[Trainee], str]:
    """The trainees of a roster (.xlsx or CSV) and what it was read as (encoding or sheet)."""
    path = Path(path)
    if not path.is_file():
        raise RosterError.said("roster_missing", path=path)
    if path.suffix.lower() == ".xls":
        raise RosterError.said("roster_xls", path=path)
    rows, encoding = _excel_rows(path) if path.suffix.lower() in EXCEL else _text_rows(path)
    if not rows or not any(c.strip() for c in rows[0]):
        raise RosterError.said("roster_empty", path=path)
    header = [_field(h) for h in rows[0]]
    missing = [f for f in ("trainee_id", "name", "lang") if f not in header]
    if missing:
        raise RosterError.said(
            "roster_columns", path=path, missing=", ".join(missing), header=", ".join(rows[0])
        )
    col = {f: header.index(f) for f in ALIASES if f in header}
    trainees: list[Trainee] = []
    seen: dict[str, int] = {}
    for n, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        get = lambda f, row=row: row[col[f]].strip() if f in col and col[f] < len(row) else ""  # noqa: E731
        tid, lang = get("trainee_id"), get("lang").lower()
        if not _ID.match(tid):
            raise RosterError.said("roster_bad_id", path=path, row=n, tid=tid)
        if tid in seen:
            raise RosterError.said("roster_repeat", path=path, row=n, tid=tid, first=seen[tid])
        if lang not in LANGS:
            raise RosterError.said("roster_lang", path=path, row=n, tid=tid, value=get("lang"))
        seen[tid] = n
        trainees.append(Trainee(tid, get("name") or tid, LANGS[lang], get("group")))
    if not trainees:
        raise RosterError.said("roster_no_rows", path=path)
    return trainees, encoding
