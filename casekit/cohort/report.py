"""The gradebook and the reports: one CSV row per trainee, a feedback page per trainee in their
language, and one cohort page with plots and every written answer, all static HTML that opens
from disk. Flagged submissions are shown, and left out of every statistic.
"""

from __future__ import annotations

import base64
import html
import io
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

from casekit.cohort import sandbox_league
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


def gradebook(
    cohort: Cohort, records: dict | None = None, long: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per trainee: points per auto-checked question, total, status and reason, and
    the share of each capability's points earned (blank where no submission carries it)."""
    records = _records(cohort) if records is None else records
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
        row["total"], row["max"] = round(total, 2), out_of
        row["status"] = min(statuses, key=STATUS_ORDER.index)
        row["reason"] = "; ".join(reasons)
        rows.append(row)
    from casekit.cohort import competency, itemstats

    if long is None:
        long = itemstats.long_table(cohort, records)
    return competency.with_capabilities(pd.DataFrame(rows), long)


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


def write_gradebook(cohort: Cohort, book: pd.DataFrame | None = None) -> Path:
    """gradebook.csv (UTF-8 with BOM, so Excel shows the Chinese names), written atomically."""
    out = cohort.root / "report" / "gradebook.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    book = gradebook(cohort) if book is None else book
    book.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\n")
    os.replace(tmp, out)
    return out


def _png(fig: Any, alt: str) -> str:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode()
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def plain_answer(answer: Any, limit: int = 120) -> str:
    """An answer as a reader would write it: no JSON brackets, quotes or escapes."""
    run = sandbox_league.describe(answer)
    if run is not None:
        text = run
    elif isinstance(answer, dict) and not all(isinstance(v, list) for v in answer.values()):
        text = "; ".join(f"{k}: {plain_answer(v, limit)}" for k, v in answer.items())
    elif isinstance(answer, dict):  # a table, column → values
        cols = list(answer)
        rows = zip(*(answer[c] for c in cols), strict=False) if cols else []
        text = "; ".join(", ".join(_value(v) for v in row) for row in rows)
        text = f"{' | '.join(map(str, cols))}: {text}" if cols else ""
    elif isinstance(answer, list | tuple):
        text = ", ".join(plain_answer(v, limit) for v in answer)
    elif answer is None:
        text = "—"
    else:
        text = _value(answer)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")  # lone surrogates
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _value(v: Any) -> str:
    if isinstance(v, float):  # amounts in 万元 read as 378,200, not 3.782e+05
        return f"{v:,.0f}" if abs(v) >= 1e4 else f"{v:.4g}"
    if isinstance(v, list | tuple):
        return "(" + ", ".join(_value(x) for x in v) + ")"
    return str(v)


# The grader's reasons, in words a reader of either language understands. The grader writes
# them in English; these patterns give each known one its catalogue message.
REASONS = (
    (re.compile(r"^submitted after the due date$"), "reason_late", ()),
    (
        re.compile(r"^made from the pack of '?(.*?)'?, not '?(.*?)'?$"),
        "reason_other_pack",
        ("owner", "tid"),
    ),
    (re.compile(r"^the pack's parameters cell is missing"), "reason_no_params", ()),
    (re.compile(r"^the pack's parameters cell was edited"), "reason_edited_params", ()),
    (re.compile(r"^no submission$"), "reason_missing", ()),
)


def reason_text(reason: str, lang: str) -> str:
    """A grader's reason in ``lang`` (known reasons translated; others kept, they name files)."""
    out = []
    for part in filter(None, (p.strip() for p in reason.split("; "))):
        prefix, rest = re.match(r"^(\d\d: )?(.*)$", part).groups()  # "02: …" in the gradebook
        for pattern, key, names in REASONS:
            m = pattern.match(rest)
            if m:
                rest = say(key, lang, **dict(zip(names, m.groups(), strict=True)))
                break
        out.append((prefix or "") + rest)
    return "; ".join(out)


def _status(status: str, lang: str) -> str:
    key = f"status_{status}"
    return say(key, lang) if key in MESSAGES else status


def _both(status: str) -> str:
    return f"{_status(status, 'en')} · {_status(status, 'zh')}"


def _points(x: float) -> str:
    return f"{round(float(x), 2):g}"


PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}}
table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}}
td.text{{max-width:640px;white-space:pre-wrap}}
.correct,.collected{{color:#17632a}}.incorrect,.invalid,.failed,.error{{color:#a11}}.flagged,.late{{color:#a60}}img{{max-width:100%}}</style>
</head><body>{body}</body></html>"""

WORDS = {
    "en": {
        "title": "Feedback",
        "exercise": "Exercise",
        "question": "Question",
        "status": "Status",
        "points": "Points",
        "feedback": "Feedback",
        "answer": "Your answer",
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
        "answer": "你的答案",
        "total": "总分",
        "back": "学员总报告",
        "no_submission": "未收到提交。",
        "reason": "说明",
    },
}


def _label(qid: str, lang: str) -> str:
    return say("question_label", lang, n=qid.lstrip("q"))


def _feedback_page(cohort: Cohort, trainee: Any, records: dict, competency: str = "") -> str:
    lang, esc = trainee.lang, html.escape
    w = WORDS[lang]
    parts = [f"<h1>{w['title']} · {esc(trainee.name)} ({esc(trainee.trainee_id)})</h1>", competency]
    for n in cohort.exercises:
        rec = records[(trainee.trainee_id, n)]
        parts.append(f"<h2>{w['exercise']} {n}</h2>")
        if rec is None:
            parts.append(f"<p>{w['no_submission']}</p>")
            continue
        parts.append(
            f'<p class="{rec["status"]}">{w["status"]}: {_status(rec["status"], lang)} · '
            f"{w['total']}: {_points(rec['points'])} / {_points(rec['max'])}</p>"
        )
        if rec.get("reason"):
            parts.append(f"<p>{w['reason']}: {esc(reason_text(rec['reason'], lang))}</p>")
        rows = "".join(
            f'<tr id="q-{n}-{qid}"><td>{_label(qid, lang)}</td>'
            f'<td class="{q["status"]}">{_status(q["status"], lang)}</td>'
            f"<td>{_points(q['points'])} / {_points(q['max'])}</td>"
            f'<td>{esc(q.get("message", ""))}</td><td class="text">{esc(plain_answer(q.get("answer"), 2000))}</td></tr>'
            for qid, q in rec["questions"].items()
        )
        parts.append(
            f"<table><tr><th>{w['question']}</th><th>{w['status']}</th><th>{w['points']}</th>"
            f"<th>{w['feedback']}</th><th>{w['answer']}</th></tr>{rows}</table>"
        )
    parts.append(f'<p><a href="../index.html">{w["back"]}</a></p>')
    title = f"{w['title']} · {trainee.name} ({trainee.trainee_id})"
    return PAGE.format(lang=lang, title=esc(title), body="".join(parts))


def _charts(book: pd.DataFrame, records: dict, cohort: Cohort) -> list[str]:
    """Score distribution, full-credit rate per question grouped by exercise, and by group;
    every bar chart horizontal and as tall as its labels need, so 33 questions stay legible."""
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
    out.append(_png(fig, "Score distribution · 得分分布"))
    maxes = {}
    for (_, n), rec in records.items():
        for qid, q in _questions(cohort, n, rec).items():
            maxes[f"{n}.{qid}"] = q["max"]
    qcols = [c for c in book.columns if "." in c and c[:2].isdigit() and maxes.get(c, 0) > 0]
    if qcols and len(book):
        rate = pd.Series({c: float((book[c] >= maxes[c] - 1e-9).mean()) * 100 for c in qcols})
        palette = plt.get_cmap("tab10")
        colours = [palette(cohort.exercises.index(c[:2]) % 10) for c in qcols]
        labels = [f"{c[:2]} · Q{c.split('.q')[1]}" for c in qcols]
        fig, ax = plt.subplots(figsize=(7, 0.8 + 0.24 * len(qcols)))
        ax.barh(range(len(qcols)), rate.to_numpy(), color=colours)
        ax.set_yticks(range(len(qcols)), labels, fontsize=8)
        ax.invert_yaxis()  # exercise 01 at the top, as the trainees met them
        ax.set_xlim(0, 100)
        ax.set_xlabel("% full credit · 满分比例")
        ax.set_title("Pass rate by question, by exercise · 各练习各题通过率")
        out.append(_png(fig, "Pass rate by question · 各题通过率"))
    groups = book[book["group"].astype(str) != ""]
    if groups["group"].nunique() > 1:
        means = groups.assign(share=share).groupby("group")["share"].mean().sort_values()
        fig, ax = plt.subplots(figsize=(6, 0.8 + 0.35 * len(means)))
        ax.barh([str(g) for g in means.index], means.to_numpy(), color="#a5763a")
        ax.set_xlim(0, 100)
        ax.set_xlabel("mean score % · 平均得分率")
        ax.set_title("By group · 分组比较")
        out.append(_png(fig, "By group · 分组比较"))
    return out


def _written_answers(cohort: Cohort, records: dict) -> str:
    """Every reflection and decision, per exercise and question, one row per trainee."""
    from casekit.exercises import module_of

    esc, parts = html.escape, []
    for n in cohort.exercises:
        for q in module_of(n).QUESTIONS:
            if q.kind not in ("reflection", "choice"):
                continue
            rows = []
            for t in cohort.trainees:
                rec = records[(t.trainee_id, n)]
                got = (rec or {}).get("questions", {}).get(q.qid)
                if not got or got.get("answer") in (None, ""):
                    continue
                flag = f' class="{rec["status"]}"' if rec["status"] in ("flagged", "late") else ""
                rows.append(
                    f"<tr{flag}><td>{esc(t.trainee_id)}</td><td>{esc(t.name)}</td><td>{esc(t.group)}</td>"
                    f'<td>{_both(got["status"])}</td><td class="text">{esc(plain_answer(got["answer"], 4000))}</td></tr>'
                )
            parts.append(
                f"<h3>{n} · Q{q.qid[1:]} · 第 {q.qid[1:]} 题 ({_kind(q.kind)})</h3>"
                + (
                    "<table><tr><th>id</th><th>name · 姓名</th><th>group · 分组</th><th>status · 状态</th>"
                    "<th>answer · 回答</th></tr>" + "".join(rows) + "</table>"
                    if rows
                    else "<p>—</p>"
                )
            )
    return "".join(parts)


def _kind(kind: str) -> str:
    return {"reflection": "reflection · 心得", "choice": "decision · 判断"}[kind]


def write_report(cohort: Cohort) -> Path:
    """The cohort page, a feedback page per trainee and the gradebook; returns the cohort page."""
    esc = html.escape
    from casekit.cohort import competency, itemreport, itemstats

    records = _records(cohort)
    long = itemstats.long_table(cohort, records, lambda a: plain_answer(a, 80))
    book = gradebook(cohort, records, long)
    write_gradebook(cohort, book)
    folder = cohort.root / "report"
    exports = itemstats.write_exports(long, folder)
    (folder / "trainees").mkdir(parents=True, exist_ok=True)
    everyone = competency.scores_of(competency.group_profile(long, by=""))
    langs = {t.trainee_id: t.lang for t in cohort.trainees}
    profiles = competency.feedback_sections(long, langs, everyone)
    for t in cohort.trainees:
        page = folder / "trainees" / f"{t.trainee_id}.html"
        page.write_text(
            _feedback_page(cohort, t, records, profiles[t.trainee_id]), encoding="utf-8"
        )
    counts = Counter(book["status"])
    summary = " · ".join(f"{_both(s)}: {counts.get(s, 0)}" for s in reversed(STATUS_ORDER))
    # A flagged submission may not be the trainee's own work: it is listed, never counted.
    flagged = {t for (t, _), rec in records.items() if rec and rec["status"] == "flagged"}
    counted = book[~book["trainee_id"].isin(flagged)]
    left_out = (
        f"<p class=flagged>{len(flagged)} trainee(s) with a flagged submission are left out of "
        f"the charts and statistics · {len(flagged)} 名学员有待核查的提交,未计入图表和统计:"
        f"{esc(', '.join(sorted(flagged)))}</p>"
        if flagged
        else ""
    )
    wrong: list[str] = []
    for n in cohort.exercises:
        by_q: dict[str, Counter] = {}
        for t in cohort.trainees:
            rec = records[(t.trainee_id, n)]
            if t.trainee_id in flagged:
                continue
            for qid, q in (rec or {}).get("questions", {}).items():
                if q["max"] > 0 and q["status"] in ("incorrect", "invalid"):
                    by_q.setdefault(qid, Counter())[plain_answer(q.get("answer"), 80)] += 1
        for qid, c in sorted(by_q.items()):
            common = "<br>".join(f"{esc(a)} ×{k}" for a, k in c.most_common(3))
            wrong.append(f"<tr><td>{n} · Q{qid[1:]}</td><td>{common}</td></tr>")
    minutes = [
        rec.get("minutes")
        for (t, _), rec in records.items()
        if rec and rec.get("minutes") and t not in flagged
    ]
    timing = (
        f"Median time to complete · 完成用时中位数: {pd.Series(minutes).median():.0f} min ({len(minutes)} notebooks with timing)"
        if minutes
        else "Time to complete · 完成用时: not known (the notebooks carry no cell timing; enable it in JupyterLab's settings)"
    )
    links = "".join(
        f'<tr><td><a href="trainees/{esc(r.trainee_id)}.html">{esc(r.trainee_id)}</a></td><td>{esc(r.name)}</td>'
        f"<td>{esc(str(r.group))}</td><td>{_points(r.total)} / {_points(r.max)}</td>"
        f'<td class="{r.status}">{_both(r.status)}</td>'
        f"<td>{esc(reason_text(r.reason, 'en'))}<br>{esc(reason_text(r.reason, 'zh'))}</td></tr>"
        for r in book.itertuples()
    )
    body = (
        f"<h1>Cohort report · 学员总报告</h1><p>{len(book)} trainees · 学员; exercises · 练习 {', '.join(cohort.exercises)}; "
        f"mode · 模式 {cohort.mode}; scenario · 情景 {cohort.scenario}</p><p>{summary}</p>"
        + left_out
        + "".join(_charts(counted, records, cohort))
        + f"<p>{timing}</p>"
        + sandbox_league.section_html(cohort, records)
        + "<h2>Most common wrong answers · 常见错误答案</h2><table><tr><th>question · 题目</th><th>answers · 答案</th></tr>"
        + ("".join(wrong) or "<tr><td colspan=2>—</td></tr>")
        + "</table><h2>Trainees · 学员</h2><table><tr><th>id</th><th>name · 姓名</th><th>group · 分组</th>"
        "<th>points · 得分</th><th>status · 状态</th><th>reason · 说明</th></tr>"
        + links
        + "</table>"
        + competency.cohort_section(long)
        + itemreport.report_section(long)
        + "<h2>Written answers · 书面回答</h2>"
        + _written_answers(cohort, records)
        + '<p><a href="gradebook.csv">gradebook.csv</a> · '
        + " · ".join(f'<a href="{p.name}">{p.name}</a>' for p in exports)
        + "</p>"
    )
    index = folder / "index.html"
    title = f"Cohort report · 学员总报告 · {cohort.cohort_id}"
    index.write_text(PAGE.format(lang="en", title=esc(title), body=body), encoding="utf-8")
    return index
