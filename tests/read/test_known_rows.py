"""JSON arrays split into their items' exact texts read what ijson reads, and a known text reads as it did.

The reader of ISB JSON arrays splits a top-level array into its items' bytes (the release reader's splitter) and
decodes each with the JSON codec; at the first thing it does not handle, ijson reads on from that item. Whatever
the array holds, the rows are those of the ijson reader (same values of the same types, same positions, same
errors). A text known from an earlier read (by its digest) is not decoded until its data is read, and then gives
the same row; a row read from a known text has the view the cache kept, equal to the view a parse gives.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocds_regency.errors import InputError
from ocds_regency.isb import DATASETS
from ocds_regency.isb._base import IsbRecord, ParseOptions, make_view, parse_view, view_values
from ocds_regency.read import read_isb
from ocds_regency.read.isb import KnownText
from ocds_regency.read.tabular import JsonText, TableRow, _array_items, _json_items, text_digest

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = [ROOT / "examples" / "kabupaten-contoh-2025", ROOT / "tests" / "fixtures" / "isb-real-2025"]


def _typed(value: Any) -> Any:
    """A decoded value with the type of every part made visible (``1``, ``1.0``, ``True`` and ``Decimal("1.0")``
    are told apart, a ``Decimal``'s exponent too)."""
    if isinstance(value, dict):
        return ("dict", [(key, _typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(item) for item in value])
    if isinstance(value, Decimal):
        return ("Decimal", value.as_tuple())
    return (type(value).__name__, value)


def _rows(rows: Iterator[TableRow]) -> list[tuple[Any, ...]]:
    return [
        (row.number, row.position, None if row.data is None else _typed(dict(row.data)), row.problem) for row in rows
    ]


def _both(path: Path, known: set[bytes] | None = None) -> tuple[list[Any] | str, list[Any] | str]:
    """The rows of the splitting reader and of ijson (or ijson's error, which the splitting reader must raise)."""
    encoding = "utf-8" if path.read_bytes().startswith(b"\xef\xbb\xbf") else None  # as read_tables says
    try:
        expected: list[Any] | str = _rows(_json_items(path, path.name, "item", encoding))
    except InputError as exc:
        expected = str(exc)
    try:
        got: list[Any] | str = _rows(_array_items(path, path.name, encoding, known))
    except InputError as exc:
        got = str(exc)
    return got, expected


_KEYS = st.sampled_from(["kd_tender", "pagu", "nama_paket", "tgl", "a", 'q"uote', '}, {"kd_tender":', "ü"])
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str).map(Decimal),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(['}, {"kd_tender": 1', "\\u0041", "x\ny", "Rp 1.000,00"]),
)
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=3),
                       max_leaves=6)  # fmt: skip


def _dump(value: Any, separators: tuple[str, str]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=separators, default=str)


@st.composite
def _arrays(draw: st.DrawFn) -> str:
    """A JSON array of ISB-like rows in one of several layouts, sometimes with a repeated key in a row."""
    rows = draw(st.lists(st.dictionaries(_KEYS, _VALUES, min_size=1, max_size=5), max_size=6))
    separators = draw(st.sampled_from([(", ", ": "), (",", ":"), (" , ", " : ")]))
    texts = [_dump(row, separators) for row in rows]
    if texts and draw(st.booleans()):  # a key given twice in one row (kept as "key (2)")
        texts[0] = texts[0][:-1] + (", " if len(texts[0]) > 2 else "") + '"kd_tender": 7}'
    joiner = draw(st.sampled_from([", ", ",\n", "\n,\n"]))
    return "[" + joiner.join(texts) + "]"


@settings(max_examples=150, deadline=None)
@given(_arrays())
def test_split_items_are_the_ijson_items(text: str) -> None:
    with _file(text) as path:
        got, expected = _both(path)
        assert got == expected
        # the same with every text known: the rows are decoded when read, and give the same values
        texts = {text_digest(row.text) for row in _array_items(path, path.name, None, None) if row.text is not None}
        got, expected = _both(path, texts)
        assert got == expected
        for row in _array_items(path, path.name, None, texts):  # each row's digest, taken as it was split
            assert row.text is None or row.text_digest == text_digest(row.text)


@pytest.mark.parametrize(
    "text",
    [
        "[1, 2]",  # items that are not objects
        '[{"a": 1}, 2, {"b": 3}]',
        '[{"a": 1},]',  # a trailing comma
        '[{"a": 1}] x',  # something after the array
        '[{"a": 1}, {"a": 2}',  # truncated after an item
        '[{"a": 1}, {"a": "unterminated}]',
        '[{"a": 1}, {"a": 1e999}]',  # a number beyond a double: ijson reads it as a Decimal
        '[{"a": "\\ud800"}, {"a": 2}]',  # a lone surrogate escape
        '[{"a": 01}]',
        '[{"a": 1} {"a": 2}]',
        "[]",
        "  [ ]  ",
        '[{"a": [1, {"b": 2.50}]}, {"a": {"c": 3e2}}]',
        '\ufeff[{"a": 1}]',
    ],
)
def test_irregular_arrays_read_as_ijson_reads_them(text: str) -> None:
    with _file(text) as path:
        got, expected = _both(path)
        assert got == expected


