"""Item analysis a test designer trusts: per question, facility, discrimination, the share not
attempted, the wrong answers grouped by what the check recognised, flags, per-variant rows, and
a Rasch model (girth) putting item difficulty beside trainee ability.

Everything is computed from one long table, one row per trainee and graded question
(``long_table``), which is also the export a bank's HR system or a notebook reads. Flagged
submissions are left out of every statistic, as in the rest of the report. A missing submission
is no evidence about a question (left out of its statistics); a submission that left a question
blank counts it as not attempted, with no credit.
"""

from __future__ import annotations

import base64
import functools
import html
import io
import os
import re
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from casekit.capabilities import capability_label
from casekit.cohort.config import Cohort

# Flags, as Moodle's quiz statistics and the classical test theory texts put them.
TOO_EASY = 0.90  # facility at or above: nearly everyone gets it
TOO_HARD = 0.20  # facility at or below
WEAK_DISCRIMINATION = 0.15  # corrected item-total correlation below: does not discriminate
MIN_ITEM_N = 10  # fewer answers than this: no flag, too few to say
MIN_RASCH = 30  # fewer trainees than this: no Rasch model (estimates would be noise)

WRONG = ("incorrect", "invalid")
COLUMNS = (
    "trainee_id",
    "group",
    "lang",
    "variant",
    "exercise",
    "question",
    "item",
    "capability",
    "skill",
    "kind",
    "status",
    "points",
    "max",
    "score",
    "key",
    "misconception",
    "answer",
    "counted",
    "submitted",
)


@functools.cache
def _patterns() -> tuple[tuple[str, str, re.Pattern], ...]:
    """Each catalogue message as a pattern, the most literal text first (most specific)."""
    from casekit.messages import LANGS, MESSAGES

    out = []
    for key, entry in MESSAGES.items():
        for lang in LANGS:
            template = entry.get(lang, "")
            parts, literal, prefix = [], 0, None
            for text, field, _spec, _conv in string.Formatter().parse(template):
                parts.append(re.escape(text))
                literal += len(text)
                prefix = text if prefix is None else prefix
                if field is not None:
                    parts.append("(.*?)")
            out.append((literal, prefix or "", key, re.compile("".join(parts) + r"\Z", re.S)))
    out.sort(key=lambda x: -x[0])
    return tuple((prefix, key, pattern) for _, prefix, key, pattern in out)


@functools.lru_cache(maxsize=8192)
def message_key(message: str) -> str:
    """The catalogue key a check's message was made from ("" if none matches)."""
    for prefix, key, pattern in _patterns():
        if message.startswith(prefix) and pattern.match(message):
            return key
    return ""


# What each kind of wrong answer a check recognises is, in a trainer's words.
KEY_LABELS: dict[str, tuple[str, str]] = {
    "check_number_off:too_high": ("figure too high", "数值偏高"),
    "check_number_off:too_low": ("figure too low", "数值偏低"),
    "check_number_off": ("figure outside the tolerance", "数值超出允许误差"),
    "check_pairs_off": ("rows missed or wrongly added", "漏列或多列"),
    "check_ranking_off": ("right items, wrong order", "对象对、次序错"),
    "check_ranking_items": ("wrong items ranked", "排序对象不对"),
    "check_table_off": ("figures in the table off", "表中数字不对"),
    "check_choice_off": ("wrong option", "选项不对"),
    "check_scored_off": ("below the full-credit score", "未达满分线"),
    "check_not_number": ("not a number", "不是数字"),
    "check_unsafe": ("cannot be checked", "无法检查"),
    "check_not_a_list": ("not a list", "不是列表"),
    "check_choice_unknown": ("not one of the options", "不是可选项"),
    "check_too_many": ("too many rows", "行数过多"),
    "check_duplicate_rows": ("duplicate rows", "重复行"),
    "not_a_table": ("not a table", "不是表格"),
    "missing_columns": ("columns missing", "缺少列"),
    "empty_table": ("empty table", "空表"),
    "unknown_client": ("unknown client id", "客户编号不存在"),
    "unknown_code": ("unknown code", "代码无效"),
    "missing_values": ("empty cells", "有空值"),
    "not_numbers": ("not numbers", "不是数字"),
}


