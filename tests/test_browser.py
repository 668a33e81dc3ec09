"""What trainees and trainers see, in a real browser: an exercise in JupyterLab (the widget, the
Chinese chart, the check feedback), the cohort report and a feedback page opened from disk, and
the rendered HTML of the cases.

Chromium is Debian's (`make setup` installs it), driven by Playwright; JupyterLab runs on
loopback with its own port and token. Requests to anything but loopback or local files are
blocked and recorded, every wait has a timeout, and every process started is stopped by its id.
Screenshots go to build/screenshots/.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

SHOTS = ROOT / "build" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WAIT_MS = 90_000


def chromium() -> str:
    """Debian's Chromium, or a failure that says how to get it (never a silent skip)."""
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    pytest.fail(
        "Chromium is not installed, so the browser tests cannot run: `make setup` installs "
        "Debian's chromium (apt-get install chromium) before the tests"
    )


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module, with a log of blocked outside requests."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS, timeout=WAIT_MS)
        try:
            yield b
        finally:
            b.close()


def _local(url: str) -> bool:
    return url.startswith(
        ("file://", "data:", "blob:", "http://127.0.0.1", "ws://127.0.0.1", "about:")
    )


def new_page(browser, outside: list[str], errors: list[str]):
    """A page that refuses anything beyond loopback and local files, and keeps console errors."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(WAIT_MS)

    def route(r):
        if _local(r.request.url):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page


def wait_until_up(
    url: str, proc: subprocess.Popen, log: Path, what: str, seconds: int = 60
) -> None:
    """Poll ``url`` until the server answers; fail with the end of its log if it dies or stalls."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                pytest.fail(f"{what} did not start: {log.read_text()[-3000:]}")
            time.sleep(0.3)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on loopback over a folder holding a copy of the Chinese exercise 1, with a
    right answer in Q1 and a wrong one in Q3 (the repository's notebooks are never touched)."""
    import casekit

    root = tmp_path_factory.mktemp("lab")
    nb = json.loads(
        (ROOT / "exercises" / "zh" / "01_portfolio_360.ipynb").read_text(encoding="utf-8")
    )
    key = int((casekit.generate_book().clients["tier"] == "key").sum())
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        src = src.replace("key_count = ____", f"key_count = {key}").replace(
            "top20 = ____", "top20 = 0.99"
        )
        cell["source"] = src
    (root / "exercise.ipynb").write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    # Render every cell (not only those in view) and ask for no news from the internet.
    for plugin, setting in (
        ("notebook-extension/tracker", {"windowingMode": "none"}),
        ("apputils-extension/notification", {"fetchNews": "false", "checkForUpdates": False}),
    ):
        path = root / ".settings" / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(setting), encoding="utf-8")
    port, token = _free_port(), secrets.token_hex(16)
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--allow-root",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={root / '.settings'}",
        f"--LabApp.workspaces_dir={root / '.ws'}",
        "--LabServerApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    runtime = root / ".runtime"  # kernels' connection files: how this lab's kernels are found
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime)}
    log = open(root / "lab.log", "w")  # closed below
    proc = subprocess.Popen(
        cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/api/status?token={token}", proc, root / "lab.log", "JupyterLab")
        yield base, token
    finally:
        _stop_lab(proc, base, token, runtime)
        log.close()


def _stop_lab(proc: subprocess.Popen, base: str, token: str, runtime: Path) -> None:
    """Stop the server and every kernel it started, by their process ids."""
    kernels = [
        int(pid)
        for pid in os.listdir("/proc")
        if pid.isdigit() and _cmdline(int(pid)).find(str(runtime)) >= 0
    ]
    try:  # a clean shutdown first: the server stops its kernels itself
        req = urllib.request.Request(f"{base}/api/shutdown?token={token}", method="POST")
        urllib.request.urlopen(req, timeout=5)
        proc.wait(20)
    except (OSError, subprocess.TimeoutExpired):
        pass
    for pid in (proc.pid, *kernels):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait(10)
    left = [pid for pid in kernels if _cmdline(pid)]
    assert not left, f"kernels still running after the test: {left}"


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def test_a_trainee_runs_an_exercise_in_jupyterlab(browser, lab):
    base, token = lab
    outside, errors = [], []
    page = new_page(browser, outside, errors)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{base}/lab/tree/exercise.ipynb?token={token}")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for()
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=WAIT_MS)
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.locator(".lm-Menu-item", has_text="Run All Cells").first.click()
    page.get_by_text("目前自动评分得分").wait_for(timeout=WAIT_MS)

    # The widget: rendered, and it answers a change.
    select = page.locator(".widget-dropdown select").first
    select.wait_for()
    card = page.locator(".jp-OutputArea-output", has_text="万元").first
    first = card.inner_text()
    options = select.locator("option").all_inner_texts()
    select.select_option(options[3])
    page.wait_for_function(
        "([t]) => [...document.querySelectorAll('.jp-OutputArea-output')].some(e => e.innerText.startsWith(t))",
        arg=[options[3]],
    )
    assert options[3] in card.inner_text() and card.inner_text() != first
    page.locator(".widget-vbox").first.screenshot(path=str(SHOTS / "lab-widget.png"))

    # The chart: drawn (an image with pixels), with the WenQuanYi font so the 中文 shows.
    chart = page.locator(".jp-OutputArea-output img").first
    chart.scroll_into_view_if_needed()
    assert chart.evaluate("img => img.naturalWidth") > 300
    chart.screenshot(path=str(SHOTS / "lab-chart-zh.png"))
    assert "Glyph" not in page.locator(".jp-Notebook").inner_text()

    # The checks: a right answer and a wrong one, as the trainee reads them.
    right = page.locator(".jp-OutputArea-output", has_text="正确。").first
    wrong = page.locator(".jp-OutputArea-output", has_text="还不对").first
    right.scroll_into_view_if_needed()
    right.screenshot(path=str(SHOTS / "lab-feedback-right.png"))
    wrong.scroll_into_view_if_needed()
    assert "偏高" in wrong.inner_text()
    wrong.screenshot(path=str(SHOTS / "lab-feedback-wrong.png"))
    page.screenshot(path=str(SHOTS / "lab-exercise-zh.png"))
    assert outside == [], f"requests beyond loopback: {outside}"
    page.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The sample cohort, graded and reported."""
    from casekit.cohort import build_packs, grade_cohort, init_cohort, write_report

    tmp = tmp_path_factory.mktemp("report")
    sample = ROOT / "cohorts" / "sample"
    secret = tmp / "secret.key"  # a private copy: init refuses a secret others can read
    secret.write_bytes((sample / "secret.key").read_bytes())
    secret.chmod(0o600)
    cohort, _ = init_cohort(
        sample / "roster.csv",
        tmp / "cohort",
        exercises=["01"],
        secret_file=secret,
        cohort_id="sample",
    )
    build_packs(cohort, progress=False)
    grade_cohort(cohort.root, sample / "submissions", progress=False)
    return write_report(cohort)


def test_the_trainer_reads_the_cohort_report_from_disk(browser, report):
    outside, errors = [], []
    page = new_page(browser, outside, errors)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(report.as_uri())
    widths = page.eval_on_selector_all("img", "els => els.map(e => e.naturalWidth)")
    assert len(widths) >= 3 and min(widths) > 300, widths
    page.screenshot(path=str(SHOTS / "cohort-report.png"), full_page=True)
    links = page.eval_on_selector_all(
        "a[href^='trainees/']", "els => els.map(e => e.getAttribute('href'))"
    )
    assert len(links) == 7
    page.click("a[href='trainees/T03.html']")
    page.wait_for_url("**/trainees/T03.html")
    assert "反馈" in page.title() and "还不对" in page.inner_text("body")
    page.screenshot(path=str(SHOTS / "feedback-T03.png"), full_page=True)
    page.click("text=学员总报告")
    page.wait_for_url("**/index.html")
    for href in links:  # every feedback page opens
        page.goto((report.parent / href).as_uri())
        assert page.locator("h1").inner_text()
    assert errors == [] and outside == [], (errors, outside)
    page.close()


def test_the_rendered_cases_show_their_charts_and_tables(browser, executed_cases):
    outside, errors = [], []
    page = new_page(browser, outside, errors)
    for name, (_, html) in executed_cases.items():
        page.goto(html.as_uri())
        widths = page.eval_on_selector_all(
            ".jp-OutputArea-output img", "els => els.map(e => e.naturalWidth)"
        )
        tables = page.locator(".jp-OutputArea-output table").count()
        assert widths and min(widths) > 200, (name, widths)
        assert tables >= 1, name
        if name.startswith("01"):
            page.screenshot(path=str(SHOTS / "case-01-zh.png"), full_page=True)
    assert outside == [], outside
    page.close()
