"""One glossary for both languages: the book's domain terms, table column headers and code labels.

``term(key, lang)`` names a concept; ``header(column, lang)`` a column (analysis terms first,
then the schema's label); ``code(kind, value, lang)`` a code (catalog labels); ``display(df,
lang)`` relabels a table's codes and headers for a Chinese or English output. Each concept has
one name per language; ``AVOID`` lists the second names a test keeps out of the cases.
"""

from __future__ import annotations

import pandas as pd

from casekit import catalog as cat
from casekit import schema

# The book's domain terms and the cases' analysis headers: key -> (zh, en).
TERMS: dict[str, tuple[str, str]] = {
    # domain (原书, domain brief)
    "deposit_avg": ("日均存款", "daily average deposits"),
    "deposit_month_end": ("时点存款", "month-end deposits"),
    "contribution": ("综合贡献度", "overall contribution"),
    "fee_income": ("中间业务收入", "fee income"),
    "interest_income": ("净利息收入", "net interest income"),
    "raroc": ("风险调整资本回报率（RAROC）", "RAROC"),
    "npl_ratio": ("不良贷款率", "NPL ratio"),
    "client_360": ("客户360视图", "client 360° view"),
    "five_category": ("五级分类", "five-category loan classification"),
    "roll_over": ("借新还旧", "rolling a loan over with a new one"),
    "extension": ("展期", "loan extension"),
    "follow_up": ("回访", "follow-up call"),
    "nps": ("净推荐值（NPS）", "NPS"),
    "did": ("双重差分", "difference-in-differences"),
    "before_after": ("前后对比", "before/after"),
    "concentration": ("集中度", "concentration"),
    "top10_share": ("前十大客户占比", "top-10 share"),
    # analysis headers
    "clients": ("户数", "clients"),
    "deposits": ("日均存款", "daily average deposits"),
    "loans": ("贷款余额", "loans"),
    "loan_balance": ("贷款余额（月末）", "loan balance, month end"),
    "fees": ("中间业务收入", "fee income"),
    "precision": ("精确率", "precision"),
    "recall": ("召回率", "recall"),
    "f1": ("F1", "F1"),
    "tp": ("命中", "hits"),
    "fp": ("误报", "false alarms"),
    "fn": ("漏报", "misses"),
    "importance": ("重要性（万元/年）", "importance (万元 a year)"),
    "urgency": ("紧急性", "urgency"),
    "months_ahead": ("距到期月数", "months until due"),
    "dated_by": ("日期依据", "dated by"),
    "priority": ("优先级", "priority"),
    "rank": ("排名", "rank"),
    "quadrant": ("象限", "quadrant"),
    "type": ("需求类型", "need type"),
    "scale": ("规模", "scale"),
    "potential": ("合作潜力", "cooperation potential"),
    "already_served": ("已满足", "served"),
    "volume_rule": ("业务量（万元）", "business volume (万元)"),
    "rate": ("年贡献率", "yearly rate"),
    "threshold": ("阈值", "threshold"),
    "lead_months": ("提前月数", "lead (months)"),
    "false_alarms": ("误报", "false alarms"),
    "cost": ("成本（万元）", "cost (万元)"),
    "level": ("预警级别", "warning level"),
    "level_class": ("对应的五级分类", "loan class it goes with"),
    "response": ("应对措施", "response"),
    "value": ("数值", "value"),
    "contribution_year": ("年贡献（万元）", "contribution a year (万元)"),
    "deposits_share": ("存款占比", "share of deposits"),
    "loans_share": ("贷款占比", "share of loans"),
    "fees_share": ("中间业务收入占比", "share of fee income"),
    "risk": ("所在十分位的流失率", "churn rate of its decile"),
    "decile": ("风险十分位", "risk decile"),
    "churned": ("后来流失", "left later"),
    "at_stake": ("风险价值（万元/年）", "value at stake (万元 a year)"),
    "month": ("月份", "month"),
    "signals": ("信号", "signals"),
    "score": ("分数", "score"),
    "need": ("需求", "need"),
    "caught": ("命中违约", "defaults caught"),
    "flagged": ("预警户数", "clients flagged"),
    "contacts": ("接触次数", "contacts"),
    "feature": ("早期迹象", "early sign"),
    "complaints": ("投诉次数", "complaints"),
    "small_firm": ("小微企业", "small or micro firm"),
    "tenure_years": ("合作年限", "years with the bank"),
    "strategic_or_key": ("战略和重点客户占比", "share strategic or key"),
    "lens": ("维度", "lens"),
    "metric": ("指标", "metric"),
    "unit": ("单位", "unit"),
    "pilot": ("试点客户", "pilot"),
    "others": ("其他客户", "others"),
    "before": ("试点前", "before"),
    "after": ("试点后", "after"),
    "pilot_before": ("试点客户·前", "pilot, before"),
    "pilot_after": ("试点客户·后", "pilot, after"),
    "others_before": ("其他客户·前", "others, before"),
    "others_after": ("其他客户·后", "others, after"),
    "pilot_vs_others": ("试点对其他", "pilot vs others"),
    "median_h": ("中位数（小时）", "median (hours)"),
    "p90_h": ("第 90 百分位（小时）", "90th percentile (hours)"),
    "mean_h": ("平均（小时）", "mean (hours)"),
    "requests": ("请求笔数", "requests"),
    "breach_rate": ("未达时效比例", "share over the service level"),
    "median_hours": ("耗时中位数（小时）", "median hours"),
    "sla": ("服务时效（小时）", "service level (hours)"),
    "follow_up_rate": ("回访比例", "share followed up"),
    "breach_before": ("优化前未达标比例", "over the level, before"),
    "breach_after": ("优化后未达标比例", "over the level, after"),
    "hours_before": ("优化前耗时中位数", "median hours, before"),
    "hours_after": ("优化后耗时中位数", "median hours, after"),
    "offer_revenue": ("收入（万元/年）", "revenue (万元 a year)"),
    "expected_loss": ("预期损失（万元/年）", "expected loss (万元 a year)"),
    "net": ("净收益（万元/年）", "net (万元 a year)"),
    "low": ("区间下限", "low"),
    "high": ("区间上限", "high"),
    "ok": ("在区间内", "in range"),
    "n_needs": ("需求项数", "needs"),
    "found": ("发现", "found"),
    "served": ("已满足", "served"),
    "open": ("未满足", "open"),
}
# Second names for a concept that the cases must not use (the canonical term is the key's zh).
AVOID: dict[str, tuple[str, ...]] = {
    "fee_income": ("手续费收入",),
    "client_360": ("客户全景",),
    "deposit_avg": ("平均存款",),
    "npl_ratio": ("坏账率",),
}
# Columns whose values are codes of a catalog kind.
CODE_COLUMNS: dict[str, str] = {k: k for k in cat.LABELS if k not in ("category",)} | {
    "product": "product",
    "division": "division",
    "category": "category",
}


