"""Call-report note templates in Chinese and English: explicit, hinted, distress and noise notes."""

from __future__ import annotations

# need code -> notes in which the client states the need outright.
EXPLICIT: dict[str, tuple[tuple[str, str], ...]] = {
    "seasonal_wc": (
        (
            "财务总监表示四季度旺季备货资金缺口较大，希望申请流动资金贷款。",
            "Met the CFO; Q4 peak-season stocking leaves a sizeable funding gap and they want to apply for a working capital loan.",
        ),
        (
            "老板称每年春节前备货需集中付款，希望核定一笔季节性流贷额度。",
            "Owner says pre-Spring Festival stocking needs lump-sum payments every year; wants a seasonal working capital line approved.",
        ),
        (
            "财务经理反映月末经常透支，希望增加短期周转额度。",
            "Finance manager reports frequent month-end overdrafts and wants a larger short-term revolving facility.",
        ),
        (
            "出纳称旺季应付款集中到期，财务总监希望开立银行承兑汇票支付货款。",
            "Cashier says peak-season payables fall due together; the CFO wants to issue bank acceptance bills to pay suppliers.",
        ),
    ),
    "capex": (
        (
            "老板计划明年新建二期厂房，希望我行提供固定资产贷款。",
            "Owner plans to build a phase-two plant next year and wants a fixed-asset loan from us.",
        ),
        (
            "财务总监表示拟购置一批进口设备，询问设备贷款及融资租赁方案。",
            "CFO intends to buy a batch of imported equipment and asked about equipment loans and finance-lease options.",
        ),
        (
            "客户计划新增两条产线扩产，需要中长期项目贷款支持。",
            "Client plans to add two production lines to expand capacity and needs medium- to long-term project loan support.",
        ),
        (
            "财务经理称扩建项目已立项，希望尽快与我行对接项目融资。",
            "Finance manager says the expansion project has been approved internally; wants to start project financing talks with us soon.",
        ),
    ),
    "idle_liquidity": (
        (
            "财务总监表示账上闲置资金较多，希望了解结构性存款和理财产品。",
            "Met the CFO; there is a lot of idle cash on the books and she wants to learn about structured deposits and WM products.",
        ),
        (
            "老板嫌活期存款收益太低，询问有无安全稳健的现金管理产品。",
            "Owner finds demand-deposit yields too low and asked whether we have safe, stable cash-management products.",
        ),
        (
            "财务经理希望将数千万沉淀资金转为定期或大额存单，提高收益。",
            "Finance manager wants to move tens of millions of idle balances into time deposits or large CDs for a better yield.",
        ),
        (
            "客户主动询问七天通知存款和协定存款利率，想盘活闲置资金。",
            "Client proactively asked about 7-day call deposit and negotiated deposit rates, wanting to put idle funds to work.",
        ),
    ),
    "group_treasury": (
        (
            "财务总监希望搭建集团资金池，统一归集各子公司资金。",
            "CFO wants to set up a group cash pool to sweep funds from all subsidiaries centrally.",
        ),
        (
            "集团下属多家子公司，财务经理询问现金管理和资金归集方案。",
            "The group has several subsidiaries; finance manager asked about cash management and fund-sweeping solutions.",
        ),
        (
            "老板希望集团资金统一管理，减少各子公司分别对外融资。",
            "Owner wants group funds managed centrally to reduce separate external borrowing by each subsidiary.",
        ),
        (
            "客户提出需要集团内委托贷款和资金上划下拨的系统支持。",
            "Client asked for system support for intra-group entrusted loans and upward/downward fund transfers.",
        ),
    ),
    "fx_risk": (
        (
            "财务总监表示今年汇率波动吞噬了部分利润，想做远期结汇锁定汇率。",
            "Met the CFO; FX volatility ate into profit this year and he wants to lock in rates with forward FX sales.",
        ),
        (
            "客户出口收汇量大，希望将结售汇转至我行并配套套保方案。",
            "Client has large export receipts; wants to move its FX conversion to us together with a hedging solution.",
        ),
        (
            "财务经理询问远期购汇和期权产品，用于锁定进口付汇成本。",
            "Finance manager asked about forward FX purchases and options to lock in the cost of import payments.",
        ),
        (
            "老板明确要求财务做汇率避险，请我行上门讲解衍生品。",
            "Owner has told finance to hedge FX risk and asked us to come in and present derivative products.",
        ),
    ),
    "supply_chain": (
        (
            "财务总监希望对大客户的应收账款做保理融资，加快资金回笼。",
            "CFO wants factoring on receivables from major customers to speed up cash collection.",
        ),
        (
            "客户下游账期长达180天，希望办理应收账款质押融资。",
            "Client's downstream payment terms run to 180 days; wants receivables-pledged financing.",
        ),
        (
            "财务经理询问能否通过核心企业供应链平台办理线上融资。",
            "Finance manager asked whether they can get online financing through the anchor buyer's supply-chain platform.",
        ),
        (
            "老板表示应收账款占用资金太多，想了解商票贴现和保理业务。",
            "Owner says receivables tie up too much cash; wants to learn about commercial bill discounting and factoring.",
        ),
    ),
    "payroll": (
        (
            "财务经理表示有意将员工工资代发业务转至我行办理。",
            "Finance manager says they intend to move their payroll service to our bank.",
        ),
        (
            "客户员工人数不少，财务总监询问我行代发工资的收费和流程。",
            "Client has a sizeable workforce; CFO asked about our payroll service fees and process.",
        ),
        (
            "老板希望银行提供代发工资及员工专属信用卡等配套服务。",
            "Owner wants the bank to provide payroll plus bundled services such as staff credit cards.",
        ),
        (
            "出纳反映他行代发经常出错，客户考虑更换代发银行。",
            "Cashier says the other bank's payroll service often makes errors; client is considering switching payroll banks.",
        ),
    ),
    "capital_markets": (
        (
            "财务总监表示公司有意发行中期票据，希望我行担任主承销商。",
            "Met the CFO; the company intends to issue medium-term notes and wants us as lead underwriter.",
        ),
        (
            "老板想降低融资成本，询问发行短期融资券的条件和流程。",
            "Owner wants to cut funding costs and asked about the requirements and process for issuing short-term commercial paper.",
        ),
        (
            "客户主体评级刚升至AA+，财务经理希望尽快启动债券发行。",
            "Client's issuer rating was just upgraded to AA+; finance manager wants to launch a bond issue soon.",
        ),
        (
            "财务总监希望提高直接融资比例，请我行出具债务融资工具方案。",
            "CFO wants a higher share of direct financing and asked us for a debt financing instrument proposal.",
        ),
    ),
    "acquisition": (
        (
            "老板计划收购一家同业公司，希望我行提供并购贷款支持。",
            "Owner plans to acquire a peer company and wants M&A loan support from us.",
        ),
        (
            "财务总监表示正在洽谈收购上游原料厂，询问并购融资方案。",
            "CFO says they are negotiating to buy an upstream raw-material supplier; asked about acquisition financing options.",
        ),
        (
            "客户拟受让某下游企业51%股权，需要资金及尽调支持。",
            "Client plans to take a 51% stake in a downstream company and needs funding and due-diligence support.",
        ),
        (
            "财务经理称集团在寻找并购标的，希望我行推荐项目并提供财务顾问服务。",
            "Finance manager says the group is looking for M&A targets; wants us to refer deals and provide financial advisory.",
        ),
    ),
    "digitisation": (
        (
            "财务经理希望开通企业网银，减少往返柜台办理业务。",
            "Finance manager wants corporate online banking set up to cut down on trips to the branch counter.",
        ),
        (
            "财务总监询问银企直连接口，想让ERP系统直接对接银行。",
            "CFO asked about host-to-host connectivity so their ERP system can link directly to the bank.",
        ),
        (
            "客户希望使用电子回单和自动对账功能，减轻手工对账工作量。",
            "Client wants e-receipts and automated reconciliation to reduce the manual reconciliation workload.",
        ),
        (
            "老板要求财务全面线上化，请我行演示手机银行和API服务。",
            "Owner wants the finance function fully online and asked us to demo mobile banking and API services.",
        ),
    ),
}

