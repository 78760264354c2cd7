"""Grouping by ocid: streaming grouped input, collecting the rest, spilling to disk."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocds_regency.compile.group import Entry, Grouper, NonContiguousOcidError


def entry(ocid: str, number: int) -> Entry:
    return Entry(f'{{"ocid":"{ocid}","n":{number}}}'.encode(), "", f"input, line {number}")


def run(grouper: Grouper, items: list[tuple[str, int]]) -> list[tuple[str, list[int]]]:
    out = []
    for ocid, number in items:
        out.extend(grouper.add(ocid, entry(ocid, number)))
    out.extend(grouper.finish())
    return [(ocid, [int(e.where.rsplit(" ", 1)[1]) for e in entries]) for ocid, entries in out]


def test_grouped_input_streams() -> None:
    grouper = Grouper(stream=True)
    assert grouper.add("a", entry("a", 1)) == []
    assert grouper.add("a", entry("a", 2)) == []
    ready = grouper.add("b", entry("b", 3))
    assert [(ocid, len(entries)) for ocid, entries in ready] == [("a", 2)]
    assert [ocid for ocid, _ in grouper.finish()] == ["b"]
    assert not grouper.spilled


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(["o-1", "o-2", "o-3", "o-4", "o-5"]), max_size=40),
    st.sampled_from([True, False, None]),
    st.sampled_from([10, 100, 10**9]),
)
def test_every_release_once_in_order(ocids: list[str], stream: bool | None, limit: int) -> None:
    items = [(ocid, number) for number, ocid in enumerate(ocids)]
    with Grouper(stream=stream, memory_limit=limit) as grouper:
        try:
            groups = run(grouper, items)
        except NonContiguousOcidError:
            assert stream is not False
            return
    # each release exactly once, in input order within its group
    assert sorted(n for _, numbers in groups for n in numbers) == list(range(len(items)))
    for ocid, numbers in groups:
        assert numbers == sorted(numbers)
        assert all(ocids[n] == ocid for n in numbers)
    names = [ocid for ocid, _ in groups]
    assert len(names) == len(set(names))
    if stream is False or (stream is None and limit == 10**9):
        assert names == sorted(names)


def test_shuffled_input_spills_and_comes_out_ordered() -> None:
    items = [(f"ocds-{n % 50:03d}", n) for n in range(1000)]
    random.Random(1).shuffle(items)
    with Grouper(memory_limit=2000, stream=None) as grouper:
        groups = run(grouper, items)
        assert grouper.spilled
    assert [ocid for ocid, _ in groups] == sorted({ocid for ocid, _ in items})
    assert sum(len(numbers) for _, numbers in groups) == 1000


def test_auto_streams_after_a_grouped_probe() -> None:
    grouper = Grouper(memory_limit=40)  # two releases of 18 bytes
    assert grouper.add("a", entry("a", 1)) == []
    assert grouper.add("b", entry("b", 2)) == []
    ready = grouper.add("c", entry("c", 3))  # probe full: input taken as grouped
    assert [ocid for ocid, _ in ready] == ["a", "b"]
    assert grouper.streaming
    assert [ocid for ocid, _ in grouper.add("d", entry("d", 4))] == ["c"]


def test_auto_does_not_stream_shuffled_input() -> None:
    grouper = Grouper(memory_limit=10**6)
    items = [("b", 1), ("c", 2), ("a", 3), ("b", 4)]  # out of order within the probe: collect everything
    assert run(grouper, items) == [("a", [3]), ("b", [1, 4]), ("c", [2])]
    assert not grouper.streaming


def test_releases_after_their_group_was_written() -> None:
    grouper = Grouper(stream=True)
    grouper.add("b", entry("b", 1))
    grouper.add("c", entry("c", 2))  # "b" is complete and handed on
    grouper.add("a", entry("a", 3))  # out of order: collect from now on
    with pytest.raises(NonContiguousOcidError, match="more releases of b") as caught:
        grouper.add("b", entry("b", 4))
    assert "line 4" in str(caught.value)
    assert [ocid for ocid, _ in grouper.finish()] == ["a", "c"]
