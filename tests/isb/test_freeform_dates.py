"""Free-form dates (python-dateutil with the Indonesian parserinfo) and calendar arithmetic on durations."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from ocds_regency.errors import ParseError
from ocds_regency.isb.parse import (
    WIB,
    WITA,
    Duration,
    LocalDateTime,
    add_duration,
    parse_datetime,
    parse_local_datetime,
)

BULAN = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14 Januari 2025 jam 10.00 WIB", LocalDateTime(dt.date(2025, 1, 14), dt.time(10), WIB)),
        ("tanggal 3 Agustus 2025", LocalDateTime(dt.date(2025, 8, 3))),
        ("20250114", LocalDateTime(dt.date(2025, 1, 14))),
        ("Selasa 14 Januari 2025 pukul 10:00 WITA", LocalDateTime(dt.date(2025, 1, 14), dt.time(10), WITA)),
        ("14th January 2025 10am", LocalDateTime(dt.date(2025, 1, 14), dt.time(10))),
        ("Jan-14-2025", LocalDateTime(dt.date(2025, 1, 14))),
        ("3 Agustus 2025 13:00:00Z", LocalDateTime(dt.date(2025, 8, 3), dt.time(13))),  # LKPP's false Z
    ],
)
def test_free_form_dates(text: str, expected: LocalDateTime) -> None:
    assert parse_local_datetime(text) == expected


def test_a_labelled_free_form_time_is_converted_to_the_regency_zone() -> None:
    assert parse_datetime("Selasa 14 Januari 2025 pukul 10:00 WITA") == "2025-01-14T09:00:00+07:00"
    assert parse_datetime("Kamis, 3 Agt 2025 13:00 UTC") == "2025-08-03T20:00:00+07:00"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("14 Jan 25", "two-digit year"),
        ("Januari 2025", "no day"),
        ("2025", "no month or day"),
        ("Pengadaan laptop", "not a recognised date"),
        ("14 Januari 1970 jam 10.00", "implausible year"),
        # the strict forms keep their rules: no falling back to a guess
        ("05/13/2025", "looks month-first"),
        ("31-02-2025", "invalid date"),
        ("05 06 2025", "can.t be told apart"),
    ],
)
def test_no_guessing(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_local_datetime(text)


@given(st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)), st.integers(0, 3), st.booleans())
def test_any_date_written_the_indonesian_way(date: dt.date, style: int, weekday: bool) -> None:
    month = BULAN[date.month - 1]
    text = [
        f"tanggal {date.day} {month} {date.year}",
        f"{date.day} {month.upper()} {date.year} pukul 08.30 WIB",
        f"{date.year}{date.month:02}{date.day:02}",
        f"{date.day}-{month[:3]}-{date.year}",
    ][style]
    if weekday:
        text = f"{HARI[date.weekday()]}, {text}"
    parsed = parse_local_datetime(text)
    assert parsed is not None
    assert parsed.date == date


def test_month_arithmetic_keeps_the_calendar() -> None:
    assert add_duration(dt.date(2025, 8, 31), Duration(months=6)) == dt.date(2026, 2, 28)
    assert add_duration(dt.date(2024, 2, 29), Duration(years=1)) == dt.date(2025, 2, 28)
    assert add_duration(dt.date(2025, 1, 15), Duration(days=90)) == dt.date(2025, 4, 15)
    assert add_duration(dt.date(2025, 1, 31), Duration(years=1, months=1, days=1)) == dt.date(2026, 3, 1)
    start = dt.datetime(2025, 1, 31, 8, 0, tzinfo=WIB)
    assert add_duration(start, relativedelta(months=1)) == dt.datetime(2025, 2, 28, 8, 0, tzinfo=WIB)


def test_working_days_have_no_calendar_length() -> None:
    with pytest.raises(ValueError, match="working days"):
        add_duration(dt.date(2025, 1, 1), Duration(working_days=20))


@given(st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)), st.integers(1, 120))
def test_adding_months_lands_in_the_right_month(start: dt.date, months: int) -> None:
    end = add_duration(start, Duration(months=months))
    assert (end.year - start.year) * 12 + end.month - start.month == months
    assert end.day == min(start.day, end.day) and (end.day == start.day or end.day < start.day)
