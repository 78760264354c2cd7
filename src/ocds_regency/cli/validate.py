"""``ocds-regency validate``: check OCDS files and report problems (exit 0 valid, 1 invalid, 2 unreadable)."""

from __future__ import annotations

import re
import sys
import warnings
from pathlib import Path

import click
import orjson

from ocds_regency.cli._options import (
    lang_option,
    output_option,
    prefix_option,
    quiet_option,
    schema_version_option,
)
from ocds_regency.cli._progress import progress_bar
from ocds_regency.errors import ExtensionWarning, InputError
from ocds_regency.standard import StandardVersion
from ocds_regency.validate import validate
from ocds_regency.validate.external import ENGINES, Engine, validate_with_schema
from ocds_regency.write import dumps, write_text

__all__ = ["command"]

EXIT_VALID = 0
EXIT_INVALID = 1
EXIT_UNREADABLE = 2


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _printable(text: str) -> str:
    """Text output with control characters from the data shown escaped (``\\x1b``): no escape sequence
    in a file reaches the terminal."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


@click.command("validate", short_help="Check OCDS data: schema, codelists, extensions, rules, data quality.")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
    help="text: grouped summary; json: {ok, summary, findings} (one line per file); html: standalone page.",
)
@lang_option(help="Language of the report.")
@prefix_option(required=False, help="The ocid prefix every ocid must start with.")
@click.option(
    "--extension",
    "extensions",
    multiple=True,
    metavar="NAME_OR_DIR",
    help="Extension to apply besides those the package declares: bundled id or URL, or a local directory. Repeatable.",
)
@schema_version_option(
    help="OCDS version to validate against: a bundled one (1.1) or the directory of another's schemas "
    "(laid out like the bundled ones). Default: the version the package declares when bundled, else 1.1."
)
@click.option("--no-quality", is_flag=True, help="Skip the data-quality checks on compiled releases.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "information"]),
    default="error",
    show_default=True,
    help="Lowest severity that makes a file invalid (exit 1).",
)
@click.option(
    "--examples", type=click.IntRange(0), default=5, show_default=True, help="Example findings per code (text)."
)
@output_option(help="Write the report here (default: standard output).")
@click.option("-v", "--verbose", is_flag=True, help="Add the tally of each data-quality check (text).")
@quiet_option()
@click.option(
    "--schema",
    "schema_path",
    type=click.Path(dir_okay=False, exists=True),
    help="Validate FILES as any JSON against this JSON Schema (any draft) instead of as OCDS.",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="auto",
    show_default=True,
    help="With --schema: jsonschema-rs (rs), the pure-Python jsonschema (python, also draft 3), or the first that "
    "takes the schema (auto).",
)
@click.option(
    "--each",
    is_flag=True,
    help="With --schema: check each item of a top-level array (e.g. an ISB dataset file against its row schema).",
)
def command(
    files: tuple[str, ...],
    output_format: str,
    lang: str,
    prefix: str | None,
    extensions: tuple[str, ...],
    ocds_version: StandardVersion | None,
    no_quality: bool,
    fail_on: str,
    examples: int,
    output: str | None,
    verbose: bool,
    quiet: bool,
    schema_path: str | None,
    engine: Engine,
    each: bool,
) -> None:
    """Validate OCDS release packages, record packages, releases or records: files, or - for standard input,
    each holding one document, a JSON array, JSON Lines or concatenated JSON.

    Checks the JSON Schema (with the package's extensions, offline), codelists, OCDS rules and, unless
    --no-quality, the data quality of each compiled release (dates, statuses, references, values,
    Indonesian rules). With --schema, FILES are checked against that JSON Schema only (e.g. an ISB dataset's
    schema, or a third party's of another draft). Exit status: 0 valid, 1 invalid, 2 unreadable input.
    """
    if output_format == "html" and len(files) > 1:
        raise click.UsageError("--format html takes one file at a time")
    status = EXIT_VALID
    chunks: list[str] = []
    for name in files:
        source: str | bytes = name
        label = name
        if name == "-":
            if sys.stdin is None:  # started with its standard input closed
                raise InputError("standard input is closed", source="<stdin>")
            source = sys.stdin.buffer.read()
            label = "<stdin>"
        # releases or records, as the file holds
        with progress_bar(None, f"validating {Path(label).name}", unit="item", quiet=quiet) as advance:
            done = 0

            def progress(count: int, total: int | None) -> None:
                nonlocal done
                advance(max(count - done, 0), total)  # a second pass (late extensions) is not counted again
                done = max(done, count)

            try:
                if schema_path is not None:
                    report = validate_with_schema(
                        source,
                        schema_path,
                        engine=engine,
                        each=each,
                        lang=lang,  # type: ignore[arg-type]
                        fail_on=fail_on,  # type: ignore[arg-type]
                        name=label,
                    )
                else:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore", ExtensionWarning)
                        report = validate(
                            source,
                            lang=lang,  # type: ignore[arg-type]
                            prefix=prefix,
                            extensions=extensions,
                            version=ocds_version,
                            quality=not no_quality,
                            fail_on=fail_on,  # type: ignore[arg-type]
                            name=label,
                            progress=progress,
                        )
            except InputError as exc:
                click.echo(f"ocds-regency: error: {exc}", err=True)
                status = max(status, EXIT_UNREADABLE)
                continue
        if not report.ok:
            status = max(status, EXIT_INVALID)
        if output_format == "json":
            result = report.to_dict(examples=examples)
            try:
                chunks.append(orjson.dumps(result, default=str).decode())
            except TypeError:  # an integer beyond 64 bits quoted from the data: the exact writer
                chunks.append(dumps(result).decode())
        elif output_format == "html":
            chunks.append(report.to_html(examples=max(examples, 20)))
        else:
            chunks.append(_printable(report.format_text(examples=examples, verbose=verbose)))
    text = ("\n" if output_format == "json" else "\n\n").join(chunks)
    if text:
        write_text(output, text)  # a file (atomically) or standard output: a write failure is one line, exit 2
    if status:
        # SystemExit, not click's Exit: the shell runs click with standalone_mode=False and would drop it.
        sys.exit(status)
