"""The calendar and the rates a book lives in: Spring Festival months, LPR, FTP margins.

Published facts, not parameters: the Spring Festival moves with the lunar calendar (January or
February), and loans are priced off the Loan Prime Rate the PBoC publishes each month. Months
outside the published table keep the nearest known value.
"""

from __future__ import annotations

import numpy as np

# Month (1 or 2) of the first day of the Spring Festival, by year (the lunar new year).
SPRING_FESTIVAL_MONTH: dict[int, int] = {
    2015: 2,
    2016: 2,
    2017: 1,
    2018: 2,
    2019: 2,
    2020: 1,
    2021: 2,
    2022: 2,
    2023: 1,
    2024: 2,
    2025: 1,
    2026: 2,
    2027: 2,
    2028: 1,
    2029: 2,
    2030: 2,
    2031: 1,
    2032: 2,
    2033: 1,
    2034: 2,
    2035: 2,
}

# One-year and five-year LPR (% a year) from the month each took effect (PBoC announcements).
_LPR_1Y = (
    ("2019-08", 4.25),
    ("2019-11", 4.15),
    ("2020-02", 4.05),
    ("2020-04", 3.85),
    ("2021-12", 3.80),
    ("2022-01", 3.70),
    ("2022-08", 3.65),
    ("2023-06", 3.55),
    ("2023-08", 3.45),
    ("2024-07", 3.35),
    ("2024-10", 3.10),
    ("2025-05", 3.00),
)
_LPR_5Y = (
    ("2019-08", 4.85),
    ("2019-11", 4.80),
    ("2020-02", 4.75),
    ("2020-04", 4.65),
    ("2022-01", 4.60),
    ("2022-05", 4.45),
    ("2022-08", 4.30),
    ("2023-06", 4.20),
    ("2024-02", 3.95),
    ("2024-07", 3.85),
    ("2024-10", 3.60),
    ("2025-05", 3.50),
)


def _step(table: tuple[tuple[str, float], ...], months: np.ndarray) -> np.ndarray:
    starts = np.array([np.datetime64(m, "M") for m, _ in table])
    values = np.array([v for _, v in table])
    idx = np.searchsorted(starts, months, side="right") - 1
    return values[np.clip(idx, 0, len(values) - 1)] / 100


def lpr(months: np.ndarray, tenor: str = "1y") -> np.ndarray:
    """The LPR (a fraction a year) in force in each month (datetime64[M])."""
    return _step(_LPR_1Y if tenor == "1y" else _LPR_5Y, np.asarray(months, dtype="datetime64[M]"))


def years_since(months: np.ndarray, year: int = 2023) -> np.ndarray:
    """Years from January of ``year`` to each month: the clock of the margin squeeze."""
    return (np.asarray(months, dtype="datetime64[M]").astype(int) - (year - 1970) * 12) / 12


def loan_margin(months: np.ndarray) -> np.ndarray:
    """A loan's rate above the bank's transfer price (FTP) at spread zero: squeezed each year.

    Loan yields fell faster than funding costs over 2023-2025 (banks' NIMs fell from about 1.9%
    to 1.5%), so the same loan earns about 12 basis points less over FTP each year.
    """
    return np.clip(0.0125 - 0.0012 * years_since(months), 0.006, 0.02)


def deposit_margin(months: np.ndarray) -> np.ndarray:
    """FTP credit less the rate paid on corporate deposits: 0.85% in 2023, narrowing to ~0.5%."""
    return np.clip(0.0085 - 0.0012 * years_since(months), 0.003, 0.01)


def spring_festival(months: np.ndarray) -> np.ndarray:
    """True for each month (datetime64[M]) that holds the first day of the Spring Festival."""
    m = np.asarray(months, dtype="datetime64[M]")
    year = m.astype("datetime64[Y]").astype(int) + 1970
    cal = m.astype(int) % 12 + 1
    festival = np.array([SPRING_FESTIVAL_MONTH.get(int(y), 2) for y in year])
    return cal == festival
