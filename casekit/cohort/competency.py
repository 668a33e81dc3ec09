"""What each trainee can do: a score per capability of the book, with how much evidence carries
it, a radar chart, and what to redo; the same profile for a group and for the cohort.

A capability's score is the share of its points a trainee earned on the questions tagged with it
(casekit.capabilities), over the exercises they submitted: a missing submission is no evidence,
so it leaves the capability unassessed rather than scoring it zero. Its uncertainty is told
twice: how many questions (and points) carry it, and a standard error, √(p(1−p)/n) over those
questions, so "60% on 2 questions" never reads like "60% on 6".
"""

from __future__ import annotations

import functools
import html
import math
import textwrap

import numpy as np
import pandas as pd

from casekit.capabilities import CAPABILITY_CODES, capability, capability_label

# The section of its case each question practises (exercise NN follows case NN): where a
# trainee who lost its points reads again.
CASE_SECTIONS: dict[str, dict[str, int]] = {
    "01": {"q1": 1, "q2": 1, "q3": 2, "q4": 3, "q5": 3, "q6": 3, "q7": 3, "q8": 3},
    "02": {"q1": 1, "q2": 2, "q3": 2, "q4": 4, "q5": 3, "q6": 5, "q7": 3, "q8": 4},
    "03": {"q1": 1, "q2": 1, "q3": 1, "q4": 1, "q5": 3, "q6": 2, "q7": 1},
    "04": {"q1": 1, "q2": 1, "q3": 1, "q4": 2, "q5": 3, "q6": 3, "q7": 1},
    "05": {"q1": 1, "q2": 2, "q3": 3, "q4": 4, "q5": 3, "q6": 4, "q7": 2},
    "06": {"q1": 1, "q2": 2, "q3": 2, "q4": 2, "q5": 3, "q6": 2, "q7": 3, "q8": 2},
    "07": {"q1": 1, "q2": 4, "q3": 3, "q4": 2, "q5": 5, "q6": 6, "q7": 1},
    "08": {"q1": 1, "q2": 2, "q3": 3, "q4": 6, "q5": 3, "q6": 5, "q7": 2},
    "09": {"q1": 2, "q2": 1, "q3": 3, "q4": 4, "q5": 4, "q6": 6},
    "10": {"q1": 1, "q2": 1, "q3": 1, "q4": 1, "q5": 3, "q6": 5, "q7": 2},
}

WORDS = {
    "en": {
        "heading": "What you can do: your profile on the book's capabilities",
        "capability": "Capability",
        "score": "Score",
        "evidence": "Evidence",
        "cohort": "Cohort",
        "questions": "{n} questions, {points:g} points",
        "question_one": "1 question, {points:g} points",
        "none": "not assessed yet",
        "redo": "What to redo: {name}",
        "redo_none": "Nothing to redo: you earned every point you were graded on.",
        "read": "Read again",
        "colon": ": ",
        "you": "You",
        "case": "Case {n}",
        "alt": "Radar chart of your score per capability, beside the cohort's",
    },
    "zh": {
        "heading": "你能做什么：你在本书各项能力上的表现",
        "capability": "能力",
        "score": "得分率",
        "evidence": "依据",
        "cohort": "全体学员",
        "questions": "{n} 道题，共 {points:g} 分",
        "question_one": "1 道题，共 {points:g} 分",
        "none": "尚未评估",
        "redo": "需要重做：{name}",
        "redo_none": "没有需要重做的题目：评分的题目你都拿到了满分。",
        "read": "重读",
        "colon": "：",
        "you": "你",
        "case": "案例 {n}",
        "alt": "雷达图：你在各项能力上的得分率，与全体学员对比",
    },
}


def profile(long: pd.DataFrame) -> pd.DataFrame:
    """Per trainee and capability: points, max, score (share of points), questions, standard error."""
    data = long[long["counted"] & long["submitted"]]
    g = data.groupby(["trainee_id", "capability"], sort=True)
    out = g.agg(points=("points", "sum"), max=("max", "sum"), questions=("item", "size"))
    out["score"] = out["points"] / out["max"].where(out["max"] > 0)
    out["se"] = np.sqrt(out["score"] * (1 - out["score"]) / out["questions"])
    return out.reset_index()


