"""Flatten compiled releases into spreadsheets in flatten-tool's layout (XLSX or CSV).

The layout is the one flatten-tool (``flatten-tool flatten --root-id ocid --root-list-path releases``)
produces and reads back with ``unflatten``, so OCDS tools (flatten-tool, CoVE, the OCDS Data Review Tool)
understand it:

- a ``main`` sheet with one row per release, its columns JSON paths such as ``tender/value/amount``;
- one sheet per array of objects (``parties``, ``ten_items``, ``con_imp_transactions``...), one row per
  object, starting with the id columns that link it to its parents (``ocid``, ``id``, ``awards/0/id``...);
- arrays of strings or numbers joined with ``;`` in one cell;
- columns in the order flatten-tool gives them: the order in which the paths first appear in the data.

Rows are flattened one release at a time and spooled to temporary files, so memory does not grow with the
number of rows; each sheet is then streamed into the workbook by :mod:`ocds_regency.flatten.xlsx`. What a
spreadsheet can't hold is handled and said in :attr:`FlattenResult.notes`: a sheet past Excel's 1,048,576
rows continues in ``NAME_2``, ``NAME_3``...; a cell past 32,767 characters is truncated; characters a cell
can't hold (control characters) are removed. Text starting with ``=``, ``+``, ``-`` or ``@`` is written as text, never
as a formula (in CSV files, where a cell has no type, it gets a leading ``'``).

```python
from ocds_regency.flatten import Flattener

with Flattener() as flattener:
    for release in compiled_releases:
        flattener.add(release)
    result = flattener.write("publikasi.xlsx")
```
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from decimal import Decimal
from functools import cache
from itertools import chain
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal, NamedTuple

import orjson
import stringzilla

from ocds_regency._closing import ClosesOnExit
from ocds_regency.errors import OcdsRegencyError
from ocds_regency.read.limits import JsonGuard

if TYPE_CHECKING:
    from ocds_regency.flatten.xlsx import XlsxWriter

__all__ = [
    "EXCEL_MAX_CELL",
    "EXCEL_MAX_ROWS",
    "FlattenError",
    "FlattenResult",
    "Flattener",
    "Format",
    "flatten",
    "format_for",
    "has_compiled_releases",
    "indonesian_title",
    "sub_sheet_name",
]

#: Rows in one Excel worksheet, the header row included.
EXCEL_MAX_ROWS = 1_048_576
#: Characters in one Excel cell.
EXCEL_MAX_CELL = 32_767
#: Characters in an Excel sheet name.
EXCEL_MAX_SHEET_NAME = 31
#: The main sheet's name, as flatten-tool names it.
MAIN_SHEET = "main"
#: The first characters that make a spreadsheet program read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@")

Format = Literal["xlsx", "csv"]

_BASIC = (str, bool, int, float, Decimal, type(None))
_BASIC_TYPES = frozenset(_BASIC)
_LIST = frozenset([list])
# Characters a cell can't hold (XML 1.0 forbids them): C0 controls except tab, newline, return; U+FFFE, U+FFFF.
_ILLEGAL = dict.fromkeys([*range(9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF])
# In CSV text, each cell after a comma: a cell that starts like a formula (or a negative number: looked at again
# from its cells). Whether the text holds each start after a comma is asked of stringzilla (SIMD: ~25 times
# faster than a regular expression or str.find on the 500-release benchmark's text, where "-" is in every id
# and date but no cell starts with it); only then is it looked for by a regular expression, for where.
_AFTER_COMMA = tuple("," + start for start in FORMULA_START)
_FORMULA_SEARCHES = tuple((after, re.compile(re.escape(after))) for after in _AFTER_COMMA)
# Bytes of spooled rows read back at once.
_SPOOL_BLOCK = 1 << 18
# Rows of a sheet kept before they are written to its spool file at once.
_SPOOL_BATCH = 256
# What an entry of kept rows (Flattener.add_and_keep) starts with: entries of another format are not read.
_KEPT_FORMAT = "rows-2"


# Tests on a row's JSON line (orjson) for what may need a look cell by cell: each finds more than there is
# (e.g. an escaped quote or backslash before such characters), and only the rows it finds are looked at.
def _maybe_illegal(line: bytes) -> bool:
    """A character a cell can't hold: a control character (escaped by JSON) or U+FFFE, U+FFFF."""
    # A search for one byte runs at memory speed, one for two bytes several times slower: the rare byte first.
    escaped = b"\\" in line and (b"\\u" in line or b"\\b" in line or b"\\f" in line)
    return escaped or (b"\xef" in line and b"\xef\xbf" in line)


def _maybe_markup(line: bytes) -> bool:
    """A character XML escapes (``&``, ``<``, ``>``) or a carriage return."""
    return b"&" in line or b"<" in line or b">" in line or (b"\\" in line and b"\\r" in line)


class FlattenError(OcdsRegencyError):
    """The spreadsheet can't be written (the message names the file)."""


# The two results are named tuples, not dataclasses: a frozen dataclass compiles its methods when the module is
# imported (3.6 M instructions each, a tenth of what flatten adds to a run's start-up; docs/benchmarks.md).
class SheetSummary(NamedTuple):
    """One sheet (or CSV file) written: its name, its columns and its data rows."""

    name: str
    columns: int
    rows: int


class FlattenResult(NamedTuple):
    """What :meth:`Flattener.write` wrote.

    Attributes:
        path: the XLSX file, CSV directory or zip written.
        releases: releases flattened (rows of the main sheet).
        sheets: the sheets (CSV files) in order.
        notes: what the format could not hold and how it was handled, one line each.
    """

    path: Path
    releases: int
    sheets: tuple[SheetSummary, ...]
    notes: tuple[str, ...] = ()


def sub_sheet_name(parent_path: str, key: str, truncation: int = 3) -> str:
    """The sheet of the array ``key`` under ``parent_path`` (e.g. ``"contracts/0/implementation/"``).

    Like flatten-tool: each parent component cut to ``truncation`` characters, array indexes dropped, joined
    with ``_``: ``con_imp_transactions``.
    """
    parts = [part[:truncation] for part in parent_path.split("/") if part != "0"]
    return ("_".join(parts) + key).replace(":", "-")


@cache
def _titles_id() -> Mapping[str, str]:
    from importlib import resources  # here: only Indonesian titles need it

    titles: dict[str, str] = orjson.loads(
        resources.files("ocds_regency.schemas").joinpath("titles-id.json").read_bytes()
    )["titles"]
    return titles


