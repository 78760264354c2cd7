"""``ocds-regency publish``: from ISB datasets to validated OCDS packages and a readable report, atomically."""

from __future__ import annotations

import sys
import time

import click

from ocds_regency.mapping import PERSONAL_DATA_CATEGORIES
from ocds_regency.pipeline import DEFAULT_MAX_RELEASES, PublishResult, publish
from ocds_regency.reporting import Lang

__all__ = ["command"]


class _Progress:
    """A one-line progress display on standard error, only when it is a terminal."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self._last = 0.0

    def __call__(self, stage: str, count: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1:
            return
        self._last = now
        what = {"convert": "converting and compiling: {n} releases", "validate": "validating: {n} packages done"}
        click.echo("\r\x1b[K" + what.get(stage, stage + ": {n}").format(n=f"{count:,}"), err=True, nl=False)

    def done(self) -> None:
        if self.enabled:
            click.echo("\r\x1b[K", err=True, nl=False)


def _summary(result: PublishResult, out_dir: str) -> str:
    report = result.report
    totals = report.totals
    severities = report.validation.severities
    figures = report.figures
    lines = [
        f"{totals['read']:,} rows read: {totals['used']:,} used, {totals['rejected']:,} rejected, "
        f"{totals['duplicate']:,} duplicate",
        f"{figures.processes:,} contracting processes, {figures.releases:,} releases",
        f"validation: {severities.get('error', 0):,} errors, {severities.get('warning', 0):,} warnings, "
        f"{severities.get('information', 0):,} information",
    ]
    if result.published:
        lines.append(f"published in {out_dir.rstrip('/')}/: " + ", ".join(p.name for p in result.files))
    else:
        lines.append(f"NOT published ({'; '.join(report.blocking)}); {out_dir} is unchanged.")
        lines.append(f"outputs and report for inspection in {result.location}/ (see report.html)")
    return "\n".join(lines)


@click.command("publish")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, readable=True))
@click.option("--prefix", required=True, metavar="ocds-xxxxxx", help="The publisher's registered ocid prefix.")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="Output directory; replaced as a whole, atomically (must be empty, missing, or an earlier publication).",
)
@click.option("--publisher-name", default="", help="Publisher name, e.g. 'Pemerintah Kabupaten Contoh'.")
@click.option("--publisher-uri", help="Publisher web address.")
@click.option("--publisher-scheme", help="Publisher identifier scheme (org-id.guide list code).")
@click.option("--publisher-uid", help="Publisher identifier in that scheme.")
@click.option("--uri", help="Public base URL where DIR will be served (package URIs and record links use it).")
@click.option("--published-date", help="publishedDate of the packages (RFC 3339); default: now.")
@click.option("--license", "license_url", help="Data licence URL to write in the packages.")
@click.option("--publication-policy", help="Publication policy URL to write in the packages.")
@click.option(
    "--timezone",
    default="+07:00",
    show_default=True,
    metavar="OFFSET",
    help="UTC offset (or WIB/WITA/WIT) of the local times in the data.",
)
@click.option(
    "--lang", type=click.Choice(["id", "en"]), default="id", show_default=True, help="Language of report.html."
)
@click.option("--versioned", is_flag=True, help="Also embed versioned releases in the records.")
@click.option(
    "--personal-data",
    "personal_data",
    multiple=True,
    type=click.Choice([*PERSONAL_DATA_CATEGORIES, "all"]),
    help="Publish a personal-data category that is withheld by default. Repeatable.",
)
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
@click.pass_context
def command(
    ctx: click.Context,
    inputs: tuple[str, ...],
    prefix: str,
    out_dir: str,
    publisher_name: str,
    publisher_uri: str | None,
    publisher_scheme: str | None,
    publisher_uid: str | None,
    uri: str | None,
    published_date: str | None,
    license_url: str | None,
    publication_policy: str | None,
    timezone: str,
    lang: Lang,
    versioned: bool,
    personal_data: tuple[str, ...],
    split_by_year: bool,
    max_releases: int,
) -> None:
    """Convert, validate and publish ISB datasets (files or directories) as OCDS into DIR.

    Writes release-package.json (one per year when the data spans several), record-package.json,
    releases.jsonl, report.json and report.html (Bahasa Indonesia by default). Nothing is published
    when validation finds errors: DIR is left as it was and the outputs go to DIR.failed/ for inspection.

    Exit status: 0 published, 1 blocking errors (nothing published), 2 unusable input.
    """
    progress = _Progress()
    try:
        result = publish(
            inputs,
            prefix=prefix,
            out_dir=out_dir,
            publisher_name=publisher_name,
            publisher_uri=publisher_uri,
            publisher_scheme=publisher_scheme,
            publisher_uid=publisher_uid,
            uri=uri,
            published_date=published_date,
            license_url=license_url,
            publication_policy=publication_policy,
            timezone=timezone,
            lang=lang,
            versioned=versioned,
            personal_data=personal_data,
            split_by_year=split_by_year,
            max_releases=max_releases,
            progress=progress,
        )
    finally:
        progress.done()
    click.echo(_summary(result, out_dir), err=not result.published)
    ctx.exit(result.exit_code)
