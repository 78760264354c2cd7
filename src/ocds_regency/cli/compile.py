"""``ocds-regency compile``: merge releases into compiled releases, versioned releases or a record package.

Options follow ``ocdskit compile``. Exit status: 0 when everything was merged, 1 when some input, release or
contracting process had a problem (each reported on one line; everything else is still written), 2 when
nothing could be done (e.g. an unreadable schema).
"""

from __future__ import annotations

from typing import Any

import click

from ocds_regency.cli._options import metadata_options, output_option, quiet_option, scheduler_option
from ocds_regency.cli._progress import progress_bar
from ocds_regency.compile import Compiler, Output
from ocds_regency.compile.group import DEFAULT_MEMORY_LIMIT
from ocds_regency.errors import OcdsRegencyError
from ocds_regency.merge.rules import MergeRules, Strategy, rules_for_profile, rules_from_schema
from ocds_regency.package import (
    PackageMetadata,
    PackageMetadataBuilder,
    extension_urls_in,
    metadata_warnings,
)
from ocds_regency.read.releases import ReleaseReader
from ocds_regency.standard import apply_merge_patch, find_bundled_extension, load_extension, load_profile, read_schema
from ocds_regency.write import JsonLinesWriter, PackageWriter, open_output

__all__ = ["command"]

EXIT_PROBLEMS = 1


def _rules(schema: str | None, extensions: tuple[str, ...], version: str) -> MergeRules:
    if schema is None:
        return rules_for_profile(load_profile(list(extensions), version=version))
    document: Any = read_schema(schema)
    for name in extensions:
        document = apply_merge_patch(document, load_extension(name).release_patch)
    return rules_from_schema(document)


def _declare(builder: PackageMetadataBuilder, names: tuple[str, ...], found: set[str]) -> None:
    """Declare the extensions applied: those given with --extension and the bundled ones the records use,
    unless an input package already declares them (under any URL)."""
    declared = {ext.id for url in builder.extensions if (ext := find_bundled_extension(url)) is not None}
    wanted = set(found)
    for name in names:
        ext = find_bundled_extension(name)
        if ext is not None:
            wanted.add(ext.id)
    builder.add_extensions(extension_urls_in(wanted - declared))


def _distributed(
    files: tuple[str, ...],
    output: str | None,
    scheduler: str,
    versioned: bool,
    extensions: tuple[str, ...],
    as_package: bool,
    quiet: bool,
    version: str,
) -> None:
    """``compile --scheduler``: compiled (or versioned) releases merged on Dask, one file per partition."""
    if output is None or not files or "-" in files:
        raise click.UsageError("--scheduler reads JSON Lines files and writes a directory: give FILES and --out-dir")
    if as_package:
        raise click.UsageError("--scheduler writes JSON Lines per partition: --package is not available with it")
    from ocds_regency.dask import compile_releases, connect  # the dask extra, only when asked for

    with connect(scheduler) as client:
        paths, count, merge_warnings = compile_releases(
            files, out_dir=output, client=client, versioned=versioned, extensions=extensions, version=version
        )
    for warning in merge_warnings:
        click.echo(f"{warning['ocid']}: {warning['message']}", err=True)
    if not quiet:
        what = "versioned" if versioned else "compiled"
        click.echo(
            f"ocds-regency compile: {count:,} {what} releases in {len(paths):,} file(s) under {output}", err=True
        )


