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

    context = click.Context(app)
    commands = {name: app.get_command(context, name) for name in COMMANDS}
    # mkdocs-click lists the group's loaded commands when some are loaded (as here, where other tests ran
    # some of them; the site is built in a fresh process, where it asks the group for the list): all are now
    page = _rendered()
    for name, command in commands.items():
        assert command is not None
        assert f"ocds-regency {name} [OPTIONS]" in page, name
        for param in command.params:
            for option in getattr(param, "opts", []):
                if option.startswith("--"):
                    assert option in page, f"{name} {option}"
