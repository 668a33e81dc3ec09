"""The sandbox's rules of play: kinds of decision, responses by warning level, improvements, budgets.

Everything a decision is checked against lives here, so the form (a later ipywidgets front),
the checker and the simulator read one source.
"""

from __future__ import annotations

from dataclasses import dataclass

from casekit import catalog as cat

KINDS = ("visit", "offer", "respond", "improve")
COLUMNS = ("kind", "client_id", "product", "price", "response", "improvement", "hours")
# Which columns each kind of row must fill in (hours has a default for all but visits).
REQUIRED = {
    "visit": ("client_id", "hours"),
    "offer": ("client_id", "product"),
    "respond": ("client_id", "response"),
    "improve": ("improvement",),
}
DEFAULT_HOURS = {"visit": 0.0, "offer": 1.0, "respond": 2.0, "improve": 0.0}
VISIT_HOURS = 2.0  # one face-to-face contact (a visit with its preparation and call report)

# Price of an offer as a multiple of the list price (1.0 = list). The bank allows ±20%:
# a discount raises take-up, a premium lowers it; income moves with the price.
PRICE_BAND = (0.8, 1.2)
PRICE_ELASTICITY = 2.5  # take-up × exp(−2.5 × (price − 1))

# Risk appetite: no new credit (on or off balance sheet) below this grade or to an NPL.
RATINGS = ("AAA", "AA+", "AA", "AA-", "A+", "A", "A-", "BBB+", "BBB", "BBB-", "BB", "B")
APPETITE_WORST_GRADE = "BB"
CREDIT_FAMILIES = ("credit", "off_balance")
PRODUCT_FAMILY = {p.code: p.family for p in cat.PRODUCTS}
PRODUCT_SERVES = {p.code: p.serves for p in cat.PRODUCTS}

# A warning's level follows how strongly its signal announces real trouble (how much more often
# it is seen before a default than among healthy firms, casekit.simulate.activity).
SIGNAL_LEVEL = {
    "tax_arrears": "orange",
    "wage_arrears": "red",
    "utility_arrears": "yellow",
    "litigation": "yellow",
    "guarantee_chain": "orange",
    "account_moved": "orange",
    "production_halt": "red",
    "rating_downgrade": "yellow",
}
LEVELS = ("yellow", "orange", "red")
RESPONSES = ("watch", "restructure", "reduce_exposure", "exit")
ALLOWED_RESPONSES = {
    "yellow": ("watch",),
    "orange": ("watch", "restructure", "reduce_exposure"),
    "red": ("restructure", "reduce_exposure", "exit"),
}


@dataclass(frozen=True)
class Response:
    """What a response does to a borrower this quarter: PD, loss given default, loan, margin."""

    pd_factor: float
    lgd: float | None
    loan_factor: float
    spread_change: float
    satisfaction: float


RESPONSE_EFFECT = {
    # Closer monitoring catches some trouble early (a covenant, a collateral top-up).
    "watch": Response(0.85, None, 1.0, 0.0, 0.0),
    # A restructured loan is safer and better secured, at a lower margin.
    "restructure": Response(0.6, 0.35, 1.0, -0.004, 0.0),
    # Half the loan repaid: half the exposure, half the income, an unhappy client.
    "reduce_exposure": Response(0.9, None, 0.5, 0.0, -0.15),
    # The loan is called and the credit relationship ends.
    "exit": Response(0.0, None, 0.0, 0.0, -0.3),
}

# Service improvements, funded a quarter at a time: a faster stage (审核/审批/办理) or a 回访
# programme. Cost a quarter as a share of the branch's yearly 综合贡献度 at the hand-over
# (staff and systems scale with the business): about 33 and 22 万元 for the default bank.
IMPROVEMENTS = ("reviewed", "approved", "processed", "followed_up")
IMPROVEMENT_COST_SHARE = {
    "reviewed": 0.0015,
    "approved": 0.0015,
    "processed": 0.0015,
    "followed_up": 0.001,
}
BOTTLENECK_BREACH_FACTOR = 0.45  # breaches left when the bank's bottleneck stage is sped up
OTHER_STAGE_BREACH_FACTOR = 0.9  # ... when another stage is
FOLLOWUP_COMPLAINT_FACTOR = 0.7  # complaints left with a 回访 programme
FOLLOWUP_LATE_FACTOR = 0.3  # complaints handled outside the 15/30-day rule left with it
FOLLOWUP_SATISFACTION = 0.05  # satisfaction (sd units) a quarter of 回访 adds

DEFAULT_HOURS_BUDGET = 240.0  # RM hours a quarter beyond business as usual
SERVICE_BUDGET_SHARE = 0.0035  # the quarter's service budget, of the yearly 综合贡献度


def grade_rank(rating: str) -> int:
    """0 for AAA … 11 for B: a larger rank is a worse grade."""
    return RATINGS.index(rating) if rating in RATINGS else len(RATINGS)
