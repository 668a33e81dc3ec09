"""Shared fixtures: the default book, generated once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

import casekit

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def repeatable_cohort_ids(monkeypatch) -> None:
    """Cohort ids numbered per test instead of random: a cohort's banks derive from its id, so
    a random id would give every run of a test different banks (a failure seen once, then
    gone). Ids still differ between the cohorts of one test, as the isolation tests need."""
    import itertools
    import types

    from casekit.cohort import config

    counter = itertools.count(1)
    fake = types.SimpleNamespace(**{n: getattr(config.secrets, n) for n in dir(config.secrets)})
    fake.token_hex = lambda nbytes=6: f"{next(counter):0{2 * nbytes}x}"
    monkeypatch.setattr(config, "secrets", fake)


@pytest.fixture(scope="session")
def book() -> casekit.Book:
    """The default book, generated in memory (same parameters as datasets/default)."""
    return casekit.generate_book()


@pytest.fixture(scope="session")
def small_book() -> casekit.Book:
    """A small book of another seed, for tests that need a second bank."""
    return casekit.generate_book(clients=600, seed=7)


OTHER = {"seed": 7, "scenario": "city_commercial", "lang": "zh", "client_id": "C00011"}


@pytest.fixture(scope="session")
def executed_cases(tmp_path_factory) -> dict:
    """Every case run in Chinese with another seed and scenario, two kernels at a time, each
    rendered to HTML: name → (executed notebook as a dict, its HTML file)."""
    import json

    from casekit import nbbuild

    out = tmp_path_factory.mktemp("cases")
    sources = nbbuild.sources(ROOT / "notebooks" / "src")
    books = [nbbuild.target(s, "zh", ROOT / "notebooks") for s in sources]
    done = nbbuild.run_many(books, [out] * len(books), [OTHER] * len(books))
    return {
        s.stem: (json.loads(d.read_text(encoding="utf-8")), d.with_suffix(".html"))
        for s, d in zip(sources, done, strict=True)
    }


def private_secret(path: Path, secret: bytes) -> Path:
    """Write a cohort secret the way a trainer must keep it: readable by its owner alone."""
    import os

    path.write_bytes(secret)
    os.chmod(path, 0o600)
    return path
