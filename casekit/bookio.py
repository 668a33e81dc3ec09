"""Reading and writing books on disk: CSV for Excel (UTF-8 with BOM) or Parquet, plus a manifest.

A book folder holds ``book.json`` (parameters, files, row counts, checksums), one file per
observable table, and ``truth/`` with the hidden truth. Writes go to a temporary sibling
folder that is renamed into place at the end, so a failed write leaves nothing half-written.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from casekit import __version__
from casekit.book import Book
from casekit.errors import BadParameter, BookExistsError, BookNotFoundError
from casekit.schema import TABLE, Table
from casekit.simulate import BookParams, merge_facts, simulate_chunk
from casekit.simulate.world import Coded, Joined, Serial

MANIFEST = "book.json"
BOM = b"\xef\xbb\xbf"  # lets Excel open UTF-8 CSV with the Chinese intact
FORMATS = ("csv", "parquet")
_ARROW = {
    "str": pa.string(),
    "category": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "date": pa.date32(),  # CSV: 2024-03-05
    "month": pa.string(),  # 2024-03: a label, sorts as text
    "datetime": pa.timestamp("s"),  # CSV: 2024-03-05 09:30:00
}


def arrow_schema(table: Table) -> pa.Schema:
    """The on-disk Arrow schema of a table."""
    return pa.schema([(c.name, _ARROW[c.dtype]) for c in table.columns])


def _fixed_ascii(matrix: np.ndarray) -> pa.Array:
    """Equal-length ASCII strings, one per row of a uint8 matrix, as an Arrow string array."""
    n, width = matrix.shape
    offsets = np.arange(n + 1, dtype=np.int32 if n * width < 2**31 else np.int64) * width
    kind = pa.string() if offsets.dtype == np.int32 else pa.large_string()
    data = np.ascontiguousarray(matrix)
    arr = pa.Array.from_buffers(kind, n, [None, pa.py_buffer(offsets), pa.py_buffer(data)])
    return arr if kind == pa.string() else arr.cast(pa.string())


def _serial_arrow(values: Serial) -> pa.Array:
    """Ids such as I000000042 built as bytes in numpy: one matrix, no per-row strings."""
    nums = np.asarray(values.numbers, dtype=np.int64)
    prefix = values.prefix.encode("utf-8")
    if len(nums) == 0 or nums.min() < 0 or nums.max() >= 10**values.width or not prefix.isascii():
        digits = pc.utf8_lpad(pa.array(values.numbers).cast(pa.string()), values.width, "0")
        return pc.binary_join_element_wise(values.prefix, digits, "")
    return _fixed_ascii(_serial_bytes(nums, prefix, values.width))


@functools.lru_cache(maxsize=4)
def _digit_table(step: int) -> np.ndarray:
    """The zero-padded decimal digits of 0 .. 10**step - 1, one row of ASCII bytes each."""
    numbers = np.arange(10**step)
    return np.stack([(numbers // 10**j) % 10 + 48 for j in range(step - 1, -1, -1)], axis=1).astype(
        np.uint8
    )


def _serial_bytes(nums: np.ndarray, prefix: bytes, width: int) -> np.ndarray:
    """Prefix and zero-padded numbers (non-negative, below 10**width) as a matrix of bytes."""
    row = len(prefix) + width
    lo, hi = int(nums.min()), int(nums.max())
    if len(nums) > 2 * (hi - lo + 1):
        # Many rows share few ids (a table keyed by another's ids): each id is written once
        # and the rows take theirs as fixed-size items.
        ids = _serial_bytes(np.arange(lo, hi + 1), prefix, width)
        taken = ids.reshape(-1).view(f"S{row}").take(nums - lo)
        return taken.view(np.uint8).reshape(len(nums), row)
    out = np.empty((len(nums), row), np.uint8)
    out[:, : len(prefix)] = np.frombuffer(prefix, np.uint8)
    rest = nums.copy()
    end = row
    while end > len(prefix):  # four digits at a time, looked up
        step = min(4, end - len(prefix))
        digits = _digit_table(step).reshape(-1).view(f"S{step}").take(rest % 10**step)
        out[:, end - step : end] = digits.view(np.uint8).reshape(len(nums), step)
        rest //= 10**step
        end -= step
    return out


def _text_arrow(values: np.ndarray) -> pa.Array | None:
    """A numpy unicode array of equal-length ASCII strings (ids, months) as Arrow, or None."""
    if (
        values.dtype.kind != "U"
        or values.ndim != 1
        or values.dtype.itemsize == 0
        or not len(values)
    ):
        return None
    points = np.ascontiguousarray(values).view(np.uint32).reshape(len(values), -1)
    # Shorter strings are padded with NUL and non-ASCII needs UTF-8: leave those to Arrow.
    if points.min() == 0 or points.max() >= 128:
        return None
    return _fixed_ascii(points.astype(np.uint8))


def _labels_arrow(labels: np.ndarray, cache: dict[int, pa.Array] | None) -> pa.Array:
    """The labels of a Coded column as Arrow strings, converted once per array in ``cache``."""
    key = id(labels)
    if cache is not None and key in cache:
        return cache[key]
    arr = _text_arrow(labels)
    if arr is None:
        arr = pa.array(labels.astype(object), type=pa.string())
    if cache is not None:
        cache[key] = arr
    return arr


def _numpy_arrow(values: np.ndarray, kind: pa.DataType) -> pa.Array:
    """A numpy column as Arrow; NaN becomes null, as pandas would have it."""
    if values.dtype == np.float64 and kind == pa.float64() and values.ndim == 1:
        # No NaN, no nulls: Arrow can share numpy's buffer instead of copying it.
        if not np.isnan(values).any():
            return pa.array(values, type=kind)
    elif values.dtype == np.int64 and kind == pa.int64() and values.ndim == 1:
        return pa.array(values, type=kind)
    elif values.dtype.kind == "U" and kind == pa.string():
        arr = _text_arrow(values)
        if arr is not None:
            return arr
    return pa.array(values, type=kind, from_pandas=True)


def _coded_arrow(values: Coded, cache: dict[int, pa.Array] | None) -> pa.Array:
    """A Coded column as Arrow strings: labels of one byte length are taken as bytes in numpy.

    Ids and months all have the same length; numpy copies fixed-size items faster than
    Arrow's take builds a variable-length string array.
    """
    labels = _labels_arrow(values.labels, cache)
    codes = np.asarray(values.codes)
    if len(labels) and len(codes) and labels.null_count == 0 and codes.min() >= 0:
        ends = np.frombuffer(labels.buffers()[1], np.int32, len(labels) + 1, labels.offset * 4)
        width = int(ends[1] - ends[0])
        if (
            width > 0
            and ends[-1] - ends[0] == width * len(labels)
            and (np.diff(ends) == width).all()
        ):
            words = np.frombuffer(labels.buffers()[2], f"S{width}", len(labels), int(ends[0]))
            return _fixed_ascii(words.take(codes).view(np.uint8).reshape(len(codes), width))
    return pc.take(labels, pa.array(codes, type=pa.int32()))


def to_arrow(
    table: Table, data: dict[str, Any] | pd.DataFrame, cache: dict[int, pa.Array] | None = None
) -> pa.Table:
    """Columns (numpy arrays or a DataFrame) as an Arrow table in the schema's order and types.

    ``cache`` lets the tables of one chunk share the conversion of label arrays they have in
    common (the chunk's client ids); it must not outlive the arrays it was filled from.
    """
    arrays = []
    for col in table.columns:
        values = data[col.name]
        if isinstance(values, Coded):
            arrays.append(_coded_arrow(values, cache))
            continue
        if isinstance(values, Joined):
            arrays.append(values.arrow().cast(_ARROW[col.dtype]))
            continue
        if isinstance(values, Serial):
            arrays.append(_serial_arrow(values))
            continue
        if isinstance(values, pd.Series):
            arrays.append(pa.array(values, from_pandas=True).cast(_ARROW[col.dtype]))
            continue
        arrays.append(_numpy_arrow(np.asarray(values), _ARROW[col.dtype]))
    return pa.Table.from_arrays(arrays, schema=arrow_schema(table))


class _Writer:
    """Appends chunks of one table to its file, hashing the bytes as they are written."""

    def __init__(self, table: Table, folder: Path, fmt: str) -> None:
        self.table, self.fmt, self.rows = table, fmt, 0
        self.path = folder / f"{table.name}.{fmt}"
        self.hash = hashlib.sha256()
        self._file = open(self.path, "wb")
        if fmt == "csv":
            self._write(BOM)
        else:
            import pyarrow.parquet as pq

            self._pq = pq.ParquetWriter(
                self._file, arrow_schema(table), compression="zstd", compression_level=1
            )

    def _write(self, data: bytes) -> None:
        self.hash.update(data)
        self._file.write(data)

    def append(self, data: dict[str, Any] | pd.DataFrame | pa.Table) -> None:
        """Write one chunk of rows."""
        at = data if isinstance(data, pa.Table) else to_arrow(self.table, data)
        if self.fmt == "csv":
            import pyarrow.csv as pacsv

            buf = io.BytesIO()
            opts = pacsv.WriteOptions(include_header=self.rows == 0, quoting_style="needed")
            pacsv.write_csv(at, buf, write_options=opts)
            self._write(buf.getvalue())
        else:
            self._pq.write_table(at, row_group_size=1_000_000)
        self.rows += at.num_rows

    def close(self) -> dict[str, Any]:
        """Finish the file and return its manifest entry."""
        if self.fmt == "parquet":
            self._pq.close()
            self._file.close()
            digest = hashlib.sha256(self.path.read_bytes()).hexdigest()
        else:
            self._file.close()
            digest = self.hash.hexdigest()
        return {"file": self.path.name, "rows": self.rows, "sha256": digest}


def _check_target(out: Path, force: bool) -> None:
    if out.exists() and not out.is_dir():
        raise BadParameter(f"{out} is a file, not a folder: choose another --out")
    if out.is_dir() and any(out.iterdir()):
        if (out / MANIFEST).exists():
            if not force:
                raise BookExistsError(
                    f"{out} already holds a book: pass --force to replace it, or choose another --out"
                )
        else:
            raise BookExistsError(
                f"{out} is not empty and holds no book: choose an empty or new folder for --out"
            )
    parent = out.parent if not out.exists() else out
    parent = next((p for p in [parent, *parent.parents] if p.exists()), Path("/"))
    if not parent.is_dir():
        raise BadParameter(f"{parent} is a file, so {out} cannot be created: choose another --out")
    if not os.access(parent, os.W_OK):
        raise BadParameter(f"cannot write to {parent}: choose a folder you can write to for --out")


class _Staging:
    """A temporary sibling folder that replaces ``out`` only when everything was written."""

    def __init__(self, out: Path, force: bool) -> None:
        _check_target(out, force)
        self.out = out
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            self.tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
        except OSError as e:
            raise BadParameter(
                f"cannot write to {out.parent} ({e.strerror}): choose a folder you can "
                f"write to for --out"
            ) from None
        (self.tmp / "truth").mkdir()

    def commit(self) -> None:
        if self.out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old.", dir=self.out.parent))
            os.replace(self.out, old / "book")
            os.replace(self.tmp, self.out)
            shutil.rmtree(old)
        else:
            os.replace(self.tmp, self.out)

    def abort(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def arrow_chunk(params: BookParams, chunk: int) -> tuple[dict[str, pa.Table], dict[str, Any]]:
    """Simulate one chunk and convert every table to Arrow (in the worker, where it is parallel)."""
    tables, truth, facts = simulate_chunk(params, chunk)
    cache: dict[int, pa.Array] = {}
    converted = {name: to_arrow(TABLE[name], d, cache) for name, d in {**tables, **truth}.items()}
    return converted, facts


def spool_chunk(
    params: BookParams, chunk: int, folder: str
) -> tuple[dict[str, str], dict[str, Any]]:
    """Simulate one chunk in a worker and leave its tables in Arrow files in ``folder``.

    Files, not pickles: pickling a chunk's tables to send them back costs more than
    simulating them; an Arrow file is written once and memory-mapped by the writer.
    """
    import pyarrow.ipc as ipc

    tables, facts = arrow_chunk(params, chunk)
    paths = {}
    for name, at in tables.items():
        path = os.path.join(folder, f"{chunk:06d}.{name}.arrow")
        with pa.OSFile(path, "wb") as sink, ipc.new_file(sink, at.schema) as out:
            out.write_table(at)
        paths[name] = path
    return paths, facts


def _unspool(paths: dict[str, str]) -> dict[str, pa.Table]:
    """The tables of a spooled chunk, memory-mapped; the files are gone once they are dropped."""
    import pyarrow.ipc as ipc

    tables = {}
    for name, path in paths.items():
        tables[name] = ipc.open_file(pa.memory_map(path)).read_all()
        os.unlink(path)  # the mapping keeps the data until the table is let go
    return tables


def _spool_folder() -> str:
    """Where workers leave their chunks: CASEKIT_SPOOL, else shared memory, else the temp dir."""
    root = os.environ.get("CASEKIT_SPOOL") or (
        "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    )
    return tempfile.mkdtemp(prefix="casekit-spool-", dir=root)


def _chunks(
    params: BookParams, executor: Executor | None, window: int = 2, folder: str = ""
) -> Iterator[tuple[dict[str, pa.Table], dict]]:
    """Chunks in order; with an executor, a bounded window of chunks runs ahead in parallel.

    The workers leave their chunks in ``folder``, which the caller removes once they stop.
    """
    if executor is None:
        for k in range(params.n_chunks):
            yield arrow_chunk(params, k)
        return
    # One chunk in flight per worker keeps the cores busy while this process writes the
    # previous one; a longer queue would only hold more chunks in memory.
    futures = [
        executor.submit(spool_chunk, params, k, folder) for k in range(min(window, params.n_chunks))
    ]
    for k in range(params.n_chunks):
        paths, facts = futures[k].result()
        futures[k] = None  # type: ignore[call-overload] - let the chunk's memory go
        if k + window < params.n_chunks:
            futures.append(executor.submit(spool_chunk, params, k + window, folder))
        yield _unspool(paths), facts


def _parallel(pool: ThreadPoolExecutor, tasks: list[Callable[[], Any]]) -> list[Any]:
    """Run tasks on the pool and wait for all; their results in order, or the first error."""
    futures = [pool.submit(task) for task in tasks]
    return [f.result() for f in futures]


def write_book(
    params: BookParams,
    out: str | os.PathLike,
    fmt: str = "csv",
    force: bool = False,
    workers: int = 1,
    progress: bool = False,
) -> dict[str, Any]:
    """Generate a book chunk by chunk and stream it to ``out``; returns the manifest.

    Memory stays bounded by a few chunks whatever the size of the book.
    """
    params.check()
    if fmt not in FORMATS:
        raise BadParameter(
            f"unknown format {fmt!r}: choose csv (opens in Excel) or parquet (fast, compact)"
        )
    if not isinstance(workers, int) or workers < 1:
        raise BadParameter(f"--workers must be a whole number of at least 1, got {workers!r}")
    stage = _Staging(Path(out), force)
    try:
        writers = {
            t.name: _Writer(t, stage.tmp / ("truth" if t.truth else ""), fmt)
            for t in TABLE.values()
        }
        facts: dict[str, Any] = {}
        executor = ProcessPoolExecutor(workers) if workers > 1 and params.n_chunks > 1 else None
        spool = _spool_folder() if executor is not None else ""
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=params.clients, unit="clients", desc="generating")
        # Each table's file is written by one thread at a time, in chunk order, so the bytes
        # are those of a serial write; different files are encoded at once (Arrow lets go of
        # the GIL), which keeps one writing process from holding back the workers.
        threads = ThreadPoolExecutor(2 if workers > 1 else 1)
        try:
            for tables, chunk_facts in _chunks(params, executor, workers, spool):
                _parallel(threads, [partial(writers[k].append, at) for k, at in tables.items()])
                facts = merge_facts(facts, chunk_facts)
                if bar is not None:
                    bar.update(tables["clients"].num_rows)
            closed = _parallel(threads, [wr.close for wr in writers.values()])
        finally:
            threads.shutdown()
            if executor is not None:
                executor.shutdown(cancel_futures=True)  # waits for running chunks
                shutil.rmtree(spool, ignore_errors=True)
            if bar is not None:
                bar.close()
        files = dict(zip(writers, closed, strict=True))
        manifest = _manifest(params, fmt, files)
        (stage.tmp / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        (stage.tmp / "truth" / "facts.json").write_text(
            json.dumps(facts, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        stage.commit()
    except BaseException:
        stage.abort()
        raise
    return manifest


def _params_dict(params: BookParams) -> dict[str, Any]:
    out = {
        "clients": params.clients,
        "months": params.months,
        "seed": params.seed,
        "scenario": params.scenario,
        "start": params.start,
    }
    if params.chunk_size != BookParams.chunk_size:
        out["chunk_size"] = params.chunk_size
    return out


def _manifest(params: BookParams, fmt: str, files: dict[str, Any]) -> dict[str, Any]:
    return {
        "casekit_book": 1,
        "generator": f"casekit {__version__}",
        "params": _params_dict(params),
        "format": fmt,
        "tables": {k: v for k, v in files.items() if not TABLE[k].truth},
        "truth": {k: v for k, v in files.items() if TABLE[k].truth},
    }


def save_book(
    book: Book,
    out: str | os.PathLike,
    fmt: str = "csv",
    force: bool = False,
    include_truth: bool = True,
) -> dict[str, Any]:
    """Write an in-memory book; without truth it is an assessment pack a trainee may receive."""
    stage = _Staging(Path(out), force)
    try:
        files = {}
        frames = {**book.tables, **(book.truth if include_truth else {})}
        for name, df in frames.items():
            wr = _Writer(TABLE[name], stage.tmp / ("truth" if TABLE[name].truth else ""), fmt)
            wr.append(df)
            files[name] = wr.close()
        params = BookParams(**book.meta["params"]) if "params" in book.meta else BookParams()
        manifest = _manifest(params, fmt, files)
        if not include_truth:
            # An assessment pack: with the seed a trainee could regenerate the truth.
            del manifest["params"]["seed"]
        (stage.tmp / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        if include_truth and "facts" in book.meta:
            (stage.tmp / "truth" / "facts.json").write_text(
                json.dumps(book.meta["facts"], ensure_ascii=False, indent=2) + "\n",
                encoding="utf-8",
            )
        else:
            shutil.rmtree(stage.tmp / "truth")
        stage.commit()
    except BaseException:
        stage.abort()
        raise
    return manifest


def read_manifest(path: str | os.PathLike) -> dict[str, Any]:
    """The manifest of the book at ``path``; raises BookNotFoundError saying what to do."""
    folder = Path(path)
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BookNotFoundError(
            f"{folder} holds no book ({MANIFEST} is missing): generate one with "
            f"`casekit generate --out {folder}`"
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise BookNotFoundError(
            f"{folder / MANIFEST} is not valid JSON ({e}): regenerate the book"
        ) from None
