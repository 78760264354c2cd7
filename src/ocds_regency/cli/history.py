"""``ocds-regency history``: a contracting process's releases over time, from a release store."""

from __future__ import annotations

import click

from ocds_regency.cli._options import output_option
from ocds_regency.store import ReleaseStore, StoreError
from ocds_regency.write import dumps, open_output

__all__ = ["command"]


@click.command("history", short_help="Print a process's releases over time from a release store.")
@click.argument("ocid")
@click.option(
    "--store",
    required=True,
    metavar="FILE.sqlite|postgresql://…",
    help="The release store that publish --store keeps (e.g. DIR.store.sqlite beside the publication).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one object per release) instead of text.")
@output_option()
@click.pass_context
def command(ctx: click.Context, ocid: str, store: str, as_json: bool, output: str | None) -> None:
    """Print the releases of the contracting process OCID over time: date, tags and what changed.

    Exit status: 0 found, 2 no such process or an unusable store.
    """
    with ReleaseStore.open(store, readonly=True) as opened:
        history = opened.history(ocid)
        runs = opened.run_times()
    if not history:
        raise StoreError(f"no process {ocid} in the store", location=opened.location)
    lines: list[str] = []
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
            lines.append(dumps(entry).decode())
    else:
        lines.append(f"{ocid}: {len(history)} release(s)")
        for release in history:
            seen = runs.get(release.run_id, "?")
            lines.append(f"{release.date}  {'+'.join(release.tags):<28} {release.release_id}")
            if not release.changes:
                lines.append(f"    first published (seen {seen})")
            else:
                lines.append(f"    changed (seen {seen}):")
                lines.extend(f"      {line}" for line in release.changes)
    with open_output(output) as stream:
        stream.write(("\n".join(lines) + "\n").encode("utf-8"))
    ctx.exit(0)
