"""The sandbox (经营沙盘) in a cohort: each trainee's recorded decisions replayed from the secret,
a league table, the spread of outcomes on each lens, and a trainee's run quarter by quarter.

Nothing a submission claims is read but its decisions: every outcome here is recomputed in the
trainer's process on the trainee's bank, re-derived from the cohort's secret. (Not to be
confused with casekit.cohort.sandbox, the isolation a submission's cells run in.)
"""

from __future__ import annotations

import html
import threading
from typing import Any

import pandas as pd

from casekit.cohort.config import Cohort

EXERCISE = "10"  # the sandbox exercise
QUESTION = "q5"  # the question whose answer is the trainee's run
LENSES = {  # one headline figure per lens of the book, and whether higher is better
    "satisfaction": ("nps", True),
    "growth": ("deposits", True),
    "fee_income": ("fee_income", True),
    "risk": ("credit_losses", False),
    "attrition": ("attrition_rate", False),
    "value": ("contribution", True),
}
LENS_TITLE = {
    "satisfaction": "satisfaction · 满意度 (NPS)",
    "growth": "growth · 业务增长 (deposits 存款)",
    "fee_income": "growth · 中间业务收入",
    "risk": "risk · 风险控制 (credit losses 信用损失)",
    "attrition": "attrition · 客户流失",
    "value": "value · 综合贡献度",
}
_REFS: dict[tuple[str, str], dict[str, dict[str, float]]] = {}
_LOCK = threading.Lock()


def _references(cohort: Cohort, trainee_id: str) -> dict[str, dict[str, float]]:
    """Do nothing and best known on the trainee's bank, eight quarters (cached per process)."""
    from casekit import sandbox as sb
    from casekit.cohort.grading import _bank
    from casekit.exercises.ex10_sandbox import QUARTERS

    key = (cohort.cohort_id, trainee_id)
    with _LOCK:
        if key not in _REFS:
            book = _bank(cohort, trainee_id)
            _REFS[key] = {
                name: sb.start(book, quarters=QUARTERS).run(policy).metrics()
                for name, policy in (("do_nothing", sb.do_nothing), ("best_known", sb.best_known))
            }
        return _REFS[key]


def replay_run(cohort: Cohort, trainee_id: str, answer: Any, lang: str = "en") -> Any:
    """The trainee's run recomputed from its decisions alone, on their bank (a Sim)."""
    from casekit import sandbox as sb
    from casekit.cohort.grading import _bank
    from casekit.exercises.ex10_sandbox import QUARTERS

    record = {"quarters": QUARTERS, "decisions": answer["decisions"]}
    return sb.replay(_bank(cohort, trainee_id), record, lang=lang, lenient=True)


def outcome(cohort: Cohort, trainee_id: str, answer: Any) -> dict | None:
    """What a graded run gave, for the grade record: its final figures and the references'.

    None when the answer is not a run the question accepted (nothing to replay).
    """
    from casekit import sandbox as sb

    if not isinstance(answer, dict) or not isinstance(answer.get("decisions"), list):
        return None
    try:
        sim = replay_run(cohort, trainee_id, answer)
    except Exception:  # a refused or malformed run: its grade already says why
        return None
    refs = _references(cohort, trainee_id)
    claimed = answer.get("scorecard")
    return {
        "metrics": sim.metrics(),
        "do_nothing": refs["do_nothing"],
        "best_known": refs["best_known"],
        "dropped": sim.dropped,
        "claims_match": None if claimed is None else sb.claims_match(sim, answer),
    }


def describe(answer: Any) -> str | None:
    """A sandbox run in a few words for the report (None if the answer is not one)."""
    if not isinstance(answer, dict) or not isinstance(answer.get("decisions"), list):
        return None
    quarters = [q for q in answer["decisions"] if isinstance(q, list)]
    kinds: dict[str, int] = {}
    for q in quarters:
        for row in q:
            if isinstance(row, dict):
                kinds[str(row.get("kind"))] = kinds.get(str(row.get("kind")), 0) + 1
    counts = ", ".join(f"{k} ×{n}" for k, n in sorted(kinds.items()))
    claimed = " (claims a scorecard · 附声称的记分卡)" if answer.get("scorecard") else ""
    return f"{len(quarters)} quarters of decisions · 个季度的决策: {counts or '—'}{claimed}"


def league(cohort: Cohort, records: dict[tuple[str, str], dict | None]) -> pd.DataFrame:
    """One row per trainee with a graded run: where it ends on each lens against the references."""
    from casekit.sandbox.charts import run_score

    rows = []
    for t in cohort.trainees:
        rec = records.get((t.trainee_id, EXERCISE))
        got = (rec or {}).get("sandbox")
        if not got or rec["status"] in ("failed", "error"):
            continue
        mine, base, best = got["metrics"], got["do_nothing"], got["best_known"]
        row = {
            "trainee_id": t.trainee_id,
            "name": t.name,
            "group": t.group,
            "status": rec["status"],
            "score": run_score(mine, base, best)[0],
            "contribution": mine["contribution"],
        }
        for lens, (metric, up) in LENSES.items():
            sign = 1.0 if up else -1.0
            row[lens] = sign * (mine[metric] - base[metric]) / max(abs(base[metric]), 1e-9)
        row["claims_false"] = got.get("claims_match") is False
        rows.append(row)
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    return table.sort_values("score", ascending=False, ignore_index=True).rename_axis("rank")


