# %% [markdown] lang="en"
# # Exercise 7 · Winning new clients along the supply chain
#
# Work case 7's method on **your own bank**: find the prospects still to win in your clients'
# payments, learn from the past calls which approach wins, map who decides, rank the prospects,
# and plan thirty first visits. The plan is scored against what the prospects really needed;
# last, decide which side of the chain to work first.
#
# Replace each `____` with your answer and run the cell; `ex.q1.hint()` and (in practice mode)
# `ex.q1.solution()` help when you are stuck.

# %% [markdown] lang="zh"
# # 练习七 · 沿产业链获取新客户
#
# 在**你自己的银行**上练习案例七的方法：从客户的资金往来中找出尚未拿下的潜在客户，从过去的拜访中
# 总结哪种做法奏效，画出决策人地图，给潜在客户排序，并制定三十次首次拜访的计划。计划将对照潜在客户的
# 真实需求打分；最后决定先做产业链的哪一端。
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
from casekit.note_keywords import needs_in

ex = start(
    "07",
    seed=seed,
    scenario=scenario,
    lang=lang,
    mode=mode,
    data=data,
    client_id=client_id,
    trainee=trainee,
)
book = ex.book
prospects = book.tables["prospects"].set_index("prospect_id")
payments = book.tables["payments"]
calls = book.tables["prospect_contacts"]
months = sorted(book.panel["month"].unique())
print(len(prospects), len(payments), len(calls))

# %% [markdown] lang="en"
# ## Q1 · How many prospects are still to win?
# A prospect is still to win unless a past call won it (`result == "won"`). How many of those
# traded with our clients in the last twelve months (`months[-12:]`)?

# %% [markdown] lang="zh"
# ## 第 1 题 · 还有多少潜在客户有待拿下？
# 除非过去的某次拜访已经拿下（`result == "won"`），潜在客户都算尚未拿下。其中有多少在最近十二个月
# （`months[-12:]`）与我行客户有资金往来？

# %%
won = set(calls.loc[calls["result"] == "won", "prospect_id"])
still_open = prospects.index[~prospects.index.isin(won)]
last = payments[payments["month"].isin(months[-12:])]
flow = last.groupby("prospect_id")["amount"].sum().reindex(prospects.index, fill_value=0.0)
n_open = int((flow.reindex(still_open) > 0).sum())  # SOLUTION
ex.q1.check(n_open)

# %% tags=["test"]
ex.expect(ex.q1, n_open, "correct")
ex.expect(ex.q1, ____, "not_attempted")
# Known wrong methods, each named; on a small bank two methods may give the same figure, and
# only a figure no other method gives can be told apart.
ever = payments.groupby("prospect_id")["amount"].sum().reindex(still_open, fill_value=0.0)
wrong = {
    "won_counted": int((flow > 0).sum()),
    "listed": len(prospects),
    "ever": int((ever > 0).sum()),
}
for key, figure in wrong.items():
    if [n_open, *wrong.values()].count(figure) == 1:
        ex.expect_mistake(ex.q1, figure, key)

# %% [markdown] lang="en"
# ## Q2 · Whom to meet: what the past calls won
# The win rate of the past calls by the person met: a table with the columns `role` (the
# `met_role` code) and `win_rate` (the share of calls whose `result` is `won`).

# %% [markdown] lang="zh"
# ## 第 2 题 · 该见谁：过去的拜访结果
# 按会见对象统计过去拜访的成功率：一张表，列为 `role`（`met_role` 代码）和 `win_rate`（`result` 为
# `won` 的拜访占比）。

# %%
by_role = calls["result"].eq("won").groupby(calls["met_role"], observed=True).mean()  # SOLUTION
ex.q2.check(by_role)

# %% tags=["test"]
ex.expect(ex.q2, by_role, "correct")
overall = by_role * 0 + calls["result"].eq("won").mean()
if not (overall - by_role).abs().lt(0.005).all():
    ex.expect_mistake(ex.q2, overall, "all_calls")
wins = calls["result"].eq("won")
share = wins.groupby(calls["met_role"], observed=True).sum() / max(wins.sum(), 1)
if wins.any() and not (share - by_role).abs().lt(0.005).all():
    ex.expect_mistake(ex.q2, share, "share_of_wins")
ex.expect(ex.q2, {"boss": 0.5}, "invalid", "boss")

# %% [markdown] lang="en"
# ## Q3 · The decision-maker map
# For every prospect whose calls named a decider (`decider_named` not empty), the role named in
# its **latest** such call: rows of (`prospect_id`, `role`).

