# %% [markdown] lang="en"
# # Case 7 · Winning new clients along the supply chain (产业链获客)
#
# **The situation.** The branch's growth target needs new clients, and cold calls rarely work.
# Yet our larger clients pay their suppliers and collect from their buyers through our accounts
# every month: their counterparties are firms that already trade with a client of ours (1+N).
#
# **The method (seed book 3.1, 4.1, 2.3).** Research the target before contacting it: its
# business, its needs and who decides (a company decides through several departments and
# levels, not one person). Then plan the approach — which need to open with, which product,
# which colleague to bring — make contact, and deepen the relationship.
#
# **By the end you can** find prospects in an anchor client's payments, size and rank them,
# build a decision-maker map from the call notes, prepare a first visit, and see how your plan
# would have fared against what the prospects really needed.

# %% [markdown] lang="zh"
# # 案例七 · 沿产业链获取新客户（产业链获客）
#
# **业务情境。** 分行的增长目标需要新客户，而陌生拜访很少奏效。可是我行的大客户每个月都通过我行账户
# 向供应商付款、向买方收款：这些交易对手本来就与我行客户有生意往来（1+N）。
#
# **方法（原书 3.1、4.1、2.3）。** 接触之前先做调研：了解对方的业务、需求和决策人（企业的决策涉及
# 多个部门和层级，不是一个人说了算）。然后制定方案——从哪个需求切入、用什么产品、带哪位同事——再主动
# 联系、深化合作。
#
# **学完本案例，你能够** 从核心客户的资金往来中找到潜在客户，估算规模并排序，根据拜访纪要画出
# 决策人地图，准备首次拜访，并对照潜在客户的真实需求检验你的计划。

# %% tags=["parameters"]
seed: int = 42  # random seed of the simulated bank
scenario: str = "national_branch"  # national_branch, city_commercial or rural
lang: str = "en"  # language of labels and messages: en or zh
client_id: str = "C00042"  # an anchor client to work along (else the one with most prospects)

# %%
import matplotlib.pyplot as plt
import pandas as pd

from casekit import case_chain, casework, narrative, plotting
from casekit import catalog as cat
from casekit.evaluate.prospects import PLAN_COLUMNS, last_year_flow, score_visit_plan, targets

plotting.setup(lang)
book = casework.open_book(seed, scenario, lang)
client_id = casework.check_client(book, client_id, lang)
zh = lang == "zh"
prospects = book.tables["prospects"].set_index("prospect_id")
payments = book.tables["payments"]
calls = book.tables["prospect_contacts"]
narrative.show((case_chain.CHAIN_PREMISE,), case_chain.premise_figures(book), lang)

# %% [markdown] lang="en"
# ## 1. Find the prospects (1+N)
# Every payment between a client and a firm that does not bank with us names a counterparty.
# Add up each counterparty's payments over the last twelve months: the anchors (1) with the
# most counterparties (N) are where chain marketing starts.

# %% [markdown] lang="zh"
# ## 1. 找到潜在客户（1+N）
# 我行客户与未在我行开户企业之间的每一笔资金往来都记有交易对手。把每个交易对手最近十二个月的往来加总：
# 交易对手（N）最多的核心客户（1）就是产业链营销的起点。

