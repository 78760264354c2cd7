"""``ocds-regency flags``: red-flag indicators on any OCDS data, Cardinal's and the Indonesian ones.

Exit status: 0 when every input was read, 1 when some release or process had a problem (each reported on
one line; the flags of the rest are still written), 2 when nothing could be done.
"""

from __future__ import annotations

import io

import click

from ocds_regency.cli._options import lang_option, output_option, quiet_option
from ocds_regency.errors import OcdsRegencyError
from ocds_regency.flags import FlagsRunner, Settings, cardinal_profile, indonesia_profile
from ocds_regency.flags.read import compiled_releases
from ocds_regency.flags.render import render_page
from ocds_regency.write import dumps, open_output

__all__ = ["command"]


@click.command("flags", short_help="Red flags on OCDS data: processes worth a second look.")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "csv", "html", "cardinal"]),
    default="json",
    show_default=True,
    help="json: flags with evidence and coverage; csv: one flag per line; html: a page; cardinal: Cardinal's "
    'output shape ({"OCID": {ocid: {"R018": 1.0}}, ...}).',
)
@lang_option(help="Language of the html page.")
@click.option(
    "--profile",
    type=click.Choice(["indonesia", "cardinal"]),
    default="indonesia",
    show_default=True,
    help="indonesia: Cardinal's indicators with Indonesian defaults plus the Indonesian ones; cardinal: "
    "Cardinal's 11 indicators with its defaults.",
)
@click.option(
    "--settings",
    "settings_file",
    type=click.Path(dir_okay=False, exists=True),
    help="A Cardinal-style settings file (INI) applied on top of the profile.",
)
@click.option("--no-meta", is_flag=True, help="With --format cardinal: leave out the Meta key (quartiles, fences).")
@output_option()
@quiet_option()
@click.option(
    "--scheduler",
    metavar="ADDRESS|local:N",
    help="Run on Dask (the dask extra): a running scheduler's address, or local:N worker processes. FILES (paths "
    "or fsspec URLs) must then hold compiled releases, e.g. convert --scheduler's record packages.",
)
@click.pass_context
def command(
    ctx: click.Context,
    files: tuple[str, ...],
    output_format: str,
    lang: str,
    profile: str,
    settings_file: str | None,
    no_meta: bool,
    output: str | None,
    quiet: bool,
    scheduler: str | None,
) -> None:
    """Compute red flags on the OCDS data in FILES (or standard input): processes worth a second look.

    FILES may hold compiled releases (one per line, as Cardinal reads them), record packages with compiled
    releases, or anything `compile` reads (release packages, releases, JSON Lines): releases are merged first.

    Exit status: 0 all read, 1 some release could not be merged (reported; the rest is assessed), 2 unusable
    input or settings.
    """
    base = indonesia_profile() if profile == "indonesia" else cardinal_profile()
    settings = Settings.from_ini(settings_file, base=base) if settings_file else base
    problems = 0

    def on_error(error: OcdsRegencyError) -> None:
        nonlocal problems
        problems += 1
        click.echo(f"ocds-regency: error: {error}", err=True)

    if scheduler is not None:
        if not files or "-" in files:
            raise click.UsageError("--scheduler reads files of compiled releases: give them (not standard input)")
        from ocds_regency.dask import compute_flags, connect  # the dask extra, only when asked for

        with connect(scheduler) as client:
            result = compute_flags(files, client=client, settings=settings)
        for problem in result.problems:
            on_error(OcdsRegencyError(problem))
        report = result.report
    else:
        runner = FlagsRunner(settings)
        for release in compiled_releases(files or ("-",), on_error=on_error):
            runner.add(release)
        report = runner.finish()
    with open_output(output) as out:
        if output_format == "cardinal":
            out.write(dumps(report.cardinal(meta=not no_meta)) + b"\n")
        elif output_format == "json":
            report.write_json(out)
        elif output_format == "csv":
            text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
            report.write_csv(text)
            text.detach()
        else:
            out.write(render_page(report, "en" if lang == "en" else "id").encode())
    if not quiet:
        click.echo(f"{report.processes:,} contracting processes, {len(report.flags):,} flags", err=True)
    if problems:
        ctx.exit(1)
