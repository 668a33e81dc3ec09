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
from typing import Any

from casekit.errors import BadParameter
from casekit.resources import data_root

ROOT = data_root()  # the checkout, or the wheel's copy of its data (casekit.resources)
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

    if variant not in VARIANTS:
        raise BadParameter(f"unknown variant {variant!r}: use one of {', '.join(VARIANTS)}")
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


def wakeful_client() -> type:
    """A kernel client that cannot sleep through a reply already waiting on its socket.

    ZeroMQ tells an event loop of new messages by an edge-triggered file descriptor, and an
    asyncio poll that misses the edge sleeps through a reply that has arrived. We saw it on a
    widget cell of case 3: the kernel idle, the reply waiting, the run stalled until the
    600-s cell timeout, when pyzmq's final check found the reply (we did not find which
    socket operation took the edge). This client polls in one-second slices and asks the
    socket itself (ZMQ_EVENTS, which also re-arms the edge) whether a message is waiting.
    """
    import time
    from queue import Empty

    import zmq
    from jupyter_client.asynchronous import AsyncKernelClient
    from jupyter_client.channels import AsyncZMQSocketChannel
    from traitlets import Type

    class WakefulChannel(AsyncZMQSocketChannel):
        async def get_msg(self, timeout: float | None = None) -> dict[str, Any]:
            """The next message, waiting at most ``timeout`` seconds (forever if None)."""
            assert self.socket is not None
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                left = None if deadline is None else max(0.0, deadline - time.monotonic())
                wait = 1.0 if left is None else min(1.0, left)
                ready = await self.socket.poll(int(wait * 1000))
                if ready or self.socket.get(zmq.EVENTS) & zmq.POLLIN:
                    return await self._recv()
                if left is not None and left <= wait:
                    raise Empty

    class WakefulClient(AsyncKernelClient):
        shell_channel_class = Type(WakefulChannel)
        iopub_channel_class = Type(WakefulChannel)
        control_channel_class = Type(WakefulChannel)
        stdin_channel_class = Type(WakefulChannel)

    return WakefulClient


def ipc_kernel_manager() -> type:
    """A kernel manager whose kernel talks over Unix sockets in a private folder, not TCP.

    TCP kernels pick free ports by binding and releasing them; kernels started at the same time
    by other processes (a parallel run, a JupyterLab) can pick the same port, and a client can
    then wait forever for a reply the other kernel dropped. Sockets in a folder of one's own
    cannot collide.
    """
    import shutil
    import tempfile

    from jupyter_client.manager import AsyncKernelManager
    from traitlets import Type, Unicode

    class IPCKernelManager(AsyncKernelManager):
        transport = Unicode("ipc")
        client_factory = Type(wakeful_client())

        def __init__(self, **kwargs: object) -> None:
            super().__init__(**kwargs)
            self._sockets = tempfile.mkdtemp(prefix="casekit-kernel-")
            self.ip = str(Path(self._sockets) / "k")

        async def _async_cleanup_resources(self, restart: bool = False) -> None:
            await super()._async_cleanup_resources(restart=restart)
            if not restart:
                shutil.rmtree(self._sockets, ignore_errors=True)

    return IPCKernelManager


def kernel_options() -> dict:
    """How every notebook run here starts its kernel and how long a cell may run."""
    return {"kernel_manager_class": ipc_kernel_manager(), "execution_timeout": CELL_TIMEOUT}


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
        **kernel_options(),
    )
    if html:
        import nbformat
        from nbconvert import HTMLExporter

        done = nbformat.read(executed, as_version=4)
        # A page that opens offline: no widget state (static HTML cannot run widgets) and no
        # scripts from a CDN (no cell uses LaTeX, so MathJax is not needed either).
        done.metadata.pop("widgets", None)
        static_widgets(done)
        exporter = HTMLExporter(mathjax_url="", require_js_url="", jquery_url="")
        body, _ = exporter.from_notebook_node(done, resources={"metadata": {"name": title(done)}})
        executed.with_suffix(".html").write_text(body, encoding="utf-8")
    return executed


WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = "(interactive control: open the notebook in JupyterLab to use it · 交互控件:请在 JupyterLab 中打开笔记本使用)"


