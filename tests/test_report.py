"""The report a trainer reads: written answers shown, flags shown and left out of the
statistics, reasons and statuses in the page's language, no JSON or code names, rounded scores."""

from __future__ import annotations

import html
import re

import pytest

from casekit.cohort import init_cohort
from casekit.cohort import report as rep
from casekit.cohort.store import write_grade
from casekit.exercises import module_of

REFLECTION = "我会先问财务总监明年的扩产计划,再看应收账款的账期。"


def _record(tid: str, n: str, status: str = "graded", reason: str = "", wrong: str = "") -> dict:
    qs = {}
    for q in module_of(n).QUESTIONS:
        top = 0.0 if q.kind == "reflection" else float(q.points)
        if q.kind == "reflection":
            qs[q.qid] = {
                "answer": REFLECTION if tid == "Z1" else "I would ask about plans.",
                "max": 0.0,
                "points": 0.0,
                "status": "collected",
                "message": "已提交",
            }
        elif wrong and q.qid == "q1":
            qs[q.qid] = {
                "answer": [wrong, 2],
                "max": top,
                "points": 0.0,
                "status": "incorrect",
                "message": "还不对",
            }
        else:
            got = top * 0.6553191 if q.qid == "q2" else top
            qs[q.qid] = {
                "answer": 1,
                "max": top,
                "points": got,
                "status": "correct",
                "message": "正确。",
            }
    return {
        "trainee_id": tid,
        "exercise": n,
        "status": status,
        "reason": reason,
        "questions": qs,
        "points": sum(q["points"] for q in qs.values()),
        "max": sum(q["max"] for q in qs.values()),
    }


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    roster = tmp / "roster.csv"
    roster.write_text(
        "trainee_id,name,lang,group\nZ1,王芳,zh,北京分行营业部\nE1,Ann Lee,en,Shanghai\n"
        "F1,Copy Cat,zh,Shanghai\nM1,Absent,en,Shanghai\n",
        encoding="utf-8",
    )
    cohort, _ = init_cohort(roster, tmp / "cohort")
    for n in cohort.exercises:
        write_grade(cohort, _record("Z1", n, "late", "submitted after the due date"))
        write_grade(cohort, _record("E1", n, wrong="C-COUNTED"))
        write_grade(
            cohort,
            _record("F1", n, "flagged", "made from the pack of 'Z1', not 'F1'", wrong="C-FLAGGED"),
        )
    seen = {}
    real = rep._charts

    def spy(book, records, c):
        seen["ids"] = list(book["trainee_id"])
        return real(book, records, c)

    rep._charts = spy
    try:
        index = rep.write_report(cohort)
    finally:
        rep._charts = real
    return cohort, index, seen


def _text(page: str) -> str:
    """What a reader sees: the body's text, without tags, styles or images."""
    body = page.split("<body>", 1)[1]
    return html.unescape(re.sub(r"<[^>]+>|data:image/png;base64,[A-Za-z0-9+/=]+", " ", body))


def test_written_answers_are_shown_per_question_and_per_trainee(report):
    cohort, index, _ = report
    page = index.read_text(encoding="utf-8")
    assert "Written answers · 书面回答" in page
    # One reflection per exercise.
    assert page.count(html.escape(REFLECTION)) == len(cohort.exercises) > 0
    assert "decision · 判断" in page  # exercises 3 and 6 ask for a decision
    mine = (index.parent / "trainees" / "Z1.html").read_text(encoding="utf-8")
    assert html.escape(REFLECTION) in mine


def test_flags_are_shown_and_left_out_of_the_statistics(report):
    _, index, seen = report
    page = index.read_text(encoding="utf-8")
    assert "F1" not in seen["ids"] and {"Z1", "E1", "M1"} <= set(seen["ids"])
    assert "flagged · 待核查" in page and "left out of the charts" in page
    assert "C-COUNTED" in page and "C-FLAGGED" not in page  # common wrong answers count no copy
    assert "用的是 Z1 的练习包" in page


def test_pages_speak_their_language_without_codes_json_or_long_decimals(report):
    _, index, _ = report
    zh = _text((index.parent / "trainees" / "Z1.html").read_text(encoding="utf-8"))
    assert "截止时间之后提交" in zh and "逾期提交" in zh and "第 1 题" in zh
    assert "submitted after" not in zh
    for raw in ("q1", "correct", "collected", "late", "{", "[", '"'):
        assert raw not in zh, raw
    assert "0.6553191" not in zh and re.search(r"\b\d+\.\d{3,}", zh) is None
    cohort_page = _text(index.read_text(encoding="utf-8"))
    assert re.search(r"\b\d+\.\d{3,}", cohort_page) is None
    assert "[" not in cohort_page and "{" not in cohort_page


def test_every_page_has_a_title(report):
    _, index, _ = report
    pages = [index, *sorted((index.parent / "trainees").glob("*.html"))]
    assert len(pages) == 5
    for p in pages:
        title = re.search(r"<title>(.*?)</title>", p.read_text(encoding="utf-8")).group(1)
        assert title and title != "Notebook"
    assert (
        "王芳"
        in (index.parent / "trainees" / "Z1.html").read_text(encoding="utf-8").split("</title>")[0]
    )


def test_the_pass_rate_chart_grows_with_the_questions(report, monkeypatch):
    cohort, _, _ = report
    sizes = []
    import matplotlib.figure

    real = matplotlib.figure.Figure.savefig

    def spy(fig, *a, **k):
        sizes.append(tuple(fig.get_size_inches()))
        return real(fig, *a, **k)

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", spy)
    book = rep.gradebook(cohort)
    rep._charts(book, rep._records(cohort), cohort)
    questions = sum(1 for c in book.columns if re.match(r"^\d\d\.q\d+$", c))
    assert questions > 25
    bars = sizes[1]
    assert bars[1] >= 0.2 * questions  # about a quarter inch a bar: labels never overlap
