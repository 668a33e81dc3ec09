# %% [markdown] lang="en"
# # Exercise 3 · Service design
#
# Work case 3's method on **your own bank**: find where the service process gets stuck, then
# design a plan for the key segment that `evaluate_plan` scores against a product push and
# against the best plan the simulator knows (which sees every client's true needs).
#
# Replace each `____` with your answer and run the cell; `ex.q1.hint()` and (in practice mode)
# `ex.q1.solution()` help when you are stuck. Amounts are in 万元.

# %% [markdown] lang="zh"
# # 练习三 · 服务方案设计
#
# 在**你自己的银行**上练习案例三的方法：先找出服务流程卡在哪里，再为重点客户设计服务方案，由
# `evaluate_plan` 与“推销式”方案和模拟器已知的最优方案（它知道每位客户的真实需求）比较打分。
#
# 把每个 `____` 换成你的答案再运行；卡住时可以用 `ex.q1.hint()`，练习模式下还可以用
# `ex.q1.solution()`。金额单位均为万元。

# %% tags=["parameters"]
seed: int = 42  # your random seed (practice mode): your own bank
scenario: str = "national_branch"  # national_branch, city_commercial or rural
lang: str = "en"  # language of messages: en or zh
mode: str = "practice"  # practice (checks grade at once) or assessment (your trainer grades)
data: str = ""  # folder of your pack's bank (assessment); empty: build the bank from seed
client_id: str = "C00042"  # the client you study
trainee: str = ""  # your trainee id (your trainer's pack sets it)
pack: str = ""  # your pack's token (your trainer's pack sets it; do not edit)

# %%
import pandas as pd

from casekit import catalog as cat
from casekit.evaluate import evaluate_plan
from casekit.exercises import ____, start
from casekit.exercises.ex03_service import STAGES, data_needs

ex = start(
    "03",
    seed=seed,
    scenario=scenario,
    lang=lang,
    mode=mode,
    data=data,
    client_id=client_id,
    trainee=trainee,
)
book = ex.book
r = book.service_requests
r[["request_type", "accepted_at", "reviewed_at", "approved_at", "processed_at", "sla_hours"]].head(
    3
)

# %% [markdown] lang="en"
# ## Q1 · Hours in each stage
# A request moves 受理 accepted → 审核 reviewed → 审批 approved → 办理 processed. A table with
# the columns `stage` (`reviewed`, `approved`, `processed`: the stage a request *reaches*) and
# `median_hours`, the median hours spent getting there from the previous stage (`STAGES` maps
# each stage to its two timestamp columns).

# %% [markdown] lang="zh"
# ## 第 1 题 · 各环节耗时
# 一笔请求依次经过受理（accepted）→ 审核（reviewed）→ 审批（approved）→ 办理（processed）。做一张表，
# 列为 `stage`（`reviewed`、`approved`、`processed`，即请求*到达*的环节）和 `median_hours`（从上一
# 环节到达该环节所用小时数的中位数；`STAGES` 给出每个环节对应的两个时间戳列）。

# %%
# BEGIN SOLUTION
hours = pd.DataFrame({s: (r[b] - r[a]).dt.total_seconds() / 3600 for s, (a, b) in STAGES.items()})
# END SOLUTION
medians = hours.median().rename_axis("stage").rename("median_hours")  # SOLUTION
ex.q1.check(medians)

# %% tags=["test"]
ex.expect(ex.q1, medians, "correct")
ex.expect(ex.q1, medians.reset_index(), "correct")
ex.expect_mistake(ex.q1, hours.mean().rename_axis("stage").rename("median_hours"), "mean")
ex.expect(ex.q1, (medians * 1.3).rename_axis("stage"), "incorrect", "too_high")
ex.expect(ex.q1, medians.reset_index().rename(columns={"stage": "step"}), "invalid", "stage")
ex.expect(ex.q1, pd.DataFrame({"stage": ["reviewed"], "median_hours": ["slow"]}), "invalid", "slow")
ex.expect(ex.q1, ____, "not_attempted")

# %% [markdown] lang="en"
# ## Q2 · The bottleneck
# Which stage is the bottleneck (the longest median)? Answer with its code.

# %% [markdown] lang="zh"
# ## 第 2 题 · 瓶颈环节
# 哪个环节是瓶颈（中位耗时最长）？用环节代码作答。

