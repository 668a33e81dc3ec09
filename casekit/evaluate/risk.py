"""Scoring an early-warning rule (预警规则): precision, recall, lead time and cost."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from casekit.book import Book
from casekit.evaluate.answers import AnswerError, as_table, check_clients
from casekit.messages import say

REVIEW_COST = (
    2.0  # 万元: a review, a visit, a credit officer's time and the strain on the relationship
)
LGD = 0.45
EARLY_ACTION_SAVES = (
    0.4  # share of the loss a warning in time avoids (more collateral, frozen lines)
)


@dataclass(frozen=True)
class WarningScore:
    """How well flags raised by a warning rule foresee defaults."""

    precision: float  # flagged clients that default within the horizon after a flag
    recall: float  # defaulters flagged within the horizon before default
    f1: float
    median_lead_months: float  # months from the first timely flag to default
    flagged: int
    caught: int
    missed: int
    false_alarms: int
    cost: float  # 万元: reviews + losses a timely warning would have reduced but didn't
    missed_clients: pd.DataFrame  # defaulters no flag foresaw, largest loans first

    def summary(self, lang: str = "en") -> str:
        """One line a trainee can read."""
        if lang == "zh":
            return (
                f"预警 {self.flagged} 户，命中 {self.caught} 户违约，漏报 {self.missed} 户，误报 {self.false_alarms} 户；"
                f"精确率 {self.precision:.0%}，召回率 {self.recall:.0%}，中位提前 {self.median_lead_months:.1f} 个月；"
                f"成本 {self.cost:,.0f} 万元"
            )
        return (
            f"{self.flagged} clients flagged: {self.caught} defaults caught, {self.missed} missed, "
            f"{self.false_alarms} false alarms; precision {self.precision:.0%}, recall {self.recall:.0%}, "
            f"median lead {self.median_lead_months:.1f} months; cost {self.cost:,.0f} 万元"
        )


def _month_index(months: pd.Series, book_months: list[str], lang: str) -> np.ndarray:
    idx = {m: i for i, m in enumerate(book_months)}
    out = months.astype(str).str.strip().map(idx)
    if out.isna().any():
        bad = months[out.isna()].iloc[0]
        raise AnswerError(
            say(
                "bad_month",
                lang,
                what=say("what_flags", lang),
                value=bad,
                first=book_months[0],
                last=book_months[-1],
            )
        )
    return out.to_numpy(dtype=np.int64)


def evaluate_warnings(
    flags: object, book: Book, *, horizon: int = 6, lang: str = "en"
) -> WarningScore:
    """Score warning flags (client_id, month) against the defaults that followed.

    A flag in month f on a client that defaults in month d is timely if 0 < d − f ≤ horizon.
    precision = flagged clients with a timely flag / flagged clients; recall = defaulters (in
    the book's window, after its first `horizon` months) with a timely flag / those defaulters;
    lead time = d − (first timely flag). cost = 2 万元 per flagged client reviewed + for each
    missed default 40% × LGD × its loan (the part an early response would have saved).
    Repeated flags count once per client; row order does not matter.
    """
    df = as_table(flags, ["client_id", "month"], "what_flags", lang)
    months = sorted(book.panel["month"].unique())
    ids = check_clients(df["client_id"], book, "what_flags", lang)
    f = pd.DataFrame({"client_id": ids.to_numpy(), "t": _month_index(df["month"], months, lang)})
    idx = {m: i for i, m in enumerate(months)}
    o = book.outcomes
    d = o[o["defaulted"]].assign(td=lambda x: x["default_month"].map(idx))
    d = d.dropna(subset=["td"])
    d = d[d["td"] >= horizon]  # defaults the book's data could have foreseen
    td = pd.Series(d["td"].to_numpy(dtype=np.int64), index=d["client_id"].astype(str))
    f = f.assign(td=f["client_id"].map(td))
    lead = f["td"] - f["t"]
    timely = f[(lead > 0) & (lead <= horizon)]
    flagged = f["client_id"].nunique()
    caught_ids = timely["client_id"].unique()
    caught, n_def = len(caught_ids), len(td)
    precision = caught / flagged if flagged else 0.0
    recall = caught / n_def if n_def else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    first = timely.groupby("client_id")["t"].min()
    leads = (td.reindex(first.index) - first).to_numpy(dtype=float)
    missed_ids = td.index.difference(pd.Index(caught_ids))
    panel = book.panel
    loan = panel[panel["client_id"].isin(missed_ids)].groupby("client_id")["loan_balance"].max()
    missed = pd.DataFrame(
        {
            "client_id": missed_ids,
            "default_month": [months[td[c]] for c in missed_ids],
            "loan": loan.reindex(missed_ids).fillna(0).to_numpy(),
        }
    ).sort_values("loan", ascending=False, ignore_index=True)
    cost = flagged * REVIEW_COST + float(missed["loan"].sum()) * LGD * EARLY_ACTION_SAVES
    return WarningScore(
        precision,
        recall,
        f1,
        float(np.median(leads)) if len(leads) else 0.0,
        flagged,
        caught,
        n_def - caught,
        flagged - caught,
        cost,
        missed,
    )
