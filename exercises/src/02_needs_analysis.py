# %% [markdown] lang="en"
# # Exercise 2 · Needs analysis
#
# Work case 2's method on **your own bank**, for the key segment: a behaviour signal, what the
# call notes say, how far notes alone can be trusted, ranking by importance × urgency, a
# triangulated needs list scored against the truth, and the gap to what the bank sells.
#
# Replace each `____` with your answer and run the cell; `ex.q1.hint()` and (in practice mode)
# `ex.q1.solution()` help when you are stuck. Amounts are in 万元.

# %% [markdown] lang="zh"
# # 练习二 · 客户需求分析
#
# 在**你自己的银行**上，对重点客户练习案例二的方法：一个行为信号、拜访纪要里说了什么、只看纪要有多
# 可靠、按重要性 × 紧急性排序、交叉验证后的需求清单（与真实答案对照打分），以及与本行已售产品的差距。
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
import numpy as np
import pandas as pd

from casekit import catalog as cat
from casekit.exercises import ____, start
from casekit.exercises.ex02_needs import KEYWORDS, behaviour

ex = start(
    "02",
    seed=seed,
    scenario=scenario,
    lang=lang,
    mode=mode,
    data=data,
    client_id=client_id,
    trainee=trainee,
)
book = ex.book
clients = book.clients[book.clients["tier"] == "key"].set_index("client_id")
ids = clients.index
# Last-12-month behaviour per key client (clients with no rows count as 0), as in case 2.
per = behaviour(book, ids)
note = "note_zh" if lang == "zh" else "note_en"
notes = book.interactions[book.interactions["client_id"].isin(ids)]
per.head()

# %% [markdown] lang="en"
# ## Q1 · A data signal: seasonal working capital
# Month-end overdrafts reveal a seasonal working-capital need. How many key clients have
# **12 or more** overdraft days (`per["overdraft_days"]`) over the last 12 months?

# %% [markdown] lang="zh"
# ## 第 1 题 · 数据信号：季节性流动资金
# 月末透支透露出季节性流动资金需求。最近 12 个月透支天数（`per["overdraft_days"]`）**不少于 12 天**
# 的重点客户有多少户？

# %%
seasonal = int((per["overdraft_days"] >= 12).sum())  # SOLUTION
ex.q1.check(seasonal)

# %% tags=["test"]
ex.expect(ex.q1, seasonal, "correct")
ex.expect(ex.q1, int((per["overdraft_days"] > 12).sum()) - 1, "incorrect", "too_low")
ex.expect(ex.q1, [seasonal, 1], "invalid")
ex.expect(ex.q1, ____, "not_attempted")
every = behaviour(book, book.clients.set_index("client_id").index)
if int((every["overdraft_days"] >= 12).sum()) != seasonal:
    ex.expect_mistake(ex.q1, int((every["overdraft_days"] >= 12).sum()), "all_clients")
if int((per["overdraft_days"] > 12).sum()) != seasonal:
    ex.expect_mistake(ex.q1, int((per["overdraft_days"] > 12).sum()), "strict")

# %% [markdown] lang="en"
# ## Q2 · The interviews: what the notes mention
# A table of `(client_id, need)` rows: for each need, the key clients with at least one call
# note (column `note`, your language) containing any phrase of `KEYWORDS[need]`, ignoring case.

# %% [markdown] lang="zh"
# ## 第 2 题 · 访谈：纪要里提到了什么
# 做一张 `(client_id, need)` 表：对每种需求，列出至少有一条拜访纪要（`note` 列，你所用的语言）包含
# `KEYWORDS[need]` 中任一关键词（不区分大小写）的重点客户。

# %%
# BEGIN SOLUTION
rows = set()
for need, words in KEYWORDS.items():
    hit = notes[notes[note].str.contains("|".join(words), case=False)]
    rows |= {(c, need) for c in hit["client_id"]}
found = pd.DataFrame(sorted(rows), columns=["client_id", "need"])
# END SOLUTION
mentioned = found  # SOLUTION
ex.q2.check(mentioned)

