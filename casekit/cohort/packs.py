"""Building each trainee's pack: their exercise notebooks with their parameters injected by
papermill, their bank (assessment mode: data only, no seed, no truth) and a README.

A pack is built in a temporary folder and renamed into place, so an interrupted build leaves
no half-made pack; running ``build`` again builds only the packs that are missing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from casekit.cohort.config import Cohort, CohortError, Trainee
from casekit.nbbuild import ROOT, sources

PACK_FILE = "pack.json"


def pick_client(book: Any) -> str:
    """The client a trainee studies: a key client still on the book in the last month (the
    first from C00042 on), so every trainee has a live relationship to read."""
    last = book.panel.loc[book.panel["month"] == book.panel["month"].max(), "client_id"]
    c = book.clients
    live = c.loc[(c["tier"].astype(str) == "key") & c["client_id"].isin(last), "client_id"]
    later = sorted(x for x in live if x >= "C00042")
    return later[0] if later else sorted(live)[0]


README = {
    "en": """# Your exercise pack · {name} ({trainee_id})

Open the notebooks in this folder in JupyterLab, in order, and work through them: replace each
`____` with your answer and run its check. {mode_line}

When you are done, save each notebook and hand back this folder's `.ipynb` files as they are
(do not rename them, and keep the first cells as they are: they identify your pack).
""",
    "zh": """# 你的练习包 · {name}({trainee_id})

在 JupyterLab 中按顺序打开本文件夹中的笔记本逐一完成:把每个 `____` 换成你的答案并运行检查。{mode_line}

完成后保存每个笔记本,把本文件夹中的 `.ipynb` 文件原样交回(不要改名,也不要改动最前面的
单元格:它们标明这是你的练习包)。
""",
}
MODE_LINE = {
    (
        "assessment",
        "en",
    ): "This is an assessment: checks only tell you whether an answer is well formed; your trainer grades it.",
    ("assessment", "zh"): "这是一次考核:检查只告诉你答案格式是否正确,由培训师评分。",
    (
        "practice",
        "en",
    ): "This is practice: checks grade at once, and hints and solutions are there when you are stuck.",
    ("practice", "zh"): "这是练习:检查会立即评分,卡住时可以查看提示和参考答案。",
}


def exercise_notebooks(cohort: Cohort, lang: str) -> dict[str, Path]:
    """The built trainee notebook of each of the cohort's exercises, in ``lang``."""
    found = {
        s.stem[:2]: ROOT / "exercises" / lang / f"{s.stem}.ipynb"
        for s in sources(ROOT / "exercises" / "src")
    }
    return {n: found[n] for n in cohort.exercises}


def parameters(cohort: Cohort, trainee: Trainee, client_id: str, data: str = "data") -> dict:
    """The parameters injected into a trainee's notebooks."""
    params = {
        "scenario": cohort.scenario,
        "lang": trainee.lang,
        "mode": cohort.mode,
        "client_id": client_id,
        "trainee": trainee.trainee_id,
        "pack": cohort.token(trainee.trainee_id),
    }
    if cohort.mode == "practice":
        params["seed"] = cohort.seed(trainee.trainee_id)
    else:
        params["data"] = data
    return params


def prepare(notebook: Path, out: Path, params: dict) -> None:
    """``notebook`` with ``params`` injected by papermill, written to ``out`` without papermill's
    run metadata (it would carry the trainer's paths and times into the trainee's pack)."""
    import nbformat
    import papermill as pm

    pm.execute_notebook(
        str(notebook),
        str(out),
        parameters=params,
        prepare_only=True,
        progress_bar=False,
        log_output=False,
    )
    from casekit.workspace import kernel_metadata

    nb = nbformat.read(out, as_version=4)
    nb.metadata.pop("papermill", None)
    nb.metadata.update(kernel_metadata())
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"  # papermill draws a random id; packs are repeatable
    nbformat.write(nb, out)


