"""Map LKPP ISB records (SiRUP, SPSE/LPSE, e-Katalog) to OCDS 1.1.5 releases, accounting for every row.

::

    from ocds_regency.mapping import convert

    conversion = convert(["isb/"], prefix="ocds-abc123")
    for release in conversion:            # plain dicts; amounts are exact Decimals
        ...
    conversion.report.as_dict()           # rows read / used / rejected / duplicate, with reasons

Rows are grouped into contracting processes (see :mod:`ocds_regency.mapping.ids` for the ocid rule),
each process yields one release per stage (planning, tender, award, contract, implementation), and the
:class:`ConversionReport` says what happened to every input row. The full field-by-field mapping is in
``docs/mapping.md``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from os import fspath
from typing import TYPE_CHECKING, Any

from ocds_regency import _collector as collector
from ocds_regency.errors import OcdsRegencyError
from ocds_regency.i18n import Message
from ocds_regency.mapping._rows import Context, Options, Row, RowCache, SourceRow
from ocds_regency.mapping._spill import DEFAULT_ROWS_IN_MEMORY
from ocds_regency.mapping.ids import make_ocid, release_id
from ocds_regency.mapping.packages import releases
from ocds_regency.mapping.privacy import PERSONAL_DATA_CATEGORIES, PersonalDataError, check_categories
from ocds_regency.mapping.processes import Index
from ocds_regency.mapping.report import ConversionReport, FieldIssue, Reason, Rejection, RowCounts
from ocds_regency.read import IsbRow, iter_input_files, read_isb
from ocds_regency.standard import find_bundled_extension

if TYPE_CHECKING:
    from ocds_regency.mapping._draft import Process
    from ocds_regency.models import Release

__all__ = [
    "EXTENSIONS",
    "PERSONAL_DATA_CATEGORIES",
    "Conversion",
    "ConversionError",
    "ConversionReport",
    "FieldIssue",
    "PersonalDataError",
    "Reason",
    "Rejection",
    "RowCounts",
    "SourceRow",
    "convert",
    "extension_urls",
    "make_ocid",
    "parse_offset",
    "release_id",
]

#: Bundled extensions whose fields converted releases use; validate with ``load_profile(EXTENSIONS)``.
#: ``indonesia`` is ocds-regency's own extension (Indonesian fields OCDS has no home for); it comes after
#: ``bids``, whose ``Bid`` it extends.
EXTENSIONS: tuple[str, ...] = ("bids", "location", "budgetBreakdown", "partyScale", "indonesia")

_OFFSET = re.compile(r"([+-])(\d{2}):?(\d{2})")
_ZONES = {"WIB": "+07:00", "WITA": "+08:00", "WIT": "+09:00", "UTC": "+00:00", "Z": "+00:00"}


class ConversionError(OcdsRegencyError, ValueError):
    """The conversion was asked for something it can't do (bad prefix, time zone, or usage)."""


def parse_offset(timezone: str) -> str:
    """Turn ``"+07:00"``, ``"+0700"``, ``"WIB"``, ``"WITA"`` or ``"WIT"`` into a ``±HH:MM`` offset.

    Raises:
        ConversionError: the text is not an offset or zone name.
    """
    text = timezone.strip()
    if text.upper() in _ZONES:
        return _ZONES[text.upper()]
    match = _OFFSET.fullmatch(text)
    if match is None or int(match.group(2)) > 14 or int(match.group(3)) >= 60:
        raise ConversionError(f"not a UTC offset or WIB/WITA/WIT: {timezone!r} (expected e.g. +07:00)")
    sign, hours, minutes = match.groups()
    return f"{sign}{hours}:{minutes}"


def _check_prefix(prefix: str) -> str:
    if not prefix or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", prefix):
        raise ConversionError(f"not a usable ocid prefix: {prefix!r} (expected e.g. ocds-a1b2c3)")
    return prefix


def extension_urls(ids: Iterable[str] = EXTENSIONS) -> list[str]:
    """The ``extension.json`` URLs to declare in a package for bundled extension ids.

    Community extensions are named by the URL of their ``extension.json`` at the bundled version (e.g. the
    ``v1.1.5`` tag); ocds-regency's own ``indonesia`` extension by its URL on the project's documentation
    site (see ``docs/mapping.md``). ocds-regency's validator finds every one of them offline.

    Raises:
        ConversionError: an id is not a bundled extension.
    """
    urls = []
    for ext_id in ids:
        extension = find_bundled_extension(ext_id)
        if extension is not None and extension.url is not None:
            urls.append(extension.url)
        else:
            raise ConversionError(f"not a bundled extension: {ext_id}")
    return urls


