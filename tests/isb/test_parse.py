"""Parsers of Indonesian values: every form of domain notes §5 and §9, plus property tests."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocds_regency.errors import ParseError
from ocds_regency.isb import parse as p

FAST = settings(max_examples=200, deadline=None)


# --------------------------------------------------------------------------------------------- Rupiah
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Rp 1.234.567.890,00", "1234567890"),
        ("Rp. 3.800.000,00", "3800000"),
        ("Rp1.234.567.890", "1234567890"),
        ("Rp5.720.670.658,50", "5720670658.5"),
        ("Rp 1.000.000.000,00", "1000000000"),
        ("Rp 1.000.000,-", "1000000"),
        ("1,234,567,890.00", "1234567890"),
        ("1.234.567", "1234567"),  # two dot groups can only be thousands separators
        ("Rp 1.234", "1234"),  # Rp marks Indonesian style: the dot groups thousands
        ("1250000000", "1250000000"),
        ("999995334.78", "999995334.78"),
        ("1234,5", "1234.5"),
        ("3,8 Jt", "3800000"),
        ("500 Jt", "500000000"),
        ("1,2 M", "1200000000"),
        ("2 T", "2000000000000"),
        ("750 rb", "750000"),
        ("3,8 jt", "3800000"),  # not 3.8 x 10^12: the unit is matched whole, never by its last letter
        ("1,5 juta", "1500000"),
        ("Rp 2,5 Milyar", "2500000000"),
        ("2 miliar", "2000000000"),
        ("Rp1,2 M", "1200000000"),
        ("1.5 Jt", "1500000"),
        (999995334.78, "999995334.78"),
        (16199917589.08, "16199917589.08"),
        (1250000000, "1250000000"),
        (Decimal("899369196.40"), "899369196.4"),
        (0, "0"),
    ],
)
def test_parse_rupiah_forms(raw: object, expected: str) -> None:
    assert p.parse_rupiah(raw) == Decimal(expected)


@pytest.mark.parametrize("raw", [None, "", "  ", "None", "null", "-", "Rp -", "Rp. -"])
def test_parse_rupiah_missing(raw: object) -> None:
    assert p.parse_rupiah(raw) is None


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("1.234", "ambiguous"),
        ("1,234", "ambiguous"),
        ("123,456", "ambiguous"),
        ("1.2 M", "ambiguous"),  # English million or Indonesian miliar?
        ("1,500 Jt", "ambiguous"),
        ("1234.567", "decimal places"),  # IDR has two decimal places at most
        (1.005, "decimal places"),
        (0.1 + 0.2, "decimal places"),  # binary float noise is not a real amount
        (-5000, "negative"),
        ("-Rp 5.000,00", "negative"),
        ("Rp 12 apples", "unit"),
        ("lima juta", "Rupiah"),
        ("1 250 000", "Rupiah"),
        (True, "amount"),
        (float("nan"), "finite"),
        (1e300, "large"),
    ],
)
def test_parse_rupiah_rejects(raw: object, reason: str) -> None:
    with pytest.raises(ParseError, match=reason) as info:
        p.parse_rupiah(raw)
    assert info.value.kind == "rupiah"
    assert info.value.value == raw or raw != raw


def test_parse_rupiah_negative_opt_in() -> None:
    assert p.parse_rupiah("-Rp 5.000,00", allow_negative=True) == Decimal(-5000)
    assert p.parse_rupiah(-12, allow_negative=True) == Decimal(-12)


def test_parse_rupiah_abbreviated_opt_out() -> None:
    with pytest.raises(ParseError, match="abbreviated"):
        p.parse_rupiah("3,8 Jt", allow_abbreviated=False)


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("1250000000"), "Rp 1.250.000.000,00"),
        (Decimal("999995334.78"), "Rp 999.995.334,78"),
        (Decimal("5"), "Rp 5,00"),
        (Decimal("0.5"), "Rp 0,50"),
        (Decimal("-5000"), "-Rp 5.000,00"),
        (123, "Rp 123,00"),
    ],
)
def test_format_rupiah(amount: Decimal, text: str) -> None:
    assert p.format_rupiah(amount) == text


def test_format_rupiah_refuses_sub_sen() -> None:
    with pytest.raises(ValueError, match="decimal places"):
        p.format_rupiah(Decimal("1.001"))


amounts = st.decimals(min_value=-(10**15), max_value=10**15, places=2, allow_nan=False, allow_infinity=False)


@FAST
@given(amounts)
def test_rupiah_round_trip(amount: Decimal) -> None:
    assert p.parse_rupiah(p.format_rupiah(amount), allow_negative=True) == amount


@FAST
@given(st.integers(min_value=0, max_value=10**15))
def test_rupiah_int_and_plain_text_agree(amount: int) -> None:
    assert p.parse_rupiah(amount) == p.parse_rupiah(str(amount)) == Decimal(amount)


# ---------------------------------------------------------------------------------------------- dates
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("15 Januari 2025", "2025-01-15"),
        ("15 Januari 2025 08:00", "2025-01-15T08:00:00+07:00"),
        ("3 Agustus 2026", "2026-08-03"),
        ("31 Desember 2026", "2026-12-31"),
        ("3 Agt 2025", "2025-08-03"),
        ("3 Agu 2025", "2025-08-03"),
        ("3 Ags 2025", "2025-08-03"),
        ("3 Agst. 2025", "2025-08-03"),
        ("1 Mei 2025", "2025-05-01"),
        ("12 Okt 2025", "2025-10-12"),
        ("2 Sept 2025", "2025-09-02"),
        ("9 Nopember 2024", "2024-11-09"),
        ("Selasa, 13 April 2017 10:00 WIB", "2017-04-13T10:00:00+07:00"),
        ("Rabu, 01 Okt 2025 14:00 WITA", "2025-10-01T13:00:00+07:00"),
        ("Rabu, 01 Okt 2025 14:00 WIT", "2025-10-01T12:00:00+07:00"),
        ("Jum'at, 3 Januari 2025 pukul 08.30 WIB", "2025-01-03T08:30:00+07:00"),
        ("29-05-2026", "2026-05-29"),
        ("05/06/2025", "2025-06-05"),  # Indonesian numeric dates are day-first
        ("Jul 3, 2025, 12:00:00AM", "2025-07-03T00:00:00+07:00"),
        ("Apr 9, 2025, 12:00:00PM", "2025-04-09T12:00:00+07:00"),
        ("2025-01-31 14:00:00.000000Z", "2025-01-31T14:00:00+07:00"),  # false Z: local time
        ("2025-01-31 14:00:00", "2025-01-31T14:00:00+07:00"),
        ("2025-03-11T00:00:00.000000Z", "2025-03-11T00:00:00+07:00"),
        ("2024-08-29T10:00:01.679000Z", "2024-08-29T10:00:01.679000+07:00"),
        ("2025-01-22 12:31:28", "2025-01-22T12:31:28+07:00"),
        ("2025-10-02", "2025-10-02"),
        ("2025/10/02 08:00", "2025-10-02T08:00:00+07:00"),
        ("13 April 2017, 10:00", "2017-04-13T10:00:00+07:00"),
        ("3-Mar-2025", "2025-03-03"),
        ("2025-01-31T14:00:00+08:00", "2025-01-31T13:00:00+07:00"),
        (dt.datetime(2025, 1, 2, 9, 30), "2025-01-02T09:30:00+07:00"),
        (dt.date(2025, 1, 2), "2025-01-02"),
    ],
)
def test_parse_datetime_forms(raw: object, expected: str) -> None:
    assert p.parse_datetime(raw) == expected


def test_false_z_is_the_same_instant_as_the_plain_local_time() -> None:
    # The same kd_nontender in NonTenderPengumuman and NonTenderSelesai (domain notes §5d).
    assert p.parse_datetime("2025-01-31 14:00:00.000000Z") == p.parse_datetime("2025-01-31 14:00:00")


def test_trusted_z_and_other_offsets() -> None:
    assert p.parse_datetime("2025-01-31T07:00:00Z", z_is_utc=True) == "2025-01-31T14:00:00+07:00"
    assert p.parse_datetime("2025-01-31 14:00", offset="+08:00") == "2025-01-31T14:00:00+08:00"
    assert p.parse_datetime("2025-01-31 14:00 WIB", offset="WITA") == "2025-01-31T15:00:00+08:00"
    assert p.parse_datetime("2025-01-31 14:00", offset=dt.timedelta(hours=9)) == "2025-01-31T14:00:00+09:00"


def test_date_only_handling() -> None:
    assert p.parse_datetime("2025-12-01", date_only="start") == "2025-12-01T00:00:00+07:00"
    assert p.parse_datetime("1 Desember 2025", date_only="end") == "2025-12-01T23:59:59+07:00"
    assert p.parse_date("2025-12-01 23:30 WIT") == "2025-12-01"
    assert p.parse_date("2025-12-01 01:30 WIT") == "2025-11-30"  # 01:30 WIT is 23:30 WIB the day before
    parts = p.parse_local_datetime("3 Agt 2025")
    assert parts == p.LocalDateTime(dt.date(2025, 8, 3))
    assert parts is not None
    assert parts.time is None


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("0000-00-00", "implausible year"),
        ("1970-01-01", "implausible year"),
        ("05/29/2025", "month-first"),
        ("31-02-2025", "invalid date"),
        ("32 Januari 2025", "invalid date"),
        ("3 Foo 2025", "unknown month"),
        ("2025-01-01 25:00", "invalid time"),
        ("13:00 PM 2025", "not a recognised date"),
        ("besok", "not a recognised date"),
        (20250101, "not a date"),
    ],
)
def test_parse_datetime_rejects(raw: object, reason: str) -> None:
    with pytest.raises(ParseError, match=reason) as info:
        p.parse_datetime(raw)
    assert info.value.kind == "date"


@pytest.mark.parametrize("raw", [None, "", "None", "null", "-"])
def test_parse_datetime_missing(raw: object) -> None:
    assert p.parse_datetime(raw) is None


@pytest.mark.parametrize(("raw", "minutes"), [("+07:00", 420), ("WITA", 480), ("WIT", 540), ("-0330", -210)])
def test_parse_offset(raw: str, minutes: int) -> None:
    assert p.parse_offset(raw).utcoffset(None) == dt.timedelta(minutes=minutes)


@pytest.mark.parametrize("raw", ["Jakarta", "+7", "+25:00", "+07:75"])
def test_parse_offset_rejects(raw: str) -> None:
    with pytest.raises(ParseError):
        p.parse_offset(raw)


@FAST
@given(st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 12, 31)))
def test_datetime_round_trip_through_iso(moment: dt.datetime) -> None:
    moment = moment.replace(microsecond=0)
    text = moment.strftime("%Y-%m-%d %H:%M:%S")
    parsed = p.parse_datetime(text)
    assert parsed is not None
    assert dt.datetime.fromisoformat(parsed) == moment.replace(tzinfo=p.WIB)


@FAST
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)), st.sampled_from(["id", "abbr", "dmy"]))
def test_indonesian_dates_round_trip(day: dt.date, style: str) -> None:
    names = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
             "November", "Desember"]  # fmt: skip
    abbr = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des"]
    if style == "id":
        text = f"{day.day} {names[day.month - 1]} {day.year}"
    elif style == "abbr":
        text = f"{day.day} {abbr[day.month - 1]} {day.year}"
    else:
        text = f"{day.day:02d}-{day.month:02d}-{day.year}"
    assert p.parse_datetime(text) == day.isoformat()


# ----------------------------------------------------------------------------------------------- NPWP
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("21.363.161.7-444.000", "0213631617444000"),
        ("213631617444000", "0213631617444000"),
        ("0213631617444000", "0213631617444000"),
        ("01.767.782.4-429.000", "0017677824429000"),
        (" 01 767 782 4 429 000 ", "0017677824429000"),
        (17677824429000, "0017677824429000"),  # a spreadsheet lost the leading zero
        ("73.282.303.4-428-000", "0732823034428000"),  # wrong separator, digits are fine
        ("3204391509980002", "3204391509980002"),  # a NIK used as NPWP-16 (individual)
        # the new 16-digit form DJP issues to organisations (real rows of CVs in isb-real-2025)
        ("1000000001168050", "1000000001168050"),
        ("1091031210933918", "1091031210933918"),
    ],
)
def test_normalise_npwp(raw: object, expected: str) -> None:
    assert p.normalise_npwp(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "-", "None", "0000000000000000", "00.000.000.0-000.000"])
def test_normalise_npwp_missing(raw: object) -> None:
    assert p.normalise_npwp(raw) is None


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("10*1**1****35**2", "masked"),
        ("01.234.567.8-012.000", "check digit"),  # synthetic fixture value that fails the Luhn check
        ("9900000001168050", "neither"),  # 16 digits, not 0- or 10-prefixed, not a NIK shape
        ("12345", "15 or 16 digits"),
        ("NPWP 01.767.782.4-429.000", "not an NPWP"),
        (True, "not an NPWP"),
    ],
)
def test_normalise_npwp_rejects(raw: object, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        p.normalise_npwp(raw)


def test_same_company_15_and_16_digits_agree() -> None:
    assert p.normalise_npwp("66.463.359.1-429.000") == p.normalise_npwp("0664633591429000")


def test_nik_detection() -> None:
    assert p.is_nik("3204391509980002")
    assert p.is_nik("3205056801010006")  # day 68 = a woman born on the 28th
    assert not p.is_nik("0017677824429000")
    assert not p.is_nik("1000000001168050")
    assert not p.is_nik("320439150998000")
    assert p.npwp_kind("3204391509980002") == "nik"
    assert p.npwp_kind("01.767.782.4-429.000") == "npwp"
    assert p.npwp_kind("1000000003094698") == "npwp"  # the new organisation form is not personal data


npwp15 = st.from_regex(r"\A[0-9]{8}\Z").map(
    lambda d: (
        d
        + str(
            (10 - sum(int(c) * 2 - 9 * (int(c) > 4) if i % 2 == 0 else int(c) for i, c in enumerate(reversed(d)))) % 10
        )
    )
)


@settings(max_examples=100, deadline=None)
@given(npwp15, st.from_regex(r"\A[0-9]{6}\Z"), st.booleans())
def test_npwp_normalisation_idempotent_and_format_blind(first9: str, tail: str, punctuate: bool) -> None:
    digits = first9 + tail
    text = f"{digits[:2]}.{digits[2:5]}.{digits[5:8]}.{digits[8]}-{digits[9:12]}.{digits[12:]}" if punctuate else digits
    if set(digits) == {"0"}:
        assert p.normalise_npwp(text) is None
        return
    normal = p.normalise_npwp(text)
    assert normal == "0" + digits
    assert p.normalise_npwp(normal) == normal


@FAST
@given(st.text(max_size=30))
def test_npwp_normalisation_idempotent_on_anything(text: str) -> None:
    try:
        normal = p.normalise_npwp(text)
    except ParseError:
        return
    assert normal is None or p.normalise_npwp(normal) == normal


# ------------------------------------------------------------------------------------- codes and text
def test_codes_and_lists() -> None:
    assert p.parse_code(10002513000) == "10002513000"
    assert p.parse_code("10002513000.0") == "10002513000"
    assert p.parse_code(10002513000.0) == "10002513000"
    assert p.parse_code(" 01K32QD12XPKKTQMJ6E33ADS47 ") == "01K32QD12XPKKTQMJ6E33ADS47"
    assert p.parse_code("None") is None
    with pytest.raises(ParseError):
        p.parse_code(1.5)
    with pytest.raises(ParseError):
        p.parse_code("10 002")
    assert p.split_list("60832782;45828523") == ["60832782", "45828523"]
    assert p.split_list("APBD,APBDP") == ["APBD", "APBDP"]
    assert p.split_list("APBDP;APBD;APBDP") == ["APBDP", "APBD"]
    assert p.split_list(54700539) == ["54700539"]
    assert p.split_list("1.03.08.2.01.0021.5.2.03.01.01.0001.", ";,", strip_chars=".") == [
        "1.03.08.2.01.0021.5.2.03.01.01.0001"
    ]
    assert p.split_list("Andrian Firmansyah;Nuratry Ambarwati, SAB", ";") == [
        "Andrian Firmansyah",
        "Nuratry Ambarwati, SAB",
    ]
    assert p.split_list(None) == []
    assert p.split_list("None") == []


def test_satker_str() -> None:
    assert p.normalise_satker_str("1. 20. 03") == "1.20.03"
    assert p.normalise_satker_str("1.03.2.15.1.04.03.0000") == "1.03.2.15.1.04.03.0000"
    assert p.normalise_satker_str("32.04.1.01.01.") == "32.04.1.01.01"
    assert p.normalise_satker_str("") is None
    with pytest.raises(ParseError):
        p.normalise_satker_str("DINAS PUTR")


def test_nip_nama() -> None:
    assert p.split_nip_nama("999999999999999999 - ANJAR PRATAMA APRILIYANTO,SE") == (
        "999999999999999999",
        "ANJAR PRATAMA APRILIYANTO,SE",
    )
    assert p.split_nip_nama("19700101 199003 1 001 - Budi") == ("197001011990031001", "Budi")
    assert p.split_nip_nama("Budi") == (None, "Budi")
    assert p.split_nip_nama(None) == (None, None)


def test_text_and_html() -> None:
    assert p.clean_text("CV  KARYA SETIA") == "CV KARYA SETIA"
    assert p.clean_text("10116 Lembar\t") == "10116 Lembar"
    assert p.clean_text("None") is None
    assert p.clean_text("a\r\n\r\n\r\nb  c", multiline=True) == "a\n\nb c"
    assert p.html_to_text("<p>Pengawasan Pembangunan Gedung\r\n</p><p><br></p>") == "Pengawasan Pembangunan Gedung"
    assert p.html_to_text("<ul><li>Satu</li><li>Dua &amp; Tiga</li></ul>") == "- Satu\n- Dua & Tiga"
    assert p.html_to_text("<style>p{}</style>Teks&nbsp;biasa") == "Teks biasa"
    assert p.html_to_text("Teks biasa  tanpa HTML") == "Teks biasa tanpa HTML"
    assert p.html_to_text("<p> </p>") is None


@pytest.mark.parametrize(("raw", "expected"), [("True", True), ("False", False), ("Ya", True), ("Tidak", False),
                                               (1, True), (0, False), (True, True), ("None", None)])  # fmt: skip
def test_parse_bool(raw: object, expected: bool | None) -> None:
    assert p.parse_bool(raw) is expected


def test_parse_int_and_number() -> None:
    assert p.parse_int("2025") == 2025
    assert p.parse_int(2025.0) == 2025
    assert p.parse_number("65") == Decimal(65)
    assert p.parse_number("12,5") == Decimal("12.5")
    assert p.parse_number(12.5) == Decimal("12.5")
    with pytest.raises(ParseError):
        p.parse_int("20x5")
    with pytest.raises(ParseError):
        p.parse_bool("mungkin")


# ------------------------------------------------------------------------------ never crash, any input
PARSERS = [
    p.parse_rupiah,
    p.parse_datetime,
    p.parse_date,
    p.normalise_npwp,
    p.parse_code,
    p.parse_int,
    p.parse_number,
    p.parse_bool,
    p.normalise_satker_str,
]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(PARSERS), st.text(max_size=40))
def test_parsers_only_raise_parse_error_on_text(parser: object, text: str) -> None:
    with contextlib.suppress(ParseError):
        parser(text)  # type: ignore[operator]


money_like = st.from_regex(r"\A(Rp\.? ?|IDR ?|-)?[0-9][0-9.,]{0,16}( ?(Jt|M|T|Rb|,-))?\Z")
date_like = st.from_regex(
    r"\A([A-Za-z]+, )?[0-9]{1,4}[-/ ][0-9A-Za-z]{1,9}[-/ ][0-9]{1,4}"
    r"( [0-9]{1,2}[:.][0-9]{2}( ?[AP]M)?)?( ?(Z|WIB|WITA))?\Z"
)


@settings(max_examples=150, deadline=None)
@given(money_like)
def test_rupiah_like_text_parses_or_raises_parse_error(text: str) -> None:
    try:
        amount = p.parse_rupiah(text, allow_negative=True)
    except ParseError:
        return
    assert amount is None or amount == amount.quantize(Decimal("0.01"))


@settings(max_examples=150, deadline=None)
@given(date_like)
def test_date_like_text_parses_or_raises_parse_error(text: str) -> None:
    try:
        value = p.parse_datetime(text)
    except ParseError:
        return
    assert value is None or dt.date.fromisoformat(value[:10]).year >= 1990


@FAST
@given(st.text(max_size=200))
def test_text_cleaners_never_crash(text: str) -> None:
    p.html_to_text(text)
    p.clean_text(text, multiline=True)
    p.split_list(text)
    p.split_nip_nama(text)


# ------------------------------------------------------------------ audit fixes: no silent wrong values
@pytest.mark.parametrize("raw", ["1.000,500", "1.000,000", "1,000.500", "1.234.567,890", "1000.000", "Rp 1.000,000"])
def test_three_digits_after_the_decimal_mark_are_never_sen(raw: str) -> None:
    # "1.000,500" was read as 1000.5: more likely 1.000.500 with one mark mistyped. Never guess.
    with pytest.raises(ParseError, match="more than two decimal places") as info:
        p.parse_rupiah(raw)
    assert info.value.kind == "rupiah"


@pytest.mark.parametrize(("parser", "raw"), [(p.parse_int, "1.000"), (p.parse_int, "1,000"), (p.parse_number, "1.234"),
                                             (p.parse_number, "33,333 %"), (p.parse_code, "7.000")])  # fmt: skip
def test_one_mark_before_three_digits_is_ambiguous_everywhere(parser: Any, raw: str) -> None:
    # parse_int("1.000") gave 1: in Indonesian writing it is a thousand.
    with pytest.raises(ParseError, match="ambiguous"):
        parser(raw)


def test_unambiguous_decimals_and_spreadsheet_integers_still_parse() -> None:
    assert p.parse_int("65.0") == 65
    assert p.parse_int("0.000") == 0
    assert p.parse_number("0.125") == Decimal("0.125")
    assert p.parse_number("1234.567") == Decimal("1234.567")
    assert p.parse_code("10002513000.000") == "10002513000"
    assert p.parse_rupiah("Rp 1.234,56") == Decimal("1234.56")


@pytest.mark.parametrize("raw", ["1.00025E+10", "1,00025E+10", "1.0002513e10"])
def test_codes_in_scientific_notation_are_refused(raw: str) -> None:
    # Excel writes long codes as 1.00025E+10: the digits are gone, and the code would join nothing.
    with pytest.raises(ParseError, match="scientific notation"):
        p.parse_code(raw)


@pytest.mark.parametrize("raw", [17677824429000.0, Decimal("17677824429000"), "17677824429000.0", "017677824429000.0"])
def test_npwp_written_as_a_spreadsheet_number(raw: object) -> None:
    assert p.normalise_npwp(raw) == "0017677824429000"


@pytest.mark.parametrize("raw", [float("nan"), float("inf"), -5.0, 1.5, Decimal("NaN")])
def test_npwp_from_other_numbers_is_refused(raw: object) -> None:
    with pytest.raises(ParseError, match="not an NPWP"):
        p.normalise_npwp(raw)


def test_satker_spaces_between_digits_are_not_dropped() -> None:
    # "1 20 03" became "12003", another unit's code; only spaces next to the dots are noise.
    with pytest.raises(ParseError, match="dotted unit code"):
        p.normalise_satker_str("1 20 03")
    assert p.normalise_satker_str(" 1 . 20 .03 ") == "1.20.03"


@pytest.mark.parametrize("raw", ["\u200bPT X", "PT\u00ad X", "\ufeffPT X", "PT X\u2060"])
def test_invisible_characters_do_not_make_another_name(raw: str) -> None:
    assert p.clean_text(raw) == "PT X"
    assert p.clean_text(raw, multiline=True) == "PT X"
    assert p.clean_text("\u200b") is None
