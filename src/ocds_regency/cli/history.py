"""``ocds-regency history``: a contracting process's releases over time, from a release store."""

from __future__ import annotations

import click

from ocds_regency.store import ReleaseStore, StoreError
from ocds_regency.write import dumps

__all__ = ["command"]


@click.command("history")
@click.argument("ocid")
@click.option(
    "--store",
    required=True,
    metavar="FILE.sqlite|postgresql://…",
    help="The release store that publish --store keeps (e.g. DIR.store.sqlite beside the publication).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one object per release) instead of text.")
@click.pass_context
def command(ctx: click.Context, ocid: str, store: str, as_json: bool) -> None:
    """Print the releases of the contracting process OCID over time: date, tags and what changed.

    Exit status: 0 found, 2 no such process or an unusable store.
    """
    with ReleaseStore.open(store, readonly=True) as opened:
        history = opened.history(ocid)
        runs = opened.run_times()
    if not history:
        raise StoreError(f"no process {ocid} in the store", location=opened.location)
    if as_json:
        for release in history:
            entry = {
                "id": release.release_id,
                "date": release.date,
                "tag": list(release.tags),
                "stage": release.stage,
                "seen": runs.get(release.run_id),
                "changes": list(release.changes),
            }
            click.echo(dumps(entry).decode())
        return
    click.echo(f"{ocid}: {len(history)} release(s)")
    for release in history:
        seen = runs.get(release.run_id, "?")
        click.echo(f"{release.date}  {'+'.join(release.tags):<28} {release.release_id}")
        if not release.changes:
            click.echo(f"    first published (seen {seen})")
        else:
            click.echo(f"    changed (seen {seen}):")
            for line in release.changes:
                click.echo(f"      {line}")
    ctx.exit(0)