def indonesian_title(path: str) -> str:
    """The Indonesian column title of a field path, flatten-tool style: ``Tender:Nilai:Jumlah``.

    Each component is the Indonesian title of the schema field of that name (``schemas/titles-id.json``);
    array indexes are dropped; a field without one keeps its name.
    """
    titles = _titles_id()
    return ":".join(titles.get(part, part) for part in path.split("/") if part != "0")


def format_for(output: str | os.PathLike[str], requested: str | None = None) -> Format:
    """The output format: ``requested``, else from the name (``.xlsx``: XLSX; a directory or ``.zip``: CSV)."""
    if requested is not None:
        if requested not in ("xlsx", "csv"):
            raise FlattenError(f"unknown spreadsheet format {requested!r}: use xlsx or csv")
        return "xlsx" if requested == "xlsx" else "csv"
    suffix = Path(output).suffix.lower()
    if suffix == ".xlsx":
        return "xlsx"
    if suffix in ("", ".zip", ".csv"):
        return "csv"
    raise FlattenError(f"{output}: can't tell the format from the name: give --format xlsx or csv")


class _Sheet:
    """A sheet being made: its columns, and its rows (spooled, or waiting to be)."""

    __slots__ = (
        "columns", "copied", "copied_size", "copied_width", "name", "numbers", "pending", "spool", "spooled", "texts",
    )  # fmt: skip

    def __init__(self, name: str) -> None:
        self.name = name
        self.columns: dict[str, int] = {}
        self.spooled = 0  # rows written to the spool files
        self.spool: IO[bytes] | None = None  # the rows as JSON (for XLSX)
        self.texts: IO[bytes] | None = None  # the rows as CSV text
        self.pending: list[list[Any]] = []  # finished rows not yet written to the spool file
        self.numbers: set[int] = set()  # the columns that hold a number or a boolean somewhere
        self.copied: list[bytes] = []  # plain CSV text of kept rows, not yet in the texts' spool
        self.copied_width = 0  # the columns of the copied text
        self.copied_size = 0  # its bytes

    @property
    def rows(self) -> int:
        """The sheet's rows so far."""
        return self.spooled + len(self.pending)

    def column(self, path: str) -> int:
        index = self.columns.get(path)
        if index is None:
            index = self.columns[path] = len(self.columns)
        return index


class _Node:
    """The column plan of the objects at one place (a sheet and a path such as ``awards/0/``), built as seen.

    Each field's column is found once per place, not once per object: the walk looks up a key in a small
    dict and writes the value at its index.
    """

    __slots__ = (
        "arrays", "columns", "deep", "id_column", "id_path", "objects", "path", "prefixes", "root_column", "sheet",
    )  # fmt: skip

    def __init__(self, sheet: _Sheet, path: str, id_name: str) -> None:
        self.sheet = sheet
        self.path = path
        self.id_path = path + id_name
        self.columns: dict[str, int] = {}  # key -> column of a scalar (or a joined array of scalars)
        self.objects: dict[str, _Node] = {}  # key -> the plan of the object under it (same sheet)
        self.arrays: dict[str, _Node] = {}  # key -> the plan of the objects of the array under it (own sheet)
        # the parents' id paths -> their columns in this (sub-)sheet, or None when they are its first columns
        self.prefixes: dict[tuple[str, ...], list[int] | None] = {}
        self.root_column = -1
        self.id_column = -1
        # objects here have held an array of objects: the walk does them at once, without trying _known first
        # (which would give up at that array, having done the fields before it for nothing)
        self.deep = False

    def column(self, key: str) -> int:
        """The column of the field ``key`` (made when first seen)."""
        index = self.columns[key] = self.sheet.column(self.path + key)
        return index

    def places(self, paths: tuple[str, ...]) -> list[int] | None:
        """The columns of the parents' ids (``paths``) in this (sub-)sheet, ``None`` when they are its first
        columns (made when first seen, then kept in :attr:`prefixes`)."""
        at = [self.sheet.column(path) for path in paths]
        columns = self.prefixes[paths] = None if at == list(range(len(at))) else at
        return columns


def _known(obj: Mapping[str, Any], node: _Node, row: list[Any]) -> bool:
    """Put the fields of an object in its row if they are all texts, numbers or such objects, with known columns
    (most objects after the first few); else say so, and the walk does it all (putting again what was put)."""
    columns = node.columns
    for key, value in obj.items():
        kind = type(value)
        if kind is str:  # the commonest: no other test
            try:
                row[columns[key]] = value
            except (KeyError, IndexError):  # a field not seen here before, a column first seen in this row
                return False
            continue
        if kind is dict:
            child = node.objects.get(key)
            if child is None or child.deep or not _known(value, child, row):
                return False
            continue
        if kind is not int and kind is not float:
            return False
        try:
            index = columns[key]
            row[index] = value
        except (KeyError, IndexError):
            return False
        node.sheet.numbers.add(index)
    return True


def _cell(value: Any) -> Any:
    """An id as a cell: a text, number or boolean as it is, null as an empty cell, anything else as its text."""
    if value is None:
        return ""
    return value if isinstance(value, _BASIC) else str(value)


def _put(row: list[Any], index: int, value: Any) -> None:
    """Set a cell of a row that is shorter than the column (a column first seen in this row)."""
    row.extend([""] * (index + 1 - len(row)))
    row[index] = value


