"""Exercise 10 · Business sandbox (经营沙盘).

The method of case 10: read the hand-over (whom, where the deposits are, which stage to speed
up), then plan eight quarters. The plan (``sandbox.plan``; in practice also a played run's
``sim.record()``) is handed in as plain data: its decisions are replayed here, on the trainee's
bank with the exercise's settings and the bank's own seed, and scored between doing nothing and
the best known policy; the outcomes a record claims are never trusted. The hand-over needs no
truth, so every question can be answered from an assessment pack.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from casekit.exercises.common import code, t
from casekit.messages import say
from casekit.questions import ChoiceQuestion, NumberQuestion, Question, ReflectionQuestion, Verdict
from casekit.sandbox import rules as R

TITLE = t("Exercise 10 · Business sandbox", "练习十 · 经营沙盘")
QUARTERS = 8  # the exercise's run: eight quarters on the default budgets
# Full credit from a score of 0.2 (casekit.sandbox.charts.run_score: the mean, over the four
# lenses and 综合贡献度, of the way from doing nothing to the best known policy): a plan made at
# the hand-over scores about 0.3–0.55, the scripted policy played quarter by quarter 0.5–0.8,
# hours spent at random about 0.05.
PASS_AT = 0.2
STAGES = ("reviewed", "approved", "processed")


def _handover(ctx: Any) -> dict:
    from casekit.sandbox.handover import handover

    cache = ctx.__dict__.setdefault("_sandbox_handover", {})
    if not cache:
        cache.update(handover(ctx.book))
    return cache


def _here(ctx: Any) -> Any:
    panel = _handover(ctx)["panel"]
    return panel[panel["status"] != "gone"]


def handed_over(ctx: Any) -> int:
    """Clients still with the bank at the hand-over."""
    return len(_here(ctx))


def deposits_handed_over(ctx: Any) -> float:
    """Their deposits at the hand-over (万元, daily average of the book's last quarter)."""
    return float(_here(ctx)["deposit_avg"].sum())


def top20_share(ctx: Any) -> float:
    """The share of those deposits held by the 20 largest depositors."""
    dep = _here(ctx)["deposit_avg"]
    return float(dep.nlargest(20).sum() / dep.sum())


def slowest_stage(ctx: Any) -> str:
    """The stage (审核, 审批 or 办理) with the longest median time in the book's requests."""
    sr = ctx.book.service_requests
    stamps = ["accepted_at", "reviewed_at", "approved_at", "processed_at"]
    waits = {
        stage: float((sr[b] - sr[a]).dt.total_seconds().median())
        for stage, a, b in zip(STAGES, stamps, stamps[1:], strict=False)
    }
    return max(waits, key=waits.get)


def references(ctx: Any) -> dict[str, dict[str, float]]:
    """The two references a run is scored against: doing nothing and the best known policy."""
    from casekit import sandbox as sb

    cache = ctx.__dict__.setdefault("_sandbox_refs", {})
    if not cache:
        for name, policy in (("do_nothing", sb.do_nothing), ("best_known", sb.best_known)):
            cache[name] = sb.start(ctx.book, quarters=QUARTERS, lang=ctx.lang).run(policy).metrics()
    return dict(cache)


@dataclass
class RunQuestion(Question):
    """Eight quarters of decisions as plain data (a plan made at the hand-over, or a run played
    quarter by quarter), replayed from the decisions on the trainee's bank with the exercise's
    settings and scored between doing nothing (0) and the best known policy (1)."""

    pass_at: float = PASS_AT
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

    def grade(self, plain: Any, expected: Any) -> Verdict:
        from casekit import sandbox as sb
        from casekit.sandbox.charts import SCORED, run_score

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
        if sim.dropped:
            detail += say("sb_dropped", self.lang, rows=sim.dropped)
        if plain.get("scorecard") is not None and not sb.claims_match(sim, plain):
            detail += say("sb_claims_ignored", self.lang)
        shown, need = f"{score:.0%}", f"{self.pass_at:.0%}"
        if score >= self.pass_at:
            msg = say("check_scored_pass", self.lang, score=shown, detail=detail)
            return self._verdict("correct", msg, 1.0, plain)
        msg = say("check_scored_off", self.lang, score=shown, need=need, detail=detail)
        return self._verdict("incorrect", msg, max(0.0, score) / self.pass_at, plain)


QUESTIONS = (
    NumberQuestion(
        "q1",
        handed_over,
        capability="client_info",
        skill="data",
        hints=(
            t(
                "sim.observe()['panel'] lists every client at the hand-over, with a status.",
                "sim.observe()['panel'] 列出交接时的每位客户及其状态(status)。",
            ),
            t(
                "Count the rows whose status is not 'gone'.",
                "统计 status 不是 'gone' 的行数。",
            ),
        ),
        solution_text=code("(sim.observe()['panel']['status'] != 'gone').sum()"),
        abs_tol=0.5,
        rel_tol=0.0,
    ),
    NumberQuestion(
        "q2",
        deposits_handed_over,
        capability="client_info",
        skill="data",
        hints=(
            t(
                "The panel's deposit_avg is each client's daily average deposit (万元).",
                "panel 的 deposit_avg 是每位客户的日均存款(万元)。",
            ),
            t(
                "Sum it over the clients still here.",
                "对仍在本行的客户求和。",
            ),
        ),
        solution_text=code("here['deposit_avg'].sum()  # here: the panel's clients not 'gone'"),
        rel_tol=0.001,
        unit="万元",
    ),
    NumberQuestion(
        "q3",
        top20_share,
        capability="data_analysis",
        skill="data",
        hints=(
            t(
                "Rank the clients still here by deposit_avg; whom to visit starts with concentration.",
                "把仍在本行的客户按 deposit_avg 排序;拜访谁,先看集中度。",
            ),
            t(
                "The 20 largest deposits (nlargest(20)) over the total.",
                "最大的 20 笔存款(nlargest(20))之和除以总额。",
            ),
        ),
        solution_text=code("here['deposit_avg'].nlargest(20).sum() / here['deposit_avg'].sum()"),
        rel_tol=0.01,
        unit="0.3 = 30%",
    ),
    ChoiceQuestion(
        "q4",
        slowest_stage,
        capability="service",
        skill="method",
        options=STAGES,
        hints=(
            t(
                "A service improvement speeds up one stage; the slowest one (as in case 3) pays most.",
                "一项服务改进只能提速一个环节;提速最慢的环节(见案例三)回报最大。",
            ),
            t(
                "Median hours between accepted_at, reviewed_at, approved_at and processed_at in book.service_requests.",
                "计算 book.service_requests 中 accepted_at、reviewed_at、approved_at、processed_at 之间耗时的中位数。",
            ),
        ),
        solution_text=code("max(waits, key=waits.get)  # waits: median hours of each stage"),
    ),
    RunQuestion(
        "q5",
        references,
        capability="maintenance",
        skill="judgement",
        what="what_sandbox_run",
        points=4,
        hints=(
            t(
                "Decide each quarter's rows from the hand-over: act on the orange and red warnings, visit the largest relationships (a different quarter of them each quarter), and fund the slowest stage and 回访.",
                "根据交接数据决定每个季度的决策:处置橙色和红色预警,拜访业务规模最大的客户(每季度轮换其中四分之一),并出资提速最慢的环节和开展回访。",
            ),
            t(
                "Hand in sandbox.plan(book, tables) with one table per quarter (eight), or in practice sim.record() of a run you played; full credit from a score of 0.2: the mean, over the four lenses and 综合贡献度, of the way from doing nothing to the best known policy.",
                "提交 sandbox.plan(book, tables)(每季度一张表,共八张),练习模式下也可提交你实际运行的 sim.record();得分达到 0.2 即得满分:得分是在四个视角和综合贡献度上,从“什么也不做”走向“已知最优”的距离比例的平均值。",
            ),
        ),
        solution_text=code("sandbox.plan(book, [quarter_table(k) for k in range(8)])"),
    ),
    ReflectionQuestion(
        "q6",
        lambda ctx: None,
        capability="evaluation",
        skill="judgement",
        points=0,
        hints=(
            t(
                "Which of your decisions would you keep, and which would you change after the debrief?",
                "复盘之后,你会保留哪些决策、改变哪些决策?",
            ),
        ),
    ),
)
