"""Where casekit's shipped files live: the checkout's top-level folders, or their copies in a wheel.

The repository keeps ``datasets/``, ``notebooks/``, ``exercises/`` and ``START.ipynb`` at its
top level (the design card's layout). A wheel carries copies of them under ``casekit/_data``
(written by the build hook in setup.py), so an installed casekit finds the same files with no
checkout. Every module that needs one of them asks :func:`resource`, and nothing else.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent
INSTALLED = PACKAGE / "_data"
# What the wheel ships, relative to the checkout (setup.py copies exactly these). The exercises'
# solution sources (exercises/src) are the grader's: the casekit-keys wheel (keys/setup.py)
# puts them in the same _data folder; the casekit wheel a trainee installs leaves them out.
SHIPPED = (
    "datasets/default",
    "datasets/README.md",
    "notebooks/src",
    "notebooks/en",
    "notebooks/zh",
    "exercises/en",
    "exercises/zh",
    "START.ipynb",
)


def data_root() -> Path:
    """The folder holding datasets/, notebooks/ and exercises/: the wheel's copy, else the checkout."""
    # The wheel's copy wins: an installed casekit must never read a checkout that happens to
    # sit beside site-packages. An editable install has no copy and reads the checkout.
    return INSTALLED if (INSTALLED / "exercises" / "en").is_dir() else CHECKOUT


def resource(*parts: str) -> Path:
    """The path of a shipped file or folder, e.g. ``resource("exercises", "src")``."""
    return data_root().joinpath(*parts)
