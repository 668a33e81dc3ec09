"""Split an exercise's question module into its trainee side and its answer keys.

    python scripts/split_keys.py casekit/exercises/ex09_foo.py [--keep NAME ...]

Rewrites ``casekit/exercises/exNN_*.py`` in place (the trainee side) and writes
``keys/casekit_keys/exNN_*.py`` (the keys), as described in casekit_keys' docstring:

- from each question of ``QUESTIONS``: the expected answer (the second positional argument),
  ``solution_text=``, ``also=``, ``reference=``, ``scorer=``, ``too_small=``, ``expected=``;
  from each mistake
  (``Mistake``, ``PlanMistake`` or a module's ``_m`` helper) its answer (the second positional
  argument) and ``sees=``. They become the exercise's ``KEYS = {qid: Key(...)}``;
- every top-level function or constant the trainee side no longer uses moves with them; what
  the trainee side still uses (validation, labels, ``VISIBLE``, tools a notebook imports, named
  with ``--keep``) stays, and the keys import it from there.

Run ``ruff check --fix`` and ``ruff format`` on both files afterwards (unused imports go).
"""

from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEY_FIELDS = ("expected", "also", "reference", "scorer", "too_small", "solution_text")
MISTAKE_CALLS = ("Mistake", "PlanMistake", "_m")
ALWAYS_KEEP = ("TITLE", "VISIBLE", "QUESTIONS", "_m", "__all__")


def _offsets(text: str) -> list[int]:
    out, n = [0], 0
    for line in text.splitlines(keepends=True):
        n += len(line)
        out.append(n)
    return out


