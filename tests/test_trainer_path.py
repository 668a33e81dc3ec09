"""The trainer's path: Excel rosters, messages in both languages, bad paths, deadlines with a
zone, e-mailed work sorted by pack token, and a report that follows every grading run."""

from __future__ import annotations

import os
import shutil
import time
import zipfile
from datetime import datetime

import nbformat
import pandas as pd
import pytest

from casekit.cli import main
from casekit.cohort import build_packs, init_cohort
from casekit.cohort.collect import collect
from casekit.cohort.commands import message_lang
from casekit.cohort.roster import RosterError, read_roster
from casekit.messages import MESSAGES
from tests.conftest import private_secret

SECRET = b"a-trainer-path-test-secret-of-enough-length"


def _xlsx(path, rows):
    pd.DataFrame(rows[1:], columns=rows[0]).to_excel(path, index=False, sheet_name="名单")
    return path


def test_an_excel_roster_is_read_with_ids_kept_as_text(tmp_path):
    path = _xlsx(
        tmp_path / "roster.xlsx",
        [
            ["工号", "姓名", "语言", "分组"],
            ["007", "李伟", "中文", "北京"],
            ["A2", "Ann Lee", "en", None],
        ],
    )
    trainees, read_as = read_roster(path)
    assert read_as == "Excel workbook (sheet '名单')"
    assert [(t.trainee_id, t.name, t.lang, t.group) for t in trainees] == [
        ("007", "李伟", "zh", "北京"),
        ("A2", "Ann Lee", "en", ""),
    ]


def test_a_bad_excel_roster_names_the_file_and_the_fix_in_both_languages(tmp_path):
    broken = tmp_path / "roster.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is no workbook")
    with pytest.raises(RosterError, match=r"roster\.xlsx: cannot be read as an Excel") as e:
        read_roster(broken)
    assert "另存为 .xlsx" in e.value.message("zh")
    old = tmp_path / "roster.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(RosterError, match=r"\.xls workbooks are not read"):
        read_roster(old)
    repeated = _xlsx(
        tmp_path / "twice.xlsx", [["id", "name", "lang"], ["A1", "Li", "zh"], ["A1", "Wu", "zh"]]
    )
    with pytest.raises(RosterError, match="row 3: trainee_id 'A1' repeats row 2") as e:
        read_roster(repeated)
    assert "第 3 行" in e.value.message("zh") and "重复" in e.value.message("zh")


def test_every_message_exists_in_both_languages_with_the_same_fields():
    import string

    for key, entry in MESSAGES.items():
        assert set(entry) == {"en", "zh"}, key
        fields = [
            {f for _, f, _, _ in string.Formatter().parse(entry[lang]) if f}
            for lang in ("en", "zh")
        ]
        assert fields[0] == fields[1], key


