# %% [markdown] lang="en"
# # Case 1 · Portfolio tour and client 360
#
# **The situation.** You have just taken over the corporate book of a branch. Before your first
# client visit, your team lead asks two questions: *where does this book's value sit* (tiers,
# concentration, industries), and *what do we really know about one client* — its holdings,
# flows, group, rating and history of contacts?
#
# **The method (seed book 2.1, 5.1).** Client information management is the base of everything
# else: basic data, transactions and risk rating gathered into one complete profile, kept in the
# CRM and read before every contact.
#
# **By the end you can** summarise a book by tier and concentration, and read a client 360.

# %% [markdown] lang="zh"
# # 案例一 · 业务概览与客户360视图
#
# **业务情境。** 你刚接手一家分行的对公客户组合。第一次拜访客户之前，团队负责人问你两个问题：
# *这个组合的价值集中在哪里*（客户分层、集中度、行业分布）？*我们对某一个客户究竟了解多少*——
# 持有的产品、资金往来、所属集团、内部评级和历次接触记录？
#
# **方法（原书 2.1、5.1）。** 客户信息管理是一切工作的基础：把基本信息、交易记录、风险评级等数据
# 汇集成一份完整的客户档案，沉淀在客户关系管理系统中，每次接触客户前先读档案。
#
# **学完本案例，你能够** 按客户分层和集中度概括一个业务组合，并读懂一份客户360视图。

# %% tags=["parameters"]
seed: int = 42  # random seed of the simulated bank
scenario: str = "national_branch"  # national_branch, city_commercial or rural
lang: str = "en"  # language of labels and messages: en or zh
client_id: str = "C00042"  # the client to open in the 360 view
bank_clients: int = 2000  # clients in the simulated bank (at least 50; default 2000)
borderline_tier: str = ""  # your decision for the borderline client: strategic or key

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

import casekit
from casekit import case_claims_1, casework, glossary, narrative, plotting
from casekit import catalog as cat
from casekit.errors import BadParameter
from casekit.summary import tier_table

plotting.setup(lang)
book = casework.open_book(seed, scenario, lang, clients=bank_clients)
client_id = casework.check_client(book, client_id, lang)
zh = lang == "zh"
T = lambda key: glossary.term(key, lang)  # noqa: E731 - one name per concept, in this language
if borderline_tier not in ("", *case_claims_1.TIERS):
    raise BadParameter(
        f"borderline_tier={borderline_tier!r}：请填 strategic（战略客户）或 key（重点客户）"
        if zh
        else f"borderline_tier={borderline_tier!r}: set it to strategic or key"
    )
print(
    f"{len(book.clients):,} 户客户，{book.panel['month'].nunique()} 个月"
    if zh
    else f"{len(book.clients):,} clients, {book.panel['month'].nunique()} months"
)

# %% [markdown] lang="en"
# ## 1. The book at a glance: tiers (客户分层)
# Tiers are set by overall contribution (综合贡献度): the top 2% are strategic clients, the next
# 13% key clients, the rest general. Look at how much of the deposits, loans and fee income each
# tier holds.

# %% [markdown] lang="zh"
# ## 1. 组合概览：客户分层
# 客户分层依据综合贡献度：前 2% 为战略客户，其后 13% 为重点客户，其余为一般客户。
# 看看各层客户分别贡献了多少存款、贷款和中间业务收入。

# %%
tiers = tier_table(book)
glossary.display(tiers.rename_axis("tier"), lang).round(3)

# %%
shares = (
    tiers[["clients", "deposits", "loans", "fees"]]
    / tiers[["clients", "deposits", "loans", "fees"]].sum()
)
names = [T(k) for k in ("clients", "deposits", "loans", "fees")]
shares.index = [cat.label("tier", t, lang) for t in shares.index]
ax = shares.T.set_axis(names).plot.bar(stacked=True, figsize=(7, 3.5), rot=0)
ax.set_ylabel("占比" if zh else "share")
ax.set_title("各层客户的贡献" if zh else "What each tier contributes")
plt.tight_layout()
plt.show()

# %% [markdown] lang="en"
# ## 2. Concentration
# How dependent is the branch on its largest clients? The share of deposits held by the top 10
# clients is a number every branch head knows; the same for loans, and for the industry that
# holds most of the loan book.

# %% [markdown] lang="zh"
# ## 2. 集中度
# 分行对大客户的依赖有多大？前十大客户的存款占比，是每位行长都心中有数的指标；贷款也一样，还要看
# 贷款最集中的行业。

