"""The project's own extension is published on the documentation site at the URL packages declare."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from ocds_regency.standard import PROJECT_EXTENSION_IDS, load_extension, load_profile

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("extension_docs", ROOT / "scripts" / "extension_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_site_build_publishes_the_extension(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _script().on_post_build({"site_dir": str(site)})
    for ext_id in PROJECT_EXTENSION_IDS:
        assert (site / "extension" / ext_id / "extension.json").is_file()
        assert (site / "extension" / ext_id / "release-schema.json").is_file()
    assert not (ROOT / "docs" / "extension").exists()  # one copy: the bundled one


def test_the_script_writes_them_too(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "extension_docs.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "indonesia" / "extension.json").is_file()


def test_site_files_form_a_loadable_extension_equal_to_the_bundled_one(tmp_path: Path) -> None:
    _script().write(tmp_path)
    for ext_id in PROJECT_EXTENSION_IDS:
        directory = tmp_path / ext_id
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