def test_the_cohort_commands_speak_chinese_by_flag_or_locale(tmp_path, capsys, monkeypatch):
    path = tmp_path / "roster.csv"
    path.write_bytes(b"trainee_id,name,lang\nA1,Li,zh\nA1,Wang,zh\n")
    assert main(["cohort", "init", str(path), "--out", str(tmp_path / "c"), "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert "错误" in err and "与第 2 行重复" in err and "Traceback" not in err
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    assert message_lang(None) == "zh" and message_lang("en") == "en"
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert message_lang(None) == "en"


def test_bad_paths_get_a_message_never_a_traceback(tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text("trainee_id,name,lang\nA1,Li,zh\n", encoding="utf-8")
    taken = tmp_path / "taken.txt"
    taken.write_text("a trainer's notes")
    assert main(["cohort", "init", str(roster), "--out", str(taken)]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert taken.read_text() == "a trainer's notes"
    assert main(["cohort", "build", str(tmp_path / "nowhere")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert main(["cohort", "init", str(roster), "--out", "/proc/casekit-cannot-be-here"]) == 2
    err = capsys.readouterr().err
    assert "/proc/casekit-cannot-be-here" in err and "Traceback" not in err


def test_a_deadline_carries_its_zone(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("trainee_id,name,lang\nA1,Li,zh\n", encoding="utf-8")
    given, _ = init_cohort(roster, tmp_path / "a", due="2026-12-15T18:00+08:00")
    assert given.due == "2026-12-15T18:00+08:00"
    bare, _ = init_cohort(roster, tmp_path / "b", due="2026-12-15T18:00")
    when = datetime.fromisoformat(bare.due)
    assert when.tzinfo is not None and when.replace(tzinfo=None) == datetime(2026, 12, 15, 18, 0)


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("collect")
    roster = tmp / "roster.csv"
    roster.write_text("trainee_id,name,lang\nT1,Li,zh\nT2,Ann,en\n", encoding="utf-8")
    private_secret((tmp / "secret.key"), SECRET)
    c, _ = init_cohort(roster, tmp / "cohort", exercises=["01"], secret_file=tmp / "secret.key")
    build_packs(c, progress=False)
    return c


def test_collect_sorts_mail_by_pack_token_and_reports_the_rest(cohort, tmp_path, capsys):
    name = "01_portfolio_360.ipynb"
    t1 = (cohort.pack_dir("T1") / name).read_bytes()
    t2 = (cohort.pack_dir("T2") / name).read_bytes()
    inbox = tmp_path / "inbox"
    (inbox / "mail-1").mkdir(parents=True)
    (inbox / "mail-1" / "李伟的作业 (1).ipynb").write_bytes(t1)  # renamed by the mail client
    os.utime(inbox / "mail-1" / "李伟的作业 (1).ipynb", (1_700_000_000, 1_700_000_000))
    with zipfile.ZipFile(inbox / "ann.zip", "w") as z:
        z.writestr(zipfile.ZipInfo("work/" + name, (2026, 11, 30, 9, 15, 0)), t2)
        z.writestr("work/notes.txt", "not a notebook")
    (inbox / "copy.ipynb").write_bytes(t1)  # the same file sent twice
    nb = nbformat.reads(t1.decode(), as_version=4)
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.metadata.get("tags", [])]
    (inbox / "stripped.ipynb").write_text(nbformat.writes(nb), encoding="utf-8")
    (inbox / "photo.jpg").write_bytes(b"\xff\xd8")
    (inbox / "broken.zip").write_bytes(b"PK not a zip")
    out = tmp_path / "submissions"

    done = collect(cohort, inbox, out)
    assert sorted(p.relative_to(out).as_posix() for _, p in done.placed) == [
        f"T1/{name}",
        f"T2/{name}",
    ]
    assert (out / "T1" / name).read_bytes() == t1 and (out / "T2" / name).read_bytes() == t2
    assert (out / "T1" / name).stat().st_mtime == 1_700_000_000  # lateness is kept
    zipped = datetime.fromtimestamp((out / "T2" / name).stat().st_mtime)
    assert zipped == datetime(2026, 11, 30, 9, 15, 0)
    assert len(done.same) == 1
    reasons = {where.rsplit("/", 1)[-1]: why for where, why in done.unplaced}
    assert "no pack token" in reasons["stripped.ipynb"]
    assert "not a notebook" in reasons["photo.jpg"]
    assert "cannot be opened" in reasons["broken.zip"]

    # Again, in Chinese: nothing is overwritten; a changed copy goes beside the first.
    nb = nbformat.reads(t1.decode(), as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("later"))
    (inbox / "later.ipynb").write_text(nbformat.writes(nb), encoding="utf-8")
    assert (
        main(["cohort", "collect", str(cohort.root), str(inbox), "--out", str(out), "--lang", "zh"])
        == 0
    )
    said = capsys.readouterr().out
    assert "已把 1 个笔记本整理到" in said and "无法归档" in said and "没有练习包标记" in said
    assert (out / "T1" / name).read_bytes() == t1
    assert (out / "T1" / "01_portfolio_360.2.ipynb").is_file()


def test_grade_refreshes_the_report_and_warns_on_an_empty_folder(cohort, tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    report = cohort.root / "report" / "index.html"
    report.unlink(missing_ok=True)
    assert main(["cohort", "grade", str(cohort.root), str(empty), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert "holds no submissions" in captured.err
    assert report.is_file()
    subs = tmp_path / "subs" / "T2"
    subs.mkdir(parents=True)
    shutil.copy2(cohort.pack_dir("T2") / "01_portfolio_360.ipynb", subs)
    before = report.stat().st_mtime_ns
    time.sleep(0.01)
    assert main(["cohort", "grade", str(cohort.root), str(subs.parent), "--quiet"]) == 0
    assert "holds no submissions" not in capsys.readouterr().err
    html = report.read_text(encoding="utf-8")
    assert report.stat().st_mtime_ns > before
    book = pd.read_csv(cohort.root / "report" / "gradebook.csv", encoding="utf-8-sig")
    assert set(book.loc[book["trainee_id"] == "T2", "status"]) != {"missing"}
    assert 'href="trainees/T2.html"' in html


def test_packs_built_in_parallel_or_on_an_executor_are_the_packs_built_one_by_one(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    roster = tmp_path / "roster.csv"
    roster.write_text("trainee_id,name,lang\nA1,Li,zh\nA2,Ann,en\nA3,Wu,zh\n", encoding="utf-8")
    private_secret((tmp_path / "secret.key"), SECRET)
    made = {}
    for how in ("one", "processes", "executor"):
        # One cohort id: the same secret, cohort and mode give the same banks.
        c, _ = init_cohort(
            roster,
            tmp_path / how,
            exercises=["01", "04"],
            secret_file=tmp_path / "secret.key",
            cohort_id="same",
        )
        if how == "one":
            built = build_packs(c, progress=False)
        elif how == "processes":
            built = build_packs(c, progress=False, workers=2)
        else:
            with ThreadPoolExecutor(2) as pool:
                built = build_packs(c, progress=False, executor=pool)
        assert built == ["A1", "A2", "A3"]
        made[how] = {
            str(p.relative_to(c.root / "packs")): p.read_bytes()
            for p in sorted((c.root / "packs").rglob("*"))
            if p.is_file()
        }
    assert len(made["one"]) > 9
    assert made["processes"] == made["one"] and made["executor"] == made["one"]
    # Each pack has its own bank and parameters: no two trainees share a notebook.
    nb = [v for k, v in made["one"].items() if k.endswith("04_risk_warning.ipynb")]
    assert len(set(nb)) == 3
