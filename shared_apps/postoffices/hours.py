"""Opening hours: per weekday, a list of [opens, closes] spans written "HH:MM".

Stored as JSON on the office, e.g. {"mon": [["09:00", "12:00"], ["14:00", "18:00"]], "sat":
[["09:00", "12:00"]]}; a day that is absent is closed. The import file writes the same thing as
text: "mon-fri 09:00-12:00,14:00-18:00; sat 09:00-12:00".
"""

import re
from typing import Any

from django.core.exceptions import ValidationError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")

OpeningHours = dict[str, list[list[str]]]


def _checked_spans(day: str, spans: Any) -> list[list[str]]:
    if not isinstance(spans, list) or not spans:
        raise ValueError(f"{day}: give a non-empty list of [opens, closes] spans")
    checked: list[list[str]] = []
    for span in spans:
        if (not isinstance(span, list | tuple) or len(span) != 2
                or not all(isinstance(t, str) and _TIME.match(t) for t in span)):
            raise ValueError(f"{day}: each span is two times written HH:MM, e.g. 09:00-12:00")
        opens, closes = span
        if opens >= closes:
            raise ValueError(f"{day}: {opens}-{closes} closes before it opens")
        checked.append([opens, closes])
    checked.sort()
    for previous, following in zip(checked, checked[1:], strict=False):
        if following[0] < previous[1]:
            raise ValueError(f"{day}: {previous[0]}-{previous[1]} and "
                             f"{following[0]}-{following[1]} overlap")
    return checked


def clean_opening_hours(value: Any) -> OpeningHours:
    """The hours in their canonical form (weekday order, spans sorted), or ValueError saying
    what is wrong."""
    if not isinstance(value, dict):
        raise ValueError("give an object keyed by weekday (mon ... sun)")
    unknown = sorted(set(value) - set(WEEKDAYS))
    if unknown:
        raise ValueError(f"unknown weekday {unknown[0]!r}; use {', '.join(WEEKDAYS)}")
    return {day: _checked_spans(day, value[day]) for day in WEEKDAYS if day in value}


def validate_opening_hours(value: Any) -> None:
    """Model-field validator."""
    try:
        clean_opening_hours(value)
    except ValueError as error:
        raise ValidationError(str(error), code="invalid_hours") from None


def _days(text: str) -> list[str]:
    days: list[str] = []
    for item in text.split(","):
        first, _, last = item.strip().lower().partition("-")
        if first not in WEEKDAYS or (last and last not in WEEKDAYS):
            raise ValueError(f"{item.strip()!r} is not a weekday or a range like mon-fri")
        start = WEEKDAYS.index(first)
        end = WEEKDAYS.index(last) if last else start
        if end < start:
            raise ValueError(f"{item.strip()!r} runs backwards; write e.g. mon-fri")
        days.extend(WEEKDAYS[start:end + 1])
    return days


def parse_opening_hours(text: str) -> OpeningHours:
    """Read "mon-fri 09:00-12:00,14:00-18:00; sat 09:00-12:00"; empty text means unknown
    hours. Raises ValueError naming what is wrong."""
    hours: dict[str, list[list[str]]] = {}
    for group in filter(None, (part.strip() for part in text.split(";"))):
        days_text, _, spans_text = group.partition(" ")
        if not spans_text.strip():
            raise ValueError(f"{group!r}: write the days, a space, then the times")
        spans = [span.strip().split("-") for span in spans_text.split(",")]
        for day in _days(days_text):
            if day in hours:
                raise ValueError(f"{day} is given twice")
            hours[day] = [list(span) for span in spans]
    return clean_opening_hours(hours)


def full_week(hours: OpeningHours) -> OpeningHours:
    """Every weekday in order, closed days with an empty list: what readers display."""
    return {day: [list(span) for span in hours.get(day, [])] for day in WEEKDAYS}
