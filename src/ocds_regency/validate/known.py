"""Validate a package given the findings already known for its releases and compiled releases.

A re-publication validates packages whose releases are nearly all the same as last time. The findings
of one release (its schema, field and ocid checks) and of one compiled release (its data-quality checks)
depend only on its JSON and on how the validation runs (OCDS version, extensions, prefix, quality
settings, this version of ocds-regency). :func:`~ocds_regency.validate.validate` with ``known=`` asks a
:class:`KnownFindings` for them by a key, the SHA-256 of that JSON and of those settings, and gives it
the findings of every release it had to check, to remember:

```python
class Memory:                                  # any key -> bytes mapping will do (a store keeps them)
    def __init__(self) -> None:
        self.entries: dict[bytes, bytes] = {}

    def get(self, key: bytes) -> bytes | None:
        return self.entries.get(key)

    def put(self, key: bytes, entry: bytes) -> None:
        self.entries[key] = entry

memory = Memory()
validate("release-package.json", known=memory)     # checks every release
validate("release-package.json", known=memory)     # same report, only the package-wide checks run
```

The checks that look across releases (duplicate ids, ocid uniqueness, supplier ids, related processes,
release dates against the package's) always run on the whole package, from what they need of each release
(its facts: ocid, id, date, supplier parties), which a release's entry keeps too; the report (findings in the same
order, paths with the package's indexes, counts, tallies) is the same as without ``known``. An entry is
remembered only when it reads back exactly as it was found (paths under the release's own place, plain
JSON values): anything else is checked again on every run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol

import orjson

from ocds_regency import codec
from ocds_regency.validate.findings import Finding
from ocds_regency.validate.messages import severity_of

__all__ = ["Entry", "KnownFindings", "decode_findings", "encode_findings", "entry_key"]


class KnownFindings(Protocol):
    """Where a validation finds (and leaves) the findings of releases it has seen before."""

    def get(self, key: bytes) -> bytes | None:
        """The entry remembered under ``key``, or ``None``."""

    def put(self, key: bytes, entry: bytes) -> None:
        """Remember ``entry`` under ``key``."""


def entry_key(context: bytes, kind: bytes, data: bytes) -> bytes:
    """The key of what a validation in ``context`` found in ``data`` (a JSON text) for checks of ``kind``."""
    digest = hashlib.sha256(context)
    digest.update(b"\0" + kind + b"\0")
    digest.update(data)
    return digest.digest()


def _relative(findings: Sequence[Finding], base: str, index: int | None) -> list[list[Any]] | None:
    rows: list[list[Any]] = []
    for finding in findings:
        if not finding.path.startswith(base) or finding.index != index:
            return None
        rows.append(
            [
                finding.code,
                finding.path[len(base) :],
                finding.value,
                dict(finding.params),
                finding.ocid,
                finding.release_id,
            ]
        )
    return rows


def _findings(rows: list[list[Any]], base: str, index: int | None) -> list[Finding]:
    return [
        Finding(code, severity_of(code), base + path, value, index, ocid, params, release_id)
        for code, path, value, params, ocid, release_id in rows
    ]


class Entry(NamedTuple):
    """What an entry of known findings holds, placed where the release (or compiled release) now is."""

    findings: list[Finding]
    statuses: bytes | None  # the quality checks' statuses, one byte per check (compiled releases)
    related: list[tuple[str, str]] | None  # its related processes with scheme ocid (compiled releases)
    facts: Any  # what the checks across the package need of it, as JSON values (releases)


def encode_findings(
    findings: Sequence[Finding],
    base: str,
    index: int | None,
    *,
    statuses: bytes | None = None,
    related: Sequence[tuple[str, str]] | None = None,
    facts: Any = None,
) -> bytes | None:
    """An entry for the findings of one release (or compiled release) checked at ``base`` (its JSON Pointer
    in the package) and ``index``: paths made relative, with the quality ``statuses`` (one byte per check),
    the ``related`` processes found and the release's ``facts`` (JSON values: see
    :func:`~ocds_regency.validate.checks.publication.encode_facts`); ``None`` when it would not read back
    exactly."""
    rows = _relative(findings, base, index)
    if rows is None:
        return None
    links: list[list[str]] | None = None
    if related is not None:
        links = []
        for path, identifier in related:
            if not path.startswith(base):
                return None
            links.append([path[len(base) :], identifier])
    entry = [rows, None if statuses is None else statuses.hex(), links, facts]
    try:
        encoded = orjson.dumps(entry)
    except (TypeError, orjson.JSONEncodeError):
        return None
    decoded = decode_findings(encoded, base, index)
    if decoded is None or decoded.findings != list(findings) or repr(decoded.findings) != repr(list(findings)):
        return None
    if decoded.statuses != statuses or decoded.related != (None if related is None else list(related)):
        return None
    if decoded.facts != facts:
        return None
    return encoded


def decode_findings(entry: bytes, base: str, index: int | None) -> Entry | None:
    """The findings, quality statuses, related processes and facts of an entry, placed at ``base`` and ``index``;
    ``None`` when the entry can't be read (it is then checked again)."""
    try:
        rows, statuses, links, facts = codec.fast_loads(entry)
        findings = _findings(rows, base, index)
        related = None if links is None else [(base + path, identifier) for path, identifier in links]
        return Entry(findings, None if statuses is None else bytes.fromhex(statuses), related, facts)
    except (codec.FastDecodeError, TypeError, ValueError):
        return None
