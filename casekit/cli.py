"""The ``casekit`` command: generate a book, report its realism, summarise it, write the data dictionary.

Only argparse is imported up front, so ``casekit --help`` answers at once; each subcommand
imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from casekit.errors import CasekitError

EXIT_USAGE = 2


def _positive_int(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be positive")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be 0 or more")
    return value


def _build_or_run(p: argparse.ArgumentParser, out: str, out_help: str) -> None:
    """The arguments the notebook commands share: build (or --check) or run into --out."""
    p.add_argument("action", choices=("build", "run"), help="build the notebooks, or run them")
    p.add_argument("--check", action="store_true", help="build: only report notebooks out of date")
    p.add_argument(
        "--out", type=Path, default=Path(out), metavar="DIR", help=f"{out_help} (default: {out})"
    )
    p.add_argument(
        "--lang", choices=("en", "zh", "both"), default="both", help="run: which language(s)"
    )


def _build(src: Path, out: Path, check: bool, variant: str, command: str) -> int:
    """Build notebooks from their sources (or, with check, list the stale ones and return 1)."""
    from casekit import nbbuild

    changed = nbbuild.build_all(src, out, check=check, variant=variant)
    for path in changed:
        print(("stale: " if check else "built: ") + str(path))
    if check and changed:
        print(f"run `casekit {command} build` to rebuild them", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the casekit command (also used to document it)."""
    from casekit.scenarios import DEFAULT_SCENARIO, SCENARIOS

    scen = "; ".join(f"{k}: {v.en} ({v.zh})" for k, v in SCENARIOS.items())
    p = argparse.ArgumentParser(
        prog="casekit",
        description="A simulated corporate bank for training relationship managers (对公客户关系管理).",
        epilog="Run `casekit COMMAND --help` for a command's options.",
    )
    p.add_argument("--version", action="version", version="casekit 0.1.0")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)

    g = sub.add_parser(
        "generate",
        help="generate a simulated book and write it to a folder",
        description="Generate a whole corporate book from a seed. Same options, same files, "
        "byte for byte. Large books are simulated in chunks of 20,000 clients and "
        "streamed to disk, so memory stays bounded.",
    )
    g.add_argument(
        "--clients",
        type=_positive_int,
        default=2000,
        metavar="N",
        help="number of corporate clients, 50 to 5,000,000 (default: 2000)",
    )
    g.add_argument(
        "--months",
        type=_positive_int,
        default=36,
        metavar="M",
        help="months of history in the monthly panel, 12 to 120 (default: 36)",
    )
    g.add_argument(
        "--seed",
        type=_seed,
        default=42,
        metavar="S",
        help="random seed; the same seed gives the same book (default: 42)",
    )
    g.add_argument(
        "--scenario",
        default=DEFAULT_SCENARIO,
        metavar="NAME",
        help=f"bank scenario (default: {DEFAULT_SCENARIO}). Choices: {scen}",
    )
    g.add_argument(
        "--start",
        default="2023-01",
        metavar="YYYY-MM",
        help="first month of the book (default: 2023-01)",
    )
    g.add_argument(
        "--format",
        default="csv",
        choices=("csv", "parquet"),
        help="csv: UTF-8 with BOM, opens in Excel with the Chinese intact; "
        "parquet: compact and fast for large books (default: csv)",
    )
    g.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar="DIR",
        help="folder to write the book to; it must be new or empty unless --force",
    )
    g.add_argument(
        "--force",
        action="store_true",
        help="replace a book already in --out (only ever a folder holding a book)",
    )
    g.add_argument(
        "--workers",
        type=_positive_int,
        default=1,
        metavar="N",
        help="processes simulating chunks in parallel (default: 1)",
    )
    g.add_argument("--quiet", action="store_true", help="no progress bar or summary")

    r = sub.add_parser(
        "realism",
        help="compare a book's KPIs with published ranges",
        description="Print the book's KPIs (NPL ratio, attrition, NPS, hedge ratio, RM load, "
        "complaint handling …) beside the ranges in the domain brief. Exits 1 if "
        "any KPI is out of range.",
    )
    r.add_argument(
        "book",
        nargs="?",
        default="default",
        help="book folder or shipped dataset name (default: default)",
    )
    r.add_argument("--lang", default="en", choices=("en", "zh"), help="language of the KPI names")

    s = sub.add_parser(
        "summary",
        help="print a portfolio overview of a book",
        description="Clients by tier, size and industry; balances, income and outcomes.",
    )
    s.add_argument(
        "book",
        nargs="?",
        default="default",
        help="book folder or shipped dataset name (default: default)",
    )
    s.add_argument("--lang", default="en", choices=("en", "zh"), help="language of the labels")

    d = sub.add_parser(
        "datadict",
        help="write the data dictionary (datasets/README.md) from the schema",
        description="Render every table and column of the schema as Markdown.",
    )
    d.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FILE",
        help="file to write (default: print to standard output)",
    )
    nb = sub.add_parser(
        "notebooks",
        help="build the case notebooks from their sources, or run them",
        description="build: write notebooks/en and notebooks/zh from notebooks/src (--check only reports "
        "stale ones, exit 1). run: execute every case with papermill and render it to HTML in --out.",
    )
    _build_or_run(nb, "build/cases", "run: folder for executed notebooks and their HTML")
    ex = sub.add_parser(
        "exercises",
        help="build the trainee exercise notebooks from their solution sources, or run them",
        description="build: write exercises/en and exercises/zh (trainee versions) from "
        "exercises/src (--check only reports stale ones, exit 1). run: build the solution "
        "notebooks into --out/solutions, execute them (every check and test cell must pass) and "
        "print each exercise's results.",
    )
    _build_or_run(ex, "build/exercises", "run: folder for the solutions, executed, with HTML")
    ex.add_argument(
        "--only", default="", metavar="NN", help="run: only the exercise numbered NN (e.g. 02)"
    )
    lab = sub.add_parser(
        "lab",
        help="open JupyterLab on your exercise pack (its START page, in your language)",
        description="Open JupyterLab on a pack folder at its START page, in the pack's language "
        "(Chinese packs get the Chinese JupyterLab), with no news pop-up; JupyterLab's settings "
        "and checkpoints are kept outside the pack, so opening it changes nothing in it.",
    )
    lab.add_argument("pack", type=Path, nargs="?", default=Path("."), metavar="PACK")
    lab.add_argument("--lang", choices=("en", "zh"), default=None, help="default: the pack's")
    from casekit.cohort.commands import add_parser

    add_parser(sub)
    return p


