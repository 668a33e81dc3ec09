"""Effectiveness evaluation (效果评估, seed 6.3): the four lenses, and judging a programme's effect.

The four lenses are satisfaction, business growth (deposits, loans, fee income), risk control
(NPL ratio) and churn. The relationship pilot was given to clients the RMs chose, so a naive
before/after or pilot-vs-rest comparison mixes the programme with who was chosen and with what
happened to everyone; difference-in-differences compares the changes instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from casekit import catalog as cat
from casekit.book import Book
from casekit.evaluate.answers import AnswerError, case_bank_only, check_codes
from casekit.messages import say

# Metrics an effect can be estimated for, and the truth key they are judged against.
EFFECT_METRICS = {"deposits": "deposit_pct", "fee_income": "fee_pct", "nps": "nps_points"}


def _windows(book: Book) -> tuple[list[str], list[str], str]:
    """The year before the pilot, its year (after a quarter to ramp up), and its start month."""
    months = sorted(book.panel["month"].unique())
    starts = book.outcomes["pilot_start"].dropna()
    start = str(starts.iloc[0]) if len(starts) else months[len(months) // 2]
    pre = [m for m in months if m < start][-12:]
    post = [m for m in months if m >= start][3:]
    return pre, post, start


def _stayers(book: Book, months: list[str]) -> pd.Index:
    """Clients on the book in every month given (so changes are not churn in disguise)."""
    p = book.panel[book.panel["month"].isin(months)]
    n = p.groupby("client_id").size()
    return n[n == len(months)].index


def _growth(book: Book, cols: list[str], pre: list[str], post: list[str], pilot: pd.Series) -> dict:
    """Per metric: mean monthly level per client before and after, and each group's typical
    relative change (over clients on the book throughout both windows)."""
    window = book.panel[book.panel["month"].isin(pre + post)]
    count = window.groupby("client_id").size()
    stay = count[count == len(pre) + len(post)].index
    p = window[window["client_id"].isin(stay)]
    means = p.groupby(["client_id", p["month"].isin(post)])[cols].mean()
    out = {}
    for col in cols:
        per = means[col].unstack()
        g = pilot.reindex(per.index).astype(bool)
        pos = (per > 0).all(axis=1)
        logc = np.log(per.loc[pos, True]) - np.log(per.loc[pos, False])
        pc = float(np.expm1(logc[g[pos]].mean()))
        oc = float(np.expm1(logc[~g[pos]].mean()))
        out[col] = (
            per.loc[g, False].mean(),
            per.loc[g, True].mean(),
            per.loc[~g, False].mean(),
            per.loc[~g, True].mean(),
            pc,
            oc,
        )
    return out


def four_lens(book: Book, lang: str = "en") -> pd.DataFrame:
    """The pilot and the other clients on the four lenses, the year before and the pilot year.

    Growth (deposits, loans, fee income): monthly mean per client, over clients on the book
    throughout; a group's change is its typical relative change exp(mean Δlog) − 1, so one huge
    client cannot swing it. Satisfaction: NPS of the survey wave before vs after the start.
    Risk: balance-weighted NPL ratio. Churn: share of the clients on the book at a window's
    start who began to churn in it. For each metric: before_after = the pilot's own change
    (naive), pilot_vs_others = the gap after (naive, biased by who was chosen), did = the
    pilot's change minus the others' change (difference-in-differences; for growth, relative:
    (1 + pilot's change) / (1 + others' change) − 1, the same figure ``did_estimate`` returns).
    """
    pre, post, start = _windows(book)
    o = book.outcomes.set_index("client_id")
    pilot = o["pilot"].astype(bool)
    rows = []
    growth = _growth(book, ["deposit_avg", "loan_balance", "fee_income"], pre, post, pilot)
    for metric, col in (
        ("deposits", "deposit_avg"),
        ("loans", "loan_balance"),
        ("fee_income", "fee_income"),
    ):
        pb, pa, ob, oa, pc, oc = growth[col]
        rows.append(
            (
                "growth",
                metric,
                "万元 / %",
                pb,
                pa,
                ob,
                oa,
                pc,
                pa / oa - 1 if oa else np.nan,
                (1 + pc) / (1 + oc) - 1,  # the relative DiD, as did_estimate computes it
            )
        )
    s = book.surveys
    before = s[s["month"] < start]["month"].max()
    after = s[s["month"] >= start]["month"].max()

    def nps(g: bool, wave: str) -> float:
        scores = s[(s["month"] == wave) & (s["client_id"].map(pilot) == g)]["nps"]
        return (
            float(100 * ((scores >= 9).mean() - (scores <= 6).mean()))
            if len(scores)
            else float("nan")
        )

    bp = book.panel
    npl_bal = bp["loan_balance"].where(bp["loan_class"].isin(cat.NPL_CLASSES), 0.0)
    sums = (
        pd.DataFrame({"npl": npl_bal, "loans": bp["loan_balance"]})
        .groupby(
            [
                bp["client_id"].map(pilot).to_numpy(),
                bp["month"].isin(post).to_numpy(),
                bp["month"].isin(pre).to_numpy(),
            ]
        )
        .sum()
    )

    def npl(g: bool, window: list[str]) -> float:
        key = (g, True, False) if window is post else (g, False, True)
        if key not in sums.index or not sums.loc[key, "loans"]:
            return float("nan")
        return float(sums.loc[key, "npl"] / sums.loc[key, "loans"])

    first_month = book.panel.groupby("client_id")["month"].min().reindex(o.index)

    def churn(g: bool, window: list[str]) -> float:
        ids = o.index[(pilot == g).to_numpy() & (first_month <= window[0]).to_numpy()]
        cm = o.loc[ids, "churn_month"]
        return float(cm.between(window[0], window[-1]).mean()) if len(ids) else float("nan")

    for lens, metric, unit, fn, windows in (
        ("satisfaction", "nps", "points", nps, (before, after)),
        ("risk", "npl_ratio", "ratio", npl, (pre, post)),
        ("churn", "churn_rate", "share", churn, (pre, post)),
    ):
        pb, pa, ob, oa = (
            fn(True, windows[0]),
            fn(True, windows[1]),
            fn(False, windows[0]),
            fn(False, windows[1]),
        )
        rows.append((lens, metric, unit, pb, pa, ob, oa, pa - pb, pa - oa, (pa - pb) - (oa - ob)))
    out = pd.DataFrame(
        rows,
        columns=[
            "lens",
            "metric",
            "unit",
            "pilot_before",
            "pilot_after",
            "others_before",
            "others_after",
            "before_after",
            "pilot_vs_others",
            "did",
        ],
    )
    if lang == "zh":
        names = {
            "growth": "业务增长",
            "satisfaction": "客户满意度",
            "risk": "风险控制",
            "churn": "客户流失",
        }
        out["lens"] = out["lens"].map(names)
    return out


@case_bank_only
def did_estimate(book: Book, metric: str = "deposits", lang: str = "en") -> float:
    """Difference-in-differences estimate of the pilot's effect on a metric.

    For deposits and fee income, the effect is relative: with y = log of each client's monthly
    mean, DiD = (ȳ_pilot,after − ȳ_pilot,before) − (ȳ_others,after − ȳ_others,before), returned
    as e^DiD − 1. For NPS it is in points on the 0-10 scale, from clients surveyed in both waves.
    """
    check_codes(pd.Series([metric]), tuple(EFFECT_METRICS), "metric", "what_estimate", lang)
    pre, post, start = _windows(book)
    pilot = book.outcomes.set_index("client_id")["pilot"]
    if metric == "nps":
        s = book.surveys
        before, after = s[s["month"] < start]["month"].max(), s[s["month"] >= start]["month"].max()
        w = s[s["month"].isin([before, after])].pivot_table(
            index="client_id", columns="month", values="nps"
        )
        w = w.dropna()
        change = w[after] - w[before]
    else:
        col = {"deposits": "deposit_avg", "fee_income": "fee_income"}[metric]
        stay = _stayers(book, pre + post)
        p = book.panel[book.panel["client_id"].isin(stay) & book.panel["month"].isin(pre + post)]
        per = p.groupby(["client_id", p["month"].isin(post)])[col].mean().unstack()
        per = per[(per > 0).all(axis=1)]
        change = np.log(per[True]) - np.log(per[False])
    g = pilot.reindex(change.index).astype(bool)
    did = float(change[g].mean() - change[~g].mean())
    return did if metric == "nps" else float(np.expm1(did))


@dataclass(frozen=True)
class EffectScore:
    """A trainee's estimate of the pilot's effect against the effect the simulator built in."""

    metric: str
    estimate: float
    truth: float
    error: float  # estimate − truth
    relative_error: float  # |error| / |truth|
    within_tolerance: bool  # |error| ≤ tolerance × |truth|

    def summary(self, lang: str = "en") -> str:
        """One line a trainee can read."""
        if lang == "zh":
            verdict = "在容差内" if self.within_tolerance else "偏差过大"
            name = {"deposits": "日均存款", "fee_income": "中间业务收入", "nps": "净推荐值"}.get(
                self.metric, self.metric
            )
            return f"{name}：你的估计 {self.estimate:+.3f}，真实效果 {self.truth:+.3f}，误差 {self.error:+.3f}（{verdict}）"
        verdict = "within tolerance" if self.within_tolerance else "too far off"
        return f"{self.metric}: your estimate {self.estimate:+.3f}, true effect {self.truth:+.3f}, error {self.error:+.3f} ({verdict})"


def score_effect(
    estimate: object,
    book: Book,
    metric: str = "deposits",
    *,
    tolerance: float = 0.35,
    lang: str = "en",
) -> EffectScore:
    """Compare an estimate of the pilot's effect with its true effect.

    Deposits and fee income are relative effects (0.08 = +8%); NPS is in points on 0-10.
    error = estimate − truth; the estimate is within tolerance if |error| ≤ tolerance × |truth|.
    """
    check_codes(pd.Series([metric]), tuple(EFFECT_METRICS), "metric", "what_estimate", lang)
    try:
        value = float(estimate)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise AnswerError(
            say("bad_number", lang, what=say("what_estimate", lang), value=estimate)
        ) from None
    if not np.isfinite(value):
        raise AnswerError(say("bad_number", lang, what=say("what_estimate", lang), value=estimate))
    if "facts" not in book.meta:
        raise AnswerError(say("needs_truth", lang, what=say("what_estimate", lang)))
    facts = book.meta["facts"]
    # NPS: the realised effect on the 0-10 answers (the ceiling trims the latent boost).
    realised = facts.get("pilot_effect_realised", {})
    truth = float(
        realised.get(EFFECT_METRICS[metric], facts["pilot_effect"][EFFECT_METRICS[metric]])
    )
    error = value - truth
    return EffectScore(
        metric, value, truth, error, abs(error) / abs(truth), abs(error) <= tolerance * abs(truth)
    )
