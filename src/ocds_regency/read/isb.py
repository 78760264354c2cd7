"""Read ISB datasets from files and directories as a stream of typed rows with provenance.

::

    from ocds_regency.read import read_isb

    for row in read_isb(["exports/", "extra/SPSE-PesertaTender.csv"], offset="+07:00"):
        if row.error:                       # rejected: row.error says why, row.issues has the details
            report(row.where, row.error)
        else:
            use(row.dataset, row.record)    # e.g. "SPSE-TenderPengumuman", a TenderPengumuman
            for issue in row.issues:        # fields that were emptied because they couldn't be parsed
                report(row.where, issue.field, issue.value, issue.reason)

Inputs are files (ISB JSON arrays, JSON Lines, CSV, XLSX; the format is recognised from the content) or
directories (walked recursively in name order; hidden files and files without a data extension such as
``.json``, ``.csv`` or ``.xlsx`` are skipped, ``.txt`` included; symbolic links that lead out of the
directory are not followed). Each table's dataset is detected from its columns (see
:func:`ocds_regency.isb.datasets.detect_dataset`), or forced with ``dataset=``.

Known rows: a reader that keeps what it learnt of rows from one run to the next (a release store does) gives
``known``: each row of a JSON array then comes with the digest of its exact text (:attr:`IsbRow.text_digest`),
and a row read without its record whose text ``known`` has the view of is not decoded nor parsed at all: its view
is ``known``'s, its ``data`` is decoded when first read (the same text gives the same row). Files a reader read
whole before (``files``, :class:`~ocds_regency.read.tabular.KnownFiles`) are known by the digest of their bytes: a
JSON array file whose bytes are the same gives its rows' texts and digests from where they were, without
splitting it again (:func:`~ocds_regency.read.tabular.read_tables`).

Accounting: every data row read from a table comes out as exactly one :class:`IsbRow`: with a ``record``
(possibly with ``issues``) or with an ``error`` (unreadable row, missing key field, or — with
``unknown="report"`` — a table whose dataset is unknown). Blank lines and empty spreadsheet rows are not
rows.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from os import PathLike, fspath
from pathlib import Path
from typing import Any, Literal, Protocol

from ocds_regency.errors import InputError
from ocds_regency.i18n import Message
from ocds_regency.isb._base import FieldIssue, IsbRecord, ParseOptions, canonical_data
from ocds_regency.isb.datasets import Dataset, detect_dataset, get_dataset
from ocds_regency.read.detect import DATA_SUFFIXES
from ocds_regency.read.tabular import JsonText, KnownFiles, Table, decode_item, read_tables, text_digest

__all__ = ["IsbRow", "KnownRows", "KnownText", "iter_input_files", "read_isb"]

PathInput = str | PathLike[str]


@dataclass(slots=True)
class IsbRow:
    """One row of an ISB dataset, typed, with where it came from (read-only by convention: not a frozen dataclass,
    whose constructor costs several times a plain one's, and a reader makes one per row).

    Attributes:
        dataset: the ISB dataset name (``"SPSE-TenderPengumuman"``), ``None`` if the table matched none.
        source: the file (``"exports/tender.xlsx [Sheet1]"`` for a workbook sheet).
        position: where in the file: ``"item 3"``, ``"line 7"``, ``"row 5"``, ``"sheet 'Data', row 5"``.
        number: the same position as a number (item, line or spreadsheet row).
        data: the raw values keyed by canonical ISB field names (``{}`` if the row couldn't be read).
        raw: the row exactly as read (original column names), ``None`` if it couldn't be read.
        record: the typed record, ``None`` if the row was rejected (or read with ``typed=False``).
        issues: fields emptied because they couldn't be parsed, and conflicting spellings.
        error: why the row was rejected, ``None`` if it was not: a catalog message (a ``read.*`` code and its
            parameters; ``str(error)`` is the English text, ``error.text("id")`` the Indonesian).
        view: what the row is grouped by (the dataset's :attr:`~ocds_regency.isb.datasets.Dataset.grouping`):
            the record itself, or with ``typed=False`` a view of it with only those fields (reading another
            raises ``AttributeError``); ``None`` if the row could not be read.
        text_digest: with ``known`` (:func:`read_isb`), the digest of the row's exact JSON text (rows of a JSON
            array), else ``None``.
        known: the row's view is ``known``'s (its text was read before): it was neither decoded nor parsed, and
            its ``data`` and ``raw`` are decoded when first read (:class:`KnownText`).
    """

    dataset: str | None
    source: str
    position: str
    number: int
    data: Mapping[str, Any]
    raw: Mapping[str, Any] | None
    record: IsbRecord | None
    issues: tuple[FieldIssue, ...] = ()
    error: Message | None = None
    view: IsbRecord | None = None
    text_digest: bytes | None = None
    known: bool = False

    @property
    def where(self) -> str:
        """``"source, position"``, for messages."""
        return f"{self.source}, {self.position}"

    @property
    def ok(self) -> bool:
        """Whether the row has a record (it may still have issues)."""
        return self.record is not None


class KnownRows(Protocol):
    """What a reader learnt of rows before (see :func:`read_isb`): the views of JSON texts, by their digest
    (:func:`~ocds_regency.read.tabular.text_digest`)."""

    def __contains__(self, digest: object) -> bool:
        """Whether a text of this digest was read (of any dataset)."""

    def view(self, dataset: Dataset, digest: bytes) -> IsbRecord | None:
        """The view (:meth:`Dataset.parse <ocds_regency.isb.datasets.Dataset.parse>` without ``typed``) of a row
        of ``dataset`` whose text has this digest, as it was parsed before, or ``None``."""


class KnownText(JsonText):
    """The canonical data of a row read from its known text (see :func:`read_isb`), decoded when first read:
    what the dataset's parse gives as ``data``. Pickled as its text and record class."""

    __slots__ = ("model",)

    def __init__(self, text: bytes, model: type[IsbRecord]) -> None:
        super().__init__(text)
        self.model = model

    def _decode(self) -> dict[str, Any]:
        return canonical_data(self.model, decode_item(self.text))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.text, self.model))


