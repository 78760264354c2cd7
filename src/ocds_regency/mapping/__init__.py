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
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson

from ocds_regency.errors import InputError, OcdsRegencyError
from ocds_regency.isb import detect_dataset
from ocds_regency.isb.parse import is_missing
from ocds_regency.mapping import _compat
from ocds_regency.mapping._rows import Context, Options, SourceRow
from ocds_regency.mapping.ids import make_ocid, release_id
from ocds_regency.mapping.privacy import PERSONAL_DATA_CATEGORIES, PersonalDataError, check_categories
from ocds_regency.mapping.processes import Index, releases
from ocds_regency.mapping.report import ConversionReport, FieldIssue, Reason, Rejection, RowCounts
from ocds_regency.standard import find_bundled_extension

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
    "dump_json",
    "extension_urls",
    "make_ocid",
    "parse_offset",
    "release_id",
]

#: Bundled extensions whose fields converted releases use; validate with ``load_profile(EXTENSIONS)``.
EXTENSIONS: tuple[str, ...] = ("bids", "location", "budgetBreakdown", "partyScale")

_OFFSET = re.compile(r"([+-])(\d{2}):?(\d{2})")
_ZONES = {"WIB": "+07:00", "WITA": "+08:00", "WIT": "+09:00", "UTC": "+00:00", "Z": "+00:00"}
_SUFFIXES = frozenset({".json"})


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
    """The ``extension.json`` URLs to declare in a package for bundled extension ids."""
    urls = []
    for ext_id in ids:
        extension = find_bundled_extension(ext_id)
        if extension is None or extension.repository is None:  # pragma: no cover - EXTENSIONS are bundled
            raise ConversionError(f"not a bundled extension: {ext_id}")
        urls.append(
            f"https://raw.githubusercontent.com/open-contracting-extensions/{extension.repository}/master/extension.json"
        )
    return urls


def _decimal(value: Any) -> Any:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise TypeError(f"not a JSON number: {value}")
        return orjson.Fragment(format(value, "f"))
    raise TypeError(f"can't serialise {type(value).__name__}")


def dump_json(value: Any, *, indent: bool = False) -> bytes:
    """Serialise a release (or package) to JSON bytes, writing Decimal amounts exactly as JSON numbers."""
    option = orjson.OPT_INDENT_2 if indent else 0
    return orjson.dumps(value, default=_decimal, option=option)


def _expand(inputs: Iterable[str | os.PathLike[str] | SourceRow]) -> Iterator[Path | SourceRow]:
    for item in inputs:
        if isinstance(item, SourceRow):
            yield item
            continue
        path = Path(item)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _SUFFIXES)
        elif path.is_file():
            yield path
        else:
            raise InputError("no such file or directory", source=str(path))


def _layout(fields: frozenset[str], source: str) -> tuple[str | None, dict[str, str], str]:
    """Name the dataset of rows with these fields, and the renames to canonical ISB field names."""
    try:
        dataset = detect_dataset(fields, source=source)
    except InputError as exc:
        return None, {}, exc.message
    rename = {}
    for name in fields:
        canonical = dataset.model.field_for(name)
        if canonical and canonical != name and not name.startswith("_"):
            rename[name] = canonical
    return dataset.name, rename, ""


def _canonical(row: dict[str, Any], rename: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in row.items():
        key = rename.get(name, name)
        if key not in out or is_missing(out[key]):
            out[key] = value
    return out


class Conversion:
    """A running conversion: iterate it for releases, then read :attr:`report`.

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
    def options(self) -> Options:
        """The options the conversion runs with."""
        return self._ctx.options

    def __iter__(self) -> Iterator[dict[str, Any]]:
        if self._started:
            raise ConversionError("a conversion can be iterated only once")
        self._started = True
        return self._run()

    def _run(self) -> Iterator[dict[str, Any]]:
        for process in self._processes:
            yield from releases(process)
        self._index.finish()
        self._done = True

    @property
    def report(self) -> ConversionReport:
        """The accounting report, complete once every release has been taken.

        Raises:
            ConversionError: the releases have not all been consumed yet.
        """
        if not self._done:
            raise ConversionError("the conversion report is complete only after every release has been read")
        return self._ctx.report


def convert(
    inputs: Iterable[str | os.PathLike[str] | SourceRow],
    *,
    prefix: str,
    timezone: str = "+07:00",
    personal_data: Iterable[str] = (),
) -> Conversion:
    """Convert ISB datasets to OCDS releases.

    All rows are read and grouped first (joins need the whole input); releases are then produced lazily,
    one process at a time.

    Args:
        inputs: ISB JSON files, directories of them (searched recursively for ``*.json``), or
            already-read :class:`SourceRow` records.
        prefix: the publisher's ocid prefix, e.g. ``"ocds-a1b2c3"``.
        timezone: the UTC offset of times without one (LKPP times are local; default WIB, ``+07:00``).
        personal_data: personal-data categories to publish (see :data:`PERSONAL_DATA_CATEGORIES`;
            ``"all"`` for every one). Everything else personal is withheld and counted in the report.

    Returns:
        A :class:`Conversion`: iterate it for releases, then read its ``report``.

    Raises:
        ConversionError: the prefix or time zone is unusable.
        PersonalDataError: an unknown personal-data category was named.
        InputError: an input file can't be read or isn't an ISB JSON array.
    """
    options = Options(_check_prefix(prefix), parse_offset(timezone), check_categories(personal_data))
    ctx = Context(options, ConversionReport())
    index = Index(ctx)
    for item in _expand(inputs):
        if isinstance(item, SourceRow):
            index.add(item.dataset, item.data, item.source, item.position)
            continue
        layouts: dict[frozenset[str], tuple[str | None, dict[str, str], str]] = {}
        for number, row in _compat.read_json_rows(item):
            fields = frozenset(row)
            layout = layouts.get(fields)
            if layout is None:
                layout = layouts[fields] = _layout(fields, str(item))
            name, rename, problem = layout
            if name is None:
                index.ctx.report.count_read(str(item), None)
                index.ctx.report.reject(str(item), f"row {number}", None, Reason.UNKNOWN_DATASET, problem)
                continue
            index.add(name, _canonical(row, rename) if rename else row, str(item), f"row {number}")
    return Conversion(index, ctx)
