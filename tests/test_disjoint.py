"""``find_root``: keys joined (directly or through others) share a root, keys never joined don't."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ocds_regency._disjoint import find_root

KEYS = st.integers(min_value=0, max_value=12)


@given(st.lists(st.tuples(KEYS, KEYS), max_size=30))
def test_joined_keys_share_a_root(pairs: list[tuple[int, int]]) -> None:
    parent = {key: key for key in range(13)}
    for a, b in pairs:
        parent[find_root(parent, a)] = find_root(parent, b)
    # the components, found the slow way
    component = {key: {key} for key in range(13)}
    for a, b in pairs:
        merged = component[a] | component[b]
        for key in merged:
            component[key] = merged
    for a in range(13):
        root = find_root(parent, a)
        assert parent[root] == root and parent[a] == root  # the path to the root was compressed
        for b in range(13):
            assert (find_root(parent, b) == root) == (b in component[a])
