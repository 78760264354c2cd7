"""``ocds-regency flatten``: compiled releases as a spreadsheet (XLSX, or CSV files) in flatten-tool's layout.

Exit status: 0 when everything was written, 1 when some input or release had a problem (each reported on
one line; the rest is still written), 2 when nothing could be done.
"""

from __future__ import annotations

from typing import Literal

import click

from ocds_regency import codec
from ocds_regency._collector import paused
from ocds_regency.errors import OcdsRegencyError
from ocds_regency.flatten import Flattener, format_for, has_compiled_releases
from ocds_regency.read.releases import ReleaseReader

__all__ = ["command"]

EXIT_PROBLEMS = 1


@click.command("flatten", short_help="Compiled releases as a spreadsheet (flatten-tool layout).")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(),
    help="An .xlsx file, a directory of CSV files, or a .zip of CSV files.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["xlsx", "csv"]),
    help="Output format (default: from the -o name: .xlsx is XLSX, a directory or .zip is CSV).",
)
@click.option(
    "--titles",
    type=click.Choice(["paths", "id"]),
    default="paths",
    show_default=True,
    help="Column headers: JSON paths (tender/value/amount, what flatten-tool reads back) or Indonesian titles.",
)
@click.option(
    "--as-is",
    is_flag=True,
    help="Flatten the releases as they are read (one row each) instead of compiling them first.",
)
@click.option(
    "--extension",
    "extensions",
    multiple=True,
    metavar="NAME_OR_DIR",
    help="Extension whose schema changes the merge rules (as for compile). Repeatable.",
)
@click.pass_context
def command(
    ctx: click.Context,
    files: tuple[str, ...],
    output: str,
    fmt: Literal["xlsx", "csv"] | None,
    titles: str,
    as_is: bool,
    extensions: tuple[str, ...],
) -> None:
    """Write the releases in FILES (or standard input) as a spreadsheet, one compiled release per row.

    FILES may hold anything compile reads (release or record packages, releases, JSON Lines...); the
    compiled releases of record packages are taken as they are. The layout is flatten-tool's: a main sheet,
    one sheet per array of objects, id columns linking them, so `flatten-tool unflatten` and other OCDS
    tools read it back. Text starting with = + - @ is written as text.
    """
    kind = format_for(output, fmt)
    problems = 0

    def on_error(error: OcdsRegencyError) -> None:
        nonlocal problems
        problems += 1
        click.echo(f"ocds-regency: error: {error}", err=True)

    names = list(files or ("-",))
    # The cycle collector paused: decoded JSON and flattened rows hold no reference cycles (they are freed as they
    # go out of use all the same), and it would look at every object of every release as it is decoded
    # (docs/benchmarks.md).
    with paused(), Flattener(titles="id" if titles == "id" else None, formats=(kind,)) as flattener:
        if not as_is:
            # Record packages with compiled releases (what publish writes) are flattened as they are.
            from ocds_regency.kit import read_items  # imported here: only then are its imports paid for

            for name in [n for n in names if has_compiled_releases(n)]:
                names.remove(name)
                try:
                    for number, record in enumerate(read_items([name], root_path="records.item")):
                        compiled = record.get("compiledRelease") if isinstance(record, dict) else None
                        flattener.add(compiled, f"{name}, records[{number}].compiledRelease")
                except OcdsRegencyError as exc:
                    on_error(exc)
        readers = [ReleaseReader(name) for name in names]
        if as_is:
            for reader in readers:
                try:
                    for item in reader:
                        flattener.add(item.release, item.where)
                except OcdsRegencyError as exc:
                    on_error(exc)
        else:
            # Imported here: --as-is, which does not compile, does not pay for the merge machinery.
            from ocds_regency.compile import Compiler, Output
            from ocds_regency.merge.rules import rules_for_profile
            from ocds_regency.standard import load_profile

            compiler = Compiler(
                rules_for_profile(load_profile(list(extensions))), output=Output.COMPILED, on_error=on_error
            )
            for data in compiler.run(readers) if readers else ():
                # exactly: a compiled release may hold an integer beyond 64 bits (orjson would make it a float)
                flattener.add(codec.loads(data, duplicates="refuse", nesting=False))
        result = flattener.write(output, kind)
        problems += len(flattener.skipped)
    for note in result.notes:
        click.echo(f"ocds-regency: note: {note}", err=True)
    sheets = len(result.sheets)
    rows = sum(sheet.rows for sheet in result.sheets)
    click.echo(f"{result.releases:,} releases, {rows:,} rows in {sheets} sheets written to {result.path}", err=True)
    if problems:
        ctx.exit(EXIT_PROBLEMS)