def refined_key(message: str) -> str:
    """``message_key``, with the direction of a figure that is off (too high, too low)."""
    from casekit.messages import say

    key = message_key(message)
    if key == "check_number_off":
        for side in ("too_high", "too_low"):
            if any(f" {say(side, lang)} " in message for lang in ("en", "zh")):
                return f"{key}:{side}"
    return key


def key_text(key: str, lang: str) -> str:
    """A message key as a reader recognises it: its label, else its sentence with blanks as …."""
    from casekit.messages import MESSAGES

    if key in KEY_LABELS:
        return KEY_LABELS[key][1 if lang == "zh" else 0]
    if key not in MESSAGES:
        return key or "—"
    template = MESSAGES[key]["zh" if lang == "zh" else "en"]
    parts = string.Formatter().parse(template)
    return "".join(t + ("…" if f is not None else "") for t, f, _, _ in parts).strip()


def _tags(number: str) -> dict[str, tuple[str, str, str]]:
    from casekit.exercises import module_of

    return {q.qid: (q.capability, q.skill, q.kind) for q in module_of(number).QUESTIONS}


def _missing(number: str) -> dict[str, dict]:
    """The graded questions of an exercise with no submission: no points, status missing."""
    from casekit.exercises import module_of

    return {
        q.qid: {"points": 0.0, "max": float(q.points), "status": "missing"}
        for q in module_of(number).QUESTIONS
        if q.kind != "reflection"
    }


