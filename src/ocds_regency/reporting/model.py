"""The publication report: conversion accounting, validation findings and summary figures.

A :class:`PublishReport` is language-neutral data: titles and messages of findings are kept in every
language (:data:`~ocds_regency.reporting.texts.LANGS`), so the same report renders in Bahasa Indonesia or
English (:func:`~ocds_regency.reporting.html.render_html`) and serialises to ``report.json``
(:meth:`PublishReport.to_dict`).

Figures are computed from compiled releases (plain OCDS dicts) by a :class:`FiguresBuilder`, one
release at a time, so a year of a big regency never has to sit in memory as objects.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Protocol

from ocds_regency._disjoint import find_root
from ocds_regency.reporting.spill import DEFAULT_LIMIT, SortedSpill
from ocds_regency.reporting.texts import LANGS

if TYPE_CHECKING:
    from ocds_regency.flags import FlagsReport

__all__ = [
    "APART_KINDS",
    "CLOSED_STATUSES",
    "IMPLAUSIBLE_FACTOR",
    "STAGES",
    "VALUE_BANDS",
    "VALUE_KINDS",
    "BudgetCoverage",
    "ExampleFinding",
    "Figures",
    "FiguresBuilder",
    "FindingGroup",
    "OutputFile",
    "ProcessFigures",
    "PublishReport",
    "ValidationReportLike",
    "ValidationSummary",
    "ValueStats",
    "budget_units",
    "latest_stage",
]

#: Stages of a contracting process, in order; a process is counted at the latest one it reached.
STAGES: tuple[str, ...] = ("planning", "tender", "award", "contract", "implementation")

#: Upper bounds (exclusive, in rupiah) of the value bands of the distributions; the last band is open.
VALUE_BANDS: tuple[Decimal, ...] = tuple(
    Decimal(n) for n in (10_000_000, 50_000_000, 200_000_000, 1_000_000_000, 5_000_000_000, 25_000_000_000)
)

#: The values summarised: budget (pagu, once per RUP), estimate (HPS) and contract value (per process).
VALUE_KINDS: tuple[str, ...] = ("pagu", "hps", "contract")

#: Values kept out of the totals and shown apart: the pagu of cancelled packages whose RUP no other package
#: carries, the HPS of failed or cancelled packages, the value of their contracts and of cancelled contracts,
#: and implausible contract values.
APART_KINDS: tuple[str, ...] = ("pagu_cancelled", "hps_closed", "contract_closed", "contract_implausible")

#: Tender statuses of a failed or cancelled package: its money is not in the totals.
CLOSED_STATUSES = frozenset({"cancelled", "unsuccessful", "withdrawn"})

#: A process's contract value this many times its HPS (or, without HPS, its pagu) or more is implausible: a
#: digit typed too many makes a contract about 10× its HPS (1,277,304,500 for an HPS of 128,488,000 is
#: 9.9×), while a real contract stays near or below its HPS (an addendum adds at most 10 %). Shown apart.
IMPLAUSIBLE_FACTOR = Decimal(5)

_TOP_BUYERS = 10


def _amount(value: object) -> Decimal | None:
    """The ``amount`` of an OCDS Value in IDR (or without currency), else ``None``."""
    if not isinstance(value, Mapping):
        return None
    currency = value.get("currency")
    if currency not in (None, "IDR"):
        return None
    amount = value.get("amount")
    if isinstance(amount, bool) or not isinstance(amount, int | float | Decimal | str):
        return None
    try:
        result = Decimal(str(amount)) if isinstance(amount, float) else Decimal(amount)
    except InvalidOperation:
        return None
    return result if result.is_finite() else None


def budget_units(entries: Iterable[tuple[frozenset[str], Decimal]]) -> list[Decimal]:
    """The pagu of each budget unit, counting every RUP once.

    Each entry is ``(RUP codes the process cites, its pagu)``. Processes that share a RUP (a re-tender,
    realisations recorded against one RUP, a package citing ``A;B`` beside one citing ``A``) form one unit;
    a process citing no RUP is a unit of its own. The pagu of a unit is the largest of: the sum, over its
    RUPs, of the largest pagu of a process citing that RUP alone; and, for each process citing several
    RUPs, its pagu plus that sum over the unit's other RUPs. So a RUP is never counted twice, and a
    multi-RUP package's pagu stands for all the RUPs it cites.
    """
    units: list[Decimal] = []
    parent: dict[str, str] = {}

    def find(code: str) -> str:
        return find_root(parent, code)

    cited: list[tuple[frozenset[str], Decimal]] = []
    for rups, amount in entries:
        if not rups:
            units.append(amount)
            continue
        cited.append((rups, amount))
        first, *others = sorted(rups)
        parent.setdefault(first, first)
        for other in others:
            parent.setdefault(other, other)
            parent[find(other)] = find(first)
    single: dict[str, Decimal] = {}
    groups: dict[str, list[tuple[frozenset[str], Decimal]]] = {}
    for rups, amount in cited:
        groups.setdefault(find(next(iter(rups))), []).append((rups, amount))
        if len(rups) == 1:
            (code,) = rups
            single[code] = max(single.get(code, amount), amount)
    for members in groups.values():
        codes = frozenset().union(*(rups for rups, _ in members))
        known = sum((single[c] for c in codes if c in single), Decimal(0))
        best = known if any(c in single for c in codes) else None
        for rups, amount in members:
            if len(rups) > 1:
                candidate = amount + sum((single[c] for c in codes - rups if c in single), Decimal(0))
                best = candidate if best is None else max(best, candidate)
        if best is not None:
            units.append(best)
    return units


def _has(obj: Mapping[str, Any], key: str) -> bool:
    value = obj.get(key)
    return isinstance(value, list) and len(value) > 0


def latest_stage(release: Mapping[str, Any]) -> str:
    """The latest stage a compiled release reached (one of :data:`STAGES`).

    ``implementation`` when a contract has implementation transactions or milestones, ``contract`` when
    there are contracts, ``award`` when there are awards, ``tender`` when the tender went beyond planning
    (its status is not ``planning``/``planned``), else ``planning``.
    """
    contracts = release.get("contracts")
    if isinstance(contracts, list) and contracts:
        for contract in contracts:
            implementation = contract.get("implementation") if isinstance(contract, Mapping) else None
            if isinstance(implementation, Mapping) and (
                _has(implementation, "transactions") or _has(implementation, "milestones")
            ):
                return "implementation"
        return "contract"
    if _has(release, "awards"):
        return "award"
    tender = release.get("tender")
    if isinstance(tender, Mapping) and tender.get("status") not in (None, "planning", "planned"):
        return "tender"
    return "planning"


@dataclass
class ValueStats:
    """Summary of one kind of value over the processes that have it.

    Attributes:
        count: processes with the value.
        total: sum of the values.
        minimum: smallest value (``None`` when ``count`` is 0).
        maximum: largest value.
        median: median value.
        bands: number of processes per band of :data:`VALUE_BANDS` (one more entry than bounds).
    """

    count: int = 0
    total: Decimal = Decimal(0)
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    median: Decimal | None = None
    bands: list[int] = field(default_factory=lambda: [0] * (len(VALUE_BANDS) + 1))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; amounts as strings (exact decimals)."""

        def text(value: Decimal | None) -> str | None:
            return None if value is None else format(value, "f")

        return {
            "count": self.count,
            "total": text(self.total),
            "minimum": text(self.minimum),
            "maximum": text(self.maximum),
            "median": text(self.median),
            "bands": [
                {"below": text(VALUE_BANDS[i]) if i < len(VALUE_BANDS) else None, "count": n}
                for i, n in enumerate(self.bands)
            ],
        }


