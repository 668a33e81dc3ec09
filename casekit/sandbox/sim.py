"""The sandbox run: decide, advance, observe, score, rewind and replay, quarter by quarter.

A run is its bank, its seed and its decisions: nothing else is kept as evidence. A replay
recomputes every quarter from the decisions alone, so a claimed outcome is never trusted.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from casekit.book import Book
from casekit.errors import BadParameter
from casekit.messages import check_lang, say
from casekit.sandbox import decisions as D
from casekit.sandbox import quarter as Q
from casekit.sandbox import rules as R
from casekit.sandbox import scorecard as S
from casekit.sandbox.state import State, initial_state
from casekit.scenarios import get_scenario

Policy = Callable[["Sim"], object]


class Sim:
    """One trainee's run of the sandbox on one bank (see casekit.sandbox.start)."""

    def __init__(
        self,
        book: Book,
        *,
        quarters: int = 8,
        lang: str = "en",
        mode: str = "practice",
        seed: int | None = None,
        hours_budget: float = R.DEFAULT_HOURS_BUDGET,
        service_budget: float | None = None,
        _start: State | None = None,
    ) -> None:
        self.lang = check_lang(lang)
        if mode not in ("practice", "assessment"):
            raise BadParameter(say("bad_mode", lang, value=mode))
        if not book.has_truth:
            raise BadParameter(say("sb_needs_truth", lang))
        if not isinstance(quarters, int) or not 1 <= quarters <= 40:
            raise BadParameter(say("bad_number", lang, what="quarters (1..40)", value=quarters))
        self.book, self.quarters, self.mode = book, quarters, mode
        self.seed = int(book.meta["params"]["seed"] if seed is None else seed)
        self.scenario = get_scenario(book.meta["params"]["scenario"])
        if _start is None:
            _start = initial_state(book)
            Q.prepare(_start, self.scenario, self.seed)
            c = _start.c
            _start.totals = {
                "clients_start": int((c["status"] != "gone").sum()),
                "deposits_start": float(c["deposit"].sum()),
            }
            _start.totals["contribution_start"] = S.metrics(_start, None)["contribution"]
        # Service costs follow the branch's scale of business: a share of its 综合贡献度.
        scale = max(_start.totals["contribution_start"], 0.0)
        facts = book.meta.get("facts", {})
        self._facts = {
            "bottleneck_stage": facts.get("bottleneck_stage", self.scenario.bottleneck),
            "cost": {k: round(v * scale, 2) for k, v in R.IMPROVEMENT_COST_SHARE.items()},
        }
        self.hours_budget = float(hours_budget)
        self.service_budget = float(
            round(R.SERVICE_BUDGET_SHARE * scale, 2) if service_budget is None else service_budget
        )
        self._ids = book.clients["client_id"].astype(str).to_numpy()
        self._pos = {cid: i for i, cid in enumerate(self._ids)}
        self._snapshots: list[State] = [_start.copy()]
        self._state = _start.copy()
        self._results: list[dict] = []
        self.history: list[pd.DataFrame] = []
        self.observed: list[dict[str, pd.DataFrame]] = []  # observe() of every quarter so far
        self._pending: pd.DataFrame | None = None
        self._refs: dict[str, Sim] = {}
        self.dropped = 0  # rows a lenient replay dropped (see replay)

    # What a trainee does each quarter.
    @property
    def quarter(self) -> int:
        """Quarters simulated so far (0 before the first advance)."""
        return self._state.quarter

    def _context(self) -> dict:
        c = self._state.c
        level: dict[int, str] = {}
        for ci, sig in zip(self._state.warned["client"], self._state.warned["signal"], strict=True):
            if c["status"][ci] == "gone":
                continue  # a warning on a client who has left is nothing to act on
            lv = R.SIGNAL_LEVEL[sig]
            level[int(ci)] = max(lv, level.get(int(ci), lv), key=R.LEVELS.index)
        return {
            "pos": self._pos,
            "example": self._ids[0],
            "here": c["status"] != "gone",
            "rating": c["rating"],
            "npl": c["npl"],
            "level": level,
            "hours_budget": self.hours_budget,
            "service_budget": self.service_budget,
            "cost": self._facts["cost"],
            "lang": self.lang,
        }

    def decide(self, decisions: object) -> pd.DataFrame:
        """Check this quarter's decisions and hold them for advance(); a bad row is refused whole."""
        if self.quarter >= self.quarters:
            raise D.BadDecision(say("sb_finished", self.lang, quarters=self.quarters))
        try:
            self._pending = D.check(decisions, self._context(), self.lang)
        except D.BadDecision as e:
            # Said outright: a refusal costs the trainee nothing already simulated.
            kept = say("sb_kept", self.lang, done=self.quarter) if self.quarter else ""
            raise D.BadDecision(str(e) + kept) from None
        return self._pending

    def advance(self, decisions: object = None) -> pd.DataFrame:
        """Simulate the next quarter (with ``decisions`` if given, else those decided); its scorecard."""
        if decisions is not None:
            self.decide(decisions)
        if self.quarter >= self.quarters:
            raise D.BadDecision(say("sb_finished", self.lang, quarters=self.quarters))
        dec = (
            self._pending
            if self._pending is not None
            else D.check(None, self._context(), self.lang)
        )
        self._pending = None
        state = self._state.copy()
        met_before = int(state.needs["met"].sum())
        res = Q.simulate(state, dec, self.scenario, self.seed, self._facts)
        t = state.totals
        t["credit_losses"] = t.get("credit_losses", 0.0) + float(res["losses"].sum())
        t["full_churn"] = t.get("full_churn", 0) + int(res["full"].sum())
        t["partial_churn"] = t.get("partial_churn", 0) + int(res["partial"].sum())
        t["needs_met"] = t.get("needs_met", 0) + int(state.needs["met"].sum()) - met_before
        res["decisions"] = dec
        res["warned"] = dict(state.warned)
        self._state = state
        self._results.append(res)
        self._snapshots.append(state.copy())
        self.history.append(_plain(dec))
        self.observed.append(self.observe())
        return self.scorecard(references=False)

    def run(self, policy: Policy, quarters: int | None = None) -> Sim:
        """Advance the remaining quarters (or ``quarters`` of them), each decided by ``policy(self)``."""
        todo = self.quarters - self.quarter if quarters is None else quarters
        for _ in range(todo):
            self.advance(policy(self))
        return self

    # What a trainee sees.
    def metrics(self) -> dict[str, float]:
        """The scorecard's figures after the last quarter, as a dict."""
        return S.metrics(self._state, self._results[-1] if self._results else None)

    def path(self) -> pd.DataFrame:
        """The scorecard's figures at the hand-over and after each quarter so far, one row each."""
        rows = [S.metrics(self._snapshots[0], None)]
        rows += [S.metrics(s, r) for s, r in zip(self._snapshots[1:], self._results, strict=True)]
        return pd.DataFrame(rows).rename_axis("quarter")

    def scorecard(self, references: bool = True) -> pd.DataFrame:
        """This quarter's scorecard on the four lenses and value, beside the two references."""
        refs = {}
        if references:
            for name in ("do_nothing", "best_known"):
                refs[name] = self.reference(name).metrics()
        return S.frame(self.metrics(), self.lang, **refs)

    def observe(self) -> dict[str, pd.DataFrame]:
        """What the bank saw in the quarter just simulated: observable tables, never the truth."""
        from casekit.sandbox.observe import observe

        return observe(self)

    # Counterfactuals and references, on the same draws.
    def counterfactual(self, policy: Policy | None = None) -> Sim:
        """The same bank and draws, run to this quarter under ``policy`` (default: do nothing)."""
        from casekit.sandbox.policies import do_nothing

        other = self._fresh()
        return other.run(policy or do_nothing, self.quarter)

    def reference(self, name: str) -> Sim:
        """The do-nothing or best-known run, to this quarter (computed once, extended as needed)."""
        from casekit.sandbox.policies import best_known, do_nothing

        policy = {"do_nothing": do_nothing, "best_known": best_known}[name]
        ref = self._refs.get(name)
        if ref is None or ref.quarter > self.quarter:
            ref = self._refs[name] = self._fresh()
        return ref.run(policy, self.quarter - ref.quarter)

    def effects(self) -> pd.DataFrame:
        """What the decisions moved: each metric against the do-nothing counterfactual, same draws."""
        base = self.reference("do_nothing").metrics()
        mine = self.metrics()
        out = S.frame(mine, self.lang, do_nothing=base)
        out["effect"] = out["value"] - out["do_nothing"]
        return out

    def debrief(self) -> pd.DataFrame:
        """Which kind of decision moved which outcome, each against its counterfactual."""
        from casekit.sandbox.debrief import debrief

        return debrief(self)

    # Rewind and replay.
    def rewind(self, quarter: int) -> Sim:
        """Go back to the end of ``quarter`` (0 = the start): later quarters are forgotten."""
        if not isinstance(quarter, int) or not 0 <= quarter <= self.quarter:
            raise BadParameter(say("sb_bad_quarter", self.lang, value=quarter, last=self.quarter))
        self._state = self._snapshots[quarter].copy()
        del self._snapshots[quarter + 1 :], self._results[quarter:], self.history[quarter:]
        del self.observed[quarter:]
        self._pending = None
        return self

    def record(self) -> dict:
        """The run as plain data: its settings and decisions (and the scorecard, for reading only)."""
        return {
            "seed": self.seed,
            "quarters": self.quarters,
            "hours_budget": self.hours_budget,
            "service_budget": self.service_budget,
            # Blank fields left out: a whole run stays small enough to travel as an answer.
            "decisions": [
                [{k: v for k, v in row.items() if v is not None} for row in h.to_dict("records")]
                for h in self.history
            ],
            "scorecard": self.metrics(),
        }

    def _fresh(self) -> Sim:
        return Sim(
            self.book, quarters=self.quarters, lang=self.lang, mode=self.mode, seed=self.seed,
            hours_budget=self.hours_budget, service_budget=self.service_budget,
            _start=self._snapshots[0],
        )  # fmt: skip

    def _truth(self) -> State:
        """The simulator's own state, truth included: for the best-known policy only.

        A trainee in assessment mode never holds a run with the truth (start() refuses a
        book without it), so only the grader's replay, which computes the references, reads it.
        """
        return self._state


