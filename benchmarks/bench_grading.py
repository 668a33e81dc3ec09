"""Grading benchmark: 60 submissions of one exercise notebook, graded by casekit and by a plain
sequential loop of papermill calls over the same submissions, in the same run.

Run with `python benchmarks/bench_grading.py [N]` (N submissions, default 60). Target (issue:
trainer tooling): casekit at least 2.5× faster than the papermill loop on a 2-core machine.
Prints Markdown tables (speed-up per worker count, and where the time of one submission goes);
nothing is asserted.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import papermill as pm

from casekit.cohort import Limits, build_packs, grade_cohort, init_cohort
from casekit.cohort.grading import GRADER_VERSION
from casekit.cohort.packs import parameters, pick_client, solved_notebook
from casekit.cohort.store import read_grade
from casekit.loader import generate_book

EXERCISE = "01"


def make_cohort(tmp: Path, n: int) -> tuple:
    """A cohort of n trainees (both languages), each handing in the right answers."""
    roster = tmp / "roster.csv"
    rows = [f"B{i:03d},Trainee {i},{'zh' if i % 2 else 'en'},G{i % 3}" for i in range(n)]
    roster.write_text("trainee_id,name,lang,group\n" + "\n".join(rows) + "\n", encoding="utf-8")
    cohort, _ = init_cohort(roster, tmp / "cohort", exercises=[EXERCISE])
    t = time.perf_counter()
    build_packs(cohort, progress=False)
    build_s = time.perf_counter() - t
    subs = tmp / "submissions"
    for tr in cohort.trainees:
        (subs / tr.trainee_id).mkdir(parents=True)
        nb = solved_notebook(cohort, tr.trainee_id, EXERCISE)
        nbformat.write(nb, subs / tr.trainee_id / "01_portfolio_360.ipynb")
    return cohort, subs, build_s


def papermill_loop(cohort, subs: Path, out: Path) -> float:
    """The plain way: one papermill call (one kernel) per submission, one after another."""
    out.mkdir()
    t = time.perf_counter()
    for tr in cohort.trainees:
        book = generate_book(
            cohort.clients, seed=cohort.seed(tr.trainee_id), scenario=cohort.scenario
        )
        data = str(cohort.bank_dir(tr.trainee_id).resolve())
        pm.execute_notebook(
            str(subs / tr.trainee_id / "01_portfolio_360.ipynb"),
            str(out / f"{tr.trainee_id}.ipynb"),
            parameters=parameters(cohort, tr, pick_client(book), data=data),
            progress_bar=False,
            kernel_name="python3",
        )
    return time.perf_counter() - t


def casekit_grade(cohort, subs: Path, workers: int) -> float:
    t = time.perf_counter()
    res = grade_cohort(
        cohort.root, subs, workers=workers, regrade="all", progress=False, limits=Limits()
    )
    assert res["graded"] == len(cohort.trainees) and not res["errors"], res
    return time.perf_counter() - t


def fixed_costs() -> dict[str, float]:
    """What a fresh process pays before the first cell: Python plus imports, and a kernel."""
    code = "import numpy, pandas, matplotlib.pyplot, IPython, casekit.exercises, casekit.evaluate"
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    imports = time.perf_counter() - t
    from jupyter_client.manager import start_new_kernel

    t = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="python3")
    kernel = time.perf_counter() - t
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return {"python + imports": imports, "kernel start": kernel}


def main(n: int = 60) -> None:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        cohort, subs, build_s = make_cohort(tmp, n)
        print(
            f"\n{n} submissions of exercise {EXERCISE}; packs built in {build_s:.1f} s "
            f"({build_s / n * 1000:.0f} ms each)\n"
        )
        base = papermill_loop(cohort, subs, tmp / "papermill")
        rows = [("papermill, sequential", base, base / n, 1.0)]
        for workers in (1, 2, 3, 4):
            s = casekit_grade(cohort, subs, workers)
            rows.append((f"casekit, {workers} worker(s)", s, s / n, base / s))
        print("| grader | total s | s per submission | speed-up |\n|---|---|---|---|")
        for name, total, per, up in rows:
            print(f"| {name} | {total:.1f} | {per:.2f} | {up:.1f}× |")
        recs = [read_grade(cohort, t.trainee_id, EXERCISE) for t in cohort.trainees]
        assert all(r and r["grader"] == GRADER_VERSION and r["points"] == r["max"] for r in recs)
        phases = {
            k: statistics.median(r["run"]["phases"][k] for r in recs)
            for k in ("start", "run", "check")
        }
        fixed = fixed_costs()
        print("\nWhere one submission's time goes (medians, last casekit run):\n")
        print("| part | seconds |\n|---|---|")
        print(f"| casekit: fork a sandbox from the warm server | {phases['start']:.3f} |")
        print(f"| casekit: run the cells (load the pack's bank, answers) | {phases['run']:.3f} |")
        print(
            f"| casekit: check the answers in the grader (re-derived bank) | {phases['check']:.3f} |"
        )
        print(f"| papermill pays per submission: kernel start | {fixed['kernel start']:.3f} |")
        print(
            f"| papermill pays per submission: Python + numpy/pandas/matplotlib/casekit imports | {fixed['python + imports']:.3f} |"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
