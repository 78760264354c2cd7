"""The ``ocds-regency`` command: a thin shell over the library.

Each subcommand lives in its own module of this package and exposes a :class:`click.Command` named
``command``; :data:`COMMANDS` lists them (``package-releases`` lives in ``package_releases.py``). A
command's module is imported only when that command runs (or when ``--help`` lists them), so
``ocds-regency validate`` never pays for the merge or mapping imports.
Library exceptions become one line on standard error and an exit status, never a traceback (``--debug``
shows the traceback). Options that several commands take are defined once, in
:mod:`ocds_regency.cli._options`; progress bars are drawn by :mod:`ocds_regency.cli._progress`.

Shell completion comes with click: ``eval "$(_OCDS_REGENCY_COMPLETE=bash_source ocds-regency)"`` (or
``zsh_source``, ``fish_source``).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Sequence

import click

import ocds_regency
from ocds_regency.errors import OcdsRegencyError

__all__ = ["COMMANDS", "app", "main"]

#: Subcommand modules, in the order ``--help`` lists them: ``fetch`` (download the ISB datasets), then
#: the order of the work (convert ISB datasets, validate the releases, compile them into records), then
#: ``publish``, which does it all, ``flags``, which reads what was published (or any OCDS data) for
#: processes worth a second look, and ``history``, which reads what ``publish --store`` kept; then the tools
#: around a publication: spreadsheets and ocdskit's package tools.
COMMANDS: tuple[str, ...] = (
    "fetch",
    "convert",
    "validate",
    "compile",
    "publish",
    "flags",
    "history",
    "flatten",
    "package-releases",
    "combine-release-packages",
    "combine-record-packages",
    "split-release-packages",
    "split-record-packages",
    "detect-format",
    "upgrade",
)

#: Exit status for unusable input or a library error the command did not handle itself.
EXIT_UNUSABLE = 2


class _LazyGroup(click.Group):
    """A group whose subcommands are imported from their modules on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*COMMANDS, *(name for name in super().list_commands(ctx) if name not in COMMANDS)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            module = importlib.import_module(f"ocds_regency.cli.{cmd_name.replace('-', '_')}")
            self.add_command(module.command, cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=_LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "-V",
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, _param, value: _show_version(ctx, value),
    help="Show the version and exit.",
)
@click.option("--debug", is_flag=True, help="Show a full traceback when something fails.")
@click.pass_context
def app(ctx: click.Context, debug: bool) -> None:
    """Publish and check Indonesian public-procurement data (SiRUP, SPSE/LPSE, e-Katalog) as OCDS 1.1.5."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _show_version(ctx: click.Context, value: bool) -> None:
    """``--version``: the installed version is looked up only then (importlib.metadata is slow to import)."""
    if value and not ctx.resilient_parsing:
        click.echo(f"ocds-regency, version {ocds_regency.__version__}")
        ctx.exit()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        status = app.main(args=args, prog_name="ocds-regency", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except SystemExit as exc:  # a command's sys.exit(status)
        return exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except OcdsRegencyError as exc:
        if debug:
            raise
        _error(str(exc))
        return EXIT_UNUSABLE
    except OSError as exc:  # the machine, not the data: a full disk, a closed stream, a read-only directory
        if debug:
            raise
        where = f"{os.fsdecode(exc.filename)}: " if exc.filename is not None else ""
        _error(f"{where}{exc.strerror or exc}")
        return EXIT_UNUSABLE
    except (MemoryError, RecursionError) as exc:
        if debug:
            raise
        _error(f"out of resources ({type(exc).__name__}): the input is too large or too deeply nested")
        return EXIT_UNUSABLE
    except Exception as exc:
        if debug:
            raise
        _error(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)", kind="")
        return 3
    # Without standalone mode, click returns the code of ``ctx.exit(code)`` instead of raising.
    return status if isinstance(status, int) else 0


def _error(message: str, *, kind: str = "error: ") -> None:
    """One line on standard error; if standard output is broken, keep Python from complaining at exit."""
    with contextlib.suppress(OSError, ValueError):
        click.echo(f"ocds-regency: {kind}{message}", err=True)
    if sys.stdout is not None:
        try:
            sys.stdout.flush()
        except (OSError, ValueError):
            # Replace the broken stream so that the interpreter's final flush doesn't print a traceback.
            with contextlib.suppress(OSError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
