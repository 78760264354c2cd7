"""Rows with provenance and their typed records, the conversion context, and the field issues they report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

from ocds_regency.errors import ParseError
from ocds_regency.i18n import Message
from ocds_regency.isb import parse
from ocds_regency.isb._base import FieldIssue as RecordIssue
from ocds_regency.isb._base import IsbRecord, ParseOptions, complete_record, is_whole
from ocds_regency.isb.datasets import DATASETS
from ocds_regency.mapping._spill import DEFAULT_ROWS_IN_MEMORY, RowStore
from ocds_regency.mapping._texts import mask_text, parse_problem, personal_category
from ocds_regency.mapping.facts import extraction, snapshot
from ocds_regency.mapping.ids import row_digest
from ocds_regency.mapping.report import ConversionReport, FieldIssue, Reason
from ocds_regency.read.isb import KnownRows
from ocds_regency.read.tabular import KnownFiles

__all__ = ["Context", "Options", "Row", "RowCache", "SourceRow"]

if TYPE_CHECKING:
    from ocds_regency.mapping.parties import Supplier

R = TypeVar("R", bound=IsbRecord)


class SourceRow(NamedTuple):
    """One already-read ISB row and where it came from (field names as :mod:`ocds_regency.isb` spells them).

    Attributes:
        dataset: the ISB dataset name (``"SPSE-TenderPengumuman"``), or ``None`` if unknown.
        data: the row's fields as read (JSON values or text).
        source: the file name (or any label) the row came from.
        position: where in the source (``"row 3"``).
    """

    dataset: str | None
    data: Mapping[str, Any]
    source: str
    position: str


class RowCache(KnownRows, KnownFiles, Protocol):
    """What a conversion learns of the rows it reads, for the next one (a release store keeps it): by the digest of
    a row's JSON text, what grouping needs of the row: its view (what it is grouped by), its :attr:`Row.digest` and
    the supplier it names. A row whose text it knows is neither decoded nor parsed when it is read (see
    :func:`~ocds_regency.read.isb.read_isb`). And by the digest of a JSON array file's bytes, where its items are
    (:class:`~ocds_regency.read.tabular.KnownFiles`): a file read whole before is not split again."""

    def digest(self, text_digest: bytes) -> bytes | None:
        """The :attr:`Row.digest` of the row whose text has this digest, if known."""

    def supplier(self, text_digest: bytes) -> Supplier | None:
        """The supplier the row of a known text names (for the supplier directory), ``None`` if none."""

    def learn(
        self, dataset: str, text_digest: bytes, view: IsbRecord, digest: bytes, supplier: Supplier | None
    ) -> None:
        """Remember a row of ``dataset`` read from a text of this digest: its view (of every row of the text: the
        view of one parse without issues), its digest and the supplier it names."""


@dataclass(frozen=True)
class Options:
    """Conversion options that shape the output (part of every release-id digest)."""

    prefix: str
    offset: str
    personal_data: frozenset[str]

    @cached_property
    def zone(self) -> dt.timezone:
        """The offset as a time zone."""
        return parse.parse_offset(self.offset)

    @cached_property
    def parse_options(self) -> ParseOptions:
        """How the records of rows given as plain data are read (the regency's offset, as the reader does)."""
        return ParseOptions(self.zone)

    @property
    def salt(self) -> str:
        """A stable fingerprint of the options."""
        return f"{self.prefix}|{self.offset}|{','.join(sorted(self.personal_data))}|v3"


class Context:
    """Conversion-wide state: options, the report, and when the input was extracted."""

    __slots__ = (
        "_days",
        "_extracted",
        "lookups",
        "options",
        "report",
        "rows",
        "snapshots",
        "versions",
    )

    def __init__(
        self, options: Options, report: ConversionReport, rows_in_memory: int = DEFAULT_ROWS_IN_MEMORY
    ) -> None:
        self.options = options
        self.report = report
        #: the contents of the rows read: at most ``rows_in_memory`` in memory, the rest in a temporary file.
        self.rows = RowStore(rows_in_memory)
        #: the distinct raw extraction stamps (``_event_date``, ``tgl_penarikan``) of the rows read.
        self.snapshots: set[Any] = set()
        self._extracted: tuple[str | None] | None = None
        self._days: dict[tuple[str, bool], str | None] = {}
        from ocds_regency.mapping.lookups import Lookups  # here: lookups.py needs Row from this module

        #: the reference rows (budget masters, regions, catalogue details) processes cite.
        self.lookups = Lookups()
        #: (kind, kd_pkt_dce) -> (version, announcement date, package code, ocid) of each SPSE package of it:
        #: a re-tender (versi_tender 2) keeps the DCE package code of the failed one it replaces.
        self.versions: dict[tuple[str, str], list[tuple[int, str, str, str]]] = {}

    @property
    def extracted(self) -> str | None:
        """When the data were extracted: the end of the newest extraction stamp of any row (``None`` if none).

        A date-only stamp (``"2025-10-03"``) means some time that day, so the day's last second. Nothing
        published can have happened after it. Computed once, when the releases are made (every row is read).
        """
        if self._extracted is None:
            zone = self.options.zone
            found = []
            for value in self.snapshots:
                try:
                    if (moment := parse.parse_datetime(value, offset=zone, date_only="end")) is not None:
                        found.append(moment)
                except ParseError:
                    continue  # reported where the row's field is read, if it is
            self._extracted = (max(found, default=None),)
        return self._extracted[0]

    def when(self, value: str | None, *, end: bool = False) -> str | None:
        """A record's date or date-time as releases write it: a date alone (``"2025-03-04"``, as the record keeps
        it) becomes the first second of that day in the regency's offset, or the last with ``end``."""
        if value is None or len(value) > 10:
            return value
        moment = self._days.get((value, end))
        if moment is None:  # (parsed once a run: rows share their extraction days, and records their dates)
            moment = parse.parse_datetime(value, offset=self.options.zone, date_only="end" if end else "start")
            self._days[(value, end)] = moment
        return moment

    def count_issue(self, row: Row, issue: FieldIssue) -> None:
        """Add a field issue to the report unless the same row and field already reported it."""
        key = ("issue", issue.field, issue.reason)
        if row.note(key):
            self.report.add_issue(issue)

    def count_withheld(self, row: Row, category: str, field: str) -> None:
        """Count one withheld personal-data value (once per row, category and field)."""
        if row.note(("withheld", category, field)):
            self.report.count_withheld(row.source, category, field)

    def allows(self, category: str) -> bool:
        """Whether the personal-data category was opted in."""
        return category in self.options.personal_data


_INT64_MIN = -(1 << 63)
_UINT64_END = 1 << 64
#: The slots that hold a row's contents (out of memory while the row store keeps them).
_CONTENTS = frozenset({"data", "view", "_record", "_issues"})


class Row:
    """A source row: its typed record, its provenance and its accounting.

    The mapping reads the record's attributes (``row.typed(EkontrakKontrak).nilai_kontrak``; see
    :mod:`ocds_regency.mapping.facts` for facts read from several record classes): every field rule (aliases,
    zero amounts, dates in the regency's offset, codes, URLs, HTML) is the record's field kind. A row given as
    plain data (:class:`SourceRow`) is read the reader's way. The fields the record could not read
    (:attr:`issues`) are reported when the row first feeds a release (:meth:`mark_used`); :attr:`data` keeps
    the raw values, which the report quotes and the release ids digest.

    **Lazy records.** Grouping rows into processes reads only a few fields of each (:attr:`view`: the dataset's
    :attr:`~ocds_regency.isb.datasets.Dataset.grouping`: keys, identity, extraction stamps, supplier numbers).
    A row read without its record (``read_isb(typed=False)``, or given as plain data) gets its whole record
    when :attr:`record` or :attr:`issues` is first read, that is when its process is mapped, from its view and
    its data (:func:`~ocds_regency.isb._base.complete_record`: the values and issues of one parse). A process
    that a release store's cache does not map again never parses its rows' other fields.

    The contents (:attr:`data`, :attr:`view` and the record if made) of a large conversion's rows may wait in
    the context's :class:`~ocds_regency.mapping._spill.RowStore` until they are read: reading any brings them
    back.

    **Known rows.** A row read from a JSON text a :class:`RowCache` knows comes with its view and its digest from
    the cache, and its :attr:`data` is decoded when first read (:class:`~ocds_regency.read.isb.KnownText`): a
    process the store's cache does not map again never decodes its rows.
    """

    __slots__ = (
        "_issues",
        "_noted",
        "_record",
        "ctx",
        "data",
        "dataset",
        "digest",
        "dropped",
        "index",
        "position",
        "source",
        "spilled",
        "text_digest",
        "used",
        "view",
    )

    def __init__(
        self,
        ctx: Context,
        dataset: str,
        data: Mapping[str, Any],
        source: str,
        position: str,
        index: int,
        record: IsbRecord | None = None,
        issues: Iterable[RecordIssue] = (),
        *,
        view: IsbRecord | None = None,
        digest: bytes | None = None,
        text_digest: bytes | None = None,
    ) -> None:
        self.ctx = ctx
        self.index = index
        self.used = False
        self.dropped = False
        #: a copy of the contents is in the context's row store (they may be out of memory).
        self.spilled = False
        self._noted: set[tuple[str, ...]] | None = None
        self.dataset = dataset
        self.source = source
        self.position = position
        #: the digest of the row's JSON text (rows of JSON arrays read with a :class:`RowCache`), else ``None``.
        self.text_digest = text_digest
        huge = (
            [key for key, value in data.items() if type(value) is int and not _INT64_MIN <= value < _UINT64_END]
            if digest is None
            else ()  # a known row (a cache learns only rows without such values)
        )
        if huge:  # no ISB value is that large: left out here, once, so that no later step trips on it
            data = {key: None if key in huge else value for key, value in data.items()}
            record = view = None
        if record is not None:
            view = record
        else:
            spec = DATASETS[dataset]
            if view is None:  # a row given as plain data (or cleaned above): read the reader's way
                parsed = spec.parse(data, ctx.options.parse_options, typed=False)
                view, data, issues = parsed.view, parsed.data, parsed.issues
            if view is None:  # pragma: no cover - the registry's parse always gives one
                raise TypeError(f"{dataset} row without a view")
            if spec.grouping is None or is_whole(view):
                record = view  # read whole (its dataset's rule, or a typed row given without its record)
        self.data = data
        #: what the row is grouped by: the dataset's grouping fields of its record (or the record itself).
        self.view: IsbRecord = view
        self._record = record
        #: the issues of the record once made; until then those of the view (completed with the record).
        self._issues = tuple(issues)
        self.digest = row_digest(data) if digest is None else digest
        for stamp in extraction(self.view):
            if stamp is not None:
                ctx.snapshots.add(stamp)
        for key in huge:
            self.issue(key, None, Reason.UNPARSEABLE, Message("conversion.issue.integer-too-big"))

    @property
    def record(self) -> IsbRecord:
        """The typed record: what the mapping reads (``row.record.pagu``); made from the view when first read."""
        return self._record if self._record is not None else self._complete()

    @property
    def issues(self) -> tuple[RecordIssue, ...]:
        """The fields of the record the reader could not parse: reported when the row first feeds a release."""
        if self._record is None:
            self._complete()
        return self._issues

    def _complete(self) -> IsbRecord:
        # A copy of the contents written out before keeps the view alone: a row read back makes its record again
        # (the same, and its issues are reported once whatever: what was reported is noted on the row).
        record, issues = complete_record(self.view, self.data, self._issues, self.ctx.options.parse_options)
        self._record, self._issues = record, tuple(issues)
        return record

    @property
    def complete(self) -> bool:
        """Whether the row's whole record has been made (a row only grouped has its :attr:`view` alone)."""
        return self._record is not None

    @property
    def snapshot(self) -> str | None:
        """When the row was extracted (its first extraction stamp, as releases write dates), or ``None``."""
        return self.ctx.when(snapshot(self.view))

    def typed(self, kind: type[R]) -> R:
        """The record as the class the registry gives the row's dataset (``row.typed(RupPaketAnggaran).pagu``).

        Raises:
            TypeError: the row is of another dataset (a mapper asked the wrong process rows).
        """
        record = self.record
        if not isinstance(record, kind):
            raise TypeError(f"{self.dataset} row has a {type(record).__name__}, not a {kind.__name__}")
        return record

    def note(self, key: tuple[str, ...]) -> bool:
        """Remember ``key`` for this row; ``False`` if it was already noted (an issue is reported once a row)."""
        if self._noted is None:
            self._noted = set()
        elif key in self._noted:
            return False
        self._noted.add(key)
        return True

    @property
    def notes(self) -> frozenset[tuple[str, ...]]:
        """What :meth:`note` has remembered for this row (the issues and withheld values already counted)."""
        return frozenset(self._noted or ())

    def __repr__(self) -> str:
        return f"Row({self.dataset!r}, {self.source!r}, {self.position!r})"

    if not TYPE_CHECKING:  # (hidden from mypy, which would otherwise accept any attribute of a row)

        def __getattr__(self, name: str) -> Any:
            # Called only for an unset slot: the contents of a row written out to the row store.
            if name in _CONTENTS:
                self.ctx.rows.load(self)
                return object.__getattribute__(self, name)
            raise AttributeError(name)

    def contents(self) -> tuple[Any, ...]:
        """What the row store keeps of the row (its data, view, record if made and issues), to :meth:`restore`."""
        return self.data, self.view, self._record, self._issues

    def restore(self, contents: tuple[Any, ...]) -> None:
        """Take back the contents :meth:`contents` gave."""
        self.data, self.view, self._record, self._issues = contents

    def unload(self) -> None:
        """Drop the contents from memory (the row store keeps a copy): read back when used; an issue already
        reported is not reported again."""
        del self.data, self.view, self._record, self._issues

    def adopt(self, newer: Row) -> None:
        """Take the content and provenance of a newer snapshot of the same row (same digest)."""
        self.data, self.source, self.position = newer.data, newer.source, newer.position
        self.text_digest = newer.text_digest
        self.view, self._record, self._issues = newer.view, newer._record, newer._issues
        self.ctx.rows.changed(self)

    def mark_used(self) -> None:
        """Count the row as feeding a release (once), and report the fields its record could not read.

        The record is the ISB model: a declared field that could not be parsed (or whose two spellings
        disagree) is a finding of every row that is published, whether or not a release shows that field. Rows
        that feed no release are in the report for that reason instead (duplicate, superseded, uncited...).
        """
        if self.used:
            return
        self.used = True
        self.ctx.report.count_used(self.source, self.dataset)
        names = self.record.isb_names()
        for found in self.issues:
            reason = Reason.INCONSISTENT if found.kind == "conflict" else Reason.UNPARSEABLE
            problem = found.problem or Message("parse.unreadable", value=parse.describe(found.value))
            self.issue(names.get(found.field, found.field), found.value, reason, problem)

    def drop(self, reason: str, message: Message) -> None:
        """Reject the row (it feeds no release) with a reason and a catalog message saying why."""
        self.dropped = True
        self.ctx.report.reject(self.source, self.position, self.dataset, reason, message)

    def issue(self, field: str, value: Any, reason: str, message: Message) -> None:
        """Record a field issue against this row (once, however many releases read the field), with a catalog
        message saying what is wrong (see :mod:`ocds_regency.i18n`, ``conversion.toml``).

        A value that is personal data of a category not opted in is left out of the issue and masked in both
        texts of the message (the issue names the category in ``withheld`` and keeps no parameters).
        """
        category = personal_category(self.dataset, field, value, self.data, self.ctx.options.personal_data)
        if category is None:
            issue = FieldIssue(
                self.source, self.position, self.dataset, field, value, reason,
                message.text("en"), message.text("id"), None, message.code, message.params,
            )  # fmt: skip
        else:
            english = Message(
                "conversion.issue.withheld", message=mask_text(message.text("en"), value), category=category
            )
            indonesian = Message(
                "conversion.issue.withheld",
                message=mask_text(message.text("id"), value, "[disembunyikan]"),
                category=category,
            )
            issue = FieldIssue(
                self.source, self.position, self.dataset, field, None, reason,
                english.text("en"), indonesian.text("id"), category, message.code,
            )  # fmt: skip
        self.ctx.count_issue(self, issue)

    def problem(self, field: str, reason: str, message: Message) -> None:
        """Record an issue with ``field`` of this row, quoting the field's value as the source gave it."""
        self.issue(field, self.data.get(field), reason, message)

    def parse_issue(self, field: str, value: Any, exc: ParseError) -> None:
        """Record a value the parser refused (:attr:`Reason.UNPARSEABLE`), with its catalog message."""
        self.issue(field, value, Reason.UNPARSEABLE, parse_problem(exc))

    def withhold(self, category: str, *fields: str) -> None:
        """Count personal-data values of ``fields`` withheld under ``category``."""
        for field in fields:
            if not parse.is_missing(self.data.get(field)):
                self.ctx.count_withheld(self, category, field)

    def future(self, field: str, value: str | None, *, end: bool = False) -> str | None:
        """The record's date ``value`` (of ``field``) when it is later than the data's extraction, else ``None``.

        Such a date (a payment or hand-over entered ahead of time, a scheduled end) is reported once as a field
        issue: it can't be a fact yet.
        """
        when, extracted = self.ctx.when(value, end=end), self.ctx.extracted
        if when is None or extracted is None or when <= extracted:
            return None
        self.problem(field, Reason.INCONSISTENT, Message("conversion.issue.after-extraction", extracted=extracted))
        return when
