"""Every table and column of a book, declared once: dtype, unit, allowed values, zh/en description.

This one declaration drives validation (casekit.validate), loading (dtypes), and the data
dictionary datasets/README.md (casekit.datadict).
"""

from __future__ import annotations

from dataclasses import dataclass

from casekit import catalog as cat

ID_PATTERNS = {"client": r"^C\d{5,7}$", "rm": r"^RM\d{5}$", "group": r"^G\d{4,}$"}
ID_PATTERNS["prospect"] = r"^X\d{7,}$"
MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


@dataclass(frozen=True)
class Column:
    """One column: its type, unit, rule, and what it means in both languages."""

    name: str
    dtype: str  # str | category | int | float | bool | date | month | datetime
    zh: str
    en: str
    unit: str = ""
    allowed: tuple[str, ...] | None = None
    nullable: bool = False
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    unique: bool = False
    references: str | None = None  # "table.column" this column must match


@dataclass(frozen=True)
class Table:
    """One table of the book: its file stem, description and columns in file order."""

    name: str
    zh: str
    en: str
    columns: tuple[Column, ...]
    truth: bool = False  # hidden truth: kept beside the data, never given to trainees
    key: tuple[str, ...] = ()  # columns that identify a row (checked unique together)

    @property
    def column_names(self) -> list[str]:
        """Column names in file order."""
        return [c.name for c in self.columns]


C = Column
CLIENT = C(
    "client_id",
    "str",
    "客户编号",
    "Client id",
    pattern=ID_PATTERNS["client"],
    references="clients.client_id",
)
MONEY = "万元 (10,000 CNY)"


def _money(name: str, zh: str, en: str, nullable: bool = False) -> Column:
    return C(name, "float", zh, en, unit=MONEY, min=0, nullable=nullable)


