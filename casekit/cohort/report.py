"""The gradebook and the reports: one CSV row per trainee, a feedback page per trainee in their
language, and one cohort page with plots, all static HTML that opens from disk.
"""

from __future__ import annotations

import base64
import html
import io
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

from casekit.cohort.config import Cohort
from casekit.cohort.store import read_grade
from casekit.messages import MESSAGES, say

# Worst first: a trainee's status is the worst of their exercises'.
STATUS_ORDER = ("error", "failed", "flagged", "missing", "late", "graded")


def _records(cohort: Cohort) -> dict[tuple[str, str], dict | None]:
    return {
        (t.trainee_id, n): read_grade(cohort, t.trainee_id, n)
        for t in cohort.trainees
        for n in cohort.exercises
    }


def gradebook(cohort: Cohort) -> pd.DataFrame:
    """One row per trainee: points per auto-checked question, total, status and reason."""
    records = _records(cohort)
    rows = []
    for t in cohort.trainees:
        row: dict[str, Any] = {
            "trainee_id": t.trainee_id,
            "name": t.name,
            "group": t.group,
            "lang": t.lang,
        }
        statuses, reasons, total, out_of = [], [], 0.0, 0.0
        for n in cohort.exercises:
            rec = records[(t.trainee_id, n)]
            if rec is None:
                statuses.append("missing")
                reasons.append(f"{n}: no submission")
            else:
                statuses.append(rec["status"])
                if rec.get("reason"):
                    reasons.append(f"{n}: {rec['reason']}")
            for qid, q in _questions(cohort, n, rec).items():
                if q["max"] > 0:
                    row[f"{n}.{qid}"] = q["points"]
                    total += q["points"]
                    out_of += q["max"]
        row["total"], row["max"] = round(total, 4), out_of
        row["status"] = min(statuses, key=STATUS_ORDER.index)
        row["reason"] = "; ".join(reasons)
        rows.append(row)
    return pd.DataFrame(rows)


def _questions(cohort: Cohort, number: str, rec: dict | None) -> dict[str, dict]:
    """A record's questions, or zero points for each question of a missing submission."""
    if rec is not None:
        return rec["questions"]
    from casekit.exercises import module_of

    return {
        q.qid: {
            "points": 0.0,
            "max": 0.0 if q.kind == "reflection" else float(q.points),
            "status": "missing",
        }
        for q in module_of(number).QUESTIONS
    }


def write_gradebook(cohort: Cohort) -> Path:
    """gradebook.csv (UTF-8 with BOM, so Excel shows the Chinese names), written atomically."""
    out = cohort.root / "report" / "gradebook.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    gradebook(cohort).to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\n")
    os.replace(tmp, out)
    return out


def _png(fig: Any) -> str:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return (
        f'<img alt="chart" src="data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()}">'
    )


def _answer_text(answer: Any) -> str:
    text = json.dumps(answer, ensure_ascii=False, sort_keys=True, default=str)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")  # lone surrogates
    return text if len(text) <= 80 else text[:77] + "…"


PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em}}
table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}}
.correct{{color:#17632a}}.incorrect,.invalid,.failed,.error{{color:#a11}}.flagged,.late{{color:#a60}}img{{max-width:100%}}</style>
</head><body>{body}</body></html>"""

WORDS = {
    "en": {
        "title": "Feedback",
        "exercise": "Exercise",
        "question": "Question",
        "status": "Status",
        "points": "Points",
        "feedback": "Feedback",
        "total": "Total",
        "back": "Cohort report",
        "no_submission": "No submission was received.",
        "reason": "Note",
    },
    "zh": {
        "title": "反馈",
        "exercise": "练习",
        "question": "题目",
        "status": "状态",
        "points": "得分",
        "feedback": "反馈",
        "total": "总分",
        "back": "学员总报告",
        "no_submission": "未收到提交。",
        "reason": "说明",
    },
}


def _feedback_page(cohort: Cohort, trainee: Any, records: dict) -> str:
    w = WORDS[trainee.lang]
    esc = html.escape

    def name(status: str) -> str:
        return say(f"status_{status}", trainee.lang) if f"status_{status}" in MESSAGES else status

    parts = [f"<h1>{w['title']} · {esc(trainee.name)} ({esc(trainee.trainee_id)})</h1>"]
    for n in cohort.exercises:
        rec = records[(trainee.trainee_id, n)]
        parts.append(f"<h2>{w['exercise']} {n}</h2>")
        if rec is None:
            parts.append(f"<p>{w['no_submission']}</p>")
            continue
        parts.append(
            f'<p class="{rec["status"]}">{w["status"]}: {name(rec["status"])} · {w["total"]}: {rec["points"]:g} / {rec["max"]:g}</p>'
        )
        if rec.get("reason"):
            parts.append(f"<p>{w['reason']}: {esc(rec['reason'])}</p>")
        rows = "".join(
            f'<tr><td>{qid}</td><td class="{q["status"]}">{name(q["status"])}</td><td>{q["points"]:g} / {q["max"]:g}</td><td>{esc(q.get("message", ""))}</td></tr>'
            for qid, q in rec["questions"].items()
        )
        parts.append(
            f"<table><tr><th>{w['question']}</th><th>{w['status']}</th><th>{w['points']}</th><th>{w['feedback']}</th></tr>{rows}</table>"
        )
    parts.append(f'<p><a href="../index.html">{w["back"]}</a></p>')
    return PAGE.format(
        lang=trainee.lang, title=f"{w['title']} · {esc(trainee.trainee_id)}", body="".join(parts)
    )


def _charts(book: pd.DataFrame, records: dict, cohort: Cohort) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from casekit import plotting

    plotting.setup("zh")
    out = []
    share = (book["total"] / book["max"].where(book["max"] > 0)).fillna(0) * 100
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.hist(share, bins=range(0, 105, 10), color="#3a6ea5", edgecolor="white")
    ax.set_xlabel("score % · 得分率")
    ax.set_ylabel("trainees · 人数")
    ax.set_title("Score distribution · 得分分布")
    out.append(_png(fig))
    qcols = [c for c in book.columns if "." in c and c[:2].isdigit()]
    maxes = {}
    for (_, n), rec in records.items():
        for qid, q in _questions(cohort, n, rec).items():
            maxes[f"{n}.{qid}"] = q["max"]
    rate = pd.Series({c: float((book[c] >= maxes[c] - 1e-9).mean()) for c in qcols})
    fig, ax = plt.subplots(figsize=(7, 3))
    (rate * 100).plot.bar(ax=ax, color="#5a9e6f", rot=0)
    ax.set_ylim(0, 100)
    ax.set_ylabel("% full credit · 满分比例")
    ax.set_title("Pass rate by question · 各题通过率")
    out.append(_png(fig))
    groups = book[book["group"].astype(str) != ""]
    if groups["group"].nunique() > 1:
        fig, ax = plt.subplots(figsize=(6, 3))
        (groups.assign(share=share).groupby("group")["share"].mean()).plot.bar(
            ax=ax, color="#a5763a", rot=0
        )
        ax.set_ylabel("mean score % · 平均得分率")
        ax.set_title("By group · 分组比较")
        out.append(_png(fig))
    return out


def write_report(cohort: Cohort) -> Path:
    """The cohort page, a feedback page per trainee and the gradebook; returns the cohort page."""
    esc = html.escape
    records = _records(cohort)
    book = gradebook(cohort)
    write_gradebook(cohort)
    folder = cohort.root / "report"
    (folder / "trainees").mkdir(parents=True, exist_ok=True)
    for t in cohort.trainees:
        page = folder / "trainees" / f"{t.trainee_id}.html"
        page.write_text(_feedback_page(cohort, t, records), encoding="utf-8")
    counts = Counter(book["status"])
    summary = " · ".join(f"{s}: {counts.get(s, 0)}" for s in reversed(STATUS_ORDER))
    wrong: list[str] = []
    for n in cohort.exercises:
        by_q: dict[str, Counter] = {}
        for t in cohort.trainees:
            rec = records[(t.trainee_id, n)]
            for qid, q in (rec or {}).get("questions", {}).items():
                if q["max"] > 0 and q["status"] in ("incorrect", "invalid"):
                    by_q.setdefault(qid, Counter())[_answer_text(q.get("answer"))] += 1
        for qid, c in sorted(by_q.items()):
            common = "<br>".join(f"{esc(a)} ×{k}" for a, k in c.most_common(3))
            wrong.append(f"<tr><td>{n}.{qid}</td><td>{common}</td></tr>")
    minutes = [rec.get("minutes") for rec in records.values() if rec and rec.get("minutes")]
    timing = (
        f"Median time to complete · 完成用时中位数: {pd.Series(minutes).median():.0f} min ({len(minutes)} notebooks with timing)"
        if minutes
        else "Time to complete · 完成用时: not known (the notebooks carry no cell timing; enable it in JupyterLab's settings)"
    )
    links = "".join(
        f'<tr><td><a href="trainees/{esc(r.trainee_id)}.html">{esc(r.trainee_id)}</a></td><td>{esc(r.name)}</td>'
        f'<td>{esc(str(r.group))}</td><td>{r.total:g} / {r.max:g}</td><td class="{r.status}">{r.status}</td><td>{esc(r.reason)}</td></tr>'
        for r in book.itertuples()
    )
    body = (
        f"<h1>Cohort report · 学员总报告</h1><p>{len(book)} trainees · 学员; exercises · 练习 {', '.join(cohort.exercises)}; "
        f"mode · 模式 {cohort.mode}; scenario · 情景 {cohort.scenario}</p><p>{summary}</p>"
        + "".join(_charts(book, records, cohort))
        + f"<p>{timing}</p>"
        + "<h2>Most common wrong answers · 常见错误答案</h2><table><tr><th>question</th><th>answers</th></tr>"
        + ("".join(wrong) or "<tr><td colspan=2>—</td></tr>")
        + "</table><h2>Trainees · 学员</h2><table><tr><th>id</th><th>name</th><th>group</th><th>points</th><th>status</th><th>reason</th></tr>"
        + links
        + '</table><p><a href="gradebook.csv">gradebook.csv</a></p>'
    )
    index = folder / "index.html"
    index.write_text(PAGE.format(lang="en", title="Cohort report", body=body), encoding="utf-8")
    return index
