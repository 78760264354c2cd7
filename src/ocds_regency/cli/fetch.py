"""``ocds-regency fetch``: download a regency's ISB datasets into a folder that ``publish`` reads as is."""

from __future__ import annotations

import click

from ocds_regency.cli._options import output_dir_option, quiet_option
from ocds_regency.cli._progress import progress_bar
from ocds_regency.fetch import DatasetOutcome, FetchResult, fetch, load_config

__all__ = ["command"]


def _line(outcome: DatasetOutcome) -> str:
    if outcome.status == "failed":
        return f"{outcome.name}: FAILED: {outcome.message}"
    rows = f"{outcome.rows:,} rows" if outcome.rows is not None else "? rows"
    size = f"{(outcome.bytes or 0) / 1e6:,.1f} MB"
    return f"{outcome.name}: {outcome.status}, {rows}, {size}"


def _summary(result: FetchResult, out_dir: str) -> str:
    counts = {
        status: sum(d.status == status for d in result.datasets)
        for status in ("downloaded", "not-modified", "resumed", "failed")
    }
    head = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
    return f"{len(result.datasets)} datasets in {out_dir.rstrip('/')}/: {head}; manifest: {result.manifest.name}"


@click.command("fetch", short_help="Download the ISB datasets of a regency into a folder publish reads.")
@click.option(
    "--config",
    "config_path",
    required=True,
    type=click.Path(dir_okay=False),
    metavar="FILE.toml",
    help="What to download: year, kd_klpd / kd_lpse and the datasets with their ISB ids.",
)
@output_dir_option(help="the datasets, with manifest.json (give it to publish as is).")
@click.option("--fresh", is_flag=True, help="Don't resume an interrupted run: ask for every dataset again.")
@quiet_option()
@click.pass_context
def command(ctx: click.Context, config_path: str, out_dir: str, fresh: bool, quiet: bool) -> None:
    """Download the ISB datasets named in FILE.toml into DIR, checking each is really the dataset.

    Access codes come from the environment (OCDS_REGENCY_ISB_KEY_<DATASET>, or OCDS_REGENCY_ISB_KEY for
    all) or from the keys_file of the configuration (readable by its owner only); they are never shown.
    A dataset that can't be fetched keeps its previous copy. Conditional requests skip unchanged
    datasets, and an interrupted run is resumed.

    Exit status: 0 every dataset current, 1 some failed (previous copies kept), 2 unusable configuration.
    """
    config = load_config(config_path)
    with progress_bar(len(config.datasets), "fetching", unit="dataset", quiet=quiet) as advance:
        result = fetch(config, out_dir, fresh=fresh, progress=lambda *_: advance(1))
    for outcome in result.datasets:
        if outcome.status == "failed" or not quiet:
            click.echo(_line(outcome), err=outcome.status == "failed")
    if not quiet or not result.ok:
        click.echo(_summary(result, out_dir), err=not result.ok)
    ctx.exit(result.exit_code)
