"""A publication killed half-way leaves the output directory as it was (or, after the swap, complete)."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ocds_regency.package import PackageMetadata, Publisher
from ocds_regency.pipeline import PublishOptions, publish, recover
from tests.publish.conftest import DATE, PREFIX, SAMPLE

# Runs publish() in a child process with one function patched to signal the parent and hang at a chosen
# moment; the parent then kills the child with SIGKILL (no cleanup handler can run).
CHILD = (
    textwrap.dedent(
        """
    import os, sys, time
    from pathlib import Path
    import ocds_regency.pipeline as pipeline
    from ocds_regency.package import PackageMetadata, Publisher

    marker, out, sample, moment = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]

    def hang():
        marker.write_text(str(os.getpid()))
        time.sleep(120)

    if moment == "validate":            # every package is written (and checked) in the temporary directory
        real_validate = pipeline._validate
        def validate(*args, **kwargs):
            hang()
            return real_validate(*args, **kwargs)
        pipeline._validate = validate
    elif moment == "swap":              # no atomic exchange: the old directory is moved aside first
        pipeline._exchange = lambda a, b: False
        real_rename = os.rename
        def rename(src, dst):
            real_rename(src, dst)
            if ".old-" in os.fspath(dst):
                hang()
        pipeline.os.rename = rename
    metadata = PackageMetadata(publisher=Publisher("Second run"), published_date=DATE)
    pipeline.publish([sample], metadata, pipeline.PublishOptions(prefix=PREFIX, out_dir=out))
    """
    )
    .replace("PREFIX", repr(PREFIX))
    .replace("DATE", repr(DATE))
)


def _digest(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())}


def _kill_at(moment: str, out: Path, tmp_path: Path) -> None:
    marker = tmp_path / f"marker-{moment}"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(marker), str(out), str(SAMPLE), moment],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            if child.poll() is not None:
                pytest.fail(f"child ended before the {moment} point: {child.stderr.read().decode()}")  # type: ignore[union-attr]
            if time.monotonic() > deadline:
                pytest.fail(f"child never reached the {moment} point")
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        assert child.stdout is not None and child.stderr is not None
        child.stdout.close()
        child.stderr.close()


@pytest.fixture
def previous(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    out = tmp_path / "out"
    publish(
        [SAMPLE],
        PackageMetadata(publisher=Publisher("First run"), published_date=DATE),
        PublishOptions(prefix=PREFIX, out_dir=out),
    )
    return out, _digest(out)


def test_killed_before_the_swap_leaves_the_directory_as_it_was(
    previous: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    out, before = previous
    _kill_at("validate", out, tmp_path)
    assert _digest(out) == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.publish-")]
    assert len(leftovers) == 1  # the killed run's temporary directory, with its packages
    assert (tmp_path / leftovers[0] / "record-package.json").exists()
    # the next run cleans up and publishes
    result = publish(
        [SAMPLE],
        PackageMetadata(publisher=Publisher("Third run"), published_date=DATE),
        PublishOptions(prefix=PREFIX, out_dir=out),
    )
    assert result.published
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]
    assert b"Third run" in (out / "release-package.json").read_bytes()


def test_killed_in_the_middle_of_a_non_atomic_swap_is_recovered(
    previous: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    out, before = previous
    _kill_at("swap", out, tmp_path)
    assert not out.exists()  # killed between the two renames
    recover(out)
    assert _digest(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def test_an_atomic_swap_replaces_the_whole_directory(previous: tuple[Path, dict[str, str]]) -> None:
    out, before = previous
    (out / "release-package-2019.json").write_text("{}")  # from an earlier split by year: must not survive
    result = publish(
        [SAMPLE],
        PackageMetadata(publisher=Publisher("Second run"), published_date=DATE),
        PublishOptions(prefix=PREFIX, out_dir=out),
    )
    assert result.published
    after = _digest(out)
    assert "release-package-2019.json" not in after
    assert after.keys() == before.keys()
    assert after["release-package.json"] != before["release-package.json"]
    assert [p.name for p in out.parent.iterdir() if p.name != "out"] == []
