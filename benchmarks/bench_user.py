"""What one trainee's server needs: peak memory and CPU of a kernel working through every
exercise (the solution notebooks, run top to bottom, as a trainee finishing them would).

Run with `python benchmarks/bench_user.py [LANG]`. The figures size JupyterHub's per-user
limits (deploy/README.md). Prints a Markdown table; nothing is asserted.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from casekit import nbbuild


def watch(seen: dict, stop: threading.Event) -> None:
    """Keep the peak memory and the CPU time of this process's kernels in ``seen``."""
    me = psutil.Process()
    while not stop.is_set():
        for p in me.children(recursive=True):
            try:
                if "ipykernel" in " ".join(p.cmdline()):
                    seen["rss"] = max(seen["rss"], p.memory_info().rss)
                    t = p.cpu_times()
                    seen["cpu"] = max(seen["cpu"], t.user + t.system)
            except psutil.Error:
                continue
        stop.wait(0.1)


def main() -> int:
    lang = sys.argv[1] if len(sys.argv) > 1 else "zh"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for nb in nbbuild.build_solutions(Path(tmp) / "src", (lang,)):
            seen, stop = {"rss": 0, "cpu": 0.0}, threading.Event()
            w = threading.Thread(target=watch, args=(seen, stop), daemon=True)
            w.start()
            t0 = time.perf_counter()
            nbbuild.run(nb, Path(tmp) / "out", html=False)
            wall = time.perf_counter() - t0
            stop.set()
            w.join()
            rows.append((nb.stem, seen["rss"] / 2**20, seen["cpu"], wall))
    print("\n| exercise | kernel peak memory | kernel CPU | wall |\n|---|---|---|---|")
    for stem, mb, cpu_s, wall in rows:
        print(f"| {stem} | {mb:.0f} MB | {cpu_s:.1f} s | {wall:.1f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
