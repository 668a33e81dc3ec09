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
bank_clients: int = 2000  # clients in the simulated bank (at least 50; default 2000)

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import display

from casekit import case_claims_2, casework, glossary, narrative, plotting
from casekit import catalog as cat
from casekit.evaluate import needs_method as nm
from casekit.evaluate import score_needs, score_priority

plotting.setup(lang)
book = casework.open_book(seed, scenario, lang, clients=bank_clients)
client_id = casework.check_client(book, client_id, lang)
zh = lang == "zh"
T = lambda key: glossary.term(key, lang)  # noqa: E731 - one name per concept, in this language
clients = nm.segment_clients(book, segment)
per = nm.per_client(book, clients)
print(len(clients), "户客户在本层级" if zh else "clients in the segment")

# %% [markdown] lang="en"
# ## 1. Data mining: behaviour that reveals needs
# Each need leaves traces in the last twelve months of the panel (domain brief: needs → signals):
# month-end overdrafts (seasonal working capital), balances far above three months of
# outflows (idle liquidity), FX flows without a forward (FX risk), salaries sent to another
# bank (payroll), intra-group transfers (group treasury), equipment payments (capex),
# equity-transfer payments (acquisitions), counter-heavy transactions (digitisation).
# The rules are in `casekit.evaluate.needs_method.data_signals`.

# %% [markdown] lang="zh"
# ## 1. 数据挖掘：从行为中发现需求
# 每种需求都会在近十二个月的面板数据里留下痕迹：月末透支（季节性流动资金）、余额远超三个月
# 支出（闲置资金）、有外汇收付却未做远期（汇率风险）、工资转往他行（代发工资）、集团内划转
# （集团资金管理）、设备款支付（固定资产投资）、股权转让款（并购）、柜面交易占比高（数字化）。
# 规则见 `casekit.evaluate.needs_method.data_signals`。

# %%
signals = nm.data_signals(book, clients, per)
glossary.display(signals.sum().rename_axis("need").rename("found").to_frame(), lang)

# %% [markdown] lang="en"
# ## 2. Interviews: what clients told their RM
# Call-report notes name some needs outright, hint at others, and many say nothing. Read the
# notes of one client, then search all notes for phrases that point to each need (the same
# needs in either language: `casekit.note_keywords`).

# %% [markdown] lang="zh"
# ## 2. 访谈：客户对客户经理说了什么
# 拜访纪要有的直接说出需求，有的只是暗示，更多的则与需求无关。先读一位客户的纪要，再在全部纪要中
# 搜索指向各类需求的关键词（两种语言找出的需求相同：`casekit.note_keywords`）。

# %%
from casekit.note_keywords import needs_in

notes = nm.client_notes(book, clients, lang)
for r in book.interactions[book.interactions["client_id"] == client_id].tail(6).itertuples():
    text = r.note_zh if zh else r.note_en
    found = ", ".join(cat.label("need", n, lang) for n in sorted(needs_in(text)))
    print(f"{r.date:%Y-%m-%d}  {text}" + (f"  → {found}" if found else ""))
example = next(t for t in notes["text"] if needs_in(t))
print(
    ("一条能被识别的纪要：" if zh else "A note the keywords detect: ")
    + example
    + " → "
    + ", ".join(cat.label("need", n, lang) for n in sorted(needs_in(example)))
)

# %%
mentioned = nm.note_mentions(notes, clients)
glossary.display(mentioned.sum().rename_axis("need").rename("found").to_frame(), lang)

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
proposed = nm.as_pairs(signals | (mentioned & nm.consistent_with(clients, per)))
lists = {
    ("数据" if zh else "data"): nm.as_pairs(signals),
    ("纪要" if zh else "notes"): nm.as_pairs(mentioned),
    ("交叉验证" if zh else "triangulated"): proposed,
}
for name, pairs in lists.items():
    s = score_needs(pairs, book, clients=clients.index, lang=lang)
    print(f"{name:>12}: {s.summary(lang)}")
combined = score_needs(proposed, book, clients=clients.index, lang=lang)
cols = ["need", "precision", "recall", "f1", "tp", "fp", "fn"]
glossary.display(combined.by_need[cols].set_index("need"), lang).round(2)

# %% [markdown] lang="en"
# **What the score means.** High precision with low recall means the signals are right but
# miss needs that only conversations reveal; the per-need table shows where to listen harder.

# %% [markdown] lang="zh"
# **分数的含义。** 精确率高而召回率低，说明信号准确，但漏掉了只有对话才能发现的需求；分需求的表格
# 告诉你在哪些方面要更用心倾听。

