# %% [markdown] lang="en"
# # Case 9 · A success, analysed (成功案例分析), and the team behind it
#
# **The situation.** The branch is proud of a few relationships where an RM brought colleagues
# from credit, trade finance and treasury (1+N: one RM, N specialists) and the client moved much
# of its business to us. Head office wants the lesson written up. Before you write "the team
# did it", find out what really happened and how much of it was the team, not the market.
#
# **The method (seed book 6.1, 6.2; 2.2, 3.2, 3.4 on teamwork).** Analyse a case to learn from
# it: reconstruct what was done, for which need, in which order; separate what the bank did
# from what the market did; and write the lessons in the book's structure — know the needs, keep
# in touch, tailor the products, manage the risk, use the data. Cross-department work
# (跨部门协同) is a principle of the book (2.2), a capability (3.2) and part of risk control (3.4).
#
# **By the end you can** rebuild a relationship's timeline from visit records and call notes,
# measure what a team won against matched clients without one, say which part was skill and
# which was luck, and set a success beside a relationship the bank lost.

# %% [markdown] lang="zh"
# # 案例九 · 成功案例分析与背后的团队
#
# **业务情境。** 分行有几个引以为豪的客户：客户经理带着授信、贸易金融、金融市场部门的同事（1+N：一位
# 客户经理加 N 位专业人员）一起营销，客户把大部分业务转到了我行。总行希望总结经验。在写下"这是团队的
# 功劳"之前，先弄清楚到底发生了什么，其中多少是团队的功劳，多少是市场的作用。
#
# **方法（原书 6.1、6.2；团队协作见 2.2、3.2、3.4）。** 通过案例分析积累经验：还原做了什么、针对哪项
# 需求、按什么顺序；把银行的作为与市场的作用区分开；再按原书的结构总结经验——明确客户需求、强化维护与
# 沟通、产品创新与定制、风险管理、数据分析。跨部门协同既是原书的原则（2.2），也是一项能力（3.2），还是
# 风险防范的一部分（3.4）。
#
# **学完本案例，你能够** 根据拜访记录和纪要还原客户关系的时间线，与未获团队服务的同类客户对比衡量团队
# 的成果，分清哪些是本事、哪些是运气，并把成功案例与一个流失的客户对照。

# %% tags=["parameters"]
seed: int = 42  # random seed of the simulated bank
scenario: str = "national_branch"  # national_branch, city_commercial or rural
lang: str = "en"  # language of labels and messages: en or zh
client_id: str = "C00042"  # a team relationship to analyse (else the one that won most)
bank_clients: int = 2000  # clients in the simulated bank (at least 50; default 2000)

# %%
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import PercentFormatter

from casekit import case_claims_9 as cc9
from casekit import case_team, casework, narrative, plotting
from casekit import catalog as cat

plotting.setup(lang)
book = casework.open_book(seed, scenario, lang, clients=bank_clients)
client_id = casework.check_client(book, client_id, lang)
zh = lang == "zh"
summary = case_team.team_summary(book)
success = case_team.pick_success(book, client_id)
print(
    f"本行有团队服务的客户：{len(summary)} 户"
    if zh
    else f"Team relationships in this bank: {len(summary)}"
)

# %% [markdown] lang="en"
# ## 1. The team relationships, and the one to analyse
# The team_activities table records every joint visit: the date, the RM, the colleague who came
# and their department, the step (first joint visit, proposal, agreed, declined), the product
# agreed and the RM's note. What the bank can see of how much business it wins is the inflows
# through our accounts relative to the firm's revenue (not its share of wallet: the firm's
# business at other banks is out of sight), in the six months before the first joint visit and
# in the same six months a year later (so the season cancels out).

# %% [markdown] lang="zh"
# ## 1. 团队服务的客户，以及要分析的那一个
# team_activities 表记录了每一次联合拜访：日期、客户经理、同行的同事及其部门、环节（首次联合拜访、方案
# 沟通、客户同意、客户婉拒）、客户同意办理的产品，以及拜访纪要。银行能看到的业务多少，是流经我行账户的
# 资金与企业营业收入之比（流入占营收之比；它不是我行在企业全部业务中的份额，企业在他行的业务看不到），
# 分别取首次联合拜访前六个月和一年后的同期六个月（这样季节因素相互抵消）。

