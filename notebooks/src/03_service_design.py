# %% [markdown] lang="en"
# # Case 3 · Service design (服务方案设计)
#
# **The situation.** Clients tell their RMs the bank is slow, and RMs say they have no time to
# sell. The branch head asks you for three things: where the request process gets stuck, a
# tailored service plan for a segment, and a coverage model that fits the RMs' hours. What the
# clients complain about most is measured on your bank below.
#
# **The method (seed book 3.3, 4.3, 4.4).** Tailored service plans; response mechanisms and
# service levels; find and fix process bottlenecks with data; tiered coverage (客户分层): dedicated
# teams for key clients, standard service for the rest.
#
# **By the end you can** find a bottleneck from timestamps, measure service-level breaches, and
# build a plan whose revenue, expected loss, RAROC and RM hours you can defend.

# %% [markdown] lang="zh"
# # 案例三 · 服务方案设计
#
# **业务情境。** 客户向客户经理反映本行办事慢，客户经理则说没有时间营销。行长要你拿出三样东西：
# 请求流程卡在哪里；为一个客户群量身定制的服务方案；与客户经理工时相匹配的分层覆盖模式。客户抱怨
# 最多的是什么，下面在你的银行上测算。
#
# **方法（原书 3.3、4.3、4.4）。** 定制化服务方案；服务响应机制与服务时效；用数据识别并优化流程
# 瓶颈；客户分层管理：重点客户配置专属服务团队，一般客户标准化服务。
#
# **学完本案例，你能够** 从时间戳中找出瓶颈、度量服务时效达标情况，并构建一个收入、预期损失、
# RAROC 和客户经理工时都经得起推敲的方案。

# %% tags=["parameters"]
seed: int = 42  # random seed of the simulated bank
scenario: str = "national_branch"  # national_branch, city_commercial or rural
lang: str = "en"  # language of labels and messages: en or zh
client_id: str = "C00042"  # a client whose plan to look at
bank_clients: int = 2000  # clients in the simulated bank (at least 50; default 2000)
redesign_cut: float = 0.5  # share of the bottleneck stage's time a redesign removes (0 to 1)
segment: str = "key"  # tier the plan is for: strategic, key or general

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from casekit import case_claims, case_claims_3, casework, glossary, narrative, plotting
from casekit import catalog as cat
from casekit.errors import BadParameter
from casekit.evaluate import evaluate_plan
from casekit.evaluate import redesign as rd
from casekit.evaluate.service import COVERAGE

plotting.setup(lang)
book = casework.open_book(seed, scenario, lang, clients=bank_clients)
client_id = casework.check_client(book, client_id, lang)
zh = lang == "zh"
T = lambda key: glossary.term(key, lang)  # noqa: E731 - one name per concept, in this language
if not 0 <= redesign_cut <= 1:
    raise BadParameter(
        f"redesign_cut={redesign_cut!r}：请填 0 到 1 之间的比例，如 0.5"
        if zh
        else f"redesign_cut={redesign_cut!r}: set a share from 0 to 1, e.g. 0.5"
    )
figures = case_claims.service_figures(book, lang)
narrative.show((case_claims.SERVICE_PREMISE,), figures, lang)

# %% [markdown] lang="en"
# ## 1. Where does the process get stuck?
# Each request records when it was accepted (受理) and when review (审核), approval (审批) and
# processing (办理) ended. The bottleneck is the stage where a typical request waits longest:
# compare the medians. The table shows the mean too, to see how a few stuck requests mislead it.

# %% [markdown] lang="zh"
# ## 1. 流程卡在哪里？
# 每笔请求都记录了受理时间，以及审核、审批、办理各环节的完成时间。一笔普通请求等得最久的环节就是
# 瓶颈：比较中位数。表中也列出平均值，看看少数卡住的请求如何误导它。

