"""``ocds-regency combine-record-packages``: record packages in, one record package out (ocdskit's command)."""

from __future__ import annotations

from typing import Any

import click

from ocds_regency.cli._kit import echo_json, input_options, package_options, parse_package_options
from ocds_regency.kit import combine_record_packages, read_items

__all__ = ["command"]


@click.command("combine-record-packages", short_help="Record packages in, one record package out (ocdskit).")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True))
@package_options("record")
@input_options
def command(
    files: tuple[str, ...],
    root_path: str,
    encoding: str | None,
    pretty: bool,
    ascii_: bool,
    output: str | None,
    **options: Any,
) -> None:
    """Read record packages from FILES (or standard input) and print one record package with all their records."""
    metadata = parse_package_options(options)
    items = read_items(files or ("-",), root_path=root_path, encoding=encoding)
    echo_json([combine_record_packages(items, metadata)], pretty=pretty, ascii_=ascii_, output=output)
