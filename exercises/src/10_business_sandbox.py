# %% [markdown] lang="en"
# # Exercise 10 · Business sandbox
#
# Work case 10's method on **your own bank**. You take over its portfolio for eight quarters
# with 240 RM hours a quarter and a small service budget. Read the hand-over, then plan the
# eight quarters in pandas and hand the plan in. The checker replays your decisions on your
# bank, against doing nothing and the best policy it knows: only what they really give counts.
# In practice mode you can also play quarter by quarter and hand in that run instead.
#
# Replace each `____` with your answer and run the cell; `ex.q1.hint()` and (in practice mode)
# `ex.q1.solution()` help when you are stuck. Figures are in 万元.

# %% [markdown] lang="zh"
# # 练习十 · 经营沙盘
#
# 在**你自己的银行**上练习案例十的方法。你接手这家银行的客户组合，经营八个季度，每季度有 240 小时
# 客户经理工时和一小笔服务改进预算。先读懂交接数据，再用 pandas 规划八个季度的决策并提交。检查程序会在
# 你的银行上重放你的决策，并与“什么也不做”和它已知的最优策略比较：只有决策真正带来的结果才算数。练习
# 模式下，你也可以逐季度运行，并提交那次运行的记录。
#
# 把每个 `____` 换成你的答案再运行；卡住时可以用 `ex.q1.hint()`，练习模式下还可以用
# `ex.q1.solution()`。金额单位为万元。

# %% tags=["parameters"]
seed: int = 42  # your random seed (practice mode): your own bank
scenario: str = "national_branch"  # national_branch, city_commercial or rural
lang: str = "en"  # language of messages: en or zh
mode: str = "practice"  # practice (checks grade at once) or assessment (your trainer grades)
data: str = ""  # folder of your pack's bank (assessment); empty: build the bank from seed
client_id: str = "C00042"  # a client you follow
trainee: str = ""  # your trainee id (your trainer's pack sets it)
pack: str = ""  # your pack's token (your trainer's pack sets it; do not edit)

# %%
import pandas as pd

from casekit import sandbox
from casekit.exercises import ____, start
from casekit.sandbox import rules as R

ex = start(
    "10",
    seed=seed,
    scenario=scenario,
    lang=lang,
    mode=mode,
    data=data,
    client_id=client_id,
    trainee=trainee,
)
book = ex.book
handover = sandbox.handover(book)  # what sim.observe() shows before the first quarter
handover["panel"].head()

# %% [markdown] lang="en"
# ## Q1 · Who is handed over?
# `book.clients` lists every client the branch has had. How many relationships are handed over
# to you: clients still with the bank at the hand-over, whether fully `active` or `partial`
# (moving part of their business away)? `handover["panel"]` has one row for each.

# %% [markdown] lang="zh"
# ## 第 1 题 · 交接了多少客户？
# `book.clients` 列出支行有过的全部客户。交接给你的客户关系有多少户？即交接时仍在本行的客户，不论是
# 完全正常（`active`）还是已转走部分业务（`partial`）。`handover["panel"]` 中每户一行。

# %%
here = handover["panel"]  # the clients handed over, one row each
clients = len(here)  # SOLUTION
ex.q1.check(clients)

# %% tags=["test"]
ex.expect(ex.q1, clients, "correct")
ex.expect(ex.q1, clients + 3, "incorrect", "too_high")
ex.expect(ex.q1, ____, "not_attempted")
ex.expect(ex.q1, "many", "invalid")
ex.expect_mistake(ex.q1, len(book.clients), "all_clients")
if (here["status"] == "partial").any():  # a bank where nobody has started to leave cannot show it
    ex.expect_mistake(ex.q1, int((here["status"] == "active").sum()), "active_only")

# %% [markdown] lang="en"
# ## Q2 · Their deposits
# What deposits are handed over? Deposits are judged on the daily average (日均) over the book's
# last quarter: for each client the mean of the last three months' `deposit_avg`, which is
# `handover["panel"]["deposit_avg"]`, summed over the clients handed over (万元).

# %% [markdown] lang="zh"
# ## 第 2 题 · 交接时的存款
# 交接了多少存款？存款看的是上一季度的日均余额：每位客户最近三个月 `deposit_avg` 的平均值，也就是
# `handover["panel"]["deposit_avg"]`，对交接的客户求和（万元）。

# %%
deposits = here["deposit_avg"].sum()  # SOLUTION
ex.q2.check(deposits)

