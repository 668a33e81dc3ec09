"""A cohort served on a real JupyterHub (deploy/jupyterhub_config.py) on loopback: two
trainees log in through the browser, each lands on their own pack's START page and sees only
their own pack, runs a cell, and everything started is stopped by its id."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casekit.cohort import build_packs, init_cohort
from tests.conftest import ROOT, private_secret
from tests.test_browser import (  # noqa: F401
    SHOTS,
    WAIT_MS,
    _cmdline,
    _free_port,
    browser,
    new_page,
    wait_until_up,
)

SECRET = b"a-jupyterhub-test-secret-of-enough-length"


def _needs(tool: str, how: str) -> str:
    path = shutil.which(tool, path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    if not path:
        pytest.fail(f"{tool} is not installed, so the JupyterHub test cannot run: {how}")
    return path


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    """JupyterHub with the deploy configuration, over a cohort of two trainees."""
    hub_bin = _needs("jupyterhub", "`make setup` installs it (the dev extra)")
    _needs(
        "configurable-http-proxy",
        "`make setup` installs it (npm install -g configurable-http-proxy)",
    )
    tmp = tmp_path_factory.mktemp("hub")
    roster = tmp / "roster.csv"
    roster.write_text("trainee_id,name,lang\nT1,王芳,zh\nT2,Ann Lee,en\n", encoding="utf-8")
    private_secret((tmp / "secret.key"), SECRET)
    cohort, _ = init_cohort(
        roster, tmp / "cohort", exercises=["01"], secret_file=tmp / "secret.key"
    )
    build_packs(cohort, progress=False)
    port, password = _free_port(), secrets.token_hex(8)
    env = {
        **os.environ,
        "CASEKIT_COHORT": str(cohort.root),
        "CASEKIT_HUB_IP": "127.0.0.1",
        "CASEKIT_HUB_PORT": str(port),
        "CASEKIT_HUB_STATE": str(tmp / "state"),
        "CASEKIT_HUB_API_PORT": str(_free_port()),
        "CASEKIT_PROXY_API_PORT": str(_free_port()),
        "CASEKIT_TEST_HOMES": str(tmp / "homes"),
        "CASEKIT_TEST_PASSWORD": password,
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    log = open(tmp / "hub.log", "w")  # closed below
    proc = subprocess.Popen(
        [hub_bin, "-f", str(ROOT / "deploy" / "jupyterhub_config.py")],
        cwd=tmp,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/hub/api", proc, tmp / "hub.log", "JupyterHub", seconds=90)
        yield base, password, cohort, tmp
    finally:
        _stop(proc, tmp)
        log.close()


def _ours(tmp: Path) -> list[int]:
    """Processes started for this hub: their command line names its folder."""
    return [int(p) for p in os.listdir("/proc") if p.isdigit() and str(tmp) in _cmdline(int(p))]


def _stop(proc: subprocess.Popen, tmp: Path) -> None:
    """SIGTERM the hub (it stops the trainees' servers and its proxy), then kill what is left."""
    spawned = _ours(tmp)
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)
    time.sleep(1)
    for pid in [p for p in spawned if _cmdline(p)]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    time.sleep(0.5)
    left = [p for p in spawned if _cmdline(p)]
    assert not left, f"processes still running after the hub test: {left}"


@pytest.mark.parametrize(
    ("user", "name", "other"), [("t1", "王芳", "Ann Lee"), ("t2", "Ann Lee", "王芳")]
)
def test_each_trainee_logs_in_to_their_own_pack_and_runs_a_cell(hub, browser, user, name, other):  # noqa: F811
    base, password, cohort, tmp = hub
    outside, errors = [], []
    page = new_page(browser, outside, errors)
    page.goto(f"{base}/hub/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", password)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url(f"**/user/{user}/lab/tree/START.md*", timeout=WAIT_MS)
    heading = page.locator(".jp-RenderedMarkdown h1").first
    heading.wait_for(timeout=WAIT_MS)
    assert name in heading.inner_text() and other not in heading.inner_text()
    names = set(page.locator(".jp-DirListing-itemName").all_inner_texts())
    assert names == {"START.md", "README.md", "01_portfolio_360.ipynb", "pack.json", "data"}, names
    # Their copy of their pack, in their home: the cohort folder (and its secret) stays the hub's.
    home = tmp / "homes" / user / "pack"
    assert (home / "01_portfolio_360.ipynb").read_bytes() == (
        cohort.pack_dir(user.upper()) / "01_portfolio_360.ipynb"
    ).read_bytes()
    page.locator(".jp-RenderedMarkdown td a").first.click()  # the pack's exercise 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    idle = "空闲" if user == "t1" else "Idle"  # the status bar, in the trainee's language
    page.get_by_text(f"Python 3 (ipykernel) | {idle}").first.wait_for(timeout=WAIT_MS)
    cell = page.locator(".jp-CodeCell").nth(1)  # the pack's parameters, as injected
    cell.locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")
    try:
        cell.locator(".jp-InputPrompt", has_text="[1]").wait_for(timeout=WAIT_MS)
    finally:
        page.screenshot(path=str(SHOTS / f"hub-{user}.png"))
    # Another trainee's server is not theirs to open.
    theirs = "t2" if user == "t1" else "t1"
    response = page.request.get(f"{base}/user/{theirs}/api/contents")
    assert response.status in (403, 404) or "/hub/" in response.url, response.status
    assert outside == [], f"requests beyond loopback: {outside}"
    page.close()


def test_the_hook_maps_hub_users_and_never_copies_over_a_trainees_work(tmp_path):
    from casekit.cohort.hub import place_pack, trainee_for

    roster = tmp_path / "roster.csv"
    roster.write_text("trainee_id,name,lang\nT1,王芳,zh\n", encoding="utf-8")
    private_secret((tmp_path / "secret.key"), SECRET)
    cohort, _ = init_cohort(
        roster, tmp_path / "c", exercises=["01"], secret_file=tmp_path / "secret.key"
    )
    build_packs(cohort, progress=False)
    assert trainee_for(cohort, "t1").trainee_id == "T1"
    assert trainee_for(cohort, "jupyter-t1").trainee_id == "T1"  # TLJH's user names
    assert trainee_for(cohort, "t2") is None
    home = tmp_path / "home"
    home.mkdir()
    pack = place_pack(cohort, "T1", home)
    mine = pack / "01_portfolio_360.ipynb"
    mine.write_text("the trainee's work", encoding="utf-8")
    assert place_pack(cohort, "T1", home) == pack
    assert mine.read_text(encoding="utf-8") == "the trainee's work"
    assert not (pack / "secret.key").exists() and not (home / "secret.key").exists()