def _stats(amounts: Iterable[Decimal]) -> ValueStats:
    ordered = sorted(amounts)
    return _ordered_stats(iter(ordered), len(ordered))


def _ordered_stats(ordered: Iterator[Decimal], count: int) -> ValueStats:
    """The stats of ``count`` values given in ascending order, read once (they need not fit in memory)."""
    stats = ValueStats()
    if not count:
        return stats
    stats.count = count
    middle = count // 2
    below: Decimal | None = None
    for index, amount in enumerate(ordered):
        stats.total += amount
        if index == 0:
            stats.minimum = amount
        if index == middle - 1:
            below = amount
        if index == middle:
            stats.median = amount if count % 2 or below is None else (below + amount) / Decimal(2)
        stats.maximum = amount
        band = next((i for i, bound in enumerate(VALUE_BANDS) if amount < bound), len(VALUE_BANDS))
        stats.bands[band] += 1
    return stats


@dataclass
class BudgetCoverage:
    """How much of a work unit's procurement budget the publication covers.

    Attributes:
        buyer: the buyer's party id (``SATKER-<kd_satker_str>``).
        name: the work unit's name.
        code: its ``kd_satker_str``.
        procurement: its annual procurement spending (``belanja_pengadaan`` of RUP-StrukturAnggaranPD), of
            which ``capital`` (``belanja_modal``) and ``operating`` (``belanja_operasi``); ``None`` when blank.
        pagu: the pagu of the processes published for this buyer, every RUP once, without cancelled packages
            (as the pagu total: :func:`budget_units`).
        processes: the processes of this buyer that state a pagu (cancelled ones included).
        share: ``pagu / procurement``, or ``None`` without a procurement budget.
    """

    buyer: str
    name: str | None
    code: str | None
    procurement: Decimal | None
    capital: Decimal | None
    operating: Decimal | None
    pagu: Decimal
    processes: int

    @property
    def share(self) -> Decimal | None:
        """The published pagu as a fraction of the procurement budget (``None`` without a budget)."""
        if self.procurement is None or self.procurement <= 0:
            return None
        return self.pagu / self.procurement

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; amounts as strings (exact decimals), the share rounded to four decimals."""

        def text(value: Decimal | None) -> str | None:
            return None if value is None else format(value, "f")

        share = self.share
        return {
            "buyer": self.buyer,
            "name": self.name,
            "kd_satker_str": self.code,
            "procurement": text(self.procurement),
            "capital": text(self.capital),
            "operating": text(self.operating),
            "pagu": text(self.pagu),
            "processes": self.processes,
            "share": None if share is None else format(share.quantize(Decimal("0.0001")), "f"),
        }


def _decimal(value: object) -> Decimal | None:
    if value is None:
        return None
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        return None
    return result if result.is_finite() else None


@dataclass
class Figures:
    """Summary figures over the compiled releases (one per contracting process).

    Attributes:
        processes: number of contracting processes (compiled releases).
        releases: number of releases published.
        by_stage: latest stage -> processes, in :data:`STAGES` order (zeros kept).
        by_status: ``tender.status`` -> processes (``None`` when there is no tender status).
        by_method: ``tender.procurementMethod`` -> processes.
        by_method_details: ``tender.procurementMethodDetails`` (the Indonesian label) -> processes.
        by_category: ``tender.mainProcurementCategory`` -> processes.
        by_buyer: buyer name -> processes, the top ten.
        values: ``"pagu"``, ``"hps"``, ``"contract"`` -> :class:`ValueStats`. ``pagu`` counts budget units
            (every RUP once, see :func:`budget_units`) of the processes that are not cancelled; ``hps`` and
            ``contract`` count the processes that are neither failed nor cancelled (``contract`` leaves out
            cancelled contracts and implausible values).
        apart: :data:`APART_KINDS` -> :class:`ValueStats` of the values kept out of ``values``.
        pagu_processes: processes that state a pagu (``values["pagu"].count`` is the budget units they make).
        other_currency: values left out of the sums because their currency is not IDR.
        budgets: for each buyer with a budget structure (RUP-StrukturAnggaranPD), its procurement budget
            beside the pagu published for it (:class:`BudgetCoverage`), largest budget first: a partial
            total, since many purchases are never announced as packages.
    """

    processes: int = 0
    releases: int = 0
    by_stage: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAGES, 0))
    by_status: dict[str | None, int] = field(default_factory=dict)
    by_method: dict[str | None, int] = field(default_factory=dict)
    by_method_details: dict[str | None, int] = field(default_factory=dict)
    by_category: dict[str | None, int] = field(default_factory=dict)
    by_buyer: dict[str | None, int] = field(default_factory=dict)
    values: dict[str, ValueStats] = field(default_factory=lambda: {kind: ValueStats() for kind in VALUE_KINDS})
    apart: dict[str, ValueStats] = field(default_factory=lambda: {kind: ValueStats() for kind in APART_KINDS})
    pagu_processes: int = 0
    other_currency: int = 0
    budgets: list[BudgetCoverage] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (a ``None`` key becomes ``"(none)"``)."""

        def counts(mapping: Mapping[str | None, int]) -> dict[str, int]:
            return {("(none)" if key is None else key): value for key, value in mapping.items()}

        return {
            "processes": self.processes,
            "releases": self.releases,
            "by_stage": dict(self.by_stage),
            "by_status": counts(self.by_status),
            "by_method": counts(self.by_method),
            "by_method_details": counts(self.by_method_details),
            "by_category": counts(self.by_category),
            "by_buyer": counts(self.by_buyer),
            "values": {kind: stats.to_dict() for kind, stats in self.values.items()},
            "apart": {kind: stats.to_dict() for kind, stats in self.apart.items()},
            "pagu_processes": self.pagu_processes,
            "other_currency": self.other_currency,
            "budgets": [budget.to_dict() for budget in self.budgets],
        }


