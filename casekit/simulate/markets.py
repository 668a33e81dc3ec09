"""The calendar and the rates a book lives in: Spring Festival months, LPR, FTP margins.

Published facts, not parameters: the Spring Festival moves with the lunar calendar (January or
February), and loans are priced off the Loan Prime Rate the PBoC publishes each month. Months
outside the published table keep the nearest known value.
"""

from __future__ import annotations

import numpy as np

# The lunar festivals, by year: the Spring Festival (春节, first day of the first lunar month),
# the Dragon Boat Festival (端午, 5th of the 5th) and the Mid-Autumn Festival (中秋, 15th of
# the 8th), as the published calendar gives them.
FESTIVALS: dict[str, dict[int, str]] = {
    "spring": {
        2015: "2015-02-19",
        2016: "2016-02-08",
        2017: "2017-01-28",
        2018: "2018-02-16",
        2019: "2019-02-05",
        2020: "2020-01-25",
        2021: "2021-02-12",
        2022: "2022-02-01",
        2023: "2023-01-22",
        2024: "2024-02-10",
        2025: "2025-01-29",
        2026: "2026-02-17",
        2027: "2027-02-06",
        2028: "2028-01-26",
        2029: "2029-02-13",
        2030: "2030-02-03",
        2031: "2031-01-23",
        2032: "2032-02-11",
        2033: "2033-01-31",
        2034: "2034-02-19",
        2035: "2035-02-08",
    },
    "dragon": {
        2015: "2015-06-20",
        2016: "2016-06-09",
        2017: "2017-05-30",
        2018: "2018-06-18",
        2019: "2019-06-07",
        2020: "2020-06-25",
        2021: "2021-06-14",
        2022: "2022-06-03",
        2023: "2023-06-22",
        2024: "2024-06-10",
        2025: "2025-05-31",
        2026: "2026-06-19",
        2027: "2027-06-09",
        2028: "2028-05-28",
        2029: "2029-06-16",
        2030: "2030-06-05",
        2031: "2031-06-24",
        2032: "2032-06-12",
        2033: "2033-06-01",
        2034: "2034-06-20",
        2035: "2035-06-10",
    },
    "mid_autumn": {
        2015: "2015-09-27",
        2016: "2016-09-15",
        2017: "2017-10-04",
        2018: "2018-09-24",
        2019: "2019-09-13",
        2020: "2020-10-01",
        2021: "2021-09-21",
        2022: "2022-09-10",
        2023: "2023-09-29",
        2024: "2024-09-17",
        2025: "2025-10-06",
        2026: "2026-09-25",
        2027: "2027-09-15",
        2028: "2028-10-03",
        2029: "2029-09-22",
        2030: "2030-09-12",
        2031: "2031-10-01",
        2032: "2032-09-19",
        2033: "2033-09-08",
        2034: "2034-09-27",
        2035: "2035-09-16",
    },
}
# Month (1 or 2) of the first day of the Spring Festival, by year (the lunar new year).
SPRING_FESTIVAL_MONTH: dict[int, int] = {y: int(d[5:7]) for y, d in FESTIVALS["spring"].items()}


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


def festival_days_ahead(dates: np.ndarray, festival: str) -> np.ndarray:
    """Days from each date (datetime64[D]) to the next ``festival`` on or after it (large if unknown)."""
    d = np.asarray(dates, dtype="datetime64[D]")
    known = np.array(sorted(FESTIVALS[festival].values()), dtype="datetime64[D]")
    idx = np.searchsorted(known, d, side="left")
    nxt = known[np.clip(idx, 0, len(known) - 1)]
    ahead = (nxt - d).astype(np.int64)
    return np.where(idx < len(known), ahead, 10_000)
