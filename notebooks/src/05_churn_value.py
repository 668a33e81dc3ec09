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

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from casekit import case_claims, casework, narrative, plotting
from casekit import catalog as cat

plotting.setup(lang)
book = casework.open_book(seed, scenario, lang)
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
comparison.round(2)

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
# ## 4. The lesson of one lost client
# Read the story of a client that left: contacts, service, complaints, and the flows that faded.

# %% [markdown] lang="zh"
# ## 4. 一位流失客户的教训
# 回顾一位流失客户的经历：接触、服务、投诉，以及逐渐减少的资金往来。

# %%
lost = book.outcomes[book.outcomes["churn_status"] != "active"].merge(
    value.rename("value").reset_index(), on="client_id"
)
lost_id = lost.sort_values("value", ascending=False)["client_id"].iloc[0]
story = casework.client_360(book, lost_id)
ax = (
    story["panel"][["inflow", "deposit_avg"]]
    .set_axis(["流入", "日均存款"] if zh else ["inflows", "daily-avg deposits"], axis=1)
    .plot(figsize=(7, 3))
)
ax.axvline(
    list(story["panel"].index).index(story["outcome"]["churn_month"].iloc[0]),
    color="red",
    linestyle="--",
)
ax.set_title(f"{lost_id} " + ("流失前后" if zh else "before and after it left"))
plt.tight_layout()
plt.show()
status = cat.label("churn_status", story["outcome"]["churn_status"].iloc[0], lang)
print(
    f"{lost_id}: {status}, "
    + ("接触" if zh else "contacts")
    + f" {len(story['contacts'])}, "
    + ("服务请求" if zh else "service requests")
    + f" {len(story['service'])}, "
    + ("投诉" if zh else "complaints")
    + f" {int(complaints.get(lost_id, 0))}"
)

# %% [markdown] lang="en"
# ## 5. Try it: read another lost client

# %% [markdown] lang="zh"
# ## 5. 动手试试：查看另一位流失客户

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