class Flattener(ClosesOnExit):
    """Flatten releases one at a time; write them as XLSX, a directory of CSV files or a zip of them.

    Args:
        root_id: the field that identifies a root object (``ocid`` for OCDS), written first in every row.
        id_name: the field that identifies an object (``id``).
        titles: ``"id"`` for Indonesian column titles (see :func:`indonesian_title`) instead of field paths.
            Such a spreadsheet is for reading: flatten-tool reads back only field paths.
        max_rows: rows per XLSX sheet, header included (Excel's limit by default).
        max_cell: characters per XLSX cell (Excel's limit by default).
        timestamp: the creation time written in the files (default: now); the same rows and timestamp
            give the same bytes.
        formats: the formats that will be written (:meth:`write` refuses others). CSV alone is cheaper: the
            rows are spooled as CSV text as they are made.

    Use it as a context manager (the spool files are removed on exit), or call :meth:`close`.
    """

    def __init__(
        self,
        *,
        root_id: str = "ocid",
        id_name: str = "id",
        titles: Literal["id"] | None = None,
        max_rows: int = EXCEL_MAX_ROWS,
        max_cell: int = EXCEL_MAX_CELL,
        timestamp: dt.datetime | None = None,
        formats: Collection[Format] = ("xlsx", "csv"),
    ) -> None:
        if max_rows < 2:
            raise ValueError("max_rows must leave room for a header and a row")
        if not formats or not set(formats) <= {"xlsx", "csv"}:
            raise ValueError(f"formats must be xlsx, csv or both, not {formats!r}")
        self.timestamp = (timestamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
        self.root_id = root_id
        self.id_name = id_name
        self.titles = titles
        self.max_rows = max_rows
        self.max_cell = max_cell
        self._files = contextlib.ExitStack()
        self._directory = self._files.enter_context(tempfile.TemporaryDirectory(prefix="ocds-regency-flatten-"))
        self._sheets: dict[str, _Sheet] = {}
        self._root = _Node(self._sheet(MAIN_SHEET), "", id_name)
        self.releases = 0
        self.skipped: list[str] = []
        self._kept: dict[str, list[list[Any]]] | None = None  # the rows made, by sheet (see add_and_keep)
        self._digests: dict[tuple[str, int], str] = {}  # (sheet, count) -> digest of its first columns
        self._places: dict[tuple[str, str], list[int]] = {}  # (sheet, digest of a column list) -> their places
        self.formats: frozenset[Format] = frozenset(formats)
        # For CSV the rows are spooled as CSV text, made as they are flushed, not as JSON decoded again; for XLSX
        # as JSON. Both: both spools (cheaper than the CSV made from the JSON rows, docs/benchmarks.md).
        self._rows_spool = "xlsx" in self.formats
        self._text_spool = "csv" in self.formats

    # -- flattening -----------------------------------------------------------------------------------------

    def _sheet(self, name: str) -> _Sheet:
        sheet = self._sheets.get(name)
        if sheet is None:
            sheet = self._sheets[name] = _Sheet(name)
        return sheet

    def add(self, release: Mapping[str, Any] | None, where: str = "") -> None:
        """Flatten one release (or any JSON object) into its rows; anything else is noted in :attr:`skipped`.

        Args:
            release: the release.
            where: where it was read, for the note if it is not a JSON object.
        """
        if not isinstance(release, Mapping):
            self.skipped.append(f"{where or f'item {self.releases + len(self.skipped) + 1}'}: not a JSON object")
            return
        root = self._root
        row = [""] * len(root.sheet.columns)
        self._object(release, root, row, (), ())
        self._spool(root.sheet, row)
        self.releases += 1

    def add_and_keep(self, release: Mapping[str, Any]) -> tuple[bytes, dict[str, list[str]]]:
        """:meth:`add` one release, and return an entry of its rows that :meth:`add_kept` adds to a later
        flattener (with the same settings) exactly as :meth:`add` would, when that flattener already has
        every sheet and column the entry was made with (e.g. the same releases came before it); and the
        column lists the entry names by their digest (many entries share one: keep each once).

        The entry holds each sheet's rows as they are spooled (a JSON line, as wide as the sheet then was) and
        as CSV text (see :func:`_csv_batch`), so that a flattener with the same columns copies both as they are.
        """
        if not self._rows_spool:
            raise ValueError("rows are kept as the XLSX writer reads them: not with formats=('csv',)")
        skipped = len(self.skipped)
        kept: dict[str, list[list[Any]]] = {}
        self._kept = kept
        try:
            self.add(release)
        finally:
            self._kept = None
        sheets: list[list[Any]] = []
        parts: list[bytes] = []
        lists: dict[str, list[str]] = {}
        for name, made in kept.items():
            columns = list(self._sheets[name].columns)
            count = len(columns)
            digest = self._digest(name, count)
            lists[digest] = columns
            # the rows as a walk now would make them: as wide as the sheet (those made before a column was
            # first seen are shorter, and may have been padded since by a flush)
            rows = [cells + [""] * (count - len(cells)) for cells in made]
            # the columns where the release put a number or a boolean (the writers make them values)
            numbers = sorted({index for cells in rows for index, cell in enumerate(cells) if type(cell) is not str})
            line = _rows_line(rows)
            text, plain = _csv_batch([cells.copy() for cells in rows], count, numbers)
            sheets.append([name, digest, count, numbers, len(rows), len(line), len(text), plain])
            parts += (line, text)
            # The release's rows are spooled as one batch, as add_kept copies them: the spool files (and so the
            # files written) are the same whether a release was flattened or its rows were kept.
            sheet = self._sheets[name]
            if len(sheet.pending) == len(made) and all(len(cells) == count for cells in made):
                sheet.pending.clear()  # they are the entry's rows: spooled as the entry keeps them
                self._copy_kept(sheet, line, text, len(rows), plain)
            else:
                self._flush(sheet)
        head = orjson.dumps([_KEPT_FORMAT, self.skipped[skipped:], list(self._sheets), sheets])
        return b"".join([head, b"\n", *parts]), lists

    def add_kept(self, entry: bytes, columns: Callable[[str], list[str] | None]) -> bool:
        """Add the rows of a release kept by :meth:`add_and_keep`; ``False`` (nothing added) when this
        flattener lacks a sheet or column the entry was made with: then :meth:`add` the release (a walk would
        have made them, in its own order). ``columns`` gives a column list by its digest (``None``: unknown).

        Where a sheet has exactly the columns the entry was made with (a re-publication, mostly), its rows are
        copied into the spool files as the entry keeps them, not decoded; elsewhere they are placed by column.

        Raises:
            ValueError: the entry can't be read.
        """
        head, _, data = entry.partition(b"\n")
        try:
            form, skipped, sheet_names, sheets = orjson.loads(head)
            if form != _KEPT_FORMAT:
                raise ValueError("another format")
        except (orjson.JSONDecodeError, TypeError, ValueError) as exc:
            raise ValueError(f"not an entry of kept rows: {exc}") from None
        if any(name not in self._sheets for name in sheet_names):
            return False
        plans: list[tuple[_Sheet, list[int] | None, bytes, bytes, list[Any]]] = []
        at = 0
        for name, digest, count, numbers, rows, line_size, text_size, plain in sheets:
            line, text = data[at : at + line_size], data[at + line_size : at + line_size + text_size]
            at += line_size + text_size
            sheet = self._sheets[name]
            if len(sheet.columns) >= count and self._digest(name, count) == digest:
                plans.append((sheet, None, line, text, [count, numbers, rows, plain]))  # the same columns, places
                continue
            places = self._places.get((name, digest))
            if places is None:
                listed = columns(digest)
                if listed is None or len(listed) != count:
                    return False
                places = [sheet.columns.get(path, -1) for path in listed]
                if -1 in places:
                    return False
                self._places[(name, digest)] = places  # columns never move: valid for the rest of the run
            plans.append((sheet, places, line, text, [count, numbers, rows, plain]))
        for sheet, places, line, text, (count, numbers, rows, plain) in plans:
            sheet.numbers.update(numbers if places is None else (places[index] for index in numbers))
            if places is None and len(sheet.columns) == count:
                self._copy_kept(sheet, line, text, rows, plain)
            else:
                self._place_kept(sheet, places, line)
        self.skipped.extend(skipped)
        self.releases += 1
        return True

    def _copy_kept(self, sheet: _Sheet, line: bytes, text: bytes, rows: int, plain: bool) -> None:
        """Write kept rows as they are: the JSON line to the rows' spool, the CSV text to the texts' (after the
        rows waiting, so that the order is kept)."""
        if sheet.pending:
            self._flush(sheet)
        sheet.spooled += rows
        if self._rows_spool:
            if sheet.spool is None:
                sheet.spool = self._spool_file()
            sheet.spool.write(line)
        if self._text_spool:
            width = len(sheet.columns)
            if sheet.copied and (width != sheet.copied_width or not plain):
                self._write_copied(sheet)
            if not plain:  # the rows as a JSON array of texts: a batch of its own
                self._write_texts(sheet, width, text, plain=False)
                return
            # consecutive kept rows' texts are one batch (up to a spool block): fewer batches to copy at the end
            sheet.copied.append(text)
            sheet.copied_width = width
            sheet.copied_size += len(text)
            if sheet.copied_size >= _SPOOL_BLOCK:
                self._write_copied(sheet)

    def _write_copied(self, sheet: _Sheet) -> None:
        """Write the copied CSV text waiting (see :meth:`_copy_kept`) as one batch."""
        if sheet.copied:
            self._write_texts(sheet, sheet.copied_width, b"".join(sheet.copied), plain=True)
            sheet.copied.clear()
            sheet.copied_size = 0

    def _write_texts(self, sheet: _Sheet, width: int, text: bytes, *, plain: bool) -> None:
        """Write a batch of rows' CSV text to the texts' spool (its line ``WIDTH SIZE PLAIN``, then the text)."""
        if sheet.texts is None:
            sheet.texts = self._spool_file()
        sheet.texts.write(b"%d %d %d\n" % (width, len(text), plain))
        sheet.texts.write(text)

    def _place_kept(self, sheet: _Sheet, places: list[int] | None, line: bytes) -> None:
        """Add kept rows cell by cell: as wide as the sheet now is, each cell in its column (``places``: the
        entry's columns in this sheet; ``None``: the same places)."""
        width = len(sheet.columns)  # a walk's rows are as wide as the sheet when they are made
        rows = []
        for cells in orjson.loads(line):
            if places is None:
                rows.append(cells + [""] * (width - len(cells)))
                continue
            row: list[Any] = [""] * width
            for index, value in zip(places, cells, strict=False):
                row[index] = value
            rows.append(row)
        self._flush(sheet)  # the rows before, then these as one batch (as add_and_keep spools a release's)
        sheet.pending += rows
        self._flush(sheet)

    def _digest(self, sheet: str, count: int) -> str:
        """A digest of the first ``count`` columns of a sheet (they never change: columns are only added)."""
        key = (sheet, count)
        found = self._digests.get(key)
        if found is None:
            columns = list(self._sheets[sheet].columns)[:count]
            import hashlib  # here: only keeping rows (publish with a store) needs it

            found = self._digests[key] = hashlib.sha256(orjson.dumps(columns)).hexdigest()
        return found

    def add_all(self, releases: Iterable[Mapping[str, Any]]) -> None:
        """Flatten each release in turn."""
        for release in releases:
            self.add(release)

    def _object(
        self, obj: Mapping[str, Any], node: _Node, row: list[Any], id_paths: tuple[str, ...], id_values: tuple[Any, ...]
    ) -> None:
        # The same walk as flatten-tool's JSONParser.parse_json_dict, so that columns come in the same order:
        # the parents' ids first (in a sub-sheet, put in the row by its maker), then this object's ocid and id,
        # then the fields as they come. Cells are text, numbers or booleans; an empty cell (no field, null or
        # an empty text) is "" (CSV never told them apart; an XLSX cell is then left out), so that a row of
        # texts is joined in one step when written.
        root_id = self.root_id
        id_name = self.id_name
        if node.root_column < 0 and root_id in obj:
            node.root_column = node.sheet.column(root_id)
        if node.id_column < 0 and id_name in obj:
            node.id_column = node.sheet.column(node.id_path)
        ids: tuple[tuple[str, ...], tuple[Any, ...]] | None = None  # with this object's: made when needed
        columns = node.columns
        for key, value in obj.items():
            kind = type(value)
            if kind is str:
                try:  # free in Python 3.11 when nothing is raised: cheaper than a get and a comparison
                    row[columns[key]] = value
                except KeyError:  # a field first seen here
                    _put(row, node.column(key), value)
                except IndexError:  # a column first seen in this row
                    _put(row, columns[key], value)
                continue
            if kind is dict:
                child = node.objects.get(key)
                if child is None:
                    child = node.objects[key] = _Node(node.sheet, f"{node.path}{key}/", id_name)
                elif not child.deep and _known(value, child, row):
                    continue
                if ids is None:
                    ids = self._ids(obj, node, id_paths, id_values)
                self._object(value, child, row, *ids)
                continue
            if kind is list:
                if value and type(value[0]) is dict:  # an array of objects (as its first item is): a sheet
                    if ids is None:
                        ids = self._ids(obj, node, id_paths, id_values)
                    self._array(value, node, key, ids)
                    continue
                try:  # texts (or none), the commonest: joined (free in Python 3.11 when nothing is raised)
                    value = ";".join(value)
                except TypeError:
                    kinds = set(map(type, value))
                    if kinds <= _BASIC_TYPES:
                        value = ";".join(map(_text, value))
                    elif kinds == _LIST and all(set(map(type, item)) <= _BASIC_TYPES for item in value):
                        value = ";".join(",".join(map(_text, item)) for item in value)
                    else:
                        if ids is None:
                            ids = self._ids(obj, node, id_paths, id_values)
                        self._array(value, node, key, ids)
                        continue
                kind = str
            elif kind not in _BASIC_TYPES:
                if isinstance(value, Mapping):
                    if ids is None:
                        ids = self._ids(obj, node, id_paths, id_values)
                    child = node.objects.get(key)
                    if child is None:
                        child = node.objects[key] = _Node(node.sheet, f"{node.path}{key}/", id_name)
                    self._object(value, child, row, *ids)
                    continue
                if not isinstance(value, _BASIC):
                    continue
            index = columns.get(key)
            if index is None:
                index = node.column(key)
            if value is None:
                value = ""
            elif kind is not str:
                node.sheet.numbers.add(index)
            try:
                row[index] = value
            except IndexError:
                _put(row, index, value)

    def _ids(
        self, obj: Mapping[str, Any], node: _Node, paths: tuple[str, ...], values: tuple[Any, ...]
    ) -> tuple[tuple[str, ...], tuple[Any, ...]]:
        """The ids the objects under ``obj`` inherit: its parents', and its own ocid and id (as cells: null
        is an empty one, an array or object its text)."""
        if self.root_id in obj:
            paths, values = _with_id(paths, values, self.root_id, _cell(obj[self.root_id]))
        if self.id_name in obj:
            value = obj[self.id_name]
            path = node.id_path
            if type(value) is str and path not in paths:  # the commonest: a text, the first id of this path
                return (*paths, path), (*values, value)
            paths, values = _with_id(paths, values, path, _cell(value))
        return paths, values

    def _array(self, value: list[Any], node: _Node, key: str, ids: tuple[tuple[str, ...], tuple[Any, ...]]) -> None:
        """The objects of an array: one row each in the array's own sheet."""
        node.deep = True
        items = node.arrays.get(key)
        if items is None:
            items = node.arrays[key] = _Node(
                self._sheet(sub_sheet_name(node.path, key)), f"{node.path}{key}/0/", self.id_name
            )
        sheet = items.sheet
        paths, values = ids
        columns = sheet.columns
        # Each item's row starts as a copy of a row with the parents' ids in their columns (as wide as the sheet is).
        try:
            places = items.prefixes[paths]
        except KeyError:
            places = items.places(paths)
        if places is None:  # the ids are the first columns, as they nearly always are
            blank = [*values, *[""] * (len(columns) - len(values))]
        else:
            blank = [""] * len(columns)
            for column, cell in zip(places, values, strict=True):
                blank[column] = cell
        try:
            "".join(values)  # the ids are texts, nearly always: one call in C looks at them all
        except TypeError:  # an id that is a number (or worse)
            sheet.numbers.update(at for at, cell in enumerate(blank) if type(cell) is not str)
        copy = blank.copy
        width = len(blank)
        pending = sheet.pending
        kept = self._kept
        for item in value:
            if type(item) is dict or isinstance(item, Mapping):
                row = copy()
                if items.deep or not _known(item, items, row):
                    self._object(item, items, row, paths, values)  # (only this makes columns: _known does not)
                    if len(columns) != width:  # a column first seen here: the next rows as wide as the sheet now is
                        blank += [""] * (len(columns) - width)
                        width = len(blank)
                pending.append(row)  # as _spool does
                if kept is not None:
                    kept.setdefault(sheet.name, []).append(row)
            elif item is not None:
                where = values[paths.index(self.root_id)] if self.root_id in paths else "?"
                self.skipped.append(f"{where}: {node.path}{key}: an item that is not an object")
        if kept is None and len(pending) >= _SPOOL_BATCH:  # (a release being kept: spooled whole, see add_and_keep)
            self._flush(sheet)

    def _spool(self, sheet: _Sheet, row: list[Any]) -> None:
        """Keep a finished row; the sheet's rows are written to its spool file in batches (those of a release being
        kept all at once: see :meth:`add_and_keep`)."""
        pending = sheet.pending
        pending.append(row)
        kept = self._kept
        if kept is not None:
            kept.setdefault(sheet.name, []).append(row)
        elif len(pending) >= _SPOOL_BATCH:
            self._flush(sheet)

    def _flush(self, sheet: _Sheet) -> None:
        """Write the kept rows of a sheet to its spool file: one JSON line, the array of the rows (for CSV alone:
        a line ``WIDTH SIZE PLAIN`` and the rows' CSV text, see :meth:`_csv_batch`), after the copied text."""
        self._write_copied(sheet)
        pending = sheet.pending
        if not pending:
            return
        sheet.spooled += len(pending)
        if self._rows_spool:  # first: the CSV text's making pads the rows
            if sheet.spool is None:
                sheet.spool = self._spool_file()
            sheet.spool.write(_rows_line(pending))
        if self._text_spool:
            if sheet.texts is None:
                sheet.texts = self._spool_file()
            data, plain = _csv_batch(pending, len(sheet.columns), sorted(sheet.numbers))
            self._write_texts(sheet, len(sheet.columns), data, plain=plain)
        pending.clear()

    def _spool_file(self) -> IO[bytes]:
        """A temporary file, removed by :meth:`close`."""
        return self._files.enter_context(tempfile.TemporaryFile(dir=self._directory))

    # -- writing --------------------------------------------------------------------------------------------

    def _blocks(self, sheet: _Sheet) -> Iterator[tuple[bytes, list[list[Any]]]]:
        """The spooled rows of a sheet, a block at a time: the block's JSON text (lines of batches of rows, for
        what it may hold) and the rows' cells (as many as the row had columns when it was spooled; pad them to
        the sheet's width)."""
        self._flush(sheet)
        if sheet.spool is None:
            return
        sheet.spool.seek(0)
        read = sheet.spool.read
        rest = b""
        while True:
            data = read(_SPOOL_BLOCK)
            if not data:
                break
            cut = data.rfind(b"\n") + 1
            if not cut:  # a row longer than a block
                rest += data
                continue
            block = rest + data[:cut]
            rest = data[cut:]
            # one call for the block: a line break stands only between batches (JSON escapes those in texts)
            yield block, list(chain.from_iterable(orjson.loads(b"[" + block[:-1].replace(b"\n", b",") + b"]")))
        if rest:
            yield rest, orjson.loads(rest)
        sheet.spool.seek(0, io.SEEK_END)

    def _header(self, sheet: _Sheet) -> list[str]:
        if self.titles == "id":
            return [indonesian_title(path) for path in sheet.columns]
        return list(sheet.columns)

    def write(self, output: str | os.PathLike[str], fmt: Format | None = None) -> FlattenResult:
        """Write everything added so far to ``output``, atomically (a temporary file renamed on success).

        Args:
            output: an ``.xlsx`` file; for CSV, a directory (created; one file per sheet) or a ``.zip``.
            fmt: the format; default from the name (see :func:`format_for`).

        Raises:
            FlattenError: the output can't be written.
        """
        target = Path(output)
        fmt = format_for(target, fmt)
        if fmt not in self.formats:
            raise FlattenError(f"{output}: this flattener was made for {', '.join(sorted(self.formats))}, not {fmt}")
        try:
            if fmt == "xlsx":
                return self._write_atomic(target, self._write_xlsx)
            if target.suffix.lower() == ".zip":
                return self._write_atomic(target, self._write_zip)
            return self._write_csv_directory(target)
        except OSError as exc:
            raise FlattenError(f"{output}: can't write: {exc.strerror or exc}") from exc

    def _write_atomic(self, target: Path, writer: Any) -> FlattenResult:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        os.close(handle)
        try:
            sheets, notes = writer(Path(temporary))
            os.chmod(temporary, 0o666 & ~_umask())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return FlattenResult(target, self.releases, tuple(sheets), (*self.skipped, *notes))

    def _write_xlsx(self, path: Path) -> tuple[list[SheetSummary], list[str]]:
        notes: list[str] = []
        summaries: list[SheetSummary] = []
        names = _sheet_names(self._sheets, notes)
        per_sheet = self.max_rows - 1
        max_cell = self.max_cell
        # Imported here: a CSV run does not pay for zipfile.
        from ocds_regency.flatten.xlsx import XlsxWriter, escaped

        with XlsxWriter(path, created=self.timestamp) as book:
            for sheet in self._sheets.values():
                base = names[sheet.name]
                numbers = sorted(sheet.numbers)
                # A column's name (a JSON path) is cut only at Excel's own limit: max_cell is for the data.
                header = self._fit(self._header(sheet), base, 1, self._header(sheet), notes, EXCEL_MAX_CELL)
                left = sheet.rows
                part = 0
                in_part = per_sheet  # a sheet (part) is started before the first row, and after per_sheet rows
                number = 0
                for block, rows in self._blocks(sheet):
                    lines = _Lines(rows)
                    # What the rows' JSON lines may hold, looked for in the whole block first (see _maybe_*):
                    # mostly nothing, and then no row is looked at on its own.
                    illegal, markup = _maybe_illegal(block), _maybe_markup(block)
                    # (two-byte searches by stringzilla, SIMD: CPython's scan the block at ~1 byte a step)
                    trimmed = (
                        b"\\" not in block
                        and not stringzilla.contains(block, b'" ')
                        and not stringzilla.contains(block, b' "')
                    )
                    if in_part == per_sheet:
                        part += 1
                        self._start_part(book, base, part, header, min(left, per_sheet), summaries, notes)
                        in_part = 0
                    if (
                        trimmed
                        and not illegal
                        and len(rows) <= per_sheet - in_part
                        and (len(block) <= max_cell or _fits(block, max_cell) or max(map(len, lines)) <= max_cell)
                    ):  # nothing to look at in any row but markup (escaped first): the block is written at once
                        if markup:
                            pairs = zip(lines, rows, strict=True)
                            rows = [escaped(row) if _maybe_markup(line) else row for line, row in pairs]
                        book.write_rows(rows, plain=True, trimmed=True, texts=True, numbers=numbers)
                        number += len(rows)
                        in_part += len(rows)
                        left -= len(rows)
                        continue
                    for line, cells in zip(lines, rows, strict=True):
                        number += 1
                        if in_part == per_sheet:
                            part += 1
                            self._start_part(book, base, part, header, min(left, per_sheet), summaries, notes)
                            in_part = 0
                        if len(line) > max_cell or (illegal and _maybe_illegal(line)):
                            cells = self._fit(cells, base, number + 1, header, notes)
                        book.write_row(
                            cells,
                            plain=not (markup and _maybe_markup(line)),
                            trimmed=trimmed or (b"\\" not in line and b'" ' not in line and b' "' not in line),
                            texts=not numbers,
                        )
                        in_part += 1
                        left -= 1
                if part == 0:  # no rows: the header alone
                    self._start_part(book, base, 1, header, 0, summaries, notes)
        return summaries, notes

    def _start_part(
        self,
        book: XlsxWriter,
        base: str,
        part: int,
        header: list[str],
        rows: int,
        summaries: list[SheetSummary],
        notes: list[str],
    ) -> None:
        """Add the sheet of a part (``base``, then ``base_2``...) with its header row."""
        name = base if part == 1 else _part_name(base, part)
        if part > 1:
            per_sheet = self.max_rows - 1
            notes.append(
                f"sheet {base}: more than {per_sheet:,} rows, the rest continue in sheet {name} "
                f"/ lebih dari {per_sheet:,} baris, sisanya di lembar {name}"
            )
        book.add_sheet(name, rows=rows + 1, columns=len(header))
        book.write_row(header)
        summaries.append(SheetSummary(name, len(header), rows))

    def _fit(
        self, cells: list[Any], sheet: str, row: int, header: list[str], notes: list[str], limit: int | None = None
    ) -> list[Any]:
        """The cells with what Excel can't hold removed (control characters) or cut (past the limit), noted."""
        for index, value in enumerate(cells):
            if type(value) is not str:
                continue
            text = value
            if not text.isprintable():
                cleaned = text.translate(_ILLEGAL)
                if cleaned != text:
                    notes.append(
                        f"sheet {sheet}, row {row}, column {header[index]}: control characters removed "
                        "/ karakter kontrol dihapus"
                    )
                    text = cleaned
            most = self.max_cell if limit is None else limit
            if len(text) > most:
                notes.append(
                    f"sheet {sheet}, row {row}, column {header[index]}: {len(text):,} characters truncated to "
                    f"{most:,} / teks dipotong menjadi {most:,} karakter"
                )
                text = text[:most]
            cells[index] = text
        return cells

    def _csv_files(self) -> Iterator[tuple[str, _Sheet]]:
        notes: list[str] = []
        names = _sheet_names(self._sheets, notes, limit=None)
        for sheet in self._sheets.values():
            yield names[sheet.name] + ".csv", sheet

    def _write_csv(self, raw: IO[bytes], sheet: _Sheet) -> SheetSummary:
        """Write a sheet as a CSV file (UTF-8, lines ending CRLF, as the csv module writes them)."""
        header = self._header(sheet)
        data, plain = _csv_batch([header.copy()], len(header), [])  # the one CSV writer, for the header too
        raw.write(data if plain else "".join(orjson.loads(data)).encode("utf-8"))
        if self._text_spool:
            self._copy_csv(raw, sheet)
        else:
            self._csv_from_rows(raw, sheet)
        return SheetSummary(sheet.name, len(header), sheet.rows)

    def _copy_csv(self, raw: IO[bytes], sheet: _Sheet) -> None:
        """Copy a sheet's spooled CSV text, each batch's rows made as wide as the sheet now is."""
        self._flush(sheet)
        spool = sheet.texts
        if spool is None:
            return
        spool.seek(0)
        width = len(sheet.columns)
        while line := spool.readline():
            made, size, plain = map(int, line.split())
            data = spool.read(size)
            if made < width:
                pad = b"," * (width - made)
                if plain:  # rows end with CRLF, and no cell holds one
                    data = data.replace(b"\r\n", pad + b"\r\n")
                else:  # the rows, each with its line end, as a JSON array of texts
                    data = b"".join(row[:-2] + pad + b"\r\n" for row in map(str.encode, orjson.loads(data)))
            elif not plain:
                data = "".join(orjson.loads(data)).encode()
            raw.write(data)
        spool.seek(0, io.SEEK_END)

    def _csv_from_rows(self, raw: IO[bytes], sheet: _Sheet) -> None:
        """Write a sheet's spooled rows (JSON) as CSV, a block at a time (see :func:`_csv_batch`)."""
        width = len(sheet.columns)
        numbers = sorted(sheet.numbers)
        for _, rows in self._blocks(sheet):
            data, plain = _csv_batch(rows, width, numbers)
            raw.write(data if plain else "".join(orjson.loads(data)).encode("utf-8"))

    def _write_zip(self, path: Path) -> tuple[list[SheetSummary], list[str]]:
        summaries = []
        import zipfile  # here: a run writing CSV files or XLSX does not pay for it

        from ocds_regency.flatten.xlsx import zip_entry

        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, sheet in self._csv_files():
                with archive.open(zip_entry(name, self.timestamp), "w", force_zip64=True) as raw:
                    summaries.append(self._write_csv(raw, sheet))
        return summaries, []

    def _write_csv_directory(self, directory: Path) -> FlattenResult:
        directory.mkdir(parents=True, exist_ok=True)
        summaries = []
        for name, sheet in self._csv_files():
            target = directory / name
            handle, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=directory)
            try:
                with os.fdopen(handle, "wb") as stream:
                    summaries.append(self._write_csv(stream, sheet))
                os.chmod(temporary, 0o666 & ~_umask())
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        return FlattenResult(directory, self.releases, tuple(summaries), tuple(self.skipped))

    # -- lifetime -------------------------------------------------------------------------------------------

    def close(self) -> None:
        """Remove the spooled rows."""
        self._files.close()


