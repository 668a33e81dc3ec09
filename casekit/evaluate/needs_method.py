"""The needs-analysis method Case 2 teaches (原书 3.2, 4.2), as functions a test can run on any bank.

Data mining (behaviour signals), interviews (call-note keywords), triangulation, then the
book's importance × urgency matrix: importance is the expected annual contribution of meeting
the need, urgency the months until it falls due as the data and notes date it, and each need is
classified by business type, scale and cooperation potential.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from casekit import catalog as cat
from casekit.book import Book
from casekit.note_keywords import KEYWORDS

# Annual contribution of meeting a need = its business volume (万元) × what the bank earns on a
# 万元 of that business a year. Volumes come from the last twelve months of the panel where the
# data shows them; otherwise from revenue × the share such business usually takes.
RATE = {
    "seasonal_wc": 0.035,  # loan spread on the peak-season line
    "capex": 0.02,  # spread on a fixed-asset loan
    "idle_liquidity": 0.006,  # deposit margin on balances moved into time/structured deposits
    "group_treasury": 0.0006,  # cash-pool fees on the group's swept flows
    "fx_risk": 0.002,  # forward and settlement margin on FX volume
    "supply_chain": 0.02,  # spread on financed receivables
    "payroll": 0.04,  # 万元 per employee a year (fees and the float of salaries)
    "capital_markets": 0.004,  # underwriting fee on a bond of a tenth of revenue
    "acquisition": 0.015,  # spread and arrangement fee on an M&A loan
    "digitisation": 0.02,  # fees on online and host-to-host services, per √revenue
}
VOLUME_RULE = {
    "seasonal_wc": (
        "旺季资金缺口：近一年各月流出超过流入部分之和",
        "seasonal funding gap: the year's monthly outflows above inflows, summed",
    ),
    "capex": (
        "设备款年支出，至少营业收入的 35%",
        "a year's equipment payments, at least 35% of revenue",
    ),
    "idle_liquidity": (
        "超出三个月支出的日均存款（至少一个月营业收入）× 5",
        "daily average deposits above three months' outflows (at least a month of revenue) × 5",
    ),
    "group_treasury": ("营业收入 × 集团成员户数", "revenue × the members of its group"),
    "fx_risk": ("外汇年收付额", "a year's FX receipts and payments"),
    "supply_chain": (
        "应收账款的一半：营业收入 × 应收天数 / 365 × 0.5",
        "half the receivables: revenue × receivable days / 365 × 0.5",
    ),
    "payroll": ("员工人数", "staff"),
    "capital_markets": ("营业收入的 10%（可发债规模）", "10% of revenue (a bond it could issue)"),
    "acquisition": (
        "股权转让款年支出，至少营业收入的 20%",
        "a year's equity-transfer payments, at least 20% of revenue",
    ),
    "digitisation": ("营业收入的平方根", "the square root of revenue"),
}
# The book's classification (4.2): by business type ...
NEED_TYPE = {
    "seasonal_wc": "financing",
    "capex": "financing",
    "supply_chain": "financing",
    "acquisition": "financing",
    "capital_markets": "financing",
    "idle_liquidity": "treasury",
    "fx_risk": "treasury",
    "group_treasury": "settlement",
    "payroll": "settlement",
    "digitisation": "settlement",
}
TYPE_LABELS = {
    "financing": ("融资类", "financing"),
    "treasury": ("资金与避险类", "treasury and hedging"),
    "settlement": ("结算与现金管理类", "settlement and cash management"),
}
SCALE_LABELS = {"large": ("大额", "large"), "small": ("小额", "small")}
POTENTIAL_LABELS = {
    "deepen": ("深化（已有产品满足）", "deepen (a held product serves it)"),
    "cross_sell": ("交叉销售（关系较深）", "cross-sell (a deep relationship)"),
    "win": ("争取（关系尚浅）", "win (a thin relationship)"),
}
# ... and the quadrants of the importance × urgency matrix, with the action for each.
URGENT_FROM = 4  # urgency 4-5: due within four months, so this quarter's visits must carry it
QUADRANTS = ("do_now", "plan", "delegate", "monitor")
QUADRANT_ACTIONS = {
    "do_now": (
        "重要且紧急：本月上门，带着方案",
        "important and urgent: visit this month with a proposal",
    ),
    "plan": (
        "重要不紧急：列入年度客户计划，在到期前安排",
        "important, not urgent: put it in the account plan, before it falls due",
    ),
    "delegate": (
        "紧急不重要：标准产品，交服务团队或线上快速办理",
        "urgent, not important: a standard product, handled fast by the service team or online",
    ),
    "monitor": ("不重要不紧急：季度复盘时再看", "neither: review at the quarterly check"),
}
QUADRANT_LABELS = {
    "do_now": ("重要且紧急", "important and urgent"),
    "plan": ("重要不紧急", "important, not urgent"),
    "delegate": ("紧急不重要", "urgent, not important"),
    "monitor": ("不重要不紧急", "neither"),
}
# Months from the analysis date to urgency (the simulator's scale, domain brief): within two
# months 5, four 4, seven 3, a year 2, later 1.
URGENCY_MONTHS = (2, 4, 7, 12)
# Where neither the data nor a note dates a need: the months such a need usually has before it
# falls due (a stated rule, to confirm on the visit).
TYPICAL_MONTHS = {
    "capex": 9,
    "idle_liquidity": 6,
    "fx_risk": 5,
    "supply_chain": 6,
    "capital_markets": 13,
    "acquisition": 5,
    "digitisation": 10,
}
# Words that date a plan in a note: "next year" puts it beyond the budget year, "soon" within it.
SOON = re.compile(r"尽快|马上|近期|soon|shortly|as soon as", re.I)
NEXT_YEAR = re.compile(r"明年|next year", re.I)


def urgency_of(months_ahead: np.ndarray | pd.Series) -> np.ndarray:
    """Urgency 5 (due within two months) .. 1 (over a year away)."""
    m = np.asarray(months_ahead, dtype=float)
    return (5 - np.searchsorted(np.array(URGENCY_MONTHS), m, side="left")).astype(float)


def segment_clients(book: Book, segment: str) -> pd.DataFrame:
    """The clients of one tier, indexed by client_id."""
    return book.clients[book.clients["tier"] == segment].set_index("client_id")


def per_client(book: Book, clients: pd.DataFrame) -> pd.DataFrame:
    """Each client's last twelve months of behaviour, summed or averaged."""
    months = sorted(book.panel["month"].unique())
    recent = book.panel[
        book.panel["month"].isin(months[-12:]) & book.panel["client_id"].isin(clients.index)
    ]
    per = recent.groupby("client_id").agg(
        overdraft_days=("overdraft_days", "sum"),
        deposit=("deposit_avg", "mean"),
        outflow=("outflow", "mean"),
        fx=("fx_inflow", "sum"),
        fx_out=("fx_outflow", "sum"),
        salary_other=("salary_transfer_other_bank", "sum"),
        intragroup=("intragroup_outflow", "sum"),
        intragroup_in=("intragroup_inflow", "sum"),
        capex=("capex_outflow", "sum"),
        equity=("equity_transfer_outflow", "sum"),
        counter=("counter_txn", "sum"),
        online=("online_txn", "sum"),
    )
    gap = (recent["outflow"] - recent["inflow"]).clip(lower=0).groupby(recent["client_id"]).sum()
    group_size = book.clients.groupby("group_id")["client_id"].size()
    per = per.assign(shortfall=gap).reindex(clients.index, fill_value=0)
    return per.assign(group_size=clients["group_id"].map(group_size).fillna(1).to_numpy())


