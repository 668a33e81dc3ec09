# %% [markdown] lang="en"
# # Case 8 · Keeping and deepening a client (维护与提升)
#
# **The situation.** Winning a client is the start. The branch keeps it by handling its
# complaints in time, calling back after service, offering more than products, agreeing the
# relationship on paper with the clients that matter most, and growing the promising ones into
# the next tier. How well does this bank do each, and where would an RM's hours count most?
#
# **The method (seed book 4.4, 3.3, 3.1).** Know the client's needs and keep them current;
# manage clients by tier; sign a bank-enterprise cooperation agreement (银企合作协议) with key
# clients; provide value-added services (financial advice, market information, industry
# analysis); call back regularly and handle complaints promptly.
#
# **By the end you can** measure complaint handling against the 15/30-day rule and what it did
# to loyalty, design a 回访 programme and score it, match value-added services to needs, draft
# the terms of an agreement for one key client, and find the clients within reach of the next
# tier.

# %% [markdown] lang="zh"
# # 案例八 · 客户关系的维护与提升
#
# **业务情境。** 拿下客户只是开始。要留住客户，分行需要按时处理投诉、服务后及时回访、提供产品之外的
# 价值、与最重要的客户以书面形式约定合作，并把有潜力的客户培育到更高层级。本行每一项做得怎样？客户
# 经理的时间花在哪里最值？
#
# **方法（原书 4.4、3.3、3.1）。** 持续了解客户需求；分层管理客户；与重点客户签订银企合作协议；提供
# 财务咨询、市场资讯、行业分析等增值服务；定期回访，及时妥善处理投诉。
#
# **学完本案例，你能够** 对照 15/30 日规定衡量投诉处理及其对忠诚度的影响，设计并检验回访方案，把增值
# 服务与客户需求对应起来，为一位重点客户起草合作协议条款，并找出有望升级的客户。

# %% tags=["parameters"]
seed: int = 42  # random seed of the simulated bank
scenario: str = "national_branch"  # national_branch, city_commercial or rural
lang: str = "en"  # language of labels and messages: en or zh
client_id: str = "C00042"  # a key client to draft the agreement for (else one the data picks)

# %%
import matplotlib.pyplot as plt
import pandas as pd

from casekit import case_keep, casework, narrative, plotting
from casekit import catalog as cat
from casekit.evaluate import score_needs
from casekit.evaluate.keeping import CALLS, first_year_income, score_callbacks

plotting.setup(lang)
book = casework.open_book(seed, scenario, lang)
client_id = casework.check_client(book, client_id, lang)
zh = lang == "zh"
f_complaints = case_keep.complaint_figures(book)
narrative.show((case_keep.COMPLAINT_RULE,), f_complaints, lang)

# %% [markdown] lang="en"
# ## 1. Complaints against the 15/30-day rule
# A complaint must be resolved within 15 days, or within 30 with an approved extension. How
# long did this bank's complaints take?

# %% [markdown] lang="zh"
# ## 1. 对照 15/30 日规定看投诉处理
# 投诉须在 15 日内办结，经批准延期的不超过 30 日。本行的投诉处理用了多长时间？

# %%
complaints = case_keep.complaint_table(book)
ax = complaints["days"].plot.hist(bins=range(0, 62, 2), figsize=(6, 3), color="tab:blue")
for limit in (15, 30):
    ax.axvline(limit, color="red", linestyle="--")
ax.set_xlabel("受理至办结天数" if zh else "days from opening to resolution")
ax.set_ylabel("投诉数" if zh else "complaints")
ax.set_title(
    "投诉办结时间（红线：15 日与 30 日）" if zh else "Days to resolve (red: 15 and 30 days)"
)
plt.tight_layout()
plt.show()
summary = pd.Series(
    {
        ("投诉总数" if zh else "complaints"): len(complaints),
        ("15 日内办结" if zh else "resolved within 15 days"): (complaints["days"] <= 15).sum(),
        ("经延期、30 日内办结" if zh else "extended, within 30 days"): (
            complaints["extended"] & complaints["days"].between(16, 30)
        ).sum(),
        ("超出规定" if zh else "outside the rule"): (~complaints["in_rule"]).sum(),
    }
)
summary

