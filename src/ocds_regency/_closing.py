"""A class that is its own context manager: ``with`` hands it back and calls its ``close()`` at the end."""

from __future__ import annotations

from types import TracebackType
from typing import Self

__all__ = ["ClosesOnExit"]


class ClosesOnExit:
    """Mixin: ``with thing:`` returns ``thing`` and calls ``thing.close()`` when the block ends, however it ends
    (what :func:`contextlib.closing` does for an object that is not its own context manager)."""

    __slots__ = ()

    def close(self) -> None:
        """Release what the object holds (each subclass says what)."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()
