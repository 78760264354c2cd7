"""Shared test fixtures: where the reference material lives, and no network.

The suite runs from a lone clone: the small reference data it needs is copied into ``tests/fixtures``
(:data:`FIXTURES`, see its README). Tests that need the large data of ``../shared`` (the real regency-year,
the benchmark generators, the whole standard) take the :func:`shared` fixture, which skips them when
``../shared`` is absent, or fails them when ``OCDS_REGENCY_REQUIRE_SHARED=1`` (as CI sets it).

Every test runs with outbound network connections refused (loopback stays open for the headless
browser test): ocds-regency must never fetch schemas or extensions at run time, and a test that tried
would fail here rather than pass by luck on a connected machine.
"""

from __future__ import annotations

import importlib.util
import ipaddress
import os
import socket
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = ROOT / "tests" / "fixtures"
#: Real ISB rows, a few processes per dataset (a copy of ../shared/domain/isb-samples).
ISB_SAMPLES = FIXTURES / "isb-samples"
#: The ocds-merge conformance fixtures (a copy of ../shared/conformance/ocds-merge).
MERGE_FIXTURES = FIXTURES / "ocds-merge"
#: The few files of the OCDS standard that tests compare with (a copy from ../shared/standard).
STANDARD = FIXTURES / "standard"
#: Set to 1 where ../shared must be present (CI): tests that need it then fail instead of skipping.
REQUIRE_SHARED = "OCDS_REGENCY_REQUIRE_SHARED"


class NetworkAccessError(AssertionError):
    """Raised when a test tries to open a non-loopback connection."""


def _is_loopback(address: Any) -> bool:
    if isinstance(address, tuple) and address:
        host = address[0]
    else:
        return True  # AF_UNIX and friends
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex

    def guarded_connect(self: socket.socket, address: Any) -> Any:
        if not _is_loopback(address):
            raise NetworkAccessError(f"test tried to reach the network: {address!r}")
        return original_connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> Any:
        if not _is_loopback(address):
            raise NetworkAccessError(f"test tried to reach the network: {address!r}")
        return original_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared reference directory (read-only, large reference data).

    Skips the test when ``../shared`` is absent (a lone clone), unless ``OCDS_REGENCY_REQUIRE_SHARED=1``,
    which makes its absence a failure.
    """
    return require_shared()


def require_shared() -> Path:
    """Return ../shared, or skip (fail under ``OCDS_REGENCY_REQUIRE_SHARED=1``) when it is absent."""
    if not SHARED.is_dir():
        message = f"reference data not found at {SHARED} (../shared beside the project)"
        if os.environ.get(REQUIRE_SHARED) == "1":
            pytest.fail(f"{message}; {REQUIRE_SHARED}=1 requires it")
        pytest.skip(message)
    return SHARED


def gen_national() -> ModuleType:
    """``scripts/gen_national.py`` (the synthetic national generator) imported as a module, once."""
    if (module := sys.modules.get("gen_national")) is not None:
        return module
    spec = importlib.util.spec_from_file_location("gen_national", ROOT / "scripts" / "gen_national.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_national"] = module
    spec.loader.exec_module(module)
    return module