TABLES: tuple[Table, ...] = (
    Table(
        "clients",
        "对公客户",
        "Corporate clients, one row per legal entity, as of the book's first month",
        (
            C(
                "client_id",
                "str",
                "客户编号",
                "Client id",
                pattern=ID_PATTERNS["client"],
                unique=True,
            ),
            C("name_zh", "str", "客户名称（中文）", "Registered name in Chinese"),
            C("name_en", "str", "客户名称（英文）", "Name in English"),
            C(
                "industry",
                "category",
                "国民经济行业门类（GB/T 4754-2017）",
                "Industry section (GB/T 4754-2017)",
                allowed=cat.INDUSTRY_CODES,
            ),
            C("division", "category", "行业大类", "Industry division", allowed=cat.DIVISION_CODES),
            C(
                "size_class",
                "category",
                "企业规模（工信部联企业〔2011〕300号）",
                "Size class by the 2011 SME standard (No. 300)",
                allowed=cat.SIZE_CODES,
            ),
            C("region", "category", "所在区域", "Region", allowed=cat.REGION_CODES),
            C("ownership", "category", "所有制", "Ownership", allowed=cat.OWNERSHIP_CODES),
            C(
                "group_id",
                "str",
                "所属集团编号（无则为空）",
                "Corporate group id, empty if none",
                nullable=True,
                pattern=ID_PATTERNS["group"],
            ),
            C(
                "parent_id",
                "str",
                "母公司客户编号（子公司填写）",
                "Parent company's client id, for subsidiaries",
                nullable=True,
                pattern=ID_PATTERNS["client"],
                references="clients.client_id",
            ),
            C("staff", "int", "从业人员", "Employees", unit="persons", min=1),
            C(
                "revenue",
                "float",
                "上年营业收入",
                "Revenue, last financial year",
                unit=MONEY,
                min=0,
            ),
            C("total_assets", "float", "资产总额", "Total assets", unit=MONEY, min=0),
            C("total_liabilities", "float", "负债总额", "Total liabilities", unit=MONEY, min=0),
            C(
                "receivable_days",
                "int",
                "应收账款周转天数",
                "Receivable days",
                unit="days",
                min=0,
                max=365,
            ),
            C(
                "top_buyer_share",
                "float",
                "第一大客户销售占比",
                "Largest buyer's share of sales",
                unit="share 0-1",
                min=0,
                max=1,
            ),
            C(
                "rating",
                "category",
                "内部信用评级（12级）",
                "Internal rating (12 grades)",
                allowed=cat.RATINGS,
            ),
            C(
                "tier",
                "category",
                "客户分层（按综合贡献度）",
                "Tier by overall contribution",
                allowed=cat.TIER_CODES,
            ),
            C(
                "rm_id",
                "str",
                "主办客户经理",
                "Relationship manager",
                pattern=ID_PATTERNS["rm"],
                references="rms.rm_id",
            ),
            C(
                "client_since",
                "int",
                "建立关系年份",
                "Year the relationship began",
                min=1980,
                max=2100,
            ),
        ),
    ),
    Table(
        "rms",
        "客户经理",
        "Relationship managers",
        (
            C("rm_id", "str", "客户经理编号", "RM id", pattern=ID_PATTERNS["rm"], unique=True),
            C("name_zh", "str", "姓名", "Name in Chinese"),
            C("name_en", "str", "姓名（拼音）", "Name in pinyin"),
            C("segment", "category", "所属团队", "Coverage team", allowed=cat.RM_SEGMENT_CODES),
            C("branch", "str", "所属分行", "Branch", pattern=r"^B\d{2,}$"),
            C(
                "years_experience",
                "int",
                "从业年限",
                "Years of experience",
                unit="years",
                min=0,
                max=45,
            ),
            C(
                "capacity_hours",
                "int",
                "每月可用于客户的工时",
                "Client-facing hours a month",
                unit="hours",
                min=0,
            ),
        ),
    ),
    Table(
        "panel",
        "客户月度面板",
        "Monthly client panel: one row per client per month on the book",
        (
            CLIENT,
            C("month", "month", "月份", "Month", pattern=MONTH),
            _money("deposit_avg", "存款日均余额", "Daily-average deposits (日均)"),
            _money("deposit_month_end", "存款月末余额", "Month-end deposits"),
            _money("loan_balance", "贷款余额（月末）", "Loan balance, month end"),
            _money("inflow", "本行账户资金流入", "Inflows through our accounts"),
            _money("outflow", "本行账户资金流出", "Outflows through our accounts"),
            _money(
                "fx_inflow",
                "跨境/外币收款（折人民币）",
                "Cross-border / FX receipts, CNY equivalent",
            ),
            _money(
                "fx_outflow",
                "跨境/外币付款（折人民币）",
                "Cross-border / FX payments, CNY equivalent",
            ),
            _money(
                "payroll_outflow", "本行代发工资金额", "Salaries paid through our payroll service"
            ),
            _money(
                "salary_transfer_other_bank",
                "发薪日转往他行的整笔资金",
                "Lump transfers to another bank around payday",
            ),
            _money("intragroup_inflow", "集团内资金划入", "Intra-group transfers in"),
            _money("intragroup_outflow", "集团内资金划出", "Intra-group transfers out"),
            _money("capex_outflow", "设备及工程款支付", "Equipment and construction payments"),
            _money("equity_transfer_outflow", "股权转让款支付", "Equity-transfer payments"),
            C(
                "overdraft_days",
                "int",
                "当月透支或余额近零天数",
                "Days overdrawn or near zero in the month",
                unit="days",
                min=0,
                max=31,
            ),
            C("counter_txn", "int", "柜面交易笔数", "Counter transactions", unit="count", min=0),
            C("online_txn", "int", "网银/线上交易笔数", "Online transactions", unit="count", min=0),
            _money("fee_income", "中间业务收入（本行）", "Fee income earned by the bank"),
            _money(
                "interest_income", "净利息收入（本行）", "Net interest income earned by the bank"
            ),
            C("dpd", "int", "逾期天数", "Days past due", unit="days", min=0),
            C(
                "loan_class",
                "category",
                "贷款五级分类",
                "Five-category loan classification",
                allowed=cat.LOAN_CLASS_CODES,
            ),
        ),
        key=("client_id", "month"),
    ),
    Table(
        "holdings",
        "产品持有",
        "Products each client holds",
        (
            CLIENT,
            C("product", "category", "产品", "Product", allowed=cat.PRODUCT_CODES),
            C("start_month", "month", "开办月份", "Month opened", pattern=MONTH),
            C(
                "end_month",
                "month",
                "结清/关闭月份",
                "Month closed, empty if still held",
                pattern=MONTH,
                nullable=True,
            ),
            C(
                "amount",
                "float",
                "额度/金额/名义本金（服务类为空）",
                "Limit, amount or notional; empty for services",
                unit=MONEY,
                min=0,
                nullable=True,
            ),
        ),
        key=("client_id", "product"),
    ),
    Table(
        "interactions",
        "客户接触与拜访纪要",
        "RM contacts with call-report notes",
        (
            C("interaction_id", "str", "接触编号", "Interaction id", unique=True),
            CLIENT,
            C("rm_id", "str", "客户经理", "RM", pattern=ID_PATTERNS["rm"], references="rms.rm_id"),
            C("date", "date", "日期", "Date"),
            C("channel", "category", "方式", "Channel", allowed=cat.CHANNEL_CODES),
            C("note_zh", "str", "拜访纪要（中文）", "Call-report note in Chinese"),
            C("note_en", "str", "拜访纪要（英文）", "Call-report note in English"),
        ),
    ),
    Table(
        "service_requests",
        "服务请求",
        "Service requests and the time each stage ended",
        (
            C("request_id", "str", "请求编号", "Request id", unique=True),
            CLIENT,
            C(
                "request_type",
                "category",
                "业务类型",
                "Request type",
                allowed=cat.REQUEST_TYPE_CODES,
            ),
            C("accepted_at", "datetime", "受理时间", "Accepted (受理)"),
            C("reviewed_at", "datetime", "审核完成时间", "Review done (审核)"),
            C("approved_at", "datetime", "审批完成时间", "Approval done (审批)"),
            C("processed_at", "datetime", "办理完成时间", "Processing done (办理)"),
            C(
                "followed_up_at",
                "datetime",
                "回访时间（未回访为空）",
                "Follow-up call (回访), empty if none",
                nullable=True,
            ),
            C(
                "sla_hours",
                "int",
                "服务时限：受理至办理完成",
                "Service level: hours from accepted to processed",
                unit="hours",
                min=1,
            ),
        ),
    ),
    Table(
        "complaints",
        "客户投诉",
        "Complaints and their resolution",
        (
            C("complaint_id", "str", "投诉编号", "Complaint id", unique=True),
            CLIENT,
            C(
                "request_id",
                "str",
                "关联服务请求",
                "Related service request",
                nullable=True,
                references="service_requests.request_id",
            ),
            C("opened_on", "date", "受理日期", "Opened"),
            C("category", "category", "投诉类别", "Category", allowed=cat.COMPLAINT_CODES),
            C("resolved_on", "date", "办结日期", "Resolved"),
            C("extended", "bool", "是否经批准延期", "Extension approved beyond 15 days"),
        ),
    ),
    Table(
        "surveys",
        "满意度调查",
        "Yearly satisfaction survey (each November)",
        (
            C("survey_id", "str", "问卷编号", "Survey id", unique=True),
            CLIENT,
            C("month", "month", "调查月份", "Survey month", pattern=MONTH),
            C("nps", "int", "推荐意愿（0-10）", "Likelihood to recommend, 0-10", min=0, max=10),
            C("speed", "int", "服务时效评分（1-5）", "Speed of service, 1-5", min=1, max=5),
            C(
                "professionalism",
                "int",
                "客户经理专业度（1-5）",
                "RM professionalism, 1-5",
                min=1,
                max=5,
            ),
            C("product_fit", "int", "产品匹配度（1-5）", "Product fit, 1-5", min=1, max=5),
            C("digital", "int", "线上渠道体验（1-5）", "Digital channels, 1-5", min=1, max=5),
        ),
    ),
    Table(
        "warnings",
        "预警信号",
        "Early-warning events (预警信号) recorded in the month they were seen",
        (
            CLIENT,
            C("month", "month", "发现月份", "Month seen", pattern=MONTH),
            C("signal", "category", "信号类型", "Signal", allowed=cat.WARNING_CODES),
        ),
    ),
    Table(
        "outcomes",
        "客户结果",
        "What became of each client over the book",
        (
            C(
                "client_id",
                "str",
                "客户编号",
                "Client id",
                pattern=ID_PATTERNS["client"],
                unique=True,
                references="clients.client_id",
            ),
            C("churn_status", "category", "流失状态", "Churn status", allowed=cat.CHURN_CODES),
            C(
                "churn_month",
                "month",
                "流失月份",
                "Month churn began",
                pattern=MONTH,
                nullable=True,
            ),
            C("defaulted", "bool", "是否违约（逾期90天以上）", "Defaulted (over 90 days past due)"),
            C(
                "default_month",
                "month",
                "违约月份",
                "Month of default",
                pattern=MONTH,
                nullable=True,
            ),
            C(
                "exit_month",
                "month",
                "关系终止月份",
                "Month the relationship ended",
                pattern=MONTH,
                nullable=True,
            ),
            C("pilot", "bool", "是否参加关系深耕试点", "In the relationship pilot programme"),
            C(
                "pilot_start",
                "month",
                "试点开始月份",
                "Pilot start month",
                pattern=MONTH,
                nullable=True,
            ),
        ),
    ),
    Table(
        "prospects",
        "产业链潜在客户",
        "Prospects: firms that trade with our clients but do not bank with us (产业链获客, 1+N)",
        (
            C(
                "prospect_id",
                "str",
                "潜在客户编号",
                "Prospect id",
                pattern=ID_PATTERNS["prospect"],
                unique=True,
            ),
            C("name_zh", "str", "企业名称（中文）", "Registered name in Chinese"),
            C("name_en", "str", "企业名称（英文）", "Name in English"),
            C(
                "industry",
                "category",
                "国民经济行业门类（GB/T 4754-2017）",
                "Industry section (GB/T 4754-2017)",
                allowed=cat.INDUSTRY_CODES,
            ),
            C("division", "category", "行业大类", "Industry division", allowed=cat.DIVISION_CODES),
            C(
                "size_class",
                "category",
                "企业规模（工信部联企业〔2011〕300号）",
                "Size class by the 2011 SME standard (No. 300)",
                allowed=cat.SIZE_CODES,
            ),
            C("region", "category", "所在区域", "Region", allowed=cat.REGION_CODES),
            C(
                "staff",
                "int",
                "从业人员（公开信息）",
                "Employees (public records)",
                unit="persons",
                min=1,
            ),
            C(
                "revenue_est",
                "float",
                "营业收入估算（公开信息）",
                "Revenue, estimated from public records",
                unit=MONEY,
                min=0,
            ),
        ),
    ),
    Table(
        "payments",
        "客户与潜在客户之间的资金往来",
        "Monthly payments between our clients and the prospects they trade with",
        (
            CLIENT,
            C(
                "prospect_id",
                "str",
                "交易对手（潜在客户）",
                "Counterparty (a prospect)",
                pattern=ID_PATTERNS["prospect"],
                references="prospects.prospect_id",
            ),
            C("month", "month", "月份", "Month", pattern=MONTH),
            C(
                "direction",
                "category",
                "方向",
                "Direction: in = the prospect paid our client (a buyer), out = our client paid it (a supplier)",
                allowed=cat.DIRECTION_CODES,
            ),
            _money("amount", "当月金额", "Amount in the month"),
        ),
        key=("client_id", "prospect_id", "month"),
    ),
    Table(
        "prospect_contacts",
        "潜在客户营销拜访记录",
        "Calls RMs made on prospects: whom they met, what they offered, what they heard, the result",
        (
            C("contact_id", "str", "拜访编号", "Call id", unique=True),
            C(
                "prospect_id",
                "str",
                "潜在客户编号",
                "Prospect id",
                pattern=ID_PATTERNS["prospect"],
                references="prospects.prospect_id",
            ),
            C(
                "client_id",
                "str",
                "引荐的核心客户",
                "The anchor client whose chain it is",
                pattern=ID_PATTERNS["client"],
                references="clients.client_id",
            ),
            C("rm_id", "str", "客户经理", "RM", pattern=ID_PATTERNS["rm"], references="rms.rm_id"),
            C("date", "date", "日期", "Date"),
            C("met_role", "category", "会见对象", "Person met", allowed=cat.ROLE_CODES),
            C(
                "colleague",
                "category",
                "同行的行内同事",
                "Colleague who came along",
                allowed=cat.COLLEAGUE_CODES,
            ),
            C(
                "offered",
                "category",
                "切入的需求",
                "Need the RM opened with",
                allowed=cat.PROSPECT_NEED_CODES,
            ),
            C(
                "decider_named",
                "category",
                "对方所说的决策人（未谈及为空）",
                "Who the person met said decides on banks; empty if not discussed",
                allowed=cat.ROLE_CODES,
                nullable=True,
            ),
            C("note_zh", "str", "拜访纪要（中文）", "Call-report note in Chinese"),
            C("note_en", "str", "拜访纪要（英文）", "Call-report note in English"),
            C("result", "category", "结果", "Result", allowed=cat.RESULT_CODES),
        ),
    ),
    Table(
        "team_activities",
        "团队协作营销记录（1+N）",
        "Team visits (1+N): the RM with product, credit and trade-finance colleagues, step by step",
        (
            C("activity_id", "str", "活动编号", "Activity id", pattern=r"^T\d{8,}$", unique=True),
            CLIENT,
            C("rm_id", "str", "客户经理", "RM", pattern=ID_PATTERNS["rm"], references="rms.rm_id"),
            C("date", "date", "日期", "Date"),
            C(
                "step",
                "category",
                "环节（首次联合拜访、方案沟通、客户同意、客户婉拒）",
                "Step: kickoff (first joint visit), proposal, agreed, declined",
                allowed=("kickoff", "proposal", "agreed", "declined"),
            ),
            C(
                "colleague",
                "category",
                "同行的行内同事",
                "Colleague who came along",
                allowed=cat.COLLEAGUE_CODES,
            ),
            C("colleague_name_zh", "str", "同事姓名（中文）", "Colleague's name in Chinese"),
            C("colleague_name_en", "str", "同事姓名（英文）", "Colleague's name in English"),
            C(
                "product",
                "category",
                "客户同意办理的产品（其他环节为空）",
                "Product the client agreed to; empty for other steps",
                allowed=cat.PRODUCT_CODES,
                nullable=True,
            ),
            C("note_zh", "str", "拜访纪要（中文）", "Call-report note in Chinese"),
            C("note_en", "str", "拜访纪要（英文）", "Call-report note in English"),
        ),
    ),
    Table(
        "needs",
        "客户真实需求（隐藏）",
        "Each client's true needs (hidden truth)",
        truth=True,
        columns=(
            CLIENT,
            C("need", "category", "需求类型", "Need", allowed=cat.NEED_CODES),
            C(
                "value",
                "float",
                "满足该需求的年化价值",
                "What serving it is worth a year",
                unit=MONEY,
                min=0,
            ),
            C(
                "urgency",
                "int",
                "紧急程度（1-5）",
                "Urgency, 1 (can wait) to 5 (this quarter)",
                min=1,
                max=5,
            ),
            C("served", "bool", "是否已由持有产品满足", "Already served by a product held"),
            C(
                "due_month",
                "month",
                "需求到期月份（季节高峰、到期日或计划日期）",
                "Month the need falls due (a seasonal peak, a maturity or a dated plan)",
            ),
            C(
                "take_up",
                "float",
                "提供对口产品时的接受概率",
                "Chance the client takes up a product that serves the need",
                min=0,
                max=1,
            ),
        ),
    ),
    Table(
        "client_truth",
        "客户隐藏属性",
        "Each client's hidden propensities (hidden truth)",
        truth=True,
        columns=(
            C(
                "client_id",
                "str",
                "客户编号",
                "Client id",
                pattern=ID_PATTERNS["client"],
                unique=True,
                references="clients.client_id",
            ),
            C(
                "pd_annual",
                "float",
                "真实一年违约概率",
                "True one-year probability of default",
                min=0,
                max=1,
            ),
            C(
                "churn_hazard_annual",
                "float",
                "真实年化流失风险",
                "True annual churn hazard (before the pilot)",
                min=0,
                max=1,
            ),
            C("loyalty", "float", "忠诚度（标准化）", "Loyalty, standardised"),
            C("satisfaction", "float", "满意度（标准化）", "Satisfaction, standardised"),
        ),
    ),
    Table(
        "rm_truth",
        "客户经理能力（隐藏）",
        "Each RM's hidden skill (hidden truth)",
        truth=True,
        columns=(
            C(
                "rm_id",
                "str",
                "客户经理编号",
                "RM id",
                pattern=ID_PATTERNS["rm"],
                unique=True,
                references="rms.rm_id",
            ),
            C("skill", "float", "能力（标准化）", "Skill, standardised"),
        ),
    ),
    Table(
        "prospect_truth",
        "潜在客户隐藏属性",
        "Each prospect's real need, decider and propensity to switch (hidden truth)",
        truth=True,
        columns=(
            C(
                "prospect_id",
                "str",
                "潜在客户编号",
                "Prospect id",
                pattern=ID_PATTERNS["prospect"],
                unique=True,
                references="prospects.prospect_id",
            ),
            C(
                "need",
                "category",
                "真实首要需求",
                "The need that would win it",
                allowed=cat.PROSPECT_NEED_CODES,
            ),
            C(
                "decider",
                "category",
                "真正的决策人",
                "Who really decides on banks",
                allowed=cat.ROLE_CODES,
            ),
            C(
                "switch_propensity",
                "float",
                "转到我行的倾向（方法全对时的成功概率）",
                "Chance it switches to us when approached with the right need, person and colleague",
                min=0,
                max=1,
            ),
            _money("value", "成功获客后的年化综合贡献", "What it is worth a year once won"),
            C(
                "would_convert",
                "bool",
                "方法全对时是否会开户",
                "Would open an account if approached the right way",
            ),
        ),
    ),
    Table(
        "team_truth",
        "团队协作的真实效果（隐藏）",
        "Each team effort's hidden truth: when, who, the needs met in order, the true uplift, the market",
        truth=True,
        columns=(
            C(
                "client_id",
                "str",
                "客户编号",
                "Client id",
                pattern=ID_PATTERNS["client"],
                unique=True,
                references="clients.client_id",
            ),
            C("team_start", "month", "团队介入月份", "Month the team started", pattern=MONTH),
            C(
                "colleagues",
                "str",
                "参与的同事角色（分号分隔）",
                "Colleague roles involved, ;-separated",
            ),
            C(
                "needs_met",
                "str",
                "按顺序满足的需求（分号分隔）",
                "Needs met, in the order met, ;-separated",
            ),
            C(
                "flow_uplift",
                "float",
                "团队带来的资金流真实增幅",
                "True uplift of flows through us the team won (relative)",
                min=0,
            ),
            C("deposit_uplift", "float", "存款真实增幅", "True uplift of deposits", min=0),
            C("fee_uplift", "float", "中间业务收入真实增幅", "True uplift of fee income", min=0),
            C(
                "market_change",
                "float",
                "同期行业市场带来的变化（运气/市场）",
                "Change the industry's market brought over the case's windows (luck, not skill)",
            ),
            C(
                "own_change",
                "float",
                "企业自身增长带来的变化",
                "Change the firm's own growth brought over the windows",
            ),
            C(
                "wallet_before",
                "float",
                "团队介入前的真实钱包份额",
                "True share of wallet before",
                min=0,
                max=1,
            ),
            C(
                "wallet_after",
                "float",
                "团队介入后的真实钱包份额",
                "True share of wallet after",
                min=0,
                max=1,
            ),
        ),
    ),
)

TABLE = {t.name: t for t in TABLES}
OBSERVABLE = tuple(t.name for t in TABLES if not t.truth)
TRUTH = tuple(t.name for t in TABLES if t.truth)