# need code -> notes that only hint at it (a symptom an attentive RM should connect to the need, never naming the product).
HINTED: dict[str, tuple[tuple[str, str], ...]] = {
    "seasonal_wc": (
        (
            "财务总监提到每年九、十月份采购量翻倍，账上资金比较紧张。",
            "CFO mentioned purchases double every September and October, and cash gets quite tight.",
        ),
        (
            "出纳说月底付完供应商货款后，账户余额常常见底。",
            "Cashier said that after paying suppliers at month-end the account balance is often close to zero.",
        ),
        (
            "老板提到临近春节订单集中，需要提前大量囤积原材料。",
            "Owner mentioned orders bunch up ahead of Spring Festival, so they have to stock up heavily on raw materials early.",
        ),
        (
            "财务经理称旺季应付款高峰时，曾找股东临时借钱应急。",
            "Finance manager said that at the peak-season payables crunch they once borrowed short-term from shareholders.",
        ),
    ),
    "capex": (
        (
            "老板带我们参观了刚拿下的五十亩工业用地，说明年要动工。",
            "Owner showed us the 50 mu of industrial land they just secured and said construction starts next year.",
        ),
        (
            "车间产能已经饱和，财务总监说订单排到了明年二季度。",
            "Workshops are at full capacity; CFO says orders are booked through Q2 next year.",
        ),
        (
            "厂区门口挂着招聘横幅，人事经理说今年要新招三百名工人。",
            "Recruitment banners at the factory gate; HR manager says they plan to hire 300 new workers this year.",
        ),
        (
            "财务经理提到最近有几家设备厂商频繁来公司洽谈报价。",
            "Finance manager mentioned several equipment vendors have been coming in frequently to discuss quotes.",
        ),
    ),
    "idle_liquidity": (
        (
            "查看流水发现客户活期账户余额长期保持在八千万元以上。",
            "Account statements show the client's demand-deposit balance has stayed above RMB 80m for a long time.",
        ),
        (
            "财务总监说今年回款很好，钱放在账上一直没怎么动。",
            "CFO said collections were strong this year and the money has mostly just sat in the account.",
        ),
        (
            "老板抱怨钱放在银行一年下来也没挣几个利息。",
            "Owner complained that money kept at the bank earned next to no interest over the year.",
        ),
        (
            "出纳提到公司近两年没有贷款，也没有大额投资计划。",
            "Cashier mentioned the company has had no loans for two years and has no major investment plans.",
        ),
    ),
    "group_treasury": (
        (
            "财务总监说旗下各子公司分别在好几家银行开户，资金情况很难掌握。",
            "CFO said the subsidiaries bank with several different banks, making the overall cash position hard to track.",
        ),
        (
            "出纳每天要在各子公司账户之间来回划款，工作量很大。",
            "Cashier has to move money back and forth between subsidiary accounts every day, which is a heavy workload.",
        ),
        (
            "老板提到有的子公司账上钱很多，有的却还在外面借钱。",
            "Owner mentioned some subsidiaries sit on plenty of cash while others are still borrowing externally.",
        ),
        (
            "财务经理说集团月末编合并报表时，要逐家子公司询问余额。",
            "Finance manager said that for month-end consolidated statements they have to ask each subsidiary for its balances.",
        ),
    ),
    "fx_risk": (
        (
            "财务总监提到今年美元回款换成人民币后，利润比预算少了不少。",
            "CFO mentioned that after converting USD receipts into RMB this year, profit came in well below budget.",
        ),
        (
            "客户出口占销售七成以上，收到的美元一般随用随换。",
            "Exports are over 70% of the client's sales; the dollars received are usually converted only as needed.",
        ),
        (
            "老板说进口设备以欧元结算，付款时的汇价让他很头疼。",
            "Owner said imported equipment is settled in euros and the exchange rate at payment time is a headache for him.",
        ),
        (
            "财务经理称与海外客户签的都是一年期固定美元报价合同。",
            "Finance manager said contracts with overseas customers are all one-year deals at fixed USD prices.",
        ),
    ),
    "supply_chain": (
        (
            "财务总监说最大客户是一家央企，回款周期普遍在半年左右。",
            "CFO said the largest customer is a central SOE and payment usually takes about six months.",
        ),
        (
            "老板提到前三大客户占销售额八成，对方付款条件越来越苛刻。",
            "Owner mentioned the top three customers make up 80% of sales and their payment terms keep getting tougher.",
        ),
        (
            "财务经理说销售收入一直在涨，但账上现金反而越来越少。",
            "Finance manager said sales keep rising, yet cash on hand keeps shrinking.",
        ),
        (
            "出纳提到下游客户经常以内部审批流程为由拖延结算。",
            "Cashier mentioned downstream customers often delay settlement, citing their internal approval procedures.",
        ),
    ),
    "payroll": (
        (
            "客户员工约一千五百人，工资卡都是在他行办的。",
            "Client has about 1,500 employees, and their salary cards are all with another bank.",
        ),
        (
            "出纳说每月十号前要整理全体员工的工资明细，很费工夫。",
            "Cashier said compiling every employee's salary details before the 10th of each month is very time-consuming.",
        ),
        (
            "人事经理说新入职员工都要统一去他行网点办卡。",
            "HR manager said all new hires have to go to another bank's branch together to open cards.",
        ),
        (
            "老板提到扩招后员工明显增多，发薪日财务忙不过来。",
            "Owner mentioned headcount has grown a lot after the hiring drive and finance is swamped on payday.",
        ),
    ),
    "capital_markets": (
        (
            "财务总监提到公司刚拿到AA+主体评级，但贷款利率还是偏高。",
            "CFO mentioned the company just obtained an AA+ issuer rating, yet its loan rates are still on the high side.",
        ),
        (
            "老板说同行某公司去年融资成本降到了3%以下，问是怎么做到的。",
            "Owner said a peer cut its funding cost below 3% last year and asked how they managed it.",
        ),
        (
            "财务经理称公司银行贷款余额已超二十亿，每年利息负担很重。",
            "Finance manager said bank loans outstanding exceed RMB 2bn and the annual interest burden is heavy.",
        ),
        (
            "财务总监提到公司已聘请评级机构，正在整理近三年审计报告。",
            "CFO mentioned the company has engaged a rating agency and is compiling its last three years of audited accounts.",
        ),
    ),
    "acquisition": (
        (
            "老板提到当地一家同行经营困难有意出让，他很感兴趣。",
            "Owner mentioned a struggling local competitor is open to selling, and he is very interested.",
        ),
        (
            "财务总监说最近请了律所和会计师事务所在看一家上游企业。",
            "CFO said they recently engaged a law firm and an accounting firm to look at an upstream company.",
        ),
        (
            "财务经理透露董事会近期多次讨论整合上游原料供应。",
            "Finance manager revealed the board has repeatedly discussed integrating upstream raw-material supply of late.",
        ),
        (
            "老板说下游一家经销商的老板想退休，打算把公司卖掉。",
            "Owner said the owner of a downstream distributor wants to retire and plans to sell the business.",
        ),
    ),
    "digitisation": (
        (
            "出纳每周要跑三四趟柜台送支票、取回单。",
            "Cashier makes three or four trips a week to the branch counter to drop off cheques and collect receipts.",
        ),
        (
            "财务经理抱怨每月对账要手工核对几百笔流水，经常加班。",
            "Finance manager complained month-end reconciliation means manually checking hundreds of entries, often with overtime.",
        ),
        (
            "财务总监说公司刚上线ERP，但付款信息还得人工录入。",
            "CFO said the company just went live on an ERP, but payment details still have to be keyed in by hand.",
        ),
        (
            "老板出差在外时经常没法及时审批付款，耽误了进度。",
            "When the owner travels he often cannot approve payments in time, which holds things up.",
        ),
    ),
}

