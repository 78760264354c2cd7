"""The per-release view every data-quality check reads: a compiled release's facts, found once.

A :class:`ReleaseView` is built once per compiled release and passed to every check (the shape of
lib-cove-ocds' checks, which share one prepared context). The plain parts (``tender``, ``awards``,
``contracts``, ...) are read when the view is built; the facts only some checks need (periods,
documents, references resolved to parties, amounts with their pointers, ...) are worked out the first
time a check asks and kept on the view, so each is found at most once per release and none is kept
after it. Nothing here decides whether a check passes: that is each check's own module.

Items that are not objects are left out of the lists of objects (``awards``, ``contracts``,
``transactions`` ...) with their index kept, so pointers stay those of the release; the lists as
published are there too (``award_list``, ``contract_list``, ``party_list``) for the checks that look at
them whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from ocds_regency.validate.checks._util import as_list, as_map, parse_date

if TYPE_CHECKING:
    import datetime as dt

    from ocds_regency.validate.checks import QualityConfig

__all__ = ["Contract", "Reference", "ReleaseView", "Resolved", "hashable_id", "supplier_parties"]

#: Milestone owners and document owners hold these at the top of a compiled release.
_TENDER_PERIODS = ("tenderPeriod", "enquiryPeriod", "awardPeriod", "contractPeriod")


def hashable_id(value: object) -> bool:
    """An id that can be looked up: a string or a number (not a boolean)."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


class Contract(NamedTuple):
    """A contract that is an object, with its index, its implementation and its transactions as published."""

    at: int  # its index in the contracts
    contract: Mapping[str, Any]
    implementation: Mapping[str, Any]  # empty if it has none
    transactions: list[Any]  # as published: items may be anything; empty if none


class Reference(NamedTuple):
    """A reference to a party: its pointer, the role it gives and the reference object."""

    path: str
    role: str
    ref: Mapping[str, Any]


class Resolved(NamedTuple):
    """A :class:`Reference` with the single party it matches, or ``None`` and why (a reason code)."""

    reference: Reference
    party: Mapping[str, Any] | None
    reason: str | None


