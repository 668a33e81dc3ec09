"""The one registry of answer keys: a question's key, found by exercise and question id.

The keys live in ``casekit_keys`` (one module per exercise, named as the question module), a
separate distribution that the grader's and practice installs carry and an assessment
environment does not. This module holds no answer: it finds the keys if they are installed
and fills them into a question; without them, questions stay unkeyed (a check validates the
form and records the answer; the trainer grades). See casekit_keys' docstring for the split.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PACKAGE = "casekit_keys"


@dataclass(frozen=True)
class Key:
    """A question's answer key: the question fields that compute or show its answer, and each
    declared mistake's answer (a function, or a dict of the mistake's keyed fields)."""

    expected: Callable[[Any], Any] | None = None
    also: tuple[Callable[[Any], Any], ...] | None = None
    reference: Callable[[Any], Any] | None = None
    scorer: Callable[..., tuple[float, str]] | None = None
    too_small: Callable[[Any], str | None] | None = None  # needs the reference answer
    solution_text: dict[str, str] | None = None
    mistakes: dict[str, Any] = field(default_factory=dict)


def installed() -> bool:
    """Whether the answer keys are installed here."""
    return importlib.util.find_spec(PACKAGE) is not None


def keys_of(module: str) -> dict[str, Key] | None:
    """The keys of the exercise whose question module is ``module`` (e.g.
    ``casekit.exercises.ex01_portfolio``), by question id; None where the keys are not installed."""
    name = f"{PACKAGE}.{module.rsplit('.', 1)[-1]}"
    try:
        keys = importlib.import_module(name)
    except ModuleNotFoundError as e:
        if e.name in (PACKAGE, name):
            return None
        raise  # a key module that imports something missing is a bug, not an assessment
    return keys.KEYS


def with_key(question: Any, key: Key | None) -> Any:
    """A copy of ``question`` with its answer key filled in (the question itself if none)."""
    if key is None:
        return dataclasses.replace(question)
    fields = {
        f.name: getattr(key, f.name)
        for f in dataclasses.fields(key)
        if f.name != "mistakes" and getattr(key, f.name) is not None
    }
    unknown = set(key.mistakes) - {m.key for m in question.mistakes}
    if unknown:
        raise KeyError(f"{question.qid}: keys for undeclared mistakes {sorted(unknown)}")
    mistakes = []
    for m in question.mistakes:
        given = key.mistakes.get(m.key)
        parts = given if isinstance(given, dict) else {"answer": given} if given else {}
        mistakes.append(dataclasses.replace(m, **parts))
    return dataclasses.replace(question, **fields, mistakes=tuple(mistakes))


def key_files() -> list[Path]:
    """Where this install keeps the keys (the casekit_keys package, the solution sources): the
    grader hides them from the sandbox a submission runs in."""
    from casekit.resources import resource

    spec = importlib.util.find_spec(PACKAGE)
    found = [Path(p) for p in (spec.submodule_search_locations or [])] if spec else []
    return [p for p in [*found, resource("exercises", "src")] if p.exists()]