# notes before a default: trouble hinted (回款变慢、工资延发、被起诉、停产、资金链紧张、担保企业出事 ...)
DISTRESS: tuple[tuple[str, str], ...] = (
    (
        "财务经理坦言下游回款明显变慢，近两个月现金流比较紧张。",
        "Finance manager admitted downstream collections have slowed markedly and cash flow has been tight for two months.",
    ),
    (
        "从员工处了解到，上月工资延迟了半个月才发放。",
        "Learned from employees that last month's wages were paid half a month late.",
    ),
    (
        "查询裁判文书网发现客户近期被两家供应商起诉拖欠货款。",
        "Court records online show the client was recently sued by two suppliers over unpaid invoices.",
    ),
    (
        "实地走访发现厂区两条产线停产，老板称在检修设备。",
        "Site visit found two production lines shut down; owner says the equipment is under maintenance.",
    ),
    (
        "老板提到资金链有些紧张，正在找朋友借钱周转。",
        "Owner mentioned cash is somewhat strained and he is borrowing from friends to tide the business over.",
    ),
    (
        "客户为其担保的一家企业已出现逾期，可能承担代偿责任。",
        "A company the client guaranteed has gone overdue; the client may have to pay up under the guarantee.",
    ),
    (
        "财务总监近期突然离职，新任人员对账户和融资情况不熟悉。",
        "CFO left abruptly; the new finance staff are unfamiliar with the accounts and borrowings.",
    ),
    (
        "本月贷款利息扣款不足，出纳称需等一笔回款到账才能补足。",
        "This month's loan interest debit failed for insufficient funds; cashier says they must wait for a receipt to cover it.",
    ),
    (
        "客户要求将即将到期的贷款展期，并询问能否借新还旧。",
        "Client asked to extend a maturing loan and whether it can be rolled over with a new loan.",
    ),
    (
        "客户已拖欠两个月电费，厂区明显比上次拜访冷清。",
        "Client is two months behind on electricity bills; the factory floor is noticeably quieter than at our last visit.",
    ),
)

