"""The one timing helper the benchmarks share."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_time(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median wall seconds of fn over ``repeat`` runs, after one warm-up call."""
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def paired_cpu(
    slow: Callable[[], object], fast: Callable[[], object], rounds: int = 5, fast_repeat: int = 3
) -> tuple[float, float, float]:
    """Median CPU seconds of ``slow`` and of ``fast``, and the median of their ratio per round.

    The two run in alternation, each round ``slow`` once then ``fast`` ``fast_repeat`` times
    (its best counts): on a shared machine whose speed drifts from minute to minute, the ratio
    of runs made side by side moves far less than either time. CPU time of this process, not
    wall time, so another process taking a core does not count against either.
    """
    slow()
    fast()
    slow_t, fast_t, ratios = [], [], []
    for _ in range(rounds):
        t = time.process_time()
        slow()
        s = time.process_time() - t
        best = float("inf")
        for _ in range(fast_repeat):
            t = time.process_time()
            fast()
            best = min(best, time.process_time() - t)
        slow_t.append(s)
        fast_t.append(best)
        ratios.append(s / best)
    return statistics.median(slow_t), statistics.median(fast_t), statistics.median(ratios)
