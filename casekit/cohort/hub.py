"""Serving a cohort on JupyterHub: each trainee's server opens on their own pack.

JupyterHub calls :func:`pre_spawn` before it starts a trainee's server (``deploy/`` wires it
in). The trainee's pack is copied from the cohort folder into their home the first time (the
cohort folder holds the secret: trainees never see it), and their server starts in that copy at
its START page, in their language, with no news, JupyterLab's state kept outside the pack.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from casekit.cohort.config import Cohort, open_cohort

PACK_DIR = "pack"  # the folder in a trainee's home that holds their copy of the pack


def trainee_for(cohort: Cohort, username: str) -> Any:
    """The roster entry of a hub user (JupyterHub lower-cases names; TLJH adds "jupyter-")."""
    name = username.removeprefix("jupyter-").lower()
    for t in cohort.trainees:
        if t.trainee_id.lower() == name:
            return t
    return None


def allowed_users(cohort_root: str | Path) -> set[str]:
    """The hub user names of the cohort's trainees (JupyterHub's allowed_users)."""
    return {t.trainee_id.lower() for t in open_cohort(cohort_root).trainees}


def place_pack(cohort: Cohort, trainee_id: str, home: Path, uid: int = -1, gid: int = -1) -> Path:
    """Copy a trainee's pack into their home once (never over their work); returns the copy."""
    target = home / PACK_DIR
    if not target.exists():
        tmp = home / f".{PACK_DIR}.copying"
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(cohort.pack_dir(trainee_id), tmp)
        if uid >= 0:  # the hub runs as root and the trainee's server as the trainee
            for p in [tmp, *tmp.rglob("*")]:
                os.chown(p, uid, gid)
        tmp.rename(target)
    return target


def pre_spawn(spawner: Any, cohort_root: str | Path) -> None:
    """JupyterHub's pre_spawn_hook: place the pack, and start the server in it at START."""
    from casekit.workspace import START, write_settings

    cohort = open_cohort(cohort_root)
    trainee = trainee_for(cohort, spawner.user.name)
    if trainee is None:
        raise ValueError(f"{spawner.user.name} is not a trainee of the cohort in {cohort_root}")
    home = Path(getattr(spawner, "home_dir", "") or os.path.expanduser(f"~{spawner.user.name}"))
    uid = gid = -1
    if os.geteuid() == 0 and not getattr(spawner, "home_dir", ""):
        import pwd

        entry = pwd.getpwnam(spawner.user.name)
        uid, gid = entry.pw_uid, entry.pw_gid
    pack = place_pack(cohort, trainee.trainee_id, home, uid, gid)
    state = home / ".casekit-lab"
    write_settings(state / "settings", trainee.lang)
    if uid >= 0:
        for p in [state, *state.rglob("*")]:
            os.chown(p, uid, gid)
    spawner.notebook_dir = str(pack)
    spawner.default_url = f"/lab/tree/{START}"
    spawner.args = [
        *[a for a in spawner.args if not a.startswith(("--LabApp.", "--FileCheckpoints."))],
        f"--LabApp.user_settings_dir={state / 'settings'}",
        f"--LabApp.workspaces_dir={state / 'workspaces'}",
        f"--FileCheckpoints.checkpoint_dir={state / 'checkpoints'}",
        "--LabServerApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
