"""Sorting e-mailed work: a folder of notebooks and zips into one folder per trainee.

Trainees e-mail their notebooks back, loose or zipped, under any file name. Each notebook
made from a pack carries that pack's token in its injected-parameters cell, so the token (not
the file name, not the sender) says whose it is. ``collect`` never overwrites: a second,
different copy of the same exercise is kept beside the first (``grade`` takes the newest and
says so), an identical copy is skipped, and a file's time is kept (it decides lateness).
"""

from __future__ import annotations

import json
import os
import re
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from casekit.cohort.config import Cohort, CohortError
from casekit.cohort.submissions import injected_values
from casekit.messages import say
from casekit.nbbuild import sources
from casekit.resources import resource

MAX_NOTEBOOK = 50 * 1024 * 1024  # bytes: a bigger "notebook" in a zip is not a trainee's work
_START = re.compile(r"""start\(\s*["'](\d\d)["']""")


@dataclass
class Collected:
    """What ``collect`` did: notebooks placed, copies skipped, and what it could not place."""

    placed: list[tuple[str, Path]] = field(default_factory=list)
    same: list[str] = field(default_factory=list)
    unplaced: list[tuple[str, str]] = field(default_factory=list)  # (source, reason in words)


def _items(inbox: Path, lang: str, out: Collected):
    """(where, bytes, mtime) of every candidate notebook, loose or inside a zip."""
    for f in sorted(inbox.rglob("*")):
        if f.is_dir() or any(p.startswith(".") for p in f.relative_to(inbox).parts):
            continue
        if f.suffix.lower() == ".ipynb":
            yield str(f), f.read_bytes(), f.stat().st_mtime
        elif f.suffix.lower() == ".zip":
            try:
                with zipfile.ZipFile(f) as z:
                    for m in z.infolist():
                        if m.is_dir() or not m.filename.lower().endswith(".ipynb"):
                            continue
                        where = f"{f}:{m.filename}"
                        if "__MACOSX" in m.filename or Path(m.filename).name.startswith("._"):
                            continue  # macOS resource forks, not notebooks
                        if m.file_size > MAX_NOTEBOOK:
                            out.unplaced.append((where, say("collect_too_big", lang)))
                            continue
                        stamp = time.mktime((*m.date_time, 0, 0, -1))
                        yield where, z.read(m), stamp
            except (zipfile.BadZipFile, OSError, RuntimeError) as e:
                # RuntimeError: an encrypted member ("password required").
                out.unplaced.append((str(f), say("collect_bad_zip", lang, error=type(e).__name__)))
        else:
            out.unplaced.append((str(f), say("collect_not_notebook", lang)))


def _identify(data: bytes, owners: dict[str, str], lang: str) -> tuple[str, str] | str:
    """(trainee id, exercise number) of a notebook, or the reason it cannot be placed."""
    import nbformat

    try:
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
    except (UnicodeDecodeError, json.JSONDecodeError, ValueError, KeyError, TypeError):
        return say("collect_not_json", lang)
    values = injected_values(nb)
    token = (values or {}).get("pack")
    if not token:
        return say("collect_no_token", lang)
    if token not in owners:
        return say("collect_unknown_token", lang)
    for cell in nb.cells:
        m = _START.search(cell.source) if cell.cell_type == "code" else None
        if m:
            return owners[token], m.group(1)
    return say("collect_no_exercise", lang)


def collect(cohort: Cohort, inbox: str | Path, out: str | Path, lang: str = "en") -> Collected:
    """Sort the notebooks (and zipped notebooks) under ``inbox`` into ``out/TRAINEE_ID/``."""
    inbox, out = Path(inbox), Path(out)
    if not inbox.is_dir():
        raise CohortError.said("not_a_folder", path=inbox, what=say("what_inbox", lang))
    if out.exists() and not out.is_dir():
        raise CohortError.said("out_is_file", path=out)
    owners = {cohort.token(t.trainee_id): t.trainee_id for t in cohort.trainees}
    stems = {s.stem[:2]: s.stem for s in sources(resource("exercises", "src"))}
    done = Collected()
    # Oldest first: of identical copies the first sent is kept, and its time decides lateness.
    items = sorted(_items(inbox, lang, done), key=lambda i: (i[2], i[0]))
    for where, data, mtime in items:
        who = _identify(data, owners, lang)
        if isinstance(who, str):
            done.unplaced.append((where, who))
            continue
        tid, number = who
        if number not in cohort.exercises:
            done.unplaced.append((where, say("collect_other_exercise", lang, number=number)))
            continue
        folder = out / tid
        folder.mkdir(parents=True, exist_ok=True)
        target, n = folder / f"{stems[number]}.ipynb", 1
        while target.exists() and target.read_bytes() != data:
            n += 1  # never overwrite: a different copy goes beside the first
            target = folder / f"{stems[number]}.{n}.ipynb"
        if target.exists():
            done.same.append(where)
            continue
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        os.utime(tmp, (mtime, mtime))  # the time the trainee saved it decides lateness
        tmp.replace(target)
        done.placed.append((where, target))
    return done
