"""Call notes read like a bank's: varied, dated in season, and never against the client's data.

Each test is one finding of the audit of generated banks (about 120 distinct texts a book, a
fifth repeating the client's own earlier note, festival visits out of season, "约两千人" for a
firm of 269, post-loan checks for clients that never borrowed), checked on the notes a trainee
reads, against the tables a trainee has.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

import casekit
from casekit import catalog as cat
from casekit.scenarios import SCENARIOS

_ZH_NUM = {c: i for i, c in enumerate("零一二三四五六七八九十")}
# The lunar festivals of the default book's years, as the published calendar gives them.
FESTIVAL_DAYS = {
    "中秋": ("2023-09-29", "2024-09-17", "2025-10-06"),
    "端午": ("2023-06-22", "2024-06-10", "2025-05-31"),
    "春节": ("2023-01-22", "2024-02-10", "2025-01-29", "2026-02-17"),
}
CREDIT = {p.code for p in cat.PRODUCTS if p.family == "credit"}


def _amount(text: str) -> float:
    """'3.2亿元' or '4500万元' in 万元."""
    value, unit = re.fullmatch(r"([\d.]+)(亿|万)元", text).groups()
    return float(value) * (10000 if unit == "亿" else 1)


def contradictions(book: casekit.Book, notes: pd.DataFrame | None = None) -> list[tuple]:
    """(client, note, what) for every note stating a fact the client's own data contradicts."""
    notes = book.interactions if notes is None else notes
    c = book.clients.set_index("client_id")
    subs = c["parent_id"].value_counts()
    # What a client held when the note was written (a team may open a product later).
    h = book.holdings
    held: dict[str, list] = {}
    for client, product, start in zip(h["client_id"], h["product"], h["start_month"], strict=True):
        held.setdefault(client, []).append((product, start))
    fx = book.panel.groupby("client_id")[["fx_inflow", "fx_outflow"]].sum().sum(axis=1)
    out = []
    when = notes["date"].dt.strftime("%Y-%m")
    for client, note, month in zip(notes["client_id"], notes["note_zh"], when, strict=True):
        row = c.loc[client]
        products = {p for p, start in held.get(client, ()) if start <= month}
        for m in re.finditer(r"员工(?:只有)?约(\d+)人", note):
            if abs(int(m.group(1)) - row["staff"]) > 0.1 * row["staff"] + 1:
                out.append((client, note, "staff"))
        for m in re.finditer(r"([一二三四五六七八九十]|\d+)家子公司", note):
            stated = _ZH_NUM.get(m.group(1)) or int(m.group(1))
            if stated != subs.get(client, 0):
                out.append((client, note, "subsidiaries"))
        if "没有子公司" in note and (subs.get(client, 0) or pd.notna(row["group_id"])):
            out.append((client, note, "no subsidiaries"))
        if re.search(r"贷后|利息扣款|展期|借新还旧", note) and not products & CREDIT:
            out.append((client, note, "loan of a client that never borrowed"))
        loan_note = re.search(r"贷后|利息扣款|展期", note)
        for p in CREDIT:
            if loan_note and cat.label("product", p, "zh") in note and p not in products:
                out.append((client, note, f"names a {p} it does not hold"))
        if re.search(r"申请一笔流动资金贷款", note) and products & CREDIT:
            out.append((client, note, "asks for a first loan but borrows already"))
        for m in re.finditer(r"年营收约([\d.]+(?:亿|万)元)", note):
            if abs(_amount(m.group(1)) - row["revenue"]) > 0.1 * row["revenue"]:
                out.append((client, note, "revenue"))
        for m in re.finditer(r"账期约(\d+)天", note):
            if abs(int(m.group(1)) - row["receivable_days"]) > 3:
                out.append((client, note, "receivable days"))
        for m in re.finditer(r"最大客户约占销售的(\d+)%", note):
            if abs(int(m.group(1)) / 100 - row["top_buyer_share"]) > 0.03:
                out.append((client, note, "top buyer"))
        if re.search(r"出口约占销售|外汇收付约占", note) and fx.get(client, 0) <= 0:
            out.append((client, note, "foreign trade of a client with no FX flows"))
        if re.search(r"不涉及外汇", note) and fx.get(client, 0) > 0:
            out.append((client, note, "no FX, yet FX flows"))
    return out


