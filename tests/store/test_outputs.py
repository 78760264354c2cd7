"""What the store keeps of a compiled release for the figures and the flags reads back exactly, or is not kept."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ocds_regency.flags import process as flag_process
from ocds_regency.package import PackageMetadata
from ocds_regency.pipeline import PublishOptions, publish
from ocds_regency.reporting import ProcessFigures
from ocds_regency.store import load_release
from ocds_regency.store.outputs import decode_values, encode_values
from tests.store.conftest import PREFIX, SAMPLE

_CLASSES: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (
        ProcessFigures,
        flag_process.Process,
        flag_process.Bid,
        flag_process.Award,
        flag_process.Contract,
        flag_process.Money,
    )
}


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    out = tmp_path_factory.mktemp("outputs") / "out"
    result = publish([SAMPLE], PackageMetadata(published_date="2025-11-04T08:00:00Z"), PublishOptions(PREFIX, out))
    assert result.published
    records = load_release((out / "record-package.json").read_bytes())["records"]  # amounts as decimals
    return [record["compiledRelease"] for record in records]


def test_the_facts_of_every_sample_process_read_back(compiled: list[dict[str, Any]]) -> None:
    dated = 0
    for release in compiled:
        facts = (ProcessFigures.of(release), flag_process.view(release))
        entry = encode_values(facts)
        assert entry is not None, release["ocid"]
        back = decode_values(entry, _CLASSES)
        assert back == facts and repr(back) == repr(facts)
        dated += facts[1] is not None and facts[1].date is not None
    assert dated  # datetimes were among them


def test_values_that_would_not_read_back_are_not_kept() -> None:
    assert encode_values({1: "a"}) is None  # a key that is not text
    assert encode_values({"a": {1, 2}}) is None  # a set
    assert encode_values(float("nan")) is None  # JSON has no NaN
    assert encode_values(datetime(2025, 1, 2, tzinfo=ZoneInfo("Asia/Jakarta"))) is None  # would come back fixed
    kept = (Decimal("1.50"), datetime(2025, 1, 2, tzinfo=UTC), datetime(2025, 1, 2, 3), ("a", 1, 1.0), [{"b": None}])
    entry = encode_values(kept)
    assert entry is not None
    assert repr(decode_values(entry, {})) == repr(kept)


def test_an_unreadable_entry_is_refused() -> None:
    for entry in (b"{", b'{"~class": "Nope", "~fields": {}}', b'{"~what": 1}'):
        with pytest.raises((ValueError, KeyError)):
            decode_values(entry, _CLASSES)