# %% [markdown] lang="zh"
# ## 第 3 题 · 决策人地图
# 对每一家在拜访中谈到过决策人（`decider_named` 不为空）的潜在客户，取**最近一次**这样的拜访所说的
# 决策人：行为（`prospect_id`，`role`）。

# %%
# BEGIN SOLUTION
named = calls.dropna(subset=["decider_named"]).sort_values(["prospect_id", "date"])
named = named.groupby("prospect_id").tail(1)
named = named[["prospect_id", "decider_named"]].rename(columns={"decider_named": "role"})
# END SOLUTION
deciders = named  # SOLUTION
ex.q3.check(deciders)

# %% tags=["test"]
ex.expect(ex.q3, deciders, "correct")
said = calls.dropna(subset=["decider_named"]).sort_values(["prospect_id", "date"])
met = said.groupby("prospect_id").tail(1)[["prospect_id", "met_role"]]
met = met.rename(columns={"met_role": "role"})
if set(map(tuple, met.to_numpy())) != set(map(tuple, deciders.to_numpy())):
    ex.expect_mistake(ex.q3, met, "met")
small_firm = prospects["size_class"].isin(["small", "micro"])
guessed = deciders.assign(
    role=small_firm[deciders["prospect_id"]].map({True: "owner", False: "cfo"}).to_numpy()
)
if set(map(tuple, guessed.to_numpy())) != set(map(tuple, deciders.to_numpy())):
    ex.expect_mistake(ex.q3, guessed, "by_size")
ex.expect(ex.q3, [["X9999999", "owner"]], "invalid")

# %% [markdown] lang="en"
# ## Q4 · The biggest prospects still to win
# The **five** prospects still to win (Q1) with the largest payments over the last twelve
# months, largest first.

# %% [markdown] lang="zh"
# ## 第 4 题 · 尚未拿下的最大潜在客户
# 在尚未拿下的潜在客户（第 1 题）中，按最近十二个月往来金额从大到小列出前**五**家。

# %%
top5 = flow.reindex(still_open).sort_values(ascending=False).index[:5].tolist()  # SOLUTION
ex.q4.check(top5)

# %% tags=["test"]
ex.expect(ex.q4, top5, "correct")
ex.expect(ex.q4, flow.sort_values().index[:5].tolist(), "incorrect")
with_won = flow.sort_values(ascending=False, kind="stable").index[:5].tolist()
if with_won != top5:
    ex.expect_mistake(ex.q4, with_won, "won_included")
revenue = prospects["revenue_est"].reindex(still_open)
by_revenue = revenue.sort_values(ascending=False, kind="stable").index[:5].tolist()
if by_revenue != top5:
    ex.expect_mistake(ex.q4, by_revenue, "revenue")
ex.expect(ex.q4, "X0000001", "invalid")

# %% [markdown] lang="en"
# ## Q5 · Thirty first visits
# Plan **at most 30** first visits to prospects still to win: rows of (`prospect_id`, `need` to
# open with, `role` to meet, `colleague` to bring), with the codes of `cat.PROSPECT_NEED_CODES`,
# `cat.ROLE_CODES` and `cat.COLLEAGUE_CODES`. The score is the value your plan is expected to win
# as a share of the best thirty visits anyone could plan knowing the truth. Full credit from 15%.

# %% [markdown] lang="zh"
# ## 第 5 题 · 三十次首次拜访
# 为尚未拿下的潜在客户制定**最多 30 次**首次拜访：每行为（`prospect_id`，切入的 `need`，拜访对象
# `role`，同行同事 `colleague`），代码分别取自 `cat.PROSPECT_NEED_CODES`、`cat.ROLE_CODES` 和
# `cat.COLLEAGUE_CODES`。得分为计划预计赢得的价值占知道真相时最优三十次拜访的比例。达到 15% 得满分。

