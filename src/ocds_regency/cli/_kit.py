"""Options and output shared by the commands that are ocdskit's tools (see :mod:`ocds_regency.kit`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import click

from ocds_regency.cli._options import output_option, package_metadata
from ocds_regency.kit import (
    combine_record_packages,
    combine_release_packages,
    dumps,
    iterdumps,
    read_items,
    split_packages,
)
from ocds_regency.package import PackageMetadata
from ocds_regency.standard import OCDS_PACKAGE_VERSION
from ocds_regency.write import open_output

__all__ = [
    "combine_command",
    "echo_json",
    "input_options",
    "package_options",
    "parse_package_options",
    "split_command",
]

F = TypeVar("F", bound=Callable[..., Any])


def input_options(function: F) -> F:
    """``--root-path``, ``--encoding``, ``--pretty``, ``--ascii``, as in ocdskit, and ``-o/--output``."""
    for decorator in reversed(
        (
            click.option("--root-path", default="", help="The path to the items to process within each input."),
            click.option("--encoding", help="The input's encoding (default UTF-8)."),
            click.option("--pretty", is_flag=True, help="Pretty print the output (else one JSON value per line)."),
            click.option("--ascii", "ascii_", is_flag=True, help="Print escape sequences instead of UTF-8 characters."),
            output_option(),
        )
    ):
        function = decorator(function)
    return function


def package_options(kind: str) -> Callable[[F], F]:
    """ocdskit's package metadata options for a ``kind`` (``release`` or ``record``) package."""

    def decorate(function: F) -> F:
        template = f"Set the {kind} package's {{}} to this value."
        options = [
            click.option("--uri", default="", help=template.format("uri")),
            click.option("--published-date", default="", help=template.format("publishedDate")),
            click.option(
                "--version",
                "ocds_version",
                default=OCDS_PACKAGE_VERSION,
                show_default=True,
                help=template.format("version"),
            ),
            click.option("--publisher-name", default="", help=template.format("publisher's name")),
            click.option("--publisher-uri", default="", help=template.format("publisher's uri")),
            click.option("--publisher-scheme", default="", help=template.format("publisher's scheme")),
            click.option("--publisher-uid", default="", help=template.format("publisher's uid")),
            click.option("--fake", is_flag=True, help=f"Set the {kind} package's required metadata to dummy values."),
        ]
        for decorator in reversed(options):
            function = decorator(function)
        return function

    return decorate


def parse_package_options(options: dict[str, Any]) -> tuple[PackageMetadata, bool]:
    """The metadata of a command's package options, and whether ``--fake`` was given (removed from ``options``).

    As in ocdskit, no ``--publisher-*`` option leaves the publisher empty (``{}``).
    """
    metadata = package_metadata(
        uri=options.pop("uri"),
        published_date=options.pop("published_date"),
        ocds_version=options.pop("ocds_version"),
        **{f"publisher_{key}": options.pop(f"publisher_{key}") or None for key in ("name", "uri", "scheme", "uid")},
    )
    return metadata, options.pop("fake")


def echo_json(
    values: Iterable[Any], *, pretty: bool, ascii_: bool, streaming: bool = False, output: str | None = None
) -> None:
    """Write each value as ocdskit prints it: one per line (or indented), to ``output`` or standard output.

    A file is replaced atomically once everything is written; standard output is flushed value by value.
    """
    with open_output(output) as out:
        for value in values:
            if streaming:
                for chunk in iterdumps(value, pretty=pretty, ascii=ascii_):
                    out.write(chunk.encode())
                out.write(b"\n")
            else:
                out.write(dumps(value, pretty=pretty, ascii=ascii_).encode() + b"\n")
            out.flush()


_COMBINE: dict[str, Callable[..., dict[str, Any]]] = {
    "release": combine_release_packages,
    "record": combine_record_packages,
}


def combine_command(kind: str) -> click.Command:
    """``combine-{kind}-packages``: packages of ``kind`` ("release" or "record") in, one package out."""

    @click.command(
        f"combine-{kind}-packages",
        short_help=f"{kind.capitalize()} packages in, one {kind} package out (ocdskit).",
        help=f"Read {kind} packages from FILES (or standard input) and print one {kind} package with all their "
        f"{kind}s.",
    )
    @click.argument("files", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True))
    @package_options(kind)
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
        metadata, fake = parse_package_options(options)
        items = read_items(files or ("-",), root_path=root_path, encoding=encoding)
        echo_json([_COMBINE[kind](items, metadata, fake=fake)], pretty=pretty, ascii_=ascii_, output=output)

    return command


def split_command(kind: str) -> click.Command:
    """``split-{kind}-packages``: each package of ``kind`` ("release" or "record") cut into smaller ones."""

    @click.command(
        f"split-{kind}-packages",
        short_help=f"Cut {kind} packages into smaller ones (ocdskit).",
        help=f"Read {kind} packages from FILES (or standard input) and print packages of at most SIZE {kind}s each.",
    )
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
        items = read_items(files or ("-",), root_path=root_path, encoding=encoding)
        echo_json(split_packages(items, f"{kind}s", size), pretty=pretty, ascii_=ascii_, output=output)

    return command
