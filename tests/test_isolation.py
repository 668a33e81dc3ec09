"""Grading isolation as a red-teamer tries it: one hostile submission can never touch another
trainee's grade, the trainer's secrets, or the batch.

Most attacks run in one batch between two honest submissions (``B00`` and ``B99``), graded
by the real command in a fresh process (so the grader's environment holds a planted token and
its peak memory can be read); the honest grades must be exactly those of a batch without the
attacks. Attacks on files, secrets, lateness and the grader's own failures have their own
tests below.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import pytest

from casekit.cohort import CohortError, build_packs, grade_cohort, init_cohort, open_cohort
from casekit.cohort.packs import solved_notebook
from casekit.cohort.sandbox import run_cells
from casekit.cohort.store import grade_path, read_grade, write_grade
from casekit.cohort.submissions import discover
from casekit.cohort.walls import WALLS
from casekit.exercises.keys import key_files
from casekit.resources import resource
from tests.conftest import ROOT

SECRET = b"an-isolation-test-secret-of-enough-length"
TOKEN = "planted-credential-7c1e5a"  # in the grader's environment, as a trainer's shell would be
MARK = "ckdebris"  # in the name of everything an attack leaves behind
DAEMON = "ckdaemon"  # the name every process an attack leaves behind gives itself
HONEST = ("B00", "B99")
GRADE = [
    "cohort",
    "grade",
    "--workers",
    "2",
    "--quiet",
    "--cell-timeout",
    "8",
    "--timeout",
    "60",
    "--memory-mb",
    "1024",
]


def can_wall() -> bool:
    """Whether this machine lets the grader build every wall (root, and the namespaces)."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = ["unshare", "--mount", "--pid", "--fork", "--net", "--ipc", "true"]
    return subprocess.run(probe, capture_output=True).returncode == 0


