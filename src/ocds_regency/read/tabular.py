"""Stream rows out of tables: CSV, XLSX, ISB JSON arrays and JSON Lines.

Every reader yields :class:`Table` objects (a CSV or JSON file is one table, an XLSX workbook one table per
non-empty sheet). A table knows its column names before any row is read, so the dataset can be detected
first, and yields :class:`TableRow` objects lazily: nothing reads a whole file into memory.

CSV
    UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), and legacy Windows files. A file
    whose first MiB is valid UTF-8 is read as UTF-8, a line that is not being read as cp1252. Otherwise
    the file is cp1252 (latin-1 for the five bytes cp1252 leaves undefined), except lines that are valid
    UTF-8 *and* contain the byte sequences genuine UTF-8 text is made of (``–`` is E2 80 93, ``é`` is
    C3 A9), so that a concatenation of UTF-8 and cp1252 exports reads right. The delimiter (``,``,
    ``;``, tab or ``|``) is sniffed from the header line. Quotes inside a quoted field are doubled (``""``)
    or, in exports that do so (a ``\"`` followed by text in the first MiB), escaped with a backslash. Blank
    lines are skipped. Positions are
    spreadsheet row numbers (the header is row 1).
XLSX
    Read with openpyxl in read-only mode; cells keep their types (numbers, ``datetime``). Positions are
    ``"sheet 'Name', row 5"``.
JSON
    A top-level array of objects (the ISB API's form), or an object wrapping such an array under any key
    (``{"data": [...]}``, the ISB download's ``{"file_info": {...}, "content": [...]}``); numbers with a
    fraction become exact ``Decimal``. An array of ``{file_info, content}`` wrappers is unwrapped: its rows are
    the rows of every ``content`` (positions ``"item 2, content item 5"``). Positions are ``"item 3"``. A
    truncated file raises :class:`~ocds_regency.errors.InputError` after the last complete item.

    A UTF-8 top-level array of objects is split into its items' exact bytes by the release reader's byte
    splitter (:mod:`ocds_regency.read.releases`), every byte read through the readers' guard, and each item is
    decoded by the JSON codec; each row keeps its item's text (:attr:`TableRow.text`). Items whose text's
    digest is in ``known`` (texts read whole before, e.g. by an earlier run) are not even decoded: their
    ``data`` is decoded when first read (:class:`JsonText`). At the first thing this path does not handle
    (an item that is not an object, text orjson refuses, a repeated key it cannot keep...), the file is read
    by ijson from the same item on, which decodes the rest as before and says what is wrong, where.

    Whole files read before (``files``, :class:`KnownFiles`): the file's bytes are digested (SHA-256, once, at
    C speed); a file whose digest ``files`` knows (split whole, by this reader, before) gives the same items
    from the same bytes without the guard, the splitter or a digest per item: each item's place in the file
    and its text's digest are ``files``'. A file split whole is learnt by ``files``.
JSON Lines
    One object per line; blank lines skipped; a bad line is a row with a ``problem``, not a fatal error.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
import re
import zipfile
from collections.abc import Callable, Container, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from os import PathLike, fspath
from pathlib import Path
from typing import IO, Any, Protocol, cast

import ijson

from ocds_regency import codec
from ocds_regency.errors import InputError
from ocds_regency.i18n import Message
from ocds_regency.read.detect import Format, detect_format
from ocds_regency.read.limits import (
    JSON_BUFFER,
    MAX_CELL_CHARS,
    MAX_LINE_BYTES,
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    MAX_XLSX_MEMBER_BYTES,
    MAX_XLSX_RATIO,
    MAX_XLSX_SHARED_STRINGS_BYTES,
    JsonGuard,
)
from ocds_regency.read.releases import _UNSET
from ocds_regency.read.releases import _Buffer as _Splitter  # the release reader's byte splitter, shared

__all__ = ["FileItems", "JsonText", "KnownFiles", "Table", "TableRow", "read_tables", "text_digest"]

#: How many leading JSON objects are looked at to collect the column names of a JSON table.
JSON_HEADER_ROWS = 10
_DELIMITERS = (",", ";", "\t", "|")


@dataclass(slots=True)
class TableRow:
    """One row of a table (read-only by convention, as :class:`~ocds_regency.read.IsbRow`).

    Attributes:
        number: the row's ordinal: spreadsheet row (header = 1) for CSV/XLSX, line for JSON Lines, item
            (from 1) for JSON arrays.
        position: the same as text: ``"row 5"``, ``"sheet 'Data', row 5"``, ``"line 7"``, ``"item 3"``.
        data: the row's cells by column name; ``None`` if the row could not be read.
        problem: why the row could not be read as given (e.g. more cells than the header), as a catalog
            message (``read.*`` codes), else ``None``.
        text: the row's JSON text exactly as in the file, for the items of a top-level JSON array read by the
            splitter (see the module documentation), else ``None``.
        text_digest: the :func:`text_digest` of ``text`` when it was taken while reading (with ``known``), else
            ``None``.
    """

    number: int
    position: str
    data: Mapping[str, Any] | None
    problem: Message | None = None
    text: bytes | None = None
    text_digest: bytes | None = None


@dataclass(slots=True)
class Table:
    """A table about to be read.

    Attributes:
        source: the file name (with ``[sheet]`` for a workbook sheet), for messages.
        path: the file it comes from.
        format: ``"csv"``, ``"xlsx"``, ``"json"`` or ``"jsonl"``.
        fieldnames: the column names (for JSON: the keys of the first objects).
        rows: the rows, read lazily (a single pass).
        detail: what the reader found out (encoding and delimiter of a CSV, ...).

    Call :meth:`close` when done (or when giving up early) to release the file.
    """

    source: str
    path: Path
    format: Format
    fieldnames: list[str]
    rows: Iterator[TableRow]
    detail: str = ""
    closer: Callable[[], None] | None = None

    def close(self) -> None:
        """Release the file behind the rows (safe to call more than once)."""
        if self.closer is not None:
            self.closer()
            self.closer = None


#: The items of a JSON array file as :class:`KnownFiles` keeps them: where each item's text starts in the file,
#: its length, and its :func:`text_digest`, in file order.
FileItems = Sequence[tuple[int, int, bytes]]


class KnownFiles(Protocol):
    """JSON array files read whole before, by the digest of their bytes (see the module documentation)."""

    def file_items(self, digest: bytes) -> FileItems | None:
        """The items of the file whose bytes have this digest (SHA-256), as they were split, or ``None``."""

    def learn_file(self, digest: bytes, items: FileItems) -> None:
        """Remember the items of a file split whole (every item an object the splitter read)."""


def read_tables(
    path: str | PathLike[str],
    *,
    source: str | None = None,
    known: Container[bytes] | None = None,
    files: KnownFiles | None = None,
) -> Iterator[Table]:
    """Open a file and yield its tables (see the module documentation for each format).

    Args:
        path: the file.
        source: the name used in messages (default: the path as given).
        known: the :func:`text_digest` of JSON array items read whole before: such items of a top-level JSON
            array are not decoded until their data is read (:class:`JsonText`).
        files: JSON array files read whole before (:class:`KnownFiles`): a UTF-8 top-level JSON array is read into
            memory and digested; if ``files`` knows the digest its items are taken from the bytes where they were,
            and if not, once it is split whole, ``files`` learns it. Its rows come with their text's digest.

    Raises:
        InputError: naming the file if it can't be opened or is not a table in a supported format.
    """
    file = Path(path)
    name = source or fspath(path)
    try:
        with file.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise InputError(f"can't read: {exc.strerror or exc}", source=name) from None
    encoding = json_encoding(head)
    if encoding is not None and not head.startswith(codecs.BOM_UTF8):
        # UTF-16 or UTF-32 (RFC 8259 readers may accept them): JSON if its first character says so.
        probe = head[: len(head) - len(head) % 4].decode(encoding, "ignore").lstrip("\ufeff \t\r\n")
        if probe[:1] in ("[", "{") or (not probe and file.suffix.lower() == ".json"):
            kind = detect_format(probe.encode(), file.name)
            yield _json_table(file, name, kind, probe.encode(), encoding)
            return
    kind = detect_format(head, file.name)
    if kind == "xlsx":
        yield from _xlsx_tables(file, name)
    elif kind == "csv":
        yield _csv_table(file, name, head)
    else:
        yield _json_table(file, name, kind, head, known=known, files=files)


# ----------------------------------------------------------------------------------------------- CSV


#: How much of a CSV file is looked at to choose between UTF-8 and cp1252.
ENCODING_SAMPLE = 1 << 20


# Byte sequences that real UTF-8 text is made of (Latin-1 letters, general punctuation such as "–" and
# "’", other scripts); cp1252 text almost never contains them.
_UTF8_LIKELY = re.compile(rb"[\xc2\xc3][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _cr_lines(handle: IO[bytes], name: str) -> Iterator[bytes]:
    """Lines of a file whose lines end with a lone CR (classic Mac, some Excel exports)."""
    rest = b""
    while chunk := handle.read(1 << 16):
        pieces = (rest + chunk).split(b"\r")
        rest = pieces.pop()
        for piece in pieces:
            if len(piece) >= MAX_LINE_BYTES:
                raise _long_line(name)
            yield piece + b"\n"
        if len(rest) > MAX_LINE_BYTES:
            raise _long_line(name)
    if rest:
        yield rest


def _long_line(name: str) -> InputError:
    return InputError(
        f"a line longer than {MAX_LINE_BYTES >> 20} MiB: refused (it would be held whole; no table has such lines)",
        source=name,
    )


def _lines(handle: IO[bytes], name: str) -> Iterator[bytes]:
    """The lines of a file, none longer than :data:`MAX_LINE_BYTES` (a longer one refuses the file)."""
    while line := handle.readline(MAX_LINE_BYTES + 1):
        if len(line) > MAX_LINE_BYTES:
            raise _long_line(name)
        yield line


def _decode_lines(handle: IO[bytes], primary: str, name: str, cr_only: bool = False) -> Iterator[str]:
    for raw in _cr_lines(handle, name) if cr_only else _lines(handle, name):
        if raw.isascii():
            yield raw.decode("ascii")
            continue
        if primary == "utf-8" or _UTF8_LIKELY.search(raw):
            try:
                yield raw.decode("utf-8")
                continue
            except UnicodeDecodeError:
                pass
        try:
            yield raw.decode("cp1252")
        except UnicodeDecodeError:
            yield raw.decode("latin-1")


def _text_lines(text: IO[str], name: str) -> Iterator[str]:
    """The lines of a text file, none longer than :data:`MAX_LINE_BYTES` characters."""
    while line := text.readline(MAX_LINE_BYTES + 1):
        if len(line) > MAX_LINE_BYTES:
            raise _long_line(name)
        yield line


def _sniff_encoding(handle: IO[bytes]) -> str:
    """UTF-8 if the sample decodes as UTF-8 (a character cut at the end is fine), else cp1252."""
    start = handle.tell()
    sample = handle.read(ENCODING_SAMPLE)
    handle.seek(start)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _sniff_delimiter(line: str) -> str:
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _unique(names: Iterable[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for index, name in enumerate(names, start=1):
        label = name.strip() or f"column {index}"
        if label in seen:
            seen[label] += 1
            label = f"{label} ({seen[label]})"
        else:
            seen[label] = 1
        out.append(label)
    return out


_SEP_LINE = re.compile(r'"?sep=([,;\t|])"?,*')

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_GZIP_SIGNATURE = b"\x1f\x8b"


def _csv_table(file: Path, name: str, head: bytes) -> Table:
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if head.startswith(_OLE_SIGNATURE):
        raise InputError("an Excel 97-2003 workbook (.xls) is not supported: save it as .xlsx or CSV", source=name)
    if head.startswith(_GZIP_SIGNATURE):
        raise InputError("a compressed (gzip) file: decompress it first", source=name)
    if not utf16 and b"\x00" in head:
        # NUL bytes are never in text of a supported encoding: UTF-16 without its BOM, or not text at all.
        raise InputError(
            "not a table in a supported format (NUL bytes: a binary file, or UTF-16 text without a BOM; "
            "save it as UTF-8 CSV, XLSX or JSON)",
            source=name,
        )
    handle: IO[Any] = file.open("rb")
    lines: Iterator[str]
    if utf16:
        handle = io.TextIOWrapper(handle, encoding="utf-16", newline="")  # closing it closes the file
        lines, encoding = _text_lines(handle, name), "utf-16"
    else:
        if head.startswith(codecs.BOM_UTF8):
            handle.read(3)
            primary, encoding = "utf-8", "utf-8 (BOM)"
        else:
            primary = _sniff_encoding(handle)
            encoding = primary
        cr_only = b"\r" in head and b"\n" not in head
        lines = _decode_lines(handle, primary, name, cr_only)
    header_line = ""
    declared = None
    first = 1
    for line in lines:
        if not line.strip():
            continue
        if declared is None and (match := _SEP_LINE.fullmatch(line.strip())):
            declared = match.group(1)  # Excel's "sep=;" first line names the delimiter
            first += 1
            continue
        header_line = line
        break
    if not header_line:
        handle.close()
        return Table(name, file, "csv", [], iter(()), "empty")
    delimiter = declared or _sniff_delimiter(header_line)
    try:
        fieldnames = _unique(next(csv.reader([header_line], delimiter=delimiter)))
    except csv.Error as exc:
        handle.close()
        raise InputError(f"malformed CSV header: {exc}", source=name, position="row 1") from None
    # Some exports escape a quote inside a quoted field with a backslash (\") instead of doubling it ("").
    escape = "\\" if _backslash_escaped(file) else None
    if csv.field_size_limit() < MAX_LINE_BYTES:
        # The module's limit is process-wide, and its default (128 KiB) refused real exports with long
        # descriptions: a field up to MAX_CELL_CHARS is read, a longer one makes its row unreadable (in
        # _csv_rows), one longer than a line may be refuses the file.
        csv.field_size_limit(MAX_LINE_BYTES)
    reader = csv.reader(lines, delimiter=delimiter, escapechar=escape)
    rows = _csv_rows(reader, fieldnames, handle, name, first)

    def close() -> None:
        rows.close()
        handle.close()

    return Table(name, file, "csv", fieldnames, rows, f"{encoding}, {delimiter!r}", close)


_BACKSLASH_QUOTE = re.compile(rb'\\"[^",;\t|\r\n]')


def _backslash_escaped(file: Path) -> bool:
    """Whether the first MiB escapes quotes with a backslash: ``\"`` followed by text, not by a delimiter
    (``"C:\"`` ending a field is a backslash, not an escape) nor by a quote (``"\"""`` is a backslash and a
    doubled quote, as the csv module writes a cell ``\"``)."""
    with file.open("rb") as handle:
        return _BACKSLASH_QUOTE.search(handle.read(1 << 20)) is not None


def _csv_rows(
    reader: Iterator[list[str]], fieldnames: list[str], handle: IO[Any], name: str, header_row: int = 1
) -> Generator[TableRow, None, None]:
    width = len(fieldnames)
    number = header_row
    try:
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                problem = str(exc)
                if "field limit" in problem:  # a quoted field running over many lines
                    problem = f"a field longer than {MAX_LINE_BYTES >> 20} MiB: refused"
                raise InputError(f"malformed CSV: {problem}", source=name, position=f"row {number + 1}") from None
            number += 1
            if not any(cell.strip() for cell in cells):
                continue
            position = f"row {number}"
            if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                yield TableRow(number, position, None, Message("read.shifted-row", cells=len(cells), columns=width))
                continue
            if max(map(len, cells)) > MAX_CELL_CHARS:
                yield TableRow(number, position, None, _too_long(cells, fieldnames))
                continue
            yield TableRow(number, position, dict(zip(fieldnames, cells, strict=False)))
    finally:
        handle.close()


def _too_long(cells: Iterable[Any], fieldnames: list[str]) -> Message:
    """Why a row with a cell over :data:`MAX_CELL_CHARS` is not read: the first such field, by name."""
    for index, cell in enumerate(cells):
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            field = fieldnames[index] if index < len(fieldnames) else f"column {index + 1}"
            return Message("read.cell-too-long", field=field, length=f"{len(cell):,}", limit=f"{MAX_CELL_CHARS:,}")
    raise AssertionError("called only for a row with a cell over the limit")  # pragma: no cover


# ---------------------------------------------------------------------------------------------- XLSX


def _check_workbook(file: Path, name: str) -> None:
    """Refuse a workbook whose members would cost unbounded memory or time, before openpyxl opens it."""
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"not a readable XLSX workbook: {exc}", source=name) from None
    for member in members:
        size, packed = member.file_size, max(member.compress_size, 1)
        # The shared strings are held in memory whole; the sheets are streamed.
        limit = MAX_XLSX_SHARED_STRINGS_BYTES if member.filename.lower().endswith("sharedstrings.xml") else None
        if size > (limit or MAX_XLSX_MEMBER_BYTES):
            raise InputError(
                f"workbook member {member.filename} would be {size:,} bytes uncompressed (limit "
                f"{limit or MAX_XLSX_MEMBER_BYTES:,}): refused",
                source=name,
            )
        if size > 1 << 20 and size / packed > MAX_XLSX_RATIO:
            raise InputError(
                f"workbook member {member.filename} is compressed {size // packed:,} times (limit "
                f"{MAX_XLSX_RATIO}): a zip bomb, not a spreadsheet; refused",
                source=name,
            )


