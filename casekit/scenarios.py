"""Bank scenarios: presets that change the client mix and the magnitudes of the book."""

from __future__ import annotations

from dataclasses import dataclass, field

from casekit.errors import BadParameter


@dataclass(frozen=True)
class Scenario:
    """One bank's setting: who its clients are and how its book behaves.

    Money is in 万元; rates are annual unless named monthly.
    """

    name: str
    zh: str
    en: str
    # Client mix.
    division_weights: dict[str, float]
    region_weights: dict[str, float]
    ownership_weights: dict[str, float]
    log10_revenue_mean: float  # centre of the book's revenue distribution (log10 万元)
    log10_revenue_sd: float
    group_share: float  # share of clients that belong to a corporate group
    # Credit.
    borrower_share: float  # share of clients with a credit line at the start
    # Multiplies every grade's published default rate (the proportions between grades stay):
    # the through-the-cycle rates of the master scale sit below 2023-2025's realised ones.
    pd_scale: float
    # Relationship.
    churn_small: float  # annual full-churn hazard of a typical small/micro client
    churn_large: float  # annual partial-churn hazard of a typical large client
    deposit_trend: float  # market-wide annual deposit growth
    contacts_per_year: dict[str, float]  # planned contacts by tier
    # Service process: median hours of 审核 (review), 审批 (approval), 办理 (processing) and
    # from processing to the 回访 follow-up call, and the stage that is this bank's bottleneck.
    stage_hours: tuple[float, float, float, float]
    bottleneck: str
    # The relationship pilot programme and the band its true effect is drawn from (per seed).
    pilot_share: float
    fee_scale: float = 1.0  # multiplies fee income (rural banks sell few fee products)
    pilot_effect: dict[str, tuple[float, float]] = field(default_factory=dict)
    # Request types this bank handles worst (their stage times are longer): what Case 3 finds.
    slow_request_types: tuple[str, ...] = ()
    # The stage where a few requests stall for weeks waiting on the client (most often for
    # missing documents, 待补充材料): never the bottleneck, so its mean hours mislead (Case 3).
    stuck_stage: str = "reviewed"
    # Notches the rating distribution sits below the national one (a riskier client base).
    rating_shift: float = 0.0
    # How strongly each driver raises a client's monthly churn hazard (log hazard ratio per
    # unit): recent SLA breaches and complaints, complaints handled outside the 15/30-day
    # rule, the share of need value left unmet, contact below plan, a competitor's offer, and
    # the client's overall satisfaction.
    loyalty_links: dict[str, float] = field(default_factory=dict)
    # Realism ranges that differ from the system-wide ones in the domain brief.
    # None marks a KPI that does not apply (e.g. large-firm attrition in a bank with none).
    kpi_overrides: dict[str, tuple[float, float] | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Refuse a stuck stage that is the bottleneck: the stall must mislead the mean elsewhere."""
        if self.stuck_stage == self.bottleneck:
            raise ValueError(
                f"{self.name}: stuck_stage must differ from bottleneck {self.bottleneck!r}"
            )


# Each book draws its pilot's true effect from these bands, so one trainee's answer is not
# another's; the effect ramps in over the pilot's first months.
_PILOT_EFFECT = {
    "nps_points": (0.5, 0.9),  # points on the 0-10 likelihood-to-recommend score
    "deposit_pct": (0.04, 0.12),  # daily-average deposits
    "fee_pct": (0.06, 0.18),  # fee income
    "churn_hazard_ratio": (0.5, 0.8),  # churn hazard multiplied by this
    "pd_ratio": (1.0, 1.5),  # more lending to the pilot's clients brings some more risk
}
_LOYALTY = {
    "breach": 1.0,  # per SLA breach in the last six months
    "complaint_late": 1.4,  # per complaint handled outside the 15/30-day rule, last 12 months
    "complaint": 1.0,  # per complaint opened in the last six months
    "unmet": 1.2,  # per unit of the share of need value left unmet
    "contact_gap": 0.5,  # per unit of log(planned / actual contacts), when below plan
    "competitor": 1.0,  # in the months a competitor's offer is on the table
    # per standard deviation of satisfaction (itself loyalty, contact, the client's service
    # record, unmet needs and the RM's skill): the slow-moving part of loyalty
    "satisfaction": 1.8,
}

_BASE_DIVISIONS = {
    "A01": 1.5,
    "A03": 1.0,
    "B06": 1.0,
    "C13": 4.0,
    "C17": 3.5,
    "C26": 3.0,
    "C34": 4.5,
    "C36": 2.5,
    "C39": 3.5,
    "D44": 1.0,
    "E47": 6.0,
    "F51": 16.0,
    "F52": 9.0,
    "G54": 3.5,
    "G59": 1.5,
    "H62": 3.0,
    "I65": 5.0,
    "K70": 3.0,
    "L72": 12.0,
    "M75": 4.0,
    "N77": 1.5,
    "O80": 2.0,
    "P83": 1.0,
    "Q84": 1.0,
    "R87": 1.5,
}


def _reweight(base: dict[str, float], **factors: float) -> dict[str, float]:
    return {k: v * factors.get(k, 1.0) for k, v in base.items()}


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario(
            name="national_branch",
            zh="国有大行一级分行",
            en="A national bank's city branch",
            division_weights=_BASE_DIVISIONS,
            region_weights={"east": 0.59, "central": 0.23, "west": 0.18},
            ownership_weights={"private": 0.74, "soe": 0.14, "foreign": 0.09, "collective": 0.03},
            log10_revenue_mean=3.15,
            log10_revenue_sd=0.85,
            group_share=0.12,
            borrower_share=0.45,
            pd_scale=3.0,
            churn_small=0.14,
            churn_large=0.03,
            deposit_trend=0.05,
            contacts_per_year={"strategic": 12.0, "key": 5.0, "general": 1.2},
            stage_hours=(3.0, 9.0, 2.5, 16.0),
            bottleneck="approved",
            pilot_share=0.15,
            pilot_effect=_PILOT_EFFECT,
            slow_request_types=("credit_renewal", "account_opening"),
            rating_shift=0.5,
            loyalty_links=_LOYALTY,
        ),
        Scenario(
            name="city_commercial",
            zh="城市商业银行（制造业与贸易）",
            en="A city commercial bank heavy in manufacturing and trade",
            division_weights=_reweight(
                _BASE_DIVISIONS,
                C13=2.0,
                C17=2.5,
                C26=1.5,
                C34=2.5,
                C36=2.0,
                C39=2.5,
                F51=1.6,
                F52=1.2,
                K70=0.5,
                L72=0.6,
                D44=0.3,
                B06=0.3,
            ),
            region_weights={"east": 0.85, "central": 0.12, "west": 0.03},
            ownership_weights={"private": 0.88, "soe": 0.05, "foreign": 0.05, "collective": 0.02},
            log10_revenue_mean=2.85,
            log10_revenue_sd=0.8,
            group_share=0.10,
            borrower_share=0.55,
            pd_scale=2.9,
            churn_small=0.145,
            churn_large=0.035,
            deposit_trend=0.06,
            contacts_per_year={"strategic": 12.0, "key": 6.0, "general": 1.3},
            stage_hours=(8.5, 3.5, 2.5, 16.0),
            bottleneck="reviewed",
            pilot_share=0.15,
            pilot_effect=_PILOT_EFFECT,
            slow_request_types=("loan_drawdown", "intl_payment"),
            stuck_stage="approved",  # 审批 sends requests back for supplementary materials
            rating_shift=1.0,
            loyalty_links=_LOYALTY,
            # A city bank's book is SME-heavy and its NPL ratio a little above the system's.
            kpi_overrides={
                "npl_ratio": (0.013, 0.022),
                "share_large": (0.01, 0.06),
                "loan_to_deposit": (0.85, 1.6),
                # A city bank lends little to infrastructure and more to SMEs.
                "loans_infrastructure": (0.05, 0.35),
                "loans_small_micro": (0.2, 0.55),
                "loans_trade": (0.05, 0.25),
            },
        ),
        Scenario(
            name="rural",
            zh="农村商业银行（涉农与小微）",
            en="A rural commercial bank heavy in agriculture and micro firms",
            division_weights=_reweight(
                _BASE_DIVISIONS,
                A01=8.0,
                A03=8.0,
                C13=2.5,
                F52=1.8,
                H62=1.5,
                E47=1.2,
                C26=0.3,
                C39=0.2,
                C36=0.3,
                I65=0.3,
                K70=0.4,
                B06=0.3,
                D44=0.3,
                L72=0.5,
            ),
            region_weights={"east": 0.25, "central": 0.45, "west": 0.30},
            ownership_weights={"private": 0.9, "soe": 0.03, "foreign": 0.01, "collective": 0.06},
            log10_revenue_mean=2.35,
            log10_revenue_sd=0.7,
            group_share=0.04,
            borrower_share=0.6,
            pd_scale=3.2,
            churn_small=0.14,
            churn_large=0.04,
            deposit_trend=0.04,
            contacts_per_year={"strategic": 10.0, "key": 4.0, "general": 1.0},
            stage_hours=(3.0, 4.0, 8.5, 16.0),
            bottleneck="processed",
            pilot_share=0.2,
            fee_scale=0.45,
            pilot_effect=_PILOT_EFFECT,
            slow_request_types=("account_opening", "credit_renewal"),
            rating_shift=1.8,
            loyalty_links={**_LOYALTY, "competitor": 0.7, "unmet": 0.9},
            # Rural commercial banks: NPL ratio around 3%, almost no large firms, corporate
            # loans funded by household deposits, and little fee business.
            kpi_overrides={
                "npl_ratio": (0.022, 0.040),
                "npl_manufacturing": (0.02, 0.06),
                "npl_trade": (0.03, 0.07),
                "npl_transport": (0.0, 0.03),
                "share_large": (0.0, 0.02),
                "share_medium": (0.02, 0.12),
                "share_small_micro": (0.85, 0.99),
                "attrition_large": None,
                "large_partial_share": None,
                "loan_to_deposit": (0.9, 2.4),
                "fee_share": (0.03, 0.15),
                # Rural banks lend mostly to small and micro firms and farms, and carry more
                # 关注 loans (rural banks' special-mention ratios run about 3-5%).
                "loans_small_micro": (0.45, 0.85),
                # Farm deposits peak after the harvest and fall after the festival: the Q1
                # 开门红 surge is weaker than at a city bank.
                "q1_deposit_lift": (-0.04, 0.12),
                "loans_infrastructure": (0.02, 0.45),
                "special_mention_share": (0.015, 0.06),
            },
        ),
    )
}

DEFAULT_SCENARIO = "national_branch"


def get_scenario(name: str) -> Scenario:
    """The preset called ``name``; raises BadParameter naming the valid presets."""
    try:
        return SCENARIOS[name]
    except KeyError:
        raise BadParameter(
            f"unknown scenario {name!r}: choose one of {', '.join(SCENARIOS)}"
        ) from None
