"""Exercise 2's q5 answer (the key segment's triangulated needs list) is the grader's alone: no
trainee-side function returns it, and exercise 3's needs list (data_needs) is not it."""

from __future__ import annotations

import contextlib
import importlib
import inspect
import io
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd
import pytest

import casekit
from casekit.evaluate import needs_method as nm
from casekit.exercises import start
from casekit.exercises.common import segment_ids
from casekit.exercises.ex03_service import data_needs

# A full bank, a rural one and the smallest the generator allows, in both languages.
BANKS = [
    ("national_branch", 42, 2000, "en"),
    ("rural", 3, 2000, "zh"),
    ("national_branch", 5, 50, "en"),
]
# Trainer-side or not code a trainee runs: the grader (it has the keys) and the key registry.
SKIP = ("casekit.cohort", "casekit.exercises.keys", "casekit.cli", "casekit.__main__")


def _ex02(scenario: str, seed: int, clients: int, lang: str) -> Any:
    with contextlib.redirect_stdout(io.StringIO()):
        return start("02", seed=seed, scenario=scenario, lang=lang, clients=clients)


@pytest.fixture(scope="module", params=BANKS, ids=[f"{b[0]}-{b[1]}-{b[2]}" for b in BANKS])
def ex(request) -> Any:
    return _ex02(*request.param)


def _pairs(table: Any) -> frozenset[tuple[str, str]] | None:
    """A (client_id, need) table as a set of pairs; None for anything else."""
    if isinstance(table, pd.DataFrame) and {"client_id", "need"} <= set(table.columns):
        return frozenset(
            zip(table["client_id"].astype(str), table["need"].astype(str), strict=True)
        )
    return None


def _reference(ex: Any) -> frozenset[tuple[str, str]]:
    pairs = _pairs(ex.q5.reference(ex))
    assert pairs, "ex02 q5 has no reference list on this bank"
    return pairs


def _trainee_functions() -> Iterator[tuple[str, Callable[..., Any]]]:
    """Every public function defined in a trainee-side module of casekit."""
    for info in pkgutil.walk_packages(casekit.__path__, "casekit."):
        if info.name.startswith(SKIP):
            continue
        module = importlib.import_module(info.name)
        for name, fn in vars(module).items():
            if inspect.isfunction(fn) and not name.startswith("_") and fn.__module__ == info.name:
                yield f"{info.name}.{name}", fn


def _arguments(ex: Any) -> dict[str, Any]:
    """What a trainee has at hand to call a function with, by the parameter names casekit uses."""
    ids = segment_ids(ex)
    clients = nm.segment_clients(ex.book, "key")
    per = nm.per_client(ex.book, clients)
    return {
        "book": ex.book,
        "ids": ids,
        "clients": clients,
        "per": per,
        "notes": nm.client_notes(ex.book, clients, ex.lang),
        "lang": ex.lang,
        "segment": "key",
        "tier": "key",
        "ex": ex,
        "ctx": ex,
    }


def _outputs(value: Any) -> list[Any]:
    return list(value.values()) if isinstance(value, dict) else [value]


def leaks(ex: Any, functions: list[tuple[str, Callable[..., Any]]]) -> list[str]:
    """The functions that, called with what a trainee has, return ex02 q5's reference list."""
    reference, supply, found = _reference(ex), _arguments(ex), []
    for name, fn in functions:
        try:
            params = inspect.signature(fn).parameters.values()
        except (TypeError, ValueError):
            continue
        required = [p.name for p in params if p.default is p.empty and p.kind <= p.KEYWORD_ONLY]
        if not required or not set(required) <= set(supply):
            continue
        kwargs = {p.name: supply[p.name] for p in params if p.name in supply}
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                value = fn(**kwargs)
        except Exception:  # a function that cannot run on these gives nothing
            continue
        if any(_pairs(v) == reference for v in _outputs(value)):
            found.append(name)
    return found


def test_triangulate_is_not_on_the_trainee_side():
    from casekit.exercises import ex02_needs

    assert not hasattr(ex02_needs, "triangulate")
    with pytest.raises(ImportError):
        exec("from casekit.exercises.ex02_needs import triangulate", {})


def test_no_trainee_side_function_returns_exercise_2s_needs_list(ex):
    functions = list(_trainee_functions())
    assert len(functions) > 100  # the scan reaches the package
    assert leaks(ex, functions) == []


def test_the_scan_finds_a_planted_leak(ex):
    """Known-wrong: a trainee-side function returning Case 2's triangulated list is caught."""

    def planted(book: Any, ids: pd.Index, lang: str) -> pd.DataFrame:
        c = book.clients.set_index("client_id").reindex(ids)
        per = nm.per_client(book, c)
        said = nm.note_mentions(nm.client_notes(book, c, lang), c)
        return nm.as_pairs(nm.data_signals(book, c, per) | (said & nm.consistent_with(c, per)))

    assert leaks(ex, [("planted", planted)]) == ["planted"]


def test_exercise_3s_needs_list_is_not_exercise_2s_answer(ex):
    given = data_needs(ex.book, segment_ids(ex))
    assert _pairs(given) and _pairs(given) < _reference(ex)  # a strict part: the data signals
    # Graded wrong: it is the question's named mistake of the data alone, and earns little.
    v = ex.expect_mistake(ex.q5, given, "data_only")
    assert v.points < 0.5 * ex.q5.points, v.message
