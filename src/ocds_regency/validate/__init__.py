"""Validate OCDS data: schema, codelists, extensions, OCDS rules and data quality, with bilingual findings.

```python
from ocds_regency.validate import validate

report = validate("releases.json", prefix="ocds-abc123")
report.ok                     # False if any error was found
report.counts["schema.required"]
for finding in report.errors:
    print(finding.path, finding.message("id"))
report.raise_for_errors()     # for test suites: raises InvalidDataError with a readable summary
```

A validation never raises for bad *data*: problems become :class:`Finding`\\ s in the :class:`Report`.
It raises :class:`~ocds_regency.errors.InputError` only for input that can't be read at all (not JSON,
not UTF-8, a top-level array, ...). Extensions the package declares are applied when they are bundled
(matched by URL); others give an ``ocds.extension_unresolved`` warning and are never downloaded.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import re
import sys
import types
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from ocds_regency import _collector as collector
from ocds_regency import codec
from ocds_regency.codec import dumps as _json
from ocds_regency.errors import ExtensionWarning, InputError, OcdsRegencyError
from ocds_regency.read.documents import STREAM_THRESHOLD, Document, DocumentKind, open_input
from ocds_regency.standard import (
    DEFAULT_VERSION,
    OCID_PREFIX,
    Extension,
    Profile,
    StandardVersion,
    bundled_versions,
    find_bundled_extension,
    find_upgrade,
    load_extension,
    load_profile,
)
from ocds_regency.validate.checks import CHECKS, QualityConfig
from ocds_regency.validate.checks.publication import (
    PUBLICATION_CHECKS,
    PublicationChecks,
    ReleaseFacts,
    decode_facts,
    encode_facts,
    release_facts,
)
from ocds_regency.validate.checks.view import ReleaseView
from ocds_regency.validate.fields import FieldRule, compile_rules, ids_clean, walk_ids, walk_release
from ocds_regency.validate.findings import (
    CheckTally,
    Finding,
    InvalidDataError,
    Lang,
    Report,
    Severity,
    finding_with,
    make_finding,
)
from ocds_regency.validate.known import KnownFindings, decode_findings, encode_findings, entry_key
from ocds_regency.validate.messages import CODES, message_for
from ocds_regency.validate.schema import SchemaSet, schema_set

__all__ = [
    "CHECKS",
    "CODES",
    "CheckTally",
    "Finding",
    "InvalidDataError",
    "KnownFindings",
    "PackageCheck",
    "QualityConfig",
    "Report",
    "assert_valid",
    "message_for",
    "validate",
]

_OCID_PREFIX = re.compile(rf"^{OCID_PREFIX.pattern}-")
_STATUS = {"pass": 0, "fail": 1, "na": 2}
_PASS, _FAIL, _NA = _STATUS["pass"], _STATUS["fail"], _STATUS["na"]
Source = str | os.PathLike[str] | bytes | Mapping[str, Any]
_T = TypeVar("_T")


class _Item:
    """A release (or record) to check: its value, or the JSON text it was written as (decoded when needed).

    A package read from a file gives values; :class:`PackageCheck` gives the texts a writer wrote, and a text
    is decoded (by the JSON codec, as a file's releases are) only when its findings are not known.
    """

    __slots__ = ("_text", "_value", "decoded", "source", "view")

    def __init__(self, value: Any = None, text: bytes | None = None, source: str = "<data>") -> None:
        self._value = value
        self._text = text
        self.decoded = text is None
        self.source = source
        #: The quality checks' view of the value, when the release's facts were taken from it (see
        #: :meth:`_Validation.checked_release`), for the quality checks to read too.
        self.view: ReleaseView | None = None

    @property
    def value(self) -> Any:
        if not self.decoded:
            assert self._text is not None
            try:
                self._value = codec.loads(self._text, duplicates="refuse", source=self.source)
            except codec.JsonTextError as exc:
                raise InputError(exc.message, source=self.source) from None
            self.decoded = True
        return self._value

    def text(self) -> bytes:
        """The item's JSON text (as written, or written now from its value).

        Raises:
            TypeError, ValueError: the value can't be written as JSON.
        """
        if self._text is None:
            self._text = _json(self._value)
        return self._text


class _Validation:
    """One validation run: the compiled schemas and rules, the report, the package-level state."""

    def __init__(
        self,
        document: Document,
        profile: Profile,
        report: Report,
        prefix: str | None,
        quality: QualityConfig | None,
        progress: Callable[[int, int | None], None] | None = None,
        known: KnownFindings | None = None,
    ) -> None:
        self.document = document
        self.known = known
        self.context = _context(profile, prefix, quality) if known is not None else b""
        self.progress = progress
        self.profile = profile
        self.schemas: SchemaSet = schema_set(profile)
        self.rules: FieldRule = compile_rules(profile)
        self.report = report
        self.add: Callable[[Finding], None] = report.add
        self.prefix = None if prefix is None else prefix.rstrip("-") + "-"
        self.quality = quality
        self.check_codes = [code for code in CHECKS if quality is not None and quality.runs(code)]
        self.check_functions = [(code, CHECKS[code].check) for code in self.check_codes]
        # Checks over the whole publication (settled at the end).
        self.publication = PublicationChecks(
            () if quality is None else PUBLICATION_CHECKS if quality.checks is None else quality.checks
        )
        # ocid -> the quality results of its first release, while it is the only one.
        self.pending: dict[str, _Quality] = {}
        self.patterns: dict[bytes, int] = {}  # quality statuses (one byte per check) -> compiled releases
        self.multi: set[str] = set()
        self.seen: set[tuple[str, object]] = set()  # (ocid, id) of the releases of a release package
        self.ocids: set[str] = set()  # of the records of a record package

    # ---------------------------------------------------------------------------------------- releases
    def ocid_findings(self, ocid: object, base: str, index: int | None) -> None:
        """The findings of the ``ocid`` of the release or record at ``base``."""
        if not isinstance(ocid, str):
            return
        if not _OCID_PREFIX.match(ocid):
            self.add(make_finding("ocds.ocid_prefix", f"{base}/ocid", ocid, index=index, ocid=ocid))
        elif self.prefix is not None and not ocid.startswith(self.prefix):
            expected = self.prefix[:-1]
            self.add(
                make_finding(
                    "ocds.ocid_prefix_mismatch", f"{base}/ocid", ocid, index=index, ocid=ocid, expected=expected
                )
            )

    def release(
        self, release: Any, base: str, index: int | None, viewed: Callable[[str | None], bool] | None = None
    ) -> ReleaseFacts | None:
        """Schema and OCDS checks of one release (a value, or an :class:`_Item`); what the checks across the
        package need of it (``None`` if it is not an object).

        ``viewed`` tells, by the release's ``ocid``, whether the quality checks will read this very release (an
        :class:`_Item`): its facts are then taken from the view they will read (:attr:`_Item.view`).

        With known findings, a release seen before is not checked again: its findings are replayed, with its
        facts, and a release given as text is not even decoded."""
        item = release if type(release) is _Item else _Item(release)
        known = self.known
        if known is None:
            return self.checked_release(item, base, index, viewed)
        if item.decoded and not isinstance(item.value, dict):
            return self.checked_release(item, base, index, viewed)
        key = self.key(b"release", item)
        entry = None if key is None else known.get(key)
        replayed = None if entry is None else decode_findings(entry, base, index)
        if replayed is not None and replayed.facts is not None:
            with contextlib.suppress(ValueError, TypeError, KeyError):
                kept = decode_facts(replayed.facts)
                self.replay(replayed.findings)
                return kept
        found, facts = self.capture(lambda: self.checked_release(item, base, index, viewed))
        if key is not None and facts is not None and (listed := encode_facts(facts)) is not None:
            encoded = encode_findings(found, base, index, facts=listed)
            if encoded is not None:
                known.put(key, encoded)
        return facts

    def capture(self, check: Callable[[], _T]) -> tuple[list[Finding], _T]:
        """Run ``check``, and the findings it added (added to the report, or to the capture around this one)."""
        found: list[Finding] = []
        sink = self.add
        self.add = found.append
        try:
            result = check()
        finally:
            self.add = sink
        for finding in found:
            sink(finding)
        return found, result

    def replay(self, findings: list[Finding]) -> None:
        """Add known findings (to the report, or to the capture around)."""
        if self.add == self.report.add:
            self.report.extend(findings)
        else:
            for finding in findings:
                self.add(finding)

    def key(self, kind: bytes, item: _Item) -> bytes | None:
        """The key of a release's (or compiled release's) known findings: by the JSON text it was written as
        (or its value written as JSON); ``None`` if it has no JSON text."""
        try:
            return entry_key(self.context, kind, item.text())
        except (TypeError, ValueError):
            return None

    def checked_release(
        self, item: _Item, base: str, index: int | None, viewed: Callable[[str | None], bool] | None = None
    ) -> ReleaseFacts | None:
        """:meth:`check_release`, and the release's facts (see :meth:`release`)."""
        release = item.value
        self.check_release(release, base, index)
        if not isinstance(release, dict):
            return None
        codes = self.publication.codes
        view = item.view
        if view is None and viewed is not None and "quality.supplier_ids" in codes and self.quality is not None:
            ocid = release.get("ocid")
            if viewed(ocid if isinstance(ocid, str) else None):
                view = item.view = ReleaseView(release, self.quality)
        return release_facts(release, codes, view)

    def check_release(self, release: Any, base: str, index: int | None) -> str | None:
        """Schema and OCDS checks of one release (see :meth:`release`)."""
        if not isinstance(release, dict):
            self.add(make_finding("schema.type", base, release, index=index, expected="object"))
            return None
        ocid = release.get("ocid")
        ocid = ocid if isinstance(ocid, str) else None
        findings, lint_ok = self.schemas.release_errors(release, base, index, ocid)
        # Nothing for the field walk to report but perhaps ids: the rest of the walk is skipped.
        if findings or not lint_ok or not ids_clean(release, self.rules):
            add = self.release_adder(release)
            for finding in findings:
                add(finding)
            if lint_ok:
                walk_ids(release, self.rules, base, add, index, ocid)
            else:
                walk_release(release, self.rules, base, add, index, ocid)
        self.ocid_findings(release.get("ocid"), base, index)
        return ocid

    def release_adder(self, release: Mapping[str, Any]) -> Callable[[Finding], None]:
        """What adds a finding of ``release``: each finding names the release it is in (its id), besides the ocid."""
        ident = release.get("id")
        if not isinstance(ident, (str, int)) or isinstance(ident, bool):
            return self.add
        release_id = str(ident)

        def add(finding: Finding) -> None:
            self.add(dataclasses.replace(finding, release_id=release_id))

        return add

    # ----------------------------------------------------------------------------------------- quality
    def run_quality(
        self,
        compiled: Mapping[str, Any],
        base: str,
        index: int | None,
        ocid: str | None,
        view: ReleaseView | None = None,
    ) -> _Quality:
        assert self.quality is not None
        # One view of the release (built here, or given: the one its facts were taken from), read by every check.
        view = ReleaseView(compiled, self.quality) if view is None else view
        statuses = bytearray()
        status = statuses.append
        found: list[Finding] | None = None
        rid = None
        for code, check in self.check_functions:
            problems = check(view)
            if problems is None:
                status(_NA)
            elif not problems:
                status(_PASS)
            else:
                status(_FAIL)
                if found is None:
                    found = []
                    ident = compiled.get("id")
                    rid = str(ident) if isinstance(ident, (str, int)) and not isinstance(ident, bool) else None
                for problem in problems:
                    path, value, params = base + problem.path, problem.value, problem.params
                    found.append(finding_with(code, path, value, params, index=index, ocid=ocid, release_id=rid))
        return _Quality(bytes(statuses), found, self.publication.collect(compiled, base), index, ocid)

    def commit_quality(self, quality: _Quality) -> None:
        # Tallied by pattern: most compiled releases share a few patterns of pass / fail / n.a.
        self.patterns[quality.statuses] = self.patterns.get(quality.statuses, 0) + 1
        if quality.found:
            self.report.extend(quality.found)
        self.publication.commit(quality.related, quality.position, quality.ocid)

    def tally_quality(self) -> None:
        """Add the status patterns counted by :meth:`commit_quality` to the report's tallies."""
        checks = self.report.checks
        for statuses, count in self.patterns.items():
            for code, status in zip(self.check_codes, statuses, strict=True):
                tally = checks.get(code)
                if tally is None:
                    tally = checks[code] = CheckTally()
                if status == _PASS:
                    tally.passed += count
                elif status == _FAIL:
                    tally.failed += count
                else:
                    tally.not_applicable += count
        self.patterns.clear()
        for code, (passed, failed, not_applicable) in self.publication.tallies().items():
            tally = checks.setdefault(code, CheckTally())
            tally.passed += passed
            tally.failed += failed
            tally.not_applicable += not_applicable

    def finish_publication(self) -> None:
        """Settle the publication-wide checks once every release or record has been read."""
        for code, found, position, ocid in self.publication.finish(self.document.metadata):
            self.add(make_finding(code, found.path, found.value, index=position, ocid=ocid, **found.params))

    def known_quality(self, compiled: Any, base: str, index: int | None, ocid: str | None) -> _Quality:
        """:meth:`run_quality` of a compiled release (a value or an :class:`_Item`), or its results replayed when
        it is known."""
        item = compiled if type(compiled) is _Item else _Item(compiled)
        if self.known is None:
            return self.run_quality(item.value, base, index, ocid, item.view)
        key = self.key(b"quality", item)
        return self.quality_known(
            key, base, index, ocid, lambda: self.run_quality(item.value, base, index, ocid, item.view)
        )

    def quality_known(
        self, key: bytes | None, base: str, index: int | None, ocid: str | None, compute: Callable[[], _Quality]
    ) -> _Quality:
        """The quality results remembered under ``key``, else computed (and remembered)."""
        known = self.known
        if known is None or key is None:
            return compute()
        entry = known.get(key)
        decoded = None if entry is None else decode_findings(entry, base, index)
        if decoded is not None and decoded.statuses is not None and len(decoded.statuses) == len(self.check_codes):
            return _Quality(decoded.statuses, decoded.findings or None, decoded.related, index, ocid)
        quality = compute()
        encoded = encode_findings(quality.found or [], base, index, statuses=quality.statuses, related=quality.related)
        if encoded is not None:
            known.put(key, encoded)
        return quality

    def single(self, ocid: str | None) -> bool:
        """Whether the quality checks will read the release of ``ocid`` being checked, so far the only one of
        its process (:meth:`quality_of_release`)."""
        return ocid is not None and ocid not in self.multi and ocid not in self.pending

    def quality_of_release(self, release: _Item, base: str, index: int, ocid: str) -> None:
        if ocid in self.multi:
            return
        if ocid in self.pending:
            del self.pending[ocid]
            self.multi.add(ocid)
            return
        self.pending[ocid] = self.known_quality(release, base, index, ocid)

    def merge(self, releases: list[dict[str, Any]]) -> dict[str, Any] | None:
        from ocds_regency.merge import Merger

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return Merger(profile=self.profile).create_compiled_release(releases)
        except (OcdsRegencyError, TypeError, ValueError, RecursionError):
            return None

    def finish_quality(self) -> None:
        """Commit the quality results of the single-release processes, then of the others (merged from their
        releases, read again)."""
        self.commit_pending()
        if not self.multi:
            return
        groups: dict[str, list[_Item]] = {}
        for release in self.document.items():
            ocid = release.get("ocid") if isinstance(release, dict) else None
            if isinstance(ocid, str) and ocid in self.multi:
                groups.setdefault(ocid, []).append(_Item(release))
        for ocid, items in groups.items():
            self.commit_quality(self.group_quality(ocid, items))

    def commit_pending(self) -> None:
        for pending in self.pending.values():
            self.commit_quality(pending)
        self.pending.clear()

    def group_quality(self, ocid: str, items: list[_Item], compiled: Callable[[], Any] | None = None) -> _Quality:
        """The quality results of the compiled release merged from the ``items`` of one ``ocid`` (or given by
        ``compiled``, when the caller has it: the compiled release of exactly those releases, in that order)."""

        def compute() -> _Quality:
            merged = compiled() if compiled is not None else self.merge([item.value for item in items])
            if merged is None:
                return _Quality(bytes([_STATUS["na"]] * len(self.check_codes)), None, None, None, ocid)
            return self.run_quality(merged, "", None, ocid)

        # The compiled release is known by the releases it is merged from: no merge when they are known.
        return self.quality_known(self.group_key(items), "", None, ocid, compute)

    def group_key(self, items: list[_Item]) -> bytes | None:
        """The key of the known quality findings of the compiled release merged from ``items``."""
        if self.known is None:
            return None
        try:
            digests = b"".join(hashlib.sha256(item.text()).digest() for item in items)
        except (TypeError, ValueError):
            return None
        return entry_key(self.context, b"group", digests)

    def package_release(
        self, release: _Item, index: int, viewed: Callable[[str | None], bool] | None = None
    ) -> str | None:
        """Check the release at ``index`` of a release package and compare it with the others (by its facts);
        its ocid (``None``: it has none, and is not compared). ``viewed``: see :meth:`release`."""
        base = f"/releases/{index}"
        facts = self.release(release, base, index, viewed)
        if facts is None or facts.ocid is None:
            return None
        ocid = facts.ocid
        publication = self.publication
        publication.see_ocid(ocid)
        publication.release_date(facts.date, base, index, ocid, self.document.metadata)
        publication.compare_suppliers(facts.suppliers, base, index, ocid)
        ident = facts.ident
        if ident is not None:
            key = (ocid, ident)
            if key in self.seen:
                self.add(make_finding("schema.unique_release", f"{base}/id", ident, index=index, ocid=ocid, id=ident))
            else:
                self.seen.add(key)
        return ocid

    # ----------------------------------------------------------------------------------------- records
    def package_record(self, record: _Item, index: int) -> None:
        """Check the record at ``index`` of a record package and compare its ocid with the others'."""
        ocid = self.known_record(record, f"/records/{index}", index)
        if ocid is None:
            return
        self.publication.see_ocid(ocid)
        if ocid in self.ocids:
            self.add(make_finding("schema.unique_record", f"/records/{index}/ocid", ocid, index=index, ocid=ocid))
        else:
            self.ocids.add(ocid)

    def known_record(self, item: _Item, base: str, index: int) -> str | None:
        """:meth:`record`, or its findings replayed when the record is known.

        Whole records are known only without the data-quality checks (a publication's record package): with
        them, a record takes part in the checks across the package, and only its releases and compiled release
        are known (by :meth:`release` and :meth:`known_quality`)."""
        known = self.known
        if known is None or self.quality is not None:
            return self.record(item.value, base, index)
        key = self.key(b"record", item)
        entry = None if key is None else known.get(key)
        replayed = None if entry is None else decode_findings(entry, base, index)
        if replayed is not None and isinstance(replayed.facts, list) and len(replayed.facts) == 2:
            kept, embedded = replayed.facts
            if isinstance(kept, str | None) and type(embedded) is int:
                self.replay(replayed.findings)
                self.report.releases += embedded
                return kept
        releases = self.report.releases
        found, ocid = self.capture(lambda: self.record(item.value, base, index))
        if key is not None:
            encoded = encode_findings(found, base, index, facts=[ocid, self.report.releases - releases])
            if encoded is not None:
                known.put(key, encoded)
        return ocid

    def record(self, record: Any, base: str, index: int) -> str | None:
        if not isinstance(record, dict):
            self.add(make_finding("schema.type", base, record, index=index, expected="object"))
            return None
        ocid = record.get("ocid") if isinstance(record.get("ocid"), str) else None
        for finding in self.schemas.errors(self.schemas.record, record, base, index, ocid):
            self.add(finding)
        self.ocid_findings(record.get("ocid"), base, index)
        releases = record.get("releases")
        embedded: list[dict[str, Any]] = []
        if isinstance(releases, list):
            kinds = {("embedded" if "id" in r else "linked") if isinstance(r, dict) else "other" for r in releases}
            if {"embedded", "linked"} <= kinds:
                self.add(make_finding("schema.releases_mixed", f"{base}/releases", index=index, ocid=ocid))
            for i, item in enumerate(releases):
                at = f"{base}/releases/{i}"
                if not isinstance(item, dict):
                    self.add(make_finding("schema.type", at, item, index=index, ocid=ocid, expected="object"))
                elif "id" in item:
                    facts = self.release(item, at, index)
                    assert facts is not None  # an object
                    self.publication.release_date(facts.date, at, index, ocid, self.document.metadata)
                    if not isinstance(record.get("compiledRelease"), dict):
                        self.publication.compare_suppliers(facts.suppliers, at, index, ocid)
                    embedded.append(item)
                    self.same_ocid(item, ocid, at, index)
                else:
                    for finding in self.schemas.errors(self.schemas.linked_release, item, at, index, ocid):
                        self.add(finding)
                    walk_release(item, _LINKED_RULES, at, self.add, index, ocid)
            self.report.releases += len(embedded)
        compiled = record.get("compiledRelease")
        compiled_item = _Item(compiled)  # its facts taken from the view the quality checks read
        if isinstance(compiled, dict):
            at = f"{base}/compiledRelease"
            facts = self.release(compiled_item, at, index, _viewed)
            assert facts is not None  # an object
            self.same_ocid(compiled, ocid, at, index)
            self.publication.compare_suppliers(facts.suppliers, at, index, ocid)
            if not embedded:  # its date is that of its newest release, when they are embedded
                self.publication.release_date(facts.date, at, index, ocid, self.document.metadata)
        elif "compiledRelease" in record:
            self.add(
                make_finding(
                    "schema.type", f"{base}/compiledRelease", compiled, index=index, ocid=ocid, expected="object"
                )
            )
        versioned = record.get("versionedRelease")
        if isinstance(versioned, dict):
            for finding in self.schemas.errors(
                self.schemas.versioned_release, versioned, f"{base}/versionedRelease", index, ocid
            ):
                self.add(finding)
        elif "versionedRelease" in record:
            self.add(
                make_finding(
                    "schema.type", f"{base}/versionedRelease", versioned, index=index, ocid=ocid, expected="object"
                )
            )
        if self.quality is not None:
            if isinstance(compiled, dict):
                self.commit_quality(self.known_quality(compiled_item, f"{base}/compiledRelease", index, ocid))
            elif embedded:
                merged = embedded[0] if len(embedded) == 1 else self.merge(embedded)
                if merged is not None:
                    base_path = f"{base}/releases/0" if len(embedded) == 1 else ""
                    self.commit_quality(self.run_quality(merged, base_path, index, ocid))
        return ocid

    def same_ocid(self, release: Mapping[str, Any], ocid: str | None, at: str, index: int) -> None:
        own = release.get("ocid")
        if ocid is not None and isinstance(own, str) and own != ocid:
            self.add(make_finding("ocds.record_release_ocid", f"{at}/ocid", own, index=index, ocid=ocid, expected=ocid))

    # ---------------------------------------------------------------------------------------- packages
    def package_metadata(self, count: int) -> None:
        document = self.document
        key = document.key
        metadata = dict(document.metadata)
        if document.has_items:
            metadata[key] = [None] * min(count, 1)
        validator = self.schemas.release_package if key == "releases" else self.schemas.record_package
        for finding in self.schemas.errors(validator, metadata, ""):
            self.add(finding)
        schema = self.profile.release_package_schema if key == "releases" else self.profile.record_package_schema
        known = set(schema.get("properties", {}))
        for name, value in document.metadata.items():
            if name not in known:
                self.add(make_finding("ocds.additional_field", f"/{name}", value, field=name))
            elif _is_empty(value):
                self.add(make_finding("ocds.empty_value", f"/{name}", value))
        publisher = document.metadata.get("publisher")
        if isinstance(publisher, dict):
            for name, value in publisher.items():
                if isinstance(value, str) and (not value or value.isspace()):
                    self.add(make_finding("ocds.empty_value", f"/publisher/{name}", value))

    def run(self) -> None:
        try:
            self.run_document()
            if self.quality is not None:
                self.finish_publication()
        finally:
            self.tally_quality()

    def run_document(self) -> None:
        document = self.document
        report = self.report
        if document.kind == "release":
            facts = self.release(document.metadata, "", None)
            ocid = None if facts is None else facts.ocid
            report.releases = 1
            if self.quality is not None and ocid is not None:
                self.publication.see_ocid(ocid)
                self.commit_quality(self.known_quality(document.metadata, "", None, ocid))
            return
        if document.kind == "record":
            self.record(document.metadata, "", 0)
            report.records = 1
            return
        count = 0
        items = document.items()
        version = str(document.metadata.get("version", ""))
        found = find_upgrade(version, self.profile.package_version)
        if found is not None:
            # An older version than the profile's (OCDS 1.0): upgraded with ocdskit, then validated.
            self.add(make_finding("ocds.upgraded", "/version", version, version=version))
            upgrade = found.release if document.key == "releases" else found.record
            items = (upgrade(item) if type(item) is dict else item for item in items)
        if document.key == "releases":
            for index, release in enumerate(items):
                count += 1
                if self.progress is not None and not count % _PROGRESS_EVERY:
                    self.progress(count, document.count)
                item = _Item(release)
                ocid = self.package_release(item, index, self.single if self.quality is not None else None)
                if ocid is not None and self.quality is not None:
                    self.quality_of_release(item, f"/releases/{index}", index, ocid)
            report.releases = count
            if self.quality is not None:
                self.finish_quality()
        else:
            for index, record in enumerate(items):
                count += 1
                if self.progress is not None and not count % _PROGRESS_EVERY:
                    self.progress(count, document.count)
                self.package_record(_Item(record), index)
            report.records = count
        if self.progress is not None:
            self.progress(count, count)
        if document.packaged:
            self.package_metadata(count)


