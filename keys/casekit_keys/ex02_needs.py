"""Answer keys of exercise 02 (grader only: see casekit_keys)."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from casekit.evaluate.needs_method import consistent_with, data_signals
from casekit.exercises.common import (
    code,
    memo,
    segment_ids,
    sentences,
)
from casekit.exercises.ex02_needs import KEYWORDS, behaviour
from casekit.exercises.keys import Key


def _mentions(book: Any, ids: pd.Index, lang: str) -> list[tuple[str, str]]:
    key = ("mentions", hash(tuple(ids)), lang)
    return list(memo(book, key, lambda: _search_notes(book, ids, lang)))


def _search_notes(book: Any, ids: pd.Index, lang: str) -> list[tuple[str, str]]:
    col = "note_zh" if lang == "zh" else "note_en"
    notes = book.interactions[book.interactions["client_id"].isin(ids)]
    out = set()
    for need, words in KEYWORDS.items():
        pattern = "|".join(map(re.escape, words))
        hit = notes.loc[notes[col].str.contains(pattern, case=False, regex=True), "client_id"]
        out |= {(c, need) for c in hit}
    return sorted(out)


def triangulate(book: Any, ids: pd.Index, lang: str = "en") -> pd.DataFrame:
    """Case 2's needs list: a need when the data shows it, or the notes say it and the data agrees.

    Exercise 2's q5 asks trainees to build it, so it lives here, never on the trainee side
    (exercise 3 starts from the data signals alone: casekit.exercises.ex03_service.data_needs).
    """
    key = ("triangulate", hash(tuple(ids)), lang)
    return memo(book, key, lambda: _triangulate(book, ids, lang)).copy()


def _triangulate(book: Any, ids: pd.Index, lang: str) -> pd.DataFrame:
    per = behaviour(book, ids)
    c = book.clients.set_index("client_id").reindex(ids)
    # The rules Case 2 teaches, kept once in casekit.evaluate.needs_method.
    signals = data_signals(book, c, per)
    consistent = consistent_with(c, per)
    said = pd.DataFrame(False, index=ids, columns=signals.columns)
    for client, need in _mentions(book, ids, lang):
        said.loc[client, need] = True
    flags = signals | (said & consistent)
    stacked = flags.stack()
    pairs = stacked[stacked].reset_index().iloc[:, :2]
    pairs.columns = ["client_id", "need"]
    return pairs.reset_index(drop=True)


def _per(ctx: Any) -> pd.DataFrame:
    return behaviour(ctx.book, segment_ids(ctx))


def seasonal_count(ctx: Any) -> int:
    """Segment clients with 12 or more overdraft days over the last 12 months."""
    return int((_per(ctx)["overdraft_days"] >= 12).sum())


def mentions(ctx: Any) -> list[list[str]]:
    """(client_id, need) for segment clients whose notes, in the notebook's language, match."""
    return [list(p) for p in _mentions(ctx.book, segment_ids(ctx), ctx.lang)]


def notes_precision(ctx: Any) -> float:
    """Share of the clients whose notes mention seasonal working capital that the data backs.

    Measured against the data signal, not the hidden truth, so a trainee can answer it in an
    assessment pack (which carries no truth).
    """
    said = [c for c, need in mentions(ctx) if need == "seasonal_wc"]
    if not said:
        return 0.0
    per = _per(ctx)
    signal = set(per.index[per["overdraft_days"] >= 12])
    return sum(c in signal for c in said) / len(said)


def seasonal_priority(ctx: Any) -> list[str]:
    """Top five seasonal-signal clients by revenue × 0.004 × clip(overdraft days / 12, 1, 5)."""
    per = _per(ctx)
    hit = per[per["overdraft_days"] >= 12]
    revenue = ctx.book.clients.set_index("client_id")["revenue"].reindex(hit.index)
    priority = revenue * 0.004 * np.clip(hit["overdraft_days"] / 12, 1, 5)
    return priority.sort_values(ascending=False, kind="stable").index[:5].tolist()


def score_list(answer: pd.DataFrame, ctx: Any, lang: str) -> tuple[float, str]:
    """F1 of a needs list over the segment, with the need found least often."""
    from casekit.evaluate import score_needs

    s = score_needs(answer, ctx.book, clients=segment_ids(ctx), lang=lang)
    weak = s.by_need[s.by_need["tp"] + s.by_need["fn"] > 0].sort_values("recall").iloc[0]
    from casekit import catalog as cat

    need = cat.label("need", weak["need"], lang)
    tail = (
        f"召回率最低的需求：{need}（{weak['recall']:.0%}）"
        if lang == "zh"
        else f"Need found least often: {need} ({weak['recall']:.0%} recall)"
    )
    return s.f1, sentences(lang, s.summary(lang), tail)


