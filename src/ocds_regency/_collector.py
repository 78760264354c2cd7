"""The one place that changes how Python's cyclic garbage collector runs while the library works.

Reading, grouping, merging, validating and flattening make millions of short-lived dicts and lists that hold
no reference cycles (decoded JSON, rows, releases), and a publication keeps many long-lived ones (its rows, the
store's kept entries). With the interpreter's default thresholds (700, 10, 10) the collector walks them again
and again for nothing to find: up to a fifth of a run (docs/benchmarks.md measures each use). Each stage that
gains says so with one of the context managers below; each puts the collector back as its caller had it,
however the block ends, and leaves alone what the caller set more sparingly already. Nothing here is module
state: every manager keeps what it found in its own frame.

- :func:`paused`: no collection while the block runs (objects are still freed when their count drops to 0);
- :func:`spaced`: collections less often (the youngest generation's threshold raised, and the older ones' if
  asked), never more often than the caller had them;
- :func:`frozen`: what is alive now is left out of every collection until the block ends (:func:`gc.freeze`),
  only when the collector runs and nobody else froze objects (then unfreezing is ours to do);
- :func:`paused_then_frozen`: paused while the block reads, then what it read frozen *before* the collector runs
  again, so that the objects made during the pause are never walked (resumed unfrozen, the first collection
  walks every one of them, to find nothing: a third of a second on a regency's year).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["frozen", "paused", "paused_then_frozen", "spaced"]


@contextmanager
def paused() -> Iterator[None]:
    """Pause the cyclic collector while the block runs; running again after only if it ran before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def spaced(first: int, *older: int) -> Iterator[None]:
    """Collect less often while the block runs: the youngest generation every ``first`` allocations, and, when
    given, the older generations' thresholds ``older`` (each only raised, never lowered); the caller's
    thresholds after. A threshold of 0 (collection off) is left as it is."""
    before = gc.get_threshold()
    wanted = (first, *older)
    after = tuple(
        old if old == 0 or index >= len(wanted) else max(old, wanted[index]) for index, old in enumerate(before)
    )
    if after == before:
        yield
        return
    gc.set_threshold(*after)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def frozen() -> Iterator[bool]:
    """Freeze what is alive now (left out of every collection) until the block ends, then unfreeze it.

    Only when the collector runs and no object is frozen already (unfreezing would otherwise undo someone
    else's freeze); the block is told whether it froze.
    """
    ours = gc.isenabled() and gc.get_freeze_count() == 0
    if ours:
        gc.freeze()
    try:
        yield ours
    finally:
        if ours:
            gc.unfreeze()


@contextmanager
def paused_then_frozen() -> Iterator[Callable[[], None]]:
    """Pause the collector while the block reads; the function the block is given ends the pause: what is alive
    then is frozen (left out of every collection until the block ends) and only then does the collector run again.

    The order matters: every object made during the pause counts as new, and the collector's first run after it
    walks them all (and the next generation's run again) for no cycle to find. Frozen first, none is walked.

    As :func:`frozen`, the freeze is only when the collector ran before the block and no object was frozen already;
    otherwise ending the pause just lets the collector run as before. However the block ends, the collector is as
    it was before it and what was frozen here is unfrozen.
    """
    enabled = gc.isenabled()
    ours = enabled and gc.get_freeze_count() == 0
    resumed = froze = False

    def resume() -> None:
        nonlocal resumed, froze
        if resumed:
            return
        resumed = True
        if ours:
            gc.freeze()
            froze = True
        if enabled:
            gc.enable()

    gc.disable()
    try:
        yield resume
    finally:
        if froze:
            gc.unfreeze()
        if enabled:
            gc.enable()