def _xlsx_tables(file: Path, name: str) -> Iterator[Table]:
    import openpyxl  # imported only when a workbook is read

    _check_workbook(file, name)
    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types (zipfile.BadZipFile, KeyError, InvalidFileException)
        raise InputError(f"not a readable XLSX workbook: {exc}", source=name) from None
    try:
        for sheet in workbook.worksheets:
            rows = sheet.iter_rows(values_only=True)
            start = getattr(sheet, "min_row", 1) or 1
            header: list[str] | None = None
            number = start - 1
            try:
                for cells in rows:
                    number += 1
                    if number > MAX_SHEET_ROWS:
                        break
                    if any(cell is not None and str(cell).strip() for cell in cells):
                        header = _unique("" if cell is None else str(cell) for cell in cells[:MAX_SHEET_COLUMNS])
                        break
            except Exception as exc:  # a malformed cell or broken sheet XML
                raise InputError(
                    f"malformed worksheet: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}",
                    source=name,
                    position=f"sheet {sheet.title!r}, row {number}",
                ) from None
            if header is None:
                continue
            source = f"{name} [{sheet.title}]"
            sheet_rows = _xlsx_rows(rows, header, number, sheet.title, name)
            yield Table(source, file, "xlsx", header, sheet_rows, sheet.title, sheet_rows.close)
    finally:
        workbook.close()


