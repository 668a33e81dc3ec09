# %% [markdown] lang="en"
# # Case 5 · Churn and value (客户价值与流失)
#
# **The situation.** Attrition among small clients runs above ten percent a year and some large
# clients are quietly moving business to other banks. Which clients are worth most, who is
# leaving — fully or partially — what predicts it, and what can one lost client teach us?
#
# **The method (seed book 5.2, 6.2).** Use data analysis to find high-value clients and their
# behaviour patterns, predict churn, and learn from lost clients: understand real needs, keep
# communication regular, fix service problems early.
#
# **By the end you can** rank clients by contribution, separate full from partial churn, test
# which early signs predict it, and write the lesson of one lost client.

# %% [markdown] lang="zh"
# # 案例五 · 客户价值与流失
#
# **业务情境。** 小微客户每年流失超过一成，一些大客户也在悄悄把业务转到他行。哪些客户最有价值？
# 谁在流失——完全流失还是部分流失？什么能提前预示流失？从一位流失客户身上能学到什么？
#
# **方法（原书 5.2、6.2）。** 运用数据分析识别高价值客户及其行为模式、预测客户流失，并从流失案例中
# 总结经验：深入理解客户真实需求、保持定期沟通、及早解决服务问题。
#
# **学完本案例，你能够** 按贡献度为客户排序，区分完全流失与部分流失，检验哪些早期迹象能预测流失，
# 并总结一位流失客户的教训。

# %% tags=["parameters"]
seed: int = 42  # random seed of the simulated bank
scenario: str = "national_branch"  # national_branch, city_commercial or rural
lang: str = "en"  # language of labels and messages: en or zh
client_id: str = "C00042"  # a client to look at closely
bank_clients: int = 2000  # clients in the simulated bank (at least 50; default 2000)

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from casekit import case_claims, case_claims_5, casework, glossary, narrative, plotting
from casekit import catalog as cat

plotting.setup(lang)
book = casework.open_book(seed, scenario, lang, clients=bank_clients)
T = lambda key: glossary.term(key, lang)  # noqa: E731 - one name per concept, in this language
client_id = casework.check_client(book, client_id, lang)
zh = lang == "zh"
months = sorted(book.panel["month"].unique())
first_year = months[:12]

# %% [markdown] lang="en"
# ## 1. Who is worth most
# Contribution (综合贡献度) of the first year: net interest and fee income per client. A few
# clients earn most of it — the usual Pareto curve of a corporate book.

# %% [markdown] lang="zh"
# ## 1. 谁最有价值
# 以第一年的综合贡献度（净利息收入加中间业务收入）衡量。少数客户贡献了大部分收入——对公业务典型的
# 二八分布。

# %%
y1 = book.panel[book.panel["month"].isin(first_year)]
value = (y1.groupby("client_id")[["interest_income", "fee_income"]].sum().sum(axis=1)).sort_values(
    ascending=False
)
cum = value.cumsum() / value.sum()
top20_share = float(cum.iloc[int(len(cum) * 0.2) - 1])
ax = pd.Series(cum.to_numpy(), index=np.arange(1, len(cum) + 1) / len(cum)).plot(figsize=(5, 3.5))
ax.set_xlabel("客户占比(按贡献排序)" if zh else "share of clients, highest contribution first")
ax.set_ylabel("收入累计占比" if zh else "cumulative share of income")
ax.set_title("贡献集中度" if zh else "How concentrated contribution is")
plt.tight_layout()
plt.show()
print(
    ("前 20% 客户贡献收入占比" if zh else "Income earned from the top 20% of clients")
    + f": {top20_share:.0%}"
)

# %% [markdown] lang="en"
# ## 2. Who is leaving
# Full churn: the accounts close. Partial churn: the client stays but moves a slice of its
# flows elsewhere — harder to see. Who leaves which way on your bank is measured below.

