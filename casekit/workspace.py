"""A trainee's workspace: their pack's START page, and JupyterLab opened on the pack alone.

JupyterLab opens on the pack folder (never a repository), on its START page, in the trainee's
language (the zh-CN language pack for Chinese trainees), with the news pop-up and update check
off. Its settings, workspaces and checkpoints live outside the pack, so opening a pack leaves
every file in it as it was. ``deploy/`` serves packs on JupyterHub with the same settings.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

START = "START.md"  # Markdown, shown as a page: no kernel, nothing to save on opening
LOCALES = {"en": "en", "zh": "zh_CN"}

START_TEXT = {
    "en": (
        "# Your exercise pack · {name}\n\n"
        "Open the notebooks below in order. In each, run the cells from the top (Shift+Enter), "
        "replace each `____` with your answer and run its check. {mode_line}\n\n"
        "| # | Notebook |\n|---|---|\n{rows}\n\n"
        "When you are done, save each notebook (Ctrl+S) and hand back its `.ipynb` file as it is.\n"
    ),
    "zh": (
        "# 你的练习包 · {name}\n\n"
        "请按顺序打开下面的笔记本。在每个笔记本中从上到下运行单元格（Shift+Enter），把每个 `____` "
        "换成你的答案并运行检查。{mode_line}\n\n"
        "| # | 笔记本 |\n|---|---|\n{rows}\n\n"
        "完成后保存每个笔记本（Ctrl+S），把 `.ipynb` 文件原样交回。\n"
    ),
}


def start_page(name: str, lang: str, notebooks: list[tuple[str, str]], mode_line: str) -> str:
    """START.md of a pack: links to exactly its notebooks ``(title, file name)``, in ``lang``."""
    rows = "\n".join(f"| {n} | [{title}]({file}) |" for n, (title, file) in enumerate(notebooks, 1))
    return START_TEXT[lang].format(name=name, rows=rows, mode_line=mode_line)


def kernel_metadata() -> dict:
    """The kernelspec and language_info a notebook gets once its Python kernel starts: written
    into a pack's notebooks, so JupyterLab finds nothing to update (nor to autosave) on opening."""
    import platform

    from jupyter_client.kernelspec import NoSuchKernel, get_kernel_spec

    try:
        display = get_kernel_spec("python3").display_name
    except NoSuchKernel:
        display = "Python 3 (ipykernel)"
    return {
        "kernelspec": {"display_name": display, "language": "python", "name": "python3"},
        "language_info": {
            "codemirror_mode": {"name": "ipython", "version": 3},
            "file_extension": ".py",
            "mimetype": "text/x-python",
            "name": "python",
            "nbconvert_exporter": "python",
            "pygments_lexer": "ipython3",
            "version": platform.python_version(),
        },
    }


def lab_settings(lang: str) -> dict[str, dict]:
    """JupyterLab's settings for a trainee: their language, no news, no update check."""
    return {
        "@jupyterlab/translation-extension/plugin": {"locale": LOCALES[lang]},
        # START.md opens as a page to read and click through, not in a text editor.
        "@jupyterlab/docmanager-extension/plugin": {
            "defaultViewers": {"markdown": "Markdown Preview"}
        },
        "@jupyterlab/apputils-extension/notification": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
    }


def write_settings(folder: Path, lang: str) -> Path:
    """Write :func:`lab_settings` as a JupyterLab user-settings folder; returns it."""
    for plugin, values in lab_settings(lang).items():
        path = folder / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=1) + "\n", encoding="utf-8")
    return folder


def pack_lang(pack: Path) -> str:
    """The language a pack was built in (its pack.json), English if it does not say."""
    try:
        lang = json.loads((pack / "pack.json").read_text(encoding="utf-8")).get("lang", "en")
    except (OSError, ValueError, AttributeError):
        return "en"
    return lang if lang in LOCALES else "en"


def lab_command(pack: Path, lang: str, state: Path, extra: list[str] | None = None) -> list[str]:
    """The command that opens JupyterLab on ``pack`` at its START page; JupyterLab's own state
    (settings, workspaces, checkpoints) goes to ``state``, outside the pack."""
    write_settings(state / "settings", lang)
    start = f"/lab/tree/{START}" if (pack / START).is_file() else "/lab"
    return [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        f"--ServerApp.root_dir={pack}",
        f"--LabApp.default_url={start}",  # the extension app's own setting wins over ServerApp's
        f"--LabApp.user_settings_dir={state / 'settings'}",
        f"--LabApp.workspaces_dir={state / 'workspaces'}",
        f"--FileCheckpoints.checkpoint_dir={state / 'checkpoints'}",
        "--LabServerApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        *(extra or []),
    ]


def state_dir(pack: Path) -> Path:
    """Where JupyterLab keeps its state for a pack: the user's cache, never the pack."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "casekit" / "lab" / Path(pack).resolve().name
