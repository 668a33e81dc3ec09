"""Exercise 9 · A success, analysed (成功案例分析), and the team behind it.

The method of case 9: the needs a team met in the order the client agreed, the client's change
of inflows year on year, the team's part against matched clients without a team, the teams'
typical part across the bank, and whether the evidence carries a roll-out.

The module has two parts: first the key (the reference answers and the answers each named
mistake gives, all computed from the trainee's bank), then the questions that declare them.
"""

from __future__ import annotations

from casekit.evaluate.teams import AFTER_FROM, BEFORE
from casekit.exercises.common import t
from casekit.questions import (
    DecisionQuestion,
    Mistake,
    NumberQuestion,
    RankingQuestion,
    ReflectionQuestion,
)

TITLE = t(
    "Exercise 9 · A success, analysed, and the team behind it", "练习九 · 成功案例分析与背后的团队"
)
ROLL_OUT_UPLIFT = 0.15  # a typical uplift worth a roll-out, against matched peers
ROLL_OUT_TEAMS = 5  # fewer team relationships are anecdotes


# ---------------------------------------------------------------- the key (grader's side) ----


assert AFTER_FROM == 12 - BEFORE  # the question texts say "the same six months a year later"


# ------------------------------------------------------------------ the questions ----
def _m(key: str, en: str, zh: str) -> Mistake:
    return Mistake(key, t(en, zh))


CHOICES = {
    "roll_out": t("roll the team model out to the branch", "在全分行推广团队营销模式"),
    "pilot": t("run more pilots before deciding", "先扩大试点再决定"),
}

