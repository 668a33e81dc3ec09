"""Building each trainee's pack: their exercise notebooks with their parameters injected by
papermill, their bank (assessment mode: data only, no seed, no truth) and a README.

A pack is built in a temporary folder and renamed into place, so an interrupted build leaves
no half-made pack; running ``build`` again builds only the packs that are missing.
"""

from __future__ import annotations

import json
import shutil
from concurrent.futures import Executor
from dataclasses import dataclass
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
    ("assessment", "zh"): "这是一次考核：检查只告诉你答案格式是否正确，由培训师评分。",
    (
        "practice",
        "en",
    ): "This is practice: checks grade at once, and hints and solutions are there when you are stuck.",
    ("practice", "zh"): "这是练习：检查会立即评分，卡住时可以查看提示和参考答案。",
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


@dataclass
class Shared:
    """What every pack of a cohort has in common, read once per build (not once per trainee):
    each language's exercise notebooks, their titles, and the kernel metadata."""

    notebooks: dict[str, list[tuple[str, Any]]]  # lang → [(file name, notebook)]
    titles: dict[str, list[tuple[str, str]]]  # lang → [(title, file name)]
    kernel: dict


def shared(cohort: Cohort) -> Shared:
    """Read what the cohort's packs share."""
    from papermill.iorw import load_notebook_node  # gives every cell the metadata papermill needs

    from casekit.nbbuild import source_title
    from casekit.workspace import kernel_metadata

    chosen = [s for s in sources(ROOT / "exercises" / "src") if s.stem[:2] in cohort.exercises]
    langs = sorted({t.lang for t in cohort.trainees})
    notebooks, titles = {}, {}
    for lang in langs:
        paths = exercise_notebooks(cohort, lang).values()
        notebooks[lang] = [(p.name, load_notebook_node(str(p))) for p in paths]
        for _, nb in notebooks[lang]:
            nb.metadata["papermill"] = {}  # where papermill records what it injected
        titles[lang] = [(source_title(s, lang), f"{s.stem}.ipynb") for s in chosen]
    return Shared(notebooks, titles, kernel_metadata())


def prepare(nb: Any, params: dict, kernel: dict) -> Any:
    """A copy of ``nb`` with ``params`` injected by papermill (in memory), without papermill's
    run metadata (it would carry the trainer's paths and times into the trainee's pack)."""
    import copy

    from papermill.parameterize import parameterize_notebook

    out = parameterize_notebook(copy.deepcopy(nb), params)  # it edits what it is given
    out.metadata.pop("papermill", None)
    out.metadata.update(kernel)
    for cell in out.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"  # papermill draws a random id; packs are repeatable
    return out


def build_one(cohort_root: str, trainee_id: str, common: Shared) -> str:
    """Build one trainee's pack (in a worker process, a thread or here); returns the id."""
    import nbformat

    from casekit.bookio import save_book
    from casekit.cohort.config import open_cohort
    from casekit.loader import generate_book
    from casekit.workspace import START, start_page

    cohort = open_cohort(cohort_root)
    trainee = cohort.trainee(trainee_id)
    final = cohort.pack_dir(trainee_id)
    tmp = final.with_name(f".{final.name}.building")
    shutil.rmtree(tmp, ignore_errors=True)  # left by an interrupted build
    tmp.mkdir(parents=True)
    book = generate_book(cohort.clients, seed=cohort.seed(trainee_id), scenario=cohort.scenario)
    held_out = {}  # exercise → its own data folder, where the exercise holds a period out
    if cohort.mode == "assessment":
        save_book(book, tmp / "data", fmt="parquet", include_truth=False)
        held_out = _held_out_banks(book, cohort.exercises, tmp)
    params = parameters(cohort, trainee, pick_client(book))
    for name, nb in common.notebooks[trainee.lang]:
        own = {**params, "data": held_out[name[:2]]} if name[:2] in held_out else params
        text = nbformat.writes(prepare(nb, own, common.kernel))
        (tmp / name).write_text(text + "\n", encoding="utf-8")
    mode_line = MODE_LINE[(cohort.mode, trainee.lang)]
    readme = README[trainee.lang].format(
        name=trainee.name, trainee_id=trainee_id, mode_line=mode_line
    )
    (tmp / "README.md").write_text(readme, encoding="utf-8")
    # The page JupyterLab opens on: this trainee's notebooks and nothing else.
    who = f"{trainee.name} ({trainee_id})"
    page = start_page(who, trainee.lang, common.titles[trainee.lang], mode_line)
    (tmp / START).write_text(page, encoding="utf-8")
    manifest = {
        "trainee_id": trainee_id,
        "cohort_id": cohort.cohort_id,
        "exercises": cohort.exercises,
        "lang": trainee.lang,
    }
    (tmp / PACK_FILE).write_text(json.dumps(manifest) + "\n", encoding="utf-8")
    tmp.rename(final)
    return trainee_id


def _held_out_banks(book: Any, exercises: list[str], tmp: Path) -> dict[str, str]:
    """For each exercise scored on a held-out period (its module declares VISIBLE), the bank
    as the trainee may see it, in a folder of its own: the months the grader scores on are not
    in the pack at all, so reading the files cannot reveal them."""
    from casekit.bookio import save_book
    from casekit.exercises import module_of

    out = {}
    for number in exercises:
        visible = getattr(module_of(number), "VISIBLE", None)
        if visible is not None:
            save_book(visible(book), tmp / f"data-{number}", fmt="parquet", include_truth=False)
            out[number] = f"data-{number}"
    return out


def _complete(cohort: Cohort, trainee: Trainee) -> bool:
    manifest = cohort.pack_dir(trainee.trainee_id) / PACK_FILE
    if not manifest.is_file():
        return False
    try:
        m = json.loads(manifest.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return False
    return m.get("cohort_id") == cohort.cohort_id and m.get("exercises") == cohort.exercises


def build_packs(
    cohort: Cohort,
    progress: bool = True,
    *,
    workers: int = 1,
    executor: Executor | None = None,
) -> list[str]:
    """Build every missing pack, ``workers`` processes at once or on ``executor`` (the same
    Executor ``grade_cohort`` takes, e.g. a Dask client's); returns the ids built this time."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from tqdm import tqdm

    todo = [t for t in cohort.trainees if not _complete(cohort, t)]
    for t in todo:
        d = cohort.pack_dir(t.trainee_id)
        if d.exists():
            raise CohortError.said("pack_incomplete", path=d)
    if not todo:
        return []
    common = shared(cohort)
    root = str(cohort.root)
    bar = tqdm(total=len(todo), desc="packs", unit="trainee", disable=not progress)
    built: list[str] = []
    try:
        if executor is None and workers <= 1:
            for t in todo:
                built.append(build_one(root, t.trainee_id, common))
                bar.update()
            return built
        own = None
        if executor is None:
            # Spawned, not forked: a fork copies the caller's threads' locks.
            ctx = multiprocessing.get_context("spawn")
            executor = own = ProcessPoolExecutor(workers, mp_context=ctx)
        try:
            futures = [executor.submit(build_one, root, t.trainee_id, common) for t in todo]
            for f in as_completed(futures):
                built.append(f.result())
                bar.update()
        finally:
            if own is not None:
                own.shutdown(cancel_futures=True)
        order = {t.trainee_id: i for i, t in enumerate(cohort.trainees)}
        return sorted(built, key=order.get)
    finally:
        bar.close()


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
