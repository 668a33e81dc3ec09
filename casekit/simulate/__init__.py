"""The generator: one seeded call builds a whole corporate book, chunk by chunk (branch by branch).

The causal chain runs one way: firm attributes → hidden needs, risk and loyalty → observable
behaviour → outcomes. Each chunk of clients is simulated from its own random streams, so a
chunk's tables depend only on (seed, scenario, months, start, chunk) and large books can be
generated in parallel and streamed to disk.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from casekit import catalog as cat
from casekit.errors import BadParameter
from casekit.scenarios import DEFAULT_SCENARIO, Scenario, get_scenario
from casekit.simulate import (
    activity,
    firms,
    panel,
    prospects,
    relationship,
    service,
    teams,
    timeline,
)
from casekit.simulate.world import World, month_str

CHUNK_SIZE = 20_000  # clients per branch; the unit of streaming and parallelism
MAX_CLIENTS = 5_000_000
MAX_MONTHS = 120


@dataclass(frozen=True)
class BookParams:
    """Everything that determines a book: same params → identical tables."""

    clients: int = 2000
    months: int = 36
    seed: int = 42
    scenario: str = DEFAULT_SCENARIO
    start: str = "2023-01"
    # Clients per chunk (a branch). Part of what determines the book, so it is a parameter,
    # but only tests change it: they need several chunks without millions of clients.
    chunk_size: int = CHUNK_SIZE

    def check(self) -> Scenario:
        """Validate the parameters and return the scenario; raises BadParameter saying what to do."""
        if not isinstance(self.clients, int) or not 50 <= self.clients <= MAX_CLIENTS:
            raise BadParameter(
                f"--clients must be a whole number from 50 to {MAX_CLIENTS:,}, got {self.clients!r}"
            )
        if not isinstance(self.months, int) or not 12 <= self.months <= MAX_MONTHS:
            raise BadParameter(
                f"--months must be a whole number from 12 to {MAX_MONTHS}, got {self.months!r}"
            )
        if not isinstance(self.chunk_size, int) or self.chunk_size < 50:
            raise BadParameter(f"chunk_size must be at least 50, got {self.chunk_size!r}")
        if not isinstance(self.seed, int) or not 0 <= self.seed < 2**63:
            raise BadParameter(f"--seed must be a non-negative whole number, got {self.seed!r}")
        try:
            np.datetime64(self.start, "M")
        except ValueError:
            raise BadParameter(
                f"--start must be a month written YYYY-MM, got {self.start!r}"
            ) from None
        return get_scenario(self.scenario)

    @property
    def n_chunks(self) -> int:
        """How many branches (chunks) the book is generated in."""
        return -(-self.clients // self.chunk_size)

    @property
    def id_width(self) -> int:
        """Digits in client ids: C00042 for small books, wider for large ones."""
        return max(5, len(str(self.clients)))


def _set_hugepages(on: bool) -> bool:
    """Turn numpy's huge-page advice for big arrays on or off; returns the previous setting."""
    setter = getattr(getattr(np, "_core", None), "multiarray", None)
    setter = getattr(setter, "_set_madvise_hugepage", None)
    return bool(setter(on)) if setter is not None else on


def simulate_chunk(params: BookParams, chunk: int) -> tuple[dict[str, dict], dict[str, dict], dict]:
    """Simulate one branch of the book: (observable tables, truth tables, truth facts)."""
    # A chunk allocates hundreds of fresh arrays of a few MB that live for a second; huge-page
    # advice makes the kernel compact memory on their first touch, which doubled the system
    # time of a cold chunk (it changes where bytes live, never what they are).
    previous = _set_hugepages(False)
    try:
        return _simulate_chunk(params, chunk)
    finally:
        _set_hugepages(previous)


def _simulate_chunk(
    params: BookParams, chunk: int
) -> tuple[dict[str, dict], dict[str, dict], dict]:
    """The body of `simulate_chunk`."""
    scenario = params.check()
    if not 0 <= chunk < params.n_chunks:
        raise BadParameter(f"chunk {chunk} is outside this book's chunks 0..{params.n_chunks - 1}")
    first = chunk * params.chunk_size
    n = min(params.chunk_size, params.clients - first)
    w = World(
        seed=params.seed,
        chunk=chunk,
        n=n,
        months=params.months,
        start=np.datetime64(params.start, "M"),
        scenario=scenario,
        id_offset=first,
        id_width=params.id_width,
        n_rm_offset=chunk * 1000,
    )
    firms.make_firms(w)
    relationship.make_needs(w)
    relationship.make_holdings(w)
    relationship.make_tiers_and_rms(w)
    timeline.make_pilot(w)
    service.make_service(w)
    timeline.make_satisfaction(w)
    timeline.make_events(w)
    teams.make_teams(w)
    tables = {"clients": _clients_table(w), "rms": w.tables["rms"]}
    tables["panel"] = panel.make_panel(w)
    tables["holdings"] = relationship.holdings_table(w, w.a["exit_month"])
    tables["interactions"] = activity.make_interactions(w)
    tables["service_requests"], tables["complaints"] = activity.service_tables(w)
    tables["surveys"] = activity.make_surveys(w)
    tables["warnings"] = activity.make_warnings(w)
    tables["outcomes"] = activity.outcomes_table(w)
    truth, facts = _truth(w)
    chain_tables, chain_truth = prospects.make_prospects(w, tables["panel"])
    tables.update(chain_tables)
    truth.update(chain_truth)
    tables["team_activities"] = teams.activities_table(w)
    truth["team_truth"] = teams.truth_table(w)
    facts["market_drift"] = teams.market_drift(w)
    return tables, truth, facts