def _plain(dec: pd.DataFrame) -> pd.DataFrame:
    """Decisions as the trainee would write them: the columns of rules.COLUMNS, no positions."""
    out = dec.reindex(columns=list(R.COLUMNS)).astype(object)
    return out.where(pd.notna(out), None)


def replay(
    book: Book, record: dict, *, lang: str = "en", mode: str = "practice", lenient: bool = False
) -> Sim:
    """Recompute a recorded run from its decisions alone; any outcome it claims is ignored.

    ``lenient``: rows that no longer apply when their quarter comes (a client who has left, a
    warning no longer open: a plan made at the hand-over) are dropped, counted in
    ``sim.dropped``; a row that breaks a rule is still refused.
    """
    sim = Sim(
        book,
        quarters=int(record["quarters"]),
        lang=lang,
        mode=mode,
        seed=record.get("seed"),
        hours_budget=record.get("hours_budget", R.DEFAULT_HOURS_BUDGET),
        service_budget=record.get("service_budget"),
    )
    sim.dropped = 0
    for decisions in record.get("decisions", []):
        if lenient and decisions:
            rows = D.as_table(decisions, lang).to_dict("records")
            kept = [r for r in rows if _applies(sim._context(), r)]
            sim.dropped += len(rows) - len(kept)
            decisions = kept
        sim.advance(decisions or None)
    return sim


