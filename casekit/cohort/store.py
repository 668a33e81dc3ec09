"""Where grades are kept: one JSON file per submission, written atomically, read forgivingly."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from casekit.cohort.config import Cohort


def grade_path(cohort: Cohort, trainee_id: str, exercise: str) -> Path:
    """Where a submission's grade is kept."""
    return cohort.root / "grades" / trainee_id / f"{exercise}.json"


def write_grade(cohort: Cohort, record: dict) -> Path:
    """Write a grade atomically: a reader sees the old file or the new one, never half."""
    path = grade_path(cohort, record["trainee_id"], record["exercise"])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    # ASCII escapes: an answer may hold text no encoder accepts (a lone surrogate).
    text = json.dumps(record, ensure_ascii=True, indent=1, sort_keys=True)
    try:
        # Readable by the trainer only: a submission being graded must not read others' grades.
        with open(
            os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8"
        ) as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())  # on disk before the rename makes it the grade
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def read_grade(cohort: Cohort, trainee_id: str, exercise: str) -> dict | None:
    """A stored grade, or None (a damaged file counts as no grade, so it is graded again)."""
    path = grade_path(cohort, trainee_id, exercise)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
        return None