def _xlsx_rows(
    rows: Iterator[tuple[Any, ...]], header: list[str], number: int, title: str, name: str = ""
) -> Generator[TableRow, None, None]:
    width = len(header)
    while True:
        try:
            cells = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # a malformed cell (a number that isn't one, a bad date, broken XML)
            raise InputError(
                f"malformed worksheet: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}",
                source=name,
                position=f"sheet {title!r}, after row {number}",
            ) from None
        number += 1
        if number > MAX_SHEET_ROWS:
            raise InputError(
                f"more than {MAX_SHEET_ROWS:,} rows (Excel's limit): refused", source=name, position=f"sheet {title!r}"
            )
        if len(cells) > MAX_SHEET_COLUMNS:
            cells = cells[:MAX_SHEET_COLUMNS] if not any(c is not None for c in cells[MAX_SHEET_COLUMNS:]) else cells
        if not any(cell is not None and str(cell).strip() for cell in cells):
            continue
        position = f"sheet {title!r}, row {number}"
        if len(cells) > width and any(cell is not None and str(cell).strip() for cell in cells[width:]):
            yield TableRow(number, position, None, Message("read.too-many-cells", cells=len(cells), columns=width))
            continue
        if max((len(cell) for cell in cells if type(cell) is str), default=0) > MAX_CELL_CHARS:
            yield TableRow(number, position, None, _too_long(cells, header))
            continue
        yield TableRow(number, position, dict(zip(header, cells, strict=False)))


