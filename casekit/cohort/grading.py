"""Grading a cohort: every submission run in its own sandbox, its answers checked here against
the bank the grader re-derives from the cohort's secret, each grade written the moment it is
known.

Grades live in ``grades/TRAINEE/NN.json``, written atomically (a temporary file renamed into
place), so killing the grader at any point loses at most the submissions in flight; running it
again grades only what has no grade for its current content. Each grade keeps the answers as
plain data and a fingerprint of every question, so after a fix to one question
``regrade="changed"`` re-checks the stored answers of that question only, without running
anything again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
import threading
from concurrent.futures import Executor, ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from casekit.cohort import sandbox_league
from casekit.cohort.config import Cohort, check_secret_private, open_cohort
from casekit.cohort.itemstats import refined_key
from casekit.cohort.packs import parameters, pick_client
from casekit.cohort.sandbox import DEFAULT_LIMITS, Limits, run_cells
from casekit.cohort.store import read_grade, write_grade
from casekit.cohort.submissions import (
    Job,
    NotANotebook,
    answer_variables,
    discover,
    injected_values,
    read_submission,
    runnable_cells,
)
from casekit.cohort.tamper import tampering
from casekit.cohort.walls import DESCRIBED
from casekit.exercises.keys import key_files
from casekit.questions import ____

GRADER_VERSION = 1
LATE = "submitted after the due date"
_BANKS: dict[tuple[str, str], Any] = {}
_BANKS_LOCK = threading.Lock()


def fingerprint(question: Any) -> str:
    """What a question's grading depends on: its settings and its functions' source."""
    parts = [type(question).__name__]
    for f in dataclasses.fields(question):
        # Tags (capability, skill) say what a question exercises, not how it grades.
        if f.name in ("context", "log", "lang", "mode", "tries", "capability", "skill"):
            continue
        parts.append(f"{f.name}={_stable(getattr(question, f.name))!r}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _stable(value: Any) -> Any:
    """A value as text that is the same in every process: functions by their source, also
    inside the declared mistakes and alternative methods (no memory addresses)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return tuple((f.name, _stable(getattr(value, f.name))) for f in dataclasses.fields(value))
    if isinstance(value, tuple | list):
        return tuple(_stable(v) for v in value)
    if callable(value):
        try:
            return inspect.getsource(value)
        except (OSError, TypeError):
            return getattr(value, "__qualname__", repr(value))
    return value


def _bank(cohort: Cohort, trainee_id: str) -> Any:
    """The trainee's bank with its truth, re-derived from the secret (cached per process)."""
    from casekit.loader import generate_book

    key = (cohort.cohort_id, trainee_id)
    with _BANKS_LOCK:
        if key not in _BANKS:
            if len(_BANKS) > 8:
                _BANKS.pop(next(iter(_BANKS)))
            _BANKS[key] = generate_book(
                cohort.clients, seed=cohort.seed(trainee_id), scenario=cohort.scenario
            )
        return _BANKS[key]


def _exercise(cohort: Cohort, job: Job) -> Any:
    from casekit.exercises import Exercise

    trainee = cohort.trainee(job.trainee_id)
    book = _bank(cohort, job.trainee_id)
    return Exercise(
        job.exercise,
        book,
        lang=trainee.lang,
        client_id=pick_client(book),
        trainee=trainee.trainee_id,
    )


def score_answers(cohort: Cohort, job: Job, answers: dict[str, Any]) -> dict[str, dict]:
    """Each question's verdict on the stored answers, in the trainee's language."""
    ex = _exercise(cohort, job)
    out = {}
    for qid, q in ex.questions.items():
        answer = answers.get(qid)
        v = q.verdict(____ if answer is None else answer)
        max_points = 0.0 if q.kind == "reflection" else float(q.points)
        out[qid] = {
            "status": v.status,
            "points": float(v.points),
            "max": max_points,
            "message": v.message,
            # What the check recognised, for item analysis: the catalogue key of its message,
            # and a misconception code where a check names one (a Verdict.misconception field).
            "key": refined_key(v.message),
            "misconception": getattr(v, "misconception", None),
            "answer": answer,
            "fingerprint": fingerprint(q),
        }
    return out


def _flags(cohort: Cohort, job: Job, nb: Any) -> list[str]:
    """Reasons to doubt a submission is the trainee's own work on their own pack."""
    values = injected_values(nb)
    if values is None:
        return [
            "the pack's parameters cell is missing, so the pack it came from cannot be confirmed"
        ]
    owner = values.get("trainee")
    if owner != job.trainee_id:
        return [f"made from the pack of {owner!r}, not {job.trainee_id!r}"]
    if values.get("pack") != cohort.token(job.trainee_id):
        return ["the pack's parameters cell was edited (its pack token does not match)"]
    where = tampering(nb)
    if where:
        # The grade stands (answers are checked here, not in the notebook), but the trainer
        # should see the attempt.
        return [f"a cell changes the checker or a library it relies on ({'; '.join(where[:3])})"]
    return []


