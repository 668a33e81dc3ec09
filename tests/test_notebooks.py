"""The case notebooks: built from one source in two languages, parameterised, and executable with
other parameters; their headline figures are asserted here (no outputs are committed)."""

from __future__ import annotations

import re
import warnings

import nbformat
import papermill as pm
import pytest

from casekit import casework, nbbuild
from tests.conftest import OTHER, ROOT

SOURCES = nbbuild.sources(ROOT / "notebooks" / "src")
BUILT = [(s, lang) for s in SOURCES for lang in nbbuild.LANGS]


def test_cases_in_reading_order():
    stems = [s.stem[:2] for s in SOURCES]
    # The six cases of the book, then the cases built on them (the sandbox last).
    assert stems[:8] == ["01", "02", "03", "04", "05", "06", "07", "08"] and stems == sorted(stems)
    assert stems[-1] == "10"


@pytest.mark.parametrize(("source", "lang"), BUILT, ids=[f"{s.stem}-{lang}" for s, lang in BUILT])
def test_built_notebook_matches_its_source(source, lang):
    path = nbbuild.target(source, lang, ROOT / "notebooks")
    assert path.read_text(encoding="utf-8") == nbbuild.build(source, lang), (
        f"{path} is stale: run `make notebooks`"
    )


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_languages_share_code_and_differ_in_prose(source):
    en = nbformat.reads(nbbuild.build(source, "en"), as_version=4)
    zh = nbformat.reads(nbbuild.build(source, "zh"), as_version=4)

    def code(nb: nbformat.NotebookNode) -> list[str]:
        return [
            c.source
            for c in nb.cells
            if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])
        ]

    assert code(en) == code(zh)
    md_en = [c.source for c in en.cells if c.cell_type == "markdown"]
    md_zh = [c.source for c in zh.cells if c.cell_type == "markdown"]
    assert len(md_en) == len(md_zh) >= 6

    def cjk_share(text: str) -> float:
        return len(re.findall(r"[\u4e00-\u9fff]", text)) / max(len(text), 1)

    # English prose may quote the book's Chinese terms; Chinese prose is Chinese.
    assert all(cjk_share(m) < 0.1 for m in md_en)
    assert all(cjk_share(m) > 0.2 for m in md_zh)
    for nb in (en, zh):
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize(("source", "lang"), BUILT, ids=[f"{s.stem}-{lang}" for s, lang in BUILT])
def test_parameters_are_documented_for_papermill(source, lang):
    path = nbbuild.target(source, lang, ROOT / "notebooks")
    params = pm.inspect_notebook(str(path))
    for name in ("seed", "scenario", "lang", "client_id"):
        assert name in params, name
        assert params[name]["help"], f"{name} has no help comment"
    assert params["lang"]["default"] == f'"{lang}"'


def test_chinese_labels_render_without_missing_glyphs(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from casekit import plotting

    assert plotting.setup("zh") in plotting.CHINESE_FONTS
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, ax = plt.subplots()
        ax.set_title("不良贷款率 · 中间业务收入 · 客户分层")
        ax.plot([1, 2], [3, -4])
        fig.savefig(tmp_path / "zh.png")
        plt.close(fig)


@pytest.fixture(scope="module")
def executed(executed_cases) -> dict[str, dict]:
    """Every case run in Chinese with another seed and scenario (see conftest)."""
    return {name: nb for name, (nb, _) in executed_cases.items()}


def test_cases_run_with_other_parameters(executed):
    assert set(executed) == {s.stem for s in SOURCES}
    for name, nb in executed.items():
        assert casework.read_record(nb), f"{name} recorded no key figures"
        assert nb["metadata"]["papermill"]["parameters"] == OTHER


def test_key_figures_with_other_parameters(executed):
    import casekit
    from casekit.evaluate import did_estimate

    book = casekit.generate_book(seed=7, scenario="city_commercial")
    r = {name: casework.read_record(nb) for name, nb in executed.items()}
    assert r["01_portfolio_360"]["clients"] == 2000
    assert 0 < r["01_portfolio_360"]["top10_share"] < 1
    needs = r["02_needs_analysis"]
    assert needs["precision"] > 0.8 and needs["recall"] > 0.6, needs
    assert min(needs[q] for q in ("do_now", "plan", "delegate", "monitor")) > 0, needs
    assert r["03_service_design"]["bottleneck"] == "reviewed"  # the city bank's bottleneck
    assert 0 < r["03_service_design"]["plan_score"] <= 1
    assert r["04_risk_warning"]["recall"] >= 0.5
    assert 1 < r["04_risk_warning"]["threshold"] < 15  # the cost optimum inside the grid
    assert r["04_risk_warning"]["recall_span"] > 0.3  # precision trades against recall
    assert r["03_service_design"]["breach_after"] < r["03_service_design"]["breach_rate"]
    assert r["01_portfolio_360"]["borderline"] in set(book.clients["client_id"])
    assert r["05_churn_value"]["auc"] > 0.5
    eff = r["06_effectiveness"]
    assert eff["did"] == pytest.approx(did_estimate(book, "deposits"), abs=1e-6)
    assert abs(eff["error"]) < 0.35 * eff["truth"]
    assert abs(eff["naive_gap"] - eff["truth"]) > abs(eff["error"])
    chain = r["07_supply_chain_prospects"]
    assert chain["prospects"] == len(book.tables["prospects"])
    assert chain["anchor"] in set(book.tables["payments"]["client_id"])
    assert chain["plan_value"] > 2 * chain["habit_value"] and chain["share_of_best"] > 0.15
    keep = r["08_keep_and_deepen"]
    assert keep["complaints"] == len(book.complaints)
    assert (
        0.9 <= keep["in_rule"] <= 1 and keep["callback_share"] > 0.6 and keep["callback_lift"] > 3
    )
    assert book.clients.set_index("client_id").loc[keep["agreement_client"], "tier"] in (
        "strategic",
        "key",
    )
    team = r["09_success_and_team"]
    assert team["teams"] == len(book.truth["team_truth"])
    assert team["success"] in set(book.tables["team_activities"]["client_id"])
    # On this bank the market rose under the teams: before/after overstates what they won.
    assert abs(team["uplift_matched"] - team["uplift_truth"]) < abs(
        team["uplift_naive"] - team["uplift_truth"]
    )


def test_rendered_html_shows_charts(executed_cases):
    html = executed_cases["01_portfolio_360"][1].read_text(encoding="utf-8")
    assert html.count("data:image/png;base64") >= 3
    assert "客户分层" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"client_id": "NOPE", "lang": "zh"}, "client_id 'NOPE' 不在本行数据中"),
        (
            {"client_id": "NOPE", "lang": "en"},
            "client_id 'NOPE' is not in this book; try one of C00001",
        ),
        ({"scenario": "moon_bank", "lang": "zh"}, "未知情景 'moon_bank'"),
        ({"lang": "fr"}, "unknown language 'fr'"),
    ],
)
def test_bad_parameters_get_a_message_in_the_notebooks_language(tmp_path, params, message):
    nb = nbbuild.target(SOURCES[0], "en", ROOT / "notebooks")
    with pytest.raises(pm.PapermillExecutionError) as err:
        nbbuild.run(nb, tmp_path, parameters=params, html=False)
    assert message in str(err.value)