def split(path: Path, keep: tuple[str, ...] = ()) -> tuple[str, str]:
    """The trainee side and the keys module of the question module at ``path``."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    lines = _offsets(text)

    def pos(line: int, col: int) -> int:
        return lines[line - 1] + len(text[lines[line - 1] :].encode()[:col].decode())

    def start(node: ast.AST) -> int:
        return pos(node.lineno, node.col_offset)

    def end(node: ast.AST) -> int:
        return pos(node.end_lineno, node.end_col_offset)

    def seg(node: ast.AST) -> str:
        return text[start(node) : end(node)]

    cuts: list[tuple[int, int]] = []
    keys: dict[str, dict] = {}
    questions = next(
        s
        for s in tree.body
        if isinstance(s, ast.Assign) and any(getattr(t, "id", "") == "QUESTIONS" for t in s.targets)
    )
    for call in questions.value.elts:
        assert isinstance(call, ast.Call), ast.dump(call)[:80]
        qid = call.args[0].value
        key: dict = {"fields": {}, "mistakes": {}}
        nodes = sorted([*call.args, *call.keywords], key=start)
        prev = {id(n): nodes[i - 1] for i, n in enumerate(nodes) if i}
        if len(call.args) >= 2:
            if seg(call.args[1]) != "lambda ctx: None":  # a reflection has no answer to key
                key["fields"]["expected"] = seg(call.args[1])
            cuts.append((end(call.args[0]), end(call.args[1])))
        for kw in call.keywords:
            if kw.arg in KEY_FIELDS:
                key["fields"][kw.arg] = seg(kw.value)
                cuts.append((end(prev[id(kw)]), end(kw)))
            if kw.arg == "mistakes":
                for m in kw.value.elts:
                    name = getattr(m.func, "id", "")
                    assert name in MISTAKE_CALLS, f"{qid}: a mistake made by {name or '?'}"
                    mk = m.args[0].value
                    parts = {}
                    if len(m.args) >= 3:  # (key, answer, says) or _m(key, answer, en, zh)
                        parts["answer"] = seg(m.args[1])
                        cuts.append((end(m.args[0]), end(m.args[1])))
                    mnodes = sorted([*m.args, *m.keywords], key=start)
                    for i, mkw in enumerate(mnodes):
                        if isinstance(mkw, ast.keyword) and mkw.arg == "sees":
                            parts["sees"] = seg(mkw.value)
                            cuts.append((end(mnodes[i - 1]), end(mkw)))
                    key["mistakes"][mk] = parts
        keys[qid] = key

    q_text = text[start(questions) : end(questions)]
    q_start = start(questions)
    for a, b in sorted(cuts, reverse=True):
        q_text = q_text[: a - q_start] + q_text[b - q_start :]

    def names_in(src: str) -> set[str]:
        return {n.id for n in ast.walk(ast.parse(src)) if isinstance(n, ast.Name)}

    defs: dict[str, ast.stmt] = {}
    for s in tree.body:
        if isinstance(s, ast.FunctionDef | ast.ClassDef):
            defs[s.name] = s
        elif isinstance(s, ast.Assign | ast.AnnAssign):
            targets = s.targets if isinstance(s, ast.Assign) else [s.target]
            for t in targets:
                for name in t.elts if isinstance(t, ast.Tuple) else [t]:  # A, B = 1, 2
                    if isinstance(name, ast.Name) and name.id != "QUESTIONS":
                        defs[name.id] = s
    kept = {n for n in (*ALWAYS_KEEP, *keep) if n in defs}
    kept |= {n for n, s in defs.items() if isinstance(s, ast.ClassDef)}  # question machinery
    todo, seen = [*names_in(q_text), *kept], set()
    while todo:  # what the trainee side uses, and what that uses in turn
        n = todo.pop()
        if n in defs and n not in seen:
            seen.add(n)
            kept.add(n)
            todo += names_in(seg(defs[n]))
    moved = [s for s in tree.body if s in defs.values() and not _kept(s, defs, kept)]

    def block(s: ast.stmt) -> tuple[int, int]:
        first = min([s.lineno, *(d.lineno for d in getattr(s, "decorator_list", []))])
        return lines[first - 1], lines[s.end_lineno]

    trainee = text
    for s in sorted(moved, key=lambda s: s.lineno, reverse=True):
        a, b = block(s)
        trainee = trainee[:a] + trainee[b:]
    trainee = trainee.replace(text[start(questions) : end(questions)], q_text)
    trainee = trainee.replace(  # the module's mistake helper, if it has one, loses its answer
        "def _m(key: str, fn: Any, en: str, zh: str) -> Mistake:\n    return Mistake(key, fn, t(en, zh))",
        "def _m(key: str, en: str, zh: str) -> Mistake:\n    return Mistake(key, t(en, zh))",
    )

    imports = [seg(s) for s in tree.body if isinstance(s, ast.Import | ast.ImportFrom)]
    imports = [i for i in imports if "__future__" not in i]
    body = "\n\n".join(text[slice(*block(s))].rstrip() for s in moved)
    used = set()
    for src in [body, *(v for k in keys.values() for v in k["fields"].values())]:
        used |= names_in(src)
    for k in keys.values():
        for parts in k["mistakes"].values():
            for v in parts.values():
                used |= names_in(v)
    from_trainee = sorted(n for n in used if n in kept and n not in ("QUESTIONS",))
    module = path.stem
    out = [
        f'"""Answer keys of exercise {module[2:4]} (grader only: see casekit_keys)."""\n',
        "from __future__ import annotations\n",
        *imports,
        "from casekit.exercises.keys import Key",
    ]
    if from_trainee:
        out.append(f"from casekit.exercises.{module} import {', '.join(from_trainee)}")
    out += ["", body, "", "KEYS = {"]
    for qid, k in keys.items():
        if not k["fields"] and not any(k["mistakes"].values()):
            continue
        fields = "".join(f"{f}={v}, " for f, v in k["fields"].items())
        ms = []
        for mk, parts in k["mistakes"].items():
            if list(parts) == ["answer"]:
                ms.append(f"{mk!r}: {parts['answer']}")
            elif parts:
                ms.append(f"{mk!r}: {{" + ", ".join(f"{p!r}: {v}" for p, v in parts.items()) + "}")
        mistakes = f"mistakes={{{', '.join(ms)}}}," if ms else ""
        out.append(f"    {qid!r}: Key({fields}{mistakes}),")
    out.append("}\n")
    return trainee, "\n".join(out)


def _kept(s: ast.stmt, defs: dict, kept: set) -> bool:
    return any(defs[n] is s for n in kept if n in defs)


def main() -> None:
    """Split the module named on the command line."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("module", type=Path)
    p.add_argument("--keep", nargs="*", default=[], help="names the trainee side keeps")
    args = p.parse_args()
    trainee, keys = split(args.module, tuple(args.keep))
    target = ROOT / "keys" / "casekit_keys" / args.module.name
    args.module.write_text(re.sub(r"\n{3,}(?=\S)", "\n\n\n", trainee), encoding="utf-8")
    target.write_text(keys, encoding="utf-8")
    print(f"{args.module} (trainee side) and {target} (keys) written")


if __name__ == "__main__":
    main()