class ReleaseView:
    """One compiled release as the checks see it, with the settings they run under.

    Args:
        release: a compiled release (any JSON: what isn't an object or array where OCDS puts one is
            read as missing).
        config: the settings of the checks.
    """

    def __init__(self, release: Mapping[str, Any], config: QualityConfig) -> None:
        get = release.get
        self.release = release
        self.config = config
        self.tender: Mapping[str, Any] = as_map(get("tender"))
        self.planning: Mapping[str, Any] = as_map(get("planning"))
        self.budget: Mapping[str, Any] = as_map(self.planning.get("budget"))
        #: The arrays as published (their items may be anything).
        self.award_list: list[Any] = as_list(get("awards"))
        self.contract_list: list[Any] = as_list(get("contracts"))
        self.party_list: list[Any] = as_list(get("parties"))

    # ------------------------------------------------------------------------------------ the parts
    @cached_property
    def date(self) -> dt.datetime | None:
        """The release ``date`` as an instant (``None`` if it isn't a date-time)."""
        return parse_date(self.release.get("date"))

    @cached_property
    def awards(self) -> list[tuple[int, Mapping[str, Any]]]:
        """``(index, award)`` of the awards that are objects."""
        return [(i, award) for i, award in enumerate(self.award_list) if type(award) is dict]

    @cached_property
    def contracts(self) -> list[Contract]:
        """The contracts that are objects, with their implementation and transactions."""
        found = []
        for i, contract in enumerate(self.contract_list):
            if type(contract) is not dict:
                continue
            implementation = as_map(contract.get("implementation"))
            found.append(Contract(i, contract, implementation, as_list(implementation.get("transactions"))))
        return found

    @cached_property
    def parties(self) -> list[tuple[int, Mapping[str, Any]]]:
        """``(index, party)`` of the parties that are objects."""
        return [(i, party) for i, party in enumerate(self.party_list) if type(party) is dict]

    @cached_property
    def awards_by_id(self) -> dict[object, Mapping[str, Any]]:
        """Awards by their string or integer ``id`` (the last one, when an id repeats)."""
        return {
            award["id"]: award
            for _, award in self.awards
            if isinstance(award.get("id"), (str, int)) and not isinstance(award.get("id"), bool)
        }

    # ------------------------------------------------------------------------- dates, periods, owners
    @cached_property
    def periods(self) -> list[tuple[str, Mapping[str, Any]]]:
        """``(pointer, period)`` of the tender's periods, the budget period, awards' and contracts' periods."""
        tender = self.tender
        found = [(f"/tender/{key}", tender[key]) for key in _TENDER_PERIODS if type(tender.get(key)) is dict]
        if type(self.budget.get("period")) is dict:
            found.append(("/planning/budget/period", self.budget["period"]))
        for i, award in self.awards:
            if type(award.get("contractPeriod")) is dict:
                found.append((f"/awards/{i}/contractPeriod", award["contractPeriod"]))
        for contract in self.contracts:
            if type(contract.contract.get("period")) is dict:
                found.append((f"/contracts/{contract.at}/period", contract.contract["period"]))
        return found

    @cached_property
    def milestone_owners(self) -> list[tuple[str, Mapping[str, Any]]]:
        """``(pointer, object)`` of what has milestones: planning, tender, each contract and its implementation."""
        found = [("/planning", self.planning), ("/tender", self.tender)]
        for contract in self.contracts:
            found.append((f"/contracts/{contract.at}", contract.contract))
            found.append((f"/contracts/{contract.at}/implementation", contract.implementation))
        return found

    @cached_property
    def documents(self) -> list[tuple[str, Mapping[str, Any]]]:
        """``(pointer, document)`` of every document that is an object (planning, tender, awards, contracts,
        implementations)."""
        owners = [("/planning", self.planning), ("/tender", self.tender)]
        owners.extend((f"/awards/{i}", award) for i, award in self.awards)
        for contract in self.contracts:
            owners.append((f"/contracts/{contract.at}", contract.contract))
            owners.append((f"/contracts/{contract.at}/implementation", contract.implementation))
        found: list[tuple[str, Mapping[str, Any]]] = []
        for base, owner in owners:
            documents = owner.get("documents")
            if type(documents) is list:
                found.extend((f"{base}/documents/{i}", doc) for i, doc in enumerate(documents) if type(doc) is dict)
        return found

    # ------------------------------------------------------------------------------------- amounts
    @cached_property
    def values(self) -> list[tuple[str, Mapping[str, Any]]]:
        """``(pointer, Value object)`` of the release's main amounts: budget, tender value and minimum value,
        awards, contracts and transactions."""
        found: list[tuple[str, Mapping[str, Any]]] = []
        if type(self.budget.get("amount")) is dict:
            found.append(("/planning/budget/amount", self.budget["amount"]))
        for key in ("value", "minValue"):
            if type(self.tender.get(key)) is dict:
                found.append((f"/tender/{key}", self.tender[key]))
        for i, award in self.awards:
            if type(award.get("value")) is dict:
                found.append((f"/awards/{i}/value", award["value"]))
        for contract in self.contracts:
            if type(contract.contract.get("value")) is dict:
                found.append((f"/contracts/{contract.at}/value", contract.contract["value"]))
            for t, tx in enumerate(contract.transactions):
                if type(tx) is dict and type(tx.get("value")) is dict:
                    found.append((f"/contracts/{contract.at}/implementation/transactions/{t}/value", tx["value"]))
        return found

    # ------------------------------------------------------------------------------------- parties
    @cached_property
    def references(self) -> list[Reference]:
        """Every reference to a party: buyer, procuring entity, tenderers, suppliers, payers and payees."""
        found = []
        buyer = self.release.get("buyer")
        if type(buyer) is dict:
            found.append(Reference("/buyer", "buyer", buyer))
        tender = self.tender
        if type(tender.get("procuringEntity")) is dict:
            found.append(Reference("/tender/procuringEntity", "procuringEntity", tender["procuringEntity"]))
        tenderers = tender.get("tenderers")
        if type(tenderers) is list:
            found.extend(
                Reference(f"/tender/tenderers/{i}", "tenderer", ref)
                for i, ref in enumerate(tenderers)
                if type(ref) is dict
            )
        for i, award in self.awards:
            suppliers = award.get("suppliers")
            if type(suppliers) is list:
                found.extend(
                    Reference(f"/awards/{i}/suppliers/{j}", "supplier", ref)
                    for j, ref in enumerate(suppliers)
                    if type(ref) is dict
                )
        for contract in self.contracts:
            for t, tx in enumerate(contract.transactions):
                if type(tx) is not dict:
                    continue
                for role in ("payer", "payee"):
                    if type(tx.get(role)) is dict:
                        path = f"/contracts/{contract.at}/implementation/transactions/{t}/{role}"
                        found.append(Reference(path, role, tx[role]))
        return found

    @cached_property
    def parties_by_id(self) -> dict[tuple[type[Any], Any], list[Mapping[str, Any]]]:
        """Parties by ``(type of id, id)`` (``1`` and ``"1"`` are different ids); a list, as ids may repeat."""
        found: dict[tuple[type[Any], Any], list[Mapping[str, Any]]] = {}
        for _, party in self.parties:
            ident = party.get("id")
            if hashable_id(ident):
                found.setdefault((type(ident), ident), []).append(party)
        return found

    @cached_property
    def resolved(self) -> list[Resolved]:
        """Each reference with its single matching party, or ``None`` and the reason: ``no_id``,
        ``no_parties``, ``multiple``, ``type_mismatch`` (the id matches as text only) or ``no_match``."""
        by_id = self.parties_by_id
        by_text: set[str] | None = None  # built only if a match fails
        found = []
        for ref in self.references:
            ident = ref.ref.get("id")
            if ident is None or not hashable_id(ident):
                found.append(Resolved(ref, None, "no_id"))
            elif not by_id:
                found.append(Resolved(ref, None, "no_parties"))
            else:
                matches = by_id.get((type(ident), ident), [])
                if len(matches) == 1:
                    found.append(Resolved(ref, matches[0], None))
                elif matches:
                    found.append(Resolved(ref, None, "multiple"))
                else:
                    if by_text is None:
                        by_text = {str(key[1]) for key in by_id}
                    found.append(Resolved(ref, None, "type_mismatch" if str(ident) in by_text else "no_match"))
        return found

    @cached_property
    def supplier_ids(self) -> set[tuple[type[Any], object]]:
        """``(type of id, id)`` of the suppliers of the awards."""
        return _supplier_ids(self.award_list)

    @cached_property
    def supplier_parties(self) -> list[tuple[int, Mapping[str, Any]]] | None:
        """``(index, party)`` of each party that ``awards[].suppliers`` refers to; ``None`` if no award has a
        supplier with an id."""
        ids = self.supplier_ids
        return _parties_with(self.party_list, ids) if ids else None


