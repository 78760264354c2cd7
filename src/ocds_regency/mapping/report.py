"""Row accounting for a conversion: every input row is used, rejected with a reason, a duplicate, or uncited.

For each ``(file, dataset)`` the report counts rows ``read``, ``used`` (the row contributed to at least
one release), ``rejected`` (with a reason code and message in :attr:`ConversionReport.rejections`),
``duplicate`` (an exact copy of an earlier row, ignoring snapshot metadata such as ``_event_date``) and
``uncited`` (a sound reference row, such as a work unit or a budget programme of the master lists, that no
converted process cites: :attr:`Reason.UNREFERENCED`, listed with the rejections but not counted as one).
``read == used + rejected + duplicate + uncited`` holds for every entry once the conversion has finished.

Values that could not be parsed, and personal data withheld by default, don't reject the row: they are
listed in :attr:`ConversionReport.issues` and counted in :attr:`ConversionReport.withheld`.

Rejections and issues are *counted* in full (:attr:`ConversionReport.rejection_counts`,
:attr:`ConversionReport.issue_counts`) but *sampled*: at most
:data:`~ocds_regency.read.limits.MAX_SAMPLES` examples are kept for each file, dataset and reason (and field,
for issues), so that five million rejected rows make a report of a few kilobytes, not gigabytes.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ocds_regency.i18n import Message
from ocds_regency.isb.parse import as_text
from ocds_regency.read.limits import MAX_SAMPLES

__all__ = ["ConversionReport", "FieldIssue", "Reason", "Rejection", "RowCounts"]


class Reason:
    """Reason codes of rejected rows and field issues (stable strings, safe to match on)."""

    UNKNOWN_DATASET = "unknown-dataset"
    """No ISB dataset matches the row's fields."""
    MISSING_KEY = "missing-key"
    """The field that identifies the package (``kd_tender``, ``kd_rup``, ...) is blank or unusable."""
    ORPHAN = "orphan"
    """A child row (schedule, participant, budget line, e-contract, realisation) whose parent is absent."""
    UNREFERENCED = "unreferenced"
    """A reference row (satker, budget programme, region, catalogue product) that no converted row cites: counted
    ``uncited``, not ``rejected`` (the row is sound; the master lists cover more than this publication)."""
    NOT_PUBLISHED = "not-published"
    """A row of a dataset that is deliberately not published (personal data, totals of no process); the
    message names the dataset and why."""
    SUPERSEDED = "superseded"
    """An older snapshot of a record (same package and record key, different content): the newest is kept."""
    DUPLICATE = "duplicate"
    """An exact duplicate of an earlier row (ignoring snapshot metadata): collapsed."""
    EMPTY = "empty"
    """The row names nothing beyond its keys (a result row without winner or values, a blank participant)."""
    NO_DATE = "no-date"
    """No usable date for the release the row would feed."""
    PARTIAL = "partial"
    """A process whose announcement is missing from the input, published from its result rows (field issue)."""
    UNPARSEABLE = "unparseable"
    """A field value could not be parsed: the field is left out, the row is still used."""
    INCONSISTENT = "inconsistent"
    """A value contradicts another one (end before start, two values for one fact): kept as given."""


@dataclass
class RowCounts:
    """Row counts of one ``(file, dataset)``."""

    read: int = 0
    used: int = 0
    rejected: int = 0
    duplicate: int = 0
    uncited: int = 0

    @property
    def balanced(self) -> bool:
        """Whether every row read is used, rejected, a duplicate or uncited."""
        return self.read == self.used + self.rejected + self.duplicate + self.uncited

    def as_dict(self) -> dict[str, int]:
        """Return the counts as a JSON-ready dict (the fields, in their order)."""
        return dataclasses.asdict(self)


class _Explained:
    """What :class:`Rejection` and :class:`FieldIssue` share: a message in English and in Bahasa Indonesia."""

    message: str
    message_id: str | None

    def text(self, lang: str = "en") -> str:
        """The message in ``"en"`` or ``"id"`` (English when there is no Indonesian message)."""
        return self.message_id if lang == "id" and self.message_id else self.message


