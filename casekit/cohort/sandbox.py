"""Running one submission's cells in a sandbox: a fresh process with limits, answers out as JSON.

Each submission runs in its own process, forked from a server that has already imported numpy,
pandas, matplotlib, IPython and casekit. The fork costs milliseconds instead of the seconds a
new kernel and its imports cost, and no trainee's state can reach another's: every child starts
from the same clean server and exits when its submission is done.

In the child: an IPython shell runs the cells one by one (magics and display work as in a
notebook), each with a time limit; the address space, the output written and the CPU time are
capped by the kernel (setrlimit). What leaves the child is JSON: one line per cell and, at the
end, the answers the exercise recorded. The grader parses that JSON in its own process and
checks it there, so nothing a cell does (patching casekit, pandas or numpy, exiting, printing
megabytes) can change how an answer is judged.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Modules every submission imports; the fork server imports them once.
PRELOAD = [
    # Loaded once in the fork server: a sandbox running as nobody may not be able to read
    # Python's own library (e.g. under /root), so what notebooks import must be loaded here.
    "collections",
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
ANSWERS_MARK = "casekit-answers"
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


DEFAULT_LIMITS = Limits()


@dataclass
class RunResult:
    """What happened when a submission ran."""

    status: str  # ok | timeout | crashed
    reason: str = ""
    cells: list[dict] = field(default_factory=list)  # per cell: index, status, error
    answers: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # where the time went


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
    """Raised in a cell that ran too long (a BaseException, so ``except Exception`` cannot
    swallow it)."""


def _vm_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _limit_child(limits: Limits) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails, not the process
    cap = int(limits.output_mb * 1024 * 1024)
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


_CLONE_NEWNS, _MS_RDONLY, _MS_REC, _MS_PRIVATE = 0x00020000, 0x1, 0x4000, 0x40000
_PR_SET_PDEATHSIG, _PR_SET_NO_NEW_PRIVS = 1, 38
NOBODY = 65534  # the user a submission runs as when the grader is root
MAX_RESULT_BYTES = 64 * 1024 * 1024  # the most a submission may send back


def _hide(libc: Any, folders: list[str]) -> bool:
    """Cover ``folders`` with empty read-only tmpfs mounts in this process's own mount namespace
    (needs root with CAP_SYS_ADMIN, as on the grading machine and in CI)."""
    if libc.unshare(_CLONE_NEWNS) != 0:
        return False
    if libc.mount(b"none", b"/", None, _MS_REC | _MS_PRIVATE, None) != 0:
        return False
    return all(
        libc.mount(b"tmpfs", f.encode(), b"tmpfs", _MS_RDONLY, b"size=4k") == 0 for f in folders
    )


def _isolate(folders: list[str], workdir: str) -> bool:
    """Hide the folders, then give up root for good, so no cell can lift the cover again."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    if os.geteuid() != 0:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)  # dies with its fork server
        return False
    hidden = _hide(libc, folders)
    os.chown(workdir, NOBODY, NOBODY)
    for entry in Path(workdir).rglob("*"):
        os.chown(entry, NOBODY, NOBODY, follow_symlinks=False)
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)
    libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)  # after setuid, which clears it
    return hidden and os.geteuid() == NOBODY