def _csv_batch(rows: list[list[Any]], width: int, numbers: list[int]) -> tuple[bytes, bool]:
    """Rows as CSV text, byte for byte what the csv module writes for them (padded to ``width`` cells, formula-like
    texts with a leading quote, numbers and booleans as their JSON spool would give them back), and whether the
    text is plain: each row ending with CRLF and no cell holding a line break; otherwise the rows as a JSON
    array of texts, each with its line end. Changes the rows."""
    if min(map(len, rows), default=width) < width:  # a row made before a column was first seen (rarely; C looks)
        for cells in rows:
            if len(cells) < width:
                cells += [""] * (width - len(cells))
    lines = rows
    if numbers:  # numbers as texts, in copies: a row that looks like a formula is looked at again from its cells
        lines = []
        for cells in rows:
            texts = None
            for at in numbers:
                value = cells[at]
                kind = type(value)
                if kind is not str:
                    if texts is None:
                        texts = cells.copy()
                    texts[at] = str(value) if kind is float or kind is int else _number_text(value)
            lines.append(cells if texts is None else texts)
    joined = list(map(",".join, lines))
    count = len(rows)
    # The cells, each after a comma but the first: the rows joined by commas too. Without a quote, a line break
    # or a comma in any text (one comma between two cells), no cell needs quoting: the rows are joined, without
    # the csv module's character-by-character look at each cell. (A search for one character runs at memory
    # speed; the commas are counted by stringzilla, twice as fast as str.count.)
    cells_text = ",".join(joined)
    plain = (
        '"' not in cells_text
        and "\n" not in cells_text
        and "\r" not in cells_text
        and stringzilla.count(cells_text, ",") == width * count - 1
        and (width > 1 or "" not in joined)  # a row of one empty cell is written ""
    )
    if plain:
        quoted: dict[int, list[str]] = {}  # rows with a formula-like text: their cells, quoted
        for row, column in _formula_cells(cells_text, rows, width):
            texts = quoted.get(row)
            if texts is None:
                texts = quoted[row] = list(lines[row])
            texts[column] = "'" + texts[column]
        for row, texts in quoted.items():
            joined[row] = ",".join(texts)
        joined.append("")  # the last row's line end
        return "\r\n".join(joined).encode("utf-8"), True
    import csv  # here: most batches need no quoting, and a run whose batches need none does not pay for it

    out = io.StringIO(newline="")
    writerow = csv.writer(out, lineterminator="\r\n").writerow
    made: list[str] = []
    separators = width - 1
    # Rows are looked at for a formula-like text only when the batch holds one (looked for as in a plain batch;
    # a text holding a comma may make it find more than there is, never less).
    formulas = cells_text.startswith(FORMULA_START) or any(stringzilla.contains(cells_text, s) for s in _AFTER_COMMA)
    for original, cells, line in zip(rows, lines, joined, strict=True):
        # from the cells: a number (-1) is not quoted, a wide integer's digits are
        if formulas and (line.startswith(FORMULA_START) or any(start in line for start in _AFTER_COMMA)):
            cells = _quoted([_wide(cell) for cell in original])
            for at in numbers:
                if type(cells[at]) is not str:
                    cells[at] = _number_text(cells[at])
            line = ",".join(cells)
        clean = '"' not in line and "\n" not in line and "\r" not in line and (line or width > 1)
        if clean and line.count(",") == separators:
            made.append(line + "\r\n")
            continue
        writerow(cells)
        made.append(out.getvalue())
        out.seek(0)
        out.truncate()
    return orjson.dumps(made), False


