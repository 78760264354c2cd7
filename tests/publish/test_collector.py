"""A publication keeps the cyclic garbage collector off the input: paused while it is read, frozen after, restored.

While the input is read and grouped the collector is paused; what the input became is frozen (left out of every
collection) while the publication is written; on the way out, whether it published, failed or was refused, the
collector is as the caller left it (running or not) and nothing stays frozen. A caller that froze objects itself
keeps them frozen: the publication freezes nothing then.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ocds_regency import pipeline
from ocds_regency.package import PackageMetadata
from ocds_regency.pipeline import PublishError, PublishOptions, publish
from tests.publish.conftest import DATE, PREFIX, SAMPLE


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[bool, int]]]:
    """(collector running, objects frozen) while the conversion is made, and while the publication is written."""
    states: list[tuple[bool, int]] = []
    convert, staged = pipeline._convert, pipeline._publish_staged

    def converting(*args: Any) -> Any:
        states.append((gc.isenabled(), gc.get_freeze_count()))
        return convert(*args)

    def writing(run: Any) -> Any:
        states.append((gc.isenabled(), gc.get_freeze_count()))
        return staged(run)

    monkeypatch.setattr(pipeline, "_convert", converting)
    monkeypatch.setattr(pipeline, "_publish_staged", writing)
    yield states
    assert gc.isenabled() and gc.get_freeze_count() == 0


def _publish(out: Path, **options: Any) -> None:
    options = PublishOptions(prefix=PREFIX, out_dir=out, **options)
    assert publish([SAMPLE], PackageMetadata(published_date=DATE), options).published


def test_the_input_is_frozen_while_the_publication_is_written(tmp_path: Path, seen: list[tuple[bool, int]]) -> None:
    _publish(tmp_path / "out")
    (converting, writing) = seen
    assert converting == (False, 0)  # paused while the input is read
    assert writing[0] and writing[1] > 0  # running again, the input frozen
    assert gc.isenabled() and gc.get_freeze_count() == 0
    _publish(tmp_path / "stored", store=str(tmp_path / "store.sqlite"))  # with a store alike
    assert seen[2] == (False, 0) and seen[3][0] and seen[3][1] > 0


def test_the_collector_is_left_as_the_caller_had_it(tmp_path: Path, seen: list[tuple[bool, int]]) -> None:
    gc.disable()
    try:
        _publish(tmp_path / "out")
        assert not gc.isenabled() and gc.get_freeze_count() == 0  # not started, nothing frozen
    finally:
        gc.enable()
    assert seen[1] == (False, 0)
    gc.freeze()  # objects the caller froze stay frozen; the publication freezes nothing of its own
    try:
        frozen = gc.get_freeze_count()
        _publish(tmp_path / "again")
        # (frozen objects may still be freed by their reference counts: the count never grows)
        assert seen[3][0] and seen[3][1] <= frozen and gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()


def test_a_failed_publication_restores_the_collector(tmp_path: Path, seen: list[tuple[bool, int]]) -> None:
    (tmp_path / "empty").mkdir()
    options = PublishOptions(prefix=PREFIX, out_dir=tmp_path / "out")
    with pytest.raises(PublishError):  # no release at all: refused after the input was read
        publish([tmp_path / "empty"], PackageMetadata(published_date=DATE), options)
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_no_collection_walks_the_input_between_reading_and_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Frozen before the collector runs again: resumed first, its first run would walk every object the input
    # became (all new to it), to find nothing.
    runs: list[int] = []
    convert, staged = pipeline._convert, pipeline._publish_staged

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            runs.append(info["generation"])

    def converting(*args: Any) -> Any:
        conversion = convert(*args)
        gc.callbacks.append(watch)
        return conversion

    def writing(run: Any) -> Any:
        gc.callbacks.remove(watch)
        assert runs == []
        assert gc.isenabled() and gc.get_freeze_count() > 0
        return staged(run)

    monkeypatch.setattr(pipeline, "_convert", converting)
    monkeypatch.setattr(pipeline, "_publish_staged", writing)
    # the interpreter's thresholds (the publication's own are for inputs thousands of times the sample's size)
    monkeypatch.setattr(pipeline, "_THRESHOLDS", (1,))
    gc.enable()
    try:
        _publish(tmp_path / "out")
    finally:
        leaked = watch in gc.callbacks
        if leaked:  # (never left behind for the next tests, whatever failed)
            gc.callbacks.remove(watch)
    assert not leaked
