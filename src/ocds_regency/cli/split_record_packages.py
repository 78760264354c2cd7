"""``ocds-regency split-record-packages``: each record package cut into smaller ones (ocdskit's command)."""

from __future__ import annotations

import click

from ocds_regency.cli._kit import echo_json, input_options
from ocds_regency.kit import read_items, split_packages

__all__ = ["command"]


@click.command("split-record-packages", short_help="Cut record packages into smaller ones (ocdskit).")
@click.argument("size", type=click.IntRange(1))
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True))
@input_options
def command(
    size: int,
    files: tuple[str, ...],
    root_path: str,
    encoding: str | None,
    pretty: bool,
    ascii_: bool,
    output: str | None,
) -> None:
    """Read record packages from FILES (or standard input) and print packages of at most SIZE records each."""
    items = read_items(files or ("-",), root_path=root_path, encoding=encoding)
    echo_json(split_packages(items, "records", size), pretty=pretty, ascii_=ascii_, output=output)
