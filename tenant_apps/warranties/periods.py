"""How long a warranty lasts: calendar months, counted as French law counts them.

A period of months ends on the day of the last month with the same number as the first day, or
on that month's last day when it has no such day (Code de procédure civile, art. 641): from
31 August, six months end on 28 (or 29) February. The end day is covered.
"""

from calendar import monthrange
from datetime import date


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def warranty_end(starts_on: date, months: int) -> date:
    """The last day a warranty of ``months`` starting on ``starts_on`` covers."""
    return add_months(starts_on, months)
