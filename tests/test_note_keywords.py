"""One answer in either language: call notes point to the same needs in Chinese and English."""

from __future__ import annotations

import pytest

from casekit.note_keywords import KEYWORDS, KEYWORDS_EN, KEYWORDS_ZH, needs_in
from casekit.simulate import notes_catalog as nc

TEMPLATES = (
    [(f"explicit:{k}", p) for k, v in nc.EXPLICIT.items() for p in v]
    + [(f"hinted:{k}", p) for k, v in nc.HINTED.items() for p in v]
    + [(f"false_lead:{k}", p) for k, v in nc.FALSE_LEAD.items() for p in v]
    + [("distress", p) for p in nc.DISTRESS]
    + [("noise", p) for p in nc.NOISE]
)


@pytest.mark.parametrize(
    ("group", "pair"), TEMPLATES, ids=[f"{g}-{i}" for i, (g, _) in enumerate(TEMPLATES)]
)
def test_a_note_points_to_the_same_needs_in_both_languages(group, pair):
    zh, en = pair
    assert needs_in(zh) == needs_in(en), (zh, en)
    if group.startswith("explicit:"):
        assert group.split(":")[1] in needs_in(zh), zh  # a need stated outright is found


def test_the_keyword_method_is_not_fooled_by_words_inside_words():
    # "line" once matched "online"; "acquired land" matched acquisition.
    assert "capex" not in needs_in("Client prefers online banking for all payments.")
    assert needs_in("客户偏好使用网银办理全部付款。") == needs_in(
        "Client prefers online banking for all payments."
    )
    assert needs_in("Weather was fine; we talked about the local economy.") == set()


def test_the_trainee_keywords_are_both_languages_together():
    assert set(KEYWORDS) == set(KEYWORDS_ZH) == set(KEYWORDS_EN)
    for need, words in KEYWORDS.items():
        assert words == KEYWORDS_ZH[need] + KEYWORDS_EN[need]
    from casekit.exercises import ex02_needs

    assert ex02_needs.KEYWORDS is KEYWORDS