#: Files a directory holds beside its data that are not data: the manifest ``ocds-regency fetch`` writes.
NOT_DATA = frozenset({"manifest.json"})


def iter_input_files(paths: PathInput | Iterable[PathInput]) -> Iterator[Path]:
    """Expand files and directories into the data files to read, in a stable order.

    In a directory, hidden files and folders and the files of :data:`NOT_DATA` are left out.

    Raises:
        InputError: for a path that doesn't exist.
    """
    items = [paths] if isinstance(paths, str | PathLike) else list(paths)
    for item in items:
        path = Path(item)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists():
            yield path
        else:
            raise InputError("no such file or directory", source=fspath(item))


def _walk(root: Path) -> Iterator[Path]:
    """The data files under ``root`` in name order: hidden names skipped, symbolic links that lead out of
    ``root`` (or to a directory) not followed."""
    top = root.resolve()
    found = []
    for folder, folders, files in os.walk(root, followlinks=False):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in files:
            child = Path(folder) / name
            if name.startswith(".") or name in NOT_DATA or child.suffix.lower() not in DATA_SUFFIXES:
                continue
            if child.is_symlink():
                target = child.resolve()
                if top not in target.parents or not target.is_file():
                    continue
            if child.is_file():
                found.append(child)
    yield from sorted(found)