def _supplier_ids(awards: list[Any]) -> set[tuple[type[Any], object]]:
    found: set[tuple[type[Any], object]] = set()
    for award in awards:
        for ref in as_list(as_map(award).get("suppliers")):
            ident = ref.get("id") if type(ref) is dict else None
            kind = type(ident)
            if kind is str or kind is int or kind is float:
                found.add((kind, ident))
    return found


def _parties_with(parties: list[Any], ids: set[tuple[type[Any], object]]) -> list[tuple[int, Mapping[str, Any]]]:
    found: list[tuple[int, Mapping[str, Any]]] = []
    for i, party in enumerate(parties):
        if type(party) is not dict:
            continue
        ident = party.get("id")
        kind = type(ident)
        if (kind is str or kind is int or kind is float) and (kind, ident) in ids:
            found.append((i, party))
    return found


def supplier_parties(release: Mapping[str, Any]) -> list[tuple[int, Mapping[str, Any]]] | None:
    """``(index, party)`` of each party that ``awards[].suppliers`` refers to; ``None`` if no award has a
    supplier with an id (what :attr:`ReleaseView.supplier_parties` holds, for a release without a view)."""
    ids = _supplier_ids(as_list(release.get("awards")))
    return _parties_with(as_list(release.get("parties")), ids) if ids else None
