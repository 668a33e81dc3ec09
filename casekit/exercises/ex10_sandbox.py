"""Exercise 10 · Business sandbox (经营沙盘).

The method of case 10: read the hand-over, measure the two references (doing nothing, the best
known policy), play eight quarters with a policy of one's own, and read the debrief. The run is
handed in as plain data (``sim.record()``): its decisions are replayed here, on the trainee's
bank and the exercise's settings, and the outcomes a record claims are never trusted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from casekit.exercises.common import code, t
from casekit.messages import say
from casekit.questions import NumberQuestion, Question, ReflectionQuestion, Verdict

TITLE = t("Exercise 10 · Business sandbox", "练习十 · 经营沙盘")
QUARTERS = 8  # the exercise's run: eight quarters on the default budgets
PASS_AT = 0.25  # full credit from a quarter of the way from doing nothing to the best known


def runs(ctx: Any) -> dict[str, Any]:
    """The exercise's reference runs on the trainee's bank, computed once per exercise."""
    from casekit import sandbox as sb

    cache = ctx.__dict__.setdefault("_sandbox_runs", {})
    if not cache:
        for name, policy in (("do_nothing", sb.do_nothing), ("sensible", sb.sensible),
                             ("best_known", sb.best_known)):  # fmt: skip
            cache[name] = new_sim(ctx).run(policy)
    return cache


def new_sim(ctx: Any) -> Any:
    """A fresh run with the exercise's settings on the trainee's bank."""
    from casekit import sandbox as sb

    return sb.start(ctx.book, quarters=QUARTERS, lang=ctx.lang)


def handed_over(ctx: Any) -> int:
    """Clients still with the bank at the hand-over."""
    panel = new_sim(ctx).observe()["panel"]
    return int((panel["status"] != "gone").sum())


def deposits_handed_over(ctx: Any) -> float:
    """Their deposits at the hand-over (万元, daily average of the book's last quarter)."""
    panel = new_sim(ctx).observe()["panel"]
    return float(panel.loc[panel["status"] != "gone", "deposit_avg"].sum())


def do_nothing_value(ctx: Any) -> float:
    """综合贡献度 after eight quarters of doing nothing."""
    return runs(ctx)["do_nothing"].metrics()["contribution"]


def room_left(ctx: Any) -> float:
    """How much more the best known policy earns than the scripted one (综合贡献度, 万元)."""
    r = runs(ctx)
    return r["best_known"].metrics()["contribution"] - r["sensible"].metrics()["contribution"]


def improvements_effect(ctx: Any) -> float:
    """What the scripted run's service improvements added to 综合贡献度 (its debrief)."""
    table = runs(ctx)["sensible"].debrief().set_index("metric")
    column = "服务改进" if ctx.lang == "zh" else "service improvements"
    return float(table.at["contribution", column])


def references(ctx: Any) -> dict[str, float]:
    """The two references a run is scored against: 综合贡献度 doing nothing and best known."""
    r = runs(ctx)
    return {k: r[k].metrics()["contribution"] for k in ("do_nothing", "best_known")}


@dataclass
class RunQuestion(Question):
    """A whole sandbox run as plain data, replayed from its decisions and scored between the
    do-nothing (0) and best known (1) references on 综合贡献度."""

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
        sim = new_sim(self.context)
        settings = (plain.get("seed"), plain.get("hours_budget"), plain.get("service_budget"))
        if settings != (sim.seed, sim.hours_budget, sim.service_budget):
            hours = plain.get("hours_budget")
            return say(
                "sb_record_other_bank",
                self.lang,
                seed=plain.get("seed"),
                hours=hours if isinstance(hours, int | float) else float("nan"),
            )
        return None

    def grade(self, plain: Any, expected: Any) -> Verdict:
        from casekit import sandbox as sb
        from casekit.sandbox.charts import position

        # The exercise's own settings, never the record's: a lucky seed is not a decision.
        record = {**plain, "quarters": QUARTERS}
        sim = sb.replay(self.context.book, record, lang=self.lang)
        mine = sim.metrics()["contribution"]
        base, best = expected["do_nothing"], expected["best_known"]
        score = position(mine, base, best)
        score = 0.0 if score != score else score
        detail = say("sb_run_score", self.lang, mine=mine, base=base, best=best)
        if "scorecard" in plain and not sb.claims_match(sim, plain):
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
        do_nothing_value,
        hints=(
            t(
                "Start a fresh sandbox and run the do-nothing policy through all eight quarters.",
                "新开一个沙盘,用“什么也不做”策略跑完全部八个季度。",
            ),
            t(
                "sandbox.start(book).run(sandbox.do_nothing).metrics()['contribution']",
                "sandbox.start(book).run(sandbox.do_nothing).metrics()['contribution']",
            ),
        ),
        solution_text=code("sandbox.start(book).run(sandbox.do_nothing).metrics()['contribution']"),
        rel_tol=0.001,
        unit="万元",
    ),
    NumberQuestion(
        "q4",
        room_left,
        hints=(
            t(
                "Run the scripted policy (sandbox.sensible) and the best known one (sandbox.best_known), each on a fresh sandbox.",
                "分别在新开的沙盘上运行脚本策略(sandbox.sensible)和已知最优策略(sandbox.best_known)。",
            ),
            t(
                "Best known minus scripted, on metrics()['contribution'].",
                "用 metrics()['contribution'] 计算:已知最优减去脚本策略。",
            ),
        ),
        solution_text=code("best.metrics()['contribution'] - scripted.metrics()['contribution']"),
        rel_tol=0.01,
        unit="万元",
    ),
    RunQuestion(
        "q5",
        references,
        what="what_sandbox_run",
        points=4,
        hints=(
            t(
                "Write a policy: a function of the run that returns the quarter's decisions from sim.observe() and sim.observed. Offer what the leads need, act on warnings, visit where it pays.",
                "写一个策略:它是运行的函数,根据 sim.observe() 和 sim.observed 返回本季度的决策。按需求线索营销,处置预警,把拜访花在有回报的地方。",
            ),
            t(
                "Full credit from a quarter of the way from doing nothing to the best known policy on 综合贡献度; hand in sim.record() after all eight quarters.",
                "综合贡献度达到从“什么也不做”到“已知最优”四分之一的距离即得满分;跑完八个季度后提交 sim.record()。",
            ),
        ),
        solution_text=code("sim = sandbox.start(book); sim.run(my_policy); sim.record()"),
    ),
    NumberQuestion(
        "q6",
        improvements_effect,
        hints=(
            t(
                "The debrief takes each kind of decision out of the run and replays it on the same draws.",
                "复盘会把每一类决策依次剔除,并在相同的随机数上重算。",
            ),
            t(
                "Run the scripted policy, call .debrief(), and read the service improvements column on the contribution row.",
                "运行脚本策略,调用 .debrief(),读取 contribution 行的“服务改进”列。",
            ),
        ),
        solution_text={
            "en": "scripted.debrief().set_index('metric').at['contribution', 'service improvements']",
            "zh": "scripted.debrief().set_index('metric').at['contribution', '服务改进']",
        },
        rel_tol=0.01,
        abs_tol=1.0,
        unit="万元",
    ),
    ReflectionQuestion(
        "q7",
        lambda ctx: None,
        points=0,
        hints=(
            t(
                "Which of your decisions would you keep, and which would you change after the debrief?",
                "复盘之后,你会保留哪些决策、改变哪些决策?",
            ),
        ),
    ),
)
