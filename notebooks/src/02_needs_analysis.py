# %% [markdown] lang="en"
# # Case 2 · Needs analysis (需求分析)
#
# **The situation.** Your key-client segment has grown by deposits but not by products: many
# clients hold a basic account and a loan, nothing else. Your head of corporate banking wants a
# list of each client's needs, ranked, and compared with what the bank already sells them.
#
# **The method (seed book 3.2, 4.2).** Background research, interviews and data mining; classify
# needs; rank them by importance and urgency; tailor a plan; review periodically. Here: the
# *data* is the monthly panel and holdings, the *interviews* are the call-report notes.
#
# **By the end you can** turn behaviour signals and call notes into a needs list, measure its
# precision and recall against the truth, and rank needs by value × urgency.

# %% [markdown] lang="zh"
# # 案例二 · 客户需求分析
#
# **业务情境。** 你负责的重点客户群存款在增长，产品却没有增加：很多客户只有一个基本户和一笔贷款。
# 对公业务负责人要你列出每位客户的需求、排出优先级，并与本行已提供的产品对照。
#
# **方法（原书 3.2、4.2）。** 背景调研、深度访谈、数据挖掘；对需求分类；按重要性和紧急性排序；
# 制定针对性方案；定期评估调整。本案例中，*数据*是月度面板和产品持有，*访谈*是拜访纪要。
#
# **学完本案例，你能够** 把行为信号和拜访纪要转化为需求清单，用精确率和召回率衡量它，并按
# 价值 × 紧急程度排出优先级。

# %% tags=["parameters"]
seed: int = 42  # random seed of the simulated bank
scenario: str = "national_branch"  # national_branch, city_commercial or rural
lang: str = "en"  # language of labels and messages: en or zh
client_id: str = "C00042"  # a client to look at closely
segment: str = "key"  # tier to analyse: strategic, key or general

# %%
import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from casekit import casework, plotting
from casekit import catalog as cat
from casekit.evaluate import score_needs, score_priority

plotting.setup(lang)
book = casework.open_book(seed, scenario, lang)
client_id = casework.check_client(book, client_id, lang)
zh = lang == "zh"
clients = book.clients[book.clients["tier"] == segment].set_index("client_id")
months = sorted(book.panel["month"].unique())
recent = book.panel[
    book.panel["month"].isin(months[-12:]) & book.panel["client_id"].isin(clients.index)
]
print(len(clients), "户客户在本层级" if zh else "clients in the segment")

# %% [markdown] lang="en"
# ## 1. Data mining: behaviour that reveals needs
# Each need leaves traces in the last twelve months of the panel (domain brief: needs → signals):
# month-end overdrafts (seasonal working capital), balances far above three months of
# outflows (idle liquidity), FX flows without a forward (FX risk), salaries sent to another
# bank (payroll), intra-group transfers (group treasury), equipment payments (capex),
# equity-transfer payments (acquisitions), counter-heavy transactions (digitisation).

# %% [markdown] lang="zh"
# ## 1. 数据挖掘：从行为中发现需求
# 每种需求都会在近十二个月的面板数据里留下痕迹：月末透支（季节性流动资金）、余额远超三个月
# 支出（闲置资金）、有外汇收付却未做远期（汇率风险）、工资转往他行（代发工资）、集团内划转
# （集团资金管理）、设备款支付（固定资产投资）、股权转让款（并购）、柜面交易占比高（数字化）。

# %%
per = (
    recent.groupby("client_id")
    .agg(
        overdraft_days=("overdraft_days", "sum"),
        deposit=("deposit_avg", "mean"),
        outflow=("outflow", "mean"),
        fx=("fx_inflow", "sum"),
        fx_out=("fx_outflow", "sum"),
        salary_other=("salary_transfer_other_bank", "sum"),
        intragroup=("intragroup_outflow", "sum"),
        intragroup_in=("intragroup_inflow", "sum"),
        capex=("capex_outflow", "sum"),
        equity=("equity_transfer_outflow", "sum"),
        counter=("counter_txn", "sum"),
        online=("online_txn", "sum"),
    )
    .reindex(clients.index, fill_value=0)
)
held = book.holdings[book.holdings["end_month"].isna()]
holds = lambda product: per.index.isin(held.loc[held["product"] == product, "client_id"])  # noqa: E731
revenue = clients["revenue"]
signals = pd.DataFrame(
    {
        "seasonal_wc": per["overdraft_days"] >= 12,
        "idle_liquidity": per["deposit"] > 3 * per["outflow"],
        "fx_risk": ((per["fx"] + per["fx_out"]) > 300) & ~holds("fx_forward"),
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
    },
    index=per.index,
)
signals.sum().rename("clients with the signal" if not zh else "有信号的客户数")

