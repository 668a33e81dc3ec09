"""The walls around one sandbox, built with the kernel's namespaces in the sandbox's own process.

A sandbox gets, where the machine allows it:

- ``user``: a user id of its own (2,000,000,000 + the host pid of its first process), so no two
  sandboxes can signal, trace or read each other, and it can read only what others may read;
- ``pid``: its own PID namespace, in which it is process 1: when it ends, everything it started
  ends with it, and it sees no other process;
- ``network``: its own network namespace, with no interface but a loopback that is down (no
  network at all, so no service listening on the host's loopback either);
- ``mounts``: its own mount namespace: the whole tree read-only, a private size-capped /tmp
  (its working folder) and /dev/shm, the cohort and submissions folders covered by empty
  read-only mounts, the trainer's other files (roster, secret file) covered by /dev/null.

Its environment is emptied and no descriptor of the grader's stays open in it. Root acts only
on paths no sandbox can reach: the working folder is a fresh tmpfs in a mount namespace no
other process shares, filled before any of the submission's code runs; nothing is chowned,
walked or deleted after that (the tmpfs goes when the namespace does).

Without root, the same is tried through a user namespace (then ``user`` is missing: the cells
run as the trainer's own user id); what could not be built is returned, and recorded in the
grade, wall by wall.
"""

from __future__ import annotations

import ctypes
import os
import resource
import shutil
import signal
import sys
from dataclasses import dataclass
from typing import Any

WALLS = ("user", "pid", "network", "mounts")
DESCRIBED = {
    "user": "a user id of its own",
    "pid": "its own process space",
    "network": "no network",
    "mounts": "hidden cohort files and a private /tmp",
}
UID_BASE = 2_000_000_000  # far above any login or subordinate id range
WORKDIR = "/tmp/work"
_NEWNS, _NEWIPC, _NEWUSER, _NEWPID, _NEWNET = (
    0x00020000,
    0x08000000,
    0x10000000,
    0x20000000,
    0x40000000,
)
_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_NOEXEC = 0x1, 0x2, 0x4, 0x8
_MS_BIND, _MS_REC, _MS_PRIVATE, _MS_REMOUNT = 0x1000, 0x4000, 0x40000, 0x20
_PR_SET_PDEATHSIG, _PR_SET_NO_NEW_PRIVS = 1, 38
_SYS_MOUNT_SETATTR, _AT_RECURSIVE, _ATTR_RDONLY = 442, 0x8000, 0x1  # x86_64 and arm64
_LIBC: Any = None


@dataclass
class Plan:
    """What the walls hold for one sandbox: files to copy in, paths to cover, the caps."""

    files: dict[str, str]  # name in the working folder -> source folder
    hide: list[str]  # folders and files the sandbox must not see
    want: tuple[str, ...] = WALLS
    disk_mb: int = 256  # the private /tmp, working folder included
    fallback_dir: str = ""  # made (by the sandbox, not writable by its cells) only without mounts


def _libc() -> Any:
    global _LIBC
    if _LIBC is None:
        _LIBC = ctypes.CDLL(None, use_errno=True)
    return _LIBC


def _mount(src: str, target: str, fstype: str | None, flags: int, data: str = "") -> bool:
    enc = [None if s is None else s.encode() for s in (src, target, fstype, data or None)]
    return _libc().mount(enc[0], enc[1], enc[2], flags, enc[3]) == 0


def _unshare(want: tuple[str, ...]) -> set[str]:
    """Enter new namespaces for the walls wanted; returns the walls that have one."""
    libc = _libc()
    flags = {"pid": _NEWPID, "network": _NEWNET, "mounts": _NEWNS | _NEWIPC}
    chosen = [w for w in ("pid", "network", "mounts") if w in want]
    if os.geteuid() != 0:
        uid, gid = os.geteuid(), os.getegid()
        if libc.unshare(_NEWUSER) != 0:
            return set()
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"0 {uid} 1")
        _write("/proc/self/gid_map", f"0 {gid} 1")
    together = 0
    for w in chosen:
        together |= flags[w]
    if together and libc.unshare(together) == 0:
        return set(chosen)
    return {w for w in chosen if libc.unshare(flags[w]) == 0}  # one by one: what the kernel allows


def _write(path: str, text: str) -> None:
    fd = os.open(path, os.O_WRONLY)  # bytes, no codec: the library may be unreadable by now
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


