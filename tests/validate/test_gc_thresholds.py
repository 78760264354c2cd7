"""Validation collects garbage less often while it runs and restores the interpreter's thresholds."""

from __future__ import annotations

import gc
from typing import Any

import pytest

from ocds_regency.errors import InputError
from ocds_regency.validate import _GC_THRESHOLD, validate


def test_thresholds_are_raised_during_and_restored_after(make_package: Any, make_release: Any) -> None:
    seen: list[tuple[int, int, int]] = []
    before = gc.get_threshold()
    import ocds_regency.validate as module

    original = module._Validation.run

    def spy(self: Any) -> None:
        seen.append(gc.get_threshold())
        original(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module._Validation, "run", spy)
        assert validate(make_package(make_release())).ok
    assert seen and seen[0][0] == max(_GC_THRESHOLD, before[0])
    assert gc.get_threshold() == before


def test_thresholds_are_restored_after_unreadable_input(tmp_path: Any) -> None:
    before = gc.get_threshold()
    path = tmp_path / "bad.json"
    path.write_bytes(b'{"releases": [{"ocid": "a"}, {"ocid": ')
    with pytest.raises(InputError):
        validate(path, stream_threshold=0)
    assert gc.get_threshold() == before


def test_collection_turned_off_stays_off(make_package: Any, make_release: Any) -> None:
    before = gc.get_threshold()
    gc.set_threshold(0)
    try:
        validate(make_package(make_release()))
        assert gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*before)
