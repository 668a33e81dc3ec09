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
# lead time, choose a threshold by its cost, and tie each warning level to the five-category
# classification and a response for named clients.

# %% [markdown] lang="zh"
# # 案例四 · 客户关系风险预警
#
# **业务情境。** 去年有借款人违约，事前没有及时发出预警（你的银行上有多少户，见下文）。授信审批委员会要一条预警规则：用哪些
# 信号、效果如何（精确率、召回率、提前期）、成本多少，以及各级预警下客户经理该做什么。
#
# **方法（原书 3.4）。** 识别风险信号、评估风险等级、制定预警规则与应对措施、实施动态监测。
# 预警信号包括：逾期天数、资金流入下降而流出上升、欠税欠薪、涉诉、基本户迁出、评级下调等。
#
# **学完本案例，你能够** 用数据构建预警规则，度量其精确率、召回率和提前期，按成本选择阈值，并把每个预警级别
# 与五级分类和点名到户的应对措施对应起来。

# %% tags=["parameters"]
seed: int = 42  # random seed of the simulated bank
scenario: str = "national_branch"  # national_branch, city_commercial or rural
lang: str = "en"  # language of labels and messages: en or zh
client_id: str = "C00042"  # a client to look at closely
horizon: int = 6  # months ahead a warning must come to count
bank_clients: int = 2000  # clients in the simulated bank (at least 50; default 2000)

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from casekit import case_claims, case_claims_4, casework, glossary, narrative, plotting
from casekit import catalog as cat
from casekit.evaluate import evaluate_warnings
from casekit.evaluate import risk_signals as rs

plotting.setup(lang)
book = casework.open_book(seed, scenario, lang, clients=bank_clients)
client_id = casework.check_client(book, client_id, lang)
zh = lang == "zh"
T = lambda key: glossary.term(key, lang)  # noqa: E731 - one name per concept, in this language
narrative.show((case_claims.WARNING_PREMISE,), case_claims.warning_figures(book), lang)

# %% [markdown] lang="en"
# ## 1. Signals
# Four families: recorded events (the warnings table, 2 points), repayment (days past due, 3),
# cash flow (inflows over three months down 30% on the same months a year ago while outflows
# rise, 2), and the call notes that carry risk (a CFO who left abruptly, a request to roll a
# loan over (借新还旧) or extend it (展期), wages paid late …, 2). A routine "new CFO" note is
# not a signal; the phrases are the same in either language (`casekit.evaluate.risk_signals`).

# %% [markdown] lang="zh"
# ## 1. 预警信号
# 四类信号：外部与内部事件（预警信号表，2 分）、还款（逾期天数，3 分）、现金流（近三个月流入比上年
# 同期下降 30%，而流出上升，2 分），以及带有风险的拜访纪要（财务总监突然离职、要求借新还旧或展期、
# 工资延迟发放……，2 分）。例行的“财务总监换人”不算信号；两种语言识别的纪要相同
# （`casekit.evaluate.risk_signals`）。

# %%
events = rs.signal_events(book)
notes = rs.risk_notes(book)
for r in notes.head(3).itertuples():
    print(r.client_id, r.month, r.note_zh if zh else r.note_en)
counts = (
    events["family"]
    .map(
        {
            "event": "预警事件" if zh else "recorded events",
            "overdue": "逾期" if zh else "days past due",
            "cash_flow": "现金流恶化" if zh else "cash flow",
            "note": "风险纪要" if zh else "risk notes",
        }
    )
    .value_counts()
)
by_type = glossary.display(book.warnings["signal"].value_counts().rename_axis("signal"), lang)
fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
counts.plot.barh(ax=axes[0])
axes[0].set_title("各类信号（客户月）" if zh else "Signals by family (client-months)")
by_type.plot.barh(ax=axes[1])
axes[1].set_title("预警事件类型" if zh else "Warning events by type")
for ax in axes:
    ax.invert_yaxis()
    ax.set_ylabel("")
plt.tight_layout()
plt.show()

# %% [markdown] lang="en"
# ## 2. A warning rule, and the threshold that costs least
# Score each client-month by the signals of the last three months; warn when the score reaches a
# threshold. casekit measures precision, recall, lead time and cost: 2 万元 per client reviewed,
# plus for each default missed 40% of its expected loss (LGD 45%), the part a timely response
# would have saved.

# %% [markdown] lang="zh"
# ## 2. 预警规则，以及成本最低的阈值
# 按近三个月出现的信号给每个客户的每个月打分，分数达到阈值即预警。casekit 计算精确率、召回率、提前期
# 和成本：每审查一户 2 万元，每漏掉一户违约计其预期损失（违约损失率 45%）的 40%，即及时处置本可
# 挽回的部分。

# %%
rolling = rs.rolling_scores(book, events)
table = rs.threshold_table(book, rolling, horizon=horizon)
opt = case_claims_4.threshold_figures(table)
best = opt["best"]
chosen = evaluate_warnings(rs.flags(book, rolling, best), book, horizon=horizon, lang=lang)
print(chosen.summary(lang))
glossary.display(table.set_index("threshold"), lang).round(2)

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
ax1.plot(table["recall"], table["precision"], marker="o")
for r in table.itertuples():
    ax1.annotate(f"{r.threshold:g}", (r.recall, r.precision), fontsize=8)
