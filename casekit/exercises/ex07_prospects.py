"""Exercise 7 · Winning new clients along the supply chain (产业链获客).

The method of case 7: find the prospects in the payments, learn from the past calls which
approach wins, map who decides, rank the prospects, and plan thirty first visits scored
against what the prospects really needed.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from casekit import catalog as cat
from casekit.case_chain import named_deciders
from casekit.evaluate.prospects import VISITS, last_year_flow, score_visit_plan, targets
from casekit.exercises.common import code, t
from casekit.questions import (
    DecisionQuestion,
    Mistake,
    NumberQuestion,
    RankingQuestion,
    ReflectionQuestion,
)
from casekit.table_questions import PairsQuestion, ScoredQuestion, TableQuestion

TITLE = t("Exercise 7 · Winning new clients along the supply chain", "练习七 · 沿产业链获取新客户")


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


def _m(key: str, fn: Any, en: str, zh: str) -> Mistake:
    return Mistake(key, fn, t(en, zh))


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


SIDES = {"suppliers": t("the suppliers", "上游供应商"), "buyers": t("the buyers", "下游客户")}


def side_first(ctx: Any) -> str:
    """The side of the chain to work first: the one whose open prospects trade more with us."""
    pay = ctx.book.tables["payments"]
    side = pay.drop_duplicates("prospect_id").set_index("prospect_id")["direction"].astype(str)
    flow = last_year_flow(ctx.book).reindex(targets(ctx.book))
    supplier = side.reindex(flow.index).eq("out")
    return "suppliers" if flow[supplier].sum() >= flow[~supplier].sum() else "buyers"


def prospects_valid(ctx: Any) -> dict[str, set[str]]:
    """Prospect ids of the trainee's book and the codes a plan may use."""
    return {
        "prospect_id": set(ctx.book.tables["prospects"]["prospect_id"]),
        "need": set(cat.PROSPECT_NEED_CODES),
        "role": set(cat.ROLE_CODES),
        "colleague": set(cat.COLLEAGUE_CODES),
    }


def score_plan(answer: pd.DataFrame, ctx: Any, lang: str) -> tuple[float, str]:
    """The plan's expected value as a share of the best thirty visits (knowing the truth)."""
    s = score_visit_plan(ctx.book, answer, lang)
    if lang == "zh":
        detail = (
            f"预计拿下 {s.expected_wins:.1f} 家,每年贡献 {s.expected_value:,.0f} 万元;"
            f"老习惯为 {s.habit_value:,.0f} 万元,最优计划为 {s.best_value:,.0f} 万元。"
        )
    else:
        detail = (
            f"expected to win {s.expected_wins:.1f} prospects worth {s.expected_value:,.0f} 万元 a "
            f"year; the habit {s.habit_value:,.0f} 万元, the best plan {s.best_value:,.0f} 万元."
        )
    return s.share_of_best, detail