def term(key: str, lang: str = "en") -> str:
    """The name of a concept in ``lang``: ``term("fee_income", "zh") == "中间业务收入"``."""
    zh, en = TERMS[key]
    return zh if lang == "zh" else en


def _schema_label(column: str, lang: str, table: str | None) -> str | None:
    tables = [schema.TABLE[table]] if table else schema.TABLES
    for t in tables:
        for c in t.columns:
            if c.name == column:
                return c.zh if lang == "zh" else c.en
    return None


def header(column: str, lang: str = "en", table: str | None = None) -> str:
    """A column header: the glossary's term, else the schema's label, else the name itself."""
    if column in TERMS:
        return term(column, lang)
    return _schema_label(column, lang, table) or _schema_label(column, lang, None) or column


def code(kind: str, value: str, lang: str = "en") -> str:
    """The label of a code (``catalog.label``; kind ``feature`` names a row by the glossary's
    terms), or the value itself if it is not a code."""
    if kind == "feature":
        return header(str(value), lang)
    try:
        return cat.label(kind, str(value), lang)
    except KeyError:
        return str(value)


def display(
    df: pd.DataFrame | pd.Series,
    lang: str = "en",
    *,
    codes: dict[str, str] | None = None,
    table: str | None = None,
) -> pd.DataFrame | pd.Series:
    """``df`` with codes in code columns (and a coded index) labelled and headers named in ``lang``.

    ``codes`` maps extra columns to catalog kinds (e.g. ``{"first_need": "need"}``).
    """
    kinds = CODE_COLUMNS | (codes or {})
    out = df.copy()
    if isinstance(out, pd.Series):
        if out.index.name in kinds:
            out.index = [code(kinds[out.index.name], v, lang) for v in out.index]
        out.name = header(str(out.name), lang, table) if out.name is not None else None
        return out
    for col in out.columns:
        if col in kinds:
            out[col] = [code(kinds[col], v, lang) for v in out[col]]
        elif out[col].dtype == bool and lang == "zh":  # True/False read as 是/否 in Chinese
            out[col] = out[col].map({True: "是", False: "否"})
    if out.index.name in kinds:
        name = out.index.name
        out.index = pd.Index([code(kinds[name], v, lang) for v in out.index], name=name)
    out.index.names = [header(n, lang, table) if n else None for n in out.index.names]
    return out.rename(columns=lambda c: header(str(c), lang, table))
