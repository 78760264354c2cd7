"""Fixtures: a release store on each backend, the same tests for both.

SQLite needs nothing. PostgreSQL needs a server: ``OCDS_REGENCY_TEST_POSTGRES`` gives its address (e.g.
``postgresql://ocds:ocds@127.0.0.1:5432/ocds_test``; ``.ci/run`` starts one and sets it). Without it the
PostgreSQL half is skipped, unless ``OCDS_REGENCY_REQUIRE_POSTGRES=1`` (CI), where a missing server fails.
Each test gets its own schema, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "kabupaten-contoh-2025"
PREFIX = "ocds-zz9999"


def postgres_dsn() -> str | None:
    """The test server's address, or skip (fail under CI's ``OCDS_REGENCY_REQUIRE_POSTGRES=1``)."""
    dsn = os.environ.get("OCDS_REGENCY_TEST_POSTGRES")
    if dsn:
        return dsn
    if os.environ.get("OCDS_REGENCY_REQUIRE_POSTGRES") == "1":
        pytest.fail("OCDS_REGENCY_REQUIRE_POSTGRES=1 but OCDS_REGENCY_TEST_POSTGRES is not set")
    pytest.skip("no PostgreSQL server: set OCDS_REGENCY_TEST_POSTGRES to run the PostgreSQL half")
    return None  # pragma: no cover


@pytest.fixture
def postgres_schema() -> Iterator[str]:
    """A ``postgresql://`` address whose search path is a fresh schema (dropped after the test)."""
    import psycopg

    dsn = postgres_dsn()
    assert dsn is not None
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    joiner = "&" if "?" in dsn else "?"
    try:
        yield f"{dsn}{joiner}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's release store is: an SQLite file, or a PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "store.sqlite")
    return str(request.getfixturevalue("postgres_schema"))