# ---------------------------------------------------------------------------------------------- JSON


def json_encoding(head: bytes) -> str | None:
    """The Unicode encoding of JSON text from its first bytes (a byte order mark, or RFC 4627's NUL pattern).

    Returns:
        ``"utf-8"`` (with a BOM), ``"utf-16"``/``"utf-32"`` (with a BOM), ``"utf-16-le"`` ... (without),
        or ``None`` for UTF-8 without a BOM or anything else.
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(head) >= 4:
        a, b, c, d = head[:4]
        if not a and not b and not c and d:
            return "utf-32-be"
        if a and not b and not c and not d:
            return "utf-32-le"
        if not a and b and not c:
            return "utf-16-be"
        if a and not b and not d:
            return "utf-16-le"
    return None


class _Utf8(io.RawIOBase):
    """UTF-8 bytes read from a stream in another Unicode encoding (decoding errors name the file)."""

    def __init__(self, raw: IO[bytes], encoding: str, name: str) -> None:
        super().__init__()
        self._raw = raw
        self._encoding = encoding
        self._name = name
        self._decoder = codecs.getincrementaldecoder(encoding)("strict")
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            chunk = self._raw.read(1 << 16)
            try:
                text = self._decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                raise InputError(f"not valid {self._encoding.upper()} text: {exc.reason}", source=self._name) from None
            self._pending = memoryview(text.encode("utf-8", "surrogatepass"))
            if not chunk:
                break
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def close(self) -> None:
        self._raw.close()
        super().close()


def _open_json(file: Path, name: str, encoding: str | None) -> IO[bytes]:
    """The file as UTF-8 bytes, after any byte order mark."""
    raw = file.open("rb")
    if encoding is None:
        return raw
    if encoding == "utf-8":
        raw.read(3)
        return raw
    return io.BufferedReader(_Utf8(raw, encoding, name), 1 << 16)


def _json_table(
    file: Path,
    name: str,
    kind: Format,
    head: bytes,
    encoding: str | None = None,
    known: Container[bytes] | None = None,
    files: KnownFiles | None = None,
) -> Table:
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if encoding is None and head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8"
    rows: Generator[TableRow, None, None]
    if kind == "jsonl" or (stripped.startswith(b"{") and _first_line_is_object(file, name, encoding)):
        rows = _jsonl_rows(file, name, encoding)
        kind = "jsonl"
    elif stripped.startswith(b"[") and encoding in (None, "utf-8"):
        rows = _array_items(file, name, encoding, known, files)
    elif stripped.startswith(b"["):
        rows = _json_items(file, name, "item", encoding)
    elif stripped.startswith(b"{"):
        prefix = _wrapped_prefix(file, name, encoding)
        # {"data": [...]} gives the items of its array; objects one after another (concatenated JSON,
        # or a single row) are the rows themselves.
        if prefix is not None:
            rows = _json_items(file, name, prefix, encoding)
        else:
            rows = _json_items(file, name, "", encoding, several=True)
    elif not stripped:
        return Table(name, file, "json", [], iter(()), "empty")
    else:  # pragma: no cover - detect_format only says json for [ or {
        raise InputError("not a JSON array of objects", source=name)
    first = list(itertools.islice(rows, JSON_HEADER_ROWS))
    if kind == "json" and first and all(_is_wrapper(row.data) for row in first):
        rows.close()
        rows = _wrapped_items(file, name, encoding)
        first = list(itertools.islice(rows, JSON_HEADER_ROWS))
    fieldnames: dict[str, None] = {}
    for row in first:
        if row.data is not None:
            fieldnames.update(dict.fromkeys(row.data))
    return Table(name, file, kind, list(fieldnames), itertools.chain(first, rows), "", rows.close)


_WRAPPER_KEYS = frozenset({"file_info", "content"})


def _is_wrapper(data: Mapping[str, Any] | None) -> bool:
    """An ISB download wrapper: ``{"file_info": {...}, "content": [rows]}``."""
    return data is not None and set(data) == _WRAPPER_KEYS


def _wrapped_items(file: Path, name: str, encoding: str | None) -> Generator[TableRow, None, None]:
    """The rows of an array of ``{file_info, content}`` wrappers, each wrapper's ``content`` in turn.

    Positions say both: ``"item 2, content item 5"``. A wrapper whose ``content`` is not an array of rows is
    one unreadable row saying so.
    """
    for wrapper in _json_items(file, name, "item", encoding):
        data = wrapper.data
        content = data.get("content") if data is not None else None
        if not isinstance(content, list):
            yield TableRow(wrapper.number, wrapper.position, None, Message("read.wrapper-without-rows"))
            continue
        for number, item in enumerate(content, start=1):
            position = f"{wrapper.position}, content item {number}"
            if isinstance(item, dict):
                yield TableRow(number, position, item)
            else:
                yield TableRow(number, position, None, Message("read.not-an-object", type=type(item).__name__))


def _first_line_is_object(file: Path, name: str, encoding: str | None) -> bool:
    """A file whose first line is a complete JSON object holding no list of rows is JSON Lines."""
    with _open_json(file, name, encoding) as handle:
        line = handle.readline().lstrip(b"\xef\xbb\xbf")
    try:
        value = codec.loads(line, duplicates="keep", source=name)
    except codec.JsonTextError:
        return False
    if not isinstance(value, dict):
        return False
    return not any(isinstance(item, list) and item and isinstance(item[0], dict) for item in value.values())


def _wrapped_prefix(file: Path, name: str, encoding: str | None) -> str | None:
    """The ijson prefix of the first array directly under the top-level object (``{"data": [...]}``), or
    ``None`` when the first object holds no array (it is a row itself)."""
    with _open_json(file, name, encoding) as raw:
        handle = JsonGuard(raw, name)
        try:
            for prefix, event, _value in ijson.parse(handle, buf_size=JSON_BUFFER):
                if event == "start_array" and prefix and "." not in prefix:
                    return f"{prefix}.item"
                if event == "end_map" and not prefix:
                    break
        except ijson.JSONError as exc:
            raise InputError(codec.describe_error(exc), source=name) from None
    return None


def _json_items(
    file: Path, name: str, prefix: str, encoding: str | None, *, several: bool = False
) -> Generator[TableRow, None, None]:
    number = 0
    with _open_json(file, name, encoding) as raw:
        # numbers with a fraction as Decimal, a repeated key kept as "key (2)" (the codec's rules)
        for item in codec.items(raw, prefix, source=name, duplicates="keep", decimals=True, several=several):
            number += 1
            if isinstance(item, dict):
                yield TableRow(number, f"item {number}", item)
            else:
                yield TableRow(number, f"item {number}", None, Message("read.not-an-object", type=type(item).__name__))


def text_digest(text: bytes | memoryview) -> bytes:
    """The digest (SHA-256) by which the text of a JSON array item is known (see :func:`read_tables`)."""
    return hashlib.sha256(text).digest()


def decode_item(text: bytes) -> Any:
    """An item of an ISB JSON array as every reader of ISB rows decodes it: numbers with a fraction as exact
    :class:`~decimal.Decimal`, a repeated key kept as ``"key (2)"`` (the codec's rules, as the ijson reader's)."""
    return codec.loads(text, duplicates="keep", decimals=True, nesting=False)  # its file passed the guard


class JsonText(Mapping[str, Any]):
    """A row of a JSON array kept as its exact text, decoded (:func:`decode_item`) when it is first read: the
    rows a re-publication does not map again are never decoded. Pickled as its text."""

    __slots__ = ("_value", "text")

    def __init__(self, text: bytes) -> None:
        self.text = text
        self._value: dict[str, Any] | None = None

    def _decode(self) -> dict[str, Any]:
        return cast(dict[str, Any], decode_item(self.text))

    @property
    def value(self) -> dict[str, Any]:
        """The decoded row."""
        if self._value is None:
            self._value = self._decode()
        return self._value

    def __getitem__(self, key: str) -> Any:
        return self.value[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.value)

    def __len__(self) -> int:
        return len(self.value)

    def __contains__(self, key: object) -> bool:
        return key in self.value

    def get(self, key: str, default: Any = None) -> Any:
        """The value of ``key``, or ``default``."""
        return self.value.get(key, default)

    def items(self) -> Any:
        """The decoded row's items."""
        return self.value.items()

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.text,))