# %%
top = summary.head(12).set_index("client_id")
ax = (
    top[["ratio_before", "ratio_after"]]
    .set_axis(["此前六个月", "一年后同期"] if zh else ["six months before", "a year later"], axis=1)
    .plot.barh(figsize=(6.5, 0.32 * len(top) + 1.6), color=["grey", "tab:blue"])
)
ax.invert_yaxis()
ax.set_xlabel("资金流入 / 营业收入" if zh else "inflows through us / revenue")
ax.xaxis.set_major_formatter(PercentFormatter(1.0))
ax.set_ylabel("客户" if zh else "client")
ax.set_title(
    "团队服务客户的流入占营收之比" if zh else "Inflows relative to revenue, team relationships"
)
plt.tight_layout()
plt.show()
f = cc9.success_figures(book, success, lang)
narrative.show((cc9.STORY, cc9.RATIO_NOTE), f, lang)

# %% [markdown] lang="en"
# ## 2. What happened, in order
# Read the success's visits in date order. Who came, what did each visit work on (read the need
# from the note), and what did the client agree to? The chart puts the agreements on the
# client's monthly inflows: grey is the six months before, blue the same months a year later.

# %% [markdown] lang="zh"
# ## 2. 按顺序还原经过
# 按日期阅读这个成功案例的每次拜访：谁同行？每次拜访针对什么需求（从纪要中读出）？客户同意办理了什么？
# 下图把客户同意办理的时间标在其月度资金流入上：灰色是此前六个月，蓝色是一年后同期。

# %%
steps = case_team.timeline(book, success, lang)
shown = pd.DataFrame(
    {
        ("日期" if zh else "date"): steps["date"],
        ("环节" if zh else "step"): [case_team.step_label(s, lang) for s in steps["step"]],
        ("同行同事" if zh else "colleague"): steps["colleague"] + " " + steps["name"],
        ("需求（读自纪要）" if zh else "need (from the note)"): [
            cat.label("need", n, lang) if isinstance(n, str) else "—" for n in steps["need"]
        ],
        ("同意办理的产品" if zh else "product agreed"): [
            cat.label("product", p, lang) if isinstance(p, str) else "—" for p in steps["product"]
        ],
    }
)
flows = book.panel[book.panel["client_id"] == success].set_index("month")["inflow"]
months = list(flows.index)
k = months.index(f["kickoff"])
ax = flows.plot(figsize=(7, 3), color="black", label="_")
ax.axvspan(k - 6.5, k - 0.5, color="grey", alpha=0.2)
ax.axvspan(k + 5.5, min(k + 11.5, len(months) - 1), color="tab:blue", alpha=0.2)
ax.axvline(k, color="tab:red", linestyle="--")
for d in steps.loc[steps["step"] == "agreed", "date"]:
    if d[:7] in months:
        ax.axvline(months.index(d[:7]), color="tab:green", linestyle=":")
ax.set_xticks(range(0, len(months), 6), months[::6])
ax.set_xlabel("月份" if zh else "month")
ax.set_ylabel("资金流入（万元/月）" if zh else "inflows, 万元 a month")
ax.set_title(
    "红线：首次联合拜访；绿线：客户同意办理"
    if zh
    else "Red: first joint visit; green: the client agreed"
)
plt.tight_layout()
plt.show()
narrative.show((cc9.ORDER, cc9.DECLINED), f, lang)
shown

# %% [markdown] lang="en"
# ## 3. Skill or luck: the matched comparison
# A rise in the client's inflows is not all the team's doing: its industry's market moved every
# firm's flows, with or without a team. Compare it with clients that had no team and look like
# it (same industry, size class and tier; when too few are alike, the same industry first, since
# its market is the one that moves the firm's flows). Their change is what the client would
# likely have seen anyway; the team's part is what is left:
# (1 + the client's change) / (1 + the peers' change) − 1.

# %% [markdown] lang="zh"
# ## 3. 本事还是运气：匹配比较
# 客户资金流入的增长并不都是团队的功劳：所在行业的市场会带动每家企业的资金流，不论有没有团队。找出没有
# 团队服务、与它相似的客户（行业、规模、层级相同；同类太少时放宽，但优先保证行业相同，因为带动企业
# 资金流的是其所在行业的市场）进行比较。它们的变化就是这个客户本来大概也会有的变化；剩下的才是团队的
# 贡献：（1 + 客户的变化）÷（1 + 同类的变化）− 1。

# %%
index = case_team.inflow_index(book, success)
ax = index.set_axis(
    ["该客户", "匹配的同类客户"] if zh else ["the client", "matched peers"], axis=1
).plot(figsize=(7, 3))
ax.axvline(k, color="tab:red", linestyle="--")
ax.axhline(1, color="grey", linewidth=0.8)
ax.set_xticks(range(0, len(months), 6), months[::6])
ax.set_xlabel("月份" if zh else "month")
ax.set_ylabel("相对此前六个月" if zh else "relative to the six months before")
ax.set_title("资金流入：客户与同类" if zh else "Inflows: the client and its peers")
plt.tight_layout()
plt.show()
narrative.show((cc9.SKILL_LUCK,), f, lang)
narrative.show((cc9.TRUTH,), cc9.truth_figures(book, success, f["uplift"]), lang)

