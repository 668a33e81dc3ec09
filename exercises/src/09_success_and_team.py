# %% [markdown] lang="en"
# # Exercise 9 · A success, analysed, and the team behind it
#
# Work case 9's method on **your own bank**: rebuild what a team did for its best relationship,
# measure the client's change of inflows year on year, take out what matched clients without a
# team saw over the same months, do the same for every team relationship; last, decide whether
# the evidence carries a roll-out of the team model.
#
# Replace each `____` with your answer and run the cell; `ex.q1.hint()` and (in practice mode)
# `ex.q1.solution()` help when you are stuck.

# %% [markdown] lang="zh"
# # 练习九 · 成功案例分析与背后的团队
#
# 在**你自己的银行**上练习案例九的方法：还原团队为其最好的客户做了什么，衡量客户资金流入的同比变化，
# 剔除没有团队服务的匹配同类客户同期的变化，再对每个团队服务客户都这样做；最后决定这些证据是否足以在
# 全分行推广团队营销模式。
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
import numpy as np
import pandas as pd

from casekit.exercises import ____, start
from casekit.note_keywords import needs_in

ex = start(
    "09",
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
outcomes = book.outcomes.set_index("client_id")
acts = book.tables["team_activities"]
# Each team relationship's kickoff: the month of its first joint visit.
kick = acts[acts["step"] == "kickoff"].groupby("client_id")["date"].min().dt.strftime("%Y-%m")
# Inflows through our accounts, client × month (0 where a client is off the book).
grid = book.panel.pivot_table(index="client_id", columns="month", values="inflow", aggfunc="sum")
grid = grid.reindex(columns=months).fillna(0.0)
grid.columns = range(len(months))
# Your success: the team relationship that met most needs (steps 'agreed') and, of those, whose
# inflows relative to revenue (inflows over half its revenue) rose most from the six months
# before its kickoff to the same six months a year later.
revenue = book.clients.set_index("client_id")["revenue"]
gain = pd.Series(
    {
        c: (
            grid.loc[c].iloc[months.index(m) + 6 : months.index(m) + 12].sum()
            - grid.loc[c].iloc[months.index(m) - 6 : months.index(m)].sum()
        )
        / (revenue[c] / 2)
        for c, m in kick.items()
    }
)
met = acts[acts["step"] == "agreed"].groupby("client_id").size().reindex(kick.index, fill_value=0)
rank = pd.DataFrame({"met": met, "gain": gain})
success = rank.sort_values(["met", "gain"], ascending=False, kind="stable").index[0]
print(len(kick), success, kick[success])

# %% [markdown] lang="en"
# ## Q1 · What the team did, in order
# Read your success's visits in `team_activities`. List the needs (need codes such as
# `supply_chain`) the client **agreed** to, in the order it agreed to them, earliest first.
# Read each need from the visit's note (`needs_in(note)` gives the needs a note points to).

# %% [markdown] lang="zh"
# ## 第 1 题 · 团队按顺序做了什么
# 阅读你的成功案例在 `team_activities` 中的拜访记录。按客户**同意办理**的先后顺序列出需求代码（如
# `supply_chain`），最早的在前。每条需求从拜访纪要中读出（`needs_in(note)` 给出纪要指向的需求）。

# %%
visits = acts[acts["client_id"] == success].sort_values("date")
agreed = visits[visits["step"] == "agreed"]
order = [next(iter(needs_in(n))) for n in agreed["note_en"]]  # SOLUTION
ex.q1.check(order)

# %% tags=["test"]
ex.expect(ex.q1, order, "correct")
ex.expect(ex.q1, ____, "not_attempted")
from casekit.catalog import label

ex.expect(ex.q1, [label("need", k, lang) for k in order], "correct")  # names, in either language
ex.expect(ex.q1, ",".join(order), "invalid", "what_needs_order")
if len(order) >= 2:
    ex.expect_mistake(ex.q1, order[::-1], "backwards")
proposed = [next(iter(needs_in(n))) for n in visits.loc[visits["step"] == "proposal", "note_en"]]
if proposed != order:
    ex.expect_mistake(ex.q1, proposed, "with_declined")

# %% [markdown] lang="en"
# ## Q2 · The client's change, year on year
# Its inflows in the same six calendar months a year after the kickoff (months s+6 … s+11, s
# the kickoff) over the six months before it (s−6 … s−1), less 1.

# %% [markdown] lang="zh"
# ## 第 2 题 · 客户资金流入的同比变化
# 首次联合拜访一年后的同期六个月（第 s+6 至 s+11 月，s 为起点月）的资金流入，除以此前六个月
# （第 s−6 至 s−1 月）的资金流入，再减 1。

# %%
s = months.index(kick[success])
flows = grid.loc[success]
change_ = flows.iloc[s + 6 : s + 12].sum() / flows.iloc[s - 6 : s].sum() - 1  # SOLUTION
ex.q2.check(change_)

# %% tags=["test"]
ex.expect(ex.q2, change_, "correct")
ex.expect(ex.q2, change_ + 0.5, "incorrect")
if abs(change_) > 0.02:  # a change handed in as a percentage is told so
    ex.expect(ex.q2, change_ * 100, "incorrect", "check_percent_not_rate")
next_six = flows.iloc[s : s + 6].sum() / flows.iloc[s - 6 : s].sum() - 1
if abs(next_six - change_) > 0.01:
    ex.expect_mistake(ex.q2, next_six, "next_six")

# %% [markdown] lang="en"
# ## Q3 · Skill or luck: the team's part against matched peers
# Peers are clients with no team, still `active` and not `defaulted`, with the same `industry`,
# `size_class` and `tier` as the success — at least 5 of them; if fewer, same `industry` and
# `size_class`; then same `industry`; then every such client. The industry comes first because
# its market moves the firm's flows. Pool the peers' inflows over the same two windows. The
# team's part is (1 + the client's change) / (1 + the peers' change) − 1.

# %% [markdown] lang="zh"
# ## 第 3 题 · 本事还是运气：与匹配同类相比团队的贡献
# 同类客户：没有团队服务、`churn_status` 为 `active` 且未违约（`defaulted`），与成功案例的 `industry`、
# `size_class`、`tier` 都相同——至少 5 户；不足则只看 `industry` 与 `size_class`；再不足只看 `industry`；
# 再不足用全部这样的客户。行业放在第一位，因为带动企业资金流的是其所在行业的市场。把同类客户在同样两个
# 时段的资金流入加总。团队的贡献 =（1 + 客户的变化）÷（1 + 同类的变化）− 1。

# %%
# BEGIN SOLUTION
cl = book.clients.set_index("client_id")
kept = (outcomes["churn_status"] == "active") & ~outcomes["defaulted"]
pool = cl[~cl.index.isin(kick.index) & kept.reindex(cl.index).fillna(False)]


def peers(c: str) -> pd.Index:
    """Clients like ``c`` without a team: the finest match with at least five."""
    for cols in (["industry", "size_class", "tier"], ["industry", "size_class"], ["industry"]):
        mask = np.logical_and.reduce([pool[k] == cl.loc[c, k] for k in cols])
        if mask.sum() >= 5:
            return pool.index[mask]
    return pool.index


def peers_change(c: str, ids: pd.Index) -> float:
    """The pooled change of ``ids``' inflows over ``c``'s two windows."""
    k = months.index(kick[c])
    p = grid.reindex(ids).fillna(0.0).sum()
    return p.iloc[k + 6 : k + 12].sum() / p.iloc[k - 6 : k].sum() - 1


# END SOLUTION
part = (1 + change_) / (1 + peers_change(success, peers(success))) - 1  # SOLUTION
ex.q3.check(part)

# %% tags=["test"]
ex.expect(ex.q3, part, "correct")
ex.expect(ex.q3, -part, "incorrect" if abs(part) > 0.01 else "correct")
if abs(change_ - part) > 0.01:
    ex.expect_mistake(ex.q3, change_, "whole_market")
vs_all = (1 + change_) / (1 + peers_change(success, pool.index)) - 1
if abs(vs_all - part) > 0.01:
    ex.expect_mistake(ex.q3, vs_all, "all_clients")

# %% [markdown] lang="en"
# ## Q4 · What the teams typically win
# Do Q3 for every team relationship (each with its own kickoff and its own peers) and answer the
# median of the teams' parts.

# %% [markdown] lang="zh"
# ## 第 4 题 · 团队通常能带来多少
# 对每个团队服务的客户做第 3 题的比较（各用自己的起点和自己的同类客户），给出各团队贡献的中位数。


# %%
# BEGIN SOLUTION
def own_change(c: str) -> float:
    """A team relationship's change of inflows, year on year."""
    k = months.index(kick[c])
    f = grid.loc[c]
    return f.iloc[k + 6 : k + 12].sum() / f.iloc[k - 6 : k].sum() - 1


parts = [(1 + own_change(c)) / (1 + peers_change(c, peers(c))) - 1 for c in kick.index]
# END SOLUTION
typical = float(np.median(parts))  # SOLUTION
ex.q4.check(typical)

# %% tags=["test"]
ex.expect(ex.q4, typical, "correct")
ex.expect(ex.q4, typical + 0.2, "incorrect")
naive = float(np.median([own_change(c) for c in kick.index]))
if abs(naive - typical) > 0.01:
    ex.expect_mistake(ex.q4, naive, "whole_market")
against_all = float(
    np.median([(1 + own_change(c)) / (1 + peers_change(c, pool.index)) - 1 for c in kick.index])
)
if abs(against_all - typical) > 0.01:
    ex.expect_mistake(ex.q4, against_all, "all_clients")

# %% [markdown] lang="en"
# ## Q5 · Your decision: roll the team model out?
# Head office asks whether to send credit and product colleagues to first visits branch-wide
# (**roll_out**) or to run more pilots first (**pilot**). Answer as
# `{"decision": ..., "why": "..."}`. The decision is checked at once; your reasons (15 words or
# more) go to your trainer, who reads them against the points printed below.

# %% [markdown] lang="zh"
# ## 第 5 题 · 你的决定：推广团队营销模式吗？
# 总行问：是在全分行推广授信和产品部门同事参与首次拜访（**roll_out**），还是先扩大试点（**pilot**）？
# 按 `{"decision": ..., "why": "..."}` 作答。决定会立即检查；你的理由（不少于 15 个字）提交给培训师，
# 培训师对照下面列出的评分要点阅读。

# %%
print(ex.q5.rubric_text())
# BEGIN SOLUTION
choice = "roll_out" if len(kick) >= 5 and typical >= 0.15 else "pilot"
why = (
    "Against matched clients without a team, the teams typically won this much more business, on "
    "enough relationships to trust it; credit and product colleagues should join first visits."
)
# END SOLUTION
decision = {"decision": choice, "why": why}  # SOLUTION
ex.q5.check(decision)

# %% tags=["test"]
ex.expect(ex.q5, decision, "correct")
other = next(x for x in ex.q5.options if x != ex.q5.expected(ex))
ex.expect(ex.q5, {"decision": other, "why": why}, "incorrect")
ex.expect(ex.q5, {"decision": decision["decision"], "why": "because"}, "invalid")

# %% [markdown] lang="en"
# ## Q6 · Reflection (not auto-graded)
# Write your success's lessons in the book's structure (6.2): the needs it met and in which
# order, how the team kept in touch, the products, the risk, and what the data showed.

# %% [markdown] lang="zh"
# ## 第 6 题 · 心得（不自动评分）
# 按原书 6.2 的结构写出成功案例的经验：满足了哪些需求、顺序如何，团队如何保持沟通，用了哪些产品，风险
# 如何把控，数据说明了什么。

# %%
# BEGIN SOLUTION
text = (
    "The team met the most urgent need first, brought the credit officer to the first visit, "
    "and the matched comparison shows what was ours and what the market gave."
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
