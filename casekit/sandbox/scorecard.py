"""The one-page scorecard: the book's four lenses (satisfaction, growth, risk, attrition) and value.

Computed by the simulator from the state after a quarter, so it is the same however the
trainee reads the observable tables. NPS is the expected score of the clients still here,
from their satisfaction (the survey's own mapping), not one noisy sample of it.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from casekit.sandbox.state import State
from casekit.simulate.relationship import CAPITAL_RATIO, HURDLE, RISK_WEIGHT, contribution

# metric: (lens, English, Chinese, higher is better)
METRICS = {
    "nps": ("satisfaction", "NPS (expected, −100..100)", "净推荐值 NPS（期望，−100..100）", True),
    "complaints": ("satisfaction", "Complaints this quarter", "本季度投诉数", False),
    "breach_rate": ("satisfaction", "SLA breach rate", "服务超时率", False),
    "deposits": ("growth", "Deposits, daily average (万元)", "日均存款（万元）", True),
    "deposit_growth": ("growth", "Deposit growth since the start", "存款较期初增长", True),
    "loans": ("growth", "Loans (万元)", "贷款余额（万元）", True),
    "fee_income": ("growth", "中间业务收入 this quarter (万元)", "本季度中间业务收入（万元）", True),
    "needs_met": ("growth", "Needs met since the start", "期初以来满足的需求数", True),
    "npl_ratio": ("risk", "NPL ratio", "不良贷款率", False),
    "expected_loss": ("risk", "Expected loss, a year (万元)", "预期损失（年化，万元）", False),
    "credit_losses": ("risk", "Credit losses since the start (万元)", "期初以来信用损失（万元）", False),
    "full_churn": ("attrition", "Clients lost in full", "完全流失客户数", False),
    "partial_churn": ("attrition", "Clients lost in part", "部分流失客户数", False),
    "attrition_rate": ("attrition", "Attrition since the start", "期初以来客户流失率", False),
    "contribution": ("value", "综合贡献度, a year (万元, net of service cost)", "综合贡献度（年化，万元，扣除服务改进费用）", True),
    "raroc": ("value", "RAROC", "RAROC（风险调整资本回报率）", True),
}  # fmt: skip
LENS_LABEL = {
    "satisfaction": ("Satisfaction", "客户满意度"),
    "growth": ("Business growth", "业务增长"),
    "risk": ("Risk control", "风险控制"),
    "attrition": ("Attrition", "客户流失"),
    "value": ("Value", "综合价值"),
}
_ERF = np.frompyfunc(math.erf, 1, 1)


def _phi(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1 + _ERF(x / math.sqrt(2)).astype(float))


def expected_nps(state: State) -> float:
    """NPS the survey would give on average: 7.55 + 1.55 × satisfaction, noise sd 1.1 (activity.py)."""
    c = state.c
    here = c["status"] != "gone"
    mu = 7.55 + 1.55 * c["satisfaction"][here] - 1.0 * (c["status"][here] == "partial")
    promoter = 1 - _phi((8.5 - mu) / 1.1)
    detractor = _phi((6.5 - mu) / 1.1)
    return float(100 * (promoter.mean() - detractor.mean())) if here.any() else 0.0


def metrics(state: State, last: dict | None) -> dict[str, float]:
    """Every metric of the scorecard after the quarter ``last`` (None: at the start)."""
    c, t = state.c, state.totals
    here = c["status"] != "gone"
    loan = c["loan"] * here
    performing = loan * ~c["npl"]
    total_loans = float(loan.sum())
    el = float((performing * c["pd"] * c["lgd"]).sum())
    contrib = contribution(c["deposit"] * here, performing, c["spread"], c["fee"] * 12 * here,
                           c["pd"], c["size"])  # fmt: skip
    cost = last["cost"] if last else 0.0
    rw = np.array([RISK_WEIGHT[s] for s in c["size"]])
    capital = float((performing * rw * CAPITAL_RATIO).sum())
    value = float(contrib.sum()) - 4 * cost
    deposits = float((c["deposit"] * here).sum())
    start = max(t.get("clients_start", 1), 1)
    requests = last["requests"].sum() if last else 0
    return {
        "nps": round(expected_nps(state), 6),
        "complaints": float(last["complaints"].sum()) if last else 0.0,
        "breach_rate": float(last["breaches"].sum() / max(requests, 1)) if last else 0.0,
        "deposits": deposits,
        "deposit_growth": deposits / max(t.get("deposits_start", 1.0), 1e-9) - 1,
        "loans": total_loans,
        "fee_income": float((c["fee"] * here).sum() * 3),
        "needs_met": float(t.get("needs_met", 0)),
        "npl_ratio": float((loan * c["npl"]).sum() / max(total_loans, 1e-9)),
        "expected_loss": el,
        "credit_losses": float(t.get("credit_losses", 0.0)),
        "full_churn": float(t.get("full_churn", 0)),
        "partial_churn": float(t.get("partial_churn", 0)),
        "attrition_rate": float((t.get("full_churn", 0) + t.get("partial_churn", 0)) / start),
        "contribution": value,
        # Capital earns the hurdle on top: RAROC over the capital the performing book consumes.
        "raroc": float((value + capital * HURDLE) / max(capital, 1e-9)),
    }


def frame(values: dict[str, float], lang: str, **references: dict[str, float]) -> pd.DataFrame:
    """The scorecard as a table: lens, metric, label (in ``lang``), value and any references."""
    zh = lang == "zh"
    rows = []
    for key, (lens, en, zh_label, better) in METRICS.items():
        row = {
            "lens": LENS_LABEL[lens][1 if zh else 0],
            "metric": key,
            "label": zh_label if zh else en,
            "value": values[key],
        }
        for name, ref in references.items():
            row[name] = ref[key]
        row["higher_is_better"] = better
        rows.append(row)
    return pd.DataFrame(rows)
