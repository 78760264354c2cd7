"""Rows with provenance, and field accessors that report what they can't parse."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from ocds_regency.errors import ParseError
from ocds_regency.i18n import Message
from ocds_regency.isb import parse
from ocds_regency.isb._base import IsbRecord
from ocds_regency.mapping._spill import DEFAULT_ROWS_IN_MEMORY, RowStore
from ocds_regency.mapping._texts import mask_text, parse_problem, personal_category
from ocds_regency.mapping.ids import row_digest
from ocds_regency.mapping.report import ConversionReport, FieldIssue, Reason

__all__ = ["Context", "Options", "Row", "SourceRow"]


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

    @property
    def salt(self) -> str:
        """A stable fingerprint of the options."""
        return f"{self.prefix}|{self.offset}|{','.join(sorted(self.personal_data))}|v3"


#: Fields that say when a row was extracted from LKPP (the snapshot), not when anything happened.
EXTRACTION_FIELDS = ("_event_date", "tgl_penarikan")


class Context:
    """Conversion-wide state: options, the report, and when the input was extracted."""

    __slots__ = (
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


class _Everything(set[tuple[str, ...]]):
    """Every key noted already: nothing is reported (see :meth:`Row.quiet`)."""

    def __contains__(self, item: object) -> bool:
        return True


_NOTED_ALREADY = _Everything()
_NONE: frozenset[str] = frozenset()

_INT64_MIN = -(1 << 63)
_UINT64_END = 1 << 64


class Row:
    """A source row with typed, issue-reporting field accessors.

    A row read by :func:`~ocds_regency.read.read_isb` carries its typed record (:attr:`record`): an accessor
    asked for one field that the record parsed cleanly with the accessor's own parser returns the record's
    value, so no value is parsed twice. A field the reader could not parse (it has a field issue), a field
    the record repaired, a field of another kind and a row given as plain data (:class:`SourceRow`) are parsed
    from :attr:`data` here, which reports the issue once, when the mapping first reads the field.

    The contents (:attr:`data` and :attr:`record`) of a large conversion's rows may wait in the context's
    :class:`~ocds_regency.mapping._spill.RowStore` until they are read: reading either brings them back.
    """

    __slots__ = (
        "_memo",
        "_noted",
        "ctx",
        "data",
        "dataset",
        "digest",
        "dropped",
        "index",
        "position",
        "record",
        "source",
        "spilled",
        "unparsed",
        "used",
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
        unparsed: Iterable[str] = (),
    ) -> None:
        self.ctx = ctx
        self.index = index
        self.used = False
        self.dropped = False
        #: a copy of the contents is in the context's row store (they may be out of memory).
        self.spilled = False
        #: values parsed here from :attr:`data` (not the record's), by accessor and fields; made when first needed.
        self._memo: dict[tuple[Any, ...], str | None] | None = None
        self._noted: set[tuple[str, ...]] | None = None
        self.dataset = dataset
        self.source = source
        self.position = position
        huge = [key for key, value in data.items() if type(value) is int and not _INT64_MIN <= value < _UINT64_END]
        if huge:  # no ISB value is that large: left out here, once, so that no later step trips on it
            data = {key: None if key in huge else value for key, value in data.items()}
            record = None
        self.data = data
        #: the typed record the reader built (``None`` for rows given as plain data).
        self.record = record
        #: fields (record attributes) the reader could not parse: read from :attr:`data`, so that their issue is
        #: reported here.
        self.unparsed = frozenset(unparsed) or _NONE  # (one empty set for all: most rows have no such field)
        self.digest = row_digest(data)
        for field in EXTRACTION_FIELDS:
            if isinstance(stamp := data.get(field), str):
                ctx.snapshots.add(stamp)
        for key in huge:
            self.issue(key, None, Reason.UNPARSEABLE, Message("conversion.issue.integer-too-big"))

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
            if name in ("data", "record"):
                self.ctx.rows.load(self)
                return object.__getattribute__(self, name)
            raise AttributeError(name)

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Read fields without reporting or remembering anything: their issues are reported when the mapping
        reads them, whenever this is done."""
        memo, noted = self._memo, self._noted
        self._memo, self._noted = None, _NOTED_ALREADY
        try:
            yield
        finally:
            self._memo, self._noted = memo, noted

    def unload(self) -> None:
        """Drop the contents from memory (the row store keeps a copy), with the values parsed from them: parsed
        again when read, an issue already reported is not reported again."""
        del self.data, self.record
        self._memo = None

    def adopt(self, newer: Row) -> None:
        """Take the content and provenance of a newer snapshot of the same row (same digest)."""
        self.data, self.source, self.position = newer.data, newer.source, newer.position
        self.record, self.unparsed = newer.record, newer.unparsed
        self._memo = None
        self.ctx.rows.changed(self)

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

    def parse_issue(self, field: str, value: Any, exc: ParseError) -> None:
        """Record a value the parser refused (:attr:`Reason.UNPARSEABLE`), with its catalog message."""
        self.issue(field, value, Reason.UNPARSEABLE, parse_problem(exc))

    def withhold(self, category: str, *fields: str) -> None:
        """Count personal-data values of ``fields`` withheld under ``category``."""
        for field in fields:
            if not parse.is_missing(self.data.get(field)):
                self.ctx.count_withheld(self, category, field)

    def raw(self, *fields: str) -> tuple[str, Any]:
        """Return ``(field, value)`` for the first non-blank of ``fields`` (``(fields[0], None)`` if none)."""
        data = self.data
        for field in fields:
            value = data.get(field)
            if value is None:
                continue
            # A blank spelling ("", "None", "-", "N/A", ...) is at most 4 characters once stripped, so
            # only short or padded text needs the full check.
            if (
                value.__class__ is str
                and (len(value) <= 4 or value[0].isspace() or value[-1].isspace())
                and parse.is_missing(value)
            ):
                continue
            return field, value
        return fields[0], None

    def _typed(self, fields: tuple[str, ...], kind: str) -> tuple[str, Any] | None:
        """``(field, value)`` of the first non-blank of ``fields`` as the record parsed it with the parser of
        ``kind`` (``value`` ``None`` when all are blank); ``None`` when a field must be parsed from :attr:`data`
        (no record, a field the reader could not parse, a repaired field, a field of another kind)."""
        record = self.record
        if record is None:
            return None
        data, values = self.data, record.__dict__
        for field in fields:
            if data.get(field) is None:
                continue
            typed = record.typed_field(field)
            if typed is None or typed[1] != kind or typed[0] in self.unparsed:
                return None
            if (value := values[typed[0]]) is not None:
                return field, value
        return fields[0], None

    def text(self, *fields: str) -> str | None:
        """The first non-blank field as text, trimmed, with runs of white space collapsed."""
        if (typed := self._typed(fields, "text")) is not None:
            return typed[1]  # type: ignore[no-any-return]
        memo = self._memos()
        if (key := ("text", *fields)) not in memo:
            _, value = self.raw(*fields)
            memo[key] = parse.clean_text(value)  # the record's text parser: the same text whichever way it came
        return memo[key]

    def _memos(self) -> dict[tuple[Any, ...], str | None]:
        if self._memo is None:
            self._memo = {}
        return self._memo

    def html(self, *fields: str) -> str | None:
        """The first non-blank field as plain text (HTML tags stripped)."""
        if (typed := self._typed(fields, "html")) is not None:
            return typed[1]  # type: ignore[no-any-return]
        _, value = self.raw(*fields)
        if value is None:
            return None
        try:
            return parse.html_to_text(value)
        except ParseError:  # pragma: no cover - html_to_text accepts any text
            return None

    def key(self, *fields: str) -> str | None:
        """The first non-blank field as an identifier string (``10011868000``, never ``1.0011868E10``)."""
        if (typed := self._typed(fields, "code")) is not None:
            return typed[1]  # type: ignore[no-any-return]
        memo = self._memos()
        if (key := ("key", *fields)) not in memo:
            memo[key] = self._key(fields)
        return memo[key]

    def _key(self, fields: tuple[str, ...]) -> str | None:
        field, value = self.raw(*fields)
        if value is None:
            return None
        try:
            return parse.parse_code(value)
        except ParseError as exc:
            self.parse_issue(field, value, exc)
            return None

    def number(self, *fields: str) -> str | None:
        """The first non-blank field as a letter number, normalised for comparison (never a field issue).

        See :func:`ocds_regency.isb.parse.parse_letter_number`: ``"000.3.2/ 0669 /Dinkes/2025"`` is an
        ordinary letter number and reads as ``"000.3.2/0669/Dinkes/2025"``.
        """
        field, value = self.raw(*fields)
        try:
            return parse.parse_letter_number(value)
        except ParseError as exc:  # a non-integral number: not a letter number anyone wrote
            self.parse_issue(field, value, exc)
            return None

    def amount(self, *fields: str) -> Decimal | None:
        """The first non-blank field as an exact Decimal; unparseable and zero values are reported and skipped."""
        if (typed := self._typed(fields, "rupiah")) is not None:
            field, amount = typed
            value = self.data.get(field)
        else:
            field, value = self.raw(*fields)
            if value is None:
                return None
            try:
                amount = parse.parse_rupiah(value)
            except ParseError as exc:
                self.parse_issue(field, value, exc)
                return None
        if amount is not None and amount == 0:
            # LKPP exports write 0 for an unknown amount; a zero would read as a real (free) value.
            self.issue(field, value, Reason.UNPARSEABLE, Message("conversion.issue.zero-amount"))
            return None
        return cast("Decimal | None", amount)

    def date(self, *fields: str, end: bool = False) -> str | None:
        """The first non-blank field as an ISO 8601 date-time with the regency's offset.

        A date without a time of day becomes the first second of that day, or the last with ``end``.
        """
        typed = self._typed(fields, "date")
        if typed is not None and (typed[1] is None or len(typed[1]) > 10):  # a date alone ("2025-03-04"): below
            return typed[1]  # type: ignore[no-any-return]
        memo = self._memos()
        if (key := ("end" if end else "date", *fields)) not in memo:
            memo[key] = self._date(fields, end)
        return memo[key]

    def _date(self, fields: tuple[str, ...], end: bool) -> str | None:
        field, value = self.raw(*fields)
        if value is None:
            return None
        try:
            return parse.parse_datetime(value, offset=self.ctx.options.zone, date_only="end" if end else "start")
        except ParseError as exc:
            self.parse_issue(field, value, exc)
            return None

    def after_extraction(self, *fields: str, end: bool = False) -> str | None:
        """The first non-blank of ``fields`` as a date when it is later than the data's extraction, else ``None``.

        Such a date (a payment or hand-over entered ahead of time, a scheduled end) is reported once as a field
        issue: it can't be a fact yet.
        """
        when, extracted = self.date(*fields, end=end), self.ctx.extracted
        if when is None or extracted is None or when <= extracted:
            return None
        field, value = self.raw(*fields)
        self.issue(field, value, Reason.INCONSISTENT, Message("conversion.issue.after-extraction", extracted=extracted))
        return when

    def url(self, *fields: str) -> str | None:
        """The first non-blank field as an absolute http(s) URI (an IRI is converted; anything else that is
        not a web address, ``javascript:`` and ``data:`` included, is reported and left out)."""
        field, value = self.raw(*fields)
        if value is None:
            return None
        try:
            return parse.parse_url(value)
        except ParseError as exc:
            self.parse_issue(field, value, exc)
            return None

    def integer(self, *fields: str) -> int | None:
        """The first non-blank field as an integer (reported and skipped when it isn't one)."""
        # A float is read here from its decimal text (6.101473974292629e16 is 61014739742926290), as before the
        # records; the record's integer parser takes the float's binary value.
        if (typed := self._typed(fields, "int")) is not None and type(self.data.get(typed[0])) is not float:
            return typed[1]  # type: ignore[no-any-return]
        field, value = self.raw(*fields)
        if value is None:
            return None
        try:
            number = parse.parse_number(value)
            if number is not None and number == number.to_integral_value():
                return parse.parse_int(int(number))  # refuses integers beyond 64 bits
        except (ParseError, ArithmeticError):
            pass
        shown = parse.describe(value)
        self.issue(field, value, Reason.UNPARSEABLE, Message("conversion.issue.not-whole", value=shown))
        return None

    def flag(self, *fields: str) -> bool | None:
        """The first non-blank field as a boolean ("True"/"Ya"/1 → True)."""
        if (typed := self._typed(fields, "bool")) is not None:
            return typed[1]  # type: ignore[no-any-return]
        field, value = self.raw(*fields)
        if value is None:
            return None
        try:
            return parse.parse_bool(value)
        except ParseError as exc:
            self.parse_issue(field, value, exc)
            return None
