"""Shared test fixtures: where the reference material lives."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared reference directory (read-only reference data)."""
    if not SHARED.is_dir():  # pragma: no cover - the project is always checked out beside shared/
        pytest.fail(f"reference data not found at {SHARED}")
    return SHARED
