"""Turn half-width punctuation beside Chinese into full-width in the zh cells of the sources.

Usage: python scripts/zh_punctuation.py [--check]  (then `make notebooks exercises`)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from casekit.zhtext import halfwidth_marks, to_fullwidth

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "notebooks" / "src").glob("*.py")) + sorted(
    (ROOT / "exercises" / "src").glob("*.py")
)
CELL = re.compile(r"^# %%")


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


def main() -> int:
    """Fix every source, or with --check list what needs fixing and exit 1."""
    check = "--check" in sys.argv
    bad = [b for p in SOURCES for b in fix(p, check)]
    print("\n".join(bad) if bad else "no half-width punctuation beside Chinese")
    return 1 if check and bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
