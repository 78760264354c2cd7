"""Quartiles and Tukey fences, as Cardinal computes them.

Cardinal takes quartiles with the approximately median-unbiased estimator (type 8 of Hyndman and Fan,
1996): for ``n`` sorted values and a probability ``p``, ``h = (n + 1/3) p + 1/3`` and the quantile
interpolates between the ``floor(h)``-th and the next value (1-based), clamped to the smallest and
largest value. The fences are ``Q1 - 1.5 IQR`` (low outliers) and ``Q3 + 1.5 IQR`` (high outliers).

The values are a compact array of floats (one per process or organisation), never the releases.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Fence", "quantile"]


def quantile(values: list[float], p: float) -> float:
    """The ``p`` quantile (0 ≤ p ≤ 1) of ``values`` (already sorted ascending, not empty), type 8."""
    n = len(values)
    if not n:
        raise ValueError("no values")
    third = 1.0 / 3.0
    if p <= (2.0 * third) / (n + third):
        return values[0]
    if p >= (n - third) / (n + third):
        return values[-1]
    h = (n + third) * p + third
    index = math.floor(h)
    lower = values[index - 1]
    return lower + (h - index) * (values[index] - lower)


@dataclass(frozen=True, slots=True)
class Fence:
    """The quartiles of a set of values and its two Tukey fences."""

    q1: float
    q3: float

    @property
    def iqr(self) -> float:
        """The interquartile range."""
        return self.q3 - self.q1

    @property
    def lower(self) -> float:
        """``Q1 - 1.5 IQR``."""
        return self.q1 - 1.5 * self.iqr

    @property
    def upper(self) -> float:
        """``Q3 + 1.5 IQR``."""
        return self.q3 + 1.5 * self.iqr

    @classmethod
    def of(cls, values: Iterable[float]) -> Fence | None:
        """The fence of ``values`` (any order), or ``None`` when there are none."""
        ordered = sorted(values)
        if not ordered:
            return None
        return cls(quantile(ordered, 0.25), quantile(ordered, 0.75))

    def meta(self, side: str) -> dict[str, float]:
        """Cardinal's ``Meta`` entry: the quartiles and the fence of ``side`` (``"lower"``/``"upper"``), 4 decimals."""
        fence = self.lower if side == "lower" else self.upper
        return {"q1": round(self.q1, 4), "q3": round(self.q3, 4), f"{side}_fence": round(fence, 4)}