# %% [markdown] lang="en"
# ## 4. Classify, then rank by importance × urgency (seed book 4.2)
# **Importance** is the expected annual contribution of meeting the need:
# importance (万元 a year) = business volume (万元) × what the bank earns a year on a 万元 of that
# business. The volume comes from the panel where the data shows it, from revenue otherwise
# (table below).
#
# **Urgency** follows the months until the need falls due: 5 within two months, 4 within four,
# 3 within seven, 2 within a year, 1 later. The date comes from the data where it can: a seasonal
# need is funded two months before the client's sales peak (the yearly cycle of its inflows);
# payroll and group treasury contracts are chosen for the budget year; a note that dates a plan
# ("next year", "soon"). Otherwise it is the need type's usual horizon: a rule of thumb to check
# on the visit.
#
# **Classification**: by business type (financing, treasury and hedging, settlement and cash
# management), by scale (the top quarter by importance is large) and by cooperation potential
# (deepen a held product, cross-sell to a client with three or more products, or win a thin
# relationship).

# %% [markdown] lang="zh"
# ## 4. 分类，再按重要性 × 紧急性排序（原书 4.2）
# **重要性**是满足该需求预计每年带来的综合贡献：重要性（万元/年）＝业务量（万元）× 本行每万元
# 该类业务每年的收益率。业务量能从面板数据看出的就用数据，否则按营业收入估算（见下表）。
#
# **紧急性**取决于距需求到期的月数：两个月内为 5，四个月内为 4，七个月内为 3，一年内为 2，更远
# 为 1。到期日尽量从数据中得出：季节性资金需求要在客户销售旺季（流入的年度周期）前两个月到位；
# 代发工资和集团资金管理合同随预算年度选定；纪要中注明时间的计划（“明年”、“尽快”）。其余按该类
# 需求的通常期限估计——这只是经验值，要在拜访时核实。
#
# **分类**：按业务类型（融资类、资金与避险类、结算与现金管理类）、按规模（重要性前四分之一为大额）、
# 按合作潜力（深化已有产品、向已持有三种以上产品的客户交叉销售、争取关系尚浅的客户）。

# %%
formula = pd.DataFrame(
    {
        "volume_rule": [nm.label_of(nm.VOLUME_RULE, n, lang) for n in cat.NEED_CODES],
        "rate": [nm.RATE[n] for n in cat.NEED_CODES],
    },
    index=pd.Index(cat.NEED_CODES, name="need"),
)
with pd.option_context("display.max_colwidth", None):  # the rules are read whole
    display(glossary.display(formula, lang))

# %%
ranked = nm.matrix(book, proposed, clients, per, notes)
kinds = {
    "type": nm.TYPE_LABELS,
    "scale": nm.SCALE_LABELS,
    "potential": nm.POTENTIAL_LABELS,
    "quadrant": nm.QUADRANT_LABELS,
}
labelled = ranked.assign(
    **{k: [nm.label_of(t, v, lang) for v in ranked[k]] for k, t in kinds.items()}
)
shown = ["client_id", "need", "importance", "urgency", "months_ahead", "type", "scale", "potential"]
glossary.display(labelled[shown].head(10), lang)

# %%
by_type = pd.crosstab(labelled["type"], labelled["quadrant"]).rename_axis(index=T("type"))
by_type.columns.name = T("quadrant")
by_type

# %% [markdown] lang="en"
# ## 5. The importance × urgency matrix, and the action in each quadrant
# Every need of the tier, placed by its urgency and importance (log scale). The lines split the
# matrix at urgency 4 (due within four months) and at the median importance.

# %% [markdown] lang="zh"
# ## 5. 重要性 × 紧急性矩阵，以及每个象限的行动
# 本层级的每项需求按紧急性和重要性（对数坐标）落在矩阵中。分界线是紧急性 4（四个月内到期）和
# 重要性的中位数。

# %%
fig, ax = plt.subplots(figsize=(8.5, 5.5))
rng = np.random.default_rng(0)  # jitter only spreads the points of one urgency apart
colours = {"do_now": "#c0392b", "plan": "#2e86c1", "delegate": "#e67e22", "monitor": "#7f8c8d"}
mid = float(ranked["importance"].median()) if len(ranked) else 1.0
for q, colour in colours.items():
    m = ranked[ranked["quadrant"] == q]
    x = m["urgency"] + rng.uniform(-0.25, 0.25, len(m))
    ax.scatter(
        x,
        m["importance"].clip(lower=0.1),
        s=14,
        alpha=0.6,
        color=colour,
        label=nm.label_of(nm.QUADRANT_LABELS, q, lang),
    )
