"""Quartiles and fences (Hyndman and Fan type 8, as Cardinal), and the settings file."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocds_regency.flags import ByYear, Fence, SettingsError, cardinal_profile, indonesia_profile, quantile
from ocds_regency.flags.settings import parse_ini

values = st.lists(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), min_size=1, max_size=60)


def test_quantiles_by_hand() -> None:
    # n = 9: h = (9 + 1/3) * 0.25 + 1/3 = 2 2/3, between the 2nd (0) and 3rd (100) values
    assert quantile([0, 0, 100, 100, 100, 100, 100, 100, 100], 0.25) == pytest.approx(200 / 3)
    # n = 5: h = (5 + 1/3) * 0.75 + 1/3 = 4 1/3
    assert quantile([0, 0, 0, 0, 100], 0.75) == pytest.approx(100 / 3)
    assert quantile([7.0], 0.25) == quantile([7.0], 0.75) == 7.0
    # below the first and above the last plotting position: the extremes
    assert quantile([1, 2], 0.25) == 1
    assert quantile([1, 2], 0.75) == 2


@given(values, st.floats(min_value=0, max_value=1))
def test_quantile_is_within_the_values(data: list[float], p: float) -> None:
    ordered = sorted(data)
    assert ordered[0] <= quantile(ordered, p) <= ordered[-1]


@given(values, st.floats(min_value=0, max_value=1), st.floats(min_value=0, max_value=1))
def test_quantile_grows_with_p(data: list[float], p: float, q: float) -> None:
    ordered = sorted(data)
    low, high = sorted((p, q))
    assert quantile(ordered, low) <= quantile(ordered, high) + 1e-6 * (abs(ordered[-1]) + abs(ordered[0]) + 1)


@given(values)
def test_fences_bracket_the_quartiles(data: list[float]) -> None:
    fence = Fence.of(data)
    assert fence is not None
    assert fence.lower <= fence.q1 <= fence.q3 <= fence.upper
    assert Fence.of(reversed(data)) == fence


def test_fence_of_nothing() -> None:
    assert Fence.of([]) is None


def test_by_year() -> None:
    setting = ByYear({2018: "b", 2012: "a", 2025: "c"})
    assert [setting.get(y) for y in (2010, 2012, 2017, 2018, 2024, 2025, 2030, None)] == list("aaabbccc")
    assert setting.with_year(2020, "x").get(2021) == "x"


def test_ini_overrides() -> None:
    text = """
currency = USD
price_comparison_procurement_methods = Tender|Seleksi
[exclusions]
procurement_method_details = Swakelola
[R024]
threshold = 0.05 ; fixed fence
[R038]
minimum_submitted_bids = 5
[ID-SPLIT]
window_days = 60
[ID-PL-CEILING.2026]
works = 500000000
"""
    settings = parse_ini(text, base=indonesia_profile())
    assert settings.currency == "USD"
    assert settings.price_comparison == {"Tender", "Seleksi"}
    assert settings.exclusions == {"Swakelola"}
    assert settings.cardinal.enabled == {"R024", "R038"}
    assert settings.cardinal.r024_threshold == 0.05
    assert settings.cardinal.r038_minimum_submitted_bids == 5
    assert settings.indonesia is not None
    assert settings.indonesia.split_window_days == 60
    assert settings.indonesia.pl_ceiling.get(2026)["works"] == 500e6
    assert settings.indonesia.pl_ceiling.get(2026)["goods"] == 200e6
    assert settings.indonesia.pl_ceiling.get(2025)["works"] == 400e6


def test_ini_without_cardinal_sections_keeps_the_profile() -> None:
    settings = parse_ini("[ID-SPLIT]\nwindow_days = 10\n", base=indonesia_profile())
    assert settings.cardinal.enabled == indonesia_profile().cardinal.enabled


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[R003]\nthreshold = soon\n", "settings.ini: [R003]: 'soon' is not a int"),
        ("[R003\nthreshold = 1\n", "settings.ini, line 1: '[R003': not a usable settings file (ParsingError)"),
        ("[R003]\n[R003]\n", "settings.ini, line 2: not a usable settings file (DuplicateSectionError)"),
    ],
)
def test_ini_errors_are_one_line(text: str, message: str) -> None:
    with pytest.raises(SettingsError) as error:
        parse_ini(text, base=cardinal_profile(), name="settings.ini")
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value).strip()


def test_price_comparison_rules() -> None:
    cardinal = cardinal_profile()
    assert cardinal.compares_prices(None) and cardinal.compares_prices("anything")
    indonesia = indonesia_profile()
    assert indonesia.compares_prices("Tender")
    assert not indonesia.compares_prices("E-Purchasing")
    assert not indonesia.compares_prices(None)
