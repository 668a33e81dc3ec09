# %% [markdown] lang="en"
# # Exercise 4 · Risk early warning
#
# Work case 4's method on **your own bank**: count the signals, date when trouble started,
# build a warning rule that `evaluate_warnings` scores against the defaults that followed, and
# grade today's clients by warning level.
#
# Replace each `____` with your answer and run the cell; `ex.q1.hint()` and (in practice mode)
# `ex.q1.solution()` help when you are stuck.

# %% [markdown] lang="zh"
# # 练习四 · 风险预警
#
# 在**你自己的银行**上练习案例四的方法：统计预警信号，确定问题从何时开始，建立预警规则（由
# `evaluate_warnings` 与其后发生的违约对照打分），并按预警等级给当前客户分级。
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
import pandas as pd

from casekit import catalog as cat
from casekit.exercises import ____, start

ex = start(
    "04",
    seed=seed,
    scenario=scenario,
    lang=lang,
    mode=mode,
    data=data,
    client_id=client_id,
    trainee=trainee,
)
book = ex.book
p = book.panel.sort_values(["client_id", "month"])
months = sorted(p["month"].unique())
book.warnings.head(3)

# %% [markdown] lang="en"
# ## Q1 · Who has been overdue?
# How many clients had days past due (`dpd > 0`) in at least one month?

# %% [markdown] lang="zh"
# ## 第 1 题 · 哪些客户逾期过？
# 至少有一个月逾期（`dpd > 0`）的客户有多少户？

# %%
overdue = p.loc[p["dpd"] > 0, "client_id"].nunique()  # SOLUTION
ex.q1.check(overdue)

# %% tags=["test"]
ex.expect(ex.q1, overdue, "correct")
if int((p["dpd"] > 0).sum()) != overdue:
    ex.expect_mistake(ex.q1, int((p["dpd"] > 0).sum()), "months")
ex.expect(ex.q1, ____, "not_attempted")

# %% [markdown] lang="en"
# ## Q2 · Warning events by type
# A table with the columns `signal` and `events`: how many warning events of each type
# `book.warnings` holds.

# %% [markdown] lang="zh"
# ## 第 2 题 · 各类预警事件
# 一张表，列为 `signal` 和 `events`:`book.warnings` 中每类预警事件各有多少个。

# %%
events = book.warnings["signal"].value_counts().rename("events")  # SOLUTION
ex.q2.check(events)

# %% tags=["test"]
ex.expect(ex.q2, events, "correct")
ex.expect(ex.q2, events.iloc[1:], "incorrect", str(events.index[0]))
ex.expect(ex.q2, events * 2, "incorrect", "too_high")
ex.expect(ex.q2, {"lottery_win": 3}, "invalid", "lottery_win")
per_signal = book.warnings.groupby("signal", observed=True)["client_id"].nunique()
if {k: v for k, v in per_signal.items() if v} != {k: v for k, v in events.items() if v}:
    ex.expect_mistake(ex.q2, per_signal, "clients")
named = {cat.label("signal", k, lang): v for k, v in events.items()}
ex.expect(ex.q2, named, "correct")  # signal names in the notebook's language answer too

# %% [markdown] lang="en"
# ## Q3 · When did trouble start?
# A table of `(client_id, month)`: each overdue client's **first** month with `dpd > 0`.

# %% [markdown] lang="zh"
# ## 第 3 题 · 问题从何时开始？
# 一张 `(client_id, month)` 表：每位逾期客户**第一次**出现 `dpd > 0` 的月份。

# %%
first = p[p["dpd"] > 0].groupby("client_id")["month"].min()  # SOLUTION
ex.q3.check(first)

# %% tags=["test"]
ex.expect(ex.q3, first, "correct")
last_seen = p[p["dpd"] > 0].groupby("client_id")["month"].max()
if not last_seen.equals(first):
    ex.expect_mistake(ex.q3, last_seen, "last")
ex.expect(ex.q3, first.reset_index().assign(month="2031-13"), "invalid", "2031-13")

# %% [markdown] lang="en"
# ## Q4 · A warning rule
# Design a points rule that flags clients early: so many points for a warning event, so many
# for a month overdue, added up over a few months, and a flag once the sum reaches a threshold.
# Answer with the rule's four numbers, e.g.
# `{"event_points": 1, "overdue_points": 1, "months": 2, "threshold": 2}`. The check applies your
# rule to every client and month of your bank and scores its flags by F1 (precision and recall
# together; a flag is timely when the client defaults within the next six months). Because you
# hand in the rule, not a list of clients, knowing who defaulted does not help. Full credit from
# 85% of the F1 the reference
# reaches: the same kind of rule, with its threshold chosen by backtesting on your bank's data.

# %% [markdown] lang="zh"
# ## 第 4 题 · 预警规则
# 设计一条计分预警规则：预警事件记几分、逾期一个月记几分，按几个月滚动加总，总分达到阈值就预警。
# 用规则的四个数作答，例如 `{"event_points": 1, "overdue_points": 1, "months": 2, "threshold": 2}`。
# 检查会把你的规则用到本行每位客户、每个月上，按 F1（兼顾精确率和召回率）为它的预警打分；客户在预警后
# 六个月内违约才算预警及时。你交的是规则而不是客户名单，所以知道谁已违约也无济于事。参考答案是同一类规则、
# 用你行已有数据回测选定阈值；达到它 F1 的 85% 即得满分。

