"""A JSON array file read whole before (known by the digest of its bytes) gives the rows it gave, without splitting.

The reader of ISB JSON arrays, given :class:`~ocds_regency.read.tabular.KnownFiles`, digests each file's bytes; a
file split whole is learnt (where each item is, its text's digest), and a file whose bytes have a known digest
gives its items from where they were: the same numbers, positions, texts, digests and values (of the same types)
as splitting it gives, with or without known texts. A file the splitter does not read whole (ijson takes over) is
not learnt; a file whose bytes changed is split again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocds_regency.read import read_isb
from ocds_regency.read.tabular import FileItems, JsonText, TableRow, _array_items
from tests.read.test_known_rows import _KEYS, _SCALARS, FOLDERS, _arrays, _dump, _file, _typed


class _Files(dict[bytes, FileItems]):
    """A :class:`~ocds_regency.read.tabular.KnownFiles` in memory, counting what it was asked."""

    def __init__(self) -> None:
        super().__init__()
        self.hits = self.learnt = 0

    def file_items(self, digest: bytes) -> FileItems | None:
        found = self.get(digest)
        self.hits += found is not None
        return found

    def learn_file(self, digest: bytes, items: FileItems) -> None:
        self[digest] = list(items)
        self.learnt += 1


def _rows(rows: Iterator[TableRow]) -> list[tuple[Any, ...]]:
    """Everything a row is, the type of every value made visible (a known text's data decoded)."""
    return [
        (row.number, row.position, None if row.data is None else _typed(dict(row.data)), row.problem, row.text)
        for row in rows
    ]


def _read(path: Path, known: set[bytes] | None, files: _Files | None) -> list[TableRow]:
    encoding = "utf-8" if path.read_bytes().startswith(b"\xef\xbb\xbf") else None  # as read_tables says
    return list(_array_items(path, path.name, encoding, known, files))


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: folder.name)
def test_a_known_file_gives_the_rows_splitting_it_gives(folder: Path) -> None:
    paths = sorted(folder.glob("*.json"))
    files = _Files()
    for path in paths:
        split = _read(path, None, None)
        learnt = _read(path, None, files)  # learnt while it is split: the same rows, with their digests
        assert _rows(iter(learnt)) == _rows(iter(split))
        assert all(row.text_digest is not None for row in learnt)
        texts = {row.text_digest for row in learnt if row.text_digest is not None}
        for known in (None, texts, set(list(texts)[: len(texts) // 2])):
            again = _read(path, known, files)
            assert _rows(iter(again)) == _rows(iter(split))
            assert [row.text_digest for row in again] == [row.text_digest for row in learnt]
            # a known text is left undecoded, as the splitter leaves it; any other is decoded
            assert [type(row.data) is JsonText for row in again] == [
                known is not None and row.text_digest in known for row in learnt
            ]
    assert files.learnt == len(paths) == len(files) and files.hits == 3 * len(paths)


@st.composite
def _flat_arrays(draw: st.DrawFn) -> str:
    """A JSON array of flat rows (what ISB exports are: the splitter reads them whole), in one of several layouts."""
    rows = draw(st.lists(st.dictionaries(_KEYS, _SCALARS, min_size=1, max_size=5), max_size=8))
    separators = draw(st.sampled_from([(", ", ": "), (",", ":")]))
    joiner = draw(st.sampled_from([", ", ",\n", "\n,\n"]))
    return "[" + joiner.join(_dump(row, separators) for row in rows) + "]"


@settings(max_examples=150, deadline=None)
@given(st.one_of(_arrays(), _flat_arrays()), st.booleans())
def test_any_array_read_again_from_its_known_file_reads_as_split(text: str, bom: bool) -> None:
    with _file(("\ufeff" if bom else "") + text) as path:
        files = _Files()
        split = _rows(iter(_read(path, None, None)))
        assert _rows(iter(_read(path, None, files))) == split
        # learnt only when split whole (a row holding an array or object, or any irregularity: ijson's)
        assert _rows(iter(_read(path, None, files))) == split
        assert files.hits == files.learnt == len(files) <= 1


def test_a_file_read_by_ijson_is_not_learnt_and_a_changed_file_is_split_again() -> None:
    files = _Files()
    with _file('[{"a": 1}, {"a": [1, 2]}]') as path:  # an array in a row: ijson reads it
        _read(path, None, files)
        assert files.learnt == 0 and not files
    rows = [{"kd_tender": str(n), "pagu": n * 1000} for n in range(50)]
    with _file(json.dumps(rows)) as path:
        first = _read(path, None, files)
        rows[25]["pagu"] = 1
        path.write_text(json.dumps(rows))
        changed = _read(path, None, files)
        assert files.hits == 0 and files.learnt == 2
        assert [row.text for row in changed if row.text != first[row.number - 1].text] == [
            json.dumps(rows[25]).encode()
        ]
        assert _rows(iter(_read(path, None, files))) == _rows(iter(changed)) and files.hits == 1


def test_read_isb_with_known_files_reads_as_without() -> None:
    folder = FOLDERS[1]
    files = _Files()
    plain = list(read_isb(folder, unknown="report", typed=False))
    for _run in range(2):  # learnt, then known
        got = list(read_isb(folder, unknown="report", typed=False, files=files))
        assert [(r.dataset, r.source, r.position, dict(r.data), r.issues, r.error) for r in got] == [
            (r.dataset, r.source, r.position, dict(r.data), r.issues, r.error) for r in plain
        ]
        for row, before in zip(got, plain, strict=True):
            assert row.view is not None and before.view is not None
            assert _typed(row.view.__dict__) == _typed(before.view.__dict__)
    assert files.learnt == files.hits == len(list(folder.glob("*.json")))


def test_items_that_are_not_in_place_in_the_file_are_not_taken() -> None:
    rows = [{"kd_tender": str(n), "pagu": n * 1000} for n in range(5)]
    with _file(json.dumps(rows)) as path:
        files = _Files()
        split = _rows(iter(_read(path, None, files)))
        ((digest, items),) = files.items()
        start, size, text = items[2]
        moved = [*items[:2], (start + 1, size, text), *items[3:]]
        for damaged in (moved, [*items, (start, size, text)], [*items, (10**6, size, text)]):
            files[digest] = damaged  # an item moved, one before the end of another, one past the file: split again
            assert _rows(iter(_read(path, None, files))) == split
            assert files[digest] == list(items)  # and learnt again
