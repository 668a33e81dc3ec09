"""Phrases in call-report notes that point to each need, in Chinese and in English.

The two lists are kept equivalent: for every note template the simulator writes, the Chinese
note and its English translation point to the same needs (a test holds it), so the same bank
gives the same answer in either language.
"""

from __future__ import annotations

import re

KEYWORDS_ZH: dict[str, list[str]] = {
    "seasonal_wc": ["旺季", "备货", "透支", "周转额度", "囤积"],
    "capex": ["厂房", "设备", "产线", "扩产", "扩建", "扩张"],
    "idle_liquidity": ["闲置", "收益"],
    "fx_risk": ["汇率", "汇价", "结汇", "结售汇", "外汇", "购汇", "套保"],
    "payroll": ["工资", "代发"],
    "group_treasury": ["子公司", "资金池", "归集", "上划下拨"],
    "supply_chain": ["账期", "应收", "供应链", "付款条件"],
    "capital_markets": ["发债", "债券", "中期票据", "融资券", "债务融资工具"],
    "acquisition": ["收购", "并购", "股权"],
    "digitisation": ["柜台", "网银", "手工对账", "对账要", "银企直连", "线上化"],
}
KEYWORDS_EN: dict[str, list[str]] = {
    "seasonal_wc": ["peak", "stock", "overdraft", "revolving"],
    "capex": ["plant", "equipment", "production line", "expan"],
    "idle_liquidity": ["idle", "yield", "surplus"],
    "fx_risk": ["exchange rate", "FX", "hedg"],
    "payroll": ["salar", "payroll", "wage"],
    "group_treasury": ["subsidiar", "cash pool", "sweep", "upward/downward"],
    "supply_chain": ["payment terms", "receivable", "supply-chain"],
    "capital_markets": ["bond", "medium-term notes", "commercial paper", "debt financing"],
    "acquisition": ["acqui", "stake", "M&A"],
    "digitisation": ["counter", "online banking", "reconcil", "host-to-host", "fully online"],
}
# What a trainee searches with: both languages together (a phrase of one never occurs in the
# other's notes).
KEYWORDS: dict[str, list[str]] = {k: KEYWORDS_ZH[k] + KEYWORDS_EN[k] for k in KEYWORDS_ZH}
_PATTERNS = {k: re.compile("|".join(map(re.escape, v)), re.I) for k, v in KEYWORDS.items()}


def needs_in(note: str) -> set[str]:
    """The needs a note's words point to (by the keyword lists, ignoring case)."""
    return {need for need, pattern in _PATTERNS.items() if pattern.search(note)}
