"""Fixtures for the mapping tests: the converted ISB samples and a release-schema validator."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ocds_regency.mapping import EXTENSIONS, ConversionReport, convert
from ocds_regency.standard import load_profile
from ocds_regency.write import dumps
from tests.conftest import ISB_SAMPLES

PREFIX = "ocds-test01"


@dataclass
class Converted:
    releases: list[dict[str, Any]]
    report: ConversionReport
    raw: bytes

    def by_ocid(self, ocid: str) -> list[dict[str, Any]]:
        return [r for r in self.releases if r["ocid"] == ocid]


def run(inputs: list[Any], **options: Any) -> Converted:
    """Convert and return the releases as parsed JSON (what a consumer sees) plus the report."""
    conversion = convert(inputs, **{"prefix": PREFIX, **options})
    raw = b"\n".join(dumps(release) for release in conversion)
    releases = [json.loads(line) for line in raw.splitlines()]
    return Converted(releases, conversion.report, raw)


@pytest.fixture(scope="session")
def samples() -> Path:
    return ISB_SAMPLES


@pytest.fixture(scope="session")
def converted(samples: Path) -> Converted:
    return run([samples])


@pytest.fixture(scope="session")
def validator() -> Any:
    profile = load_profile(EXTENSIONS)
    cls = jsonschema.validators.validator_for(profile.release_schema)
    return cls(profile.release_schema, registry=profile.registry(), format_checker=cls.FORMAT_CHECKER)