def _sorted_counts(counter: Counter[str | None], limit: int | None = None) -> dict[str | None, int]:
    items = sorted(counter.items(), key=lambda item: (-item[1], item[0] is None, item[0] or ""))
    return dict(items[:limit] if limit is not None else items)


@dataclass(frozen=True)
class ProcessFigures:
    """What one compiled release adds to the figures (:meth:`FiguresBuilder.add_process`).

    Attributes:
        ocid: the process.
        stage: its latest stage (:func:`latest_stage`).
        status, method, details, category: its tender's status, procurement method (and details) and main
            procurement category, as given.
        buyer_name, buyer_id: its buyer's name and id (as text).
        rups: the RUP ocids it cites (sorted).
        pagu: its planning budget in IDR; ``cancelled``: its tender is cancelled.
        values: the amounts it adds, in order: ``(kind, amount)`` with a kind of :data:`VALUE_KINDS` or
            :data:`APART_KINDS` (its HPS, its contracts' total).
        other_currency: amounts it has in another currency than IDR (not counted).
    """

    ocid: str
    stage: str
    status: Any
    method: Any
    details: Any
    category: Any
    buyer_name: Any
    buyer_id: str | None
    rups: tuple[str, ...]
    pagu: Decimal | None
    cancelled: bool
    values: tuple[tuple[str, Decimal], ...]
    other_currency: int

    @classmethod
    def of(cls, release: Mapping[str, Any]) -> ProcessFigures:
        """The figures of one compiled release."""
        other = 0

        def idr(value: object) -> Decimal | None:
            nonlocal other
            if value is None:
                return None
            amount = _amount(value)
            if amount is None and isinstance(value, Mapping) and value.get("amount") is not None:
                other += 1
            return amount

        tender = release.get("tender")
        tender = tender if isinstance(tender, Mapping) else {}
        buyer = release.get("buyer")
        buyer = buyer if isinstance(buyer, Mapping) else {}
        status = tender.get("status")
        closed = status in CLOSED_STATUSES
        planning = release.get("planning")
        budget = planning.get("budget") if isinstance(planning, Mapping) else None
        pagu = idr(budget.get("amount")) if isinstance(budget, Mapping) else None
        values: list[tuple[str, Decimal]] = []
        hps = idr(tender.get("value"))
        if hps is not None:
            values.append(("hps_closed" if closed else "hps", hps))
        contracts = release.get("contracts")
        if isinstance(contracts, list):
            total: Decimal | None = None
            cancelled: Decimal | None = None
            for contract in contracts:
                if not isinstance(contract, Mapping):
                    continue
                amount = idr(contract.get("value"))
                if amount is None:
                    continue
                if closed or contract.get("status") == "cancelled":
                    cancelled = amount if cancelled is None else cancelled + amount
                else:
                    total = amount if total is None else total + amount
            if cancelled is not None:
                values.append(("contract_closed", cancelled))
            if total is not None:
                reference = hps if hps is not None else pagu
                if reference is not None and reference > 0 and total >= reference * IMPLAUSIBLE_FACTOR:
                    values.append(("contract_implausible", total))
                else:
                    values.append(("contract", total))
        return cls(
            ocid=str(release.get("ocid", "")),
            stage=latest_stage(release),
            status=status,
            method=tender.get("procurementMethod"),
            details=tender.get("procurementMethodDetails"),
            category=tender.get("mainProcurementCategory"),
            buyer_name=buyer.get("name"),
            buyer_id=None if buyer.get("id") is None else str(buyer.get("id")),
            rups=tuple(sorted(_planning_rups(release))),
            pagu=pagu,
            cancelled=status == "cancelled",
            values=tuple(values),
            other_currency=other,
        )


