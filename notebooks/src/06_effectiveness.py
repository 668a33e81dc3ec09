# %% [markdown] lang="en"
# # Case 6 · Effectiveness evaluation (效果评估)
#
# **The situation.** A year ago the branch started a relationship pilot (关系深耕试点): RMs chose
# clients for more frequent contact and a tailored plan. The pilot clients' deposits grew and
# their NPS rose. Head office asks: *did the pilot work, and by how much?*
#
# **The method (seed book 6.3).** Evaluate on four lenses — satisfaction, business growth
# (deposits, loans, fee income 中间业务收入), risk control (NPL ratio 不良贷款率) and churn — and
# compare honestly: a before/after of the pilot clients mixes the pilot with seasons and market
# growth; comparing pilot clients with the rest mixes it with *who was chosen*.
#
# **By the end you can** build the four-lens summary, estimate the pilot's effect by
# difference-in-differences, and explain why the naive comparisons differ.

# %% [markdown] lang="zh"
# # 案例六 · 实践应用与效果评估
#
# **业务情境。** 一年前，分行启动了关系深耕试点：客户经理挑选部分客户，提高接触频率并提供定制方案。
# 试点客户的存款增长了，净推荐值也提高了。总行想知道：*试点有效吗？效果有多大？*
#
# **方法（原书 6.3）。** 从四个维度评估——客户满意度、业务增长（存款、贷款、中间业务收入）、风险控制
# （不良贷款率）和客户流失——并且诚实地比较：试点客户的前后对比混入了季节和市场增长；试点客户与其他
# 客户的对比混入了*挑选了谁*。
#
# **学完本案例，你能够** 编制四维评估表，用双重差分估计试点效果，并解释朴素对比为何会偏离。

# %% tags=["parameters"]
seed: int = 42  # random seed of the simulated bank
scenario: str = "national_branch"  # national_branch, city_commercial or rural
lang: str = "en"  # language of labels and messages: en or zh
client_id: str = "C00042"  # a client to look at closely
bank_clients: int = 2000  # clients in the simulated bank (at least 50; default 2000)
metric: str = "deposits"  # effect to estimate: deposits, fee_income or nps

# %%
import matplotlib.pyplot as plt
import numpy as np

from casekit import case_claims, case_claims_6, casework, glossary, narrative, plotting
from casekit.evaluate import did_estimate, four_lens, score_effect

plotting.setup(lang)
book = casework.open_book(seed, scenario, lang, clients=bank_clients)
client_id = casework.check_client(book, client_id, lang)
zh = lang == "zh"
T = lambda key: glossary.term(key, lang)  # noqa: E731 - one name per concept, in this language
o = book.outcomes.set_index("client_id")
start = o["pilot_start"].dropna().iloc[0]
print(
    f"试点开始：{start}；试点客户：{int(o['pilot'].sum())} 户"
    if zh
    else f"pilot start: {start}; pilot clients: {int(o['pilot'].sum())}"
)

# %% [markdown] lang="en"
# ## 1. Who was chosen
# The RMs chose bigger, friendlier clients. That alone makes pilot clients look better.

# %% [markdown] lang="zh"
# ## 1. 挑选了谁
# 客户经理挑选的是规模更大、关系更好的客户。仅凭这一点，试点客户看起来就更好。

# %%
c = book.clients.set_index("client_id").join(o["pilot"])
chosen = c.groupby("pilot").agg(
    revenue=("revenue", "median"),
    staff=("staff", "median"),
    strategic_or_key=("tier", lambda t: t.isin(["strategic", "key"]).mean()),
)
chosen.index = ["其他客户", "试点客户"] if zh else ["others", "pilot"]
glossary.display(chosen, lang, table="clients").round(2)

# %% [markdown] lang="en"
# ## 2. The four lenses
# The book's four lenses (6.3): satisfaction, growth (deposits, loans, fee income), risk (NPL
# ratio) and churn. For each metric: the pilot's own change (before/after), the gap to the others
# afterwards (pilot vs others), and the difference-in-differences (DiD; for growth a relative
# change, the same figure `did_estimate` gives).

# %% [markdown] lang="zh"
# ## 2. 四维评估
# 原书的四个维度（6.3）：客户满意度、业务增长（存款、贷款、中间业务收入）、风险控制（不良贷款率）和
# 客户流失。每个指标给出：试点客户自身的变化（前后对比）、试点后与其他客户的差距（试点对其他）、以及
# 双重差分（业务增长为相对变化，与 `did_estimate` 的结果相同）。

# %%
lenses = four_lens(book, lang)
shown = lenses.assign(
    metric=[case_claims_6.metric_label(m, lang) for m in lenses["metric"]],
    unit=[case_claims_6.unit_label(u, lang) for u in lenses["unit"]],
)
glossary.display(shown.set_index(["lens", "metric"]), lang).round(3)

# %%
fig, axes = plt.subplots(2, 3, figsize=(10, 5.5))
for ax, r in zip(axes.flat, lenses.itertuples(), strict=True):
    ax.plot([0, 1], [r.pilot_before, r.pilot_after], marker="o", label=T("pilot"))
    ax.plot([0, 1], [r.others_before, r.others_after], marker="o", label=T("others"))
    ax.set_xticks([0, 1], [T("before"), T("after")])
    ax.set_title(f"{r.lens} · {case_claims_6.metric_label(r.metric, lang)}", fontsize=9)
