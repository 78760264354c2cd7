"""``ocds-regency combine-release-packages``: release packages in, one release package out (ocdskit's command)."""

from __future__ import annotations

from ocds_regency.cli._kit import combine_command

__all__ = ["command"]

command = combine_command("release")