def group_profile(long: pd.DataFrame, by: str = "group") -> pd.DataFrame:
    """Per group (or the whole cohort, ``by=""``) and capability: the mean of its trainees'
    scores, how many trainees carry it, and the standard error of that mean."""
    p = profile(long)
    if by:
        groups = long.drop_duplicates("trainee_id").set_index("trainee_id")[by]
        p = p.assign(**{by: p["trainee_id"].map(groups).astype(str)})
    else:
        p = p.assign(cohort="all")
        by = "cohort"
    g = p.groupby([by, "capability"], sort=True)["score"]
    out = g.agg(score="mean", trainees="count", sd="std").reset_index()
    out["se"] = out["sd"] / np.sqrt(out["trainees"])
    return out.drop(columns="sd")


def scores_of(rows: pd.DataFrame) -> dict[str, float]:
    """A profile's rows (one trainee or group) as {capability: score}."""
    return dict(zip(rows["capability"], rows["score"], strict=True))


def weakest(rows: pd.DataFrame | list[dict]) -> str | None:
    """The capability with the lowest score (the one with more points behind it on a tie), or
    None when every capability with evidence is at full marks."""
    records = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else rows
    known = [r for r in records if _known(r["score"])]
    if not known or min(r["score"] for r in known) >= 1 - 1e-9:
        return None
    return str(min(known, key=lambda r: (r["score"], -r["max"]))["capability"])


@functools.cache
def case_sections(number: str, lang: str) -> dict[int, str]:
    """The numbered sections of case ``number`` in ``lang``: {1: "1. Signals", …}."""
    import re

    import jupytext

    from casekit.nbbuild import ROOT, sources

    found = [s for s in sources(ROOT / "notebooks" / "src") if s.name.startswith(number)]
    out: dict[int, str] = {}
    if not found:
        return out
    for cell in jupytext.read(found[0], fmt="py:percent").cells:
        if cell.cell_type != "markdown" or cell.metadata.get("lang") not in (None, lang):
            continue
        for line in cell.source.splitlines():
            m = re.match(r"^## (\d+)\.\s*(.*)$", line)
            if m:
                out.setdefault(int(m.group(1)), f"{m.group(1)}. {m.group(2).strip()}")
    return out


def section_of(number: str, qid: str, lang: str) -> str:
    """Where a question's method is taught: "Case 4 · 2. A warning rule, and the threshold that costs least"."""
    n = CASE_SECTIONS.get(number, {}).get(qid)
    case = WORDS[lang]["case"].format(n=int(number))
    title = case_sections(number, lang).get(n, "") if n else ""
    return f"{case} · {title}" if title else case


def radar_svg(
    mine: dict[str, float], reference: dict[str, float], lang: str, size: int = 420
) -> str:
    """A radar chart as inline SVG (drawn by any browser, no server, no image library): the
    trainee's score per capability, and the cohort's dashed beside it."""
    # The axes of the capabilities this cohort was assessed on (all of them when fewer than
    # three were): an unassessed capability drawn at 0 would read as a score of 0.
    codes = [c for c in CAPABILITY_CODES if _known(reference.get(c)) or _known(mine.get(c))]
    codes = codes if len(codes) >= 3 else list(CAPABILITY_CODES)
    cx, cy, r = size / 2, size / 2 - 10, size * 0.3

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / len(codes)
        return cx + r * value * math.cos(angle), cy + r * value * math.sin(angle)

    def polygon(scores: dict[str, float], style: str) -> str:
        pts = [
            point(i, scores.get(c, 0.0) if _known(scores.get(c)) else 0.0)
            for i, c in enumerate(codes)
        ]
        text = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        return f'<polygon points="{text}" {style}/>'

    parts = []
    for ring in (0.25, 0.5, 0.75, 1.0):
        ring_pts = " ".join("{:.1f},{:.1f}".format(*point(i, ring)) for i in range(len(codes)))
        parts.append(f'<polygon points="{ring_pts}" fill="none" stroke="#ddd"/>')
    for i, c in enumerate(codes):
        x, y = point(i, 1.0)
        lx, ly = point(i, 1.18)
        anchor = "middle" if abs(lx - cx) < 5 else ("start" if lx > cx else "end")
        name = capability_label(c, lang, sections=False)
        head = f"{capability(c).sections} {name}"
        # Long (English) names wrap under their sections, so no label runs off the chart.
        lines = [head] if len(head) <= 22 else [capability(c).sections, *textwrap.wrap(name, 18)]
        value = mine.get(c)
        lines.append(f"{value:.0%}" if _known(value) else "—")
        top = (
            ly - 14 * (len(lines) - 1)
            if ly < cy - 5
            else (ly - 7 * (len(lines) - 1) if abs(ly - cy) <= 5 else ly)
        )
        spans = "".join(
            f'<tspan x="{lx:.1f}" y="{top + 14 * k:.1f}"'
            + (' font-weight="bold"' if k == len(lines) - 1 else "")
            + f">{html.escape(line)}</tspan>"
            for k, line in enumerate(lines)
        )
        parts.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text text-anchor="{anchor}" font-size="12">{spans}</text>')
    parts.append(
        polygon(reference, 'fill="none" stroke="#888" stroke-dasharray="5,4" stroke-width="1.5"')
    )
    parts.append(
        polygon(mine, 'fill="#3a6ea5" fill-opacity="0.25" stroke="#3a6ea5" stroke-width="2"')
    )
    w = WORDS[lang]
    legend = (
        f'<rect x="10" y="{size - 28}" width="14" height="10" fill="#3a6ea5" fill-opacity="0.4"/>'
        f'<text x="30" y="{size - 19}" font-size="12">{w["you"]}</text>'
        f'<line x1="80" y1="{size - 23}" x2="100" y2="{size - 23}" stroke="#888" stroke-dasharray="5,4"/>'
        f'<text x="106" y="{size - 19}" font-size="12">{w["cohort"]}</text>'
    )
    return (
        f'<svg class="casekit-radar" role="img" aria-label="{html.escape(w["alt"])}" '
        f'xmlns="http://www.w3.org/2000/svg" width="{size + 160}" height="{size}" '
        f'viewBox="-80 0 {size + 160} {size}" font-family="sans-serif">'
        f"<title>{html.escape(w['alt'])}</title>{''.join(parts)}{legend}</svg>"
    )


