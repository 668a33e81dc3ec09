"""Books as pandas: generate one in memory, find the shipped datasets, load a book from disk."""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from casekit.book import Book
from casekit.bookio import BOM, arrow_chunk, arrow_schema, read_manifest, to_arrow
from casekit.errors import BookNotFoundError, BookValidationError
from casekit.resources import resource
from casekit.schema import TABLE, Table
from casekit.simulate import BookParams, merge_facts
from casekit.validate import check_references, check_rules, parse_columns

DATASETS = resource("datasets")


def data_path(name: str | os.PathLike = "default") -> Path:
    """The folder of a book: a shipped dataset by name (e.g. "default") or any folder path.

    CASEKIT_DATA overrides where shipped datasets live (for an installed, not cloned, casekit).
    """
    path = Path(name)
    if path.is_dir() or os.sep in str(name) or str(name).startswith("."):
        return path
    root = Path(os.environ.get("CASEKIT_DATA", DATASETS))
    return root / str(name)


@functools.lru_cache(maxsize=256)
def _categories(allowed: tuple[str, ...]) -> tuple[pd.CategoricalDtype, pa.Array]:
    """The pandas type of a category column and its code list in Arrow (built once each)."""
    dtype = pd.CategoricalDtype(pd.Index(list(allowed), dtype="str"), ordered=False)
    return dtype, pa.array(allowed, type=pa.string())


@functools.lru_cache(maxsize=1)
def _text_dtype() -> object:
    """The pandas type Arrow's own conversion gives a text column (pandas' "str")."""
    return pa.table({"x": pa.array([], pa.string())}).to_pandas()["x"].dtype


def _direct(arr: pa.ChunkedArray) -> object | None:
    """A column as pandas would get it from ``Table.to_pandas``, built directly; None if not.

    ``to_pandas`` costs about a tenth of a millisecond a column whatever its length, more than
    most of a small book's columns take to convert; these are the same arrays, without it.
    """
    kind = arr.type
    if pa.types.is_string(kind):
        dtype = _text_dtype()
        return dtype.__from_arrow__(arr) if hasattr(dtype, "__from_arrow__") else None
    if arr.null_count:
        return None
    if pa.types.is_floating(kind) or pa.types.is_integer(kind) or pa.types.is_boolean(kind):
        return np.array(arr.to_numpy(), copy=True)  # Arrow's buffers are read-only
    if pa.types.is_date32(kind):
        return arr.to_numpy().astype("datetime64[ms]")
    if pa.types.is_timestamp(kind) and kind.tz is None:
        return np.array(arr.to_numpy(), copy=True)
    return None


def typed_frame(table: Table, at: pa.Table) -> pd.DataFrame:
    """An Arrow table as a DataFrame with the schema's pandas types (categories, datetimes)."""
    columns: dict[str, object] = {}
    for col in table.columns:
        if col.dtype != "category":
            continue
        values = at.column(col.name)
        allowed = tuple(col.allowed or sorted(set(values.drop_null().to_pylist())))
        dtype, value_set = _categories(allowed)
        # Encode against the schema's own code list in Arrow (fast, and the categories keep
        # the catalogue's order); a value outside the list becomes a missing one.
        codes = pc.index_in(values, value_set=value_set)
        codes = codes.fill_null(-1).to_numpy().astype(np.int64)
        columns[col.name] = pd.Categorical.from_codes(codes, dtype=dtype, validate=False)
    # Text, numbers without nulls and dates are built directly; the rest (nullable numbers
    # and flags) go through pandas' own conversion, one block per column: consolidating a
    # big panel costs more than the whole simulation.
    other = []
    for name, arr in zip(at.column_names, at.columns, strict=True):
        if name in columns:
            continue
        x = _direct(arr)
        if x is None:
            other.append(name)
        else:
            columns[name] = x
    if other:
        rest = at.select(other).to_pandas(date_as_object=False, split_blocks=True)
        for name, x in zip(other, _arrays(rest), strict=True):
            columns[name] = np.array(x, copy=True) if x.dtype.kind in "fiubM" else x
    # Arrays, not Series: pandas then has no indexes to align.
    ordered = {name: columns[name] for name in at.column_names}
    return pd.DataFrame(ordered, index=pd.RangeIndex(at.num_rows), copy=False)


def _arrays(df: pd.DataFrame) -> list:
    """The columns of a DataFrame as arrays (numpy or pandas' own), without building Series."""
    get = getattr(df, "_get_column_array", None)  # pandas 2 and 3; else the public way
    if get is None:
        return [df.iloc[:, i].array for i in range(df.shape[1])]
    return [get(i) for i in range(df.shape[1])]


def generate_book(
    clients: int = 2000,
    months: int = 36,
    seed: int = 42,
    scenario: str = "national_branch",
    start: str = "2023-01",
) -> Book:
    """Generate a whole book in memory; same arguments → identical tables."""
    params = BookParams(clients=clients, months=months, seed=seed, scenario=scenario, start=start)
    params.check()
    parts: dict[str, list[pa.Table]] = {name: [] for name in TABLE}
    facts: dict = {}
    for k in range(params.n_chunks):
        tables, chunk_facts = arrow_chunk(params, k)
        facts = merge_facts(facts, chunk_facts)
        for name, at in tables.items():
            parts[name].append(at)
    frames = {name: typed_frame(TABLE[name], pa.concat_tables(p)) for name, p in parts.items()}
    meta = {"params": params.__dict__.copy(), "facts": facts}
    return Book(
        tables={k: v for k, v in frames.items() if not TABLE[k].truth},
        truth={k: v for k, v in frames.items() if TABLE[k].truth},
        meta=meta,
    )


