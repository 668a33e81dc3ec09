"""The fragments call-report notes are composed of, in Chinese and English.

A note is not picked from a list of sentences: casekit.simulate.notes builds it from an
opener (by channel), a speaker (the client's own people: 老板, 财务总监, 出纳, 采购 ...), a
verb, what the client said (a situation and an ask, each about one need), and a closing
action, and fills the slots with the client's own facts. Each fragment is ``(zh, en, tags)``:
the tags say when it may be used, so no note states what the data contradicts (a post-loan
check for a client that never borrowed, mooncakes in March, a headcount the firm does not
have). Slots: {who} / {whom} the speaker (sentence start / mid-sentence), {said} a verb,
{peak} {prep} calendar months, {due} a dated plan, {staff} {hire} headcounts, {subs} the
number of subsidiaries, {rdays} receivable days, {buyer} the top buyer's share, {fxpct} the
foreign-currency share of sales, {ccy} its currency, {rev} revenue, {loan} the client's loan,
{stake} a share to buy, {lines} production lines.

Tags (all must hold): borrower / nonborrower; served / unserved (the note's need); group
(a parent with subsidiaries) / nogroup; exporter / importer; big / smallfirm (size class);
staff20, staff50 / fewstaff; bigbuyer (a quarter of sales or more); season / flat (seasonality); cashrich; soe / private; mfg; visit / meet
(the channel); vip (strategic or key tier); m:1-2-3 (calendar months); fest:spring,
fest:dragon, fest:mid_autumn (the weeks before the festival, by the lunar calendar); qstart
(the first month of a quarter); bare (the note is written without an opener).
"""

from __future__ import annotations

Frag = tuple[str, str, str]

# Openers by channel code (casekit.catalog.CHANNEL_CODES); the empty one is common.
OPENERS: dict[str, tuple[Frag, ...]] = {
    "visit": (
        ("", "", ""),
        ("上门拜访。", "Site visit. ", ""),
        ("走访企业，", "Visited the client. ", ""),
        ("到厂区实地走访，", "On-site visit to the factory. ", "mfg"),
        ("季度例行走访，", "Quarterly visit. ", ""),
        ("陪同支行行长上门，", "Visited with the sub-branch president. ", "vip"),
    ),
    "phone": (
        ("", "", ""),
        ("电话沟通，", "Phone call. ", ""),
        ("电话回访，", "Follow-up call. ", ""),
        ("客户来电，", "The client called. ", ""),
    ),
    "meeting": (
        ("", "", ""),
        ("客户来行洽谈，", "Client came in to the branch. ", ""),
        ("在我行会议室面谈，", "Met at our branch. ", ""),
        ("约客户在支行座谈，", "Invited the client to a talk at the sub-branch. ", ""),
    ),
    "wechat": (
        ("", "", ""),
        ("企业微信沟通，", "WeCom chat. ", ""),
        ("微信联系，", "Messaged on WeChat. ", ""),
    ),
}

