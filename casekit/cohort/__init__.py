"""Trainer tooling: a cohort from a roster, a pack per trainee, safe parallel grading, reports.

    cohort, encoding = init_cohort("roster.csv", "cohort-2026q4")
    build_packs(cohort)
    grade_cohort("cohort-2026q4", "submissions")
    write_report(cohort)

Names are imported on first use, so ``casekit --help`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "Cohort": "casekit.cohort.config",
    "CohortError": "casekit.cohort.config",
    "init_cohort": "casekit.cohort.config",
    "open_cohort": "casekit.cohort.config",
    "grade_cohort": "casekit.cohort.grading",
    "build_packs": "casekit.cohort.packs",
    "write_report": "casekit.cohort.report",
    "Limits": "casekit.cohort.sandbox",
}
__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'casekit.cohort' has no attribute {name!r}")