def _build_one(cohort: Cohort, trainee: Trainee) -> None:
    from casekit.bookio import save_book
    from casekit.loader import generate_book

    final = cohort.pack_dir(trainee.trainee_id)
    tmp = final.with_name(f".{final.name}.building")
    shutil.rmtree(tmp, ignore_errors=True)  # left by an interrupted build
    tmp.mkdir(parents=True)
    book = generate_book(
        cohort.clients, seed=cohort.seed(trainee.trainee_id), scenario=cohort.scenario
    )
    if cohort.mode == "assessment":
        save_book(book, tmp / "data", fmt="parquet", include_truth=False)
    client_id = pick_client(book)
    for nb in exercise_notebooks(cohort, trainee.lang).values():
        prepare(nb, tmp / nb.name, parameters(cohort, trainee, client_id))
    mode_line = MODE_LINE[(cohort.mode, trainee.lang)]
    readme = README[trainee.lang].format(
        name=trainee.name, trainee_id=trainee.trainee_id, mode_line=mode_line
    )
    (tmp / "README.md").write_text(readme, encoding="utf-8")
    from casekit.nbbuild import source_title
    from casekit.workspace import START, start_page

    # The page JupyterLab opens on: this trainee's notebooks and nothing else.
    listed = [
        (source_title(s, trainee.lang), f"{s.stem}.ipynb")
        for s in sources(ROOT / "exercises" / "src")
        if s.stem[:2] in cohort.exercises
    ]
    page = start_page(f"{trainee.name} ({trainee.trainee_id})", trainee.lang, listed, mode_line)
    (tmp / START).write_text(page, encoding="utf-8")
    manifest = {
        "trainee_id": trainee.trainee_id,
        "cohort_id": cohort.cohort_id,
        "exercises": cohort.exercises,
        "lang": trainee.lang,
    }
    (tmp / PACK_FILE).write_text(json.dumps(manifest) + "\n", encoding="utf-8")
    tmp.rename(final)


def _complete(cohort: Cohort, trainee: Trainee) -> bool:
    manifest = cohort.pack_dir(trainee.trainee_id) / PACK_FILE
    if not manifest.is_file():
        return False
    try:
        m = json.loads(manifest.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return False
    return m.get("cohort_id") == cohort.cohort_id and m.get("exercises") == cohort.exercises


def build_packs(cohort: Cohort, progress: bool = True) -> list[str]:
    """Build every missing pack; returns the trainee ids built this time."""
    from tqdm import tqdm

    built = []
    todo = [t for t in cohort.trainees if not _complete(cohort, t)]
    for t in cohort.trainees:
        d = cohort.pack_dir(t.trainee_id)
        if t in todo and d.exists():
            raise CohortError(
                f"{d} exists but is not a complete pack of this cohort (edited by hand?): "
                "move it away and run `casekit cohort build` again to rebuild it"
            )
    for t in tqdm(todo, desc="packs", unit="trainee", disable=not progress):
        _build_one(cohort, t)
        built.append(t.trainee_id)
    return built


def solved_notebook(cohort: Cohort, trainee_id: str, exercise: str) -> Any:
    """The exercise's solution as it would come back from this trainee's pack: every answer
    right, the pack's parameters in place (for sample cohorts, tests and benchmarks)."""
    import nbformat

    from casekit.cohort.submissions import injected_values
    from casekit.nbbuild import build

    source = next(s for s in sources(ROOT / "exercises" / "src") if s.stem.startswith(exercise))
    packed = cohort.pack_dir(trainee_id) / f"{source.stem}.ipynb"
    values = injected_values(nbformat.read(packed, as_version=4)) or {}
    nb = nbformat.reads(build(source, cohort.trainee(trainee_id).lang, "solution"), as_version=4)
    cell = nbformat.v4.new_code_cell(
        "\n".join(f"{k} = {v!r}" for k, v in values.items()),
        metadata={"tags": ["injected-parameters"]},
    )
    cell.id = "injected-parameters"
    at = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    nb.cells.insert(at + 1, cell)
    return nb