# The client's people: role (zh, en capitalised, en mid-sentence) and who may hold it.
# Surnamed forms use the client's own contact of that role (the same person in every note).
ROLES: tuple[tuple[str, str, str, str], ...] = (
    ("老板{s}总", "Mr {S}, the owner,", "Mr {S} (the owner)", "private"),
    ("{s}总", "General manager {S}", "general manager {S}", "soe"),
    ("财务总监{s}总", "CFO {S}", "CFO {S}", "big"),
    ("财务经理{s}经理", "Finance manager {S}", "finance manager {S}", "staff20"),
    ("{s}会计", "Ms {S}, the accountant,", "Ms {S} (the accountant)", "smallfirm"),
    ("出纳小{s}", "Ms {S}, the cashier,", "Ms {S} (the cashier)", ""),
    ("采购部{s}经理", "Purchasing manager {S}", "purchasing manager {S}", "mfg"),
    ("人事部{s}经理", "HR manager {S}", "HR manager {S}", "staff50"),
)
SURNAMES: tuple[tuple[str, str], ...] = (
    ("王", "Wang"),
    ("李", "Li"),
    ("张", "Zhang"),
    ("刘", "Liu"),
    ("陈", "Chen"),
    ("杨", "Yang"),
    ("赵", "Zhao"),
    ("黄", "Huang"),
    ("周", "Zhou"),
    ("吴", "Wu"),
    ("徐", "Xu"),
    ("孙", "Sun"),
    ("马", "Ma"),
    ("朱", "Zhu"),
    ("郭", "Guo"),
    ("何", "He"),
    ("林", "Lin"),
    ("罗", "Luo"),
)
# Role indices that speak about each topic (the first that the client has is the fallback).
OWNER, GM, CFO, FIN, ACCT, CASHIER, BUYER, HR = range(8)
TOPIC_ROLES: dict[str, tuple[int, ...]] = {
    "seasonal_wc": (OWNER, GM, CFO, FIN, ACCT, BUYER),
    "capex": (OWNER, GM, CFO, FIN),
    "idle_liquidity": (OWNER, GM, CFO, FIN, ACCT),
    "group_treasury": (OWNER, GM, CFO, FIN),
    "fx_risk": (OWNER, GM, CFO, FIN, ACCT),
    "supply_chain": (OWNER, GM, CFO, FIN, BUYER),
    "payroll": (OWNER, GM, CFO, FIN, ACCT, HR),
    "capital_markets": (OWNER, GM, CFO),
    "acquisition": (OWNER, GM, CFO),
    "digitisation": (OWNER, GM, CFO, FIN, ACCT, CASHIER),
    "distress": (OWNER, GM, CFO, FIN, ACCT, CASHIER),
    "routine": (OWNER, GM, CFO, FIN, ACCT, CASHIER, BUYER, HR),
}

SAID: tuple[tuple[str, str], ...] = (
    ("表示", "said"),
    ("提到", "mentioned that"),
    ("称", "told us"),
    ("介绍", "explained that"),
    ("谈到", "noted that"),
)

