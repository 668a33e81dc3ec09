# %% [markdown] lang="en"
# # Case 10 · Business sandbox (经营沙盘)
#
# **The situation.** The branch hands you its corporate portfolio for the quarters ahead. Each
# quarter you have a budget of RM hours beyond business as usual and a small service budget, and
# you decide: whom to visit, what to offer whom and at what price, which warnings to act on and
# how, and which service improvements to fund. Then the quarter happens — needs met or missed,
# deposits, 中间业务收入, defaults, churn, complaints — and you see only what a bank would see.
#
# **The method (seed book 3.4, 4.4, 6.3).** Decide from data, not from a product quota; respond
# to a warning by its level; improve the process where it is slowest; and judge the result on the
# book's four lenses — satisfaction, business growth, risk control and attrition — against what
# would have happened anyway.
#
# **By the end you can** write a quarter's decisions as a pandas table, read the scorecard
# against a do-nothing RM and the best policy the simulator knows, rewind and try again, and say
# which decisions moved which outcome.

# %% [markdown] lang="zh"
# # 案例十 · 经营沙盘
#
# **业务情境。** 分行把对公客户组合交给你经营接下来的若干季度。每个季度，你在日常工作之外有一笔客户经理工时预算
# 和一小笔服务改进预算，需要决定：拜访谁；向谁、以什么价格营销什么产品；对哪些预警采取什么措施；为哪项
# 服务改进出资。然后这个季度就发生了——需求被满足或错过、存款、中间业务收入、违约、流失、投诉——而你
# 只能看到一家银行能看到的数据。
#
# **方法（原书 3.4、4.4、6.3）。** 用数据而不是产品指标做决策；按预警等级采取措施；在流程最慢的
# 环节改进服务；从原书的四个视角——客户满意度、业务增长、风险控制和客户流失——评价结果，并与“本来就会
# 发生的情况”比较。
#
# **学完本案例，你能够** 用 pandas 表格写出一个季度的决策，对照“什么也不做”的客户经理和模拟器已知的
# 最优策略阅读记分卡，回退重来，并说清哪些决策带来了哪些结果。

# %% tags=["parameters"]
seed: int = 42  # random seed of the simulated bank
scenario: str = "national_branch"  # national_branch, city_commercial or rural
lang: str = "en"  # language of labels and messages: en or zh
client_id: str = "C00042"  # a client to follow through the quarters
quarters: int = 8  # quarters the sandbox runs
hours_budget: float = 240.0  # RM hours a quarter beyond business as usual

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from casekit import casework, narrative, plotting, sandbox
from casekit.sandbox import charts, claims
from casekit.sandbox import rules as R

plotting.setup(lang)
book = casework.open_book(seed, scenario, lang)
client_id = casework.check_client(book, client_id, lang)
zh = lang == "zh"
sim = sandbox.start(book, quarters=quarters, lang=lang, hours_budget=hours_budget)
handover = sim.observe()
here = handover["panel"].query("status != 'gone'")
print(
    (
        f"客户 {len(here)} 户;每季度客户经理工时 {sim.hours_budget:g} 小时;"
        f"服务改进预算 {sim.service_budget:,.1f} 万元"
    )
    if zh
    else (
        f"{len(here)} clients; {sim.hours_budget:g} RM hours a quarter; "
        f"service budget {sim.service_budget:,.1f} 万元 a quarter"
    )
)
here.head()

# %% [markdown] lang="en"
# ## 1. The hand-over
# `sim.observe()` returns the tables a bank sees: before the first quarter, each client's
# balances (`panel`) and the warnings of the last quarter (`warnings`, with their level). After a
# quarter it adds the leads your visits found, the offers and whether they were accepted, the
# contacts, service requests, complaints, a survey and who left. It never holds the truth (needs,
# PD, churn hazard): in an assessment, nobody on your side of the wall does.

# %% [markdown] lang="zh"
# ## 1. 交接
# `sim.observe()` 返回一家银行能看到的数据表：第一个季度之前，是每位客户的余额（`panel`）和上季度的
# 预警信号（`warnings`，含预警等级）。每过一个季度，还会加上拜访发现的需求线索、营销及其是否被接受、
# 接触记录、服务请求、投诉、满意度调查和离开的客户。它从不包含真实情况（需求、违约概率、流失风险）：
# 在考核中，你这一侧没有任何人掌握这些信息。

