"""The public namespace of ocds_regency.models, and the example that the README runs."""

from __future__ import annotations

import json
import subprocess
import sys
import types
from decimal import Decimal
from pathlib import Path

import jsonschema

from ocds_regency import models
from ocds_regency.standard import BUNDLED_EXTENSION_IDS, load_profile

ROOT = Path(__file__).resolve().parents[2]


def test_all_lists_exactly_the_public_names() -> None:
    public = {
        name
        for name, value in vars(models).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType) and name != "annotations"
    }
    assert set(models.__all__) == public
    assert len(models.__all__) == len(set(models.__all__))


def test_every_object_class_is_exported() -> None:
    classes = {
        value
        for module in (models.common, models.release, models.record, models.package)
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, models.OcdsModel) and value is not models.OcdsModel
    }
    assert {cls.__name__ for cls in classes} <= set(models.__all__)
    for required in ("Release", "Record", "ReleasePackage", "RecordPackage", "Publisher", "LinkedRelease"):
        assert required in models.__all__


def test_the_example_prints_a_valid_release_with_exact_money() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "build_release.py")], capture_output=True, check=True, timeout=60
    )
    release = json.loads(result.stdout, parse_float=Decimal)
    profile = load_profile(BUNDLED_EXTENSION_IDS)
    validator = jsonschema.Draft4Validator(profile.release_schema, format_checker=jsonschema.FormatChecker())
    assert [error.message for error in validator.iter_errors(release)] == []
    assert release["awards"][0]["value"]["amount"] == Decimal("999995334.78")
    assert b'"amount": 999995334.78' in result.stdout
    assert models.Release.from_json(result.stdout).to_json(indent=True) + b"\n" == result.stdout
