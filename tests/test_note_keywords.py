"""One answer in either language: call notes point to the same needs in Chinese and English."""

from __future__ import annotations

import itertools

import pytest

import casekit
from casekit.note_keywords import KEYWORDS, KEYWORDS_EN, KEYWORDS_ZH, needs_in
from casekit.scenarios import SCENARIOS
from casekit.simulate import notes_catalog as nc

# Every fragment a note is composed of, with what it is.
FRAGMENTS = (
    [(f"opener:{ch}", f[:2]) for ch, v in nc.OPENERS.items() for f in v]
    + [(f"situation:{k}", f[:2]) for k, v in nc.SITUATION.items() for f in v]
    + [(f"ask:{k}", f[:2]) for k, v in nc.ASK.items() for f in v]
    + [(f"hint:{k}", f[:2]) for k, v in nc.HINT.items() for f in v]
    + [(f"false_lead:{k}", f[:2]) for k, v in nc.FALSE_LEAD.items() for f in v]
    + [("distress", f[:2]) for f in nc.DISTRESS]
    + [("routine", f[:2]) for f in nc.ROUTINE]
    + [(f"closer:{k}", f) for k, v in nc.CLOSER.items() for f in v]
    + [("role", (r[0], r[1])) for r in nc.ROLES]
    + [("role", (r[0], r[2])) for r in nc.ROLES]
    + [("said", s) for s in nc.SAID]
)


@pytest.mark.parametrize(
    ("group", "pair"), FRAGMENTS, ids=[f"{g}-{i}" for i, (g, _) in enumerate(FRAGMENTS)]
)
def test_a_fragment_points_to_the_same_needs_in_both_languages(group, pair):
    zh, en = pair
    assert needs_in(zh) == needs_in(en), (zh, en)
    if group.startswith(("routine", "opener", "closer", "role", "said")):
        assert needs_in(zh) == set(), zh  # the words around a need name none


@pytest.mark.parametrize("need", list(nc.SITUATION))
def test_a_need_stated_outright_is_found_in_either_language(need):
    for situation, ask in itertools.product(nc.SITUATION[need], nc.ASK[need]):
        for lang in (0, 1):
            assert need in needs_in(situation[lang] + ask[lang]), (situation[lang], ask[lang])


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_every_generated_note_points_to_the_same_needs_in_both_languages(scenario):
    # Fragments are joined with facts (months, names, amounts): the whole notes must agree too.
    it = casekit.generate_book(clients=800, scenario=scenario, seed=5).interactions
    pairs = it.drop_duplicates(["note_zh", "note_en"])
    bad = [(z, e) for z, e in zip(pairs["note_zh"], pairs["note_en"], strict=True)]
    bad = [(z, e) for z, e in bad if needs_in(z) != needs_in(e)]
    assert not bad, bad[:3]


def test_keywords_in_notes_are_a_good_but_imperfect_signal(book):
    # A keyword search finds many needs, misses others (hints name no product) and is fooled
    # by false leads ("no need, it is covered"): neither useless nor the answer key.
    it, truth = book.interactions, book.truth["needs"]
    true = set(zip(truth["client_id"], truth["need"], strict=True))
    said = {
        (c, need)
        for c, note in zip(it["client_id"], it["note_en"], strict=True)
        for need in needs_in(note)
    }
    precision = len(said & true) / len(said)
    recall = len(said & true) / len(true)
    assert 0.45 < precision < 0.85, precision
    assert 0.25 < recall < 0.75, recall


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
