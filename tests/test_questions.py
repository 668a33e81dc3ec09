"""Exercise questions: right answers pass, wrong ones are told exactly what is wrong, tricks and
bad input get their own message, and check() never raises."""

from __future__ import annotations

import pandas as pd
import pytest

import casekit
from casekit import catalog as cat
from casekit.questions import (
    ASSESSMENT,
    ChoiceQuestion,
    Mistake,
    NumberQuestion,
    RankingQuestion,
    ReflectionQuestion,
    ____,
    to_code,
)
from casekit.table_questions import PairsQuestion
from tests.test_plain import AlwaysEqual, LyingFloat, LyingStr, SneakyFrame

CLIENTS = ["C00001", "C00002", "C00003", "C00004"]


def avg_deposits(book) -> float:
    p = book.panel
    return float(p.loc[p["client_id"] == "C00001", "deposit_avg"].tail(12).mean())


def needs_of(book) -> list[list[str]]:
    t = book.truth["needs"]
    t = t[t["client_id"].isin(CLIENTS)]
    return [[c, str(n)] for c, n in zip(t["client_id"], t["need"], strict=True)]


def top_depositors(book) -> list[str]:
    last = book.panel[book.panel["month"] == book.panel["month"].max()]
    return last.nlargest(5, "deposit_avg")["client_id"].tolist()


def valid_ids(book) -> dict[str, set[str]]:
    return {"client_id": set(book.clients["client_id"]), "need": set(cat.NEED_CODES)}


HINTS = (
    {"en": "Filter the panel to the client.", "zh": "先筛选出该客户的面板数据。"},
    {
        "en": "Average the last 12 months of deposit_avg.",
        "zh": "对最近12个月的 deposit_avg 求平均。",
    },
)


@pytest.fixture
def q_number(book):
    return NumberQuestion(
        "q1", avg_deposits, hints=HINTS, solution_text={"en": "p.tail(12).mean()"}, points=2
    ).bind(book)


@pytest.fixture
def q_pairs(book):
    return PairsQuestion("q2", needs_of, valid=valid_ids, points=3).bind(book)


@pytest.fixture
def q_rank(book):
    return RankingQuestion("q3", top_depositors).bind(book)


def test_number_right_wrong_and_placeholder(book, q_number):
    right = avg_deposits(book)
    assert q_number.check(right).correct and q_number.check(right).points == 2
    assert q_number.check(right * 1.005).correct  # within 1%
    wrong = q_number.check(right * 1.2)
    assert (
        wrong.status == "incorrect" and "too high" in wrong.message and "(20.0%)" in wrong.message
    )
    assert q_number.check(____).status == "not_attempted"
    for bad, fragment in (
        (float("nan"), "Expected a number"),
        ("about 50", "Expected a number"),
        ([1, 2], "Expected a number"),
    ):
        v = q_number.check(bad)
        assert v.status == "invalid" and fragment in v.message


def test_pairs_name_what_was_missed_and_added(book, q_pairs):
    truth = needs_of(book)
    assert q_pairs.check(truth).correct
    assert q_pairs.check(pd.DataFrame(truth, columns=["client_id", "need"])).correct
    partial = q_pairs.check([*truth[1:], ["C00001", "acquisition"]])
    assert partial.status == "incorrect" and 0 < partial.points < 3
    assert "/".join(truth[0]) in partial.message and "C00001/acquisition" in partial.message
    assert q_pairs.check([]).points == 0


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        (pd.DataFrame({"client_id": ["C00001"]}), "it is missing need"),
        ([["C99999", "capex"]], "client id 'C99999' is not in this book"),
        ([["C00001", "lottery"]], "need 'lottery' is not a known code"),
        (
            pd.DataFrame({"client_id": ["C00001", None], "need": ["capex", "capex"]}),
            "1 empty value(s), first in row 1",
        ),
        ("capex", "should be a table"),
        (AlwaysEqual(), "cannot be checked"),
    ],
)
def test_pairs_bad_input_has_its_own_message(q_pairs, answer, fragment):
    v = q_pairs.check(answer)
    assert v.status == "invalid" and fragment in v.message and v.points == 0


