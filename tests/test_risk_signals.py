"""Case 4's risk-bearing call notes: the same notes in either language, and only the risky ones."""

from __future__ import annotations

import pytest

from casekit.evaluate import risk_signals as rs
from casekit.simulate import notes_catalog as nc


def _pairs(x: object) -> list[tuple[str, str]]:
    """Every (zh, en) text in a catalogue entry: a pair or fragment, a tuple or dict of them."""
    if isinstance(x, dict):
        return [p for v in x.values() for p in _pairs(v)]
    if isinstance(x, tuple) and len(x) >= 2 and all(isinstance(t, str) for t in x[:2]):
        return [(x[0], x[1])]
    if isinstance(x, tuple):
        return [p for v in x for p in _pairs(v)]
    return []


# Whatever the simulator composes notes from (whole templates, or fragments), every piece.
CATALOGUE = {
    name: _pairs(getattr(nc, name))
    for name in dir(nc)
    if name.isupper() and _pairs(getattr(nc, name))
}
TEMPLATES = [p for pairs in CATALOGUE.values() for p in pairs]
ROUTINE = CATALOGUE.get("NOISE", []) + CATALOGUE.get("ROUTINE", [])


@pytest.mark.parametrize(("zh", "en"), TEMPLATES, ids=[e[:40] for _, e in TEMPLATES])
def test_a_note_carries_risk_in_both_languages_or_in_neither(zh, en):
    assert rs.is_risk_note(zh) == rs.is_risk_note(en), (zh, en)


def test_every_distress_note_carries_risk_and_no_routine_note_does():
    assert CATALOGUE["DISTRESS"] and ROUTINE
    assert all(rs.is_risk_note(z) and rs.is_risk_note(e) for z, e in CATALOGUE["DISTRESS"])
    # A new CFO is routine; a CFO who left abruptly is a signal.
    assert not any(rs.is_risk_note(z) or rs.is_risk_note(e) for z, e in ROUTINE)


def test_the_phrases_are_not_trivially_true():
    assert not rs.is_risk_note("例行拜访，经营正常。") and not rs.is_risk_note("Routine visit.")
    assert rs.is_risk_note("客户申请借新还旧") and rs.is_risk_note("The loan was rolled over.")
