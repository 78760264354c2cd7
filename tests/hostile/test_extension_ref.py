"""A local extension whose patch refers to another file by URL: one clean line from validate, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

from tests.hostile.conftest import run_cli


def test_external_ref_in_a_local_extension(tmp_path: Path, package_file: Path) -> None:
    ext = tmp_path / "ext"
    ext.mkdir()
    (ext / "extension.json").write_text(
        json.dumps({"name": {"en": "x"}, "description": {"en": "x"}, "compatibility": ["1.1"]})
    )
    (ext / "release-schema.json").write_text(
        json.dumps({"properties": {"extra": {"$ref": "https://example.com/schema.json#/definitions/X"}}})
    )
    result = run_cli("validate", str(package_file), "--extension", str(ext))
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert "internal error" not in err and "Traceback" not in err
    assert "https://example.com/schema.json" in err and "offline" in err
    assert len(err.strip().splitlines()) == 1
