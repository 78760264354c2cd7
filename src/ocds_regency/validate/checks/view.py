"""The per-release view every data-quality check reads: a compiled release's facts, found once.

A :class:`ReleaseView` is built once per compiled release and passed to every check (the shape of
lib-cove-ocds' checks, which share one prepared context). Building it walks the release once and
gathers what several checks look at (awards and contracts with their indexes, periods, documents,
milestone owners, amounts and party references with their pointers, references resolved to parties,
awards by id); nothing here decides whether a check passes: that is each check's own module.

Items that are not objects are left out of the lists of objects (``awards``, ``contracts``,
``parties``, ...) with their index kept, so pointers stay those of the release; the arrays as
published are there too (``award_list``, ``contract_list``, ``party_list``) for the checks that look
at them whole. The facts are plain tuples and lists (a view is built for every compiled release, and
named tuples cost several times as much to make).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ocds_regency.validate.checks._util import (
    amount,
    as_list,
    as_map,
    identifier_keys,
    organisation_name,
    parse_date,
)

if TYPE_CHECKING:
    import datetime as dt

    from ocds_regency.validate.checks import QualityConfig

__all__ = [
    "Contract",
    "Document",
    "Period",
    "Reference",
    "ReleaseView",
    "SupplierParty",
    "hashable_id",
    "parties_with",
    "supplier_parties",
]

#: The tender's periods and their pointers (written once, not for every release).
_TENDER_PERIODS = tuple(
    (key, f"/tender/{key}") for key in ("tenderPeriod", "enquiryPeriod", "awardPeriod", "contractPeriod")
)

#: A contract that is an object: ``(index, contract, implementation, transactions, value)``; the
#: implementation is empty if there is none, the transactions are as published (items may be anything)
#: or empty, the value is ``(amount, currency)`` if the contract's ``value.amount`` is a number.
Contract = tuple[int, Mapping[str, Any], Mapping[str, Any], list[Any], "tuple[float, object] | None"]

#: A reference to a party: ``(pointer, role, reference object, party, reason)``, with the single party
#: its ``id`` matches or ``None`` and why: ``no_id``, ``no_parties``, ``multiple``, ``type_mismatch``
#: (the id matches as text only) or ``no_match``.
Reference = tuple[str, str, Mapping[str, Any], "Mapping[str, Any] | None", "str | None"]

#: A supplier party: ``(index, party, identifier keys, name)``, its :func:`~._util.identifier_keys` and its
#: :func:`~._util.organisation_name` (``None``: no name left to compare).
SupplierParty = tuple[int, Mapping[str, Any], frozenset[tuple[str, str]], "str | None"]

_Located = list[tuple[str, Mapping[str, Any]]]

#: A document: ``(pointer, document, published, modified)``, its dates as instants or ``None``.
Document = tuple[str, Mapping[str, Any], "dt.datetime | None", "dt.datetime | None"]

#: A period: ``(pointer, period, start, end)``, its ``startDate`` and ``endDate`` as instants or ``None``.
Period = tuple[str, Mapping[str, Any], "dt.datetime | None", "dt.datetime | None"]


def hashable_id(value: object) -> bool:
    """An id that can be looked up: a string or a number (not a boolean)."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


