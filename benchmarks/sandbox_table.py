"""The sandbox's scorecards: do nothing, random, the scripted sensible policy and the best known
one, on each scenario's default-size bank over 8 quarters; then the speed of a quarter and of
an 8-quarter replay. ``python -m benchmarks.sandbox_table [--clients N] [--seed S]``.
"""

from __future__ import annotations

import argparse

import pandas as pd

import casekit
from benchmarks.timing import median_time
from casekit import sandbox as sb
from casekit.sandbox import charts
from casekit.scenarios import SCENARIOS

POLICIES = {
    "do_nothing": sb.do_nothing,
    "random": sb.random_policy(0),
    "sensible": sb.sensible,
    "best_known": sb.best_known,
}
SHOWN = ("nps", "deposits", "fee_income", "needs_met", "npl_ratio", "credit_losses",
         "full_churn", "partial_churn", "attrition_rate", "contribution", "raroc")  # fmt: skip


def table(book: casekit.Book, quarters: int = 8) -> pd.DataFrame:
    """Each policy's final scorecard (columns) on one bank, and its contribution's position."""
    runs = {name: sb.start(book, quarters=quarters).run(p) for name, p in POLICIES.items()}
    out = pd.DataFrame({name: run.metrics() for name, run in runs.items()}).loc[list(SHOWN)]
    base, best = out.at["contribution", "do_nothing"], out.at["contribution", "best_known"]
    out.loc["contribution: 0 = nothing, 1 = best"] = [
        charts.position(v, base, best) for v in out.loc["contribution"]
    ]
    m = {name: run.metrics() for name, run in runs.items()}
    out.loc["score (exercise 10, pass 0.2)"] = [
        charts.run_score(m[name], m["do_nothing"], m["best_known"])[0] for name in runs
    ]
    return out


def main() -> None:
    """Print the table for every scenario, then the timings on the first."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--clients", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--quarters", type=int, default=8)
    args = ap.parse_args()
    pd.set_option("display.width", 140)
    for scenario in SCENARIOS:
        book = casekit.generate_book(clients=args.clients, seed=args.seed, scenario=scenario)
        print(
            f"\n## {scenario} ({args.clients} clients, seed {args.seed}, {args.quarters} quarters)"
        )
        print(table(book, args.quarters).to_string(float_format=lambda x: f"{x:,.3f}"))
    book = casekit.generate_book(clients=args.clients, seed=args.seed)
    decisions = sb.sensible(sb.start(book))
    quarter = median_time(lambda: sb.start(book).advance(decisions))
    record = sb.start(book).run(sb.sensible).record()
    replay = median_time(lambda: sb.replay(book, record), repeat=3)
    print(
        f"\none quarter: {quarter:.3f} s (target 1 s); 8-quarter replay: {replay:.3f} s (target 5 s)"
    )


if __name__ == "__main__":
    main()
