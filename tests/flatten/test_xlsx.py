"""The streaming XLSX writer: what openpyxl (which flatten-tool's unflatten uses) reads back is what was written."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from ocds_regency.flatten.xlsx import XlsxWriter, column_letter

STAMP = dt.datetime(2025, 11, 4, 8, 0, tzinfo=dt.UTC)


def _write(path: Path, sheets: dict[str, list[list[Any]]], plain: bool = False) -> None:
    with XlsxWriter(path, created=STAMP) as book:
        for name, rows in sheets.items():
            book.add_sheet(name, rows=len(rows), columns=max((len(row) for row in rows), default=0))
            for row in rows:
                book.write_row(row, plain=plain)


def _read(path: Path) -> dict[str, list[list[Any]]]:
    workbook = load_workbook(path)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook}


def test_column_letters() -> None:
    assert [column_letter(n) for n in (0, 25, 26, 27, 701, 702, 16_383)] == ["A", "Z", "AA", "AB", "ZZ", "AAA", "XFD"]


def test_values_read_back_with_their_types(tmp_path: Path) -> None:
    rows = [
        ["ocid", "amount", "ok", "note"],
        ["ocds-x-1", 1_500_000, True, "a & b <c> \"d\" 'e'"],
        ["ocds-x-2", 2.5, False, "  spaced  "],
        ["ocds-x-3", None, None, "line\r\nbreak\ttab"],
        ["=SUM(A1:A2)", -7, 1e-05, "Rp 1.000.000,00 — Jalan Ahmad Yani, Kab. Contoh"],
    ]
    _write(tmp_path / "a.xlsx", {"main": rows, 'parties & co "x"': [["id"], ["p1"]]})
    back = _read(tmp_path / "a.xlsx")
    assert back == {"main": rows, 'parties & co "x"': [["id"], ["p1"]]}
    sheet = load_workbook(tmp_path / "a.xlsx")["main"]
    assert sheet["A5"].data_type == "s"  # text, not a formula
    assert isinstance(sheet["B2"].value, int) and isinstance(sheet["C2"].value, bool)


def test_empty_cells_keep_the_columns_of_the_others(tmp_path: Path) -> None:
    _write(tmp_path / "b.xlsx", {"main": [["a", "b", "c"], [None, None, "z"], ["x"]]})
    assert _read(tmp_path / "b.xlsx")["main"] == [["a", "b", "c"], [None, None, "z"], ["x", None, None]]


def test_a_sheet_without_rows(tmp_path: Path) -> None:
    with XlsxWriter(tmp_path / "c.xlsx", created=STAMP) as book:
        book.add_sheet("main", rows=0, columns=0)
    assert load_workbook(tmp_path / "c.xlsx").sheetnames == ["main"]


def test_the_rows_must_be_the_ones_announced(tmp_path: Path) -> None:
    book = XlsxWriter(tmp_path / "d.xlsx", created=STAMP)
    book.add_sheet("main", rows=1, columns=1)
    book.write_row(["a"])
    with pytest.raises(ValueError, match="more rows"):
        book.write_row(["b"])
    book.add_sheet("other", rows=2, columns=1)
    book.write_row(["a"])
    with pytest.raises(ValueError, match="1 rows fewer"):
        book.close()


def test_a_cell_of_another_type_is_refused(tmp_path: Path) -> None:
    with XlsxWriter(tmp_path / "e.xlsx", created=STAMP) as book:
        book.add_sheet("main", rows=1, columns=1)
        with pytest.raises(TypeError, match="dict"):
            book.write_row([{"a": 1}])
        book.write_row(["ok"])


def test_the_time_given_is_in_the_file_and_its_entries(tmp_path: Path) -> None:
    _write(tmp_path / "f.xlsx", {"main": [["a"]]})
    properties = load_workbook(tmp_path / "f.xlsx").properties
    assert properties.created == properties.modified == STAMP.replace(tzinfo=None)
    with zipfile.ZipFile(tmp_path / "f.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(2025, 11, 4, 8, 0, 0)}
        assert "[Content_Types].xml" in archive.namelist()


# Text that XML can hold (no control characters but tab, newline and carriage return; no U+FFFE/U+FFFF).
_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters=[*map(chr, range(9)), "\x0b", "\x0c"]).filter(
        lambda c: not ("\x0e" <= c <= "\x1f") and c not in "\ufffe\uffff"
    ),
    max_size=12,
)
_cells = st.one_of(
    _text,
    st.integers(-(2**53), 2**53),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)


# a row of the flattened data always has an id; an all-empty row has no cell for openpyxl to read back
_row = st.lists(_cells, min_size=3, max_size=3).filter(lambda row: any(cell not in (None, "") for cell in row))


def _empty_as_none(rows: list[list[Any]]) -> list[list[Any]]:
    """What is read back: an empty text is an empty cell, as ``None`` is."""
    return [[None if cell == "" else cell for cell in row] for row in rows]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_row, min_size=1, max_size=5))
def test_any_cells_read_back(tmp_path_factory: pytest.TempPathFactory, rows: list[list[Any]]) -> None:
    path = tmp_path_factory.mktemp("xlsx") / "g.xlsx"
    _write(path, {"main": rows})
    # openpyxl reads as many columns as the longest row has cells (trailing empty cells are not cells)
    back = [row + [None] * (3 - len(row)) for row in _read(path)["main"]]
    assert back == _empty_as_none(rows)
    assert [[type(cell) for cell in row] for row in back] == [[type(c) for c in row] for row in _empty_as_none(rows)]


def _says(row: list[Any]) -> dict[str, bool]:
    """What a caller may say of a row: no text to escape (plain), none with white space at an end (trimmed)."""
    texts = [cell for cell in row if isinstance(cell, str)]
    return {
        "plain": not any(mark in text for text in texts for mark in "&<>\r"),
        "trimmed": all(text.strip(" \t\r\n") == text for text in texts),
        "texts": all(cell is None or type(cell) is str for cell in row),
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_row, min_size=1, max_size=5))
def test_rows_said_plain_and_trimmed_read_back(tmp_path_factory: pytest.TempPathFactory, rows: list[list[Any]]) -> None:
    # a plain, trimmed row takes the one-step path (each text joined as it is, the row number put in after)
    path = tmp_path_factory.mktemp("xlsx") / "g.xlsx"
    with XlsxWriter(path, created=STAMP) as book:
        book.add_sheet("main", rows=len(rows), columns=3)
        for row in rows:
            book.write_row(row, **_says(row))
    back = [row + [None] * (3 - len(row)) for row in _read(path)["main"]]
    assert back == _empty_as_none(rows)
    assert [[type(cell) for cell in row] for row in back] == [[type(c) for c in row] for row in _empty_as_none(rows)]


_texty_cell = st.one_of(
    st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=0x24F, exclude_characters="&<>\x7f"), max_size=6),
    st.integers(-(2**53), 2**53),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(_texty_cell, min_size=4, max_size=4), min_size=1, max_size=6))
def test_rows_written_at_once_read_back(tmp_path_factory: pytest.TempPathFactory, rows: list[list[Any]]) -> None:
    # rows of texts (empty ones too) joined in one step, their cells without references; the numbers and
    # booleans (in the columns said to hold them) written as marked texts made values per batch
    rows = [row for row in rows if any(cell != "" for cell in row)] or [["x", 1, True, ""]]
    numbers = sorted({at for row in rows for at, cell in enumerate(row) if type(cell) is not str})
    path = tmp_path_factory.mktemp("xlsx") / "h.xlsx"
    with XlsxWriter(path, created=STAMP) as book:
        book.add_sheet("main", rows=len(rows) + 1, columns=4)
        book.write_row(["a", "b", "c", "d"])
        book.write_rows([list(row) for row in rows], plain=True, trimmed=True, texts=True, numbers=numbers)
    back = [row + [None] * (4 - len(row)) for row in _read(path)["main"][1:]]
    assert back == _empty_as_none(rows)
    assert [[type(cell) for cell in row] for row in back] == [[type(c) for c in row] for row in _empty_as_none(rows)]


def test_an_error_while_writing_is_the_one_raised(tmp_path: Path) -> None:
    # not the sheet's missing rows, which closing the unfinished workbook would otherwise report
    def write() -> None:
        with XlsxWriter(tmp_path / "e.xlsx", created=STAMP) as book:
            book.add_sheet("main", rows=3, columns=2)
            book.write_row(["a", "b"])
            book.write_row(["x", [1, 2]])

    with pytest.raises(TypeError, match="can't hold a list"):
        write()