def distribution(table: pd.DataFrame) -> pd.DataFrame:
    """The spread of the cohort's outcomes on each lens (change against doing nothing)."""
    if table.empty:
        return pd.DataFrame()
    counted = table[table["status"] != "flagged"]
    return (
        counted[list(LENSES)]
        .describe(percentiles=[0.25, 0.5, 0.75])
        .T[["count", "min", "25%", "50%", "75%", "max"]]
    )


def section_html(cohort: Cohort, records: dict[tuple[str, str], dict | None]) -> str:
    """The report's sandbox section: the league table and the spread per lens ("" if unset)."""
    if EXERCISE not in cohort.exercises:
        return ""
    esc = html.escape
    table = league(cohort, records)
    head = (
        "<h2>Business sandbox · 经营沙盘</h2><p>Every run replayed from its decisions on the "
        "trainee's bank (claimed outcomes are never read); score: the mean, over the four lenses "
        "and 综合贡献度, of the way from doing nothing (0) to the best known policy (1); lens "
        "columns: change against doing nothing, in each lens's good direction · 每次运行均按其决策"
        "在学员自己的银行上重放（不采信声称的结果）；得分为四个视角和综合贡献度上从“什么也不做”(0)"
        "走向“已知最优”（1）的进度的平均值；各视角列为相对“什么也不做”的改善。</p>"
    )
    if table.empty:
        return head + "<p>No graded runs yet · 暂无已评分的运行</p>"
    cols = "".join(f"<th>{esc(LENS_TITLE[k])}</th>" for k in LENSES)
    rows = "".join(
        f"<tr><td>{i + 1}</td><td>{esc(r.trainee_id)}</td><td>{esc(r.name)}</td>"
        f"<td>{esc(str(r.group))}</td><td>{r.score:.0%}</td><td>{r.contribution:,.0f}</td>"
        + "".join(f"<td>{getattr(r, k):+.1%}</td>" for k in LENSES)
        + f"<td>{'forged claims · 声称结果不符' if r.claims_false else ''}"
        f"{' · flagged · 待核查' if r.status == 'flagged' else ''}</td></tr>"
        for i, r in enumerate(table.itertuples())
    )
    league_html = (
        "<h3>League table · 排行榜</h3><table><tr><th>#</th><th>id</th><th>name · 姓名</th>"
        f"<th>group · 分组</th><th>score · 得分</th><th>综合贡献度 (万元)</th>{cols}<th>note · 备注</th></tr>"
        f"{rows}</table>"
    )
    spread = distribution(table)
    spread.index = [LENS_TITLE[k] for k in spread.index]
    spread["count"] = spread["count"].astype(int)
    spread_html = "<h3>Outcomes per lens · 各视角结果分布</h3>" + spread.to_html(
        float_format=lambda x: f"{x:+.1%}" if abs(x) < 50 else f"{x:g}"
    )
    return head + league_html + spread_html + _box_plot(table)


def _box_plot(table: pd.DataFrame) -> str:
    """The spread per lens as a box plot, embedded as a PNG (the report opens from disk)."""
    import base64
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from casekit.plotting import setup

    setup("zh")  # the report is bilingual: the labels need the Chinese font
    counted = table[table["status"] != "flagged"]
    if counted.empty:
        return ""
    fig, ax = plt.subplots(figsize=(9, 3.4))
    ax.boxplot([counted[k].to_numpy() * 100 for k in LENSES], orientation="horizontal")
    ax.set_yticks(range(1, len(LENSES) + 1), [LENS_TITLE[k] for k in LENSES])
    ax.axvline(0, color="#555", lw=1)
    ax.set_xlabel("% better than doing nothing, per trainee · 每位学员相对“不作为”的改善(%)")
    ax.invert_yaxis()
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90)
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode()
    return f'<img alt="sandbox outcomes per lens" src="data:image/png;base64,{data}">'


def replay_table(cohort: Cohort, trainee_id: str, lang: str = "en") -> pd.DataFrame:
    """A trainee's graded run quarter by quarter: the scorecard's figures and the decisions made."""
    from casekit.cohort.store import read_grade

    rec = read_grade(cohort, trainee_id, EXERCISE)
    answer = ((rec or {}).get("questions", {}).get(QUESTION) or {}).get("answer")
    if not isinstance(answer, dict):
        from casekit.cohort.config import CohortError

        raise CohortError.said("sb_no_graded_run", trainee=trainee_id)
    sim = replay_run(cohort, trainee_id, answer, lang)
    path = sim.path()[
        ["nps", "deposits", "fee_income", "credit_losses", "full_churn", "contribution"]
    ]
    kinds = pd.DataFrame(
        [h["kind"].value_counts().to_dict() for h in sim.history], index=range(1, sim.quarter + 1)
    )
    return (
        path.join(kinds)
        .fillna({k: 0 for k in kinds})
        .astype({k: int for k in kinds})
        .rename_axis("quarter")
    )