# %%
flow = last_year_flow(book)
side = payments.drop_duplicates("prospect_id").set_index("prospect_id")
chain = pd.DataFrame(
    {
        "anchor": side["client_id"].astype(str),
        "direction": side["direction"].astype(str),
        "flow": flow,
        "revenue_est": prospects["revenue_est"],
        "size_class": prospects["size_class"].astype(str),
    }
)
chain["dependence"] = case_chain.dependence(book)
anchors = chain.groupby("anchor").agg(prospects=("flow", "size"), flow=("flow", "sum"))
anchors = anchors.sort_values(["prospects", "flow"], ascending=False)
anchor = client_id if client_id in anchors.index else anchors.index[0]
names = book.clients.set_index("client_id")["name_zh" if zh else "name_en"]
print(
    ("核心客户" if zh else "Anchor client")
    + f": {anchor} {names[anchor]}"
    + (
        ""
        if anchor == client_id
        else (f"({client_id} 没有交易对手)" if zh else f" ({client_id} has no counterparties)")
    )
)
mine = chain[chain["anchor"] == anchor].sort_values("flow", ascending=False)
colour = mine["direction"].map({"out": "tab:blue", "in": "tab:orange"})
ax = (mine["flow"] / 1e4).plot.barh(figsize=(6, 0.35 * len(mine) + 1.2), color=colour)
ax.invert_yaxis()
ax.set_ylabel("潜在客户" if zh else "prospect")
ax.set_xlabel("近十二个月往来(亿元)" if zh else "payments, last 12 months (100 million CNY)")
ax.set_title(("蓝:供应商 · 橙:买方" if zh else "blue: suppliers · orange: buyers") + f" · {anchor}")
plt.tight_layout()
plt.show()
anchors.index.name = "核心客户" if zh else "anchor client"
anchors.head(8).rename(
    columns={
        "prospects": "交易对手数" if zh else "prospects",
        "flow": "往来(万元)" if zh else "flow (万元)",
    }
).round(0)

# %% [markdown] lang="en"
# ## 2. Size them and rank them
# A prospect's size shows in its public revenue; how much of its business runs with our client
# — its **dependence** on the anchor — in the payments over that revenue. A supplier that sells
# a large share of its output to our client has a reason to bank where its buyer banks. Did the
# RMs' past calls bear that out?

# %% [markdown] lang="zh"
# ## 2. 估算规模并排序
# 潜在客户的规模看公开的营业收入；它有多少业务依赖我行客户（对核心企业的**依赖度**），看往来金额占其
# 收入的比例。一家把大部分产品卖给我行客户的供应商，有理由跟着买方用同一家银行。客户经理过去的拜访
# 结果是否印证了这一点？

# %%
table = case_chain.call_table(book)
high = table["dependence"] >= table["dependence"].median()
by_dependence = table.groupby(
    high.map({True: "高" if zh else "higher", False: "低" if zh else "lower"})
)["won"].agg(["size", "mean"])
by_dependence.columns = ["拜访次数" if zh else "calls", "成功率" if zh else "win rate"]
by_dependence.index.name = "对核心客户的依赖度" if zh else "dependence on the anchor"
f_calls = case_chain.call_figures(book)
narrative.show((case_chain.DEPENDENCE,), f_calls, lang)
by_dependence.round(3)

# %% [markdown] lang="en"
# ## 3. Who decides: a decision-maker map from the call notes
# In a firm, the cashier makes the payments, the finance manager compares the banks, and
# someone else signs (seed book 2.3). The call reports record whom the RM met, what was said,
# and — when it came up — who the person said decides.

# %% [markdown] lang="zh"
# ## 3. 谁来拍板：根据拜访纪要画出决策人地图
# 在企业里，出纳负责付款，财务经理比较各家银行，拍板的往往另有其人（原书 2.3）。拜访纪要记录了客户
# 经理见了谁、谈了什么，以及谈及此事时对方说由谁拍板。

# %%
note = "note_zh" if zh else "note_en"
for row in calls.head(4).itertuples():
    print(
        f"{row.date:%Y-%m-%d} {row.prospect_id} {cat.label('role', row.met_role, lang)}: {getattr(row, note)}"
    )
named = table.dropna(subset=["named"])
size_group = named["small"].map(
    {
        True: "小微企业" if zh else "small and micro",
        False: "大中型企业" if zh else "medium and large",
    }
)
decision_map = pd.crosstab(
    size_group, named["named"].map(lambda r: cat.label("role", r, lang)), normalize="index"
)
ax = decision_map.plot.barh(stacked=True, figsize=(6.5, 2.6))
ax.set_xlabel("谈及决策人的拜访占比" if zh else "share of the calls that named a decider")
ax.set_ylabel("")
ax.set_title("对方说由谁拍板" if zh else "Who the person met said decides")
ax.legend(loc="upper left", bbox_to_anchor=(1, 1))
plt.tight_layout()
plt.show()
narrative.show((case_chain.DECIDERS,), f_calls, lang)

