# %% [markdown] lang="en"
# # Exercise 1 · Portfolio and client 360°
#
# Work case 1's method on **your own bank**: size up the book by tier, measure how concentrated
# deposits are, then read one client closely.
#
# **How it works.** Each question has a cell with `____`: replace it with your answer (a number,
# a list or a table) and run the cell. `ex.q1.check(...)` says *correct*, *not attempted*, or
# exactly what is wrong. Stuck? `ex.q1.hint()`, then `ex.q1.hint(2)`; in practice mode
# `ex.q1.solution()` shows a worked answer. Amounts are in 万元.

# %% [markdown] lang="zh"
# # 练习一 · 客户分层与客户全景
#
# 在**你自己的银行**上练习案例一的方法：按层级摸清客户底数，衡量存款集中度，再深入了解一位客户。
#
# **怎么做。** 每道题有一个含 `____` 的单元格：把它换成你的答案（一个数、一个列表或一张表），再运行。
# `ex.q1.check(...)` 会告诉你*正确*、*尚未作答*，或具体哪里不对。卡住了？先看 `ex.q1.hint()`，再看
# `ex.q1.hint(2)`；练习模式下 `ex.q1.solution()` 给出参考答案。金额单位均为万元。

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
from casekit.exercises import ____, start

ex = start(
    "01",
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
last = book.panel[book.panel["month"] == months[-1]]
book.clients.head(3)

# %% [markdown] lang="en"
# ## Look around first
# The branch's corporate deposits month by month, and a quick look at any strategic or key
# client: pick one in the list.

# %% [markdown] lang="zh"
# ## 先看一看
# 全行对公存款的逐月走势；再从列表中挑一位战略或重点客户快速浏览。

# %%
import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display

from casekit import plotting

plotting.setup(lang)
zh = lang == "zh"
totals = book.panel.groupby("month")[["deposit_avg", "deposit_month_end"]].sum() / 10000
ax = totals.set_axis(
    ["日均存款", "月末存款"] if zh else ["daily average", "month end"], axis=1
).plot(figsize=(7, 3))
ax.set_ylabel("亿元")
ax.set_title("全行对公存款:日均与月末" if zh else "Corporate deposits: daily average and month end")
plt.tight_layout()
plt.show()

# %%
profile = book.clients.set_index("client_id")
top = profile[profile["tier"] != "general"].index[:40].tolist()
picker = widgets.Dropdown(options=top, value=top[0], description="客户" if zh else "Client")
card = widgets.Output()


def show(change=None) -> None:
    """A one-line card of the picked client."""
    c = profile.loc[picker.value]
    dep = last.loc[last["client_id"] == picker.value, "deposit_avg"].sum()
    name = c["name_zh"] if zh else c["name_en"]
    with card:
        card.clear_output()
        print(f"{picker.value} · {name} · {c['tier']} · {c['industry']} · {dep:,.0f} 万元")


picker.observe(show, names="value")
show()
display(widgets.VBox([picker, card]))

# %% [markdown] lang="en"
# ## Q1 · How many key clients?
# Clients are tiered (客户分层) by what they contribute: `strategic`, `key` and `general`.
# How many clients are in the **key** tier (`book.clients["tier"]`)?

# %% [markdown] lang="zh"
# ## 第 1 题 · 重点客户有多少？
# 客户按贡献分为战略（`strategic`）、重点（`key`）和一般（`general`）三层。**重点**客户
# （`book.clients["tier"]`）有多少户？

# %%
key_count = int((book.clients["tier"] == "key").sum())  # SOLUTION
ex.q1.check(key_count)

# %% tags=["test"]
ex.expect(ex.q1, key_count, "correct")
ex.expect(ex.q1, key_count + 3, "incorrect", "too_high")
ex.expect(ex.q1, ____, "not_attempted")
ex.expect(ex.q1, "260", "invalid")
ex.expect_mistake(
    ex.q1, int(book.clients["tier"].isin(["key", "strategic"]).sum()), "key_and_strategic"
)

# %% [markdown] lang="en"
# ## Q2 · Deposits by tier
# A table with one row per tier and the columns `tier`, `clients` (how many) and `deposits`
# (the sum of their daily-average deposits, `deposit_avg`, in the latest month; a client with no
# row that month counts as 0).

# %% [markdown] lang="zh"
# ## 第 2 题 · 各层级的存款
# 做一张表，每个层级一行，列为 `tier`、`clients`（客户数）和 `deposits`（这些客户最近一个月日均存款
# `deposit_avg` 之和；当月没有数据的客户按 0 计）。

# %%
# BEGIN SOLUTION
dep = book.clients["client_id"].map(last.set_index("client_id")["deposit_avg"]).fillna(0)
table = (
    book.clients.assign(deposits=dep)
    .groupby("tier", observed=True)
    .agg(clients=("client_id", "size"), deposits=("deposits", "sum"))
)
# END SOLUTION
by_tier = table  # SOLUTION
ex.q2.check(by_tier)

# %% tags=["test"]
ex.expect(ex.q2, by_tier, "correct")
ex.expect(ex.q2, by_tier.reset_index(), "correct")
ex.expect(ex.q2, by_tier.assign(deposits=by_tier["deposits"] * 1.1), "incorrect", "too_high")
ex.expect(ex.q2, by_tier.drop(columns="deposits"), "invalid", "deposits")
ex.expect(ex.q2, by_tier.iloc[:2], "incorrect", str(by_tier.index[2]))
ex.expect(ex.q2, [], "invalid")
dep_end = book.clients["client_id"].map(last.set_index("client_id")["deposit_month_end"]).fillna(0)
month_end = book.clients.assign(deposits=dep_end).groupby("tier", observed=True)
month_end = month_end.agg(clients=("client_id", "size"), deposits=("deposits", "sum"))
ex.expect_mistake(ex.q2, month_end, "month_end")
on_book = last.merge(book.clients[["client_id", "tier"]], on="client_id").groupby(
    "tier", observed=True
)
on_book = on_book.agg(clients=("client_id", "size"), deposits=("deposit_avg", "sum"))
ex.expect_mistake(ex.q2, on_book, "on_book_only")

# %% [markdown] lang="en"
# ## Q3 · How concentrated are deposits?
# What share (0–1) of the latest month's daily-average deposits do the **20 largest**
# depositors hold? A high share means a few clients can move the branch's numbers.

# %% [markdown] lang="zh"
# ## 第 3 题 · 存款有多集中？
# 最近一个月，日均存款**最大的 20 户**占全部日均存款的比例（0–1）是多少？比例高，说明少数客户
# 就能左右全行的数字。

# %%
# BEGIN SOLUTION
dep = last["deposit_avg"]
# END SOLUTION
top20 = dep.nlargest(20).sum() / dep.sum()  # SOLUTION
ex.q3.check(top20)

# %% tags=["test"]
ex.expect(ex.q3, top20, "correct")
ex.expect(ex.q3, top20 * 100, "incorrect", "check_percent_not_share")
ex.expect(ex.q3, dep.nlargest(10).sum() / dep.sum(), "incorrect", "too_low")
end = last["deposit_month_end"]
ex.expect_mistake(ex.q3, end.nlargest(20).sum() / end.sum(), "month_end")
year_dep = (
    book.panel[book.panel["month"].isin(months[-12:])].groupby("client_id")["deposit_avg"].sum()
)
ex.expect_mistake(ex.q3, year_dep.nlargest(20).sum() / year_dep.sum(), "year_sum")
ex.expect_mistake(
    ex.q3, dep.nlargest(20).sum() / book.panel["deposit_avg"].sum(), "all_months_total"
)

# %% [markdown] lang="en"
# ## Q4 · Your client's month-end gap
# For your client (`client_id`), the latest month's **month-end balance minus daily-average
# balance** (万元; 0 if the client has left). Regulators watch this gap: a large positive one is money parked for the
# month-end snapshot (冲时点) rather than a real relationship.

# %% [markdown] lang="zh"
# ## 第 4 题 · 你的客户的月末差额
# 你的客户（`client_id`）最近一个月的**月末余额减日均余额**（万元；客户已流失则为 0）。监管关注这个差额：较大的正数
# 说明资金只为月末时点停留（冲时点），而不是真实的往来。

# %%
# BEGIN SOLUTION
row = last[last["client_id"] == client_id]  # no row if the client has left
# END SOLUTION
gap = float((row["deposit_month_end"] - row["deposit_avg"]).sum())  # SOLUTION
ex.q4.check(gap)

# %% tags=["test"]
ex.expect(ex.q4, gap, "correct")
ex.expect(ex.q4, -gap - 10, "incorrect")
if abs(gap) > 0.1:  # a client with no gap cannot show the sign reversed
    ex.expect_mistake(ex.q4, -gap, "reversed")
ex.expect(ex.q4, float("nan"), "invalid")

# %% [markdown] lang="en"
# ## Q5 · What does your client hold now?
# The list of product codes your client holds **now** (`book.holdings` rows with no
# `end_month`). What they do not hold is where the next conversation starts.

# %% [markdown] lang="zh"
# ## 第 5 题 · 你的客户现在持有什么？
# 列出你的客户**当前**持有的产品代码（`book.holdings` 中 `end_month` 为空的行）。客户尚未持有的，
# 正是下一次交流的起点。

# %%
# BEGIN SOLUTION
h = book.holdings
now = h[(h["client_id"] == client_id) & h["end_month"].isna()]
# END SOLUTION
held = sorted(set(now["product"].astype(str)))  # SOLUTION
ex.q5.check(held)

# %% tags=["test"]
ex.expect(ex.q5, held, "correct")
ex.expect(ex.q5, [*held, "overdraft"] if "overdraft" not in held else held[1:], "incorrect")
ex.expect(ex.q5, [*held, "lottery"], "invalid", "lottery")
ever = sorted(set(h.loc[h["client_id"] == client_id, "product"].astype(str)))
if ever != held:
    ex.expect_mistake(ex.q5, ever, "closed_too")
names = [cat.label("product", p, lang) for p in held]
ex.expect(ex.q5, names, "correct")  # product names in the notebook's language answer too

# %% [markdown] lang="en"
# ## Q6 · Who brings the most income?
# Rank the **five** clients with the most income (`interest_income` + `fee_income`) over the
# last 12 months, highest first, as a list of client ids (all of them, if your bank has fewer).

# %% [markdown] lang="zh"
# ## 第 6 题 · 谁贡献的收入最多？
# 按最近 12 个月的收入（`interest_income` + `fee_income`）从高到低，列出前**五**位客户的编号（本行客户不足五位时全部列出）。

# %%
# BEGIN SOLUTION
year = book.panel[book.panel["month"].isin(months[-12:])]
income = year.groupby("client_id")[["interest_income", "fee_income"]].sum().sum(axis=1)
# END SOLUTION
top5 = income.sort_values(ascending=False).index[:5].tolist()  # SOLUTION
ex.q6.check(top5)

# %% tags=["test"]
ex.expect(ex.q6, top5, "correct")
ex.expect(ex.q6, [top5[1], top5[0], *top5[2:]], "incorrect", f"{top5[0]}")
ex.expect(ex.q6, top5[:4], "incorrect")
ex.expect(ex.q6, pd.DataFrame({"x": [1]}), "invalid")
interest = year.groupby("client_id")["interest_income"].sum()
wrong_rankings = {
    "interest_only": interest,
    "first_year": book.panel[book.panel["month"].isin(months[:12])]
    .groupby("client_id")[["interest_income", "fee_income"]]
    .sum()
    .sum(axis=1),
    "all_months": book.panel.groupby("client_id")[["interest_income", "fee_income"]]
    .sum()
    .sum(axis=1),
    "deposits": last.set_index("client_id")["deposit_avg"],
}
seen = [top5]
for key, measure in wrong_rankings.items():
    wrong = measure.sort_values(ascending=False).index[:5].tolist()
    if wrong not in seen:  # on a small bank two measures can give the same five
        ex.expect_mistake(ex.q6, wrong, key)
    seen.append(wrong)

# %% [markdown] lang="en"
# ## Q7 · Reflection (not auto-graded)
# In three or four sentences: what would you do next with your client, and why? Use what
# Q4 and Q5 told you.

# %% [markdown] lang="zh"
# ## 第 7 题 · 心得（不自动评分）
# 用三四句话写下：接下来你会对这位客户做什么？为什么？请结合第 4、5 题的发现。

# %%
# BEGIN SOLUTION
text = (
    "The client keeps a sizeable balance but holds only basic products; I would review "
    "its cash cycle with the finance team and propose a package built on what it lacks."
)
# END SOLUTION
reflection = text  # SOLUTION
ex.q7.check(reflection)

# %% [markdown] lang="en"
# ## Q8 · Your decision: Deepen or watch?
# Would you **deepen** the relationship with your client or **watch** it? Decide from what Q4 and Q5 showed.
# Answer as `{"decision": ..., "why": "..."}`. The decision is checked at once; your reasons
# (15 words or more) go to your trainer, who reads them against the points printed below.

# %% [markdown] lang="zh"
# ## 第 8 题 · 你的决定：深耕还是关注？
# 你会**深耕**与这位客户的关系，还是先**关注**观察？请根据第 4、5 题的发现作出决定。
# 按 `{"decision": ..., "why": "..."}` 作答。决定会立即检查；你的理由（不少于 15 个字）提交给培训师，
# 培训师对照下面列出的评分要点阅读。

# %%
print(ex.q8.rubric_text())
# BEGIN SOLUTION
row = last[last["client_id"] == client_id]
dressed = (
    row.empty
    or (row["deposit_month_end"] - row["deposit_avg"]).iloc[0] > 0.05 * row["deposit_avg"].iloc[0]
)
why = (
    "The month-end balance against the daily average shows whether the money stays all month; "
    "I would act on that with the client's finance director before proposing anything."
)
# END SOLUTION
decision = {"decision": "watch" if dressed else "deepen", "why": why}  # SOLUTION
ex.q8.check(decision)

# %% tags=["test"]
ex.expect(ex.q8, decision, "correct")
other = next(x for x in ex.q8.options if x != ex.q8.expected(ex))
ex.expect(ex.q8, {"decision": other, "why": why}, "incorrect")
ex.expect(ex.q8, {"decision": decision["decision"], "why": "because"}, "invalid")
ex.expect(ex.q8, decision["decision"], "invalid")

# %% [markdown] lang="en"
# ## Your results
# Run this cell to see where you stand. Reflections are read by your trainer.

# %% [markdown] lang="zh"
# ## 你的结果
# 运行本单元格查看得分情况。心得由培训师阅读。

# %%
ex.record()