@dataclass(frozen=True)
class Rejection(_Explained):
    """A row that did not make it into any release, and why.

    Attributes:
        reason: the report reason (a :class:`Reason` code).
        message: what happened, in English.
        message_id: the same in Bahasa Indonesia; :meth:`text` falls back to English without it.
        code: the catalog code of the message (``read.key-missing``, ``conversion.reject.orphan``...; see
            :mod:`ocds_regency.i18n`), ``None`` for a message given as text.
        params: the message's parameters.
    """

    source: str
    position: str
    dataset: str | None
    reason: str
    message: str
    message_id: str | None = None
    code: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, source: str, position: str, dataset: str | None, reason: str, message: Message) -> Rejection:
        """A rejection whose message is a catalog message (rendered in both languages)."""
        return cls(
            source, position, dataset, reason, message.text("en"), message.text("id"), message.code, message.params
        )

    def as_dict(self) -> dict[str, Any]:
        """Return the rejection as a JSON-ready dict (``message`` in English, ``message_id`` in Indonesian)."""
        return {
            "source": self.source,
            "position": self.position,
            "dataset": self.dataset,
            "reason": self.reason,
            "message": self.message,
            "message_id": self.message_id,
        }


@dataclass(frozen=True)
class FieldIssue(_Explained):
    """A field value left out (or kept with a warning) while the row itself was used.

    Attributes:
        value: the offending value, or ``None`` when it is personal data of a category that was not opted
            in (see ``withheld``).
        reason: the report reason (a :class:`Reason` code).
        message: what is wrong, in English.
        message_id: the same in Bahasa Indonesia; :meth:`text` falls back to English without it.
        withheld: the personal-data category (``nip``, ``official_names``, ``bank_accounts``, ``nik``) whose
            value was left out of ``value`` and both messages, or ``None`` when nothing was withheld.
        code: the catalog code of the message (``parse.npwp-check-digit``, ``conversion.issue.zero-amount``...;
            see :mod:`ocds_regency.i18n`), ``None`` for a message given as text.
        params: the message's parameters (empty when a value was withheld: they could name it).
    """

    source: str
    position: str
    dataset: str
    field: str
    value: Any
    reason: str
    message: str
    message_id: str | None = None
    withheld: str | None = None
    code: str | None = None
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict, compare=False)

    def as_dict(self) -> dict[str, Any]:
        """Return the issue as a JSON-ready dict (the value as text)."""
        return {
            "source": self.source,
            "position": self.position,
            "dataset": self.dataset,
            "field": self.field,
            "value": None if self.value is None else as_text(self.value),
            "reason": self.reason,
            "message": self.message,
            "message_id": self.message_id,
            "withheld": self.withheld,
        }