# %%
stage = hours.median().idxmax()  # SOLUTION
ex.q2.check(stage)

# %% tags=["test"]
ex.expect(ex.q2, stage, "correct")
ex.expect(ex.q2, next(s for s in STAGES if s != stage), "incorrect")
ex.expect(ex.q2, "approval", "invalid", "reviewed")
ex.expect(ex.q2, cat.label("stage", stage, lang), "correct")  # the stage's name answers too
if hours.mean().idxmax() != stage:
    ex.expect_mistake(ex.q2, hours.mean().idxmax(), "mean")

# %% [markdown] lang="en"
# ## Q3 · How often is the service level missed?
# Turnaround = `processed_at − accepted_at`, in hours. What share (0–1) of requests take longer
# than their `sla_hours`?

# %% [markdown] lang="zh"
# ## 第 3 题 · 服务时效未达标的比例
# 办理时长 = `processed_at − accepted_at`（小时）。办理时长超过 `sla_hours` 的请求占多少（0–1）？

# %%
# BEGIN SOLUTION
turnaround = (r["processed_at"] - r["accepted_at"]).dt.total_seconds() / 3600
breach = turnaround > r["sla_hours"]
# END SOLUTION
share = breach.mean()  # SOLUTION
ex.q3.check(share)

# %% tags=["test"]
ex.expect(ex.q3, share, "correct")
if abs(1 - 2 * share) > 0.05:
    ex.expect_mistake(ex.q3, 1 - share, "in_time")
follow = (r["followed_up_at"] - r["accepted_at"]).dt.total_seconds() / 3600
if abs((follow > r["sla_hours"]).mean() - share) > 0.02:
    ex.expect_mistake(ex.q3, (follow > r["sla_hours"]).mean(), "follow_up")
ex.expect(ex.q3, "12%", "invalid")

# %% [markdown] lang="en"
# ## Q4 · Which requests miss it?
# The breach rate by `request_type`: a table with the columns `request_type` and `breach_rate`.

# %% [markdown] lang="zh"
# ## 第 4 题 · 哪类请求超时？
# 按 `request_type` 计算超时比例：一张表，列为 `request_type` 和 `breach_rate`。

# %%
by_type = breach.groupby(r["request_type"], observed=True).mean().rename("breach_rate")  # SOLUTION
ex.q4.check(by_type)

# %% tags=["test"]
ex.expect(ex.q4, by_type, "correct")
ex.expect(ex.q4, by_type.iloc[1:], "incorrect", str(by_type.index[0]))
ex.expect(ex.q4, by_type + 0.05, "incorrect", "too_high")
dup = pd.concat([by_type.reset_index(), by_type.reset_index()])
ex.expect(ex.q4, dup, "invalid", str(by_type.index[0]))
ex.expect_mistake(ex.q4, breach.groupby(r["request_type"], observed=True).sum(), "counts")

# %% [markdown] lang="en"
# ## Q5 · A plan for the key segment
# Here is a needs list for the key segment: the needs your bank's data shows (Case 2's data
# signals, `data_needs`). What clients said in calls, which exercise 2 adds, is not in it; it is
# where a banker starts before the visits. Design a plan: a table of `(client_id, product)`
# offers. `evaluate_plan` scores it as the share of the best plan's net value it delivers
# (revenue − RM cost − expected loss, within RM hours). Full credit for a plan that earns about
# what a careful plan from this list can earn on your bank; a product push scores close to 0.

# %% [markdown] lang="zh"
# ## 第 5 题 · 重点客户服务方案
# 下面是重点客户的需求清单：你的银行数据显示的需求（案例二的数据信号，`data_needs`）。客户在拜访中
# 说出的需求（练习二会补充）不在其中；这是客户经理拜访之前的起点。请设计方案：一张
# `(client_id, product)` 表。`evaluate_plan` 按方案实现的净收益（收入 − 客户经理成本 − 预期损失，
# 受客户经理工时约束）占最优方案的比例打分。收益接近在你的银行上根据这份清单认真筛选所能达到的水平
# 即得满分；推销式方案得分接近 0。

# %%
ids = book.clients.loc[book.clients["tier"] == "key", "client_id"]
needs = data_needs(book, pd.Index(ids))
push = pd.DataFrame({"client_id": ids, "product": "working_capital_loan"})
print(evaluate_plan(push, book, clients=ids, lang=lang).summary(lang))
needs.head()

