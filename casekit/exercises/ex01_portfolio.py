"""Exercise 1 · The portfolio and the client 360° view (客户分层与客户全景).

The method of case 1: size up the book by tier, measure how concentrated deposits are, then
read one client closely: the gap between month-end and daily-average deposits (a sign of
window dressing), what they hold, and who brings the most income.
"""

from __future__ import annotations

from casekit.exercises.common import (
    product_codes,
    t,
)
from casekit.questions import (
    DecisionQuestion,
    Mistake,
    NumberQuestion,
    RankingQuestion,
    ReflectionQuestion,
)
from casekit.table_questions import PairsQuestion, TableQuestion

TITLE = t("Exercise 1 · Portfolio and client 360°", "练习一 · 客户分层与客户全景")


DEEPEN = {"deepen": t("deepen", "深耕"), "watch": t("watch", "关注")}

QUESTIONS = (
    NumberQuestion(
        "q1",
        capability="client_info",
        skill="data",
        hints=(
            t(
                "A tier is a list the branch keeps of its clients: count the clients on the key list, whatever they hold.",
                "客户分层是支行维护的一份客户名单：数一数重点客户名单上有多少户，不论他们持有什么。",
            ),
            t(
                "Every client is one row of book.clients; its tier column says which list it is on.",
                "每位客户是 book.clients 中的一行；tier 列说明属于哪一层。",
            ),
            t("(book.clients['tier'] == 'key').sum()", "(book.clients['tier'] == 'key').sum()"),
        ),
        abs_tol=0.5,
        rel_tol=0.0,
        mistakes=(
            Mistake(
                "key_and_strategic",
                t(
                    "you counted the strategic clients too: the question asks for the key tier only.",
                    "把战略客户也算进去了：本题只问重点客户这一层。",
                ),
            ),
        ),
    ),
    TableQuestion(
        "q2",
        capability="maintenance",
        skill="data",
        what="what_table",
        columns=("tier", "clients", "deposits"),
        keys=("tier",),
        rel_tol=0.005,
        mistakes=(
            Mistake(
                "month_end",
                t(
                    "you added up month-end balances (deposit_month_end): deposits are judged on the daily average, which money parked for the month-end snapshot cannot inflate.",
                    "用了月末余额（deposit_month_end）加总：存款要看日均余额，月末冲时点的资金抬不高它。",
                ),
            ),
            Mistake(
                "on_book_only",
                t(
                    "you counted only clients with deposits in the latest month: a client on the tier list who has left still counts as a client (with 0 deposits).",
                    "只数了最近一个月有存款的客户：名单上已流失的客户也算作客户（存款记为 0）。",
                ),
            ),
        ),
        hints=(
            t(
                "Size up each tier the way a branch head would: how many clients are on the list, and what they keep with us on an ordinary day.",
                "像支行行长那样摸底：每一层名单上有多少客户，平日里在我行留存多少资金。",
            ),
            t(
                "Take the latest month of book.panel, attach each client's tier, group by tier.",
                "取 book.panel 的最近一个月，给每位客户配上层级，再按层级分组。",
            ),
            t(
                "Clients with no row in the latest month count as clients with 0 deposits.",
                "最近一个月没有数据的客户，按存款为 0 计入客户数。",
            ),
        ),
        points=2,
    ),
    NumberQuestion(
        "q3",
        capability="data_analysis",
        skill="method",
        mistakes=(
            Mistake(
                "month_end",
                t(
                    "you measured concentration on month-end balances (deposit_month_end), the very 冲时点 figure Q4 warns about: use daily averages.",
                    "用月末余额（deposit_month_end）衡量集中度，正是第 4 题提醒的冲时点口径：请用日均余额。",
                ),
            ),
            Mistake(
                "year_sum",
                t(
                    "you ranked clients by 12 months of balances: the question asks about the latest month.",
                    "按 12 个月余额之和排名了：本题问的是最近一个月。",
                ),
            ),
            Mistake(
                "all_months_total",
                t(
                    "you divided by every month's deposits added up: divide by the latest month's total.",
                    "分母用了所有月份存款之和：应除以最近一个月的存款总额。",
                ),
            ),
        ),
        hints=(
            t(
                "Ask: if our 20 biggest depositors moved their money tomorrow, what share of the branch's ordinary-day deposits would go?",
                "想一想：如果最大的 20 户明天把钱转走，全行平日存款会少掉多大比例？",
            ),
            t(
                "Concentration: the 20 largest daily-average balances in the latest month, over the total.",
                "集中度：最近一个月日均存款最大的 20 户之和，除以全部日均存款。",
            ),
            t(
                "Series.nlargest(20).sum() / Series.sum()",
                "Series.nlargest(20).sum() / Series.sum()",
            ),
        ),
        rel_tol=0.01,
        form="0-1",
    ),
    NumberQuestion(
        "q4",
        capability="client_info",
        skill="judgement",
        hints=(
            t(
                "How much more does your client show on the last day of the month than it keeps on an ordinary day?",
                "你的客户在月末最后一天比平日多放了多少钱？",
            ),
            t(
                "Month-end balance minus daily-average balance, for your client, in the latest month.",
                "你的客户最近一个月的月末余额减去日均余额。",
            ),
            t(
                "A large positive gap means money parked for the month-end snapshot (window dressing).",
                "差额为较大的正数，说明资金只在月末时点停留（冲时点）。",
            ),
        ),
        rel_tol=0.01,
        abs_tol=0.05,
        unit="万元",
        points=1,
        mistakes=(
            Mistake(
                "reversed",
                t(
                    "you subtracted the other way round: month-end minus daily average, so that money parked for the snapshot shows as a positive gap.",
                    "减反了：应为月末余额减日均余额，这样为月末时点停留的资金才显示为正的差额。",
                ),
            ),
        ),
    ),
    PairsQuestion(
        "q5",
        capability="client_info",
        skill="data",
        what="what_products",
        columns=("product",),
        allow_empty=True,
        valid=product_codes,
        label_kinds=(("product", "product"),),
        mistakes=(
            Mistake(
                "closed_too",
                t(
                    "you listed closed products too: only holdings with no end_month are held now.",
                    "把已结束的产品也列进来了：只有 end_month 为空的才是当前持有的。",
                ),
            ),
        ),
        hints=(
            t(
                "Before a visit, an RM checks what the client uses today: closed accounts are history, not the relationship.",
                "拜访前，客户经理要先弄清客户现在用着哪些产品：已销户的只是历史，不是现在的关系。",
            ),
            t(
                "book.holdings lists every product a client has held; the current ones have no end_month.",
                "book.holdings 列出客户持有过的全部产品；当前持有的没有 end_month。",
            ),
            t(
                "Give a list of product codes or names, e.g. ['basic_account', ...].",
                "给出产品代码或产品名称的列表，如 ['basic_account', ...] 或 ['基本存款账户', ...]。",
            ),
        ),
    ),
    RankingQuestion(
        "q6",
        capability="data_analysis",
        skill="method",
        what="what_ranking",
        mistakes=(
            Mistake(
                "interest_only",
                t(
                    "you ranked by interest income alone: a client's contribution is interest plus fees (settlement, FX, advisory), and fees are where many relationships earn.",
                    "只按利息收入排了名：客户贡献是利息加手续费（结算、外汇、咨询等），很多客户关系的收入恰在手续费。",
                ),
            ),
            Mistake(
                "first_year",
                t(
                    "you took the first 12 months of the panel: the question asks about the last 12, who earns for us now.",
                    "用了面板最早的 12 个月：本题问的是最近 12 个月，即现在谁在为我行创收。",
                ),
            ),
            Mistake(
                "all_months",
                t(
                    "you added up every month of the panel: take the last 12 months only.",
                    "把面板所有月份都加总了：只取最近 12 个月。",
                ),
            ),
            Mistake(
                "deposits",
                t(
                    "you ranked by deposits: the biggest depositor is not always the biggest earner.",
                    "按存款排了名：存款最多的客户不一定贡献收入最多。",
                ),
            ),
        ),
        hints=(
            t(
                "Who earns the branch the most this past year, counting everything they pay us?",
                "过去一年里，把客户付给我行的各类收入都算上，谁贡献最多？",
            ),
            t(
                "Income = interest_income + fee_income, summed over the last 12 months of the panel.",
                "收入 = 利息收入 + 手续费收入，按面板最近 12 个月加总。",
            ),
            t(
                "Rank the clients by it, highest first, and give the top five ids.",
                "按收入从高到低排序，给出前五位客户编号。",
            ),
        ),
        points=2,
    ),
    ReflectionQuestion(
        "q7",
        capability="relationship",
        skill="judgement",
        points=0,
        hints=(
            t(
                "Think of tier, deposit quality and what the client does not hold yet.",
                "想想客户层级、存款质量，以及客户尚未持有哪些产品。",
            ),
        ),
    ),
    DecisionQuestion(
        "q8",
        capability="maintenance",
        skill="judgement",
        options=("deepen", "watch"),
        option_labels=DEEPEN,
        points=2,
        rubric=(
            t(
                "cites the month-end gap against the daily average (Q4)",
                "引用月末余额与日均余额的差额（第 4 题）",
            ),
            t(
                "names a product the client lacks (Q5) or a risk to check",
                "指出客户缺少的产品（第 5 题）或需核实的风险",
            ),
            t(
                "says what the RM does next, and with whom at the client",
                "说明客户经理下一步做什么、找客户的谁",
            ),
        ),
        hints=(
            t(
                "A relationship is real when the money stays all month; parked money leaves after the snapshot.",
                "资金整月都在，才是真实的往来；为月末时点停放的资金，时点一过就走。",
            ),
            t(
                "watch if the month-end balance is more than 5% above the daily average (or the client has left); else deepen.",
                "月末余额比日均余额高出 5% 以上（或客户已流失）选 watch，否则选 deepen。",
            ),
        ),
    ),
)
