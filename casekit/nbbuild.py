"""Building the notebooks: one py:percent source per case, an English and a Chinese notebook.

A source's markdown cells carry ``lang="en"`` or ``lang="zh"``; code cells are shared, so the
two languages can never drift. The built notebooks have no outputs, execution counts or
machine-specific metadata, and stable cell ids, so they diff cleanly and rebuild byte for byte.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("en", "zh")
_LANG_LINE = re.compile(r'^(lang: str = )"(en|zh)"', flags=re.M)


def sources(folder: Path) -> list[Path]:
    """The notebook sources in a folder, in reading order."""
    return sorted(folder.glob("[0-9][0-9]_*.py"))


def build(source: Path, lang: str) -> str:
    """The notebook built from ``source`` for ``lang``, as .ipynb JSON text."""
    import jupytext
    import nbformat

    nb = jupytext.read(source, fmt="py:percent")
    cells = []
    for cell in nb.cells:
        cell_lang = cell.metadata.pop("lang", None)
        if cell_lang not in (None, lang):
            continue
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


def build_all(src: Path, out_root: Path, check: bool = False) -> list[Path]:
    """Build every source in both languages; returns the notebooks that changed (or would)."""
    changed = []
    for source in sources(src):
        for lang in LANGS:
            path = target(source, lang, out_root)
            text = build(source, lang)
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
    from concurrent.futures import ProcessPoolExecutor

    books = [
        ROOT / "notebooks" / lang / f"{s.stem}.ipynb"
        for lang in langs
        for s in sources(ROOT / "notebooks" / "src")
    ]
    # Processes, not threads: two papermill runs in threads of one process can deadlock on
    # their kernel channels.
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(run, books, [out_dir / nb.parent.name for nb in books]))
