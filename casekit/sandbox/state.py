"""The sandbox's starting point: each client's state at the end of the book, from its tables and truth.

The trainee takes the portfolio over the month after the book ends. Everything the quarters
need is read here once: what the bank can see (balances, service record, contacts, warnings)
and what only the simulator knows (needs, take-up, PD, churn hazard, satisfaction, loyalty).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from casekit import catalog as cat
from casekit.book import Book
from casekit.scenarios import get_scenario
from casekit.simulate.relationship import LGD
from casekit.simulate.service import COMPLAINT_DAYS, EXTENDED_DAYS

# Months a client cannot be contacted between, and the floor under a contact rate: a client
# with no contact at all is a gap of log(planned / 0.25), not an infinite one.
_MIN_RATE = 0.25
# The generator's loan pricing: a size premium over the LPR plus 0.45 × PD (relationship.py).
_SIZE_PREMIUM = {"large": -0.0045, "medium": -0.0015, "small": 0.0025, "micro": 0.0055}


@dataclass
class State:
    """Client arrays (one entry per client of the book, in its order) and need arrays (one per need)."""

    quarter: int
    c: dict[str, np.ndarray]  # per client
    needs: dict[str, np.ndarray]  # per hidden need
    warned: dict[str, np.ndarray] = field(default_factory=dict)  # warnings seen last quarter
    totals: dict[str, float] = field(default_factory=dict)  # running sums over the quarters

    def copy(self) -> State:
        """A deep copy, so a snapshot is never changed by the quarters after it."""
        return copy.deepcopy(self)


def gap_of(rate: np.ndarray, planned: np.ndarray) -> np.ndarray:
    """Contact below plan, as the generator measures it: max(0, −log(rate / planned))."""
    return np.maximum(0.0, -np.log(np.maximum(rate, _MIN_RATE) / planned))


def initial_state(book: Book) -> State:
    """Every client's state at the end of the book (quarter 0 of the sandbox)."""
    clients = book.clients
    ids = clients["client_id"].astype(str).to_numpy()
    pos = pd.Series(np.arange(len(ids)), index=ids)
    n = len(ids)
    scen = get_scenario(book.meta["params"]["scenario"])
    months = sorted(book.panel["month"].astype(str).unique())
    last, last3, last6, last12 = months[-1], months[-3:], months[-6:], months[-12:]
    p = book.panel
    pm = p["month"].astype(str)
    recent = p[pm.isin(last3)]
    ix = pos[recent["client_id"].astype(str)].to_numpy()

    def per_client(values: np.ndarray, idx: np.ndarray, mean_over: float = 1.0) -> np.ndarray:
        return np.bincount(idx, weights=values, minlength=n) / mean_over

    present = np.zeros(n, bool)
    present[pos[p.loc[pm == last, "client_id"].astype(str)].to_numpy()] = True
    outcomes = book.outcomes.set_index(book.outcomes["client_id"].astype(str)).loc[ids]
    end = p[pm == last]
    npl_ids = end.loc[end["loan_class"].astype(str).isin(cat.NPL_CLASSES), "client_id"]
    npl = np.zeros(n, bool)
    npl[pos[npl_ids.astype(str)].to_numpy()] = True
    size = clients["size_class"].astype(str).to_numpy()
    tier = clients["tier"].astype(str).to_numpy()

    truth = book.truth["client_truth"].set_index("client_id").loc[ids]
    pd_annual = truth["pd_annual"].to_numpy(float)
    # Service record: requests and breaches by client, over the whole book and its last months.
    sr = book.service_requests
    sr_c = pos[sr["client_id"].astype(str)].to_numpy()
    turnaround = (sr["processed_at"] - sr["accepted_at"]).dt.total_seconds().to_numpy() / 3600
    breach = turnaround > sr["sla_hours"].to_numpy(float)
    sr_m = sr["accepted_at"].dt.strftime("%Y-%m").to_numpy()
    req = np.bincount(sr_c, minlength=n)
    brc = np.bincount(sr_c, weights=breach, minlength=n)
    bank_rate = brc.sum() / max(req.sum(), 1)
    # Shrink each client's breach rate to the bank's: a client with one request is not 0 or 1.
    breach_p = (brc + 4 * bank_rate) / (req + 4)
    cm = book.complaints
    cm_c = pos[cm["client_id"].astype(str)].to_numpy()
    days = (cm["resolved_on"] - cm["opened_on"]).dt.days.to_numpy()
    ext = cm["extended"].to_numpy(bool)
    outside = ((days > COMPLAINT_DAYS) & ~ext) | (days > EXTENDED_DAYS)
    cm_m = cm["opened_on"].dt.strftime("%Y-%m").to_numpy()
    inter = book.interactions
    it_c = pos[inter["client_id"].astype(str)].to_numpy()
    it_m = inter["date"].dt.strftime("%Y-%m").to_numpy()
    planned = np.array([scen.contacts_per_year[t] for t in tier])
    contacts_yr = np.bincount(it_c[np.isin(it_m, last12)], minlength=n).astype(float)

    dep = per_client(recent["deposit_avg"].to_numpy(float), ix, 3.0)
    status = np.where(
        ~present,
        "gone",
        np.where(outcomes["churn_status"].astype(str).to_numpy() == "partial", "partial", "active"),
    ).astype(object)
    c = {
        "present": present,
        "status": status,
        "size": size,
        "tier": tier,
        "rating": clients["rating"].astype(str).to_numpy(),
        "deposit": np.where(present, dep, 0.0),
        "deposit_start": np.where(present, dep, 0.0),
        "loan": np.where(
            present, per_client(end["loan_balance"].to_numpy(float), _ix(pos, end)), 0.0
        ),
        "fee": np.where(present, per_client(recent["fee_income"].to_numpy(float), ix, 3.0), 0.0),
        "npl": npl & present,
        "spread": np.array([_SIZE_PREMIUM[s] for s in size]) + 0.45 * pd_annual,
        "lgd": np.full(n, LGD),
        "pd": pd_annual,
        "churn_h": -np.log1p(-truth["churn_hazard_annual"].to_numpy(float)) / 12,
        "satisfaction": truth["satisfaction"].to_numpy(float),
        "satisfaction_book": truth["satisfaction"].to_numpy(float),
        "loyalty": truth["loyalty"].to_numpy(float),
        "requests_pm": req / len(months),
        "breach_p": breach_p,
        "planned": planned,
        "contacts_q": np.tile((contacts_yr / 4)[:, None], (1, 4)),  # the last four quarters
        "breach_m": _by_month(sr_c[breach], sr_m[breach], last6, n),  # the last six months
        "complaint_m": _by_month(cm_c, cm_m, last6, n),
        "late_m": _by_month(cm_c[outside], cm_m[outside], last12, n),  # the last twelve
        "competitor_left": np.zeros(n),  # months a competitor's offer stays on the table
        "full_u": np.zeros(n),  # set by the sim from its client-level stream
    }
    c["contact_book"] = contacts_yr
    c["breach_book"] = c["breach_m"].sum(axis=1) * 2  # a year's worth
    c["complaint_book"] = c["complaint_m"].sum(axis=1) * 2
    c["late_book"] = c["late_m"].sum(axis=1)
    needs = _needs(book, pos)
    warned = _last_warnings(book, pos, months[-3:])
    # A warning on a client already gone, or on a loan already in default (a workout case, as
    # the generator's early-warning system treats it), is nothing to act on.
    keep = present[warned["client"]] & ~npl[warned["client"]]
    warned = {k: v[keep] for k, v in warned.items()}
    return State(quarter=0, c=c, needs=needs, warned=warned)