@dataclass
class Entered:
    """A sandbox inside its namespaces, still privileged: what ``seal`` needs to finish."""

    have: set[str]
    uid: int
    root: bool
    workdir: str


def enter(plan: Plan) -> Entered:
    """Enter the namespaces and fill the working folder (the sandbox's first code, before any
    cell; the process is still privileged and in the working folder when it returns). Forks
    into the PID namespace: only the sandbox's first process returns; its parent waits for it
    and exits as it did."""
    root = os.geteuid() == 0
    _libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)  # dies with its fork server
    uid = UID_BASE + os.getpid()  # a host pid is unique among live processes, so is this id
    have = _unshare(plan.want)
    sources = {name: os.open(src, os.O_RDONLY | os.O_DIRECTORY) for name, src in plan.files.items()}
    if "pid" in have:
        _become_init()
    if "mounts" in have and not _private_tree(plan, sources):
        have.discard("mounts")
    workdir = WORKDIR if "mounts" in have else plan.fallback_dir
    if "mounts" not in have:
        # Made here (fails if anything is already there), owned by the grader's user and not
        # writable by a sandbox with its own user id: the grader may remove it afterwards.
        os.mkdir(workdir, 0o755)
        for name, fd in sources.items():
            _copy_in(fd, os.path.join(workdir, name))
    for fd in sources.values():
        os.close(fd)
    if root and "mounts" in have:
        try:
            os.chown(workdir, uid, uid)  # one folder, on a tmpfs no other process can reach
        except PermissionError:
            pass
    os.chdir(workdir)
    return Entered(have, uid, root, workdir)


def seal(entered: Entered, keep_fds: set[int]) -> list[str]:
    """Close the grader's descriptors, set the per-sandbox limits and give up every privilege;
    returns the walls missing."""
    close_descriptors(keep_fds)
    _drop(entered.root, entered.uid, entered.have)
    _limit_processes(entered.have)  # lowering limits needs no privilege
    return [w for w in WALLS if w not in entered.have]


def _become_init() -> None:
    """Fork into the new PID namespace; the parent waits and leaves as its child did."""
    pid = os.fork()
    if pid == 0:
        _libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        return
    os.closerange(3, _max_fd())  # the waiting parent holds nothing the child needs
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1)


def _max_fd() -> int:
    return min(resource.getrlimit(resource.RLIMIT_NOFILE)[0], 65536)


def _private_tree(plan: Plan, sources: dict[str, int]) -> bool:
    """Everything read-only, a private /tmp and /dev/shm, the bank copied in, the rest covered."""
    if not _mount("none", "/", None, _MS_REC | _MS_PRIVATE):
        return False
    ro = ctypes.c_uint64 * 4  # struct mount_attr: attr_set, attr_clr, propagation, userns_fd
    attr = ro(_ATTR_RDONLY, 0, 0, 0)
    everything_ro = (
        _libc().syscall(_SYS_MOUNT_SETATTR, -100, b"/", _AT_RECURSIVE, ctypes.byref(attr), 32) == 0
    )
    size = f"size={plan.disk_mb}m,nr_inodes=16384,mode=0755"
    # Python and casekit may live under /tmp (a checkout or venv there): keep a handle on them
    # before the private /tmp covers them, and bind them back read-only afterwards.
    keep = {p: os.open(p, os.O_PATH | os.O_DIRECTORY) for p in runtime_under("/tmp")}
    tmp_ok = _mount("tmpfs", "/tmp", "tmpfs", _MS_NOSUID | _MS_NODEV, size)
    for path, fd in keep.items():
        if tmp_ok:
            os.makedirs(path, 0o755, exist_ok=True)
            tmp_ok = _mount(f"/proc/self/fd/{fd}", path, None, _MS_BIND | _MS_REC) and _mount(
                "none", path, None, _MS_BIND | _MS_REMOUNT | _MS_RDONLY | _MS_NOSUID | _MS_NODEV
            )
        os.close(fd)
    shm_ok = _mount("tmpfs", "/dev/shm", "tmpfs", _MS_NOSUID | _MS_NODEV, "size=64m,mode=1777")
    if not everything_ro:  # an older kernel: at least the other world-writable folder
        _mount("tmpfs", "/var/tmp", "tmpfs", _MS_NOSUID | _MS_NODEV, "size=1m,mode=0755")
    if not (tmp_ok and shm_ok):
        return False
    os.mkdir(WORKDIR, 0o700)
    for name, fd in sources.items():
        _copy_in(fd, os.path.join(WORKDIR, name))
    covered = True
    for path in plan.hide:
        if os.path.isdir(path):
            covered &= _mount("tmpfs", path, "tmpfs", _MS_RDONLY, "size=4k")
        elif os.path.lexists(path):
            covered &= _mount("/dev/null", path, None, _MS_BIND)
    flags = _MS_NOSUID | _MS_NODEV | _MS_NOEXEC
    _mount("proc", "/proc", "proc", flags)  # this namespace's processes only (needs the PID wall)
    return covered