class _IrregularError(Exception):
    """Something the splitting reader of JSON arrays does not handle: the ijson reader takes over."""


class _Seen:
    """Whether a candidate item's text is one of the known texts (the splitter asks, see :func:`read_tables`); the
    digest of the last candidate asked about, and its size (the item's digest when it is the item)."""

    __slots__ = ("digest", "hit", "known", "size")

    def __init__(self, known: Container[bytes]) -> None:
        self.known = known
        self.hit = False
        self.size = -1
        self.digest = b""

    def __call__(self, text: memoryview) -> bool:
        self.size, self.digest = len(text), text_digest(text)
        self.hit = self.digest in self.known
        return self.hit

    def of(self, text: bytes) -> bytes:
        """The digest of an item's text (the one of the last candidate when it is that text: same start, size)."""
        return self.digest if self.size == len(text) else text_digest(text)


def _array_items(
    file: Path, name: str, encoding: str | None, known: Container[bytes] | None, files: KnownFiles | None = None
) -> Generator[TableRow, None, None]:
    """The rows of a UTF-8 top-level JSON array of flat objects: split into items (see the module documentation),
    or from the first item the splitter does not handle on, by ijson; with ``files``, a file split whole before
    gives its items from where they were."""
    number = 0
    content = None
    if files is not None:  # (read whole: the bytes digested are the bytes split, whatever happens to the file)
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise InputError(f"can't read: {exc.strerror or exc}", source=name) from None
        digest = hashlib.sha256(content).digest()
        items = files.file_items(digest)
        if items is not None and _in_place(content, items):
            yield from _known_items(content, items, known)
            return
    spans: list[tuple[int, int, bytes]] | None = [] if content is not None else None
    try:
        for text, item, text_digest_, start in _split_array(file, name, known, content):
            number += 1
            data = JsonText(text) if item is _UNSET else item
            if spans is not None:
                if text_digest_ is None:
                    text_digest_ = text_digest(text)
                spans.append((start, len(text), text_digest_))
            yield TableRow(number, f"item {number}", data, None, text, text_digest_)
        if files is not None and spans is not None:
            files.learn_file(digest, spans)
        return
    except _IrregularError:
        pass
    for row in _json_items(file, name, "item", encoding):
        if row.number > number:
            yield row


