"""Case 9 (a success analysed, 成功案例分析, and the team behind it): the tables the case reads.

Everything here comes from the observable tables: the team's visits (team_activities) and
their notes, the monthly panel, contacts, complaints and outcomes. The truth is read only by
casekit.evaluate.teams, where the case scores its own estimate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from casekit import catalog as cat
from casekit.book import Book
from casekit.evaluate.answers import case_bank_only
from casekit.evaluate.teams import (
    BEFORE,
    change,
    kickoffs,
    matched_comparison,
    peers_of,
    team_windows,
)
from casekit.note_keywords import needs_in

STEP_LABELS = {
    "kickoff": ("首次联合拜访", "first joint visit"),
    "proposal": ("方案沟通", "proposal"),
    "agreed": ("客户同意办理", "client agreed"),
    "declined": ("客户婉拒", "client declined"),
}


def step_label(step: str, lang: str) -> str:
    """A visit's step in the reader's language."""
    zh, en = STEP_LABELS[step]
    return zh if lang == "zh" else en


def note_need(note: str) -> str | None:
    """The one team need a visit's note points to (None for the kickoff's)."""
    found = needs_in(note)
    return next(iter(sorted(found))) if found else None


def timeline(book: Book, client_id: str, lang: str = "en") -> pd.DataFrame:
    """One relationship's team visits in date order: who came, the step, the need read from the
    note and the product agreed."""
    acts = book.tables["team_activities"]
    a = acts[acts["client_id"] == client_id].sort_values("date")
    name = "colleague_name_zh" if lang == "zh" else "colleague_name_en"
    return pd.DataFrame(
        {
            "date": a["date"].dt.strftime("%Y-%m-%d").to_numpy(),
            "step": a["step"].astype(str).to_numpy(),
            "colleague": [cat.label("colleague", str(c), lang) for c in a["colleague"]],
            "name": a[name].to_numpy(),
            "need": [note_need(n) for n in a["note_en"]],
            "product": [str(p) if pd.notna(p) else None for p in a["product"]],
        }
    )


@case_bank_only
def needs_in_order(book: Book, client_id: str) -> tuple[list[str], list[str]]:
    """The needs the team met, in the order the client agreed to them, and those it declined."""
    t = timeline(book, client_id)
    met = [
        n for n, s in zip(t["need"], t["step"], strict=True) if s == "agreed" and isinstance(n, str)
    ]
    declined = [
        n
        for n, s in zip(t["need"], t["step"], strict=True)
        if s == "declined" and isinstance(n, str)
    ]
    return met, declined


def team_summary(book: Book) -> pd.DataFrame:
    """Per team relationship: kickoff, colleagues, needs met, and its inflows relative to revenue
    before and a year after (inflows over half the revenue in each six-month window)."""
    w = team_windows(book).set_index("client_id")
    acts = book.tables["team_activities"]
    rows = []
    for c, r in w.iterrows():
        met, declined = needs_in_order(book, c)
        mine = acts[acts["client_id"] == c]
        rows.append(
            {
                "client_id": c,
                "kickoff": r["kickoff"],
                "colleagues": int(mine["colleague"].astype(str).nunique()),
                "visits": len(mine),
                "needs_met": len(met),
                "declined": len(declined),
                "ratio_before": r["before"] / (r["revenue"] / 2),
                "ratio_after": r["after"] / (r["revenue"] / 2),
            }
        )
    out = pd.DataFrame(rows)
    if len(out):
        out["gain"] = out["ratio_after"] - out["ratio_before"]
        out = out.sort_values("gain", ascending=False, kind="stable").reset_index(drop=True)
    return out


def pick_success(book: Book, client_id: str) -> str | None:
    """The success the case analyses: ``client_id`` if a team worked on it, else the team
    relationship whose inflows relative to revenue rose most (None when the bank has no team)."""
    s = team_summary(book)
    if s.empty:
        return None
    if client_id in set(s["client_id"]):
        return client_id
    return str(s["client_id"].iloc[0])


def inflow_index(book: Book, client_id: str) -> pd.DataFrame:
    """Monthly inflows of the client and of its matched peers, each over its own average in the
    six months before the kickoff (1 = as before)."""
    months = sorted(book.panel["month"].unique())
    ids, _ = peers_of(book, client_id)
    p = book.panel[book.panel["client_id"].isin([client_id, *ids])]
    grid = p.pivot_table(index="month", columns="client_id", values="inflow", aggfunc="sum")
    grid = grid.reindex(months).fillna(0.0)
    s = months.index(kickoffs(book)[client_id])
    mine = grid[client_id] if client_id in grid else pd.Series(0.0, index=months)
    peers = grid.drop(columns=[client_id], errors="ignore").sum(axis=1)
    base_m = mine.iloc[s - BEFORE : s].mean()
    base_p = peers.iloc[s - BEFORE : s].mean()
    return pd.DataFrame(
        {
            "client": mine / base_m if base_m > 0 else np.nan,
            "peers": peers / base_p if base_p > 0 else np.nan,
        }
    )


@case_bank_only
def methods(book: Book) -> pd.DataFrame:
    """The teams' typical uplift (median over relationships) by three ways of reading it."""
    rows = {}
    for how in ("none", "all", "matched"):
        m = matched_comparison(book, how)
        rows[how] = float(m["uplift"].median()) if len(m) else float("nan")
    return pd.Series(rows, name="uplift").to_frame()


def pick_lost(book: Book, exclude: str | None = None) -> str | None:
    """A lost relationship to set beside the success: of the clients that left (fully or in
    part), the one that brought the most inflows in its first year (None if none left)."""
    o = book.outcomes.set_index("client_id")
    gone = o.index[o["churn_status"].astype(str) != "active"].difference([exclude])
    if not len(gone):
        return None
    months = sorted(book.panel["month"].unique())[:12]
    # Prefer one whose last year before leaving lies inside the book, so it can be read whole.
    late = gone[o.loc[gone, "churn_month"].astype(str).to_numpy() > months[-1]]
    gone = late if len(late) else gone
    first = book.panel[book.panel["month"].isin(months)].groupby("client_id")["inflow"].sum()
    first = first.reindex(gone).fillna(0.0)
    return str(first.sort_values(ascending=False, kind="stable").index[0])


def lost_figures(book: Book, client_id: str | None) -> dict:
    """What the lost relationship lived through in the year before it left."""
    if client_id is None:
        return {"lost": None}
    o = book.outcomes.set_index("client_id").loc[client_id]
    left = str(o["churn_month"])
    start = str(pd.Period(left, freq="M") - 12)
    it = book.interactions[book.interactions["client_id"] == client_id]
    ym = it["date"].dt.strftime("%Y-%m")
    contacts = int(((ym >= start) & (ym < left)).sum())
    comp = book.complaints[book.complaints["client_id"] == client_id]
    cm = comp["opened_on"].dt.strftime("%Y-%m")
    days = (comp["resolved_on"] - comp["opened_on"]).dt.days
    p = book.panel[book.panel["client_id"] == client_id].set_index("month")["inflow"]
    before = p[(p.index >= start) & (p.index < left)]
    after = p[p.index >= left]
    acts = book.tables["team_activities"]
    return {
        "lost": client_id,
        "lost_status": str(o["churn_status"]),
        "left": left,
        "contacts": contacts,
        "complaints": int(((cm >= start) & (cm < left)).sum()),
        "late": int((((cm >= start) & (cm < left)) & (days > 15)).sum()),
        "team_visits": int((acts["client_id"] == client_id).sum()),
        "drop": float(change(before.mean(), after.mean())) if len(after) else -1.0,
    }
