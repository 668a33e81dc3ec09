"""The bank's vocabularies: industries, size standards, regions, ratings, products, needs.

Every categorical value that appears in a table is declared here once, with its Chinese
and English label, so the schema, the generator, the data dictionary and the notebooks
all read the same list.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Label:
    """A code with its Chinese and English label."""

    code: str
    zh: str
    en: str


def _codes(items: tuple[Label, ...]) -> tuple[str, ...]:
    return tuple(i.code for i in items)


# GB/T 4754-2017 sections that appear in a corporate loan book (J finance, S public
# administration and T international organisations are not corporate clients here).
INDUSTRIES: tuple[Label, ...] = (
    Label("A", "农、林、牧、渔业", "Agriculture, forestry, animal husbandry and fishery"),
    Label("B", "采矿业", "Mining"),
    Label("C", "制造业", "Manufacturing"),
    Label("D", "电力、热力、燃气及水生产和供应业", "Utilities"),
    Label("E", "建筑业", "Construction"),
    Label("F", "批发和零售业", "Wholesale and retail trade"),
    Label("G", "交通运输、仓储和邮政业", "Transport, storage and post"),
    Label("H", "住宿和餐饮业", "Accommodation and catering"),
    Label("I", "信息传输、软件和信息技术服务业", "Information technology and software"),
    Label("K", "房地产业", "Real estate"),
    Label("L", "租赁和商务服务业", "Leasing and business services"),
    Label("M", "科学研究和技术服务业", "Scientific research and technical services"),
    Label("N", "水利、环境和公共设施管理业", "Water, environment and public facilities"),
    Label("O", "居民服务、修理和其他服务业", "Household, repair and other services"),
    Label("P", "教育", "Education"),
    Label("Q", "卫生和社会工作", "Health and social work"),
    Label("R", "文化、体育和娱乐业", "Culture, sports and entertainment"),
)
INDUSTRY_CODES = _codes(INDUSTRIES)


@dataclass(frozen=True)
class Division:
    """A line of business inside a GB/T section, with the 300号 size standard it falls under."""

    code: str
    section: str
    zh: str
    en: str
    standard: str  # key into SIZE_STANDARDS
    rev_per_staff: float  # 万元 of revenue per employee, typical
    asset_turnover: float  # revenue / total assets, typical
    seasonality: float  # typical amplitude of monthly revenue seasonality (0..1)
    fx_prone: float  # probability of cross-border trade
    word_zh: str  # word used in company names
    word_en: str


DIVISIONS: tuple[Division, ...] = (
    Division(
        "A01",
        "A",
        "农业种植",
        "Crop farming",
        "agriculture",
        30,
        0.8,
        0.55,
        0.05,
        "农业",
        "Agriculture",
    ),
    Division(
        "A03", "A", "畜牧养殖", "Livestock", "agriculture", 40, 0.9, 0.30, 0.03, "牧业", "Livestock"
    ),
    Division(
        "B06", "B", "煤炭开采", "Coal mining", "industry", 120, 0.5, 0.15, 0.05, "矿业", "Mining"
    ),
    Division(
        "C13",
        "C",
        "农副食品加工",
        "Food processing",
        "industry",
        90,
        1.3,
        0.35,
        0.20,
        "食品",
        "Foods",
    ),
    Division("C17", "C", "纺织业", "Textiles", "industry", 60, 1.2, 0.30, 0.45, "纺织", "Textiles"),
    Division(
        "C26",
        "C",
        "化学原料和化学制品",
        "Chemicals",
        "industry",
        150,
        1.0,
        0.15,
        0.30,
        "化工",
        "Chemicals",
    ),
    Division(
        "C34",
        "C",
        "通用设备制造",
        "General machinery",
        "industry",
        80,
        0.9,
        0.20,
        0.35,
        "机械",
        "Machinery",
    ),
    Division(
        "C36",
        "C",
        "汽车制造",
        "Automotive parts",
        "industry",
        110,
        1.0,
        0.20,
        0.30,
        "汽配",
        "Auto Parts",
    ),
    Division(
        "C39",
        "C",
        "计算机通信电子设备",
        "Electronics",
        "industry",
        100,
        1.1,
        0.25,
        0.55,
        "电子",
        "Electronics",
    ),
    Division(
        "D44",
        "D",
        "电力热力生产供应",
        "Power and heat",
        "industry",
        250,
        0.3,
        0.25,
        0.02,
        "能源",
        "Energy",
    ),
    Division(
        "E47",
        "E",
        "房屋建筑",
        "Building construction",
        "construction",
        100,
        0.8,
        0.35,
        0.03,
        "建设",
        "Construction",
    ),
    Division(
        "F51", "F", "批发业", "Wholesale", "wholesale", 300, 2.0, 0.30, 0.30, "贸易", "Trading"
    ),
    Division("F52", "F", "零售业", "Retail", "retail", 120, 2.2, 0.30, 0.05, "商贸", "Retail"),
    Division(
        "G54",
        "G",
        "道路运输",
        "Road transport",
        "transport",
        60,
        0.9,
        0.20,
        0.10,
        "物流",
        "Logistics",
    ),
    Division(
        "G59",
        "G",
        "仓储业",
        "Warehousing",
        "warehousing",
        70,
        0.6,
        0.15,
        0.15,
        "仓储",
        "Warehousing",
    ),
    Division("H62", "H", "餐饮业", "Catering", "catering", 25, 1.8, 0.25, 0.01, "餐饮", "Catering"),
    Division(
        "I65",
        "I",
        "软件和信息技术服务",
        "Software and IT services",
        "software",
        60,
        1.0,
        0.20,
        0.15,
        "科技",
        "Technology",
    ),
    Division(
        "K70",
        "K",
        "房地产开发经营",
        "Real-estate development",
        "real_estate",
        500,
        0.25,
        0.30,
        0.01,
        "置业",
        "Property",
    ),
    Division(
        "L72",
        "L",
        "商务服务业",
        "Business services",
        "leasing_business",
        80,
        0.8,
        0.15,
        0.10,
        "商务",
        "Business Services",
    ),
    Division(
        "M75",
        "M",
        "科技推广和应用服务",
        "Technical services",
        "other",
        50,
        0.9,
        0.15,
        0.10,
        "技术",
        "Tech Services",
    ),
    Division(
        "N77",
        "N",
        "生态保护和环境治理",
        "Environmental services",
        "other",
        60,
        0.5,
        0.20,
        0.02,
        "环保",
        "Environmental",
    ),
    Division(
        "O80",
        "O",
        "机动车电子产品修理",
        "Repair services",
        "other",
        30,
        1.5,
        0.10,
        0.01,
        "服务",
        "Services",
    ),
    Division("P83", "P", "教育", "Education", "other", 20, 0.6, 0.35, 0.02, "教育", "Education"),
    Division("Q84", "Q", "卫生", "Health care", "other", 30, 0.7, 0.05, 0.02, "医疗", "Healthcare"),
    Division(
        "R87",
        "R",
        "文化艺术业",
        "Culture and arts",
        "other",
        40,
        0.9,
        0.25,
        0.03,
        "文化",
        "Culture",
    ),
)
DIVISION_CODES = tuple(d.code for d in DIVISIONS)


@dataclass(frozen=True)
class SizeStandard:
    """Thresholds of 工信部联企业〔2011〕300号: (large, medium, small) per metric, or None.

    A firm is large if it reaches every large threshold, medium if it reaches every medium
    threshold, small if it reaches every small threshold, and micro otherwise.
    """

    key: str
    zh: str
    staff: tuple[float, float, float] | None
    revenue: tuple[float, float, float] | None
    assets: tuple[float, float, float] | None


SIZE_STANDARDS: dict[str, SizeStandard] = {
    s.key: s
    for s in (
        SizeStandard("industry", "工业", (1000, 300, 20), (40000, 2000, 300), None),
        SizeStandard("construction", "建筑业", None, (80000, 6000, 300), (80000, 5000, 300)),
        SizeStandard("wholesale", "批发业", (200, 20, 5), (40000, 5000, 1000), None),
        SizeStandard("retail", "零售业", (300, 50, 10), (20000, 500, 100), None),
        SizeStandard("transport", "交通运输业", (1000, 300, 20), (30000, 3000, 200), None),
        SizeStandard("warehousing", "仓储业", (200, 100, 20), (30000, 1000, 100), None),
        SizeStandard("catering", "住宿和餐饮业", (300, 100, 10), (10000, 2000, 100), None),
        SizeStandard("software", "软件和信息技术服务业", (300, 100, 10), (10000, 1000, 50), None),
        SizeStandard(
            "real_estate", "房地产开发经营", None, (200000, 1000, 100), (10000, 5000, 2000)
        ),
        SizeStandard(
            "leasing_business", "租赁和商务服务业", (300, 100, 10), None, (120000, 8000, 100)
        ),
        SizeStandard("agriculture", "农、林、牧、渔业", None, (20000, 500, 50), None),
        SizeStandard("other", "其他未列明行业", (300, 100, 10), None, None),
    )
}

SIZE_CLASSES: tuple[Label, ...] = (
    Label("large", "大型", "Large"),
    Label("medium", "中型", "Medium"),
    Label("small", "小型", "Small"),
    Label("micro", "微型", "Micro"),
)
SIZE_CODES = _codes(SIZE_CLASSES)

REGIONS: tuple[Label, ...] = (
    Label("east", "东部", "East"),
    Label("central", "中部", "Central"),
    Label("west", "西部", "West"),
)
REGION_CODES = _codes(REGIONS)
# Province name prefixes used in company names, by region.
PROVINCES: dict[str, tuple[tuple[str, str], ...]] = {
    "east": (
        ("江苏", "Jiangsu"),
        ("浙江", "Zhejiang"),
        ("广东", "Guangdong"),
        ("山东", "Shandong"),
        ("福建", "Fujian"),
        ("上海", "Shanghai"),
    ),
    "central": (
        ("湖北", "Hubei"),
        ("湖南", "Hunan"),
        ("河南", "Henan"),
        ("安徽", "Anhui"),
        ("江西", "Jiangxi"),
    ),
    "west": (
        ("四川", "Sichuan"),
        ("重庆", "Chongqing"),
        ("陕西", "Shaanxi"),
        ("云南", "Yunnan"),
        ("广西", "Guangxi"),
    ),
}

OWNERSHIPS: tuple[Label, ...] = (
    Label("private", "民营", "Private"),
    Label("soe", "国有", "State-owned"),
    Label("foreign", "外资", "Foreign-invested"),
    Label("collective", "集体", "Collective"),
)
OWNERSHIP_CODES = _codes(OWNERSHIPS)

# 12-grade internal rating scale, best first, with the one-year default rate each grade is
# calibrated to (domain brief: ~0% AAA, ~0.2% BBB, ~0.7% BB, ~4% B).
RATINGS: tuple[str, ...] = (
    "AAA",
    "AA+",
    "AA",
    "AA-",
    "A+",
    "A",
    "A-",
    "BBB+",
    "BBB",
    "BBB-",
    "BB",
    "B",
)
RATING_PD: tuple[float, ...] = (
    0.0003,
    0.0005,
    0.0008,
    0.0012,
    0.0018,
    0.0025,
    0.0035,
    0.005,
    0.007,
    0.010,
    0.018,
    0.045,
)

TIERS: tuple[Label, ...] = (
    Label("strategic", "战略客户", "Strategic"),
    Label("key", "重点客户", "Key"),
    Label("general", "一般客户", "General"),
)
TIER_CODES = _codes(TIERS)

RM_SEGMENTS: tuple[Label, ...] = (
    Label("strategic", "战略客户团队", "Strategic coverage"),
    Label("midmarket", "中型客户团队", "Mid-market coverage"),
    Label("sme", "小微客户团队", "SME coverage"),
)
RM_SEGMENT_CODES = _codes(RM_SEGMENTS)

NEEDS: tuple[Label, ...] = (
    Label("seasonal_wc", "季节性流动资金", "Seasonal working capital"),
    Label("capex", "固定资产投资/扩产", "Capex and expansion"),
    Label("idle_liquidity", "闲置资金管理", "Idle liquidity"),
    Label("group_treasury", "集团资金管理", "Group treasury"),
    Label("fx_risk", "汇率风险管理", "FX risk management"),
    Label("supply_chain", "供应链融资", "Supply-chain liquidity"),
    Label("payroll", "代发工资", "Payroll"),
    Label("capital_markets", "直接融资/债券", "Capital markets"),
    Label("acquisition", "并购融资", "Acquisition finance"),
    Label("digitisation", "数字化结算", "Digital banking"),
)
NEED_CODES = _codes(NEEDS)


@dataclass(frozen=True)
class Product:
    """A product the bank sells, the need it serves and its family."""

    code: str
    zh: str
    en: str
    family: str  # credit | off_balance | deposit | settlement | markets
    serves: str | None  # need code


PRODUCTS: tuple[Product, ...] = (
    Product("basic_account", "基本存款账户", "Basic deposit account", "settlement", None),
    Product(
        "working_capital_loan", "流动资金贷款", "Working-capital loan", "credit", "seasonal_wc"
    ),
    Product("overdraft", "法人账户透支", "Corporate overdraft", "credit", "seasonal_wc"),
    Product("bank_acceptance", "银行承兑汇票", "Bank acceptance bill", "credit", "seasonal_wc"),
    Product("fixed_asset_loan", "固定资产贷款", "Fixed-asset loan", "credit", "capex"),
    Product("leasing", "融资租赁", "Financial leasing", "credit", "capex"),
    Product("structured_deposit", "结构性存款", "Structured deposit", "deposit", "idle_liquidity"),
    Product("agreed_deposit", "协定存款", "Agreed-rate deposit", "deposit", "idle_liquidity"),
    Product(
        "cash_pool",
        "现金管理/资金池",
        "Cash management / cash pool",
        "settlement",
        "group_treasury",
    ),
    Product("intl_settlement", "国际结算", "International settlement", "settlement", None),
    Product("fx_forward", "远期结售汇", "FX forward", "markets", "fx_risk"),
    Product("trade_finance", "贸易融资", "Trade finance", "credit", None),
    Product(
        "supply_chain_finance",
        "供应链金融/保理",
        "Supply-chain finance / factoring",
        "credit",
        "supply_chain",
    ),
    Product("payroll_service", "代发工资", "Payroll service", "settlement", "payroll"),
    Product("bond_underwriting", "债券承销", "Bond underwriting", "markets", "capital_markets"),
    Product("ma_loan", "并购贷款", "Acquisition loan", "credit", "acquisition"),
    Product("online_banking", "企业网银", "Corporate online banking", "settlement", "digitisation"),
    # Off-balance-sheet credit: fee income and exposure, but no loan balance.
    Product(
        "guarantee",
        "保函",
        "Bank guarantee (performance, bid, advance payment)",
        "off_balance",
        "capex",
    ),
    Product("letter_of_credit", "信用证", "Letter of credit", "off_balance", None),
    Product("bill_discounting", "票据贴现", "Bill discounting", "credit", "supply_chain"),
    Product("time_deposit", "单位定期存款", "Corporate time deposit", "deposit", "idle_liquidity"),
    Product("call_deposit", "单位通知存款", "Corporate call deposit", "deposit", "idle_liquidity"),
)
PRODUCT_CODES = tuple(p.code for p in PRODUCTS)
# The product a need is served by when the generator lets a client hold it (first match).
NEED_PRODUCT: dict[str, str] = {}
for _p in PRODUCTS:
    if _p.serves and _p.serves not in NEED_PRODUCT:
        NEED_PRODUCT[_p.serves] = _p.code

STAGES: tuple[Label, ...] = (
    Label("accepted", "受理", "Accepted"),
    Label("reviewed", "审核", "Reviewed"),
    Label("approved", "审批", "Approved"),
    Label("processed", "办理", "Processed"),
    Label("followed_up", "回访", "Followed up"),
)
STAGE_CODES = _codes(STAGES)

REQUEST_TYPES: tuple[Label, ...] = (
    Label("account_opening", "开户", "Account opening"),
    Label("loan_drawdown", "贷款提款", "Loan drawdown"),
    Label("credit_renewal", "授信续作", "Credit renewal"),
    Label("intl_payment", "国际结算业务", "International payment"),
    Label("info_change", "信息变更", "Account information change"),
    Label("online_banking_setup", "网银开通", "Online banking set-up"),
)
REQUEST_TYPE_CODES = _codes(REQUEST_TYPES)

CHANNELS: tuple[Label, ...] = (
    Label("visit", "上门拜访", "Site visit"),
    Label("phone", "电话", "Phone call"),
    Label("meeting", "行内会谈", "Meeting at the bank"),
    Label("wechat", "企业微信", "WeCom message"),
)
CHANNEL_CODES = _codes(CHANNELS)

COMPLAINT_CATEGORIES: tuple[Label, ...] = (
    Label("slow_service", "办理时效慢", "Slow processing"),
    Label("fees", "收费争议", "Fee dispute"),
    Label("staff_attitude", "服务态度", "Staff attitude"),
    Label("system_outage", "系统故障", "System outage"),
    Label("product_mis_sold", "产品不适配", "Unsuitable product"),
)
COMPLAINT_CODES = _codes(COMPLAINT_CATEGORIES)

WARNING_SIGNALS: tuple[Label, ...] = (
    Label("tax_arrears", "欠税", "Tax arrears"),
    Label("wage_arrears", "欠薪", "Wage arrears"),
    Label("utility_arrears", "欠缴水电费", "Utility arrears"),
    Label("litigation", "涉诉", "Litigation"),
    Label("guarantee_chain", "担保圈风险", "Guarantee-chain default"),
    Label("account_moved", "基本户迁出/多头开户", "Basic account moved / many accounts elsewhere"),
    Label("production_halt", "停产/减产", "Production halt"),
    Label("rating_downgrade", "评级下调", "Rating downgrade"),
)
WARNING_CODES = _codes(WARNING_SIGNALS)

CHURN_STATUS: tuple[Label, ...] = (
    Label("active", "正常", "Active"),
    Label("partial", "部分流失", "Partial churn"),
    Label("full", "完全流失", "Full churn"),
)
CHURN_CODES = _codes(CHURN_STATUS)

LOAN_CLASSES: tuple[Label, ...] = (
    Label("none", "无贷款", "No loan"),
    Label("normal", "正常", "Normal"),
    Label("special_mention", "关注", "Special mention"),
    Label("substandard", "次级", "Substandard"),
    Label("doubtful", "可疑", "Doubtful"),
    Label("loss", "损失", "Loss"),
)
LOAN_CLASS_CODES = _codes(LOAN_CLASSES)
NPL_CLASSES = ("substandard", "doubtful", "loss")


def loan_class_codes(dpd: np.ndarray, loan: np.ndarray) -> np.ndarray:
    """Index into LOAN_CLASS_CODES of each loan's five-category class (2023 rule).

    Any overdue → at least 关注; over 90 days → 次级; over 270 → 可疑; over 360 → 损失.
    """
    codes = np.select([loan <= 0, dpd > 360, dpd > 270, dpd > 90, dpd > 0], [0, 5, 4, 3, 2], 1)
    return codes.astype(np.int32)


def loan_class(dpd: np.ndarray, loan: np.ndarray) -> np.ndarray:
    """Five-category classification from days past due (2023 rule): overdue → at least 关注."""
    return np.array(LOAN_CLASS_CODES, dtype=object)[loan_class_codes(dpd, loan)]


# Supply-chain prospecting (产业链获客, 1+N): who is met at a prospect, the colleague an RM
# brings, which way a payment runs, and how an approach ended.
CONTACT_ROLES: tuple[Label, ...] = (
    Label("owner", "老板", "Owner"),
    Label("cfo", "财务总监", "CFO"),
    Label("finance_manager", "财务经理", "Finance manager"),
    Label("cashier", "出纳", "Cashier"),
    Label("procurement", "采购负责人", "Head of purchasing"),
)
ROLE_CODES = _codes(CONTACT_ROLES)
COLLEAGUES: tuple[Label, ...] = (
    Label("none", "无（客户经理独自拜访）", "None (the RM alone)"),
    Label(
        "trade_finance", "供应链金融/贸易融资产品经理", "Supply-chain / trade-finance specialist"
    ),
    Label("credit", "授信审批人员", "Credit officer"),
    Label("cash_management", "现金管理产品经理", "Cash-management specialist"),
    Label("treasury", "资产管理/金融市场产品经理", "Treasury and investment specialist"),
)
COLLEAGUE_CODES = _codes(COLLEAGUES)
# The specialist who can answer each need a prospect opens with.
NEED_SPECIALIST: dict[str, str] = {
    "supply_chain": "trade_finance",
    "seasonal_wc": "credit",
    "payroll": "cash_management",
    "digitisation": "cash_management",
    "idle_liquidity": "treasury",
}
PROSPECT_NEED_CODES = tuple(NEED_SPECIALIST)
DIRECTIONS: tuple[Label, ...] = (
    Label("in", "收款（对方付给我行客户）", "Received by our client"),
    Label("out", "付款（我行客户付给对方）", "Paid by our client"),
)
DIRECTION_CODES = _codes(DIRECTIONS)
CONTACT_RESULTS: tuple[Label, ...] = (
    Label("won", "已开户合作", "Won: opened an account"),
    Label("declined", "暂未合作", "Not won"),
)
RESULT_CODES = _codes(CONTACT_RESULTS)


LABELS: dict[str, tuple[Label, ...]] = {
    "industry": INDUSTRIES,
    "size_class": SIZE_CLASSES,
    "region": REGIONS,
    "ownership": OWNERSHIPS,
    "tier": TIERS,
    "segment": RM_SEGMENTS,
    "need": NEEDS,
    "stage": STAGES,
    "request_type": REQUEST_TYPES,
    "channel": CHANNELS,
    "category": COMPLAINT_CATEGORIES,
    "signal": WARNING_SIGNALS,
    "churn_status": CHURN_STATUS,
    "loan_class": LOAN_CLASSES,
    "role": CONTACT_ROLES,
    "colleague": COLLEAGUES,
    "direction": DIRECTIONS,
    "result": CONTACT_RESULTS,
}


def label(kind: str, code: str, lang: str = "en") -> str:
    """The Chinese or English label of a code, e.g. ``label("tier", "key", "zh") == "重点客户"``."""
    if kind == "product":
        items = {p.code: p for p in PRODUCTS}
    elif kind == "division":
        items = {d.code: d for d in DIVISIONS}
    else:
        items = {i.code: i for i in LABELS[kind]}
    item = items[code]
    return item.zh if lang == "zh" else item.en
