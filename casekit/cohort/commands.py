"""The ``casekit cohort`` commands: init, build, collect, grade, report, in English or Chinese.

Every line they print and every error they report comes from the message catalogue
(casekit.messages); ``--lang zh``, or a Chinese locale, makes them speak Chinese.
"""

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
    # --lang on every step, so it goes where a trainer types it: `casekit cohort grade … --lang zh`.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lang",
        choices=("en", "zh"),
        default=None,
        help="language of messages (default: zh under a Chinese locale, else en)",
    )
    steps = c.add_subparsers(dest="step", metavar="STEP", required=True)
    add = steps.add_parser
    steps.add_parser = lambda *a, **k: add(*a, parents=[common], **k)  # type: ignore[method-assign]
    i = steps.add_parser("init", help="create a cohort folder from a roster (.xlsx or CSV)")
    i.add_argument(
        "roster",
        type=Path,
        help=".xlsx workbook (first sheet) or CSV (UTF-8 or GBK) with trainee_id, name, lang "
        "and optionally group",
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
        "--exercises", default="", metavar="NN,NN", help="exercises to set (default: all)"
    )
    i.add_argument(
        "--due",
        default="",
        metavar="DATETIME",
        help="deadline with its zone, e.g. 2026-12-15T18:00+08:00 (no zone: this server's); "
        "later submissions are marked late",
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
    b.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 2,
        help="packs built at once (default: one per CPU; see benchmarks/bench_packs.py)",
    )
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    k = steps.add_parser(
        "collect",
        help="sort e-mailed notebooks and zips into one folder per trainee (by pack token)",
    )
    k.add_argument("cohort", type=Path, metavar="DIR")
    k.add_argument("inbox", type=Path, metavar="INBOX", help="folder of notebooks and zips")
    k.add_argument(
        "--out", type=Path, required=True, metavar="SUBMISSIONS", help="the sorted folder"
    )
    g = steps.add_parser(
        "grade",
        help="grade a folder of submissions (one folder per trainee id) and refresh the report",
    )
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
    p = steps.add_parser(
        "replay",
        help="replay a trainee's graded sandbox run (exercise 10) quarter by quarter",
    )
    p.add_argument("cohort", type=Path, metavar="DIR")
    p.add_argument("trainee", metavar="TRAINEE_ID")


def message_lang(choice: str | None) -> str:
    """The language of the cohort commands: --lang, else zh under a Chinese locale, else en."""
    if choice:
        return choice
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def run(args: argparse.Namespace) -> int:
    """Carry out one cohort step; errors print one line in the trainer's language (exit 2)."""
    from casekit.errors import CasekitError
    from casekit.messages import say

    lang = message_lang(args.lang)
    try:
        return _step(args, lang)
    except CasekitError as e:
        print(
            say("command_error", lang, command="cohort " + args.step, text=e.message(lang)),
            file=sys.stderr,
        )
    except OSError as e:
        # A path that cannot be read or written: the message names it, never a traceback.
        where = e.filename or getattr(args, "out", None) or args.cohort
        reason = e.strerror or type(e).__name__
        text = say("path_error", lang, path=where, reason=reason)
        print(say("command_error", lang, command="cohort " + args.step, text=text), file=sys.stderr)
    return 2


def _step(args: argparse.Namespace, lang: str) -> int:
    from casekit.cohort import build_packs, grade_cohort, init_cohort, open_cohort, write_report
    from casekit.cohort.config import CohortError
    from casekit.cohort.sandbox import Limits
    from casekit.messages import say

    if args.step == "init":
        if args.out.exists() and not args.out.is_dir():
            raise CohortError.said("out_is_file", path=args.out)
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
        print(
            say("init_read", lang, path=args.roster, encoding=encoding, count=len(cohort.trainees))
        )
        print(
            say(
                "init_made",
                lang,
                cohort_id=cohort.cohort_id,
                out=args.out,
                mode=cohort.mode,
                scenario=cohort.scenario,
                exercises=", ".join(cohort.exercises),
            )
        )
        if cohort.due:
            print(say("init_due", lang, due=cohort.due))
        print(say("init_secret", lang, path=args.out / "secret.key"))
        return 0
    if not args.cohort.is_dir():
        raise CohortError.said("not_a_folder", path=args.cohort, what=say("what_cohort", lang))
    cohort = open_cohort(args.cohort)
    if args.step == "replay":
        from casekit.cohort.sandbox_league import replay_table

        table = replay_table(open_cohort(args.cohort), args.trainee, lang)
        print(table.round(2).to_string())
        return 0
    if args.step == "build":
        t0 = time.perf_counter()
        built = build_packs(cohort, progress=not args.quiet, workers=args.workers)
        print(
            say(
                "built_packs",
                lang,
                built=len(built),
                seconds=time.perf_counter() - t0,
                kept=len(cohort.trainees) - len(built),
                path=cohort.root / "packs",
            )
        )
        return 0
    if args.step == "collect":
        from casekit.cohort.collect import collect

        done = collect(cohort, args.inbox, args.out, lang)
        for where, reason in done.unplaced:
            print(say("collect_unplaced", lang, where=where, reason=reason))
        print(
            say(
                "collect_line",
                lang,
                placed=len(done.placed),
                out=args.out,
                same=len(done.same),
                unplaced=len(done.unplaced),
            )
        )
        return 0
    if args.step == "grade":
        subs = args.submissions
        if not subs.is_dir():
            raise CohortError.said("not_a_folder", path=subs, what=say("what_submissions", lang))
        if not any(e.is_dir() and not e.name.startswith(".") for e in subs.iterdir()):
            print(say("no_submissions", lang, path=subs), file=sys.stderr)
        limits = Limits(
            cell_seconds=args.cell_timeout,
            total_seconds=args.timeout,
            memory_mb=args.memory_mb,
            notebook_mb=args.max_notebook_mb,
        )
        t0 = time.perf_counter()
        res = grade_cohort(
            cohort.root,
            subs,
            workers=args.workers,
            limits=limits,
            regrade=args.regrade,
            progress=not args.quiet,
        )
        for note in res["notes"]:
            print(say("note_line", lang, text=note))
        for err in res["errors"]:
            print(say("error_line", lang, text=err), file=sys.stderr)
        print(
            say(
                "graded_line",
                lang,
                graded=res["graded"],
                seconds=time.perf_counter() - t0,
                skipped=res["skipped"],
                rechecked=res["rechecked"],
                gradebook=res["gradebook"],
            )
        )
        # The report is refreshed with the gradebook, so the two never disagree.
        _report(cohort, lang, write_report)
        return 1 if res["errors"] else 0
    _report(cohort, lang, write_report)
    return 0


def _report(cohort, lang: str, write_report) -> None:
    from casekit.messages import say

    index = write_report(cohort)
    print(
        say(
            "report_line",
            lang,
            index=index,
            gradebook=index.parent / "gradebook.csv",
            pages=index.parent / "trainees",
        )
    )
