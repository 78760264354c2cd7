"""Small rules: volumes, durations, offsets, ocids, release ids, JSON output."""

from __future__ import annotations

from decimal import Decimal

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocds_regency.mapping import ConversionError, make_ocid, parse_offset, release_id
from ocds_regency.mapping.dates import duration_in_days
from ocds_regency.mapping.ids import row_digest
from ocds_regency.mapping.planning import parse_volume
from ocds_regency.write import dumps


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 Paket", (Decimal(1), "Paket")),
        ("12 Bulan", (Decimal(12), "Bulan")),
        ("7145M3", (Decimal(7145), "M3")),
        ("30 Orang / Kali", (Decimal(30), "Orang / Kali")),
        ("10116 Lembar\t", (Decimal(10116), "Lembar")),
        ("1,5 Ton", (Decimal("1.5"), "Ton")),
        ("12", (Decimal(12), None)),
        ("1.000 Lembar", None),  # thousands dot or decimal? ambiguous
        ("Satu Paket", None),
    ],
)
def test_parse_volume(text: str, expected: tuple[Decimal, str | None] | None) -> None:
    assert parse_volume(text) == expected


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("150 Hari Kalender", 150),
        ("45 Hari Kalendar", 45),
        ("14 (empat belas) hari kalender", 14),
        ("2 Minggu", 14),
        ("11 Bulan", None),
        ("3 Bulan dari Bulan Januari sampai Dengan Bulan Maret", None),
        ("segera", None),
    ],
)
def test_duration_in_days(text: str, days: int | None) -> None:
    assert duration_in_days(text) == days


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("+07:00", "+07:00"),
        ("+0800", "+08:00"),
        ("WIB", "+07:00"),
        ("wita", "+08:00"),
        ("WIT", "+09:00"),
        ("Z", "+00:00"),
    ],
)
def test_parse_offset(text: str, offset: str) -> None:
    assert parse_offset(text) == offset


@pytest.mark.parametrize("text", ["Asia/Jakarta", "+7", "+25:00", "07:00", ""])
def test_parse_offset_refuses(text: str) -> None:
    with pytest.raises(ConversionError):
        parse_offset(text)


def test_ocids() -> None:
    assert make_ocid("ocds-a1b2c3", "rup", "55965678") == "ocds-a1b2c3-rup-55965678"
    assert make_ocid("ocds-a1b2c3", "tender", "10011868000", "93") == "ocds-a1b2c3-lpse93-tender-10011868000"
    assert make_ocid("ocds-a1b2c3", "ekatalog", "01K32QD12XPKKTQMJ6E33ADS47", "93") == (
        "ocds-a1b2c3-ekatalog-01K32QD12XPKKTQMJ6E33ADS47"
    )


def test_row_digest_ignores_snapshot_metadata_and_key_order() -> None:
    assert row_digest({"a": 1, "b": 2, "_event_date": "x"}) == row_digest({"b": 2, "a": 1})
    assert row_digest({"a": 1}) != row_digest({"a": 2})


def test_release_id_depends_on_rows_date_and_options() -> None:
    base = release_id("o", "tender", "d", [b"1", b"2"], "s")
    assert base.startswith("o-tender-")
    assert release_id("o", "tender", "d", [b"2", b"1"], "s") == base
    assert release_id("o", "tender", "d", [b"1"], "s") != base
    assert release_id("o", "tender", "e", [b"1", b"2"], "s") != base
    assert release_id("o", "tender", "d", [b"1", b"2"], "t") != base


@settings(max_examples=200)
@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-(10**15), max_value=10**15))
def test_decimal_amounts_round_trip_exactly_through_json(amount: Decimal) -> None:
    text = dumps({"amount": amount})
    assert b"E" not in text and b"e" not in text
    parsed = orjson.loads(text)["amount"]
    # the JSON text is the exact decimal: parse it again as Decimal
    literal = text.decode()[len('{"amount":') : -1]
    assert Decimal(literal) == amount
    assert isinstance(parsed, int | float)
