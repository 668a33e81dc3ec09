"""Size classes follow 工信部联企业〔2011〕300号 at and around every threshold."""

from __future__ import annotations

import numpy as np
import pytest

from casekit.sizeclass import size_class

CASES = [
    # division, staff, revenue (万元), assets (万元), expected
    ("C34", 1000, 40000, 0, "large"),  # industry: both large thresholds reached
    ("C34", 999, 40000, 0, "medium"),  # one short of 1000 staff
    ("C34", 5000, 39999, 0, "medium"),
    ("C34", 300, 2000, 0, "medium"),
    ("C34", 299, 2000, 0, "small"),
    ("C34", 20, 300, 0, "small"),
    ("C34", 19, 300, 0, "micro"),
    ("C34", 20, 299, 0, "micro"),
    ("F51", 200, 40000, 0, "large"),  # wholesale
    ("F51", 20, 5000, 0, "medium"),
    ("F51", 5, 1000, 0, "small"),
    ("F51", 4, 1000, 0, "micro"),
    ("F52", 300, 20000, 0, "large"),  # retail
    ("F52", 50, 500, 0, "medium"),
    ("F52", 10, 100, 0, "small"),
    ("E47", 10, 80000, 80000, "large"),  # construction: revenue and assets, staff ignored
    ("E47", 10, 80000, 79999, "medium"),
    ("E47", 10, 300, 300, "small"),
    ("A01", 1, 20000, 0, "large"),  # agriculture: revenue only
    ("A01", 1, 19999, 0, "medium"),
    ("A01", 1, 50, 0, "small"),
    ("A01", 1, 49, 0, "micro"),
    ("K70", 1, 200000, 10000, "large"),  # real estate: revenue and assets
    ("K70", 1, 1000, 5000, "medium"),
    ("K70", 1, 100, 2000, "small"),
    ("K70", 1, 100, 1999, "micro"),
    ("L72", 300, 0, 120000, "large"),  # leasing & business services: staff and assets
    ("L72", 100, 0, 8000, "medium"),
    ("M75", 300, 0, 0, "large"),  # other industries: staff only
    ("M75", 9, 10**6, 10**6, "micro"),
    ("G59", 200, 30000, 0, "large"),  # warehousing
    ("G54", 1000, 30000, 0, "large"),  # transport
    ("H62", 100, 2000, 0, "medium"),  # catering
    ("I65", 10, 50, 0, "small"),  # software
]


@pytest.mark.parametrize(("division", "staff", "revenue", "assets", "expected"), CASES)
def test_threshold(division, staff, revenue, assets, expected):
    got = size_class(
        np.array([division]), np.array([staff]), np.array([revenue]), np.array([assets])
    )
    assert got[0] == expected


def test_vectorised_over_mixed_standards():
    divisions, staff, rev, assets, expected = map(np.array, zip(*CASES, strict=True))
    assert list(size_class(divisions, staff, rev, assets)) == list(expected)


def test_book_size_classes_are_recomputable_from_its_columns(book):
    c = book.clients
    again = size_class(
        c["division"].astype(str).to_numpy(),
        c["staff"].to_numpy(),
        c["revenue"].to_numpy(),
        c["total_assets"].to_numpy(),
    )
    assert (again == c["size_class"].astype(str).to_numpy()).all()
