"""Case 9's evaluation: what a team won, told apart from the market and luck by a matched comparison.

Everything a trainee computes comes from the observable tables: the team's visits
(team_activities) give each kickoff; the panel gives the inflows through our accounts in the
six months before it and in the same six calendar months a year later (同比, so the season
cancels). Peers are clients without a team of the same industry, size class and tier (coarsened
to industry and size, then industry, then every client, when too few are alike). The truth
(truth/team_truth) scores it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from casekit.book import Book
from casekit.evaluate.answers import case_bank_only
from casekit.simulate.teams import AFTER_FROM, BEFORE

# Industry first: the market that moves a firm's flows is its industry's (industries drift
# apart by about 15% a year), so a peer from another industry brings another market with it.
MATCH_LEVELS = (("industry", "size_class", "tier"), ("industry", "size_class"), ("industry",))


def _grid(book: Book) -> tuple[pd.DataFrame, dict[str, int]]:
    """Inflows client × month index (0 where a client is off the book), and the month index."""
    months = sorted(book.panel["month"].unique())
    idx = {m: i for i, m in enumerate(months)}
    grid = book.panel.pivot_table(
        index="client_id", columns="month", values="inflow", aggfunc="sum"
    )
    grid = grid.reindex(columns=months).fillna(0.0)
    grid.columns = range(len(months))
    return grid, idx


def kickoffs(book: Book) -> pd.Series:
    """Each team relationship's kickoff month (the first joint visit), as 'YYYY-MM'."""
    acts = book.tables.get("team_activities")
    if acts is None or acts.empty:
        return pd.Series(dtype=object, name="kickoff")
    first = acts[acts["step"].astype(str) == "kickoff"].groupby("client_id")["date"].min()
    return pd.to_datetime(first).dt.strftime("%Y-%m").rename("kickoff")


def _window_sums(grid: pd.DataFrame, ids, s: int) -> tuple[pd.Series, pd.Series]:
    g = grid.reindex(list(ids)).fillna(0.0)
    return g[list(range(s - BEFORE, s))].sum(axis=1), g[
        list(range(s + AFTER_FROM, s + AFTER_FROM + BEFORE))
    ].sum(axis=1)


def team_windows(book: Book) -> pd.DataFrame:
    """Per team relationship: kickoff, inflows before and a year after, revenue, and its cell."""
    k = kickoffs(book)
    cols = ["client_id", "kickoff", "before", "after", "revenue", "industry", "size_class", "tier"]
    if k.empty:
        return pd.DataFrame(columns=cols)
    grid, idx = _grid(book)
    cl = book.clients.set_index("client_id")
    rows = []
    for c, month in k.items():
        s = idx[month]
        if s < BEFORE or s + AFTER_FROM + BEFORE > grid.shape[1]:
            continue
        b, a = _window_sums(grid, [c], s)
        rows.append(
            {
                "client_id": c,
                "kickoff": month,
                "before": float(b.iloc[0]),
                "after": float(a.iloc[0]),
                "revenue": float(cl.loc[c, "revenue"]),
                "industry": cl.loc[c, "industry"],
                "size_class": cl.loc[c, "size_class"],
                "tier": cl.loc[c, "tier"],
            }
        )
    return pd.DataFrame(rows, columns=cols)


def _pool(book: Book) -> pd.DataFrame:
    """Clients without a team the bank kept, as it kept the team's clients: no churn, no default."""
    cl = book.clients.set_index("client_id")
    teamed = set(kickoffs(book).index)
    o = book.outcomes.set_index("client_id")
    active = (o["churn_status"].astype(str) == "active") & ~o["defaulted"].astype(bool)
    return cl[~cl.index.isin(teamed) & active.reindex(cl.index).fillna(False).to_numpy()]


def peers_of(
    book: Book, client_id: str, levels=MATCH_LEVELS, min_peers: int = 5, pool=None
) -> tuple:
    """Clients without a team like this one (the finest match with at least ``min_peers``),
    kept on the book through both windows, and the columns matched on."""
    pool = _pool(book) if pool is None else pool
    me = book.clients.set_index("client_id").loc[client_id]
    for cols in levels:
        mask = np.logical_and.reduce([pool[c].astype(str) == str(me[c]) for c in cols])
        if mask.sum() >= min_peers:
            return list(pool.index[mask]), cols
    return list(pool.index), ()


def change(before: float | pd.Series, after: float | pd.Series):
    """Relative change of inflows, after over before (NaN where nothing flowed before)."""
    b = np.asarray(before, dtype=float)
    return np.where(b > 0, np.asarray(after, dtype=float) / np.where(b > 0, b, 1) - 1, np.nan)


@case_bank_only
def matched_comparison(book: Book, peers: str = "matched") -> pd.DataFrame:
    """Per team relationship: its change of inflows, the peers' and the team's estimated uplift.

    ``peers`` is "matched" (same industry, size and tier), "all" (every client without a team:
    a named mistake) or "none" (the team's own before/after: the market credited to the team).
    The peers' change is the change of their pooled inflows; the uplift is
    (1 + own change) / (1 + peers' change) - 1.
    """
    w = team_windows(book)
    grid, idx = _grid(book)
    pool = _pool(book)
    out = []
    for r in w.itertuples():
        s = idx[r.kickoff]
        own = float(change(r.before, r.after))
        if peers == "none":
            ref, n, cols = 0.0, 0, ()
        else:
            if peers == "matched":
                ids, cols = peers_of(book, r.client_id, pool=pool)
            else:
                ids, cols = list(pool.index), ()
            b, a = _window_sums(grid, ids, s)
            ref, n = float(change(b.sum(), a.sum())), len(ids)
        out.append(
            {
                "client_id": r.client_id,
                "kickoff": r.kickoff,
                "change": own,
                "peers_change": ref,
                "peers": n,
                "matched_on": "+".join(cols),
                "uplift": (1 + own) / (1 + ref) - 1,
                "sow_before": r.before / (r.revenue / 2),
                "sow_after": r.after / (r.revenue / 2),
            }
        )
    return pd.DataFrame(out)


METHODS = ("matched", "all", "none")


@case_bank_only
def method_errors(book: Book) -> pd.DataFrame:
    """Each reading of the teams' part against the truth: per method, the median absolute error
    per relationship of its uplift estimate (truth/team_truth's flow_uplift), and its typical
    (median) estimate; the rows run best first."""
    truth = book.truth["team_truth"].set_index("client_id")["flow_uplift"]
    rows = []
    for how in METHODS:
        m = matched_comparison(book, how).set_index("client_id")["uplift"]
        err = (m - truth.reindex(m.index)).abs()
        rows.append(
            {
                "method": how,
                "median_abs_error": float(err.median()) if len(err) else float("nan"),
                "typical": float(m.median()) if len(m) else float("nan"),
                "teams": len(m),
            }
        )
    out = pd.DataFrame(rows).sort_values("median_abs_error", kind="stable")
    return out.reset_index(drop=True)


def score_uplift(book: Book, estimate: float) -> dict[str, float]:
    """A trainee's estimate of the teams' typical uplift (median over teams) against the truth."""
    truth = book.truth["team_truth"]
    true = float(truth["flow_uplift"].median()) if len(truth) else float("nan")
    return {"estimate": float(estimate), "truth": true, "error": float(estimate) - true}
