"""Options and output shared by the commands that are ocdskit's tools (see :mod:`ocds_regency.kit`)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

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
    "KitIO",
    "combine_command",
    "input_options",
    "package_options",
    "parse_package_options",
    "split_command",
]

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class KitIO:
    """How an ocdskit command reads its inputs and writes its values: its ``--root-path``, ``--encoding``,
    ``--pretty``, ``--ascii`` and ``-o/--output``, gathered by :func:`input_options`."""

    root_path: str = ""
    encoding: str | None = None
    pretty: bool = False
    ascii: bool = False
    output: str | None = None

    def read(self, files: Sequence[str], *, map_type: type[dict[str, Any]] = dict) -> Iterator[Any]:
        """The JSON values of ``files`` (none: standard input), under ``--root-path``."""
        return read_items(files or ("-",), root_path=self.root_path, encoding=self.encoding, map_type=map_type)

    def echo(self, values: Iterable[Any], *, streaming: bool = False) -> None:
        """Write each value as ocdskit prints it: one per line (or indented), to ``-o`` or standard output.

        A file is replaced atomically once everything is written; standard output is flushed value by value.
        """
        with open_output(self.output) as out:
            for value in values:
                if streaming:
                    for chunk in iterdumps(value, pretty=self.pretty, ascii=self.ascii):
                        out.write(chunk.encode())
                    out.write(b"\n")
                else:
                    out.write(dumps(value, pretty=self.pretty, ascii=self.ascii).encode() + b"\n")
                out.flush()


def input_options(function: F) -> F:
    """``--root-path``, ``--encoding``, ``--pretty``, ``--ascii``, as in ocdskit, and ``-o/--output``, passed to
    the command as one ``kit_io`` argument, a :class:`KitIO`."""

    @functools.wraps(function)
    def command(*args: Any, **kwargs: Any) -> Any:
        kwargs["kit_io"] = KitIO(
            kwargs.pop("root_path"),
            kwargs.pop("encoding"),
            kwargs.pop("pretty"),
            kwargs.pop("ascii_"),
            kwargs.pop("output"),
        )
        return function(*args, **kwargs)

    for decorator in reversed(
        (
            click.option("--root-path", default="", help="The path to the items to process within each input."),
            click.option("--encoding", help="The input's encoding (default UTF-8)."),
            click.option("--pretty", is_flag=True, help="Pretty print the output (else one JSON value per line)."),
            click.option("--ascii", "ascii_", is_flag=True, help="Print escape sequences instead of UTF-8 characters."),
            output_option(),
        )
    ):
        command = decorator(command)
    return cast(F, command)


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
    def command(files: tuple[str, ...], kit_io: KitIO, **options: Any) -> None:
        metadata, fake = parse_package_options(options)
        kit_io.echo([_COMBINE[kind](kit_io.read(files), metadata, fake=fake)])

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
    def command(size: int, files: tuple[str, ...], kit_io: KitIO) -> None:
        kit_io.echo(split_packages(kit_io.read(files), f"{kind}s", size))

    return command
