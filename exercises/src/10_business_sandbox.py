# %% [markdown] lang="en"
# # Exercise 10 · Business sandbox
#
# Work case 10's method on **your own bank**. You take over its portfolio for eight quarters
# with 240 RM hours a quarter and a small service budget. Read the hand-over, measure the two
# references, then write a policy of your own in pandas, play the eight quarters with it and
# hand in the run. Your decisions are replayed by the checker from your bank: only what they
# really give counts.
#
# Replace each `____` with your answer and run the cell; `ex.q1.hint()` and (in practice mode)
# `ex.q1.solution()` help when you are stuck. Figures are in 万元.

# %% [markdown] lang="zh"
# # 练习十 · 经营沙盘
#
# 在**你自己的银行**上练习案例十的方法。你接手这家银行的客户组合，经营八个季度，每季度有 240 小时
# 客户经理工时和一小笔服务改进预算。先读懂交接数据、测算两个参照，再用 pandas 写出自己的策略，用它跑完
# 八个季度并提交运行记录。检查程序会在你的银行上重放你的决策：只有决策真正带来的结果才算数。
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

from casekit import catalog as cat
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
handover = sandbox.start(book, lang=lang).observe()
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
ex.expect(ex.q1, len(handover["panel"]) + 1, "incorrect", "too_high")
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
ex.expect(ex.q2, handover["panel"]["deposit_avg"].sum() * 1.5, "incorrect", "too_high")
ex.expect(ex.q2, "a lot", "invalid")

# %% [markdown] lang="en"
# ## Q3 · The first reference: doing nothing
# Run a fresh sandbox through its eight quarters with `sandbox.do_nothing` (business as usual,
# no decisions). What is its 综合贡献度 at the end (`metrics()["contribution"]`)?

# %% [markdown] lang="zh"
# ## 第 3 题 · 第一个参照：什么也不做
# 新开一个沙盘，用 `sandbox.do_nothing`（照常经营，不做任何决策）跑完八个季度。结束时的综合贡献度
# （`metrics()["contribution"]`）是多少？

# %%
nothing = sandbox.start(book, lang=lang).run(sandbox.do_nothing)
base = nothing.metrics()["contribution"]  # SOLUTION
ex.q3.check(base)

# %% tags=["test"]
ex.expect(ex.q3, base, "correct")
ex.expect(ex.q3, nothing.path()["contribution"].iloc[0], "incorrect")

# %% [markdown] lang="en"
# ## Q4 · The second reference: the room left
# The best known policy (`sandbox.best_known`) reads the hidden truth; the scripted one
# (`sandbox.sensible`) reads only what the bank sees. How much more 综合贡献度 does the best
# known policy end with than the scripted one?

# %% [markdown] lang="zh"
# ## 第 4 题 · 第二个参照：还有多少提升空间
# 已知最优策略（`sandbox.best_known`）读取了隐藏的真实情况；脚本策略（`sandbox.sensible`）只读取银行
# 可见的数据。跑完八个季度后，已知最优策略的综合贡献度比脚本策略高多少？

# %%
scripted = sandbox.start(book, lang=lang).run(sandbox.sensible)
best = sandbox.start(book, lang=lang).run(sandbox.best_known)
room = best.metrics()["contribution"] - scripted.metrics()["contribution"]  # SOLUTION
ex.q4.check(room)

# %% tags=["test"]
ex.expect(ex.q4, room, "correct")
ex.expect(ex.q4, best.metrics()["contribution"] - base, "incorrect", "too_high")

# %% [markdown] lang="en"
# ## Q5 · Your own eight quarters
# Write `my_policy(sim)`: each quarter it returns the decisions as a table, from what the bank
# sees (`sim.observe()` for the quarter just simulated, `sim.observed` for all of them). A row
# is a `visit`, an `offer` (`product`, `price` 0.8–1.2), a `respond` to a warning (`response`
# for its level) or an `improve` (`improvement`), each with its RM `hours`; a table that breaks a
# rule is refused with the row and the fix. Then play the eight quarters and hand in
# `sim.record()`: the decisions, as plain data. Full credit from a quarter of the way from doing
# nothing to the best known policy on 综合贡献度.

# %% [markdown] lang="zh"
# ## 第 5 题 · 你自己的八个季度
# 编写 `my_policy(sim)`：每个季度根据银行可见的数据（`sim.observe()` 是刚模拟完的季度，`sim.observed`
# 是以往所有季度），以表格形式返回本季度的决策。每一行是一次 `visit` 拜访、一次 `offer` 营销（`product`、
# `price` 0.8–1.2）、一次 `respond` 预警处置（与预警等级相符的 `response`）或一项 `improve` 服务改进
# （`improvement`），并填上所用客户经理工时 `hours`；违反规则的决策表会被拒绝，并指出是哪一行、如何
# 改正。然后跑完八个季度，提交 `sim.record()`：以纯数据形式记录的全部决策。综合贡献度达到从“什么也
# 不做”到“已知最优”四分之一的距离即得满分。

# %%
products = pd.DataFrame(
    [(p.code, p.serves, p.family in R.CREDIT_FAMILIES) for p in cat.PRODUCTS if p.serves],
    columns=["product", "need", "credit"],
)
rating = book.clients.set_index("client_id")["rating"].astype(str)