# %% tags=["test"]
ex.expect(ex.q2, mentioned, "correct")
ex.expect(ex.q2, mentioned.iloc[5:], "incorrect", "/".join(mentioned.iloc[0]))
ex.expect(ex.q2, mentioned.rename(columns={"need": "needs"}), "invalid", "need")
ex.expect(ex.q2, [["C99999", "capex"]], "invalid", "C99999")
ex.expect(ex.q2, [["C00001", "lottery"]], "invalid", "lottery")
ex.expect(ex.q2, mentioned.assign(need=None), "invalid")
ex.expect(ex.q2, "capex", "invalid")
all_notes = book.interactions
every_row = set()
for need, words in KEYWORDS.items():
    hit = all_notes[all_notes[note].str.contains("|".join(words), case=False)]
    every_row |= {(c, need) for c in hit["client_id"]}
if every_row != rows:
    ex.expect_mistake(ex.q2, sorted(map(list, every_row)), "all_clients")
labelled = mentioned.assign(need=[cat.label("need", n, lang) for n in mentioned["need"]])
ex.expect(ex.q2, labelled, "correct")  # need names in the notebook's language answer too

# %% [markdown] lang="en"
# ## Q3 · Can notes alone be trusted?
# Check the notes against the data. Of the key clients your Q2 list gives `seasonal_wc`, what
# **share** (0–1) also show the data signal of Q1 (12 or more overdraft days)? A phrase also
# matches "no need, that is covered", so expect well below 1.

# %% [markdown] lang="zh"
# ## 第 3 题 · 只看纪要可靠吗？
# 用数据核对纪要。第 2 题清单中需求为 `seasonal_wc` 的重点客户里，同时有第 1 题数据信号（透支天数
# 不少于 12 天）的**占比**（0–1）是多少？关键词也会命中“暂无需求、已经解决”之类的话，所以会明显低于 1。

# %%
# BEGIN SOLUTION
said_seasonal = mentioned.loc[mentioned["need"] == "seasonal_wc", "client_id"]
agree = said_seasonal.isin(per.index[per["overdraft_days"] >= 12]).mean()
# END SOLUTION
precision = agree  # SOLUTION
ex.q3.check(precision)

# %% tags=["test"]
ex.expect(ex.q3, precision, "correct")
# Known wrong: half the right share (or a half when the share is tiny), and words not a number.
ex.expect(ex.q3, precision * 0.5 if precision > 0.1 else 0.5, "incorrect")
ex.expect(ex.q3, "half", "invalid")
signal = per.index[per["overdraft_days"] >= 12]
recall = signal.isin(said_seasonal).mean() if len(signal) else 0.0
if abs(recall - precision) > 0.02:
    ex.expect_mistake(ex.q3, recall, "recall")

# %% [markdown] lang="en"
# ## Q4 · Rank by importance × urgency
# Among the clients with the seasonal signal (Q1): importance = `revenue × 0.004`, urgency =
# overdraft days / 12 kept between 1 and 5 (`np.clip`). List the **five** with the highest
# importance × urgency, highest first (all of them, if fewer than five have the signal).

# %% [markdown] lang="zh"
# ## 第 4 题 · 按重要性 × 紧急性排序
# 在有季节性信号的客户中（第 1 题）：重要性 = `revenue × 0.004`，紧急性 = 透支天数 / 12，限定在 1 到
# 5 之间（`np.clip`）。按重要性 × 紧急性从高到低，列出前**五**位客户编号（有信号的客户不足五位时全部列出）。

# %%
# BEGIN SOLUTION
hit = per[per["overdraft_days"] >= 12]
urgency = np.clip(hit["overdraft_days"] / 12, 1, 5)
priority = clients.loc[hit.index, "revenue"] * 0.004 * urgency
# END SOLUTION
top5 = priority.sort_values(ascending=False).index[:5].tolist()  # SOLUTION
ex.q4.check(top5)

# %% tags=["test"]
ex.expect(ex.q4, top5, "correct")
if len(top5) > 1:  # a small bank may have fewer than five seasonal clients
    ex.expect(ex.q4, top5[::-1], "incorrect", f"{top5[0]}")
    ex.expect(ex.q4, top5[:-1], "incorrect")
