"""The answer keys are the grader's: the trainee side declares no answer, the keys fill every
question in, and without them a check records the answer for the trainer (casekit_keys)."""

from __future__ import annotations

import dataclasses
import json
import re
import sys
from pathlib import Path

import pytest

from casekit.exercises import EXERCISES, module_of, start
from casekit.exercises.keys import Key, key_files, keys_of, with_key
from casekit.messages import say
from casekit.nbbuild import sources
from casekit.resources import resource
from casekit.table_questions import ScoredQuestion, _no_expected

KEYED = ("expected", "also", "reference", "scorer", "too_small")


def _flat(text: str) -> str:
    return " ".join(text.split())


def solution_snippets() -> set[str]:
    """Every solution as text, whitespace flattened: each solution text of the keys, and each
    ``# SOLUTION`` line and ``# BEGIN SOLUTION`` block of the solution sources (less what the
    trainee's material gives anyway, and less the very short: ``ids``, ``None``)."""
    texts = []
    for number in EXERCISES:
        module = module_of(number)
        for key in (keys_of(module.__name__) or {}).values():
            texts += list((key.solution_text or {}).values())
    for source in sources(resource("exercises", "src")):
        block: list[str] | None = None
        for line in source.read_text(encoding="utf-8").splitlines():
            mark = line.strip()
            if mark == "# BEGIN SOLUTION":
                block = []
            elif mark == "# END SOLUTION" and block is not None:
                texts.append("\n".join(block))
                block = None
            elif block is not None:
                block.append(line)
            elif re.search(r"#\s*SOLUTION\s*$", line):
                texts.append(re.sub(r"#\s*SOLUTION\s*$", "", line))
    given = {_flat(line) for line in given_lines()}
    return {_flat(t) for t in texts if len(_flat(t)) >= 30 and _flat(t) not in given}


def given_lines() -> set[str]:
    """The code lines a trainee's material gives: its exercise notebook's scaffolding and the
    cases it follows (the cases teach the method; a line of theirs is no solution)."""
    import nbformat

    from casekit import nbbuild

    out = set()
    for case in sources(resource("notebooks", "src")):
        out |= {line.strip() for line in case.read_text(encoding="utf-8").splitlines()}
    for source in sources(resource("exercises", "src")):
        for lang in ("en", "zh"):
            nb = nbformat.reads(nbbuild.build(source, lang, "trainee"), as_version=4)
            for cell in nb.cells:
                out |= {line.strip() for line in cell.source.splitlines()}
    return out


def text_of(path: Path) -> str:
    """A file's text as a reader would search it: a notebook's cells, else its bytes."""
    raw = path.read_bytes()
    if path.suffix == ".ipynb":
        nb = json.loads(raw)
        return _flat("\n".join("".join(c.get("source", "")) for c in nb.get("cells", [])))
    return _flat(raw.decode("utf-8", errors="ignore"))


def solutions_in(root: Path, snippets: set[str]) -> dict[str, list[str]]:
    """The files under ``root`` that hold a solution line, with the lines they hold."""
    found = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        text = text_of(path)
        hits = sorted(s for s in snippets if s in text)
        if hits:
            found[str(path.relative_to(root))] = hits[:3]
    return found


@pytest.mark.parametrize("number", list(EXERCISES))
def test_the_trainee_side_declares_no_answer(number):
    for q in module_of(number).QUESTIONS:
        for name in KEYED:
            value = getattr(q, name, None)
            if isinstance(q, ScoredQuestion) and name == "expected":
                assert value is _no_expected, f"{number} {q.qid}: expected on the trainee side"
            else:
                assert not value, f"{number} {q.qid}: {name} is declared on the trainee side"
        assert not q.solution_text, f"{number} {q.qid}: its solution is on the trainee side"
        for m in q.mistakes:
            assert m.answer is None, f"{number} {q.qid}: mistake {m.key} has its answer here"
            assert not getattr(m, "sees", lambda d, c: False)([], None)


@pytest.mark.parametrize("number", list(EXERCISES))
def test_the_keys_fill_in_every_question(number):
    module = module_of(number)
    keys = keys_of(module.__name__)
    assert keys is not None and set(keys) <= {q.qid for q in module.QUESTIONS}
    for q in module.QUESTIONS:
        full = with_key(q, keys.get(q.qid))
        if q.kind == "reflection":
            continue
        assert full.keyed(), f"{number} {q.qid} has no answer key"
        assert set(full.solution_text) == {"en", "zh"}, f"{number} {q.qid} has no solution"
        for m in full.mistakes:
            assert m.answer is not None, f"{number} {q.qid}: mistake {m.key} has no answer key"


