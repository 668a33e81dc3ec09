"""Checking a table against the schema, with errors that name the file, column, row and rule.

Parsing text into numbers and dates is done here; the rules themselves (allowed values,
ranges, patterns, uniqueness, missing values) are compiled from casekit.schema into a
pandera schema, so the checks are a well-kept library's and the messages are ours.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from casekit.errors import BookValidationError
from casekit.schema import TABLE, Column, Table

_BOOL = {
    "true": True,
    "false": False,
    "TRUE": True,
    "FALSE": False,
    "True": True,
    "False": False,
    "1": True,
    "0": False,
}
_DATE_FORMAT = {"date": "%Y-%m-%d", "datetime": "%Y-%m-%d %H:%M:%S"}


def expected(col: Column) -> str:
    """What a column accepts, in words, for error messages and the data dictionary."""
    words = {
        "str": "text",
        "category": "one of the allowed codes",
        "int": "a whole number",
        "float": "a number",
        "bool": "true or false",
        "date": "a date YYYY-MM-DD",
        "month": "a month YYYY-MM",
        "datetime": "a time YYYY-MM-DD HH:MM:SS",
    }[col.dtype]
    if col.allowed:
        shown = ", ".join(col.allowed[:12]) + (" …" if len(col.allowed) > 12 else "")
        words = f"one of {shown}"
    if col.min is not None and col.max is not None:
        words += f" from {col.min:g} to {col.max:g}"
    elif col.min is not None:
        words += f" of at least {col.min:g}"
    if col.unit:
        words += f" ({col.unit})"
    if col.unique:
        words += ", unique"
    if not col.nullable:
        words += ", never empty"
    return words


def _fail(
    path: Path, col: Column, row: int, value: object, why: str, more: int = 0
) -> BookValidationError:
    line = f"line {row + 2}" if path.suffix == ".csv" else f"row {row}"
    extra = f" ({more} more problem{'s' if more != 1 else ''} in this file)" if more else ""
    return BookValidationError(
        f"{path}: column '{col.name}', {line} (data row {row}): {why} {value!r}; expected "
        f"{expected(col)}.{extra} Fix the file, or regenerate the book with `casekit generate`."
    )


def parse_columns(df: pd.DataFrame, table: Table, path: Path) -> pd.DataFrame:
    """Turn text columns into the schema's types; raise on the first value that is not one."""
    missing = [c for c in table.column_names if c not in df.columns]
    if missing:
        raise BookValidationError(
            f"{path}: column '{missing[0]}' is missing (the header has {', '.join(map(str, df.columns))}); "
            f"expected the columns {', '.join(table.column_names)}. Restore the header or regenerate the book."
        )
    out = {}
    for col in table.columns:
        raw = df[col.name]
        text = raw.astype(object).where(raw.notna(), None)
        if col.dtype in ("int", "float"):
            parsed = pd.to_numeric(raw, errors="coerce")
            # inf and -inf parse as numbers but no balance or count is infinite.
            infinite = parsed.notna() & ~np.isfinite(parsed.fillna(0))
            if infinite.any():
                first = int(infinite.to_numpy().nonzero()[0][0])
                raise _fail(path, col, first, text.iloc[first], "is not a finite number:")
            bad = text.notna() & parsed.isna()
            if col.dtype == "int":
                bad |= parsed.notna() & (parsed != parsed.round())
        elif col.dtype == "bool":
            parsed = text.map(_BOOL)
            bad = text.notna() & parsed.isna()
        elif col.dtype in _DATE_FORMAT:
            parsed = pd.to_datetime(raw, format=_DATE_FORMAT[col.dtype], errors="coerce")
            bad = text.notna() & parsed.isna()
        else:
            parsed, bad = text, pd.Series(False, index=df.index)
        if bad.any():
            first = int(bad.to_numpy().nonzero()[0][0])
            raise _fail(path, col, first, text.iloc[first], "cannot read", int(bad.sum()) - 1)
        out[col.name] = parsed
    return pd.DataFrame(out, index=df.index)


