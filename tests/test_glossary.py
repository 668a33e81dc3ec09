"""One glossary: one name per concept in each language, used by the cases' Chinese outputs."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from casekit import glossary
from tests.conftest import ROOT

# Where the cases' words live: their sources, the sentences rendered from data, the evaluation
# summaries, and the message catalogue.
SCANNED = [
    *sorted((ROOT / "notebooks" / "src").glob("*.py")),
    *sorted((ROOT / "casekit").glob("case_claims*.py")),
    *sorted((ROOT / "casekit" / "evaluate").glob("*.py")),
    ROOT / "casekit" / "messages.py",
]


def test_no_concept_has_two_names_in_the_cases():
    found = [
        f"{p.relative_to(ROOT)}: {second!r} (say {glossary.term(key, 'zh')!r})"
        for p in SCANNED
        for key, seconds in glossary.AVOID.items()
        for second in seconds
        if second in p.read_text(encoding="utf-8")
    ]
    assert not found, "a concept under a second name:\n" + "\n".join(found)


def test_the_scan_finds_a_second_name(tmp_path):
    p = tmp_path / "case.py"
    p.write_text("# 近12个月手续费收入", encoding="utf-8")
    assert any(s in p.read_text(encoding="utf-8") for s in glossary.AVOID["fee_income"])


def test_each_name_means_one_concept_in_each_language():
    for lang in ("zh", "en"):
        names = defaultdict(set)
        for key, (zh, en) in glossary.TERMS.items():
            names[zh if lang == "zh" else en].add(glossary.TERMS[key][1 if lang == "zh" else 0])
        # One Chinese name translates one way (and back): no 日均存款 = 'deposits' and 'average balance'.
        two = {n: t for n, t in names.items() if len(t) > 1}
        assert not two, two


def test_display_labels_codes_and_headers_in_chinese():
    df = pd.DataFrame({"need": ["fx_risk"], "tier": ["key"], "precision": [0.5], "x": [1]})
    zh = glossary.display(df.set_index("need"), "zh")
    assert list(zh.columns) == [glossary.header("tier", "zh", "clients"), "精确率", "x"]
    assert zh.index.name == "需求" and zh.index[0] == "汇率风险管理" and zh.iloc[0, 0] == "重点客户"
    en = glossary.display(df, "en")
    assert list(en.iloc[0])[:2] == ["FX risk management", "Key"]
    assert glossary.header("deposit_avg", "zh") == "日均存款"
    assert glossary.header("revenue", "zh", "clients") != "revenue"  # from the schema
    assert glossary.code("need", "not_a_code", "zh") == "not_a_code"