def test_a_key_for_an_undeclared_mistake_is_refused():
    q = module_of("01").QUESTIONS[0]
    with pytest.raises(KeyError, match="undeclared mistakes"):
        with_key(q, Key(expected=lambda ctx: 1, mistakes={"no_such": lambda ctx: 2}))


def test_without_the_keys_a_check_records_the_form_and_the_trainer_grades(monkeypatch, capsys):
    for name in [n for n in sys.modules if n.split(".")[0] == "casekit_keys"]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "casekit_keys", None)  # as in an assessment environment
    for lang in ("en", "zh"):
        ex = start("01", lang=lang, clients=50)
        assert not ex.keyed and ex.q1.expected is None
        v = ex.q1.check(12345)  # any number: there is no key to judge it by
        assert v.status == "well_formed" and v.message == say("check_no_keys", lang)
        assert ex.q1.check("many").status == "invalid"  # the form is still checked
        assert ex.q2.check({"tier": ["key"]}).status == "invalid"  # columns missing
        assert ex.q6.check(["C00001", "C00002"]).status == "well_formed"
        assert ex.q1.solution() == say("no_solution_without_keys", lang)
        assert ex.answers()["q6"] == ["C00001", "C00002"]
        assert ex.q7.check("Ask the finance director about the month-end gap.").status in (
            "collected",
            "invalid",
        )


def test_with_the_keys_the_same_check_judges():
    ex = start("01", clients=50)
    assert ex.keyed and ex.q1.check(12345).status == "incorrect"


def test_a_submission_cannot_reach_the_keys_in_the_graders_sandbox():
    from casekit.cohort.sandbox import run_cells
    from tests.test_isolation import can_wall

    keys_dir = key_files()[0]
    cells = [
        "try:\n    import casekit_keys.ex01_portfolio\n    imported = 'yes'\n"
        "except ImportError:\n    imported = 'no'",
        f"try:\n    peek = len(open({str(keys_dir / 'ex01_portfolio.py')!r}).read())\n"
        "except OSError:\n    peek = 0",
    ]
    run = run_cells(cells, {"a": "imported", "b": "peek"}, hide=key_files())
    assert run.status == "ok", run.reason
    assert run.answers["a"] == "no"
    if can_wall():  # the mount wall hides the keys' files too
        assert run.answers["b"] == 0


def test_the_search_finds_solutions_where_they_are():
    """The search the wheel and pack tests use finds the solutions in the keys and sources."""
    snippets = solution_snippets()
    assert len(snippets) > 40
    assert solutions_in(resource("exercises", "src"), snippets)
    assert solutions_in(key_files()[0], snippets)
    # And the trainee notebooks in git hold none (they are built from the same sources).
    assert not solutions_in(resource("exercises", "en"), snippets)
    assert not solutions_in(resource("exercises", "zh"), snippets)


def test_the_split_is_mechanical(tmp_path):
    """scripts/split_keys.py splits a module in the current form (as exercise 09 will be)."""
    import importlib.util

    from tests.conftest import ROOT

    spec = importlib.util.spec_from_file_location("split_keys", ROOT / "scripts" / "split_keys.py")
    assert spec is not None and spec.loader is not None
    split = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(split)
    source = tmp_path / "ex99_demo.py"
    source.write_text(
        '"""Demo."""\n\nfrom typing import Any\n\n'
        "from casekit.exercises.common import code, t\n"
        "from casekit.questions import Mistake, NumberQuestion\n\n"
        'TITLE = t("Demo", "演示")\nLIMIT = 3\n\n\n'
        "def answer(ctx: Any) -> int:\n    return LIMIT + 1\n\n\n"
        "def wrong(ctx: Any) -> int:\n    return LIMIT\n\n\n"
        'QUESTIONS = (\n    NumberQuestion(\n        "q1",\n        answer,\n'
        '        hints=(t("h", "提示"),),\n        solution_text=code("LIMIT + 1"),\n'
        '        mistakes=(Mistake("off", wrong, t("off", "差一")),),\n'
        "        abs_tol=LIMIT,\n    ),\n)\n",
        encoding="utf-8",
    )
    trainee, keys = split.split(source)
    assert "def answer" not in trainee and "solution_text" not in trainee
    assert 'Mistake("off", t("off", "差一"))' in trainee and "LIMIT = 3" in trainee
    assert "def answer" in keys and "def wrong" in keys
    assert "from casekit.exercises.ex99_demo import LIMIT" in keys
    assert "'q1': Key(expected=answer, solution_text=code(\"LIMIT + 1\"), " in keys
    assert "mistakes={'off': wrong}" in keys
    assert dataclasses.is_dataclass(Key)