# What a client with the need says about its situation (every one names the need's topic in
# both languages, so a keyword search finds it), then what it asks for.
SITUATION: dict[str, tuple[Frag, ...]] = {
    "seasonal_wc": (
        (
            "每年{peak}是销售旺季，{prep}前后要集中备货",
            "sales peak every {peak} and they stock up around {prep}",
            "",
        ),
        (
            "旺季前应付货款集中到期，账上资金比较紧",
            "supplier payments fall due together before the peak season and cash gets tight",
            "",
        ),
        ("月末账户时有透支", "they run an overdraft at some month-ends", "borrower"),
        (
            "{peak}旺季订单明显多于平时，备货资金缺口不小",
            "orders in the {peak} peak run well above normal and stocking leaves a funding gap",
            "",
        ),
    ),
    "capex": (
        (
            "公司计划{due}动工新建二期厂房",
            "the company plans to break ground on a phase-two plant in {due}",
            "",
        ),
        (
            "拟在{due}前购置一批进口设备",
            "they intend to buy a batch of imported equipment before {due}",
            "",
        ),
        (
            "计划新增{lines}条产线扩产，预计{due}投产",
            "they plan to add {lines} production lines, expected to start up in {due}",
            "mfg",
        ),
        (
            "扩建项目已立项，计划{due}开工，届时将新招约{hire}人",
            "the expansion project is approved internally, with work to start in {due} and about {hire} new hires",
            "",
        ),
    ),
    "idle_liquidity": (
        (
            "账上闲置资金较多，近期没有大额支出计划",
            "there is a lot of idle cash on the books and no large spending planned",
            "",
        ),
        (
            "活期存款收益太低，资金放着可惜",
            "demand-deposit yields are too low to leave the money sitting there",
            "",
        ),
        (
            "今年回款很好，年营收约{rev}，闲置资金明显增加",
            "collections were strong on revenue of about {rev}, and idle cash has built up",
            "",
        ),
    ),
    "group_treasury": (
        (
            "集团旗下{subs}家子公司分别在多家银行开户，资金难以统一掌握",
            "the group's {subs} subsidiaries bank with several banks and the cash position is hard to track",
            "group",
        ),
        (
            "有的子公司账上钱很多，有的还在外面借钱",
            "some subsidiaries sit on cash while others borrow outside",
            "group",
        ),
        (
            "集团月末要逐家向{subs}家子公司询问余额",
            "at month-end the group has to ask each of its {subs} subsidiaries for balances",
            "group",
        ),
    ),
    "fx_risk": (
        (
            "出口约占销售的{fxpct}，{ccy}回款换成人民币后利润受汇率影响较大",
            "exports are about {fxpct} of sales and the exchange rate on {ccy} receipts eats into profit",
            "exporter",
        ),
        (
            "进口原料以{ccy}结算，付款时的汇率波动让人头疼",
            "imported materials are paid in {ccy} and the exchange rate at payment time is a headache",
            "importer",
        ),
        (
            "今年汇率波动较大，外汇收付约占业务的{fxpct}",
            "the exchange rate swung a lot this year and FX flows are about {fxpct} of the business",
            "",
        ),
    ),
    "supply_chain": (
        (
            "下游账期约{rdays}天，应收账款占用资金较多",
            "downstream payment terms run to about {rdays} days and receivables tie up a lot of cash",
            "",
        ),
        (
            "最大客户约占销售的{buyer}，对方的付款条件越来越苛刻",
            "the largest customer is about {buyer} of sales and its payment terms keep getting tougher",
            "bigbuyer",
        ),
        (
            "销售一直在涨，但应收账款越滚越大",
            "sales keep rising but receivables keep growing faster",
            "",
        ),
    ),
    "payroll": (
        (
            "公司员工约{staff}人，工资目前在他行代发",
            "the company has about {staff} staff and its payroll is run by another bank",
            "unserved",
        ),
        (
            "他行代发工资经常出错，员工意见不小",
            "the other bank's payroll service often gets it wrong and staff complain",
            "unserved",
        ),
        (
            "员工约{staff}人，每月工资发放工作量很大",
            "with about {staff} staff, paying salaries each month is a heavy workload",
            "",
        ),
    ),
    "capital_markets": (
        (
            "公司年营收约{rev}，银行贷款利率偏高，想降低融资成本",
            "on revenue of about {rev} their bank loan rates are high and they want cheaper funding",
            "",
        ),
        (
            "公司希望提高直接融资比例，已在整理近三年审计报告",
            "the company wants more direct financing and is compiling three years of audited accounts",
            "",
        ),
    ),
    "acquisition": (
        (
            "正在洽谈收购一家上游原料企业约{stake}的股权",
            "they are negotiating to buy a stake of about {stake} in an upstream supplier",
            "",
        ),
        (
            "当地一家同行经营困难有意出让，公司有意收购",
            "a struggling local competitor is up for sale and the company wants to acquire it",
            "",
        ),
        (
            "董事会近期讨论并购下游一家经销商，计划{due}前完成",
            "the board has discussed an M&A deal for a downstream distributor, to close by {due}",
            "",
        ),
    ),
    "digitisation": (
        (
            "每周要跑几趟柜台送支票、取回单",
            "someone goes to the branch counter several times a week for cheques and receipts",
            "",
        ),
        (
            "每月对账要手工核对几百笔流水",
            "each month they reconcile hundreds of entries by hand",
            "",
        ),
        (
            "公司刚上线ERP，付款还要到柜台办理",
            "the company just went live on an ERP but payments still go through the counter",
            "",
        ),
    ),
}

