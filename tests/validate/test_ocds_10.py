"""OCDS 1.0 packages are upgraded to 1.1 with ocdskit, then validated as 1.1."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from ocdskit.upgrade import upgrade_10_11

from ocds_regency.validate import validate

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ocds-1.0" / "release-package.json"


def test_a_10_package_is_upgraded_then_validated() -> None:
    report = validate(FIXTURE, quality=False)
    assert report.ok
    assert "ocds.upgraded" in report.codes()
    # 1.0's organisation references are gone after the upgrade: no deprecation warnings about them
    assert "ocds.deprecated" not in report.codes()


def test_the_same_findings_as_validating_ocdskits_upgrade() -> None:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    upgraded = upgrade_10_11(copy.deepcopy(data), reorder=False)
    ours = {(f.code, f.path) for f in validate(FIXTURE, quality=False).findings} - {("ocds.upgraded", "/version")}
    theirs = {(f.code, f.path) for f in validate(upgraded, quality=False).findings}
    assert ours == theirs


def test_a_11_package_is_not_upgraded(tmp_path: Path) -> None:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data["version"] = "1.1"
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    codes = validate(path, quality=False).codes()
    assert "ocds.upgraded" not in codes
    assert "ocds.deprecated" in codes  # validated as it is
