"""Exercise 10 · Business sandbox (经营沙盘).

The method of case 10: read the hand-over (whom, where the deposits are, which stage to speed
up), then plan eight quarters. The plan (``sandbox.plan``; in practice also a played run's
``sim.record()``) is handed in as plain data: its decisions are replayed here, on the trainee's
bank with the exercise's settings and the bank's own seed, and scored between doing nothing and
the best known policy; the outcomes a record claims are never trusted. The hand-over needs no
truth, so every question but the plan's score can be answered from an assessment pack.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from casekit.exercises.common import t
from casekit.messages import say
from casekit.questions import (
    MISTAKE_CAP,
    ChoiceQuestion,
    DecisionQuestion,
    Mistake,
    NumberQuestion,
    Question,
    ReflectionQuestion,
    Verdict,
)
from casekit.sandbox import rules as R

TITLE = t("Exercise 10 · Business sandbox", "练习十 · 经营沙盘")
QUARTERS = 8  # the exercise's run: eight quarters on the default budgets
# Full credit from a score of 0.2 (casekit.sandbox.charts.run_score: the mean, over the four
# lenses and 综合贡献度, of the way from doing nothing to the best known policy): the reference
# plan made at the hand-over scores about 0.26–0.6 on the banks the tests use, the scripted
# policy played quarter by quarter 0.5–0.8, hours spent at random about 0.05, a plan that
# funds no service improvement 0.05–0.12.
PASS_AT = 0.2
STAGES = ("reviewed", "approved", "processed")
# Below this many clients handed over, 240 RM hours a quarter reach most of the book, and hours
# spent at random score about as well as a plan (measured: random 0.2-0.48 at 50-100 clients,
# up to 0.31 at 200, at most 0.19 from 400 clients on): the plan question says so.


# --- known wrong methods -------------------------------------------------------------------


@dataclass(frozen=True)
class PlanMistake(Mistake):
    """A known wrong way to plan, seen in the decisions themselves (``sees``), whatever the
    exact rows: a plan is long, and two trainees never write the same one."""

    sees: Callable[[list, Any], bool] = lambda decisions, ctx: False


@dataclass
class RunQuestion(Question):
    """Eight quarters of decisions as plain data (a plan made at the hand-over, or a run played
    quarter by quarter), replayed from the decisions on the trainee's bank with the exercise's
    settings and scored between doing nothing (0) and the best known policy (1). A plan made
    by a declared wrong method earns at most ``MISTAKE_CAP``, even where it happens to score."""

    pass_at: float = PASS_AT
    too_small: Callable[[Any], str | None] | None = None  # a reason the bank cannot carry it
    kind: ClassVar[str] = "scored"

    def validate(self, plain: Any) -> str | None:
        ok = (
            isinstance(plain, dict)
            and isinstance(plain.get("decisions"), list)
            and all(isinstance(q, list) for q in plain["decisions"])
        )
        if not ok:
            got = type(plain).__name__ if not isinstance(plain, dict) else f"keys {sorted(plain)}"
            return say("sb_not_record", self.lang, got=got[:80])
        if len(plain["decisions"]) != QUARTERS:
            return say(
                "sb_record_short", self.lang, done=len(plain["decisions"]), quarters=QUARTERS
            )
        hours = plain.get("hours_budget", R.DEFAULT_HOURS_BUDGET)
        if hours != R.DEFAULT_HOURS_BUDGET:
            return say(
                "sb_record_other_budget", self.lang, hours=hours, budget=R.DEFAULT_HOURS_BUDGET
            )
        return None

    def mistake_of(self, plain: Any) -> Mistake | None:
        """The declared wrong way of planning these decisions show, or None."""
        for m in self.mistakes:
            if isinstance(m, PlanMistake) and m.sees(plain["decisions"], self.context):
                return m
        return None

    def grade(self, plain: Any, expected: Any) -> Verdict:
        from casekit import sandbox as sb
        from casekit.sandbox.charts import SCORED, run_score

        reason = self.too_small(self.context) if self.too_small else None
        if reason:
            return self._verdict(
                "correct", say("check_too_small", self.lang, reason=reason), 1.0, plain
            )
        # The exercise's own settings and the bank's own seed, never the record's: a lucky
        # seed is not a decision.
        record = {"quarters": QUARTERS, "decisions": plain["decisions"]}
        sim = sb.replay(self.context.book, record, lang=self.lang, lenient=True)
        mine = sim.metrics()
        base, best = expected["do_nothing"], expected["best_known"]
        score, parts = run_score(mine, base, best)
        detail = say(
            "sb_run_score",
            self.lang,
            **{k: parts[k] for k, _ in SCORED},
            mine=mine["contribution"],
            base=base["contribution"],
            best=best["contribution"],
        )
        notes = ""
        if sim.dropped:
            notes += say("sb_dropped", self.lang, rows=sim.dropped)
        if plain.get("scorecard") is not None and not sb.claims_match(sim, plain):
            notes += say("sb_claims_ignored", self.lang)
        shown, need = f"{score:.0%}", f"{self.pass_at:.0%}"
        share = min(1.0, max(0.0, score) / self.pass_at)
        mistake = self.mistake_of(plain)
        if mistake is not None:
            credit = min(share, MISTAKE_CAP)
            key = "check_scored_mistake" if score < self.pass_at else "check_scored_mistake_lucky"
            msg = say(
                key,
                self.lang,
                mistake=mistake.text(self.lang),
                score=shown,
                need=need,
                credit=credit,
            )
            # The lenses after the named mistake: what the plan did, replayed.
            sep = "" if self.lang == "zh" else " "
            return self._verdict("incorrect", msg + sep + detail + notes, credit, plain)
        if score >= self.pass_at:
            msg = say("check_scored_pass", self.lang, score=shown, detail=detail + notes)
            return self._verdict("correct", msg, 1.0, plain)
        msg = say(
            "check_scored_off",
            self.lang,
            score=shown,
            need=need,
            credit=share,
            detail=detail + notes,
        )
        return self._verdict("incorrect", msg, share, plain)


FIRST = {
    "risk_first": t("deal with the red warnings first", "先处置红色预警"),
    "growth_first": t("grow the relationships first", "先拓展客户关系"),
}


QUESTIONS = (
    NumberQuestion(
        "q1",
        capability="client_info",
        skill="data",
        hints=(
            t(
                "A hand-over lists the relationships you take on: a client who closed its accounts before it is no longer yours, a client who moved part of its business is.",
                "交接清单列的是你接手的客户关系：交接前已销户的客户不再归你，把部分业务转走的客户仍然归你。",
            ),
            t(
                "handover['panel'] has one row per client still with the bank, with its status (active or partial).",
                "handover['panel'] 每行是一位仍在本行的客户，并注明状态（active 或 partial）。",
            ),
        ),
        abs_tol=0.5,
        rel_tol=0.0,
        mistakes=(
            Mistake(
                "all_clients",
                t(
                    "you counted every client the branch has ever had, those who left before the hand-over too: you take over only the relationships still with the bank.",
                    "把支行所有客户都算进来了，包括交接前已流失的：你接手的只是仍在本行的客户关系。",
                ),
            ),
            Mistake(
                "active_only",
                t(
                    "you left out the clients who have moved part of their business elsewhere (status partial): they are still handed over to you, and they are the first to win back.",
                    "漏掉了已把部分业务转走的客户（状态 partial）：他们仍交接给你，而且是最该挽回的客户。",
                ),
            ),
        ),
    ),
    NumberQuestion(
        "q2",
        capability="client_info",
        skill="data",
        hints=(
            t(
                "A branch's deposits are judged on what the clients keep on an ordinary day over the quarter, not on the balance of one date that money parked for the snapshot can inflate.",
                "支行的存款看的是客户整个季度平日里留存的资金，而不是某一天的时点余额：时点余额可以被冲时点的资金抬高。",
            ),
            t(
                "Each client's daily average over the last quarter is the mean of the last three months' deposit_avg; handover['panel']['deposit_avg'] holds it. Sum it over the clients handed over.",
                "每位客户上一季度的日均存款是最近三个月 deposit_avg 的平均值；handover['panel']['deposit_avg'] 就是它。对交接的客户求和。",
            ),
        ),
        rel_tol=0.001,
        unit="万元",
        mistakes=(
            Mistake(
                "month_end",
                t(
                    "you added up the month-end balances on the hand-over date (deposit_month_end): deposits are judged on the daily average, which money parked for the month-end snapshot cannot inflate.",
                    "用交接日的月末余额（deposit_month_end）加总了：存款要看日均余额，为月末时点停放的资金抬不高它。",
                ),
            ),
            Mistake(
                "quarter_sum",
                t(
                    "you added up three months of daily averages: a quarter's daily average is their mean, not their sum.",
                    "把三个月的日均余额加起来了：一个季度的日均是三个月的平均值，不是总和。",
                ),
            ),
        ),
    ),
    NumberQuestion(
        "q3",
        capability="data_analysis",
        skill="method",
        hints=(
            t(
                "Whom to visit starts with concentration: if our 20 biggest depositors moved their money, what share of the deposits handed over would go?",
                "拜访谁，先看集中度：如果最大的 20 户存款客户把钱转走，交接的存款会少掉多大比例？",
            ),
            t(
                "The 20 largest deposit_avg of the clients handed over (nlargest(20)) over their total; 1 if 20 or fewer are handed over.",
                "交接客户中 deposit_avg 最大的 20 户（nlargest(20)）之和除以总额；交接客户不足 20 户时为 1。",
            ),
        ),
        rel_tol=0.01,
        form="0-1",
        mistakes=(
            Mistake(
                "loans",
                t(
                    "you measured the 20 largest borrowers' share of loans: the question is about deposits, the money a departing client takes with it.",
                    "算的是最大 20 户借款人的贷款占比：本题问的是存款，即客户离开时会带走的资金。",
                ),
            ),
            Mistake(
                "month_end",
                t(
                    "you measured concentration on month-end balances (deposit_month_end), which money parked for the snapshot inflates: use the daily averages.",
                    "用月末余额（deposit_month_end）衡量集中度，而月末余额会被冲时点的资金抬高：请用日均余额。",
                ),
            ),
        ),
    ),
    ChoiceQuestion(
        "q4",
        capability="service",
        skill="method",
        options=STAGES,
        label_kind="stage",
        hints=(
            t(
                "A service improvement speeds up one stage; as in case 3, the stage where requests queue longest pays most. Time each stage from the stamp before it, and judge a typical request, not the few that got stuck.",
                "一项服务改进只能提速一个环节；和案例三一样，请求排队最久的环节提速回报最大。每个环节从上一个时间戳起算，看典型的请求，而不是少数卡住的请求。",
            ),
            t(
                "Median hours between accepted_at, reviewed_at, approved_at and processed_at in book.service_requests.",
                "计算 book.service_requests 中 accepted_at、reviewed_at、approved_at、processed_at 相邻两者之间耗时的中位数。",
            ),
        ),
        mistakes=(
            Mistake(
                "since_acceptance",
                t(
                    "you timed every stage from the request's acceptance, so each later stage carries the earlier ones' time and 办理 always looks slowest: time a stage from the stamp before it.",
                    "每个环节都从受理时间起算了，后面的环节就包含了前面环节的耗时，办理总显得最慢：每个环节应从上一个时间戳起算。",
                ),
            ),
        ),
    ),
    RunQuestion(
        "q5",
        capability="maintenance",
        skill="judgement",
        what="what_sandbox_run",
        points=4,
        hints=(
            t(
                "Think as the new RM would: limit the losses the warnings announce, keep the largest relationships close, and fix what every client suffers from, the slowest stage of service.",
                "像新任客户经理那样想：先控制预警所预示的损失，守住最大的客户关系，再解决每位客户都受其影响的问题，即服务最慢的环节。",
            ),
            t(
                "Decide each quarter's rows from the hand-over: respond to the orange and red warnings, visit the largest relationships (a different quarter of them each quarter), and fund the slowest stage (Q4) and 回访 every quarter.",
                "根据交接数据决定每个季度的决策：处置橙色和红色预警，拜访业务规模最大的客户（每季度轮换其中四分之一），并每季度出资提速最慢的环节（第 4 题）和开展回访。",
            ),
            t(
                "Hand in sandbox.plan(book, tables) with one table per quarter (eight), or in practice sim.record() of a run you played; full credit from a score of 0.2: the mean, over the four lenses and 综合贡献度, of the way from doing nothing to the best known policy.",
                "提交 sandbox.plan(book, tables)（每季度一张表，共八张），练习模式下也可提交你实际运行的 sim.record()；得分达到 0.2 即得满分：得分是在四个视角和综合贡献度上，从“什么也不做”走向“已知最优”的距离比例的平均值。",
            ),
        ),
        mistakes=(
            PlanMistake(
                "no_service",
                t(
                    "you spent every hour on the clients and none of the service budget: visits reach a few clients, while a faster stage and 回访 reach every client who files a request.",
                    "把工时都花在了客户身上，服务改进预算一分没用：拜访只能覆盖少数客户，而提速环节和回访惠及每一位办理业务的客户。",
                ),
            ),
            PlanMistake(
                "other_stage",
                t(
                    "you funded a stage that is not the slowest: speeding up a stage where requests do not queue barely shortens the wait; fund the bottleneck (Q4).",
                    "出资提速的不是最慢的环节：请求并不在那里排队，提速它几乎缩短不了等待时间；应提速瓶颈环节（第 4 题）。",
                ),
            ),
        ),
    ),
    ReflectionQuestion(
        "q6",
        capability="evaluation",
        skill="judgement",
        points=0,
        hints=(
            t(
                "Which of your decisions would you keep, and which would you change after the debrief?",
                "复盘之后，你会保留哪些决策、改变哪些决策？",
            ),
        ),
    ),
    DecisionQuestion(
        "q7",
        capability="risk",
        skill="judgement",
        options=("risk_first", "growth_first"),
        option_labels=FIRST,
        points=2,
        rubric=(
            t(
                "names the clients with red warnings at the hand-over (or says there are none) and the loans at stake",
                "列出交接时有红色预警的客户（或说明没有）及涉及的贷款",
            ),
            t(
                "says which response each gets (restructure, reduce exposure or exit) and why",
                "说明对每户采取哪种处置（重组、压降或退出）及理由",
            ),
            t(
                "says how the rest of the first quarter's hours go (which clients to visit, which stage to fund)",
                "说明第一个季度其余工时如何安排（拜访哪些客户、提速哪个环节）",
            ),
        ),
        hints=(
            t(
                "A red warning (wages or production stopped) announces a default: each quarter lost makes the loss larger. Without one, growth can come first.",
                "红色预警（欠薪、停产）预示着违约：每耽误一个季度，损失就更大。没有红色预警时，可以先抓拓展。",
            ),
            t(
                "risk_first if handover['warnings'] has any red level; else growth_first.",
                "handover['warnings'] 中有任何红色(red)预警选 risk_first,否则选 growth_first。",
            ),
        ),
    ),
)
