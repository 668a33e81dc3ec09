# %% [markdown] lang="en"
# # Exercise 5 · Client value and churn
#
# Work case 5's method on **your own bank**: how concentrated value is, who leaves, how well an
# early signal predicts leaving, which losses hurt most, and a watch list judged by the churn
# that followed. Your data covers the bank's **first two years**; the watch list is scored on
# the year after, which no one in the bank can see yet.
#
# Replace each `____` with your answer and run the cell; `ex.q1.hint()` and (in practice mode)
# `ex.q1.solution()` help when you are stuck.

# %% [markdown] lang="zh"
# # 练习五 · 客户价值与流失
#
# 在**你自己的银行**上练习案例五的方法：价值有多集中、谁在流失、早期信号对流失的预测力、哪些流失
# 损失最大，以及一份用其后实际流失来检验的关注名单。你的数据只包括本行的**前两年**；关注名单按随后
# 一年的实际流失评分，而那一年行里谁也还看不到。
#
# 把每个 `____` 换成你的答案再运行；卡住时可以用 `ex.q1.hint()`，练习模式下还可以用
# `ex.q1.solution()`。

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
from casekit import catalog as cat
from casekit.exercises import ____, start
from casekit.exercises.ex05_churn import auc

ex = start(
    "05",
    seed=seed,
    scenario=scenario,
    lang=lang,
    mode=mode,
    data=data,
    client_id=client_id,
    trainee=trainee,
)
book = ex.book
months = sorted(book.panel["month"].unique())
y1 = book.panel[book.panel["month"].isin(months[:12])]
o = book.outcomes.set_index("client_id")
# Left after the first year: what first-year signals could have foreseen.
later = o["churn_status"].ne("active") & o["churn_month"].gt(months[11])
print(f"{later.mean():.1%}")

# %% [markdown] lang="en"
# ## Q1 · How concentrated is value?
# Income = `interest_income + fee_income` over the **first** 12 months, per client. What share
# (0–1) of it comes from the top 20% of clients (the first `int(0.2 × n)` after sorting)?

# %% [markdown] lang="zh"
# ## 第 1 题 · 价值有多集中？
# 收入 = **前** 12 个月的 `interest_income + fee_income`，按客户加总。前 20% 的客户（降序排列后的前
# `int(0.2 × n)` 户）贡献了多大比例（0–1）？

# %%
# BEGIN SOLUTION
value = y1.groupby("client_id")[["interest_income", "fee_income"]].sum().sum(axis=1)
value = value.sort_values(ascending=False)
# END SOLUTION
share = value.iloc[: int(len(value) * 0.2)].sum() / value.sum()  # SOLUTION
ex.q1.check(share)

# %% tags=["test"]
ex.expect(ex.q1, share, "correct")
ex.expect(ex.q1, 0.2, "incorrect", "too_low")
y_last = book.panel[book.panel["month"].isin(months[-12:])]
v_last = y_last.groupby("client_id")[["interest_income", "fee_income"]].sum().sum(axis=1)
v_last = v_last.sort_values(ascending=False)
ex.expect_mistake(ex.q1, v_last.iloc[: int(len(v_last) * 0.2)].sum() / v_last.sum(), "last_year")
if int(len(value) * 0.2) != 20:
    ex.expect_mistake(ex.q1, value.iloc[:20].sum() / value.sum(), "top20_clients")
ex.expect(ex.q1, ____, "not_attempted")

# %% [markdown] lang="en"
# ## Q2 · Who leaves?
# The churn rate by size class: a table with the columns `size_class` and `churn_rate` (the
# share of clients whose `churn_status` is not `active`).

# %% [markdown] lang="zh"
# ## 第 2 题 · 谁在流失？
# 按规模计算流失率：一张表，列为 `size_class` 和 `churn_rate`（`churn_status` 不是 `active` 的客户
# 占比）。

# %%
c = book.clients.merge(book.outcomes, on="client_id")
rates = c["churn_status"].ne("active").groupby(c["size_class"], observed=True).mean()  # SOLUTION
ex.q2.check(rates)

# %% tags=["test"]
ex.expect(ex.q2, rates, "correct")
full_only = c["churn_status"].eq("full").groupby(c["size_class"], observed=True).mean()
if not (c["churn_status"] == "partial").sum() == 0:
    ex.expect_mistake(ex.q2, full_only, "full_only")
named = {cat.label("size_class", k, lang): v for k, v in rates.items()}
ex.expect(ex.q2, named, "correct")  # size names in the notebook's language answer too
ex.expect(ex.q2, {"giant": 0.1}, "invalid", "giant")

# %% [markdown] lang="en"
# ## Q3 · Does satisfaction predict leaving?
# Take the NPS answers of the survey in month `months[10]` (late in the first year). How well
# does a **low** NPS pick out the clients who left later? Give the AUC (`auc(score, label)`:
# 0.5 is a coin toss, 1 is perfect).

# %% [markdown] lang="zh"
# ## 第 3 题 · 满意度能预测流失吗？
# 取 `months[10]`（第一年末前后）那一期调查的 NPS。**低** NPS 能在多大程度上找出后来流失的客户？
# 请给出 AUC（`auc(score, label)`:0.5 相当于掷硬币，1 为完美）。

