# %% [markdown] lang="en"
# # Exercise 6 · Effectiveness evaluation
#
# Work case 6's method on **your own bank**. A relationship pilot started part-way through
# the book, for clients the RMs chose. Did it work? Measure the naive before/after, the same
# change for everyone else, difference-in-differences, and judge which lens misleads.
#
# Replace each `____` with your answer and run the cell; `ex.q1.hint()` and (in practice mode)
# `ex.q1.solution()` help when you are stuck. Effects are relative: 0.08 means +8%.

# %% [markdown] lang="zh"
# # 练习六 · 效果评估
#
# 在**你自己的银行**上练习案例六的方法。一项客户关系试点在期间中途启动，试点客户由客户经理挑选。
# 它有效吗？分别计算简单的前后对比、其他客户的同期变化、双重差分，并判断哪种视角会误导。
#
# 把每个 `____` 换成你的答案再运行；卡住时可以用 `ex.q1.hint()`，练习模式下还可以用
# `ex.q1.solution()`。效果为相对值：0.08 表示 +8%。

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
import numpy as np

from casekit.exercises import ____, start

ex = start(
    "06",
    seed=seed,
    scenario=scenario,
    lang=lang,
    mode=mode,
    data=data,
    client_id=client_id,
    trainee=trainee,
)
book = ex.book
o = book.outcomes.set_index("client_id")
months = sorted(book.panel["month"].unique())
start_month = o["pilot_start"].dropna().iloc[0]
pre = [m for m in months if m < start_month][-12:]
post = [m for m in months if m >= start_month][3:]  # after a quarter of ramp-up
# Clients on the book in every month of both windows, so a change is not churn in disguise.
p = book.panel[book.panel["month"].isin(pre + post)]
n = p.groupby("client_id")["month"].count()
p = p[p["client_id"].isin(n.index[n == len(pre) + len(post)])]


def per_client(column: str):
    """Each client's mean before and after, with positive means in both."""
    per = p.groupby(["client_id", p["month"].isin(post)])[column].mean().unstack()
    per = per.set_axis(["before", "after"], axis=1)
    per = per[(per > 0).all(axis=1)]
    return per.assign(pilot=per.index.map(o["pilot"]).astype(bool))


print(start_month, pre[0], post[0], post[-1])

# %% [markdown] lang="en"
# ## Q1 · Who was in the pilot?
# How many clients were in the pilot (`book.outcomes["pilot"]`)?

# %% [markdown] lang="zh"
# ## 第 1 题 · 试点有多少客户？
# 参加试点的客户（`book.outcomes["pilot"]`）有多少户？

# %%
pilots = int(o["pilot"].sum())  # SOLUTION
ex.q1.check(pilots)

# %% tags=["test"]
ex.expect(ex.q1, pilots, "correct")
ex.expect_mistake(ex.q1, len(o) - pilots, "others")
ex.expect(ex.q1, ____, "not_attempted")

# %% [markdown] lang="en"
# ## Q2 · The naive before/after
# For each pilot client: mean `deposit_avg` after (`post`) over mean before (`pre`);
# `per_client("deposit_avg")` gives both. The group's typical change is the geometric mean of
# those ratios, minus 1: `exp(mean(log(after / before))) − 1`. (A ratio of group totals would
# let a few large clients decide the answer.)

# %% [markdown] lang="zh"
# ## 第 2 题 · 简单的前后对比
# 对每位试点客户：之后（`post`）的 `deposit_avg` 均值除以之前（`pre`）的均值；
# `per_client("deposit_avg")` 给出这两个数。组的典型变化是这些比值的几何平均减 1:
# `exp(mean(log(之后 / 之前))) − 1`。（若用组合计值相除，少数大客户就会决定结果。）

# %%
# BEGIN SOLUTION
dep = per_client("deposit_avg")
log_change = np.log(dep["after"] / dep["before"])
# END SOLUTION
change_pilot = np.expm1(log_change[dep["pilot"]].mean())  # SOLUTION
ex.q2.check(change_pilot)

