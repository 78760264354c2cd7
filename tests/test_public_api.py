"""The package root exports exactly what ``__all__`` says, lazily."""

from __future__ import annotations

import subprocess
import sys

import pytest

import ocds_regency


def test_every_exported_name_resolves() -> None:
    for name in ocds_regency.__all__:
        assert getattr(ocds_regency, name) is not None, name


def test_exports_are_the_stage_objects() -> None:
    from ocds_regency.flags import compute_flags
    from ocds_regency.mapping import convert
    from ocds_regency.merge import Merger
    from ocds_regency.models import Release
    from ocds_regency.validate import assert_valid

    assert ocds_regency.convert is convert
    assert ocds_regency.Merger is Merger
    assert ocds_regency.Release is Release
    assert ocds_regency.assert_valid is assert_valid
    # the subpackage, callable as its validate() function
    assert "validate" in ocds_regency.__all__
    assert callable(ocds_regency.validate)
    assert ocds_regency.validate.validate is ocds_regency.validate.__call__.__globals__["validate"]
    assert ocds_regency.compute_flags is compute_flags


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        ocds_regency.no_such_name  # type: ignore[attr-defined]  # noqa: B018


def test_import_is_cheap() -> None:
    heavy = ("pydantic", "ocds_regency.models", "jsonschema_rs")
    code = f"import sys, ocds_regency; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
