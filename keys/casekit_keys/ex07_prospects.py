"""Answer keys of exercise 07 (grader only: see casekit_keys)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from casekit.case_chain import named_deciders
from casekit.evaluate.prospects import VISITS, last_year_flow, score_visit_plan, targets
from casekit.exercises.common import code
from casekit.exercises.keys import Key


def open_trading(ctx: Any) -> int:
    """Prospects still to win that traded with our clients in the last twelve months."""
    flow = last_year_flow(ctx.book)
    return int((flow.reindex(targets(ctx.book)) > 0).sum())


def win_by_role(ctx: Any) -> pd.DataFrame:
    """Share of the past calls that won the prospect, by the person met."""
    c = ctx.book.tables["prospect_contacts"]
    rate = c["result"].astype(str).eq("won").groupby(c["met_role"].astype(str)).mean()
    return pd.DataFrame({"role": rate.index, "win_rate": rate.to_numpy()})


def decider_map(ctx: Any) -> list[list[str]]:
    """(prospect_id, role) for every prospect whose latest call that discussed it named a decider."""
    named = named_deciders(ctx.book)
    return [[p, r] for p, r in named.items()]


def biggest_open(ctx: Any) -> list[str]:
    """The five prospects still to win with the most payments in the last twelve months."""
    flow = last_year_flow(ctx.book).reindex(targets(ctx.book))
    return flow.sort_values(ascending=False, kind="stable").index[:5].tolist()


def trading_with_won(ctx: Any) -> int:
    """Mistake: every prospect that traded last year, the ones already won included."""
    return int((last_year_flow(ctx.book) > 0).sum())


def every_listed(ctx: Any) -> int:
    """Mistake: every prospect on the list, trading or not, won or not."""
    return len(ctx.book.tables["prospects"])


def trading_ever(ctx: Any) -> int:
    """Mistake: open prospects that traded at any time, not in the last twelve months."""
    flow = ctx.book.tables["payments"].groupby("prospect_id")["amount"].sum()
    return int((flow.reindex(targets(ctx.book), fill_value=0.0) > 0).sum())


def win_all_calls(ctx: Any) -> pd.DataFrame:
    """Mistake: the win rate of all calls, given to every role alike."""
    c = ctx.book.tables["prospect_contacts"]
    roles = sorted(c["met_role"].astype(str).unique())
    return pd.DataFrame({"role": roles, "win_rate": c["result"].astype(str).eq("won").mean()})


def share_of_wins(ctx: Any) -> pd.DataFrame:
    """Mistake: each role's share of all the wins, not its calls' win rate."""
    c = ctx.book.tables["prospect_contacts"]
    won = c["result"].astype(str).eq("won")
    if not won.any():
        raise ValueError("no call won")  # a mistake that cannot be made on this bank
    share = won.groupby(c["met_role"].astype(str)).sum() / won.sum()
    return pd.DataFrame({"role": share.index, "win_rate": share.to_numpy()})


def _named_calls(ctx: Any) -> pd.DataFrame:
    calls = ctx.book.tables["prospect_contacts"].dropna(subset=["decider_named"])
    return calls.sort_values(["prospect_id", "date"], kind="stable")


def decider_met(ctx: Any) -> list[list[str]]:
    """Mistake: the person met at the latest call that named a decider, not the one named."""
    last = _named_calls(ctx).groupby("prospect_id").tail(1)
    return [[p, str(r)] for p, r in zip(last["prospect_id"], last["met_role"], strict=True)]


def decider_by_size(ctx: Any) -> list[list[str]]:
    """Mistake: the decider guessed from the firm's size (owner of a small firm, else the CFO)
    where the call notes named who decides."""
    size = ctx.book.tables["prospects"].set_index("prospect_id")["size_class"].astype(str)
    named = named_deciders(ctx.book)
    small = size.reindex(named.index).isin(["small", "micro"])
    return [[p, "owner" if s else "cfo"] for p, s in small.items()]


def biggest_with_won(ctx: Any) -> list[str]:
    """Mistake: the five biggest payers, prospects already won included."""
    flow = last_year_flow(ctx.book)
    return flow.sort_values(ascending=False, kind="stable").index[:5].tolist()


def biggest_by_revenue(ctx: Any) -> list[str]:
    """Mistake: the five open prospects with the largest estimated revenue."""
    p = ctx.book.tables["prospects"].set_index("prospect_id")["revenue_est"]
    return (
        p.reindex(targets(ctx.book)).sort_values(ascending=False, kind="stable").index[:5].tolist()
    )


def habit_plan(ctx: Any) -> pd.DataFrame:
    """Mistake: the habit: the thirty biggest open payers, a working-capital loan, the cashier."""
    flow = last_year_flow(ctx.book).reindex(targets(ctx.book))
    top = flow.sort_values(ascending=False, kind="stable").index[:VISITS]
    return pd.DataFrame(
        {"prospect_id": top, "need": "seasonal_wc", "role": "cashier", "colleague": "none"}
    )


def side_first(ctx: Any) -> str:
    """The side of the chain to work first: the one whose open prospects trade more with us."""
    pay = ctx.book.tables["payments"]
    side = pay.drop_duplicates("prospect_id").set_index("prospect_id")["direction"].astype(str)
    flow = last_year_flow(ctx.book).reindex(targets(ctx.book))
    supplier = side.reindex(flow.index).eq("out")
    return "suppliers" if flow[supplier].sum() >= flow[~supplier].sum() else "buyers"


def score_plan(answer: pd.DataFrame, ctx: Any, lang: str) -> tuple[float, str]:
    """The plan's expected value as a share of the best thirty visits (knowing the truth)."""
    s = score_visit_plan(ctx.book, answer, lang)
    if lang == "zh":
        detail = (
            f"预计拿下 {s.expected_wins:.1f} 家，每年贡献 {s.expected_value:,.0f} 万元；"
            f"老习惯为 {s.habit_value:,.0f} 万元，最优计划为 {s.best_value:,.0f} 万元。"
        )
    else:
        detail = (
            f"expected to win {s.expected_wins:.1f} prospects worth {s.expected_value:,.0f} 万元 a "
            f"year; the habit {s.habit_value:,.0f} 万元, the best plan {s.best_value:,.0f} 万元."
        )
    return s.share_of_best, detail


