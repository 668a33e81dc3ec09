# %% [markdown] lang="en"
# # Case 4 · Risk early warning (风险预警)
#
# **The situation.** Borrowers defaulted last year with no flag raised in time (how many, on your
# bank, below). The credit committee wants a warning rule: which signals, how good it is (precision, recall,
# lead time), what it costs, and what the RM does at each warning level.
#
# **The method (seed book 3.4).** Spot signals, grade them, set warning rules and responses,
# and monitor dynamically. Signals (预警信号): days past due, inflows falling while outflows
# rise, tax or wage arrears, litigation, moving the basic account, rating downgrades.
#
# **By the end you can** build a warning rule from the data, measure its precision, recall and
# lead time, and choose a threshold by its cost.

# %% [markdown] lang="zh"
# # 案例四 · 客户关系风险预警
#
# **业务情境。** 去年有借款人违约，事前没有及时发出预警（你的银行上有多少户，见下文）。授信审批委员会要一条预警规则：用哪些
# 信号、效果如何（精确率、召回率、提前期）、成本多少，以及各级预警下客户经理该做什么。
#
# **方法（原书 3.4）。** 识别风险信号、评估风险等级、制定预警规则与应对措施、实施动态监测。
# 预警信号包括：逾期天数、资金流入下降而流出上升、欠税欠薪、涉诉、基本户迁出、评级下调等。
#
# **学完本案例，你能够** 用数据构建预警规则，度量其精确率、召回率和提前期，并按成本选择阈值。

# %% tags=["parameters"]
seed: int = 42  # random seed of the simulated bank
scenario: str = "national_branch"  # national_branch, city_commercial or rural
lang: str = "en"  # language of labels and messages: en or zh
client_id: str = "C00042"  # a client to look at closely
horizon: int = 6  # months ahead a warning must come to count

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from casekit import case_claims, casework, narrative, plotting
from casekit import catalog as cat
from casekit.evaluate import evaluate_warnings

plotting.setup(lang)
book = casework.open_book(seed, scenario, lang)
client_id = casework.check_client(book, client_id, lang)
zh = lang == "zh"
narrative.show((case_claims.WARNING_PREMISE,), case_claims.warning_figures(book), lang)
p = book.panel.sort_values(["client_id", "month"])

# %% [markdown] lang="en"
# ## 1. Signals
# Three families: recorded events (the warnings table), repayment (days past due), and cash
# flow (inflows over three months down 30% on the same months a year ago, while outflows rise).

# %% [markdown] lang="zh"
# ## 1. 预警信号
# 三类信号：外部与内部事件（预警信号表）、还款（逾期天数）、现金流（近三个月流入比上年同期下降 30%,
# 而流出上升）。

# %%
events = book.warnings.assign(score=2)
overdue = p.loc[p["dpd"] > 0, ["client_id", "month"]].assign(score=3)
g = p.groupby("client_id")
# Year on year, so a seasonal business's quiet months are not read as distress.
in3 = g["inflow"].transform(lambda x: x.rolling(3).mean())
out3 = g["outflow"].transform(lambda x: x.rolling(3).mean())
flow_drop = (in3 < 0.7 * g["inflow"].transform(lambda x: x.rolling(3).mean().shift(12))) & (
    out3 > g["outflow"].transform(lambda x: x.rolling(3).mean().shift(12))
)
cash = p.loc[flow_drop, ["client_id", "month"]].assign(score=2)
signals = pd.concat([events[["client_id", "month", "score"]], overdue, cash])
counts = (
    book.warnings["signal"].astype(str).map(lambda s: cat.label("signal", s, lang)).value_counts()
)
ax = counts.plot.barh(figsize=(7, 3.5))
ax.invert_yaxis()
ax.set_title("预警事件类型" if zh else "Warning events by type")
plt.tight_layout()
plt.show()

# %% [markdown] lang="en"
# ## 2. A warning rule, and how good it is
# Score each client-month by the signals seen in the last three months; warn when the score
# reaches a threshold. casekit measures precision, recall, lead time and cost.

# %% [markdown] lang="zh"
# ## 2. 预警规则及其效果
# 按近三个月出现的信号给每个客户的每个月打分，分数达到阈值即预警。casekit 计算精确率、召回率、
# 提前期和成本。

# %%
months = sorted(p["month"].unique())
idx = {m: i for i, m in enumerate(months)}
s = (
    signals.assign(t=signals["month"].map(idx))
    .groupby(["client_id", "t"])["score"]
    .sum()
    .unstack(fill_value=0)
)
s = s.reindex(columns=range(len(months)), fill_value=0)
rolling = s.T.rolling(3, min_periods=1).sum().T