QUESTIONS = (
    RankingQuestion(
        "q1",
        capability="relationship",
        skill="data",
        what="what_needs_order",
        label_kind="need",
        example="['supply_chain', 'idle_liquidity']",
        hints=(
            t(
                "Walk through the relationship as the RM lived it: what did the client say yes to, first, second?",
                "像客户经理当时经历的那样走一遍：客户先同意了什么，再同意了什么？",
            ),
            t(
                "Take the success's visits in date order; keep the 'agreed' steps and read each one's need from its note.",
                "按日期排列该客户的拜访记录；只保留 'agreed'（客户同意）的环节，从纪要中读出每一条对应的需求。",
            ),
            t(
                "Answer the need codes in order, earliest first; a declined proposal is not a need met.",
                "按时间先后给出需求代码；客户婉拒的方案不算满足的需求。",
            ),
        ),
        points=2,
        mistakes=(
            _m(
                "backwards",
                "you read the timeline backwards: the newest visit first. The order the client said yes in is the story; start from the first joint visit.",
                "把时间线读反了：最新的拜访排在了最前面。客户依次同意的顺序才是经过；应从首次联合拜访往后读。",
            ),
            _m(
                "with_declined",
                "you listed every need proposed, the declined ones too: a proposal the client turned down is not a need the team met.",
                "把提过的每项需求都列了进来，包括被婉拒的：客户拒绝的方案不算团队满足的需求。",
            ),
        ),
    ),
    NumberQuestion(
        "q2",
        capability="data_analysis",
        skill="data",
        hints=(
            t(
                "How much more business ran through us a year after the team came in: compare like with like, the same months of the year.",
                "团队介入一年后，经过我行的业务多了多少？要同口径比较：取一年中相同的月份。",
            ),
            t(
                "The kickoff is the first joint visit. Sum the inflows of the six months before it, and of the same six months a year later.",
                "首次联合拜访即团队介入的起点。分别加总此前六个月和一年后同期六个月的资金流入。",
            ),
            t(
                "Answer later / earlier − 1 (0.25 = +25%).",
                "答案为 后期 / 前期 − 1（0.25 表示 +25%）。",
            ),
        ),
        rel_tol=0.0,
        abs_tol=0.003,
        form="0.25 = +25%",
        mistakes=(
            _m(
                "next_six",
                "you compared the six months right after the kickoff with the six before: other months of the year (the season) and months before any need was met. Take the same six months a year later.",
                "用首次拜访后紧接的六个月与此前六个月比较：月份不同（季节因素），而且那时需求还没有满足。应取一年后的同期六个月。",
            ),
        ),
    ),
    NumberQuestion(
        "q3",
        capability="data_analysis",
        skill="method",
        hints=(
            t(
                "Would the client's flows have grown anyway? Look at firms like it that no team visited.",
                "即使没有团队，这个客户的资金流会不会本来也增长？看看没有团队拜访过的同类企业。",
            ),
            t(
                "Peers: clients without a team, still active and not defaulted, with the same industry, size class and tier (at least 5; else same industry and size; else same industry; else all: the industry's market moves the firm's flows).",
                "同类客户：没有团队服务、仍正常往来且未违约，行业、规模、层级都相同（至少 5 户；不足则只看行业与规模；再不足只看行业；再不足用全部：带动企业资金流的是其所在行业的市场）。",
            ),
            t(
                "Pool the peers' inflows over the same two windows; the team's part is (1 + the client's change) / (1 + the peers' change) − 1.",
                "把同类客户在同样两个时段的资金流入加总；团队的贡献 =（1 + 客户的变化）÷（1 + 同类的变化）− 1。",
            ),
        ),
        rel_tol=0.0,
        abs_tol=0.003,
        form="0.25 = +25%",
        points=2,
        mistakes=(
            _m(
                "whole_market",
                "you credited the team with the client's whole rise: its industry's market moved every firm's flows too. Take out what its matched peers saw over the same months.",
                "把客户的全部增长都记在团队名下：所在行业的市场也带动了每家企业的资金流。应剔除匹配的同类客户同期的变化。",
            ),
            _m(
                "all_clients",
                "you compared with all clients instead of matched ones: a team goes where the market is good, so the client's own industry, size and tier are the fair yardstick.",
                "与全部客户比较，而不是与匹配的同类客户比较：团队往往去市场好的地方，公平的参照是同行业、同规模、同层级的客户。",
            ),
        ),
    ),
    NumberQuestion(
        "q4",
        capability="data_analysis",
        skill="method",
        hints=(
            t(
                "One success is an anecdote: what do teams typically win, across every relationship they worked on?",
                "一个成功案例只是个例：团队在所有服务过的客户上，通常能带来多少？",
            ),
            t(
                "Do Q3's comparison for every client in team_activities, each with its own kickoff and its own peers.",
                "对 team_activities 中的每个客户做第 3 题的比较，各用自己的起点和自己的同类客户。",
            ),
            t("Answer the median of the teams' parts.", "答案为各客户团队贡献的中位数。"),
        ),
        rel_tol=0.0,
        abs_tol=0.003,
        form="0.25 = +25%",
        points=2,
        mistakes=(
            _m(
                "whole_market",
                "you took the teams' before/after as their achievement: that credits them with the whole market rise. Compare each with its matched peers.",
                "把各团队客户自身的前后变化当成了团队的成绩：这是把市场的整体上涨都记在团队名下。应与各自匹配的同类客户比较。",
            ),
            _m(
                "all_clients",
                "you compared every team relationship with all clients instead of matched ones: the teams' industries were not the average market.",
                "每个团队客户都与全部客户比较，而不是与匹配的同类客户比较：团队所在的行业并不是市场平均水平。",
            ),
        ),
    ),
    DecisionQuestion(
        "q5",
        capability="relationship",
        skill="judgement",
        options=tuple(CHOICES),
        option_labels=CHOICES,
        points=2,
        rubric=(
            t(
                "rests on the matched comparison (Q4), not on the success's before/after (Q2)",
                "依据匹配比较（第 4 题），而不是成功案例自身的前后变化（第 2 题）",
            ),
            t(
                "weighs how many team relationships the evidence rests on",
                "考虑证据建立在多少个团队服务客户之上",
            ),
            t(
                "says what the roll-out or the pilot needs from credit and product colleagues",
                "说明推广或试点需要授信和产品部门的同事做什么",
            ),
        ),
        hints=(
            t(
                "Would you bet the branch's specialists' time on this evidence?",
                "凭这些证据，你愿意把分行专业人员的时间押上去吗？",
            ),
            t(
                f"Roll out when at least {ROLL_OUT_TEAMS} team relationships show a typical part of {ROLL_OUT_UPLIFT:.0%} or more against matched peers (Q4); otherwise pilot more.",
                f"至少有 {ROLL_OUT_TEAMS} 个团队服务客户、且与匹配同类相比典型贡献不低于 {ROLL_OUT_UPLIFT:.0%}（第 4 题）时推广；否则先扩大试点。",
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
                "Write the success's lessons in the book's structure (6.2): needs, contact, products, risk, data.",
                "按原书 6.2 的结构写出成功案例的经验：需求、沟通、产品、风险、数据。",
            ),
        ),
    ),
)

__all__ = ["CHOICES", "QUESTIONS", "TITLE"]
