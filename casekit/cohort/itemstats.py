"""Item analysis a test designer trusts: per question, facility, discrimination, the share not
attempted, the wrong answers grouped by what the check recognised, flags, per-variant rows, and
a Rasch model (girth) putting item difficulty beside trainee ability.

Everything is computed from one long table, one row per trainee and graded question
(``long_table``), which is also the export a bank's HR system or a notebook reads. Flagged
submissions are left out of every statistic, as in the rest of the report. A missing submission
is no evidence about a question (left out of its statistics); a submission that left a question
blank counts it as not attempted, with no credit. The cohort page shows these numbers through
casekit.cohort.itemreport.
"""

from __future__ import annotations

import functools
import os
import re
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

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
