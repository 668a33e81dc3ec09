"""Sandbox speed: one quarter on the default bank (target ≤ 1 s) and an 8-quarter replay (≤ 5 s)."""

from __future__ import annotations

import casekit
from benchmarks.timing import median_time
from casekit import sandbox as sb


def main() -> None:
    """Print the median time of one quarter's advance and of a whole recorded run's replay."""
    book = casekit.load_book("default")
    sim = sb.start(book)
    decisions = sb.sensible(sim)

    def one_quarter() -> None:
        sb.start(book).advance(decisions)

    record = sb.start(book).run(sb.sensible).record()
    print(
        f"one quarter (2,000 clients, sensible decisions): {median_time(one_quarter):.3f} s (target 1 s)"
    )
    replay = median_time(lambda: sb.replay(book, record), repeat=3)
    print(f"8-quarter replay from the record: {replay:.3f} s (target 5 s)")


if __name__ == "__main__":
    main()
