"""The checks a banker makes across tables: concentration, the loan book's shape, classification
against days past due, default rates by grade, the seasons, and service against loyalty.

Each returns a value with its standard error (casekit.realism.Measure), computed from the
observable tables only, so the realism report judges it like any other KPI.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from casekit import catalog as cat
from casekit.book import Book

# Grade bands for the default-rate check: a 2,000-client book has too few defaults per grade.
GRADE_BANDS = (
    ("AAA", "AA+", "AA", "AA-", "A+"),
    ("A", "A-"),
    ("BBB+", "BBB"),
    ("BBB-", "BB"),
    ("B",),
)
INFRA_SECTIONS = ("D", "G", "N")


class Measure(NamedTuple):
    """A KPI's value, its standard error from the data, and for proportions the effective
    number of independent units behind it (Kish: (sum w)^2 / sum w^2)."""

    value: float
    se: float
    n_eff: float | None = None


def _measure(value: float, se: float = 0.0, n_eff: float | None = None) -> Measure:
    return Measure(float(value), float(se), n_eff)


def _last(book: Book) -> pd.DataFrame:
    p = book.panel
    return p[p["month"] == p["month"].max()]


def concentration(book: Book) -> dict:
    """The largest depositor's and borrower's share of the branch, and the top ten depositors'."""
    last = _last(book)
    dep = last.groupby("client_id")["deposit_avg"].sum().sort_values(ascending=False)
    loans = last.groupby("client_id")["loan_balance"].sum().sort_values(ascending=False)
    total_d, total_l = max(dep.sum(), 1e-9), max(loans.sum(), 1e-9)
    return {
        "max_depositor_share": _measure(dep.iloc[0] / total_d if len(dep) else np.nan),
        "top10_deposit_share": _measure(dep.iloc[:10].sum() / total_d if len(dep) else np.nan),
        "max_borrower_share": _measure(loans.iloc[0] / total_l if len(loans) else np.nan),
    }


def loan_book_shape(book: Book) -> dict:
    """Shares of loans (last month) by industry and size that a branch of this kind shows."""
    last = _last(book).merge(book.clients[["client_id", "industry", "size_class"]], on="client_id")
    total = max(last["loan_balance"].sum(), 1e-9)

    def share(mask: pd.Series):
        sub = last.loc[mask, "loan_balance"]
        return _measure(sub.sum() / total)

    return {
        "loans_infrastructure": share(last["industry"].isin(INFRA_SECTIONS)),
        "loans_trade": share(last["industry"] == "F"),
        "loans_small_micro": share(last["size_class"].isin(("small", "micro"))),
    }


def classification(book: Book) -> dict:
    """Special mention and loss shares, and loans classified better than their days overdue allow."""
    p = book.panel
    on = p[p["loan_balance"] > 0]
    total = max(on["loan_balance"].sum(), 1e-9)
    cls, dpd = on["loan_class"].astype(str), on["dpd"]
    # The rule's floors: overdue → at least 关注; >90 → 次级; >270 → 可疑; >360 → 损失.
    rank = cls.map({c: i for i, c in enumerate(cat.LOAN_CLASS_CODES)}).to_numpy()
    floor = cat.loan_class_codes(dpd.to_numpy(), on["loan_balance"].to_numpy())
    sm = on.loc[cls == "special_mention", ["loan_balance", "dpd"]]
    npl = on.loc[cls.isin(cat.NPL_CLASSES), "loan_balance"].sum()
    return {
        "special_mention_share": _measure(sm["loan_balance"].sum() / total),
        "special_mention_current": _measure(
            sm.loc[sm["dpd"] == 0, "loan_balance"].sum() / max(sm["loan_balance"].sum(), 1e-9)
        ),
        "loss_share_of_npl": _measure(
            on.loc[cls == "loss", "loan_balance"].sum() / npl if npl > 0 else 0.0
        ),
        "class_below_floor": _measure(float((rank < floor).mean()) if len(on) else 0.0),
    }


def default_by_grade(book: Book) -> dict:
    """Default rates of the book's borrowers by grade band, and whether they rise band by band."""
    p = book.panel
    first = p[p["month"] == p["month"].min()]
    borrowers = first.loc[first["loan_balance"] > 0, "client_id"]
    c = book.clients[book.clients["client_id"].isin(borrowers)][["client_id", "rating"]].merge(
        book.outcomes[["client_id", "defaulted", "default_month"]], on="client_id"
    )
    c = c[c["default_month"].isna() | (c["default_month"] > p["month"].min())]
    rates = []
    for band in GRADE_BANDS:
        sub = c[c["rating"].isin(band)]
        rates.append(sub["defaulted"].mean() if len(sub) else np.nan)
    r = np.array(rates, dtype=float)
    ok = r[~np.isnan(r)]
    # Rank correlation of default rate with band (1: rising throughout).
    rho = pd.Series(ok).rank().corr(pd.Series(np.arange(len(ok))).rank()) if len(ok) > 2 else 1.0
    high = c["rating"].isin(cat.RATINGS[:9])
    low_rate, high_rate = c.loc[~high, "defaulted"].mean(), c.loc[high, "defaulted"].mean()
    return {
        "default_rate_by_grade_rank": _measure(rho),
        "default_rate_low_over_high": _measure(low_rate / high_rate if high_rate else np.nan),
        "default_rate_worst_band": _measure(r[-1]),
    }


def seasons(book: Book) -> dict:
    """The Spring Festival dip in sales receipts against the months around it."""
    from casekit.simulate.markets import spring_festival

    p = book.panel
    inflow = p.groupby("month")["inflow"].sum()
    months = np.array(inflow.index, dtype="datetime64[M]")
    fest = spring_festival(months)
    dips = []
    for i in np.flatnonzero(fest):
        around = [j for j in (i - 1, i + 1) if 0 <= j < len(inflow)]
        if around:
            dips.append(inflow.iloc[i] / inflow.iloc[around].mean() - 1)
    return {"festival_inflow_dip": _measure(np.mean(dips) if dips else np.nan)}


def service_and_loyalty(book: Book) -> dict:
    """How much worse service churners had than stayers: SLA breaches and complaints."""
    r = book.service_requests
    hours = (r["processed_at"] - r["accepted_at"]).dt.total_seconds() / 3600
    breach = (hours > r["sla_hours"]).groupby(r["client_id"]).mean()
    gone = book.outcomes.set_index("client_id")["churn_status"] != "active"
    br_gone = breach.reindex(gone[gone].index).mean()
    br_stay = breach.reindex(gone[~gone].index).mean()
    n_c = book.complaints.groupby("client_id").size().reindex(gone.index, fill_value=0)
    comp_gone, comp_stay = (n_c[gone] > 0).mean(), (n_c[~gone] > 0).mean()
    days = (book.complaints["resolved_on"] - book.complaints["opened_on"]).dt.days
    within = (days <= 15) | (book.complaints["extended"] & (days <= 30))
    return {
        "churner_breach_ratio": _measure(br_gone / br_stay if br_stay else np.nan),
        "churner_complaint_ratio": _measure(comp_gone / comp_stay if comp_stay else np.nan),
        "complaints_within_rule": _measure(
            within.mean() if len(within) else np.nan,
            np.sqrt(within.mean() * (1 - within.mean()) / len(within)) if len(within) else 0.0,
            float(len(within)),
        ),
    }


def joint_kpis(book: Book) -> dict:
    """Every cross-table check of a book."""
    out: dict = {}
    for fn in (
        concentration,
        loan_book_shape,
        classification,
        default_by_grade,
        seasons,
        service_and_loyalty,
    ):
        out.update(fn(book))
    return out
