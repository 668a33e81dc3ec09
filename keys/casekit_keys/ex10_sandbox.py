"""Answer keys of exercise 10 (grader only: see casekit_keys)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from casekit.exercises.common import code, memo
from casekit.exercises.ex10_sandbox import QUARTERS, STAGES
from casekit.exercises.keys import Key
from casekit.sandbox import rules as R

STAMPS = ("accepted_at", "reviewed_at", "approved_at", "processed_at")

TOP = 20  # the largest depositors whose share Q3 asks for

SMALL = 250


def _handover(ctx: Any) -> dict:
    from casekit.sandbox.handover import handover

    return memo(ctx.book, ("sandbox_handover",), lambda: handover(ctx.book))


def _here(ctx: Any) -> pd.DataFrame:
    """The clients handed over (the hand-over panel holds only those still with the bank)."""
    return _handover(ctx)["panel"]


def _last_months(ctx: Any, n: int) -> pd.DataFrame:
    """The panel's last ``n`` months, for the clients handed over."""
    p = ctx.book.panel
    months = sorted(p["month"].astype(str).unique())[-n:]
    rows = p[p["month"].astype(str).isin(months)]
    return rows[rows["client_id"].astype(str).isin(set(_here(ctx)["client_id"]))]


def handed_over(ctx: Any) -> int:
    """Clients still with the bank at the hand-over (active or partly gone)."""
    return len(_here(ctx))


def deposits_handed_over(ctx: Any) -> float:
    """Their deposits at the hand-over (万元, daily average over the book's last quarter)."""
    return float(_here(ctx)["deposit_avg"].sum())


def _top_share(values: pd.Series) -> float:
    return float(values.nlargest(TOP).sum() / values.sum()) if values.sum() else 0.0


def top20_share(ctx: Any) -> float:
    """The share of those deposits held by the 20 largest depositors (1 if 20 or fewer)."""
    return _top_share(_here(ctx)["deposit_avg"])


def stage_waits(ctx: Any, since_acceptance: bool = False) -> dict[str, float]:
    """Median hours of each stage of the book's requests (from the previous stamp)."""
    sr = ctx.book.service_requests
    out = {}
    for stage, a, b in zip(STAGES, STAMPS, STAMPS[1:], strict=False):
        begin = STAMPS[0] if since_acceptance else a
        out[stage] = float((sr[b] - sr[begin]).dt.total_seconds().median() / 3600)
    return out


def slowest_stage(ctx: Any) -> str:
    """The stage (审核, 审批 or 办理) with the longest median time in the book's requests."""
    waits = stage_waits(ctx)
    return max(waits, key=waits.get)


def run_too_small(ctx: Any) -> str | None:
    """Why the bank cannot tell a plan from hours spent at random, if it cannot."""
    if handed_over(ctx) >= SMALL:
        return None
    if ctx.lang == "zh":
        return f"交接客户不足 {SMALL} 户：每季度 240 小时工时几乎能覆盖全部客户，随意安排也能得到相近的结果"
    return (
        f"fewer than {SMALL} clients are handed over: 240 RM hours a quarter reach most of them, "
        "so hours spent at random do about as well as a plan"
    )


def references(ctx: Any) -> dict[str, dict[str, float]]:
    """The two references a run is scored against: doing nothing and the best known policy."""
    from casekit import sandbox as sb

    def run(policy: Any) -> dict[str, float]:
        return sb.start(ctx.book, quarters=QUARTERS, lang=ctx.lang).run(policy).metrics()

    return {
        name: memo(ctx.book, ("sandbox_ref", name, ctx.lang), lambda p=policy: run(p))
        for name, policy in (("do_nothing", sb.do_nothing), ("best_known", sb.best_known))
    }