class FiguresBuilder:
    """Accumulate :class:`Figures` one compiled release at a time.

    Example:
        >>> builder = FiguresBuilder()
        >>> builder.add({"ocid": "ocds-x-1", "tender": {"status": "active", "value": {"amount": 5, "currency": "IDR"}}})
        >>> builder.build().by_stage["tender"]
        1
    """

    def __init__(self, *, in_memory: int = DEFAULT_LIMIT) -> None:
        self._processes = 0
        self._stage: Counter[str] = Counter()
        self._status: Counter[str | None] = Counter()
        self._method: Counter[str | None] = Counter()
        self._details: Counter[str | None] = Counter()
        self._category: Counter[str | None] = Counter()
        self._buyer: Counter[str | None] = Counter()
        # every amount, for exact medians: beyond ``in_memory`` of a kind they are spilled to disk, sorted
        self._values = {kind: SortedSpill(in_memory) for kind in (*VALUE_KINDS, *APART_KINDS)}
        #: (own ocid, RUP ocids cited, pagu, cancelled, buyer id) of every process with a pagu; see build().
        self._pagu: list[tuple[str, frozenset[str], Decimal, bool, str | None]] = []
        self._cited: set[str] = set()
        self._other_currency = 0

    def add(self, release: Mapping[str, Any]) -> None:
        """Count one compiled release (one contracting process)."""
        self.add_process(ProcessFigures.of(release))

    def add_process(self, process: ProcessFigures) -> None:
        """Count one contracting process by what its compiled release gives (see :class:`ProcessFigures`)."""
        self._processes += 1
        self._stage[process.stage] += 1
        self._status[process.status] += 1
        self._method[process.method] += 1
        self._details[process.details] += 1
        self._category[process.category] += 1
        self._buyer[process.buyer_name] += 1
        self._cited.update(process.rups)
        if process.pagu is not None:
            rups = frozenset(process.rups)
            self._pagu.append((process.ocid, rups, process.pagu, process.cancelled, process.buyer_id))
        for kind, amount in process.values:
            self._values[kind].append(amount)
        self._other_currency += process.other_currency

    def add_all(self, releases: Iterable[Mapping[str, Any]]) -> FiguresBuilder:
        """Count several compiled releases; return the builder."""
        for release in releases:
            self.add(release)
        return self

    def build(self, *, releases: int = 0, budgets: Mapping[str, Mapping[str, str | None]] | None = None) -> Figures:
        """The figures so far.

        Args:
            releases: the number of (uncompiled) releases published.
            budgets: buyer party id -> the budget structure of that work unit (``ConversionReport.budgets``).
        """
        live: list[tuple[frozenset[str], Decimal]] = []
        cancelled: list[tuple[frozenset[str], Decimal]] = []
        by_buyer: dict[str, list[tuple[frozenset[str], Decimal]]] = {}
        processes: Counter[str] = Counter()
        for ocid, rups, amount, is_cancelled, buyer in self._pagu:
            # A SiRUP plan cited by packages is the RUP itself: it joins the unit of its packages.
            codes = rups or (frozenset({ocid}) if ocid in self._cited else frozenset())
            (cancelled if is_cancelled else live).append((codes, amount))
            if buyer is not None:
                processes[buyer] += 1
                if not is_cancelled:
                    by_buyer.setdefault(buyer, []).append((codes, amount))
        coverage = [
            BudgetCoverage(
                buyer,
                structure.get("name"),
                structure.get("kd_satker_str"),
                _decimal(structure.get("procurement")),
                _decimal(structure.get("capital")),
                _decimal(structure.get("operating")),
                sum(budget_units(by_buyer.get(buyer, [])), Decimal(0)),
                processes[buyer],
            )
            for buyer, structure in (budgets or {}).items()
        ]
        coverage.sort(key=lambda c: (-(c.procurement or Decimal(0)), c.buyer))
        live_codes = frozenset().union(*(codes for codes, _ in live)) if live else frozenset()
        stats = {kind: _ordered_stats(values.ordered(), len(values)) for kind, values in self._values.items()}
        stats["pagu"] = _stats(budget_units(live))
        stats["pagu_cancelled"] = _stats(budget_units([e for e in cancelled if not e[0] & live_codes]))
        return Figures(
            processes=self._processes,
            releases=releases,
            by_stage={stage: self._stage[stage] for stage in STAGES},
            by_status=_sorted_counts(self._status),
            by_method=_sorted_counts(self._method),
            by_method_details=_sorted_counts(self._details),
            by_category=_sorted_counts(self._category),
            by_buyer=_sorted_counts(self._buyer, _TOP_BUYERS),
            values={kind: stats[kind] for kind in VALUE_KINDS},
            apart={kind: stats[kind] for kind in APART_KINDS},
            pagu_processes=len(self._pagu),
            other_currency=self._other_currency,
            budgets=coverage,
        )