# %%
r = book.service_requests
stages = {
    "reviewed": ("accepted_at", "reviewed_at"),
    "approved": ("reviewed_at", "approved_at"),
    "processed": ("approved_at", "processed_at"),
}
hours = pd.DataFrame({s: (r[b] - r[a]).dt.total_seconds() / 3600 for s, (a, b) in stages.items()})
summary = hours.describe(percentiles=[0.5, 0.9]).T[["50%", "90%", "mean"]]
summary.index = [cat.label("stage", s, lang) for s in summary.index]
bottleneck = hours.median().idxmax()
ax = (
    hours.set_axis([cat.label("stage", s, lang) for s in hours.columns], axis=1)
    .clip(upper=200)
    .plot.box(figsize=(7, 3.5))
)
ax.set_ylabel("小时" if zh else "hours")
ax.set_title("各环节耗时" if zh else "Hours spent in each stage")
plt.tight_layout()
plt.show()
narrative.show((case_claims.BOTTLENECK, case_claims_3.MEAN_OR_MEDIAN), figures, lang)
glossary.display(summary.set_axis([T("median_h"), T("p90_h"), T("mean_h")], axis=1), lang).round(1)

# %%
r = r.assign(turnaround=(r["processed_at"] - r["accepted_at"]).dt.total_seconds() / 3600)
r = r.assign(breach=r["turnaround"] > r["sla_hours"])
by_type = r.groupby("request_type", observed=True).agg(
    requests=("breach", "size"),
    breach_rate=("breach", "mean"),
    median_hours=("turnaround", "median"),
    sla=("sla_hours", "first"),
)
print(
    ("服务时效未达标比例：" if zh else "Share of requests over their service level: ")
    + f"{r['breach'].mean():.1%}"
)
glossary.display(by_type.rename_axis("request_type"), lang).round(2)

# %% [markdown] lang="en"
# ## 2. Service levels per tier (seed book 4.4)
# Tiered management promises the higher tiers more: are their requests actually handled better,
# and are they called back (回访) more often?

# %% [markdown] lang="zh"
# ## 2. 各层级的服务水平（原书 4.4）
# 分层管理承诺给较高层级更好的服务：它们的请求真的办得更好、回访得更多吗？

# %%
req = rd.requests_with_hours(book)
tiers = rd.by_tier(req)
narrative.show((case_claims_3.TIER_SERVICE,), case_claims_3.tier_figures(tiers), lang)
glossary.display(tiers.rename_axis("tier"), lang).round(2)

# %% [markdown] lang="en"
# ## 3. A process redesign, before and after (seed book 4.3)
# Replay every recorded request as if the bottleneck stage had taken `redesign_cut` less of its
# time (pre-approval, parallel review, more approval authority at the branch), the other stages
# unchanged, and compare the service levels before and after.

# %% [markdown] lang="zh"
# ## 3. 流程优化前后对比（原书 4.3）
# 把每笔已记录的请求重放一遍，假设瓶颈环节的耗时减少 `redesign_cut`（预审批、并行审核、下放审批
# 权限），其他环节不变，比较优化前后的服务时效达标情况。

# %%
stage = figures["bottleneck"]
after = rd.redesign(req, stage, redesign_cut)
ba = rd.before_after(req, after)
ax = (
    ba[["breach_before", "breach_after"]]
    .set_axis([cat.label("request_type", t, lang) for t in ba.index])
    .set_axis(["优化前" if zh else "before", "优化后" if zh else "after"], axis=1)
    .plot.barh(figsize=(7, 3.5))
)
ax.invert_yaxis()
ax.set_xlabel(T("breach_rate"))
ax.set_title(
    f"{cat.label('stage', stage, lang)}环节耗时减少 {redesign_cut:.0%} 之后"
    if zh
    else f"With {redesign_cut:.0%} less time in {cat.label('stage', stage, lang)}"
)
plt.tight_layout()
plt.show()
narrative.show(
    (case_claims_3.REDESIGN,),
    case_claims_3.redesign_figures(ba, req, after, stage, redesign_cut, lang),
    lang,
)
glossary.display(ba.rename_axis("request_type"), lang).round(2)

# %% [markdown] lang="en"
# ## 4. The feedback loop: follow-up calls and the survey's facets (seed book 3.3)
# Feedback closes the loop only if it changes something. Compare the recommend score (0–10) of
# surveyed clients whose requests were on time, late and called back, or late and not called
# back; and see which facet of the survey moves with the score.