# routine notes that reveal no need (例行拜访、节日问候、送达对账单、客户对服务表示满意、了解人事变动,
# complaints about queue time, generic product brochures handed over, etc.)
NOISE: tuple[tuple[str, str], ...] = (
    (
        "例行拜访，客户经营情况平稳，暂无新的业务需求。",
        "Routine visit; the client's operations are stable and there are no new business needs.",
    ),
    (
        "中秋节前上门送月饼，向财务总监致以节日问候。",
        "Dropped off mooncakes before Mid-Autumn Festival and passed on holiday greetings to the CFO.",
    ),
    (
        "送达季度对账单，出纳已在回执上签字盖章。",
        "Delivered the quarterly account statement; the cashier signed and stamped the acknowledgement.",
    ),
    (
        "财务经理对我行近期的服务表示满意。",
        "Finance manager said they are satisfied with our service recently.",
    ),
    (
        "了解到客户财务总监换人，新任总监原在集团审计部任职。",
        "Learned the client has a new CFO, who previously worked in the group's internal audit department.",
    ),
    (
        "出纳抱怨上周在网点排队等了一个多小时。",
        "Cashier complained about waiting over an hour in the branch queue last week.",
    ),
    (
        "向财务经理递交了我行对公产品手册，客户表示会看看。",
        "Handed the finance manager our corporate product brochure; they said they would take a look.",
    ),
    (
        "陪同支行行长拜访老板，双方就当地经济形势交换了看法。",
        "Accompanied the sub-branch president to meet the owner; exchanged views on the local economy.",
    ),
    (
        "协助客户完成账户年检及预留印鉴变更手续。",
        "Helped the client complete the annual account review and the change of specimen seals.",
    ),
    (
        "春节前拜访并送上台历，客户对双方合作表示感谢。",
        "Pre-Spring Festival visit; delivered desk calendars and the client thanked us for the partnership.",
    ),
    (
        "更新客户联系人信息，已登记新任出纳的手机号码。",
        "Updated client contact details and recorded the new cashier's mobile number.",
    ),
    (
        "开门红期间上门走访，客户表示暂无新增业务安排。",
        "Visited during the new-year sales campaign; client said there is no new business planned for now.",
    ),
    (
        "邀请财务总监参加我行年末客户答谢会，对方表示会出席。",
        "Invited the CFO to our year-end client appreciation event; she confirmed she will attend.",
    ),
    (
        "按要求完成贷后例行检查，客户生产经营正常。",
        "Completed the routine post-loan check as required; production and operations are normal.",
    ),
    (
        "收集客户最新营业执照及章程复印件，更新客户身份资料。",
        "Collected copies of the latest business licence and articles of association to update KYC records.",
    ),
    (
        "老板聊起孩子今年高考的情况，顺便谈了谈本地房价。",
        "Owner talked about his child sitting the college entrance exam this year, and about local house prices.",
    ),
)