def _viewed(ocid: str | None) -> bool:
    """A release the quality checks will read (see :meth:`_Validation.release`): a record's compiled release."""
    return True


def _context(profile: Profile, prefix: str | None, quality: QualityConfig | None) -> bytes:
    """What a release's findings depend on besides its JSON: this ocds-regency, the OCDS version and
    extensions, the prefix asked for and the quality settings."""
    from ocds_regency import __version__

    settings = None if quality is None else dataclasses.replace(quality, checks=None)
    checks = None if quality is None or quality.checks is None else sorted(quality.checks)
    standard = (profile.standard.version, profile.package_version, profile.extension_ids)
    parts = (__version__, standard, prefix, settings, checks)
    return repr(parts).encode()


#: Releases or records between two calls of a validation's ``progress`` callback.
_PROGRESS_EVERY = 100


class _Quality(NamedTuple):
    """The data-quality results of one compiled release, until they are committed to the report."""

    statuses: bytes  # one byte per check code: pass, fail or n.a.
    found: list[Finding] | None
    related: list[tuple[str, str]] | None  # its related processes, resolved at the end
    position: int | None  # of the release or record
    ocid: str | None


def _is_empty(value: object) -> bool:
    if isinstance(value, str):
        return not value or value.isspace()
    return isinstance(value, (dict, list)) and not value