def _minutes_spent(nb: Any) -> float | None:
    """Minutes from the first to the last recorded cell run (JupyterLab's timing metadata)."""
    from datetime import datetime

    stamps = []
    for cell in nb.cells:
        timing = cell.get("metadata", {}).get("execution", {})
        if not isinstance(timing, dict):
            continue
        for key in ("iopub.execute_input", "shell.execute_reply"):
            try:
                stamps.append(datetime.fromisoformat(str(timing[key]).replace("Z", "+00:00")))
            except (KeyError, ValueError):
                continue
    if len(stamps) < 2:
        return None
    try:
        return round((max(stamps) - min(stamps)).total_seconds() / 60, 1)
    except TypeError:  # times with and without a zone: not comparable, so not known
        return None


def grade_submission(cohort_root: str, job: Job, limits: Limits = DEFAULT_LIMITS) -> dict:
    """Grade one submission (runs anywhere the cohort folder is readable); never raises for
    what the submission holds."""
    import nbformat

    cohort = open_cohort(cohort_root)
    trainee = cohort.trainee(job.trainee_id)
    record: dict[str, Any] = {
        "trainee_id": job.trainee_id,
        "exercise": job.exercise,
        "scenario": cohort.scenario,  # the variant, for item analysis across cohorts
        "file": Path(job.path).name,
        "sha256": job.sha256,
        "late": job.late,
        "notes": list(job.notes),
        "grader": GRADER_VERSION,
    }
    if job.problem:
        return _finish(cohort, job, record, "failed", job.problem, {})
    try:
        text = read_submission(job.path, limits.notebook_mb).decode("utf-8")
        nb = nbformat.reads(text, as_version=4)
    except NotANotebook as e:
        return _finish(cohort, job, record, "failed", str(e), {})
    except Exception as e:  # any unreadable file is a failed submission
        first = str(e).strip().split(": '")[0].splitlines()[0][:120] if str(e).strip() else ""
        reason = f"not a valid notebook file ({type(e).__name__}: {first})"
        return _finish(cohort, job, record, "failed", reason, {})
    if cohort.mode == "assessment" and not cohort.bank_dir(job.trainee_id).is_dir():
        reason = f"{cohort.bank_dir(job.trainee_id)} is missing: run `casekit cohort build` first"
        return _finish(cohort, job, record, "failed", reason, {})
    try:
        return _run_and_score(cohort, trainee, job, nb, record, limits)
    except Exception as e:  # what a notebook holds must cost its own grade, never the run
        reason = f"the notebook could not be graded ({type(e).__name__}: {str(e)[:160]})"
        return _finish(cohort, job, record, "failed", reason, {})


def _run_and_score(
    cohort: Cohort, trainee: Any, job: Job, nb: Any, record: dict, limits: Limits
) -> dict:
    client_id = pick_client(_bank(cohort, job.trainee_id))
    params = parameters(cohort, trainee, client_id, data="data")
    cells = runnable_cells(nb, params)
    files = {"data": cohort.bank_dir(job.trainee_id)} if cohort.mode == "assessment" else {}
    # The cohort, the submissions, and the trainer's roster and secret file given to init.
    hide = [cohort.root, Path(job.root or Path(job.path).parent.parent), *map(Path, cohort.sources)]
    hide += key_files()  # the answer keys and solutions: a submission runs as a trainee's would
    run = run_cells(cells, answer_variables(job.exercise, trainee.lang), limits, files, hide)
    record["run"] = {"status": run.status, "seconds": round(run.seconds, 3), "phases": run.phases}
    record["isolated"] = not run.missing
    record["walls_missing"] = run.missing
    record["cells"] = {
        s: sum(c["status"] == s for c in run.cells) for s in ("ok", "error", "timeout")
    }
    if run.status == "error":  # the grader's machinery, not the notebook: graded again next run
        reason = f"{run.reason}; run `casekit cohort grade` again to retry"
        return _finish(cohort, job, record, "error", reason, {})
    if run.status != "ok" and not run.answers:
        return _finish(cohort, job, record, "failed", run.reason, {})
    record["minutes"] = _minutes_spent(nb)
    flags = _flags(cohort, job, nb)
    status = "flagged" if flags else ("late" if job.late else "graded")
    if run.status != "ok":  # what it recorded before it stopped still counts
        flags.append(f"{run.reason}: the answers recorded before that are graded")
    return _finish(cohort, job, record, status, "; ".join(flags), run.answers)


