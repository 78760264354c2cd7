"""``ocds-regency publish``: from ISB datasets to validated OCDS packages and a readable report, atomically."""

from __future__ import annotations

import contextlib

import click

from ocds_regency.cli._options import (
    lang_option,
    metadata_options,
    output_dir_option,
    personal_data_option,
    prefix_option,
    quiet_option,
    timezone_option,
    warn,
)
from ocds_regency.cli._progress import Advance, progress_bar
from ocds_regency.mapping import PERSONAL_DATA_CATEGORIES
from ocds_regency.package import PackageMetadata
from ocds_regency.pipeline import DEFAULT_MAX_RELEASES, PublishOptions, PublishResult, default_store_path, publish
from ocds_regency.reporting import Lang

__all__ = ["command"]


#: Stage -> (what the bar says, unit counted).
_STAGES = {"convert": ("converting and compiling", "process"), "validate": ("validating", "package")}


class _Progress:
    """Progress bars for the stages of a publication (see :func:`~ocds_regency.cli._progress.progress_bar`)."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self._stack = contextlib.ExitStack()
        self._stage = ""
        self._done = 0
        self._advance: Advance | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self._stage:
            self._stack.close()
            title, unit = _STAGES.get(stage, (stage, "item"))
            self._advance = self._stack.enter_context(progress_bar(total, title, unit=unit, quiet=self.quiet))
            self._stage, self._done = stage, 0
        assert self._advance is not None
        self._advance(done - self._done)
        self._done = done

    def close(self) -> None:
        self._stack.close()


def _summary(result: PublishResult, out_dir: str) -> str:
    report = result.report
    totals = report.totals
    severities = report.validation.severities
    figures = report.figures
    lines = [
        f"{totals['read']:,} rows read: {totals['used']:,} used, {totals['rejected']:,} rejected, "
        f"{totals['duplicate']:,} duplicate, {totals['uncited']:,} reference rows not cited",
        f"{figures.processes:,} contracting processes, {figures.releases:,} releases",
        f"validation: {severities.get('error', 0):,} errors, {severities.get('warning', 0):,} warnings, "
        f"{severities.get('information', 0):,} information",
    ]
    if report.changes is not None:
        c = report.changes
        lines.append(
            f"since the last publication: {c['new']:,} new, {c['changed']:,} changed, {c['gone']:,} gone from the "
            f"source, {c['unchanged']:,} unchanged processes; {c['new_releases']:,} new releases"
        )
    if result.published:
        lines.append(f"published in {out_dir.rstrip('/')}/: " + ", ".join(p.name for p in result.files))
    else:
        lines.append(f"NOT published ({'; '.join(report.blocking)}); {out_dir} is unchanged.")
        lines.append(f"outputs and report for inspection in {result.location}/ (see report.html)")
    return "\n".join(lines)


@click.command("publish", short_help="Convert, validate and publish ISB datasets as OCDS, with a report.")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, readable=True))
@prefix_option(required=True)
@output_dir_option(help="replaced as a whole, atomically (must be empty, missing, or an earlier publication).")
@metadata_options(
    what="the publication's",
    where="the packages",
    uri_help="Public base URL where DIR will be served (package URIs and record links use it).",
)
@timezone_option()
@lang_option(help="Language of report.html.")
@click.option("--versioned", is_flag=True, help="Also embed versioned releases in the records.")
@personal_data_option(PERSONAL_DATA_CATEGORIES)
@click.option(
    "--split-by-year/--no-split-by-year",
    default=True,
    show_default=True,
    help="One release package per year when the releases span several years.",
)
@click.option(
    "--max-releases",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_RELEASES,
    show_default=True,
    help="Releases per release package before it is split in parts.",
)
@click.option(
    "--store",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="FILE.sqlite|postgresql://…",
    help="Keep every release ever published in a release store and release only what changed. "
    "Alone: DIR.store.sqlite beside DIR.",
)
@click.option(
    "--store-wait",
    type=click.FloatRange(min=0),
    default=0,
    metavar="SECONDS",
    help="Wait this long for another publication that holds the store (default: exit 2 at once).",
)
@click.option(
    "--full",
    is_flag=True,
    default=False,
    help="With --store: map, merge and check every process again, even those whose sources did not change "
    "(by default they are taken from the store; the outputs are the same).",
)
@click.option(
    "--spreadsheets/--no-spreadsheets",
    default=True,
    show_default=True,
    help="Also write publikasi.xlsx and publikasi-csv.zip (the compiled releases in flatten-tool's layout).",
)
@quiet_option()
@click.pass_context
def command(
    ctx: click.Context,
    inputs: tuple[str, ...],
    prefix: str,
    out_dir: str,
    metadata: PackageMetadata,
    timezone: str,
    lang: Lang,
    versioned: bool,
    personal_data: tuple[str, ...],
    split_by_year: bool,
    max_releases: int,
    quiet: bool,
    store: str | None,
    store_wait: float,
    full: bool,
    spreadsheets: bool,
) -> None:
    """Convert, validate and publish ISB datasets (files or directories) as OCDS into DIR.

    Writes release-package.json (one per year when the data spans several), record-package.json,
    releases.jsonl, publikasi.xlsx and publikasi-csv.zip (the compiled releases as a spreadsheet in
    flatten-tool's layout; --no-spreadsheets leaves them out), report.json and report.html (Bahasa
    Indonesia by default). Nothing is published when validation finds errors: DIR is left as it was and
    the outputs go to DIR.failed/ for inspection.

    With --store, releases whose content did not change keep their id and date, changed ones get a new
    release (with an amendment when a value or period changed), processes gone from the source keep
    their releases, and report.html says what changed since the last publication.

    Exit status: 0 published, 1 blocking errors (nothing published), 2 unusable input or store (also
    when another publication holds the store).
    """
    options = PublishOptions(
        prefix=prefix,
        out_dir=out_dir,
        timezone=timezone,
        lang=lang,
        versioned=versioned,
        personal_data=personal_data,
        split_by_year=split_by_year,
        max_releases=max_releases,
        store=(str(default_store_path(out_dir)) if store == "" else store),
        store_wait=store_wait,
        full=full,
        spreadsheets=spreadsheets,
    )
    progress = _Progress(quiet)
    try:
        result = publish(inputs, metadata, options, progress=progress)
    finally:
        progress.close()
    click.echo(_summary(result, out_dir), err=not result.published)
    if not metadata.uri:
        warn(
            "publish",
            "no --uri given: the packages' uris are urn:ocds-regency: placeholders; give the address "
            "where DIR will be served",
        )
    if metadata.publisher is None or not metadata.publisher.name:
        warn("publish", "no --publisher-name given: the packages' publisher has no name")
    ctx.exit(result.exit_code)
