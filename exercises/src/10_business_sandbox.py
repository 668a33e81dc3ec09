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
# How many clients are still with the bank at the hand-over (`status` not `"gone"` in
# `handover["panel"]`)?

# %% [markdown] lang="zh"
# ## 第 1 题 · 交接了多少客户？
# 交接时仍在本行的客户（`handover["panel"]` 中 `status` 不是 `"gone"`）有多少户？

# %%
here = handover["panel"].query("status != 'gone'")
clients = len(here)  # SOLUTION
ex.q1.check(clients)

# %% tags=["test"]
ex.expect(ex.q1, clients, "correct")
ex.expect(ex.q1, len(book.clients) + 1, "incorrect", "too_high")
ex.expect(ex.q1, ____, "not_attempted")

# %% [markdown] lang="en"
# ## Q2 · Their deposits
# Their deposits at the hand-over: the sum of `deposit_avg` over the clients still here (万元).

# %% [markdown] lang="zh"
# ## 第 2 题 · 交接时的存款
# 交接时仍在本行的客户的存款：对他们的 `deposit_avg` 求和（万元）。

# %%
deposits = here["deposit_avg"].sum()  # SOLUTION
ex.q2.check(deposits)

# %% tags=["test"]
ex.expect(ex.q2, deposits, "correct")
ex.expect(ex.q2, deposits * 1.5, "incorrect", "too_high")
ex.expect(ex.q2, "a lot", "invalid")

# %% [markdown] lang="en"
# ## Q3 · Where the deposits are
# Whom to visit starts with concentration: what share of those deposits do the 20 largest
# depositors hold? (0.3 = 30%)

# %% [markdown] lang="zh"
# ## 第 3 题 · 存款集中在哪里
# 拜访谁，先看集中度：最大的 20 户存款客户占这些存款的比例是多少？（0.3 表示 30%）

# %%
share = here["deposit_avg"].nlargest(20).sum() / deposits  # SOLUTION
ex.q3.check(share)

# %% tags=["test"]
ex.expect(ex.q3, share, "correct")
ex.expect(ex.q3, here["deposit_avg"].nlargest(10).sum() / deposits, "incorrect", "too_low")

# %% [markdown] lang="en"
# ## Q4 · Which stage to speed up
# A service improvement speeds up one stage of the request process: `reviewed` (审核),
# `approved` (审批) or `processed` (办理). Which stage has the longest median time in
# `book.service_requests`?

# %% [markdown] lang="zh"
# ## 第 4 题 · 提速哪个环节
# 一项服务改进只能提速请求流程的一个环节：`reviewed`（审核）、`approved`（审批）或 `processed`（办理）。
# 在 `book.service_requests` 中，哪个环节耗时的中位数最长？

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

# %% [markdown] lang="en"
# ## Q5 · Your plan for the eight quarters
# Write each quarter's decisions as a table, from the hand-over: a row is a `visit`, an
# `offer` (`product`, `price` 0.8–1.2), a `respond` to a warning (`response` for its level) or an
# `improve` (`improvement`), each with its RM `hours` (240 a quarter). `sandbox.plan(book,
# tables)` makes the eight tables into the record you hand in. A row that no longer applies when
# its quarter comes (the client has left, the warning is closed) is left out; a row that breaks a
# rule (budget, price band, catalogue) is refused with the row and the fix. The score is the
# mean, over the four lenses and 综合贡献度, of the way your run goes from doing nothing (0) to
# the best known policy (1); full credit from 0.2.

# %% [markdown] lang="zh"
# ## 第 5 题 · 你的八个季度规划
# 根据交接数据，把每个季度的决策写成一张表：每一行是一次 `visit` 拜访、一次 `offer` 营销（`product`、
# `price` 0.8–1.2）、一次 `respond` 预警处置（与预警等级相符的 `response`）或一项 `improve` 服务改进
# （`improvement`），并填上所用客户经理工时 `hours`（每季度 240 小时）。`sandbox.plan(book, tables)`
# 把八张表变成要提交的记录。到所在季度时已不适用的行（客户已离开、预警已解除）不予执行；违反规则
# （预算、价格区间、产品目录）的行会被拒绝，并指出是哪一行、如何改正。得分是在四个视角和综合贡献度上，
# 你的运行从“什么也不做”（0）走向“已知最优”（1）的距离比例的平均值；达到 0.2 即得满分。


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
    # Visits: the largest relationships, a different quarter of them each quarter.
    n = int((R.DEFAULT_HOURS_BUDGET - hours) // 3)
    largest = here.sort_values("deposit_avg", ascending=False)["client_id"]
    for c in largest.iloc[(k % 4) * n : (k % 4 + 1) * n]:
        rows.append({"kind": "visit", "client_id": c, "hours": 3.0})
    for s in (stage, "followed_up"):
        rows.append({"kind": "improve", "improvement": s, "hours": 0.0})
    # END SOLUTION
    return pd.DataFrame(rows, columns=list(R.COLUMNS))


tables = [quarter_table(k) for k in range(8)]
run = sandbox.plan(book, tables)  # SOLUTION
ex.q5.check(run)

# %% tags=["test"]
ex.expect(ex.q5, run, "correct")
# Hours spent at random, quarter by quarter, barely beat doing nothing.
at_random = sandbox.start(book, lang=lang).run(sandbox.random_policy(seed)).record()
v = ex.expect(ex.q5, at_random, "incorrect")
assert v.points < ex.q5.points / 2, v.message
# A forged record: random decisions claiming a good run's scorecard. The decisions are replayed;
# the claim is ignored, and said to be.
good = sandbox.start(book, lang=lang).run(sandbox.sensible).record()
ex.expect(ex.q5, good, "correct")
ex.expect(ex.q5, {**at_random, "scorecard": good["scorecard"]}, "incorrect", "sb_claims_ignored")
# A lucky seed is not a decision: the replay uses the bank's own.
assert ex.q5.verdict({**at_random, "seed": seed + 1}).points == v.points
ex.expect(ex.q5, {**run, "decisions": run["decisions"][:3]}, "invalid", "3")
ex.expect(ex.q5, [1, 2, 3], "invalid")

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
# ## Your results

# %% [markdown] lang="zh"
# ## 你的结果

# %%
ex.record()