def my_policy(sim) -> pd.DataFrame:
    """This quarter's decisions, from what the bank sees."""
    rows = []
    # BEGIN SOLUTION
    seen = sim.observe()
    here = seen["panel"].query("status != 'gone'").set_index("client_id")
    hours = 0.0
    # Offers: what each lead needs, non-credit first; credit only within the risk appetite.
    leads = [q["leads"] for q in sim.observed if len(q.get("leads", []))]
    taken = [q["offers"].query("accepted") for q in sim.observed if len(q.get("offers", []))]
    done = (
        set(pd.concat(taken)[["client_id", "product"]].itertuples(index=False)) if taken else set()
    )
    if leads:
        lead = pd.concat(leads).drop_duplicates(["client_id", "need"])
        lead = lead[lead["client_id"].isin(here.index)].merge(products, on="need")
        worst = R.grade_rank(R.APPETITE_WORST_GRADE)
        risky = lead["client_id"].map(rating).map(R.grade_rank) > worst
        npl = lead["client_id"].map(here["npl"]).astype(bool)
        lead = lead[~lead["credit"] | ~(risky | npl)]
        lead = lead.sort_values("credit").drop_duplicates(["client_id", "need"])
        lead = lead.drop_duplicates(["client_id", "product"])
        lead = lead[
            [(c, p) not in done for c, p in zip(lead["client_id"], lead["product"], strict=True)]
        ]
        for c, p in zip(lead["client_id"], lead["product"], strict=True):
            if hours + 1 > sim.hours_budget / 2:
                break
            rows.append({"kind": "offer", "client_id": c, "product": p, "price": 0.9, "hours": 1.0})
            hours += 1
    # Warnings: watch the orange ones, reduce exposure on the red ones.
    w = seen["warnings"]
    level = w.groupby("client_id")["level"].agg(lambda s: max(s, key=R.LEVELS.index))
    for c, lv in level.items():
        if lv != "yellow" and hours + 2 <= sim.hours_budget:
            response = "watch" if lv == "orange" else "reduce_exposure"
            rows.append({"kind": "respond", "client_id": c, "response": response, "hours": 2.0})
            hours += 2
    # Visits: the largest relationships not visited in the last two quarters.
    recent = [q["interactions"].query("visit_hours > 0") for q in sim.observed[-2:]]
    visited = set(pd.concat(recent)["client_id"]) if recent else set()
    for c in here.sort_values("deposit_avg", ascending=False).index:
        if hours + 3 > sim.hours_budget:
            break
        if c not in visited:
            rows.append({"kind": "visit", "client_id": c, "hours": 3.0})
            hours += 3
    # Service: the slowest stage of the request process, and a 回访 programme.
    for s in (sandbox.policies.slowest_stage(sim), "followed_up"):
        rows.append({"kind": "improve", "improvement": s, "hours": 0.0})
    # END SOLUTION
    return pd.DataFrame(rows, columns=list(R.COLUMNS))


sim = sandbox.start(book, lang=lang).run(my_policy)
run = sim.record()  # SOLUTION
ex.q5.check(run)

# %% tags=["test"]
ex.expect(ex.q5, run, "correct")
at_random = sandbox.start(book, lang=lang).run(sandbox.random_policy(seed)).record()
v = ex.expect(ex.q5, at_random, "incorrect")
assert v.points < ex.q5.points / 2, v.message
# A forged record: random decisions claiming the scorecard of a good run. The decisions are
# replayed; the claim is ignored and said to be.
forged = {**at_random, "scorecard": run["scorecard"]}
ex.expect(ex.q5, forged, "incorrect", "sb_claims_ignored")
ex.expect(ex.q5, {**run, "decisions": run["decisions"][:3]}, "invalid", "3")
ex.expect(ex.q5, {**run, "seed": seed + 1}, "invalid", str(seed + 1))
ex.expect(ex.q5, [1, 2, 3], "invalid")

# %% [markdown] lang="en"
# Your run in the sandbox panel (its scorecard, charts and tables):

# %% [markdown] lang="zh"
# 在沙盘面板中查看你的运行（记分卡、图表和数据表）：

# %%
from IPython.display import display

from casekit.sandbox.widgets import panel

display(panel(sim).widget)

# %% [markdown] lang="en"
# ## Q6 · What the service improvements did
# The debrief takes each kind of decision out of a run and replays it on the same random draws.
# In the scripted run of Q4, how much did the service improvements add to 综合贡献度?

# %% [markdown] lang="zh"
# ## 第 6 题 · 服务改进的作用
# 复盘会把每一类决策依次从运行中剔除，并在相同的随机数上重算。在第 4 题的脚本策略运行中，服务改进为
# 综合贡献度带来了多少？

# %%
debrief = scripted.debrief().set_index("metric")
column = "服务改进" if lang == "zh" else "service improvements"
improved = debrief.at["contribution", column]  # SOLUTION
ex.q6.check(improved)

# %% tags=["test"]
ex.expect(ex.q6, improved, "correct")
ex.expect(ex.q6, debrief.at["contribution", "effect"], "incorrect")

# %% [markdown] lang="en"
# ## Q7 · Reflection (not auto-graded)
# In three or four sentences: which of your decisions paid, which did not, and what would you
# change in your policy after reading the debrief of your own run (`sim.debrief()`)?

# %% [markdown] lang="zh"
# ## 第 7 题 · 心得（不自动评分）
# 用三四句话说明：你的哪些决策有回报、哪些没有？读过自己运行的复盘（`sim.debrief()`）后，你会怎样
# 修改策略？

# %%
# BEGIN SOLUTION
text = (
    "The debrief shows which kinds of decision paid and which did not; I would keep the ones "
    "that paid and move the hours of the rest to clients with open leads or contact below plan, "
    "then rewind and check the change on the same draws before using it."
)
# END SOLUTION
reflection = text  # SOLUTION
ex.q7.check(reflection)

# %% [markdown] lang="en"
# ## Your results

# %% [markdown] lang="zh"
# ## 你的结果

# %%
ex.record()
