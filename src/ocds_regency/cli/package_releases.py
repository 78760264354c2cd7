"""``ocds-regency package-releases``: releases in, one release package out (ocdskit's command, through ocdskit)."""

from __future__ import annotations

import itertools
from typing import Any

import click

from ocds_regency.cli._kit import KitIO, input_options, package_options, parse_package_options
from ocds_regency.kit import package_releases

__all__ = ["command"]


@click.command("package-releases", short_help="Releases in, one release package out (ocdskit).")
@click.argument("extensions", nargs=-1, metavar="[EXTENSION]...")
@click.option(
    "-i",
    "--input",
    "inputs",
    multiple=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Read this file instead of standard input. Repeatable.",
)
@click.option("--size", type=click.IntRange(1), help="The maximum number of releases per package.")
@package_options("release")
@input_options
def command(
    extensions: tuple[str, ...],
    inputs: tuple[str, ...],
    size: int | None,
    kit_io: KitIO,
    **options: Any,
) -> None:
    """Read releases (standard input, or --input files) and print one release package with them.

    EXTENSION: URLs of extensions to declare in the package, as for `ocdskit package-releases`.
    With --size, print one package per SIZE releases, one per line.
    """
    metadata, fake = parse_package_options(options)
    items = kit_io.read(inputs)
    if size:
        batches = (list(filter(None, batch)) for batch in itertools.zip_longest(*[iter(items)] * size))
        kit_io.echo(package_releases(batch, metadata, extensions, fake=fake) for batch in batches)
    else:
        kit_io.echo([package_releases(items, metadata, extensions, fake=fake)], streaming=True)
