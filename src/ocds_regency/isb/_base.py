"""The machinery shared by every typed ISB record: field kinds, header normalisation, tolerant parsing.

A record class declares its fields with the annotated types below (``Amount``, ``DateTime``, ``Npwp``...).
Each annotation carries a *kind*: the parser applied to the raw value. Two ways in:

- ``Record.model_validate(raw)`` (strict, standard pydantic): any unparseable field raises a
  :class:`pydantic.ValidationError` that names the field, the value and the reason;
- :func:`parse_record` (tolerant, used by the readers): returns the record together with a list of
  :class:`FieldIssue`; see its docstring for the rule on bad fields.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, ClassVar, NamedTuple

from pydantic import BaseModel, ConfigDict, ValidationInfo, model_validator

from ocds_regency.errors import ParseError
from ocds_regency.i18n import Message
from ocds_regency.isb import parse as p

__all__ = [
    "Amount",
    "AmountOrZero",
    "Codes",
    "DateTime",
    "FieldIssue",
    "Flag",
    "Html",
    "Id",
    "Int",
    "IsbRecord",
    "LongText",
    "Mak",
    "Names",
    "Npwp",
    "Number",
    "ParseOptions",
    "SatkerStr",
    "Text",
    "Url",
    "canonical_data",
    "complete_record",
    "is_whole",
    "make_view",
    "normalise_header",
    "parse_record",
    "parse_view",
    "view_maker",
    "view_values",
]


@dataclass(frozen=True, slots=True)
class ParseOptions:
    """How local values are read.

    Attributes:
        offset: the regency's UTC offset, for unlabelled local times and for every output time.
        z_is_utc: trust a trailing ``Z`` as UTC (LKPP's is false, so the default ignores it).
    """

    offset: dt.timezone = p.WIB
    z_is_utc: bool = False

    @classmethod
    def make(cls, offset: str | dt.tzinfo | dt.timedelta = p.WIB, *, z_is_utc: bool = False) -> ParseOptions:
        """Build options from any offset spelling (``"+07:00"``, ``"WITA"``, a ``timedelta``)."""
        return cls(p.parse_offset(offset), z_is_utc)


DEFAULT_OPTIONS = ParseOptions()


class FieldIssue(NamedTuple):
    """A field that could not be parsed (or conflicted with another spelling of itself).

    Attributes:
        field: the canonical field name.
        value: the raw value.
        reason: why it was not accepted (the parser's message, in English).
        kind: the parser kind (``"rupiah"``, ``"date"``, ``"npwp"``...), or ``"conflict"``/``"missing"``.
        problem: the same reason as a catalog message (a ``parse.*`` code and its parameters), which says it
            in English and in Bahasa Indonesia.
    """

    field: str
    value: Any
    reason: str
    kind: str
    problem: Message | None = None


Parser = Callable[[Any, ParseOptions], Any]


class Kind(NamedTuple):
    """A field kind: a name and the parser applied to raw values."""

    name: str
    parse: Parser
    empty: Any = None


def _amount(value: Any, options: ParseOptions) -> Any:
    amount = p.parse_rupiah(value)
    if amount is not None and amount == 0:
        # LKPP exports write 0 for an unknown amount; a zero would read as a real (free) value.
        raise ParseError(Message("parse.zero-amount"), value=value, kind="rupiah")
    return amount


def _dt(value: Any, options: ParseOptions) -> Any:
    return p.parse_datetime(value, offset=options.offset, z_is_utc=options.z_is_utc)


TEXT = Kind("text", lambda v, o: p.clean_text(v))
LONG_TEXT = Kind("longtext", lambda v, o: p.clean_text(v, multiline=True))
HTML = Kind("html", lambda v, o: p.html_to_text(v))
URL = Kind("url", lambda v, o: p.parse_url(v))
ID = Kind("code", lambda v, o: p.parse_code(v))
CODES = Kind("codes", lambda v, o: tuple(p.split_list(v, ";,")), ())
NAMES = Kind("names", lambda v, o: tuple(n.strip() for n in (p.clean_text(v) or "").split(";") if n.strip()), ())
MAK = Kind("mak", lambda v, o: tuple(p.split_list(v, ";,", strip_chars=".")), ())
AMOUNT = Kind("rupiah", _amount)
AMOUNT_OR_ZERO = Kind("rupiah_or_zero", lambda v, o: p.parse_rupiah(v))
NUMBER = Kind("number", lambda v, o: p.parse_number(v))
INT = Kind("int", lambda v, o: p.parse_int(v))
FLAG = Kind("bool", lambda v, o: p.parse_bool(v))
DATETIME = Kind("date", _dt)
NPWP = Kind("npwp", lambda v, o: p.normalise_npwp(v))
SATKER_STR = Kind("satker", lambda v, o: p.normalise_satker_str(v))

#: Free text, trimmed, runs of white space collapsed to one space.
Text = Annotated[str | None, TEXT]
#: Free text that keeps its line breaks.
LongText = Annotated[str | None, LONG_TEXT]
#: HTML turned into plain text (:func:`~ocds_regency.isb.parse.html_to_text`).
Html = Annotated[str | None, HTML]
#: A web address as an absolute http(s) URI (an IRI converted; anything else is a field issue).
Url = Annotated[str | None, URL]
#: An identifier kept as a string (``"10002513000"``).
Id = Annotated[str | None, ID]
#: A ``;``/``,``-joined list of codes (``kd_rup``, ``sumber_dana``), always a tuple (empty if missing).
Codes = Annotated[tuple[str, ...], CODES]
#: A ``;``-joined list of names (names may contain commas), as a tuple; repeats are kept (``nama_pokja`` and
#: ``nip_pokja`` pair by position).
Names = Annotated[tuple[str, ...], NAMES]
#: A ``;``/``,``-joined list of MAK budget codes, trailing dots removed, as a tuple.
Mak = Annotated[tuple[str, ...], MAK]
#: A Rupiah amount as an exact Decimal; a zero is LKPP's "unknown": empty, and a field issue.
Amount = Annotated[Decimal | None, AMOUNT]
#: A Rupiah amount where zero is a real value (shipping not charged, a budget line of nothing), kept.
AmountOrZero = Annotated[Decimal | None, AMOUNT_OR_ZERO]
#: A plain number (percentage, quantity) as an exact Decimal.
Number = Annotated[Decimal | None, NUMBER]
#: An integer.
Int = Annotated[int | None, INT]
#: A boolean (``True``/``False``, ``Ya``/``Tidak``, ``1``/``0``).
Flag = Annotated[bool | None, FLAG]
#: ISO 8601 with the regency's offset, or ``YYYY-MM-DD`` if the source gave a date only.
DateTime = Annotated[str | None, DATETIME]
#: An NPWP in its 16-digit form (or a NIK used as NPWP-16).
Npwp = Annotated[str | None, NPWP]
#: A SIPD/Kemendagri unit code (``kd_satker_str``), spaces removed.
SatkerStr = Annotated[str | None, SATKER_STR]

_HEADER = re.compile(r"[^0-9a-z]+")
#: A repeated column (or JSON key) as the readers name it: ``"kd_tender (2)"``.
_REPEATED = re.compile(r"(.+) \((\d+)\)")


def normalise_header(name: str) -> str:
    """Normalise a column name for matching: ``"Nilai HPS Paket"`` → ``"nilai_hps_paket"``,
    ``"K/L/PD"`` → ``"k_l_pd"``, ``"_event_date"`` → ``"event_date"``."""
    return _HEADER.sub("_", str(name).strip().lower()).strip("_")


class _Spec(NamedTuple):
    parsers: dict[str, Kind]
    aliases: dict[str, str]  # normalised header -> field name
    output_keys: dict[str, str]  # field name -> canonical ISB name (the alias if any)
    defaults: dict[str, Any]  # field name -> default value
    keys: dict[str, str | None]  # cache: raw column name -> field name (None: unknown column)
    fields_sets: dict[tuple[str, ...], set[str]]  # cache: the fields given -> one set shared by the records


class IsbRecord(BaseModel):
    """Base class of the typed ISB records.

    Unknown fields are kept (``model_extra``) with their raw values. Records are immutable.

    Class attributes:
        ALIASES: extra spellings accepted for the fields (header text in any case and punctuation,
            e.g. ``"Nilai HPS Paket"``), mapped to field names.
    """

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)

    ALIASES: ClassVar[Mapping[str, str]] = {}
    #: Fields that :meth:`repair` may rewrite from other fields (their values are no longer the raw value parsed).
    REPAIRED: ClassVar[frozenset[str]] = frozenset({"kd_satker", "kd_satker_str"})
    _spec: ClassVar[_Spec]

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        parsers: dict[str, Kind] = {}
        aliases: dict[str, str] = {}
        output_keys: dict[str, str] = {}
        for name, info in cls.model_fields.items():
            kind = next((m for m in info.metadata if isinstance(m, Kind)), None)
            if kind is None:  # pragma: no cover - every field is declared with a kind
                raise TypeError(f"{cls.__name__}.{name} has no field kind")
            parsers[name] = kind
            aliases[normalise_header(name)] = name
            if info.alias:
                aliases[normalise_header(info.alias)] = name
            output_keys[name] = info.alias or name
        # Shared label tables may name fields a given record doesn't have: those entries are skipped.
        for spelling, name in cls._collect_aliases().items():
            if name in parsers:
                aliases.setdefault(normalise_header(spelling), name)
        defaults = {name: info.default for name, info in cls.model_fields.items()}
        cls._spec = _Spec(parsers, aliases, output_keys, defaults, {}, {})

    @classmethod
    def _collect_aliases(cls) -> dict[str, str]:
        merged: dict[str, str] = {}
        for klass in reversed(cls.__mro__):
            table = klass.__dict__.get("ALIASES")
            if table:
                merged.update(table)
        return merged

    @classmethod
    def field_for(cls, header: str) -> str | None:
        """The field a column header stands for (``"Kode Tender"`` → ``"kd_tender"``), or ``None``."""
        return cls._spec.aliases.get(normalise_header(header))

    @classmethod
    def isb_names(cls) -> Mapping[str, str]:
        """Attribute → the field's canonical ISB name (``"event_date"`` → ``"_event_date"``), as reports name it."""
        return cls._spec.output_keys

    @classmethod
    def field_kinds(cls) -> dict[str, str]:
        """Field name → kind name (``{"pagu": "rupiah", ...}``), for documentation and tools."""
        return {name: kind.name for name, kind in cls._spec.parsers.items()}

    @classmethod
    def repair(cls, values: dict[str, Any], issues: list[FieldIssue]) -> None:
        """Repair known quirks after parsing, in place (subclasses extend it and call ``super()``).

        The base repair undoes the swapped satker codes of SPSE-TenderSelesaiNilai (domain notes §2b):
        a dotted ``kd_satker`` is the string code and moves to ``kd_satker_str``.
        """
        satker = values.get("kd_satker")
        if isinstance(satker, str) and "." in satker and "kd_satker_str" in cls._spec.parsers:
            try:
                dotted = p.normalise_satker_str(satker)
            except ParseError:
                return
            current = values.get("kd_satker_str")
            if current is None or current == dotted:
                values["kd_satker_str"] = dotted
                values["kd_satker"] = None

    @model_validator(mode="before")
    @classmethod
    def _parse_raw(cls, data: Any, info: ValidationInfo) -> Any:
        if not isinstance(data, Mapping):
            return data
        context = info.context if isinstance(info.context, Mapping) else {}
        options = context.get("options", DEFAULT_OPTIONS)
        values, extra, issues, _ = _parse_values(cls, data, options)
        if issues:
            details = "; ".join(f"{i.field}={i.value!r}: {i.reason}" for i in issues)
            raise ValueError(f"{len(issues)} field(s) can't be read: {details}")
        return {**extra, **values}


def _rename(cls: type[IsbRecord], raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any], list[FieldIssue]]:
    """Map raw keys to field names; unknown keys go to ``extra``; conflicting spellings are issues."""
    aliases = cls._spec.aliases
    cache = cls._spec.keys
    fields: dict[str, Any] = {}
    spelled: dict[str, str] = {}
    extra: dict[str, Any] = {}
    issues: list[FieldIssue] = []
    for key, value in raw.items():
        try:
            name = cache[key]
        except KeyError:
            name = aliases.get(normalise_header(key)) if isinstance(key, str) else None
            if name is None and isinstance(key, str) and (repeat := _REPEATED.fullmatch(key)):
                name = aliases.get(normalise_header(repeat.group(1)))  # "kd_tender (2)": a repeated column
            if len(cache) < 10_000:  # bounded: column names, not values
                cache[key] = name
        except TypeError:  # an unhashable key can't come from JSON or CSV; treat it as unknown
            name = None
        if name is None:
            extra[str(key)] = value
            continue
        if name in fields:
            previous = fields[name]
            if p.is_missing(value) or previous == value:
                continue
            if p.is_missing(previous):
                fields[name] = value
                spelled[name] = key
                continue
            # Keep the spelling that is the field's own name; report the other one.
            if key == name:
                problem = Message("parse.conflict", key=key, value=repr(value))
                issues.append(FieldIssue(name, previous, str(problem), "conflict", problem))
                fields[name] = value
                spelled[name] = key
            else:
                problem = Message("parse.conflict-spelling", key=key, other=spelled[name], value=repr(previous))
                issues.append(FieldIssue(name, value, str(problem), "conflict", problem))
            continue
        fields[name] = value
        spelled[name] = key
    return fields, extra, issues


def _parse_values(
    cls: type[IsbRecord],
    raw: Mapping[str, Any],
    options: ParseOptions,
    only: frozenset[str] | None = None,
    done: tuple[Mapping[str, Any], Mapping[str, FieldIssue]] | None = None,
) -> tuple[dict[str, Any], dict[str, Any], list[FieldIssue], dict[str, Any]]:
    """Rename and parse a raw row's fields (only those of ``only`` when given: then nothing is repaired).

    ``done`` gives fields already parsed (their values, and the issue of each that had one): they are taken as
    they are, in their place among the others, so that the issues come in the order one parse gives them.
    """
    fields, extra, issues = _rename(cls, raw)
    parsers = cls._spec.parsers
    values: dict[str, Any] = {}
    known, known_issues = done if done is not None else ({}, {})
    for name, value in fields.items():
        if only is not None and name not in only:
            continue
        if name in known:
            values[name] = known[name]
            if (issue := known_issues.get(name)) is not None:
                issues.append(issue)
            continue
        kind = parsers[name]
        if value is None or value == "":  # the commonest missing values, without a parser call
            values[name] = kind.empty
            continue
        try:
            values[name] = kind.parse(value, options)
        except ParseError as exc:
            issues.append(FieldIssue(name, value, str(exc), exc.kind or kind.name, exc.problem))
            values[name] = kind.empty
        except (ValueError, TypeError, OverflowError, ArithmeticError) as exc:
            # Whatever a value does to a parser (an integer of 5,000 digits, a type no export has), it is a
            # field issue on this row, never a failure of the run.
            problem = Message("parse.unreadable-type", type=type(exc).__name__)
            issues.append(FieldIssue(name, p.describe(value), str(problem), kind.name, problem))
            values[name] = kind.empty
    if only is None:
        cls.repair(values, issues)
    return values, extra, issues, fields


def _construct(cls: type[IsbRecord], values: dict[str, Any], extra: dict[str, Any]) -> IsbRecord:
    """Build a record from already-parsed values without re-validating them.

    Equivalent to ``cls.model_construct(**extra, **values)`` (a test checks this) but without its
    per-call introspection: the readers build millions of records, and the conversion keeps them all. The
    records whose rows give the same fields share one ``model_fields_set`` (records are frozen; a copy gets
    its own), which saves about a kilobyte a record.
    """
    record = cls.__new__(cls)
    state = dict(cls._spec.defaults)
    state.update(values)
    given = tuple(values)
    sets = cls._spec.fields_sets
    fields_set = sets.get(given)
    if fields_set is None:
        fields_set = set(given)
        if len(sets) < 10_000:  # bounded: the column sets of the tables read, not values
            sets[given] = fields_set
    object.__setattr__(record, "__dict__", state)
    object.__setattr__(record, "__pydantic_fields_set__", fields_set)
    object.__setattr__(record, "__pydantic_extra__", extra)
    object.__setattr__(record, "__pydantic_private__", None)
    return record


def parse_record(
    cls: type[IsbRecord], raw: Mapping[str, Any], options: ParseOptions = DEFAULT_OPTIONS
) -> tuple[IsbRecord, dict[str, Any], list[FieldIssue]]:
    """Parse a raw row into a record, tolerantly.

    The rule for bad fields: a field that can't be parsed becomes empty (``None``, or ``()`` for lists)
    and is reported as a :class:`FieldIssue`; the record is still built. Whether the row as a whole is
    usable (its key fields present) is the dataset's decision (see
    :meth:`ocds_regency.isb.datasets.Dataset.parse`).

    Args:
        cls: the record class.
        raw: the row as read (any header spelling the class knows).
        options: how to read dates.

    Returns:
        ``(record, data, issues)`` where ``data`` is the raw row keyed by canonical ISB field names
        (values untouched, unknown keys as they were).
    """
    values, extra, issues, fields = _parse_values(cls, raw, options)
    return _construct(cls, values, extra), _canonical(cls, fields, extra), issues


def _canonical(cls: type[IsbRecord], fields: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    output_keys = cls._spec.output_keys
    data = {output_keys[name]: value for name, value in fields.items()}
    data.update(extra)
    return data


def parse_view(
    cls: type[IsbRecord], raw: Mapping[str, Any], fields: frozenset[str], options: ParseOptions = DEFAULT_OPTIONS
) -> tuple[IsbRecord, dict[str, Any], list[FieldIssue]]:
    """Parse only some fields of a raw row, with their field kinds, into a *view*: a record of ``cls`` that has
    only those fields (reading another raises :class:`AttributeError`, never a silent ``None``). Nothing is
    repaired, so ``fields`` must not include one a repair may rewrite (:attr:`IsbRecord.REPAIRED`).

    What a row is grouped by (its keys, stamps, supplier numbers: :attr:`Dataset.grouping
    <ocds_regency.isb.datasets.Dataset.grouping>`) is read from its view; the whole record is made from the view
    and the row's data when it is needed (:func:`complete_record`), with the values and issues of one parse.

    Returns:
        ``(view, data, issues)``: the view, the raw row keyed by canonical ISB field names (as
        :func:`parse_record` gives it), and the issues of those fields and of conflicting spellings.
    """
    values, extra, issues, given = _parse_values(cls, raw, options, fields)
    defaults = cls._spec.defaults
    state = {name: defaults[name] for name in fields if name in defaults}  # (a field the row lacks: its default)
    state.update(values)
    view = cls.__new__(cls)
    object.__setattr__(view, "__dict__", state)
    object.__setattr__(view, "__pydantic_fields_set__", set(values))
    object.__setattr__(view, "__pydantic_extra__", {})
    object.__setattr__(view, "__pydantic_private__", None)
    return view, _canonical(cls, given, extra), issues


def canonical_data(cls: type[IsbRecord], raw: Mapping[str, Any]) -> dict[str, Any]:
    """A raw row keyed by canonical ISB field names, as :func:`parse_view` and :func:`parse_record` give it (its
    ``data``), without parsing any field."""
    fields, extra, _issues = _rename(cls, raw)
    return _canonical(cls, fields, extra)


#: The largest integer a view's values keep as a JSON number (:func:`view_values`).
_INT64 = 1 << 63


def view_values(view: IsbRecord) -> dict[str, Any] | None:
    """The values a view was given (:func:`parse_view`), as JSON a store can keep: texts, booleans and integers
    as they are, a ``Decimal`` as ``["d", text]``, a tuple of texts as ``["t", [texts]]`` (no value of a field
    kind is a list). ``None`` when a value is none of these (it is not kept). :func:`make_view` makes the view
    again."""
    given = view.__pydantic_fields_set__
    state = view.__dict__
    values: dict[str, Any] = {}
    for name in given:
        value = state[name]
        kind = type(value)
        if value is None or kind is str or kind is bool or (kind is int and -_INT64 <= value < _INT64):
            values[name] = value
        elif kind is Decimal:
            values[name] = ["d", str(value)]  # exact: Decimal(str(value)) has the same sign, digits and exponent
        elif kind is tuple and all(type(item) is str for item in value):
            values[name] = ["t", list(value)]
        else:
            return None
    return values


def make_view(cls: type[IsbRecord], fields: frozenset[str], values: Mapping[str, Any]) -> IsbRecord:
    """The view of ``fields`` (a dataset's grouping) that :func:`view_values` gave ``values`` of: the record of
    ``cls`` :func:`parse_view` made, with the same values (of the same types) and the same fields given."""
    return view_maker(cls, fields)(values)


def view_maker(cls: type[IsbRecord], fields: frozenset[str]) -> Callable[[Mapping[str, Any]], IsbRecord]:
    """:func:`make_view` for one class and grouping, its defaults looked up once (a reader making many views of a
    dataset keeps one)."""
    defaults = cls._spec.defaults
    base = {name: defaults[name] for name in fields if name in defaults}
    new, setattr_ = cls.__new__, object.__setattr__

    def make(values: Mapping[str, Any]) -> IsbRecord:
        state = base.copy()
        state.update(values)
        if list in set(map(type, values.values())):  # (a Decimal or a tuple of texts, see view_values)
            for name, value in values.items():
                if type(value) is list:
                    state[name] = Decimal(value[1]) if value[0] == "d" else tuple(value[1])
        view = new(cls)
        setattr_(view, "__dict__", state)
        setattr_(view, "__pydantic_fields_set__", set(values))
        setattr_(view, "__pydantic_extra__", {})
        setattr_(view, "__pydantic_private__", None)
        return view

    return make


def is_whole(record: IsbRecord) -> bool:
    """Whether a record has every field of its class (a view has only those it was parsed for: a view of every
    field is whole too, as its class has no repair that could change one of them, see :func:`parse_view`)."""
    return len(record.__dict__) == len(type(record)._spec.defaults)  # (one entry per field)


def complete_record(
    view: IsbRecord, data: Mapping[str, Any], issues: Sequence[FieldIssue], options: ParseOptions = DEFAULT_OPTIONS
) -> tuple[IsbRecord, list[FieldIssue]]:
    """The whole record of a row read as a view (:func:`parse_view`): its other fields parsed from ``data`` (the
    canonical data the view's parse gave), the view's values taken as they are, then the repairs.

    Args:
        view: the row's view.
        data: the row's canonical data.
        issues: the view's issues (of its fields, and of conflicting spellings in the raw row, which the
            canonical data no longer shows).
        options: how to read dates (those of the view's parse).

    Returns:
        ``(record, issues)``: what :func:`parse_record` gives for the raw row the view was parsed from.
    """
    cls = type(view)
    conflicts = [issue for issue in issues if issue.kind == "conflict"]
    found = {issue.field: issue for issue in issues if issue.kind != "conflict"}
    values, extra, more, _ = _parse_values(cls, data, options, done=(view.__dict__, found))
    return _construct(cls, values, extra), [*conflicts, *more]
