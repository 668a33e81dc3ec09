"""Answer keys of exercise 09 (grader only: see casekit_keys)."""

from __future__ import annotations

from typing import Any

from casekit.case_team import needs_in_order, team_summary, timeline
from casekit.evaluate.teams import BEFORE, change, kickoffs, matched_comparison
from casekit.exercises.common import code
from casekit.exercises.ex09_team import ROLL_OUT_TEAMS, ROLL_OUT_UPLIFT
from casekit.exercises.keys import Key

_MEMO: dict[tuple[int, str], tuple[Any, Any]] = {}


def _memo(ctx: Any, key: str, fn: Any) -> Any:
    """``fn(book)`` for the trainee's bank, computed once per bank (the checks ask again for
    every named mistake)."""
    k = (id(ctx.book), key)
    hit = _MEMO.get(k)
    if hit is None or hit[0] is not ctx.book:
        if len(_MEMO) > 8:
            _MEMO.clear()
        hit = _MEMO[k] = (ctx.book, fn(ctx.book))
    return hit[1]


def _success(book: Any) -> str:
    s = team_summary(book)
    return str(
        s.sort_values(["needs_met", "gain"], ascending=False, kind="stable")["client_id"].iloc[0]
    )


def success_of(ctx: Any) -> str:
    """The success the exercise analyses: of the team relationships, the one that met most
    needs, and of those the one whose inflows relative to revenue rose most."""
    return _memo(ctx, "success", _success)


def needs_order(ctx: Any) -> list[str]:
    """The needs the team met, in the order the client agreed to them."""
    return needs_in_order(ctx.book, success_of(ctx))[0]


def _comparison(ctx: Any, how: str) -> Any:
    """The bank's team relationships read one way ("matched", "all" or "none")."""
    return _memo(ctx, how, lambda book: matched_comparison(book, how).set_index("client_id"))


def _row(ctx: Any, how: str) -> Any:
    return _comparison(ctx, how).loc[success_of(ctx)]


def success_change(ctx: Any) -> float:
    """The success's inflow change: the same six months a year on over the six before."""
    return float(_row(ctx, "none")["change"])


def success_uplift(ctx: Any) -> float:
    """The team's part for the success, against matched peers."""
    return float(_row(ctx, "matched")["uplift"])


def typical_uplift(ctx: Any) -> float:
    """The teams' typical (median) part across the bank, against matched peers."""
    return float(_comparison(ctx, "matched")["uplift"].median())


def roll_out(ctx: Any) -> str:
    """Roll the team model out when enough teams show a clear part against matched peers."""
    n = len(kickoffs(ctx.book))
    return "roll_out" if n >= ROLL_OUT_TEAMS and typical_uplift(ctx) >= ROLL_OUT_UPLIFT else "pilot"


def order_backwards(ctx: Any) -> list[str]:
    """Mistake: the timeline read backwards (the newest visit first)."""
    return needs_order(ctx)[::-1]


def order_with_declined(ctx: Any) -> list[str]:
    """Mistake: every need proposed, the declined ones too."""
    t_ = timeline(ctx.book, success_of(ctx))
    seen = t_[t_["step"] == "proposal"]["need"]
    return [str(n) for n in seen if isinstance(n, str)]


def change_next_six(ctx: Any) -> float:
    """Mistake: the six months right after the kickoff against the six before (the season and
    the months before any need was met mixed in)."""
    book, c = ctx.book, success_of(ctx)
    months = sorted(book.panel["month"].unique())
    s = months.index(kickoffs(book)[c])
    p = book.panel[book.panel["client_id"] == c].set_index("month")["inflow"]
    p = p.reindex(months).fillna(0.0).to_numpy()
    return float(change(p[s - BEFORE : s].sum(), p[s : s + BEFORE].sum()))


def uplift_whole_market(ctx: Any) -> float:
    """Mistake: the client's whole change credited to the team (the market's part included)."""
    return success_change(ctx)


