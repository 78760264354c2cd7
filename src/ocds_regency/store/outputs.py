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
        return zlib.decompress(found)

    def put(self, key: bytes, entry: bytes) -> None:
        """Keep ``entry`` under ``key`` (written with the run's transaction)."""
        self._pending.append((self.kind, key, self.written_by, zlib.compress(entry, _LEVEL), self.run_id))
        if len(self._pending) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the entries kept so far."""
        if self._pending:
            self.backend.executemany(self.backend.sql(_SAVE), self._pending)
            self._pending = []


def encode_values(value: Any) -> bytes | None:
    """A JSON entry for a value made of dataclasses, tuples, lists, string-keyed dicts, datetimes (naive or
    with a fixed offset), decimals and JSON scalars (what a process adds to the figures and the flags);
    ``None`` for anything else. Each kind is marked, so that :func:`decode_values` gives back an equal value
    of the same types (the same ``repr``)."""
    try:
        return orjson.dumps(_plain(value))
    except (TypeError, orjson.JSONEncodeError):
        return None


def decode_values(entry: bytes, classes: Mapping[str, type[Any]]) -> Any:
    """The value of an :func:`encode_values` entry, its dataclasses among ``classes`` (by name).

    Raises:
        ValueError, KeyError, TypeError: the entry can't be read (make the value again).
    """
    return _built(codec.fast_loads(entry), classes)


def _plain(value: Any) -> Any:
    if value is None or type(value) in (str, int, bool):
        return value
    if type(value) is float:
        if not math.isfinite(value):  # JSON has no NaN
            raise TypeError("not kept: a float that is not finite")
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"~class": type(value).__name__, "~fields": fields}
    if type(value) is tuple:
        return {"~tuple": [_plain(item) for item in value]}
    if type(value) is list:
        return [_plain(item) for item in value]
    if type(value) is dict and all(type(key) is str for key in value):
        return {"~dict": {key: _plain(item) for key, item in value.items()}}
    if type(value) is datetime:
        if value.tzinfo is not None and type(value.tzinfo) is not timezone:  # e.g. a named zone: not kept
            raise TypeError("not kept: a datetime in a named time zone")
        return {"~datetime": value.isoformat()}
    if type(value) is Decimal:
        return {"~decimal": str(value)}
    raise TypeError(f"not kept: {type(value).__name__}")


def _built(value: Any, classes: Mapping[str, type[Any]]) -> Any:
    if isinstance(value, list):
        return [_built(item, classes) for item in value]
    if not isinstance(value, dict):
        return value
    if "~class" in value:
        fields = {name: _built(item, classes) for name, item in value["~fields"].items()}
        return classes[value["~class"]](**fields)
    if "~tuple" in value:
        return tuple(_built(item, classes) for item in value["~tuple"])
    if "~dict" in value:
        return {key: _built(item, classes) for key, item in value["~dict"].items()}
    if "~datetime" in value:
        return datetime.fromisoformat(value["~datetime"])
    if "~decimal" in value:
        return Decimal(value["~decimal"])
    raise ValueError("not an entry")
