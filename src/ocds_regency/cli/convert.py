"""``ocds-regency convert``: turn ISB datasets into OCDS releases, with a report on every input row."""

from __future__ import annotations

import contextlib
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO

import click
import orjson

from ocds_regency import codec
from ocds_regency._words import count_of
from ocds_regency.cli._options import (
    OptionError,
    metadata_options,
    output_option,
    personal_data_option,
    prefix_option,
    quiet_option,
    scheduler_option,
    timezone_option,
    warn,
)
from ocds_regency.cli._progress import progress_bar
from ocds_regency.mapping import PERSONAL_DATA_CATEGORIES, Conversion, convert, extension_urls
from ocds_regency.mapping.report import Rejection
from ocds_regency.package import PackageMetadata, metadata_warnings
from ocds_regency.read.isb import iter_input_files
from ocds_regency.read.releases import ocds_kind
from ocds_regency.write import dumps, open_output, write_json

__all__ = ["command"]

#: Exit status when no input row is usable (as ``publish``).
EXIT_UNUSABLE = 2
_HEAD = 1 << 16


def _refuse_ocds(name: str, head: bytes) -> None:
    kind = ocds_kind(head)
    if kind is not None:
        raise OptionError(
            f"{name}: this is an OCDS {kind}, not an ISB dataset; convert reads LKPP ISB datasets "
            "(use `ocds-regency validate` or `ocds-regency compile` for OCDS data)"
        )


@contextlib.contextmanager
def _inputs(inputs: tuple[str, ...]) -> Iterator[list[str]]:
    """The input paths, with standard input (``-``) saved to a temporary file; OCDS files are refused."""
    with tempfile.TemporaryDirectory(prefix="ocds-regency-stdin-") as folder:
        paths = []
        for name in inputs:
            if name == "-":
                data = sys.stdin.buffer.read()
                _refuse_ocds("<stdin>", data[:_HEAD])
                first_line = data.lstrip()[: data.lstrip().find(b"\n") + 1 or None]
                try:
                    codec.fast_loads(first_line)  # a probe: is the first line a JSON value?
                    lines = data.strip().count(b"\n") > 0
                except codec.FastDecodeError:
                    lines = False
                stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
                suffix = ".jsonl" if lines else ".json" if stripped in (b"[", b"{") else ".csv"
                path = Path(folder) / f"stdin{suffix}"
                path.write_bytes(data)
                paths.append(str(path))
                continue
            path = Path(name)
            if not path.exists():
                raise OptionError(f"{name}: no such file or directory")
            for file in iter_input_files([path]):
                if file.suffix.lower() in (".json", ".jsonl", ".ndjson"):
                    with file.open("rb") as handle:
                        _refuse_ocds(str(file), handle.read(_HEAD))
            paths.append(name)
        yield paths


def _write(conversion: Conversion, stream: IO[bytes], *, package: bool, head: dict[str, object], quiet: bool) -> int:
    """Write the releases (JSON Lines, or one release package with ``head``); the number written.

    A package without a ``publishedDate`` in ``head`` gets the newest release date, after its releases, so
    that the same input gives the same bytes.
    """
    count = 0
    latest = ""
    ocid = None
    dated = "publishedDate" in head
    if package:
        stream.write(orjson.dumps(head)[:-1] + b',"releases":[')
    with progress_bar(conversion.process_count, "converting", unit="process", quiet=quiet) as advance:
        for release in conversion:
            if package and count:
                stream.write(b",")
            stream.write(dumps(release) if package else dumps(release) + b"\n")
            latest = max(latest, release["date"])
            count += 1
            if release["ocid"] != ocid:  # the releases of a process come together
                ocid = release["ocid"]
                advance(1)
    if package and dated:
        stream.write(b"]}\n")
    elif package:
        stream.write(b'],"publishedDate":' + orjson.dumps(latest or "1970-01-01T00:00:00Z") + b"}\n")
    return count


