"""Trainer tooling: rosters, cohort folders, packs, and grading that a clever trainee cannot
fool, that never loses a grade (kill it and run it again) and that runs on any Executor."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import papermill as pm
import pytest

from casekit.cli import main
from casekit.cohort import CohortError, Limits, build_packs, grade_cohort, init_cohort, open_cohort
from casekit.cohort.packs import solved_notebook
from casekit.cohort.report import gradebook, write_report
from casekit.cohort.roster import RosterError, read_roster
from casekit.cohort.store import read_grade
from casekit.cohort.submissions import injected_values
from tests.conftest import ROOT

SAMPLE = ROOT / "cohorts" / "sample"
SOURCE = ROOT / "exercises" / "src" / "01_portfolio_360.py"
SECRET = b"a-test-cohort-secret-of-enough-length"
FAST = Limits(cell_seconds=4, total_seconds=25, memory_mb=1024, output_mb=2)


# Rosters -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "label"),
    [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 with BOM"), ("gbk", "GBK (GB18030)")],
)
def test_roster_encodings_are_read_and_named(tmp_path, encoding, label):
    path = tmp_path / "roster.csv"
    path.write_bytes("工号,姓名,语言,分组\nA1,李伟,中文,北京\nA2,Ann Lee,en,\n".encode(encoding))
    trainees, read_as = read_roster(path)
    assert read_as == label
    assert [(t.trainee_id, t.name, t.lang, t.group) for t in trainees] == [
        ("A1", "李伟", "zh", "北京"),
        ("A2", "Ann Lee", "en", ""),
    ]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "the file is empty"),
        (b"trainee_id,name\nA1,Li\n", "missing column(s) lang"),
        (b"trainee_id,name,lang\nA1,Li,zh\nA1,Wang,zh\n", "row 3: trainee_id 'A1' repeats row 2"),
        (b"trainee_id,name,lang\nA1,Li,fr\n", "row 2: language 'fr' for A1 is not known"),
        (b"trainee_id,name,lang\n,Li,zh\n", "row 2: trainee_id '' is empty"),
        (b"trainee_id,name,lang\n", "no trainee rows"),
        (b"\xff\xfe\xff\xfe\x81\x30", "neither UTF-8 nor GBK"),
    ],
)
def test_bad_rosters_name_the_file_row_and_fix(tmp_path, content, fragment):
    path = tmp_path / "roster.csv"
    path.write_bytes(content)
    with pytest.raises(RosterError, match=r"roster\.csv") as e:
        read_roster(path)
    assert fragment in str(e.value)


def test_cli_reports_roster_problems_with_exit_code_2(tmp_path, capsys):
    path = tmp_path / "roster.csv"
    path.write_bytes(b"trainee_id,name,lang\nA1,Li,zh\nA1,Wang,zh\n")
    assert main(["cohort", "init", str(path), "--out", str(tmp_path / "c")]) == 2
    assert "repeats row 2" in capsys.readouterr().err
    assert not (tmp_path / "c").exists()


# Cohort folders and packs -------------------------------------------------------------------


def _roster(tmp: Path, ids: list[str]) -> Path:
    path = tmp / "roster.csv"
    rows = [
        f"{t},Trainee {t},{'zh' if i % 2 else 'en'},{'G1' if i % 3 else 'G2'}"
        for i, t in enumerate(ids)
    ]
    path.write_text("trainee_id,name,lang,group\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _cohort(tmp: Path, ids: list[str], name: str = "cohort"):
    secret = tmp / "secret.key"
    secret.write_bytes(SECRET)
    secret.chmod(0o600)
    cohort, _ = init_cohort(_roster(tmp, ids), tmp / name, exercises=["01"], secret_file=secret)
    build_packs(cohort, progress=False)
    return cohort


def test_init_never_overwrites_and_checks_its_options(tmp_path):
    roster = _roster(tmp_path, ["A1"])
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "grades.csv").write_text("precious")
    with pytest.raises(CohortError, match="not empty"):
        init_cohort(roster, tmp_path / "taken")
    assert (tmp_path / "taken" / "grades.csv").read_text() == "precious"
    for kwargs, fragment in (
        ({"scenario": "moon"}, "unknown scenario"),
        ({"mode": "exam"}, "unknown mode"),
        ({"exercises": ["11"]}, "unknown exercise"),
        ({"due": "next friday"}, "not a date-time"),
    ):
        with pytest.raises(CohortError, match=fragment):
            init_cohort(roster, tmp_path / "new", **kwargs)


def test_a_cohort_folder_edited_by_hand_is_refused(tmp_path):
    cohort, _ = init_cohort(_roster(tmp_path, ["A1"]), tmp_path / "c")
    with pytest.raises(CohortError, match="not a cohort folder"):
        open_cohort(tmp_path)
    (cohort.root / "secret.key").write_text("another-secret-entirely-0123456789")
    with pytest.raises(CohortError, match="secret was replaced or edited"):
        open_cohort(cohort.root)
    (cohort.root / "cohort.json").write_text("{not json")
    with pytest.raises(CohortError, match="edited or damaged"):
        open_cohort(cohort.root)


@pytest.fixture(scope="module")
def packed(tmp_path_factory):
    return _cohort(tmp_path_factory.mktemp("packed"), ["P1", "P2"])


def test_packs_hold_notebooks_data_and_readme_but_no_seed_or_truth(packed):
    pack = packed.pack_dir("P1")
    assert sorted(p.name for p in pack.iterdir()) == [
        "01_portfolio_360.ipynb",
        "README.md",
        "START.md",
        "data",
        "pack.json",
    ]
    assert not (pack / "data" / "truth").exists()
    manifest = (pack / "data" / "book.json").read_text(encoding="utf-8")
    assert '"seed"' not in manifest and str(packed.seed("P1")) not in manifest
    values = injected_values(nbformat.read(pack / "01_portfolio_360.ipynb", as_version=4))
    assert values["trainee"] == "P1" and values["pack"] == packed.token("P1")
    assert values["mode"] == "assessment" and values["data"] == "data" and "seed" not in values
    assert packed.token("P1") != packed.token("P2") and packed.seed("P1") != packed.seed("P2")
    assert "练习包" in (packed.pack_dir("P2") / "README.md").read_text(encoding="utf-8")


def test_a_trainee_can_run_their_pack_as_it_is(packed, tmp_path):
    pack = packed.pack_dir("P1")
    out = tmp_path / "ran.ipynb"
    from casekit import nbbuild

    # The IPC kernel manager and a cell timeout, as every other run here: with TCP ports a
    # kernel can lose a port to a neighbour's and this test then waits forever.
    pm.execute_notebook(
        str(pack / "01_portfolio_360.ipynb"),
        str(out),
        cwd=str(pack),
        progress_bar=False,
        **nbbuild.kernel_options(),
    )
    import json

    from casekit.exercises import read_results

    statuses = read_results(json.loads(out.read_text(encoding="utf-8")))["status"]
    assert set(statuses.values()) == {"not_attempted"}


def test_build_is_resumable_and_refuses_a_hand_made_pack(packed):
    assert build_packs(packed, progress=False) == []  # nothing missing
    moved = packed.pack_dir("P2").with_name("P2-moved")
    packed.pack_dir("P2").rename(moved)
    packed.pack_dir("P2").mkdir()
    with pytest.raises(CohortError, match="not a complete pack"):
        build_packs(packed, progress=False)
    shutil.rmtree(packed.pack_dir("P2"))
    moved.rename(packed.pack_dir("P2"))


# Submissions --------------------------------------------------------------------------------


def solved(cohort, tid: str) -> nbformat.NotebookNode:
    """The right answers, made from the trainee's own pack (what a perfect trainee hands in)."""
    return solved_notebook(cohort, tid, "01")


