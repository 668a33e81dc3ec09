"""The hand-over from the bank's own tables alone: what a trainee sees before the first quarter,
with or without the hidden truth (an assessment pack has none), and a plan decided from it.

``handover(book)`` gives the same ``panel`` and ``warnings`` tables as ``sim.observe()`` before
the first quarter; ``plan(book, quarters)`` turns decision tables into a record the grader
replays (an open-loop plan: each quarter decided at the hand-over).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from casekit import catalog as cat
from casekit.book import Book
from casekit.sandbox import rules as R


def handover(book: Book) -> dict[str, pd.DataFrame]:
    """The bank's view at the hand-over: each client's balances, and last quarter's warnings."""
    p = book.panel
    months = sorted(p["month"].astype(str).unique())
    pm = p["month"].astype(str)
    ids = book.clients["client_id"].astype(str)
    end = p[pm == months[-1]].set_index(p.loc[pm == months[-1], "client_id"].astype(str))
    recent = p[pm.isin(months[-3:])]
    per = recent.groupby(recent["client_id"].astype(str))[["deposit_avg", "fee_income"]].sum() / 3
    outcome = book.outcomes.set_index(book.outcomes["client_id"].astype(str))["churn_status"]
    present = ids.isin(end.index).to_numpy()
    status = np.where(
        ~present,
        "gone",
        np.where(outcome.reindex(ids).astype(str) == "partial", "partial", "active"),
    )
    npl = end["loan_class"].astype(str).isin(cat.NPL_CLASSES).reindex(ids, fill_value=False)
    panel = pd.DataFrame(
        {
            "client_id": ids.to_numpy(),
            "quarter": 0,
            "status": status,
            "deposit_avg": np.round(np.where(present, per["deposit_avg"].reindex(ids, fill_value=0), 0), 2),
            "loan_balance": np.round(np.where(present, end["loan_balance"].reindex(ids, fill_value=0), 0), 2),
            "fee_income": np.round(np.where(present, per["fee_income"].reindex(ids, fill_value=0) * 3, 0), 3),
            "npl": npl.to_numpy(bool) & present,
        }
    )  # fmt: skip
    wn = book.warnings
    w = wn[wn["month"].astype(str).isin(months[-3:])]
    here = set(panel.loc[present & ~panel["npl"].to_numpy(), "client_id"])
    # As the sandbox does: no warning on a client gone or a loan already in default.
    w = w[w["client_id"].astype(str).isin(here)]
    warnings = pd.DataFrame(
        {
            "client_id": w["client_id"].astype(str).to_numpy(),
            "quarter": 0,
            "signal": w["signal"].astype(str).to_numpy(),
            "level": [R.SIGNAL_LEVEL[s] for s in w["signal"].astype(str)],
        }
    )
    return {"panel": panel[present].reset_index(drop=True), "warnings": warnings}


def plan(book: Book, quarters: list[object], hours_budget: float = R.DEFAULT_HOURS_BUDGET) -> dict:
    """A record of decisions made at the hand-over, one table per quarter (a plan, not a run).

    Replayed by the grader like any run; rows that no longer apply when their quarter comes (a
    client who has left, a warning no longer open) are dropped there, not refused.
    """
    from casekit.sandbox.decisions import as_table
    from casekit.sandbox.sim import _plain

    out = []
    for table in quarters:
        rows = _plain(as_table(table, "en")).to_dict("records")
        out.append([{k: v for k, v in r.items() if v is not None} for r in rows])
    return {"quarters": len(out), "hours_budget": float(hours_budget), "decisions": out}
