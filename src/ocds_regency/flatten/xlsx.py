"""A write-only XLSX (Office Open XML) workbook that streams its sheets row by row into the zip file.

It writes what a flattened publication needs and nothing more: sheets of text, numbers and booleans, no
styles, no formulas (every text is an inline string, so a text starting with ``=`` is never a formula),
one default style sheet. Each row is turned into XML as it comes and compressed straight into the zip
entry, so memory does not grow with the rows. Rows whose texts need no escaping can be given a block at a
time (:meth:`XlsxWriter.write_rows`): each is then its texts joined in one step, its cells without references
(a cell without one is the one after the previous, ECMA-376 §18.3.1.4), which also makes the sheet a third
smaller.

Why not a library: openpyxl's write-only workbook, XlsxWriter's ``constant_memory`` mode and PyExcelerate
spend 20 to 30 µs per cell in Python (cell objects, per-cell type dispatch and attribute lists); writing
the few fixed parts and one ``<c>`` element per cell here is about ten times faster, which is what the
spreadsheet output needs to stay at least ten times faster than flatten-tool (see ``docs/benchmarks.md``).
What is read back is checked with openpyxl and flatten-tool's ``unflatten`` in the tests.

```python
with XlsxWriter(path, created=stamp) as book:
    book.add_sheet("main", rows=2, columns=2)
    book.write_row(["ocid", "tender/title"])
    book.write_row(["ocds-a1b2c3-1", "=SUM(A1)"])  # text, not a formula
```
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from ocds_regency._closing import ClosesOnExit

__all__ = ["COMPRESS_LEVEL", "XlsxWriter", "column_letter", "escaped", "zip_entry"]

#: zlib's level for the entries of the XLSX file and of the zip of CSV files. Level 1 is the fastest: for
#: 2,000 releases (82 MB of sheet XML, 32 MB of CSV) it takes a third of level 6's time (0.27 s against 0.83 s,
#: 0.18 s against 0.61 s) for files a quarter (XLSX, 7.5 MB against 6.0 MB) or a fifth (CSV, 5.7 MB against
#: 4.7 MB) bigger; see docs/benchmarks.md.
COMPRESS_LEVEL = 1

_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT = "application/vnd.openxmlformats-officedocument"

_STYLES = (
    f'{_XML}<styleSheet xmlns="{_MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    "</fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_ROOT_RELS = (
    f'{_XML}<Relationships xmlns="{_PACKAGE_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{_PACKAGE_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_APP = (
    f'{_XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>ocds-regency</Application></Properties>"
)
# Rows are joined and written to the zip entry in batches of this many.
_BATCH = 256
# Stands for the row's number in the cells of a row until the row is joined: no cell holds it (XML 1.0
# forbids the character), so one replace puts the number in every cell reference.
_NUMBER = "\x01"
_END_TEXT = "</t></is></c>"
_START_TEXT = '<c t="inlineStr"><is><t>'
_BETWEEN_TEXTS = _END_TEXT + _START_TEXT
_EMPTY_TEXT = _START_TEXT + _END_TEXT
# Marks of a number or boolean written as a text (see write_rows): XML 1.0 forbids the characters, so no text has them.
_NUMBER_MARK, _BOOLEAN_MARK, _END_MARK = "\x02", "\x03", "\x04"
_MARKED_NUMBER = ' t="inlineStr"><is><t>' + _NUMBER_MARK
_MARKED_BOOLEAN = ' t="inlineStr"><is><t>' + _BOOLEAN_MARK
_MARKED_END = _END_MARK + _END_TEXT


def _marked(value: Any) -> str:
    """A number or boolean as a marked text (a text subclass as its text)."""
    kind = type(value)
    if kind is bool:
        return _BOOLEAN_MARK + ("1" if value else "0") + _END_MARK
    if kind is int:
        return f"{_NUMBER_MARK}{value}{_END_MARK}"
    if kind is float:
        return f"{_NUMBER_MARK}{value!r}{_END_MARK}"
    if isinstance(value, str):
        return str(value)
    raise TypeError(f"a cell can't hold a {kind.__name__}")


def zip_entry(name: str, when: dt.datetime, level: int = COMPRESS_LEVEL) -> zipfile.ZipInfo:
    """A deflated zip entry of a file written at ``when`` (1980 at the earliest, as a zip file holds)."""
    stamp = max(when.replace(tzinfo=None), dt.datetime(1980, 1, 1))
    info = zipfile.ZipInfo(name, date_time=(stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second))
    info.compress_type = zipfile.ZIP_DEFLATED
    # The level of an entry given as a ZipInfo: ZipInfo.compress_level from Python 3.13 on, before it private.
    setattr(info, "compress_level" if hasattr(info, "compress_level") else "_compresslevel", level)
    info.external_attr = 0o644 << 16
    return info


def column_letter(index: int) -> str:
    """The letters of a column from its 0-based index: 0 is ``A``, 26 is ``AA``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _escape(value: str) -> str:
    """A text as XML character data; a carriage return as a character reference (XML would drop it)."""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace("\r", "&#13;")