def _cell(nb, qid: str) -> int:
    return next(
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and f"ex.{qid}.check(" in c.source
    )


def _code(source: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(source)


def _after_setup(nb, source: str) -> None:
    nb.cells.insert(
        next(i for i, c in enumerate(nb.cells) if "start(" in c.source) + 1, _code(source)
    )


ATTACKS = {
    "A01": "right",
    "A02": "always-equal answer",
    "A03": "patches casekit, pandas and numpy",
    "A04": "edited question cell",
    "A05": "deleted question cell",
    "A06": "duplicated question cell",
    "A07": "added cells",
    "A08": "infinite loop",
    "A09": "unstoppable loop",
    "A10": "os._exit",
    "A11": "memory bomb",
    "A12": "100 MB of output",
    "A13": "not notebook JSON",
    "A14": "another trainee's pack",
    "A15": "reads the secret",
    "A16": "lifts the cover",
    "A17": "untouched pack",
    "A18": "odd cell metadata and a half emoji",
}


def _attack(cohort, tid: str) -> str | nbformat.NotebookNode:
    nb = solved(cohort, tid)
    kind = ATTACKS[tid]
    if kind == "always-equal answer":
        i = _cell(nb, "q1")
        nb.cells[i].source = (
            "class Yes:\n    def __eq__(self, other):\n        return True\n\n\n"
            "key_count = Yes()\nex.q1.check(key_count)"
        )
    elif kind == "patches casekit, pandas and numpy":
        _after_setup(
            nb,
            "import casekit.questions as cq, casekit.plain as cp, numpy as np, pandas as pd\n"
            "cq.Question.verdict = lambda self, a: cq.Verdict('correct', 'Correct.', self.points, self.points, a)\n"
            "cp.to_plain = lambda x, _depth=0: x\n"
            "np.isclose = lambda *a, **k: True\n"
            "pd.DataFrame.equals = lambda *a, **k: True",
        )
        nb.cells[_cell(nb, "q1")].source = "key_count = 1\nex.q1.check(key_count)"
    elif kind == "edited question cell":
        nb.cells[_cell(nb, "q2")].source = "by_tier = {'key': 1}\nprint('✅ Correct.')"
    elif kind == "deleted question cell":
        del nb.cells[_cell(nb, "q3")]
    elif kind == "duplicated question cell":
        i = _cell(nb, "q4")
        nb.cells.insert(i + 1, _code("gap = 99999.0\nex.q4.check(gap)"))
    elif kind == "added cells":
        _after_setup(nb, "extra = [i * i for i in range(10)]\nprint('my own notes', sum(extra))")
        nb.cells.append(nbformat.v4.new_markdown_cell("My notes."))
    elif kind == "infinite loop":
        _after_setup(nb, "while True:\n    pass")
    elif kind == "unstoppable loop":
        _after_setup(
            nb,
            "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass",
        )
    elif kind == "os._exit":
        _after_setup(nb, "import os\nos._exit(3)")
    elif kind == "memory bomb":
        _after_setup(nb, "hog = [bytearray(256 * 1024 * 1024) for _ in range(64)]")
    elif kind == "100 MB of output":
        _after_setup(nb, "for _ in range(100):\n    print('x' * (1024 * 1024))")
    elif kind == "not notebook JSON":
        return nbformat.writes(nb)[:2000]
    elif kind == "another trainee's pack":
        return solved(cohort, "A01")
    elif kind == "lifts the cover":
        target = str(cohort.root).encode()
        _after_setup(
            nb,
            "import ctypes\n"
            f"print(ctypes.CDLL(None).umount2({target!r}, 2))\n"
            f"print(open({str(cohort.root / 'secret.key')!r}).read())",
        )
    elif kind == "odd cell metadata and a half emoji":
        for cell in nb.cells:
            cell.metadata["tags"] = (
                None if "injected-parameters" not in str(cell.metadata) else cell.metadata["tags"]
            )
        nb.cells[_cell(nb, "q5")].source = 'held = ["basic_account\\ud83d"]\nex.q5.check(held)'
    elif kind == "untouched pack":
        return nbformat.read(cohort.pack_dir(tid) / "01_portfolio_360.ipynb", as_version=4)
    elif kind == "reads the secret":
        stolen = [str(cohort.root / "secret.key"), str(cohort.pack_dir("A01") / "pack.json")]
        _after_setup(nb, f"for path in {stolen!r}:\n    print(open(path).read())")
    return nb


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    """A cohort in which each trainee tries one trick; all graded in one run."""
    tmp = tmp_path_factory.mktemp("attacks")
    cohort = _cohort(tmp, list(ATTACKS))
    subs = tmp / "submissions"
    for tid in ATTACKS:
        nb = _attack(cohort, tid)
        (subs / tid).mkdir(parents=True)
        text = nb if isinstance(nb, str) else nbformat.writes(nb)
        (subs / tid / "01_portfolio_360.ipynb").write_text(text, encoding="utf-8")
    result = grade_cohort(cohort.root, subs, workers=3, limits=FAST, progress=False)
    return cohort, result, {tid: read_grade(cohort, tid, "01") for tid in ATTACKS}


def _q(rec: dict) -> dict[str, float]:
    return {qid: q["points"] for qid, q in rec["questions"].items() if q["max"] > 0}


def test_the_batch_is_graded_whatever_each_submission_does(attacked):
    _, result, recs = attacked
    assert result["graded"] == len(ATTACKS) and not result["errors"]
    assert all(rec is not None for rec in recs.values())
    full = recs["A01"]
    assert full["status"] == "graded" and full["points"] == full["max"] > 0
    # The tricks that harm nothing else keep every other answer's points.
    for tid in ("A07", "A08", "A11", "A12"):
        assert recs[tid]["status"] == "graded", (tid, recs[tid]["reason"])
        assert recs[tid]["points"] == full["points"], (ATTACKS[tid], _q(recs[tid]))


@pytest.mark.parametrize(
    ("tid", "question"), [("A02", "q1"), ("A03", "q1"), ("A04", "q2"), ("A05", "q3"), ("A06", "q4")]
)
def test_a_trick_costs_only_its_own_question(attacked, tid, question):
    _, _, recs = attacked
    got, want = _q(recs[tid]), _q(recs["A01"])
    assert got[question] == 0, (ATTACKS[tid], recs[tid]["questions"][question])
    assert {q: p for q, p in got.items() if q != question} == {
        q: p for q, p in want.items() if q != question
    }


def test_tricked_answers_are_judged_here_not_in_the_notebook(attacked):
    _, _, recs = attacked
    q1 = recs["A02"]["questions"]["q1"]
    assert q1["status"] == "invalid" and "0x" not in str(q1["answer"])
    assert recs["A03"]["questions"]["q1"]["status"] == "incorrect"
    assert recs["A05"]["questions"]["q3"]["status"] == "not_attempted"


@pytest.mark.parametrize(
    ("tid", "status", "fragment"),
    [
        ("A09", "failed", "stopped after"),
        ("A10", "failed", "exit code 3"),
        ("A13", "failed", "not a valid notebook file"),
        ("A14", "flagged", "made from the pack of 'A01'"),
    ],
)
def test_what_cannot_be_graded_gets_zero_or_a_flag_with_a_reason(attacked, tid, status, fragment):
    _, _, recs = attacked
    rec = recs[tid]
    assert rec["status"] == status and fragment in rec["reason"], rec["reason"]
    if status == "failed":
        assert rec["points"] == 0


def _can_isolate() -> bool:
    """Whether this machine lets the grader wall a submission off (root, mount namespaces)."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0


def test_a_submission_cannot_read_the_secret_or_other_packs(attacked):
    _, result, recs = attacked
    ran = [r for r in recs.values() if "cells" in r]
    if not _can_isolate():
        # Then the grades must say so, and the trainer is told which ones to check by hand.
        assert not any(r["isolated"] for r in ran)
        assert any("without every wall" in n for n in result["notes"])
        return
    assert all(r["isolated"] for r in ran)
    for tid in ("A15", "A16"):  # read it, or first try to unmount the cover
        rec = recs[tid]
        assert rec["cells"]["error"] == 1, (ATTACKS[tid], rec["cells"])
        assert rec["status"] == "graded" and rec["points"] == recs["A01"]["points"]


def test_odd_metadata_and_unencodable_text_cost_only_their_question(attacked):
    _, _, recs = attacked
    rec = recs["A18"]
    assert rec["status"] == "graded" and rec["questions"]["q5"]["points"] == 0
    assert rec["points"] == recs["A01"]["points"] - recs["A01"]["questions"]["q5"]["points"]


def test_an_untouched_pack_is_not_attempted_not_wrong(attacked):
    _, _, recs = attacked
    statuses = {q["status"] for q in recs["A17"]["questions"].values()}
    assert statuses == {"not_attempted"} and recs["A17"]["points"] == 0


def test_a_cell_that_runs_too_long_is_stopped_and_named(attacked):
    _, _, recs = attacked
    assert recs["A08"]["cells"]["timeout"] == 1
    assert recs["A11"]["cells"]["error"] == 1  # MemoryError, inside its limit


# The sample cohort, resuming, re-grading, Dask -------------------------------------------------


def _sample(tmp: Path, name: str = "cohort"):
    secret = tmp / f"{name}.key"  # a private copy: init refuses a secret others can read
    shutil.copyfile(SAMPLE / "secret.key", secret)
    secret.chmod(0o600)
    cohort, _ = init_cohort(
        SAMPLE / "roster.csv",
        tmp / name,
        exercises=["01"],
        secret_file=secret,
        cohort_id="sample",
    )
    build_packs(cohort, progress=False)
    subs = tmp / "submissions"
    if not subs.exists():
        shutil.copytree(SAMPLE / "submissions", subs)  # copy2 keeps the files' times
    return cohort, subs


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sample")
    cohort, subs = _sample(tmp)
    result = grade_cohort(cohort.root, subs, workers=3, progress=False)
    return cohort, subs, result


def test_the_sample_cohort_grades_as_its_trainees_behaved(sample):
    cohort, _, result = sample
    book = gradebook(cohort).set_index("trainee_id")
    assert book.loc["T01", "total"] == book.loc["T01", "max"] > 0  # right
    assert 0 < book.loc["T02", "total"] < book.loc["T02", "max"]  # partly right
    assert book.loc["T03", "total"] < 0.25 * book.loc["T03", "max"]  # wrong
    # Tricks: nothing gained, and the attempt to patch the checker is shown to the trainer.
    assert book.loc["T04", "total"] == 0 and book.loc["T04", "status"] == "flagged"
    assert "changes the checker" in book.loc["T04", "reason"]
    assert book.loc["T05", "status"] == "failed"  # broken
    assert book.loc["T06", "status"] == "missing"
    assert book.loc["T07", "status"] == "flagged" and "T01" in book.loc["T07", "reason"]
    notes = "\n".join(result["notes"])
    assert "took the newest" in notes and "'T99' is not on the roster" in notes
    assert "stray file" in notes


def test_the_report_opens_from_disk_with_every_page(sample):
    cohort, _, _ = sample
    index = write_report(cohort)
    html = index.read_text(encoding="utf-8")
    assert html.count("<img") >= 3 and "data:image/png;base64," in html
    for t in cohort.trainees:
        assert f'href="trainees/{t.trainee_id}.html"' in html
        assert (index.parent / "trainees" / f"{t.trainee_id}.html").is_file()
    zh_page = (index.parent / "trainees" / "T03.html").read_text(encoding="utf-8")
    assert "反馈" in zh_page and "还不对" in zh_page
    book = pd.read_csv(index.parent / "gradebook.csv", encoding="utf-8-sig")
    assert list(book["trainee_id"]) == [t.trainee_id for t in cohort.trainees]
    assert "median time to complete" in html.lower() or "完成用时" in html


def test_grading_again_grades_nothing_and_changes_nothing(sample):
    cohort, subs, _ = sample
    before = (cohort.root / "report" / "gradebook.csv").read_bytes()
    again = grade_cohort(cohort.root, subs, progress=False)
    assert again["graded"] == 0 and again["skipped"] == 6
    assert (cohort.root / "report" / "gradebook.csv").read_bytes() == before


def test_regrade_changed_rechecks_stored_answers_of_the_changed_question(sample, monkeypatch):
    import dataclasses

    from casekit.exercises import module_of

    cohort, subs, _ = sample
    module = module_of("01")
    before = read_grade(cohort, "T03", "01")
    assert before["questions"]["q3"]["status"] == "incorrect"
    lenient = dataclasses.replace(module.QUESTIONS[2], rel_tol=0.9)
    monkeypatch.setattr(
        module, "QUESTIONS", (*module.QUESTIONS[:2], lenient, *module.QUESTIONS[3:])
    )
    res = grade_cohort(cohort.root, subs, regrade="changed", progress=False)
    # Nothing runs again; all six stored grades are re-checked (the failed one keeps its 0).
    assert res["graded"] == 0 and res["rechecked"] == 6
    after = read_grade(cohort, "T03", "01")
    assert after["questions"]["q3"]["status"] == "correct"
    assert {q: v for q, v in after["questions"].items() if q != "q3"} == {
        q: v for q, v in before["questions"].items() if q != "q3"
    }
    assert read_grade(cohort, "T05", "01")["points"] == 0  # a failed run stays failed
    monkeypatch.undo()
    grade_cohort(cohort.root, subs, regrade="changed", progress=False)
    assert read_grade(cohort, "T03", "01")["questions"]["q3"] == before["questions"]["q3"]


def test_killed_grader_resumes_to_the_same_gradebook(sample, tmp_path):
    cohort, subs, _ = sample
    killed, _ = _sample(tmp_path, "killed")
    cmd = [
        sys.executable,
        "-m",
        "casekit.cli",
        "cohort",
        "grade",
        str(killed.root),
        str(subs),
        "--workers",
        "1",
        "--quiet",
    ]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((killed.root / "grades").glob("*/*.json"))) < 2:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the grader, its fork server and any running notebook
    proc.wait(30)
    done_before = len(list((killed.root / "grades").glob("*/*.json")))
    assert 2 <= done_before < 6, "the kill came too late to test resuming"
    assert main(["cohort", "grade", str(killed.root), str(subs), "--quiet"]) == 0
    assert len(list((killed.root / "grades").glob("*/*.json"))) == 6  # nothing missing, none twice
    assert (killed.root / "report" / "gradebook.csv").read_bytes() == (
        cohort.root / "report" / "gradebook.csv"
    ).read_bytes()


def test_grading_runs_on_a_dask_cluster(sample, tmp_path):
    from distributed import Client, LocalCluster

    cohort, subs, _ = sample
    other, _ = _sample(tmp_path, "dask")
    with (
        LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        res = grade_cohort(other.root, subs, executor=client.get_executor(), progress=False)
    assert res["graded"] == 6 and not res["errors"]
    assert (other.root / "report" / "gradebook.csv").read_bytes() == (
        cohort.root / "report" / "gradebook.csv"
    ).read_bytes()


def test_the_sample_submissions_are_what_the_script_writes(tmp_path):
    """The committed sample is reproducible from its script (nothing hand-edited)."""
    env = {**os.environ, "CASEKIT_SAMPLE_OUT": str(tmp_path / "subs")}
    subprocess.run(
        [sys.executable, "scripts/make_sample_cohort.py"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    committed = sorted(
        p.relative_to(SAMPLE / "submissions")
        for p in (SAMPLE / "submissions").rglob("*")
        if p.is_file()
    )
    made = sorted(
        p.relative_to(tmp_path / "subs") for p in (tmp_path / "subs").rglob("*") if p.is_file()
    )
    assert committed == made
    for rel in committed:
        assert (SAMPLE / "submissions" / rel).read_bytes() == (
            tmp_path / "subs" / rel
        ).read_bytes(), rel
