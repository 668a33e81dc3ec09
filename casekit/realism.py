"""The realism report: a book's KPIs, computed from its observable tables, beside published ranges.

Outcomes, not only marginals: the NPL ratio, attrition, NPS and complaint handling are
computed from what happened in the book, the way a bank's MIS would compute them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from casekit import catalog as cat
from casekit.book import Book
from casekit.realism_chain import chain_kpis
from casekit.realism_joint import Measure, joint_kpis
from casekit.scenarios import SCENARIOS


@dataclass(frozen=True)
class Kpi:
    """A KPI with its published (or assumed) range."""

    code: str
    zh: str
    en: str
    low: float
    high: float
    unit: str
    source: str  # "domain" (published, see shared/design/domain.md) or "assumed"


KPIS: tuple[Kpi, ...] = (
    Kpi(
        "npl_ratio",
        "不良贷款率（全期月均）",
        "NPL ratio (mean over the book)",
        0.013,
        0.019,
        "ratio",
        "domain",
    ),
    Kpi(
        "npl_manufacturing",
        "不良贷款率：制造业（全期月均）",
        "NPL ratio, manufacturing (mean over the book)",
        0.012,
        0.028,
        "ratio",
        "domain ~1.9%",
    ),
    Kpi(
        "npl_trade",
        "不良贷款率：批发零售业（全期月均）",
        "NPL ratio, wholesale and retail (mean over the book)",
        0.018,
        0.035,
        "ratio",
        "domain 2-3%",
    ),
    Kpi(
        "npl_transport",
        "不良贷款率：交通运输业（全期月均）",
        "NPL ratio, transport (mean over the book)",
        0.0,
        0.012,
        "ratio",
        "domain ~0.6%",
    ),
    Kpi("share_large", "大型企业户数占比", "Share of large firms", 0.02, 0.10, "share", "assumed"),
    Kpi(
        "share_medium", "中型企业户数占比", "Share of medium firms", 0.08, 0.25, "share", "assumed"
    ),
    Kpi(
        "share_small_micro",
        "小微企业户数占比",
        "Share of small and micro firms",
        0.65,
        0.90,
        "share",
        "assumed",
    ),
    Kpi(
        "attrition_small",
        "小微企业年流失率（完全流失）",
        "Annual attrition, small and micro (full)",
        0.10,
        0.15,
        "rate",
        "domain",
    ),
    Kpi(
        "attrition_large",
        "大型企业年流失率（含部分流失）",
        "Annual attrition, large (full or partial)",
        0.02,
        0.04,
        "rate",
        "domain",
    ),
    Kpi(
        "large_partial_share",
        "大型企业流失中部分流失占比",
        "Share of large-firm attrition that is partial",
        0.6,
        1.0,
        "share",
        "domain",
    ),
    Kpi("nps", "净推荐值NPS（最近一期）", "NPS, latest survey", 20, 35, "points", "domain"),
    Kpi(
        "hedge_ratio",
        "外汇敞口套保比例",
        "Share of FX exposure hedged",
        0.25,
        0.28,
        "ratio",
        "domain",
    ),
    Kpi(
        "rm_load_strategic",
        "战略客户经理人均户数",
        "Clients per strategic RM",
        10,
        30,
        "clients",
        "domain",
    ),
    Kpi(
        "rm_load_midmarket",
        "中型客户经理人均户数",
        "Clients per mid-market RM",
        40,
        80,
        "clients",
        "domain",
    ),
    Kpi("rm_load_sme", "小微客户经理人均户数", "Clients per SME RM", 100, 300, "clients", "domain"),
    Kpi(
        "tier_strategic",
        "战略客户占比",
        "Share of strategic clients",
        0.015,
        0.025,
        "share",
        "domain",
    ),
    Kpi("tier_key", "重点客户占比", "Share of key clients", 0.11, 0.15, "share", "domain"),
    Kpi(
        "complaints_in_15d",
        "投诉15日内办结率",
        "Complaints resolved within 15 days",
        0.85,
        1.0,
        "share",
        "domain",
    ),
    Kpi(
        "complaints_max_days",
        "投诉最长办结天数",
        "Longest complaint resolution",
        0,
        60,
        "days",
        "domain",
    ),
    Kpi(
        "contacts_per_year",
        "年均接触次数（每户）",
        "Contacts per client a year",
        1.5,
        5.0,
        "contacts",
        "domain ~4 expected",
    ),
    Kpi(
        "no_contact_share",
        "全年零接触客户占比",
        "Clients with no contact in a year",
        0.15,
        0.50,
        "share",
        "domain: many get none",
    ),
    Kpi(
        "month_end_deviation",
        "月末存款偏离度（全行，最高月份）",
        "Month-end deposits above daily average (the bank's total, worst month)",
        0.0,
        0.03,
        "ratio",
        "存款偏离度 rule (2018): at most 3% for the bank",
    ),
    Kpi(
        "fee_share",
        "中间业务收入占比",
        "Fee income share of the bank's income",
        0.10,
        0.20,
        "share",
        "assumed",
    ),
    Kpi(
        "loan_to_deposit",
        "对公存贷比（最后一个月）",
        "Corporate loan-to-deposit ratio, last month",
        0.85,
        1.45,
        "ratio",
        "assumed: national corporate LDR about 0.85-1.40",
    ),
    Kpi(
        "q1_deposit_lift",
        "一季度日均存款较上年四季度增幅",
        "Q1 daily-average deposits over previous Q4",
        0.0,
        0.12,
        "ratio",
        "domain: Q1 surge",
    ),
    # Joint checks (casekit.realism_joint): what a banker reads across tables.
    Kpi(
        "max_depositor_share",
        "最大单一存款客户占比",
        "Largest depositor's share of deposits",
        0.0,
        0.10,
        "share",
        "assumed, by analogy with the 10% single-borrower limit",
    ),
    Kpi(
        "top10_deposit_share",
        "前十大存款客户占比",
        "Top ten depositors' share of deposits",
        0.08,
        0.50,
        "share",
        "assumed: branch corporate books (lower in bigger branches)",
    ),
    Kpi(
        "max_borrower_share",
        "最大单一客户贷款占比",
        "Largest borrower's share of loans",
        0.0,
        0.10,
        "share",
        "单一客户贷款集中度 ≤10% （风险监管核心指标）",
    ),
    Kpi(
        "loans_infrastructure",
        "基础设施行业贷款占比（电力、交通、水利）",
        "Infrastructure share of loans (utilities, transport, water)",
        0.15,
        0.50,
        "share",
        "assumed: big banks' branches 25-50%",
    ),
    Kpi(
        "loans_trade",
        "批发零售业贷款占比",
        "Wholesale and retail share of loans",
        0.03,
        0.15,
        "share",
        "assumed: big banks about 5%",
    ),
    Kpi(
        "loans_small_micro",
        "小微企业贷款占比",
        "Small and micro firms' share of loans",
        0.15,
        0.45,
        "share",
        "assumed: 20-45%",
    ),
    Kpi(
        "special_mention_share",
        "关注类贷款占比",
        "Special-mention share of loans",
        0.01,
        0.04,
        "share",
        "system about 2.2% (2024)",
    ),
    Kpi(
        "special_mention_current",
        "关注类贷款中未逾期占比",
        "Share of special-mention loans that are current",
        0.5,
        1.0,
        "share",
        "2023 rule: 关注 is judgement, most are current",
    ),
    Kpi(
        "loss_share_of_npl",
        "损失类占不良贷款比例",
        "Loss share of NPLs",
        0.0,
        0.30,
        "share",
        "assumed: loss loans are written off",
    ),
    Kpi(
        "class_below_floor",
        "分类低于逾期天数下限的贷款占比",
        "Loans classified better than their days overdue allow",
        0.0,
        0.0,
        "share",
        "2023 rule: overdue floors",
    ),
    Kpi(
        "default_rate_by_grade_rank",
        "违约率随评级下降而上升（秩相关）",
        "Default rate rises as the grade falls (rank correlation of five bands)",
        0.5,
        1.0,
        "points",
        "master scale",
    ),
    Kpi(
        "default_rate_low_over_high",
        "低评级（BBB-及以下）违约率/高评级违约率",
        "Default rate of BBB- and below over that of BBB and above",
        3.0,
        100.0,
        "points",
        "master scale: ~0.2% BBB against ~4% B",
    ),
    Kpi(
        "default_rate_worst_band",
        "B级客户违约率（全期）",
        "Default rate of B-rated borrowers, over the book",
        0.03,
        0.40,
        "rate",
        "master scale",
    ),
    Kpi(
        "festival_inflow_dip",
        "春节当月回款较前后月变化",
        "Sales receipts in the Spring Festival month against the months around it",
        -0.35,
        -0.05,
        "ratio",
        "lunar calendar",
    ),
    Kpi(
        "churner_breach_ratio",
        "流失客户超时率/留存客户超时率",
        "SLA breach rate of churners over stayers'",
        1.1,
        4.0,
        "points",
        "book 3.3: poor service loses clients",
    ),
    Kpi(
        "churner_complaint_ratio",
        "流失客户投诉率/留存客户投诉率",
        "Complaint rate of churners over stayers'",
        1.05,
        4.0,
        "points",
        "book 3.3: unresolved complaints lose clients",
    ),
    Kpi(
        "complaints_within_rule",
        "投诉按15/30日规则办结率",
        "Complaints resolved within the 15/30-day rule",
        0.90,
        1.0,
        "share",
        "domain: 15 days, 30 with an extension",
    ),
    Kpi(
        "prospect_conversion",
        "产业链获客：拜访潜在客户的成功率",
        "Calls on supply-chain prospects that won an account",
        0.05,
        0.25,
        "share",
        "assumed: 1+N chain marketing wins one in four to one in twenty counterparties called on",
    ),
    Kpi(
        "flow_share",
        "客户资金流经本行的比例（首年流入/营业收入）",
        "Share of wallet: first-year inflows through our accounts over revenue",
        0.3,
        0.7,
        "share",
        "assumed: a firm splits its flows across three to five banks; its main bank sees 30-70%",
    ),
    Kpi(
        "team_wallet_gain",
        "团队协作客户一年间流入占营收之比的提高（百分点）",
        "Inflows relative to revenue: what the team relationships gained in a year (points)",
        0.05,
        0.30,
        "share",
        "assumed: a 1+N team that becomes a firm's main bank wins 5-30 points of its flows",
    ),
)


def _ratio(
    num: np.ndarray | pd.Series, den: np.ndarray | pd.Series, n_eff: float | None = None
) -> Measure:
    """Ratio of sums over clients, with its standard error by the delta method.

    se(R) = sqrt(sum((y_i - R x_i)^2)) / sum(x_i): how much the ratio would move if the bank
    had drawn other clients of the same kind. A big default in a small book has a big residual.
    """
    y, x = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    total = x.sum()
    if total <= 0:
        return Measure(float("nan"), float("nan"), 0.0)
    r = y.sum() / total
    if n_eff is None:
        n_eff = total**2 / float((x**2).sum())
    se = float(np.sqrt(((y - r * x) ** 2).sum()) / total)
    return Measure(float(r), se, float(n_eff))


def _share(flags: np.ndarray | pd.Series) -> Measure:
    """A proportion and its binomial standard error."""
    f = np.asarray(flags, dtype=float)
    if len(f) == 0:
        return Measure(float("nan"), float("nan"), 0.0)
    p = f.mean()
    return Measure(float(p), float(np.sqrt(p * (1 - p) / len(f))), float(len(f)))


def _mean(values: np.ndarray | pd.Series) -> Measure:
    v = np.asarray(values, dtype=float)
    if len(v) < 2:
        return Measure(float(v.mean()) if len(v) else float("nan"), 0.0)
    return Measure(float(v.mean()), float(v.std(ddof=1) / np.sqrt(len(v))))


def _exact(value: float) -> Measure:
    """A KPI the generator sets by construction (tier shares, RM loads): no sampling error."""
    return Measure(float(value), 0.0)


def npl_by_client(panel: pd.DataFrame) -> pd.DataFrame:
    """Per client: NPL balance-months and loan balance-months (次级, 可疑, 损失 are NPL)."""
    npl = panel["loan_balance"].where(panel["loan_class"].isin(cat.NPL_CLASSES), 0.0)
    return (
        pd.DataFrame({"npl": npl, "loans": panel["loan_balance"]}).groupby(panel["client_id"]).sum()
    )


def _attrition(
    book: Book, sizes: tuple[str, ...], statuses: tuple[str, ...]
) -> tuple[float, float]:
    """Churn events a client-year: events / years on the book before churn or exit."""
    c = book.clients[["client_id", "size_class"]].merge(book.outcomes, on="client_id")
    c = c[c["size_class"].isin(sizes)]
    months = sorted(book.panel["month"].unique())
    idx = {m: i for i, m in enumerate(months)}
    end = c["churn_month"].map(idx).astype(float).fillna(c["exit_month"].map(idx).astype(float))
    end = end.fillna(len(months))
    years = (end.clip(lower=0) + 1).clip(upper=len(months)) / 12
    # Each client-year is a trial: churn is rare, so its noise is that of client-years.
    return _ratio(c["churn_status"].isin(statuses), years, n_eff=float(years.sum()))


def _contacts(book: Book) -> tuple[pd.Series, pd.Series]:
    """Contacts in each full client-year (a client on the book all twelve months)."""
    p = book.panel[["client_id", "month"]].assign(year=book.panel["month"].str[:4])
    on = p.groupby(["client_id", "year"]).size()
    full = on[on == 12].index
    it = book.interactions.assign(year=book.interactions["date"].dt.year.astype(str))
    return it.groupby(["client_id", "year"]).size().reindex(full, fill_value=0)


def compute_kpis(book: Book) -> dict[str, Measure]:
    """Every realism KPI of a book with its standard error, from observable tables only."""
    cl, panel = book.clients, book.panel
    months = sorted(panel["month"].unique())
    npl = npl_by_client(panel).join(cl.set_index("client_id")["industry"])
    k: dict[str, Measure] = {"npl_ratio": _ratio(npl["npl"], npl["loans"])}
    for code, section in (("npl_manufacturing", "C"), ("npl_trade", "F"), ("npl_transport", "G")):
        sub = npl[npl["industry"] == section]
        k[code] = _ratio(sub["npl"], sub["loans"])
    size = cl["size_class"].astype(str)
    k["share_large"] = _share(size == "large")
    k["share_medium"] = _share(size == "medium")
    k["share_small_micro"] = _share(size.isin(("small", "micro")))
    k["attrition_small"] = _attrition(book, ("small", "micro"), ("full",))
    k["attrition_large"] = _attrition(book, ("large",), ("full", "partial"))
    large = cl.loc[size == "large", "client_id"]
    lo = book.outcomes[
        book.outcomes["client_id"].isin(large) & (book.outcomes["churn_status"] != "active")
    ]
    k["large_partial_share"] = _share(lo["churn_status"] == "partial")
    latest = book.surveys[book.surveys["month"] == book.surveys["month"].max()]["nps"]
    k["nps"] = _mean(np.where(latest >= 9, 100.0, np.where(latest <= 6, -100.0, 0.0)))
    fx = (
        panel[panel["month"].isin(months[-12:])]
        .groupby("client_id")[["fx_inflow", "fx_outflow"]]
        .sum()
        .sum(axis=1)
    )
    fwd = book.holdings[
        (book.holdings["product"] == "fx_forward") & book.holdings["end_month"].isna()
    ]
    notional = fwd.groupby("client_id")["amount"].sum().reindex(fx.index, fill_value=0)
    k["hedge_ratio"] = _ratio(np.minimum(notional, fx), fx)
    loads = cl.groupby("rm_id").size().rename("n").reset_index().merge(book.rms, on="rm_id")
    for seg in cat.RM_SEGMENT_CODES:
        k[f"rm_load_{seg}"] = _exact(loads.loc[loads["segment"] == seg, "n"].mean())
    tier = cl["tier"].astype(str)
    k["tier_strategic"] = _exact((tier == "strategic").mean())  # set by rank
    k["tier_key"] = _exact((tier == "key").mean())
    days = (book.complaints["resolved_on"] - book.complaints["opened_on"]).dt.days
    k["complaints_in_15d"] = _share(days <= 15)
    k["complaints_max_days"] = _exact(days.max() if len(days) else float("nan"))
    per_year = _contacts(book)
    k["contacts_per_year"] = _mean(per_year)
    k["no_contact_share"] = _share(per_year == 0)
    dep = panel[panel["deposit_avg"] > 0]
    by_month = dep.groupby("month")[["deposit_month_end", "deposit_avg"]].sum()
    # The rule is per month-end: the worst month counts, not the average.
    k["month_end_deviation"] = _exact(
        (by_month["deposit_month_end"] / by_month["deposit_avg"] - 1).max()
    )
    income = panel.groupby("client_id")[["fee_income", "interest_income"]].sum()
    k["fee_share"] = _ratio(income["fee_income"], income.sum(axis=1))
    end = panel[panel["month"] == months[-1]]
    k["loan_to_deposit"] = _ratio(end["loan_balance"], end["deposit_avg"])
    q = panel.assign(
        q=pd.PeriodIndex(panel["month"], freq="M").quarter, y=panel["month"].str[:4].astype(int)
    )
    dq = q.groupby(["y", "q"])["deposit_avg"].sum() / 3
    lifts = [
        dq[(y, 1)] / dq[(y - 1, 4)] - 1 for y, qq in dq.index if qq == 1 and (y - 1, 4) in dq.index
    ]
    k["q1_deposit_lift"] = _exact(np.mean(lifts) if lifts else float("nan"))
    k.update(joint_kpis(book))
    k.update(chain_kpis(book))
    return k


VERDICTS = ("in", "near", "out")
_VERDICT_TEXT = {
    "in": ("在范围内", "in range"),
    "near": ("超出范围，但在抽样误差内", "out of range, but within sampling error"),
    "out": ("超出范围", "OUT of range"),
    "n/a": ("不适用", "not applicable"),
}


def realism_report(book: Book) -> pd.DataFrame:
    """Each KPI of the book beside its range, with its standard error and a verdict.

    The verdict is ``in`` when the value lies inside its range; ``near`` when it lies outside
    but within two standard errors of it (the noise of a book this size, stated as such, never
    called fine); ``out`` otherwise. ``ok`` is False only for ``out``.
    """
    scenario = SCENARIOS.get(book.meta.get("params", {}).get("scenario", ""))
    overrides = scenario.kpi_overrides if scenario else {}
    values = compute_kpis(book)
    rows = []
    for kpi in KPIS:
        v, se, n_eff = values[kpi.code]
        row = {"kpi": kpi.code, "zh": kpi.zh, "en": kpi.en, "value": v, "unit": kpi.unit}
        if kpi.code in overrides and overrides[kpi.code] is None:
            rows.append(
                {
                    **row,
                    "se": 0.0,
                    "low": np.nan,
                    "high": np.nan,
                    "tolerance": 0.0,
                    "verdict": "n/a",
                    "ok": True,
                    "source": "not applicable",
                }
            )
            continue
        low, high = overrides.get(kpi.code) or (kpi.low, kpi.high)
        if n_eff and kpi.unit in ("ratio", "share", "rate"):
            # Rare, lumpy events (a few big defaults) make the data's own error a poor guide:
            # a small book that happened to have no big default looks precise. Take at least
            # the noise of a book with this many independent units (Kish's effective sample
            # size, by balance) whose true value sat mid-range.
            mid = min(max((low + high) / 2, 1e-6), 1 - 1e-6)
            se = max(se, float(np.sqrt(mid * (1 - mid) / n_eff)))
        se = se if se == se else 0.0
        if v != v:
            verdict = "out"
        elif low <= v <= high:
            verdict = "in"
        elif max(low - v, v - high) <= 2 * se:
            verdict = "near"
        else:
            verdict = "out"
        rows.append(
            {
                **row,
                "se": se,
                "low": low,
                "high": high,
                "tolerance": 2 * se,
                "verdict": verdict,
                "ok": verdict != "out",
                "source": "scenario" if kpi.code in overrides else kpi.source,
            }
        )
    return pd.DataFrame(rows)


def format_report(report: pd.DataFrame, lang: str = "en") -> str:
    """The report as an aligned text table for the terminal: value, range, error, verdict."""
    zh = lang == "zh"

    def fmt(v: float, unit: str) -> str:
        if v != v:  # NaN: nothing to measure in this book
            return "n/a"
        if unit in ("ratio", "share", "rate"):
            return f"{100 * v:.2f}%"
        return f"{v:.2f}" if abs(v) < 10 else f"{v:.1f}"

    name = "zh" if zh else "en"
    width = max(len(s) for s in report[name]) + 2
    mark = {"in": "in  ", "near": "near", "out": "OUT ", "n/a": "n/a "}
    lines = []
    for r in report.itertuples():
        label = getattr(r, name)
        if r.verdict == "n/a":
            lines.append(f"{mark['n/a']} {label:<{width}} {_VERDICT_TEXT['n/a'][0 if zh else 1]}")
            continue
        err = f"± {fmt(r.se, r.unit)}" if r.se > 0 else ("无抽样误差" if zh else "exact")
        rng = f"{fmt(r.low, r.unit)} – {fmt(r.high, r.unit)}"
        text = _VERDICT_TEXT[r.verdict][0 if zh else 1]
        if r.verdict == "near":
            tol = fmt(r.tolerance, r.unit)
            text += f" （容差 {tol}）" if zh else f" (tolerance {tol})"
        lines.append(
            f"{mark[r.verdict]} {label:<{width}} {fmt(r.value, r.unit):>9} {err:<11} "
            f"{'范围' if zh else 'range'} {rng:<17} {text}   [{r.source}]"
        )
    counts = report["verdict"].value_counts()
    n_in, n_near, n_out = (int(counts.get(k, 0)) for k in VERDICTS)
    if zh:
        lines.append(
            f"{len(report)} 项指标：{n_in} 项在范围内，{n_near} 项超出范围但在抽样误差内（两倍标准误），"
            f"{n_out} 项超出范围。"
        )
    else:
        lines.append(
            f"{len(report)} KPIs: {n_in} in range, {n_near} out of range but within sampling error "
            f"(two standard errors), {n_out} out of range."
        )
    return "\n".join(lines)
