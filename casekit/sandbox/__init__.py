"""经营沙盘: a multi-quarter relationship-management simulation whose decisions change the bank.

``sim = casekit.sandbox.start("default")``, then each quarter ``sim.decide(table)``,
``sim.advance()``, ``sim.observe()`` and ``sim.scorecard()``; ``replay`` recomputes a recorded
run from its decisions alone. ``handover(book)`` is the bank's view before the first quarter
from its tables alone (no truth needed), and ``plan(book, tables)`` records quarters decided
there; ``casekit.sandbox.widgets.panel(sim)`` is the trainee's panel.
"""

from __future__ import annotations

from casekit.book import Book
from casekit.errors import BadParameter
from casekit.sandbox.decisions import BadDecision
from casekit.sandbox.handover import handover, plan
from casekit.sandbox.policies import best_known, do_nothing, random_policy, sensible
from casekit.sandbox.sim import Sim, claims_match, replay
from casekit.simulate import BookParams

__all__ = [
    "BadDecision",
    "Sim",
    "best_known",
    "claims_match",
    "do_nothing",
    "handover",
    "plan",
    "random_policy",
    "replay",
    "sensible",
    "start",
]


def load(book_or_params: Book | BookParams | dict | str) -> Book:
    """A book from itself, its parameters (generated in memory) or a folder name ("default")."""
    from casekit.loader import generate_book, load_book

    if isinstance(book_or_params, Book):
        return book_or_params
    if isinstance(book_or_params, BookParams):
        p = book_or_params.__dict__
        keys = ("clients", "months", "seed", "scenario", "start")
        return generate_book(**{k: p[k] for k in keys})
    if isinstance(book_or_params, dict):
        return generate_book(**book_or_params)
    if isinstance(book_or_params, str):
        return load_book(book_or_params)
    raise BadParameter(
        f"start() takes a Book, BookParams, a dict of them or a book's name; got {book_or_params!r}"
    )


def start(
    book_or_params: Book | BookParams | dict | str = "default",
    *,
    quarters: int = 8,
    lang: str = "en",
    mode: str = "practice",
    seed: int | None = None,
    hours_budget: float | None = None,
    service_budget: float | None = None,
) -> Sim:
    """Hand the portfolio over: a sandbox run of ``quarters`` quarters on this bank."""
    from casekit.sandbox import rules

    return Sim(
        load(book_or_params),
        quarters=quarters,
        lang=lang,
        mode=mode,
        seed=seed,
        hours_budget=rules.DEFAULT_HOURS_BUDGET if hours_budget is None else hours_budget,
        service_budget=service_budget,
    )
