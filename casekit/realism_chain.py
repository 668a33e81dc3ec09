"""The realism checks of the relationship-building parts: how often a call on a prospect wins
it, how much of a client's business flows through our accounts (share of wallet), and how much
of it the team relationships (1+N) won.

Computed from the observable tables only (casekit.realism judges them like any other KPI); a
book saved before these tables existed has nothing to measure, and says so with NaN.
"""

from __future__ import annotations

import numpy as np

from casekit.book import Book
from casekit.realism_joint import Measure

_NOTHING = Measure(float("nan"), float("nan"), 0.0)


def prospect_conversion(book: Book) -> Measure:
    """Share of the calls on prospects that won an account, with its binomial error."""
    calls = book.tables.get("prospect_contacts")
    if calls is None or not len(calls):
        return _NOTHING
    won = (calls["result"].astype(str) == "won").to_numpy(dtype=float)
    p = float(won.mean())
    return Measure(p, float(np.sqrt(p * (1 - p) / len(won))), float(len(won)))


def flow_share(book: Book) -> Measure:
    """First-year inflows through our accounts over revenue, summed over clients (a share of
    wallet as the bank's MIS estimates it), with its standard error by the delta method."""
    months = sorted(book.panel["month"].unique())[:12]
    panel = book.panel[book.panel["month"].isin(months)]
    inflow = panel.groupby("client_id")["inflow"].sum()
    revenue = book.clients.set_index("client_id")["revenue"].reindex(inflow.index)
    y, x = inflow.to_numpy(dtype=float), revenue.to_numpy(dtype=float)
    if x.sum() <= 0:
        return _NOTHING
    r = y.sum() / x.sum()
    se = float(np.sqrt(((y - r * x) ** 2).sum()) / x.sum())
    return Measure(float(r), se, float(x.sum() ** 2 / (x**2).sum()))


def team_wallet_gain(book: Book) -> Measure:
    """Points of inflows relative to revenue the team relationships gained: inflows over revenue in the six
    months a year after each team's kickoff less the six months before it, pooled over teams."""
    from casekit.evaluate.teams import team_windows

    w = team_windows(book)
    if w.empty:
        return _NOTHING
    half = w["revenue"].to_numpy(dtype=float) / 2
    gain = (w["after"] - w["before"]).to_numpy(dtype=float)
    r = gain.sum() / half.sum()
    se = float(np.sqrt(((gain - r * half) ** 2).sum()) / half.sum())
    return Measure(float(r), se, float(half.sum() ** 2 / (half**2).sum()))


def chain_kpis(book: Book) -> dict[str, Measure]:
    """The relationship-building KPIs of a book."""
    return {
        "prospect_conversion": prospect_conversion(book),
        "flow_share": flow_share(book),
        "team_wallet_gain": team_wallet_gain(book),
    }