def _pandera_schema(table: Table):
    import pandera.pandas as pa

    cols = {}
    for c in table.columns:
        checks = []
        if c.allowed:
            checks.append(pa.Check.isin(list(c.allowed)))
        if c.min is not None:
            checks.append(pa.Check.ge(c.min))
        if c.max is not None:
            checks.append(pa.Check.le(c.max))
        if c.pattern:
            checks.append(pa.Check.str_matches(c.pattern))
        cols[c.name] = pa.Column(checks=checks, nullable=c.nullable, unique=c.unique, name=c.name)
    return pa.DataFrameSchema(cols, strict=False)


def check_key(df: pd.DataFrame, table: Table, path: Path) -> None:
    """Rows must be unique on the table's key (e.g. one panel row per client and month)."""
    if not table.key:
        return
    dup = df.duplicated(list(table.key), keep="first").to_numpy()
    if dup.any():
        row = int(dup.nonzero()[0][0])
        first = int(
            (df[list(table.key)] == df[list(table.key)].iloc[row]).all(axis=1).to_numpy().argmax()
        )
        line = (lambda r: f"line {r + 2}") if path.suffix == ".csv" else (lambda r: f"row {r}")
        values = ", ".join(f"{k}={df[k].iloc[row]!r}" for k in table.key)
        raise BookValidationError(
            f"{path}: {line(row)} repeats {line(first)} ({values}): each "
            f"{' and '.join(table.key)} may appear once ({int(dup.sum())} repeated rows). "
            "Delete the repeated row, or regenerate the book with `casekit generate`."
        )


def check_rules(df: pd.DataFrame, table: Table, path: Path) -> None:
    """Check parsed columns against the schema's rules; raise naming the first broken one."""
    import pandera.errors as pe

    check_key(df, table, path)
    try:
        _pandera_schema(table).validate(df, lazy=True)
    except pe.SchemaErrors as err:
        cases = err.failure_cases
        cases = cases[cases["column"].isin(table.column_names)]
        if cases.empty:
            raise BookValidationError(f"{path}: {err}") from None
        cases = cases.assign(
            _c=cases["column"].map(table.column_names.index),
            _r=pd.to_numeric(cases["index"], errors="coerce").fillna(-1),
        )
        first = cases.sort_values(["_c", "_r"]).iloc[0]
        col = next(c for c in table.columns if c.name == first["column"])
        row = int(first["_r"])
        check = str(first["check"])
        why = (
            "is empty, which is not allowed:"
            if "not_nullable" in check
            else "repeats a value that must be unique:"
            if "unique" in check
            else "has a value outside the rule:"
        )
        raise _fail(path, col, row, first["failure_case"], why, len(cases) - 1) from None


def check_references(tables: dict[str, pd.DataFrame], paths: dict[str, Path]) -> None:
    """Every id that points to another table (client_id, rm_id, request_id) must exist there."""
    for name, df in tables.items():
        for col in TABLE[name].columns:
            if not col.references:
                continue
            target_table, target_col = col.references.split(".")
            if target_table not in tables or (target_table == name and target_col == col.name):
                continue
            values = df[col.name]
            bad = values.notna() & ~values.isin(tables[target_table][target_col])
            if bad.any():
                row = int(bad.to_numpy().nonzero()[0][0])
                raise BookValidationError(
                    f"{paths[name]}: column '{col.name}', data row {row}: {values.iloc[row]!r} "
                    f"does not exist in {paths[target_table].name} column '{target_col}'"
                    f" ({int(bad.sum())} such rows); expected ids that {target_table} lists. "
                    f"Fix the file, or regenerate the book with `casekit generate`."
                )


def validate_book(tables: dict[str, pd.DataFrame], where: Path | None = None) -> None:
    """Check every table of an in-memory book against the schema and the ids between tables."""
    from casekit.bookio import to_arrow

    paths = {}
    for name, df in tables.items():
        table = TABLE[name]
        path = (where or Path("<memory>")) / f"{name}"
        paths[name] = path
        # Through Arrow, as on disk, so a generated book is judged exactly as a loaded one.
        plain = to_arrow(table, df).to_pandas(date_as_object=False)
        check_rules(plain, table, path)
    check_references(tables, paths)
