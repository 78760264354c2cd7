"""The one module that changes how the cyclic garbage collector runs: each manager gives back what it found."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import nullcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocds_regency import _collector as collector


@pytest.fixture(autouse=True)
def _restored() -> Iterator[None]:
    """Whatever a test does, the interpreter's collector is as it was afterwards."""
    enabled, thresholds, frozen = gc.isenabled(), gc.get_threshold(), gc.get_freeze_count()
    yield
    gc.set_threshold(*thresholds)
    if enabled:
        gc.enable()
    else:
        gc.disable()
    if gc.get_freeze_count() > frozen:
        gc.unfreeze()


class _BoomError(Exception):
    pass


@given(running=st.booleans(), fails=st.booleans())
def test_paused_stops_collection_and_gives_back_what_it_found(running: bool, fails: bool) -> None:
    gc.enable() if running else gc.disable()
    with pytest.raises(_BoomError) if fails else nullcontext(), collector.paused():
        assert not gc.isenabled()
        if fails:
            raise _BoomError
    assert gc.isenabled() is running


thresholds = st.tuples(*(st.integers(min_value=0, max_value=100_000) for _ in range(3)))


@given(
    before=thresholds,
    wanted=st.lists(st.integers(min_value=1, max_value=100_000), min_size=1, max_size=3),
    fails=st.booleans(),
)
def test_spaced_only_raises_thresholds_and_restores_them(
    before: tuple[int, int, int], wanted: list[int], fails: bool
) -> None:
    gc.set_threshold(*before)
    with pytest.raises(_BoomError) if fails else nullcontext(), collector.spaced(*wanted):
        during = gc.get_threshold()
        for index, old in enumerate(before):
            if old == 0:  # collection off stays off
                assert during[index] == 0
            elif index < len(wanted):
                assert during[index] == max(old, wanted[index])
            else:
                assert during[index] == old
        if fails:
            raise _BoomError
    assert gc.get_threshold() == before


def test_frozen_freezes_what_is_alive_and_unfreezes_it_after() -> None:
    gc.enable()
    assert gc.get_freeze_count() == 0
    with collector.frozen() as ours:
        assert ours and gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_frozen_leaves_someone_elses_freeze_and_a_paused_collector_alone() -> None:
    gc.enable()
    gc.freeze()
    theirs = gc.get_freeze_count()
    with collector.frozen() as ours:
        assert not ours
    assert gc.get_freeze_count() == theirs  # not unfrozen by us
    gc.unfreeze()
    gc.disable()
    with collector.frozen() as ours:
        assert not ours and gc.get_freeze_count() == 0


def test_frozen_unfreezes_when_the_block_fails() -> None:
    gc.enable()
    with pytest.raises(_BoomError), collector.frozen():
        raise _BoomError
    assert gc.get_freeze_count() == 0


def test_paused_then_frozen_freezes_what_was_read_before_the_collector_runs_again() -> None:
    gc.enable()
    runs: list[int] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            runs.append(info["generation"])

    with collector.paused_then_frozen() as resume:
        assert not gc.isenabled()
        read = [[n] for n in range(20_000)]  # containers: what the collector would walk
        gc.callbacks.append(watch)
        try:
            resume()
            resume()  # (once is enough: a second call changes nothing)
        finally:
            gc.callbacks.remove(watch)
        assert runs == []  # no collection walked what was read during the pause
        assert gc.isenabled() and gc.get_freeze_count() >= len(read)
        assert gc.get_count()[0] < 100  # nothing pending either: what was read is out of every generation
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_paused_then_frozen_leaves_a_paused_collector_and_someone_elses_freeze_alone() -> None:
    gc.disable()
    with collector.paused_then_frozen() as resume:
        resume()
        assert not gc.isenabled() and gc.get_freeze_count() == 0
    assert not gc.isenabled()
    gc.enable()
    gc.freeze()
    theirs = gc.get_freeze_count()
    with collector.paused_then_frozen() as resume:
        assert not gc.isenabled()
        made = [[n] for n in range(1_000)]
        resume()
        # nothing of ours frozen (theirs may only have shrunk, as frozen objects die)
        assert gc.isenabled() and gc.get_freeze_count() <= theirs and len(made) == 1_000
    assert gc.isenabled() and 0 < gc.get_freeze_count() <= theirs  # not unfrozen by us
    gc.unfreeze()


@pytest.mark.parametrize("resumed", [False, True])
def test_paused_then_frozen_restores_the_collector_when_the_block_fails(resumed: bool) -> None:
    gc.enable()

    def fail(resume: Callable[[], None]) -> None:
        if resumed:
            resume()
        raise _BoomError

    with pytest.raises(_BoomError), collector.paused_then_frozen() as resume:
        fail(resume)
    assert gc.isenabled() and gc.get_freeze_count() == 0