def _known(v: float | None) -> bool:
    return v is not None and not (isinstance(v, float) and math.isnan(v))


def anchor(item: str) -> str:
    """The id of a question's row in a feedback page ("01.q3" → "q-01-q3")."""
    return "q-" + item.replace(".", "-")


def feedback_sections(
    long: pd.DataFrame, langs: dict[str, str], cohort_scores: dict[str, float]
) -> dict[str, str]:
    """The competency part of each trainee's feedback page (radar, table, what to redo, linked
    to the questions), for the trainees in ``langs`` (id → language)."""
    # One pass over the cohort, then plain dicts: thousands of pages in seconds.
    prof: dict[str, dict[str, dict]] = {}
    for r in profile(long).to_dict("records"):
        prof.setdefault(r["trainee_id"], {})[r["capability"]] = r
    lost = long[long["submitted"] & (long["points"] < long["max"] - 1e-9)]
    lost = lost.sort_values(["score", "item"])[
        ["trainee_id", "capability", "item", "exercise", "question", "points", "max"]
    ]
    redo_rows: dict[tuple[str, str], list[dict]] = {}
    for r in lost.to_dict("records"):
        redo_rows.setdefault((r["trainee_id"], r["capability"]), []).append(r)
    return {
        tid: _section(prof.get(tid, {}), redo_rows, tid, lang, cohort_scores)
        for tid, lang in langs.items()
    }


def _section(
    mine: dict[str, dict],
    redo_rows: dict[tuple[str, str], list[dict]],
    trainee_id: str,
    lang: str,
    cohort_scores: dict[str, float],
) -> str:
    w, esc = WORDS[lang], html.escape
    rows = []
    for c in CAPABILITY_CODES:
        r = mine.get(c)
        if r is not None and _known(r["score"]):
            score = f"{r['score']:.0%} ± {r['se']:.0%}"
            form = "question_one" if int(r["questions"]) == 1 else "questions"
            evidence = w[form].format(n=int(r["questions"]), points=float(r["max"]))
        else:
            score, evidence = "—", w["none"]
        ref = cohort_scores.get(c)
        rows.append(
            f"<tr><td>{esc(capability_label(c, lang))}</td><td>{score}</td><td>{evidence}</td>"
            f"<td>{f'{ref:.0%}' if _known(ref) else '—'}</td></tr>"
        )
    table = (
        f'<table class="competency"><tr><th>{w["capability"]}</th><th>{w["score"]}</th>'
        f"<th>{w['evidence']}</th><th>{w['cohort']}</th></tr>{''.join(rows)}</table>"
    )
    code = weakest(list(mine.values()))
    if code is None:
        redo = f"<p>{w['redo_none']}</p>"
    else:
        items = []
        for r in redo_rows.get((trainee_id, code), []):
            label = f"{r['exercise']} · {_question_label(r['question'], lang)}"
            got = f"{round(r['points'], 2):g} / {round(r['max'], 2):g}"
            items.append(
                f'<li><a href="#{anchor(r["item"])}">{esc(label)}</a> ({got}) · '
                f"{w['read']}{w['colon']}{esc(section_of(r['exercise'], r['question'], lang))}</li>"
            )
        name = capability_label(code, lang)
        redo = f"<h3>{esc(w['redo'].format(name=name))}</h3><ul>{''.join(items)}</ul>"
    scores = {c: r["score"] for c, r in mine.items()}
    return (
        f'<section class="competency"><h2>{w["heading"]}</h2>'
        f"{radar_svg(scores, cohort_scores, lang)}{table}{redo}</section>"
    )