KEYS = {
    "q1": Key(
        expected=open_trading,
        solution_text=code("int((flow.reindex(still_open) > 0).sum())"),
        mistakes={"won_counted": trading_with_won, "listed": every_listed, "ever": trading_ever},
    ),
    "q2": Key(
        expected=win_by_role,
        solution_text=code(
            "calls['result'].eq('won').groupby(calls['met_role'], observed=True).mean()"
        ),
        mistakes={"all_calls": win_all_calls, "share_of_wins": share_of_wins},
    ),
    "q3": Key(
        expected=decider_map,
        solution_text=code("""
named = calls.dropna(subset=['decider_named']).sort_values(['prospect_id', 'date'])
named = named.groupby('prospect_id').tail(1)
named[['prospect_id', 'decider_named']].rename(columns={'decider_named': 'role'})
"""),
        mistakes={"met": decider_met, "by_size": decider_by_size},
    ),
    "q4": Key(
        expected=biggest_open,
        solution_text=code(
            "flow.reindex(still_open).sort_values(ascending=False).index[:5].tolist()"
        ),
        mistakes={"won_included": biggest_with_won, "revenue": biggest_by_revenue},
    ),
    "q5": Key(
        scorer=score_plan,
        solution_text=code("""
note = 'note_zh' if lang == 'zh' else 'note_en'
heard = pd.Series({row.prospect_id: sorted(needs_in(getattr(row, note)))[0]
                   for row in calls.itertuples() if needs_in(getattr(row, note))}, dtype=object)
small = prospects['size_class'].isin(['small', 'micro'])
side = payments.drop_duplicates('prospect_id').set_index('prospect_id')['direction']
supplier = side.reindex(prospects.index).eq('out')
group = prospects['size_class'].astype(str) + supplier.map({True: '/supplier', False: '/buyer'})
common = heard.groupby(group[heard.index]).agg(lambda x: x.value_counts().index[0])
usual = group.map(common).fillna(supplier.map({True: 'supply_chain', False: 'seasonal_wc'}))
need = heard.reindex(prospects.index).fillna(usual)
named = calls.dropna(subset=['decider_named']).sort_values(['prospect_id', 'date'])
role = named.groupby('prospect_id').tail(1).set_index('prospect_id')['decider_named']
role = role.reindex(prospects.index).fillna(small.map({True: 'owner', False: 'cfo'}))
size = prospects['revenue_est'] * (0.3 + (flow / prospects['revenue_est']).clip(0, 1))
top = size.reindex(still_open).sort_values(ascending=False).index[:30]
plan = pd.DataFrame({'prospect_id': top, 'need': need[top].to_numpy(), 'role': role[top].to_numpy()})
plan.assign(colleague=plan['need'].map(cat.NEED_SPECIALIST))
"""),
        mistakes={"habit": habit_plan},
    ),
    "q7": Key(
        expected=side_first,
        solution_text=code("""
side = payments.drop_duplicates('prospect_id').set_index('prospect_id')['direction']
open_flow = flow.reindex(still_open)
supplier = side.reindex(open_flow.index).eq('out')
{'decision': 'suppliers' if open_flow[supplier].sum() >= open_flow[~supplier].sum() else 'buyers',
 'why': 'The open prospects on this side already trade more with our clients, so the anchor can introduce them and our finance follows money that is there already.'}
"""),
    ),
}
