"""What a publication made from a release or compiled release, kept so that the next run does not make it again.

A re-publication writes nearly the same packages and spreadsheets as the previous one: most releases and
compiled releases are byte for byte the same. What the publication derives from each of them alone is
kept in the store's ``output_cache`` table, keyed by the SHA-256 of its JSON (and of what else it
depends on, which the producer puts in the key):

- ``findings``: the validation findings of a release and the data-quality results of a compiled
  release (see :mod:`ocds_regency.validate.known`);
- ``sheet-rows``: the spreadsheet rows of a compiled release (see
  :meth:`ocds_regency.flatten.Flattener.add_and_keep`);
- ``process-facts``: what a compiled release adds to the report's figures and to the red flags (its
  :class:`~ocds_regency.reporting.ProcessFigures` and :func:`~ocds_regency.flags.process.view`, as
  :func:`encode_values` writes them). The figures and flags over all processes are computed from them on
  every run.

An entry is written by one version of ocds-regency and read only by it (entries of other versions are
removed by the first run of a new version). The producer makes the entry and checks that it reads back
exactly; the cache only stores bytes. Entries are never needed: when one is missing the output is made
again, so ``publish --full`` reads none (and writes every entry again).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import zlib
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

import orjson

from ocds_regency import codec
from ocds_regency.store._backends import Backend

__all__ = ["OutputCache", "decode_values", "encode_values"]

#: Entries written at once.
_BATCH = 500
#: zlib level of the entries (read far more often than written).
_LEVEL = 1
#: Entries shorter than this are kept uncompressed, after the byte :data:`_RAW` (a zlib stream never starts so).
#: Each entry is read on every re-publication, and decompressing a small one costs more than its size: setting
#: up zlib for each entry, not inflating it (a process's findings and facts, about 0.2-2.5 KB, are kept as they
#: are; its spreadsheet rows, 10 KB and more, compress five times: docs/benchmarks.md).
_RAW_BELOW = 4096
_RAW = b"\x00"

_SAVE = (
    "INSERT INTO output_cache (kind, entry_key, written_by, entry, run_id) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (kind, entry_key) DO UPDATE SET written_by = excluded.written_by, entry = excluded.entry, "
    "run_id = excluded.run_id"
)


class OutputCache:
    """The entries of one ``kind`` in the store: a key -> bytes mapping (see the module).

    Args:
        backend: the store's connection (in the run's transaction).
        kind: what the entries are (``"findings"``, ``"sheet-rows"``).
        written_by: this ocds-regency (entries of others are not read).
        run_id: the run writing entries.
        reuse: read the stored entries (``False``: every output is made again, and remembered).
        preload: read every entry of the kind at once (small entries); else one query per key.
    """

    def __init__(
        self, backend: Backend, kind: str, *, written_by: str, run_id: int, reuse: bool = True, preload: bool = False
    ) -> None:
        self.backend = backend
        self.kind = kind
        self.written_by = written_by
        self.run_id = run_id
        self.reuse = reuse
        self.hits = 0
        self.misses = 0
        self._pending: list[tuple[Any, ...]] = []
        self._loaded: dict[bytes, bytes] | None = None
        #: entries read ahead (see :meth:`read_ahead`), each taken once; ``None``: not kept.
        self._ahead: dict[bytes, bytes | None] = {}
        if reuse and preload:
            rows = backend.query(
                backend.sql("SELECT entry_key, entry FROM output_cache WHERE kind = ? AND written_by = ?"),
                (kind, written_by),
            )
            self._loaded = {bytes(key): bytes(entry) for key, entry in rows}
        elif reuse:
            # A store with no entry of this kind yet (a first publication): nothing to look up, key by key.
            kept = backend.query(
                backend.sql("SELECT 1 FROM output_cache WHERE kind = ? AND written_by = ? LIMIT 1"), (kind, written_by)
            )
            if not kept:
                self._loaded = {}

    def read_ahead(self, keys: Sequence[bytes]) -> None:
        """Read the entries of the keys about to be asked, in one query per :data:`_BATCH` keys (instead of
        one each); what was read ahead before and not asked is forgotten."""
        self._ahead = {}
        if not self.reuse or self._loaded is not None:
            return
        wanted = list(dict.fromkeys(keys))
        for start in range(0, len(wanted), _BATCH):
            chunk = wanted[start : start + _BATCH]
            self._ahead.update(dict.fromkeys(chunk))
            rows = self.backend.query(
                self.backend.sql(
                    "SELECT entry_key, entry FROM output_cache WHERE kind = ? AND written_by = ? "
                    f"AND entry_key IN ({', '.join('?' * len(chunk))})"
                ),
                (self.kind, self.written_by, *chunk),
            )
            for key, entry in rows:
                self._ahead[bytes(key)] = bytes(entry)

    def get(self, key: bytes) -> bytes | None:
        """The entry kept under ``key`` (``None``: not kept, or not read in a full run)."""
        found: bytes | None = None
        if not self.reuse:
            pass
        elif self._loaded is not None:
            found = self._loaded.get(key)
        elif key in self._ahead:
            found = self._ahead.pop(key)
        else:
            rows = self.backend.query(
                self.backend.sql("SELECT entry FROM output_cache WHERE kind = ? AND entry_key = ? AND written_by = ?"),
                (self.kind, key, self.written_by),
            )
            found = bytes(rows[0][0]) if rows else None
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        return found[1:] if found[:1] == _RAW else zlib.decompress(found)

    def put(self, key: bytes, entry: bytes) -> None:
        """Keep ``entry`` under ``key`` (written with the run's transaction)."""
        # zlib's set-up costs more than a small entry is worth compressing: those are kept as they are.
        stored = _RAW + entry if len(entry) < _RAW_BELOW else zlib.compress(entry, _LEVEL)
        self._pending.append((self.kind, key, self.written_by, stored, self.run_id))
        if len(self._pending) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the entries kept so far."""
        if self._pending:
            self.backend.executemany(self.backend.sql(_SAVE), self._pending)
            self._pending = []


#: What an :func:`encode_values` entry starts with: entries of another format (an earlier one kept plain values
#: in tagged objects, ``{"~class": ..., "~fields": {...}}``) are refused, so that they are made again and replaced.
VALUES_FORMAT = "values-2"

# Tags of the values JSON has no type of: each is an array whose first item is its tag.
_LIST, _TUPLE, _DICT, _DATETIME, _DECIMAL, _CLASS = range(6)


def encode_values(value: Any) -> bytes | None:
    """A JSON entry for a value made of dataclasses, tuples, lists, string-keyed dicts, datetimes (naive or
    with a fixed offset), decimals and JSON scalars (what a process adds to the figures and the flags);
    ``None`` for anything else. Each kind is marked, so that :func:`decode_values` gives back an equal value
    of the same types (the same ``repr``).

    Texts, integers, booleans, ``None`` and floats are JSON's own; any other value is an array: its kind's tag,
    then its items (a dataclass: its class name, then its fields in the constructor's order).
    """
    try:
        return orjson.dumps([VALUES_FORMAT, _plain(value)])
    except (TypeError, orjson.JSONEncodeError):
        return None


def decode_values(entry: bytes, classes: Mapping[str, type[Any]]) -> Any:
    """The value of an :func:`encode_values` entry, its dataclasses among ``classes`` (by name).

    Raises:
        ValueError, KeyError, TypeError: the entry can't be read (make the value again), e.g. an entry of
            another format.
    """
    loaded = codec.fast_loads(entry)
    if type(loaded) is not list or len(loaded) != 2 or loaded[0] != VALUES_FORMAT:
        raise ValueError("not an entry of this format")
    try:
        return _built(loaded[1], classes)
    except IndexError:
        raise ValueError("not an entry: an array without its items") from None


@functools.cache
def _field_names(cls: type[Any]) -> tuple[str, ...] | None:
    """The fields of a dataclass in the order its constructor takes them (``None``: not all are constructor
    arguments: not kept)."""
    fields = dataclasses.fields(cls)
    return tuple(f.name for f in fields) if all(f.init for f in fields) else None


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind is str or value is None or kind is int or kind is bool:
        return value
    if kind is tuple or kind is list:
        return [_TUPLE if kind is tuple else _LIST, *[item if type(item) is str else _plain(item) for item in value]]
    if kind is float:
        if not math.isfinite(value):  # JSON has no NaN
            raise TypeError("not kept: a float that is not finite")
        return value
    if kind is datetime:
        if value.tzinfo is not None and type(value.tzinfo) is not timezone:  # e.g. a named zone: not kept
            raise TypeError("not kept: a datetime in a named time zone")
        return [_DATETIME, value.isoformat()]
    if kind is Decimal:
        return [_DECIMAL, str(value)]
    if kind is dict:
        if not all(type(key) is str for key in value):
            raise TypeError("not kept: a key that is not text")
        return [_DICT, {key: item if type(item) is str else _plain(item) for key, item in value.items()}]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _field_names(type(value))
        if names is None:
            raise TypeError(f"not kept: {kind.__name__} has fields its constructor does not take")
        return [_CLASS, kind.__name__, *[_plain(getattr(value, name)) for name in names]]
    raise TypeError(f"not kept: {kind.__name__}")


def _built(value: Any, classes: Mapping[str, type[Any]]) -> Any:
    if type(value) is not list:
        return value
    tag = value[0]
    if tag == _CLASS:
        return classes[value[1]](*[item if type(item) is not list else _built(item, classes) for item in value[2:]])
    if tag == _TUPLE:
        return tuple([item if type(item) is not list else _built(item, classes) for item in value[1:]])
    if tag == _LIST:
        return [item if type(item) is not list else _built(item, classes) for item in value[1:]]
    if tag == _DATETIME:
        return datetime.fromisoformat(value[1])
    if tag == _DECIMAL:
        return Decimal(value[1])
    if tag == _DICT:
        return {key: item if type(item) is not list else _built(item, classes) for key, item in value[1].items()}
    raise ValueError("not an entry")
