"""The item analysis as the cohort page shows it: the per-question table with its flags, the
wrong answers grouped by what the check recognised, per-variant facility, and the Rasch model's
Wright map (trainee ability beside item difficulty). The numbers come from casekit.cohort.itemstats.
"""

from __future__ import annotations

import base64
import html
import io
from typing import Any

import numpy as np
import pandas as pd

from casekit.capabilities import capability_label
from casekit.cohort.itemstats import (
    MIN_ITEM_N,
    MIN_RASCH,
    item_table,
    key_text,
    rasch,
    variant_table,
    wrong_answers,
)

FLAG_TEXT = {
    "too_easy": "too easy · 过易",
    "too_hard": "too hard · 过难",
    "weak": "does not discriminate · 区分度低",
}


def _item_name(item: str) -> str:
    """ "04.q3" as a trainer reads it: "04 · Q3"."""
    return item.replace(".q", " · Q")


def _pct(x: float) -> str:
    return "—" if x != x else f"{x:.0%}"


def _wright_map(result: dict[str, Any]) -> str:
    """Trainee ability and item difficulty on one logit scale (a Wright map), as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from casekit import plotting

    plotting.setup("zh")
    ability, difficulty = result["ability"], result["difficulty"].sort_values()
    lo = min(ability.min(), difficulty.min()) - 0.5
    hi = max(ability.max(), difficulty.max()) + 0.5
    fig, (left, right) = plt.subplots(
        1, 2, sharey=True, figsize=(7, 0.8 + 0.2 * max(12, len(difficulty)))
    )
    left.hist(ability, bins=np.linspace(lo, hi, 25), orientation="horizontal", color="#3a6ea5")
    left.invert_xaxis()
    left.set_xlabel("trainees · 学员人数")
    left.set_ylabel("logit (higher: abler / harder) · 越高越强／越难")
    left.set_title("Ability · 能力")
    right.scatter(np.zeros(len(difficulty)), difficulty, marker="_", s=300, color="#a5763a")
    # Labels spread apart (at least one line of text) and joined to their mark by a line.
    height_pts = fig.get_size_inches()[1] * 72 * 0.75
    gap = (hi - lo) * 9 / height_pts
    ys = []
    for d in difficulty.to_numpy():
        ys.append(max(d, ys[-1] + gap) if ys else d)
    shift = max(0.0, ys[-1] - (hi - gap)) if ys else 0.0
    for (item, d), y in zip(difficulty.items(), ys, strict=True):
        right.annotate(
            item.replace(".q", " · Q"),
            (0.08, d),
            xytext=(0.45, y - shift),
            va="center",
            fontsize=7,
            arrowprops={"arrowstyle": "-", "color": "#bbb", "lw": 0.6},
        )
    right.set_xlim(-0.2, 1.3)
    right.set_xticks([])
    right.set_title("Item difficulty · 题目难度")
    left.set_ylim(lo, hi)
    fig.suptitle("Rasch model (full credit) · Rasch 模型（满分与否）")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    alt = "Wright map: trainee ability beside item difficulty · 能力与难度对照图"
    return (
        f'<img alt="{alt}" src="data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()}">'
    )


def report_section(long: pd.DataFrame) -> str:
    """The cohort page's item analysis: the per-question table with flags, the wrong answers
    grouped by what the check recognised, per-variant facility, and the Rasch model."""
    esc = html.escape
    items = item_table(long)
    fit = rasch(long)
    difficulty = fit.get("difficulty", pd.Series(dtype=float))
    rows = []
    for r in items.itertuples():
        d = difficulty.get(r.item)
        flags = ", ".join(FLAG_TEXT[f] for f in r.flags) or (
            "—" if r.n >= MIN_ITEM_N else f"n < {MIN_ITEM_N}: too few to flag · 作答太少，不标记"
        )
        rows.append(
            f"<tr><td>{esc(_item_name(r.item))}</td><td>{esc(capability_label(r.capability, 'en'))} · "
            f"{esc(capability_label(r.capability, 'zh', False))}</td><td>{r.n}</td>"
            f"<td>{_pct(r.facility)}</td><td>{_pct(r.full_credit)}</td><td>{_pct(r.not_attempted)}</td>"
            f"<td>{'—' if r.discrimination != r.discrimination else f'{r.discrimination:.2f}'}</td>"
            f"<td>{'—' if d is None else f'{d:.2f}'}</td><td>{flags}</td></tr>"
        )
    parts = [
        "<h2>Item analysis · 试题分析</h2>",
        "<p>Facility: the mean share of a question's points; discrimination: its correlation with "
        "the rest of the test (below 0.15 it does not tell strong trainees from weak ones); flags "
        f"from {MIN_ITEM_N} answers on · 难易度：该题平均得分率；区分度：该题得分与其余题目总分的相关系数"
        f"（低于 0.15 即区分不出强弱）；至少 {MIN_ITEM_N} 份作答才标记。</p>",
        "<table><tr><th>question · 题目</th><th>capability · 能力</th><th>n</th>"
        "<th>facility · 难易度</th><th>full credit · 满分率</th><th>not attempted · 未作答</th>"
        "<th>discrimination · 区分度</th><th>Rasch difficulty · 难度</th><th>flags · 标记</th></tr>"
        + ("".join(rows) or "<tr><td colspan=9>—</td></tr>")
        + "</table>",
    ]
    wrong = wrong_answers(long)
    wrong_rows = [
        f"<tr><td>{esc(_item_name(r.item))}</td><td>{esc(key_text(r.group_by, 'en'))} · "
        f"{esc(key_text(r.group_by, 'zh'))}</td><td>{r.count} ({r.share:.0%})</td><td>"
        + "<br>".join(f"{esc(a)} ×{k}" for a, k in r.answers)
        + "</td></tr>"
        for r in wrong.itertuples()
    ]
    parts.append(
        "<h3>Wrong answers by what the check recognised · 按检查识别的错误归类</h3>"
        "<table><tr><th>question · 题目</th><th>recognised · 识别为</th>"
        "<th>answers · 人次 (share of wrong · 占错答比例)</th><th>most common · 最常见答案</th></tr>"
        + ("".join(wrong_rows) or "<tr><td colspan=4>—</td></tr>")
        + "</table>"
    )
    variants = variant_table(long)
    if not variants.empty:
        head = "".join(f"<th>{esc(str(v))}</th>" for v in variants.columns)
        body = "".join(
            f"<tr><td>{esc(_item_name(item))}</td>"
            + "".join(f"<td>{_pct(x)}</td>" for x in row)
            + "</tr>"
            for item, row in variants.iterrows()
        )
        parts.append(
            "<h3>Facility per variant (scenario) · 各情景的难易度</h3>"
            f"<table><tr><th>question · 题目</th>{head}</tr>{body}</table>"
        )
    if fit["fitted"]:
        left_out = ", ".join(fit["left_out"]) or "—"
        parts.append(
            f"<h3>Rasch model · Rasch 模型</h3><p>{fit['trainees']} trainees, {len(difficulty)} "
            f"questions; left out, as everyone or no one got them fully right · {fit['trainees']} "
            f"名学员、{len(difficulty)} 道题；全对或全错而未纳入的题目：{esc(left_out)}</p>"
            + _wright_map(fit)
        )
    else:
        parts.append(
            f"<p class=flagged>Rasch model · Rasch 模型: this cohort is too small for one "
            f"({fit['trainees']} trainees with submissions; it needs at least {MIN_RASCH}) · "
            f"本批次人数太少（{fit['trainees']} 名学员有提交，至少需要 {MIN_RASCH} 名），不拟合 Rasch 模型。</p>"
            if fit["reason"] == "too_small"
            else "<p class=flagged>Rasch model · Rasch 模型: too few questions that some but not all "
            "trainees got right · 部分学员答对的题目太少，不拟合。</p>"
        )
    return "".join(parts)