def _in_place(content: bytes, items: FileItems) -> bool:
    """Whether the items of a known file are objects of its bytes, one after the other (else: a damaged entry, the
    file is split as an unknown one)."""
    end = 0
    for start, size, _digest in items:
        if start < end or size < 2 or start + size > len(content):
            return False
        if content[start] != 0x7B or content[start + size - 1] != 0x7D:  # "{" … "}"
            return False
        end = start + size
    return True


def _known_items(content: bytes, items: FileItems, known: Container[bytes] | None) -> Generator[TableRow, None, None]:
    """The rows of a file split whole before (see :class:`KnownFiles`), from its bytes: what the splitter gave,
    an item whose text ``known`` holds undecoded (:class:`JsonText`), any other decoded as the splitter decodes
    it (:func:`decode_item`, whose values its reading is)."""
    for number, (start, size, digest) in enumerate(items, start=1):
        text = content[start : start + size]
        data: Mapping[str, Any] = JsonText(text) if known is not None and digest in known else decode_item(text)
        yield TableRow(number, f"item {number}", data, None, text, digest)


def _split_array(
    file: Path, name: str, known: Container[bytes] | None, content: bytes | None = None
) -> Iterator[tuple[bytes, Any, bytes | None, int]]:
    """Each item of the top-level array: its exact text, the item decoded (``_UNSET`` for a known text), its
    text's digest (with ``known``) and where it starts in the file. ``content``: the file's bytes, when they were
    read already.

    Raises:
        _IrregularError: anything but an array of flat objects (no array or object in a row) that orjson reads,
            each decoded by :func:`decode_item`.
        InputError: the file breaks a limit of every reader (it is read through :class:`JsonGuard`).
    """
    seen = None if known is None else _Seen(known)
    with file.open("rb") if content is None else io.BytesIO(content) as raw:
        handle = cast(IO[bytes], JsonGuard(raw, name))
        head = handle.read(_SPLIT_HEAD)
        bom = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
        buffer = _Splitter(head[bom:], handle)
        if buffer.skip_whitespace() != 0x5B:  # "["
            raise _IrregularError
        buffer.position += 1
        following = buffer.skip_whitespace()
        while following != 0x5D:  # "]"
            if following != 0x7B:  # "{": an item that is not an object
                raise _IrregularError
            if seen is not None:
                seen.hit = False
            end, value = buffer.end_of_sibling(None, seen)
            if end is None:
                raise _IrregularError  # the input ends inside the item
            text = buffer.data[buffer.position : end]
            start = bom + buffer.offset + buffer.position
            buffer.position = end
            # (an item found by walking its brackets, the last one of the array, was not asked about yet)
            if seen is None:
                yield text, _decoded(text, value), None, start
            elif seen.hit or (value is _UNSET and seen(memoryview(text))):
                yield text, _UNSET, seen.digest, start
            else:
                yield text, _decoded(text, value), seen.of(text), start
            following = buffer.next_item()  # -1 (refused above) for anything but `,` or `]`
        buffer.position += 1
        if buffer.skip_whitespace() >= 0:
            raise _IrregularError  # something after the array