#: Reader codes (``read.*``) of rows rejected because what identifies them is missing or unreadable.
_KEY_PROBLEMS = frozenset({"read.key-missing", "read.key-unreadable"})


def _reason(dataset: str | None, error: Message) -> str:
    """The report reason of a row the reader rejected, from the reader's message code."""
    if dataset is None:
        return Reason.UNKNOWN_DATASET
    parts = error.params["problems"] if error.code == "read.problems" else (error,)
    if any(part.code in _KEY_PROBLEMS for part in parts):
        return Reason.MISSING_KEY
    if parts[0].code == "read.names-none":
        return Reason.EMPTY
    return Reason.UNPARSEABLE


class Conversion:
    """A running conversion: iterate it for releases (or :meth:`models`), then read :attr:`report`.

    Releases come out process by process, in a stable order (RUP plans, tenders, non-tenders,
    pencatatan, swakelola, e-Katalog; by package code), each as a plain dict.
    """

    def __init__(self, index: Index, ctx: Context) -> None:
        self._index = index
        self._ctx = ctx
        self._processes = index.build()
        self._started = False
        self._done = False

    @property
    def process_count(self) -> int:
        """How many contracting processes the releases will describe (known before iterating)."""
        return len(self._processes)

    @property
    def ocids(self) -> tuple[str, ...]:
        """The ocid of each contracting process, in the order :meth:`by_process` gives them (known before
        iterating; a release store reads its histories ahead in this order)."""
        return tuple(process.ocid for process in self._processes)

    @property
    def options(self) -> Options:
        """The options the conversion runs with."""
        return self._ctx.options

    @property
    def context(self) -> Context:
        """The conversion-wide state the processes are mapped with (options, reference rows, the report)."""
        return self._ctx

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return _chained(self.by_process())

    def by_process(self) -> Iterator[tuple[Process, Iterator[dict[str, Any]]]]:
        """Iterate the contracting processes, each with its releases, made only when they are iterated.

        A caller that already holds the releases of a process (a release store, see
        :mod:`ocds_regency.store.cache`) may leave them unmade. Like iteration, this can be done only once; the
        report is complete when the last process has been taken.
        """
        if self._started:
            raise ConversionError("a conversion can be iterated only once")
        self._started = True
        return self._by_process()

    def _by_process(self) -> Iterator[tuple[Process, Iterator[dict[str, Any]]]]:
        # The rows (and their typed records) stay alive until the last release is made, and hold no cycles:
        # freezing them keeps the collections that run meanwhile from rescanning them all each time (unfrozen,
        # back under the collector's watch, when the releases end or are abandoned).
        store = self._ctx.rows
        with collector.frozen():
            try:
                for process in self._processes:
                    rows = process.all_rows()
                    yield process, _made(process, rows)
                    store.retire(rows)
                    store.settle()
                self._index.finish()
                self._done = True
            finally:
                store.close()

    def models(self) -> Iterator[Release]:
        """Iterate the releases as typed :class:`~ocds_regency.models.Release` models instead of dicts.

        Slower than plain iteration (each release is validated into a model); the models write the same
        bytes as :func:`ocds_regency.write.dumps` does for the dicts. Like iteration, this can be done only once.
        """
        from ocds_regency.models import Release  # imported here: plain conversion never needs pydantic models

        for release in self:
            yield Release.from_dict(release)

    @property
    def report(self) -> ConversionReport:
        """The accounting report, complete once every release has been taken.

        Raises:
            ConversionError: the releases have not all been consumed yet.
        """
        if not self._done:
            raise ConversionError("the conversion report is complete only after every release has been read")
        return self._ctx.report


def _made(process: Process, rows: list[Row]) -> Iterator[dict[str, Any]]:
    """The releases of a process, its rows' contents brought back first in a few reads when they wait in the row
    store's file (a large input): only once they are iterated, so that a process whose releases a caller leaves
    unmade (a release store's cache skips it) costs no read of its rows."""
    process.ctx.rows.load_all(rows)
    yield from releases(process)