def escaped(cells: list[Any]) -> list[Any]:
    """A row with its texts as XML character data (see :meth:`XlsxWriter.write_rows`: ``plain`` rows)."""
    return [_escape(value) if type(value) is str else value for value in cells]


def _attribute(value: str) -> str:
    """A text as the value of an XML attribute in double quotes."""
    return _escape(value).replace('"', "&quot;")


class XlsxWriter(ClosesOnExit):
    """Write an XLSX file sheet after sheet, row after row.

    Args:
        path: the file to write (created or replaced).
        created: the creation (and modification) time written in the file and its zip entries; the same
            rows and time give the same bytes.
        compresslevel: zlib's level for the entries (see :data:`COMPRESS_LEVEL`).

    Call :meth:`add_sheet` with the number of rows and columns (the sheet's dimension is written first),
    then :meth:`write_row` that many times; :meth:`close` (or the end of a ``with`` block) writes the
    workbook's parts. Cells are ``str``, ``int``, ``float``, ``bool``, or ``None`` or ``""`` (an empty cell); the caller
    keeps them within Excel's limits (characters allowed by XML, 32,767 per cell, 1,048,576 rows).
    """

    def __init__(self, path: str | Path, *, created: dt.datetime, compresslevel: int = COMPRESS_LEVEL) -> None:
        self._zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED)
        self._level = compresslevel
        self._created = created.astimezone(dt.UTC) if created.tzinfo else created
        self._sheets: list[str] = []
        self._stream: IO[bytes] | None = None
        self._refs: list[str] = []
        self._row = 0
        self._left = 0
        self._batch: list[str] = []
        self._marked = False  # whether the batch holds marked numbers (see write_rows)
        self._joined = False  # whether the batch holds rows of joined texts, maybe empty ones (see write_rows)

    def _entry(self, name: str) -> zipfile.ZipInfo:
        return zip_entry(name, self._created, self._level)

    def add_sheet(self, name: str, *, rows: int, columns: int) -> None:
        """Start a sheet of ``rows`` rows (header included) and ``columns`` columns (finishing the last one)."""
        self._end_sheet()
        self._sheets.append(name)
        stream = self._zip.open(self._entry(f"xl/worksheets/sheet{len(self._sheets)}.xml"), "w", force_zip64=True)
        self._stream = stream
        self._refs = [f'<c r="{column_letter(index)}' for index in range(columns)]
        self._texts = [f'{ref}{_NUMBER}" t="inlineStr"><is><t>' for ref in self._refs]
        self._row = 0
        self._left = rows
        last = f"{column_letter(max(columns, 1) - 1)}{max(rows, 1)}"
        stream.write(f'{_XML}<worksheet xmlns="{_MAIN}"><dimension ref="A1:{last}"/><sheetData>'.encode())

    def write_row(
        self, cells: Sequence[Any], *, plain: bool = False, trimmed: bool = False, texts: bool = False
    ) -> None:
        """Add the next row of the current sheet.

        Args:
            cells: the row's cells; ``None`` and ``""`` are empty cells (left out).
            plain: the caller knows that no text holds ``&``, ``<``, ``>`` or a carriage return (nothing to
                escape), e.g. from the row's JSON: the texts are written without looking at them.
            trimmed: the caller knows that no text starts or ends with white space (which XML would drop
                unless marked): with ``plain``, each text is written in one step.
            texts: the caller knows that every cell is a ``str`` (or ``None``): with ``plain`` and ``trimmed``,
                the row is written without looking at the cells' types.
        """
        if self._left <= 0:
            raise ValueError("more rows than the sheet was added with")
        number = self._row + 1
        if len(cells) > len(self._refs):
            cells = cells[: len(self._refs)]
        if plain and trimmed:
            if texts:
                parts = [start + value + _END_TEXT for start, value in zip(self._texts, cells, strict=False) if value]
            else:
                starts = self._texts
                cell = self._cell
                parts = [
                    starts[index] + value + _END_TEXT if type(value) is str else cell(index, value, number, True)
                    for index, value in enumerate(cells)
                    if value is not None and value != ""
                ]
            row = f'<row r="{number}">' + "".join(parts).replace(_NUMBER, str(number)) + "</row>"
        else:
            row = "".join(
                [
                    f'<row r="{number}">',
                    *(
                        self._cell(index, value, number, plain)
                        for index, value in enumerate(cells)
                        if value is not None and value != ""
                    ),
                    "</row>",
                ]
            )
        self._row = number
        self._left -= 1
        batch = self._batch
        batch.append(row)
        if len(batch) >= _BATCH:
            self._flush()

    def _cell(self, index: int, value: Any, number: int, plain: bool) -> str:
        """One cell's XML (not None)."""
        ref = self._refs[index]
        kind = type(value)
        if kind is str:
            if not plain:
                value = _escape(value)
            if value.strip() == value:
                return f'{ref}{number}" t="inlineStr"><is><t>{value}</t></is></c>'
            return f'{ref}{number}" t="inlineStr"><is><t xml:space="preserve">{value}</t></is></c>'
        if kind is bool:
            return f'{ref}{number}" t="b"><v>{1 if value else 0}</v></c>'
        if kind is int:
            return f'{ref}{number}"><v>{value}</v></c>'
        if kind is float:
            return f'{ref}{number}"><v>{value!r}</v></c>'
        raise TypeError(f"a cell can't hold a {kind.__name__}")

    def write_rows(
        self,
        rows: Sequence[list[Any]],
        *,
        plain: bool = False,
        trimmed: bool = False,
        texts: bool = False,
        numbers: Sequence[int] = (),
    ) -> None:
        """Add each row in turn (what the caller knows of them all: see :meth:`write_row`).

        Args:
            rows: the rows; those with a number or a boolean in a column of ``numbers`` are changed.
            plain: see :meth:`write_row`.
            trimmed: see :meth:`write_row`.
            texts: see :meth:`write_row`; every cell is a text but in the columns ``numbers``.
            numbers: the columns that may hold a number or a boolean.
        """
        if not (plain and trimmed and texts):
            for cells in rows:
                self.write_row(cells, plain=plain, trimmed=trimmed, texts=texts)
            return
        if len(rows) > self._left:
            raise ValueError("more rows than the sheet was added with")
        if numbers:
            # A number or boolean is written as a marked text, and its cell made a number's by replacing the text's
            # markup with the value's (_flush): no text holds the marks (XML forbids the characters).
            for cells in rows:
                for at in numbers:
                    if at < len(cells) and type(cells[at]) is not str:
                        cells[at] = _marked(cells[at])
            self._marked = True
        # Texts that need nothing done: a row is its cells' texts joined in one step, each cell without its
        # reference (a cell without one is the one after the previous: ECMA-376 18.3.1.4); an empty text is
        # then an empty cell (<c/>, made so in _flush), which keeps the next cells in their columns.
        width = len(self._refs)
        number = self._row
        batch = self._batch
        for cells in rows:
            number += 1
            if len(cells) > width:
                cells = cells[:width]
            batch.append(f'<row r="{number}">{_START_TEXT}{_BETWEEN_TEXTS.join(cells)}{_END_TEXT}</row>')
        self._row = number
        self._left -= len(rows)
        self._joined = True
        if len(batch) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._stream is not None and self._batch:
            text = "".join(self._batch)
            if self._joined:
                text = text.replace(_EMPTY_TEXT, "<c/>")
                self._joined = False
            if self._marked:
                text = text.replace(_MARKED_NUMBER, "><v>").replace(_MARKED_BOOLEAN, ' t="b"><v>')
                text = text.replace(_MARKED_END, "</v></c>")
                self._marked = False
            self._stream.write(text.encode())
        self._batch.clear()

    def _end_sheet(self) -> None:
        if self._stream is None:
            return
        self._flush()
        self._stream.write(b"</sheetData></worksheet>")
        self._stream.close()
        self._stream = None
        if self._left:
            raise ValueError(f"sheet {self._sheets[-1]}: {self._left} rows fewer than it was added with")

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if exc is None:
            self.close()
            return
        # An error is on its way: the file is left unfinished (its writer removes it), and the error is the one
        # said, not the sheet's missing rows.
        if self._stream is not None:
            self._stream.close()
            self._stream = None
        self._zip.close()

    def close(self) -> None:
        """Finish the last sheet and write the workbook's parts."""
        if self._zip.fp is None:
            return
        try:
            self._end_sheet()
            self._write_parts()
        finally:
            self._zip.close()

    def _write_parts(self) -> None:
        count = len(self._sheets)
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_CONTENT}.spreadsheetml.worksheet+xml"/>'
            for n in range(1, count + 1)
        )
        types = (
            f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CONTENT}.spreadsheetml.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_CONTENT}.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            f'<Override PartName="/docProps/app.xml" ContentType="{_CONTENT}.extended-properties+xml"/>'
            f"{overrides}</Types>"
        )
        sheets = "".join(
            f'<sheet name="{_attribute(name)}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(self._sheets, 1)
        )
        workbook = f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{sheets}</sheets></workbook>'
        relations = "".join(
            f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, count + 1)
        )
        workbook_rels = (
            f'{_XML}<Relationships xmlns="{_PACKAGE_REL}">{relations}'
            f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
        )
        when = self._created.strftime("%Y-%m-%dT%H:%M:%SZ")
        core = (
            f'{_XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>ocds-regency</dc:creator>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>'
        )
        for name, text in (
            ("[Content_Types].xml", types),
            ("_rels/.rels", _ROOT_RELS),
            ("docProps/app.xml", _APP),
            ("docProps/core.xml", core),
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", workbook_rels),
            ("xl/styles.xml", _STYLES),
        ):
            self._zip.writestr(self._entry(name), text.encode("utf-8"))