# %% tags=["test"]
ex.expect(ex.q2, change_pilot, "correct")
ex.expect(ex.q2, change_pilot * 100, "incorrect", "check_percent_not_rate")
ex.expect(ex.q2, "8%", "invalid")
totals = dep.groupby("pilot")[["before", "after"]].sum()
ex.expect_mistake(ex.q2, totals.loc[True, "after"] / totals.loc[True, "before"] - 1, "totals")

# %% [markdown] lang="en"
# ## Q3 · What happened to everyone else
# The same change for the clients **not** in the pilot.

# %% [markdown] lang="zh"
# ## 第 3 题 · 其他客户的同期变化
# 对**未**参加试点的客户做同样的计算。

# %%
change_others = np.expm1(log_change[~dep["pilot"]].mean())  # SOLUTION
ex.q3.check(change_others)

# %% tags=["test"]
ex.expect(ex.q3, change_others, "correct")
ex.expect_mistake(ex.q3, change_pilot, "pilot")
ex.expect_mistake(ex.q3, totals.loc[False, "after"] / totals.loc[False, "before"] - 1, "totals")

# %% [markdown] lang="en"
# ## Q4 · Difference-in-differences
# The pilot's effect is its clients' change beyond what happened to everyone:
# `(1 + Q2) / (1 + Q3) − 1`.

# %% [markdown] lang="zh"
# ## 第 4 题 · 双重差分
# 试点的效果，是试点客户超出大家共同变化的那部分：`(1 + 第2题) / (1 + 第3题) − 1`。

# %%
did = (1 + change_pilot) / (1 + change_others) - 1  # SOLUTION
ex.q4.check(did)

# %% tags=["test"]
ex.expect(ex.q4, did, "correct")
ex.expect(ex.q4, change_pilot - change_others, "correct")  # the additive form of Case 6
ex.expect(ex.q4, change_pilot - 2 * change_others, "incorrect")
ratio_did = (totals.loc[True, "after"] / totals.loc[True, "before"]) / (
    totals.loc[False, "after"] / totals.loc[False, "before"]
) - 1
ex.expect_mistake(ex.q4, ratio_did, "totals")
ex.expect_mistake(ex.q4, change_pilot, "before_after")
after_means = dep.groupby("pilot")["after"].mean()
ex.expect_mistake(ex.q4, after_means[True] / after_means[False] - 1, "pilot_vs_others")

# %% [markdown] lang="en"
# ## Q5 · The effect on fee income
# Estimate the pilot's relative effect on `fee_income` the same way (Q2–Q4): either form of
# difference-in-differences counts. Your bank's pilot had its own effect, so your figure is
# yours alone.

# %% [markdown] lang="zh"
# ## 第 5 题 · 对手续费收入的效果
# 用同样的方法（第 2–4 题）估计试点对 `fee_income` 的相对效果：两种双重差分的写法都算对。每家银行的试点效果
# 各不相同，你的数字只属于你。

# %%
# BEGIN SOLUTION
fee = per_client("fee_income")
fee_log = np.log(fee["after"] / fee["before"])
# END SOLUTION
fee_effect = np.expm1(fee_log[fee["pilot"]].mean() - fee_log[~fee["pilot"]].mean())  # SOLUTION
ex.q5.check(fee_effect)

# %% tags=["test"]
ex.expect(ex.q5, fee_effect, "correct")
ex.expect(
    ex.q5,
    np.expm1(fee_log[fee["pilot"]].mean()) - np.expm1(fee_log[~fee["pilot"]].mean()),
    "correct",
)
fee_after = fee.groupby("pilot")["after"].mean()
ex.expect_mistake(ex.q5, fee_after[True] / fee_after[False] - 1, "pilot_vs_others")
ex.expect_mistake(ex.q5, np.expm1(fee_log[fee["pilot"]].mean()), "before_after")
if abs(did / fee_effect - 1) > 0.03:
    ex.expect_mistake(ex.q5, did, "deposits")
ex.expect(ex.q5, [1, 2], "invalid")