def flags(threshold: float) -> pd.DataFrame:
    hit = rolling.stack()
    hit = hit[hit >= threshold].reset_index()
    return pd.DataFrame({"client_id": hit["client_id"], "month": [months[t] for t in hit["t"]]})


rows = []
for threshold in (2, 3, 4, 5, 6):
    w = evaluate_warnings(flags(threshold), book, horizon=horizon, lang=lang)
    rows.append((threshold, w.precision, w.recall, w.median_lead_months, w.false_alarms, w.cost))
table = pd.DataFrame(
    rows, columns=["threshold", "precision", "recall", "lead_months", "false_alarms", "cost"]
)
best = table.loc[table["cost"].idxmin()]
chosen = evaluate_warnings(flags(best["threshold"]), book, horizon=horizon, lang=lang)
print(chosen.summary(lang))
table.round(3)

# %%
ax = table.plot(x="recall", y="precision", marker="o", figsize=(5, 4), legend=False)
for r in table.itertuples():
    ax.annotate(f"{r.threshold:g}", (r.recall, r.precision))
ax.set_xlabel("召回率" if zh else "recall")
ax.set_ylabel("精确率" if zh else "precision")
ax.set_title(
    "阈值越高:误报越少,漏报越多" if zh else "Higher thresholds: fewer false alarms, more misses"
)
plt.tight_layout()
plt.show()

# %% [markdown] lang="en"
# ## 3. Responses by warning level
# Green: quarterly review. Yellow: monthly review and a visit. Orange: freeze new drawdowns,
# ask for more collateral, classify 关注. Red: exit or recovery, classify 次级 or worse.

# %% [markdown] lang="zh"
# ## 3. 分级应对
# 绿色：按季回顾。黄色：按月回顾并上门走访。橙色：冻结新增提款、追加担保、分类为关注。
# 红色：退出或清收，分类为次级及以下。

# %%
on_book = p.loc[p["month"] == months[-1], "client_id"]
last = rolling.iloc[:, -1].rename(None).reindex(on_book, fill_value=0)
level = pd.cut(last, [-1, 0, 2, 4, np.inf], labels=["green", "yellow", "orange", "red"])
names = {"green": "绿色", "yellow": "黄色", "orange": "橙色", "red": "红色"}
print((level.map(names) if zh else level).value_counts().to_string())
view = casework.client_360(book, client_id)["panel"][["inflow", "outflow", "dpd"]]
ax = (
    view[["inflow", "outflow"]]
    .set_axis(["流入", "流出"] if zh else ["inflow", "outflow"], axis=1)
    .plot(figsize=(7, 3))
)
ax.set_title(f"{client_id}")
plt.tight_layout()
plt.show()

# %% [markdown] lang="en"
# ## 4. Try it: move the threshold

# %% [markdown] lang="zh"
# ## 4. 动手试试：调整阈值

# %%
import ipywidgets as widgets
from IPython.display import display

slider = widgets.IntSlider(
    value=int(best["threshold"]), min=1, max=8, description="阈值" if zh else "Threshold"
)
out = widgets.Output()


def rescore(change=None) -> None:
    with out:
        out.clear_output()
        print(
            evaluate_warnings(flags(slider.value), book, horizon=horizon, lang=lang).summary(lang)
        )


slider.observe(rescore, names="value")
rescore()
display(widgets.VBox([slider, out]))

# %%
casework.record(
    threshold=float(best["threshold"]),
    precision=chosen.precision,
    recall=chosen.recall,
    lead=chosen.median_lead_months,
    cost=chosen.cost,
)

# %% [markdown] lang="en"
# ## What a good relationship manager does next
# - Review every yellow client this month; visit, and write what you saw in the call report.
# - Track the misses: which defaults had no signal, and what would have shown them earlier?
# - Revisit the threshold each quarter as the portfolio and the economy change.
#
# **Discussion**
# 1. What does a false alarm cost the relationship, beyond the review time?
# 2. Which signals would you add if you could get them (tax, utilities, court records)?
# 3. Would you set the threshold differently for a strategic client?

# %% [markdown] lang="zh"
# ## 优秀的客户经理接下来会做什么
# - 本月回顾所有黄色客户：上门走访，并把所见写进拜访纪要。
# - 复盘漏报：哪些违约事前没有信号？什么数据能更早发现？
# - 随组合和经济环境变化，每季度重新评估阈值。
#
# **讨论题**
# 1. 除了审查工时，一次误报对客户关系还有什么代价？
# 2. 如果能获取更多数据（税务、水电、法院记录），你会增加哪些信号？
# 3. 对战略客户，你会设置不同的阈值吗？