# %% [markdown] lang="en"
# ## 2. What complaints did to loyalty
# Compare the clients who never complained, those whose complaints all kept the rule, and those
# with one outside it: how many left, fully or partly, during the book?

# %% [markdown] lang="zh"
# ## 2. 投诉对忠诚度的影响
# 比较从未投诉的客户、投诉都按规定办结的客户，以及有投诉超出规定的客户：此期间各有多少流失（完全或
# 部分）？

# %%
groups = case_keep.handling_groups(book)
left = book.outcomes.set_index("client_id")["churn_status"].astype(str).ne("active")
by_group = left.reindex(groups.index).groupby(groups).agg(["size", "mean"])
names = {
    "none": "从未投诉" if zh else "never complained",
    "in_rule": "按规定办结" if zh else "all within the rule",
    "broke_rule": "超出规定" if zh else "one outside the rule",
}
by_group = by_group.reindex([g for g in names if g in by_group.index])
by_group.index = [names[g] for g in by_group.index]
by_group.columns = ["客户数" if zh else "clients", "流失率" if zh else "left"]
ax = by_group.iloc[:, 1].plot.bar(figsize=(5, 3), rot=0, color="tab:orange")
ax.set_ylabel("此期间流失的比例" if zh else "share that left during the book")
ax.set_title("投诉与流失" if zh else "Complaints and leaving")
plt.tight_layout()
plt.show()
narrative.show((case_keep.COMPLAINT_LOYALTY, case_keep.BROKE_RULE), f_complaints, lang)
by_group.round(3)

# %% [markdown] lang="en"
# ## 3. The 回访 call-back programme
# Each request can end with a 回访 call (the service_requests table records when). Are the
# calls aimed at the clients who were let down? Then design a programme: this quarter the team
# can make a limited number of good call-backs. Rank the clients by what they earn the bank,
# weighted by the first year's signs of trouble (breaches, complaints, a low NPS, a small firm's
# fragility), and see — against the truth — how much of the income at risk the list reaches.

# %% [markdown] lang="zh"
# ## 3. 回访方案
# 每个服务请求都可以以一次回访结束（service_requests 表记录了回访时间）。回访打给受了委屈的客户了吗？
# 然后设计一个方案：本季度团队能做的高质量回访有限。按客户给银行带来的收入排序，并按第一年出现问题的
# 迹象（超时、投诉、低 NPS、小企业更脆弱）加权，再对照真实情况看名单覆盖了多少风险收入。

