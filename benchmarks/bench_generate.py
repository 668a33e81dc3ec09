"""Generator benchmarks: the default book, a million clients to Parquet, and a naive baseline.

Run with `make bench` (or `python benchmarks/bench_generate.py --quick` to skip the million).
Prints a Markdown table; numbers go in the issue notes, not in assertions (machines are noisy).

- default book: `casekit.generate_book()` in memory, and `write_book` to CSV (target < 1 s);
- 1,000,000 clients × 36 months to Parquet with 2 workers: wall time (target < 60 s), CPU
  seconds of all processes (what the load of a shared machine barely changes), and peak
  memory: resident memory of the whole process tree sampled from /proc, plus the chunks the
  workers have spooled to shared memory (target < 3 GB); benchmarks/bench_million.py repeats
  this run alone and prints the best and the spread;
- per-client speed against benchmarks/naive_generator.py, a Faker-and-dicts row-by-row loop
  doing the same kind of work, in the same run (target ≥ 20×); the naive loop builds 5
  tables where casekit builds 17, so the speed-up per cell of output is shown beside it.

benchmarks/book_hashes.py proves that a speed-up changed no byte of any book.
- `casekit --help` start-up time (target well under 1 s).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import casekit
from casekit.bookio import write_book
from casekit.simulate import BookParams

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import median_time, paired_cpu


def _tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, from /proc."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(c) for c in children)
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def _folder_bytes(folder: Path) -> int:
    """Bytes of the files in a folder (chunks the workers spooled to shared memory)."""
    total = 0
    for p in folder.iterdir():
        try:
            total += p.stat().st_size
        except FileNotFoundError:
            continue
    return total


def run_with_peak(cmd: list[str]) -> tuple[float, int, int, float]:
    """Wall time, peak memory, exit code and CPU seconds (all processes) of a command.

    CPU seconds barely depend on what else the shared machine runs; wall time does.

    Memory is the resident memory of the process tree plus the chunks its workers have left
    in shared memory and the writer has not yet mapped (those live in RAM, not in any RSS).
    """
    spool = Path(
        tempfile.mkdtemp(
            prefix="bench-spool-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None
        )
    )
    env = {**os.environ, "CASEKIT_SPOOL": str(spool)}
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            spooled = sum(_folder_bytes(d) for d in spool.iterdir() if d.is_dir())
            peak = max(peak, _tree_rss(proc.pid) + spooled)
            time.sleep(0.1)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    proc.wait()
    done.set()
    th.join()
    wall = time.perf_counter() - t
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = cpu1.ru_utime - cpu0.ru_utime + cpu1.ru_stime - cpu0.ru_stime
    shutil.rmtree(spool, ignore_errors=True)
    return wall, peak, proc.returncode, cpu


def _cells(frames: dict) -> tuple[int, int]:
    """Number of tables and of cells (rows × columns) in a set of DataFrames."""
    return len(frames), sum(df.shape[0] * df.shape[1] for df in frames.values())


def _process_times(args: list[str], repeat: int) -> list[float]:
    """Wall seconds of ``repeat`` fresh Python processes running ``args``."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run([sys.executable, *args], capture_output=True, check=True)
        times.append(time.perf_counter() - t)
    return times


