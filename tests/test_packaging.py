"""The installed package is self-contained: schemas inside the wheel, nothing read from ../shared."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import ocds_regency

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "ocds_regency"


def test_wheel_contains_the_schemas_and_py_typed(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("ocds_regency-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "ocds_regency/py.typed",
        "ocds_regency/schemas/release-schema.json",
        "ocds_regency/schemas/release-package-schema.json",
        "ocds_regency/schemas/record-package-schema.json",
        "ocds_regency/schemas/versioned-release-validation-schema.json",
        "ocds_regency/schemas/codelists.json",
        "ocds_regency/schemas/extensions/bids.json",
        "ocds_regency/schemas/extensions/procedure.json",
    ):
        assert required in names, required
    assert any(name.endswith(".dist-info/entry_points.txt") for name in names)


def test_source_never_refers_to_the_reference_folder() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in SRC.rglob("*.py")
        if "shared/" in path.read_text(encoding="utf-8").replace("../shared/domain", "")
    ]
    assert offenders == []


def test_cli_version_matches_the_package() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ocds_regency", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert ocds_regency.__version__ in result.stdout
