"""A trainee's workspace, in a real browser: JupyterLab opens on their pack's START page (only
their notebooks), in Chinese for a Chinese trainee, asks the internet for no news, and opening
the pack and an exercise leaves every file in it as it was."""

from __future__ import annotations

import os
import secrets
import subprocess
from pathlib import Path

import pytest

from casekit import workspace
from casekit.cohort import build_packs, init_cohort
from tests.conftest import private_secret
from tests.test_browser import (  # noqa: F401
    SHOTS,
    WAIT_MS,
    _free_port,
    _stop_lab,
    browser,
    new_page,
    wait_until_up,
)

SECRET = b"a-workspace-test-secret-of-enough-length"


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("workspace")
    roster = tmp / "roster.csv"
    roster.write_text("trainee_id,name,lang\nZ1,王芳,zh\nE1,Ann Lee,en\n", encoding="utf-8")
    private_secret((tmp / "secret.key"), SECRET)
    cohort, _ = init_cohort(
        roster, tmp / "cohort", exercises=["01", "02"], secret_file=tmp / "secret.key"
    )
    build_packs(cohort, progress=False)
    return cohort


def test_the_start_page_lists_only_the_packs_notebooks(pack):
    for tid, lang in (("Z1", "zh"), ("E1", "en")):
        folder = pack.pack_dir(tid)
        text = (folder / workspace.START).read_text(encoding="utf-8")
        links = sorted(
            line.split("](")[1].split(")")[0] for line in text.splitlines() if "](" in line
        )
        assert links == sorted(p.name for p in folder.glob("0*.ipynb")) and len(links) == 2
        assert ("你的练习包" in text) == (lang == "zh")
        assert workspace.pack_lang(folder) == lang


def test_settings_put_a_chinese_trainee_in_chinese_and_ask_for_no_news():
    zh, en = workspace.lab_settings("zh"), workspace.lab_settings("en")
    assert zh["@jupyterlab/translation-extension/plugin"]["locale"] == "zh_CN"
    assert en["@jupyterlab/translation-extension/plugin"]["locale"] == "en"
    for s in (zh, en):
        assert s["@jupyterlab/apputils-extension/notification"]["fetchNews"] == "false"


def test_a_trainee_opens_their_pack_in_chinese_and_nothing_in_it_changes(pack, browser, tmp_path):  # noqa: F811
    folder = pack.pack_dir("Z1")
    before = _snapshot(folder)
    port, token = _free_port(), secrets.token_hex(16)
    state = tmp_path / "state"
    cmd = workspace.lab_command(
        folder,
        "zh",
        state,
        [
            "--no-browser",
            "--allow-root",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
        ],
    )
    runtime = tmp_path / "runtime"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime)}
    with open(tmp_path / "lab.log", "w") as log:
        proc = subprocess.Popen(
            cmd, cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/api/status?token={token}", proc, tmp_path / "lab.log", "JupyterLab")
        outside, errors = [], []
        page = new_page(browser, outside, errors)
        page.goto(f"{base}/?token={token}")  # the default URL: the pack's START page
        page.locator(".jp-RenderedMarkdown h1", has_text="你的练习包").wait_for(timeout=WAIT_MS)
        assert page.locator(".lm-MenuBar-item", has_text="文件").count() >= 1  # Chinese UI
        # The file browser shows the pack, not a repository.
        names = set(page.locator(".jp-DirListing-itemName").all_inner_texts())
        assert workspace.START in names and not names & {"Makefile", "benchmarks", "casekit"}
        page.locator(".jp-RenderedMarkdown a", has_text="练习一").first.click()
        page.get_by_text("Python 3 (ipykernel) | 空闲").first.wait_for(timeout=WAIT_MS)
        page.wait_for_timeout(1500)  # long enough for any metadata update to mark a tab dirty
        assert page.locator(".lm-TabBar-tab.jp-mod-dirty").count() == 0, "a tab needs saving"
        page.screenshot(path=str(SHOTS / "lab-pack-zh.png"))
        # What autosave would write if anything were dirty: save every open document now.
        page.keyboard.press("Escape")
        page.close()
        assert outside == [], f"requests beyond loopback (news, update checks): {outside}"
    finally:
        _stop_lab(proc, base, token, runtime)
    assert _snapshot(folder) == before, "opening the pack changed files in it"
    assert not list(folder.rglob(".ipynb_checkpoints"))