def quarter_rows(ctx: Any, k: int, stage: str | None = None, service: bool = True) -> pd.DataFrame:
    """The reference plan's quarter ``k`` (0 = the first), decided at the hand-over: respond to
    the orange and red warnings at once, visit the largest relationships (a different quarter of
    them each quarter, all of them on a small bank), fund the slowest stage and 回访."""
    h = _handover(ctx)
    rows: list[dict] = []
    hours = 0.0
    if k == 0:
        w = h["warnings"]
        level = w.groupby("client_id")["level"].agg(lambda s: max(s, key=R.LEVELS.index))
        for c, lv in level[level != "yellow"].items():
            response = "watch" if lv == "orange" else "reduce_exposure"
            rows.append({"kind": "respond", "client_id": c, "response": response, "hours": 2.0})
            hours += 2
    ranked = h["panel"].sort_values("deposit_avg", ascending=False)["client_id"].tolist()
    n = min(len(ranked), int((R.DEFAULT_HOURS_BUDGET - hours) // 3))
    first = (k % 4) * n
    rows += [
        {"kind": "visit", "client_id": ranked[(first + i) % len(ranked)], "hours": 3.0}
        for i in range(n)
    ]
    if service:
        for s in (stage or slowest_stage(ctx), "followed_up"):
            rows.append({"kind": "improve", "improvement": s, "hours": 0.0})
    return pd.DataFrame(rows, columns=list(R.COLUMNS))


def reference_plan(ctx: Any, **kw: Any) -> dict:
    """The reference plan of eight quarters, as the record a trainee hands in."""
    from casekit import sandbox as sb

    return sb.plan(ctx.book, [quarter_rows(ctx, k, **kw) for k in range(QUARTERS)])


def all_clients(ctx: Any) -> int:
    """Mistake: every client the branch has had, those who left before the hand-over too."""
    return len(ctx.book.clients)


def active_only(ctx: Any) -> int:
    """Mistake: only the fully active clients, the ones moving business away left out."""
    return int((_here(ctx)["status"] == "active").sum())


def deposits_month_end(ctx: Any) -> float:
    """Mistake: the month-end balances on the hand-over date, not the daily average."""
    return float(_last_months(ctx, 1)["deposit_month_end"].sum())


def deposits_quarter_sum(ctx: Any) -> float:
    """Mistake: three months of daily averages added up, not averaged."""
    return float(_last_months(ctx, 3)["deposit_avg"].sum())


def top20_loans(ctx: Any) -> float:
    """Mistake: the 20 largest borrowers' share of loans, not depositors' of deposits."""
    return _top_share(_here(ctx)["loan_balance"])


def top20_month_end(ctx: Any) -> float:
    """Mistake: concentration on month-end balances."""
    return _top_share(_last_months(ctx, 1)["deposit_month_end"])


def slowest_since_acceptance(ctx: Any) -> str:
    """Mistake: each stage timed from the request's acceptance (so the last always looks
    slowest)."""
    waits = stage_waits(ctx, since_acceptance=True)
    return max(waits, key=waits.get)


def _rows(decisions: list) -> list[dict]:
    return [r for quarter in decisions for r in quarter if isinstance(r, dict)]


def funds_no_service(decisions: list, ctx: Any) -> bool:
    """A plan with visits or offers but not one service improvement in eight quarters."""
    rows = _rows(decisions)
    busy = any(r.get("kind") in ("visit", "offer") for r in rows)
    return busy and not any(r.get("kind") == "improve" for r in rows)


def funds_another_stage(decisions: list, ctx: Any) -> bool:
    """A plan that speeds up a stage, but never the slowest one."""
    funded = {r.get("improvement") for r in _rows(decisions) if r.get("kind") == "improve"}
    stages = funded & set(STAGES)
    return bool(stages) and slowest_stage(ctx) not in stages


def plan_without_service(ctx: Any) -> dict:
    """Mistake: every hour on visits, the service budget left unspent."""
    return reference_plan(ctx, service=False)


def plan_other_stage(ctx: Any) -> dict:
    """Mistake: the stage funded is the one timed from acceptance (or the next after the
    bottleneck), not the slowest."""
    slow = slowest_stage(ctx)
    other = next(s for s in ("processed", *STAGES) if s != slow)
    return reference_plan(ctx, stage=other)


def risk_or_growth(ctx: Any) -> str:
    """Red warnings at the hand-over come first (a default announced is a loss to limit now);
    without any, the first hours go to growing the relationships."""
    w = _handover(ctx)["warnings"]
    return "risk_first" if (w["level"] == "red").any() else "growth_first"


PLAN_SOLUTION = """
def plan_quarter(k):
    rows, hours = [], 0.0
    if k == 0:  # the hand-over's warnings are last quarter's: act on orange and red at once
        w = handover['warnings']
        level = w.groupby('client_id')['level'].agg(lambda s: max(s, key=R.LEVELS.index))
        for c, lv in level[level != 'yellow'].items():
            response = 'watch' if lv == 'orange' else 'reduce_exposure'
            rows.append({'kind': 'respond', 'client_id': c, 'response': response, 'hours': 2.0})
            hours += 2
    ranked = handover['panel'].sort_values('deposit_avg', ascending=False)['client_id'].tolist()
    n = min(len(ranked), int((R.DEFAULT_HOURS_BUDGET - hours) // 3))
    rows += [{'kind': 'visit', 'client_id': ranked[((k % 4) * n + i) % len(ranked)], 'hours': 3.0}
             for i in range(n)]
    for s in (max(waits, key=waits.get), 'followed_up'):  # the slowest stage (Q4) and 回访
        rows.append({'kind': 'improve', 'improvement': s, 'hours': 0.0})
    return pd.DataFrame(rows, columns=list(R.COLUMNS))
sandbox.plan(book, [plan_quarter(k) for k in range(8)])
"""

KEYS = {
    "q1": Key(
        expected=handed_over,
        solution_text=code("len(handover['panel'])"),
        mistakes={"all_clients": all_clients, "active_only": active_only},
    ),
    "q2": Key(
        expected=deposits_handed_over,
        solution_text=code("handover['panel']['deposit_avg'].sum()"),
        mistakes={"month_end": deposits_month_end, "quarter_sum": deposits_quarter_sum},
    ),
    "q3": Key(
        expected=top20_share,
        solution_text=code(
            "dep = handover['panel']['deposit_avg']\ndep.nlargest(20).sum() / dep.sum()"
        ),
        mistakes={"loans": top20_loans, "month_end": top20_month_end},
    ),
    "q4": Key(
        expected=slowest_stage,
        solution_text=code("max(waits, key=waits.get)  # waits: median time of each stage"),
        mistakes={"since_acceptance": slowest_since_acceptance},
    ),
    "q5": Key(
        expected=references,
        too_small=run_too_small,
        solution_text=code(PLAN_SOLUTION),
        mistakes={
            "no_service": {"answer": plan_without_service, "sees": funds_no_service},
            "other_stage": {"answer": plan_other_stage, "sees": funds_another_stage},
        },
    ),
    "q7": Key(
        expected=risk_or_growth,
        solution_text=code("""
red = handover['warnings'].query("level == 'red'")
{'decision': 'risk_first' if len(red) else 'growth_first',
 'why': 'Red warnings announce defaults, so I limit those loans at once; the rest of the hours go to the largest clients and the slowest stage.'}
"""),
    ),
}