# %%
s = book.surveys
nps = s[s["month"] == months[10]].set_index("client_id")["nps"].astype(float)
nps_auc = auc(-nps, later.reindex(nps.index))  # SOLUTION
ex.q3.check(nps_auc)

# %% tags=["test"]
ex.expect(ex.q3, nps_auc, "correct")
if abs(nps_auc - 0.5) > 0.01:
    ex.expect_mistake(ex.q3, 1 - nps_auc, "high_is_risk")

# %% [markdown] lang="en"
# ## Q4 · The losses that hurt most
# Among clients who left (`churn_status` not `active`), rank the **five** with the most
# first-year income (Q1), most first (all of them, if fewer than five left).

# %% [markdown] lang="zh"
# ## 第 4 题 · 损失最大的流失
# 在流失客户（`churn_status` 不是 `active`）中，按第一年收入（第 1 题）从高到低列出前**五**位（流失客户不足五位时全部列出）。

# %%
lost = o.index[o["churn_status"].ne("active")]
top_lost = value.reindex(lost).dropna().sort_values(ascending=False).index[:5].tolist()  # SOLUTION
ex.q4.check(top_lost)

# %% tags=["test"]
ex.expect(ex.q4, top_lost, "correct")
if value.index[:5].tolist() != top_lost:
    ex.expect_mistake(ex.q4, value.index[:5].tolist(), "not_lost")
ex.expect(ex.q4, "C00001", "invalid")

# %% [markdown] lang="en"
# ## Q5 · A watch list
# Your team can call on **200** clients this quarter. List them (client ids) from what you know
# now, at the end of the data. The score is the lift over the **following year** (held out):
# the churn rate on your list over that of all clients still with the bank. A client who has
# already left cannot be kept. Full credit from 85% of the lift the reference method reaches
# on your bank.

# %% [markdown] lang="zh"
# ## 第 5 题 · 关注名单
# 本季度你的团队能走访 **200** 户客户。根据数据截止时你所知道的信息，列出这 200 户的编号。得分为
# **随后一年**（留出期）的提升度：名单内流失率除以仍在本行的全部客户的流失率。已经流失的客户无法挽留。
# 达到参考方法在你的数据上提升度的 85% 即得满分。

# %%
# BEGIN SOLUTION
latest = s[s["month"] == s["month"].max()].set_index("client_id")["nps"].astype(float)
cl = book.clients.set_index("client_id")
small = cl["size_class"].isin(["micro", "small"]).astype(float)
# Size drives churn most (Q2); within a size class, a low NPS adds to the risk (Q3).
risk = 10 * small - latest.reindex(cl.index).fillna(latest.mean())
risk = risk[o["churn_status"].reindex(cl.index).eq("active").to_numpy()]  # still here
# END SOLUTION
watch = risk.nlargest(200).index.tolist()  # SOLUTION
ex.q5.check(watch)

# %% tags=["test"]
ex.expect(ex.q5, watch, "correct")
if len(risk) > 200:
    ex.expect(ex.q5, risk.nlargest(300).index.tolist(), "invalid", "200")
if not ex.q5.too_small(ex):  # a small bank has too few clients for a list of 200
    v = ex.expect_mistake(ex.q5, value.index[:200].tolist(), "valuable")
    assert v.points < 0.5 * ex.q5.points, v.message
    gone = o.index[o["churn_status"].ne("active")][:200].tolist()  # hindsight: already gone
    v = ex.expect_mistake(ex.q5, gone, "hindsight")
    assert v.points == 0, v.message

# %% [markdown] lang="en"
# ## Q6 · Reflection (not auto-graded)
# What would you do for the clients on your list, and in what order? Which of them would you
# let go?

# %% [markdown] lang="zh"
# ## 第 6 题 · 心得（不自动评分）
# 对名单上的客户你会做什么？先后顺序如何？其中哪些客户你会放手？

# %%
# BEGIN SOLUTION
text = (
    "I would call first on the valuable clients with slow service and few contacts, fix their "
    "open requests, and let go of small clients whose income does not cover the cost to serve."
)
# END SOLUTION
reflection = text  # SOLUTION
ex.q6.check(reflection)

# %% [markdown] lang="en"
# ## Q7 · Your decision: Where the retention effort goes
# The retention budget goes to one **size class**. Which?
# Answer as `{"decision": ..., "why": "..."}`. The decision is checked at once; your reasons
# (15 words or more) go to your trainer, who reads them against the points printed below.

# %% [markdown] lang="zh"
# ## 第 7 题 · 你的决定：挽留力量投向哪里
# 挽留预算只投向一个**规模类别**。应选哪一类？
# 按 `{"decision": ..., "why": "..."}` 作答。决定会立即检查；你的理由（不少于 15 个字）提交给培训师，
# 培训师对照下面列出的评分要点阅读。

# %%
print(ex.q7.rubric_text())
# BEGIN SOLUTION
size = book.clients.set_index("client_id")["size_class"].astype(str)
choice = value.reindex(lost).groupby(size.reindex(lost)).sum().sort_index().idxmax()
why = (
    "The clients we lost in this size class took the most income with them, so calls there "
    "protect the most revenue; the smallest losses we would let go."
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
