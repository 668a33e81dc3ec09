"""The landing page `make lab` opens: both languages, every case and exercise in reading order."""

from __future__ import annotations

import re

import nbformat

from casekit import nbbuild
from tests.conftest import ROOT


def test_start_page_is_in_sync_with_the_sources():
    assert nbbuild.LANDING.read_text(encoding="utf-8") == nbbuild.landing(), (
        "START.ipynb is stale: run `make notebooks`"
    )


def test_start_page_links_every_case_and_exercise_in_order():
    nb = nbformat.read(nbbuild.LANDING, as_version=4)
    assert [c.cell_type for c in nb.cells] == ["markdown", "markdown"]
    en, zh = (c.source for c in nb.cells)
    assert "Start here" in en and "从这里开始" in zh
    stems = [s.stem for s in nbbuild.sources(ROOT / "notebooks" / "src")]
    for lang, text in (("en", en), ("zh", zh)):
        links = re.findall(r"\]\(([^)]+\.ipynb)\)", text)
        expected = [
            p for s in stems for p in (f"notebooks/{lang}/{s}.ipynb", f"exercises/{lang}/{s}.ipynb")
        ]
        assert links == expected
        assert all((ROOT / link).is_file() for link in links)


def test_make_lab_opens_the_start_page():
    rule = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nlab:")[1].split("\n\n")[0]
    assert "jupyter lab" in rule and rule.rstrip().endswith("START.ipynb")
