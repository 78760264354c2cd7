"""The project's own extension is published on the documentation site at the URL packages declare."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ocds_regency.standard import PROJECT_EXTENSION_IDS, load_extension, load_profile

ROOT = Path(__file__).resolve().parents[2]


def test_site_files_are_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "extension_docs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_site_files_form_a_loadable_extension_equal_to_the_bundled_one() -> None:
    for ext_id in PROJECT_EXTENSION_IDS:
        directory = ROOT / "docs" / "extension" / ext_id
        local = load_extension(directory)
        bundled = load_extension(ext_id)
        assert local.release_patch == bundled.release_patch
        assert dict(local.codelists) == dict(bundled.codelists)
        meta = json.loads((directory / "extension.json").read_text(encoding="utf-8"))
        assert bundled.url is not None
        assert bundled.url.endswith(f"/extension/{ext_id}/extension.json")
        assert meta["schemas"] == ["release-schema.json"]
        # the site copy applies like the bundled one
        site_schema = load_profile(["bids", directory]).release_schema
        bundled_schema = load_profile(["bids", ext_id]).release_schema
        assert site_schema == bundled_schema