# %%
last = book.panel[book.panel["month"] == book.panel["month"].max()]
dep = last.set_index("client_id")["deposit_avg"].sort_values(ascending=False)
top10_share = dep.iloc[:10].sum() / dep.sum()
by_industry = (
    book.clients.merge(last, on="client_id")
    .groupby("industry", observed=True)["deposit_avg"]
    .sum()
    .sort_values(ascending=False)
    .head(8)
)
by_industry.index = [cat.label("industry", i, lang) for i in by_industry.index]
ax = by_industry.plot.barh(figsize=(7, 3.5))
ax.invert_yaxis()
ax.set_xlabel(T("deposit_avg") + "（万元）" if zh else T("deposit_avg") + " (万元)")
ax.set_title("存款最多的行业" if zh else "Industries holding the most deposits")
plt.tight_layout()
plt.show()
narrative.show(
    (case_claims_1.CONCENTRATION,), case_claims_1.concentration_figures(book, lang), lang
)

# %% [markdown] lang="en"
# ## 3. Client 360
# One client's complete profile, the way the CRM should show it before a visit.

# %% [markdown] lang="zh"
# ## 3. 客户360视图
# 拜访前，客户关系管理系统应当呈现的完整客户档案。

# %%
view = casework.client_360(book, client_id)
profile = view["profile"].loc[
    [
        "name_zh",
        "name_en",
        "industry",
        "division",
        "size_class",
        "ownership",
        "staff",
        "revenue",
        "rating",
        "tier",
        "rm_id",
        "client_since",
        "group_id",
    ]
]
profile = profile.fillna("—")
glossary.display(
    profile.assign(
        value=[
            glossary.code(k, v, lang) if k in glossary.CODE_COLUMNS else v
            for k, v in profile["value"].items()
        ]
    ).set_axis([glossary.header(k, lang, "clients") for k in profile.index]),
    lang,
)

# %%
flows = view["panel"][["deposit_avg", "loan_balance", "inflow", "outflow"]]
ax = glossary.display(flows, lang, table="panel").plot(figsize=(8, 3.5))
ax.set_ylabel("万元")
ax.set_xlabel(T("month"))
ax.set_title(f"{client_id} 月度资金往来" if zh else f"{client_id}: monthly balances and flows")
plt.tight_layout()
plt.show()
held = [cat.label("product", p, lang) for p in view["holdings"]["product"].astype(str)]
colon, comma = ("：", "、") if zh else (": ", ", ")
print(("持有产品" if zh else "Products held") + colon + comma.join(held))
print(("集团成员" if zh else "Group members") + colon + str(len(view["group"])))
print(("近期接触记录" if zh else "Latest contacts") + colon)
note = "note_zh" if zh else "note_en"
for r in view["contacts"].tail(4).itertuples():
    print(f"  {r.date:%Y-%m-%d} {cat.label('channel', r.channel, lang)}{colon}{getattr(r, note)}")

# %% [markdown] lang="en"
# ## 4. Try it: pick a client
# Choose a strategic or key client and read its 360. (In a notebook running without a browser
# the picker is built and shows its first client.)

# %% [markdown] lang="zh"
# ## 4. 动手试试：选择一位客户
# 选择一位战略或重点客户，阅读其360视图。（在无浏览器环境下运行时，选择器仍会创建并显示第一位客户。）

# %%
import ipywidgets as widgets

top = book.clients[book.clients["tier"].isin(["strategic", "key"])]
options = [
    (f"{r.client_id} {r.name_zh if zh else r.name_en}", r.client_id)
    for r in top.head(60).itertuples()
]
picker = widgets.Dropdown(options=options, description="客户" if zh else "Client")
out = widgets.Output()


def show(change=None) -> None:
    v = casework.client_360(book, picker.value)
    p = v["panel"]
    with out:
        out.clear_output()
        print(f"{picker.label}")
        print(
            ("评级" if zh else "rating"),
            v["profile"].loc["rating", "value"],
            "|",
            ("分层" if zh else "tier"),
            cat.label("tier", v["profile"].loc["tier", "value"], lang),
            "|",
            ("产品数" if zh else "products"),
            len(v["holdings"]),
            "|",
            ("近12月日均存款" if zh else "12-month average deposits"),
            f"{p['deposit_avg'].tail(12).mean():,.0f} 万元",
            "|",
            ("接触次数" if zh else "contacts"),
            len(v["contacts"]),
        )


