"""The trainer's errors speak the trainer's language: every one in English and Chinese."""

from __future__ import annotations

import string

import pytest

from casekit import cli
from casekit.messages import MESSAGES
from casekit.messages_cohort import COHORT_MESSAGES
from tests.conftest import ROOT


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("key", sorted(COHORT_MESSAGES))
def test_every_cohort_error_exists_in_both_languages_with_the_same_fields(key):
    entry = MESSAGES[key]
    assert set(entry) == {"en", "zh"}
    assert _fields(entry["en"]) == _fields(entry["zh"])
    assert any("\u4e00" <= ch <= "\u9fff" for ch in entry["zh"])


def test_init_and_grade_errors_come_out_in_chinese_when_asked(tmp_path, capsys):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("keep me")
    roster = str(ROOT / "cohorts" / "sample" / "roster.csv")
    assert (
        cli.main(["cohort", "init", roster, "--out", str(tmp_path / "full"), "--lang", "zh"]) == 2
    )
    err = capsys.readouterr().err
    assert "已存在且不为空" in err and (tmp_path / "full" / "x").read_text() == "keep me"
    assert cli.main(["cohort", "grade", str(tmp_path), str(tmp_path), "--lang", "zh"]) == 2
    assert "不是培训批次文件夹" in capsys.readouterr().err
    assert cli.main(["cohort", "grade", str(tmp_path), str(tmp_path), "--lang", "en"]) == 2
    assert "is not a cohort folder" in capsys.readouterr().err
