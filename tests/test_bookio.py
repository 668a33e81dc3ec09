"""Books on disk: byte-for-byte reproducible, Excel-friendly, and loud about corruption."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

import casekit
from casekit.bookio import BOM, write_book
from casekit.datadict import render
from casekit.errors import BookValidationError
from casekit.simulate import BookParams
from tests.conftest import ROOT

DEFAULT = ROOT / "datasets" / "default"


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("book") / "bank"
    write_book(BookParams(), out)
    return out


def test_committed_default_book_is_exactly_what_the_generator_writes(written):
    """`make data` regenerates datasets/default byte for byte."""
    assert _digests(written) == _digests(DEFAULT)


def test_same_arguments_same_bytes_other_seed_other_bytes(tmp_path, written):
    again = tmp_path / "again"
    write_book(BookParams(), again)
    assert _digests(again) == _digests(written)
    other = tmp_path / "other"
    write_book(BookParams(seed=43), other)
    changed = {k for k, v in _digests(other).items() if _digests(written).get(k) != v}
    assert {"clients.csv", "panel.csv", "truth/needs.csv"} <= changed


def test_csv_opens_in_excel_with_chinese_intact(written):
    raw = (written / "clients.csv").read_bytes()
    assert raw.startswith(BOM)
    text = raw[len(BOM) :].decode("utf-8")
    assert "有限公司" in text
    assert "\ufffd" not in text


def test_data_dictionary_is_in_sync_with_the_schema():
    assert (ROOT / "datasets" / "README.md").read_text(encoding="utf-8") == render(), (
        "datasets/README.md is stale: run `make datadict`"
    )


def test_loaded_book_equals_generated_book(book):
    loaded = casekit.load_book("default")
    for name in book.tables:
        pd.testing.assert_frame_equal(loaded.tables[name], book.tables[name])
    for name in book.truth:
        pd.testing.assert_frame_equal(loaded.truth[name], book.truth[name])
    checked = casekit.load_book("default", validate="always")
    pd.testing.assert_frame_equal(checked.panel, book.panel)


@pytest.mark.parametrize(
    "values, kind",
    [
        (["甲", "b", None], pa.string()),
        (["a", "b", "c"], pa.string()),
        ([1.5, 2.0, 3.25], pa.float64()),
        ([1.5, None, 3.25], pa.float64()),
        ([1, 2, 3], pa.int64()),
        ([1, None, 3], pa.int64()),
        ([True, False, True], pa.bool_()),
        ([True, None, True], pa.bool_()),
        ([19000, 19001, 19600], pa.date32()),
        ([19000, None, 19600], pa.date32()),
        ([1_700_000_000, 1_700_000_100, 1_700_086_400], pa.timestamp("s")),
        ([1_700_000_000, None, 1_700_086_400], pa.timestamp("s")),
    ],
)
def test_columns_convert_exactly_as_arrow_converts_them(values, kind):
    """The loader's direct conversions give the very arrays Arrow's `to_pandas` gives."""
    from casekit.loader import typed_frame
    from casekit.schema import Column, Table

    dtype = {pa.string(): "str", pa.float64(): "float", pa.int64(): "int", pa.bool_(): "bool"}
    dtype = dtype.get(kind, "date" if kind == pa.date32() else "datetime")
    table = Table(name="t", zh="t", en="t", columns=(Column("x", dtype, "x", "x"),))
    at = pa.table({"x": pa.array(values, type=kind)})
    mine = typed_frame(table, at)
    arrows = at.to_pandas(date_as_object=False)
    pd.testing.assert_frame_equal(mine, arrows, check_exact=True)
    # A private copy: a trainee may write into the frame, Arrow's buffers are read-only.
    if mine["x"].dtype.kind in "fiub":
        mine.loc[0, "x"] = mine["x"].iloc[1]


def test_book_without_truth_loads_without_it(written):
    b = casekit.load_book(written, truth=False)
    assert not b.has_truth and "needs" not in b.truth


def test_parquet_round_trip(tmp_path, book):
    out = tmp_path / "pq"
    write_book(BookParams(), out, fmt="parquet")
    loaded = casekit.load_book(out, validate="always")
    for name in book.tables:
        pd.testing.assert_frame_equal(loaded.tables[name], book.tables[name])


def test_save_book_without_truth_makes_an_assessment_pack(tmp_path, small_book):
    out = tmp_path / "pack"
    casekit.save_book(small_book, out, include_truth=False)
    assert not (out / "truth").exists()
    back = casekit.load_book(out, validate="always")
    pd.testing.assert_frame_equal(back.clients, small_book.clients)
    assert not back.has_truth


# ---- corruption: every broken file names the file, the column, the first bad row, the rule ----


def _copy(written: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "copy"
    shutil.copytree(written, dst)
    return dst


def _edit_csv(path: Path, fn) -> None:
    text = path.read_bytes()[len(BOM) :].decode("utf-8").splitlines(keepends=True)
    path.write_bytes(BOM + "".join(fn(text)).encode("utf-8"))


def _replace_field(lines: list[str], line_no: int, col: int, value: str) -> list[str]:
    fields = next(csv.reader([lines[line_no - 1]]))
    fields[col] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(fields)
    lines[line_no - 1] = buf.getvalue()
    return lines


@pytest.mark.parametrize(
    ("file", "line", "col", "value", "expect"),
    [
        (
            "panel.csv",
            101,
            2,
            "abc",
            ["panel.csv", "'deposit_avg'", "line 101", "cannot read", "'abc'", "a number"],
        ),
        (
            "panel.csv",
            7,
            2,
            "-5",
            ["panel.csv", "'deposit_avg'", "line 7", "outside the rule", "at least 0"],
        ),
        (
            "panel.csv",
            12,
            15,
            "2.5",
            ["panel.csv", "'overdraft_days'", "line 12", "a whole number"],
        ),
        (
            "clients.csv",
            3,
            5,
            "giant",
            [
                "clients.csv",
                "'size_class'",
                "line 3",
                "'giant'",
                "one of large, medium, small, micro",
            ],
        ),
        ("clients.csv", 9, 0, "C00002", ["clients.csv", "'client_id'", "unique"]),
        ("clients.csv", 4, 0, "", ["clients.csv", "'client_id'", "line 4", "empty"]),
        ("surveys.csv", 5, 3, "11", ["surveys.csv", "'nps'", "line 5", "from 0 to 10"]),
        (
            "complaints.csv",
            2,
            3,
            "2024-13-45",
            ["complaints.csv", "'opened_on'", "line 2", "a date YYYY-MM-DD"],
        ),
        ("panel.csv", 2, 1, "2024/01", ["panel.csv", "'month'", "line 2", "'2024/01'"]),
        ("outcomes.csv", 3, 3, "maybe", ["outcomes.csv", "'defaulted'", "line 3", "true or false"]),
        ("truth/needs.csv", 2, 3, "9", ["needs.csv", "'urgency'", "line 2", "from 1 to 5"]),
    ],
)
def test_corrupted_cell_is_reported_precisely(tmp_path, written, file, line, col, value, expect):
    book = _copy(written, tmp_path)
    _edit_csv(book / file, lambda lines: _replace_field(lines, line, col, value))
    with pytest.raises(BookValidationError) as err:
        casekit.load_book(book)
    msg = str(err.value)
    for part in expect:
        assert part in msg, (part, msg)


def test_unknown_client_in_another_table_is_reported(tmp_path, written):
    book = _copy(written, tmp_path)
    _edit_csv(book / "panel.csv", lambda lines: _replace_field(lines, 50, 0, "C09999"))
    with pytest.raises(
        BookValidationError,
        match=r"panel\.csv: column 'client_id'.*'C09999' does not exist in clients\.csv",
    ):
        casekit.load_book(book)


def test_missing_column_is_reported(tmp_path, written):
    book = _copy(written, tmp_path)

    def drop_segment(lines: list[str]) -> list[str]:
        rows = [next(csv.reader([line])) for line in lines]
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows([r[:3] + r[4:] for r in rows])
        return buf.getvalue().splitlines(keepends=True)

    _edit_csv(book / "rms.csv", drop_segment)
    with pytest.raises(BookValidationError, match=r"rms\.csv.*column 'segment' is missing"):
        casekit.load_book(book)


def test_deleted_rows_are_reported(tmp_path, written):
    book = _copy(written, tmp_path)
    _edit_csv(book / "warnings.csv", lambda lines: lines[:-3])
    with pytest.raises(
        BookValidationError, match=r"warnings\.csv: has \d+ rows but book\.json says \d+"
    ):
        casekit.load_book(book)


def test_garbage_and_missing_files_are_reported(tmp_path, written):
    book = _copy(written, tmp_path)
    (book / "surveys.csv").write_bytes(b"\x00\xff\xfe garbage \x00" * 50)
    with pytest.raises(BookValidationError, match=r"surveys\.csv"):
        casekit.load_book(book)
    (book / "surveys.csv").unlink()
    with pytest.raises(BookValidationError, match=r"surveys\.csv is missing"):
        casekit.load_book(book)


def test_broken_manifest_and_empty_folder(tmp_path, written):
    book = _copy(written, tmp_path)
    (book / "book.json").write_text("{ not json")
    with pytest.raises(casekit.BookNotFoundError, match=r"book\.json is not valid JSON"):
        casekit.load_book(book)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(casekit.BookNotFoundError, match="holds no book"):
        casekit.load_book(empty)


def test_excel_style_resave_is_accepted(tmp_path, written):
    """Excel re-saves booleans as TRUE/FALSE; that is still a valid book."""
    book = _copy(written, tmp_path)
    _edit_csv(
        book / "outcomes.csv", lambda lines: [line.replace(",false,", ",FALSE,") for line in lines]
    )
    loaded = casekit.load_book(book)
    assert loaded.outcomes["pilot"].dtype == bool


def test_manifest_records_params_rows_and_checksums(written):
    manifest = json.loads((written / "book.json").read_text())
    assert manifest["params"] == {
        "clients": 2000,
        "months": 36,
        "seed": 42,
        "scenario": "national_branch",
        "start": "2023-01",
    }
    for name, entry in manifest["tables"].items():
        path = written / entry["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"], name


def _copy_default(tmp_path):
    import shutil

    out = tmp_path / "book"
    shutil.copytree(casekit.loader.data_path("default"), out)
    return out


def _rows(path):
    return path.read_bytes().decode("utf-8-sig").splitlines(keepends=True)


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda p: p.write_bytes(p.read_bytes().decode("utf-8-sig").encode("utf-16")), "UTF-16"),
        (lambda p: p.write_bytes(p.read_bytes().decode("utf-8-sig").encode("gbk")), "GBK"),
        (lambda p: p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes()), "two byte-order marks"),
    ],
    ids=["utf16", "gbk", "double-bom"],
)
def test_a_file_in_the_wrong_encoding_is_named_with_the_fix(tmp_path, spoil, message):
    book = _copy_default(tmp_path)
    spoil(book / "clients.csv")
    with pytest.raises(BookValidationError) as err:
        casekit.load_book(book)
    text = str(err.value)
    assert "clients.csv" in text and message in text and "CSV UTF-8" in text


def test_an_infinite_money_value_is_refused_with_its_line(tmp_path):
    book = _copy_default(tmp_path)
    panel = book / "panel.csv"
    lines = _rows(panel)
    header = [h.strip('"\n') for h in lines[0].split(",")]
    row = lines[5].split(",")
    row[header.index("deposit_avg")] = "inf"
    lines[5] = ",".join(row)
    panel.write_bytes(b"\xef\xbb\xbf" + "".join(lines).encode())
    with pytest.raises(
        BookValidationError, match=r"panel.csv: column 'deposit_avg', line 6 .*finite"
    ):
        casekit.load_book(book)


def test_a_repeated_client_month_in_the_panel_is_refused(tmp_path):
    book = _copy_default(tmp_path)
    panel = book / "panel.csv"
    lines = _rows(panel)
    lines.insert(6, lines[5])
    panel.write_bytes(b"\xef\xbb\xbf" + "".join(lines).encode())
    with pytest.raises(BookValidationError, match=r"panel.csv: line 7 repeats line 6 .*month"):
        casekit.load_book(book)


def _spool_leftovers(spool: Path) -> list[Path]:
    return [p for p in spool.rglob("*") if p.is_file()]


def test_parallel_workers_leave_no_spooled_chunks(tmp_path, monkeypatch):
    spool = tmp_path / "spool"
    spool.mkdir()
    monkeypatch.setenv("CASEKIT_SPOOL", str(spool))
    params = BookParams(clients=300, chunk_size=100)
    write_book(params, tmp_path / "ok", fmt="parquet", workers=2)
    assert (tmp_path / "ok" / "panel.parquet").exists()
    assert list(spool.iterdir()) == []  # the chunk files and their folder are gone

    # A failure while writing (here: the third table append) still removes them, and
    # leaves no half-written book.
    from casekit import bookio

    calls = {"n": 0}
    real = bookio._Writer.append

    def failing(self, data):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return real(self, data)

    monkeypatch.setattr(bookio._Writer, "append", failing)
    with pytest.raises(OSError, match="disk full"):
        write_book(params, tmp_path / "bad", fmt="parquet", workers=2)
    assert _spool_leftovers(spool) == [] and list(spool.iterdir()) == []
    assert not (tmp_path / "bad").exists()
