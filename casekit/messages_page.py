"""Every message of the catalogue rendered once in each language with sample values, as one page
a reviewer reads from top to bottom (``python scripts/messages_page.py`` writes build/messages.html).
"""

from __future__ import annotations

import html
import string
from pathlib import Path

from casekit.messages import MESSAGES

# Sample values by field name, each language's own, chosen to agree with one another (40 of
# 52 rows right, 6 wrong, so a reviewer can tell whether a message adds up).
SAMPLES: dict[str, dict[str, object]] = {
    "answer": {"en": "0.4213", "zh": "0.4213"},
    "direction": {"en": "too high", "zh": "偏高"},
    "gap": {"en": "0.0213", "zh": "0.0213"},
    "share": {"en": " (5.1%)", "zh": "(5.1%)"},
    "tol": {"en": "1%", "zh": "1%"},
    "unit": {"en": " （万元）", "zh": "（万元）"},
    "size": {"en": "by 10% to 50%", "zh": "相差 10% 到 50%"},
    "mistake": {
        "en": "you used month-end balances (deposit_month_end): use daily averages.",
        "zh": "用了月末余额（deposit_month_end）：请用日均余额。",
    },
    "detail": {
        "en": "precision 71%, recall 64%, F1 0.67; 40 missed, 31 wrongly added.",
        "zh": "精确率 71%，召回率 64%,F1 0.67；漏掉 40 个，误报 31 个。",
    },
    "first": {
        "en": " First figure off: deposits for key is too high.",
        "zh": "第一个不对的数：key 的 deposits偏高。",
    },
    "score": {"en": "1.21×", "zh": "1.21×"},
    "need": {"en": "1.45×", "zh": "1.45×"},
    "missed": {
        "en": " Missed, e.g.: C00012/capex, C00031/payroll.",
        "zh": "漏掉的如:C00012/capex, C00031/payroll。",
    },
    "extra": {"en": " Wrongly listed, e.g.: C00007/fx_risk.", "zh": "多列的如:C00007/fx_risk。"},
    "rows": {"en": "C00012/capex, C00031/payroll", "zh": "C00012/capex, C00031/payroll"},
    "client": {"en": "C99999", "zh": "C99999"},
    "example": {"en": "C00042", "zh": "C00042"},
    "what": {"en": "the needs list", "zh": "需求清单"},
    "reason": {"en": "fewer than 3 defaults to foresee", "zh": "可预见的违约不足 3 笔"},
    "columns": {"en": "client_id, need", "zh": "client_id, need"},
    "path": {"en": "cohorts/sample/roster.csv", "zh": "cohorts/sample/roster.csv"},
    "kind": {"en": "KeyError", "zh": "KeyError"},
    "options": {
        "en": "reviewed (Reviewed), approved (Approved), processed (Processed)",
        "zh": "reviewed(审核), approved(审批), processed(办理)",
    },
    "column": {"en": "deposits", "zh": "deposits"},
    "verdict": {
        "en": "Not yet: watch is not the right choice. Look again at the evidence, or ask for a hint.",
        "zh": "还不对：watch 不是正确选项。请再看一遍证据，或查看提示。",
    },
}
# Where one field name means different things in different messages.
BY_KEY: dict[str, dict[str, object]] = {
    "check_ranking_off": {"first": "C00012", "second": "C00031"},
    "check_ranking_items": {"missing": 1, "extra": "C00007"},
    "check_table_figure": {"row": "key", "gap": " 12.3"},
}
COUNTS = {"right": 40, "expected": 52, "wrong": 6, "total": 52, "absent": 6, "n_extra": 1}
COUNTS |= {"n": 5, "got": 4, "words": 42, "count": 2, "row": 3}


def fields(template: str) -> list[tuple[str, str]]:
    """The (name, format spec) of each field in a message template."""
    return [(f, spec or "") for _, f, spec, _ in string.Formatter().parse(template) if f]


def sample(name: str, spec: str, lang: str = "en") -> object:
    """A sample value for one field in ``lang``, of the type its format spec needs."""
    if name in COUNTS:
        return COUNTS[name]
    if spec and spec[-1] in "%fgeE":
        return 0.42
    if spec and spec[-1] == "d":
        return 3
    if spec.startswith(","):
        return 1234.5
    if name in SAMPLES:
        return SAMPLES[name]["zh" if lang == "zh" else "en"]
    return f"<{name}>"


def render(key: str, lang: str) -> str:
    """Message ``key`` in ``lang`` with sample values."""
    template = MESSAGES[key]["zh" if lang == "zh" else "en"]
    values: dict[str, object] = {}
    for name, spec in fields(template):
        values[name] = BY_KEY.get(key, {}).get(name, sample(name, spec, lang))
    return template.format(**values)


def page() -> str:
    """The whole catalogue as an HTML table: key, English, Chinese."""
    rows = "\n".join(
        f"<tr><td><code>{html.escape(k)}</code></td><td>{html.escape(render(k, 'en'))}</td>"
        f"<td>{html.escape(render(k, 'zh'))}</td></tr>"
        for k in MESSAGES
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>casekit messages · 提示信息</title>"
        "<style>body{font-family:sans-serif}td{vertical-align:top;padding:4px;"
        "border-bottom:1px solid #ddd}</style></head><body>"
        f"<h1>Every message, both languages · 全部提示信息({len(MESSAGES)})</h1>"
        "<table><tr><th>key</th><th>English</th><th>中文</th></tr>"
        f"{rows}</table></body></html>\n"
    )


def write(out: Path) -> Path:
    """Write the page to ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page(), encoding="utf-8")
    return out