def _finish(
    cohort: Cohort, job: Job, record: dict, status: str, reason: str, answers: dict
) -> dict:
    import time

    t0 = time.perf_counter()
    questions = score_answers(cohort, job, answers)
    if status in ("failed", "error"):
        for q in questions.values():
            q["points"] = 0.0
    record.update(
        status=status,
        reason=reason if status != "late" else "; ".join(filter(None, (LATE, reason))),
        questions=questions,
        points=round(sum(q["points"] for q in questions.values()), 6),
        max=sum(q["max"] for q in questions.values()),
    )
    if job.exercise == sandbox_league.EXERCISE and status not in ("failed", "error"):
        # The sandbox run replayed here from its decisions, for the league table.
        answer = questions.get(sandbox_league.QUESTION, {}).get("answer")
        record["sandbox"] = sandbox_league.outcome(cohort, job.trainee_id, answer)
    record.setdefault("run", {}).setdefault("phases", {})["check"] = time.perf_counter() - t0
    return record


def _regrade_changed(cohort: Cohort, job: Job, record: dict) -> dict | None:
    """The record re-checked for questions whose definition changed, or None if none did."""
    current = {qid: fingerprint(q) for qid, q in _exercise(cohort, job).questions.items()}
    old = {qid: q.get("fingerprint") for qid, q in record.get("questions", {}).items()}
    if current == old:
        return None
    answers = {qid: q.get("answer") for qid, q in record["questions"].items()}
    fresh = score_answers(cohort, job, answers)
    for qid in current:
        if current[qid] != old.get(qid) and record["status"] != "failed":
            record["questions"][qid] = fresh[qid]
    record["points"] = round(sum(q["points"] for q in record["questions"].values()), 6)
    record["max"] = sum(q["max"] for q in record["questions"].values())
    return record


def grade_cohort(
    folder: str | Path,
    submissions: str | Path,
    *,
    workers: int = 2,
    executor: Executor | None = None,
    limits: Limits = DEFAULT_LIMITS,
    regrade: str = "",
    progress: bool = True,
) -> dict[str, Any]:
    """Grade every submission that has no grade for its current content; returns a summary.

    ``executor``: any concurrent.futures.Executor (e.g. a Dask ``Client.get_executor()``);
    by default a pool of ``workers`` threads, each driving sandboxed processes.
    ``regrade``: "" (only new or changed submissions), "changed" (also re-check stored answers
    of questions whose definition changed) or "all" (run everything again).
    """
    from tqdm import tqdm

    cohort = open_cohort(folder)
    check_secret_private(cohort)
    found = discover(cohort, submissions, limits.notebook_mb)
    todo, rechecked = [], 0
    for job in found.jobs:
        old = None if regrade == "all" else read_grade(cohort, job.trainee_id, job.exercise)
        if (
            old is None
            or old.get("sha256") != job.sha256
            or old.get("grader") != GRADER_VERSION
            or old.get("status") == "error"  # the grader failed last time: try again
        ):
            todo.append(job)
        elif regrade == "changed":
            new = _regrade_changed(cohort, job, old)
            if new is not None:
                write_grade(cohort, new)
                rechecked += 1
    own = executor is None
    pool = executor or ThreadPoolExecutor(max(1, workers))
    root = str(cohort.root.resolve())
    errors = []
    try:
        futures = {pool.submit(grade_submission, root, job, limits): job for job in todo}
        for fut in tqdm(
            as_completed(futures),
            total=len(futures),
            desc="grading",
            unit="notebook",
            disable=not progress,
        ):
            job = futures[fut]
            try:
                write_grade(cohort, fut.result())
            except Exception as e:  # a grader bug: say so, grade the rest
                errors.append(
                    f"{job.path}: the grader failed ({type(e).__name__}: {e}); run again to retry"
                )
    finally:
        # After an interrupt, nothing queued should run with no one left to record it.
        for fut in futures if "futures" in locals() else ():
            fut.cancel()
        if own:
            pool.shutdown(wait=True, cancel_futures=True)
    from casekit.cohort.report import write_gradebook

    recs = [read_grade(cohort, j.trainee_id, j.exercise) for j in found.jobs]
    exposed = [
        r for r in recs if r and "cells" in r and not r.get("isolated") and r["status"] != "error"
    ]
    if exposed:
        walls = sorted({w for r in exposed for w in r.get("walls_missing", ["mounts"])})
        names = ", ".join(f"{r['trainee_id']}/{r['exercise']}" for r in exposed[:5])
        found.notes.append(
            f"{len(exposed)} submissions ran without every wall of their sandbox; missing: "
            f"{'; '.join(DESCRIBED.get(w, w) for w in walls)} (this machine needs root, or user "
            f"namespaces, for them): {names}; check them by hand"
        )
    gradebook = write_gradebook(cohort)
    return {
        "graded": len(todo) - len(errors),
        "rechecked": rechecked,
        "skipped": len(found.jobs) - len(todo),
        "notes": found.notes,
        "errors": errors,
        "gradebook": gradebook,
    }