def test_the_checker_catches_a_note_against_the_data(book):
    # Known-wrong notes: the audit's own examples, written for a real client of the book.
    c = book.clients
    small = c[(c["staff"] < 300) & c["parent_id"].isna() & c["group_id"].isna()].iloc[0]
    lender = set(book.holdings.loc[book.holdings["product"].isin(CREDIT), "client_id"])
    never = c[~c["client_id"].isin(lender)].iloc[0]
    wrong = pd.DataFrame(
        {
            "client_id": [small["client_id"], small["client_id"], never["client_id"]],
            "note_zh": [
                "老板表示公司员工约2000人，工资目前在他行代发。",
                "集团旗下十家子公司分别在多家银行开户。",
                "按要求完成贷后例行检查，经营正常。",
            ],
            "date": pd.to_datetime([book.interactions["date"].max()] * 3),
        }
    )
    found = {what for _, _, what in contradictions(book, wrong)}
    assert found == {"staff", "subsidiaries", "loan of a client that never borrowed"}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_no_note_states_a_fact_the_data_contradicts(scenario, book):
    b = book if scenario == "national_branch" else casekit.generate_book(scenario=scenario)
    bad = contradictions(b)
    assert not bad, bad[:5]
    # ... and notes do state facts: headcounts, subsidiaries, dated plans, amounts.
    notes = b.interactions["note_zh"]
    assert notes.str.contains(r"约\d+人").mean() > 0.02
    assert notes.str.contains(r"\d{4}年\d+月").mean() > 0.01
    assert notes.str.contains(r"家子公司").sum() > 10


def test_notes_are_varied_and_rarely_repeat_the_clients_own(book):
    it = book.interactions
    assert it["note_zh"].nunique() / len(it) > 0.6  # the audit: about 1 %
    assert it["note_en"].nunique() / len(it) > 0.6
    # The audit: a fifth of notes repeated one the same client already had.
    assert it.duplicated(["client_id", "note_zh"]).mean() < 0.02
    # Chinese and English carry the same note: one English text per Chinese one.
    assert (it.groupby("note_zh")["note_en"].nunique() == 1).all()


def test_festival_visits_are_in_season(book):
    it = book.interactions
    for word, days in FESTIVAL_DAYS.items():
        hit = it[it["note_zh"].str.contains(f"{word}节?前")]
        assert len(hit) > 3, word
        ahead = pd.Series(
            [
                min((pd.Timestamp(d) - t).days for d in days if pd.Timestamp(d) > t)
                for t in hit["date"]
            ]
        )
        assert ahead.between(1, 31).all(), (word, ahead.max())
    # Other seasonal routines keep to their months (开门红 Q1, the year-end event, the exam).
    month = it["date"].dt.month
    assert month[it["note_zh"].str.contains("开门红")].isin([1, 2, 3]).all()
    assert month[it["note_zh"].str.contains("年末客户答谢会")].isin([11, 12]).all()
    assert month[it["note_zh"].str.contains("高考")].isin([5, 6]).all()


def test_what_a_note_describes_fits_its_channel(book):
    it = book.interactions
    on_site = it["note_zh"].str.contains("送月饼|送上台历|送去粽子|贷后例行检查|招聘横幅|实地走访")
    assert on_site.sum() > 10
    assert (it.loc[on_site, "channel"] == "visit").all()


def test_the_people_named_are_the_clients_own(book):
    # One client, one CFO: the surname of each role stays the same across its notes.
    it = book.interactions
    cfo = it["note_zh"].str.extract(r"财务总监(.)总", expand=False)
    named = it.assign(cfo=cfo).dropna(subset=["cfo"])
    assert len(named) > 50
    assert (named.groupby("client_id")["cfo"].nunique() == 1).all()
    # A CFO is named only at large and medium firms; an owner (老板) never at a state firm.
    size = book.clients.set_index("client_id")["size_class"]
    assert size.loc[named["client_id"]].isin(["large", "medium"]).all()
    staff = book.clients.set_index("client_id")["staff"]
    fin = it.loc[it["note_zh"].str.contains("财务经理"), "client_id"]
    assert len(fin) > 20 and (staff.loc[fin] >= 20).all()  # no finance manager at a firm of 3
    soe = set(book.clients.loc[book.clients["ownership"] == "soe", "client_id"])
    assert not it.loc[it["note_zh"].str.contains("老板"), "client_id"].isin(soe).any()