# %% [markdown] lang="en"
# ## 2. Interviews: what clients told their RM
# Call-report notes name some needs outright, hint at others, and many say nothing. Read the
# notes of one client, then search all notes for phrases that point to each need.

# %% [markdown] lang="zh"
# ## 2. 访谈：客户对客户经理说了什么
# 拜访纪要有的直接说出需求，有的只是暗示，更多的则与需求无关。先读一位客户的纪要，再在全部纪要中
# 搜索指向各类需求的关键词。

# %%
note = "note_zh" if zh else "note_en"
for r in book.interactions[book.interactions["client_id"] == client_id].tail(6).itertuples():
    print(f"{r.date:%Y-%m-%d}  {getattr(r, note)}")

# %%
from casekit.note_keywords import KEYWORDS as keywords  # the same needs in either language

notes = book.interactions[book.interactions["client_id"].isin(clients.index)]
mentioned = pd.DataFrame(
    {
        need: notes.groupby("client_id")[note].apply(
            lambda s, words=words: s.str.contains(
                "|".join(map(re.escape, words)), case=False, regex=True
            ).any()
        )
        for need, words in keywords.items()
    }
).reindex(clients.index, fill_value=False)
mentioned.sum().rename("clients whose notes mention it" if not zh else "纪要中提及的客户数")

# %% [markdown] lang="en"
# ## 3. The needs list, scored against the truth
# Notes are noisy: a keyword also matches "no need, it is covered". So triangulate, as the seed
# book asks: a need is proposed when the data shows it clearly, or when a note mentions it *and*
# the data is at least consistent with it. casekit scores each list with precision (how many
# proposed needs are real), recall (how many real needs were found) and F1, per need type.

# %% [markdown] lang="zh"
# ## 3. 需求清单与真实答案对照
# 纪要里有噪声：关键词也会命中“暂无需求、已经解决”之类的话。因此要像原书说的那样交叉验证：数据
# 清楚显示的需求直接列入；纪要提及、且数据至少不矛盾的需求也列入。casekit 用精确率（列出的需求有
# 多少是真的）、召回率（真实需求找到了多少）和 F1 为清单打分，并按需求类型拆分。

# %%
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
    },
    index=per.index,
)


def as_pairs(flags: pd.DataFrame) -> pd.DataFrame:
    stacked = flags.stack()
    pairs = stacked[stacked].reset_index().iloc[:, :2]
    pairs.columns = ["client_id", "need"]
    return pairs


proposed = as_pairs(signals | (mentioned & consistent))
scores = {
    ("数据" if zh else "data"): score_needs(
        as_pairs(signals), book, clients=clients.index, lang=lang
    ),
    ("纪要" if zh else "notes"): score_needs(
        as_pairs(mentioned), book, clients=clients.index, lang=lang
    ),
    ("交叉验证" if zh else "triangulated"): score_needs(
        proposed, book, clients=clients.index, lang=lang
    ),
}
for name, s in scores.items():
    print(f"{name:>12}: {s.summary(lang)}")
combined = scores["交叉验证" if zh else "triangulated"]
by_need = combined.by_need.assign(need=lambda d: [cat.label("need", n, lang) for n in d["need"]])
by_need.set_index("need")[["precision", "recall", "f1", "tp", "fp", "fn"]].round(2)

# %% [markdown] lang="en"
# **What the score means.** High precision with low recall means the signals are right but
# miss needs that only conversations reveal; the per-need table shows where to listen harder.

# %% [markdown] lang="zh"
# **分数的含义。** 精确率高而召回率低，说明信号准确，但漏掉了只有对话才能发现的需求；分需求的表格
# 告诉你在哪些方面要更用心倾听。

# %% [markdown] lang="en"
# ## 4. Classify and rank by importance × urgency
# Importance: what serving the need is worth a year (estimated from the client's revenue);
# urgency: how pressing the signal is. Rank, then compare with the truth (NDCG: 1 = ideal order).

# %% [markdown] lang="zh"
# ## 4. 分类并按重要性 × 紧急性排序
# 重要性：满足该需求一年能带来的价值（按客户营业收入估算）；紧急性：信号的迫切程度。排出顺序后，
# 与真实答案比较（NDCG,1 为理想顺序）。

