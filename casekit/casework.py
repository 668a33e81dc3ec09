"""What the case notebooks share: opening the bank for the notebook's parameters, checking them
in the notebook's language, a client's 360° view, and recording the key figures tests assert."""

from __future__ import annotations

import pandas as pd

from casekit.book import Book
from casekit.errors import BadParameter
from casekit.messages import check_lang, say

RECORD_MARK = "casekit-key-figures"


def open_book(seed: int, scenario: str, lang: str, clients: int = 2000) -> Book:
    """The bank a case notebook works on; bad parameters raise one clear message in ``lang``."""
    from casekit.loader import generate_book
    from casekit.scenarios import SCENARIOS

    check_lang(lang)
    if scenario not in SCENARIOS:
        names = ", ".join(SCENARIOS)
        raise BadParameter(
            f"未知情景 {scenario!r}：请从 {names} 中选择"
            if lang == "zh"
            else f"unknown scenario {scenario!r}: choose one of {names}"
        )
    from casekit.simulate import MAX_CLIENTS

    if (
        isinstance(clients, bool)
        or not isinstance(clients, int)
        or not 50 <= clients <= MAX_CLIENTS
    ):
        raise BadParameter(
            f"bank_clients={clients!r}：银行的客户数须为 50 到 {MAX_CLIENTS} 之间的整数，请改用如 2000"
            if lang == "zh"
            else f"bank_clients={clients!r}: the bank's size must be a whole number of clients "
            f"from 50 to {MAX_CLIENTS}; try 2000"
        )
    return generate_book(clients=clients, seed=int(seed), scenario=scenario)


def check_client(book: Book, client_id: str, lang: str) -> str:
    """``client_id`` if the book has it; otherwise a message with ids that do exist."""
    ids = book.clients["client_id"]
    if client_id not in set(ids):
        examples = ", ".join(ids.iloc[[0, 1, len(ids) // 2]])
        raise BadParameter(say("unknown_client_param", lang, client=client_id, examples=examples))
    return client_id


def client_360(book: Book, client_id: str) -> dict[str, pd.DataFrame]:
    """Everything the bank knows about one client: profile, group, holdings, flows, contacts, service."""
    c = book.clients
    profile = c[c["client_id"] == client_id].T.rename(columns=lambda _: "value")
    row = c.set_index("client_id").loc[client_id]
    group = c[c["group_id"] == row["group_id"]] if pd.notna(row["group_id"]) else c.iloc[0:0]
    months = book.panel[book.panel["client_id"] == client_id].set_index("month")
    return {
        "profile": profile,
        "group": group[
            ["client_id", "name_zh", "name_en", "industry", "size_class", "tier", "parent_id"]
        ],
        "holdings": book.holdings[book.holdings["client_id"] == client_id],
        "panel": months,
        "contacts": book.interactions[book.interactions["client_id"] == client_id],
        "service": book.service_requests[book.service_requests["client_id"] == client_id],
        "warnings": book.warnings[book.warnings["client_id"] == client_id],
        "outcome": book.outcomes[book.outcomes["client_id"] == client_id],
    }


def publish(mark: str, data: dict, text: str = "", html: str = "") -> None:
    """Show ``text`` (or ``html``) in the notebook, with ``data`` carried in the output's
    metadata under ``mark``: results travel with the notebook, never printed as raw JSON."""
    from IPython import get_ipython

    if get_ipython() is None:  # plain Python: nothing carries metadata, so only say it
        if text:
            print(text)
        return
    from IPython.display import publish_display_data

    bundle = {"text/plain": text}
    if html:
        bundle["text/html"] = html
    publish_display_data(bundle, metadata={mark: data})


def read_published(notebook: dict, mark: str) -> dict:
    """The data an executed notebook published under ``mark`` (see ``publish``), or {}."""
    for cell in notebook["cells"]:
        for out in cell.get("outputs", []):
            data = out.get("metadata", {}).get(mark)
            if isinstance(data, dict):
                return data
    return {}


def record(**figures: float | int | str) -> None:
    """Keep a notebook's key figures in its output metadata, so tests can assert them."""
    clean = {
        k: (round(float(v), 6) if isinstance(v, int | float) else v) for k, v in figures.items()
    }
    publish(RECORD_MARK, clean)


def read_record(notebook: dict) -> dict:
    """The key figures an executed notebook recorded (see ``record``)."""
    return read_published(notebook, RECORD_MARK)
