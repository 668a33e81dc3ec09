"""Reading a cohort's roster: a CSV exported from Excel or an HR system.

Accepts UTF-8 with or without a BOM and GBK/GB18030 (what Chinese Excel writes), says which
encoding it read, and names the file, the row and the fix for every problem it finds.
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
        raise RosterError(
            f"{path}: the file is neither UTF-8 nor GBK; save it from Excel as "
            "'CSV UTF-8 (逗号分隔)' and try again"
        ) from None


def _field(header: str) -> str | None:
    key = header.strip().lower().replace(" ", "_")
    return next((f for f, names in ALIASES.items() if key in names), None)


def read_roster(path: str | Path) -> tuple[list[Trainee], str]:
    """The trainees of a roster CSV and the encoding it was read in."""
    path = Path(path)
    if not path.is_file():
        raise RosterError(f"{path}: no such file; give the roster CSV exported from Excel")
    text, encoding = _decode(path)
    if not text.strip():
        raise RosterError(
            f"{path}: the file is empty; it needs a header row and one row per trainee"
        )
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    header = [_field(h) for h in rows[0]]
    missing = [f for f in ("trainee_id", "name", "lang") if f not in header]
    if missing:
        raise RosterError(
            f"{path}: missing column(s) {', '.join(missing)} (read the header as "
            f"{', '.join(rows[0])}); the roster needs trainee_id, name and lang, group is optional"
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
            raise RosterError(
                f"{path}, row {n}: trainee_id {tid!r} is empty or has characters other than "
                "letters, digits, '.', '_' and '-' (at most 40); fix the id in the roster"
            )
        if tid in seen:
            raise RosterError(
                f"{path}, row {n}: trainee_id {tid!r} repeats row {seen[tid]}; every trainee "
                "needs an id of their own"
            )
        if lang not in LANGS:
            raise RosterError(
                f"{path}, row {n}: language {get('lang')!r} for {tid} is not known; use en or zh"
            )
        seen[tid] = n
        trainees.append(Trainee(tid, get("name") or tid, LANGS[lang], get("group")))
    if not trainees:
        raise RosterError(f"{path}: the header is there but no trainee rows follow it")
    return trainees, encoding