def uplift_all_clients(ctx: Any) -> float:
    """Mistake: compared with every client without a team, not with clients like it."""
    return float(_row(ctx, "all")["uplift"])


def typical_whole_market(ctx: Any) -> float:
    """Mistake: the teams' median before/after, the market's part included."""
    return float(_comparison(ctx, "none")["uplift"].median())


def typical_all_clients(ctx: Any) -> float:
    """Mistake: the teams' median part against all clients without a team."""
    return float(_comparison(ctx, "all")["uplift"].median())


_PEERS = code("""
cl = book.clients.set_index('client_id')
kept = (outcomes['churn_status'] == 'active') & ~outcomes['defaulted']
pool = cl[~cl.index.isin(kick.index) & kept.reindex(cl.index).fillna(False)]
def peers(c):
    for cols in (['industry', 'size_class', 'tier'], ['industry', 'size_class'], ['industry']):
        mask = np.logical_and.reduce([pool[k] == cl.loc[c, k] for k in cols])
        if mask.sum() >= 5:
            return pool.index[mask]
    return pool.index
""")

KEYS = {
    "q1": Key(
        expected=needs_order,
        solution_text=code("""
v = acts[acts['client_id'] == success].sort_values('date')
[next(iter(needs_in(n))) for n in v.loc[v['step'] == 'agreed', 'note_en']]
"""),
        mistakes={"backwards": order_backwards, "with_declined": order_with_declined},
    ),
    "q2": Key(
        expected=success_change,
        solution_text=code("""
s = months.index(kick[success])
f = grid.loc[success]
f.iloc[s + 6 : s + 12].sum() / f.iloc[s - 6 : s].sum() - 1
"""),
        mistakes={"next_six": change_next_six},
    ),
    "q3": Key(
        expected=success_uplift,
        solution_text={
            k: v
            + "\n"
            + code("""
s = months.index(kick[success])
f = grid.loc[success]
own = f.iloc[s + 6 : s + 12].sum() / f.iloc[s - 6 : s].sum()
p = grid.reindex(peers(success)).fillna(0).sum()
own / (p.iloc[s + 6 : s + 12].sum() / p.iloc[s - 6 : s].sum()) - 1
""")[k]
            for k, v in _PEERS.items()
        },
        mistakes={"whole_market": uplift_whole_market, "all_clients": uplift_all_clients},
    ),
    "q4": Key(
        expected=typical_uplift,
        solution_text={
            k: v
            + "\n"
            + code("""
def part(c):
    s = months.index(kick[c])
    f, p = grid.loc[c], grid.reindex(peers(c)).fillna(0).sum()
    own = f.iloc[s + 6 : s + 12].sum() / f.iloc[s - 6 : s].sum()
    return own / (p.iloc[s + 6 : s + 12].sum() / p.iloc[s - 6 : s].sum()) - 1
np.median([part(c) for c in kick.index])
""")[k]
            for k, v in _PEERS.items()
        },
        mistakes={"whole_market": typical_whole_market, "all_clients": typical_all_clients},
    ),
    "q5": Key(
        expected=roll_out,
        solution_text={
            k: v
            + "\n"
            + code("""
def part(c):
    s = months.index(kick[c])
    f, p = grid.loc[c], grid.reindex(peers(c)).fillna(0).sum()
    own = f.iloc[s + 6 : s + 12].sum() / f.iloc[s - 6 : s].sum()
    return own / (p.iloc[s + 6 : s + 12].sum() / p.iloc[s - 6 : s].sum()) - 1
typical = np.median([part(c) for c in kick.index])
""")[k]
            + "\n"
            + code(f"""
{{'decision': 'roll_out' if len(kick) >= {ROLL_OUT_TEAMS} and typical >= {ROLL_OUT_UPLIFT} else 'pilot',
 'why': 'Against matched peers the teams typically won this much more business, on enough relationships to trust it, so the credit and product colleagues should join first visits branch-wide.'}}
""")[k]
            for k, v in _PEERS.items()
        },
    ),
}
