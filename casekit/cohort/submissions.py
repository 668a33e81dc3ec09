"""Finding the submissions in a folder, and preparing one for its run.

A submissions folder holds one folder per trainee, named by their trainee id, with the
notebooks of their pack (``T001/01_portfolio_360.ipynb``). Stray files, unknown trainees and
repeated submissions are reported, never guessed at: the newest of two notebooks for one
exercise is taken, and the report says so. Every file is read as data: never through a
symbolic link, only a regular file, within a size cap; anything else is "not a notebook" for
that trainee and the batch goes on. Lateness comes from the trainer's receipt log
(``received.csv`` in the cohort folder), never from times inside the hand-in.
"""

from __future__ import annotations

import ast
import errno
import hashlib
import os
import re
import stat
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from casekit.cohort.config import Cohort
from casekit.nbbuild import ROOT

_CHECK = re.compile(r"ex\.(q\d+)\.check\(")
_BLANK = re.compile(r"^(\w+) = ____\s*$", flags=re.M)


RECEIPTS_FILE = "received.csv"  # in the cohort folder: when the trainer received each file
MAX_NOTEBOOK_MB = 20.0


@dataclass(frozen=True)
class Job:
    """One submission to grade: a trainee's notebook for one exercise."""

    trainee_id: str
    exercise: str
    path: str
    sha256: str
    late: bool = False
    notes: tuple[str, ...] = ()
    root: str = ""  # the submissions folder (hidden from the sandbox as a whole)
    problem: str = ""  # why the file is not a notebook to run (a symlink, a FIFO, too large)


@dataclass
class Found:
    """What a submissions folder holds."""

    jobs: list[Job] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # stray files, unknown trainees, repeats


class NotANotebook(Exception):
    """A submitted path that is not a regular file of a bounded size (the message says what)."""


_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISDIR, "a folder"),
)


