#!/usr/bin/env python3
"""Write docs/cli.md, the command-line reference, from the click commands themselves.

    python scripts/cli_docs.py            # rewrite docs/cli.md
    python scripts/cli_docs.py --check    # exit 1 if docs/cli.md is stale (a test runs this)

Every command registered in ``ocds_regency.cli.COMMANDS`` gets a section: its usage line, its help text,
its arguments and a table of its options (names, value, default, help), in the order ``--help`` shows.
"""

from __future__ import annotations

import argparse
import inspect
import sys
from pathlib import Path

import click

from ocds_regency.cli import COMMANDS, app

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "cli.md"

INTRO = """\
# Command-line reference

`ocds-regency` is a thin shell over the library: each command calls one library function, prints a short
summary and chooses the exit status. Library errors (unreadable input, a bad option value) are printed as
one line on standard error, never as a traceback; `--debug` shows the traceback.

```text
ocds-regency [--version] [--debug] COMMAND [OPTIONS] [ARGS]...
```

| global option | meaning |
| --- | --- |
| `-V`, `--version` | print the version and exit |
| `--debug` | show a full traceback when something fails |
| `-h`, `--help` | help for `ocds-regency` or for a command |

Exit statuses follow one convention across commands: **0** success, **1** the data has blocking
problems (invalid, or not published), **2** unusable input or options, **3** an internal error (a bug:
please report it with the `--debug` output).

The commands share one vocabulary: `-o/--output` for what a command writes (`publish` also takes its
older `--out`), `--prefix` (checked before any work: `ocds-` and six lowercase letters or digits),
`--publisher-name` and the other `--publisher-*` options, `--uri`, `--lang` (default `id` everywhere),
`--timezone` (an IANA name such as `Asia/Jakarta`, `Asia/Makassar` or `Asia/Jayapura`, an offset such as
`+08:00`, or WIB/WITA/WIT) and `-q/--quiet`. Every command reads what the others write (JSON Lines, JSON
arrays, concatenated JSON, release and record packages), from files or `-` for standard input.

On a terminal, `convert`, `validate` (of several files), `compile` and `publish` draw a progress bar on
standard error, with the count, the rate and (when the total is known) the time left; nothing is drawn
when standard error is not a terminal, or with `--quiet`.

## Shell completion

Completion of commands, options and choices comes with the command. Add one line to your shell's start-up
file:

```sh
eval "$(_OCDS_REGENCY_COMPLETE=bash_source ocds-regency)"      # ~/.bashrc
eval "$(_OCDS_REGENCY_COMPLETE=zsh_source ocds-regency)"       # ~/.zshrc
_OCDS_REGENCY_COMPLETE=fish_source ocds-regency | source       # ~/.config/fish/completions/ocds-regency.fish
```

This page is generated from the commands by `scripts/cli_docs.py`; do not edit it by hand.
"""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _value(param: click.Option, ctx: click.Context) -> str:
    if param.is_flag:
        return ""
    if isinstance(param.type, click.Choice):
        return " \\| ".join(f"`{c}`" for c in param.type.choices)
    metavar = param.metavar or param.type.get_metavar(param, ctx) or param.type.name.upper()
    return f"`{metavar}`"


def _unset(value: object) -> bool:
    return value is None or value in ("", ()) or type(value).__name__ == "Sentinel"


def _default(param: click.Option) -> str:
    if param.is_flag and param.secondary_opts:
        if _unset(param.default):
            return ""
        return f"`{param.opts[0] if param.default else param.secondary_opts[0]}`"
    if param.is_flag or _unset(param.default) or (param.multiple and not param.default):
        return ""
    return f"`{param.default}`"


def command_section(name: str, command: click.Command) -> str:
    """The Markdown section of one command."""
    ctx = click.Context(command, info_name=f"ocds-regency {name}")
    lines = [f"## `{name}`", ""]
    usage = " ".join(command.collect_usage_pieces(ctx))
    lines += ["```text", f"ocds-regency {name} {usage}", "```", ""]
    help_text = inspect.cleandoc(click.unstyle(command.help or ""))
    for paragraph in help_text.split("\n\n"):
        lines += [" ".join(paragraph.split()), ""]
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    if arguments:
        lines.append(
            "Arguments: "
            + ", ".join(f"`{a.human_readable_name}`" + (" (one or more)" if a.nargs == -1 else "") for a in arguments)
            + "."
        )
        lines.append("")
    options = [p for p in command.params if isinstance(p, click.Option) and not p.hidden]
    if options:
        lines += ["| option | value | default | meaning |", "| --- | --- | --- | --- |"]
        for option in options:
            names = ", ".join(f"`{o}`" for o in [*option.opts, *option.secondary_opts])
            extra = " (required)" if option.required else ""
            extra += " (repeatable)" if option.multiple and "repeatable" not in (option.help or "").lower() else ""
            lines.append(
                f"| {names} | {_value(option, ctx)} | {_default(option)} | {_cell(option.help or '')}{extra} |"
            )
        lines.append("")
    return "\n".join(lines)


def render() -> str:
    """The whole page."""
    sections = [INTRO]
    ctx = click.Context(app)
    for name in COMMANDS:
        command = app.get_command(ctx, name)  # commands are loaded lazily
        if command is None:
            raise SystemExit(f"command {name!r} is listed in COMMANDS but can't be loaded")
        sections.append(command_section(command.name or name, command))
    return "\n".join(sections).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write docs/cli.md from the click commands.")
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/cli.md is stale")
    parser.add_argument("-o", "--output", type=Path, default=TARGET)
    args = parser.parse_args(argv)
    page = render()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != page:
            print(f"{args.output} is stale: run python scripts/cli_docs.py", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(page, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
