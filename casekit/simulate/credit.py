"""Days past due and the five-category classification, as a credit officer keeps them.

The 2023 rule (商业银行金融资产风险分类办法) sets floors by days overdue — any overdue at least
关注, over 90 days at least 次级, over 270 at least 可疑, over 360 损失 — and asks for judgement
on top: a current loan to a weakening borrower is 关注, a restructured loan stays 次级 through its
observation period before it may be upgraded. Overdue loans that are not defaults cure.
"""

from __future__ import annotations

import numpy as np

from casekit import catalog as cat
from casekit.simulate.world import World

_CLASS = {c: i for i, c in enumerate(cat.LOAN_CLASS_CODES)}
OBSERVATION_MONTHS = 12  # a restructured loan stays 次级 a year (the rule's minimum), then 关注


def dpd_path(w: World, t: np.ndarray) -> np.ndarray:
    """Days past due, client × month: defaults build up to 90+, other arrears cure."""
    rng, a, n, m = w.rng("credit"), w.a, w.n, w.months
    runup_all = rng.choice([1, 2, 3], size=n, p=[0.3, 0.4, 0.3])
    # Only borrowers can be overdue: the months of the others are never drawn.
    rows = np.flatnonzero(a["borrower"])
    shape = (len(rows), m)
    col = lambda x: np.asarray(x, dtype=float)[rows, None]  # noqa: E731
    td, tr = col(a["default_month"]), col(a["restructure_month"])
    # A default is overdue first, for one to three months before it crosses 90 days.
    runup = col(runup_all)
    dpd = np.where(t >= td - runup, np.clip((t - td) * 30 + 95, 0, None), 0.0)
    dpd = np.where(col(a["silent_default"]) > 0, np.where(t >= td, dpd, 0.0), dpd)
    dpd = np.where(t >= tr, 0.0, dpd)  # restructuring brings the loan current
    # Arrears that cure: short slips (a few days to a month) and, for weaker borrowers, a
    # month or two of 30-85 days; they are why overdue alone does not mean default.
    risk = 1 + 15 * col(a["pd"])
    slip = rng.random(shape) < 0.002 * risk
    dpd = np.where((dpd == 0) & slip, rng.integers(3, 28, shape), dpd)
    deep = rng.random(shape) < 0.001 * risk
    deep_days = rng.integers(30, 86, shape)
    dpd = np.where((dpd == 0) & deep, deep_days, dpd)
    # Some of those arrears run on for a second and a third month before they cure.
    second = np.zeros(shape, bool)
    second[:, 1:] = deep[:, :-1] & (rng.random((len(rows), m - 1)) < 0.5)
    third = np.zeros(shape, bool)
    third[:, 1:] = second[:, :-1] & (rng.random((len(rows), m - 1)) < 0.5)
    dpd = np.where((dpd == 0) & second, np.minimum(np.roll(deep_days, 1, axis=1) + 30, 89), dpd)
    dpd = np.where((dpd == 0) & third, 89, dpd)
    out = np.zeros((n, m))
    out[rows] = dpd
    return out


def watch_spells(w: World, t: np.ndarray) -> np.ndarray:
    """Months a current loan is 关注 on judgement: a weakening borrower, a run-up to default."""
    rng, a, n, m = w.rng("watch"), w.a, w.n, w.months
    col = lambda x: np.asarray(x, dtype=float)[:, None]  # noqa: E731
    # Weaker borrowers (BB and B) spend spells on the watch list and most come off it.
    weak = (a["pd"] >= 0.03) & (rng.random(n) < 0.35)
    other = (a["pd"] < 0.03) & (rng.random(n) < 0.035)
    begin = rng.integers(-6, m, n)
    length = rng.integers(5, 15, n)
    spell = col(weak | other) * ((t >= col(begin)) & (t < col(begin + length)))
    td = col(a["default_month"])
    lead = col(a["distress_lead"])
    runup = (t >= td - lead) & (t < td) & (col(a["silent_default"]) == 0)
    return (spell > 0) | runup


def classify(
    w: World, dpd: np.ndarray, loan: np.ndarray, watch: np.ndarray, t: np.ndarray
) -> np.ndarray:
    """Index into LOAN_CLASS_CODES of every client-month: overdue floors, then judgement."""
    a = w.a
    col = lambda x: np.asarray(x, dtype=float)[:, None]  # noqa: E731
    floor = cat.loan_class_codes(dpd, loan).astype(np.int64)
    tr = col(a["restructure_month"])
    observed = (t >= tr) & (t < tr + OBSERVATION_MONTHS)
    upgrading = (t >= tr + OBSERVATION_MONTHS) & (t < tr + OBSERVATION_MONTHS + 6)
    # A default announced by its run-up is downgraded to 次级 on judgement two months before
    # it is 90 days overdue.
    td = col(a["default_month"])
    foreseen = (t >= td - 2) & (t < td) & (col(a["silent_default"]) == 0)
    judged = np.select(
        [observed | foreseen, upgrading | watch],
        [_CLASS["substandard"], _CLASS["special_mention"]],
        0,
    )
    # 损失 once recovery is judged hopeless: a write-off case past its first 9 months.
    resolve = col(a["resolve_month"])
    hopeless = col(a["written_off"]) * ((t >= resolve - 3) & (t >= td)) > 0
    judged = np.where(hopeless, _CLASS["loss"], judged)
    out = np.maximum(floor, judged)
    return np.where(loan > 0, out, _CLASS["none"]).astype(np.int32)
