"""Case 4's risk-bearing call notes: the same notes in either language, and only the risky ones."""

from __future__ import annotations

import pytest

from casekit.evaluate import risk_signals as rs
from casekit.simulate import notes_catalog as nc

TEMPLATES = [
    *(p for group in (nc.EXPLICIT, nc.HINTED, nc.FALSE_LEAD) for ps in group.values() for p in ps),
    *nc.DISTRESS,
    *nc.NOISE,
]


@pytest.mark.parametrize(("zh", "en"), TEMPLATES, ids=[e[:40] for _, e in TEMPLATES])
def test_a_note_carries_risk_in_both_languages_or_in_neither(zh, en):
    assert rs.is_risk_note(zh) == rs.is_risk_note(en), (zh, en)


def test_every_distress_note_carries_risk_and_no_routine_note_does():
    assert all(rs.is_risk_note(z) and rs.is_risk_note(e) for z, e in nc.DISTRESS)
    # A new CFO is routine; a CFO who left abruptly is a signal.
    assert not any(rs.is_risk_note(z) or rs.is_risk_note(e) for z, e in nc.NOISE)


def test_the_phrases_are_not_trivially_true():
    assert not rs.is_risk_note("例行拜访，经营正常。") and not rs.is_risk_note("Routine visit.")
    assert rs.is_risk_note("客户申请借新还旧") and rs.is_risk_note("The loan was rolled over.")
