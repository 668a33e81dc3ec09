"""Running one submission's cells in a sandbox: a fresh process with limits, answers out as JSON.

Each submission runs in its own process, forked from a server that has already imported numpy,
pandas, matplotlib, IPython and casekit. The fork costs milliseconds instead of the seconds a
new kernel and its imports cost. Before any cell runs, the process walls itself off
(``casekit.cohort.walls``: its own user id, PID, network and mount namespaces, a private /tmp,
an emptied environment, none of the grader's descriptors), so no trainee's code can reach
another's sandbox, the grader, or the trainer's files.

In the child: an IPython shell runs the cells one by one (magics and display work as in a
notebook), each with a time limit; the address space, the files written and the CPU time are
capped by the kernel (setrlimit). What leaves the child is JSON: one message per cell and one
per answer, as each is recorded, each size-capped. The grader reads them with limits, in its
own process, and checks the answers there, so nothing a cell does (patching casekit, pandas or
numpy, exiting, printing megabytes, crashing after its answers) can change how an answer is
judged or cost more than what it touches.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
import secrets
import shutil
import signal
import stat
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casekit.cohort import walls

# Modules every submission imports; the fork server imports them once.
PRELOAD = [
    # Loaded once in the fork server: a sandbox running as nobody may not be able to read
    # Python's own library (e.g. under /root), so what notebooks import must be loaded here.
    "collections",
    "encodings.ascii",
    "encodings.latin_1",
    "encodings.gbk",
    "encodings.gb18030",
    "encodings.idna",
    "datetime",
    "decimal",
    "fractions",
    "itertools",
    "json",
    "math",
    "random",
    "re",
    "statistics",
    "string",
    "textwrap",
    "ipywidgets",
    "IPython.display",
    "casekit.plotting",
    "casekit.casework",
    "casekit.table_questions",
    "casekit.bookio",
    "pyarrow.parquet",
    "pyarrow.dataset",
    "pyarrow.csv",
    "ssl",
    "importlib.metadata",
    "casekit.exercises.ex01_portfolio",
    "casekit.exercises.ex02_needs",
    "casekit.exercises.ex03_service",
    "casekit.exercises.ex04_warning",
    "casekit.exercises.ex05_churn",
    "casekit.exercises.ex06_effect",
    "numpy",
    "pandas",
    "matplotlib",
    "matplotlib.pyplot",
    "IPython.core.interactiveshell",
    "casekit.exercises",
    "casekit.evaluate",
    "casekit.loader",
    "casekit.validate",
]
_CTX_LOCK = threading.Lock()
_CTX: Any = None


@dataclass(frozen=True)
class Limits:
    """What one submission may use."""

    cell_seconds: float = 60.0  # each cell
    total_seconds: float = 300.0  # the whole submission, start to finish
    memory_mb: int = 2048  # address space beyond what the fork server already maps
    output_mb: float = 5.0  # everything the cells print
    cpu_seconds: int = 600  # a backstop the kernel enforces even if Python is stuck in C
    disk_mb: int = 256  # the sandbox's private /tmp (its working folder and the bank in it)
    notebook_mb: float = 20.0  # the largest notebook file the grader reads


DEFAULT_LIMITS = Limits()


@dataclass
class RunResult:
    """What happened when a submission ran."""

    status: str  # ok | timeout | crashed | error (the grader's own failure, not the notebook's)
    reason: str = ""
    cells: list[dict] = field(default_factory=list)  # per cell: index, status, error
    answers: dict[str, Any] = field(default_factory=dict)  # those recorded, even before a crash
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # where the time went
    missing: list[str] = field(default_factory=list)  # walls this machine could not build


def _context() -> Any:
    """The fork-server context, started once per process with the heavy modules loaded."""
    global _CTX
    with _CTX_LOCK:
        if _CTX is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(PRELOAD)
            _CTX = ctx
        return _CTX


class CellTimeout(BaseException):
    """Raised in a cell that ran too long (``except Exception`` cannot swallow it)."""


def _vm_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _limit_child(limits: Limits) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails, not the process
    cap = int(limits.disk_mb * 1024 * 1024)
    resource.setrlimit(resource.RLIMIT_FSIZE, (cap, cap))
    mem = _vm_bytes() + limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))


class _CappedText:
    """Text output that keeps the first ``cap`` bytes and drops the rest (so a flood of prints
    neither fills the disk nor breaks the cells after it)."""

    def __init__(self, fd: int, cap: int) -> None:
        self.fd, self.left, self.truncated = fd, cap, False
        self.encoding, self.errors = "utf-8", "replace"

    def write(self, text: str) -> int:
        data = str(text).encode("utf-8", "replace")
        if self.left > 0:
            chunk = data[: self.left]
            os.write(self.fd, chunk)
            self.left -= len(chunk)
        if len(data) > max(self.left, 0):
            self.truncated = True
        return len(text)

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self.fd


def _plain_json(value: Any) -> Any:
    """An answer as JSON-ready data (tables as column lists); anything else as its text."""
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        return {str(c): [_plain_json(v) for v in value[c].tolist()] for c in value.columns}
    if isinstance(value, dict):
        return {str(k): _plain_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain_json(v) for v in value]
    if value is None or type(value) in (bool, int, float, str):
        return value
    return f"<{type(value).__name__} object>"  # not a value: named, never its address


MAX_MESSAGE_BYTES = 1024 * 1024  # one message: a cell's status, or one answer
MAX_RESULT_BYTES = 16 * 1024 * 1024  # all one submission may send back
MAX_ANSWER_BYTES = 256 * 1024  # one answer, encoded
MAX_ANSWERS = 200
ATTEMPTS = 3  # a sandbox the grader's own machinery lost is started again, up to this often
_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "MPLBACKEND": "Agg"}


def _encoded(qid: str, value: Any) -> bytes:
    """One answer as its own message: what cannot be written costs that answer only."""
    try:
        text = json.dumps({"answer": qid, "value": value}, allow_nan=True).encode()
    except (ValueError, TypeError, RecursionError) as e:
        text = json.dumps(
            {"answer": qid, "value": f"<an answer that cannot be written: {type(e).__name__}>"}
        ).encode()
    if len(text) > MAX_ANSWER_BYTES:
        text = json.dumps({"answer": qid, "value": "<an answer too large to grade>"}).encode()
    return text


def _child(
    cells: list[str],
    answer_vars: dict[str, str],
    limits: Limits,
    plan: walls.Plan,
    conn: Any,
) -> None:
    """Run the cells (in the sandboxed child); report through ``conn`` as they finish."""
    os.setsid()  # its own process group: whatever a cell starts is stopped with it
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    # Bound before any cell runs: a cell that patches casekit.plain cannot change these.
    from casekit.plain import to_plain
    from casekit.questions import _Placeholder

    def plain(value: Any) -> Any:
        try:
            return _plain_json(to_plain(value))
        except BaseException:  # not a value (or a doctored one): named, not trusted
            return f"<{type(value).__name__} object>"

    seen: dict[str, Any] = {}  # what each answer was made from, to skip what did not change
    logged: dict[str, Any] = {}  # each question's answer as its check last saw it

    def answers_now(every: bool) -> dict[str, Any]:
        # The answer each check last saw, read raw and made plain by this module's own code;
        # a question whose check cell was deleted still has its answer variable. Only what
        # changed since the last cell is made plain again (``every``: all of it, at the end).
        out: dict[str, Any] = {}
        try:
            log = getattr(shell.user_ns.get("ex"), "log", None) or {}
            entries = list(dict(log).items())[:MAX_ANSWERS]
        except CellTimeout:
            raise
        except BaseException:
            entries = []
        for k, verdict in entries:
            qid = str(k)
            if every or seen.get(qid) is not verdict:
                seen[qid] = verdict
                out[qid] = logged[qid] = plain(getattr(verdict, "answer", None))
        for qid, var in answer_vars.items():
            value = shell.user_ns.get(var)
            if logged.get(qid) is not None or var not in shell.user_ns:
                continue
            if not isinstance(value, _Placeholder) and (every or seen.get(var) is not value):
                seen[var] = value
                out[qid] = plain(value)
        return out

    def send_answers(fresh: dict[str, Any]) -> None:
        # Each answer leaves as soon as it is recorded: a later crash cannot take it back.
        for qid, value in fresh.items():
            text = _encoded(qid, value)
            if sent.get(qid) != text:
                conn.send_bytes(text)
                sent[qid] = text

    def on_alarm(signum: int, frame: Any) -> None:
        raise CellTimeout(f"cell ran longer than {limits.cell_seconds:g} s")

    entered = walls.enter(plan)  # still privileged, in its own working folder
    home = entered.workdir
    walls.scrub_environment({**_ENV, "HOME": home, "IPYTHONDIR": home, "MPLCONFIGDIR": home})
    signal.signal(signal.SIGALRM, on_alarm)
    # A submission runs as on the trainee's side: the grader's answer keys are out of its reach
    # (importing casekit_keys fails here as in an assessment environment; grading, in the
    # parent, has them).
    for name in [n for n in sys.modules if n.split(".")[0] == "casekit_keys"]:
        del sys.modules[name]
    sys.modules["casekit_keys"] = None  # type: ignore[assignment]
    # The shell is made, and has run and failed a cell once, while Python's own library is
    # still readable: with its own user id the sandbox may not read it (e.g. under /root).
    config = Config()
    config.HistoryManager.enabled = False  # no database file, no thread
    shell = InteractiveShell.instance(config=config)
    shell.run_cell("_ = 1\nraise ValueError('warm-up')", store_history=False, silent=True)
    _limit_child(limits)
    missing = walls.seal(entered, {conn.fileno()})
    # Output beyond the cap is dropped; the file-size limit stops writes that bypass sys.stdout.
    sys.stdout = sys.stderr = _CappedText(1, int(limits.output_mb * 1024 * 1024))
    # Sent before any cell runs, so a cell cannot forge it (the parent trusts only this one).
    conn.send_bytes(json.dumps({"hello": True, "missing": missing}).encode())
    sent: dict[str, bytes] = {}
    for i, source in enumerate(cells):
        fresh: dict[str, Any] = {}
        # Repeats each second after the first alarm: a bare `except:` cannot swallow it for good.
        signal.setitimer(signal.ITIMER_REAL, limits.cell_seconds, 1.0)
        try:
            result = shell.run_cell(source, store_history=False, silent=False)
            err = result.error_before_exec or result.error_in_exec
            status = "ok" if err is None else "error"
            reason = "" if err is None else f"{type(err).__name__}: {str(err)[:200]}"
            if isinstance(err, CellTimeout):
                status = "timeout"
            fresh = answers_now(False)
        except CellTimeout as e:
            status, reason = "timeout", str(e)
        except BaseException as e:  # a cell must not end the run
            status, reason = "error", f"{type(e).__name__}: {str(e)[:200]}"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        conn.send_bytes(json.dumps({"cell": i, "status": status, "error": reason}).encode())
        send_answers(fresh)
    # Once more, all of them: an answer changed in place after its check still counts.
    signal.setitimer(signal.ITIMER_REAL, limits.cell_seconds, 1.0)
    try:
        fresh = answers_now(True)
    except BaseException:
        fresh = {}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    send_answers(fresh)
    conn.send_bytes(b'{"done": true}')
    conn.close()
    os._exit(0)


def run_cells(
    cells: list[str],
    answer_vars: dict[str, str],
    limits: Limits = DEFAULT_LIMITS,
    files: dict[str, Path] | None = None,
    hide: list[Path] | None = None,
    want: tuple[str, ...] = walls.WALLS,
) -> RunResult:
    """Run notebook cells in a fresh sandboxed process; never raises for what the cells do.

    ``files`` are copied into the sandbox's working folder (name → source folder), so a
    submission reads its trainee's data there; ``hide`` are folders and files its cells must not
    see (the cohort folder, the submissions, the roster). Results come back through a pipe,
    each message read with a size limit. A sandbox lost to the grader's own machinery (its fork
    server gone, a refused connection) is started again; if that keeps failing the result says
    so ("error"), never the submission.
    """
    result = RunResult("error", "not run")
    for _ in range(ATTEMPTS):
        result = _run_once(cells, answer_vars, limits, files or {}, hide or [], want)
        if result.status != "error":
            break
    return result


def _run_once(
    cells: list[str],
    answer_vars: dict[str, str],
    limits: Limits,
    files: dict[str, Path],
    hide: list[Path],
    want: tuple[str, ...],
) -> RunResult:
    t0 = time.perf_counter()
    fallback = os.path.join(tempfile.gettempdir(), f"casekit-run-{secrets.token_hex(8)}")
    plan = walls.Plan(
        {name: str(Path(src).resolve()) for name, src in files.items()},
        [str(Path(h).resolve()) for h in hide],
        tuple(want),
        limits.disk_mb,
        fallback,
    )
    try:
        ctx = _context()
        receive, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(cells, answer_vars, limits, plan, send))
        proc.start()
        server = _fork_server_pid()
    except (OSError, EOFError, ValueError) as e:
        return RunResult("error", f"the grader could not start a sandbox ({type(e).__name__}: {e})")
    send.close()
    started = time.perf_counter()
    got = _Got(timed_out=True)
    try:
        got = _receive(receive, proc, len(cells), limits)
        if not got.timed_out:
            proc.join(2)  # its exit status is relayed by the process that waits on the sandbox
    finally:
        _stop(proc)
        receive.close()
        _remove(fallback)
    took = time.perf_counter() - t0
    phases = {"start": started - t0, "run": took - (started - t0)}
    n = len(got.cells)
    where = f"cell {n + 1}" if n < len(cells) else "after the last cell"
    code = proc.exitcode
    how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
    if not got.hello or _fork_server_lost(server, grace=0.0 if got.done else 0.5):
        # No cell of the submission had run (or the server under it went): not the trainee's.
        reason = got.problem or f"the sandbox ended before its first cell ({how})"
        return RunResult(
            "error", f"the grader failed: {reason}", got.cells, {}, took, phases, list(walls.WALLS)
        )
    if got.timed_out:
        reason = f"stopped after {limits.total_seconds:g} s in {where}"
        return RunResult("timeout", reason, got.cells, got.answers, took, phases, got.missing)
    if got.problem or not got.done:
        reason = got.problem or f"the notebook's process ended ({how}) in {where}"
        return RunResult("crashed", reason, got.cells, got.answers, took, phases, got.missing)
    return RunResult("ok", "", got.cells, got.answers, took, phases, got.missing)


@dataclass
class _Got:
    hello: bool = False
    missing: list[str] = field(default_factory=list)
    cells: list[dict] = field(default_factory=list)
    answers: dict[str, Any] = field(default_factory=dict)
    done: bool = False
    timed_out: bool = False
    problem: str = ""


def _receive(receive: Any, proc: Any, n_cells: int, limits: Limits) -> _Got:
    """Read the sandbox's messages until it ends, within its time and a bound on memory."""
    got = _Got()
    deadline = time.perf_counter() + limits.total_seconds
    budget = MAX_RESULT_BYTES
    while True:
        left = deadline - time.perf_counter()
        if left <= 0:
            got.timed_out = True
            return got
        try:
            if not receive.poll(min(left, 1.0)):
                if not proc.is_alive() and not receive.poll(0.2):
                    return got
                continue
            data = receive.recv_bytes(MAX_MESSAGE_BYTES)
            budget -= len(data)
            msg = json.loads(data) if budget >= 0 else None
        except EOFError:
            return got
        except (OSError, ValueError, RecursionError) as e:  # too long, or not JSON
            got.problem = f"its results could not be read ({type(e).__name__})"
            return got
        if budget < 0:
            got.problem = f"it sent back more than {MAX_RESULT_BYTES // 2**20} MB of results"
            return got
        if not isinstance(msg, dict):
            continue
        if not got.hello:
            got.hello = msg.get("hello") is True
            said = msg.get("missing")
            got.missing = [w for w in walls.WALLS if not isinstance(said, list) or w in said]
        elif "cell" in msg and len(got.cells) < n_cells:
            got.cells.append({k: msg.get(k) for k in ("cell", "status", "error")})
        elif isinstance(msg.get("answer"), str) and "value" in msg:
            if msg["answer"] in got.answers or len(got.answers) < MAX_ANSWERS:
                got.answers[msg["answer"]] = msg["value"]
        elif msg.get("done") is True:
            got.done = True


def _fork_server_pid() -> int | None:
    from multiprocessing import forkserver

    return getattr(forkserver._forkserver, "_forkserver_pid", None)  # type: ignore[attr-defined]


def _fork_server_lost(pid: int | None, grace: float = 0.0) -> bool:
    """Whether the fork server that started a sandbox has died since (or been replaced after
    dying, by another thread); without reaping it: multiprocessing does that.

    A sandbox that ended early is checked for ``grace`` seconds: a killed server can take a
    moment to become a zombie after its children have already been told it died.
    """
    deadline = time.perf_counter() + grace
    while True:
        if pid is None or _fork_server_pid() != pid:
            return pid is not None
        try:
            if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
                return True
        except ChildProcessError:
            return True
        if time.perf_counter() >= deadline:
            return False
        time.sleep(0.02)


def _remove(path: str) -> None:
    """Remove a fallback working folder: only one this user made (a sandbox cannot write it)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(st.st_mode) and st.st_uid == os.geteuid():
        shutil.rmtree(path, ignore_errors=True)


def _stop(proc: Any) -> None:
    """Stop the child and everything it started (its process group, its PID namespace)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.join(10)