ASK: dict[str, tuple[Frag, ...]] = {
    "seasonal_wc": (
        (
            "希望申请一笔流动资金贷款。",
            "they want to apply for a working capital loan.",
            "nonborrower",
        ),
        ("希望核定季节性周转额度。", "they want a seasonal revolving facility.", ""),
        (
            "想开立银行承兑汇票支付货款。",
            "they want to pay suppliers with bank acceptance bills.",
            "",
        ),
        (
            "希望旺季前临时提高现有额度。",
            "they want the existing line raised before the peak.",
            "borrower",
        ),
    ),
    "capex": (
        ("希望我行提供固定资产贷款。", "they want a fixed-asset loan from us.", "unserved"),
        (
            "询问项目贷款和融资租赁方案。",
            "they asked about project loans and finance leases.",
            "unserved",
        ),
        (
            "希望在现有贷款之外追加项目融资。",
            "they want project financing on top of the existing loan.",
            "served",
        ),
    ),
    "idle_liquidity": (
        (
            "想了解结构性存款和大额存单。",
            "they want to hear about structured deposits and large CDs.",
            "",
        ),
        (
            "询问七天通知存款和协定存款利率。",
            "they asked about 7-day call deposit and agreed-rate deposit rates.",
            "",
        ),
        ("希望推荐稳健的现金管理产品。", "they want a safe cash-management product.", ""),
    ),
    "group_treasury": (
        (
            "希望搭建集团资金池，统一归集资金。",
            "they want a group cash pool to sweep funds centrally.",
            "unserved",
        ),
        (
            "询问现金管理和资金上划下拨方案。",
            "they asked about cash management and upward/downward transfers.",
            "",
        ),
    ),
    "fx_risk": (
        ("想做远期结汇锁定汇率。", "they want forwards to lock in the exchange rate.", "exporter"),
        (
            "询问远期购汇和期权套保方案。",
            "they asked about forward purchases and option hedging.",
            "",
        ),
        ("请我行上门讲解汇率避险产品。", "they asked us to present FX hedging products.", ""),
    ),
    "supply_chain": (
        (
            "希望对大客户应收账款做保理融资。",
            "they want factoring on major customers' receivables.",
            "",
        ),
        (
            "询问能否通过核心企业供应链平台融资。",
            "they asked about financing through the anchor buyer's supply-chain platform.",
            "",
        ),
        ("想了解商票贴现业务。", "they want to know about discounting commercial bills.", ""),
    ),
    "payroll": (
        ("有意把代发工资转到我行。", "they are thinking of moving payroll to us.", "unserved"),
        ("询问我行代发工资的收费和流程。", "they asked about our payroll fees and process.", ""),
        (
            "希望代发之外再配套员工信用卡。",
            "they want staff credit cards bundled with payroll.",
            "served",
        ),
    ),
    "capital_markets": (
        (
            "希望我行担任中期票据主承销商。",
            "they want us as lead underwriter for medium-term notes.",
            "",
        ),
        (
            "询问发行短期融资券的条件。",
            "they asked what it takes to issue short-term commercial paper.",
            "",
        ),
        (
            "请我行出具债务融资工具方案。",
            "they asked for a proposal on debt financing instruments.",
            "",
        ),
    ),
    "acquisition": (
        ("希望我行提供并购贷款。", "they want an M&A loan from us.", ""),
        ("询问并购融资和尽调支持。", "they asked about acquisition finance and due diligence.", ""),
    ),
    "digitisation": (
        ("希望开通企业网银。", "they want corporate online banking.", "unserved"),
        ("询问银企直连接口。", "they asked about a host-to-host link.", ""),
        ("希望对账和付款全面线上化。", "they want payments and reconciliation fully online.", ""),
    ),
}

