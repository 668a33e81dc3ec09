"""Chinese a bank would print: full-width punctuation beside Chinese in every zh prose cell."""

from __future__ import annotations

import importlib.util

import pytest

from casekit.zhtext import halfwidth_marks, to_fullwidth
from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("zh_punct", ROOT / "scripts" / "zh_punctuation.py")
zh_punct = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(zh_punct)


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("流程卡在哪里?", "流程卡在哪里？"),
        ("方法(原书 3.3、4.3)。", "方法（原书 3.3、4.3）。"),
        ("太慢,客户经理则说:没有时间;", "太慢，客户经理则说：没有时间；"),
        ("用 `df.groupby('a')` 汇总,再排序", "用 `df.groupby('a')` 汇总，再排序"),
        ("见[说明](https://example.org/a,b)。", "见[说明](https://example.org/a,b)。"),
        ("Plain English, (untouched): yes?", "Plain English, (untouched): yes?"),
        ("3.3, 4.3 和 4.4", "3.3, 4.3 和 4.4"),
    ],
)
def test_half_width_marks_beside_chinese_turn_full_width_and_nothing_else(text, fixed):
    assert to_fullwidth(text) == fixed
    assert bool(halfwidth_marks(text)) == (text != fixed)


def test_every_chinese_prose_cell_uses_full_width_punctuation():
    bad = [b for p in zh_punct.SOURCES for b in zh_punct.fix(p, check=True)]
    assert not bad, (
        "half-width punctuation beside Chinese (run scripts/zh_punctuation.py):\n"
        + "\n".join(bad[:20])
    )
