"""The million-client run alone, several times: wall time and peak memory, with the load.

    python benchmarks/bench_million.py --repeat 3 [--clients 1000000] [--workers 2]

Prints one line per run (wall seconds, peak resident memory of the whole process tree, the
1-minute load average before and after) and the best and spread; the machine is shared, so
the best run is the figure to compare against the target (< 60 s, < 3 GB).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_generate import run_with_peak


def main() -> None:
    """Run the big generation ``--repeat`` times and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--clients", type=int, default=1_000_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--format", default="parquet", choices=("parquet", "csv"))
    args = ap.parse_args()
    walls, peaks, cpus = [], [], []
    for i in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "big"
            cmd = [
                sys.executable, "-m", "casekit.cli", "generate",
                "--clients", str(args.clients), "--format", args.format,
                "--workers", str(args.workers), "--quiet", "--out", str(out),
            ]  # fmt: skip
            load0 = os.getloadavg()[0]
            wall, peak, code, cpu = run_with_peak(cmd)
            load1 = os.getloadavg()[0]
            size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        if code != 0:
            sys.exit(f"run {i + 1} failed with exit code {code}")
        walls.append(wall)
        peaks.append(peak)
        cpus.append(cpu)
        print(
            f"run {i + 1}: {wall:.1f} s, {cpu:.0f} CPU s, peak {peak / 2**30:.2f} GB, {size / 2**20:,.0f} MB "
            f"on disk, load {load0:.2f} -> {load1:.2f}",
            flush=True,
        )
    print(
        f"best {min(walls):.1f} s (spread {min(walls):.1f}-{max(walls):.1f} s); "
        f"CPU {min(cpus):.0f}-{max(cpus):.0f} s; "
        f"peak memory {min(peaks) / 2**30:.2f}-{max(peaks) / 2**30:.2f} GB"
    )


if __name__ == "__main__":
    main()