picker.observe(show, names="value")
show()
display(widgets.VBox([picker, out]))

# %% [markdown] lang="en"
# ## 5. Your decision: the tier of a borderline client
# Tiers are set once a year; between reviews, a client can earn like the tier above it. Here is
# the key client that earned most in the last twelve months, beside the strategic tier. Decide
# its tier (parameter `borderline_tier`) and defend it: a strategic client gets a named team and
# more RM hours, which some other client will not get.

# %% [markdown] lang="zh"
# ## 5. 由你决定：一位临界客户的分层
# 客户分层每年评定一次；在两次评定之间，客户的贡献可能已经达到上一层的水平。下面是近十二个月贡献
# 最高的重点客户，与战略客户对比。请决定它的分层（参数 `borderline_tier`）并为之辩护：战略客户会
# 配备专属团队和更多客户经理工时，而这些工时就不能给别的客户了。

# %%
border = case_claims_1.borderline_figures(book)
if border["exists"]:
    now, before = case_claims_1.contribution_12m(book), case_claims_1.contribution_12m(book, 1)
    strategic = book.clients.loc[book.clients["tier"] == "strategic", "client_id"]
    compare = pd.DataFrame(
        {
            ("近12个月贡献（万元）" if zh else "last 12 months (万元)"): [
                now[border["client"]],
                now.reindex(strategic).quantile(0.25),
                now.reindex(strategic).median(),
            ],
            ("前12个月贡献（万元）" if zh else "the 12 months before (万元)"): [
                before.get(border["client"], 0.0),
                before.reindex(strategic).quantile(0.25),
                before.reindex(strategic).median(),
            ],
        },
        index=[
            border["client"],
            "战略客户下四分位数" if zh else "strategic, lower quartile",
            "战略客户中位数" if zh else "strategic, median",
        ],
    )
    display(compare.round(1))
narrative.show(
    (case_claims_1.BORDERLINE, case_claims_1.DECISION),
    case_claims_1.verdict_figures(border, borderline_tier, lang),
    lang,
)

# %% [markdown] lang="en"
# ## 6. Is this bank believable?
# casekit's realism report compares the book's outcomes with published ranges (NPL ratio,
# attrition, NPS, RM loads …). A trainer should only teach on a bank a banker would believe.

# %% [markdown] lang="zh"
# ## 6. 这家银行可信吗？
# casekit 的真实性报告把本行的结果指标与公开区间对比（不良贷款率、客户流失率、净推荐值、
# 客户经理管户数等）。只有银行从业者认可的数据，才值得拿来培训。

# %%
report = casekit.realism_report(book)
cols = ["zh" if zh else "en", "value", "low", "high", "ok"]
display(glossary.display(report[cols].rename(columns={cols[0]: "metric"}), lang).round(4))
casework.record(
    top10_share=top10_share,
    borderline=border.get("client", ""),
    strategic_deposit_share=float(shares.loc[shares.index[0], "deposits"]),
    kpis_ok=int(report["ok"].sum()),
    clients=len(book.clients),
)

# %% [markdown] lang="en"
# ## What a good relationship manager does next
# - Keep the 360 current: correct the profile after each visit, log every contact as a call report.
# - Read the concentration: plan coverage so the top clients are never left without contact.
# - Prepare each visit from the 360: holdings, last contacts, open service requests, warnings.
#
# **Discussion**
# 1. Which tier would you visit first in your first month, and why?
# 2. What is missing from this 360 that you would want before a visit?
# 3. At what top-10 deposit share would you change your risk appetite, and is this bank there (see the concentration above)?
# 4. Which tier did you give the borderline client, and what evidence would make you change it?

# %% [markdown] lang="zh"
# ## 优秀的客户经理接下来会做什么
# - 保持客户档案最新：每次拜访后更正档案，每次接触都写拜访纪要。
# - 关注集中度：安排覆盖计划，确保重点客户不会长期无人接触。
# - 以360视图准备每次拜访：持有产品、最近接触、未办结的服务请求、预警信号。
#
# **讨论题**
# 1. 上任第一个月，你会先拜访哪一层客户？为什么？
# 2. 拜访前，你还希望这份360视图补充哪些信息？
# 3. 前十大客户存款占比达到多少时，你会调整风险偏好？本行是否已经达到（见上文的集中度）？
# 4. 你给这位临界客户定了哪一层？什么证据会让你改变决定？