@click.command("compile", short_help="Merge releases into compiled releases, versioned releases or records.")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--versioned", is_flag=True, help="Versioned releases (inside records with --package).")
@click.option("--package", "as_package", is_flag=True, help="Write one record package instead of JSON Lines.")
@click.option("--linked-releases", is_flag=True, help="In records, link releases that came from a package with a uri.")
@click.option(
    "--schema",
    type=click.Path(dir_okay=False, exists=True),
    help="Take the merge rules from this release schema file instead of the bundled one of --version.",
)
@click.option(
    "--extension",
    "extensions",
    multiple=True,
    metavar="NAME_OR_DIR",
    help="Extension whose schema changes the merge rules: bundled id or URL, or a local directory. Repeatable.",
)
@click.option(
    "--append",
    "append_paths",
    multiple=True,
    metavar="FIELD.PATH",
    help="Keep every object of this array (e.g. awards.documents) instead of merging by id. Repeatable.",
)
@click.option(
    "--merge-by-position",
    "position_paths",
    multiple=True,
    metavar="FIELD.PATH",
    help="Merge the objects of this array by their position instead of their id. Repeatable.",
)
@metadata_options(
    what="the record package's",
    where="the record package (with --package)",
    uri_help="The record package's uri, or a base URL ending in / (default: a urn:ocds-regency: placeholder, "
    "with a warning).",
)
@click.option("--strict", is_flag=True, help="Order dates as instants; a null removes objects too (compiled).")
@click.option(
    "--stream/--no-stream",
    default=None,
    help="Input is grouped by ocid: merge and write each process as soon as the next starts (--no-stream: "
    "group everything first). Default: stream one input if its start is grouped in ascending ocid order.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    help="Processes that merge. Default: one per CPU (up to 4) for a large file of JSON Lines grouped by ocid, "
    "which the workers read in ranges themselves; otherwise CPUs minus one (up to 4), one on a 2-CPU machine.",
)
@click.option(
    "--memory-limit",
    type=click.IntRange(1),
    default=DEFAULT_MEMORY_LIMIT // (1024 * 1024),
    show_default=True,
    help="MB of releases held in memory while grouping, before spilling to a temporary file.",
)
@output_option()
@quiet_option()
@scheduler_option(
    help="FILES are then JSON Lines of releases, shuffled by ocid; --out-dir gets one part-NNNNN.jsonl per partition."
)
@click.pass_context
def command(
    ctx: click.Context,
    files: tuple[str, ...],
    versioned: bool,
    as_package: bool,
    linked_releases: bool,
    schema: str | None,
    extensions: tuple[str, ...],
    append_paths: tuple[str, ...],
    position_paths: tuple[str, ...],
    metadata: PackageMetadata,
    strict: bool,
    stream: bool | None,
    workers: int | None,
    memory_limit: int,
    output: str | None,
    quiet: bool,
    scheduler: str | None,
    out_dir: str | None,
) -> None:
    """Merge the releases in FILES (or standard input) into one compiled release per contracting process.

    FILES may hold release packages, record packages, releases, JSON arrays of them, JSON Lines or
    concatenated JSON. Output: JSON Lines ordered by ocid, or a record package with --package.
    """
    if scheduler is not None:
        _distributed(files, out_dir, scheduler, versioned, extensions, as_package, quiet, metadata.version)
        return
    if linked_releases and not as_package:
        raise click.UsageError("--linked-releases needs --package")
    rules = _rules(schema, extensions, metadata.version)
    overrides = {tuple(path.split(".")): Strategy.APPEND for path in append_paths}
    overrides.update({tuple(path.split(".")): Strategy.MERGE_BY_POSITION for path in position_paths})
    if overrides:
        rules = rules.with_overrides(overrides)
    if as_package:
        kind = Output.RECORD_VERSIONED if versioned else Output.RECORD
    else:
        kind = Output.VERSIONED if versioned else Output.COMPILED

    def on_error(error: OcdsRegencyError) -> None:
        click.echo(f"ocds-regency: error: {error}", err=True)

    def on_warning(message: str) -> None:
        click.echo(f"ocds-regency: warning: {message}", err=True)

    compiler = Compiler(
        rules,
        output=kind,
        linked=linked_releases,
        strict=strict,
        workers=workers,
        memory_limit=memory_limit * 1024 * 1024,
        stream=stream,
        version=metadata.version,
        allow_ocds_10=schema is not None,
        on_error=on_error,
        on_warning=on_warning,
    )
    readers = [ReleaseReader(name, lazy=True) for name in (files or ("-",))]
    builder = PackageMetadataBuilder(metadata)
    with open_output(output) as out, progress_bar(None, "compiling", unit="record", quiet=quiet) as advance:
        if as_package:
            # The metadata depends on the input packages and on the extensions the records use (which the
            # compiler finds as it merges): the records are spooled to disk until all are written, then the
            # package is assembled.
            with PackageWriter(out, "records", None) as writer:

                def input_done() -> None:
                    for reader in readers:
                        for package in reader.packages:
                            builder.add(package.metadata, kind=package.kind)
                    advance(0, total=compiler.expected_records())

                compiler.on_input_done = input_done
                for record in compiler.run(readers):
                    writer.write_raw(record)
                    advance(1)
                _declare(builder, extensions, compiler.extensions)
                head = builder.metadata()
                writer.set_metadata(head)
            if not quiet:
                for problem in metadata_warnings(head):
                    on_warning(problem)
        else:
            lines = JsonLinesWriter(out)
            compiler.on_input_done = lambda: advance(0, total=compiler.expected_records())
            for item in compiler.run(readers):
                lines.write_raw(item)
                advance(1)
            out.flush()
    if compiler.errors:
        ctx.exit(EXIT_PROBLEMS)
