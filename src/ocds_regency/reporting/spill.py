"""Amounts kept for exact medians in bounded memory: sorted runs spilled to temporary files.

The report's figures give the median of every kind of value (pagu, HPS, contract…), which needs every
value. :class:`SortedSpill` keeps up to ``limit`` values in memory; beyond that it sorts them and writes
them to an anonymous temporary file (one value per line, as exact decimal text), and :meth:`SortedSpill.ordered`
merges the runs back in ascending order. The figures are therefore exact, with the same bytes as a sort in
memory, whatever the number of values: memory holds ``limit`` values plus one line per run while merging.
"""

from __future__ import annotations

import heapq
import tempfile
import weakref
from collections.abc import Iterator
from decimal import Decimal
from typing import IO

__all__ = ["SortedSpill"]

#: Values kept in memory before a run is written (about 100 bytes each).
DEFAULT_LIMIT = 200_000


class SortedSpill:
    """A multiset of decimals that yields them in ascending order, holding at most ``limit`` in memory.

    Example:
        >>> spill = SortedSpill(limit=2)
        >>> for amount in ("3", "1", "2"):
        ...     spill.append(Decimal(amount))
        >>> [str(value) for value in spill.ordered()], len(spill)
        (['1', '2', '3'], 3)
    """

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self._memory: list[Decimal] = []
        self._runs: list[IO[bytes]] = []
        self._count = 0
        weakref.finalize(self, _close, self._runs)  # the files go with the spill

    def __len__(self) -> int:
        return self._count

    def append(self, value: Decimal) -> None:
        """Add ``value``."""
        self._memory.append(value)
        self._count += 1
        if len(self._memory) >= self.limit:
            self._spill()

    def _spill(self) -> None:
        run = tempfile.TemporaryFile()  # noqa: SIM115 (kept open until the spill is dropped)
        run.writelines(f"{value}\n".encode() for value in sorted(self._memory))
        run.flush()
        self._runs.append(run)
        self._memory = []

    def _read(self, run: IO[bytes]) -> Iterator[Decimal]:
        run.seek(0)
        for line in run:
            yield Decimal(line.decode().rstrip("\n"))

    def ordered(self) -> Iterator[Decimal]:
        """Every value, in ascending order (the runs and the values in memory merged)."""
        if not self._runs:
            yield from sorted(self._memory)
            return
        yield from heapq.merge(sorted(self._memory), *(self._read(run) for run in self._runs))

    def close(self) -> None:
        """Remove the temporary files (the values in them are gone)."""
        _close(self._runs)


def _close(runs: list[IO[bytes]]) -> None:
    for run in runs:
        run.close()
    runs.clear()