def test_tricks_cannot_pass(book, q_number, q_pairs, q_rank):
    assert not q_number.check(AlwaysEqual()).correct
    assert not q_number.check(LyingFloat(0.0)).correct
    truth = needs_of(book)
    sneaky = SneakyFrame({"client_id": ["C00001"], "need": ["capex"]})
    assert q_pairs.check(sneaky).correct == ([["C00001", "capex"]] == truth)
    assert not q_rank.check([LyingStr("x")] * 5).correct


def test_ranking_credit_and_first_wrong_pair(book, q_rank):
    right = top_depositors(book)
    assert q_rank.check(right).correct
    swapped = [right[1], right[0], *right[2:]]
    v = q_rank.check(swapped)
    # 9 of 10 pairs in order: Kendall's tau 0.8, half of it as credit; a reversed list none.
    assert v.status == "incorrect" and v.points == pytest.approx(0.4)
    assert f"{right[0]} should come before {right[1]}" in v.message
    assert q_rank.check(right[::-1]).points == 0
    short = q_rank.check(right[:4])
    assert "should list 5 items; yours lists 4" in short.message and short.points == 0


def test_a_declared_mistake_is_named_and_a_rounded_right_answer_is_not(book):
    def month_end(ctx):
        return avg_deposits(ctx) * 1.004  # a wrong method whose figure is within tolerance

    q = NumberQuestion(
        "q1",
        avg_deposits,
        mistakes=(Mistake("month_end", {"en": "month-end!", "zh": "月末!"}, month_end),),
    ).bind(book)
    right = avg_deposits(book)
    assert q.check(right).correct
    assert q.check(right * 1.003).correct  # nearer the mistake, yet not its figure: right
    v = q.check(month_end(book))
    assert v.status == "incorrect" and "it looks as if month-end!" in v.message
    assert q.check(right * 1.3).status == "incorrect"  # far from both: no mistake named
    zh = q.bind(book, "zh").check(month_end(book))
    assert "看起来月末!" in zh.message


def test_another_right_method_passes(book):
    q = NumberQuestion("q1", avg_deposits, also=(lambda ctx: avg_deposits(ctx) * 1.05,)).bind(book)
    assert q.check(avg_deposits(book) * 1.05).correct
    assert not q.check(avg_deposits(book) * 1.1).correct


def test_labels_answer_for_codes_in_either_language(book):
    assert to_code("审批", "stage") == "approved" and to_code("approved", "stage") == "approved"
    assert to_code("Approved ", "stage") == "approved"
    assert to_code("基本存款账户", "product") == "basic_account"
    assert to_code("审批!", "stage") == "审批!"  # not a label: left for validation to refuse
    q = ChoiceQuestion(
        "q2", lambda ctx: "approved", options=("reviewed", "approved"), label_kind="stage"
    ).bind(book, "zh")
    assert q.check("审批").correct and not q.check("审核").correct
    assert "审批" in q.check("盖章").message  # the options are shown with their names


def test_hints_solution_and_chinese(book):
    q = NumberQuestion(
        "q1", avg_deposits, hints=HINTS, solution_text={"en": "en code", "zh": "中文代码"}
    ).bind(book, "zh")
    assert q.hint() == HINTS[0]["zh"] and q.hint(2) == HINTS[1]["zh"]
    assert "没有更多提示" in q.hint(3)
    assert q.solution() == "中文代码"
    assert "尚未作答" in q.check(____).message
    assert "偏低" in q.check(avg_deposits(book) * 0.5).message


def test_assessment_mode_only_checks_shape(book):
    q = NumberQuestion("q1", avg_deposits).bind(book, mode=ASSESSMENT)
    assert q.check(123.0).status == "well_formed" and q.check(123.0).points == 0
    assert q.check("x").status == "invalid"
    assert "not shown in assessment" in q.solution()


def test_one_trainees_answer_fails_anothers_check(book, small_book):
    mine = NumberQuestion("q1", avg_deposits).bind(book)
    theirs = NumberQuestion("q1", avg_deposits).bind(small_book)
    answer = avg_deposits(book)
    assert mine.check(answer).correct and not theirs.check(answer).correct