# Symptoms an attentive RM connects to a need: most name no product and match no keyword.
HINT: dict[str, tuple[Frag, ...]] = {
    "seasonal_wc": (
        (
            "{who}{said}每年{prep}、{peak}前后备货量明显放大，资金比较紧张。",
            "{who} {said} stocking rises sharply around {prep} and {peak} and cash gets tight.",
            "",
        ),
        (
            "{who}{said}月底付完供应商货款后，账户余额常常见底。",
            "{who} {said} after paying suppliers at month-end the balance is often near zero.",
            "",
        ),
        (
            "{who}{said}{peak}前要提前大量囤积原材料。",
            "{who} {said} they have to stock up on raw materials before {peak}.",
            "mfg",
        ),
        (
            "查看流水发现客户每年{peak}前后资金进出明显放大。",
            "Statements show the client's flows swell every year around {peak}.",
            "bare",
        ),
    ),
    "capex": (
        (
            "{who}带我们看了刚拿下的工业用地，说{due}要动工。",
            "{who} showed us the industrial land they just secured; works start in {due}.",
            "visit",
        ),
        (
            "车间产能已经饱和，{whom}说订单排得很满。",
            "The workshops are at full capacity; {whom} says the order book is full.",
            "mfg visit",
        ),
        (
            "{who}{said}最近有几家设备厂商来公司谈报价。",
            "{who} {said} several equipment vendors have come by with quotes.",
            "",
        ),
        (
            "厂区门口挂着招聘横幅，{whom}说今年要新招约{hire}人。",
            "Hiring banners at the gate; {whom} says they will take on about {hire} people this year.",
            "visit",
        ),
    ),
    "idle_liquidity": (
        (
            "查看流水发现客户活期余额长期较高，进出很少。",
            "Statements show a high demand balance that rarely moves.",
            "bare",
        ),
        (
            "{who}{said}钱放在账上一直没怎么动。",
            "{who} {said} the money has mostly just sat in the account.",
            "",
        ),
        (
            "{who}{said}公司近两年没有大额投资计划。",
            "{who} {said} there are no big investment plans for the next two years.",
            "nonborrower",
        ),
    ),
    "group_treasury": (
        (
            "{who}{said}每天要在各家子公司账户之间来回划款。",
            "{who} {said} money is moved between the subsidiaries' accounts every day.",
            "group",
        ),
        (
            "{who}{said}集团编合并报表时，要逐家核对{subs}家子公司的余额。",
            "{who} {said} consolidating means checking the balances of {subs} subsidiaries one by one.",
            "group",
        ),
    ),
    "fx_risk": (
        (
            "客户出口约占销售的{fxpct}，收到的{ccy}一般随用随换。",
            "Exports are about {fxpct} of sales; the {ccy} received is converted only as needed.",
            "exporter",
        ),
        (
            "{who}{said}与海外客户签的多是固定{ccy}报价的长期合同。",
            "{who} {said} overseas contracts are mostly long-term at fixed {ccy} prices.",
            "exporter",
        ),
        (
            "{who}{said}进口货款以{ccy}支付，今年汇率一变，成本比预算高了不少。",
            "{who} {said} imports are paid in {ccy} and the exchange rate pushed costs well over budget.",
            "importer",
        ),
    ),
    "supply_chain": (
        (
            "{who}{said}最大客户约占销售的{buyer}，回款要等好几个月。",
            "{who} {said} the largest customer is about {buyer} of sales and pays months late.",
            "bigbuyer",
        ),
        (
            "{who}{said}销售一直在涨，但账上现金反而越来越少。",
            "{who} {said} sales keep rising yet cash on hand keeps shrinking.",
            "",
        ),
        (
            "{who}{said}下游客户常以内部审批为由拖延结算。",
            "{who} {said} customers often delay settlement, citing internal approvals.",
            "",
        ),
    ),
    "payroll": (
        (
            "公司员工约{staff}人，工资卡都在他行办理。",
            "The company has about {staff} staff, all with salary cards at another bank.",
            "unserved",
        ),
        (
            "{who}{said}新员工入职都要统一去他行网点办卡。",
            "{who} {said} new hires all have to open cards at another bank's branch.",
            "unserved",
        ),
        (
            "{who}{said}员工约{staff}人，每到发工资时财务忙不过来。",
            "{who} {said} with about {staff} staff, finance is swamped whenever wages are paid.",
            "",
        ),
    ),
    "capital_markets": (
        (
            "{who}{said}同行去年融资成本降到了3%以下，问是怎么做到的。",
            "{who} {said} a peer got its funding cost below 3% last year and asked how.",
            "",
        ),
        (
            "{who}{said}公司已聘请评级机构，正在整理审计报告。",
            "{who} {said} the company has engaged a rating agency and is compiling audited accounts.",
            "",
        ),
    ),
    "acquisition": (
        (
            "{who}{said}最近请了律所和会计师事务所在看一家上游企业。",
            "{who} {said} a law firm and auditors are looking at an upstream company for them.",
            "",
        ),
        (
            "{who}{said}下游一家经销商的负责人想退休，打算把公司卖掉。",
            "{who} {said} the head of a downstream distributor wants to retire and sell.",
            "",
        ),
    ),
    "digitisation": (
        (
            "{who}{said}每月对账要手工核对几百笔，经常加班。",
            "{who} {said} reconciling hundreds of entries by hand each month means overtime.",
            "",
        ),
        (
            "{who}{said}老板出差时付款没法及时审批，耽误进度。",
            "{who} {said} payments wait for approval whenever the boss travels.",
            "private",
        ),
        (
            "{who}{said}付款信息还要人工录入。",
            "{who} {said} payment details are still keyed in by hand.",
            "",
        ),
    ),
}