def idle_without_product(ctx: Any) -> int:
    """Segment clients with idle liquidity (deposits > 3 × outflows) and no structured deposit."""
    per = _per(ctx)
    idle = per.index[per["deposit"] > 3 * per["outflow"]]
    h = ctx.book.holdings
    has = set(h.loc[h["end_month"].isna() & (h["product"] == "structured_deposit"), "client_id"])
    return int(sum(c not in has for c in idle))


def seasonal_all_clients(ctx: Any) -> int:
    """Mistake: every client of the book, not the segment."""
    per = behaviour(ctx.book, pd.Index(ctx.book.clients["client_id"]))
    return int((per["overdraft_days"] >= 12).sum())


def seasonal_strict(ctx: Any) -> int:
    """Mistake: more than 12 days, where 12 or more was asked."""
    return int((_per(ctx)["overdraft_days"] > 12).sum())


def mentions_all_clients(ctx: Any) -> list[list[str]]:
    """Mistake: the notes of every client, not the segment's."""
    return [list(p) for p in _mentions(ctx.book, pd.Index(ctx.book.clients["client_id"]), ctx.lang)]


def notes_recall(ctx: Any) -> float:
    """Mistake: recall (of the data-signal clients, how many the notes mention) for precision."""
    said = {c for c, need in mentions(ctx) if need == "seasonal_wc"}
    per = _per(ctx)
    signal = list(per.index[per["overdraft_days"] >= 12])
    return sum(c in said for c in signal) / len(signal) if signal else 0.0


def priority_importance_only(ctx: Any) -> list[str]:
    """Mistake: importance alone (revenue), urgency left out."""
    per = _per(ctx)
    hit = per[per["overdraft_days"] >= 12]
    revenue = ctx.book.clients.set_index("client_id")["revenue"].reindex(hit.index)
    return revenue.sort_values(ascending=False, kind="stable").index[:5].tolist()


def priority_unclipped(ctx: Any) -> list[str]:
    """Mistake: urgency not kept between 1 and 5."""
    per = _per(ctx)
    hit = per[per["overdraft_days"] >= 12]
    revenue = ctx.book.clients.set_index("client_id")["revenue"].reindex(hit.index)
    priority = revenue * 0.004 * hit["overdraft_days"] / 12
    return priority.sort_values(ascending=False, kind="stable").index[:5].tolist()


def needs_reference(ctx: Any) -> pd.DataFrame:
    """The reference needs list: case 2's triangulation on the segment."""
    return triangulate(ctx.book, segment_ids(ctx), ctx.lang)


def needs_notes_only(ctx: Any) -> list[list[str]]:
    """Mistake: every need the notes mention, with no check against the data."""
    return mentions(ctx)


def needs_data_only(ctx: Any) -> pd.DataFrame:
    """Mistake: the data signals alone (what clients said ignored)."""
    return triangulate(_no_notes(ctx.book), segment_ids(ctx), ctx.lang)


def needs_two_rules(ctx: Any) -> pd.DataFrame:
    """Mistake: two crude rules (any overdraft = seasonal need; deposits above outflows = idle)."""
    per = _per(ctx)
    flags = pd.DataFrame(
        {
            "seasonal_wc": per["overdraft_days"] > 0,
            "idle_liquidity": per["deposit"] > per["outflow"],
        }
    )
    stacked = flags.stack()
    return stacked[stacked].reset_index().iloc[:, :2].set_axis(["client_id", "need"], axis=1)


def _no_notes(book: Any) -> Any:
    from casekit.book import Book

    tables = dict(book.tables)
    tables["interactions"] = book.interactions.iloc[0:0]
    return Book(tables=tables, truth=book.truth, meta=book.meta)


def idle_all(ctx: Any) -> int:
    """Mistake: every idle client, whether or not it holds a structured deposit already."""
    per = _per(ctx)
    return int((per["deposit"] > 3 * per["outflow"]).sum())