def static_widgets(nb: Any) -> None:
    """Replace each widget's Python repr (``VBox(children=…)``) with a short note: a static
    page cannot run a widget, and the repr means nothing to a reader."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET_MIME in data:
                out["data"] = {"text/plain": WIDGET_NOTE}


def title(nb: Any) -> str:
    """A notebook's first heading (the page title of its HTML), or "casekit"."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return "casekit"


def run_all(
    out_dir: Path, langs: tuple[str, ...] = LANGS, workers: int = 2, progress: bool = True
) -> list[Path]:
    """Execute every case in the given languages, in parallel, rendering each to HTML."""
    books = [
        ROOT / "notebooks" / lang / f"{s.stem}.ipynb"
        for lang in langs
        for s in sources(ROOT / "notebooks" / "src")
    ]
    # Processes, not threads: two papermill runs in threads of one process can deadlock on
    # their kernel channels.
    outs = [out_dir / nb.parent.name for nb in books]
    return run_many(books, outs, workers=workers, progress=progress)


EXERCISES_SRC = ROOT / "exercises" / "src"
CELL_TIMEOUT = 600  # seconds: a cell that hangs fails the run instead of blocking it


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


def run_many(
    notebooks: list[Path],
    out_dirs: list[Path],
    parameters: list[dict] | None = None,
    workers: int = 2,
    progress: bool = True,
) -> list[Path]:
    """Execute notebooks in parallel processes (one kernel each), rendering each to HTML,
    with a progress bar (a run of all cases takes minutes on a loaded machine)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from tqdm import tqdm

    # Spawned, not forked: a fork copies the caller's threads' locks (event loops, thread
    # pools), and a forked papermill run can then wait for its kernel forever.
    ctx = multiprocessing.get_context("spawn")
    params = parameters or [{}] * len(notebooks)
    with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
        done = pool.map(run, notebooks, out_dirs, params)
        bar = tqdm(done, total=len(notebooks), desc="notebooks", unit="nb", disable=not progress)
        return list(bar)


LANDING = ROOT / "START.ipynb"


def source_title(source: Path, lang: str) -> str:
    """The first heading of a source's prose in ``lang``."""
    import jupytext

    for cell in jupytext.read(source, fmt="py:percent").cells:
        if cell.cell_type == "markdown" and cell.metadata.get("lang") in (None, lang):
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return source.stem


def landing() -> str:
    """START.ipynb: where a trainee starts, in both languages, every case and exercise in order."""
    import nbformat

    cases, exercises = sources(ROOT / "notebooks" / "src"), sources(EXERCISES_SRC)
    intro = {
        "en": (
            "# Start here · corporate relationship management workbook\n\n"
            "Work through the cases in order; after each case, do its exercise on your own "
            "bank. In a notebook, run the cells from the top (Shift+Enter, or *Run → Run All "
            "Cells*). In an exercise, replace each `____` with your answer and run its check; "
            "`hint()` helps when you are stuck. Chinese version below.\n"
        ),
        "zh": (
            "# 从这里开始 · 对公客户关系管理案例工作簿\n\n"
            "请按顺序学习各个案例；每学完一个案例，就在你自己的银行数据上完成对应的练习。在笔记本中从上到下"
            "运行单元格（Shift+Enter，或菜单 *Run → Run All Cells*）。练习中把每个 `____` 换成你的答案并运行"
            "检查；卡住时可以用 `hint()`。\n"
        ),
    }
    head = {"en": ("Case", "Exercise"), "zh": ("案例", "练习")}
    cells = []
    for lang in LANGS:
        rows = [f"| # | {head[lang][0]} | {head[lang][1]} |", "|---|---|---|"]
        for case, ex in zip(cases, exercises, strict=True):
            n = int(case.stem[:2])  # the case's own number, gaps and all
            rows.append(
                f"| {n} | [{source_title(case, lang)}](notebooks/{lang}/{case.stem}.ipynb) "
                f"| [{source_title(ex, lang)}](exercises/{lang}/{ex.stem}.ipynb) |"
            )
        cell = nbformat.v4.new_markdown_cell(intro[lang] + "\n" + "\n".join(rows))
        cell.id = f"start-{lang}"
        cells.append(cell)
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    nb.nbformat, nb.nbformat_minor = 4, 5
    return nbformat.writes(nb) + "\n"