# %% tags=["test"]
ex.expect(ex.q2, deposits, "correct")
ex.expect(ex.q2, deposits * 1.5, "incorrect", "too_high")
ex.expect(ex.q2, "a lot", "invalid")
months = sorted(book.panel["month"].unique())
ours = book.panel[book.panel["client_id"].isin(here["client_id"])]
last = ours[ours["month"] == months[-1]]
ex.expect_mistake(ex.q2, last["deposit_month_end"].sum(), "month_end")
quarter = ours[ours["month"].isin(months[-3:])]
ex.expect_mistake(ex.q2, quarter["deposit_avg"].sum(), "quarter_sum")

# %% [markdown] lang="en"
# ## Q3 · Where the deposits are
# Whom to visit starts with concentration: what share (0–1) of those deposits do the **20
# largest** depositors hold? (If 20 or fewer clients are handed over, they hold it all: 1.)

# %% [markdown] lang="zh"
# ## 第 3 题 · 存款集中在哪里
# 拜访谁，先看集中度：**最大的 20 户**存款客户占这些存款的比例（0–1）是多少？（交接客户不足 20 户时，
# 他们持有全部存款：1。）

# %%
share = here["deposit_avg"].nlargest(20).sum() / here["deposit_avg"].sum()  # SOLUTION
ex.q3.check(share)

# %% tags=["test"]
ex.expect(ex.q3, share, "correct")
ex.expect(ex.q3, share * 100, "incorrect", "check_percent_not_share")
if len(here) > 20:  # on a tiny bank every share is 1
    ex.expect(ex.q3, here["deposit_avg"].nlargest(5).sum() / deposits, "incorrect", "too_low")
loans = here["loan_balance"]
if abs(loans.nlargest(20).sum() / loans.sum() - share) > 0.01 * share:
    ex.expect_mistake(ex.q3, loans.nlargest(20).sum() / loans.sum(), "loans")
end = last["deposit_month_end"]
if end.nlargest(20).sum() / end.sum() != share:
    ex.expect_mistake(ex.q3, end.nlargest(20).sum() / end.sum(), "month_end")

# %% [markdown] lang="en"
# ## Q4 · Which stage to speed up
# A service improvement speeds up one stage of the request process: `reviewed` (审核),
# `approved` (审批) or `processed` (办理), each timed from the stamp before it. Which stage takes
# longest for a typical request (the median) in `book.service_requests`?

# %% [markdown] lang="zh"
# ## 第 4 题 · 提速哪个环节
# 一项服务改进只能提速请求流程的一个环节：`reviewed`（审核）、`approved`（审批）或 `processed`（办理），
# 每个环节从上一个时间戳起算。在 `book.service_requests` 中，典型请求（中位数）耗时最长的是哪个环节？

# %%
r = book.service_requests
waits = {
    "reviewed": (r["reviewed_at"] - r["accepted_at"]).median(),
    "approved": (r["approved_at"] - r["reviewed_at"]).median(),
    "processed": (r["processed_at"] - r["approved_at"]).median(),
}
stage = max(waits, key=waits.get)  # SOLUTION
ex.q4.check(stage)

# %% tags=["test"]
ex.expect(ex.q4, stage, "correct")
ex.expect(ex.q4, min(waits, key=waits.get), "incorrect")
ex.expect(ex.q4, "lunch", "invalid", "reviewed")
names = {"reviewed": "审核", "approved": "审批", "processed": "办理"}
ex.expect(ex.q4, names[stage], "correct")  # the stage's Chinese name answers too
since = {s: (r[f"{s}_at"] - r["accepted_at"]).median() for s in waits}
if max(since, key=since.get) != stage:  # where 办理 really is the slowest, nothing to name
    ex.expect_mistake(ex.q4, max(since, key=since.get), "since_acceptance")

# %% [markdown] lang="en"
# ## Q5 · Your plan for the eight quarters
# Write each quarter's decisions as a table, from the hand-over: a row is a `visit`, an
# `offer` (`product`, `price` 0.8–1.2), a `respond` to a warning (`response` for its level) or an
# `improve` (`improvement`), each with its RM `hours` (240 a quarter). `sandbox.plan(book,
# tables)` makes the eight tables into the record you hand in. A row that no longer applies when
# its quarter comes (the client has left, the warning is closed) is left out; a row that breaks a
# rule (budget, price band, catalogue) is refused with the row and the fix. The score is the
# mean, over the four lenses and 综合贡献度, of the way your run goes from doing nothing (0) to
# the best known policy (1); full credit from 0.2. On a bank with fewer than 250 clients handed
# over, hours spent at random do about as well as a plan: the check says so and takes any
# well-formed plan.