# %% [markdown] lang="en"
# ## 4. How the first visit is made
# Compare the past calls by what the RM did: met the person named as the decider or someone
# else; opened with a need the prospect itself raised in the notes or with something else;
# brought a product colleague or went alone.

# %% [markdown] lang="zh"
# ## 4. 首次拜访怎么做
# 按客户经理的做法比较过去的拜访：见的是对方所说的决策人还是别人；从对方自己在纪要中提到的需求切入
# 还是谈别的；带了产品经理还是独自前往。

# %%
rates = pd.DataFrame(
    {
        "yes": [f_calls["win_met_named"], f_calls["win_need_heard"], f_calls["win_colleague"]],
        "no": [f_calls["win_met_other"], f_calls["win_need_not_heard"], f_calls["win_alone"]],
    },
    index=(
        ["见到决策人", "从对方提到的需求切入", "带产品经理"]
        if zh
        else ["met the decider", "opened with a need it raised", "brought a colleague"]
    ),
)
rates.columns = ["是", "否"] if zh else ["yes", "no"]
ax = rates.plot.barh(figsize=(6, 2.8))
ax.set_xlabel("拜访成功率" if zh else "share of calls that won the prospect")
ax.set_title("过去的拜访:做法与结果" if zh else "Past calls: what the RM did and what it won")
plt.tight_layout()
plt.show()
narrative.show((case_chain.APPROACH,), f_calls, lang)

# %% [markdown] lang="en"
# ## 5. The plan for the next quarter: thirty first visits
# Rank the prospects still to win by size and dependence (half weight for those who told us
# they will not move). For each, open with the need its own calls heard — or, if nobody has
# called yet, the need prospects of its size and side of the chain raised most often; meet the
# person named as the decider — or the owner of a small firm and the CFO of a larger one; and
# bring the colleague who can answer that need.

# %% [markdown] lang="zh"
# ## 5. 下季度计划：三十次首次拜访
# 对尚未拿下的潜在客户按规模和依赖度排序（明确表示不会换行的减半计分）。对每一家：从它在拜访中提到的
# 需求切入——如果还没人拜访过，就用同规模、同一链条位置的企业最常提到的需求；去见对方所说的决策人——
# 没人问过的，小企业见老板、大企业见财务总监；并带上能解答这个需求的同事。

# %%
draft = case_chain.draft_plan(book, visits=30, lang=lang)
shown = pd.DataFrame(
    {
        "prospect_id": draft["prospect_id"],
        ("企业" if zh else "firm"): prospects.loc[
            draft["prospect_id"], "name_zh" if zh else "name_en"
        ].to_numpy(),
        ("规模" if zh else "size"): draft["size_class"].map(
            lambda x: cat.label("size_class", x, lang)
        ),
        ("往来(万元)" if zh else "flow (万元)"): draft["flow"].round(0),
        ("切入需求" if zh else "open with"): draft["need"].map(
            lambda x: cat.label("need", x, lang)
        ),
        ("拜访对象" if zh else "meet"): draft["role"].map(lambda x: cat.label("role", x, lang)),
        ("同行同事" if zh else "bring"): draft["colleague"].map(
            lambda x: cat.label("colleague", x, lang)
        ),
    }
)
print(
    ("尚未拿下的潜在客户" if zh else "Prospects still to win")
    + f": {len(targets(book))}; "
    + ("其中属于本核心客户的进入计划" if zh else "in the plan from this anchor")
    + f": {int(draft['prospect_id'].isin(mine.index).sum())}"
)
shown.head(12)

# %% [markdown] lang="en"
# ## 6. How the plan would have fared
# Now the truth the bank could not see: each prospect's real need, its real decider and its
# propensity to switch. The plan is scored by the value it is expected to win, beside the habit
# (a working-capital loan, whoever answers, the RM alone, on the largest counterparties) and
# beside the best any plan of thirty visits could win.

# %% [markdown] lang="zh"
# ## 6. 计划的效果如何
# 现在揭开银行看不到的真实情况：每家潜在客户的真实需求、真正的决策人和换行倾向。按计划预计能赢得的
# 价值打分，并与老习惯（推流动资金贷款、谁接待就谈谁、客户经理独自前往、只盯交易额最大的对手）以及
# 任何三十户拜访计划的最优结果相比。