# %%
rate = {
    "seasonal_wc": 0.004,
    "capex": 0.007,
    "idle_liquidity": 0.0025,
    "group_treasury": 0.002,
    "fx_risk": 0.002,
    "supply_chain": 0.003,
    "payroll": 0.0006,
    "capital_markets": 0.0004,
    "acquisition": 0.003,
    "digitisation": 0.0005,
}
urgent = {
    "seasonal_wc": per["overdraft_days"] / 12,
    "capex": per["capex"] / revenue.clip(lower=1) * 5,
}
ranked = proposed[["client_id", "need"]].copy()
ranked["importance"] = [
    revenue[c] * rate[n] for c, n in zip(ranked["client_id"], ranked["need"], strict=True)
]
ranked["urgency"] = [
    float(np.clip(urgent[n][c], 1, 5)) if n in urgent else 3.0
    for c, n in zip(ranked["client_id"], ranked["need"], strict=True)
]
ranked = ranked.assign(priority=ranked["importance"] * ranked["urgency"]).sort_values(
    "priority", ascending=False
)
ranked["rank"] = np.arange(1, len(ranked) + 1)
rank_score = score_priority(ranked, book, clients=clients.index, k=30, lang=lang)
print(rank_score.summary(lang))
ranked.head(10).assign(need=lambda d: [cat.label("need", n, lang) for n in d["need"]]).round(1)

# %% [markdown] lang="en"
# ## 5. Compare with what the bank already sells
# A need already served by a product the client holds is a relationship to deepen, not a sale.

# %% [markdown] lang="zh"
# ## 5. 与本行已提供的产品对照
# 已由客户持有产品满足的需求，是深化关系的基础，而不是新的销售机会。

# %%
serving = {p.code: p.serves for p in cat.PRODUCTS if p.serves}
served_pairs = set(zip(held["client_id"], held["product"].astype(str).map(serving), strict=True))
ranked["already_served"] = [
    (c, n) in served_pairs for c, n in zip(ranked["client_id"], ranked["need"], strict=True)
]
gap = (
    ranked.groupby("need")["already_served"]
    .agg(["size", "sum"])
    .rename(columns={"size": "found", "sum": "served"})
)
gap["open"] = gap["found"] - gap["served"]
gap.index = [cat.label("need", n, lang) for n in gap.index]
ax = (
    gap[["served", "open"]]
    .set_axis(["已满足", "未满足"] if zh else ["served", "open"], axis=1)
    .plot.barh(stacked=True, figsize=(7, 4))
)
ax.set_title("发现的需求:已满足与未满足" if zh else "Needs found: served and open")
plt.tight_layout()
plt.show()

# %% [markdown] lang="en"
# ## 6. Try it: the importance × urgency matrix for one client
# Pick a client; its needs are placed by importance and urgency. Top-right first.

# %% [markdown] lang="zh"
# ## 6. 动手试试：单个客户的重要性 × 紧急性矩阵
# 选择一位客户，其需求按重要性和紧急性落在矩阵中——先做右上角的。

# %%
import ipywidgets as widgets
from IPython.display import display

choices = sorted(ranked["client_id"].unique())[:80]
picker = widgets.Dropdown(options=choices, description="客户" if zh else "Client")
out = widgets.Output()


def matrix(change=None) -> None:
    mine = ranked[ranked["client_id"] == picker.value]
    with out:
        out.clear_output(wait=True)
        _, ax = plt.subplots(figsize=(5, 4))
        ax.scatter(mine["urgency"], mine["importance"], s=80)
        for r in mine.itertuples():
            ax.annotate(cat.label("need", r.need, lang), (r.urgency, r.importance), fontsize=9)
        ax.set_xlabel("紧急性" if zh else "urgency")
        ax.set_ylabel("重要性(万元/年)" if zh else "importance (万元 a year)")
        ax.set_xlim(0.5, 5.5)
        ax.set_title(picker.value)
        plt.show()


picker.observe(matrix, names="value")
matrix()
display(widgets.VBox([picker, out]))

# %%
casework.record(
    precision=combined.precision,
    recall=combined.recall,
    f1=combined.f1,
    ndcg=rank_score.ndcg,
    proposed=len(proposed),
)

# %% [markdown] lang="en"
# ## What a good relationship manager does next
# - Take the top of the ranked list into the next visits, with one product proposal per need.
# - For needs the data suggests but no note confirms, ask: the interview is where recall is won.
# - Review the list every quarter: needs move with the season and the client's plans.
#
# **Discussion**
# 1. Which need types did the data find well, and which needed the conversation?
# 2. Would you rather have high precision or high recall when planning visits? Why?
# 3. A need that is already served: what would you do with it?

# %% [markdown] lang="zh"
# ## 优秀的客户经理接下来会做什么
# - 带着优先级靠前的需求去拜访，每项需求准备一个产品方案。
# - 数据提示、纪要未证实的需求，要在访谈中问清楚——召回率是在对话中赢得的。
# - 每季度复盘清单：需求随季节和客户计划而变化。
#
# **讨论题**
# 1. 哪些需求靠数据就能发现，哪些必须靠对话？
# 2. 规划拜访时，你更看重精确率还是召回率？为什么？
# 3. 对于已经被满足的需求，你会怎么做？
