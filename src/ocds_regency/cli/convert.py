"""``ocds-regency convert``: turn ISB datasets into OCDS releases, with a report on every input row."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import click
import orjson

from ocds_regency.mapping import PERSONAL_DATA_CATEGORIES, Conversion, convert, extension_urls
from ocds_regency.mapping.report import Rejection
from ocds_regency.write import dumps

__all__ = ["command"]


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[IO[bytes]]:
    """Write to a temporary file beside ``path`` and move it into place only on success (or to stdout)."""
    if path is None or path == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    target = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or Path("."))
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _write(conversion: Conversion, stream: IO[bytes], *, package: bool, publisher: str, uri: str) -> int:
    count = 0
    latest = ""
    if package:
        head = {"uri": uri, "version": "1.1", "publisher": {"name": publisher}, "extensions": extension_urls()}
        stream.write(orjson.dumps(head)[:-1] + b',"releases":[')
    for release in conversion:
        if package:
            if count:
                stream.write(b",")
            stream.write(dumps(release))
        else:
            stream.write(dumps(release) + b"\n")
        latest = max(latest, release["date"])
        count += 1
    if package:
        # The newest release date, so that the same input gives the same bytes.
        stream.write(b'],"publishedDate":' + orjson.dumps(latest or "1970-01-01T00:00:00Z") + b"}\n")
    return count


#: The form of an ocid prefix registered with the Open Contracting Partnership.
_REGISTERED_PREFIX = re.compile(r"ocds-[a-z0-9]{6}")


@click.command("convert")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, readable=True))
@click.option("--prefix", required=True, metavar="ocds-xxxxxx", help="The publisher's registered ocid prefix.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write releases here (default: stdout).")
@click.option("--package", is_flag=True, help="Write one release package instead of JSON Lines of releases.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False), help="Write the row accounting as JSON.")
@click.option(
    "--timezone",
    default="+07:00",
    show_default=True,
    metavar="OFFSET",
    help="UTC offset (or WIB/WITA/WIT) of the local times in the data.",
)
@click.option(
    "--personal-data",
    "personal_data",
    multiple=True,
    type=click.Choice([*PERSONAL_DATA_CATEGORIES, "all"]),
    help="Publish a personal-data category that is withheld by default. Repeatable.",
)
@click.option("--publisher", default="ocds-regency", show_default=True, help="Publisher name (with --package).")
@click.option("--uri", help="Package URI (with --package; default: urn:ocds-regency:PREFIX).")
def command(
    inputs: tuple[str, ...],
    prefix: str,
    output: str | None,
    package: bool,
    report_path: str | None,
    timezone: str,
    personal_data: tuple[str, ...],
    publisher: str,
    uri: str | None,
) -> None:
    """Convert LKPP ISB datasets (JSON, JSON Lines, CSV or XLSX files, or directories) to OCDS 1.1.5 releases.

    Every input row ends up in a release or in the report (--report) with a reason. Civil-servant NIPs,
    officials' names, bank accounts and NIK-based NPWPs are withheld unless --personal-data names them.
    A one-line summary goes to standard error.
    """
    conversion = convert(inputs, prefix=prefix, timezone=timezone, personal_data=personal_data)
    # (after convert(), which refuses an unusable prefix)
    if not _REGISTERED_PREFIX.fullmatch(prefix):
        click.echo(
            f"ocds-regency convert: warning: {prefix!r} is not a registered ocid prefix (ocds- and six letters or "
            "digits, assigned by the Open Contracting Partnership); fine for tests, not for publication",
            err=True,
        )
    with _output(output) as stream:
        count = _write(
            conversion, stream, package=package, publisher=publisher, uri=uri or f"urn:ocds-regency:{prefix}"
        )
    report = conversion.report
    if report_path:
        with _output(report_path) as stream:
            stream.write(orjson.dumps(report.as_dict(), option=orjson.OPT_INDENT_2) + b"\n")
    totals = report.totals
    click.echo(
        f"ocds-regency convert: {totals.read} rows read, {totals.used} used, {totals.rejected} rejected, "
        f"{totals.duplicate} duplicate; {count} releases; {len(report.issues)} field issues"
        + ("" if report_path else " (use --report for details)"),
        err=True,
    )
    _echo_rejections(report.rejections)


def _echo_rejections(rejections: list[Rejection], *, examples: int = 1) -> None:
    """Say on standard error why rows were rejected: a count per reason and an example of each."""
    by_reason: dict[str, list[Rejection]] = {}
    for rejection in rejections:
        by_reason.setdefault(rejection.reason, []).append(rejection)
    for reason, group in by_reason.items():
        click.echo(f"  {len(group)} row(s) {reason}", err=True)
        for rejection in group[:examples]:
            click.echo(f"    e.g. {rejection.source}, {rejection.position}: {rejection.message}", err=True)
