"""Exercise 7 · Winning new clients along the supply chain (产业链获客).

The method of case 7: find the prospects in the payments, learn from the past calls which
approach wins, map who decides, rank the prospects, and plan thirty first visits scored
against what the prospects really needed.
"""

from __future__ import annotations

from typing import Any

from casekit import catalog as cat
from casekit.evaluate.prospects import VISITS
from casekit.exercises.common import t
from casekit.questions import (
    DecisionQuestion,
    Mistake,
    NumberQuestion,
    RankingQuestion,
    ReflectionQuestion,
)
from casekit.table_questions import PairsQuestion, ScoredQuestion, TableQuestion

TITLE = t("Exercise 7 · Winning new clients along the supply chain", "练习七 · 沿产业链获取新客户")


def _m(key: str, en: str, zh: str) -> Mistake:
    return Mistake(key, t(en, zh))


SIDES = {"suppliers": t("the suppliers", "上游供应商"), "buyers": t("the buyers", "下游客户")}


def prospects_valid(ctx: Any) -> dict[str, set[str]]:
    """Prospect ids of the trainee's book and the codes a plan may use."""
    return {
        "prospect_id": set(ctx.book.tables["prospects"]["prospect_id"]),
        "need": set(cat.PROSPECT_NEED_CODES),
        "role": set(cat.ROLE_CODES),
        "colleague": set(cat.COLLEAGUE_CODES),
    }