def _planning_rups(release: Mapping[str, Any]) -> frozenset[str]:
    """The ocids of the planning processes (RUPs) a release cites in ``relatedProcesses``."""
    related = release.get("relatedProcesses")
    if not isinstance(related, list):
        return frozenset()
    found = set()
    for link in related:
        if not isinstance(link, Mapping):
            continue
        relationship = link.get("relationship")
        if isinstance(relationship, list) and "planning" in relationship and link.get("identifier"):
            found.add(str(link["identifier"]))
    return frozenset(found)


class ValidationReportLike(Protocol):
    """What the report needs from a validation report (:class:`ocds_regency.validate.findings.Report`)."""

    @property
    def ok(self) -> bool:
        """Whether the data passed."""

    def summary(self, lang: Any = ..., examples: int = ...) -> dict[str, Any]:
        """A JSON-ready summary with ``severities`` and ``codes`` (count, title, examples)."""


@dataclass
class ExampleFinding:
    """One example of a finding: where it is and what it says, in every language."""

    path: str
    value: object
    ocid: str | None
    source: str | None
    message: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "source": self.source,
            "ocid": self.ocid,
            "path": self.path,
            "value": self.value,
            "message": dict(self.message),
        }


@dataclass
class FindingGroup:
    """All findings of one code: severity, total count, title in every language, a few examples."""

    code: str
    severity: str
    count: int
    title: dict[str, str]
    examples: list[ExampleFinding] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "code": self.code,
            "severity": self.severity,
            "count": self.count,
            "title": dict(self.title),
            "examples": [e.to_dict() for e in self.examples],
        }


