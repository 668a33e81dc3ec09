"""The debrief: which kind of decision moved which outcome, against counterfactuals on the same draws.

Each kind of decision (visits, offers, responses to warnings, service improvements) is taken
out of the run in turn and the run replayed on the same random numbers; what that kind did is
the difference. Rows that no longer apply in the counterfactual (a client who has since left,
a warning no longer open) are dropped, not refused: the counterfactual asks what would have
happened without that kind, everything else as decided.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from casekit.sandbox import rules as R
from casekit.sandbox import scorecard as S

if TYPE_CHECKING:
    from casekit.sandbox.sim import Sim

KIND_LABEL = {
    "visit": ("visits", "客户拜访"),
    "offer": ("offers", "产品营销"),
    "respond": ("responses to warnings", "预警处置"),
    "improve": ("service improvements", "服务改进"),
}


def _still_valid(sim: Sim, rows: list[dict]) -> list[dict]:
    """The rows that still apply in this run's current quarter (client here, warning open)."""
    ctx = sim._context()
    out = []
    for row in rows:
        if row["kind"] != "improve":
            where = ctx["pos"].get(str(row["client_id"]))
            if where is None or not ctx["here"][where]:
                continue
            if row["kind"] == "respond":
                level = ctx["level"].get(where)
                if level is None or row["response"] not in R.ALLOWED_RESPONSES[level]:
                    continue
        out.append(row)
    return out


def without(sim: Sim, kinds: set[str]) -> Sim:
    """The run replayed on the same draws with every decision of ``kinds`` taken out."""
    other = sim._fresh()
    for quarter in sim.history:
        rows = [r for r in quarter.to_dict("records") if r["kind"] not in kinds]
        other.advance(_still_valid(other, rows) or None)
    return other


def debrief(sim: Sim) -> pd.DataFrame:
    """Per metric: the run, the do-nothing run, and what each kind of decision contributed."""
    zh = sim.lang == "zh"
    mine = sim.metrics()
    table = S.frame(mine, sim.lang, do_nothing=sim.reference("do_nothing").metrics())
    table["effect"] = table["value"] - table["do_nothing"]
    used = {k for h in sim.history for k in h["kind"]}
    for kind in R.KINDS:
        label = KIND_LABEL[kind][1 if zh else 0]
        if kind not in used:
            table[label] = 0.0
            continue
        rest = without(sim, {kind}).metrics()
        table[label] = [mine[m] - rest[m] for m in table["metric"]]
    return table