def merge_facts(total: dict, chunk: dict) -> dict:
    """Facts of a whole book from its chunks: settings are shared, realised effects add up."""
    if not total:
        out = dict(chunk)
    else:
        out = dict(total)
        out["nps_att_sum"] = total["nps_att_sum"] + chunk["nps_att_sum"]
        out["nps_att_n"] = total["nps_att_n"] + chunk["nps_att_n"]
    n = out["nps_att_n"]
    out["pilot_effect_realised"] = {"nps_points": round(out["nps_att_sum"] / n, 6) if n else 0.0}
    return out


def _clients_table(w: World) -> dict[str, np.ndarray]:
    a = w.a
    blank = lambda x: np.where(x == "", None, x).astype(object)  # noqa: E731
    since = np.datetime64(w.start, "Y").astype(int) + 1970 - a["tenure_years"]
    return {
        "client_id": w.client_ids,
        "name_zh": a["name_zh"],
        "name_en": a["name_en"],
        "industry": a["section"],
        "division": a["division"],
        "size_class": a["size"],
        "region": a["region"],
        "ownership": a["ownership"],
        "group_id": blank(a["group_id"]),
        "parent_id": blank(a["parent_id"]),
        "staff": a["staff"],
        "revenue": np.round(a["revenue"], 1),
        "total_assets": np.round(a["assets"], 1),
        "total_liabilities": np.round(a["assets"] * a["leverage"], 1),
        "receivable_days": a["receivable_days"],
        "top_buyer_share": a["top_buyer_share"],
        "rating": a["rating"],
        "tier": a["tier"],
        "rm_id": a["rm_id"],
        "client_since": since.astype(np.int64),
    }


def _truth(w: World) -> tuple[dict[str, dict], dict]:
    a = w.a
    rows = [(np.flatnonzero(a["need"][k]), k) for k in cat.NEED_CODES]
    c = np.concatenate([r for r, _ in rows])
    need = np.concatenate([np.full(len(r), k, dtype=object) for r, k in rows])
    value = np.concatenate([a["need_value"][k][r] for r, k in rows])
    urgency = np.concatenate([a["need_urgency"][k][r] for r, k in rows]).astype(np.int64)
    served = np.concatenate([a["served"][k][r] for r, k in rows])
    due = np.concatenate([a["need_due"][k][r] for r, k in rows])
    # Take-up of a product that serves the need: urgency, relationship depth (wallet share),
    # and fit; a realistic cross-sell conversion of about one in ten to one in three.
    take_up = np.clip(
        0.03 + 0.03 * urgency + 0.1 * a["wallet"][c] + 0.03 * a["loyalty"][c], 0.02, 0.45
    )
    order = np.lexsort((np.array([cat.NEED_CODES.index(x) for x in need]), c))
    truth = {
        "needs": {
            "client_id": w.client_ids[c][order],
            "need": need[order],
            "value": value[order],
            "urgency": urgency[order],
            "served": served[order],
            "due_month": month_str(w.start, w.months - 1 + due[order]),
            "take_up": np.round(take_up[order], 3),
        },
        "client_truth": {
            "client_id": w.client_ids,
            "pd_annual": np.round(a["pd"], 5),
            "churn_hazard_annual": np.round(a["churn_hazard"], 5),
            "loyalty": np.round(a["loyalty"], 3),
            "satisfaction": np.round(a["satisfaction"], 3),
        },
        "rm_truth": w.truth["rms"],
    }
    att_sum, att_n = w.a.get("nps_att", (0.0, 0))
    facts = {
        "nps_att_sum": att_sum,
        "nps_att_n": att_n,
        "pilot_start": str(month_str(w.start, np.array([w.pilot_start]))[0]),
        "pilot_effect": dict(w.pilot_effect),
        "bottleneck_stage": w.scenario.bottleneck,
        "stuck_stage": w.scenario.stuck_stage,
        "slow_request_types": list(w.scenario.slow_request_types),
        "loyalty_links": dict(w.scenario.loyalty_links),
        "sla_hours": dict(service.SLA_HOURS),
    }
    return truth, facts
