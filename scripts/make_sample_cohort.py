"""Write the sample cohort's submissions (cohorts/sample/submissions) from the sample roster.

Each trainee stands for a case the grader must handle: right, partly right, wrong,
adversarial (patches the checker, pandas and numpy; an answer whose == is always True), broken
(not notebook JSON), missing, made from another trainee's pack, and two submissions from one
trainee. Run from the project root: `python scripts/make_sample_cohort.py`; the output is the
same byte for byte on every run (a test checks it).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "cohorts" / "sample"
SOURCE = ROOT / "exercises" / "src" / "01_portfolio_360.py"

# Lines of the solution changed for a partly right submission (two answers wrong).
PARTLY = {
    'gap = float((row["deposit_month_end"] - row["deposit_avg"]).sum())  # SOLUTION': "gap = float(row['deposit_avg'].sum())",
    "top5 = income.sort_values(ascending=False).index[:5].tolist()  # SOLUTION": "top5 = income.sort_values().index[:5].tolist()",
}
WRONG = {
    "key_count = ____": "key_count = 300",
    "by_tier = ____": 'by_tier = {"tier": ["key"], "clients": [300], "deposits": [1.0]}',
    "top20 = ____": "top20 = 0.5",
    "gap = ____": "gap = 0",
    "held = ____": 'held = ["basic_account"]',
    "top5 = ____": 'top5 = ["C00001", "C00002", "C00003", "C00004", "C00005"]',
    "reflection = ____": 'reflection = "I am not sure yet what to do with this client, I will ask."',
}
ATTACK = """# Tricks a grader must not fall for.
import numpy as np
import pandas as pd

import casekit.questions as cq


class AlwaysEqual:
    def __eq__(self, other):
        return True


cq.Question.verdict = lambda self, answer: cq.Verdict("correct", "Correct.", self.points, self.points, answer)
pd.DataFrame.equals = lambda *args, **kwargs: True
np.isclose = lambda *args, **kwargs: True
"""
ADVERSARIAL = {
    "key_count = ____": "key_count = AlwaysEqual()",
    "by_tier = ____": "by_tier = pd.DataFrame({'tier': ['key'], 'clients': [1], 'deposits': [1.0]})",
    "top20 = ____": "top20 = AlwaysEqual()",
    "gap = ____": "gap = 123456.0",
    "held = ____": "held = AlwaysEqual()",
    "top5 = ____": "top5 = ['C00001']",
    "reflection = ____": 'reflection = "Correct Correct Correct Correct Correct."',
}


def _replace(nb: nbformat.NotebookNode, changes: dict[str, str]) -> None:
    for cell in nb.cells:
        for old, new in changes.items():
            cell.source = cell.source.replace(old, new)


def _timed(nb: nbformat.NotebookNode, start_minute: int, minutes: int) -> None:
    """Cell timing as JupyterLab records it (so the report can show time to complete)."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    for i, cell in enumerate(code):
        m = start_minute + round(minutes * i / max(len(code) - 1, 1))
        stamp = f"2026-11-20T09:{m // 60 % 60:02d}:{m % 60:02d}.000000Z".replace(
            "09:", f"{9 + m // 60:02d}:", 1
        )
        cell.metadata["execution"] = {"iopub.execute_input": stamp, "shell.execute_reply": stamp}


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from casekit.cohort import build_packs, init_cohort
    from casekit.cohort.packs import solved_notebook

    out = Path(os.environ.get("CASEKIT_SAMPLE_OUT", SAMPLE / "submissions"))
    with tempfile.TemporaryDirectory() as tmp:
        secret = Path(tmp) / "secret.key"  # a private copy: init refuses a shared secret
        shutil.copyfile(SAMPLE / "secret.key", secret)
        secret.chmod(0o600)
        cohort, _ = init_cohort(
            SAMPLE / "roster.csv",
            Path(tmp) / "cohort",
            exercises=["01"],
            secret_file=secret,
            cohort_id="sample",
        )
        build_packs(cohort, progress=False)

        def pack_nb(tid: str, solution: bool) -> nbformat.NotebookNode:
            if solution:
                return solved_notebook(cohort, tid, "01")
            nb = nbformat.read(cohort.pack_dir(tid) / f"{SOURCE.stem}.ipynb", as_version=4)
            # A pack names the building machine's Python version; the sample must not.
            nb.metadata.get("language_info", {}).pop("version", None)
            return nb

        shutil.rmtree(out, ignore_errors=True)
        files: dict[str, nbformat.NotebookNode | str] = {}
        right = pack_nb("T01", True)
        _timed(right, 0, 42)
        files["T01/01_portfolio_360.ipynb"] = right
        partly = pack_nb("T02", True)
        _replace(partly, PARTLY)
        _timed(partly, 5, 55)
        files["T02/01_portfolio_360.ipynb"] = partly
        first_try = pack_nb("T02", False)  # an older, empty attempt: the newest counts
        files["T02/01_portfolio_360 (old).ipynb"] = first_try
        wrong = pack_nb("T03", False)
        _replace(wrong, WRONG)
        files["T03/01_portfolio_360.ipynb"] = wrong
        attack = pack_nb("T04", False)
        _replace(attack, ADVERSARIAL)
        setup = next(i for i, c in enumerate(attack.cells) if "start(" in c.source)
        attack.cells.insert(setup + 1, nbformat.v4.new_code_cell(ATTACK, id="tricks"))
        files["T04/01_portfolio_360.ipynb"] = attack
        files["T05/01_portfolio_360.ipynb"] = nbformat.writes(pack_nb("T05", False))[
            :1500
        ]  # cut off
        files["T07/01_portfolio_360.ipynb"] = pack_nb("T01", True)  # copied from T01's pack
        files["notes.txt"] = "Collected on 2026-11-21 by the training office.\n"
        files["T99/01_portfolio_360.ipynb"] = pack_nb("T03", False)  # not on the roster
        for name, nb in files.items():
            path = out / name
            path.parent.mkdir(parents=True, exist_ok=True)
            text = nb if isinstance(nb, str) else nbformat.writes(nb) + "\n"
            path.write_text(text, encoding="utf-8")
    # The older attempt is older: the grader takes the newest by modification time.
    old = out / "T02" / "01_portfolio_360 (old).ipynb"
    newer = (out / "T02" / "01_portfolio_360.ipynb").stat().st_mtime
    os.utime(old, (newer - 3600, newer - 3600))
    print(f"wrote {len(files)} files to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
