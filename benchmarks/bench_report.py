"""Report benchmark: the cohort report (gradebook, exports, item analysis with a Rasch model,
competency profiles, one feedback page per trainee) for a simulated cohort.

Run with `python benchmarks/bench_report.py [TRAINEES]` (default 2000, every exercise). Target
(issue 16): at most 60 s for 2,000 trainees × 6 exercises on this machine. The grades are
simulated (casekit.cohort.simgrades: known abilities), written once and not timed; the report is
timed twice, cold (first imports included) and warm. Prints a Markdown table; nothing is
asserted.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def main(n: int) -> None:
    """Time write_report on a simulated cohort of ``n`` trainees."""
    t0 = time.perf_counter()
    from casekit.cohort import init_cohort
    from casekit.cohort.report import write_report
    from casekit.cohort.simgrades import simulate

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        rows = [f"B{i:05d},Trainee {i},{'zh' if i % 2 else 'en'},G{i % 8}" for i in range(n)]
        (root / "roster.csv").write_text(
            "trainee_id,name,lang,group\n" + "\n".join(rows) + "\n", encoding="utf-8"
        )
        cohort, _ = init_cohort(root / "roster.csv", root / "cohort")
        rng = np.random.default_rng(16)
        abilities = {t.trainee_id: float(rng.normal()) for t in cohort.trainees}
        simulate(cohort, abilities, rng, blind=["03.q3"])
        setup = time.perf_counter() - t0
        times = []
        for _ in range(2):
            t = time.perf_counter()
            index = write_report(cohort)
            times.append(time.perf_counter() - t)
        pages = len(list((index.parent / "trainees").glob("*.html")))
        size = sum(p.stat().st_size for p in index.parent.rglob("*") if p.is_file()) / 1e6
    print(
        "| trainees × exercises | setup s (not timed) | report s, cold | report s, warm | pages | MB |"
    )
    print("|---|---|---|---|---|---|")
    print(
        f"| {n} × {len(cohort.exercises)} | {setup:.1f} | {times[0]:.1f} | {times[1]:.1f} "
        f"| {pages + 1} | {size:.0f} |"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
