"""The book's capabilities and the skills a question needs: the vocabulary every question is
tagged with (``capability=``, ``skill=`` in its declaration), with Chinese and English names.

A capability is a section (or pair of sections) of the seed book: chapter 3 names the core
capabilities and chapter 4 the operating methods behind the same ones, so 3.2 and 4.2 are one
capability, needs analysis. A skill says what a question asks of the trainee: reading the
data, a banking judgement, or a method applied step by step.
"""

from __future__ import annotations

from dataclasses import dataclass

from casekit.errors import BadParameter


@dataclass(frozen=True)
class Capability:
    """A capability of the book: its code, its sections and its names."""

    code: str
    sections: str  # the seed book's sections, e.g. "3.2 / 4.2"
    en: str
    zh: str


CAPABILITIES: tuple[Capability, ...] = (
    Capability("client_info", "2.1", "Client information", "客户信息管理"),
    Capability("relationship", "3.1 / 4.1", "Relationship building", "客户关系建立"),
    Capability("needs", "3.2 / 4.2", "Needs analysis", "客户需求分析"),
    Capability("service", "3.3 / 4.3", "Service quality and process", "服务质量与流程"),
    Capability("risk", "3.4", "Risk early warning", "风险预警与防范"),
    Capability("maintenance", "4.4", "Relationship maintenance and upgrade", "客户关系维护与提升"),
    Capability("data_analysis", "5.2", "Data analysis", "大数据分析应用"),
    Capability(
        "evaluation",
        "6.2 / 6.3",
        "Lessons and effectiveness evaluation",
        "经验总结与效果评估",
    ),
)
CAPABILITY_CODES = tuple(c.code for c in CAPABILITIES)

SKILLS: dict[str, dict[str, str]] = {
    "data": {"en": "Reading the data", "zh": "读懂数据"},
    "judgement": {"en": "Banking judgement", "zh": "业务判断"},
    "method": {"en": "Method", "zh": "分析方法"},
}
SKILL_CODES = tuple(SKILLS)

_BY_CODE = {c.code: c for c in CAPABILITIES}


def capability(code: str) -> Capability:
    """The capability of a code; a clear error naming the known codes if there is none."""
    if code not in _BY_CODE:
        raise BadParameter(
            f"unknown capability {code!r}: use one of {', '.join(CAPABILITY_CODES)} "
            f"(casekit/capabilities.py) · 未知能力代码 {code!r}"
        )
    return _BY_CODE[code]


def capability_label(code: str, lang: str = "en", sections: bool = True) -> str:
    """A capability's name in ``lang``, with its book sections, e.g. "3.2 / 4.2 需求分析"."""
    c = capability(code)
    name = c.zh if lang == "zh" else c.en
    return f"{c.sections} {name}" if sections else name


def skill_label(code: str, lang: str = "en") -> str:
    """A skill's name in ``lang``."""
    if code not in SKILLS:
        raise BadParameter(f"unknown skill {code!r}: use one of {', '.join(SKILL_CODES)}")
    return SKILLS[code]["zh" if lang == "zh" else "en"]


def untagged(questions: object) -> list[str]:
    """The question ids among ``questions`` whose capability or skill is missing or unknown."""
    bad = []
    for q in questions:  # type: ignore[attr-defined]
        cap, skill = getattr(q, "capability", ""), getattr(q, "skill", "")
        if cap not in _BY_CODE or skill not in SKILLS:
            bad.append(f"{q.qid} (capability={cap!r}, skill={skill!r})")
    return bad