# %% [markdown] lang="zh"
# ## 4. 反馈闭环：回访与满意度各维度（原书 3.3）
# 只有反馈带来改变，闭环才算闭合。比较参与调查的客户在三种情况下的推荐意愿得分（0–10）：请求按时
# 办结、超时但有回访、超时且没有回访；再看调查的哪个维度与得分关系最密切。

# %%
fb = case_claims_3.feedback_figures(rd.feedback(book, req), lang)
scores = pd.Series(
    [fb["score_clean"], fb["score_followed"], fb["score_unfollowed"]],
    index=(
        ["按时办结", "超时、有回访", "超时、无回访"]
        if zh
        else ["on time", "late, called back", "late, not called back"]
    ),
    name=T("score"),
)
narrative.show((case_claims_3.FEEDBACK,), fb, lang)
scores.round(2).to_frame()

# %% [markdown] lang="en"
# ## 5. A tailored plan for one client
# Offer each open need its product. casekit values each offer with the simulator's truth:
# take-up, revenue, RM time, expected loss (PD × LGD × exposure) and capital.

# %% [markdown] lang="zh"
# ## 5. 为单个客户量身定制方案
# 为每个未满足的需求匹配产品。casekit 用模拟器的真实数据为每个方案项估值：接受概率、收入、
# 客户经理工时、预期损失（违约概率 × 违约损失率 × 敞口）和经济资本。

# %%
held = book.holdings[book.holdings["end_month"].isna()]
panel = book.panel[book.panel["month"].isin(sorted(book.panel["month"].unique())[-12:])]
per = panel.groupby("client_id").agg(
    overdraft=("overdraft_days", "sum"),
    fx=("fx_inflow", "sum"),
    salary_other=("salary_transfer_other_bank", "sum"),
    counter=("counter_txn", "sum"),
    online=("online_txn", "sum"),
    deposit=("deposit_avg", "mean"),
    outflow=("outflow", "mean"),
)
owns = set(zip(held["client_id"], held["product"].astype(str), strict=True))


def offers_for(ids) -> pd.DataFrame:
    """One offer per need the data shows, for products the client does not hold yet."""
    p = per.reindex(ids, fill_value=0)
    staff = book.clients.set_index("client_id")["staff"].reindex(ids)
    rules = {
        "working_capital_loan": p["overdraft"] >= 12,
        "fx_forward": p["fx"] > 300,
        "payroll_service": (staff >= 50) & (p["salary_other"] > 0),
        "online_banking": p["counter"] > p["online"],
        "structured_deposit": p["deposit"] > 3 * p["outflow"],
    }
    rows = [
        (c, prod) for prod, hit in rules.items() for c in hit[hit].index if (c, prod) not in owns
    ]
    return pd.DataFrame(rows, columns=["client_id", "product"])


one = evaluate_plan(offers_for([client_id]), book, clients=[client_id], lang=lang)
print(one.summary(lang))
offers = one.offers[["product", "need", "revenue", "cost", "expected_loss", "net"]]
if offers.empty:
    print(
        f"{client_id} 没有数据能显示的未满足需求：换一位客户（参数 client_id）。"
        if zh
        else f"{client_id} has no open need the data shows: try another client (parameter client_id)."
    )
else:
    display(glossary.display(offers.rename(columns={"revenue": "offer_revenue"}), lang).round(2))

# %% [markdown] lang="en"
# ## 6. A plan for the segment, with tiered coverage
# Offers for every client of the segment, and a coverage model: a dedicated team for strategic
# clients, an RM for key clients, digital service with an RM on call for the rest. The score
# compares the plan with the best plan the simulator knows (1.0) and with a product push.

# %% [markdown] lang="zh"
# ## 6. 客户群方案与分层覆盖
# 为该层级的每位客户配置方案，并设定覆盖模式：战略客户配专属团队，重点客户配客户经理，其余客户以
# 线上服务为主、客户经理随时响应。得分把本方案与模拟器已知的最优方案（1.0）以及“推销式”做法对比。

