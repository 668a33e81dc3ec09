"""Case evaluation functions: each scores a trainee's analysis against the simulated truth.

One module per concern: needs analysis, service design, risk early warning, effectiveness.
"""

from __future__ import annotations

from casekit.evaluate.answers import AnswerError
from casekit.evaluate.effectiveness import did_estimate, four_lens, score_effect
from casekit.evaluate.needs import score_needs, score_priority, true_priority
from casekit.evaluate.risk import evaluate_warnings
from casekit.evaluate.service import evaluate_plan

__all__ = [
    "AnswerError",
    "did_estimate",
    "evaluate_plan",
    "evaluate_warnings",
    "four_lens",
    "score_effect",
    "score_needs",
    "score_priority",
    "true_priority",
]