# %% [markdown] lang="en"
# ## Q6 · Which lens misleads most?
# Three estimates of the deposit effect: `before_after` (Q2), `pilot_vs_others` (the pilot
# clients' average `after` over the other clients' average `after`, minus 1) and
# `did` (Q4).
# Which is furthest from the truth? Think about how the pilot clients were chosen.

# %% [markdown] lang="zh"
# ## 第 6 题 · 哪种视角最具误导性？
# 存款效果的三种估计：`before_after`（第 2 题）、`pilot_vs_others`（试点客户“之后”均值的平均，除以
# 其他客户“之后”均值的平均，再减 1）和 `did`（第 4 题）。哪一个离真实效果最远？想想试点客户是怎样选出来的。

# %%
# BEGIN SOLUTION
after = dep.groupby("pilot")["after"].mean()
lenses = {
    "before_after": change_pilot,
    "pilot_vs_others": after[True] / after[False] - 1,
    "did": did,
}
# END SOLUTION
lens = max(lenses, key=lambda k: abs(lenses[k] - did))  # SOLUTION
ex.q6.check(lens)

# %% tags=["test"]
ex.expect(ex.q6, lens, "correct")
if lens != "did":
    ex.expect_mistake(ex.q6, "did", "did")
ex.expect(
    ex.q6,
    {"en": "pilot vs others", "zh": "试点组与其他客户对比"}[lang],
    "incorrect" if lens != "pilot_vs_others" else "correct",
)
ex.expect(ex.q6, "regression", "invalid", "pilot_vs_others")

# %% [markdown] lang="en"
# ## Q7 · Reflection (not auto-graded)
# In three or four sentences for the head of corporate banking: did the pilot work, how sure
# are you, and what would make the next evaluation more convincing?

# %% [markdown] lang="zh"
# ## 第 7 题 · 心得（不自动评分）
# 用三四句话向对公业务负责人汇报：试点有效吗？你有多大把握？怎样让下一次评估更有说服力？

# %%
# BEGIN SOLUTION
text = (
    "Deposits of pilot clients grew faster than those of similar clients, by about the DiD "
    "estimate; comparing pilot with other clients overstates it because RMs chose big clients. "
    "Next time, choose pilot clients at random within each tier."
)
# END SOLUTION
reflection = text  # SOLUTION
ex.q7.check(reflection)

# %% [markdown] lang="en"
# ## Q8 · Your decision: What the board hears first
# Which gain of the pilot do you report to the board first: **deposits** or **fees**?
# Answer as `{"decision": ..., "why": "..."}`. The decision is checked at once; your reasons
# (15 words or more) go to your trainer, who reads them against the points printed below.

# %% [markdown] lang="zh"
# ## 第 8 题 · 你的决定：向董事会先讲什么
# 向董事会汇报试点成果时，先讲哪一项：**存款**还是**手续费收入**？
# 按 `{"decision": ..., "why": "..."}` 作答。决定会立即检查；你的理由（不少于 15 个字）提交给培训师，
# 培训师对照下面列出的评分要点阅读。

# %%
print(ex.q8.rubric_text())
# BEGIN SOLUTION
choice = "deposits" if did >= fee_effect else "fees"
why = (
    "Net of what happened to every client, this effect of the pilot is the larger one; I would "
    "report it first and the other with its uncertainty, then widen the pilot at random."
)
# END SOLUTION
decision = {"decision": choice, "why": why}  # SOLUTION
ex.q8.check(decision)

# %% tags=["test"]
ex.expect(ex.q8, decision, "correct")
other = next(x for x in ex.q8.options if x != ex.q8.expected(ex))
ex.expect(ex.q8, {"decision": other, "why": why}, "incorrect")
ex.expect(ex.q8, {"decision": decision["decision"], "why": "because"}, "invalid")
ex.expect(ex.q8, decision["decision"], "invalid")

# %% [markdown] lang="en"
# ## Your results

# %% [markdown] lang="zh"
# ## 你的结果

# %%
ex.record()
