"""The ``ocds-regency`` command: a thin shell over the library.

Each subcommand lives in its own module of this package and exposes a :class:`click.Command` named
``command``; :data:`COMMANDS` lists them. Library exceptions become one line on standard error and an exit
status, never a traceback (``--debug`` shows the traceback).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

import click

from ocds_regency import __version__
from ocds_regency.errors import OcdsRegencyError

__all__ = ["COMMANDS", "app", "main"]

#: Subcommand modules, in the order ``--help`` lists them.
COMMANDS: tuple[str, ...] = ("validate", "convert", "compile", "publish")

#: Exit status for unusable input or a library error the command did not handle itself.
EXIT_UNUSABLE = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="ocds-regency")
@click.option("--debug", is_flag=True, help="Show a full traceback when something fails.")
@click.pass_context
def app(ctx: click.Context, debug: bool) -> None:
    """Publish and check Indonesian public-procurement data (SiRUP, SPSE/LPSE, e-Katalog) as OCDS 1.1.5."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


for _name in COMMANDS:
    app.add_command(importlib.import_module(f"ocds_regency.cli.{_name}").command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        status = app.main(args=args, prog_name="ocds-regency", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except BrokenPipeError:
        return 0
    except OcdsRegencyError as exc:
        if debug:
            raise
        click.echo(f"ocds-regency: error: {exc}", err=True)
        return EXIT_UNUSABLE
    except Exception as exc:
        if debug:
            raise
        click.echo(
            f"ocds-regency: internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)",
            err=True,
        )
        return 3
    # Without standalone mode, click returns the code of ``ctx.exit(code)`` instead of raising.
    return status if isinstance(status, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