axes.flat[0].legend(fontsize=8)
fig.suptitle("四个维度：试点前后" if zh else "The four lenses, before and after the pilot")
plt.tight_layout()
plt.show()

# %%
p = book.panel.assign(pilot=book.panel["client_id"].map(o["pilot"]))
stay = p.groupby("client_id")["month"].count() == p["month"].nunique()
p = p[p["client_id"].isin(stay[stay].index)]
trend = (
    p.groupby(["month", "pilot"])["deposit_avg"]
    .apply(lambda s: np.exp(np.log(s.clip(lower=0.01)).mean()))
    .unstack()
)
trend = trend / trend.iloc[0]
ax = trend.set_axis(["其他客户", "试点客户"] if zh else ["others", "pilot"], axis=1).plot(
    figsize=(7, 3.5)
)
ax.axvline(list(trend.index).index(start), color="grey", linestyle="--")
ax.set_ylabel(T("deposit_avg") + ("（首月＝1）" if zh else " (first month = 1)"))
ax.set_xlabel(T("month"))
ax.set_title("试点前后存款走势" if zh else "Deposits before and after the pilot")
plt.tight_layout()
plt.show()

# %% [markdown] lang="en"
# ## 3. The estimate, judged against the truth
# casekit knows the effect the simulator built in. Compare three estimates of the pilot's
# effect on the chosen metric: the pilot's own before/after, the gap to the others, and DiD.

# %% [markdown] lang="zh"
# ## 3. 估计值与真实效果对照
# casekit 知道模拟器设定的真实效果。比较三种估计：试点客户自身前后对比、与其他客户的差距、双重差分。

# %%
row = lenses.set_index("metric").loc[metric]
estimates = {
    ("前后对比" if zh else "before/after"): row["before_after"],
    ("试点对其他" if zh else "pilot vs others"): row["pilot_vs_others"],
    ("双重差分" if zh else "difference-in-differences"): did_estimate(book, metric, lang),
}
if metric == "nps":  # the four-lens table shows NPS points; the effect is on the 0-10 answers
    estimates = {
        k: v / 100 * 10 if k != ("双重差分" if zh else "difference-in-differences") else v
        for k, v in estimates.items()
    }
for name, value in estimates.items():
    colon = "：" if zh else ": "
    print(f"{name:>28}{colon}{score_effect(value, book, metric, lang=lang).summary(lang)}")
did_score = score_effect(
    estimates["双重差分" if zh else "difference-in-differences"], book, metric, lang=lang
)
narrative.show(
    (
        case_claims.NAIVE_VERDICT,
        case_claims.RISK_LENS,
        case_claims_6.NPS_LENS,
        case_claims_6.CHURN_LENS,
        case_claims_6.OVERALL,
    ),
    case_claims.effect_figures(lenses, metric, did_score.estimate, did_score.truth)
    | case_claims_6.lens_figures(lenses, int(o["pilot"].sum())),
    lang,
)

# %% [markdown] lang="en"
# ## 4. Try it: another metric

# %% [markdown] lang="zh"
# ## 4. 动手试试：换一个指标

# %%
import ipywidgets as widgets
from IPython.display import display

choice = widgets.Dropdown(
    options=[(case_claims_6.metric_label(m, lang), m) for m in ("deposits", "fee_income", "nps")],
    value=metric,
    description="指标" if zh else "Metric",
)
out = widgets.Output()


def show(change=None) -> None:
    est = did_estimate(book, choice.value, lang)
    with out:
        out.clear_output()
        # The estimate only: the true effect is what the exercise asks a trainee to estimate.
        print(
            f"双重差分估计：{est:+.3f}" if zh else f"difference-in-differences estimate: {est:+.3f}"
        )


choice.observe(show, names="value")
show()
display(widgets.VBox([choice, out]))

# %%
casework.record(
    metric=metric,
    did=did_score.estimate,
    truth=did_score.truth,
    error=did_score.error,
    naive_gap=float(row["pilot_vs_others"]),
)

# %% [markdown] lang="en"
# ## What a good relationship manager does next
# - Report the DiD estimate, with the naive numbers beside it and why they differ.
# - Next time, pick pilot clients at random within each tier, or keep a matched control group.
# - Keep all four lenses in view: growth bought with risk or churn is not success.
#
# **Discussion**
# 1. Why did the before/after comparison come out as it did here (section 3), and would it on another bank?
# 2. What would make the DiD estimate wrong (hint: parallel trends)?
# 3. Which lens would head office care about most, and which would the client?

# %% [markdown] lang="zh"
# ## 优秀的客户经理接下来会做什么
# - 汇报双重差分估计，同时列出朴素对比的结果并说明差异原因。
# - 下次试点，在各层级内随机挑选客户，或保留匹配的对照组。
# - 四个维度都要看：以风险或流失换来的增长不算成功。
#
# **讨论题**
# 1. 本例中前后对比为何得出这样的结果（见第 3 节）？换一家银行还会这样吗？
# 2. 什么情况会让双重差分估计出错？（提示：平行趋势）
# 3. 总行最关心哪个维度？客户最关心哪个维度？
