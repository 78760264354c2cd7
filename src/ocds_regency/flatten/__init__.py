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
number of rows; the workbook is written with openpyxl's write-only mode. What a spreadsheet can't hold is
handled and said in :attr:`FlattenResult.notes`: a sheet past Excel's 1,048,576 rows continues in
``NAME_2``, ``NAME_3``...; a cell past 32,767 characters is truncated; characters a cell can't hold
(control characters) are removed. Text starting with ``=``, ``+``, ``-`` or ``@`` is written as text, never
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
import csv
import datetime as dt
import io
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal, Self

import ijson
import orjson

from ocds_regency.errors import OcdsRegencyError

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
# Characters openpyxl refuses in a cell (XML 1.0 forbids them): C0 controls except tab, newline, return.
_ILLEGAL = dict.fromkeys([*range(9), 11, 12, *range(14, 32)])


class FlattenError(OcdsRegencyError):
    """The spreadsheet can't be written (the message names the file)."""


@dataclass(frozen=True, slots=True)
class SheetSummary:
    """One sheet (or CSV file) written: its name, its columns and its data rows."""

    name: str
    columns: int
    rows: int


@dataclass(frozen=True, slots=True)
class FlattenResult:
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
    text = resources.files("ocds_regency.schemas").joinpath("titles-id.json").read_text(encoding="utf-8")
    titles: dict[str, str] = json.loads(text)["titles"]
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


@dataclass(slots=True)
class _Sheet:
    name: str
    columns: dict[str, int] = field(default_factory=dict)
    rows: int = 0
    spool: IO[bytes] | None = None

    under: dict[str, dict[str, int]] = field(default_factory=dict)

    def column(self, path: str) -> int:
        index = self.columns.get(path)
        if index is None:
            index = self.columns[path] = len(self.columns)
        return index


