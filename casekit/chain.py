"""Supply-chain prospecting (产业链获客, 1+N): how an approach to a prospect turns into a client.

One rule, read by the simulator (the bank's past approaches and their results) and by the
evaluation (a trainee's visit plan scored against the truth), so the two can never disagree.
A prospect ready to switch (its hidden propensity) still says no to an RM who opens with the
wrong need, talks to someone who cannot decide, or cannot answer the questions on the spot.
"""

from __future__ import annotations

import numpy as np

from casekit import catalog as cat

WRONG_NEED = 0.3  # opening with a need the prospect does not have
SENIOR_NOT_DECIDER = 0.55  # owner, CFO or finance manager who is not the one who decides
JUNIOR = 0.25  # the cashier or the purchasing head: they use banks, they do not choose them
NO_SPECIALIST = 0.7  # the RM alone, or with a colleague who cannot answer the real need
SENIOR = ("owner", "cfo", "finance_manager")


def conversion_chance(
    propensity: np.ndarray,
    need: np.ndarray,
    decider: np.ndarray,
    offered: np.ndarray,
    met: np.ndarray,
    colleague: np.ndarray,
) -> np.ndarray:
    """Chance each approach wins the prospect: its propensity times what the approach got wrong."""
    need, decider = np.asarray(need, dtype=object), np.asarray(decider, dtype=object)
    offered, met = np.asarray(offered, dtype=object), np.asarray(met, dtype=object)
    colleague = np.asarray(colleague, dtype=object)
    need_fit = np.where(offered == need, 1.0, WRONG_NEED)
    role_fit = np.where(
        met == decider, 1.0, np.where(np.isin(met, SENIOR), SENIOR_NOT_DECIDER, JUNIOR)
    )
    # The colleague who can answer the prospect's real need, whatever the RM opened with.
    right = np.array([cat.NEED_SPECIALIST.get(x, "") for x in need], dtype=object)
    colleague_fit = np.where(colleague == right, 1.0, NO_SPECIALIST)
    return np.clip(np.asarray(propensity, dtype=float) * need_fit * role_fit * colleague_fit, 0, 1)
