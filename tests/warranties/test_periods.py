"""Warranty periods in calendar months: month ends, leap years, the end day covered."""

from datetime import date

import pytest

from tenant_apps.warranties.periods import add_months, warranty_end


@pytest.mark.parametrize(("start", "months", "end"), [
    (date(2026, 1, 15), 12, date(2027, 1, 15)),
    (date(2026, 1, 15), 3, date(2026, 4, 15)),
    (date(2026, 8, 31), 6, date(2027, 2, 28)),   # no 31 February: the month's last day
    (date(2027, 8, 31), 6, date(2028, 2, 29)),   # leap year
    (date(2026, 1, 31), 3, date(2026, 4, 30)),
    (date(2026, 3, 31), 6, date(2026, 9, 30)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2024, 2, 29), 24, date(2026, 2, 28)),  # legal conformity from a 29 February
    (date(2026, 11, 30), 3, date(2027, 2, 28)),  # across the year end
    (date(2026, 12, 31), 12, date(2027, 12, 31)),
    (date(2026, 2, 28), 6, date(2026, 8, 28)),   # the 28th stays the 28th
])
def test_end_of_period(start, months, end):
    assert warranty_end(start, months) == end


def test_adding_zero_months_is_the_same_day():
    assert add_months(date(2026, 5, 31), 0) == date(2026, 5, 31)
