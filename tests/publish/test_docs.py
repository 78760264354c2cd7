"""docs/cli.md is generated from the commands when the site is built (mkdocs-click): every option is there."""

from __future__ import annotations

import html
import re
from pathlib import Path

import click
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _rendered() -> str:
    markdown = pytest.importorskip("markdown")
    pytest.importorskip("mkdocs_click")
    page = markdown.markdown((ROOT / "docs" / "cli.md").read_text(encoding="utf-8"), extensions=["mkdocs-click"])
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_the_cli_reference_documents_every_command_and_option() -> None:
    from ocds_regency.cli import COMMANDS, app

    page = _rendered()
    context = click.Context(app)
    for name in COMMANDS:
        command = app.get_command(context, name)
        assert command is not None
        assert f"ocds-regency {name} [OPTIONS]" in page, name
        for param in command.params:
            for option in getattr(param, "opts", []):
                if option.startswith("--"):
                    assert option in page, f"{name} {option}"