# %%
# BEGIN SOLUTION
note = "note_zh" if lang == "zh" else "note_en"
heard = pd.Series(
    {
        row.prospect_id: sorted(needs_in(getattr(row, note)))[0]
        for row in calls.itertuples()
        if needs_in(getattr(row, note))
    },
    dtype=object,
)
small = prospects["size_class"].isin(["small", "micro"])
side = payments.drop_duplicates("prospect_id").set_index("prospect_id")["direction"]
supplier = side.reindex(prospects.index).eq("out")
# No call yet: the need prospects of the same size and side of the chain raised most often.
group = prospects["size_class"].astype(str) + supplier.map({True: "/supplier", False: "/buyer"})
common = heard.groupby(group[heard.index]).agg(lambda x: x.value_counts().index[0])
usual = group.map(common).fillna(supplier.map({True: "supply_chain", False: "seasonal_wc"}))
need = heard.reindex(prospects.index).fillna(usual)
role = deciders.set_index("prospect_id")["role"].reindex(prospects.index)
role = role.fillna(small.map({True: "owner", False: "cfo"}))
size = prospects["revenue_est"] * (0.3 + (flow / prospects["revenue_est"]).clip(0, 1))
top = size.reindex(still_open).sort_values(ascending=False).index[:30]
plan = pd.DataFrame(
    {"prospect_id": top, "need": need[top].to_numpy(), "role": role[top].to_numpy()}
)
plan["colleague"] = plan["need"].map(cat.NEED_SPECIALIST)
# END SOLUTION
visits = plan  # SOLUTION
ex.q5.check(visits)

# %% tags=["test"]
ex.expect(ex.q5, visits, "correct")
biggest = flow.reindex(still_open).sort_values(ascending=False, kind="stable").index[:30]
habit = pd.DataFrame(
    {"prospect_id": biggest, "need": "seasonal_wc", "role": "cashier", "colleague": "none"}
)
ex.expect_mistake(ex.q5, habit, "habit")
if len(still_open) > 30:  # a bank with fewer open prospects cannot list too many
    too_many = pd.concat([plan, plan.assign(prospect_id=still_open[-30:])])
    ex.expect(ex.q5, too_many, "invalid", "30")

# %% [markdown] lang="en"
# ## Q6 · Reflection (not auto-graded)
# How would you ask the anchor client to introduce you to its suppliers, and what would you
# offer the anchor in return?

# %% [markdown] lang="zh"
# ## 第 6 题 · 心得（不自动评分）
# 你会如何请核心客户把你引荐给它的供应商？作为回报，你能为核心客户提供什么？

# %%
# BEGIN SOLUTION
text = (
    "I would ask the anchor's CFO to introduce the suppliers it pays most, and offer supply-chain "
    "finance that pays them early at the anchor's credit, so its supply chain is steadier."
)
# END SOLUTION
reflection = text  # SOLUTION
ex.q6.check(reflection)

# %% [markdown] lang="en"
# ## Q7 · Your decision: which side of the chain first
# The branch has one quarter for the anchor's chain. Which side do you work first: **suppliers**
# (firms our clients pay, `direction == "out"`) or **buyers** (firms that pay our clients)?
# Answer as `{"decision": ..., "why": "..."}`. The decision is checked at once; your reasons
# (15 words or more) go to your trainer, who reads them against the points printed below.

# %% [markdown] lang="zh"
# ## 第 7 题 · 你的决定：先做产业链的哪一端
# 支行有一个季度的时间经营核心客户的产业链。先做哪一端：**上游供应商**（我行客户付款的企业，
# `direction == "out"`）还是**下游客户**（向我行客户付款的企业）？
# 按 `{"decision": ..., "why": "..."}` 作答。决定会立即检查；你的理由（不少于 15 个字）提交给培训师，
# 培训师对照下面列出的评分要点阅读。

# %%
print(ex.q7.rubric_text())
# BEGIN SOLUTION
side = payments.drop_duplicates("prospect_id").set_index("prospect_id")["direction"]
open_flow = flow.reindex(still_open)
is_supplier = side.reindex(open_flow.index).eq("out")
choice = "suppliers" if open_flow[is_supplier].sum() >= open_flow[~is_supplier].sum() else "buyers"
why = (
    "The open prospects on this side already trade more with our clients, so the anchor can "
    "introduce them and our finance follows money that is there already."
)
# END SOLUTION
decision = {"decision": choice, "why": why}  # SOLUTION
ex.q7.check(decision)

# %% tags=["test"]
ex.expect(ex.q7, decision, "correct")
other = next(x for x in ex.q7.options if x != ex.q7.expected(ex))
ex.expect(ex.q7, {"decision": other, "why": why}, "incorrect")
ex.expect(
    ex.q7,
    {"decision": {"en": "the buyers", "zh": "下游客户"}[lang], "why": why},
    "correct" if ex.q7.expected(ex) == "buyers" else "incorrect",
)
ex.expect(ex.q7, {"decision": decision["decision"], "why": "because"}, "invalid")

# %% [markdown] lang="en"
# ## Your results

# %% [markdown] lang="zh"
# ## 你的结果

# %%
ex.record()