def main() -> None:
    """Run the benchmarks and print a Markdown table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="skip the million-client run")
    ap.add_argument("--naive-clients", type=int, default=2000)
    args = ap.parse_args()
    rows = []

    t_mem = median_time(lambda: casekit.generate_book())
    rows.append(("default book (2,000 clients × 36 months) in memory", f"{t_mem:.2f} s", "< 1 s"))
    with tempfile.TemporaryDirectory() as tmp:
        t_csv = median_time(lambda: write_book(BookParams(), Path(tmp) / "b", force=True))
    rows.append(("default book written to CSV (all 13 tables)", f"{t_csv:.2f} s", "< 1 s"))

    from naive_generator import generate_naive

    n = args.naive_clients
    t_naive = median_time(lambda: generate_naive(n, 36, seed=1), repeat=3)
    t_ours = median_time(lambda: casekit.generate_book(clients=n, seed=1), repeat=3)
    rows.append((f"naive row-by-row generator, {n:,} clients", f"{n / t_naive:,.0f} clients/s", ""))
    rows.append(
        (f"casekit generator, {n:,} clients (all tables)", f"{n / t_ours:,.0f} clients/s", "")
    )
    t_chunk = median_time(lambda: casekit.generate_book(clients=20_000, seed=1), repeat=3)
    rows.append(
        ("casekit generator, 20,000 clients (one chunk)", f"{20_000 / t_chunk:,.0f} clients/s", "")
    )
    rows.append(
        (
            f"speed-up per client, wall ({n:,} / 20,000 clients)",
            f"{t_naive / t_ours:.0f}× / {(t_naive / n) / (t_chunk / 20_000):.0f}×",
            "≥ 20×",
        )
    )
    # The same, measured side by side in CPU time (the machine's speed drifts between runs).
    naive_cpu, ours_cpu, ratio = paired_cpu(
        lambda: generate_naive(n, 36, seed=1), lambda: casekit.generate_book(clients=n, seed=1)
    )
    _, chunk_cpu, chunk_ratio = paired_cpu(
        lambda: generate_naive(n, 36, seed=1),
        lambda: casekit.generate_book(clients=20_000, seed=1),
        rounds=3,
        fast_repeat=1,
    )
    rows.append(
        (
            f"speed-up per client, CPU time side by side ({n:,} / 20,000 clients)",
            f"{ratio:.1f}× / {chunk_ratio * 20_000 / n:.1f}× "
            f"(naive {naive_cpu:.2f} s, casekit {ours_cpu * 1000:.0f} ms / {chunk_cpu:.2f} s)",
            "≥ 20×",
        )
    )

    # A trainee's notebook pays for a fresh process: imports and the first book together.
    fresh = _process_times(["-c", "import casekit; casekit.generate_book()"], 3)
    rows.append(("default book in a fresh process (imports included)", f"{min(fresh):.2f} s", ""))

    # The comparison per client is the target; the naive loop builds fewer tables and
    # columns than casekit does, so the same figure per cell of output is shown beside it.
    naive_cells = _cells(generate_naive(n, 36, seed=1))
    book = casekit.generate_book(clients=n, seed=1)
    our_cells = _cells({**book.tables, **book.truth})
    rows.append(
        (
            f"output per {n:,} clients: naive / casekit (tables, cells)",
            f"{naive_cells[0]}, {naive_cells[1]:,} / {our_cells[0]}, {our_cells[1]:,}",
            "",
        )
    )
    rows.append(
        (
            f"speed-up per cell of output ({n:,} clients)",
            f"{(t_naive / naive_cells[1]) / (t_ours / our_cells[1]):.0f}×",
            "",
        )
    )

    help_times = _process_times(["-m", "casekit.cli", "--help"], 5)
    rows.append(("`casekit --help`", f"{statistics.median(help_times):.2f} s", "≪ 1 s"))

    if not args.quick:
        with tempfile.TemporaryDirectory() as tmp:
            cmd = [
                sys.executable,
                "-m",
                "casekit.cli",
                "generate",
                "--clients",
                "1000000",
                "--format",
                "parquet",
                "--workers",
                "2",
                "--quiet",
                "--out",
                str(Path(tmp) / "big"),
            ]
            wall, peak, code, cpu = run_with_peak(cmd)
            size = sum(p.stat().st_size for p in (Path(tmp) / "big").rglob("*") if p.is_file())
        assert code == 0, "the million-client run failed"
        rows.append(
            ("1,000,000 clients × 36 months → Parquet, 2 workers", f"{wall:.1f} s", "< 60 s")
        )
        rows.append(("… CPU seconds, all processes", f"{cpu:.0f} s", ""))
        rows.append(
            ("… peak resident memory, whole process tree", f"{peak / 2**30:.2f} GB", "< 3 GB")
        )
        rows.append(("… size on disk", f"{size / 2**20:,.0f} MB", ""))

    print("| benchmark | result | target |\n|---|---|---|")
    for name, value, target in rows:
        print(f"| {name} | {value} | {target} |")


if __name__ == "__main__":
    main()
