"""Inputs and a runner shared by the tests that convert the same rows two ways and compare the output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ocds_regency.mapping import convert
from ocds_regency.write import dumps
from tests.conftest import FIXTURES, ISB_SAMPLES

#: Real rows with duplicates, superseded snapshots, orphans, reference rows and suppliers named many ways.
INPUTS = [
    pytest.param([FIXTURES / "isb-real-2025"], id="real"),
    pytest.param([FIXTURES / "isb-real-2025-facts"], id="facts"),
    pytest.param([FIXTURES / "isb-real-2025-flags"], id="flags"),
    pytest.param([ISB_SAMPLES], id="samples"),
]


def converted(inputs: list[Path], **options: Any) -> tuple[list[bytes], str]:
    """The releases (as written) and the report (as JSON) of converting ``inputs`` with ``options``."""
    conversion = convert(inputs, prefix="ocds-test00", **options)
    releases = [dumps(release) for release in conversion]
    return releases, json.dumps(conversion.report.as_dict(), sort_keys=True, default=str)