def _code(source: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(source)


def _after_setup(nb, source: str) -> None:
    at = next(i for i, c in enumerate(nb.cells) if "start(" in c.source) + 1
    nb.cells.insert(at, _code(source))


def _answer(nb, var: str, source: str) -> None:
    """Replace the line that sets an answer variable (the check after it stays)."""
    for cell in nb.cells:
        lines = cell.source.splitlines()
        for i, line in enumerate(lines):
            if line.startswith(f"{var} = "):
                lines[i] = f"{var} = {source}"
                cell.source = "\n".join(lines)
                return
    raise AssertionError(f"no answer line for {var}")


def _daemon(body: str) -> str:
    """A cell that leaves a process behind, running ``body`` for up to 40 s."""
    return (
        "import os, time, glob, ctypes, signal\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"
        f"    ctypes.CDLL(None).prctl(15, b'{DAEMON}', 0, 0, 0)\n"
        "    end = time.time() + 40\n"
        "    while time.time() < end:\n"
        "        try:\n" + "".join(f"            {line}\n" for line in body.splitlines()) + ""
        "        except BaseException:\n"
        "            pass\n"
        "    os._exit(0)\n"
    )


# Each attack: a change to the trainee's right answers (in the order they are graded).
RACE = """for work in glob.glob('/tmp/casekit-run-*'):
    data = os.path.join(work, 'data')
    if os.path.isdir(data) and not os.path.islink(data):
        os.rename(data, data + '.x')
        os.symlink(TARGET, data)"""
SNOOP_AND_SWAP = """seen = glob.glob('/tmp/casekit-run-*/data/*') + glob.glob('/proc/*/cwd/data/*')
if seen:
    with open('/tmp/ckdebris-snoop.txt', 'a') as f:
        f.write('\\n'.join(seen))
for bank in seen:
    if bank.endswith('.parquet') and 'B01' not in bank:
        with open(bank, 'wb') as f:
            f.write(b'swapped')"""
KILL = "os.kill(-1, signal.SIGKILL)\ntime.sleep(0.05)"
FDS = """for fd in range(3, 1024):
    try:
        os.write(fd, b'x' * 65536)
    except OSError:
        pass
time.sleep(1)"""
STEAL = """import os
stolen = []
for path in PATHS:
    try:
        stolen.append(open(path, errors='replace').read()[:2000])
    except OSError as e:
        stolen.append(type(e).__name__)
try:
    stolen.append(open('/proc/self/environ', 'rb').read().decode(errors='replace'))
except OSError as e:
    stolen.append(type(e).__name__)
try:
    stolen.append(open('/proc/1/environ', 'rb').read().decode(errors='replace'))
except OSError as e:
    stolen.append(type(e).__name__)
stolen.append(repr(dict(os.environ)))
try:
    import socket
    with socket.socket() as s:  # a raw connect: no name lookup, no codec to load
        s.settimeout(2)
        s.connect(('127.0.0.1', PORT))
        stolen.append(s.recv(100).decode())
except Exception as e:
    stolen.append(type(e).__name__)
reflection = ' | '.join(stolen)"""
DEBRIS = """import os
for name in ('/tmp/ckdebris-1', '/dev/shm/ckdebris-2', '/var/tmp/ckdebris-3'):
    try:
        with open(name, 'wb') as f:
            f.write(b'x' * (20 * 2**20))
    except OSError:
        pass
with open('ckdebris-big', 'wb') as f:  # the working folder has a total cap
    for _ in range(400):
        f.write(b'x' * 2**20)"""
FORK_BOMB = """import os, time
kids = 0
for _ in range(300):
    try:
        if os.fork() == 0:
            time.sleep(60)
            os._exit(0)
        kids += 1
    except OSError:
        break"""


KEY_PATHS = [
    str(key_files()[0] / "ex01_portfolio.py"),
    str(resource("exercises", "src") / "01_portfolio_360.py"),
]


def _attacks() -> dict:
    return {
        "B01": ("a daemon swaps other sandboxes' folders for links to root-only files", RACE),
        "B02": ("a daemon reads and swaps other sandboxes' bank files", SNOOP_AND_SWAP),
        "B03": ("a daemon kills every process it may signal", KILL),
        "B04": ("writes into every descriptor it inherited (fork server, tracker)", FDS),
        "B05": ("a fork bomb", None),
        "B06": ("reads the environment, other cohorts, the roster, loopback", None),
        "B07": ("fills /tmp, /dev/shm, /var/tmp and its working folder", None),
        "B08": ("an answer the encoder cannot write (5,000 digits)", None),
        "B09": ("os._exit after the answers", None),
        "B10": ("SIGKILL after the answers", None),
        "B11": ("a segfault after the answers", None),
        "B12": ("an answer of 3 million lists", None),
        "B13": ("the notebook is a symlink to /dev/zero", None),
        "B14": ("the notebook is a FIFO", None),
        "B15": ("the notebook is 2 GB", None),
        "B16": ("the notebook is a symlink to a root-only file", None),
    }


def _write_attack(cohort, tid: str, body: str | None, subs: Path, ctx: dict) -> None:
    path = subs / tid / "01_portfolio_360.ipynb"
    path.parent.mkdir(parents=True)
    nb = solved_notebook(cohort, tid, "01")
    if tid in ("B01", "B02", "B03", "B04"):
        source = body.replace("TARGET", repr(ctx["target"]))
        _after_setup(nb, _daemon(source))
    elif tid == "B05":
        _after_setup(nb, FORK_BOMB)
    elif tid == "B06":
        steal = STEAL.replace("PATHS", repr(ctx["paths"])).replace("PORT", str(ctx["port"]))
        _answer(nb, "reflection", "''")
        nb.cells.append(_code(steal + "\nex.q7.check(reflection)"))
    elif tid == "B07":
        _after_setup(nb, DEBRIS)
    elif tid == "B08":
        _answer(nb, "key_count", "10 ** 5000")
    elif tid == "B09":
        nb.cells.append(_code("import os\nos._exit(0)"))
    elif tid == "B10":
        nb.cells.append(_code("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"))
    elif tid == "B11":
        nb.cells.append(_code("import ctypes\nctypes.string_at(0)"))
    elif tid == "B12":
        _answer(nb, "key_count", "[[0]] * 3_000_000")
    elif tid == "B13":
        path.symlink_to("/dev/zero")
    elif tid == "B14":
        os.mkfifo(path)
    elif tid == "B15":
        with open(path, "wb") as f:
            f.truncate(2 * 2**30)  # sparse: 2 GB long, nothing on disk
    elif tid == "B16":
        path.symlink_to(ctx["root_only_file"])
    if not path.exists() and not path.is_symlink():
        path.write_text(nbformat.writes(nb), encoding="utf-8")


def _roster(path: Path, ids: list[str], name: str = "Trainee") -> Path:
    rows = [f"{t},{name} {t},{'zh' if i % 2 else 'en'},G1" for i, t in enumerate(ids)]
    path.write_text("trainee_id,name,lang,group\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _init(tmp: Path, name: str, ids: list[str]):
    secret = tmp / f"{name}.key"
    secret.write_bytes(SECRET)
    secret.chmod(0o600)
    roster = _roster(tmp / f"{name}-roster.csv", ids)
    cohort, _ = init_cohort(
        roster, tmp / name, exercises=["01"], secret_file=secret, cohort_id="isolation"
    )
    build_packs(cohort, progress=False)
    return cohort


def _grade_in_new_process(cohort, subs: Path, tmpdir: Path) -> dict:
    """`casekit cohort grade` in a fresh Python whose environment holds the planted token (and
    whose temporary folder is ``tmpdir``, watched while it runs); returns its exit code and the
    grader's own peak memory (not its sandboxes')."""
    code = (
        "import json, resource, sys\n"
        "from casekit.cli import main\n"
        "rc = main(sys.argv[1:])\n"
        "print(json.dumps({'rc': rc, 'rss_mb': resource.getrusage(resource.RUSAGE_SELF)"
        ".ru_maxrss / 1024}))\n"
    )
    args = [sys.executable, "-c", code, *GRADE[:2], str(cohort.root), str(subs), *GRADE[2:]]
    env = {**os.environ, "CASEKIT_TRAINER_TOKEN": TOKEN, "TMPDIR": str(tmpdir)}
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.stdout.strip(), done.stderr[-2000:]
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "stdout": done.stdout}


def _leftovers(tmpdir: Path) -> list[str]:
    found = []
    for folder in ("/tmp", "/dev/shm", "/var/tmp", str(tmpdir)):
        found += [f"{folder}/{n}" for n in os.listdir(folder) if MARK in n]
    return found


def _daemons() -> list[int]:
    alive = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() == DAEMON:
                alive.append(int(pid))
        except OSError:
            continue
    return alive


class _Watch(threading.Thread):
    """Looks in the grader's temporary folder while it runs, for copies of trainees' banks."""

    def __init__(self, tmp: Path) -> None:
        super().__init__(daemon=True)
        self.tmp = tmp
        self.seen: set[str] = set()
        self.stop = threading.Event()

    def run(self) -> None:
        tmp = self.tmp
        while not self.stop.wait(0.05):
            for n in os.listdir(tmp):
                if n.startswith("casekit-run-") and os.path.exists(f"{tmp}/{n}/data"):
                    self.seen.add(n)


@pytest.fixture(scope="module")
def batch():
    """Every attack graded in one batch between two honest submissions, and a control batch of
    the two honest submissions alone (same secret, id and mode, so the same banks)."""
    # Where every user may look (pytest's own folders are root's alone, which would hide the
    # attacks' targets for the wrong reason): walls, not folder modes, must protect them.
    tmp = Path(tempfile.mkdtemp(prefix="casekit-isolation-", dir="/tmp"))
    os.chmod(tmp, 0o755)
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                conn.sendall(b"LOOPBACK-SECRET")

    threading.Thread(target=serve, daemon=True).start()
    root_only = tmp / "root-only"
    root_only.mkdir(mode=0o700)
    for i in range(50):
        (root_only / f"f{i:02d}").write_text(f"ROOT-ONLY-LINE {i}\n")
        (root_only / f"f{i:02d}").chmod(0o600)
    ids = ["B00", *[f"B{i:02d}" for i in range(1, 17)], "B99"]
    cohort = _init(tmp, "cohort", ids)
    control = _init(tmp, "control", list(HONEST))
    other = _init(tmp, "other", ["Z1"])
    ctx = {
        "port": port,
        "target": str(root_only),
        "root_only_file": str(root_only / "f00"),
        "paths": [
            str(other.root / "cohort.json"),
            str(other.root / "secret.key"),
            str(tmp / "cohort-roster.csv"),
            str(tmp / "cohort.key"),
            str(cohort.root / "secret.key"),
            # The grader's answer keys and solution sources: a submission must not read them.
            *KEY_PATHS,
        ],
    }
    attacks = _attacks()
    subs, control_subs = tmp / "submissions", tmp / "control-submissions"
    for tid in HONEST:
        for folder in (subs, control_subs):
            (folder / tid).mkdir(parents=True)
            nb = solved_notebook(cohort, tid, "01")
            (folder / tid / "01_portfolio_360.ipynb").write_text(nbformat.writes(nb), "utf-8")
    for tid, (_, body) in attacks.items():
        _write_attack(cohort, tid, body, subs, ctx)
    grader_tmp = tmp / "grader-tmp"
    grader_tmp.mkdir(mode=0o755)
    base = _grade_in_new_process(control, control_subs, grader_tmp)
    watch = _Watch(grader_tmp)
    watch.start()
    hostile = _grade_in_new_process(cohort, subs, grader_tmp)
    watch.stop.set()
    time.sleep(0.5)
    after = {
        "leftovers": _leftovers(grader_tmp),
        "daemons": _daemons(),
        "bank_copies": watch.seen,
    }
    server.close()
    recs = {tid: read_grade(cohort, tid, "01") for tid in ids}
    ref = {tid: read_grade(control, tid, "01") for tid in HONEST}
    yield {
        "cohort": cohort,
        "recs": recs,
        "ref": ref,
        "base": base,
        "hostile": hostile,
        "after": after,
        "root_only": root_only,
        "attacks": attacks,
        "key_paths": KEY_PATHS,
    }
    for pid in after["daemons"]:  # only where a wall failed: never leave them running
        try:
            os.kill(pid, 9)
        except OSError:
            pass
    shutil.rmtree(tmp, ignore_errors=True)


walled = pytest.mark.skipif(not can_wall(), reason="checked by test_missing_walls_are_recorded")


def _q(rec: dict) -> dict:
    return {qid: q["points"] for qid, q in rec["questions"].items()}


def test_the_batch_finishes_and_grades_everyone(batch):
    assert batch["hostile"]["rc"] == 0, batch["hostile"]["stdout"][-2000:]
    assert all(rec is not None for rec in batch["recs"].values())
    assert not any(rec["status"] == "error" for rec in batch["recs"].values())


def test_honest_grades_are_those_of_a_batch_without_the_attacks(batch):
    for tid in HONEST:
        got, want = batch["recs"][tid], batch["ref"][tid]
        assert want["status"] == "graded" and want["points"] == want["max"] > 0
        assert (got["status"], _q(got)) == (want["status"], _q(want)), (tid, got["reason"])


@walled
def test_no_process_of_a_sandbox_outlives_it(batch):
    assert batch["after"]["daemons"] == []


@walled
def test_root_never_acts_on_a_path_a_sandbox_can_write(batch):
    for f in batch["root_only"].iterdir():
        st = f.lstat()
        assert (st.st_uid, stat.S_IMODE(st.st_mode)) == (0, 0o600), f
    assert batch["after"]["bank_copies"] == set()  # no bank copied into the grader's /tmp


@walled
def test_nothing_is_left_in_tmp_or_dev_shm(batch):
    assert batch["after"]["leftovers"] == []
    assert batch["recs"]["B07"]["status"] == "graded"  # the cap costs the cell, not the grade


@walled
def test_secrets_stay_the_trainers(batch):
    stolen = batch["recs"]["B06"]["questions"]["q7"]["answer"]
    assert isinstance(stolen, str) and "Error" in stolen  # the cell ran and was refused
    everything = "\n".join(json.dumps(r) for r in batch["recs"].values())
    for secret in (TOKEN, "LOOPBACK-SECRET", SECRET.decode(), "Trainee Z1", "Trainee B00"):
        assert secret not in everything and secret not in stolen, secret
    assert "ROOT-ONLY-LINE" not in everything
    # Neither the grader's answer keys nor its solution sources were read (their openings,
    # which the cell would have copied, are not in what it took).
    for path in batch["key_paths"]:
        opening = Path(path).read_text(encoding="utf-8")[:200]
        assert opening and opening not in stolen, path


def test_one_odd_answer_costs_only_itself(batch):
    full = _q(batch["ref"]["B00"])
    for tid in ("B08", "B12"):
        rec = batch["recs"][tid]
        assert rec["status"] == "graded", (tid, rec["reason"])
        assert rec["questions"]["q1"]["points"] == 0
        assert {k: v for k, v in _q(rec).items() if k != "q1"} == {
            k: v for k, v in full.items() if k != "q1"
        }
        assert len(json.dumps(rec)) < 64 * 1024  # a bounded record, not a copy of the bomb


def test_a_crash_after_the_answers_keeps_them(batch):
    full = batch["ref"]["B00"]["points"]
    for tid, how in (("B09", "exit code 0"), ("B10", ""), ("B11", "signal 11")):
        rec = batch["recs"][tid]
        assert rec["status"] == "graded" and rec["points"] == full, (tid, rec["reason"])
        # A SIGKILL a sandbox sends itself is refused: it is process 1 of its PID namespace.
        assert how in rec["reason"] and (how or can_wall())


def test_files_are_read_as_data_never_followed(batch):
    for tid, what in (
        ("B13", "symbolic link"),
        ("B14", "named pipe"),
        ("B15", "over the 20 MB cap"),
        ("B16", "symbolic link"),
    ):
        rec = batch["recs"][tid]
        assert rec["status"] == "failed" and what in rec["reason"], (tid, rec["reason"])


def test_the_graders_memory_is_bounded(batch):
    # The attacks may not grow the grader beyond what two honest submissions cost, plus room.
    assert batch["hostile"]["rss_mb"] < batch["base"]["rss_mb"] + 400, (
        batch["base"],
        batch["hostile"],
    )


@walled
def test_every_sandbox_had_every_wall(batch):
    ran = [r for r in batch["recs"].values() if "cells" in r]
    assert ran and all(r["isolated"] and r["walls_missing"] == [] for r in ran)


# Walls this machine cannot build ------------------------------------------------------------


def test_missing_walls_are_recorded():
    cells = ["import os, socket\nuid = os.getuid()"]
    if not can_wall():
        run = run_cells(cells, {"q": "uid"})
        assert run.missing and set(run.missing) <= set(WALLS)
        return
    full = run_cells(cells, {"q": "uid"})
    assert full.status == "ok" and full.missing == [] and full.answers["q"] >= 2_000_000_000
    # The same cells with namespaces withheld: the result names exactly what is missing.
    part = run_cells(cells, {"q": "uid"}, want=("pid",))
    assert part.status == "ok" and part.missing == ["network", "mounts"]


PLAIN_USER = 1000  # a user id with no privilege, as a trainer without root would be


def _plain_user_has_namespaces() -> bool:
    probe = ["unshare", "--user", "--map-root-user", "--mount", "--pid", "--fork", "--net", "true"]
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    return subprocess.run(probe, user=PLAIN_USER, capture_output=True).returncode == 0


def _walls_seen(plain: bool) -> dict:
    """What code inside the walls sees of a cohort folder outside /tmp, built in a forked child
    of this process (as root, or first become a plain user: a grader run without root)."""
    from casekit.cohort import walls

    world = Path(tempfile.mkdtemp(prefix="casekit-walls-", dir="/var/tmp"))
    world.chmod(0o755)  # anyone may look: only the walls keep the sandbox out
    try:
        hidden, data = world / "cohort", world / "bank"
        for folder in (world, hidden, data):
            folder.mkdir(exist_ok=True)
            os.chown(folder, PLAIN_USER, PLAIN_USER)
        (hidden / "secret.key").write_text("the trainer's")
        (data / "clients.csv").write_text("id\n1\n")
        roster = world / "roster.csv"  # a file given to init, kept elsewhere: covered too
        roster.write_text("trainee_id,name\nT1,Someone Real\n")
        hide = [str(hidden), str(roster)]
        plan = walls.Plan({"data": str(data)}, hide, walls.WALLS, 16, str(world / "run"))
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                import ctypes

                if plain:
                    os.setgroups([])
                    os.setresgid(PLAIN_USER, PLAIN_USER, PLAIN_USER)
                    os.setresuid(PLAIN_USER, PLAIN_USER, PLAIN_USER)
                    ctypes.CDLL(None).prctl(4, 1, 0, 0, 0)  # dumpable, as a process started so
                missing = walls.seal(walls.enter(plan), {w})
                seen = {
                    "missing": missing,
                    "uid": os.getuid(),
                    "hidden": os.listdir(hidden),
                    "roster": roster.read_text(),
                    "data": os.listdir("data"),
                    "tmp": os.listdir("/tmp"),
                    "umount": ctypes.CDLL(None).umount2(str(hidden).encode(), 2),
                    "processes": len([p for p in os.listdir("/proc") if p.isdigit()]),
                }
            except BaseException as e:
                seen = {"error": repr(e)}
            os.write(w, json.dumps(seen).encode())
            os._exit(0)
        os.close(w)
        with os.fdopen(r, "rb") as f:
            seen = json.loads(f.read() or b"{}")
        os.waitpid(pid, 0)
    finally:
        shutil.rmtree(world, ignore_errors=True)
    return seen


def _holds(seen: dict) -> None:
    from casekit.cohort.walls import runtime_under

    # The private /tmp holds the working folder, and Python and casekit read-only where they
    # themselves live under /tmp (a checkout there); nothing else of the host's /tmp.
    runtime = {p.split(os.sep)[2] for p in runtime_under("/tmp")}
    assert seen["hidden"] == [] and seen["data"] == ["clients.csv"]
    assert sorted(seen["tmp"]) == sorted({"work"} | runtime), seen["tmp"]
    assert seen["roster"] == ""
    assert seen["umount"] == -1  # the covers cannot be lifted from inside
    assert seen["processes"] <= 2  # its own PID namespace: only itself


@pytest.mark.skipif(not can_wall(), reason="checked by test_missing_walls_are_recorded")
def test_the_walls_hold_outside_tmp_too():
    seen = _walls_seen(plain=False)
    assert seen.get("missing") == [] and seen["uid"] >= 2_000_000_000, seen
    _holds(seen)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to become a plain user for the test")
def test_a_plain_user_gets_every_wall_but_its_own_user_id():
    seen = _walls_seen(plain=True)
    if not _plain_user_has_namespaces():
        assert set(seen["missing"]) == set(WALLS), seen  # and the grade says so
        return
    assert seen.get("missing") == ["user"], seen
    _holds(seen)


def test_the_cli_names_the_missing_walls_once(tmp_path, monkeypatch, capsys):
    from casekit.cli import main
    from casekit.cohort import grading

    cohort = _init(tmp_path, "c", ["M1", "M2"])
    subs = tmp_path / "subs"
    for tid in ("M1", "M2"):
        (subs / tid).mkdir(parents=True)
        nb = solved_notebook(cohort, tid, "01")
        (subs / tid / "01_portfolio_360.ipynb").write_text(nbformat.writes(nb), "utf-8")
    real = grading.run_cells
    monkeypatch.setattr(grading, "run_cells", lambda *a, **k: real(*a, **k, want=("pid",)))
    assert main(["cohort", "grade", str(cohort.root), str(subs), "--quiet"]) == 0
    out = capsys.readouterr().out
    notes = [line for line in out.splitlines() if "without every wall" in line]
    assert len(notes) == 1 and "no network" in notes[0] and "M1/01" in notes[0]
    assert read_grade(cohort, "M1", "01")["walls_missing"] == ["network", "mounts"]


# Secrets -------------------------------------------------------------------------------------


def test_a_secret_others_can_read_is_refused(tmp_path):
    roster = _roster(tmp_path / "r.csv", ["S1"])
    shared = tmp_path / "shared.key"
    shared.write_bytes(SECRET)
    shared.chmod(0o644)
    with pytest.raises(CohortError, match=f"chmod 600 {shared}"):
        init_cohort(roster, tmp_path / "c1", secret_file=shared)
    shared.chmod(0o600)
    cohort, _ = init_cohort(roster, tmp_path / "c1", secret_file=shared)
    assert stat.S_IMODE((cohort.root / "secret.key").stat().st_mode) == 0o600
    assert stat.S_IMODE(cohort.root.stat().st_mode) == 0o700
    assert stat.S_IMODE((cohort.root / "roster.csv").stat().st_mode) == 0o600
    (tmp_path / "subs").mkdir()
    for leaked in (cohort.root / "secret.key", shared):
        leaked.chmod(0o644)
        with pytest.raises(CohortError, match=f"chmod 600 {leaked}"):
            grade_cohort(cohort.root, tmp_path / "subs", progress=False)
        leaked.chmod(0o600)
    assert grade_cohort(cohort.root, tmp_path / "subs", progress=False)["graded"] == 0


def test_reusing_a_secret_never_repeats_a_bank(tmp_path):
    secret = tmp_path / "one.key"
    secret.write_bytes(SECRET)
    secret.chmod(0o600)
    roster = _roster(tmp_path / "r.csv", ["S1"])
    made = [
        init_cohort(roster, tmp_path / name, mode=mode, secret_file=secret)[0]
        for name, mode in (
            ("practice", "practice"),
            ("exam", "assessment"),
            ("exam2", "assessment"),
        )
    ]
    seeds = {c.seed("S1") for c in made}
    tokens = {c.token("S1") for c in made}
    assert len(seeds) == 3 and len(tokens) == 3
    # Same secret, id and mode (re-creating a known cohort): the same bank, on purpose.
    again = init_cohort(roster, tmp_path / "again", secret_file=secret, cohort_id=made[1].cohort_id)
    assert again[0].seed("S1") == made[1].seed("S1")
    practice_twin = init_cohort(
        roster, tmp_path / "twin", mode="practice", secret_file=secret, cohort_id=made[1].cohort_id
    )
    assert practice_twin[0].seed("S1") != made[1].seed("S1")  # the mode is part of every seed


def test_a_cohort_made_before_keeps_its_banks(tmp_path):
    cohort, _ = init_cohort(_roster(tmp_path / "r.csv", ["S1"]), tmp_path / "old")
    settings = json.loads((cohort.root / "cohort.json").read_text())
    del settings["derivation"]  # as written by earlier versions
    (cohort.root / "cohort.json").write_text(json.dumps(settings))
    import hashlib
    import hmac

    legacy = hmac.new(cohort.secret, f"seed:{cohort.cohort_id}:S1".encode(), hashlib.sha256)
    assert open_cohort(cohort.root).seed("S1") == int.from_bytes(legacy.digest()[:8], "big") >> 2
    assert open_cohort(cohort.root).seed("S1") != cohort.seed("S1")


# Lateness ------------------------------------------------------------------------------------


def test_lateness_comes_from_the_receipt_log_never_the_files_times(tmp_path):
    roster = _roster(tmp_path / "r.csv", ["L1", "L2", "L3"])
    cohort, _ = init_cohort(roster, tmp_path / "c", exercises=["01"], due="2026-12-15T18:00")
    subs = tmp_path / "subs"
    for tid in ("L1", "L2", "L3"):
        (subs / tid).mkdir(parents=True)
        (subs / tid / "01_portfolio_360.ipynb").write_text("{}", encoding="utf-8")
    backdated = subs / "L1" / "01_portfolio_360.ipynb"
    os.utime(backdated, (0, 0))  # 1970: "on time" by its own clock
    found = discover(cohort, subs)
    assert not any(j.late for j in found.jobs)
    assert any("no received.csv" in n and "not judged" in n for n in found.notes)
    (cohort.root / "received.csv").write_text(
        "trainee_id,file,received\n"
        "L1,01_portfolio_360.ipynb,2026-12-16T09:00\n"
        "L2,01_portfolio_360.ipynb,2026-12-15T17:59\n",
        encoding="utf-8",
    )
    found = discover(cohort, subs)
    late = {j.trainee_id: j.late for j in found.jobs}
    assert late == {"L1": True, "L2": False, "L3": False}
    assert any("L3: no receipt for 01_portfolio_360.ipynb" in n for n in found.notes)
    (cohort.root / "received.csv").write_text(
        "trainee_id,file,received\nL1,01_portfolio_360.ipynb,yesterday\n", encoding="utf-8"
    )
    with pytest.raises(CohortError, match=r"received\.csv, row 2: received 'yesterday'"):
        discover(cohort, subs)


# The grader's own failures -------------------------------------------------------------------


def test_a_lost_fork_server_is_retried_not_the_trainees_zero(tmp_path):
    from multiprocessing import forkserver

    cohort = _init(tmp_path, "c", ["R1", "R2"])
    subs = tmp_path / "subs"
    for tid in ("R1", "R2"):
        (subs / tid).mkdir(parents=True)
        nb = solved_notebook(cohort, tid, "01")
        nb.cells.insert(3, _code("import time\ntime.sleep(3)"))  # in flight when the server goes
        (subs / tid / "01_portfolio_360.ipynb").write_text(nbformat.writes(nb), "utf-8")
    run_cells(["x = 1"], {})  # the fork server is up
    server = forkserver._forkserver._forkserver_pid

    def kill_server() -> None:
        time.sleep(1.5)
        os.kill(server, 9)

    threading.Thread(target=kill_server).start()
    res = grade_cohort(cohort.root, subs, workers=2, progress=False)
    assert res["graded"] == 2 and not res["errors"]
    for tid in ("R1", "R2"):
        rec = read_grade(cohort, tid, "01")
        assert rec["status"] == "graded" and rec["points"] == rec["max"] > 0, rec["reason"]
    assert forkserver._forkserver._forkserver_pid != server  # a new one took over
    # A grade the grader itself failed is graded again on the next run, not kept.
    rec = read_grade(cohort, "R1", "01")
    rec.update(status="error", points=0.0, reason="the grader failed: test")
    write_grade(cohort, rec)
    again = grade_cohort(cohort.root, subs, progress=False)
    assert again["graded"] == 1 and again["skipped"] == 1
    assert read_grade(cohort, "R1", "01")["status"] == "graded"
    assert grade_path(cohort, "R1", "01").is_file()