def runtime_under(folder: str) -> list[str]:
    """The folders of Python and casekit (prefixes, import paths) that lie under ``folder``."""
    import casekit

    candidates = {sys.prefix, sys.exec_prefix, sys.base_prefix, os.path.dirname(casekit.__file__)}
    # Installed packages only: a checkout on sys.path (a test runner's root) is not brought in.
    candidates |= {p for p in sys.path if p.endswith(("site-packages", "dist-packages"))}
    top = os.path.realpath(folder) + os.sep
    inside = sorted(
        {os.path.realpath(p) for p in candidates if os.path.realpath(p).startswith(top)}
    )
    # The outermost of nested folders is enough.
    return [
        p for i, p in enumerate(inside) if not any(p.startswith(q + os.sep) for q in inside[:i])
    ]


def _copy_in(fd: int, dest: str) -> None:
    """Copy a folder in, readable by the sandbox (the cohort's own copies are the trainer's
    only); done in a folder no other process can write, before any of the sandbox's code."""
    shutil.copytree(f"/proc/self/fd/{fd}", dest, copy_function=shutil.copyfile)
    for top, _dirs, names in os.walk(dest):
        os.chmod(top, 0o755)
        for n in names:
            os.chmod(os.path.join(top, n), 0o644)


def _limit_processes(have: set[str]) -> None:
    """Per sandbox: processes count per user id, so only with a user id of its own."""
    if "user" in have:
        resource.setrlimit(resource.RLIMIT_NPROC, (64, 64))
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _drop(root: bool, uid: int, have: set[str]) -> None:
    """Give up every privilege for good, so no cell can lift a cover or leave the walls."""
    libc = _libc()
    if root:
        try:
            os.setgroups([])
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
            have.add("user")
        except PermissionError:  # root without the capability: it stays, and the grade says so
            pass
    elif have and libc.unshare(_NEWUSER) == 0:
        # Root of its own user namespace, which owns the mounts: a nested one owns nothing.
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", "0 0 1")
        _write("/proc/self/gid_map", "0 0 1")
    libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)  # after setuid, which clears it


def scrub_environment(keep: dict[str, str]) -> None:
    """Empty the environment, and the memory the process was started with, keeping ``keep``
    (the grader's shell may carry credentials; a cell can read its own memory)."""
    import posix

    for store in (os.environ._data, posix.environ):  # type: ignore[attr-defined]
        for value in list(store.values()):
            _wipe(value)
    os.environ.clear()
    posix.environ.clear()
    try:
        with open("/proc/self/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        start, end = int(fields[47]), int(fields[48])  # env_start, env_end (fields 50, 51)
        if 0 < start < end:
            ctypes.memset(start, 0, end - start)
    except (OSError, ValueError, IndexError):
        pass
    os.environ.update(keep)


def _wipe(value: Any) -> None:
    """Overwrite a bytes object's contents in place (single bytes are shared; left alone)."""
    if isinstance(value, bytes) and len(value) > 1:
        ctypes.memset(id(value) + sys.getsizeof(b"") - 1, 0, len(value))


def close_descriptors(keep: set[int]) -> None:
    """Close every descriptor but ``keep`` (the fork server's ``alive`` end, the resource
    tracker's pipe: one write to either harms the grader)."""
    low = 3
    for fd in sorted(keep | {_max_fd()}):
        os.closerange(low, fd)
        low = fd + 1
    # Forget them where they are known (no import: the library may be unreadable by now).
    server = sys.modules.get("multiprocessing.forkserver")
    tracker = sys.modules.get("multiprocessing.resource_tracker")
    if server is not None:
        server._forkserver._forkserver_alive_fd = None  # type: ignore[attr-defined]
    if tracker is not None:
        tracker._resource_tracker._fd = None  # type: ignore[attr-defined]
