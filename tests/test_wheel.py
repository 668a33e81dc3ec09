"""The wheel works anywhere: built, installed into a fresh venv outside the checkout, every
trainer's command and one exercise run there with no checkout to lean on."""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import ROOT

UV = Path(sys.executable).with_name("uv")
SAMPLE = ROOT / "cohorts" / "sample"


def _run(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """A command of the fresh venv, run from ``cwd``, with an environment that names no checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CASEKIT_DATA")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    # The dependencies' data files (nbconvert's templates) sit in the project's environment,
    # where a real install of the dependencies would have put them in this venv's share/.
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    return subprocess.run(
        [str(venv / "bin" / args[0]), *args[1:]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def _venv(tmp: Path, name: str, wheels: list[Path]) -> Path:
    """A fresh venv holding only ``wheels`` (their dependencies seen through the project's
    locked environment, so CI downloads nothing)."""
    venv = tmp / name
    subprocess.run(
        [str(UV), "venv", "--quiet", "--python", sys.executable, str(venv)],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            str(UV),
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--python",
            str(venv),
            *map(str, wheels),
        ],
        check=True,
        capture_output=True,
    )
    # A path line, not the project's .pth files: the dependencies are visible, the project's
    # editable casekit and casekit_keys (activated by their own .pth) are not.
    (purelib,) = (venv / "lib").glob("python3*/site-packages")
    (purelib / "zz_locked_deps.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8"
    )
    return venv


@pytest.fixture(scope="module")
def wheels(tmp_path_factory) -> tuple[Path, Path, Path]:
    """The two wheels `make wheel` builds (casekit, casekit-keys), and a temporary folder."""
    if not UV.exists():
        pytest.fail(f"uv is missing from {UV.parent}: run `make setup`")
    tmp = tmp_path_factory.mktemp("wheel")
    dist = tmp / "dist"
    for project in (ROOT, ROOT / "keys"):
        subprocess.run(
            [str(UV), "build", "--wheel", "--quiet", "--out-dir", str(dist), str(project)],
            check=True,
            capture_output=True,
        )
    (wheel,) = dist.glob("casekit-*.whl")
    (keys,) = dist.glob("casekit_keys-*.whl")
    return wheel, keys, tmp


@pytest.fixture(scope="module")
def installed(wheels) -> tuple[Path, Path]:
    """The grader's install (casekit and its answer keys) in a fresh venv, and a working folder
    outside the checkout."""
    wheel, keys, tmp = wheels
    venv = _venv(tmp, "venv", [wheel, keys])
    work = tmp / "work"
    work.mkdir()
    return venv, work


@pytest.fixture(scope="module")
def assessment(wheels) -> tuple[Path, Path]:
    """A trainee's assessment environment: the casekit wheel alone, as JupyterHub installs it."""
    wheel, _, tmp = wheels
    venv = _venv(tmp, "assessment", [wheel])
    work = tmp / "assessment-work"
    work.mkdir()
    return venv, work


def test_the_wheel_carries_the_book_the_notebooks_and_the_exercises(installed):
    venv, _ = installed
    (wheel,) = (venv.parent / "dist").glob("casekit-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for rel in (
        "datasets/default/book.json",
        "exercises/zh/01_portfolio_360.ipynb",
        "notebooks/en/01_portfolio_360.ipynb",
        "START.ipynb",
    ):
        assert f"casekit/_data/{rel}" in names, rel
    assert not any("__pycache__" in n or n.startswith(("tests/", "benchmarks/")) for n in names)
    # The answer keys and the solution sources are the other wheel's.
    assert not any(n.startswith(("casekit_keys/", "casekit/_data/exercises/src/")) for n in names)
    (keys,) = (venv.parent / "dist").glob("casekit_keys-*.whl")
    key_names = set(zipfile.ZipFile(keys).namelist())
    assert "casekit_keys/ex01_portfolio.py" in key_names
    assert "casekit/_data/exercises/src/02_needs_analysis.py" in key_names


def test_python_m_casekit_and_the_default_book_come_from_the_wheel(installed):
    venv, work = installed
    done = _run(venv, work, "python", "-m", "casekit", "--version")
    assert done.returncode == 0 and "casekit" in done.stdout, done.stderr
    probe = (
        "import casekit, casekit.nbbuild as n; b = casekit.load_book('default');"
        "print(casekit.__file__); print(n.ROOT); print(len(b.clients))"
    )
    done = _run(venv, work, "python", "-c", probe)
    assert done.returncode == 0, done.stderr
    where, root, clients = done.stdout.split()
    assert Path(where).is_relative_to(venv) and Path(root).is_relative_to(venv)
    assert not Path(root).is_relative_to(ROOT)
    assert int(clients) > 0


def test_the_trainers_four_commands_and_an_exercise_run_from_the_wheel(installed):
    venv, work = installed
    shutil.copytree(SAMPLE, work / "sample")  # copytree keeps the submissions' file times
    (work / "sample" / "secret.key").chmod(0o600)  # a trainer's secret is theirs alone
    steps = [
        (
            "init",
            "sample/roster.csv",
            "--out",
            "cohort",
            "--exercises",
            "01",
            "--secret-file",
            "sample/secret.key",
            "--cohort-id",
            "sample",
        ),
        ("build", "cohort"),
        ("grade", "cohort", "sample/submissions", "--workers", "2", "--quiet"),
        ("report", "cohort"),
    ]
    for step in steps:
        done = _run(venv, work, "casekit", "cohort", *step)
        assert done.returncode == 0, f"cohort {step[0]}: {done.stderr[-2000:]}"
        assert "Traceback" not in done.stderr
    book = pd.read_csv(work / "cohort" / "report" / "gradebook.csv", encoding="utf-8-sig")
    by_id = book.set_index("trainee_id")
    # The sample's right trainee scores full marks, its wrong one does not: grading really ran.
    assert by_id.loc["T01", "total"] == by_id.loc["T01", "max"] > 0
    assert by_id.loc["T03", "total"] < by_id.loc["T03", "max"]
    assert (work / "cohort" / "report" / "index.html").is_file()

    done = _run(
        venv, work, "casekit", "exercises", "run", "--only", "01", "--lang", "zh", "--out", "ex"
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert (work / "ex" / "executed" / "zh" / "01_portfolio_360.html").is_file()
    assert not list(work.glob("**/site-packages")), "nothing is written outside --out"


ASSESS = """
import json, sys
from casekit.exercises import start
from casekit.resources import resource
ex = start("01", mode=sys.argv[1], data=str(resource("datasets", "default")))
out = {
    "q1": ex.q1.check(123).status,
    "q1_message": ex.q1.check(123).message,
    "q1_bad": ex.q1.check("many").status,
    "q6": ex.q6.check(["C00001", "C00002"]).status,
    "solution": str(ex.q1.solution()),
    "answers": ex.answers(),
}
print(json.dumps(out))
"""


def test_an_assessment_environment_holds_no_answer_key(assessment):
    """The casekit wheel alone: the keys cannot be imported, no installed file holds a
    solution, and a check validates the form and records the answer for the trainer."""
    from casekit.messages import say
    from tests.test_keys import solution_snippets, solutions_in

    venv, work = assessment
    done = _run(venv, work, "python", "-c", "import casekit_keys")
    assert done.returncode != 0 and "ModuleNotFoundError" in done.stderr, done.stderr
    done = _run(
        venv,
        work,
        "python",
        "-c",
        "import casekit.exercises.ex01_portfolio as m; print(m.__file__)",
    )
    assert done.returncode == 0 and Path(done.stdout.strip()).is_relative_to(venv), done.stderr
    assert not list(venv.rglob("casekit_keys*"))
    assert solutions_in(venv, solution_snippets()) == {}
    for mode, message in (("assessment", "check_well_formed"), ("practice", "check_no_keys")):
        done = _run(venv, work, "python", "-c", ASSESS, mode)
        assert done.returncode == 0, done.stderr[-2000:]
        got = json.loads(done.stdout.strip().splitlines()[-1])
        assert got["q1"] == got["q6"] == "well_formed" and got["q1_bad"] == "invalid", got
        assert got["q1_message"] == say(message, "en")
        assert got["answers"]["q6"] == ["C00001", "C00002"]  # recorded for the trainer
        assert "book.clients" not in got["solution"]


def test_the_graders_install_has_the_keys_and_finds_the_solutions(installed):
    """The positive control of the search above: with the keys wheel, solutions are there."""
    from tests.test_keys import solution_snippets, solutions_in

    venv, work = installed
    done = _run(
        venv, work, "python", "-c", "import casekit_keys.ex01_portfolio as k; print(len(k.KEYS))"
    )
    assert done.returncode == 0 and int(done.stdout) > 0, done.stderr
    assert solutions_in(venv, solution_snippets())
