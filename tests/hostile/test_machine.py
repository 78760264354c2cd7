"""Disk full, closed or broken standard output, unwritable targets: one line naming the output, exit 2.

Every command is tried; no temporary file may be left behind, and a device given as ``-o`` is written
to, never replaced by a regular file (``/dev/full`` once was, when the process ran as root).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from ocds_regency.write import OutputError, open_output
from tests.hostile.conftest import PREFIX, SAMPLE, run_cli

DEV_FULL = Path("/dev/full")
needs_dev_full = pytest.mark.skipif(
    not DEV_FULL.exists() or not stat.S_ISCHR(DEV_FULL.stat().st_mode), reason="no /dev/full on this system"
)


def _commands(releases: Path, package: Path) -> dict[str, list[str]]:
    return {
        "convert": ["convert", str(SAMPLE), "--prefix", PREFIX],
        "compile": ["compile", str(releases)],
        "validate": ["validate", str(package), "--format", "json"],
        "compile --package": ["compile", str(releases), "--package"],
        "flags": ["flags", str(releases)],
        "flatten": ["flatten", str(releases)],  # -o only: a spreadsheet is never written to standard output
        "combine-release-packages": ["combine-release-packages", str(package)],
        "split-release-packages": ["split-release-packages", "10", str(package)],
        "detect-format": ["detect-format", str(package)],
        "upgrade": ["upgrade", "1.0:1.1", str(package)],
    }


#: Every command that writes a file given with -o, and those of them that write to standard output.
WRITERS = list(_commands(Path(), Path()))
TO_STDOUT = [name for name in WRITERS if name != "flatten"]


def _one_line(err: bytes) -> str:
    text = err.decode()
    lines = [line for line in text.splitlines() if line.startswith("ocds-regency: ")]
    assert "Traceback" not in text and "internal error" not in text, text
    assert len(lines) == 1, text
    return lines[0]


@needs_dev_full
@pytest.mark.parametrize("name", WRITERS)
def test_output_to_dev_full_is_one_line_and_exit_2(name: str, releases_file: Path, package_file: Path) -> None:
    before = DEV_FULL.stat()
    result = run_cli(*_commands(releases_file, package_file)[name], "-o", str(DEV_FULL))
    assert result.returncode == 2
    assert "/dev/full" in _one_line(result.stderr)
    after = DEV_FULL.stat()
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev  # still the device
    assert not [p for p in Path("/dev").iterdir() if p.name.startswith(".full.")]


@needs_dev_full
@pytest.mark.parametrize("name", TO_STDOUT)
def test_stdout_on_a_full_device(name: str, releases_file: Path, package_file: Path) -> None:
    with DEV_FULL.open("wb") as full:
        result = run_cli(*_commands(releases_file, package_file)[name], stdout=full)
    assert result.returncode == 2
    assert "<stdout>" in _one_line(result.stderr)


@pytest.mark.parametrize("name", TO_STDOUT)
@pytest.mark.parametrize("when", ["at start", "while running"])
def test_closed_stdout(name: str, when: str, releases_file: Path, package_file: Path) -> None:
    args = _commands(releases_file, package_file)[name]
    if when == "at start":  # the interpreter starts without a standard output (sys.stdout is None)
        command = [sys.executable, "-m", "ocds_regency", *args]
        result = subprocess.run(command, stderr=subprocess.PIPE, pass_fds=(), preexec_fn=lambda: os.close(1),
                                timeout=300, check=False)  # fmt: skip
    else:  # closed after start-up: writes fail with EBADF
        script = "import os, runpy, sys; os.close(1); sys.argv[0] = 'ocds-regency'; runpy.run_module('ocds_regency')"
        command = [sys.executable, "-c", script, *args]
        result = subprocess.run(command, stderr=subprocess.PIPE, timeout=300, check=False)
    assert result.returncode == 2
    assert "<stdout>: can't write: standard output is closed" in _one_line(result.stderr)


@pytest.mark.parametrize("name", ["convert", "compile"])
def test_broken_pipe(name: str, releases_file: Path, package_file: Path) -> None:
    args = _commands(releases_file, package_file)[name]
    child = subprocess.Popen(
        [sys.executable, "-m", "ocds_regency", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.read(1)
    child.stdout.close()  # the reader goes away, like `| head -c1`
    err = child.stderr.read()
    child.stderr.close()
    assert child.wait(timeout=300) == 2
    assert "Broken pipe" in _one_line(err)


@pytest.mark.parametrize("name", WRITERS)
def test_output_in_a_missing_or_unusable_directory(
    name: str, releases_file: Path, package_file: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    target = blocker / "out.json"
    result = run_cli(*_commands(releases_file, package_file)[name], "-o", str(target))
    assert result.returncode == 2
    assert str(target) in _one_line(result.stderr)


def test_convert_report_to_unusable_path_leaves_no_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "releases.jsonl"
    (tmp_path / "a-file").write_text("")
    result = run_cli("convert", str(SAMPLE), "--prefix", PREFIX, "-o", str(out), "--report", str(tmp_path / "a-file/r"))
    assert result.returncode == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "releases.jsonl"]


def test_publish_into_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "not-a-directory"
    target.write_text("keep me")
    result = run_cli("publish", str(SAMPLE), "--prefix", PREFIX, "--out", str(target))
    assert result.returncode == 2
    err = result.stderr.decode()
    assert str(target) in err and "Traceback" not in err
    assert target.read_text() == "keep me"


def test_a_pipe_given_as_output_is_written_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    with open_output(fifo) as out:
        out.write(b"through the pipe")
    assert reader.communicate(timeout=30)[0] == b"through the pipe"
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_open_output_failure_removes_the_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    target.write_bytes(b"old")

    def fail() -> None:
        with open_output(target) as out:
            out.write(b"new")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail()
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


@needs_dev_full
def test_open_output_write_error_is_an_output_error_naming_the_file() -> None:
    with pytest.raises(OutputError, match="/dev/full: can't write: No space left"), open_output(DEV_FULL) as out:
        out.write(b"x" * (2 << 20))


def test_open_output_follows_a_link_to_a_file_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_bytes(b"old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    with open_output(link) as out:
        out.write(b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_open_output_respects_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    with open_output(target) as out:
        out.write(b"{}")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


@pytest.mark.parametrize("name", ["compile", "validate"])
def test_closed_stdin(name: str) -> None:
    command = [sys.executable, "-m", "ocds_regency", name, "-"]
    result = subprocess.run(command, capture_output=True, preexec_fn=lambda: os.close(0), timeout=300, check=False)
    assert result.returncode == (1 if name == "compile" else 2)  # compile reports unreadable input as a problem
    assert "<stdin>: standard input is closed" in _one_line(result.stderr)