_SEVERITY_ORDER = {"error": 0, "warning": 1, "information": 2}


@dataclass
class ValidationSummary:
    """Validation findings of every file published, grouped by code.

    Attributes:
        ok: no blocking (error) finding in any file.
        files: validated file name -> whether it passed.
        severities: severity -> number of findings.
        groups: finding groups, most serious and most frequent first.
    """

    ok: bool = True
    files: dict[str, bool] = field(default_factory=dict)
    severities: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_SEVERITY_ORDER, 0))
    groups: list[FindingGroup] = field(default_factory=list)

    def add(self, source: str, report: ValidationReportLike, *, examples: int = 5) -> None:
        """Add the findings of the validation ``report`` of file ``source``."""
        self.ok = self.ok and report.ok
        self.files[source] = report.ok
        by_code = {group.code: group for group in self.groups}
        summaries = {lang: report.summary(lang, examples) for lang in LANGS}
        first = summaries[LANGS[0]]
        for severity, count in first.get("severities", {}).items():
            self.severities[severity] = self.severities.get(severity, 0) + int(count)
        for code, info in first.get("codes", {}).items():
            group = by_code.get(code)
            if group is None:
                group = FindingGroup(
                    code,
                    str(info.get("severity")),
                    0,
                    {lang: str(summaries[lang]["codes"][code].get("title", code)) for lang in LANGS},
                )
                by_code[code] = group
                self.groups.append(group)
            group.count += int(info.get("count", 0))
            for n, example in enumerate(info.get("examples", [])):
                if len(group.examples) >= examples:
                    break
                messages: dict[str, str] = {
                    lang: str(summaries[lang]["codes"][code]["examples"][n].get("message", "")) for lang in LANGS
                }
                group.examples.append(
                    ExampleFinding(
                        str(example.get("path", "")), example.get("value"), example.get("ocid"), source, messages
                    )
                )
        self.groups.sort(key=lambda g: (_SEVERITY_ORDER.get(g.severity, 3), -g.count, g.code))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "ok": self.ok,
            "files": dict(self.files),
            "severities": dict(self.severities),
            "findings": [g.to_dict() for g in self.groups],
        }