def _linked_rules() -> FieldRule:
    rules = FieldRule(props={"url": FieldRule(), "date": FieldRule(), "tag": FieldRule(items=FieldRule())})
    return rules


_LINKED_RULES = _linked_rules()


VersionChoice = str | os.PathLike[str] | StandardVersion | None


def _version_for(document: Document, version: VersionChoice) -> str | os.PathLike[str] | StandardVersion:
    """The OCDS version to validate with: the one asked for, else the package's if bundled, else the default."""
    if version is not None:
        return version
    declared = document.metadata.get("version")
    return declared if isinstance(declared, str) and declared in bundled_versions() else DEFAULT_VERSION


def _profile_for(
    document: Document,
    extensions: Iterable[str | os.PathLike[str] | Extension],
    report: Report,
    version: VersionChoice = None,
) -> Profile:
    chosen: list[Extension] = [load_extension(e if isinstance(e, (str, Extension)) else Path(e)) for e in extensions]
    local_names = {e.id for e in chosen if e.path is not None}
    declared = document.metadata.get("extensions")
    if isinstance(declared, list):
        for i, url in enumerate(declared):
            if not isinstance(url, str):
                continue
            found = find_bundled_extension(url)
            if found is not None:
                chosen.append(found)
            elif not any(name in url for name in local_names):
                # Not bundled, and no extension directory given for it: never fetched.
                report.add(make_finding("ocds.extension_unresolved", f"/extensions/{i}", url, extension=url))
                warnings.warn(
                    f"extension {url} can't be resolved offline; it is ignored", ExtensionWarning, stacklevel=3
                )
    return load_profile(chosen, version=_version_for(document, version))


