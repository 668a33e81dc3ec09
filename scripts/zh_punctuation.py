"""Turn half-width punctuation beside Chinese into full-width: prose cells and module strings.

Usage: python scripts/zh_punctuation.py [--check]  (then `make data notebooks exercises`)

Two kinds of source carry Chinese a trainee reads:
- the zh markdown cells of the case and exercise sources (notebooks/src, exercises/src);
- the string literals of the package's modules (casekit/, keys/): messages, hints, glossary,
  data dictionary, the sentences of the cases, the call notes the simulator writes.
Format placeholders (``{what}``, ``{n:,}``) are left as written, so ``{value!r}:请`` becomes
``{value!r}：请`` and nothing inside the braces changes.
"""

from __future__ import annotations

import io
import re
import sys
import tokenize
from pathlib import Path

from casekit.zhtext import halfwidth_marks, masked, to_fullwidth

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "notebooks" / "src").glob("*.py")) + sorted(
    (ROOT / "exercises" / "src").glob("*.py")
)
# Modules whose Chinese strings are patterns or the rule itself, not text a trainee reads.
NOT_PROSE = {"zhtext.py", "note_keywords.py"}
MODULES = [
    p
    for folder in ("casekit", "keys")
    for p in sorted((ROOT / folder).rglob("*.py"))
    if p.name not in NOT_PROSE
]
CELL = re.compile(r"^# %%")
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")
_PLACEHOLDER = re.compile(r"\{[^{}\n]*\}")
_WORD = re.compile(r"[A-Za-z]{2,}")


def zh_cells(text: str):
    """(start, end) line ranges of the zh markdown cells of a py:percent source."""
    lines = text.splitlines(keepends=True)
    start = None
    for i, line in enumerate([*lines, "# %%"]):
        if CELL.match(line):
            if start is not None:
                yield start, i
            start = i + 1 if 'lang="zh"' in line and "[markdown]" in line else None


def fix(path: Path, check: bool) -> list[str]:
    """Fix (or, with check, only report) one source's zh prose."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    bad = []
    for a, b in zh_cells(text):
        cell = "".join(lines[a:b])
        bad += [f"{path.name}:{a + 1}+: {m}" for m in halfwidth_marks(cell)]
        lines[a:b] = to_fullwidth(cell).splitlines(keepends=True)
    if not check:
        path.write_text("".join(lines), encoding="utf-8")
    return bad


def fix_literal(literal: str) -> str:
    """A string literal's Chinese made full-width, its quotes and placeholders untouched."""
    body = literal.lstrip("rRbBuUfF")
    prefix = literal[: len(literal) - len(body)]
    quote = body[:3] if body[:3] in ('"' * 3, "'" * 3) else body[:1]
    body = body[len(quote) : len(body) - len(quote)]
    if not is_chinese(body):
        return literal
    if "r" in prefix.lower():  # a raw string is a pattern, not prose
        return literal
    return f"{prefix}{quote}{_fix_body(body)}{quote}"


_ENGLISH_GLUE = re.compile(
    r"\b(?:the|this|that|these|of|to|and|is|are|was|in|on|at|for|with|by|most|from|an|its|a)\b"
)
_CODE = re.compile(r"`[^`]*`|\*[^*]*\*|'[^']*'")  # code, menu paths and quoted names


def is_chinese(text: str) -> bool:
    """Whether a string is Chinese prose: more than two Chinese characters to each English word.

    English sentences that name a Chinese term, "special mention (关注) now", keep their
    English brackets; a Chinese message that names a file stays Chinese.

    """
    if " · " in text:  # a bilingual label of the trainer's report: both languages as written
        return False
    # Code, menu paths and quoted names are no one's prose: they count for neither language.
    text = _CODE.sub("", _PLACEHOLDER.sub("", text))
    # An English sentence's own small words: "综合贡献度; {kind} cost most (…)" is English that
    # names a Chinese term, however few English words the fragment holds.
    if _ENGLISH_GLUE.search(text):
        return False
    return len(_CJK.findall(text)) > 2 * len(_WORD.findall(text))


def _fix_body(body: str) -> str:
    """The body of a literal made full-width, with format placeholders masked."""
    # Masked as Chinese (ideographs as marks): a placeholder in a Chinese sentence is filled
    # with Chinese, so the punctuation beside it is full-width too.
    return masked(body, _PLACEHOLDER, to_fullwidth, marks="\u3400\u3401")


def fix_module(path: Path, check: bool) -> list[str]:
    """Fix (or, with check, only report) the Chinese string literals of one module."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    edits, bad = [], []
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type != tokenize.STRING or not _CJK.search(tok.string):
            continue
        fixed = fix_literal(tok.string)
        if fixed != tok.string:
            start = offsets[tok.start[0] - 1] + tok.start[1]
            end = offsets[tok.end[0] - 1] + tok.end[1]
            edits.append((start, end, fixed))
            rel = path.relative_to(ROOT)
            changed = [
                a
                for a, b in zip(tok.string.splitlines(), fixed.splitlines(), strict=True)
                if a != b
            ]
            bad += [f"{rel}:{tok.start[0]}: {a.strip()}" for a in changed]
    if edits and not check:
        for start, end, fixed in reversed(edits):
            text = text[:start] + fixed + text[end:]
        path.write_text(text, encoding="utf-8")
    return bad


def main() -> int:
    """Fix every source, or with --check list what needs fixing and exit 1."""
    check = "--check" in sys.argv
    bad = [b for p in SOURCES for b in fix(p, check)]
    bad += [b for p in MODULES for b in fix_module(p, check)]
    print("\n".join(bad) if bad else "no half-width punctuation beside Chinese")
    return 1 if check and bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
