"""What the bank sees of a sandbox quarter: its observable tables, never the hidden truth.

Each table carries the quarter it describes. Needs appear only as leads an RM found on a
visit (what a call report would say); take-up only as the offers a client accepted; risk only
as warning signals and defaults, never as a PD.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from casekit.sandbox import rules as R
from casekit.sandbox.quarter import normals

if TYPE_CHECKING:
    from casekit.sandbox.sim import Sim


def observe(sim: Sim) -> dict[str, pd.DataFrame]:
    """The observable tables of the quarter just simulated (before the first: the hand-over)."""
    state = sim._state
    c, ids = state.c, sim._ids
    q = state.quarter
    res = sim._results[-1] if sim._results else None
    seen = (c["status"] != "gone") | (res["churn_month"] >= 0 if res else False)
    idx = np.flatnonzero(seen)
    panel = pd.DataFrame(
        {
            "client_id": ids[idx],
            "quarter": q,
            "status": c["status"][idx].astype(str),
            "deposit_avg": np.round(c["deposit"][idx], 2),
            "loan_balance": np.round(c["loan"][idx], 2),
            "fee_income": np.round(c["fee"][idx] * 3, 3),
            "npl": c["npl"][idx],
        }
    )
    wc = state.warned["client"]
    warnings = pd.DataFrame(
        {
            "client_id": ids[wc],
            "quarter": q,
            "signal": state.warned["signal"].astype(str),
            "level": [R.SIGNAL_LEVEL[s] for s in state.warned["signal"]],
        }
    )
    out = {"panel": panel, "warnings": warnings}
    if res is None:
        return out
    nd = state.needs
    leads = res["new_leads"]
    out["leads"] = pd.DataFrame({"client_id": ids[nd["client"][leads]], "quarter": q,
                                 "need": nd["need"][leads].astype(str)})  # fmt: skip
    touched = np.flatnonzero(res["contacts"] > 0)
    out["interactions"] = pd.DataFrame(
        {
            "client_id": ids[touched],
            "quarter": q,
            "contacts": res["contacts"][touched],
            "visit_hours": res["visit_hours"][touched],
        }
    )
    asked = np.flatnonzero(res["requests"] > 0)
    out["service_requests"] = pd.DataFrame(
        {
            "client_id": ids[asked],
            "quarter": q,
            "requests": res["requests"][asked].astype(np.int64),
            "breaches": res["breaches"][asked].astype(np.int64),
        }
    )
    raised = np.flatnonzero(res["complaints"] > 0)
    out["complaints"] = pd.DataFrame(
        {
            "client_id": ids[raised],
            "quarter": q,
            "complaints": res["complaints"][raised].astype(np.int64),
            "outside_rule": res["late"][raised].astype(np.int64),
        }
    )
    dec = res["decisions"]
    offers = dec[dec["kind"] == "offer"]
    taken = {(ci, p) for ci, p, _, _ in res["taken"]}
    out["offers"] = pd.DataFrame(
        {
            "client_id": offers["client_id"].astype(str).to_numpy(),
            "quarter": q,
            "product": offers["product"].astype(str).to_numpy(),
            "price": offers["price"].to_numpy(float),
            "accepted": [
                (int(a), b) in taken
                for a, b in zip(offers["client"], offers["product"], strict=True)
            ],
        }
    )
    # The survey: a sample of the clients still here answers (a third of general clients).
    here = np.flatnonzero(c["status"] != "gone")
    p_ans = np.where(c["tier"][here] == "general", 0.35, 0.8)
    ans = here[res["nps_u"][here] < p_ans]
    noise = normals(sim.seed, q, "survey", len(c["present"]))[ans]
    mu = 7.55 + 1.55 * c["satisfaction"][ans] - 1.0 * (c["status"][ans] == "partial")
    out["surveys"] = pd.DataFrame(
        {
            "client_id": ids[ans],
            "quarter": q,
            "nps": np.clip(np.round(mu + 1.1 * noise), 0, 10).astype(np.int64),
        }
    )
    gone = np.flatnonzero((res["churn_month"] >= 0) | (res["default_month"] >= 0) | res["exits"])
    out["outcomes"] = pd.DataFrame(
        {
            "client_id": ids[gone],
            "quarter": q,
            "churn": np.where(
                res["full"][gone], "full", np.where(res["partial"][gone], "partial", "")
            ),
            "defaulted": res["default_month"][gone] >= 0,
            "exited": res["exits"][gone],
        }
    )
    return out
