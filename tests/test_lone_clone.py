"""The suite runs from a lone clone: no ``../shared`` beside the project.

The project's files (those git tracks, plus new ones not ignored) are copied to a temporary directory with
nothing beside it; there the whole suite must collect without an error, a small but real part of it must
pass, and the tests that need ``../shared`` must be skipped (or fail under ``OCDS_REGENCY_REQUIRE_SHARED=1``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REQUIRE_SHARED, ROOT

#: Real tests that read fixtures which used to come from ../shared (ISB samples, merge conformance, standard).
SUBSET = [
    "tests/merge/test_conformance.py",
    "tests/isb/test_records.py::test_samples_detect_and_parse",
    "tests/standard/test_profile.py::test_codelists_match_the_csv_files",
    "tests/cli/test_convert.py",
    # needs ../shared (the benchmark generator): skipped here
    "tests/validate/test_generated.py::test_clean_record_package_has_no_errors",
]


def _project_files() -> list[str]:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the clone's file list is unknown")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    return [name for name in listed.decode().split("\0") if name and (ROOT / name).is_file()]


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("lone")
    target = base / "project"
    for name in _project_files():
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, destination)
    assert not (base / "shared").exists()
    return target


def _pytest(clone: Path, *args: str, require: bool = False) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != REQUIRE_SHARED}
    if require:
        env[REQUIRE_SHARED] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_the_whole_suite_collects(clone: Path) -> None:
    result = _pytest(clone, "--collect-only")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert re.search(r"^\d+ tests collected", result.stdout, re.MULTILINE), result.stdout[-1000:]
    assert "error" not in result.stdout.splitlines()[-1]


def test_a_real_subset_passes_and_shared_tests_skip(clone: Path) -> None:
    result = _pytest(clone, "-rs", *SUBSET)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    summary = result.stdout.strip().splitlines()[-1]
    passed = int(re.search(r"(\d+) passed", summary).group(1))  # type: ignore[union-attr]
    assert passed >= 50, summary
    assert "1 skipped" in summary, summary
    assert "reference data not found" in result.stdout


def test_ci_variable_makes_the_absence_a_failure(clone: Path) -> None:
    result = _pytest(clone, SUBSET[-1], require=True)
    assert result.returncode == 1, result.stdout[-3000:]
    assert f"{REQUIRE_SHARED}=1 requires it" in result.stdout
