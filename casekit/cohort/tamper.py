"""Spotting a submission that tried to change the checker or the libraries it relies on.

Tampering never changes a grade (answers are checked in the grader's own process), but a
trainer should see that it was tried: a cell that assigns to an attribute of casekit, numpy,
pandas, builtins or sys, calls ``setattr`` on one of them, or replaces ``sys.modules`` entries
is named with its cell and line, and the submission is flagged.
"""

from __future__ import annotations

import ast
from typing import Any

WATCHED = ("casekit", "numpy", "pandas", "builtins", "sys", "IPython")


def _clean(source: str) -> str:
    """Cell source as Python: IPython magics and shell lines blanked (kept as empty lines)."""
    return "\n".join(
        "" if line.lstrip().startswith(("%", "!", "?")) else line for line in source.splitlines()
    )


# Settings a notebook may change (display options), not behaviour a check relies on.
_SETTINGS = {"options", "rcParams"}


def _root(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute | ast.Subscript):
        if isinstance(node, ast.Attribute) and node.attr in _SETTINGS:
            return None
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _aliases(trees: list[ast.AST]) -> set[str]:
    """Names that refer to a watched module (or something imported from one)."""
    names = set(WATCHED) | {"np", "pd"}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.split(".")[0] in WATCHED:
                        names.add((a.asname or a.name).split(".")[0])
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in WATCHED:
                names |= {a.asname or a.name for a in node.names}
    return names


def tampering(nb: Any) -> list[str]:
    """Where the notebook's code cells change watched modules: 'cell N, line L: …' each."""
    cells = [(i, c) for i, c in enumerate(nb.get("cells", [])) if c.get("cell_type") == "code"]
    trees: list[tuple[int, ast.AST]] = []
    for i, c in cells:
        source = c.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        try:
            trees.append((i, ast.parse(_clean(source))))
        except (SyntaxError, ValueError):
            continue  # a cell that does not parse cannot patch anything
    watched = _aliases([t for _, t in trees])
    found = []
    for i, tree in trees:
        for node in ast.walk(tree):
            targets: list[ast.AST] = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AugAssign | ast.AnnAssign):
                targets = [node.target]
            elif isinstance(node, ast.Delete):
                targets = node.targets
            hit = any(
                isinstance(t, ast.Attribute | ast.Subscript) and _root(t) in watched
                for t in targets
            )
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("setattr", "delattr")
                and node.args
                and _root(node.args[0]) in watched
            ):
                hit = True
            if hit:
                found.append(f"cell {i + 1}, line {node.lineno}")
    return found
