"""Findings and the validation report.

A :class:`Finding` is one problem at one place: a stable code, a severity, a JSON Pointer into the
validated document, the offending value (truncated) and, inside packages, the release or record index
and its ``ocid``. A :class:`Report` collects them, groups them by code with counts, keeps per-check
pass / fail / not-applicable tallies for the data-quality checks, and says whether the data passed.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ocds_regency.errors import OcdsRegencyError
from ocds_regency.i18n import Lang
from ocds_regency.validate.messages import message_for, severity_of, title_for

__all__ = [
    "SEVERITIES",
    "CheckTally",
    "Finding",
    "InvalidDataError",
    "Lang",
    "Report",
    "Severity",
    "escape_pointer",
    "finding_with",
    "truncate",
]

Severity = Literal["error", "warning", "information"]

#: Severities from most to least serious.
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "information")

_MAX_VALUE = 80


def _compact(value: object, out: list[str], budget: int, depth: int = 0) -> int:
    """Append a compact JSON rendering of ``value`` to ``out``, stopping after ``budget`` characters."""
    if budget <= 0:
        return budget
    if depth > 20:
        out.append("…")
        return budget - 1
    if isinstance(value, dict):
        out.append("{")
        budget -= 1
        for i, (key, item) in enumerate(value.items()):
            if budget <= 0:
                break
            text = ("," if i else "") + json.dumps(str(key), ensure_ascii=False) + ":"
            out.append(text)
            budget = _compact(item, out, budget - len(text), depth + 1)
        out.append("}")
        return budget - 1
    if isinstance(value, list):
        out.append("[")
        budget -= 1
        for i, item in enumerate(value):
            if budget <= 0:
                break
            if i:
                out.append(",")
                budget -= 1
            budget = _compact(item, out, budget, depth + 1)
        out.append("]")
        return budget - 1
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = json.dumps(str(value), ensure_ascii=False)
    out.append(text)
    return budget - len(text)


def truncate(value: object, limit: int = _MAX_VALUE) -> object:
    """Return a JSON-safe, short version of an offending value for a finding.

    Scalars are kept as they are (long strings are cut to ``limit`` characters with an ellipsis);
    objects and arrays become a compact JSON text of at most ``limit`` characters (however big or
    deeply nested they are).
    """
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return value if len(value) <= limit else value[: limit - 1] + "…"
    out: list[str] = []
    _compact(value, out, limit + 1)
    text = "".join(out)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def escape_pointer(key: str) -> str:
    """Escape one JSON Pointer reference token (RFC 6901): ``~`` -> ``~0``, ``/`` -> ``~1``."""
    if "~" in key or "/" in key:
        return key.replace("~", "~0").replace("/", "~1")
    return key


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in the data.

    Attributes:
        code: stable identifier of the problem, e.g. ``"schema.required"`` or ``"quality.period_order"``.
        severity: ``"error"``, ``"warning"`` or ``"information"``.
        path: JSON Pointer from the root of the validated document (``"/releases/3/tender/value"``);
            ``""`` is the whole document.
        value: the offending value, truncated (``None`` when there is nothing to show).
        index: position of the release (release package) or record (record package) the finding is in.
        ocid: the ``ocid`` of that release or record, when it has one.
        params: details substituted into the message (field names, expected values, ...).
        release_id: the ``id`` of the release the finding is in, when it is in one that has an id.
    """

    code: str
    severity: Severity
    path: str
    value: object = None
    index: int | None = None
    ocid: str | None = None
    params: Mapping[str, object] = field(default_factory=dict)
    release_id: str | None = None

    def message(self, lang: Lang = "en") -> str:
        """The message in English (``"en"``) or Bahasa Indonesia (``"id"``)."""
        return message_for(self.code, lang, self.params)

    def to_dict(self, lang: Lang = "en") -> dict[str, Any]:
        """A JSON-ready dictionary of the finding with its message in ``lang``."""
        data: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity,
            "path": self.path,
            "value": self.value,
            "message": self.message(lang),
        }
        if self.index is not None:
            data["index"] = self.index
        if self.ocid is not None:
            data["ocid"] = self.ocid
        if self.release_id is not None:
            data["release_id"] = self.release_id
        if self.params:
            data["params"] = dict(self.params)
        return data


def make_finding(
    code: str,
    path: str,
    value: object = None,
    *,
    index: int | None = None,
    ocid: str | None = None,
    **params: object,
) -> Finding:
    """Build a :class:`Finding` with the severity registered for ``code`` and a truncated value."""
    return finding_with(code, path, value, params, index=index, ocid=ocid)


def finding_with(
    code: str,
    path: str,
    value: object,
    params: Mapping[str, object],
    *,
    index: int | None = None,
    ocid: str | None = None,
    release_id: str | None = None,
) -> Finding:
    """:func:`make_finding` with the message parameters as a mapping (kept, not copied) and the release id."""
    return Finding(code, severity_of(code), path, truncate(value), index, ocid, params, release_id)


@dataclass
class CheckTally:
    """How one data-quality check fared over the compiled releases.

    Attributes:
        passed: compiled releases where the check applied and passed.
        failed: compiled releases where it found at least one problem.
        not_applicable: compiled releases lacking what the check needs (e.g. no tender period).
    """

    passed: int = 0
    failed: int = 0
    not_applicable: int = 0

    def to_dict(self) -> dict[str, int]:
        """The tally as a dictionary."""
        return {"passed": self.passed, "failed": self.failed, "not_applicable": self.not_applicable}