def _applies(ctx: dict, row: dict) -> bool:
    """False for a row made earlier that no longer applies: its client has left, its warning is
    no longer open (or now needs another response), or its client's loan has since defaulted.
    Anything else, a typo included, is left for the rules to judge."""
    cid = row.get("client_id")
    where = ctx["pos"].get(cid) if isinstance(cid, str) else None
    kind = row.get("kind")
    if where is None or kind not in ("visit", "offer", "respond"):
        return True
    if not ctx["here"][where]:
        return False
    if kind == "respond":
        level = ctx["level"].get(where)
        return level is not None and (
            row.get("response") not in R.RESPONSES or row["response"] in R.ALLOWED_RESPONSES[level]
        )
    product = row.get("product")
    if kind == "offer" and R.PRODUCT_FAMILY.get(product) in R.CREDIT_FAMILIES:
        return not bool(ctx["npl"][where])
    return True


def claims_match(sim: Sim, record: dict, tol: float = 1e-9) -> bool:
    """Whether the scorecard a record claims is the one its decisions really give."""
    claimed = record.get("scorecard") or {}
    real = sim.metrics()
    return set(claimed) == set(real) and all(
        abs(float(claimed[k]) - real[k]) <= tol * max(1.0, abs(real[k])) for k in real
    )