@dataclass
class ConversionReport:
    """What a conversion did with every input row.

    Attributes:
        counts: ``(source, dataset)`` -> :class:`RowCounts`; the dataset is ``None`` for rows of no known
            dataset.
        rejections: rejected or duplicate rows with their reason (a sample: see the module documentation).
        issues: field values that were left out or kept with a warning (a sample).
        rejection_counts: reason -> number of rejected or duplicate rows (all of them).
        issue_counts: reason -> number of field issues (all of them).
        withheld: personal-data category -> number of values withheld.
        withheld_from: ``(source, category, field)`` -> number of values withheld: :attr:`withheld` by file and
            field (not in :meth:`as_dict`), so that the reports of parts of an input add up exactly.
        releases: release stage (``planning``, ``tender``, ...) -> number of releases written.
        budgets: buyer party id (``SATKER-<kd_satker_str>``) -> the budget structure of that work unit
            (RUP-StrukturAnggaranPD, see :func:`ocds_regency.mapping.lookups.budget_structure`), for every
            buyer of a converted process that has one.
    """

    counts: dict[tuple[str, str | None], RowCounts] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)
    issues: list[FieldIssue] = field(default_factory=list)
    withheld: Counter[str] = field(default_factory=Counter)
    withheld_from: Counter[tuple[str, str, str]] = field(default_factory=Counter, repr=False)
    releases: Counter[str] = field(default_factory=Counter)
    budgets: dict[str, dict[str, str | None]] = field(default_factory=dict)
    rejection_counts: Counter[str] = field(default_factory=Counter)
    issue_counts: Counter[str] = field(default_factory=Counter)
    _sampled: Counter[tuple[str | None, ...]] = field(default_factory=Counter, repr=False)

    def _counts(self, source: str, dataset: str | None) -> RowCounts:
        key = (source, dataset)
        counts = self.counts.get(key)
        if counts is None:
            counts = self.counts[key] = RowCounts()
        return counts

    def count_file(self, source: str) -> None:
        """List a file that was read but held no data row (so that every input appears in the accounting)."""
        self._counts(source, None)

    def count_read(self, source: str, dataset: str | None) -> None:
        """Count one row read."""
        self._counts(source, dataset).read += 1

    def relabel(self, source: str, old: str, new: str) -> None:
        """Count one row read as ``old`` under ``new`` instead (a twin dataset told apart by its parent)."""
        counts = self._counts(source, old)
        counts.read -= 1
        if counts == RowCounts():
            del self.counts[(source, old)]
        self.count_read(source, new)

    def count_used(self, source: str, dataset: str | None, rows: int = 1) -> None:
        """Count rows that fed a release."""
        self._counts(source, dataset).used += rows

    def reject(self, source: str, position: str, dataset: str | None, reason: str, message: Message) -> None:
        """Record a rejected row (or, with :attr:`Reason.DUPLICATE`, a collapsed duplicate; with
        :attr:`Reason.UNREFERENCED`, an uncited reference row), with a catalog message saying why (rendered in
        English and Bahasa Indonesia only for the rows kept as examples)."""
        counts = self._counts(source, dataset)
        if reason == Reason.DUPLICATE:
            counts.duplicate += 1
        elif reason == Reason.UNREFERENCED:
            counts.uncited += 1
        else:
            counts.rejected += 1
        self.rejection_counts[reason] += 1
        key = ("rejection", source, dataset, reason)
        if self._sampled[key] < MAX_SAMPLES:
            self._sampled[key] += 1
            self.rejections.append(Rejection.of(source, position, dataset, reason, message))

    def count_withheld(self, source: str, category: str, name: str, values: int = 1) -> None:
        """Count personal-data values of ``category`` withheld from field ``name`` of rows of ``source``."""
        self.withheld[category] += values
        self.withheld_from[(source, category, name)] += values

    def add_issue(self, issue: FieldIssue) -> None:
        """Count a field issue, and keep it as an example if its file, dataset, field and reason have few."""
        self.issue_counts[issue.reason] += 1
        key = ("issue", issue.source, issue.dataset, issue.field, issue.reason)
        if self._sampled[key] < MAX_SAMPLES:
            self._sampled[key] += 1
            self.issues.append(issue)

    @property
    def totals(self) -> RowCounts:
        """The counts summed over every file and dataset."""
        total = RowCounts()
        for counts in self.counts.values():
            total.read += counts.read
            total.used += counts.used
            total.rejected += counts.rejected
            total.duplicate += counts.duplicate
            total.uncited += counts.uncited
        return total

    @property
    def balanced(self) -> bool:
        """Whether every row read is accounted for as used, rejected, duplicate or uncited."""
        return all(c.balanced for c in self.counts.values())

    def as_dict(self) -> dict[str, Any]:
        """Return the whole report as a JSON-ready dict with a stable key order."""
        files = [
            {"source": source, "dataset": dataset, **counts.as_dict()}
            for (source, dataset), counts in sorted(
                self.counts.items(), key=lambda item: (item[0][0], item[0][1] or "")
            )
        ]
        return {
            "totals": self.totals.as_dict(),
            "balanced": self.balanced,
            "files": files,
            "releases": dict(sorted(self.releases.items())),
            "withheld": dict(sorted(self.withheld.items())),
            "budgets": dict(sorted(self.budgets.items())),
            "rejection_counts": dict(sorted(self.rejection_counts.items())),
            "issue_counts": dict(sorted(self.issue_counts.items())),
            "rejections": [r.as_dict() for r in self.rejections],
            "issues": [i.as_dict() for i in self.issues],
        }