def _ix(pos: pd.Series, frame: pd.DataFrame) -> np.ndarray:
    return pos[frame["client_id"].astype(str)].to_numpy()


def _by_month(c: np.ndarray, m: np.ndarray, window: list[str], n: int) -> np.ndarray:
    """Client × month counts over the book's last months (oldest first)."""
    out = np.zeros((n, len(window)))
    col = {x: j for j, x in enumerate(window)}
    for ci, mi in zip(c, m, strict=True):
        j = col.get(mi)
        if j is not None:
            out[ci, j] += 1
    return out


def _needs(book: Book, pos: pd.Series) -> dict[str, np.ndarray]:
    """The hidden needs, open (not yet served) and not yet revealed to the RM."""
    t = book.truth["needs"]
    end = np.datetime64(sorted(book.panel["month"].astype(str).unique())[-1], "M")
    due = (t["due_month"].astype(str).to_numpy().astype("datetime64[M]") - end).astype(np.int64)
    served = t["served"].to_numpy(bool)
    return {
        "client": pos[t["client_id"].astype(str)].to_numpy(),
        "need": t["need"].astype(str).to_numpy(),
        "value": t["value"].to_numpy(float),
        "urgency": t["urgency"].to_numpy(np.int64),
        "take_up": t["take_up"].to_numpy(float),
        "due": due,  # months after the book's last month
        "open": ~served,
        "met": served,
        "lost": np.zeros(len(t), bool),  # fell due unmet: the client went elsewhere
        "revealed": np.zeros(len(t), bool),
    }


def _last_warnings(book: Book, pos: pd.Series, window: list[str]) -> dict[str, np.ndarray]:
    """Warnings of the book's last quarter: what the trainee may act on in quarter 1."""
    wn = book.warnings
    recent = wn[wn["month"].astype(str).isin(window)]
    return {
        "client": pos[recent["client_id"].astype(str)].to_numpy(),
        "signal": recent["signal"].astype(str).to_numpy(),
    }
