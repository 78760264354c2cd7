"""Deterministic identifiers: ocids, release ids and row digests.

**ocid rule.** Every package that goes through a selection system is its own contracting process; a
SiRUP plan (RUP) is a separate *planning* process. Packages cite the RUPs they implement with
``relatedProcesses`` (relationship ``planning``, scheme ``ocid``), so one RUP feeding several packages
and one package citing several RUPs (``kd_rup`` "60832782;45828523") are both expressed without merging
unrelated processes:

| process | ocid |
| --- | --- |
| RUP (SiRUP, penyedia or swakelola) | ``{prefix}-rup-{kd_rup}`` |
| SPSE tender | ``{prefix}-lpse{kd_lpse}-tender-{kd_tender}`` |
| SPSE non-tender | ``{prefix}-lpse{kd_lpse}-nontender-{kd_nontender}`` |
| SPSE pencatatan non-tender | ``{prefix}-lpse{kd_lpse}-pencatatan-{kd_nontender_pct}`` |
| SPSE pencatatan swakelola | ``{prefix}-lpse{kd_lpse}-swakelola-{kd_swakelola_pct}`` |
| e-Katalog (e-purchasing) package | ``{prefix}-ekatalog-{kd_paket}`` |

Keys are written as they are when they hold only letters, digits and dots (every LKPP key does); any other
character is escaped as ``_`` and the hex of its UTF-8 bytes, so that two distinct keys never give one ocid
(``PKT-1``, ``PKT/1`` and ``PKT_1`` are three processes).

**Release ids** are ``{ocid}-{stage}-{digest}``, where the digest (12 hex digits of SHA-256) covers the
source rows that fed the release (minus snapshot metadata such as ``_event_date``; values compared as text,
so JSON and a CSV export of one row agree), the release date and
the conversion options that change the output. The same input therefore gives the same id and bytes,
and any change in the source rows gives a new id.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Any

import orjson

from ocds_regency.isb.datasets import ProcessKind

__all__ = ["SNAPSHOT_FIELDS", "make_ocid", "release_id", "release_stage", "row_digest"]

#: Fields that record when a snapshot was taken, not what the row says: ignored by digests (so is every
#: field whose name starts with "_", the extraction metadata of the ISB API).
SNAPSHOT_FIELDS = frozenset({"_event_date", "_inserted_date", "tgl_penarikan"})

_UNSAFE = re.compile(r"[^A-Za-z0-9.]")


def _escape(match: re.Match[str]) -> str:
    return "".join(f"_{byte:02X}" for byte in match.group().encode("utf-8"))


def _clean(part: str) -> str:
    """A key as an ocid part, injectively: letters, digits and ``.`` stay; every other character becomes
    ``_`` and the hex of its UTF-8 bytes (``PKT-1`` → ``PKT_2D1``, ``PKT/1`` → ``PKT_2F1``, ``PKT_1`` →
    ``PKT_5F1``), so distinct keys never share an ocid."""
    return _UNSAFE.sub(_escape, part)


def make_ocid(prefix: str, kind: ProcessKind | str, key: str, lpse: str | None = None) -> str:
    """Build the ocid of a process (see the module docstring for the rule).

    Raises:
        ValueError: ``kind`` is not a :class:`~ocds_regency.isb.datasets.ProcessKind` (or its value).
    """
    kind = ProcessKind(kind)
    if not kind.by_lpse or lpse is None:
        return f"{prefix}-{kind}-{_clean(key)}"
    return f"{prefix}-lpse{_clean(lpse)}-{kind}-{_clean(key)}"


_BOOLEANS = {"true": "true", "false": "false"}


def _text(value: Any) -> Any:
    """A value as a tabular export writes it: booleans as ``true``/``false`` (whatever the case of their text),
    any other scalar (integers of any size, decimals, floats) as its text; lists and objects keep their shape.

    Digests are taken over these texts, so one row gives one digest (and its releases one id) whether it came
    from the ISB API's JSON (``"pagu": 1500000``) or from a CSV/XLSX export of the same dataset
    (``pagu,1500000``).
    """
    if isinstance(value, str):
        return _BOOLEANS.get(value.lower(), value) if len(value) in (4, 5) else value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, Mapping):
        return {str(k): _text(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_text(v) for v in value]
    if isinstance(value, int) and value.bit_length() > 14_000:  # beyond the 4,300 digits ``str`` writes
        return f"int:{value:#x}"
    return str(value)


def row_digest(row: Mapping[str, Any]) -> bytes:
    """SHA-256 of a row's content, ignoring snapshot metadata (and keys starting with ``_``), key order and
    empty fields.

    Values are compared as text (see :func:`_text`), and a field that is ``null`` or empty counts as absent:
    the same row read from JSON and from a CSV export (which writes ``null`` as an empty cell, or leaves an
    empty column out) has one digest. Any value is accepted: integers of any size, and types JSON has no name
    for (through ``str``).
    """
    content = {}
    for key, value in row.items():
        # The commonest values first, as _text writes them (a digest is taken of every row read).
        kind = type(value)
        if kind is str:
            if not value:
                continue
            if len(value) in (4, 5):
                value = _BOOLEANS.get(value.lower(), value)
        elif kind is int and -_SMALL < value < _SMALL:
            value = str(value)
        elif value is None or value == "":
            continue
        else:
            value = _text(value)
        name = key if type(key) is str else str(key)
        if name[:1] == "_" or name in SNAPSHOT_FIELDS:
            continue
        content[name] = value
    return hashlib.sha256(orjson.dumps(content, option=orjson.OPT_SORT_KEYS)).digest()


#: Integers below this size are written by ``str`` as they are (``_text`` checks the size of larger ones).
_SMALL = 1 << 64


def release_id(ocid: str, stage: str, date: str, digests: Iterable[bytes], salt: str) -> str:
    """Build a release id from its ocid, stage, date, the digests of its source rows and the options."""
    hasher = hashlib.sha256()
    hasher.update(salt.encode())
    hasher.update(date.encode())
    for digest in sorted(set(digests)):
        hasher.update(digest)
    return f"{ocid}-{stage}-{hasher.hexdigest()[:12]}"


def release_stage(ocid: str, identifier: str) -> str:
    """The stage part of a release id built by :func:`release_id` (``planning``, ``tender``, ...).

    A release store compares a process's releases stage by stage with this. An id of another shape
    (not made by ocds-regency) is its own stage.
    """
    head = f"{ocid}-"
    if identifier.startswith(head) and identifier.count("-", len(head)) >= 1:
        return identifier[len(head) :].split("-", 1)[0]
    return identifier