ax1.set_xlabel(T("recall"))
ax1.set_ylabel(T("precision"))
ax1.set_title(
    "精确率与召回率（标注为阈值）" if zh else "Precision against recall (labels: threshold)"
)
ax2.plot(table["threshold"], table["cost"], marker="o")
ax2.plot([best], [opt["best_cost"]], marker="*", markersize=16, color="red")
ax2.set_xlabel(T("threshold"))
ax2.set_ylabel(T("cost"))
ax2.set_title("成本最低的阈值" if zh else "The threshold that costs least")
plt.tight_layout()
plt.show()

# %%
narrative.show(
    (case_claims_4.THRESHOLD_OPTIMUM, case_claims_4.NOTE_SIGNAL),
    opt | case_claims_4.note_figures(book, events, horizon, best),
    lang,
)

# %% [markdown] lang="en"
# ## 3. Warning levels, the five categories, and a response for each
# A warning is worth something only if it changes what the bank does. Each level goes with a loan
# class (五级分类) and a response; red is a loan already classified substandard or worse.

# %% [markdown] lang="zh"
# ## 3. 预警级别、五级分类与分级应对
# 预警只有改变了银行的行动才有价值。每个级别对应一个贷款分类（五级分类）和一项应对措施；红色是
# 已分类为次级及以下的贷款。

# %%
lv = rs.levels(book, rolling, best)
level_table = glossary.display(
    pd.DataFrame(
        {
            "level": [rs.label_of(rs.LEVEL_LABELS, k, lang) for k in rs.LEVELS],
            "level_class": [rs.label_of(rs.LEVEL_CLASS, k, lang) for k in rs.LEVELS],
            "response": [rs.label_of(rs.LEVEL_RESPONSE, k, lang) for k in rs.LEVELS],
            "clients": [int((lv["level"] == k).sum()) for k in rs.LEVELS],
        }
    ).set_index("level"),
    lang,
)
with pd.option_context("display.max_colwidth", None):  # the responses are read whole
    display(level_table)

# %%
cross = pd.crosstab(
    lv["level"].map(lambda k: rs.label_of(rs.LEVEL_LABELS, k, lang)),
    lv["loan_class"].map(lambda c: cat.label("loan_class", c, lang)),
)
cross = cross.reindex([rs.label_of(rs.LEVEL_LABELS, k, lang) for k in rs.LEVELS], fill_value=0)
cross.index.name, cross.columns.name = T("level"), glossary.header("loan_class", lang)
narrative.show((case_claims_4.LEVEL_VS_CLASS,), case_claims_4.level_figures(lv), lang)
cross

# %% [markdown] lang="en"
# **Named clients, and what the RM does this month.** The largest loans at each level:

# %% [markdown] lang="zh"
# **点名到户：客户经理本月做什么。** 各级别中贷款余额最大的客户：

# %%
name = "name_zh" if zh else "name_en"
named = (
    lv[lv["level"] != "green"]
    .join(book.clients.set_index("client_id")[[name]])
    .sort_values("loan_balance", ascending=False)
    .groupby("level", sort=False)
    .head(3)
)
named = named.assign(
    response=[rs.label_of(rs.LEVEL_RESPONSE, k, lang) for k in named["level"]],
    level=[rs.label_of(rs.LEVEL_LABELS, k, lang) for k in named["level"]],
)
with pd.option_context("display.max_colwidth", None):
    display(
        glossary.display(
            named[[name, "level", "loan_class", "loan_balance", "score", "response"]].rename_axis(
                "client_id"
            ),
            lang,
            table="panel",
        ).round(0)
    )

# %%
view = casework.client_360(book, client_id)["panel"][["inflow", "outflow", "dpd"]]
ax = glossary.display(view[["inflow", "outflow"]], lang, table="panel").plot(figsize=(7, 3))
ax.set_title(f"{client_id}")
ax.set_xlabel(T("month"))
plt.tight_layout()
plt.show()

# %% [markdown] lang="en"
# ## 4. Try it: move the threshold

# %% [markdown] lang="zh"
# ## 4. 动手试试：调整阈值

# %%
import ipywidgets as widgets

slider = widgets.IntSlider(
    value=int(best), min=1, max=int(opt["highest"]), description="阈值" if zh else "Threshold"
)
out = widgets.Output()


def rescore(change=None) -> None:
    with out:
        out.clear_output()
        w = evaluate_warnings(
            rs.flags(book, rolling, slider.value), book, horizon=horizon, lang=lang
        )
        print(w.summary(lang))


slider.observe(rescore, names="value")
rescore()
display(widgets.VBox([slider, out]))

# %%
casework.record(
    threshold=float(best),
    precision=chosen.precision,
    recall=chosen.recall,
    lead=chosen.median_lead_months,
    cost=chosen.cost,
    recall_span=opt["recall_span"],
    orange=int((lv["level"] == "orange").sum()),
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
