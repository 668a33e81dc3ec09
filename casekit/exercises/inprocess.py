"""Running an exercise notebook's code in this process, cell by cell, as a trainee would.

For tests and benchmarks: a solution notebook with its test cells on any scenario, seed and
bank size in a second, or a fresh trainee notebook with one ``.solution()`` pasted in at its
question. No kernel: plots go to a non-interactive backend and widgets are built, not shown.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import io
import os
import sys
from pathlib import Path
from typing import Any

from casekit import nbbuild

SRC = nbbuild.ROOT / "exercises" / "src"


def source_of(number: str) -> Path:
    """The solution source of exercise ``number``."""
    return next(s for s in nbbuild.sources(SRC) if s.stem.startswith(number))


def code_cells(number: str, lang: str, variant: str) -> list[tuple[str, list[str]]]:
    """The code cells (source, tags) of an exercise notebook as built for ``lang``."""
    import nbformat

    nb = nbformat.reads(nbbuild.build(source_of(number), lang, variant), as_version=4)
    return [(c.source, list(c.metadata.get("tags", []))) for c in nb.cells if c.cell_type == "code"]


def _parameters(ns: dict, params: dict[str, Any], clients: int) -> None:
    ns.update(params)
    if clients:
        from casekit.exercises import start

        ns["__clients__"] = clients
        ns["__start__"] = functools.partial(start, clients=clients)


def _run(code: str, ns: dict) -> None:
    if "__start__" in ns:  # a smaller bank: the set-up cell's start(...) opens one
        code = code.replace(
            "from casekit.exercises import ____, start", "from casekit.exercises import ____"
        )
        if "start(" in code and "ex = start(" in code:
            ns["start"] = ns["__start__"]
    exec(compile(code, "<cell>", "exec"), ns)


def execute(
    number: str,
    lang: str = "en",
    params: dict[str, Any] | None = None,
    *,
    variant: str = "full",
    clients: int = 0,
    paste: str = "",
) -> dict:
    """Run an exercise notebook top to bottom; return its namespace (``ns['ex']`` the exercise).

    ``paste="q3"`` fills question q3's answer with its ``.solution()`` text instead of the cell's
    own line (a trainee pasting the worked answer into a fresh trainee notebook).
    """
    # Figures draw off screen here, but only for this run: a kernel started later by this
    # process (a case run with papermill) inherits the environment and would show no charts.
    before = os.environ.get("MPLBACKEND")
    os.environ.setdefault("MPLBACKEND", "Agg")
    ns: dict[str, Any] = {"__name__": "__casekit_exercise__"}
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            for code, tags in code_cells(number, lang, variant):
                if "parameters" in tags:
                    exec(compile(code, "<parameters>", "exec"), ns)
                    _parameters(ns, dict(params or {}), clients)
                    continue
                if paste and f"ex.{paste}.check(" in code:
                    code = _pasted(code, ns["ex"].questions[paste].solution(), paste)
                _run(code, ns)
    finally:
        if before is None:
            os.environ.pop("MPLBACKEND", None)
        if "matplotlib.pyplot" in sys.modules:  # a notebook's figures die with it, not with us
            sys.modules["matplotlib.pyplot"].close("all")
    return ns


def _pasted(cell: str, solution: str, qid: str) -> str:
    """The question cell with its answer line replaced by the pasted solution's value."""
    lines = cell.splitlines()
    at = next(i for i, line in enumerate(lines) if line.rstrip().endswith("= ____"))
    name = lines[at].split("=")[0].strip()
    tree = ast.parse(solution)
    last = tree.body[-1]
    if not isinstance(last, ast.Expr):
        raise ValueError(f"{qid}: the solution text does not end with the answer's expression")
    tree.body[-1] = ast.Assign(targets=[ast.Name(name, ast.Store())], value=last.value)
    ast.fix_missing_locations(tree)
    return "\n".join([*lines[:at], ast.unparse(tree), *lines[at + 1 :]])
