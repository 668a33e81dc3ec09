"""Building the notebooks: one py:percent source per case or exercise, an English and a Chinese
notebook.

A source's markdown cells carry ``lang="en"`` or ``lang="zh"``; code cells are shared, so the
two languages can never drift. The built notebooks have no outputs, execution counts or
machine-specific metadata, and stable cell ids, so they diff cleanly and rebuild byte for byte.

An exercise source is its solution. Its trainee version (``variant="trainee"``) drops cells
tagged ``test`` or ``solution``, drops the lines between ``# BEGIN SOLUTION`` and
``# END SOLUTION``, and turns each ``name = … # SOLUTION`` line into ``name = ____``.
"""

from __future__ import annotations

import re
from pathlib import Path

from casekit.errors import BadParameter

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("en", "zh")
_LANG_LINE = re.compile(r'^(lang: str = )"(en|zh)"', flags=re.M)
_ANSWER_LINE = re.compile(r"^(\s*)([A-Za-z_]\w*)\s*=.*#\s*SOLUTION\s*$")
VARIANTS = ("full", "solution", "trainee")
TRAINEE_DROPS = {"test", "solution"}  # cell tags left out of the trainee version


def trainee_code(code: str, where: str = "") -> str:
    """A solution code cell as the trainee sees it: solution lines blanked with ``____``."""
    out: list[str] = []
    inside = False
    for n, line in enumerate(code.splitlines(), 1):
        mark = line.strip()
        if mark in ("# BEGIN SOLUTION", "# END SOLUTION"):
            if inside == (mark == "# BEGIN SOLUTION"):
                raise BadParameter(f"{where}: line {n} of a cell: unbalanced {mark!r}")
            inside = not inside
            continue
        if inside:
            continue
        m = _ANSWER_LINE.match(line)
        if m:
            out.append(f"{m[1]}{m[2]} = ____")
        elif mark.endswith("# SOLUTION"):
            raise BadParameter(
                f"{where}: line {n} of a cell: '# SOLUTION' marks only a line 'name = …'; "
                "wrap longer solutions in # BEGIN SOLUTION / # END SOLUTION"
            )
        else:
            out.append(line)
    if inside:
        raise BadParameter(f"{where}: a '# BEGIN SOLUTION' has no '# END SOLUTION'")
    return "\n".join(out)


def sources(folder: Path) -> list[Path]:
    """The notebook sources in a folder, in reading order."""
    return sorted(folder.glob("[0-9][0-9]_*.py"))


def build(source: Path, lang: str, variant: str = "full") -> str:
    """The notebook built from ``source`` for ``lang``, as .ipynb JSON text.

    ``variant="trainee"`` builds an exercise's trainee version from its solution source;
    ``variant="solution"`` its solution without the test cells (what a perfect trainee hands in).
    """
    import jupytext
    import nbformat

    nb = jupytext.read(source, fmt="py:percent")
    cells = []
    for cell in nb.cells:
        cell_lang = cell.metadata.pop("lang", None)
        if cell_lang not in (None, lang):
            continue
        if variant == "trainee" and TRAINEE_DROPS & set(cell.metadata.get("tags", [])):
            continue
        if variant == "solution" and "test" in cell.metadata.get("tags", []):
            continue
        if variant == "trainee" and cell.cell_type == "code":
            cell.source = trainee_code(cell.source, f"{source.name}, cell {len(cells) + 1}")
        if "parameters" in cell.metadata.get("tags", []):
            cell.source = _LANG_LINE.sub(rf'\1"{lang}"', cell.source)
        cell.metadata.pop("lines_to_next_cell", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell.id = f"{source.stem}-{len(cells):02d}"
        cells.append(cell)
    nb.cells = cells
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    nb.nbformat, nb.nbformat_minor = 4, 5
    return nbformat.writes(nb) + "\n"


def target(source: Path, lang: str, out_root: Path) -> Path:
    """Where the built notebook of ``source`` in ``lang`` lives."""
    return out_root / lang / f"{source.stem}.ipynb"


def build_all(src: Path, out_root: Path, check: bool = False, variant: str = "full") -> list[Path]:
    """Build every source in both languages; returns the notebooks that changed (or would)."""
    changed = []
    for source in sources(src):
        for lang in LANGS:
            path = target(source, lang, out_root)
            text = build(source, lang, variant)
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                changed.append(path)
                if not check:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(text, encoding="utf-8")
    return changed


def run(notebook: Path, out_dir: Path, parameters: dict | None = None, html: bool = True) -> Path:
    """Execute a built notebook with papermill into ``out_dir`` and render it to HTML there."""
    import papermill as pm

    out_dir.mkdir(parents=True, exist_ok=True)
    executed = out_dir / notebook.name
    pm.execute_notebook(
        str(notebook),
        str(executed),
        parameters=parameters or {},
        progress_bar=False,
        log_output=False,
        cwd=str(ROOT),
    )
    if html:
        import nbformat
        from nbconvert import HTMLExporter

        body, _ = HTMLExporter().from_notebook_node(nbformat.read(executed, as_version=4))
        executed.with_suffix(".html").write_text(body, encoding="utf-8")
    return executed


def run_all(out_dir: Path, langs: tuple[str, ...] = LANGS, workers: int = 2) -> list[Path]:
    """Execute every case in the given languages, in parallel, rendering each to HTML."""
    books = [
        ROOT / "notebooks" / lang / f"{s.stem}.ipynb"
        for lang in langs
        for s in sources(ROOT / "notebooks" / "src")
    ]
    # Processes, not threads: two papermill runs in threads of one process can deadlock on
    # their kernel channels.
    return run_many(books, [out_dir / nb.parent.name for nb in books], workers)


EXERCISES_SRC = ROOT / "exercises" / "src"


def build_solutions(out_dir: Path, langs: tuple[str, ...] = LANGS, only: str = "") -> list[Path]:
    """Write the exercises' solution notebooks (with their test cells) to ``out_dir/lang``."""
    written = []
    for source in sources(EXERCISES_SRC):
        if only and not source.stem.startswith(only):
            continue
        for lang in langs:
            path = target(source, lang, out_dir)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(build(source, lang), encoding="utf-8")
            written.append(path)
    return written


def run_many(notebooks: list[Path], out_dirs: list[Path], workers: int = 2) -> list[Path]:
    """Execute notebooks in parallel processes (one kernel each), rendering each to HTML."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(run, notebooks, out_dirs))
