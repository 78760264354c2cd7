"""Disjoint sets (union-find) over keys, the parent of each key in a plain dict: what the party directory
and the report's budget sums use to put together keys that name one thing."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TypeVar

__all__ = ["find_root"]

K = TypeVar("K", bound=Hashable)


def find_root(parent: dict[K, K], key: K) -> K:
    """The root of ``key``'s set (a root is its own parent), compressing the path from ``key`` to it."""
    root = key
    while parent[root] != root:
        root = parent[root]
    while parent[key] != root:
        parent[key], key = root, parent[key]
    return root
