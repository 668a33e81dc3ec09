# %% [markdown] lang="en"
# # Exercise 8 · Keeping and deepening a client
#
# Work case 8's method on **your own bank**: complaint handling against the 15/30-day rule and
# what followed, the 回访 calls by tier, the general clients nearest the key tier, and a
# call-back list for the quarter, scored against the income really at risk; last, decide where
# the quarter's effort goes first.
#
# Replace each `____` with your answer and run the cell; `ex.q1.hint()` and (in practice mode)
# `ex.q1.solution()` help when you are stuck.

# %% [markdown] lang="zh"
# # 练习八 · 客户关系的维护与提升
#
# 在**你自己的银行**上练习案例八的方法：对照 15/30 日规定看投诉处理及其后果、各层级客户的回访情况、
# 最接近重点客户门槛的一般客户，以及本季度的回访名单（对照真实的风险收入打分）；最后决定本季度先抓哪件事。
#
# 把每个 `____` 换成你的答案再运行；卡住时可以用 `ex.q1.hint()`，练习模式下还可以用
# `ex.q1.solution()`。

# %% tags=["parameters"]
seed: int = 42  # your random seed (practice mode): your own bank
scenario: str = "national_branch"  # national_branch, city_commercial or rural
lang: str = "en"  # language of messages: en or zh
mode: str = "practice"  # practice (checks grade at once) or assessment (your trainer grades)
data: str = ""  # folder of your pack's bank (assessment); empty: build the bank from seed
client_id: str = "C00042"  # a client of your bank (used by the set-up)
trainee: str = ""  # your trainee id (your trainer's pack sets it)
pack: str = ""  # your pack's token (your trainer's pack sets it; do not edit)

# %%
import pandas as pd

from casekit import catalog as cat
from casekit.exercises import ____, start