def _child(
    cells: list[str],
    answer_vars: dict[str, str],
    workdir: str,
    limits: Limits,
    hide: list[str],
    conn: Any,
) -> None:
    """Run the cells (in the sandboxed child); report through ``conn`` as they finish."""
    os.setsid()  # its own process group: whatever a cell starts is stopped with it
    os.chdir(workdir)
    out = os.open("output.txt", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(out, 1)
    os.dup2(out, 2)
    for name in ("HOME", "IPYTHONDIR", "MPLCONFIGDIR"):
        os.environ[name] = workdir  # nothing written to the grader's home
    _limit_child(limits)
    # Output beyond the cap is dropped; the file-size limit stops writes that bypass sys.stdout.
    sys.stdout = sys.stderr = _CappedText(1, int(limits.output_mb * 1024 * 1024) - 4096)
    os.environ["MPLBACKEND"] = "Agg"
    from IPython.core.interactiveshell import InteractiveShell

    # Bound before any cell runs: a cell that patches casekit.plain cannot change these.
    from casekit.plain import to_plain
    from casekit.questions import _Placeholder

    def plain(value: Any) -> Any:
        try:
            return _plain_json(to_plain(value))
        except BaseException:  # not a value (or a doctored one): named, not trusted
            return f"<{type(value).__name__} object>"

    def on_alarm(signum: int, frame: Any) -> None:
        raise CellTimeout(f"cell ran longer than {limits.cell_seconds:g} s")

    signal.signal(signal.SIGALRM, on_alarm)
    # The shell is made, and has run and failed a cell once, while Python's own library is
    # still readable: as nobody it may not be (e.g. a Python installed under /root).
    shell = InteractiveShell.instance()
    shell.run_cell("_ = 1\nraise ValueError('warm-up')", store_history=False, silent=True)
    isolated = _isolate(hide, workdir)
    if os.geteuid() != 0:  # per user: meaningful once the child runs as nobody
        resource.setrlimit(resource.RLIMIT_NPROC, (64, 64))
    # Sent before any cell runs, so a cell cannot forge it (the parent trusts only this one).
    conn.send_bytes(json.dumps({"isolated": isolated}).encode())
    for i, source in enumerate(cells):
        # Repeats each second after the first alarm: a bare `except:` cannot swallow it for good.
        signal.setitimer(signal.ITIMER_REAL, limits.cell_seconds, 1.0)
        try:
            result = shell.run_cell(source, store_history=False, silent=False)
            err = result.error_before_exec or result.error_in_exec
            status = "ok" if err is None else "error"
            reason = "" if err is None else f"{type(err).__name__}: {str(err)[:200]}"
            if isinstance(err, CellTimeout):
                status = "timeout"
        except CellTimeout as e:
            status, reason = "timeout", str(e)
        except BaseException as e:  # a cell must not end the run
            status, reason = "error", f"{type(e).__name__}: {str(e)[:200]}"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        conn.send_bytes(json.dumps({"cell": i, "status": status, "error": reason}).encode())
    answers: dict[str, Any] = {}
    try:
        # The answer each check last saw, read raw and made plain by this module's own code.
        log = getattr(shell.user_ns.get("ex"), "log", None) or {}
        answers = {str(k): plain(getattr(v, "answer", None)) for k, v in dict(log).items()}
    except BaseException:
        answers = {}
    # A question whose check cell was deleted still has its answer variable.
    for qid, var in answer_vars.items():
        value = shell.user_ns.get(var)
        if (
            answers.get(qid) is None
            and var in shell.user_ns
            and not isinstance(value, _Placeholder)
        ):
            answers[qid] = plain(value)
    conn.send_bytes(json.dumps({"answers": answers}, allow_nan=True).encode())
    conn.close()
    os._exit(0)


def run_cells(
    cells: list[str],
    answer_vars: dict[str, str],
    limits: Limits = DEFAULT_LIMITS,
    files: dict[str, Path] | None = None,
    hide: list[Path] | None = None,
) -> RunResult:
    """Run notebook cells in a fresh sandboxed process; never raises for what the cells do.

    ``files`` are copied into the process's working folder first (name → source folder), so a
    submission reads its trainee's data there; ``hide`` are folders its cells must not see (the
    cohort folder, the submissions). Results come back through a pipe, read with a size limit,
    never through files a cell could replace.
    """
    import shutil

    t0 = time.perf_counter()
    ctx = _context()
    covered = [str(Path(h).resolve()) for h in hide or []]
    cells_log: list[dict] = []
    isolated, answers, problem = False, None, ""
    with tempfile.TemporaryDirectory(prefix="casekit-run-") as tmp:
        for name, source in (files or {}).items():
            shutil.copytree(source, Path(tmp) / name)
        receive, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(cells, answer_vars, tmp, limits, covered, send))
        proc.start()
        send.close()
        started = time.perf_counter()
        deadline = started + limits.total_seconds
        first, timed_out = True, False
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                timed_out = True
                break
            try:
                if not receive.poll(min(left, 1.0)):
                    if not proc.is_alive() and not receive.poll(0.2):
                        break
                    continue
                msg = json.loads(receive.recv_bytes(MAX_RESULT_BYTES))
            except EOFError:
                break
            except (OSError, ValueError) as e:  # too long, or not JSON: nothing more is trusted
                problem = f"its results could not be read ({type(e).__name__})"
                break
            if not isinstance(msg, dict):
                continue
            if first:
                isolated, first = bool(msg.get("isolated")), False
            elif "cell" in msg and len(cells_log) < len(cells):
                cells_log.append({k: msg.get(k) for k in ("cell", "status", "error")})
            elif isinstance(msg.get("answers"), dict):
                answers = {str(k): v for k, v in msg["answers"].items()}
        _stop(proc)
        receive.close()
        ran = time.perf_counter() - started
    phases = {"start": started - t0, "run": ran, "hidden": float(isolated)}
    where = f"cell {len(cells_log) + 1}" if len(cells_log) < len(cells) else "after the last cell"
    took = time.perf_counter() - t0
    if timed_out:
        reason = f"stopped after {limits.total_seconds:g} s in {where}"
        return RunResult("timeout", reason, cells_log, {}, took, phases)
    if problem or answers is None:
        code = proc.exitcode
        how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        reason = problem or f"the notebook's process ended ({how}) in {where}"
        return RunResult("crashed", reason, cells_log, {}, took, phases)
    return RunResult("ok", "", cells_log, answers, took, phases)


def _stop(proc: Any) -> None:
    """Stop the child and everything it started (its process group), by id."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.join(10)