# %%
narrative.show((case_keep.FOLLOW_UP,), case_keep.followup_figures(book), lang)
calls = min(CALLS, len(book.clients) // 10)
signals = case_keep.callback_list(book, calls)
largest = first_year_income(book).nlargest(calls).index
by_signals, by_income = (
    score_callbacks(book, list(signals), lang),
    score_callbacks(book, list(largest), lang),
)
f_callback = {
    "calls": calls,
    "signals_share": by_signals.share_of_best,
    "signals_lift": by_signals.lift,
    "income_share": by_income.share_of_best,
}
reached = pd.Series(
    [by_signals.random, by_income.reached, by_signals.reached, by_signals.best],
    index=(
        ["随机名单", "只按收入", "收入×问题迹象", "最优(已知真相)"]
        if zh
        else ["random", "income only", "income × trouble", "best (knowing the truth)"]
    ),
)
ax = reached.plot.barh(figsize=(6, 2.8), color=["grey", "tab:orange", "tab:blue", "tab:green"])
ax.invert_yaxis()
ax.set_xlabel("覆盖的风险收入(万元/年)" if zh else "income at risk reached, 万元 a year")
ax.set_title(f"{calls} 户回访名单" if zh else f"A call-back list of {calls} clients")
plt.tight_layout()
plt.show()
narrative.show((case_keep.CALLBACK,), f_callback, lang)

# %% [markdown] lang="en"
# ## 4. Value-added services matched to needs
# For the strategic and key clients, read last year's call notes for the needs they point to,
# and match each need with the value-added service that answers it beyond a product. Then
# check the notes against the truth: how many of the needs they point to are real?

# %% [markdown] lang="zh"
# ## 4. 把增值服务与需求对应起来
# 对战略客户和重点客户，从去年的拜访纪要中读出所指向的需求，并为每项需求配上产品之外的相应增值服务。
# 再对照真实情况检验：纪要指向的需求有多少是真实的？

# %%
tier = book.clients.set_index("client_id")["tier"].astype(str)
top_clients = tier.index[tier.isin(["strategic", "key"])]
heard = case_keep.heard_needs(book, top_clients, lang)
check = score_needs(heard, book, clients=top_clients, lang=lang) if len(heard) else None
f_services = {"heard": len(heard), "precision": check.precision if check else float("nan")}
counts = heard["need"].value_counts()
offer = pd.DataFrame(
    {
        ("需求" if zh else "need"): [cat.label("need", n, lang) for n in counts.index],
        ("增值服务" if zh else "value-added service"): [
            case_keep.VALUE_ADDED[n][0 if zh else 1] for n in counts.index
        ],
        ("客户数" if zh else "clients"): counts.to_numpy(),
    }
)
narrative.show((case_keep.SERVICES,), f_services, lang)
offer

# %% [markdown] lang="en"
# ## 5. A bank-enterprise cooperation agreement (银企合作协议) for one key client
# An agreement states what each side commits. The bank: a credit line, a dedicated team and a
# response time, the value-added services its needs call for. The client: its main settlement
# flows, its payroll, its deposits. Start from how much of its business already runs through
# our accounts (its share of wallet, first-year inflows over revenue).

# %% [markdown] lang="zh"
# ## 5. 为一位重点客户起草银企合作协议
# 协议写明双方的承诺。银行：授信额度、专属服务团队和响应时限，以及客户需求所对应的增值服务。客户：
# 主要结算资金、代发工资、存款。先看它已有多少业务经过我行账户（资金份额：第一年流入除以营业收入）。

# %%
share = case_keep.flow_share(book)
income = first_year_income(book)
if tier.get(client_id) in ("strategic", "key"):
    party = client_id
else:
    peers = share[top_clients]
    below = peers[peers < peers.median()].index
    party = income[below].idxmax() if len(below) else income[top_clients].idxmax()
f_agree = case_keep.agreement_figures(book, party)
holds = book.holdings[(book.holdings["client_id"] == party) & book.holdings["end_month"].isna()]
credit = holds[holds["product"].map({p.code: p.family for p in cat.PRODUCTS}) == "credit"][
    "amount"
].sum()
needs = heard.loc[heard["client_id"] == party, "need"].tolist()
terms = pd.DataFrame(
    {
        ("银行承诺" if zh else "the bank commits"): [
            (
                f"授信额度 {credit * 1.2:,.0f} 万元（现有 {credit:,.0f} 万元的 1.2 倍）"
                if zh
                else f"a credit line of {credit * 1.2:,.0f} 万元 (1.2× today's {credit:,.0f})"
            ),
            ("专属服务团队，4 小时响应" if zh else "a dedicated team, 4-hour response"),
            ("；" if zh else "; ").join(case_keep.need_label(n, lang) for n in needs)
            or ("按季度走访了解需求" if zh else "a quarterly needs review"),
        ],
        ("客户承诺" if zh else "the client commits"): [
            (
                f"结算资金份额由 {f_agree['share_now']:.0%} 提高到 {f_agree['share_target']:.0%}"
                if zh
                else f"settlement flows from {f_agree['share_now']:.0%} to {f_agree['share_target']:.0%} of revenue"
            ),
            ("工资由我行代发" if zh else "payroll paid through us"),
            ("日均存款随结算资金同步增长" if zh else "daily deposits growing with the flows"),
        ],
    }
)
print(party, book.clients.set_index("client_id").loc[party, "name_zh" if zh else "name_en"])
narrative.show((case_keep.AGREEMENT,), f_agree, lang)
terms

# %% [markdown] lang="en"
# ## 6. The upgrade path: from general to key
# Tiers follow the overall contribution (综合贡献度): income less the expected loss of the
# loans and the cost of the capital they use. The key tier's typical client (its median
# first-year contribution) sets the bar. Which general clients have at least half of it, and —
# from the truth — would serving the needs no product of ours serves yet lift them over it?

# %% [markdown] lang="zh"
# ## 6. 升级之路：从一般客户到重点客户
# 客户分层依据综合贡献度：收入扣除贷款的预期损失和所占用资本的成本。以重点客户的一般水平（第一年综合
# 贡献度的中位数）为门槛。哪些一般客户已达门槛的一半？对照真实情况：满足它们尚未由我行产品满足的需求，
# 能否让它们跨过门槛？

# %%
upgrade = case_keep.upgrade_table(book)
f_upgrade = case_keep.upgrade_figures(book)
top = upgrade.head(12)
ax = (
    top[["contribution", "unmet_value"]]
    .set_axis(
        ["第一年综合贡献度", "未满足需求的价值"]
        if zh
        else ["first-year contribution", "value of unmet needs"],
        axis=1,
    )
    .plot.barh(stacked=True, figsize=(6.5, 0.32 * len(top) + 1.5))
)
ax.axvline(f_upgrade["bar"], color="red", linestyle="--")
ax.invert_yaxis()
ax.set_ylabel("客户" if zh else "client")
ax.set_xlabel("万元/年" if zh else "万元 a year")
ax.set_title(
    "最接近重点客户门槛(红线)的一般客户"
    if zh
    else "General clients nearest the key tier's bar (red)"
)
plt.tight_layout()
plt.show()
narrative.show((case_keep.UPGRADE,), f_upgrade, lang)

# %% [markdown] lang="en"
# ## 7. Try it: read a client's service record before the call-back

# %% [markdown] lang="zh"
# ## 7. 动手试试：回访前读一读客户的服务记录

# %%
import ipywidgets as widgets
from IPython.display import display

picker = widgets.Dropdown(options=list(signals[:40]), description="客户" if zh else "Client")
out = widgets.Output()


def show(change=None) -> None:
    v = casework.client_360(book, picker.value)
    with out:
        out.clear_output()
        print(
            picker.value,
            cat.label("tier", tier[picker.value], lang),
            f"{income[picker.value]:,.1f}",
        )
        mine = complaints[complaints["client_id"] == picker.value]
        for row in mine.itertuples():
            print(
                ("  投诉：" if zh else "  complaint: ") + f"{row.days} " + ("天" if zh else "days")
            )
        note = "note_zh" if zh else "note_en"
        for row in v["contacts"].tail(3).itertuples():
            print(f"  {row.date:%Y-%m-%d} {getattr(row, note)}")


picker.observe(show, names="value")
show()
display(widgets.VBox([picker, out]))

# %%
casework.record(
    complaints=f_complaints["complaints"],
    in_rule=f_complaints["in_rule"],
    callback_share=by_signals.share_of_best,
    callback_lift=by_signals.lift,
    agreement_client=party,
    near_key=f_upgrade["near"],
)

# %% [markdown] lang="en"
# ## What a good relationship manager does next
# - Treat every complaint as a warning, not a ticket: close it within the rule, then call back.
# - Aim the 回访 calls: the valuable clients who were let down first, not whoever is next.
# - Bring one value-added service to each key client this quarter, matched to a need the client
#   raised; confirm the need before preparing it.
# - Put the relationship with the clients that matter most on paper, and write an upgrade plan
#   for the general clients within reach of the next tier.
#
# **Discussion**
# 1. Why does a complaint handled within the rule still cost loyalty?
# 2. What would you ask of the client in the agreement above, and what would you refuse to commit?
# 3. Which value-added service could your branch really deliver, and which would be a promise it
#    cannot keep?

# %% [markdown] lang="zh"
# ## 优秀的客户经理接下来会做什么
# - 把每一次投诉当作预警信号，而不只是一张工单：按规定时限办结，然后回访。
# - 让回访有针对性：先打给受了委屈的高价值客户，而不是按顺序打。
# - 本季度为每位重点客户提供一项与其提出的需求对应的增值服务；准备之前先确认需求。
# - 与最重要的客户以书面形式约定合作，并为有望升级的一般客户写好升级计划。
#
# **讨论题**
# 1. 为什么按规定时限办结的投诉仍然会损害忠诚度？
# 2. 在上面的协议中，你会要求客户承诺什么？哪些承诺银行不应该做？
# 3. 哪些增值服务你的分行真正做得到？哪些是做不到的承诺？
