"""``ocds-regency upgrade``: OCDS 1.0 packages, releases and records to 1.1 (ocdskit's command, through ocdskit)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

import click

from ocds_regency.cli._kit import KitIO, input_options
from ocds_regency.kit import KitError, upgrade

__all__ = ["command"]


@click.command("upgrade", short_help="Upgrade OCDS 1.0 data to 1.1 (ocdskit).")
@click.argument("versions", metavar="OLD:NEW")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--no-reorder", is_flag=True, help="Don't move identifying fields like 'ocid' to the top of objects.")
@input_options
def command(
    versions: str,
    files: tuple[str, ...],
    no_reorder: bool,
    kit_io: KitIO,
) -> None:
    """Upgrade the packages, releases and records in FILES (or standard input) from OLD to NEW, e.g. 1.0:1.1."""
    function = upgrade(versions)
    reorder = not no_reorder
    map_type: type[dict[str, Any]] = OrderedDict if reorder else dict
    kit_io.echo(_upgraded(kit_io.read(files, map_type=map_type), function, reorder, versions))


def _upgraded(items: Iterator[Any], function: Callable[..., Any], reorder: bool, versions: str) -> Iterator[Any]:
    """Each value upgraded; a value that is not OCDS data of the old version is one clear error, not a crash
    inside ocdskit."""
    old = versions.partition(":")[0]
    for number, data in enumerate(items, 1):
        if not isinstance(data, dict):
            raise KitError(f"input value {number} is a JSON {type(data).__name__}, not a package, release or record")
        try:
            yield function(data, reorder=reorder)
        except (TypeError, AttributeError, KeyError, ValueError) as exc:
            detail = " ".join(str(exc).split())[:120]
            raise KitError(
                f"input value {number} can't be upgraded ({type(exc).__name__}: {detail}): is it OCDS {old} data?"
            ) from None