@dataclass(frozen=True)
class OutputFile:
    """A file written by the publication.

    Attributes:
        name: file name inside the output directory.
        kind: ``release-package``, ``record-package``, ``releases-jsonl``, ``spreadsheet``, ``csv-zip``,
            ``report-json`` or ``report-html``.
        size: size in bytes (0 when not known yet, e.g. the report itself).
        items: releases or records it holds (0 for reports).
    """

    name: str
    kind: str
    size: int = 0
    items: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {"name": self.name, "kind": self.kind, "size": self.size, "items": self.items}


@dataclass
class PublishReport:
    """Everything ``report.json`` and ``report.html`` say about one publication.

    Attributes:
        published: whether the packages were published (no blocking errors).
        publisher: publisher name.
        prefix: the ocid prefix.
        published_date: the packages' ``publishedDate``.
        version: the ocds-regency version that made it.
        figures: summary figures over the compiled releases.
        conversion: the conversion's row accounting (``ConversionReport.as_dict()``): ``totals``,
            ``files``, ``rejections``, ``issues``, ``withheld``, ``releases``.
        validation: validation findings of the packages.
        outputs: files written.
        blocking: short reasons why nothing was published (empty when published).
        flags: the red-flag indicators computed on the compiled releases, if any.
        changes: with a release store, what changed since the last publication (the ``to_dict()`` of
            :class:`ocds_regency.store.ChangeSummary`); ``None`` without a store.
    """

    published: bool
    publisher: str
    prefix: str
    published_date: str
    version: str
    figures: Figures
    conversion: dict[str, Any]
    validation: ValidationSummary
    outputs: Sequence[OutputFile] = ()
    blocking: Sequence[str] = ()
    flags: FlagsReport | None = None
    changes: Mapping[str, Any] | None = None

    @property
    def totals(self) -> dict[str, int]:
        """Row totals of the conversion: ``read``, ``used``, ``rejected``, ``duplicate``, ``uncited``."""
        totals = self.conversion.get("totals", {})
        return {key: int(totals.get(key, 0)) for key in ("read", "used", "rejected", "duplicate", "uncited")}

    def rejections_by_reason(self) -> dict[str, list[dict[str, Any]]]:
        """Rejected and duplicate rows grouped by reason code, most frequent first."""
        return self._by_reason("rejection")

    def _by_reason(self, section: str) -> dict[str, list[dict[str, Any]]]:
        """The examples of ``section`` (``"rejection"`` or ``"issue"``) grouped by reason code, the reason with
        the most rows (counted in full) first."""
        groups: dict[str, list[dict[str, Any]]] = {}
        for entry in self.conversion.get(f"{section}s", []):
            groups.setdefault(str(entry.get("reason")), []).append(entry)
        counts = self.conversion.get(f"{section}_counts", {})
        return dict(sorted(groups.items(), key=lambda item: (-int(counts.get(item[0], len(item[1]))), item[0])))

    def reason_counts(self, section: str) -> dict[str, int]:
        """Reason -> rows (``section="rejection"``) or field issues (``"issue"``), counted in full (the lists
        of examples are samples)."""
        counts = self.conversion.get(f"{section}_counts", {})
        return {str(reason): int(n) for reason, n in counts.items()}

    def issues_by_reason(self) -> dict[str, list[dict[str, Any]]]:
        """Field issues grouped by ``(reason)``, most frequent first."""
        return self._by_reason("issue")

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready content of ``report.json``."""
        return {
            "published": self.published,
            "blocking": list(self.blocking),
            "publisher": self.publisher,
            "prefix": self.prefix,
            "publishedDate": self.published_date,
            "generator": f"ocds-regency {self.version}",
            "outputs": [o.to_dict() for o in self.outputs],
            "figures": self.figures.to_dict(),
            "conversion": self.conversion,
            "validation": self.validation.to_dict(),
            **({"flags": self._flags_summary()} if self.flags is not None else {}),
            **({"changes": dict(self.changes)} if self.changes is not None else {}),
        }

    def _flags_summary(self) -> dict[str, Any]:
        """The flags per indicator and their coverage (the flags themselves are in ``flags.json``)."""
        assert self.flags is not None
        return {
            "profile": self.flags.profile,
            "processes": self.flags.processes,
            "flags": len(self.flags.flags),
            "coverage": {code: coverage.to_dict() for code, coverage in self.flags.coverage.items()},
        }