SIGNALS_CODE = """
revenue = clients['revenue']
held = book.holdings[book.holdings['end_month'].isna()]
has_fx = per.index.isin(held.loc[held['product'] == 'fx_forward', 'client_id'])
signals = pd.DataFrame({
    'seasonal_wc': per['overdraft_days'] >= 12,
    'idle_liquidity': per['deposit'] > 3 * per['outflow'],
    'fx_risk': ((per['fx'] + per['fx_out']) > 300) & ~has_fx,
    'payroll': (clients['staff'] >= 50) & (per['salary_other'] > 0),
    'group_treasury': (per['intragroup'] + per['intragroup_in'] > 0)
    & clients['parent_id'].isna() & clients['group_id'].notna(),
    'capex': per['capex'] > 0.15 * revenue,
    'acquisition': per['equity'] > 0,
    'digitisation': per['counter'] > per['online'],
    'supply_chain': (clients['top_buyer_share'] > 0.45) & (clients['receivable_days'] > 75),
    'capital_markets': (revenue >= 100000)
    & (clients['total_liabilities'] / clients['total_assets'] > 0.45),
})
consistent = pd.DataFrame({
    'seasonal_wc': per['overdraft_days'] > 0,
    'idle_liquidity': per['deposit'] > 1.5 * per['outflow'],
    'fx_risk': (per['fx'] + per['fx_out']) > 0,
    'payroll': clients['staff'] >= 50,
    'group_treasury': clients['group_id'].notna() & clients['parent_id'].isna(),
    'capex': per['capex'] > 0.05 * revenue,
    'acquisition': per['equity'] > 0,
    'digitisation': per['counter'] > 0.3 * (per['counter'] + per['online']),
    'supply_chain': clients['top_buyer_share'] > 0.3,
    'capital_markets': revenue >= 50000,
})
said = pd.DataFrame(False, index=ids, columns=signals.columns)
for need, words in KEYWORDS.items():
    hit = notes[notes[note].str.contains('|'.join(words), case=False)]
    said.loc[said.index.isin(hit['client_id']), need] = True
flags = signals | (said & consistent)
stacked = flags.stack()
stacked[stacked].reset_index().iloc[:, :2].set_axis(['client_id', 'need'], axis=1)
"""


def campaign_need(ctx: Any) -> str:
    """The need most key clients have open (triangulated, not served by a product they hold)."""
    needs = triangulate(ctx.book, segment_ids(ctx), ctx.lang)
    held = ctx.book.holdings[ctx.book.holdings["end_month"].isna()]
    from casekit import catalog as cat

    serves = {p.code: p.serves for p in cat.PRODUCTS}
    served = set(zip(held["client_id"], held["product"].astype(str).map(serves), strict=True))
    open_ = [
        n for c, n in zip(needs["client_id"], needs["need"], strict=True) if (c, n) not in served
    ]
    counts = pd.Series(open_, dtype=object).value_counts()
    return str(sorted(counts.index[counts == counts.max()])[0]) if len(counts) else "seasonal_wc"


KEYS = {
    "q1": Key(
        expected=seasonal_count,
        solution_text=code("int((per['overdraft_days'] >= 12).sum())"),
        mistakes={"all_clients": seasonal_all_clients, "strict": seasonal_strict},
    ),
    "q2": Key(
        expected=mentions,
        solution_text=code("""
rows = set()
for need, words in KEYWORDS.items():
    hit = notes[notes[note].str.contains('|'.join(words), case=False)]
    rows |= {(c, need) for c in hit['client_id']}
pd.DataFrame(sorted(rows), columns=['client_id', 'need'])
"""),
        mistakes={"all_clients": mentions_all_clients},
    ),
    "q3": Key(
        expected=notes_precision,
        solution_text=code("""
words = '|'.join(KEYWORDS['seasonal_wc'])
said = notes.loc[notes[note].str.contains(words, case=False), 'client_id'].drop_duplicates()
said.isin(per.index[per['overdraft_days'] >= 12]).mean()
"""),
        mistakes={"recall": notes_recall},
    ),
    "q4": Key(
        expected=seasonal_priority,
        solution_text=code("""
hit = per[per['overdraft_days'] >= 12]
priority = clients.loc[hit.index, 'revenue'] * 0.004 * np.clip(hit['overdraft_days'] / 12, 1, 5)
priority.sort_values(ascending=False).index[:5].tolist()
"""),
        mistakes={"importance_only": priority_importance_only, "unclipped": priority_unclipped},
    ),
    "q5": Key(
        scorer=score_list,
        reference=needs_reference,
        solution_text=code(SIGNALS_CODE),
        mistakes={
            "notes_only": needs_notes_only,
            "data_only": needs_data_only,
            "two_rules": needs_two_rules,
        },
    ),
    "q6": Key(
        expected=idle_without_product,
        solution_text=code("""
held = book.holdings[book.holdings['end_month'].isna()]
has_sd = set(held.loc[held['product'] == 'structured_deposit', 'client_id'])
sum(c not in has_sd for c in per.index[per['deposit'] > 3 * per['outflow']])
"""),
        mistakes={"ignore_holdings": idle_all},
    ),
    "q8": Key(
        expected=campaign_need,
        solution_text=code(
            SIGNALS_CODE.rstrip().rsplit("\n", 1)[0]
            + """
needs = stacked[stacked].reset_index().iloc[:, :2].set_axis(['client_id', 'need'], axis=1)
serves = {p.code: p.serves for p in cat.PRODUCTS}
served = set(zip(held['client_id'], held['product'].astype(str).map(serves)))
open_needs = [n for c, n in zip(needs['client_id'], needs['need']) if (c, n) not in served]
counts = pd.Series(open_needs).value_counts()
{'decision': sorted(counts.index[counts == counts.max()])[0],
 'why': 'More key clients share this open need than any other, and the data backs what the notes say about it.'}
"""
        ),
    ),
}