class ReleaseView:
    """One compiled release as the checks see it, with the settings they run under.

    Args:
        release: a compiled release (any JSON: what isn't an object or array where OCDS puts one is
            read as missing).
        config: the settings of the checks.

    Attributes:
        release: the compiled release itself.
        config: the settings of the checks.
        date: the release ``date`` as an instant (``None`` if it isn't a date-time).
        tender, planning, budget: those objects (empty if missing).
        budget_amount, tender_value: ``(amount, currency)`` of the budget amount (pagu) and the tender
            value (HPS) when their ``amount`` is a number, else ``None``.
        award_list, contract_list, party_list: the arrays as published (empty if missing).
        awards, parties: ``(index, object)`` of the items that are objects.
        contracts: a :data:`Contract` per contract that is an object.
        awards_by_id: awards by their string or integer ``id`` (the last one, when an id repeats).
        periods: ``(pointer, period, start, end)`` of the tender's periods, the budget period, the awards'
            contract periods and the contracts' periods, with ``startDate`` and ``endDate`` as instants
            (``None`` if not a date-time).
        milestone_owners: ``(pointer, object)`` of what has milestones: planning, tender, each contract
            and its implementation (when it has a non-empty one).
        documents: ``(pointer, document, published, modified)`` of every document that is an object
            (planning, tender, awards, contracts and implementations), with ``datePublished`` and
            ``dateModified`` as instants (``None`` if not a date-time).
        values: ``(pointer, Value object)`` of the main amounts: budget, tender value and minimum value,
            awards, contracts (each followed by its transactions).
        references: a :data:`Reference` per buyer, procuring entity, tenderer, supplier, payer and payee.
        referenced: ``(role, type of id, id)`` of each of those references that has an id.
        supplier_ids: ``(type of id, id)`` of the awards' suppliers (``1`` and ``"1"`` differ).
        suppliers: a :data:`SupplierParty` per party the awards' suppliers refer to (found on first use).
    """

    __slots__ = (
        "_suppliers",
        "award_list",
        "awards",
        "awards_by_id",
        "budget",
        "budget_amount",
        "config",
        "contract_list",
        "contracts",
        "date",
        "documents",
        "milestone_owners",
        "parties",
        "party_list",
        "periods",
        "planning",
        "referenced",
        "references",
        "release",
        "supplier_ids",
        "tender",
        "tender_value",
        "values",
    )

    def __init__(self, release: Mapping[str, Any], config: QualityConfig) -> None:
        get = release.get
        self.release = release
        self.config = config
        self.date: dt.datetime | None = parse_date(get("date"))
        tender = self.tender = as_map(get("tender"))
        planning = self.planning = as_map(get("planning"))
        budget = self.budget = as_map(planning.get("budget"))
        #: ``(amount, currency)`` of the budget (pagu) and the tender value (HPS), if their amounts are numbers.
        self.budget_amount = amount(budget.get("amount"))
        self.tender_value = amount(tender.get("value"))
        self.award_list: list[Any] = as_list(get("awards"))
        self.contract_list: list[Any] = as_list(get("contracts"))
        self.party_list: list[Any] = as_list(get("parties"))

        periods: list[Period] = []
        for key, pointer in _TENDER_PERIODS:
            if type(period := tender.get(key)) is dict:
                periods.append(_period(pointer, period))
        if type(period := budget.get("period")) is dict:
            periods.append(_period("/planning/budget/period", period))
        values: _Located = []
        if type(value := budget.get("amount")) is dict:
            values.append(("/planning/budget/amount", value))
        if type(value := tender.get("value")) is dict:
            values.append(("/tender/value", value))
        if type(value := tender.get("minValue")) is dict:
            values.append(("/tender/minValue", value))
        references: list[tuple[str, str, Mapping[str, Any]]] = []
        if type(ref := get("buyer")) is dict:
            references.append(("/buyer", "buyer", ref))
        if type(ref := tender.get("procuringEntity")) is dict:
            references.append(("/tender/procuringEntity", "procuringEntity", ref))
        if type(tenderers := tender.get("tenderers")) is list:
            for i, ref in enumerate(tenderers):
                if type(ref) is dict:
                    references.append((f"/tender/tenderers/{i}", "tenderer", ref))
        document_owners: _Located = [("/planning", planning), ("/tender", tender)]
        milestone_owners: _Located = [("/planning", planning), ("/tender", tender)]

        awards: list[tuple[int, Mapping[str, Any]]] = []
        awards_by_id: dict[object, Mapping[str, Any]] = {}
        supplier_ids: set[tuple[type[Any], object]] = set()
        for i, award in enumerate(self.award_list):
            if type(award) is not dict:
                continue
            awards.append((i, award))
            base = f"/awards/{i}"
            kind = type(ident := award.get("id"))
            if kind is str or kind is int:
                awards_by_id[ident] = award
            if type(period := award.get("contractPeriod")) is dict:
                periods.append(_period(f"{base}/contractPeriod", period))
            if type(value := award.get("value")) is dict:
                values.append((f"{base}/value", value))
            if type(suppliers := award.get("suppliers")) is list:
                for j, ref in enumerate(suppliers):
                    if type(ref) is dict:
                        references.append((f"{base}/suppliers/{j}", "supplier", ref))
                        kind = type(supplier := ref.get("id"))
                        if kind is str or kind is int or kind is float:
                            supplier_ids.add((kind, supplier))
            document_owners.append((base, award))

        contracts: list[Contract] = []
        for i, contract in enumerate(self.contract_list):
            if type(contract) is not dict:
                continue
            base = f"/contracts/{i}"
            implementation = as_map(contract.get("implementation"))
            transactions = as_list(implementation.get("transactions"))
            value = contract.get("value")
            contracts.append((i, contract, implementation, transactions, amount(value)))
            if type(period := contract.get("period")) is dict:
                periods.append(_period(f"{base}/period", period))
            if type(value) is dict:
                values.append((f"{base}/value", value))
            for t, tx in enumerate(transactions):
                if type(tx) is not dict:
                    continue
                if type(value := tx.get("value")) is dict:
                    values.append((f"{base}/implementation/transactions/{t}/value", value))
                if type(ref := tx.get("payer")) is dict:
                    references.append((f"{base}/implementation/transactions/{t}/payer", "payer", ref))
                if type(ref := tx.get("payee")) is dict:
                    references.append((f"{base}/implementation/transactions/{t}/payee", "payee", ref))
            document_owners.append((base, contract))
            milestone_owners.append((base, contract))
            if implementation:
                document_owners.append((f"{base}/implementation", implementation))
                milestone_owners.append((f"{base}/implementation", implementation))

        documents: list[Document] = []
        for base, owner in document_owners:
            if type(found := owner.get("documents")) is not list:
                continue
            for i, doc in enumerate(found):
                if type(doc) is dict:
                    published, modified = parse_date(doc.get("datePublished")), parse_date(doc.get("dateModified"))
                    documents.append((f"{base}/documents/{i}", doc, published, modified))

        parties: list[tuple[int, Mapping[str, Any]]] = []
        parties_by_id: dict[tuple[type[Any], Any], list[Mapping[str, Any]]] = {}
        for i, party in enumerate(self.party_list):
            if type(party) is not dict:
                continue
            parties.append((i, party))
            kind = type(ident := party.get("id"))
            if kind is str or kind is int or kind is float:
                if (same := parties_by_id.get((kind, ident))) is None:
                    parties_by_id[kind, ident] = [party]
                else:
                    same.append(party)

        self.awards = awards
        self.awards_by_id = awards_by_id
        self.supplier_ids = supplier_ids
        self.contracts = contracts
        self.parties = parties
        self.periods = periods
        self.values = values
        self.documents = documents
        self.milestone_owners = milestone_owners
        self.references: list[Reference] = []
        self.referenced: set[tuple[str, type[Any], object]] = set()
        _resolve(references, parties_by_id, self.references, self.referenced)
        self._suppliers: list[SupplierParty] | None = None

    @property
    def suppliers(self) -> list[SupplierParty]:
        """A :data:`SupplierParty` per party (an object) whose id one of the awards' suppliers has, in the order
        of the parties; found on first use, for ``quality.supplier_split`` and ``quality.supplier_ids`` alike."""
        if self._suppliers is None:
            self._suppliers = _supplier_parties(self.party_list, self.supplier_ids) if self.supplier_ids else []
        return self._suppliers