def test_rendered_cases_are_titled_and_show_no_raw_records_or_widget_reprs(executed_cases):
    import re

    for name, (nb, page) in executed_cases.items():
        html = page.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", html).group(1)
        assert title not in ("", "Notebook") and title.startswith("案例"), (name, title)
        body = re.sub(r"<[^>]+>", " ", html.split("<body", 1)[1])
        for raw in ("casekit-key-figures", "VBox(", "IntSlider(", "Dropdown(", "children=("):
            assert raw not in body, (name, raw)
        assert casework.read_record(nb), f"{name}: the key figures travel in the metadata"


SMALLEST = {"bank_clients": 50, "seed": 11, "scenario": "rural", "lang": "en"}


def test_every_case_runs_on_the_smallest_bank_and_states_its_caveats(tmp_path):
    import json

    import casekit

    books = [nbbuild.target(s, "en", ROOT / "notebooks") for s in SOURCES]
    done = nbbuild.run_many(books, [tmp_path] * len(books), [SMALLEST] * len(books), progress=False)
    said = {}
    for source, path in zip(SOURCES, done, strict=True):
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert casework.read_record(nb), source.stem
        md = [
            out.get("data", {}).get("text/markdown", "")
            for cell in nb["cells"]
            for out in cell.get("outputs", [])
        ]
        said[source.stem] = " ".join("".join(m) if isinstance(m, list) else m for m in md)
        assert said[source.stem].strip(), f"{source.stem} rendered no sentence from its data"
    book = casekit.generate_book(clients=50, seed=11, scenario="rural")
    assert "say little" in said["01_portfolio_360"]  # ten clients are a fifth of this bank
    if int(book.outcomes["pilot"].sum()) < 30:
        assert "anecdote" in said["06_effectiveness"]  # no verdict on a handful of clients


def test_the_kernel_client_finds_a_waiting_reply_even_when_its_wakeup_was_lost():
    """Every run's client reads ZMQ_EVENTS each second: a lost wake-up costs a second, not
    the ten-minute cell timeout (the stall seen on widget cells of case 3)."""
    import asyncio
    from queue import Empty

    import zmq
    import zmq.asyncio
    from jupyter_client.session import Session

    manager = nbbuild.ipc_kernel_manager()()
    client = manager.client()
    channel_class = type(client).shell_channel_class.default_value
    assert client.shell_channel_class is channel_class
    assert type(client).iopub_channel_class.default_value is channel_class

    async def scenario() -> tuple[str, bool]:
        ctx = zmq.asyncio.Context()
        ours, kernel = ctx.socket(zmq.PAIR), ctx.socket(zmq.PAIR)
        kernel.bind("inproc://reply")
        ours.connect("inproc://reply")
        session = Session(key=b"k")
        channel = channel_class(ours, session)
        try:
            # Nothing arrives: the wait ends at its timeout, as nbclient expects.
            try:
                await channel.get_msg(timeout=0.3)
                empty = False
            except Empty:
                empty = True
            # A reply arrives while a poll is not listening for it at all: it is still read.
            real_poll = ours.poll

            async def deaf(timeout=None, flags=zmq.POLLIN):  # a poll that never wakes
                await asyncio.sleep((timeout or 0) / 1000)
                return 0

            ours.poll = deaf
            session.send(kernel, "execute_reply", {"status": "ok"})
            await asyncio.sleep(0.05)
            msg = await channel.get_msg(timeout=30)  # a deaf poll alone would wait it all out
            ours.poll = real_poll
            return msg["msg_type"], empty
        finally:
            ctx.destroy(0)

    kind, empty = asyncio.run(scenario())
    assert empty
    assert kind == "execute_reply"