# A client without the need who talks about its topic (a keyword search is fooled).
FALSE_LEAD: dict[str, tuple[Frag, ...]] = {
    "seasonal_wc": (
        (
            "{who}{said}今年备货资金由股东借款解决，无需银行融资。",
            "{who} {said} this year's stocking is funded by shareholder loans; no bank financing needed.",
            "",
        ),
        (
            "{who}{said}订单全年比较均衡，没有明显的旺季。",
            "{who} {said} orders are even through the year, with no real peak season.",
            "flat",
        ),
        (
            "{who}{said}账上资金充裕，旺季备货不需要借款。",
            "{who} {said} cash is ample and peak-season stocking needs no borrowing.",
            "cashrich",
        ),
    ),
    "capex": (
        (
            "{who}{said}近两年不会扩产，设备更新已经完成。",
            "{who} {said} there will be no expansion for two years and the equipment upgrade is done.",
            "",
        ),
        (
            "{who}{said}新厂房由集团出资，不需要贷款。",
            "{who} {said} the group is funding the new plant; no loan needed.",
            "sub",
        ),
    ),
    "idle_liquidity": (
        (
            "{who}{said}账上资金都有安排，没有闲置资金。",
            "{who} {said} all cash is earmarked; there is no idle money.",
            "",
        ),
        (
            "{who}{said}闲置资金已买了他行理财，暂不调整。",
            "{who} {said} surplus cash is in another bank's products, with no plan to change.",
            "",
        ),
    ),
    "group_treasury": (
        (
            "{who}{said}集团资金池已在他行搭建，运行良好。",
            "{who} {said} the group's cash pool runs well at another bank.",
            "group",
        ),
        (
            "{who}{said}公司没有子公司，不需要资金归集。",
            "{who} {said} the company has no subsidiaries, so no cash sweeping is needed.",
            "nogroup",
        ),
    ),
    "fx_risk": (
        (
            "{who}{said}汇率风险由集团统一对冲，这边不用管。",
            "{who} {said} the group hedges FX centrally, so it is not their concern.",
            "sub",
        ),
        (
            "{who}{said}业务全部以人民币结算，不涉及外汇。",
            "{who} {said} all business is settled in RMB, with no FX involved.",
            "nofx",
        ),
    ),
    "supply_chain": (
        (
            "{who}{said}下游多为款到发货，应收账款压力不大。",
            "{who} {said} most customers pay before shipment, so receivables are no pressure.",
            "",
        ),
    ),
    "payroll": (
        (
            "{who}{said}代发工资与他行签有协议，短期不会调整。",
            "{who} {said} payroll is under contract with another bank and won't change soon.",
            "",
        ),
        (
            "{who}{said}员工只有约{staff}人，工资直接转账，不需要代发。",
            "{who} {said} with only about {staff} staff, wages go by transfer and no payroll service is needed.",
            "fewstaff",
        ),
    ),
    "capital_markets": (
        (
            "{who}{said}公司规模还小，近期不考虑发债。",
            "{who} {said} the company is still small and won't consider a bond issue.",
            "smallfirm",
        ),
        (
            "{who}{said}发债由集团统一安排，子公司不单独发行。",
            "{who} {said} bond issues are handled by the group, not by subsidiaries.",
            "sub",
        ),
    ),
    "acquisition": (
        (
            "{who}{said}有人来谈过收购，但公司无意走这条路。",
            "{who} {said} someone proposed an acquisition, but they do not want to grow that way.",
            "",
        ),
    ),
    "digitisation": (
        (
            "{who}{said}网银和银企直连都已开通，用得很顺。",
            "{who} {said} online banking and the host-to-host link are live and work well.",
            "served",
        ),
        (
            "{who}{said}业务量小，偶尔跑柜台也不麻烦。",
            "{who} {said} volumes are small and the odd trip to the counter is no bother.",
            "smallfirm",
        ),
    ),
}

