"""docs/cli.md is generated from the commands and must be current."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _script() -> object:
    spec = importlib.util.spec_from_file_location("cli_docs", ROOT / "scripts" / "cli_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["cli_docs"] = module
    spec.loader.exec_module(module)
    return module


cli_docs = _script()


def test_cli_reference_is_current() -> None:
    assert cli_docs.main(["--check"]) == 0, "docs/cli.md is stale: run python scripts/cli_docs.py"  # type: ignore[attr-defined]


def test_cli_reference_documents_every_publish_option(tmp_path: Path) -> None:
    from ocds_regency.cli import app

    page = cli_docs.render()  # type: ignore[attr-defined]
    for param in app.commands["publish"].params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--"):
                assert f"`{opt}`" in page, opt
    stale = tmp_path / "cli.md"
    stale.write_text("old", encoding="utf-8")
    assert cli_docs.main(["--check", "-o", str(stale)]) == 1  # type: ignore[attr-defined]