def long_table(
    cohort: Cohort,
    records: dict[tuple[str, str], dict | None],
    answer_text: Callable[[Any], str] = str,
) -> pd.DataFrame:
    """One row per trainee and graded question: capability, points, status, what the check
    recognised (the message key, and a misconception code where a check records one)."""
    tags = {n: _tags(n) for n in cohort.exercises}
    missing = {n: _missing(n) for n in cohort.exercises}
    rows: list[tuple] = []
    for t in cohort.trainees:
        for n in cohort.exercises:
            rec = records.get((t.trainee_id, n))
            counted = rec is None or rec.get("status") != "flagged"
            # A grader failure ("error") is graded again on the next run: no evidence yet.
            submitted = rec is not None and rec.get("status") != "error"
            variant = (rec or {}).get("scenario") or cohort.scenario
            questions = rec["questions"] if rec is not None else missing[n]
            for qid, q in questions.items():
                if not q.get("max"):
                    continue  # reflections: collected, not graded
                cap, skill, kind = tags[n].get(qid, ("", "", ""))
                status = q.get("status", "missing") if rec is not None else "missing"
                wrong = status in WRONG
                key = q.get("key") or (refined_key(q.get("message", "")) if wrong else "")
                rows.append(
                    (
                        t.trainee_id,
                        t.group,
                        t.lang,
                        variant,
                        n,
                        qid,
                        f"{n}.{qid}",
                        cap,
                        skill,
                        kind,
                        status,
                        float(q["points"]),
                        float(q["max"]),
                        float(q["points"]) / float(q["max"]),
                        key or "",
                        q.get("misconception") or "",
                        answer_text(q.get("answer")) if wrong else "",
                        counted,
                        submitted,
                    )
                )
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _corr(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 3 or x.std() == 0 or y.std() == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def item_table(long: pd.DataFrame) -> pd.DataFrame:
    """Per question: answers, facility, full-credit share, share not attempted, discrimination
    (the question's score against the rest of the test) and the flags it earns."""
    data = long[long["counted"]]
    # Each trainee's points on every question (a missing submission: 0, as in the gradebook).
    wide = data.pivot_table(index="trainee_id", columns="item", values="points", aggfunc="sum")
    total = wide.fillna(0).sum(axis=1)
    out = []
    for item, g in data[data["submitted"]].groupby("item", sort=True):
        score = g["score"].to_numpy()
        rest = (total.loc[g["trainee_id"]] - g["points"].to_numpy()).to_numpy()
        n = len(g)
        facility = float(score.mean()) if n else float("nan")
        disc = _corr(score, rest)
        flags = []
        if n >= MIN_ITEM_N:
            if facility >= TOO_EASY:
                flags.append("too_easy")
            if facility <= TOO_HARD:
                flags.append("too_hard")
            if not np.isnan(disc) and disc < WEAK_DISCRIMINATION:
                flags.append("weak")
        first = g.iloc[0]
        out.append(
            {
                "item": item,
                "exercise": first["exercise"],
                "question": first["question"],
                "capability": first["capability"],
                "skill": first["skill"],
                "kind": first["kind"],
                "n": n,
                "facility": facility,
                "full_credit": float((g["points"] >= g["max"] - 1e-9).mean()),
                "not_attempted": float((g["status"] == "not_attempted").mean()),
                "discrimination": disc,
                "flags": flags,
            }
        )
    return pd.DataFrame(out)


def variant_table(long: pd.DataFrame) -> pd.DataFrame:
    """Facility per question and variant (scenario); empty when every trainee had one variant."""
    data = long[long["counted"] & long["submitted"]]
    if data["variant"].nunique() < 2:
        return pd.DataFrame()
    return data.pivot_table(index="item", columns="variant", values="score", aggfunc="mean")


def wrong_answers(long: pd.DataFrame, top: int = 3) -> pd.DataFrame:
    """Per question, the wrong answers grouped by what the check recognised (a misconception
    code where the check records one, else the message it gave), largest group first."""
    data = long[long["counted"] & long["status"].isin(WRONG)]
    if data.empty:
        return pd.DataFrame(columns=["item", "group_by", "count", "share", "answers"])
    data = data.assign(
        group_by=data["misconception"].where(data["misconception"] != "", data["key"])
    )
    wrong_n = data.groupby("item").size()
    out = []
    for (item, by), g in data.groupby(["item", "group_by"], sort=True):
        answers = g["answer"].value_counts().head(top)
        out.append(
            {
                "item": item,
                "group_by": by,
                "count": len(g),
                "share": len(g) / wrong_n[item],
                "answers": list(answers.items()),
            }
        )
    return pd.DataFrame(out).sort_values(["item", "count"], ascending=[True, False])


def rasch(long: pd.DataFrame) -> dict[str, Any]:
    """A Rasch model of full credit (girth's marginal maximum likelihood): item difficulty and
    trainee ability on one logit scale, or the reason the cohort is too small for one."""
    data = long[long["counted"] & long["submitted"]]
    full = (data["points"] >= data["max"] - 1e-9).astype(int)
    wide = data.assign(full=full).pivot_table(
        index="item", columns="trainee_id", values="full", aggfunc="max"
    )
    trainees = wide.shape[1]
    if trainees < MIN_RASCH:
        return {"fitted": False, "trainees": trainees, "reason": "too_small"}
    share = wide.mean(axis=1)
    # An item everyone (or no one) got right has no finite difficulty: left out of the model.
    extreme = share.index[(share <= 0) | (share >= 1)].tolist()
    wide = wide.drop(index=extreme)
    if len(wide) < 3:
        return {"fitted": False, "trainees": trainees, "reason": "too_few_items"}
    import girth

    matrix = wide.to_numpy(dtype=float)
    dataset = np.where(np.isnan(matrix), girth.INVALID_RESPONSE, matrix).astype(int)
    difficulty = girth.rasch_mml(dataset)["Difficulty"]
    ability = girth.ability_eap(dataset, difficulty, np.ones(len(difficulty)))
    return {
        "fitted": True,
        "trainees": trainees,
        "difficulty": pd.Series(difficulty, index=wide.index, name="difficulty"),
        "ability": pd.Series(ability, index=wide.columns, name="ability"),
        "left_out": extreme,
    }


EXPORT_COLUMNS = [
    "trainee_id",
    "group",
    "exercise",
    "question",
    "capability",
    "skill",
    "status",
    "points",
    "max",
    "key",
    "misconception",
    "variant",
    "counted",
]


def write_exports(long: pd.DataFrame, folder: Path) -> list[Path]:
    """The long table (trainee, question, capability, points, misconception …) as CSV and
    Parquet, for a bank's HR system or a notebook; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    table = long[EXPORT_COLUMNS]
    csv, parquet = folder / "answers_long.csv", folder / "answers_long.parquet"
    for path, write in (
        (csv, lambda p: table.to_csv(p, index=False, encoding="utf-8-sig", lineterminator="\n")),
        (parquet, lambda p: table.to_parquet(p, index=False)),
    ):
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        write(tmp)
        os.replace(tmp, path)
    return [csv, parquet]


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