# %% [markdown] lang="zh"
# ## 2. 谁在流失
# 完全流失：账户关闭。部分流失：客户还在，但把一部分资金往来转到他行——更难察觉。你的银行里谁以哪种方式流失，下面测算。

# %%
c = book.clients.merge(book.outcomes, on="client_id")
rates = pd.crosstab(c["size_class"], c["churn_status"], normalize="index")
rates.index = [cat.label("size_class", s, lang) for s in rates.index]
rates.columns = [cat.label("churn_status", s, lang) for s in rates.columns]
ax = rates.drop(columns=[cat.label("churn_status", "active", lang)]).plot.bar(
    figsize=(6, 3.5), rot=0
)
ax.set_ylabel("三年内占比" if zh else "share over the three years")
ax.set_title("按规模的流失" if zh else "Churn by size class")
plt.tight_layout()
plt.show()
narrative.show((case_claims.PARTIAL_CHURN,), case_claims.churn_figures(book), lang)
rates.round(3)

# %% [markdown] lang="en"
# ## 3. What predicts it
# Early signs from the first year, before anyone left: service-level breaches, contacts, the
# latest NPS, complaints, firm size and the length of the relationship. Compare churners with stayers, then
# score every client and check how well the score ranks the churners (AUC: 0.5 = chance, 1 = perfect).

# %% [markdown] lang="zh"
# ## 3. 什么能预示流失
# 用第一年（尚无人流失时）的早期迹象：服务时效未达标、接触次数、最近一次净推荐值、投诉、企业规模
# 和合作年限。先比较流失与留存客户，再给每位客户打分，检验分数对流失客户的排序能力
# （AUC:0.5 为随机，1 为完美）。

# %%
r = book.service_requests
r = r[r["accepted_at"].dt.strftime("%Y-%m").isin(first_year)]
late = (
    ((r["processed_at"] - r["accepted_at"]).dt.total_seconds() / 3600 > r["sla_hours"])
    .groupby(r["client_id"])
    .mean()
)
contacts = (
    book.interactions[book.interactions["date"].dt.strftime("%Y-%m").isin(first_year)]
    .groupby("client_id")
    .size()
)
survey = book.surveys[book.surveys["month"] == first_year[-2]].set_index("client_id")["nps"]
complaints = book.complaints.groupby("client_id").size()
cl = book.clients.set_index("client_id")
start_year = int(first_year[0][:4])
feats = pd.DataFrame(
    {
        "breach_rate": late,
        "contacts": contacts,
        "nps": survey,
        "complaints": complaints,
        "small_firm": cl["size_class"].isin(["small", "micro"]).astype(float),
        "tenure_years": start_year - cl["client_since"],
    },
    index=book.clients["client_id"],
)
feats = feats.fillna({"breach_rate": 0, "contacts": 0, "complaints": 0})
churned = book.outcomes.set_index("client_id")["churn_status"].ne(
    "active"
) & book.outcomes.set_index("client_id")["churn_month"].gt(first_year[-1])
later = churned.reindex(feats.index)
known = feats["nps"].notna()
comparison = feats[known].groupby(later[known]).mean().T
comparison.columns = ["留存" if zh else "stayed", "流失" if zh else "churned"][
    : len(comparison.columns)
]
glossary.display(comparison.rename_axis("feature"), lang, codes={"feature": "feature"}).round(2)

# %%
z = (feats - feats.mean()) / feats.std()
risk = (
    z["breach_rate"]
    - z["contacts"]
    - z["nps"].fillna(0)
    + 0.5 * z["complaints"]
    + 1.5 * z["small_firm"]
    - 0.5 * z["tenure_years"]
).fillna(0)


def auc(score: pd.Series, label: pd.Series) -> float:
    """Probability a random churner scores above a random stayer (Mann-Whitney)."""
    ranks = score.rank()
    pos = label.sum()
    neg = len(label) - pos
    return float((ranks[label].sum() - pos * (pos + 1) / 2) / (pos * neg))