def _period(path: str, period: Mapping[str, Any]) -> Period:
    return path, period, parse_date(period.get("startDate")), parse_date(period.get("endDate"))


def _resolve(
    references: list[tuple[str, str, Mapping[str, Any]]],
    by_id: dict[tuple[type[Any], Any], list[Mapping[str, Any]]],
    found: list[Reference],
    referenced: set[tuple[str, type[Any], object]],
) -> None:
    """Each reference with the single party it matches, or ``None`` and the reason, into ``found``; the
    ``(role, type of id, id)`` of each reference with an id into ``referenced``."""
    by_text: set[str] | None = None  # the ids as text, to tell 1 from "1": built only if a match fails
    for path, role, ref in references:
        ident = ref.get("id")
        kind = type(ident)
        if kind is not str and kind is not int and kind is not float:
            found.append((path, role, ref, None, "no_id"))
            continue
        referenced.add((role, kind, ident))
        if not by_id:
            found.append((path, role, ref, None, "no_parties"))
        else:
            matches = by_id.get((kind, ident))
            if matches is not None and len(matches) == 1:
                found.append((path, role, ref, matches[0], None))
            elif matches:
                found.append((path, role, ref, None, "multiple"))
            else:
                if by_text is None:
                    by_text = {str(key[1]) for key in by_id}
                found.append((path, role, ref, None, "type_mismatch" if str(ident) in by_text else "no_match"))


def parties_with(parties: list[Any], ids: set[tuple[type[Any], object]]) -> list[tuple[int, Mapping[str, Any]]]:
    """``(index, party)`` of the parties (as published) whose ``(type of id, id)`` is one of ``ids``."""
    found: list[tuple[int, Mapping[str, Any]]] = []
    for i, party in enumerate(parties):
        if type(party) is not dict:
            continue
        kind = type(ident := party.get("id"))
        if (kind is str or kind is int or kind is float) and (kind, ident) in ids:
            found.append((i, party))
    return found


def _supplier_parties(parties: list[Any], ids: set[tuple[type[Any], object]]) -> list[SupplierParty]:
    return [
        (i, party, frozenset(identifier_keys(party)), organisation_name(party.get("name")))
        for i, party in parties_with(parties, ids)
    ]


def supplier_parties(release: Mapping[str, Any]) -> list[SupplierParty] | None:
    """A :data:`SupplierParty` per party that ``awards[].suppliers`` refers to; ``None`` if no award has a
    supplier with an id (for a release the validator reads without a view: :attr:`ReleaseView.suppliers`)."""
    ids: set[tuple[type[Any], object]] = set()
    for award in as_list(release.get("awards")):
        for ref in as_list(as_map(award).get("suppliers")):
            kind = type(ident := ref.get("id") if type(ref) is dict else None)
            if kind is str or kind is int or kind is float:
                ids.add((kind, ident))
    return _supplier_parties(as_list(release.get("parties")), ids) if ids else None
