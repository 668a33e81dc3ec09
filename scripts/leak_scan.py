"""Audit: which trainee-side casekit functions, called on a bank without its truth (as in an
assessment pack), return an answer an exercise's check grades correct.

Run with `python scripts/leak_scan.py [--seed 42]` (a few minutes). It calls every public
function of casekit outside the grader (casekit.cohort), the key registry, the command line,
the simulator and the widgets, whose required parameters are among what a trainee holds
(the book, the exercise, the language), and grades each output (and each item of a returned
tuple or dict) with every question of every exercise. A hit is either a leak (a case's helper
computing the exercise's answer in one call) or a coincidence (a figure that happens to fall
within a number question's tolerance): read each. Prints one line per hit; nothing asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import importlib
import inspect
import io
import pkgutil
import signal
from collections.abc import Callable, Iterator
from typing import Any

import casekit
from casekit.exercises import EXERCISES, start

SKIP = (
    "casekit.cohort",
    "casekit.exercises.keys",
    "casekit.cli",
    "casekit.__main__",
    "casekit.simulate",
    "casekit.sandbox.widgets",
)


def trainee_functions() -> Iterator[tuple[str, Callable[..., Any]]]:
    """Every public function defined in a trainee-side module of casekit."""
    for info in pkgutil.walk_packages(casekit.__path__, "casekit."):
        if info.name.startswith(SKIP):
            continue
        module = importlib.import_module(info.name)
        for name, fn in vars(module).items():
            if inspect.isfunction(fn) and not name.startswith("_") and fn.__module__ == info.name:
                yield f"{info.name}.{name}", fn


def outputs(value: Any) -> list[Any]:
    """A value, and the items of a tuple or dict it is."""
    if isinstance(value, dict):
        return [*value.values(), value]
    return list(value) if isinstance(value, tuple) else [value]


class _Slow(Exception):
    pass


def _alarm(*_: Any) -> None:
    raise _Slow


def call(fn: Callable[..., Any], supply: dict[str, Any]) -> Any:
    """``fn`` called with what a trainee holds, or None when it cannot be (or takes > 20 s)."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return None
    required = [p.name for p in params if p.default is p.empty and p.kind <= p.KEYWORD_ONLY]
    if not required or not set(required) <= set(supply):
        return None
    before = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(20)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            return fn(**{p.name: supply[p.name] for p in params if p.name in supply})
    except BaseException:  # a function that cannot run on these gives nothing
        return None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)


def main() -> None:
    """Print every hit: exercise, question, function."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    functions = list(trainee_functions())
    for number in EXERCISES:
        with contextlib.redirect_stdout(io.StringIO()):
            ex = start(number, seed=args.seed)
        bare = dataclasses.replace(ex.book, truth={})  # what an assessment pack holds
        supply = {"book": bare, "ex": ex, "ctx": ex, "lang": "en"}
        questions = [q for q in ex.questions.values() if q.kind != "reflection"]
        for name, fn in functions:
            value = call(fn, supply)
            if value is None:
                continue
            for q in questions:
                with contextlib.redirect_stdout(io.StringIO()):
                    hit = any(q.verdict(o).correct for o in outputs(value))
                if hit:
                    print(f"exercise {number} {q.qid}: {name}", flush=True)


if __name__ == "__main__":
    main()
