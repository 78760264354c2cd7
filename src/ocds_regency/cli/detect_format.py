"""``ocds-regency detect-format``: whether each file holds releases, records, packages... (ocdskit's command)."""

from __future__ import annotations

import os

import click

from ocds_regency.cli._options import output_option
from ocds_regency.kit import KitError, describe_format
from ocds_regency.write import open_output

__all__ = ["command"]

EXIT_PROBLEMS = 1


@click.command("detect-format", short_help="Say what each OCDS file holds (ocdskit).")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("-r", "--recursive", is_flag=True, help="Look into directories, recursively.")
@click.option("--root-path", default="", help="The path to the items to process within each input.")
@output_option()
@click.pass_context
def command(ctx: click.Context, files: tuple[str, ...], recursive: bool, root_path: str, output: str | None) -> None:
    """Print what each of FILES holds: a release, a record package, a JSON array of releases...

    Exit status 1 if some file could not be told (each said on standard error).
    """
    problems = 0
    lines: list[str] = []

    def detect(path: str) -> None:
        nonlocal problems
        try:
            lines.append(f"{path}: {describe_format(path, root_path)}\n")
        except KitError as exc:
            problems += 1
            click.echo(f"ocds-regency: warning: {exc}", err=True)

    for name in files:
        if os.path.isfile(name):
            detect(name)
        elif os.path.isdir(name) and recursive:
            for root, directories, names in os.walk(name):
                directories.sort()
                for file in sorted(names):
                    if not file.startswith("."):
                        detect(os.path.join(root, file))
        elif os.path.isdir(name):
            problems += 1
            click.echo(f"ocds-regency: warning: {name} is a directory: give --recursive to look into it", err=True)
        else:
            problems += 1
            click.echo(f"ocds-regency: error: {name}: no such file or directory", err=True)
    with open_output(output) as out:
        out.write("".join(lines).encode())
    if problems:
        ctx.exit(EXIT_PROBLEMS)
