"""report.html speaks to people: dates as they read them, personal-data categories by name."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocds_regency.pipeline import PublishResult
from ocds_regency.reporting.texts import format_datetime, format_idr, format_percent, label


def test_the_publication_date_reads_as_a_date(published: PublishResult) -> None:
    html = (published.out_dir / "report.html").read_text(encoding="utf-8")
    # DATE is 2025-11-04T08:00:00Z, i.e. 15.00 in Jakarta
    assert '<time datetime="2025-11-04T08:00:00Z">4 November 2025, 15.00 WIB</time>' in html


def test_withheld_personal_data_is_named_in_indonesian(published: PublishResult) -> None:
    html = (published.out_dir / "report.html").read_text(encoding="utf-8")
    for category in ("nip", "official_names", "bank_accounts", "nik"):
        assert label("personal", category, "id") != category
    assert "NIP pegawai negeri (<code>nip</code>)" in html
    assert "Nomor rekening bank (<code>bank_accounts</code>)" in html


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        ("2026-12-01T12:27:00Z", "id", "1 Desember 2026, 19.27 WIB"),
        ("2026-12-01T19:27:00+07:00", "en", "1 December 2026, 19:27 WIB"),
        ("2026-01-31T23:05:00+08:00", "id", "31 Januari 2026, 23.05 WITA"),
        ("2026-06-01T00:00:00+09:00", "id", "1 Juni 2026, 00.00 WIT"),
        ("not a date", "id", "not a date"),
    ],
)
def test_format_datetime(value: str, lang: str, expected: str) -> None:
    assert format_datetime(value, lang) == expected  # type: ignore[arg-type]


@given(st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1)))
def test_format_datetime_names_the_day_and_year(moment: dt.datetime) -> None:
    local = moment.replace(second=0, microsecond=0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    text = format_datetime(local.isoformat(), "id")
    assert text.startswith(f"{local.day} ") and f" {local.year}, " in text and text.endswith(" WIB")
    assert f"{local.hour:02d}.{local.minute:02d}" in text


@given(st.decimals(min_value=0, max_value=10**15, places=2, allow_nan=False, allow_infinity=False))
def test_rupiah_amounts_are_exact(amount: object) -> None:
    from decimal import Decimal

    assert isinstance(amount, Decimal)
    text = format_idr(amount, "id")
    assert text.startswith("Rp ")
    number = Decimal(text[3:].replace(".", "").replace(",", "."))
    assert number == amount


@pytest.mark.parametrize(
    ("share", "lang", "expected"),
    [
        (Decimal("0.1234"), "id", "12,3%"),
        (Decimal("0.1234"), "en", "12.3%"),
        (Decimal("12.5"), "id", "1.250,0%"),
        (Decimal("12.5"), "en", "1,250.0%"),
        (None, "id", "–"),
    ],
)
def test_format_percent(share: Decimal | None, lang: str, expected: str) -> None:
    assert format_percent(share, lang) == expected  # type: ignore[arg-type]