def _formula_cells(cells_text: str, rows: list[list[Any]], width: int) -> Iterator[tuple[int, int]]:
    """The row and column of each text that starts like a formula, in ``cells_text``: the cells of ``rows``
    (``width`` each, none holding a comma), joined by commas. The cells are looked up by their place, so a
    number (-1) is not quoted."""
    starts: list[int] = [0] if cells_text.startswith(FORMULA_START) else []  # where such cells start
    for after, search in _FORMULA_SEARCHES:
        if stringzilla.contains(cells_text, after):  # mostly not: no regular expression runs over the text
            starts += [match.end() - 1 for match in search.finditer(cells_text)]
    starts.sort()
    cell = counted = 0
    for at in starts:  # the cell starting there is the one after the commas before it
        cell += cells_text.count(",", counted, at)
        counted = at
        row, column = divmod(cell, width)
        value = rows[row][column]
        if type(value) is str or _wide(value) is not value:  # a text, or an integer written as its digits
            yield row, column


def _number_text(value: Any) -> str:
    """A number or boolean cell as CSV text, as it comes back from the JSON spool (a decimal as a float or an
    integer; an integer beyond 64 bits as its digits)."""
    if type(value) is float or type(value) is int:
        return str(value)
    if isinstance(value, Decimal):
        return str(_json_default(value))
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return str(float(value))
    return str(value)