# %% [markdown] lang="en"
# ## 4. Across every team relationship, and against the truth
# One client is an anecdote. Read all the team relationships three ways — their own
# before/after, against all clients without a team, against matched peers — and take the
# typical (median) uplift. The simulator knows what the teams really won; the case shows it.

# %% [markdown] lang="zh"
# ## 4. 看全部团队服务的客户，并对照真实情况
# 一个客户只是个例。用三种方法看全部团队服务的客户——只看自身前后、与全部无团队客户比、与匹配的同类客户
# 比——取典型（中位数）增幅。模拟器知道团队真正带来了多少，本案例把它揭示出来。

# %%
g = cc9.methods_figures(book)
readings = pd.Series(
    [g["naive"], g["vs_all"], g["matched"], g["truth"]],
    index=(
        ["只看前后", "与全部客户比", "与匹配客户比", "真实值"]
        if zh
        else ["before/after", "vs all clients", "vs matched peers", "truth"]
    ),
)
ax = readings.plot.barh(figsize=(6, 2.6), color=["grey", "tab:orange", "tab:blue", "tab:green"])
ax.invert_yaxis()
ax.set_xlabel(
    "团队带来的资金流入增幅（中位数）" if zh else "uplift of inflows the teams won (median)"
)
ax.set_title("三种读法与真实值" if zh else "Three readings and the truth")
ax.xaxis.set_major_formatter(PercentFormatter(1.0))
plt.tight_layout()
plt.show()
narrative.show((cc9.METHODS,), g, lang)

# %% [markdown] lang="en"
# ## 5. The contrast: a relationship the bank lost
# Set the success beside the client that brought the most inflows in the first year among those
# that left. What did its last year look like?

# %% [markdown] lang="zh"
# ## 5. 对照：一个流失的客户
# 把成功案例与流失客户中第一年资金流入最多的那一个放在一起看。它流失前的最后一年是什么样子？

# %%
lost = cc9.lost_figures(book, success, lang)
if lost["lost"] is not None:
    gone = book.panel[book.panel["client_id"] == lost["lost"]].set_index("month")["inflow"]
    gone = gone.reindex(months).fillna(0.0)
    ax = gone.plot(figsize=(7, 3), color="tab:red")
    if lost["left"] in months:
        ax.axvline(months.index(lost["left"]), color="black", linestyle="--")
    ax.set_xticks(range(0, len(months), 6), months[::6])
    ax.set_xlabel("月份" if zh else "month")
    ax.set_ylabel("资金流入（万元/月）" if zh else "inflows, 万元 a month")
    ax.set_title(
        "流失客户的资金流入（虚线：流失月份）"
        if zh
        else "The lost client's inflows (dashed: it left)"
    )
    plt.tight_layout()
    plt.show()
narrative.show(cc9.CONTRAST, lost, lang)

# %% [markdown] lang="en"
# ## 6. The lessons, in the book's structure (6.2)

# %% [markdown] lang="zh"
# ## 6. 按原书结构（6.2）总结经验

# %%
casework.record(
    success=success,
    teams=g["teams"],
    uplift_naive=g["naive"],
    uplift_all=g["vs_all"],
    uplift_matched=g["matched"],
    uplift_truth=g["truth"],
    success_uplift=f["uplift"],
    lost=lost["lost"] or "",
)
cc9.lessons(f, lang)

# %% [markdown] lang="en"
# ## What a good relationship manager does next

# %% [markdown] lang="zh"
# ## 优秀的客户经理接下来会做什么

# %%
narrative.show(cc9.NEXT, cc9.next_figures(f, lost), lang)

# %% [markdown] lang="en"
# **Discussion**
# 1. What in this success could you repeat with your own clients, and what was luck?
# 2. Which colleague would you bring to your next first visit, and why?
# 3. What would have had to happen for the lost client to stay (or, where no client left, what
#    would warn you first)?

# %% [markdown] lang="zh"
# **讨论题**
# 1. 这个成功案例中哪些做法可以用到你自己的客户身上？哪些是运气？
# 2. 下一次首次拜访你会请哪位同事同行？为什么？
# 3. 要留住那个流失的客户，需要发生什么？（如果没有客户流失：什么信号会最先提醒你？）
