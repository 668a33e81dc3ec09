"""Shared fixtures: the default book, generated once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

import casekit

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def book() -> casekit.Book:
    """The default book, generated in memory (same parameters as datasets/default)."""
    return casekit.generate_book()


@pytest.fixture(scope="session")
def small_book() -> casekit.Book:
    """A small book of another seed, for tests that need a second bank."""
    return casekit.generate_book(clients=600, seed=7)