def _quoted(cells: list[Any]) -> list[Any]:
    """CSV cells with a ``'`` before each text that a spreadsheet program would take for a formula."""
    return ["'" + value if type(value) is str and value.startswith(FORMULA_START) else value for value in cells]


class _Lines:
    """The JSON text of each row of a block, made only if looked at (before the rows are changed but padded)."""

    __slots__ = ("_lines", "_rows")

    def __init__(self, rows: list[list[Any]]) -> None:
        self._rows = rows
        self._lines: list[bytes] | None = None

    def __iter__(self) -> Iterator[bytes]:
        if self._lines is None:
            self._lines = [orjson.dumps(row, default=_json_default) for row in self._rows]
        return iter(self._lines)


def _fits(block: bytes, limit: int) -> bool:
    """Whether no line of a spooled block (a batch of rows, as one JSON array) is longer than ``limit``: then no
    row's JSON text is (each is a part of its batch's line), and the rows need not be serialised one by one to
    know it."""
    return max(map(len, block.split(b"\n"))) <= limit


def _rows_line(rows: list[list[Any]]) -> bytes:
    """Rows as the spool keeps them: one JSON line, the array of the rows."""
    try:
        return orjson.dumps(rows, default=_json_default, option=orjson.OPT_APPEND_NEWLINE)
    except orjson.JSONEncodeError:
        # an integer beyond 64 bits: no spreadsheet number holds it, so its digits are written as text
        wide = [[_wide(cell) for cell in row] for row in rows]
        return orjson.dumps(wide, default=_json_default, option=orjson.OPT_APPEND_NEWLINE)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _text(value: Any) -> str:
    # How flatten-tool writes the items of an array of strings or numbers: Python's str().
    return str(value)