def held_products(book: Book) -> pd.DataFrame:
    """The holdings still open at the book's end."""
    return book.holdings[book.holdings["end_month"].isna()]


def data_signals(book: Book, clients: pd.DataFrame, per: pd.DataFrame) -> pd.DataFrame:
    """Behaviour that shows a need clearly (client × need, True where shown)."""
    held = held_products(book)
    fwd = per.index.isin(held.loc[held["product"] == "fx_forward", "client_id"])
    revenue = clients["revenue"]
    return pd.DataFrame(
        {
            "seasonal_wc": per["overdraft_days"] >= 12,
            "idle_liquidity": per["deposit"] > 3 * per["outflow"],
            "fx_risk": ((per["fx"] + per["fx_out"]) > 300) & ~fwd,
            "payroll": (clients["staff"] >= 50) & (per["salary_other"] > 0),
            "group_treasury": (per["intragroup"] + per["intragroup_in"] > 0)
            & clients["parent_id"].isna()
            & clients["group_id"].notna(),
            "capex": per["capex"] > 0.15 * revenue,
            "acquisition": per["equity"] > 0,
            "digitisation": per["counter"] > per["online"],
            "supply_chain": (clients["top_buyer_share"] > 0.45) & (clients["receivable_days"] > 75),
            "capital_markets": (revenue >= 100000)
            & (clients["total_liabilities"] / clients["total_assets"] > 0.45),
        },
        index=per.index,
    )