def _lab(args: argparse.Namespace) -> int:
    import os
    import subprocess

    from casekit import workspace

    if not args.pack.is_dir():
        raise CasekitError(f"{args.pack} is not a folder: give the folder of your exercise pack")
    lang = args.lang or workspace.pack_lang(args.pack)
    extra = ["--allow-root"] if os.geteuid() == 0 else []
    cmd = workspace.lab_command(args.pack.resolve(), lang, workspace.state_dir(args.pack), extra)
    return subprocess.call(cmd)


def _notebooks(args: argparse.Namespace) -> int:
    from casekit import nbbuild

    if args.action == "build":
        root = nbbuild.ROOT / "notebooks"
        stale = _build(root / "src", root, args.check, "full", "notebooks")
        text = nbbuild.landing()
        if nbbuild.LANDING.exists() and nbbuild.LANDING.read_text(encoding="utf-8") == text:
            return stale
        if args.check:
            print(f"stale: {nbbuild.LANDING}", file=sys.stderr)
            return 1
        nbbuild.LANDING.write_text(text, encoding="utf-8")
        print(f"built: {nbbuild.LANDING}")
        return stale
    langs = ("en", "zh") if args.lang == "both" else (args.lang,)
    t0 = time.perf_counter()
    done = nbbuild.run_all(args.out, langs)
    print(
        f"ran {len(done)} case notebooks in {time.perf_counter() - t0:.0f} s; HTML in {args.out}/en and {args.out}/zh"
    )
    return 0


