"""Progress bars for long commands: on a terminal only, with the total, the rate and the time left.

```python
with progress_bar(total, "validating", unit="release", quiet=quiet) as advance:
    for item in items:
        ...
        advance(1)
```

Nothing is shown when standard error is not a terminal (a pipe, a file, CI) or with ``--quiet``; then
``advance`` does nothing and :mod:`rich` is not even imported.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any

from ocds_regency._words import plural_of

__all__ = ["Advance", "progress_bar", "shows_progress"]

#: Moves a progress bar on by some units (and, if given, sets the total once it is known).
Advance = Callable[..., None]


def _nothing(_count: int, total: int | None = None) -> None:
    return None


def shows_progress(quiet: bool = False) -> bool:
    """Whether a progress bar would be shown: standard error is a terminal and ``--quiet`` was not given."""
    stream = sys.stderr
    return not quiet and hasattr(stream, "isatty") and stream.isatty()


def _rate_column(unit: str) -> Any:
    from rich.progress import ProgressColumn, Task
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Units per second."""

        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            if speed is None:
                return Text(f"? {unit}/s", style="progress.data.speed")
            figure = f"{speed:,.1f}" if speed < 10 else f"{speed:,.0f}"
            return Text(f"{figure} {unit}/s", style="progress.data.speed")

    return RateColumn()


@contextlib.contextmanager
def progress_bar(total: int | None, description: str, *, unit: str, quiet: bool = False) -> Iterator[Advance]:
    """Show a progress bar on standard error while the block runs, if it is a terminal.

    Args:
        total: how many units the work has (``None``: unknown, then no time left is shown).
        description: what is being done, e.g. ``"validating"``.
        unit: the unit counted, singular (``"release"``).
        quiet: show nothing.

    Yields:
        A function that moves the bar on by a number of units; ``advance(n, total=...)`` also sets the total.
    """
    if not shows_progress(quiet):
        yield _nothing
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    units = plural_of(unit)
    columns = [
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(units),
        _rate_column(units),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(description, total=total)

        def advance(count: int, total: int | None = None) -> None:
            if total is not None:
                progress.update(task, total=total)
            progress.advance(task, count)

        yield advance