# Before a default: trouble hinted.
DISTRESS: tuple[Frag, ...] = (
    (
        "{who}坦言下游回款明显变慢，近两个月现金流比较紧张。",
        "{who} admitted customer payments have slowed and cash flow has been tight for two months.",
        "",
    ),
    (
        "从员工处了解到，上月工资推迟了半个月才发。",
        "Employees say last month's wages were paid half a month late.",
        "",
    ),
    (
        "查询裁判文书网发现客户近期被两家供应商起诉拖欠货款。",
        "Court records show the client was recently sued by two suppliers over unpaid invoices.",
        "bare",
    ),
    (
        "实地走访发现厂区两个车间停工，{whom}称在检修。",
        "The site visit found two workshops stopped; {whom} says they are under maintenance.",
        "mfg visit bare",
    ),
    (
        "{who}{said}资金链有些紧张，正在找朋友借钱周转。",
        "{who} {said} cash is strained and they are borrowing from friends to get by.",
        "private",
    ),
    (
        "客户为其担保的一家企业已出现逾期，可能要代偿。",
        "A company the client guaranteed is overdue; the client may have to pay up.",
        "",
    ),
    (
        "本月{loan}利息扣款不足，{whom}称要等一笔回款到账。",
        "This month's interest on the {loan} failed for lack of funds; {whom} is waiting for a receipt.",
        "borrower",
    ),
    (
        "客户要求{loan}到期后展期，并问能否借新还旧。",
        "The client asked to extend the {loan} at maturity and whether it can be rolled over.",
        "borrower",
    ),
    (
        "客户已拖欠两个月电费，厂区比上次拜访冷清不少。",
        "The client is two months behind on electricity; the site is much quieter than last time.",
        "visit",
    ),
    (
        "原财务负责人突然离职，新人对融资情况不熟悉。",
        "The head of finance left suddenly; the new staff do not know the borrowings.",
        "",
    ),
)