@click.command("convert", short_help="Convert ISB datasets (SiRUP, SPSE, e-Katalog) to OCDS releases.")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(allow_dash=True))
@prefix_option(required=True)
@output_option(help="Write the releases here (default: standard output).")
@click.option("--package", is_flag=True, help="Write one release package instead of JSON Lines of releases.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False), help="Write the row accounting as JSON.")
@timezone_option()
@personal_data_option(PERSONAL_DATA_CATEGORIES)
@metadata_options(
    what="the release package's (with --package)",
    where="the release package (with --package)",
    uri_help="The release package's uri, or a base URL ending in / (with --package; default: a urn:ocds-regency: "
    "placeholder).",
    date_default="the newest release date",
)
@quiet_option()
@scheduler_option(help="Releases, records and validation are then written per owner (kd_klpd) into --out-dir.")
@click.option("--versioned", is_flag=True, help="With --scheduler: also put versioned releases in the records.")
def command(
    inputs: tuple[str, ...],
    prefix: str,
    output: str | None,
    package: bool,
    report_path: str | None,
    timezone: str,
    personal_data: tuple[str, ...],
    metadata: PackageMetadata,
    quiet: bool,
    scheduler: str | None,
    out_dir: str | None,
    versioned: bool,
) -> None:
    """Convert LKPP ISB datasets (JSON, JSON Lines, CSV or XLSX files, directories, or - for standard input)
    to OCDS releases (the fields of OCDS 1.1.5; with --package, the package declares --version).

    Every input row ends up in a release or in the report (--report) with a reason. Civil-servant NIPs,
    officials' names, bank accounts and NIK-based NPWPs are withheld unless --personal-data names them.
    A one-line summary goes to standard error. Exit status: 0 converted, 2 no usable row or unusable input.
    """
    if scheduler is not None:
        _distributed(inputs, prefix, out_dir, report_path, timezone, personal_data, metadata, scheduler, versioned)
        return
    head = metadata.fields(metadata.package_uri("release-package.json", prefix), extensions=extension_urls())
    if metadata.published_date is None:
        del head["publishedDate"]  # the newest release date, written after the releases
    if package:
        for problem in metadata_warnings(head):
            warn("convert", problem)
    with _inputs(inputs) as paths:
        conversion = convert(paths, prefix=prefix, timezone=timezone, personal_data=personal_data)
        with open_output(output) as stream:
            count = _write(conversion, stream, package=package, head=head, quiet=quiet)
            report = conversion.report
            if count == 0:
                if report_path:
                    write_json(report_path, report.as_dict(), pretty=True)
                _summary(report, count, report_path, quiet=False)
                click.echo(
                    "ocds-regency convert: error: no input row is usable: nothing written"
                    + ("" if report_path else " (use --report for details)"),
                    err=True,
                )
                raise SystemExit(EXIT_UNUSABLE)  # open_output leaves any earlier file as it was
        if report_path:
            write_json(report_path, report.as_dict(), pretty=True)
        _summary(report, count, report_path, quiet=quiet)


def _distributed(
    inputs: tuple[str, ...],
    prefix: str,
    output: str | None,
    report_path: str | None,
    timezone: str,
    personal_data: tuple[str, ...],
    metadata: PackageMetadata,
    scheduler: str,
    versioned: bool,
) -> None:
    """``convert --scheduler``: convert, compile and validate on Dask, one output folder per owner."""
    if output is None or "-" in inputs:
        raise click.UsageError("--scheduler reads files and writes one folder per owner: give them, and --out-dir")
    from ocds_regency.dask import connect, run  # the dask extra, only when asked for

    with connect(scheduler) as client:
        result = run(
            inputs,
            prefix=prefix,
            out_dir=output,
            client=client,
            timezone=timezone,
            personal_data=personal_data,
            versioned=versioned,
            metadata=metadata,
        )
    report = result.report
    if report_path:
        write_json(report_path, report.as_dict(), pretty=True)
    totals = report.totals
    errors = sum(1 for finding in result.findings if finding.severity == "error")
    click.echo(
        f"ocds-regency convert: {count_of(totals.read, 'row')} read, {totals.used:,} used, "
        f"{totals.rejected:,} rejected, {totals.duplicate:,} duplicate; {count_of(result.releases, 'release')}, "
        f"{count_of(result.records, 'record')} in {count_of(len(result.partitions), 'partition')} under {output}; "
        f"{count_of(errors, 'validation error')}",
        err=True,
    )
    _echo_rejections(report.rejections, report.rejection_counts)
    if not result.ok:
        raise SystemExit(1)


def _summary(report: object, count: int, report_path: str | None, *, quiet: bool) -> None:
    from ocds_regency.mapping import ConversionReport

    assert isinstance(report, ConversionReport)
    if quiet:
        return
    totals = report.totals
    click.echo(
        f"ocds-regency convert: {count_of(totals.read, 'row')} read, {totals.used:,} used, "
        f"{totals.rejected:,} rejected, {totals.duplicate:,} duplicate, "
        f"{totals.uncited:,} reference rows not cited; {count_of(count, 'release')}; "
        f"{count_of(sum(report.issue_counts.values()), 'field issue')}"
        + ("" if report_path else " (use --report for details)"),
        err=True,
    )
    _echo_rejections(report.rejections, report.rejection_counts)


def _echo_rejections(rejections: list[Rejection], counts: Mapping[str, int], *, examples: int = 1) -> None:
    """Say on standard error why rows were rejected: a count per reason and an example of each."""
    by_reason: dict[str, list[Rejection]] = {}
    for rejection in rejections:
        by_reason.setdefault(rejection.reason, []).append(rejection)
    for reason, group in by_reason.items():
        click.echo(f"  {count_of(counts.get(reason, len(group)), 'row')} {reason}", err=True)
        for rejection in group[:examples]:
            click.echo(f"    e.g. {rejection.source}, {rejection.position}: {rejection.message}", err=True)
