"""Case 10 (经营沙盘) as a trainer reads it: run in Chinese on another bank, its figures hold
together, its refusal is in Chinese, and its charts are drawn."""

from __future__ import annotations

import casekit
from casekit import casework
from casekit import sandbox as sb
from tests.conftest import OTHER

CASE = "10_business_sandbox"


def test_the_sandbox_case_reports_the_runs_it_made(executed_cases):
    nb, page = executed_cases[CASE]
    r = casework.read_record(nb)
    assert r["quarters"] == 8
    # The scripted policy beats doing nothing on this bank; hours at random mostly do not.
    assert r["sensible"] > r["do_nothing"] and r["best_known"] > r["do_nothing"]
    assert r["random_gain"] < r["sensible"] - r["do_nothing"]
    # The figures are the sandbox's own on the notebook's bank, not copies of the default's.
    book = casekit.generate_book(seed=OTHER["seed"], scenario=OTHER["scenario"])
    assert r["do_nothing"] == round(sb.start(book).run(sb.do_nothing).metrics()["contribution"], 6)
    assert "第" in r["refused"] and "行" in r["refused"] and "hours" in r["refused"]
    assert r["rewound_to"] != r["rewound_from"]  # a different decision, a different outcome
    html = page.read_text(encoding="utf-8")
    assert html.count("data:image/png;base64") >= 2
    assert "经营沙盘" in html and "已知最优" in html