score_auc = auc(risk, later)
top_decile = risk >= risk.quantile(0.9)
lift = later[top_decile].mean() / later.mean()
print(
    ("流失预测 AUC" if zh else "Churn score AUC")
    + f": {score_auc:.2f}; "
    + ("最高风险 10% 客户的流失率是平均水平的" if zh else "churn among the riskiest 10% is")
    + f" {lift:.1f}"
    + ("倍" if zh else "× the average")
)
narrative.show((case_claims.CHURN_MODEL,), {"auc": score_auc, "lift": float(lift)}, lang)

# %% [markdown] lang="en"
# ## 4. The watch list: value × churn risk
# A churner worth little costs little. Weight each client's risk by what it is worth: value at
# stake = first-year contribution × the churn rate of its risk decile. The list is what the
# score would have put in front of the RMs a year in; the last column shows who did leave.

# %% [markdown] lang="zh"
# ## 4. 观察名单：价值 × 流失风险
# 价值很低的流失客户损失也小。用客户的价值给风险加权：风险价值＝第一年综合贡献度 × 其风险十分位的
# 流失率。这份名单就是评分在第一年末会交给客户经理的名单；最后一列显示谁后来真的流失了。

# %%
watch = case_claims_5.watch_list(value, risk, later)
narrative.show(
    (case_claims_5.WATCH_LIST,), case_claims_5.watch_figures(watch, score_auc, float(lift)), lang
)
name = "name_zh" if zh else "name_en"
top = watch.head(case_claims_5.WATCH).join(cl[[name, "tier"]])
glossary.display(
    top[[name, "tier", "value", "decile", "risk", "at_stake", "churned"]]
    .rename(columns={"value": "contribution_year"})
    .rename_axis("client_id"),
    lang,
).round(2)

# %% [markdown] lang="en"
# ## 5. The lesson of one lost client
# The story of the most valuable client that left, month by month: its balances and flows, every
# contact, the service requests that missed their level, and its complaints, up to the month it
# left (red line).

# %% [markdown] lang="zh"
# ## 5. 一位流失客户的教训
# 按月回顾流失客户中价值最高的一位：余额和资金往来、每一次接触、未达服务时效的请求和投诉，直到
# 它流失的那个月（红线）。

# %%
lost = book.outcomes[book.outcomes["churn_status"] != "active"].merge(
    value.rename("value").reset_index(), on="client_id"
)
# The most valuable client that left after a full year with the bank, so its story has a year.
lost = lost.assign(late=lost["churn_month"] >= months[min(12, len(months) - 1)])
lost_id = lost.sort_values(["late", "value"], ascending=False)["client_id"].iloc[0]
story = casework.client_360(book, lost_id)
panel = story["panel"]
x = {m: i for i, m in enumerate(panel.index)}
churn_at = x.get(story["outcome"]["churn_month"].iloc[0], len(x) - 1)
contacts_m = story["contacts"]["date"].dt.strftime("%Y-%m").map(x).dropna()
sv = story["service"]
late_m = (
    sv.loc[
        (sv["processed_at"] - sv["accepted_at"]).dt.total_seconds() / 3600 > sv["sla_hours"],
        "accepted_at",
    ]
    .dt.strftime("%Y-%m")
    .map(x)
    .dropna()
)
comp = book.complaints[book.complaints["client_id"] == lost_id]
comp_m = comp["opened_on"].astype(str).str[:7].map(x).dropna()
fig, (top_ax, ev_ax) = plt.subplots(
    2, 1, figsize=(9, 5), sharex=True, gridspec_kw={"height_ratios": [3, 1.4]}
)
top_ax.plot(range(len(panel)), panel["deposit_avg"], label=T("deposit_avg"))
top_ax.plot(range(len(panel)), panel["inflow"], label=glossary.header("inflow", lang, "panel"))
top_ax.set_ylabel("万元")
top_ax.legend(fontsize=8)
rows = {
    ("接触" if zh else "contacts"): (contacts_m, "o", "#2e86c1"),
    ("未达时效" if zh else "SLA breaches"): (late_m, "x", "#e67e22"),
    ("投诉" if zh else "complaints"): (comp_m, "v", "#c0392b"),
}
for i, (ms, marker, colour) in enumerate(rows.values()):
    ev_ax.scatter(ms, [i] * len(ms), marker=marker, color=colour, s=40)
