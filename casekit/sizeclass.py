"""Enterprise size class by 工信部联企业〔2011〕300号, vectorised over a whole book."""

from __future__ import annotations

import numpy as np

from casekit.catalog import DIVISIONS, SIZE_STANDARDS

_DIVISION_STANDARD = {d.code: d.standard for d in DIVISIONS}
_NUMBER = {key: i for i, key in enumerate(SIZE_STANDARDS)}  # each standard as a small number


def _reaches(level: int, std, staff, revenue, assets) -> np.ndarray:
    ok = np.ones(len(staff), dtype=bool)
    for thresholds, values in ((std.staff, staff), (std.revenue, revenue), (std.assets, assets)):
        if thresholds is not None:
            ok &= values >= thresholds[level]
    return ok


def size_class(
    division: np.ndarray, staff: np.ndarray, revenue: np.ndarray, assets: np.ndarray
) -> np.ndarray:
    """Size class (large/medium/small/micro) of each firm from staff, revenue and assets (万元).

    Large needs every large threshold of the firm's standard, medium every medium one,
    small every small one; anything else is micro.
    """
    division = np.asarray(division)
    staff, revenue, assets = (np.asarray(a, dtype=float) for a in (staff, revenue, assets))
    out = np.full(len(division), "micro", dtype=object)
    # Each firm's standard as a number, looked up once per division: comparing object
    # arrays of labels costs a Python comparison a firm, for every standard.
    items = division.tolist()
    of_division = {d: _NUMBER[_DIVISION_STANDARD[d]] for d in set(items)}
    standards = np.fromiter(map(of_division.__getitem__, items), np.intp, len(items))
    for key, std in SIZE_STANDARDS.items():
        rows = standards == _NUMBER[key]
        if not rows.any():
            continue
        s, r, a = staff[rows], revenue[rows], assets[rows]
        cls = np.full(rows.sum(), "micro", dtype=object)
        # Test from the smallest class up so each firm keeps the largest class it reaches.
        for level, name in ((2, "small"), (1, "medium"), (0, "large")):
            cls[_reaches(level, std, s, r, a)] = name
        out[rows] = cls
    return out
