"""Chinese text as a bank would print it: full-width punctuation beside Chinese characters.

Chinese prose takes ，：；？！（） where an English keyboard types ,:;?!(); code spans (between
backticks) and text with no Chinese beside the mark are left alone, so `df.groupby('a')` and
"3.3, 4.3" stay as they are.
"""

from __future__ import annotations

import re

_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_MARK = re.compile(rf"(?<=[{_CJK}])[,:;?!]|[,:;?!](?=[{_CJK}])")
_PAIR = re.compile(r"\(([^()`\n]*)\)")
_CODE = re.compile(r"(`+)(.*?)\1", re.S)
_IS_CJK = re.compile(rf"[{_CJK}]")


def _outside_code(text: str, fix) -> str:
    out, last = [], 0
    for m in _CODE.finditer(text):
        out.append(fix(text[last : m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(fix(text[last:]))
    return "".join(out)


def _fix(part: str) -> str:
    def pair(m: re.Match) -> str:
        before = part[m.start() - 1] if m.start() else ""
        after = part[m.end()] if m.end() < len(part) else ""
        inner = m.group(1)
        if before == "]":  # a Markdown link's address
            return m.group(0)
        if _IS_CJK.search(before + after) or _IS_CJK.search(inner):
            return f"（{inner}）"
        return m.group(0)

    part = _PAIR.sub(pair, part)
    return _MARK.sub(lambda m: _FULL[m.group(0)], part)


def to_fullwidth(text: str) -> str:
    """The text with half-width punctuation beside Chinese turned full-width (code untouched)."""
    return _outside_code(text, _fix)


def halfwidth_marks(text: str) -> list[str]:
    """The lines of a text where half-width punctuation sits beside Chinese: what to fix."""
    return [line.strip() for line in text.splitlines() if to_fullwidth(line) != line]
