"""Case benchmarks: each notebook's execution time, and each evaluation function's time.

Run with `python benchmarks/bench_cases.py`. Targets (issue: case notebooks): every notebook
under 10 s of kernel time with default parameters; every evaluation function under 100 ms on
the default book (fast enough for widgets). Prints Markdown tables; nothing is asserted.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pandas as pd

import casekit
from casekit import catalog as cat
from casekit import nbbuild
from casekit.evaluate import (
    did_estimate,
    evaluate_plan,
    evaluate_warnings,
    four_lens,
    score_effect,
    score_needs,
    score_priority,
    true_priority,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import median_time


def notebooks(lang: str) -> list[tuple[str, float, float]]:
    """(notebook, wall seconds, kernel seconds summed over cells) for each case."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for source in nbbuild.sources(nbbuild.ROOT / "notebooks" / "src"):
            nb = nbbuild.target(source, lang, nbbuild.ROOT / "notebooks")
            t = time.perf_counter()
            out = nbbuild.run(nb, Path(tmp), html=False)
            wall = time.perf_counter() - t
            executed = nbformat.read(out, as_version=4)
            kernel = sum(
                c.metadata.get("papermill", {}).get("duration") or 0 for c in executed.cells
            )
            rows.append((f"{lang}/{source.stem}", wall, kernel))
    return rows


def evaluations() -> list[tuple[str, float]]:
    """Each evaluation function on the default book, on the inputs a case gives it."""
    book = casekit.load_book("default")
    key = book.clients.loc[book.clients["tier"] == "key", "client_id"].tolist()
    t = book.truth["needs"]
    pairs = t[t["client_id"].isin(key)][["client_id", "need"]]
    ranked = true_priority(book, clients=key)[["client_id", "need"]]
    open_ = t[t["client_id"].isin(key) & ~t["served"]]
    plan = pd.DataFrame(
        {
            "client_id": open_["client_id"],
            "product": open_["need"].astype(str).map(cat.NEED_PRODUCT),
        }
    )
    flags = book.warnings[["client_id", "month"]]
    return [
        (
            "score_needs (260 key clients)",
            median_time(lambda: score_needs(pairs, book, clients=key)),
        ),
        (
            "score_priority (260 key clients)",
            median_time(lambda: score_priority(ranked, book, clients=key)),
        ),
        (
            "evaluate_plan (260 key clients, with coverage)",
            median_time(
                lambda: evaluate_plan(
                    plan, book, clients=key, coverage={c: "standard" for c in key}
                )
            ),
        ),
        (
            "evaluate_warnings (all warning events)",
            median_time(lambda: evaluate_warnings(flags, book)),
        ),
        ("four_lens", median_time(lambda: four_lens(book))),
        ("did_estimate (deposits)", median_time(lambda: did_estimate(book, "deposits"))),
        ("score_effect", median_time(lambda: score_effect(0.08, book))),
    ]


def main() -> None:
    """Print both tables."""
    print("| evaluation function | median time | target |\n|---|---|---|")
    for name, sec in evaluations():
        print(f"| {name} | {sec * 1000:.0f} ms | < 100 ms |")
    print(
        "\n| notebook | wall time (papermill, incl. kernel start) | kernel time (sum of cells) | target |\n|---|---|---|---|"
    )
    langs = sys.argv[1:] or ["en", "zh"]
    for lang in langs:
        for name, wall, kernel in notebooks(lang):
            print(f"| {name} | {wall:.1f} s | {kernel:.1f} s | < 10 s |")


if __name__ == "__main__":
    main()