def read_isb(
    paths: PathInput | Iterable[PathInput],
    *,
    dataset: str | Dataset | None = None,
    offset: str | dt.tzinfo | dt.timedelta = "+07:00",
    z_is_utc: bool = False,
    unknown: Literal["error", "report"] = "error",
    typed: bool = True,
    known: KnownRows | None = None,
    files: KnownFiles | None = None,
) -> Iterator[IsbRow]:
    """Stream typed ISB rows out of files and directories.

    Args:
        paths: a file or directory, or several.
        dataset: force this dataset for every table instead of detecting it.
        offset: the regency's UTC offset (``"+07:00"`` WIB, ``"WITA"``, ``"+09:00"``...).
        z_is_utc: trust a trailing ``Z`` on times (LKPP's is false; see :mod:`ocds_regency.isb.parse`).
        unknown: what to do with a table whose dataset can't be detected: ``"error"`` raises
            :class:`~ocds_regency.errors.InputError` naming the file; ``"report"`` yields each of its rows
            with ``dataset=None`` and an ``error``, so that they can be counted.
        typed: build each row's typed record. Without it, only the fields a conversion groups rows by are
            parsed, into each row's ``view``, and accepted rows come without a record (see
            :meth:`ocds_regency.isb.datasets.Dataset.parse`): faster, for readers that complete the records they
            need (the conversion does, with the same results).
        known: what was learnt of rows before (see the module documentation): the rows of JSON arrays come with
            their text's digest, and, without ``typed``, a row whose text it knows the view of comes with that view,
            undecoded (:attr:`IsbRow.known`). Only the texts it holds are taken on trust: every byte of a file is
            still read through the readers' guard, and any other text is decoded and parsed.
        files: JSON array files read whole before, by the digest of their bytes (see the module documentation):
            a file it knows is not split again, and its rows come with their text's digest (with ``known``, a
            known text's view as above); a file split whole is learnt. Every other file is read as without it.

    Yields:
        One :class:`IsbRow` per data row.

    Raises:
        InputError: for a missing or unreadable file, a truncated JSON file (after the rows before the
            damage), or an unknown dataset with ``unknown="error"``.
    """
    options = ParseOptions.make(offset, z_is_utc=z_is_utc)
    forced = get_dataset(dataset) if isinstance(dataset, str) else dataset
    for path in iter_input_files(paths):
        for table in read_tables(path, known=None if typed else known, files=files):
            try:
                yield from _read_table(table, forced, options, unknown, typed, known)
            finally:
                table.close()


def _read_table(
    table: Table,
    forced: Dataset | None,
    options: ParseOptions,
    unknown: Literal["error", "report"],
    typed: bool,
    known: KnownRows | None = None,
) -> Iterator[IsbRow]:
    if not table.fieldnames:  # no readable row to name columns from: whatever rows exist are unreadable
        for row in table.rows:
            yield IsbRow(None, table.source, row.position, row.number, row.data or {}, row.data, None, (),
                         row.problem or Message("read.no-columns"))  # fmt: skip
        return
    if forced is not None:
        spec: Dataset = forced
    else:
        try:
            spec = detect_dataset(table.fieldnames, source=table.source)
        except InputError as exc:
            if unknown == "error":
                raise
            for row in table.rows:
                yield IsbRow(None, table.source, row.position, row.number, row.data or {}, row.data, None, (),
                             row.problem or exc.problem or Message("read.unknown-dataset", columns=""))  # fmt: skip
            return
    name = spec.name
    learn = known is not None and not typed
    for row in table.rows:
        if row.data is None:
            yield IsbRow(name, table.source, row.position, row.number, {}, None, None, (), row.problem)
            continue
        digest = None if known is None or row.text is None else row.text_digest or text_digest(row.text)
        if learn and digest is not None and type(row.data) is JsonText:  # a known text: its view, undecoded
            assert known is not None and row.text is not None
            view = known.view(spec, digest)
            if view is not None:
                data = KnownText(row.text, spec.model)
                yield IsbRow(name, table.source, row.position, row.number, data, row.data, None, (), None, view,
                             digest, known=True)  # fmt: skip
                continue
        parsed = spec.parse(row.data, options, typed=typed)
        yield IsbRow(name, table.source, row.position, row.number, parsed.data, row.data, parsed.record,
                     parsed.issues, parsed.error, parsed.view, digest)  # fmt: skip