def _with_id(
    paths: tuple[str, ...], values: tuple[Any, ...], path: str, value: Any
) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """The ids with ``path`` set to ``value`` (in place if the path is there, as a dict would)."""
    if path in paths:
        at = paths.index(path)
        return paths, (*values[:at], value, *values[at + 1 :])
    return (*paths, path), (*values, value)


def _wide(cell: Any) -> Any:
    """An integer no spreadsheet number holds, as its digits (text); anything else as it is."""
    return str(cell) if type(cell) is int and not -(1 << 63) <= cell < 1 << 64 else cell


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    raise TypeError(f"Type is not JSON serializable: {type(value).__name__}")


def _part_name(base: str, part: int) -> str:
    suffix = f"_{part}"
    return base[: EXCEL_MAX_SHEET_NAME - len(suffix)] + suffix


def _sheet_names(
    sheets: Mapping[str, _Sheet], notes: list[str], limit: int | None = EXCEL_MAX_SHEET_NAME
) -> dict[str, str]:
    """Sheet names that fit Excel (31 characters, unique regardless of case) and leave room for parts."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for name in sheets:
        candidate = name if limit is None else name[:limit]
        number = 1
        while candidate.lower() in taken:
            number += 1
            candidate = _part_name(name, number) if limit is not None else f"{name}_{number}"
        if candidate != name:
            notes.append(f"sheet {name}: named {candidate} (sheet names have at most {limit} characters)")
        taken.add(candidate.lower())
        names[name] = candidate
    return names


def has_compiled_releases(path: str | os.PathLike[str]) -> bool:
    """Whether a file is a record package whose first record has a compiled release.

    Only the start of the file is read: the top-level keys up to ``records``, and its first record.
    """
    if str(path) == "-":
        return False
    import ijson  # here: flatten --as-is (and the library's Flattener) never needs it

    try:
        with open(path, "rb") as stream:
            events = ijson.parse(JsonGuard(stream, str(path)))  # the limits of every reader (read/limits.py)
            for prefix, event, value in events:
                if prefix == "" and event == "map_key" and value in ("records", "releases"):
                    if value == "releases":
                        return False
                    break
                if prefix == "" and event not in ("start_map", "map_key"):
                    return False  # not an object at the top
            else:
                return False
            for prefix, event, value in events:
                if prefix == "records.item" and event == "map_key" and value == "compiledRelease":
                    _, kind, _ = next(events)
                    return bool(kind == "start_map")
                if prefix == "records" and event == "end_array":
                    return False
                if prefix == "records.item" and event == "end_map":
                    return False  # the first record has none
            return False
    except (OSError, ijson.common.JSONError):
        return False  # the reader says what is wrong with it


def flatten(
    releases: Iterable[Mapping[str, Any]],
    output: str | os.PathLike[str],
    *,
    fmt: Format | None = None,
    titles: Literal["id"] | None = None,
) -> FlattenResult:
    """Flatten ``releases`` into ``output`` (see :class:`Flattener` and :meth:`Flattener.write`)."""
    kind = format_for(output, fmt)
    with Flattener(titles=titles, formats=(kind,)) as flattener:
        flattener.add_all(releases)
        return flattener.write(output, kind)