# %% [markdown] lang="zh"
# ## 第 5 题 · 你的八个季度规划
# 根据交接数据，把每个季度的决策写成一张表：每一行是一次 `visit` 拜访、一次 `offer` 营销（`product`、
# `price` 0.8–1.2）、一次 `respond` 预警处置（与预警等级相符的 `response`）或一项 `improve` 服务改进
# （`improvement`），并填上所用客户经理工时 `hours`（每季度 240 小时）。`sandbox.plan(book, tables)`
# 把八张表变成要提交的记录。到所在季度时已不适用的行（客户已离开、预警已解除）不予执行；违反规则
# （预算、价格区间、产品目录）的行会被拒绝，并指出是哪一行、如何改正。得分是在四个视角和综合贡献度上，
# 你的运行从“什么也不做”（0）走向“已知最优”（1）的距离比例的平均值；达到 0.2 即得满分。交接客户不足
# 250 户的银行上，随意安排工时也能得到与规划相近的结果：检查程序会说明这一点，并接受任何格式正确的规划。


# %%
def quarter_table(k: int) -> pd.DataFrame:
    """Quarter k's decisions (0 = the first), decided at the hand-over."""
    rows = []
    # BEGIN SOLUTION
    hours = 0.0
    if k == 0:  # warnings are last quarter's: act on the orange and red ones at once
        w = handover["warnings"]
        level = w.groupby("client_id")["level"].agg(lambda s: max(s, key=R.LEVELS.index))
        for c, lv in level[level != "yellow"].items():
            response = "watch" if lv == "orange" else "reduce_exposure"
            rows.append({"kind": "respond", "client_id": c, "response": response, "hours": 2.0})
            hours += 2
    # Visits: the largest relationships, a different quarter of them each quarter (all of them,
    # every quarter, on a bank small enough).
    ranked = here.sort_values("deposit_avg", ascending=False)["client_id"].tolist()
    n = min(len(ranked), int((R.DEFAULT_HOURS_BUDGET - hours) // 3))
    for c in (ranked[((k % 4) * n + i) % len(ranked)] for i in range(n)):
        rows.append({"kind": "visit", "client_id": c, "hours": 3.0})
    for s in (stage, "followed_up"):  # the slowest stage (Q4) and 回访, every quarter
        rows.append({"kind": "improve", "improvement": s, "hours": 0.0})
    # END SOLUTION
    return pd.DataFrame(rows, columns=list(R.COLUMNS))


tables = [quarter_table(k) for k in range(8)]
run = sandbox.plan(book, tables)  # SOLUTION
ex.q5.check(run)

# %% tags=["test"]
ex.expect(ex.q5, run, "correct")
ex.expect(ex.q5, {**run, "decisions": run["decisions"][:3]}, "invalid", "3")
ex.expect(ex.q5, [1, 2, 3], "invalid")
at_random = sandbox.start(book, lang=lang).run(sandbox.random_policy(seed)).record()
small = ex.q5.too_small(ex)
if small:  # too few clients for a plan to beat hours spent at random: the question says so
    ex.expect(ex.q5, at_random, "correct", small)
else:
    # Hours spent at random, quarter by quarter, barely beat doing nothing.
    v = ex.q5.verdict(at_random)
    assert v.status == "incorrect" and v.points < ex.q5.points / 2, v.message
    # A forged record: random decisions claiming a good run's scorecard. The decisions are replayed;
    # the claim is ignored, and said to be.
    good = sandbox.start(book, lang=lang).run(sandbox.sensible).record()
    ex.expect(ex.q5, good, "correct")
    ex.expect(
        ex.q5, {**at_random, "scorecard": good["scorecard"]}, "incorrect", "sb_claims_ignored"
    )
    # A lucky seed is not a decision: the replay uses the bank's own.
    assert ex.q5.verdict({**at_random, "seed": seed + 1}).points == v.points

    # Every hour on visits, the service budget left unspent: named, and little credit.
    no_service = sandbox.plan(book, [t[t["kind"] != "improve"] for t in tables])
    v = ex.expect_mistake(ex.q5, no_service, "no_service")
    assert v.points <= 0.3 * ex.q5.points, v.message
    # The wrong stage funded (the next one): named, and capped even where it happens to score.
    other = next(s for s in ("processed", "reviewed", "approved") if s != stage)
    swapped = [t.replace({"improvement": {stage: other}}) for t in tables]
    v = ex.expect_mistake(ex.q5, sandbox.plan(book, swapped), "other_stage")
    assert v.points <= 0.3 * ex.q5.points, v.message
    # Funding the slowest stage and another one besides (in place of 回访) is no mistake.
    both = [t.replace({"improvement": {"followed_up": other}}) for t in tables]
    ex.expect(ex.q5, sandbox.plan(book, both), "correct")

# %% [markdown] lang="en"
# ## Practice: play it quarter by quarter
# In practice mode your bank's truth is on your machine, so you can replay your plan and see its
# scorecard beside the two references, or play quarter by quarter in the sandbox panel (load a
# table with `ui.load(table)`, then *Simulate the quarter*), and hand in `ui.sim.record()`
# instead. In an assessment only your trainer can simulate your bank.

# %% [markdown] lang="zh"
# ## 练习模式：逐季度运行
# 练习模式下，你的银行的真实情况就在你的电脑上，所以可以重放你的规划，并与两个参照对照查看记分卡；也
# 可以在沙盘面板中逐季度运行（用 `ui.load(table)` 载入决策表，再点击“模拟本季度”），并改为提交
# `ui.sim.record()`。考核中只有培训师能模拟你的银行。

# %%
if mode == "practice" and isinstance(run, dict):
    from IPython.display import display

    from casekit.sandbox.widgets import panel

    mine = sandbox.replay(book, run, lang=lang, lenient=True)
    display(mine.scorecard()[["lens", "label", "value", "do_nothing", "best_known"]].round(3))
    ui = panel(sandbox.start(book, lang=lang))
    ui.load(tables[0])
    display(ui.widget)

# %% [markdown] lang="en"
# ## Q6 · Reflection (not auto-graded)
# In three or four sentences: which of your decisions do you expect to pay, which would you
# change once you see a quarter's results, and why does a plan made at the hand-over leave value
# on the table?

# %% [markdown] lang="zh"
# ## 第 6 题 · 心得（不自动评分）
# 用三四句话说明：你预计哪些决策会有回报？看到一个季度的结果后，你会改变哪些决策？为什么在交接时
# 就定下的规划会错失一部分价值？

# %%
# BEGIN SOLUTION
text = (
    "Acting on the orange and red warnings and speeding up the slowest stage should pay; visits "
    "to the largest clients keep them. A plan made at the hand-over cannot follow the leads "
    "its visits find, so after the first quarter I would offer what those leads need."
)
# END SOLUTION
reflection = text  # SOLUTION
ex.q6.check(reflection)

# %% [markdown] lang="en"
# ## Q7 · Your decision: risk first or growth first?
# Your first quarter's hours: do you **deal with the red warnings first** (`risk_first`) or
# **grow the relationships first** (`growth_first`)? Decide from the hand-over.
# Answer as `{"decision": ..., "why": "..."}`. The decision is checked at once; your reasons
# (15 words or more) go to your trainer, who reads them against the points printed below.

# %% [markdown] lang="zh"
# ## 第 7 题 · 你的决定：先控风险还是先拓展？
# 第一个季度的工时：你是**先处置红色预警**（`risk_first`），还是**先拓展客户关系**（`growth_first`）？
# 请根据交接数据作出决定。按 `{"decision": ..., "why": "..."}` 作答。决定会立即检查；你的理由（不少于
# 15 个字）提交给培训师，培训师对照下面列出的评分要点阅读。

# %%
print(ex.q7.rubric_text())
# BEGIN SOLUTION
red = handover["warnings"].query("level == 'red'")
why = (
    "Red warnings announce defaults, so I limit those loans at once with the credit team; the "
    "rest of the hours go to visits to the largest clients and to the slowest stage."
)
# END SOLUTION
decision = {"decision": "risk_first" if len(red) else "growth_first", "why": why}  # SOLUTION
ex.q7.check(decision)

# %% tags=["test"]
ex.expect(ex.q7, decision, "correct")
other = next(x for x in ex.q7.options if x != ex.q7.expected(ex))
ex.expect(ex.q7, {"decision": other, "why": why}, "incorrect")
ex.expect(ex.q7, {"decision": decision["decision"], "why": "because"}, "invalid")
ex.expect(ex.q7, decision["decision"], "invalid")
label = {"risk_first": "先处置红色预警", "growth_first": "先拓展客户关系"}[decision["decision"]]
ex.expect(ex.q7, {"decision": label, "why": why}, "correct")  # its Chinese label answers too

# %% [markdown] lang="en"
# ## Your results

# %% [markdown] lang="zh"
# ## 你的结果

# %%
ex.record()