def _exercises(args: argparse.Namespace) -> int:
    from casekit import nbbuild

    if args.action == "build":
        root = nbbuild.ROOT / "exercises"
        return _build(root / "src", root, args.check, "trainee", "exercises")
    import json

    from casekit.exercises import read_results

    langs = ("en", "zh") if args.lang == "both" else (args.lang,)
    t0 = time.perf_counter()
    books = nbbuild.build_solutions(args.out / "solutions", langs, args.only)
    if not books:
        raise CasekitError(f"no exercise numbered {args.only!r} in {nbbuild.EXERCISES_SRC}")
    done = nbbuild.run_many(books, [args.out / "executed" / b.parent.name for b in books])
    failed = 0
    for path in done:
        res = read_results(json.loads(path.read_text(encoding="utf-8")))
        got, out_of = res.get("points", 0), res.get("max", 0)
        print(f"{path.parent.name}/{path.stem}: {got:g}/{out_of:g} points")
        for q, status in res.get("status", {}).items():
            failed += status not in ("correct", "collected")
            print(f"  {q:<4}{status:<11}{res.get('messages', {}).get(q, '')[:110]}")
    print(
        f"ran {len(done)} solution notebooks in {time.perf_counter() - t0:.0f} s; "
        f"HTML in {args.out}/executed"
    )
    if failed:
        print(f"{failed} checks did not pass on their own solutions", file=sys.stderr)
    return 1 if failed else 0


def _cohort(args: argparse.Namespace) -> int:
    from casekit.cohort.commands import run

    return run(args)


def _generate(args: argparse.Namespace) -> int:
    from casekit.bookio import write_book
    from casekit.simulate import BookParams

    params = BookParams(
        clients=args.clients,
        months=args.months,
        seed=args.seed,
        scenario=args.scenario,
        start=args.start,
    )
    t0 = time.perf_counter()
    manifest = write_book(
        params,
        args.out,
        fmt=args.format,
        force=args.force,
        workers=args.workers,
        progress=not args.quiet,
    )
    if not args.quiet:
        took = time.perf_counter() - t0
        print(
            f"wrote {args.out} in {took:.1f} s ({params.clients:,} clients × {params.months} months, "
            f"scenario {params.scenario}, seed {params.seed})"
        )
        for entry in manifest["tables"].values():
            print(f"  {entry['file']:<24} {entry['rows']:>12,} rows")
        print(
            f"  truth/ (hidden: {', '.join(manifest['truth'])}) — keep it from trainees in assessments"
        )
    return 0


def _realism(args: argparse.Namespace) -> int:
    from casekit.loader import load_book
    from casekit.realism import format_report, realism_report

    book = load_book(args.book, truth=False)
    report = realism_report(book)
    print(f"Realism report: {book.meta.get('path')} ({book.meta.get('params', {})})")
    print(format_report(report, args.lang))
    return 0 if report["ok"].all() else 1


def _summary(args: argparse.Namespace) -> int:
    from casekit.loader import load_book
    from casekit.summary import format_summary

    book = load_book(args.book)  # with its truth where it has one (not an assessment pack)
    print(format_summary(book, args.lang))
    return 0


def _datadict(args: argparse.Namespace) -> int:
    from casekit.datadict import render

    text = render()
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the casekit command; errors print one line and exit with code 2."""
    args = build_parser().parse_args(argv)
    handlers = {
        "generate": _generate,
        "realism": _realism,
        "summary": _summary,
        "notebooks": _notebooks,
        "exercises": _exercises,
        "cohort": _cohort,
        "lab": _lab,
        "datadict": _datadict,
    }
    try:
        return handlers[args.command](args)
    except CasekitError as e:
        print(f"casekit {args.command}: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("casekit: interrupted; nothing was half-written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