class Flattener:
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
    ) -> None:
        if max_rows < 2:
            raise ValueError("max_rows must leave room for a header and a row")
        self.timestamp = (timestamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
        self.root_id = root_id
        self.id_name = id_name
        self.titles = titles
        self.max_rows = max_rows
        self.max_cell = max_cell
        self._files = contextlib.ExitStack()
        self._directory = self._files.enter_context(tempfile.TemporaryDirectory(prefix="ocds-regency-flatten-"))
        self._sheets: dict[str, _Sheet] = {}
        self._children: dict[tuple[str, str], _Sheet] = {}
        self._main = self._sheet(MAIN_SHEET)
        self.releases = 0
        self.skipped: list[str] = []

    # -- flattening -----------------------------------------------------------------------------------------

    def _child(self, parent: str, key: str) -> _Sheet:
        sheet = self._children.get((parent, key))
        if sheet is None:
            sheet = self._children[parent, key] = self._sheet(sub_sheet_name(parent, key))
        return sheet

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
        self._object(release, self._main, "", None, {}, False)
        self.releases += 1

    def add_all(self, releases: Iterable[Mapping[str, Any]]) -> None:
        """Flatten each release in turn."""
        for release in releases:
            self.add(release)

    def _object(
        self,
        obj: Mapping[str, Any],
        sheet: _Sheet,
        parent: str,
        row: dict[int, Any] | None,
        parent_ids: dict[str, Any],
        top_of_sub_sheet: bool,
    ) -> None:
        # The same walk as flatten-tool's JSONParser.parse_json_dict, so that columns come in the same order.
        ids = dict(parent_ids)
        top = row is None
        if row is None:
            row = {}
        if top_of_sub_sheet:
            for path, value in parent_ids.items():
                row[sheet.column(path)] = value
        if self.root_id in obj:
            ids[self.root_id] = obj[self.root_id]
            sheet.column(self.root_id)
        if self.id_name in obj:
            ids[parent + self.id_name] = obj[self.id_name]
            sheet.column(parent + self.id_name)
        known = sheet.under.get(parent)  # key -> column index of the fields under this parent
        if known is None:
            known = sheet.under[parent] = {}
        for key, value in obj.items():
            kind = type(value)
            if kind in _BASIC_TYPES:
                index = known.get(key)
                if index is None:
                    index = known[key] = sheet.column(parent + key)
                row[index] = value
            elif kind is dict or isinstance(value, Mapping):
                self._object(value, sheet, f"{parent}{key}/", row, ids, False)
            elif kind is list:
                if all(type(item) in _BASIC_TYPES for item in value):
                    row[sheet.column(parent + key)] = ";".join(map(_text, value))
                elif all(type(item) is list and all(type(x) in _BASIC_TYPES for x in item) for item in value):
                    row[sheet.column(parent + key)] = ";".join(",".join(map(_text, item)) for item in value)
                else:
                    child = self._child(parent, key)
                    path = f"{parent}{key}/0/"
                    for item in value:
                        if isinstance(item, Mapping):
                            self._object(item, child, path, None, ids, True)
                        elif item is not None:
                            self.skipped.append(
                                f"{ids.get(self.root_id, '?')}: {parent}{key}: an item that is not an object"
                            )
            elif isinstance(value, _BASIC):  # a subclass of str, int...
                row[sheet.column(parent + key)] = value
        if top:
            self._spool(sheet, row)

    def _spool(self, sheet: _Sheet, row: dict[int, Any]) -> None:
        if sheet.spool is None:
            spool = tempfile.TemporaryFile(dir=self._directory)  # noqa: SIM115 - closed by close()
            sheet.spool = self._files.enter_context(spool)
        sheet.spool.write(orjson.dumps(list(row.items()), default=_json_default) + b"\n")
        sheet.rows += 1

    # -- writing --------------------------------------------------------------------------------------------

    def _rows(self, sheet: _Sheet) -> Iterator[list[Any]]:
        width = len(sheet.columns)
        if sheet.spool is None:
            return
        sheet.spool.seek(0)
        loads = orjson.loads
        for line in sheet.spool:
            cells: list[Any] = [None] * width
            for index, value in loads(line):
                cells[index] = value
            yield cells
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
        from openpyxl import Workbook
        from openpyxl.xml.functions import tostring

        workbook = Workbook(write_only=True)
        notes: list[str] = []
        summaries: list[SheetSummary] = []
        names = _sheet_names(self._sheets, notes)
        per_sheet = self.max_rows - 1
        for sheet in self._sheets.values():
            header = self._header(sheet)
            base = names[sheet.name]
            part = 1
            worksheet = workbook.create_sheet(base)
            worksheet.append(_text_cells(worksheet, header))
            written = 0
            for number, cells in enumerate(self._rows(sheet), 1):
                if written == per_sheet:
                    part += 1
                    name = _part_name(base, part)
                    notes.append(
                        f"sheet {base}: more than {per_sheet:,} rows, the rest continue in sheet {name} "
                        f"/ lebih dari {per_sheet:,} baris, sisanya di lembar {name}"
                    )
                    summaries.append(SheetSummary(worksheet.title, len(header), written))
                    worksheet = workbook.create_sheet(name)
                    worksheet.append(_text_cells(worksheet, header))
                    written = 0
                for index, value in enumerate(cells):
                    if type(value) is str:
                        text = value
                        if not text.isprintable():
                            cleaned = text.translate(_ILLEGAL)
                            if cleaned != text:
                                notes.append(
                                    f"sheet {base}, row {number + 1}, column {header[index]}: control characters "
                                    "removed / karakter kontrol dihapus"
                                )
                                text = cleaned
                        if len(text) > self.max_cell:
                            notes.append(
                                f"sheet {base}, row {number + 1}, column {header[index]}: {len(text):,} characters "
                                f"truncated to {self.max_cell:,} / teks dipotong menjadi {self.max_cell:,} karakter"
                            )
                            text = text[: self.max_cell]
                        if text.startswith(FORMULA_START):
                            cells[index] = _text_cell(worksheet, text)
                        elif text is not value:
                            cells[index] = text
                worksheet.append(cells)
                written += 1
            summaries.append(SheetSummary(worksheet.title, len(header), written))
        workbook.properties.created = self.timestamp
        workbook.save(path)
        # openpyxl stamps the file with the time of saving: the given time instead, for the same bytes.
        workbook.properties.modified = self.timestamp
        _restamp(path, self._zip_time(), {"docProps/core.xml": tostring(workbook.properties.to_tree())})
        return summaries, notes

    def _csv_files(self) -> Iterator[tuple[str, _Sheet]]:
        notes: list[str] = []
        names = _sheet_names(self._sheets, notes, limit=None)
        for sheet in self._sheets.values():
            yield names[sheet.name] + ".csv", sheet

    def _write_csv(self, stream: IO[str], sheet: _Sheet) -> SheetSummary:
        # A CSV cell has no type: a leading quote makes spreadsheet programs read a formula-like text as text.
        writer = csv.writer(stream, lineterminator="\r\n")
        header = self._header(sheet)
        writer.writerow(header)
        start = FORMULA_START
        for cells in self._rows(sheet):
            writer.writerow(
                ["'" + value if type(value) is str and value.startswith(start) else value for value in cells]
            )
        return SheetSummary(sheet.name, len(header), sheet.rows)

    def _write_zip(self, path: Path) -> tuple[list[SheetSummary], list[str]]:
        summaries = []
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, sheet in self._csv_files():
                with (
                    archive.open(self._zip_entry(name), "w", force_zip64=True) as raw,
                    io.TextIOWrapper(raw, encoding="utf-8", newline="") as stream,
                ):
                    summaries.append(self._write_csv(stream, sheet))
        return summaries, []

    def _write_csv_directory(self, directory: Path) -> FlattenResult:
        directory.mkdir(parents=True, exist_ok=True)
        summaries = []
        for name, sheet in self._csv_files():
            target = directory / name
            handle, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=directory)
            try:
                with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                    summaries.append(self._write_csv(stream, sheet))
                os.chmod(temporary, 0o666 & ~_umask())
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        return FlattenResult(directory, self.releases, tuple(summaries), tuple(self.skipped))

    def _zip_time(self) -> tuple[int, int, int, int, int, int]:
        stamp = max(self.timestamp, dt.datetime(1980, 1, 1))  # the first time a zip file can hold
        return (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)

    def _zip_entry(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self._zip_time())
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    # -- lifetime -------------------------------------------------------------------------------------------

    def close(self) -> None:
        """Remove the spooled rows."""
        self._files.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


