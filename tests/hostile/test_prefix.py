"""``--prefix`` is checked up front with the validator's rule: exit 2 before any work, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocds_regency.standard import OCID_PREFIX
from tests.hostile.conftest import SAMPLE, run_cli

BAD = ["kabupaten", "ocds-ABC123", "ocds-abc12", "ocds-abc1234", "ocds_abc123", "ocds-abc12!", " ocds-abc123"]


def test_the_bad_prefixes_break_the_validators_rule() -> None:
    assert all(OCID_PREFIX.fullmatch(prefix) is None for prefix in BAD)
    assert OCID_PREFIX.fullmatch("ocds-abc123")


@pytest.mark.parametrize("prefix", BAD)
@pytest.mark.parametrize("command", ["convert", "publish"])
def test_a_bad_prefix_is_exit_2_before_any_work(tmp_path: Path, prefix: str, command: str) -> None:
    out = tmp_path / ("out" if command == "publish" else "out.jsonl")
    result = run_cli(command, str(SAMPLE), "--prefix", prefix, "-o", str(out))
    err = result.stderr.decode()
    assert result.returncode == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "is not an ocid prefix" in lines[0], err
    assert list(tmp_path.iterdir()) == []  # nothing written, not even a staging directory