def test_reflection_is_collected_not_graded(book):
    q = ReflectionQuestion("q9", lambda b: None).bind(book)
    v = q.check("The bottleneck is approval; I would pre-approve renewals for key clients.")
    assert v.status == "collected" and v.points == 0
    assert q.check("ok").status == "invalid"
    assert (
        ReflectionQuestion("q9", lambda b: None)
        .bind(book, "zh", ASSESSMENT)
        .check("审批环节是瓶颈,应推行预审批。")
        .status
        == "collected"
    )


def test_a_checker_bug_costs_no_one_their_answer(book):
    def broken(book):
        raise KeyError("oops")

    v = NumberQuestion("q1", broken).bind(book).check(1.0)
    assert v.status == "error" and "Tell your trainer" in v.message and v.answer == 1.0


def test_questions_with_a_real_book_are_deterministic():
    a = casekit.generate_book(clients=300, seed=5)
    b = casekit.generate_book(clients=300, seed=5)
    assert NumberQuestion("q", avg_deposits).bind(a).check(avg_deposits(b)).correct


def test_pandas_shapes_plain_data_cannot_hold_get_a_message_not_a_traceback(book, q_pairs):
    multi = pd.Series(
        [1, 2], index=pd.MultiIndex.from_tuples([("C00001", "capex"), ("C00002", "fx_risk")])
    )
    dup = pd.DataFrame([[1, 2]], columns=["client_id", "client_id"])
    for answer in (multi, dup):
        v = q_pairs.check(answer)
        assert v.status == "invalid" and "cannot be checked" in v.message


def test_an_open_answer_on_a_bank_with_nothing_to_find_says_so(book):
    from casekit.table_questions import ScoredQuestion

    def scorer(answer, ctx, lang):
        raise AssertionError("never scored: there is nothing to find")

    q = ScoredQuestion("q5", columns=("client_id",), scorer=scorer, reference=lambda ctx: [])
    v = q.bind(book).check(["C00001"])
    assert v.correct and "too small" in v.message
    assert "太小" in q.bind(book, "zh").check(["C00001"]).message


def test_a_rate_handed_in_as_a_percentage_is_told_so(book):
    def rate(ctx):
        return 0.237  # a change of +23.7%

    q = NumberQuestion("q1", rate, rel_tol=0.0, abs_tol=0.003, form="0.25 = +25%").bind(book)
    v = q.check(23.7)
    assert v.status == "incorrect" and "give the change as a fraction" in v.message
    assert "请把变化写成小数" in q.bind(book, "zh").check(23.7).message
    # Known-wrong answers that are no percentage keep the ordinary message.
    assert "fraction" not in q.check(0.5).message and "fraction" not in q.check(2.0).message
    assert q.check(0.237).correct
    share = NumberQuestion("q1", lambda ctx: 0.4, form="0-1").bind(book)
    assert "from 0 to 1" in share.check(40).message
    # An amount (no share, no rate) a hundred times too big is just too high.
    money = NumberQuestion("q1", lambda ctx: 12.5, unit="万元").bind(book)
    assert "percentage" not in money.check(1250).message


def test_a_ranking_of_needs_takes_labels_and_says_its_shape(book):
    q = RankingQuestion(
        "q1",
        lambda ctx: ["supply_chain", "idle_liquidity"],
        what="what_needs_order",
        label_kind="need",
        example="['supply_chain', 'idle_liquidity']",
    ).bind(book, "zh")
    zh = [cat.label("need", k, "zh") for k in ("supply_chain", "idle_liquidity")]
    assert q.check(zh).correct and q.check(["supply_chain", "idle_liquidity"]).correct
    assert not q.check(zh[::-1]).correct
    msg = q.check("supply_chain").message
    assert "按客户同意先后排列的已满足需求" in msg and "['supply_chain', 'idle_liquidity']" in msg
    en = q.bind(book, "en").check({"a": 1}).message
    assert "the needs met, in the order the client agreed" in en and "C00042" not in en