def _question_label(qid: str, lang: str) -> str:
    from casekit.messages import say

    return say("question_label", lang, n=qid.lstrip("q"))


def with_capabilities(book: pd.DataFrame, long: pd.DataFrame) -> pd.DataFrame:
    """The gradebook with a column per capability: the percentage of its points the trainee
    earned on the exercises they submitted (blank where none carries it, or flagged)."""
    p = profile(long)
    wide = p.pivot_table(index="trainee_id", columns="capability", values="score", aggfunc="first")
    out = book.copy()
    for c in CAPABILITY_CODES:
        col = wide[c] if c in wide.columns else pd.Series(dtype=float)
        out[f"capability.{c}"] = (out["trainee_id"].map(col) * 100).round(1)
    return out


def cohort_section(long: pd.DataFrame) -> str:
    """The cohort page's profile: per capability, the cohort's and each group's mean score
    (± its standard error, and how many trainees carry it), and each one's weakest capability."""
    esc = html.escape
    profiles = {"Cohort · 全体": group_profile(long, by="")}
    groups = sorted(g for g in long["group"].astype(str).unique() if g)
    if len(groups) > 1:
        by_group = group_profile(long, by="group")
        for g in groups:
            profiles[g] = by_group[by_group["group"] == g]
    head = "".join(f"<th>{esc(name)}</th>" for name in profiles)
    rows = []
    for c in CAPABILITY_CODES:
        cells = []
        for p in profiles.values():
            r = p[p["capability"] == c]
            if r.empty or not _known(r["score"].iloc[0]):
                cells.append("<td>—</td>")
                continue
            se = r["se"].iloc[0]
            se_text = f" ± {se:.0%}" if _known(se) else ""
            cells.append(
                f"<td>{r['score'].iloc[0]:.0%}{se_text} (n={int(r['trainees'].iloc[0])})</td>"
            )
        label = f"{capability_label(c, 'en')} · {capability_label(c, 'zh', sections=False)}"
        rows.append(f"<tr><td>{esc(label)}</td>{''.join(cells)}</tr>")
    weakest_row, reteach_row = [], []
    evidence = long[long["counted"] & long["submitted"]]
    for name, p in profiles.items():
        code = weakest(p.assign(max=p["trainees"]))
        if not code:
            weakest_row.append("<td>—</td>")
            reteach_row.append("<td>—</td>")
            continue
        label = capability_label(code, "en", False) + " · " + capability_label(code, "zh", False)
        weakest_row.append(f"<td>{esc(label)}</td>")
        # What to go over again with this group: the capability's questions it did worst on.
        rows_of = evidence[evidence["capability"] == code]
        if name in groups:
            rows_of = rows_of[rows_of["group"].astype(str) == name]
        worst = rows_of.groupby("item")["score"].mean().nsmallest(3)
        reteach_row.append(
            "<td>"
            + "<br>".join(f"{item.replace('.q', ' · Q')} ({v:.0%})" for item, v in worst.items())
            + "</td>"
        )
    rows.append(f"<tr><th>weakest · 最弱</th>{''.join(weakest_row)}</tr>")
    rows.append(f"<tr><th>to go over again · 需重讲</th>{''.join(reteach_row)}</tr>")
    return (
        "<h2>Competency profile · 能力画像</h2><p>Mean share of each capability's points earned "
        "(± standard error; n trainees with evidence) · 各项能力的平均得分率（± 标准误；n 为有依据的学员数）</p>"
        f"<table><tr><th>capability · 能力</th>{head}</tr>{''.join(rows)}</table>"
    )