QUESTIONS = (
    NumberQuestion(
        "q1",
        capability="relationship",
        skill="data",
        hints=(
            t(
                "Your clients pay and are paid by firms that bank elsewhere: which of them, not yet won, did business with our clients this past year?",
                "我行客户的上下游企业很多在别的银行开户：其中尚未拿下、过去一年与我行客户有生意往来的有几家？",
            ),
            t(
                "A prospect is still to win unless one of the past calls (prospect_contacts) won it.",
                "除非过去的某次拜访（prospect_contacts）已经拿下，否则潜在客户都算尚未拿下。",
            ),
            t(
                "Sum book.tables['payments'] by prospect_id over the last 12 months; count those above zero.",
                "把最近 12 个月的 book.tables['payments'] 按 prospect_id 加总，数一数大于零的有多少。",
            ),
        ),
        rel_tol=0.0,
        abs_tol=0.5,
        unit="prospects",
        mistakes=(
            _m(
                "won_counted",
                "you counted prospects we have already won as still open: a won firm is a client now, not a prospect.",
                "把已经拿下的潜在客户也算作尚未拿下：拿下的企业已是我行客户，不再是潜在客户。",
            ),
            _m(
                "listed",
                "you counted every name on the prospect list: the open ones that actually traded with our clients last year are the ones worth a visit.",
                "把名单上的所有潜在客户都算上了：值得拜访的是去年确实与我行客户有往来、且尚未拿下的。",
            ),
            _m(
                "ever",
                "you counted prospects that traded with our clients at any time: a firm that stopped trading years ago is a cold lead; look at the last twelve months.",
                "数的是任何时候与我行客户有过往来的潜在客户：多年前就停止往来的企业已是冷线索；应看最近十二个月。",
            ),
        ),
    ),
    TableQuestion(
        "q2",
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
                "上门之前先问问团队：过去见出纳、见老板、见财务总监，各自有多大把握拿下？",
            ),
            t(
                "Each row of prospect_contacts is a call; result 'won' means it won the prospect.",
                "prospect_contacts 每一行是一次拜访；result 为 'won' 表示拿下了客户。",
            ),
            t("The mean of that flag per met_role.", "按 met_role 求该标记的均值。"),
        ),
        points=2,
        mistakes=(
            _m(
                "all_calls",
                "you gave every role the win rate of all calls together: the point is how the rate differs by the person met.",
                "给每类对象填的都是全部拜访的总成功率：要看的恰恰是见不同的人成功率有何不同。",
            ),
            _m(
                "share_of_wins",
                "you gave each role's share of all the wins: a role we meet often wins often without winning more of its calls; divide by that role's calls.",
                "给的是各类对象在全部成功中所占的份额：见得多的对象赢得也多，但不代表每次拜访更容易成功；应除以该对象的拜访次数。",
            ),
        ),
    ),
    PairsQuestion(
        "q3",
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
                "每家潜在客户由谁拍板？我们见到的人往往已经说过；要看他们说了谁，而不是谁在说。",
            ),
            t(
                "decider_named records whom the person met named as the decider; it is empty when it did not come up.",
                "decider_named 记录了受访者所说的决策人；没谈到时为空。",
            ),
            t(
                "Keep the calls that named someone; for each prospect take its latest such call.",
                "只保留谈到决策人的拜访；每家潜在客户取最近的一次。",
            ),
        ),
        points=2,
        mistakes=(
            _m(
                "met",
                "you mapped the person we met, not the one they named as the decider: the cashier we saw may only pass the file on.",
                "记的是我们见到的人，而不是对方说的决策人：见到的出纳可能只是转交材料的人。",
            ),
            _m(
                "by_size",
                "you guessed the decider from the firm's size (the owner of a small firm, the CFO of a larger one): that is the fallback when nobody asked; where the call named the decider, the notes win.",
                "按企业规模猜决策人（小企业找老板、大企业找财务总监）：那是没问过时的退路；拜访中已谈到决策人的，以纪要为准。",
            ),
        ),
    ),
    RankingQuestion(
        "q4",
        capability="relationship",
        skill="data",
        what="what_ranking",
        hints=(
            t(
                "Which open prospects would bring the most money to the bank: the ones already trading most with our clients.",
                "哪些尚未拿下的潜在客户能给本行带来最多资金？就是与我行客户往来最多的那些。",
            ),
            t(
                "Only prospects still to win (Q1); size them by their payments over the last 12 months.",
                "只看尚未拿下的潜在客户（第 1 题）；按最近 12 个月的往来金额衡量规模。",
            ),
            t("Five ids, largest first.", "给出五个编号，从大到小。"),
        ),
        points=2,
        mistakes=(
            _m(
                "won_included",
                "you ranked prospects already won among the biggest: they are clients now; rank only the ones still to win.",
                "把已经拿下的潜在客户也排了进去：它们已是我行客户；只排尚未拿下的。",
            ),
            _m(
                "revenue",
                "you ranked by the prospect's estimated revenue: what matters here is how much it already trades with our clients, the flow we can bring home.",
                "按潜在客户的估计营收排序：这里要看的是它与我行客户已有多少往来，也就是我们能拿回来的资金流。",
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
        pass_at=0.15,
        score_format="{:.0%}",
        max_rows=VISITS,
        points=3,
        hints=(
            t(
                "Thirty visits in a quarter: go where the money is, open with what the firm needs, and meet the one who decides.",
                "一个季度三十次拜访：去资金多的地方，从企业的需要切入，见能拍板的人。",
            ),
            t(
                "Rank the open prospects by size; the calls tell you which approach wins (Q2) and who decides (Q3).",
                "按规模给尚未拿下的潜在客户排序；过去的拜访告诉你哪种做法奏效（第 2 题）、由谁拍板（第 3 题）。",
            ),
            t(
                "Open with the need the notes heard (casekit.note_keywords.needs_in), meet the named "
                "decider (else the owner of a small firm, the CFO of a larger one), bring "
                "cat.NEED_SPECIALIST[need].",
                "从纪要中听到的需求切入（casekit.note_keywords.needs_in），去见对方所说的决策人（没问过的："
                "小企业见老板、大企业见财务总监），带上 cat.NEED_SPECIALIST[need]。",
            ),
        ),
        mistakes=(
            _m(
                "habit",
                "you planned the habit: the biggest payers, a working-capital loan for all and the cashier at every door; open with the need the notes heard and meet the one who decides.",
                "按老习惯做计划：只挑往来最大的、人人推流动资金贷款、每家都找出纳；应从纪要中听到的需求切入，去见拍板的人。",
            ),
        ),
    ),
    ReflectionQuestion(
        "q6",
        capability="relationship",
        skill="judgement",
        points=0,
        hints=(
            t(
                "How would you get the anchor client to introduce you?",
                "你会如何请核心客户为你引荐？",
            ),
        ),
    ),
    DecisionQuestion(
        "q7",
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
                "说明用什么产品打开局面（供应链融资、流动资金贷款……）",
            ),
        ),
        hints=(
            t(
                "A branch with a quarter to spend starts where the money already flows: which side of the anchor trades more with our clients?",
                "一个季度的精力有限，先从资金已经在流动的那一端做起：核心客户的哪一端与我行客户往来更多？",
            ),
            t(
                "Sum the last twelve months' flow of the open prospects (Q1) by direction: 'out' is a supplier our client pays, 'in' a buyer.",
                "把尚未拿下的潜在客户（第 1 题）最近十二个月的往来按 direction 加总：'out' 是我行客户付款的供应商，'in' 是买方。",
            ),
        ),
    ),
)

__all__ = ["QUESTIONS", "TITLE"]