QUESTIONS = (
    NumberQuestion(
        "q1",
        open_trading,
        capability="relationship",
        skill="data",
        hints=(
            t(
                "Your clients pay and are paid by firms that bank elsewhere: which of them, not yet won, did business with our clients this past year?",
                "我行客户的上下游企业很多在别的银行开户:其中尚未拿下、过去一年与我行客户有生意往来的有几家?",
            ),
            t(
                "A prospect is still to win unless one of the past calls (prospect_contacts) won it.",
                "除非过去的某次拜访(prospect_contacts)已经拿下,否则潜在客户都算尚未拿下。",
            ),
            t(
                "Sum book.tables['payments'] by prospect_id over the last 12 months; count those above zero.",
                "把最近 12 个月的 book.tables['payments'] 按 prospect_id 加总,数一数大于零的有多少。",
            ),
        ),
        solution_text=code("int((flow.reindex(still_open) > 0).sum())"),
        rel_tol=0.0,
        abs_tol=0.5,
        unit="prospects",
        mistakes=(
            _m(
                "won_counted",
                trading_with_won,
                "you counted prospects we have already won as still open: a won firm is a client now, not a prospect.",
                "把已经拿下的潜在客户也算作尚未拿下:拿下的企业已是我行客户,不再是潜在客户。",
            ),
            _m(
                "listed",
                every_listed,
                "you counted every name on the prospect list: the open ones that actually traded with our clients last year are the ones worth a visit.",
                "把名单上的所有潜在客户都算上了:值得拜访的是去年确实与我行客户有往来、且尚未拿下的。",
            ),
            _m(
                "ever",
                trading_ever,
                "you counted prospects that traded with our clients at any time: a firm that stopped trading years ago is a cold lead; look at the last twelve months.",
                "数的是任何时候与我行客户有过往来的潜在客户:多年前就停止往来的企业已是冷线索;应看最近十二个月。",
            ),
        ),
    ),
    TableQuestion(
        "q2",
        win_by_role,
        capability="relationship",
        skill="data",
        what="what_table",
        columns=("role", "win_rate"),
        keys=("role",),
        abs_tol=0.005,
        rel_tol=0.0,
        valid=lambda ctx: {"role": set(cat.ROLE_CODES)},
        hints=(
            t(
                "Before you knock on a door, ask the team: when we met the cashier, the owner or the CFO, how often did we win?",
                "上门之前先问问团队:过去见出纳、见老板、见财务总监,各自有多大把握拿下?",
            ),
            t(
                "Each row of prospect_contacts is a call; result 'won' means it won the prospect.",
                "prospect_contacts 每一行是一次拜访;result 为 'won' 表示拿下了客户。",
            ),
            t("The mean of that flag per met_role.", "按 met_role 求该标记的均值。"),
        ),
        solution_text=code(
            "calls['result'].eq('won').groupby(calls['met_role'], observed=True).mean()"
        ),
        points=2,
        mistakes=(
            _m(
                "all_calls",
                win_all_calls,
                "you gave every role the win rate of all calls together: the point is how the rate differs by the person met.",
                "给每类对象填的都是全部拜访的总成功率:要看的恰恰是见不同的人成功率有何不同。",
            ),
            _m(
                "share_of_wins",
                share_of_wins,
                "you gave each role's share of all the wins: a role we meet often wins often without winning more of its calls; divide by that role's calls.",
                "给的是各类对象在全部成功中所占的份额:见得多的对象赢得也多,但不代表每次拜访更容易成功;应除以该对象的拜访次数。",
            ),
        ),
    ),
    PairsQuestion(
        "q3",
        decider_map,
        capability="relationship",
        skill="judgement",
        what="what_decider_map",
        columns=("prospect_id", "role"),
        valid=lambda ctx: {
            "prospect_id": set(ctx.book.tables["prospects"]["prospect_id"]),
            "role": set(cat.ROLE_CODES),
        },
        hints=(
            t(
                "Who signs at each prospect? The people we met often told us; read what they said, not who said it.",
                "每家潜在客户由谁拍板?我们见到的人往往已经说过;要看他们说了谁,而不是谁在说。",
            ),
            t(
                "decider_named records whom the person met named as the decider; it is empty when it did not come up.",
                "decider_named 记录了受访者所说的决策人;没谈到时为空。",
            ),
            t(
                "Keep the calls that named someone; for each prospect take its latest such call.",
                "只保留谈到决策人的拜访;每家潜在客户取最近的一次。",
            ),
        ),
        solution_text=code("""
named = calls.dropna(subset=['decider_named']).sort_values(['prospect_id', 'date'])
named = named.groupby('prospect_id').tail(1)
named[['prospect_id', 'decider_named']].rename(columns={'decider_named': 'role'})
"""),
        points=2,
        mistakes=(
            _m(
                "met",
                decider_met,
                "you mapped the person we met, not the one they named as the decider: the cashier we saw may only pass the file on.",
                "记的是我们见到的人,而不是对方说的决策人:见到的出纳可能只是转交材料的人。",
            ),
            _m(
                "by_size",
                decider_by_size,
                "you guessed the decider from the firm's size (the owner of a small firm, the CFO of a larger one): that is the fallback when nobody asked; where the call named the decider, the notes win.",
                "按企业规模猜决策人(小企业找老板、大企业找财务总监):那是没问过时的退路;拜访中已谈到决策人的,以纪要为准。",
            ),
        ),
    ),
    RankingQuestion(
        "q4",
        biggest_open,
        capability="relationship",
        skill="data",
        what="what_ranking",
        hints=(
            t(
                "Which open prospects would bring the most money to the bank: the ones already trading most with our clients.",
                "哪些尚未拿下的潜在客户能给本行带来最多资金?就是与我行客户往来最多的那些。",
            ),
            t(
                "Only prospects still to win (Q1); size them by their payments over the last 12 months.",
                "只看尚未拿下的潜在客户(第 1 题);按最近 12 个月的往来金额衡量规模。",
            ),
            t("Five ids, largest first.", "给出五个编号,从大到小。"),
        ),
        solution_text=code(
            "flow.reindex(still_open).sort_values(ascending=False).index[:5].tolist()"
        ),
        points=2,
        mistakes=(
            _m(
                "won_included",
                biggest_with_won,
                "you ranked prospects already won among the biggest: they are clients now; rank only the ones still to win.",
                "把已经拿下的潜在客户也排了进去:它们已是我行客户;只排尚未拿下的。",
            ),
            _m(
                "revenue",
                biggest_by_revenue,
                "you ranked by the prospect's estimated revenue: what matters here is how much it already trades with our clients, the flow we can bring home.",
                "按潜在客户的估计营收排序:这里要看的是它与我行客户已有多少往来,也就是我们能拿回来的资金流。",
            ),
        ),
    ),
    ScoredQuestion(
        "q5",
        capability="relationship",
        skill="method",
        what="what_visit_plan",
        columns=("prospect_id", "need", "role", "colleague"),
        valid=prospects_valid,
        scorer=score_plan,
        pass_at=0.15,
        score_format="{:.0%}",
        max_rows=VISITS,
        points=3,
        hints=(
            t(
                "Thirty visits in a quarter: go where the money is, open with what the firm needs, and meet the one who decides.",
                "一个季度三十次拜访:去资金多的地方,从企业的需要切入,见能拍板的人。",
            ),
            t(
                "Rank the open prospects by size; the calls tell you which approach wins (Q2) and who decides (Q3).",
                "按规模给尚未拿下的潜在客户排序;过去的拜访告诉你哪种做法奏效(第 2 题)、由谁拍板(第 3 题)。",
            ),
            t(
                "Open with the need the notes heard (casekit.note_keywords.needs_in), meet the named "
                "decider (else the owner of a small firm, the CFO of a larger one), bring "
                "cat.NEED_SPECIALIST[need].",
                "从纪要中听到的需求切入(casekit.note_keywords.needs_in),去见对方所说的决策人(没问过的:"
                "小企业见老板、大企业见财务总监),带上 cat.NEED_SPECIALIST[need]。",
            ),
        ),
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
        mistakes=(
            _m(
                "habit",
                habit_plan,
                "you planned the habit: the biggest payers, a working-capital loan for all and the cashier at every door; open with the need the notes heard and meet the one who decides.",
                "按老习惯做计划:只挑往来最大的、人人推流动资金贷款、每家都找出纳;应从纪要中听到的需求切入,去见拍板的人。",
            ),
        ),
    ),
    ReflectionQuestion(
        "q6",
        lambda ctx: None,
        capability="relationship",
        skill="judgement",
        points=0,
        hints=(
            t(
                "How would you get the anchor client to introduce you?",
                "你会如何请核心客户为你引荐?",
            ),
        ),
    ),
    DecisionQuestion(
        "q7",
        side_first,
        capability="relationship",
        skill="judgement",
        options=tuple(SIDES),
        option_labels=SIDES,
        points=2,
        rubric=(
            t(
                "compares the open prospects' trade with our clients on each side of the chain",
                "比较产业链两端尚未拿下的潜在客户与我行客户的往来规模",
            ),
            t(
                "names what the anchor client can do to introduce that side",
                "说明核心客户能怎样为这一端引荐",
            ),
            t(
                "says what product opens the door there (supply-chain finance, working capital …)",
                "说明用什么产品打开局面(供应链融资、流动资金贷款……)",
            ),
        ),
        hints=(
            t(
                "A branch with a quarter to spend starts where the money already flows: which side of the anchor trades more with our clients?",
                "一个季度的精力有限,先从资金已经在流动的那一端做起:核心客户的哪一端与我行客户往来更多?",
            ),
            t(
                "Sum the last twelve months' flow of the open prospects (Q1) by direction: 'out' is a supplier our client pays, 'in' a buyer.",
                "把尚未拿下的潜在客户(第 1 题)最近十二个月的往来按 direction 加总:'out' 是我行客户付款的供应商,'in' 是买方。",
            ),
        ),
        solution_text=code("""
side = payments.drop_duplicates('prospect_id').set_index('prospect_id')['direction']
open_flow = flow.reindex(still_open)
supplier = side.reindex(open_flow.index).eq('out')
{'decision': 'suppliers' if open_flow[supplier].sum() >= open_flow[~supplier].sum() else 'buyers',
 'why': 'The open prospects on this side already trade more with our clients, so the anchor can introduce them and our finance follows money that is there already.'}
"""),
    ),
)

__all__ = ["QUESTIONS", "TITLE"]