# Routine contacts that reveal no need (no keyword of any need, in either language).
ROUTINE: tuple[Frag, ...] = (
    (
        "例行拜访，{who}{said}经营平稳，暂无新的业务需求。",
        "Routine visit; {whom} says business is steady, with nothing new for now.",
        "visit bare",
    ),
    (
        "{who}{said}最近生产经营正常，员工约{staff}人。",
        "{who} {said} operations are normal, with about {staff} staff.",
        "",
    ),
    (
        "中秋节前上门送月饼，向{whom}致以节日问候。",
        "Dropped off mooncakes before the Mid-Autumn Festival and greeted {whom}.",
        "visit bare fest:mid_autumn",
    ),
    (
        "端午节前走访，给{whom}送去粽子。",
        "Visit before the Dragon Boat Festival; brought zongzi for {whom}.",
        "visit bare fest:dragon",
    ),
    (
        "春节前拜访并送上台历，客户对双方合作表示感谢。",
        "Pre-Spring Festival visit with desk calendars; the client thanked us for the year.",
        "visit bare fest:spring",
    ),
    (
        "春节前电话拜年，{whom}对我行的服务表示满意。",
        "New-year greetings call before the Spring Festival; {whom} is happy with our service.",
        "bare fest:spring",
    ),
    (
        "送达季度对账单，{whom}已在回执上签字盖章。",
        "Delivered the quarterly statement; {whom} signed and stamped the receipt.",
        "visit bare qstart",
    ),
    (
        "{who}{said}对我行近期的服务比较满意。",
        "{who} {said} they are satisfied with our service lately.",
        "",
    ),
    (
        "{who}抱怨上周在网点排队等了一个多小时。",
        "{who} complained about waiting over an hour in the branch queue last week.",
        "",
    ),
    (
        "向{whom}递交了我行对公产品手册，对方表示会看看。",
        "Handed {whom} our corporate product brochure; they will take a look.",
        "meet",
    ),
    (
        "与{whom}就当地经济形势交换了看法。",
        "Exchanged views on the local economy with {whom}.",
        "",
    ),
    (
        "协助客户完成账户年检及预留印鉴变更。",
        "Helped the client with the annual account review and new specimen seals.",
        "meet",
    ),
    (
        "更新客户联系人信息，登记了{whom}的新手机号。",
        "Updated contact details and recorded a new mobile number for {whom}.",
        "",
    ),
    (
        "开门红期间上门走访，客户表示暂无新增业务安排。",
        "New-year campaign visit; the client has no new business planned.",
        "visit bare m:1-2-3",
    ),
    (
        "邀请{whom}参加我行年末客户答谢会，对方表示会出席。",
        "Invited {whom} to our year-end client event; they will attend.",
        "m:11-12",
    ),
    (
        "按要求完成贷后例行检查，{loan}资金用途与合同一致，经营正常。",
        "Routine post-loan check: the {loan} is used as agreed and business is normal.",
        "borrower visit",
    ),
    (
        "收集客户最新营业执照及章程复印件，更新身份资料。",
        "Collected the latest business licence and articles of association for KYC.",
        "",
    ),
    (
        "{who}聊起孩子今年高考的情况，顺便谈了谈本地房价。",
        "{who} talked about their child's college entrance exam and local house prices.",
        "private m:5-6",
    ),
    (
        "告知{whom}我行新版手机银行上线，对方表示知道了。",
        "Told {whom} our new mobile app is live; noted.",
        "",
    ),
)

# What the RM does next: by kind of note. The empty closer is the most common.
CLOSER: dict[str, tuple[tuple[str, str], ...]] = {
    "need": (
        ("", ""),
        ("已约下周提交初步方案。", " Agreed to send an outline proposal next week."),
        ("已转产品经理跟进。", " Passed to the product manager."),
        ("需先调阅近两年财务报表。", " Need to pull the last two years' accounts first."),
        ("拟近期再次上门详谈。", " Will visit again soon to discuss details."),
    ),
    "hint": (
        ("", ""),
        ("下次拜访再深入了解。", " Will dig deeper next time."),
        ("后续可重点关注。", " Worth watching."),
    ),
    "false": (("", ""), ("暂不跟进。", " No follow-up for now.")),
    "distress": (
        ("", ""),
        ("需密切关注。", " Needs close monitoring."),
        ("已报告风险经理。", " Reported to the risk manager."),
        ("建议下调风险分类。", " Suggest a lower risk classification."),
    ),
    "routine": (("", ""), ("客户关系良好。", " Relationship is good.")),
}