def _what(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_submission(path: str | Path, max_mb: float = MAX_NOTEBOOK_MB) -> bytes:
    """A submitted file's bytes, read as data: never through a symbolic link, only a regular
    file, its size checked before reading and the read itself bounded."""
    cap = int(max_mb * 1024 * 1024)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise NotANotebook(
                "not a notebook: a symbolic link (hand in the file itself)"
            ) from None
        raise NotANotebook(f"not a notebook: it cannot be opened ({e.strerror})") from None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotANotebook(f"not a notebook: {_what(st.st_mode)}, not a file")
        if st.st_size > cap:
            raise NotANotebook(
                f"not a notebook: {st.st_size / 2**20:.0f} MB, over the {max_mb:g} MB cap "
                "(raise it with `casekit cohort grade --max-notebook-mb`)"
            )
        data = f.read(cap + 1)
    if len(data) > cap:  # grew while being read
        raise NotANotebook(f"not a notebook: over the {max_mb:g} MB cap")
    return data


def read_receipts(cohort: Cohort) -> dict[tuple[str, str], datetime] | None:
    """When the trainer received each file (``received.csv``: trainee_id, file, received), or
    None if the cohort has no receipt log. Lateness comes from here, never from a file's own
    times (a trainee can set those)."""
    import csv

    from casekit.cohort.config import CohortError

    path = cohort.root / RECEIPTS_FILE
    if not path.is_file():
        return None
    out: dict[tuple[str, str], datetime] = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = {"trainee_id", "file", "received"} - set(reader.fieldnames or [])
        if missing:
            raise CohortError.said(
                "co_receipts_columns", path=path, columns=", ".join(sorted(missing))
            )
        for row_no, row in enumerate(reader, start=2):
            try:
                when = datetime.fromisoformat(str(row["received"]).strip())
            except ValueError:
                raise CohortError.said(
                    "co_receipts_time", path=path, row=row_no, value=row["received"]
                ) from None
            key = (str(row["trainee_id"]).strip(), str(row["file"]).strip())
            out[key] = max(when, out.get(key, when))
    return out


def _is_late(due: datetime | None, received: datetime | None) -> bool:
    if due is None or received is None:
        return False
    try:
        return received > due
    except TypeError:  # one with a time zone, one without: compare as written
        return received.replace(tzinfo=None) > due.replace(tzinfo=None)


def _files(entry: Path) -> list[Path]:
    """Every non-hidden entry under a trainee's folder that is not a folder, links not followed."""
    out = []
    for top, dirs, names in os.walk(entry, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        dirs_links = [d for d in dirs if os.path.islink(os.path.join(top, d))]
        out.extend(Path(top, n) for n in sorted(names + dirs_links) if not n.startswith("."))
    return out


def discover(cohort: Cohort, folder: str | Path, max_mb: float = MAX_NOTEBOOK_MB) -> Found:
    """The submissions in ``folder`` for this cohort, with notes on what was left out and why."""
    folder = Path(folder)
    found = Found()
    if not folder.is_dir():
        from casekit.cohort.config import CohortError

        raise CohortError.said("co_subs_not_folder", folder=folder)
    roster = {t.trainee_id for t in cohort.trainees}
    due = datetime.fromisoformat(cohort.due) if cohort.due else None
    receipts = read_receipts(cohort) if due else None
    if due and receipts is None:
        found.notes.append(
            f"no {RECEIPTS_FILE} in {cohort.root}: lateness is not judged (a file's own times "
            "are the trainee's to set); record when you received each file there"
        )
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if not stat.S_ISDIR(entry.lstat().st_mode):
            found.notes.append(
                f"{entry}: a stray file at the top level (ignored); put each trainee's "
                "notebooks in a folder named by their trainee id"
            )
            continue
        if entry.name not in roster:
            found.notes.append(f"{entry}: {entry.name!r} is not on the roster (ignored)")
            continue
        by_exercise: dict[str, list[Path]] = {}
        for f in _files(entry):
            number = f.name[:2]
            if f.suffix != ".ipynb" or number not in cohort.exercises:
                found.notes.append(f"{f}: not a notebook of this cohort's exercises (ignored)")
                continue
            by_exercise.setdefault(number, []).append(f)
        for number, files in sorted(by_exercise.items()):
            got = {p: (receipts or {}).get((entry.name, p.name)) for p in files}
            # Newest first (by receipt where there is one); equal times fall back to the name.
            files.sort(
                key=lambda p: (got[p].timestamp() if got[p] else p.lstat().st_mtime, p.name),
                reverse=True,
            )
            chosen, notes = files[0], ()
            if len(files) > 1:
                others = ", ".join(p.name for p in files[1:])
                notes = (
                    f"{len(files)} submissions for exercise {number}: took the newest, {chosen.name} (not {others})",
                )
                found.notes.append(f"{entry.name}: {notes[0]}")
            if receipts is not None and got[chosen] is None:
                notes = (
                    *notes,
                    f"no receipt for {chosen.name} in {RECEIPTS_FILE}: lateness not judged",
                )
                found.notes.append(f"{entry.name}: {notes[-1]}")
            try:
                digest, problem = hashlib.sha256(read_submission(chosen, max_mb)).hexdigest(), ""
            except NotANotebook as e:
                digest, problem = hashlib.sha256(str(e).encode()).hexdigest(), str(e)
            late = _is_late(due, got[chosen])
            found.jobs.append(
                Job(entry.name, number, str(chosen), digest, late, notes, str(folder), problem)
            )
    return found


def answer_variables(exercise: str, lang: str) -> dict[str, str]:
    """The variable each question's answer goes in, read from the pack's notebook."""
    import nbformat

    from casekit.nbbuild import sources

    stem = next(s.stem for s in sources(ROOT / "exercises" / "src") if s.stem.startswith(exercise))
    nb = nbformat.read(ROOT / "exercises" / lang / f"{stem}.ipynb", as_version=4)
    out = {}
    for cell in nb.cells:
        checks, blanks = _CHECK.findall(cell.source), _BLANK.findall(cell.source)
        if cell.cell_type == "code" and len(checks) == 1 and blanks:
            out[checks[0]] = blanks[-1]
    return out


def _tags(cell: Any) -> list:
    tags = cell.get("metadata", {}).get("tags", [])
    return tags if isinstance(tags, list) else []


# Python 3.11 before 3.11.8 keeps ast.parse's recursion count in one global (CPython
# gh-106905): two grading threads parsing at once get "SystemError: AST constructor recursion
# depth mismatch" and a sound notebook fails. Parsing a parameters cell takes microseconds.
_PARSE_LOCK = threading.Lock()


def injected_values(nb: Any) -> dict[str, Any] | None:
    """The literal values of the papermill-injected parameters cell, or None if it is gone."""
    for cell in nb.cells:
        if cell.cell_type == "code" and "injected-parameters" in _tags(cell):
            values = {}
            try:
                with _PARSE_LOCK:
                    tree = ast.parse(cell.source)
            except SyntaxError:
                return {}
            for node in tree.body:
                if isinstance(node, ast.Assign) and len(node.targets) == 1:
                    target = node.targets[0]
                    if isinstance(target, ast.Name):
                        try:
                            values[target.id] = ast.literal_eval(node.value)
                        except Exception:  # not a plain literal (edited by hand)
                            continue
            return values
    return None


def runnable_cells(nb: Any, params: dict[str, Any]) -> list[str]:
    """The notebook's code cells, its injected parameters replaced by the grader's own."""
    injected = "\n".join(f"{k} = {v!r}" for k, v in params.items())
    cells, placed = [], False
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tags = _tags(cell)
        if "injected-parameters" in tags:
            if not placed:
                cells.append(injected)
                placed = True
            continue
        cells.append(cell.source)
        if "parameters" in tags and not placed:
            cells.append(injected)
            placed = True
    if not placed:
        cells.insert(0, injected)
    return cells
