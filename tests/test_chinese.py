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


@pytest.mark.parametrize(
    ("literal", "fixed"),
    [
        ('"{what}应为数字,实际为 {value!r}"', '"{what}应为数字，实际为 {value!r}"'),
        ('f"{value!r}:请使用 {n:,} 户"', 'f"{value!r}：请使用 {n:,} 户"'),
        ("'''多行:\n说明(x)'''", "'''多行：\n说明（x）'''"),
        (
            '"交接客户中最大的 20 户(nlargest(20))之和"',
            '"交接客户中最大的 20 户（nlargest(20)）之和"',
        ),
        ('"本季度数据见 sim.observe();请决策"', '"本季度数据见 sim.observe()；请决策"'),
        ('"客户信息管理"', '"客户信息管理"'),  # Python's own quotes stay
        ('r"(贷款|存款):"', 'r"(贷款|存款):"'),  # a pattern, not prose
        ('"special mention (关注) now, not later"', '"special mention (关注) now, not later"'),
        ('"growth · 业务增长 (deposits 存款)"', '"growth · 业务增长 (deposits 存款)"'),
        # English that names Chinese terms, however few its English words, stays English.
        ('"中间业务收入 this quarter (万元)"', '"中间业务收入 this quarter (万元)"'),
        (
            '"综合贡献度; **{k}** cost most ({v:,.0f} 万元)."',
            '"综合贡献度; **{k}** cost most ({v:,.0f} 万元)."',
        ),
        # Chinese that names code or a menu in English stays Chinese.
        (
            '"运行单元格(Shift+Enter,或菜单 *Run → Run All Cells*)。请用 `casekit cohort build` 重新生成"',
            '"运行单元格（Shift+Enter，或菜单 *Run → Run All Cells*）。请用 `casekit cohort build` 重新生成"',
        ),
    ],
)
def test_module_strings_fix_chinese_prose_and_leave_code_english_and_patterns(literal, fixed):
    assert zh_punct.fix_literal(literal) == fixed
    assert zh_punct.fix_literal(fixed) == fixed  # fixing twice changes nothing


def test_every_chinese_string_of_the_package_uses_full_width_punctuation():
    """Messages, hints, glossary, data dictionary and case sentences: what a zh trainee reads."""
    bad = [b for p in zh_punct.MODULES for b in zh_punct.fix_module(p, check=True)]
    assert not bad, (
        "half-width punctuation beside Chinese (run scripts/zh_punctuation.py):\n"
        + "\n".join(bad[:20])
    )