#: What the splitting reader reads of a JSON array first.
_SPLIT_HEAD = 1 << 20


def _decoded(text: bytes, value: Any) -> dict[str, Any]:
    """An item the splitter found (``value``: orjson's reading of it, or ``_UNSET``), decoded exactly.

    Raises:
        _IrregularError: orjson refuses the text (the ijson reader says what is wrong), the codec does, or the row
            holds an array or object.
    """
    if value is _UNSET:  # found by walking its brackets: the strict reader first
        try:
            value = codec.fast_loads(text)
        except codec.FastDecodeError:
            raise _IrregularError from None
    if type(value) is not dict:  # pragma: no cover - the text starts with "{"
        raise _IrregularError
    types = set(map(type, value.values()))
    if float not in types and list not in types and dict not in types and codec.trusted(text, value):
        return value  # what decode_item gives: orjson's reading, trusted, of a flat row without a fraction
    try:
        item = decode_item(text)
    except codec.JsonTextError:
        raise _IrregularError from None
    if any(type(part) is list or type(part) is dict for part in item.values()):
        # ijson keeps a number with a fraction in an array as it reads it (1.5e16 is an integral Decimal), the
        # codec as a non-integer: rows that hold arrays or objects (none in ISB exports) are left to ijson
        raise _IrregularError
    return cast(dict[str, Any], item)


def _jsonl_rows(file: Path, name: str, encoding: str | None) -> Generator[TableRow, None, None]:
    with _open_json(file, name, encoding) as handle:
        for number, line in enumerate(handle, start=1):
            if number == 1:
                line = line.removeprefix(b"\xef\xbb\xbf")
            if not line.strip():
                continue
            try:
                # numbers with a fraction as Decimal, as the JSON array reader gives them: the same rows give
                # the same values (and release ids) whatever the file's form; a repeated key is kept as
                # "key (2)" as there, and integers of any size stay exact
                item = codec.loads(line, duplicates="keep", decimals=True, source=name)
            except codec.JsonTextError as exc:
                yield TableRow(number, f"line {number}", None, Message("read.invalid-json-line", detail=str(exc)))
                continue
            if isinstance(item, dict):
                yield TableRow(number, f"line {number}", item)
            else:
                yield TableRow(number, f"line {number}", None, Message("read.not-an-object", type=type(item).__name__))