by_size = clients.loc[hit.index, "revenue"].sort_values(ascending=False).index[:5].tolist()
if by_size != top5:
    ex.expect_mistake(ex.q4, by_size, "importance_only")
unclipped = clients.loc[hit.index, "revenue"] * 0.004 * hit["overdraft_days"] / 12
unclipped = unclipped.sort_values(ascending=False).index[:5].tolist()
if unclipped not in (top5, by_size):
    ex.expect_mistake(ex.q4, unclipped, "unclipped")

# %% [markdown] lang="en"
# ## Q5 · Your needs list, scored against the truth
# Build a `(client_id, need)` list for the key segment by **triangulation** (case 2): a need
# when the data shows it clearly, or when the notes mention it *and* the data is consistent
# with it. Full credit from F1 = 0.75; below that, credit in proportion.

# %% [markdown] lang="zh"
# ## 第 5 题 · 你的需求清单，与真实答案对照
# 用**交叉验证**（案例二）为重点客户列出 `(client_id, need)` 清单：数据清楚显示的需求直接列入；纪要
# 提及、*且*数据不矛盾的也列入。F1 达到 0.75 得满分，低于此按比例得分。

# %%
# BEGIN SOLUTION
revenue = clients["revenue"]
held = book.holdings[book.holdings["end_month"].isna()]
has_fx = per.index.isin(held.loc[held["product"] == "fx_forward", "client_id"])
signals = pd.DataFrame(
    {
        "seasonal_wc": per["overdraft_days"] >= 12,
        "idle_liquidity": per["deposit"] > 3 * per["outflow"],
        "fx_risk": ((per["fx"] + per["fx_out"]) > 300) & ~has_fx,
        "payroll": (clients["staff"] >= 50) & (per["salary_other"] > 0),
        "group_treasury": (per["intragroup"] + per["intragroup_in"] > 0)
        & clients["parent_id"].isna()
        & clients["group_id"].notna(),
        "capex": per["capex"] > 0.15 * revenue,
        "acquisition": per["equity"] > 0,
        "digitisation": per["counter"] > per["online"],
        "supply_chain": (clients["top_buyer_share"] > 0.45) & (clients["receivable_days"] > 75),
        "capital_markets": (revenue >= 100000)
        & (clients["total_liabilities"] / clients["total_assets"] > 0.45),
    }
)
consistent = pd.DataFrame(
    {
        "seasonal_wc": per["overdraft_days"] > 0,
        "idle_liquidity": per["deposit"] > 1.5 * per["outflow"],
        "fx_risk": (per["fx"] + per["fx_out"]) > 0,
        "payroll": clients["staff"] >= 50,
        "group_treasury": clients["group_id"].notna() & clients["parent_id"].isna(),
        "capex": per["capex"] > 0.05 * revenue,
        "acquisition": per["equity"] > 0,
        "digitisation": per["counter"] > 0.3 * (per["counter"] + per["online"]),
        "supply_chain": clients["top_buyer_share"] > 0.3,
        "capital_markets": revenue >= 50000,
    }
)
said = mentioned.assign(flag=True).pivot_table(
    index="client_id", columns="need", values="flag", aggfunc="any", fill_value=False
)
said = said.reindex(index=ids, columns=signals.columns, fill_value=False).astype(bool)
flags = signals | (said & consistent)
stacked = flags.stack()
triangulated = stacked[stacked].reset_index().iloc[:, :2].set_axis(["client_id", "need"], axis=1)
# END SOLUTION
needs_list = triangulated  # SOLUTION
ex.q5.check(needs_list)

# %% tags=["test"]
ex.expect(ex.q5, needs_list, "correct")
v = ex.expect_mistake(ex.q5, mentioned, "notes_only")
assert v.points < 0.5 * ex.q5.points, v.message
crude = pd.DataFrame(
    {"seasonal_wc": per["overdraft_days"] > 0, "idle_liquidity": per["deposit"] > per["outflow"]}
).stack()
crude = crude[crude].reset_index().iloc[:, :2].set_axis(["client_id", "need"], axis=1)
if len(crude):  # on a very small bank neither crude rule may fire: nothing to hand in
    v = ex.expect_mistake(ex.q5, crude, "two_rules")
    assert v.points < 0.5 * ex.q5.points, v.message
