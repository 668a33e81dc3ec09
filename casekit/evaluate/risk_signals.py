"""The early-warning method Case 4 teaches (原书 3.4): signals, a score, a threshold chosen by its
cost, and warning levels tied to the five-category loan classification with a response each.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from casekit.book import Book
from casekit.evaluate.risk import evaluate_warnings

# Risk-bearing phrases in call notes, kept equivalent in the two languages (a test holds it over
# every note template): a routine "new CFO" note is not one, a CFO who "left abruptly" is.
RISK_WORDS_ZH = (
    "回款明显变慢",
    "工资延迟",
    "工资推迟",
    "被两家供应商起诉",
    "停产",
    "停工",
    "资金链",
    "代偿",
    "突然离职",
    "扣款不足",
    "展期",
    "借新还旧",
    "拖欠",
)
RISK_WORDS_EN = (
    "have slowed",
    "wages were paid",
    "sued",
    "shut down",
    "workshops stopped",
    "cash is somewhat strained",
    "cash is strained",
    "pay up",
    "left abruptly",
    "left suddenly",
    "debit failed",
    "failed for lack of funds",
    "extend a maturing loan",
    "asked to extend",
    "rolled over",
    "behind on",
)
_RISK = re.compile("|".join(map(re.escape, RISK_WORDS_ZH + RISK_WORDS_EN)), re.I)
SCORES = {"event": 2, "overdue": 3, "cash_flow": 2, "note": 2}
THRESHOLDS = tuple(range(1, 16))
LEVELS = ("green", "yellow", "orange", "red")
LEVEL_LABELS = {
    "green": ("绿色", "green"),
    "yellow": ("黄色", "yellow"),
    "orange": ("橙色", "orange"),
    "red": ("红色", "red"),
}
# Each level, the loan class it goes with and the response (原书 3.4: 分级应对).
LEVEL_CLASS = {
    "green": ("正常", "normal"),
    "yellow": ("正常（列入观察）", "normal, on the watch list"),
    "orange": ("关注", "special mention"),
    "red": ("次级及以下", "substandard or worse"),
}
LEVEL_RESPONSE = {
    "green": ("按季回顾", "quarterly review"),
    "yellow": (
        "按月回顾，上门走访并写入拜访纪要",
        "monthly review; visit and write what you saw in the call report",
    ),
    "orange": (
        "冻结新增提款，追加担保；不得未经审批借新还旧或展期",
        "freeze new drawdowns, ask for more collateral; no rolling over or extension without the committee",
    ),
    "red": (
        "启动清收或重组，按次级及以下计提",
        "start recovery or restructuring; provision as substandard or worse",
    ),
}


def is_risk_note(text: str) -> bool:
    """Whether a call note carries a risk signal (by the phrase lists, ignoring case)."""
    return bool(_RISK.search(text))


def risk_notes(book: Book) -> pd.DataFrame:
    """Call notes that carry a risk signal: client_id, month, note (in either language)."""
    n = book.interactions
    hit = n["note_zh"].astype(str).str.contains(_RISK) | n["note_en"].astype(str).str.contains(
        _RISK
    )
    n = n[hit]
    return pd.DataFrame(
        {
            "client_id": n["client_id"].astype(str).to_numpy(),
            "month": n["date"].dt.strftime("%Y-%m").to_numpy(),
            "note_zh": n["note_zh"].astype(str).to_numpy(),
            "note_en": n["note_en"].astype(str).to_numpy(),
        }
    )


def signal_events(book: Book, with_notes: bool = True) -> pd.DataFrame:
    """Every signal seen: client_id, month, family, score."""
    p = book.panel
    # Year on year, so a seasonal business's quiet months are not read as distress.
    wide = {c: p.pivot(index="month", columns="client_id", values=c) for c in ("inflow", "outflow")}
    in3, out3 = (wide[c].rolling(3).mean() for c in ("inflow", "outflow"))
    drop = (in3 < 0.7 * in3.shift(12)) & (out3 > out3.shift(12))
    hit = drop.stack()
    hit = hit[hit].reset_index()
    parts = [
        book.warnings[["client_id", "month"]].assign(family="event"),
        p.loc[p["dpd"] > 0, ["client_id", "month"]].assign(family="overdue"),
        hit[["client_id", "month"]].assign(family="cash_flow"),
    ]
    if with_notes:
        parts.append(risk_notes(book)[["client_id", "month"]].assign(family="note"))
    s = pd.concat(parts, ignore_index=True)
    s["client_id"] = s["client_id"].astype(str)
    return s.assign(score=s["family"].map(SCORES))


def rolling_scores(book: Book, events: pd.DataFrame) -> pd.DataFrame:
    """Client × month-index matrix of the signal score summed over the last three months."""
    months = sorted(book.panel["month"].unique())
    idx = {m: i for i, m in enumerate(months)}
    s = (
        events.assign(t=events["month"].map(idx))
        .dropna(subset=["t"])
        .astype({"t": int})
        .groupby(["client_id", "t"])["score"]
        .sum()
        .unstack(fill_value=0)
    )
    s = s.reindex(columns=range(len(months)), fill_value=0)
    return s.T.rolling(3, min_periods=1).sum().T


def flags(book: Book, rolling: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """The (client_id, month) pairs whose score reaches ``threshold``."""
    months = sorted(book.panel["month"].unique())
    hit = rolling.stack()
    hit = hit[hit >= threshold].reset_index()
    hit.columns = ["client_id", "t", "score"]
    return pd.DataFrame({"client_id": hit["client_id"], "month": [months[t] for t in hit["t"]]})


def threshold_table(
    book: Book, rolling: pd.DataFrame, horizon: int = 6, thresholds=THRESHOLDS
) -> pd.DataFrame:
    """Precision, recall, lead, false alarms and cost of the rule at each threshold."""
    rows = []
    for th in thresholds:
        w = evaluate_warnings(flags(book, rolling, th), book, horizon=horizon)
        rows.append(
            (
                th,
                w.precision,
                w.recall,
                w.median_lead_months,
                w.flagged,
                w.caught,
                w.false_alarms,
                w.cost,
            )
        )
    cols = [
        "threshold",
        "precision",
        "recall",
        "lead_months",
        "flagged",
        "caught",
        "false_alarms",
        "cost",
    ]
    return pd.DataFrame(rows, columns=cols)


def levels(book: Book, rolling: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Each borrower on the book at its last month: score, warning level, loan class, balance.

    Red: already classified substandard or worse (or 90+ days past due); orange: the score
    reaches the threshold; yellow: any signal below it; green: none.
    """
    p = book.panel
    last = p[(p["month"] == p["month"].max()) & (p["loan_balance"] > 0)].set_index("client_id")
    score = rolling.iloc[:, -1].reindex(last.index, fill_value=0)
    bad = last["loan_class"].astype(str).isin(["substandard", "doubtful", "loss"]) | (
        last["dpd"] >= 90
    )
    level = np.select([bad, score >= threshold, score > 0], ["red", "orange", "yellow"], "green")
    return pd.DataFrame(
        {
            "score": score,
            "level": level,
            "loan_class": last["loan_class"].astype(str),
            "loan_balance": last["loan_balance"],
            "dpd": last["dpd"],
        },
        index=last.index,
    )


def label_of(table: dict[str, tuple[str, str]], code: str, lang: str) -> str:
    """The ``lang`` label of a code in one of this module's label tables."""
    zh, en = table[code]
    return zh if lang == "zh" else en