ev_ax.set_yticks(range(len(rows)), list(rows))
ev_ax.set_ylim(-0.7, len(rows) - 0.3)
for ax in (top_ax, ev_ax):
    ax.axvline(churn_at, color="red", linestyle="--")
ticks = list(range(0, len(panel), 6))
ev_ax.set_xticks(ticks, [panel.index[i] for i in ticks])
ev_ax.set_xlabel(T("month"))
name_of = cl.loc[lost_id, name]
top_ax.set_title(f"{lost_id} {name_of}" + ("：流失前的经历" if zh else ": the road to leaving"))
plt.tight_layout()
plt.show()

# %%
status = cat.label("churn_status", story["outcome"]["churn_status"].iloc[0], lang)
print(f"{lost_id}: {status}")
note = "note_zh" if zh else "note_en"
for row in story["contacts"].tail(4).itertuples():
    print(f"  {row.date:%Y-%m-%d} {getattr(row, note)}")
lesson = case_claims_5.story_figures(book, lost_id)
narrative.show(
    (case_claims_5.LOST_CONTACT, case_claims_5.LOST_SERVICE, case_claims_5.LOST_FLOWS), lesson, lang
)

# %% [markdown] lang="en"
# ## 6. Try it: read another lost client

# %% [markdown] lang="zh"
# ## 6. 动手试试：查看另一位流失客户

# %%
import ipywidgets as widgets
from IPython.display import display

picker = widgets.Dropdown(
    options=lost.sort_values("value", ascending=False)["client_id"].head(40).tolist(),
    description="客户" if zh else "Client",
)
out = widgets.Output()


def show(change=None) -> None:
    v = casework.client_360(book, picker.value)
    with out:
        out.clear_output()
        o = v["outcome"].iloc[0]
        print(picker.value, cat.label("churn_status", o["churn_status"], lang), o["churn_month"])
        note = "note_zh" if zh else "note_en"
        for row in v["contacts"].tail(3).itertuples():
            print(f"  {row.date:%Y-%m-%d} {getattr(row, note)}")


picker.observe(show, names="value")
show()
display(widgets.VBox([picker, out]))

# %%
casework.record(top20_share=top20_share, auc=score_auc, lift=float(lift), lost_client=lost_id)

# %% [markdown] lang="en"
# ## What a good relationship manager does next
# - Act on the churn score as far as it is strong (above): a contact plan for the riskiest clients,
#   a visit, a service review, a needs check.
# - Watch partial churn where it happens on your bank (above): a falling share of flows is the first sign.
# - Write up each lost client: what we knew, when, and what we did not do.
#
# **Discussion**
# 1. Why are partial churners harder to see than full churners, and more costly?
# 2. Which early sign in the table would you act on first, and how?
# 3. What would you have done differently for the lost client above?

# %% [markdown] lang="zh"
# ## 优秀的客户经理接下来会做什么
# - 按流失评分的强弱（见上文）采取行动：为风险最高的客户制定接触计划，上门拜访、服务回顾、需求复核。
# - 关注本行部分流失集中的客户（见上文）：资金往来份额下降是第一个信号。
# - 为每位流失客户写复盘：我们知道什么、何时知道、哪些该做的没有做。
#
# **讨论题**
# 1. 为什么部分流失比完全流失更难发现、代价更大？
# 2. 表中哪个早期迹象你会最先采取行动？如何行动？
# 3. 对上面这位流失客户，你会采取哪些不同的做法？