def consistent_with(clients: pd.DataFrame, per: pd.DataFrame) -> pd.DataFrame:
    """Behaviour at least consistent with a need (a weaker test than ``data_signals``)."""
    revenue = clients["revenue"]
    return pd.DataFrame(
        {
            "seasonal_wc": per["overdraft_days"] > 0,
            "idle_liquidity": per["deposit"] > 1.5 * per["outflow"],
            "fx_risk": (per["fx"] + per["fx_out"]) > 0,
            "payroll": clients["staff"] >= 50,
            "group_treasury": clients["group_id"].notna() & clients["parent_id"].isna(),
            "capex": per["capex"] > 0.05 * revenue,
            "acquisition": per["equity"] > 0,
            "digitisation": per["counter"] > 0.3 * (per["counter"] + per["online"]),
            "supply_chain": clients["top_buyer_share"] > 0.3,
            "capital_markets": revenue >= 50000,
        },
        index=per.index,
    )


def client_notes(book: Book, clients: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The call notes of these clients, with the note text in ``lang`` as column ``text``."""
    n = book.interactions[book.interactions["client_id"].isin(clients.index)]
    return n.assign(text=n["note_zh" if lang == "zh" else "note_en"].astype(str))


def note_mentions(notes: pd.DataFrame, clients: pd.DataFrame) -> pd.DataFrame:
    """Whether any of a client's notes contains a keyword of each need."""
    return pd.DataFrame(
        {
            need: notes["text"]
            .str.contains("|".join(map(re.escape, words)), case=False, regex=True)
            .groupby(notes["client_id"])
            .any()
            for need, words in KEYWORDS.items()
        }
    ).reindex(clients.index, fill_value=False)


def as_pairs(flags: pd.DataFrame) -> pd.DataFrame:
    """(client_id, need) rows where ``flags`` is True."""
    stacked = flags.stack()
    pairs = stacked[stacked].reset_index().iloc[:, :2]
    pairs.columns = ["client_id", "need"]
    return pairs


def season_peak(book: Book, ids: Iterable[str]) -> pd.Series:
    """Each client's calendar month of peak sales: the phase of the yearly cycle of its inflows."""
    p = book.panel[book.panel["client_id"].isin(list(ids))]
    cal = pd.PeriodIndex(p["month"], freq="M").month.to_numpy()
    x = p["inflow"] / p.groupby("client_id")["inflow"].transform("mean").clip(lower=1e-9)
    z = (x * np.exp(2j * np.pi * (cal - 1) / 12)).groupby(p["client_id"]).sum()
    month = np.round(np.angle(z.to_numpy()) / (2 * np.pi) * 12) % 12 + 1
    return pd.Series(month.astype(int), index=z.index)


def months_ahead(book: Book, pairs: pd.DataFrame, notes: pd.DataFrame) -> pd.DataFrame:
    """When each proposed need falls due, in months from the book's last month, and how we know.

    A seasonal need: funding two months before the next sales peak (the panel's yearly cycle).
    Payroll and group treasury: the next budget year, when such contracts are chosen. A note
    that dates the plan ("next year", "soon"). Otherwise the need type's usual horizon.
    """
    end = pd.Period(sorted(book.panel["month"].unique())[-1], freq="M")
    to_january = 13 - end.month
    peak = season_peak(book, pairs.loc[pairs["need"] == "seasonal_wc", "client_id"])
    words = {n: "|".join(map(re.escape, w)) for n, w in KEYWORDS.items()}
    dated: dict[tuple[str, str], int] = {}
    for need, pattern in words.items():
        hit = notes[notes["text"].str.contains(pattern, case=False, regex=True)]
        for r in hit.itertuples():
            if NEXT_YEAR.search(r.text):
                dated[(r.client_id, need)] = to_january + 6
            elif SOON.search(r.text):
                dated[(r.client_id, need)] = 2
    out = []
    for c, need in zip(pairs["client_id"], pairs["need"], strict=True):
        if need == "seasonal_wc" and c in peak.index:
            ahead, how = max((peak[c] - end.month - 1) % 12 + 1 - 2, 1), "season"
        elif (c, need) in dated:
            ahead, how = dated[(c, need)], "note"
        elif need in ("payroll", "group_treasury"):
            ahead, how = to_january, "budget"
        else:
            ahead, how = TYPICAL_MONTHS.get(need, 6), "typical"
        out.append((ahead, how))
    return pd.DataFrame(out, columns=["months_ahead", "dated_by"], index=pairs.index)


def volumes(clients: pd.DataFrame, per: pd.DataFrame) -> pd.DataFrame:
    """The business (万元) meeting each need would bring, client × need (``VOLUME_RULE``)."""
    rev = clients["revenue"].astype(float)
    return pd.DataFrame(
        {
            "seasonal_wc": per["shortfall"],
            "capex": np.maximum(per["capex"], 0.35 * rev),
            "idle_liquidity": np.maximum(per["deposit"] - 3 * per["outflow"], rev / 12) * 5,
            "group_treasury": rev * per["group_size"],
            "fx_risk": per["fx"] + per["fx_out"],
            "supply_chain": rev * clients["receivable_days"] / 365 * 0.5,
            "payroll": clients["staff"].astype(float),
            "capital_markets": 0.1 * rev,
            "acquisition": np.maximum(per["equity"], 0.2 * rev),
            "digitisation": np.sqrt(rev.clip(lower=0)),
        },
        index=clients.index,
    )


def matrix(
    book: Book,
    proposed: pd.DataFrame,
    clients: pd.DataFrame,
    per: pd.DataFrame,
    notes: pd.DataFrame,
) -> pd.DataFrame:
    """Importance, urgency, quadrant and classification of each proposed need, ranked."""
    r = proposed[["client_id", "need"]].reset_index(drop=True)
    v = volumes(clients, per).stack()
    key = pd.MultiIndex.from_arrays([r["client_id"], r["need"]])
    r["importance"] = (v.reindex(key).to_numpy() * r["need"].map(RATE).to_numpy()).round(2)
    due = months_ahead(book, r, notes)
    r["months_ahead"], r["dated_by"] = due["months_ahead"], due["dated_by"]
    r["urgency"] = urgency_of(r["months_ahead"])
    r["priority"] = r["importance"] * r["urgency"]
    important = r["importance"] >= r["importance"].median() if len(r) else r["importance"]
    urgent = r["urgency"] >= URGENT_FROM
    r["quadrant"] = np.select(
        [important & urgent, important, urgent], ["do_now", "plan", "delegate"], "monitor"
    )
    r["type"] = r["need"].map(NEED_TYPE)
    big = r["importance"] >= r["importance"].quantile(0.75) if len(r) else r["importance"]
    r["scale"] = np.where(big, "large", "small")
    held = held_products(book)
    serving = {p.code: p.serves for p in cat.PRODUCTS if p.serves}
    served = set(zip(held["client_id"], held["product"].astype(str).map(serving), strict=True))
    depth = held.groupby("client_id")["product"].nunique()
    r["already_served"] = [(c, n) in served for c, n in zip(r["client_id"], r["need"], strict=True)]
    deep = r["client_id"].map(depth).fillna(0) >= 3
    r["potential"] = np.select([r["already_served"], deep], ["deepen", "cross_sell"], "win")
    r = r.sort_values(["priority", "client_id", "need"], ascending=[False, True, True])
    return r.assign(rank=np.arange(1, len(r) + 1)).reset_index(drop=True)


def label_of(table: dict[str, tuple[str, str]], code: str, lang: str) -> str:
    """The ``lang`` label of a code in one of this module's label tables."""
    zh, en = table[code]
    return zh if lang == "zh" else en
