"""Chinese text as a bank would print it: full-width punctuation beside Chinese characters.

Chinese prose takes ，：；？！（）“” where an English keyboard types ,:;?!()"; code spans (between
backticks) and text with no Chinese beside the mark are left alone, so `df.groupby('a')` and
"3.3, 4.3" stay as they are.
"""

from __future__ import annotations

import re

_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_MARK = re.compile(rf"(?<=[{_CJK}])[,:;?!]|[,:;?!](?=[{_CJK}])")
_PAIR = re.compile(r"\(([^()`]{0,200})\)")
# Left as written: code spans, and the address of a Markdown link.
_CODE = re.compile(r"(`+)(.*?)\1|\]\([^)\n]*\)", re.S)
_IS_CJK = re.compile(rf"[{_CJK}]")
# A lone bracket is judged by the Chinese characters beside it, not by full-width marks: the
# ")" of "nlargest(20)" stays half-width in "（nlargest(20)）".
_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_IS_HAN = re.compile(rf"[{_HAN}]")
_LONE = re.compile(rf"(?<=[{_HAN}])\(|\)(?=[{_HAN}])|(?<=[{_HAN}])\)")
_QUOTE = re.compile(r'"([^"\n]*)"')


def masked(text: str, pattern: re.Pattern, fix, marks: str = "\ue000\ue001") -> str:
    """Apply ``fix`` to ``text`` with each match of ``pattern`` replaced by a numbered token
    between the two ``marks`` characters, then put the matches back untouched."""
    kept: list[str] = []
    opening, closing = marks

    def mask(m: re.Match) -> str:
        kept.append(m.group(0))
        return f"{opening}{len(kept) - 1}{closing}"

    done = fix(pattern.sub(mask, text))
    return re.sub(f"{opening}(\\d+){closing}", lambda m: kept[int(m.group(1))], done)


def _outside_code(text: str, fix) -> str:
    """Apply ``fix`` to the text with code and link addresses masked (so brackets pair up)."""
    return masked(text, _CODE, fix)


def _fix(part: str) -> str:
    def pair(m: re.Match) -> str:
        before = part[m.start() - 1] if m.start() else ""
        after = part[m.end()] if m.end() < len(part) else ""
        inner = m.group(1)
        if before == "]":  # a Markdown link's address
            return m.group(0)
        if _IS_HAN.search(before + after) or _IS_CJK.search(inner):
            return f"（{inner}）"
        return m.group(0)

    part = _PAIR.sub(pair, part)
    # A bracket whose partner is on another line: judged by its own neighbours.
    part = _LONE.sub(lambda m: _FULL[m.group(0)], part)
    # "quoted Chinese" takes Chinese quotation marks.
    part = _QUOTE.sub(
        lambda m: f"“{m.group(1)}”" if _IS_CJK.search(m.group(1)) else m.group(0), part
    )
    return _MARK.sub(lambda m: _FULL[m.group(0)], part)


def to_fullwidth(text: str) -> str:
    """The text with half-width punctuation beside Chinese turned full-width (code untouched)."""
    return _outside_code(text, _fix)


def halfwidth_marks(text: str) -> list[str]:
    """The lines of a text where half-width punctuation sits beside Chinese: what to fix."""
    fixed = to_fullwidth(text).splitlines()
    return [a.strip() for a, b in zip(text.splitlines(), fixed, strict=True) if a != b]