# %%
score = score_visit_plan(book, draft[list(PLAN_COLUMNS)], lang)
values = pd.Series(
    [score.habit_value, score.expected_value, score.best_value],
    index=["老习惯", "本计划", "最优(已知真相)"]
    if zh
    else ["the habit", "this plan", "best (knowing the truth)"],
)
ax = values.plot.bar(figsize=(5, 3), rot=0, color=["grey", "tab:blue", "tab:green"])
ax.set_ylabel("预计每年赢得的贡献(万元)" if zh else "expected value won, 万元 a year")
ax.set_title("三十次首次拜访" if zh else "Thirty first visits")
plt.tight_layout()
plt.show()
narrative.show((case_chain.PLAN_RESULT,), case_chain.plan_figures(score), lang)
truth = book.truth["prospect_truth"].set_index("prospect_id").loc[draft["prospect_id"]]
hits = pd.Series(
    {
        ("需求判断正确" if zh else "need right"): (
            truth["need"].astype(str).to_numpy() == draft["need"].to_numpy()
        ).mean(),
        ("决策人判断正确" if zh else "decider right"): (
            truth["decider"].astype(str).to_numpy() == draft["role"].to_numpy()
        ).mean(),
        ("方法全对时会开户" if zh else "would convert if approached right"): truth[
            "would_convert"
        ].mean(),
    }
)
hits.round(2)

# %% [markdown] lang="en"
# ## 7. Try it: read a prospect before the visit

# %% [markdown] lang="zh"
# ## 7. 动手试试：拜访前读一读潜在客户

# %%
import ipywidgets as widgets
from IPython.display import display

picker = widgets.Dropdown(
    options=draft["prospect_id"].tolist(), description="潜在客户" if zh else "Prospect"
)
out = widgets.Output()


def show(change=None) -> None:
    pid = picker.value
    with out:
        out.clear_output()
        p = prospects.loc[pid]
        print(
            pid, p["name_zh" if zh else "name_en"], cat.label("size_class", p["size_class"], lang)
        )
        print(
            ("近十二个月往来(万元)" if zh else "payments, last 12 months (万元)")
            + f": {flow[pid]:,.0f}"
        )
        for row in calls[calls["prospect_id"] == pid].itertuples():
            print(
                f"  {row.date:%Y-%m-%d} {cat.label('role', row.met_role, lang)}: {getattr(row, note)}"
            )


picker.observe(show, names="value")
show()
display(widgets.VBox([picker, out]))

# %%
casework.record(
    prospects=len(chain),
    anchor=anchor,
    win_rate=f_calls["win_rate"],
    plan_value=score.expected_value,
    habit_value=score.habit_value,
    share_of_best=score.share_of_best,
)

# %% [markdown] lang="en"
# ## What a good relationship manager does next
# - Work the chain from the anchor: ask the anchor's finance team to introduce its main
#   suppliers and buyers (a warm introduction beats a cold call).
# - Before each visit, find out who decides, and meet that person, with the colleague who can
#   answer the need on the spot.
# - After each visit, write down who was met, what was heard and who decides: the next RM's
#   plan depends on it.
#
# **Discussion**
# 1. Why does a supplier that sells most of its output to our client listen to us more readily?
# 2. The cashier is friendly and always available. Why is the first visit not with the cashier?
# 3. Which of your plan's thirty visits would you drop after reading the notes, and why?

# %% [markdown] lang="zh"
# ## 优秀的客户经理接下来会做什么
# - 以核心客户为起点经营产业链：请核心客户的财务部门引荐主要供应商和买方（熟人引荐胜过陌生拜访）。
# - 每次拜访前先弄清由谁拍板，去见这个人，并带上能当场解答需求的同事。
# - 每次拜访后记下见了谁、听到了什么、由谁拍板：下一位客户经理的计划就靠这些记录。
#
# **讨论题**
# 1. 为什么把大部分产品卖给我行客户的供应商更愿意听我们谈？
# 2. 出纳很热情，也总能见到。为什么首次拜访不应只找出纳？
# 3. 读过纪要之后，你会从计划的三十次拜访中删掉哪几次？为什么？
