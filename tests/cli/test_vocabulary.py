"""One command-line vocabulary: shared options spelled the same everywhere, help that isn't cut, commands in
the order of the work, time zones by name, and progress bars only on a terminal."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from tests.conftest import ISB_SAMPLES

from ocds_regency.cli import COMMANDS, app, main
from ocds_regency.cli import _options as options
from ocds_regency.cli._progress import progress_bar

PREFIX = "ocds-a1b2c3"


def _command(name: str) -> click.Command:
    command = app.get_command(click.Context(app), name)
    assert command is not None
    return command


def _option(command: click.Command, flag: str) -> click.Option | None:
    for param in command.params:
        if isinstance(param, click.Option) and flag in param.opts + param.secondary_opts:
            return param
    return None


def test_commands_are_listed_in_the_order_of_the_work() -> None:
    assert COMMANDS[:7] == ("fetch", "convert", "validate", "compile", "publish", "flags", "history")
    # then the tools around a publication: spreadsheets, and ocdskit's package tools
    assert COMMANDS[7:] == (
        "flatten",
        "package-releases",
        "combine-release-packages",
        "combine-record-packages",
        "split-release-packages",
        "split-record-packages",
        "detect-format",
        "upgrade",
    )
    result = CliRunner().invoke(app, ["--help"], terminal_width=200)
    listed = [line.split()[0] for line in result.output.split("Commands:")[1].splitlines() if line.strip()]
    assert listed == list(COMMANDS)


def test_command_summaries_are_not_cut() -> None:
    result = CliRunner().invoke(app, ["--help"], terminal_width=200)
    for name in COMMANDS:
        summary = _command(name).short_help
        assert summary, name
        assert summary in result.output
    assert "..." not in result.output.split("Commands:")[1]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_writes_with_dash_o(name: str) -> None:
    option = _option(_command(name), "-o")
    assert option is not None and "--output" in option.opts


def test_publish_keeps_out_as_an_alias() -> None:
    option = _option(_command("publish"), "--out")
    assert option is not None and {"-o", "--output", "--out"} <= set(option.opts)


@pytest.mark.parametrize("flag", ["--publisher-name", "--uri", "--quiet"])
def test_shared_options_mean_the_same_everywhere(flag: str) -> None:
    having = [name for name in ("convert", "compile", "publish") if _option(_command(name), flag) is not None]
    assert having == ["convert", "compile", "publish"]


def test_one_lang_default() -> None:
    defaults = {name: _option(_command(name), "--lang").default for name in ("validate", "publish", "flags")}  # type: ignore[union-attr]
    assert set(defaults.values()) == {options.DEFAULT_LANG}


def test_the_old_publisher_option_is_gone() -> None:
    assert _option(_command("convert"), "--publisher") is None


@pytest.mark.parametrize(
    ("zone", "offset"),
    [("Asia/Jakarta", "+07:00"), ("Asia/Makassar", "+08:00"), ("Asia/Jayapura", "+09:00"), ("WITA", "WITA")],
)
def test_timezone_names(zone: str, offset: str) -> None:
    assert options.parse_timezone(zone) == offset


def test_a_named_zone_converts_like_its_offset(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    sample = str(ISB_SAMPLES / "SPSE-TenderPengumuman.json")
    outputs = []
    for zone in ("Asia/Makassar", "+08:00", "WITA"):
        assert main(["convert", sample, "--prefix", PREFIX, "--timezone", zone, "-q"]) == 0
        outputs.append(capsysbinary.readouterr().out)
    assert outputs[0] == outputs[1] == outputs[2]
    assert main(["convert", sample, "--prefix", PREFIX, "-q"]) == 0
    assert capsysbinary.readouterr().out != outputs[0]  # the default is Asia/Jakarta (WIB)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress_bar(40, "validating", unit="release") as advance:
        for _ in range(40):
            advance(1)
    shown = terminal.getvalue()
    assert "validating" in shown
    assert "40/40" in shown  # the total
    assert "releases/s" in shown  # the rate
    assert ":" in shown.split("releases/s")[-1]  # the time left (h:mm:ss)


def test_no_progress_bar_when_quiet_or_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress_bar(40, "validating", unit="release", quiet=True) as advance:
        advance(40)
    assert terminal.getvalue() == ""
    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stderr", pipe)
    with progress_bar(40, "validating", unit="release") as advance:
        advance(40)
    assert pipe.getvalue() == ""


def test_commands_draw_progress_on_a_terminal_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = str(ISB_SAMPLES / "SPSE-TenderPengumuman.json")
    out = tmp_path / "r.jsonl"
    assert main(["convert", sample, "--prefix", PREFIX, "-o", str(out), "-q"]) == 0
    assert capsys.readouterr().err == ""  # --quiet: no summary either
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["compile", str(out), "-o", str(tmp_path / "c.jsonl")]) == 0
    assert "compiling" in terminal.getvalue() and "records/s" in terminal.getvalue()


def test_validate_draws_progress_with_a_total(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    sample = str(ISB_SAMPLES / "SPSE-TenderPengumuman.json")
    assert main(["convert", sample, "--prefix", PREFIX, "-q"]) == 0
    lines = capsysbinary.readouterr().out.splitlines() * 60  # 300 releases: several progress calls
    data = tmp_path / "r.jsonl"
    data.write_bytes(b"\n".join(lines) + b"\n")
    calls: list[tuple[int, int | None]] = []
    from ocds_regency import validate

    validate(data, progress=lambda done, total: calls.append((done, total)), quality=False)
    assert calls[-1] == (300, 300)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    main(["validate", str(data), "--no-quality", "-o", str(tmp_path / "report.txt")])
    assert "300/300" in terminal.getvalue() and "items/s" in terminal.getvalue()


def test_progress_units_are_plural(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress_bar(3, "converting", unit="process") as advance:
        advance(3)
    assert "processes" in terminal.getvalue() and "processs" not in terminal.getvalue()