ex = start(
    "08",
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
clients = book.clients.set_index("client_id")
outcomes = book.outcomes.set_index("client_id")
c = book.complaints
print(len(c), len(book.service_requests))

# %% [markdown] lang="en"
# ## Q1 · Complaints within the rule
# A complaint keeps the rule if it was resolved within 15 days, or within 30 days with an
# approved extension (`extended`). What share (0–1) of the complaints kept it?

# %% [markdown] lang="zh"
# ## 第 1 题 · 符合规定的投诉
# 投诉在 15 日内办结，或经批准延期（`extended`）后在 30 日内办结，即符合规定。符合规定的投诉占多大
# 比例（0–1）？

# %%
days = (c["resolved_on"] - c["opened_on"]).dt.days
in_rule = (days <= 15) | (c["extended"] & (days <= 30))
share = in_rule.mean()  # SOLUTION
ex.q1.check(share)

# %% tags=["test"]
ex.expect(ex.q1, share, "correct")
ex.expect(ex.q1, ____, "not_attempted")
# Known wrong methods, each named where this bank's complaints tell it apart from the rule.
wrong = {"thirty_days": (days <= 30).mean(), "fifteen_only": (days <= 15).mean()}
for key, figure in wrong.items():
    if len(c) and [share, *wrong.values()].count(figure) == 1:
        ex.expect_mistake(ex.q1, figure, key)

# %% [markdown] lang="en"
# ## Q2 · What complaints did to loyalty
# Put each client in one group: `none` (never complained), `broke_rule` (at least one complaint
# outside the rule) or `in_rule` (complained, always within the rule). A table with the columns
# `handling` and `churn_rate` (the share whose `churn_status` is not `active`).

# %% [markdown] lang="zh"
# ## 第 2 题 · 投诉对忠诚度的影响
# 把每户客户归入一组：`none`（从未投诉）、`broke_rule`（至少一次投诉超出规定）或 `in_rule`（投诉过，
# 且都符合规定）。一张表，列为 `handling` 和 `churn_rate`（`churn_status` 不是 `active` 的比例）。

# %%
# BEGIN SOLUTION
group = pd.Series("none", index=clients.index)
group[group.index.isin(c["client_id"])] = "in_rule"
group[group.index.isin(c.loc[~in_rule, "client_id"])] = "broke_rule"
left = outcomes["churn_status"].ne("active").reindex(clients.index)
# END SOLUTION
by_handling = left.groupby(group).mean()  # SOLUTION
ex.q2.check(by_handling)

# %% tags=["test"]
ex.expect(ex.q2, by_handling, "correct")
ex.expect(ex.q2, by_handling * 0.5, "incorrect")


def differs(a: pd.Series, b: pd.Series) -> bool:
    """Whether two tables by group differ in their groups or in a figure by more than 0.005."""
    return set(a.index) != set(b.index) or bool((a - b.reindex(a.index)).abs().gt(0.005).any())


complaint_group = in_rule.map({True: "in_rule", False: "broke_rule"})
per_complaint = left.reindex(c["client_id"]).set_axis(c.index).groupby(complaint_group).mean()
per_complaint["none"] = by_handling.get("none")
if len(c) and differs(per_complaint, by_handling):
    ex.expect_mistake(ex.q2, per_complaint, "per_complaint")
lenient = pd.Series("none", index=clients.index)
lenient[lenient.index.isin(c["client_id"])] = "broke_rule"
lenient[lenient.index.isin(c.loc[in_rule, "client_id"])] = "in_rule"
by_lenient = left.groupby(lenient).mean()
if differs(by_lenient, by_handling):
    ex.expect_mistake(ex.q2, by_lenient, "any_in_rule")
ex.expect(ex.q2, {"late": 0.5}, "invalid", "late")

# %% [markdown] lang="en"
# ## Q3 · Who gets a 回访 call
# The share of service requests that got a 回访 call (`followed_up_at` not empty), by the
# client's `tier`: a table with the columns `tier` and `followup_rate`.

# %% [markdown] lang="zh"
# ## 第 3 题 · 谁得到了回访
# 按客户层级（`tier`）统计有回访（`followed_up_at` 不为空）的服务请求比例：一张表，列为 `tier` 和
# `followup_rate`。

# %%
r = book.service_requests
tier_of = r["client_id"].map(clients["tier"])
by_tier = r["followed_up_at"].notna().groupby(tier_of, observed=True).mean()  # SOLUTION
ex.q3.check(by_tier)

# %% tags=["test"]
ex.expect(ex.q3, by_tier, "correct")
ex.expect(ex.q3, 1 - by_tier, "incorrect")
called = r["followed_up_at"].notna().groupby(r["client_id"]).any()
of_clients = called.groupby(clients["tier"].reindex(called.index), observed=True).mean()
if differs(of_clients, by_tier):
    ex.expect_mistake(ex.q3, of_clients, "of_clients")
overall = by_tier * 0 + r["followed_up_at"].notna().mean()
if differs(overall, by_tier):
    ex.expect_mistake(ex.q3, overall, "overall")

# %% [markdown] lang="en"
# ## Q4 · The general clients nearest the key tier
# Tiers follow the contribution (综合贡献度): first-year interest and fee income, less the mean
# first-year loan balance × (PD × 0.45 + risk weight × 0.105 × 0.10), with the PD of the client's
# rating (`cat.RATINGS`, `cat.RATING_PD`) and a risk weight of 1.0 for large and medium firms,
# 0.75 for small and micro. The bar is the key tier's median contribution. Rank the **five**
# general clients with the highest contribution still below the bar, highest first.

# %% [markdown] lang="zh"
# ## 第 4 题 · 最接近重点客户门槛的一般客户
# 客户分层依据综合贡献度：第一年利息与中间业务收入，减去第一年平均贷款余额 ×（PD × 0.45 + 风险权重
# × 0.105 × 0.10），PD 按客户评级取值（`cat.RATINGS`、`cat.RATING_PD`），风险权重大中型企业为 1.0、
# 小微企业为 0.75。门槛为重点客户综合贡献度的中位数。按从高到低列出综合贡献度仍低于门槛的前**五**户
# 一般客户。

# %%
y1 = book.panel[book.panel["month"].isin(months[:12])]
income = y1.groupby("client_id")[["interest_income", "fee_income"]].sum().sum(axis=1)
# BEGIN SOLUTION
loans = y1.groupby("client_id")["loan_balance"].mean().reindex(clients.index, fill_value=0)
income = income.reindex(clients.index, fill_value=0)  # a client not yet on the book earned 0
pd_of = clients["rating"].map(dict(zip(cat.RATINGS, cat.RATING_PD, strict=True))).astype(float)
weight = clients["size_class"].isin(["large", "medium"]).map({True: 1.0, False: 0.75})
value = income - loans * (pd_of * 0.45 + weight * 0.105 * 0.10)
bar = value[clients["tier"] == "key"].median()
below = value[(clients["tier"] == "general") & (value < bar)]
# END SOLUTION
nearest = below.nlargest(5).index.tolist()  # SOLUTION
ex.q4.check(nearest)

# %% tags=["test"]
ex.expect(ex.q4, nearest, "correct")
by_income = income[clients["tier"] == "general"].nlargest(5).index.tolist()
if by_income != nearest:
    ex.expect_mistake(ex.q4, by_income, "income_only")
no_bar = value[clients["tier"] == "general"].sort_values(ascending=False, kind="stable")
if no_bar.index[:5].tolist() != nearest:
    ex.expect_mistake(ex.q4, no_bar.index[:5].tolist(), "no_bar")

# %% [markdown] lang="en"
# ## Q5 · A 回访 programme for the quarter
# The team can make **150** good call-backs this quarter. List the clients (ids), using only what
# was known at the end of the first year. The score is the income at risk your list reaches (each
# client's true churn hazard × its first-year income) as a share of the best list of as many
# clients. Full credit from 60%.

# %% [markdown] lang="zh"
# ## 第 5 题 · 本季度的回访方案
# 本季度团队能做 **150** 次高质量回访。只用第一年末已知的信息，列出这些客户的编号。得分为名单覆盖的
# 风险收入（每户客户真实的流失风险 × 第一年收入）占同样户数最优名单的比例。达到 60% 得满分。

# %%
# BEGIN SOLUTION
first = r["accepted_at"].dt.strftime("%Y-%m").isin(months[:12])
late = (r["processed_at"] - r["accepted_at"]).dt.total_seconds() / 3600 > r["sla_hours"]
breaches = late[first].groupby(r.loc[first, "client_id"]).sum().reindex(clients.index, fill_value=0)
cy = c["opened_on"].dt.strftime("%Y-%m").isin(months[:12])
complained = c[cy].groupby("client_id").size().reindex(clients.index, fill_value=0)
s = book.surveys
nps = s[s["month"] == months[10]].set_index("client_id")["nps"].reindex(clients.index)
small = clients["size_class"].isin(["small", "micro"]).astype(float)
trouble = 1 + breaches + 2 * complained + (nps <= 6) + small
score = trouble * income.reindex(clients.index, fill_value=0).clip(lower=0)
# END SOLUTION
calls = score.nlargest(150).index.tolist()  # SOLUTION
ex.q5.check(calls)

# %% tags=["test"]
ex.expect(ex.q5, calls, "correct")
if len(clients) > 150:  # on a bank of 150 clients or fewer every list holds every client
    v = ex.q5.verdict(clients.index[:150].tolist())
    assert v.status == "incorrect" and v.points < ex.q5.points, v.message
    ex.expect_mistake(ex.q5, income.nlargest(150).index.tolist(), "income_only")
    ex.expect(ex.q5, clients.index[:200].tolist(), "invalid", "150")

# %% [markdown] lang="en"
# ## Q6 · Reflection (not auto-graded)
# Draft the heads of a bank-enterprise cooperation agreement (银企合作协议) for one of your key
# clients: what the bank commits, what it asks of the client, and what it would refuse.

# %% [markdown] lang="zh"
# ## 第 6 题 · 心得（不自动评分）
# 为你的一位重点客户起草银企合作协议的要点：银行承诺什么，要求客户承诺什么，哪些承诺银行不会做。

# %%
# BEGIN SOLUTION
text = (
    "The bank commits a credit line, a dedicated team answering within four hours and a yearly "
    "industry review; the client moves its main settlement flows and payroll to us. We would not "
    "promise pricing below our cost of risk."
)
# END SOLUTION
reflection = text  # SOLUTION
ex.q6.check(reflection)

# %% [markdown] lang="en"
# ## Q7 · Your decision: where the quarter's effort goes first
# The team can take on one programme this quarter: **complaints** (fix how complaints are handled)
# or **callbacks** (widen the 回访 calls). Which comes first on your bank?
# Answer as `{"decision": ..., "why": "..."}`. The decision is checked at once; your reasons
# (15 words or more) go to your trainer, who reads them against the points printed below.

# %% [markdown] lang="zh"
# ## 第 7 题 · 你的决定：本季度先抓哪件事
# 本季度团队只能推进一项工作：**complaints**（整改投诉处理）或 **callbacks**（扩大回访覆盖）。在你的
# 银行上应先做哪一项？
# 按 `{"decision": ..., "why": "..."}` 作答。决定会立即检查；你的理由（不少于 15 个字）提交给培训师，
# 培训师对照下面列出的评分要点阅读。

# %%
print(ex.q7.rubric_text())
# BEGIN SOLUTION
choice = "complaints" if (~in_rule).any() else "callbacks"
why = (
    "A complaint outside the 15/30-day rule breaks a promise the regulator holds us to, so it "
    "comes first; when every complaint kept the rule, wider call-backs reach the clients at risk."
)
# END SOLUTION
decision = {"decision": choice, "why": why}  # SOLUTION
ex.q7.check(decision)

# %% tags=["test"]
ex.expect(ex.q7, decision, "correct")
other = next(x for x in ex.q7.options if x != ex.q7.expected(ex))
ex.expect(ex.q7, {"decision": other, "why": why}, "incorrect")
label = {"en": "fix complaint handling", "zh": "整改投诉处理"}[lang]
ex.expect(
    ex.q7, {"decision": label, "why": why}, "correct" if choice == "complaints" else "incorrect"
)
ex.expect(ex.q7, {"decision": decision["decision"], "why": "because"}, "invalid")

# %% [markdown] lang="en"
# ## Your results

# %% [markdown] lang="zh"
# ## 你的结果

# %%
ex.record()
