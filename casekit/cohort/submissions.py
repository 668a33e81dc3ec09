"""Finding the submissions in a folder, and preparing one for its run.

A submissions folder holds one folder per trainee, named by their trainee id, with the
notebooks of their pack (``T001/01_portfolio_360.ipynb``). Stray files, unknown trainees and
repeated submissions are reported, never guessed at: the newest of two notebooks for one
exercise is taken, and the report says so.
"""

from __future__ import annotations

import ast
import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from casekit.cohort.config import Cohort
from casekit.nbbuild import ROOT

_CHECK = re.compile(r"ex\.(q\d+)\.check\(")
_BLANK = re.compile(r"^(\w+) = ____\s*$", flags=re.M)


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


@dataclass
class Found:
    """What a submissions folder holds."""

    jobs: list[Job] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # stray files, unknown trainees, repeats


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def discover(cohort: Cohort, folder: str | Path) -> Found:
    """The submissions in ``folder`` for this cohort, with notes on what was left out and why."""
    folder = Path(folder)
    found = Found()
    if not folder.is_dir():
        from casekit.cohort.config import CohortError

        raise CohortError(
            f"{folder} is not a folder: give the folder that holds one folder per trainee"
        )
    roster = {t.trainee_id for t in cohort.trainees}
    due = datetime.fromisoformat(cohort.due).timestamp() if cohort.due else None
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_file():
            found.notes.append(
                f"{entry}: a stray file at the top level (ignored); put each trainee's "
                "notebooks in a folder named by their trainee id"
            )
            continue
        if entry.name not in roster:
            found.notes.append(f"{entry}: {entry.name!r} is not on the roster (ignored)")
            continue
        by_exercise: dict[str, list[Path]] = {}
        for f in sorted(entry.rglob("*")):
            if any(part.startswith(".") for part in f.relative_to(entry).parts) or f.is_dir():
                continue
            number = f.name[:2]
            if f.suffix != ".ipynb" or number not in cohort.exercises:
                found.notes.append(f"{f}: not a notebook of this cohort's exercises (ignored)")
                continue
            by_exercise.setdefault(number, []).append(f)
        for number, files in sorted(by_exercise.items()):
            # Newest first; equal times fall back to the name, so the choice is repeatable.
            files.sort(key=lambda p: (p.stat().st_mtime, p.name), reverse=True)
            chosen, notes = files[0], ()
            if len(files) > 1:
                others = ", ".join(p.name for p in files[1:])
                notes = (
                    f"{len(files)} submissions for exercise {number}: took the newest, {chosen.name} (not {others})",
                )
                found.notes.append(f"{entry.name}: {notes[0]}")
            late = due is not None and chosen.stat().st_mtime > due
            found.jobs.append(
                Job(entry.name, number, str(chosen), _digest(chosen), late, notes, str(folder))
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


def injected_values(nb: Any) -> dict[str, Any] | None:
    """The literal values of the papermill-injected parameters cell, or None if it is gone."""
    for cell in nb.cells:
        if cell.cell_type == "code" and "injected-parameters" in _tags(cell):
            values = {}
            try:
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
