"""Which reading of a team's part comes closest to the truth, bank by bank (case 9's lesson).

    python benchmarks/bench_team_methods.py            # 3 scenarios x 6 seeds, 2,000 clients

For each bank: the median absolute error per team relationship of the three readings
(matched peers, all clients without a team, the team's own before/after) against
truth/team_truth, which is closest, and how far the teamed clients' industries drift above the
book's average a year (team_lean: the market a before/after credits to the team). Case 9 teaches that the matched comparison is the one
to trust; this shows on how many banks the data bears it out.
"""

from __future__ import annotations

import argparse

import pandas as pd

import casekit
from casekit.evaluate.teams import method_errors
from casekit.scenarios import SCENARIOS

SEEDS = (42, 7, 3, 11, 2027, 1)


def table(clients: int = 2000, seeds=SEEDS) -> pd.DataFrame:
    """One row per bank: each method's median absolute error and the closest method."""
    rows = []
    for scenario in sorted(SCENARIOS):
        for seed in seeds:
            book = casekit.generate_book(clients=clients, seed=seed, scenario=scenario)
            e = method_errors(book).set_index("method")
            drift = book.meta["facts"]["market_drift"]
            ind = book.clients["industry"].astype(str).map(drift).fillna(0.0)
            teamed = book.truth["team_truth"]["client_id"]
            lean = ind[book.clients["client_id"].isin(teamed)].mean() - ind.mean()
            rows.append(
                {
                    "scenario": scenario,
                    "seed": seed,
                    "teams": int(e["teams"].iloc[0]),
                    **{f"err_{m}": round(float(e.loc[m, "median_abs_error"]), 3) for m in e.index},
                    # How far above the book's average the teamed clients' markets drift.
                    "team_lean": round(float(lean), 3),
                    "closest": e.index[0],
                }
            )
    return pd.DataFrame(rows)


def main() -> None:
    """Print the table and the count of banks where each method is closest."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=2000)
    ap.add_argument("--seeds", type=int, nargs="+", default=list(SEEDS))
    args = ap.parse_args()
    t = table(args.clients, tuple(args.seeds))
    print(t.to_string(index=False))
    print("closest:", t["closest"].value_counts().to_dict(), f"of {len(t)} banks")
    print("matched better than none on", int((t["err_matched"] < t["err_none"]).sum()), "banks")


if __name__ == "__main__":
    main()
