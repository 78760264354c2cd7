"""Cardinal's own fixtures: our indicators give Cardinal's expected output on every one of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocds_regency.flags import CARDINAL_CODES, cardinal_profile, compute_flags
from ocds_regency.flags.settings import parse_ini

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "cardinal"

#: Settings named by a fixture's suffix, as lines of Cardinal's settings file (under the indicator's section).
SETTINGS = {
    "": "",
    "tenderer": "",  # a second R038 fixture, about tenderers
    "threshold-10": "threshold = 10\n",
    "procurement_methods-open+selective": "procurement_methods = open|selective\n",
    "procurement_method_details-x-5-y-10": "[R003.procurement_method_details]\nx = 5\ny = 10\n",
    "minimum_contracting_processes-1": "minimum_contracting_processes = 1\n",
}

#: What every fixture runs with (see tests/fixtures/cardinal/README.md).
COMMON = "no_price_comparison_procurement_methods = NPC\n[exclusions]\nprocurement_method_details = EXC\n"


def _fixtures() -> list[Path]:
    return sorted(FIXTURES.glob("R*.jsonl"))


def test_every_indicator_has_a_fixture() -> None:
    codes = {path.stem.split("-")[0] for path in _fixtures()}
    assert codes == set(CARDINAL_CODES)


@pytest.mark.parametrize("path", _fixtures(), ids=lambda path: path.stem)
def test_fixture(path: Path) -> None:
    code, _, setting = path.stem.partition("-")
    settings = parse_ini(f"{COMMON}[{code}]\n{SETTINGS[setting]}", base=cardinal_profile())
    assert settings.cardinal.enabled == {code}
    releases = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    expected_text = path.with_suffix(".expected").read_text().strip()
    expected = json.loads(expected_text) if expected_text else {}

    result = compute_flags(releases, settings).cardinal(meta=False)

    assert result == expected


def test_fences_are_in_meta() -> None:
    """Cardinal's documentation shows R024's Meta for its fixture: q1 66.6667, q3 100, lower fence 16.6667."""
    settings = parse_ini(f"{COMMON}[R024]\n", base=cardinal_profile())
    releases = [json.loads(line) for line in (FIXTURES / "R024.jsonl").read_text().splitlines()]

    meta = compute_flags(releases, settings).cardinal()["Meta"]

    assert meta == {"R024": {"q1": 66.6667, "q3": 100.0, "lower_fence": 16.6667}}


def test_all_indicators_together_on_all_fixtures() -> None:
    """Cardinal's default profile runs all 11 indicators at once without error on all fixtures."""
    releases = [json.loads(line) for path in _fixtures() for line in path.read_text().splitlines() if line.strip()]
    report = compute_flags(releases, cardinal_profile())
    assert set(report.coverage) == set(CARDINAL_CODES)
    assert all(cov.assessed + sum(cov.not_assessed.values()) == report.processes for cov in report.coverage.values())
