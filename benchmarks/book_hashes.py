"""Fingerprints of generated books: sha256 of every file, to prove a speed-up changed no byte.

    python benchmarks/book_hashes.py --out before.json     # before optimising
    python benchmarks/book_hashes.py --check before.json   # after: exits 1 on any difference

Covers the default book (CSV and Parquet), each scenario at 2,000 clients with seeds 7 and
2027, the smallest bank (50 clients, 12 months), a book of several chunks (written by one
process and by two workers), a branch of 6,000 clients (the big-book paths), and the
in-memory frames of `generate_book` (values and dtypes), which do not go through the writer.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

import pandas as pd

import casekit
from casekit.bookio import write_book
from casekit.scenarios import SCENARIOS
from casekit.simulate import BookParams


def configs() -> dict[str, tuple[BookParams, str]]:
    """Named book configurations and the format each is written in."""
    out = {"default-csv": (BookParams(), "csv"), "default-parquet": (BookParams(), "parquet")}
    for name in SCENARIOS:
        for seed in (7, 2027):
            out[f"{name}-{seed}"] = (BookParams(scenario=name, seed=seed), "csv")
    out["smallest"] = (BookParams(clients=50, months=12), "csv")
    out["chunks-parquet"] = (BookParams(clients=1234, seed=3, chunk_size=400), "parquet")
    # A branch of more than 5,000 clients takes the big-book paths (fewer balancing tries).
    out["big-branch"] = (BookParams(clients=6000, seed=5, scenario="rural"), "parquet")
    return out


def _frame_digest(df: pd.DataFrame) -> str:
    h = hashlib.sha256()
    h.update(repr(list(zip(df.columns, map(repr, df.dtypes), strict=True))).encode())
    for c in df.columns:  # the categories and their order, which a value hash does not see
        if isinstance(df[c].dtype, pd.CategoricalDtype):
            h.update(repr(list(df[c].cat.categories)).encode())
            h.update(repr(df[c].cat.codes.dtype).encode())
        h.update(repr((type(df[c].array), df[c].to_numpy().flags.writeable)).encode())
    h.update(pd.util.hash_pandas_object(df, index=True).to_numpy().tobytes())
    return h.hexdigest()


def _files(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def fingerprints() -> dict[str, dict[str, str]]:
    """sha256 of every file of every configured book, plus digests of in-memory frames."""
    result: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (params, fmt) in configs().items():
            folder = Path(tmp) / name
            write_book(params, folder, fmt=fmt)
            result[name] = _files(folder)
            if params.n_chunks > 1:
                # Parallel workers must write the very same bytes as one process.
                write_book(params, Path(tmp) / f"{name}-w2", fmt=fmt, workers=2)
                if _files(Path(tmp) / f"{name}-w2") != result[name]:
                    result[name]["(written by 2 workers)"] = "differs"
    for seed in (42, 2027):
        book = casekit.generate_book(seed=seed)
        frames = {**book.tables, **book.truth}
        result[f"memory-{seed}"] = {k: _frame_digest(v) for k, v in sorted(frames.items())}
    return result


def main() -> None:
    """Write fingerprints to a file, or check them against one."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--out", type=Path, help="write fingerprints to this JSON file")
    group.add_argument(
        "--check", type=Path, help="compare with this JSON file; exit 1 if any differ"
    )
    args = ap.parse_args()
    now = fingerprints()
    if args.out:
        args.out.write_text(json.dumps(now, indent=1) + "\n")
        print(f"{sum(map(len, now.values()))} fingerprints written to {args.out}")
        return
    before = json.loads(args.check.read_text())
    diffs = [
        f"{book}/{f}"
        for book in sorted(set(before) | set(now))
        for f in sorted(set(before.get(book, {})) | set(now.get(book, {})))
        if before.get(book, {}).get(f) != now.get(book, {}).get(f)
    ]
    for d in diffs:
        print("DIFFERS:", d)
    n = sum(map(len, now.values()))
    print(f"{n - len(diffs)} of {n} fingerprints identical")
    sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
