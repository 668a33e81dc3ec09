"""The casekit command: documented options, one-line errors with exit code 2, nothing half-written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from casekit import cli
from casekit.bookio import write_book
from casekit.errors import BadParameter, BookExistsError
from casekit.simulate import BookParams


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "casekit.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_help_explains_every_option():
    out = run("generate", "--help")
    assert out.returncode == 0
    for opt in (
        "--clients",
        "--months",
        "--seed",
        "--scenario",
        "--start",
        "--format",
        "--out",
        "--force",
        "--workers",
        "--quiet",
    ):
        assert opt in out.stdout
    for scenario in ("national_branch", "city_commercial", "rural"):
        assert scenario in out.stdout
    top = run("--help")
    for command in ("generate", "realism", "summary", "datadict"):
        assert command in top.stdout


def test_help_imports_nothing_heavy():
    """`casekit --help` stays fast because pandas, numpy and pyarrow load only when needed."""
    code = "import sys; from casekit import cli; cli.build_parser(); print(sorted(m for m in ('pandas', 'numpy', 'pyarrow', 'pandera') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--clients", "0"], "must be positive"),
        (["--clients", "-5"], "must be positive"),
        (["--clients", "abc"], "not a whole number"),
        (["--clients", "10"], "--clients must be a whole number from 50"),
        (["--clients", "99999999"], "--clients must be a whole number from 50 to 5,000,000"),
        (["--months", "500"], "--months must be a whole number from 12 to 120"),
        (["--months", "3"], "--months must be a whole number from 12"),
        (
            ["--scenario", "moon_bank"],
            "unknown scenario 'moon_bank': choose one of national_branch, city_commercial, rural",
        ),
        (["--start", "2024-13"], "--start must be a month written YYYY-MM"),
        (["--seed", "-1"], "must be 0 or more"),
        (["--format", "xlsx"], "invalid choice"),
        (["--colour", "red"], "unrecognized arguments: --colour"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, args, message):
    out = run("generate", "--out", str(tmp_path / "b"), *args)
    assert out.returncode == 2
    assert message in out.stderr
    assert "Traceback" not in out.stderr
    assert not (tmp_path / "b").exists()


def test_existing_book_is_never_overwritten_without_force(tmp_path):
    out = tmp_path / "bank"
    assert run("generate", "--clients", "60", "--out", str(out), "--quiet").returncode == 0
    before = (out / "book.json").read_bytes()
    again = run("generate", "--clients", "60", "--seed", "1", "--out", str(out))
    assert again.returncode == 2
    assert "already holds a book: pass --force" in again.stderr
    assert (out / "book.json").read_bytes() == before
    forced = run(
        "generate", "--clients", "60", "--seed", "1", "--out", str(out), "--force", "--quiet"
    )
    assert forced.returncode == 0
    assert (out / "book.json").read_bytes() != before


def test_folder_with_other_files_is_refused_even_with_force(tmp_path):
    mine = tmp_path / "my-work"
    mine.mkdir()
    (mine / "notes.txt").write_text("a trainee's own notes")
    out = run("generate", "--out", str(mine), "--force")
    assert out.returncode == 2
    assert "not empty and holds no book" in out.stderr
    assert (mine / "notes.txt").read_text() == "a trainee's own notes"


def test_unwritable_places_are_refused(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    out = run("generate", "--out", str(blocker / "bank"))
    assert out.returncode == 2 and "is a file" in out.stderr
    out = run("generate", "--out", "/proc/casekit-test/bank")
    assert out.returncode == 2 and "cannot write to /proc" in out.stderr


def test_python_api_raises_named_errors_with_the_same_message(tmp_path):
    with pytest.raises(BadParameter, match="--clients must be a whole number from 50"):
        BookParams(clients=3).check()
    with pytest.raises(BadParameter, match="unknown scenario"):
        write_book(BookParams(scenario="nope"), tmp_path / "x")
    write_book(BookParams(clients=60), tmp_path / "y")
    with pytest.raises(BookExistsError, match="already holds a book"):
        write_book(BookParams(clients=60), tmp_path / "y")


def test_a_failure_mid_write_leaves_nothing_behind(tmp_path, monkeypatch):
    import casekit.bookio as bookio

    calls = {"n": 0}
    real = bookio._Writer.append

    def failing(self, data):
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError("disk full")
        return real(self, data)

    monkeypatch.setattr(bookio._Writer, "append", failing)
    with pytest.raises(OSError, match="disk full"):
        write_book(BookParams(clients=60), tmp_path / "bank")
    assert list(tmp_path.iterdir()) == []  # no book, no temporary folder


def test_a_failed_force_keeps_the_old_book(tmp_path, monkeypatch):
    import casekit.bookio as bookio

    write_book(BookParams(clients=60), tmp_path / "bank")
    before = (tmp_path / "bank" / "book.json").read_bytes()
    monkeypatch.setattr(
        bookio._Writer, "close", lambda self: (_ for _ in ()).throw(OSError("disk full"))
    )
    with pytest.raises(OSError):
        write_book(BookParams(clients=60, seed=9), tmp_path / "bank", force=True)
    assert (tmp_path / "bank" / "book.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bank"]


def test_generate_summary_and_realism_end_to_end(tmp_path, capsys):
    out = tmp_path / "bank"
    assert cli.main(["generate", "--out", str(out), "--quiet"]) == 0
    assert cli.main(["summary", str(out), "--lang", "zh"]) == 0
    text = capsys.readouterr().out
    assert "战略客户" in text and "日均存款" in text
    code = cli.main(["realism", str(out)])
    text = capsys.readouterr().out
    assert code == 0, text
    assert "NPL ratio" in text and "in range" in text and "0 out of range" in text


def test_missing_book_is_a_clear_error(tmp_path, capsys):
    assert cli.main(["realism", str(tmp_path / "nowhere")]) == 2
    assert "does not exist: generate a book there" in capsys.readouterr().err


def test_datadict_command_writes_the_dictionary(tmp_path):
    target = tmp_path / "README.md"
    assert cli.main(["datadict", "--out", str(target)]) == 0
    assert "## `panel.csv`" in target.read_text(encoding="utf-8")


def test_parquet_and_workers_give_the_same_book(tmp_path):
    one = tmp_path / "one"
    two = tmp_path / "two"
    params = BookParams(clients=900, chunk_size=300)
    write_book(params, one, fmt="parquet")
    write_book(params, two, fmt="parquet", workers=2)
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    for f in files:
        assert (one / f).read_bytes() == (two / f).read_bytes(), f
    assert Path(one / "panel.parquet").exists()
