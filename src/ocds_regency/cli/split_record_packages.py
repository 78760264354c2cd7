"""``ocds-regency split-record-packages``: each record package cut into smaller ones (ocdskit's command)."""

from __future__ import annotations

from ocds_regency.cli._kit import split_command

__all__ = ["command"]

command = split_command("record")