class InvalidDataError(OcdsRegencyError, AssertionError):
    """Raised by :meth:`Report.raise_for_errors` (and ``assert_valid``) when data doesn't pass.

    Attributes:
        report: the :class:`Report` that failed.
    """

    def __init__(self, report: Report, lang: Lang = "en") -> None:
        self.report = report
        super().__init__(report.format_text(lang, examples=3))


@dataclass
class Report:
    """The result of a validation.

    Findings are kept in the order they were found, up to ``max_per_code`` per code; the counts in
    :attr:`counts` always cover every occurrence.

    Attributes:
        source: what was validated (a file name, or ``"<data>"``).
        kind: ``"release package"``, ``"record package"``, ``"release"`` or ``"record"``.
        findings: the kept findings.
        counts: code -> number of occurrences (all of them, even beyond ``max_per_code``).
        checks: data-quality check code -> :class:`CheckTally`.
        releases: number of releases validated (embedded ones in records included).
        records: number of records validated.
        extensions: ids of the extensions applied.
        fail_on: the lowest severity that makes :attr:`ok` false (``"error"`` by default).
        max_per_code: how many findings of one code are kept.
        lang: the default language of rendered messages (``"en"`` or ``"id"``).
    """

    source: str = "<data>"
    kind: str = "release package"
    findings: list[Finding] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    checks: dict[str, CheckTally] = field(default_factory=dict)
    releases: int = 0
    records: int = 0
    extensions: tuple[str, ...] = ()
    fail_on: Severity = "error"
    max_per_code: int = 1000
    lang: Lang = "en"

    def add(self, finding: Finding) -> None:
        """Record a finding (kept if fewer than ``max_per_code`` of its code are kept already)."""
        count = self.counts[finding.code]
        self.counts[finding.code] = count + 1
        if count < self.max_per_code:
            self.findings.append(finding)

    def extend(self, findings: Iterable[Finding]) -> None:
        """Record several findings."""
        for finding in findings:
            self.add(finding)

    @property
    def severity_counts(self) -> dict[Severity, int]:
        """Number of occurrences per severity."""
        totals: dict[Severity, int] = dict.fromkeys(SEVERITIES, 0)
        for code, count in self.counts.items():
            totals[severity_of(code)] += count
        return totals

    @property
    def ok(self) -> bool:
        """``True`` when nothing at or above :attr:`fail_on` severity was found."""
        limit = SEVERITIES.index(self.fail_on)
        totals = self.severity_counts
        return all(totals[severity] == 0 for severity in SEVERITIES[: limit + 1])

    def __bool__(self) -> bool:
        return self.ok

    @property
    def errors(self) -> list[Finding]:
        """The kept findings of severity ``error``."""
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        """The kept findings of severity ``warning``."""
        return [f for f in self.findings if f.severity == "warning"]

    def by_code(self) -> dict[str, list[Finding]]:
        """Kept findings grouped by code, most serious codes first, then by decreasing count."""
        groups: dict[str, list[Finding]] = {}
        for finding in self.findings:
            groups.setdefault(finding.code, []).append(finding)
        order = sorted(self.counts, key=lambda c: (SEVERITIES.index(severity_of(c)), -self.counts[c], c))
        return {code: groups.get(code, []) for code in order}

    def codes(self) -> set[str]:
        """Every code found at least once."""
        return set(self.counts)

    def paths(self, code: str | None = None) -> set[str]:
        """JSON Pointers of the kept findings (of one code, if given)."""
        return {f.path for f in self.findings if code is None or f.code == code}

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return sum(self.counts.values())

    def summary(self, lang: Lang | None = None, examples: int = 5) -> dict[str, Any]:
        """A JSON-ready summary: totals, counts per severity, and per code a count and examples."""
        lang = lang or self.lang
        groups = self.by_code()
        return {
            "source": self.source,
            "kind": self.kind,
            "releases": self.releases,
            "records": self.records,
            "extensions": list(self.extensions),
            "severities": self.severity_counts,
            "codes": {
                code: {
                    "severity": severity_of(code),
                    "title": title_for(code, lang),
                    "count": self.counts[code],
                    "examples": [f.to_dict(lang) for f in groups[code][:examples]],
                }
                for code in groups
            },
            "checks": {code: tally.to_dict() for code, tally in sorted(self.checks.items())},
        }

    def to_dict(self, lang: Lang | None = None, examples: int = 5) -> dict[str, Any]:
        """``{"ok", "summary", "findings"}``: the shape ``ocds-regency validate --format json`` prints."""
        lang = lang or self.lang
        return {
            "ok": self.ok,
            "summary": self.summary(lang, examples),
            "findings": [f.to_dict(lang) for f in self.findings],
        }

    def format_text(self, lang: Lang | None = None, examples: int = 5, *, verbose: bool = False) -> str:
        """A readable summary grouped by code, with a few example places (ocid, release id, path) per code;
        ``verbose`` adds the tally of each data-quality check."""
        from ocds_regency.validate.render import render_text

        return render_text(self, lang or self.lang, examples, verbose=verbose)

    def to_html(self, lang: Lang | None = None, examples: int = 20) -> str:
        """A standalone HTML page (no external resources) describing the report."""
        from ocds_regency.validate.html import render_html

        return render_html(self, lang or self.lang, examples)

    def raise_for_errors(self, lang: Lang | None = None) -> Report:
        """Raise :class:`InvalidDataError` unless :attr:`ok`; return the report otherwise.

        Raises:
            InvalidDataError: the data has findings at or above :attr:`fail_on` severity.
        """
        if not self.ok:
            raise InvalidDataError(self, lang or self.lang)
        return self
