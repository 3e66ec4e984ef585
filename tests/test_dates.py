"""The partial-date parser: property tests over the whole calendar, and the errors curators will meet."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from belarus_china_data.contract.dates import DatePrecision, parse_partial_date


@given(st.dates(min_value=dt.date(1, 1, 1)))
def test_day_dates_round_trip(day: dt.date) -> None:
    parsed = parse_partial_date(day.isoformat())
    assert parsed.precision is DatePrecision.DAY
    assert parsed.earliest == parsed.latest == day
    assert str(parsed) == day.isoformat()


@given(st.dates(min_value=dt.date(1, 1, 1)))
def test_month_dates_span_the_whole_month(day: dt.date) -> None:
    parsed = parse_partial_date(day.isoformat()[:7])
    assert parsed.precision is DatePrecision.MONTH
    assert parsed.earliest == day.replace(day=1)
    assert parsed.earliest <= day <= parsed.latest
    assert (parsed.latest + dt.timedelta(days=1)).day == 1


@given(st.integers(min_value=1, max_value=9999))
def test_year_dates_span_the_whole_year(year: int) -> None:
    parsed = parse_partial_date(f"{year:04d}")
    assert parsed.precision is DatePrecision.YEAR
    assert (parsed.earliest, parsed.latest) == (dt.date(year, 1, 1), dt.date(year, 12, 31))


@given(st.text(max_size=12))
def test_arbitrary_text_parses_or_raises_value_error(text: str) -> None:
    try:
        parsed = parse_partial_date(text)
    except ValueError as exc:
        assert repr(text)[:10] in str(exc) or "0000" in str(exc)
    else:
        assert parsed.earliest <= parsed.latest
        assert parsed.text == text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2023-02-30", "not a real calendar day"),
        ("2023-13", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("23-01-01", "YYYY, YYYY-MM or YYYY-MM-DD"),
        (" 2023", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2023-1-05", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("0000", "does not exist"),
    ],
)
def test_invalid_dates_say_why(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_partial_date(text)


def test_leap_day_only_in_leap_years() -> None:
    assert parse_partial_date("2024-02").latest == dt.date(2024, 2, 29)
    with pytest.raises(ValueError, match="not a real calendar day"):
        parse_partial_date("2023-02-29")