ax.set_yscale("log")
ax.axvline(nm.URGENT_FROM - 0.5, color="black", lw=0.8)
ax.axhline(max(mid, 0.1), color="black", lw=0.8)
ax.set_xlim(0.5, 5.5)
ax.set_xticks([1, 2, 3, 4, 5])
ax.set_xlabel(T("urgency") + ("（5 = 两个月内到期）" if zh else " (5 = due within two months)"))
ax.set_ylabel(T("importance"))
ax.set_title(
    ("重要性 × 紧急性矩阵：" if zh else "Importance × urgency: ") + cat.label("tier", segment, lang)
)
ax.legend(fontsize=8, loc="lower left", framealpha=0.9)
plt.tight_layout()
plt.show()

# %%
actions = pd.DataFrame(
    {
        T("quadrant"): [nm.label_of(nm.QUADRANT_LABELS, q, lang) for q in nm.QUADRANTS],
        T("response"): [nm.label_of(nm.QUADRANT_ACTIONS, q, lang) for q in nm.QUADRANTS],
        T("n_needs"): [int((ranked["quadrant"] == q).sum()) for q in nm.QUADRANTS],
    }
)
figures = case_claims_2.ranking_figures(book, ranked, clients.index)
narrative.show((case_claims_2.QUADRANT_FILL,), figures, lang)
with pd.option_context("display.max_colwidth", None):
    display(actions)

# %% [markdown] lang="en"
# ## 6. How good is the ranking, and why
# casekit compares the ranking with the ideal order of the true needs by value × urgency (NDCG of
# the top 30: 1 is the ideal order, 0 useless).

# %% [markdown] lang="zh"
# ## 6. 排序效果如何，为什么
# casekit 把排序与真实需求按价值 × 紧急性的理想顺序相比（前 30 项的 NDCG：1 为理想顺序，0 为
# 毫无用处）。

# %%
rank_score = score_priority(ranked, book, clients=clients.index, k=case_claims_2.TOP_K, lang=lang)
print(rank_score.summary(lang))
narrative.show((case_claims_2.RANKING_QUALITY, case_claims_2.URGENCY_GAIN), figures, lang)

# %% [markdown] lang="en"
# ## 7. Compare with what the bank already sells
# A need already served by a product the client holds is a relationship to deepen, not a sale.

# %% [markdown] lang="zh"
# ## 7. 与本行已提供的产品对照
# 已由客户持有产品满足的需求，是深化关系的基础，而不是新的销售机会。

# %%
gap = (
    ranked.groupby("need")["already_served"]
    .agg(["size", "sum"])
    .rename(columns={"size": "found", "sum": "served"})
)
gap["open"] = gap["found"] - gap["served"]
ax = glossary.display(gap[["served", "open"]], lang).plot.barh(stacked=True, figsize=(7, 4))
ax.set_title("发现的需求：已满足与未满足" if zh else "Needs found: served and open")
ax.set_ylabel("")
ax.set_xlabel(T("n_needs"))
plt.tight_layout()
plt.show()

# %% [markdown] lang="en"
# ## 8. Try it: the matrix for one client
# Pick a client; its needs are placed by importance and urgency. Top-right first.

# %% [markdown] lang="zh"
# ## 8. 动手试试：单个客户的矩阵
# 选择一位客户，其需求按重要性和紧急性落在矩阵中——先做右上角的。

# %%
import ipywidgets as widgets

choices = sorted(ranked["client_id"].unique())[:80] or [client_id]
picker = widgets.Dropdown(options=choices, description="客户" if zh else "Client")
out = widgets.Output()


def client_matrix(change=None) -> None:
    mine = ranked[ranked["client_id"] == picker.value]
    with out:
        out.clear_output(wait=True)
        _, ax = plt.subplots(figsize=(5, 4))
        ax.scatter(mine["urgency"], mine["importance"], s=80)
        for r in mine.itertuples():
            ax.annotate(cat.label("need", r.need, lang), (r.urgency, r.importance), fontsize=9)
        ax.axvline(nm.URGENT_FROM - 0.5, color="black", lw=0.8)
        ax.axhline(mid, color="black", lw=0.8)
        ax.set_xlabel(T("urgency"))
        ax.set_ylabel(T("importance"))
        ax.set_xlim(0.5, 5.5)
        ax.set_title(picker.value)
        plt.show()


picker.observe(client_matrix, names="value")
client_matrix()
display(widgets.VBox([picker, out]))

# %%
casework.record(
    precision=combined.precision,
    recall=combined.recall,
    f1=combined.f1,
    ndcg=rank_score.ndcg,
    ndcg_flat=figures["ndcg_flat"],
    proposed=len(proposed),
    do_now=figures["n_do_now"],
    plan=figures["n_plan"],
    delegate=figures["n_delegate"],
    monitor=figures["n_monitor"],
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