data_only = signals.stack()
data_only = data_only[data_only].reset_index().iloc[:, :2].set_axis(["client_id", "need"], axis=1)
ex.expect_mistake(ex.q5, data_only, "data_only")
ex.expect(ex.q5, needs_list.iloc[: len(needs_list) // 4], "incorrect")
ex.expect(ex.q5, needs_list.assign(need="lottery"), "invalid", "lottery")

# %% [markdown] lang="en"
# ## Q6 · The gap to what the bank sells
# Idle liquidity: mean daily-average deposits over the last 12 months above 3 × mean monthly
# outflows. How many key clients have idle liquidity but **no current structured deposit**
# (`structured_deposit` in `book.holdings` with no `end_month`)?

# %% [markdown] lang="zh"
# ## 第 6 题 · 与本行已售产品的差距
# 闲置资金：最近 12 个月日均存款的均值超过月均支出的 3 倍。有闲置资金、却**当前没有结构性存款**
# （`book.holdings` 中 `end_month` 为空的 `structured_deposit`）的重点客户有多少户？

# %%
# BEGIN SOLUTION
idle = per.index[per["deposit"] > 3 * per["outflow"]]
has_sd = set(held.loc[held["product"] == "structured_deposit", "client_id"])
# END SOLUTION
gap = sum(c not in has_sd for c in idle)  # SOLUTION
ex.q6.check(gap)

# %% tags=["test"]
ex.expect(ex.q6, gap, "correct")
ex.expect(ex.q6, len(idle) + 1, "incorrect", "too_high")
if len(idle) != gap:
    ex.expect_mistake(ex.q6, len(idle), "ignore_holdings")

# %% [markdown] lang="en"
# ## Q7 · Reflection (not auto-graded)
# Which need is hardest to find from the notes or the data alone (in practice, Q5's message
# names the one your list found least often), and what would you ask in the next client
# meeting to find it?

# %% [markdown] lang="zh"
# ## 第 7 题 · 心得（不自动评分）
# 哪类需求最难只靠纪要或数据发现（练习模式下，第 5 题的反馈会指出你的清单最常漏掉的那类）？下次拜访时你
# 会问什么问题来发现它？

# %%
# BEGIN SOLUTION
text = (
    "Notes alone were noisy and data alone missed needs that only conversations reveal; "
    "I would ask about expansion plans and payment terms with the finance director."
)
# END SOLUTION
reflection = text  # SOLUTION
ex.q7.check(reflection)

# %% [markdown] lang="en"
# ## Q8 · Your decision: Which need leads the campaign?
# The branch will run one campaign for its key clients this quarter. Which **need** should it be built around?
# Answer as `{"decision": ..., "why": "..."}`. The decision is checked at once; your reasons
# (15 words or more) go to your trainer, who reads them against the points printed below.

# %% [markdown] lang="zh"
# ## 第 8 题 · 你的决定：营销活动以哪类需求为主？
# 本季度支行将为重点客户开展一次营销活动。应围绕哪一类**需求**来设计？
# 按 `{"decision": ..., "why": "..."}` 作答。决定会立即检查；你的理由（不少于 15 个字）提交给培训师，
# 培训师对照下面列出的评分要点阅读。

# %%
print(ex.q8.rubric_text())
# BEGIN SOLUTION
serves = {p.code: p.serves for p in cat.PRODUCTS}
served = set(zip(held["client_id"], held["product"].astype(str).map(serves), strict=True))
open_needs = [
    n
    for c, n in zip(needs_list["client_id"], needs_list["need"], strict=True)
    if (c, n) not in served
]
counts = pd.Series(open_needs).value_counts()
choice = sorted(counts.index[counts == counts.max()])[0]
why = (
    "More key clients share this open need than any other and no product they hold meets it yet; "
    "the data backs what the notes say, so the campaign will not chase talk."
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