# %%
# BEGIN SOLUTION
held = book.holdings[book.holdings["end_month"].isna()]
serves = {p.code: p.serves for p in cat.PRODUCTS}
family = {p.code: p.family for p in cat.PRODUCTS}
served = set(zip(held["client_id"], held["product"].astype(str).map(serves), strict=True))
rating = book.clients.set_index("client_id")["rating"].astype(str)
weak = rating.str.startswith("B") & ~rating.str.startswith("BBB")
offers = needs.assign(product=needs["need"].map(cat.NEED_PRODUCT))
offers = offers[
    [(c, n) not in served for c, n in zip(offers["client_id"], offers["need"], strict=True)]
]
risky = offers["product"].map(family).eq("credit") & offers["client_id"].map(weak)
# END SOLUTION
plan = offers.loc[~risky, ["client_id", "product"]]  # SOLUTION
ex.q5.check(plan)

# %% tags=["test"]
ex.expect(ex.q5, plan, "correct")
if not ex.q5.too_small(ex):  # the smallest banks may have no open need to plan for
    v = ex.expect_mistake(ex.q5, push, "push")
    assert v.points < 0.5 * ex.q5.points, v.message
    unfiltered = needs.assign(product=needs["need"].map(cat.NEED_PRODUCT))[["client_id", "product"]]
    if len(unfiltered) > len(plan):  # on a small bank the filters may leave every need in
        v = ex.expect_mistake(ex.q5, unfiltered, "unfiltered")
        assert v.points < 0.5 * ex.q5.points, v.message
ex.expect(ex.q5, plan.assign(product="gold_bars"), "invalid", "gold_bars")
ex.expect(ex.q5, plan.assign(client_id="C99999"), "invalid", "C99999")
ex.expect(ex.q5, plan[["client_id"]], "invalid", "product")
ex.expect(ex.q5, plan.iloc[0:0], "invalid")

# %% [markdown] lang="en"
# ## Q6 · Reflection (not auto-graded)
# What would you change in the process (Q2, Q4) and in the plan (Q5)? Who has to agree?

# %% [markdown] lang="zh"
# ## 第 6 题 · 心得（不自动评分）
# 流程上（第 2、4 题）和方案上（第 5 题）你会做哪些改变？需要谁同意？

# %%
# BEGIN SOLUTION
text = (
    "Approval is where requests wait; I would agree pre-approved limits for key clients with "
    "the credit department, and offer products only for needs we found, not one loan to all."
)
# END SOLUTION
reflection = text  # SOLUTION
ex.q6.check(reflection)

# %% [markdown] lang="en"
# ## Q7 · Your decision: Which request gets the fast track?
# The branch can give one **request type** a fast track (pre-agreed approval). Which one?
# Answer as `{"decision": ..., "why": "..."}`. The decision is checked at once; your reasons
# (15 words or more) go to your trainer, who reads them against the points printed below.

# %% [markdown] lang="zh"
# ## 第 7 题 · 你的决定：哪类业务开快速通道？
# 支行可以为一类**业务**开设快速通道（预先审批）。应选哪一类？
# 按 `{"decision": ..., "why": "..."}` 作答。决定会立即检查；你的理由（不少于 15 个字）提交给培训师，
# 培训师对照下面列出的评分要点阅读。

# %%
print(ex.q7.rubric_text())
# BEGIN SOLUTION
choice = by_type.set_axis(by_type.index.astype(str)).sort_index().idxmax()  # ties: by name
why = (
    "This request type breaches its service level most often; a pre-agreed approval would cut "
    "the wait at the bottleneck, and the credit department must agree the limits."
)
# END SOLUTION
decision = {"decision": choice, "why": why}  # SOLUTION
ex.q7.check(decision)

# %% tags=["test"]
ex.expect(ex.q7, decision, "correct")
other = next(x for x in ex.q7.options if x != ex.q7.expected(ex))
ex.expect(ex.q7, {"decision": other, "why": why}, "incorrect")
ex.expect(ex.q7, {"decision": decision["decision"], "why": "because"}, "invalid")
ex.expect(ex.q7, decision["decision"], "invalid")

# %% [markdown] lang="en"
# ## Your results

# %% [markdown] lang="zh"
# ## 你的结果

# %%
ex.record()
