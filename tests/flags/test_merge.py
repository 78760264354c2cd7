"""A run split into parts and merged (FlagsRunner.merge, as the Dask path does) is the run over all of it."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocds_regency.flags import FlagsReport, FlagsRunner, Settings, cardinal_profile, indonesia_profile
from ocds_regency.flags.settings import parse_ini
from tests.flags.test_cardinal_fixtures import COMMON, SETTINGS, _fixtures
from tests.flags.test_properties import releases as arbitrary_releases
from tests.flags.test_real_cases import CASES, compiled


def _in_parts(releases: list[dict[str, Any]], cuts: list[int], profile: Settings) -> FlagsReport:
    """Each part in its own runner (all with the currency one pass finds first), merged in order."""
    currency = FlagsRunner(profile).add_all(releases).context.currency
    runners = []
    bounds = [0, *sorted(cuts), len(releases)]
    for start, end in pairwise(bounds):
        runner = FlagsRunner(profile)
        runner.context.currency = currency
        runners.append(runner.add_all(releases[start:end]))
    first, *rest = runners
    for runner in rest:
        first.merge(runner)
    return first.finish()


@pytest.mark.parametrize("path", _fixtures(), ids=lambda path: path.stem)
def test_cardinal_fixtures_in_three_parts(path: Path) -> None:
    code, _, setting = path.stem.partition("-")
    profile = parse_ini(f"{COMMON}[{code}]\n{SETTINGS[setting]}", base=cardinal_profile())
    releases = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    expected_text = path.with_suffix(".expected").read_text().strip()
    expected = json.loads(expected_text) if expected_text else {}
    third = len(releases) // 3

    merged = _in_parts(releases, [third, 2 * third], profile)

    assert merged.cardinal(meta=False) == expected  # Cardinal's own expectation, fences included
    assert merged.to_dict() == FlagsRunner(profile).add_all(releases).finish().to_dict()


def test_real_cases_one_part_per_case() -> None:
    """The Indonesian indicators that gather over processes (splitting, shares, repeats) on real processes."""
    cases = sorted(path.name.removeprefix("flags-") for path in CASES.iterdir() if path.is_dir())
    releases: list[dict[str, Any]] = []
    cuts = []
    for case in cases:
        releases += compiled(case)
        cuts.append(len(releases))
    single = FlagsRunner(indonesia_profile()).add_all(releases).finish()
    gathered = {"ID-SPLIT", "ID-SUPPLIER-SHARE", "ID-ECAT-SHARE", "ID-REPEAT-DIRECT"}
    assert gathered <= {flag.code for flag in single.flags}  # the cases raise the flags that need a merge

    merged = _in_parts(releases, cuts[:-1], indonesia_profile())

    assert merged.to_dict() == single.to_dict()


@settings(max_examples=100, deadline=None)
@given(st.lists(arbitrary_releases, max_size=14), st.lists(st.integers(0, 14), max_size=4), st.booleans())
def test_any_split_gives_the_same_report(data: list[dict[str, Any]], cuts: list[int], cardinal: bool) -> None:
    profile = cardinal_profile() if cardinal else indonesia_profile()
    expected = FlagsRunner(profile).add_all(data).finish()

    merged = _in_parts(data, [min(cut, len(data)) for cut in cuts], profile)

    assert merged.to_dict() == expected.to_dict()
    assert merged.cardinal() == expected.cardinal()
