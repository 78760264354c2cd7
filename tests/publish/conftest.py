"""Fixtures: the bundled sample published once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocds_regency.package import PackageMetadata, Publisher
from ocds_regency.pipeline import PublishOptions, PublishResult, publish

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "kabupaten-contoh-2025"
PREFIX = "ocds-zz9999"
DATE = "2025-11-04T08:00:00Z"


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> PublishResult:
    """The bundled sample, published with a fixed publishedDate."""
    out = tmp_path_factory.mktemp("published") / "out"
    return publish(
        [SAMPLE],
        PackageMetadata(publisher=Publisher("Pemerintah Kabupaten Contoh"), published_date=DATE),
        PublishOptions(prefix=PREFIX, out_dir=out),
    )
