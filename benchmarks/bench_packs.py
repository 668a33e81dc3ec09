"""Pack-building benchmark: one bank's annual intake, 2,000 trainees × 6 exercises, built by
``casekit cohort build`` with one worker per CPU.

Run with `python benchmarks/bench_packs.py [N] [WORKERS]` (default 2000 trainees, one worker
per CPU). Target (issue 14): ≤ 5 minutes and ≤ 2 GB peak memory (all processes together) on a
2-core machine. Prints a Markdown table; nothing is asserted. The packs are built in a
temporary folder and deleted afterwards.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from casekit.cohort import build_packs, init_cohort


class PeakMemory:
    """The peak resident memory of this process and all its children, sampled every 0.2 s."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for p in [me, *me.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    continue
            self.peak = max(self.peak, total)
            self._stop.wait(0.2)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else (os.cpu_count() or 2)
    tmp = Path(tempfile.mkdtemp(prefix="casekit-bench-packs-"))
    try:
        roster = tmp / "roster.csv"
        rows = [f"P{i:05d},Trainee {i},{'zh' if i % 2 else 'en'},G{i % 12}" for i in range(n)]
        roster.write_text("trainee_id,name,lang,group\n" + "\n".join(rows) + "\n", "utf-8")
        cohort, _ = init_cohort(roster, tmp / "cohort")
        with PeakMemory() as mem:
            t = time.perf_counter()
            build_packs(cohort, progress=True, workers=workers)
            seconds = time.perf_counter() - t
        size = sum(p.stat().st_size for p in (tmp / "cohort" / "packs").rglob("*") if p.is_file())
        print(
            "\n| trainees × exercises | workers | CPUs | wall | per trainee | peak memory | packs on disk |"
        )
        print("|---|---|---|---|---|---|---|")
        print(
            f"| {n} × {len(cohort.exercises)} | {workers} | {os.cpu_count()} | {seconds:.0f} s "
            f"| {seconds / n * 1000:.0f} ms | {mem.peak / 2**30:.2f} GB | {size / 2**30:.2f} GB |"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
