"""Dates at their true precision.

Sources often give only a year or a month. Padding such a date to the first day invents a fact, so the
dataset stores the date as it is known (``2013``, ``2013-07``, ``2013-07-16``) and derives, for sorting and
filtering, the earliest and latest calendar day the date can mean plus its precision. This module is the one
place that parses such dates; it is pure Python so that it costs nothing at import time.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["PARTIAL_DATE_PATTERN", "DatePrecision", "PartialDate", "parse_partial_date"]

#: Regular expression a partial date must match (ISO 8601 calendar date, reduced precision allowed).
PARTIAL_DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
_PARTIAL_DATE_RE = re.compile(PARTIAL_DATE_PATTERN)


class DatePrecision(StrEnum):
    """How much of a date is known."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date known to the year, the month or the day.

    >>> d = parse_partial_date("2013-07")
    >>> d.precision, d.earliest.isoformat(), d.latest.isoformat()
    (<DatePrecision.MONTH: 'month'>, '2013-07-01', '2013-07-31')
    """

    text: str
    precision: DatePrecision
    earliest: dt.date
    latest: dt.date

    def __str__(self) -> str:
        return self.text


def parse_partial_date(text: str) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` into a :class:`PartialDate`.

    Raises ``ValueError`` with a reason a curator can act on when the text is not such a date or names a day
    that does not exist (``2023-02-30``). Surrounding whitespace is an error, not silently stripped, because
    the CSV files are the source of truth and should be clean.

    >>> parse_partial_date("2023-03-01").latest.isoformat()
    '2023-03-01'
    >>> parse_partial_date("1992").latest.isoformat()
    '1992-12-31'
    >>> parse_partial_date("2023-02-30")
    Traceback (most recent call last):
    ...
    ValueError: '2023-02-30' is not a real calendar day
    """
    if not isinstance(text, str) or not _PARTIAL_DATE_RE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in text.split("-")]
    year = parts[0]
    if year < 1:
        raise ValueError(f"{text!r} has year 0000, which does not exist")
    if len(parts) == 1:
        return PartialDate(text, DatePrecision.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31))
    month = parts[1]
    last_day = calendar.monthrange(year, month)[1]
    if len(parts) == 2:
        return PartialDate(text, DatePrecision.MONTH, dt.date(year, month, 1), dt.date(year, month, last_day))
    day = parts[2]
    if day > last_day:
        raise ValueError(f"{text!r} is not a real calendar day")
    exact = dt.date(year, month, day)
    return PartialDate(text, DatePrecision.DAY, exact, exact)