# %%
warnings = handover["warnings"]
level = warnings.groupby("client_id")["level"].agg(lambda s: max(s, key=R.LEVELS.index))
print(level.value_counts().reindex(list(R.LEVELS), fill_value=0).to_string())
start_card = sim.scorecard(references=False)
start_card[["lens", "label", "value"]].round(3)

# %% [markdown] lang="en"
# ## 2. The first quarter, decided in pandas
# A decision is a row: `kind` (visit, offer, respond or improve), the `client_id`, and what the
# kind needs — a `product` and a `price` (a multiple of the list price, 0.8 to 1.2) for an offer,
# a `response` for a warning, an `improvement` to fund, and the RM `hours` it takes. Below: watch
# the orange warnings and reduce exposure on the red ones; visit the largest relationships; speed
# up the slowest stage of the request process and fund a 回访 programme.

# %% [markdown] lang="zh"
# ## 2. 第一个季度：用 pandas 做决策
# 一条决策就是一行：`kind`（visit 拜访、offer 营销、respond 预警处置、improve 服务改进）、`client_id`，
# 以及该类决策所需的字段——营销要填 `product` 和 `price`（相对挂牌价的倍数，0.8 至 1.2），预警处置要填
# `response`，服务改进要填 `improvement`，还有所用的客户经理工时 `hours`。下面的做法是：对橙色预警
# 加强监测，对红色预警压降敞口；拜访业务规模最大的客户；提速请求流程中最慢的环节，并出资开展回访。

