"""``ocds-regency combine-record-packages``: record packages in, one record package out (ocdskit's command)."""

from __future__ import annotations

from ocds_regency.cli._kit import combine_command

__all__ = ["command"]

command = combine_command("record")