#: Allocations between two collections of the youngest generation while validating (Python: 700): each release
#: read creates thousands of dicts and lists that die with it and hold no cycles, so frequent young-generation
#: collections only cost time (about 8 % of a validation).
_GC_THRESHOLD = 50_000


def _plain(value: Any) -> Any:
    """A typed model (or a list of them) as decoded OCDS JSON; anything else unchanged."""
    if isinstance(value, (str, bytes, os.PathLike, dict)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    to_dict = getattr(value, "to_dict", None)
    if to_dict is not None and type(value).__module__.startswith("ocds_regency.models"):
        return to_dict()
    return value


def _open(source: Any, name: str | None, stream_threshold: int) -> Document:
    source = _plain(source)
    document = open_input(source, name=name, stream_threshold=stream_threshold)
    if document.kind not in ("releases", "records"):
        return document
    if document.count is None and isinstance(source, (str, os.PathLike)):
        # A big file of bare releases or records, streamed: its extensions are found by a byte scan.
        used = _extensions_in_file(Path(source))
        if used:
            document.metadata["extensions"] = used
        return document
    return _declare_used(document)


def _extensions_in_file(path: Path) -> list[str]:
    """The URLs of the bundled extensions whose fields a file of releases or records uses (a byte scan)."""
    from ocds_regency.package import extension_urls_in, extensions_used

    found: set[str] = set()
    overlap = b""
    with open(path, "rb") as handle:
        while block := handle.read(1 << 22):
            # keys may be written with spaces before the colon by other tools: take them out of the scan
            text = overlap + block
            extensions_used(_KEY_SPACES.sub(b'":', text), found)
            overlap = text[-256:]
    return extension_urls_in(found)


_KEY_SPACES = re.compile(rb'"[ \t\r\n]+:')


def _declare_used(document: Document) -> Document:
    """Releases or records given without a package declare no extension: apply the bundled ones they use."""
    if document.metadata.get("extensions"):
        return document
    from ocds_regency.package import extension_urls_in, extensions_used
    from ocds_regency.write import dumps

    found: set[str] = set()
    for item in document.items():
        extensions_used(dumps(item), found)
    if found:
        document.metadata["extensions"] = extension_urls_in(found)
    return document


def validate(
    source: Source | list[Any] | Any,
    *,
    lang: Lang = "en",
    prefix: str | None = None,
    extensions: Iterable[str | os.PathLike[str] | Extension] = (),
    quality: bool | QualityConfig = True,
    fail_on: Severity = "error",
    max_per_code: int = 1000,
    name: str | None = None,
    stream_threshold: int = STREAM_THRESHOLD,
    progress: Callable[[int, int | None], None] | None = None,
    version: VersionChoice = None,
    known: KnownFindings | None = None,
) -> Report:
    """Validate a release package, record package, release or record, or several of them.

    Args:
        source: a file path, JSON bytes, parsed data (a dict), a typed model
            (:class:`~ocds_regency.models.Release`, :class:`~ocds_regency.models.Record`, a package), or a
            list of releases, records or packages (dicts or models). A file or bytes may hold one document,
            a JSON array, JSON Lines or concatenated JSON; several releases or records are checked together
            (without package metadata).
        lang: language of the report's messages when rendered without one (``"en"`` or ``"id"``);
            every finding can still be rendered in both.
        prefix: the OCID prefix the data must use (``"ocds-abc123"``); the ``ocds-xxxxxx-`` shape is
            always checked.
        extensions: extensions to apply besides those the package declares: bundled ids or URLs,
            local extension directories, or :class:`~ocds_regency.standard.Extension` objects.
        quality: run the data-quality checks (``True``), skip them (``False``), or run them with
            these settings.
        fail_on: the lowest severity that makes :attr:`Report.ok` false.
        max_per_code: findings kept per code (all are counted).
        name: the source name used in the report (defaults to the path).
        stream_threshold: files bigger than this many bytes are read release by release.
        progress: called now and then with the releases (or records) checked so far and their total
            (``None`` while unknown: a streamed file), e.g. to draw a progress bar.
        version: the OCDS version to validate against: a bundled one (``"1.1"``), the directory of another
            version's schemas (see :func:`~ocds_regency.standard.load_profile`), or ``None``: the version
            the package declares when it is bundled, else the default (1.1). A package declaring an older
            version that can be upgraded (1.0 to 1.1) is upgraded first (finding ``ocds.upgraded``).
        known: the findings of releases and compiled releases seen before (see
            :mod:`ocds_regency.validate.known`): those are not checked again, only the checks across the
            package run; the findings of the others are given to it to remember. The report is the same.

    Returns:
        The :class:`Report`.

    Raises:
        InputError: the input can't be read or is not an OCDS document.
        UnknownExtensionError: an extension given in ``extensions`` is neither bundled nor a directory.
        SchemaError: ``version`` is not bundled, or is a directory without a usable release schema.
    """
    document = _open(source, name, stream_threshold)
    report = Report(source=document.source, kind=document.kind, fail_on=fail_on, max_per_code=max_per_code, lang=lang)
    profile = _profile_for(document, extensions, report, version)
    report.extensions = profile.extension_ids
    config = _config(quality)
    try:
        with collector.spaced(_GC_THRESHOLD):
            _Validation(document, profile, report, prefix, config, progress, known).run()
        if "extensions" in document.late_keys:
            # The package lists its extensions after its releases: validate again if they change the schema.
            late_report = Report(
                source=document.source, kind=document.kind, fail_on=fail_on, max_per_code=max_per_code, lang=lang
            )
            late_profile = _profile_for(document, extensions, late_report, version)
            if late_profile is not profile:
                late_report.extensions = late_profile.extension_ids
                with collector.spaced(_GC_THRESHOLD):
                    _Validation(document, late_profile, late_report, prefix, config, known=known).run()
                report = late_report
    except InputError as exc:
        if exc.source is None:
            raise InputError(exc.message, source=document.source, position=exc.position) from None
        raise
    return report


def _config(quality: bool | QualityConfig) -> QualityConfig | None:
    if quality is True:
        return QualityConfig()
    return None if quality is False else quality


def _read_once() -> Iterator[Any]:
    raise RuntimeError("a package checked item by item (PackageCheck) can't be read a second time")


class PackageCheck:
    """Validate a release or record package from the items a writer serialised, as it writes them.

    The same checks as :func:`validate` of the written file, with the same report (findings in the same order,
    paths with the package's indexes, counts, tallies), without reading the file back: each release or record
    is given as the JSON text written into the package (decoded, by the JSON codec, only when its findings are
    not known), and the package metadata when the package is finished. A publication checks its packages so
    (see :mod:`ocds_regency.pipeline`)::

        check = PackageCheck("releases", head, name="release-package.json", prefix="ocds-abc123")
        for texts in releases_by_process:       # the JSON texts written, in the package's order
            check.add_releases(texts)
        report = check.finish(head)             # the metadata the package was written with

    The releases of one ``ocid`` are given together, in one call of :meth:`add_releases` (a publication writes
    a process's releases one after the other): the quality checks of a process with several releases run on
    their compiled release as soon as they are all there. The other arguments are those of :func:`validate`.

    Args:
        key: ``"releases"`` (a release package) or ``"records"`` (a record package).
        metadata: the package metadata as it will be written: its ``extensions`` (the profile), ``version``
            and ``publishedDate`` (release dates are compared with it) are those of :meth:`finish`'s.
    """

    def __init__(
        self,
        key: str,
        metadata: Mapping[str, Any],
        *,
        lang: Lang = "en",
        prefix: str | None = None,
        extensions: Iterable[str | os.PathLike[str] | Extension] = (),
        quality: bool | QualityConfig = True,
        fail_on: Severity = "error",
        max_per_code: int = 1000,
        name: str | None = None,
        version: VersionChoice = None,
        known: KnownFindings | None = None,
    ) -> None:
        if key not in ("releases", "records"):
            raise ValueError(f"key must be 'releases' or 'records', not {key!r}")
        self.key = key
        self.source = name or "<data>"
        kind: DocumentKind = "release package" if key == "releases" else "record package"
        head = {name: value for name, value in metadata.items() if name != key}
        document = Document(self.source, kind, head, True, _read_once)
        report = Report(source=self.source, kind=kind, fail_on=fail_on, max_per_code=max_per_code, lang=lang)
        profile = _profile_for(document, extensions, report, version)
        report.extensions = profile.extension_ids
        declared = str(head.get("version", ""))
        if find_upgrade(declared, profile.package_version) is not None:
            raise ValueError(f"a package of OCDS {declared} is upgraded first: validate its file")
        self.validation = _Validation(document, profile, report, prefix, _config(quality), known=known)
        self.count = 0
        self.given: set[str] = set()  # the ocids whose releases were given
        self.groups: list[_Quality] = []  # the quality results of processes with several releases, in order

    def add_releases(self, texts: Iterable[bytes], compiled: Callable[[], Any] | None = None) -> None:
        """Check the next releases of a release package: those of one process, as written, in order.

        Args:
            texts: the JSON text of each release.
            compiled: gives the compiled release merged from exactly these releases, in this order, when the
                caller has it (a publication has merged them for the record): the quality checks then run on it
                rather than on the releases merged again (unless their results are known).

        Raises:
            ValueError: releases of an ``ocid`` given in an earlier call.
        """
        validation = self.validation
        by_ocid: dict[str, list[tuple[_Item, int]]] = {}
        for text in texts:
            index = self.count
            self.count += 1
            item = _Item(text=text, source=self.source)
            ocid = validation.package_release(item, index)
            if ocid is not None and validation.quality is not None:
                by_ocid.setdefault(ocid, []).append((item, index))
        for ocid, items in by_ocid.items():
            if ocid in self.given:
                raise ValueError(f"the releases of {ocid} are given in more than one call")
            self.given.add(ocid)
            if len(items) == 1:
                item, index = items[0]
                validation.pending[ocid] = validation.known_quality(item, f"/releases/{index}", index, ocid)
            else:
                hint = compiled if len(by_ocid) == 1 else None
                self.groups.append(validation.group_quality(ocid, [item for item, _ in items], hint))

    def add_record(self, text: bytes) -> None:
        """Check the next record of a record package, given as the JSON text written."""
        index = self.count
        self.count += 1
        self.validation.package_record(_Item(text=text, source=self.source), index)

    def finish(self, metadata: Mapping[str, Any], *, name: str | None = None) -> Report:
        """Settle the checks across the package, check its ``metadata`` (as written); the report.

        Args:
            metadata: the package metadata, as written.
            name: the package's name in the report, when it is known only now (a file named at the end).

        Raises:
            ValueError: ``metadata`` declares other extensions, another version or another ``publishedDate``
                than the metadata the check was started with.
        """
        validation = self.validation
        document = validation.document
        head = {field: value for field, value in metadata.items() if field != self.key}
        for field in ("extensions", "version", "publishedDate"):
            if head.get(field) != document.metadata.get(field):
                raise ValueError(f"the package's {field} is not the one its items were checked with")
        # The metadata as it reads back from the file.
        document.metadata = codec.loads(_json(head), duplicates="refuse")
        report = validation.report
        if name is not None:
            report.source = document.source = name
        try:
            if self.key == "releases":
                report.releases = self.count
                if validation.quality is not None:
                    validation.commit_pending()
                    for quality in self.groups:
                        validation.commit_quality(quality)
            else:
                report.records = self.count
            validation.package_metadata(self.count)
            if validation.quality is not None:
                validation.finish_publication()
        finally:
            validation.tally_quality()
        return report


def assert_valid(source: Source, *, lang: Lang = "en", **options: Any) -> Report:
    """Validate and raise :class:`InvalidDataError` (an ``AssertionError``) unless the data passes.

    Takes the same options as :func:`validate`; handy in test suites::

        def test_published_data():
            assert_valid("build/releases.json", prefix="ocds-abc123")

    Raises:
        InvalidDataError: the report is not :attr:`~Report.ok`; its message lists the problems.
    """
    return validate(source, lang=lang, **options).raise_for_errors(lang)


class _CallableModule(types.ModuleType):
    """This subpackage, callable as :func:`validate`: ``ocds_regency.validate(...)`` works even after
    ``import ocds_regency.validate`` has bound the name to the subpackage."""

    def __call__(self, source: Any, **options: Any) -> Report:
        return validate(source, **options)


sys.modules[__name__].__class__ = _CallableModule