# %%
act = level[level != "yellow"]
respond = pd.DataFrame(
    {
        "kind": "respond",
        "client_id": act.index,
        "response": act.map({"orange": "watch", "red": "reduce_exposure"}).to_numpy(),
        "hours": 2.0,
    }
)
spare = sim.hours_budget - respond["hours"].sum()
biggest = here.nlargest(int(spare // 3), "deposit_avg")
visits = pd.DataFrame({"kind": "visit", "client_id": biggest["client_id"], "hours": 3.0})
improve = pd.DataFrame(
    {"kind": "improve", "improvement": [sandbox.policies.slowest_stage(sim), "followed_up"]}
)
decisions = pd.concat([respond, visits, improve], ignore_index=True)
decisions.groupby("kind")["hours"].agg(["size", "sum"])

# %% [markdown] lang="en"
# A table that breaks a rule is refused whole, with the row and the fix, before anything is
# simulated. Here one visit is given negative hours by mistake:

# %% [markdown] lang="zh"
# 违反规则的决策表会被整体拒绝，并指出是哪一行、如何改正，此时不会模拟任何内容。下面故意把一次拜访的
# 工时写成负数：

# %%
mistake = decisions.copy()
mistake.loc[len(respond), "hours"] = -3.0
try:
    sim.decide(mistake)
except sandbox.BadDecision as err:
    refused = str(err)
    print(refused)

# %%
sim.decide(decisions)
sim.advance()
seen = sim.observe()
print({name: len(table) for name, table in seen.items()})
seen["leads"].head()

# %% [markdown] lang="en"
# The visits found leads (needs a client mentioned): quarter 2 can offer what serves them. The
# scorecard now stands beside the two references the simulator computes on the same bank and the
# same random draws: a do-nothing RM, and the best policy it knows under the same budget.

# %% [markdown] lang="zh"
# 拜访发现了需求线索（客户提到的需求）：第二季度就可以营销能满足这些需求的产品。记分卡现在与模拟器在
# 同一家银行、同一组随机数上计算的两个参照并列：什么也不做的客户经理，以及同样预算下它已知的最优策略。

# %%
card = sim.scorecard()
card[["lens", "label", "value", "do_nothing", "best_known"]].round(3)

# %% [markdown] lang="en"
# ## 3. The whole run: four policies on the same bank
# The rest of the run follows a scripted policy a good RM could write from the observable tables
# (`sandbox.sensible`: offer what the leads need at a 10% discount, act on orange and red
# warnings, visit the largest relationships not seen lately, fund the two improvements). Beside
# it: doing nothing, the same hours spent at random, and the best known policy, which reads the
# hidden truth.

# %% [markdown] lang="zh"
# ## 3. 整个运行：同一家银行上的四种策略
# 本次运行的其余季度采用一个优秀客户经理根据可见数据就能写出的脚本策略（`sandbox.sensible`：按需求线索
# 以九折营销对应产品，处置橙色和红色预警，拜访近期未拜访的大客户，出资两项服务改进）。与它对比的是：
# 什么也不做、同样的工时随机投入，以及读取隐藏真实情况的已知最优策略。

# %%
sim.run(sandbox.sensible)
runs = {
    "do_nothing": sandbox.start(book, quarters=quarters, lang=lang, hours_budget=hours_budget).run(
        sandbox.do_nothing
    ),
    "random": sandbox.start(book, quarters=quarters, lang=lang, hours_budget=hours_budget).run(
        sandbox.random_policy(seed)
    ),
    "sensible": sandbox.start(book, quarters=quarters, lang=lang, hours_budget=hours_budget).run(
        sandbox.sensible
    ),
    "best_known": sandbox.start(book, quarters=quarters, lang=lang, hours_budget=hours_budget).run(
        sandbox.best_known
    ),
}
names = {
    "do_nothing": "什么也不做" if zh else "do nothing",
    "random": "随机" if zh else "random",
    "sensible": "脚本策略" if zh else "scripted",
    "best_known": "已知最优" if zh else "best known",
}
compare = pd.DataFrame({names[k]: r.metrics() for k, r in runs.items()})
compare[names["sensible"] + (" (本笔记本)" if zh else " (this notebook)")] = sim.metrics()
compare.index = [charts.label(m, lang) for m in compare.index]
charts.path_figure({names[k]: r for k, r in runs.items()}, "contribution", lang)
plt.show()
debrief = runs["sensible"].debrief()  # each kind of decision taken out in turn (section 5)
figures = claims.figures(runs, debrief, lang)
narrative.show((claims.VERDICT, claims.RANDOM), figures, lang)
compare.round(3)

# %% [markdown] lang="en"
# ## 4. The scorecard, lens by lens
# Each bar says how much better than doing nothing the scripted run ends on one figure of the
# scorecard, in that figure's good direction (fewer losses, more deposits); a bar left of 0 is a
# lens where doing nothing would have been better. The marks are the best known policy.

# %% [markdown] lang="zh"
# ## 4. 记分卡：逐个视角
# 每根横条表示脚本策略在记分卡某个指标上比“什么也不做”好多少（按该指标的改善方向：损失更少、存款
# 更多）；在 0 左侧的横条表示在这个视角上，什么也不做反而更好。菱形标记为已知最优策略。

# %%
charts.lenses_figure(runs["sensible"].scorecard(), lang)
plt.show()
narrative.show((claims.LENSES, claims.BEST_GAP), figures, lang)

# %% [markdown] lang="en"
# ## 5. The debrief: what moved what
# Each kind of decision is taken out of the run in turn and the run replayed on the same random
# draws; what that kind did is the difference. It is the counterfactual a trainer asks about:
# *what would have happened without it?*

# %% [markdown] lang="zh"
# ## 5. 复盘：哪些决策带来了哪些结果
# 把每一类决策依次从运行中剔除，在相同的随机数上重算；差额就是这类决策的作用。这正是培训师会追问的
# 反事实问题：*如果没有这些决策，会发生什么？*

# %%
narrative.show((claims.DEBRIEF,), figures, lang)
debrief.drop(columns=["metric", "higher_is_better"]).set_index(["lens", "label"]).round(2)

# %% [markdown] lang="en"
# ## 6. Rewind and try again
# `sim.rewind(q)` goes back to the end of quarter `q` and forgets what came after; the draws stay
# the same, so a different decision is the only difference. Here: back to the middle of the
# run, then the rest of it without funding any improvement.

# %% [markdown] lang="zh"
# ## 6. 回退重来
# `sim.rewind(q)` 回到第 `q` 季度末，之后的季度全部作废；随机数保持不变，因此唯一的差别就是不同的决策。
# 下面回到运行的中点，其后各季度不再出资任何服务改进。

# %%
back = quarters // 2
before = sim.metrics()["contribution"]
sim.rewind(back)
sim.run(lambda s: [r for r in sandbox.sensible(s) if r["kind"] != "improve"])
after = sim.metrics()["contribution"]
print(
    f"回到第 {back} 季度后不做服务改进:综合贡献度 {before:,.0f} → {after:,.0f} 万元"
    if zh
    else f"Rewound to quarter {back}, no improvements after it: 综合贡献度 {before:,.0f} → {after:,.0f} 万元"
)
path = sim.path()[["nps", "deposits", "full_churn", "contribution"]]
path.set_axis([charts.label(m, lang) for m in path.columns], axis=1).round(1)

# %% [markdown] lang="en"
# One client through the quarters, as the bank saw them:

# %% [markdown] lang="zh"
# 一位客户在各季度的情况（银行视角）：

# %%
follow = client_id if client_id in set(here["client_id"]) else str(biggest["client_id"].iloc[0])
if follow != client_id:
    print(
        f"{client_id} 在交接前已离开本行;改看 {follow}"
        if zh
        else f"{client_id} left the bank before the hand-over; following {follow} instead"
    )
pd.concat([q["panel"].query("client_id == @follow") for q in sim.observed], ignore_index=True)

# %% [markdown] lang="en"
# ## 7. The sandbox panel
# The panel shows the quarter's tables and scorecard and takes decisions — from a table built in
# pandas (`panel.load(table)`, the way to work) or a row at a time in its form — then simulates
# the quarter. A refused table is explained in the panel, and nothing already simulated changes.

# %% [markdown] lang="zh"
# ## 7. 沙盘面板
# 面板显示本季度的数据表和记分卡，并接收决策——可以载入用 pandas 构建的表（`panel.load(table)`，推荐
# 的做法），也可以在表单中逐行添加——然后模拟本季度。决策表被拒绝时，面板会说明原因，已模拟的内容不会
# 改变。

# %%
from casekit.sandbox.widgets import panel as sandbox_panel

ui = sandbox_panel(sandbox.start(book, quarters=quarters, lang=lang, hours_budget=hours_budget))
ui.load(decisions)
display(ui.widget)

# %%
casework.record(
    quarters=quarters,
    do_nothing=figures["base_value"],
    sensible=figures["good_value"],
    random_gain=figures["random_gain"],
    best_known=figures["best_value"],
    refused=refused,
    rewound_from=before,
    rewound_to=after,
)

# %% [markdown] lang="en"
# ## What a good relationship manager does next
# - Spend hours where the data says they pay: a lead, a warning, a large relationship going quiet.
# - Judge a quarter on all four lenses and against what would have happened anyway, never on
#   one figure alone.
# - Rewind and test a rule before using it on real clients; keep the decisions as a table, so
#   they can be checked, replayed and explained.
#
# **Discussion**
# 1. The best known policy reads the truth. Which observable tables come closest to it, and how?
# 2. A 10% discount raises take-up but lowers income: when is it worth it?
# 3. Reducing exposure on a red warning cuts losses and annoys the client. How would you decide
#    between restructure, reduce exposure and exit?

# %% [markdown] lang="zh"
# ## 优秀的客户经理接下来会做什么
# - 把工时花在数据显示有回报的地方：一条需求线索、一个预警信号、一位渐渐沉寂的大客户。
# - 从四个视角、并对照“本来就会发生的情况”评价一个季度，绝不只看一个数字。
# - 在用于真实客户之前，先回退测试一条规则；把决策保存为表格，便于检查、重放和解释。
#
# **讨论题**
# 1. 已知最优策略读取了真实情况。哪些可见数据最接近它？怎样用？
# 2. 九折优惠提高了接受率，却降低了收入：什么时候值得？
# 3. 对红色预警压降敞口可以减少损失，但会让客户不满。你会如何在重组、压降敞口和退出之间取舍？