# %%
# BEGIN SOLUTION
idx = {m: i for i, m in enumerate(months)}
signals = pd.concat(
    [
        book.warnings[["client_id", "month"]].assign(score=2),
        p.loc[p["dpd"] > 0, ["client_id", "month"]].assign(score=3),
    ]
)
s = signals.assign(t=signals["month"].map(idx)).groupby(["client_id", "t"])["score"].sum()
s = s.unstack(fill_value=0).reindex(columns=range(len(months)), fill_value=0)
rolling = s.T.rolling(3, min_periods=1).sum().T
# How many clients would each threshold flag? Too low drowns the RMs, too high is too late.
print({th: rolling.stack().ge(th).groupby(level=0).any().sum() for th in (3, 5, 6, 8)})
# Backtest each threshold on the defaults you can already see, and keep the best.
from casekit.evaluate import evaluate_warnings

points = rolling.stack()


def backtest(threshold):
    hit = points[points >= threshold].reset_index()
    flags = pd.DataFrame({"client_id": hit["client_id"], "month": [months[t] for t in hit["t"]]})
    return evaluate_warnings(flags, book, horizon=6).f1


f1 = {th: backtest(th) for th in (3, 4, 5, 6, 8, 10, 12)}
print({th: round(v, 2) for th, v in f1.items()})
best = max(f1, key=lambda th: (f1[th], -th))
# END SOLUTION
rule = {"event_points": 2, "overdue_points": 3, "months": 3, "threshold": best}  # SOLUTION
ex.q4.check(rule)

# %% tags=["test"]
ex.expect(ex.q4, rule, "correct")
ex.expect(ex.q4, pd.DataFrame([rule]), "correct")  # a one-row table says the same
if not ex.q4.too_small(ex):  # the smallest banks have too few defaults to foresee
    for key, wrong in {
        "events_only": {"event_points": 2, "overdue_points": 0, "months": 1, "threshold": 2},
        "overdue_only": {"event_points": 0, "overdue_points": 3.0, "months": 1, "threshold": 3},
    }.items():
        v = ex.expect_mistake(ex.q4, wrong, key)
        assert v.points < 0.5 * ex.q4.points, v.message
ex.expect(ex.q4, {**rule, "months": 40}, "invalid", "months")
ex.expect(ex.q4, {"threshold": 6}, "invalid", "event_points")
# A list of flags is not a rule: hindsight (the clients known to have defaulted) cannot be handed in.
ex.expect(ex.q4, book.warnings[["client_id", "month"]], "invalid", "event_points")

# %% [markdown] lang="en"
# ## Q5 · Today's red list
# With the same points (event 2, overdue month 3, summed over three months), how many clients
# still on the book in the latest month are **red** (5 points or more)?

# %% [markdown] lang="zh"
# ## 第 5 题 · 当前的红色名单
# 沿用同样的计分（预警事件 2 分、逾期月份 3 分、三个月滚动加总），最近一个月仍在本行的客户中，
# 有多少户是**红色**（不少于 5 分）？

# %%
on_book = p.loc[p["month"] == months[-1], "client_id"]
red = int((rolling.iloc[:, -1].reindex(on_book, fill_value=0) >= 5).sum())  # SOLUTION
ex.q5.check(red)

# %% tags=["test"]
ex.expect(ex.q5, red, "correct")
ex.expect(ex.q5, int((rolling.iloc[:, -1] >= 3).sum()) + 1, "incorrect", "too_high")
if int((rolling.iloc[:, -1] >= 5).sum()) != red:
    ex.expect_mistake(ex.q5, int((rolling.iloc[:, -1] >= 5).sum()), "gone_too")

# %% [markdown] lang="en"
# ## Q6 · Reflection (not auto-graded)
# Where would you set your threshold, and why? Weigh what a missed default costs against what a
# false alarm costs (an RM's review time, a client's trust).

# %% [markdown] lang="zh"
# ## 第 6 题 · 心得（不自动评分）
# 你会把阈值定在哪里？为什么？请权衡漏掉一笔违约与一次误报（客户经理的复核时间、客户的信任）各自的代价。

# %%
# BEGIN SOLUTION
text = (
    "A missed default costs far more than a review, so I accept some false alarms; but each "
    "alarm takes an RM visit, so I would start at a threshold of six and review it quarterly."
)
# END SOLUTION
reflection = text  # SOLUTION
ex.q6.check(reflection)

# %% [markdown] lang="en"
# ## Q7 · Your decision: First line of the checklist
# Which **warning signal** goes first on the RMs' checklist?
# Answer as `{"decision": ..., "why": "..."}`. The decision is checked at once; your reasons
# (15 words or more) go to your trainer, who reads them against the points printed below.

# %% [markdown] lang="zh"
# ## 第 7 题 · 你的决定：检查清单的第一条
# 哪一种**预警信号**应列在客户经理检查清单的第一条？
# 按 `{"decision": ..., "why": "..."}` 作答。决定会立即检查；你的理由（不少于 15 个字）提交给培训师，
# 培训师对照下面列出的评分要点阅读。

# %%
print(ex.q7.rubric_text())
# BEGIN SOLUTION
idx = {m: i for i, m in enumerate(months)}
o = book.outcomes
td = o.loc[o["defaulted"].astype(bool)].set_index("client_id")["default_month"].map(idx)
w = book.warnings
lead = w["client_id"].map(td) - w["month"].map(idx)
choice = ((lead > 0) & (lead <= 6)).groupby(w["signal"].astype(str)).mean().sort_index().idxmax()
why = (
    "Events of this signal are followed by a default within six months more often than any "
    "other; a visit the same week costs far less than a missed default."
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