# Routine notes tied to a season (index into NOISE → calendar months they are written in), the
# post-loan check (borrowers only), and the notes that fit any client at any time.
NOISE_SEASON: dict[int, tuple[int, ...]] = {
    1: (8, 9),
    9: (1, 2),
    11: (1, 2, 3),
    12: (11, 12),
    15: (5, 6, 7),
}
NOISE_POST_LOAN = 13
NOISE_ANY_TIME: tuple[int, ...] = (0, 2, 3, 4, 5, 6, 7, 8, 10, 14)

# "false leads": the client mentions a topic that sounds like a need but explicitly says they don't need it
# or it's covered. need code -> pairs, 2 per need
FALSE_LEAD: dict[str, tuple[tuple[str, str], ...]] = {
    "seasonal_wc": (
        (
            "财务总监说今年旺季备货资金已由股东借款解决，无需银行融资。",
            "CFO said this year's peak-season stocking is funded by shareholder loans; no bank financing needed.",
        ),
        (
            "老板提到旺季快到了，但表示现有授信额度足够覆盖。",
            "Owner noted peak season is coming but said existing credit lines are enough to cover it.",
        ),
    ),
    "capex": (
        (
            "老板表示近两年不会扩产，设备更新也已全部完成。",
            "Owner said there will be no capacity expansion in the next two years and equipment upgrades are all done.",
        ),
        (
            "财务总监提到新厂房项目，但资金已由集团拨付，无需贷款。",
            "CFO mentioned the new plant project but said the group has already funded it; no loan needed.",
        ),
    ),
    "idle_liquidity": (
        (
            "财务经理表示账上资金均有安排，近期没有闲置资金可做理财。",
            "Finance manager said all cash on hand is earmarked; there are no idle funds for investment products.",
        ),
        (
            "老板称闲置资金已全部购买他行理财，暂不考虑调整。",
            "Owner said all surplus cash is already in another bank's WM products, and there are no plans to change for now.",
        ),
    ),
    "group_treasury": (
        (
            "财务总监说集团资金池已在他行搭建，运行良好，暂无更换计划。",
            "CFO said the group cash pool is already set up at another bank and runs well; no plans to switch.",
        ),
        (
            "客户仅有一家子公司，财务经理认为资金统一管理没有必要。",
            "Client has only one subsidiary; finance manager sees no need for centralised fund management.",
        ),
    ),
    "fx_risk": (
        (
            "客户表示汇率风险已由集团统一对冲，暂无需求。",
            "Client said FX risk is hedged centrally by the group; no need at present.",
        ),
        (
            "财务经理称进出口均以人民币结算，汇率波动影响不大。",
            "Finance manager said both imports and exports are settled in RMB, so FX swings have little impact.",
        ),
    ),
    "supply_chain": (
        (
            "财务总监提到下游客户多为款到发货，应收账款压力不大。",
            "CFO said most downstream customers pay before shipment, so there is little receivables pressure.",
        ),
        (
            "老板说大客户账期虽长，但核心企业平台已提供融资，够用。",
            "Owner said big-customer payment terms are long, but the anchor buyer's platform already provides enough financing.",
        ),
    ),
    "payroll": (
        (
            "财务经理称工资代发与他行签有战略合作协议，短期内不会调整。",
            "Finance manager said payroll is covered by a strategic agreement with another bank and won't change soon.",
        ),
        (
            "老板表示员工仅二十余人，工资直接转账即可，无需代发。",
            "Owner said there are only about 20 staff; wages go out by simple transfer and no payroll service is needed.",
        ),
    ),
    "capital_markets": (
        (
            "财务总监明确表示公司规模尚小，近期不考虑发债。",
            "CFO made clear the company is still small and will not consider issuing bonds in the near term.",
        ),
        (
            "老板提到发债，但称由集团统一安排，子公司不单独发行。",
            "Owner raised bond issuance but said the group handles it centrally; subsidiaries do not issue on their own.",
        ),
    ),
    "acquisition": (
        (
            "老板说有人来谈过收购，但他无意扩张，已经婉拒。",
            "Owner said someone approached him about an acquisition, but he has no wish to expand and declined.",
        ),
        (
            "财务总监表示原定的并购计划已经搁置，三年内不会重启。",
            "CFO said the planned acquisition has been shelved and will not be revived within three years.",
        ),
    ),
    "digitisation": (
        (
            "财务经理称网银和银企直连均已开通，使用很顺畅。",
            "Finance manager said online banking and the host-to-host link are both live and working smoothly.",
        ),
        (
            "出纳表示公司业务量小，偶尔跑柜台也不麻烦，不需要网银。",
            "Cashier said volumes are small, the occasional branch visit is no bother, and online banking isn't needed.",
        ),
    ),
}
