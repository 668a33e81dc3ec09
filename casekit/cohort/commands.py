"""The ``casekit cohort`` commands: init, build, grade, report."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``casekit cohort …`` on the main command's subparsers."""
    c = sub.add_parser(
        "cohort",
        help="run a cohort: init from a roster, build packs, grade submissions, report",
        description="A trainer's four steps: `init` a cohort folder from a roster CSV (its secret, "
        "settings and trainees), `build` a pack per trainee, `grade` a folder of submissions "
        "(safely, in parallel, resumable), and `report` (gradebook.csv, feedback pages, cohort page).",
    )
    steps = c.add_subparsers(dest="step", metavar="STEP", required=True)
    i = steps.add_parser("init", help="create a cohort folder from a roster CSV")
    i.add_argument(
        "roster",
        type=Path,
        help="CSV with trainee_id, name, lang and optionally group (UTF-8 or GBK)",
    )
    i.add_argument("--out", type=Path, required=True, metavar="DIR", help="the new cohort folder")
    i.add_argument(
        "--scenario", default="national_branch", help="bank scenario (default: national_branch)"
    )
    i.add_argument(
        "--mode",
        choices=("assessment", "practice"),
        default="assessment",
        help="default: assessment",
    )
    i.add_argument(
        "--exercises", default="", metavar="NN,NN", help="exercises to set (default: all six)"
    )
    i.add_argument(
        "--due",
        default="",
        metavar="DATETIME",
        help="deadline, e.g. 2026-12-15T18:00; later submissions are marked late",
    )
    i.add_argument(
        "--secret-file",
        type=Path,
        default=None,
        help="use this secret (a file only you can read: chmod 600) instead of a new random one",
    )
    i.add_argument(
        "--cohort-id",
        default="",
        metavar="ID",
        help="re-create a known cohort (e.g. the sample); default: a new random id",
    )
    b = steps.add_parser("build", help="build every trainee's pack (only the missing ones)")
    b.add_argument("cohort", type=Path, metavar="DIR")
    g = steps.add_parser("grade", help="grade a folder of submissions (one folder per trainee id)")
    g.add_argument("cohort", type=Path, metavar="DIR")
    g.add_argument("submissions", type=Path, metavar="SUBMISSIONS")
    g.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 2,
        help="submissions run at once (default: one per CPU, fastest in benchmarks/bench_grading.py)",
    )
    g.add_argument(
        "--regrade",
        choices=("changed", "all"),
        default="",
        help="changed: re-check stored answers of questions whose definition changed; all: run every submission again",
    )
    g.add_argument(
        "--cell-timeout",
        type=float,
        default=60.0,
        metavar="S",
        help="seconds per cell (default: 60)",
    )
    g.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        metavar="S",
        help="seconds per submission (default: 300)",
    )
    g.add_argument(
        "--memory-mb",
        type=int,
        default=2048,
        metavar="MB",
        help="memory per submission (default: 2048)",
    )
    g.add_argument(
        "--max-notebook-mb",
        type=float,
        default=20.0,
        metavar="MB",
        help="largest notebook file read (default: 20); larger ones are not graded",
    )
    g.add_argument("--quiet", action="store_true", help="no progress bar")
    r = steps.add_parser("report", help="write gradebook.csv, the cohort page and feedback pages")
    r.add_argument("cohort", type=Path, metavar="DIR")


def run(args: argparse.Namespace) -> int:
    """Carry out one cohort step."""
    from casekit.cohort import build_packs, grade_cohort, init_cohort, open_cohort, write_report
    from casekit.cohort.sandbox import Limits

    if args.step == "init":
        exercises = [e.strip() for e in args.exercises.split(",") if e.strip()] or None
        cohort, encoding = init_cohort(
            args.roster,
            args.out,
            scenario=args.scenario,
            mode=args.mode,
            exercises=exercises,
            due=args.due,
            secret_file=args.secret_file,
            cohort_id=args.cohort_id,
        )
        print(f"read {args.roster} as {encoding}: {len(cohort.trainees)} trainees")
        print(
            f"cohort {cohort.cohort_id} in {args.out} ({cohort.mode}, {cohort.scenario}, exercises {', '.join(cohort.exercises)})"
        )
        print(
            f"keep {args.out / 'secret.key'} safe: it re-derives every trainee's bank; never send it out"
        )
        return 0
    cohort = open_cohort(args.cohort)
    if args.step == "build":
        t0 = time.perf_counter()
        built = build_packs(cohort)
        print(
            f"built {len(built)} packs in {time.perf_counter() - t0:.1f} s ({len(cohort.trainees) - len(built)} already there): {cohort.root / 'packs'}"
        )
        return 0
    if args.step == "grade":
        limits = Limits(
            cell_seconds=args.cell_timeout,
            total_seconds=args.timeout,
            memory_mb=args.memory_mb,
            notebook_mb=args.max_notebook_mb,
        )
        t0 = time.perf_counter()
        res = grade_cohort(
            cohort.root,
            args.submissions,
            workers=args.workers,
            limits=limits,
            regrade=args.regrade,
            progress=not args.quiet,
        )
        for note in res["notes"]:
            print(f"note: {note}")
        for err in res["errors"]:
            print(f"error: {err}", file=sys.stderr)
        print(
            f"graded {res['graded']} submissions in {time.perf_counter() - t0:.1f} s "
            f"({res['skipped']} already graded, {res['rechecked']} re-checked); gradebook: {res['gradebook']}"
        )
        return 1 if res["errors"] else 0
    index = write_report(cohort)
    print(f"cohort report: {index}")
    print(
        f"gradebook: {index.parent / 'gradebook.csv'}; feedback pages: {index.parent / 'trainees'}"
    )
    return 0
