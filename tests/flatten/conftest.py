"""Fixtures: compiled releases of the bundled sample, as flatten-tool would read them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ocds_regency.package import PackageMetadata
from ocds_regency.pipeline import PublishOptions, publish

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "kabupaten-contoh-2025"


@pytest.fixture(scope="session")
def publication(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample, published (its directory)."""
    out = tmp_path_factory.mktemp("flatten-published") / "out"
    result = publish(
        [SAMPLE],
        PackageMetadata(published_date="2025-11-04T08:00:00Z"),
        PublishOptions(prefix="ocds-zz9999", out_dir=out),
    )
    assert result.published
    return out


@pytest.fixture(scope="session")
def compiled(publication: Path) -> list[dict[str, Any]]:
    """The compiled releases of the sample's record package."""
    package = json.loads((publication / "record-package.json").read_text(encoding="utf-8"))
    return [record["compiledRelease"] for record in package["records"]]


@pytest.fixture(scope="session")
def compiled_package(compiled: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The compiled releases in a release package file (flatten-tool reads a root list)."""
    path = tmp_path_factory.mktemp("flatten-input") / "compiled.json"
    path.write_text(json.dumps({"releases": compiled}, ensure_ascii=False), encoding="utf-8")
    return path
