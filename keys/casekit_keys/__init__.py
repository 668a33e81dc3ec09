"""casekit's answer keys: what computes or shows an exercise's answers, for the grader only.

A separate distribution (``casekit-keys``, built from ``keys/``): the grader's install, the
dev environment (``make setup``) and a practice deployment have it; the trainee's assessment
environment (JupyterHub's user environment) installs the ``casekit`` wheel alone, and an
assessment pack carries neither these modules nor the exercises' solution sources. Its wheel
also carries ``exercises/src`` (the solution sources, ``# SOLUTION`` lines and test cells),
into ``casekit/_data/exercises/src``, where casekit.resources finds them; the ``casekit``
wheel does not.

How an exercise is split (``scripts/split_keys.py casekit/exercises/exNN_x.py`` does it):

- **Trainee side**, ``casekit/exercises/exNN_x.py``: ``TITLE``, ``VISIBLE``, ``QUESTIONS`` with
  each question's id, form (columns, keys, options, tolerances, units), validation (``valid=``,
  ``ranges=``, ``max_rows=``, ``label_kinds=``), points, hints, rubric, and each mistake's key
  and words: ``Mistake("month_end", t("…", "…"))`` (no answer function; a module's ``_m``
  helper loses its ``fn`` argument). Tools a trainee notebook
  imports stay there too (e.g. ``ex05_churn.auc``, ``ex02_needs.behaviour``), unless one
  returns another exercise's answer: exercise 3 plans from ``ex03_service.data_needs`` (the
  data signals), not from exercise 2's triangulated list, which is q5's key here
  (tests/test_ex02_leak.py scans the trainee side for it).
- **Keys**, ``keys/casekit_keys/exNN_x.py`` (same module name): every function that computes
  an expected answer, a reference answer, a right alternative, a scorer, a bank's too-small
  reason (it reads the reference answer) or a mistake's answer, the solution texts, and
  ``KEYS = {"q1": Key(expected=…, solution_text=code("…"), also=(…,), reference=…,
  scorer=…, too_small=…, mistakes={"month_end": fn})}``; a mistake with more keyed
  fields than its answer gives a dict (``{"answer": fn, "sees": fn}``). The keys import from
  the trainee side, never the other way. Exercise 09 (or any new one): write it in the old
  form, run ``python scripts/split_keys.py casekit/exercises/ex09_x.py --keep NAMES`` (NAMES:
  what its notebook or other modules import from it), then ``ruff check --fix`` and
  ``ruff format`` on both files; tests/test_keys.py checks the result.
- casekit.exercises.keys (the one registry) imports ``casekit_keys.exNN_x`` when an exercise
  starts and fills its keys into the questions by id. Without the keys a check validates the
  answer's form and records it, saying the trainer grades it; ``solution()`` says to ask the
  trainer; the grader (casekit.cohort), which has the keys, grades.

The tests prove it: tests/test_keys.py (the split itself, the sandbox), tests/test_wheel.py (the
``casekit`` wheel installed alone cannot import this package, holds none of the solution texts,
and its checks validate and record) and tests/test_assessment.py (no pack holds a solution;
the grader, with the keys, gives every reference solution full marks).
"""

from __future__ import annotations