def _cast_typed(at: pa.Table, table: Table, path: Path) -> pa.Table:
    """A Parquet table in the schema's column order and types, or an error naming the column."""
    schema = arrow_schema(table)
    for field in schema:
        if field.name not in at.column_names:
            raise BookValidationError(
                f"{path}: column '{field.name}' is missing; expected the columns "
                f"{', '.join(table.column_names)}. Regenerate the book."
            )
    columns = []
    for field in schema:
        try:
            columns.append(at[field.name].cast(field.type))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as e:
            raise BookValidationError(
                f"{path}: column '{field.name}' holds {at[field.name].type}, not {field.type} ({e}). "
                "Regenerate the book."
            ) from None
    return pa.Table.from_arrays(columns, schema=schema)


def check_encoding(path: Path) -> None:
    """A CSV must be UTF-8 (a BOM is fine): name the encoding it is in, the line and the fix."""
    data = path.read_bytes()
    fix = (
        "open it in Excel and save it as 'CSV UTF-8 (Comma delimited)' "
        "(另存为“CSV UTF-8(逗号分隔)”), or regenerate the book with `casekit generate`"
    )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BookValidationError(
            f"{path}: is saved as UTF-16 (Excel's 'Unicode Text'), not UTF-8; {fix}"
        )
    if data.startswith(BOM + BOM):
        raise BookValidationError(
            f"{path}: starts with two byte-order marks (it was saved twice with a BOM); "
            f"remove the extra one, {fix}"
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        try:
            data.decode("gbk")
            what = "is saved in GBK (Chinese Windows' default), not UTF-8"
        except UnicodeDecodeError:
            what = "is not UTF-8 text"
        raise BookValidationError(
            f"{path}: {what} (first bad byte on line {line}); {fix}"
        ) from None


def _read(path: Path, table: Table, as_text: bool) -> pa.Table:
    schema = arrow_schema(table)
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        at = pq.read_table(path)
        return at.cast(pa.schema([(f.name, pa.string()) for f in at.schema])) if as_text else at
    import pyarrow.csv as pacsv

    types = (
        {c: pa.string() for c in table.column_names}
        if as_text
        else dict(zip(schema.names, schema.types, strict=True))
    )
    convert = pacsv.ConvertOptions(
        column_types=types,
        strings_can_be_null=True,
        null_values=[""],
        true_values=["true", "TRUE", "True"],
        false_values=["false", "FALSE", "False"],
    )
    return pacsv.read_csv(path, convert_options=convert)


def _load_table(
    folder: Path, table: Table, entry: dict, validate: str
) -> tuple[pd.DataFrame, bool]:
    """One table; checked against the schema unless its bytes are exactly what was generated."""
    path = folder / ("truth" if table.truth else "") / entry["file"]
    if not path.exists():
        raise BookValidationError(
            f"{path} is missing: the book lists it in book.json; regenerate the book"
        )
    intact = validate == "auto" and hashlib.sha256(path.read_bytes()).hexdigest() == entry.get(
        "sha256"
    )
    if intact:
        return typed_frame(table, _read(path, table, as_text=False)), False
    if path.suffix == ".csv":
        check_encoding(path)
    try:
        raw = _read(path, table, as_text=path.suffix == ".csv")
    except (pa.ArrowInvalid, UnicodeDecodeError, OSError) as e:
        raise BookValidationError(
            f"{path}: cannot be read as {path.suffix[1:].upper()} ({e}); "
            f"restore the file or regenerate the book"
        ) from None
    if path.suffix == ".csv":
        parsed = parse_columns(raw.to_pandas(), table, path)
    else:
        parsed = typed_frame(table, _cast_typed(raw, table, path))
    check_rules(parsed, table, path)
    if len(parsed) != entry.get("rows", len(parsed)):
        raise BookValidationError(
            f"{path}: has {len(parsed)} rows but book.json says {entry['rows']}: "
            f"rows were added or deleted; restore the file or regenerate the book"
        )
    return typed_frame(table, to_arrow(table, parsed)), True


def load_book(
    path: str | os.PathLike = "default", *, truth: bool = True, validate: str = "auto"
) -> Book:
    """Load a book folder (or a shipped dataset by name) as DataFrames.

    validate="auto" checks a file against the schema only when its bytes differ from what the
    generator wrote; "always" checks every file. A broken file raises BookValidationError
    naming the file, the column, the first bad row and what was expected.
    """
    if validate not in ("auto", "always"):
        raise ValueError("validate must be 'auto' or 'always'")
    folder = data_path(path)
    if not folder.is_dir():
        raise BookNotFoundError(
            f"{folder} does not exist: generate a book there with `casekit generate --out {folder}`"
        )
    manifest = read_manifest(folder)
    entries = dict(manifest.get("tables", {}))
    if truth:
        entries.update(manifest.get("truth", {}))
    frames, checked, paths = {}, False, {}
    for name, entry in entries.items():
        if name not in TABLE:
            raise BookValidationError(
                f"{folder / 'book.json'}: unknown table {name!r}; regenerate the book"
            )
        frames[name], was_checked = _load_table(folder, TABLE[name], entry, validate)
        checked |= was_checked
        paths[name] = folder / ("truth" if TABLE[name].truth else "") / entry["file"]
    if checked:
        check_references(frames, paths)
    meta = {"params": manifest.get("params", {}), "path": str(folder)}
    facts = folder / "truth" / "facts.json"
    if truth and facts.exists():
        meta["facts"] = json.loads(facts.read_text(encoding="utf-8"))
    return Book(
        tables={k: v for k, v in frames.items() if not TABLE[k].truth},
        truth={k: v for k, v in frames.items() if TABLE[k].truth},
        meta=meta,
    )