# %%
ids = book.clients.loc[book.clients["tier"] == segment, "client_id"].tolist()
coverage_of = {"strategic": "dedicated", "key": "standard", "general": "digital"}
tier = book.clients.set_index("client_id")["tier"].astype(str)
coverage = {c: coverage_of[tier[c]] for c in ids}
plan = offers_for(ids)
result = evaluate_plan(plan, book, clients=ids, coverage=coverage, lang=lang)
print(result.summary(lang))
compare = pd.DataFrame(
    {"net": [result.baseline_net, result.net, result.best_net]},
    index=[
        "推销式" if zh else "product push",
        "本方案" if zh else "this plan",
        "最优方案" if zh else "best plan",
    ],
)
ax = compare["net"].plot.bar(figsize=(6, 3), rot=0)
ax.set_ylabel("万元 / 年" if zh else "万元 a year")
ax.set_title("方案净收益对比" if zh else "Net value of the plans")
plt.tight_layout()
plt.show()
narrative.show((case_claims.PLAN_VERDICT,), {"raroc": result.raroc}, lang)

# %% [markdown] lang="en"
# ## 7. Try it: the plan builder
# Choose which products to offer and the coverage for the segment; the evaluation updates.

# %% [markdown] lang="zh"
# ## 7. 动手试试：方案构建器
# 选择要提供的产品和该客户群的覆盖模式，评估结果随之更新。

# %%
import ipywidgets as widgets

products = sorted(plan["product"].unique())
boxes = [widgets.Checkbox(value=True, description=cat.label("product", p, lang)) for p in products]
cover = widgets.Dropdown(
    options=list(COVERAGE), value=coverage_of[segment], description="覆盖" if zh else "Coverage"
)
out = widgets.Output()


def rescore(change=None) -> None:
    chosen = [p for p, b in zip(products, boxes, strict=True) if b.value]
    s = evaluate_plan(
        plan[plan["product"].isin(chosen)],
        book,
        clients=ids,
        coverage={c: cover.value for c in ids},
        lang=lang,
    )
    with out:
        out.clear_output()
        print(s.summary(lang))


for w in [*boxes, cover]:
    w.observe(rescore, names="value")
rescore()
display(widgets.VBox([*boxes, cover, out]))

# %%
casework.record(
    bottleneck=bottleneck,
    breach_after=float(after["breach"].mean()),
    breach_rate=float(r["breach"].mean()),
    plan_score=result.score,
    plan_raroc=result.raroc,
    rm_hours=result.rm_hours,
    rm_capacity=result.rm_capacity,
)

# %% [markdown] lang="en"
# ## What a good relationship manager does next
# - Take the bottleneck to the process owner with numbers: median and 90th-percentile hours.
# - Chase the requests stuck waiting on the client's documents one by one: they distort the mean,
#   and a redesign of the process does not reach them.
# - Offer by need, not by product quota; check the RM hours before promising coverage.
# - Agree service levels with key clients and report breaches back to them.
#
# **Discussion**
# 1. Would you fix the bottleneck by adding staff, changing approval authority, or pre-approval?
# 2. Which clients would you move from an RM to digital coverage, and what would you lose?
# 3. Why can a plan with more revenue have a lower RAROC?

# %% [markdown] lang="zh"
# ## 优秀的客户经理接下来会做什么
# - 带着数据（中位数和第 90 百分位耗时）去找流程负责人解决瓶颈。
# - 对卡在等客户补充材料的申请逐笔催办：它们扭曲了平均值，流程再造也触及不到它们。
# - 按需求而非按产品指标配置方案；承诺覆盖前先核算客户经理工时。
# - 与重点客户约定服务时效，并主动反馈未达标情况。
#
# **讨论题**
# 1. 解决瓶颈，你会增加人手、调整审批权限，还是推行预审批？
# 2. 哪些客户可以从客户经理覆盖转为线上服务？会失去什么？
# 3. 为什么收入更高的方案，RAROC 反而可能更低？