def _restamp(path: Path, when: tuple[int, int, int, int, int, int], replace: Mapping[str, bytes]) -> None:
    """Rewrite a zip file with every entry dated ``when`` and some entries replaced (streamed, in place)."""
    temporary = path.with_name(path.name + ".restamp")
    try:
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(temporary, "w", allowZip64=True) as target:
            for entry in source.infolist():
                info = zipfile.ZipInfo(entry.filename, date_time=when)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                if entry.filename in replace:
                    target.writestr(info, replace[entry.filename])
                    continue
                with source.open(entry) as data, target.open(info, "w", force_zip64=True) as out:
                    shutil.copyfileobj(data, out, 1 << 20)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _text_cell(worksheet: Any, text: str) -> Any:
    """A cell that holds ``text`` as text, never as a formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(worksheet, value=None)
    cell.value = text
    cell.data_type = "s"
    return cell


def _text_cells(worksheet: Any, texts: list[str]) -> list[Any]:
    return [_text_cell(worksheet, text) if text.startswith(FORMULA_START) else text for text in texts]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _text(value: Any) -> str:
    # How flatten-tool writes the items of an array of strings or numbers: Python's str().
    return str(value)


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
    try:
        with open(path, "rb") as stream:
            events = ijson.parse(stream)
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
    with Flattener(titles=titles) as flattener:
        flattener.add_all(releases)
        return flattener.write(output, fmt)