def _chained(processes: Iterator[tuple[Process, Iterator[dict[str, Any]]]]) -> Iterator[dict[str, Any]]:
    for _process, made in processes:
        yield from made


def _add(index: Index, row: IsbRow) -> None:
    if row.error is None:
        index.add(row.dataset, row.data, row.source, row.position, row.record, row.issues, row.view, row.text_digest,
                  row.known)  # fmt: skip
    else:
        reason = _reason(row.dataset, row.error)
        index.reject(row.dataset, row.source, row.position, reason, row.error)


def convert(
    inputs: Iterable[str | os.PathLike[str] | IsbRow | SourceRow],
    *,
    prefix: str,
    timezone: str = "+07:00",
    personal_data: Iterable[str] = (),
    typed: bool = True,
    rows_in_memory: int = DEFAULT_ROWS_IN_MEMORY,
    known: RowCache | None = None,
) -> Conversion:
    """Convert ISB datasets to OCDS releases.

    All rows are read and grouped first (joins need the whole input); releases are then produced lazily,
    one process at a time. Beyond ``rows_in_memory`` rows, the rows' contents wait on disk for their process.

    Args:
        inputs: ISB files (JSON arrays, JSON Lines, CSV, XLSX) or directories of them, read with
            :func:`ocds_regency.read.read_isb`; or rows already read: :class:`~ocds_regency.read.IsbRow`
            from ``read_isb``, or :class:`SourceRow` (whose ``data`` uses canonical ISB field names).
        prefix: the publisher's ocid prefix, e.g. ``"ocds-a1b2c3"``.
        timezone: the UTC offset of times without one (LKPP times are local; default WIB, ``+07:00``).
        personal_data: personal-data categories to publish (see :data:`PERSONAL_DATA_CATEGORIES`;
            ``"all"`` for every one). Everything else personal is withheld and counted in the report.
        typed: read files with their whole typed records (see :func:`~ocds_regency.read.read_isb`). Without
            them only the fields rows are grouped by are read, and each row's record is completed when its
            process is mapped (see :class:`~ocds_regency.mapping._rows.Row`): the same releases and report,
            and the rows of a process that is never mapped (a release store's cache skips it) are never parsed
            whole. Completing a record later costs a little more than typing it while it is read, so typed
            reading is the default (every process is mapped).
        rows_in_memory: how many rows keep their contents in memory while they wait for their process; the
            others wait in a temporary SQLite file (deleted at the end), so that memory stays bounded whatever
            the input's size. The default (100,000 rows, about half a gigabyte) holds a regency's year
            several times over; the output is the same for any value.
        known: what an earlier conversion learnt of rows by their JSON text (a release store keeps it, see
            :class:`~ocds_regency.mapping._rows.RowCache`): with ``typed=False``, a row of a JSON array whose text
            it knows is not decoded nor parsed until its process is mapped; a JSON array file whose bytes it
            knows is not split again (typed or not); what this conversion reads is learnt. The same releases and
            report.

    Returns:
        A :class:`Conversion`: iterate it for releases, then read its ``report``.

    Raises:
        ConversionError: the prefix or time zone is unusable.
        PersonalDataError: an unknown personal-data category was named.
        InputError: an input file doesn't exist or can't be read (see :func:`~ocds_regency.read.read_isb`).
    """
    options = Options(_check_prefix(prefix), parse_offset(timezone), check_categories(personal_data))
    ctx = Context(options, ConversionReport(), rows_in_memory)
    index = Index(ctx, known)
    # Indexing keeps every row alive; the cyclic garbage collector would rescan them all again and
    # again (there are no cycles to find), which makes large inputs quadratic: pause it meanwhile.
    with collector.paused():
        for item in inputs:
            if isinstance(item, SourceRow):
                index.add(item.dataset, item.data, item.source, item.position)
                continue
            if isinstance(item, IsbRow):
                _add(index, item)
                continue
            for path in iter_input_files(item):
                empty = True
                for row in read_isb(
                    path, offset=options.offset, unknown="report", typed=typed, known=known, files=known
                ):
                    empty = False
                    _add(index, row)
                if empty:  # every file given appears in the accounting, even one without a data row
                    ctx.report.count_file(fspath(path))
        return Conversion(index, ctx)