def test_a_file_that_breaks_a_limit_is_refused_by_the_splitting_reader_too() -> None:
    deep = '[{"a": ' + "[" * 200 + "]" * 200 + "}]"
    with _file(deep) as path, pytest.raises(InputError, match="nest"):
        list(_array_items(path, path.name, None, None))


class _file:  # noqa: N801 - used as a context manager, like open
    def __init__(self, text: str) -> None:
        import tempfile

        self._folder = tempfile.TemporaryDirectory()
        self.path = Path(self._folder.name) / "rows.json"
        self.path.write_bytes(text.encode("utf-8", "surrogatepass"))

    def __enter__(self) -> Path:
        return self.path

    def __exit__(self, *exc: object) -> None:
        self._folder.cleanup()


def test_a_known_text_is_not_decoded_until_read_and_pickles_as_its_text() -> None:
    path = FOLDERS[1] / "SPSE-TenderPengumuman.json"
    rows = list(_array_items(path, path.name, None, None))
    known = {text_digest(row.text) for row in rows if row.text is not None}
    again = list(_array_items(path, path.name, None, known))
    assert all(type(row.data) is JsonText for row in again)
    first = again[0].data
    assert isinstance(first, JsonText) and first._value is None  # not decoded yet
    assert dict(first) == rows[0].data and first._value is not None
    copy = pickle.loads(pickle.dumps(first))
    assert copy._value is None and dict(copy) == rows[0].data


def _views(folder: Path) -> Iterator[tuple[str, IsbRecord, dict[str, Any]]]:
    options = ParseOptions.make("+07:00")
    for row in read_isb(folder, unknown="report", typed=False):
        if row.dataset is None or row.raw is None or DATASETS[row.dataset].grouping is None:
            continue
        spec = DATASETS[row.dataset]
        assert spec.grouping is not None
        view, data, _issues = parse_view(spec.model, row.raw, spec.grouping, options)
        yield row.dataset, view, data


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: folder.name)
def test_a_view_made_again_from_its_values_is_the_view(folder: Path) -> None:
    count = 0
    for dataset, view, _data in _views(folder):
        values = view_values(view)
        assert values is not None
        spec = DATASETS[dataset]
        assert spec.grouping is not None
        again = make_view(spec.model, spec.grouping, json.loads(json.dumps(values)))  # through JSON, as stored
        assert _typed(again.__dict__) == _typed(view.__dict__)
        assert again.__pydantic_fields_set__ == view.__pydantic_fields_set__
        count += 1
    assert count > 100


def test_a_view_whose_values_a_store_cant_keep_is_not_kept() -> None:
    spec = DATASETS["SPSE-TenderPengumuman"]
    assert spec.grouping is not None
    view, _data, _issues = parse_view(spec.model, {"kd_tender": "1", "kd_lpse": "93"}, spec.grouping)
    assert view_values(view) is not None
    object.__setattr__(view, "__dict__", {**view.__dict__, "kd_tender": 1.5})
    assert view_values(view) is None
    object.__setattr__(view, "__dict__", {**view.__dict__, "kd_tender": 2**64})
    assert view_values(view) is None


class _Known(dict[bytes, tuple[str, dict[str, Any]]]):
    """A :class:`~ocds_regency.read.isb.KnownRows` over the views of an earlier read."""

    def view(self, dataset: Any, digest: bytes) -> IsbRecord | None:
        entry = self.get(digest)
        if entry is None or entry[0] != dataset.name:
            return None
        return make_view(dataset.model, dataset.grouping, entry[1])


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: folder.name)
def test_rows_of_known_texts_read_as_the_rows_themselves(folder: Path) -> None:
    known = _Known()
    first = list(read_isb(folder, unknown="report", typed=False, known=known))
    for row in first:
        clean = row.view is not None and row.record is None and not row.issues and row.error is None
        if clean and row.view is not None and row.text_digest is not None and (values := view_values(row.view)):
            known[row.text_digest] = (str(row.dataset), values)
    assert len(known) > 100
    again = list(read_isb(folder, unknown="report", typed=False, known=known))
    assert {row.text_digest for row in again if row.known} == set(known)
    for before, after in zip(first, again, strict=True):
        assert (after.dataset, after.source, after.position, after.error) == (
            before.dataset, before.source, before.position, before.error,
        )  # fmt: skip
        assert after.text_digest == before.text_digest is not None
        assert dict(after.data) == dict(before.data) and list(after.data) == list(before.data)
        assert before.raw is not None and after.raw is not None and dict(after.raw) == dict(before.raw)
        assert after.view is not None and before.view is not None
        assert _typed(after.view.__dict__) == _typed(before.view.__dict__)
        assert after.issues == before.issues
        if after.known:
            assert isinstance(after.data, KnownText)
            assert pickle.loads(pickle.dumps(after.data)) == before.data
