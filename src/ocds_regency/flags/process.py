"""A compact view of one compiled release: only the fields the indicators read, already typed.

Every indicator reads the same :class:`Process`, built once per compiled release by :func:`view`, so a
release is walked once whatever the number of indicators. Values that are not of the expected type are
left out (``None``), as Cardinal does: an amount that is a string, a date that is not ISO 8601, an
organisation reference without an ``id``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

__all__ = ["Award", "Bid", "Contract", "Money", "Process", "parse_date", "view"]

#: Bid statuses of a bid that was submitted (Cardinal's glossary): not ``invited``, not ``withdrawn``.
SUBMITTED = frozenset({"pending", "valid", "disqualified"})


@dataclass(frozen=True, slots=True)
class Money:
    """An amount and its currency (``None`` when the value has no currency)."""

    amount: float
    currency: str | None


@dataclass(frozen=True, slots=True)
class Bid:
    """One entry of ``bids/details``."""

    id: str | None
    status: str | None
    tenderers: tuple[str, ...]
    value: Money | None
    corrected: Money | None
    date: datetime | None
    date_text: str | None

    @property
    def submitted(self) -> bool:
        """The bid was submitted (status pending, valid or disqualified)."""
        return self.status in SUBMITTED


@dataclass(frozen=True, slots=True)
class Award:
    """One entry of ``awards``."""

    id: str | None
    status: str | None
    suppliers: tuple[str, ...]
    value: Money | None
    date: datetime | None
    date_text: str | None
    classifications: tuple[str, ...]
    related_bids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Contract:
    """One entry of ``contracts``."""

    id: str | None
    status: str | None
    value: Money | None
    signed: datetime | None
    signed_text: str | None


@dataclass(slots=True)
class Process:
    """What the indicators need of one contracting process (one compiled release)."""

    ocid: str
    buyer_id: str | None = None
    buyer_name: str | None = None
    procuring_entity_id: str | None = None
    title: str | None = None
    status: str | None = None
    method: str | None = None
    method_details: str | None = None
    category: str | None = None
    additional_categories: tuple[str, ...] = ()
    award_criteria: str | None = None
    award_criteria_details: str | None = None
    tender_start: datetime | None = None
    tender_start_text: str | None = None
    tender_end: datetime | None = None
    tender_end_text: str | None = None
    enquiry_start: datetime | None = None
    award_period_start: datetime | None = None
    number_of_tenderers: int | None = None
    hps: Money | None = None
    pagu: Money | None = None
    date: datetime | None = None
    link: str | None = None
    bids: list[Bid] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    #: ``procurementMethodDetails`` in lower case with single spaces (``""`` when absent).
    details_key: str = ""

    @property
    def budget_year(self) -> int | None:
        """The process's budget year: the year of its earliest tender, award or contract date, else its date.

        Compiled releases carry no budget-year field; the year of the procurement's first event is the
        closest OCDS-wide proxy (a multi-year contract keeps the year it was procured in).
        """
        # The first date found decides (usually the tender's start): nothing after it is looked at.
        moment = self.tender_start or self.enquiry_start
        if moment is None:
            moment = next((a.date for a in self.awards if a.date is not None), None)
        if moment is None:
            moment = next((c.signed for c in self.contracts if c.signed is not None), self.date)
        return None if moment is None else moment.year

    @property
    def active_awards(self) -> list[Award]:
        """The awards whose status is ``active``."""
        return [a for a in self.awards if a.status == "active"]


_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower case, with runs of white space made one space and the ends trimmed."""
    return _SPACES.sub(" ", text).strip().lower()


def parse_date(value: Any) -> datetime | None:
    """An ISO 8601 date-time (a date alone is midnight); without an offset, UTC. ``None`` if unusable."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _id(value: Any) -> str | None:
    """An organisation or object id: strings as they are, integers as text (Cardinal's ``prepare`` does so)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _money(value: Any) -> Money | None:
    """An OCDS Value; ``Decimal`` amounts (as the conversion makes them) become floats for the arithmetic."""
    if not isinstance(value, dict):
        return None
    amount = value.get("amount")
    if isinstance(amount, bool) or not isinstance(amount, int | float | Decimal):
        return None  # a string amount is not an amount (Cardinal ignores it too)
    currency = value.get("currency")
    return Money(float(amount), currency if isinstance(currency, str) else None)


def _object(parent: Any, key: str) -> Mapping[str, Any]:
    if isinstance(parent, dict):
        value = parent.get(key)
        if isinstance(value, dict):
            return value
    return {}


def _list(parent: Any, key: str) -> list[Any]:
    if isinstance(parent, dict):
        value = parent.get(key)
        if isinstance(value, list):
            return value
        if isinstance(value, dict):  # an object where OCDS wants an array (Cardinal's prepare wraps it)
            return [value]
    return []


def _orgs(references: list[Any], names: dict[str, str]) -> tuple[str, ...]:
    ids = []
    for reference in references:
        if isinstance(reference, dict) and (identifier := _id(reference.get("id"))) is not None:
            ids.append(identifier)
            if (name := _text(reference.get("name"))) is not None:
                names.setdefault(identifier, name)
    return tuple(ids)


def _link(tender: Mapping[str, Any]) -> str | None:
    documents = [d for d in _list(tender, "documents") if isinstance(d, dict) and _text(d.get("url"))]
    for document in documents:
        if document.get("documentType") == "tenderNotice":
            return str(document["url"])
    return str(documents[0]["url"]) if documents else None


def view(release: Mapping[str, Any]) -> Process | None:
    """The :class:`Process` of a compiled release, or ``None`` when its ``ocid`` is not a string."""
    if not isinstance(release, dict):
        release = dict(release)
    ocid = release.get("ocid")
    if not isinstance(ocid, str):
        return None
    names: dict[str, str] = {}
    tender = _object(release, "tender")
    buyer = _object(release, "buyer")
    period = _object(tender, "tenderPeriod")
    start_text = period.get("startDate")
    end_text = period.get("endDate")
    number = tender.get("numberOfTenderers")
    additional = tender.get("additionalProcurementCategories")
    process = Process(
        ocid=ocid,
        buyer_id=_id(buyer.get("id")),
        buyer_name=_text(buyer.get("name")),
        procuring_entity_id=_id(_object(tender, "procuringEntity").get("id")),
        title=_text(tender.get("title")),
        status=_text(tender.get("status")),
        method=_text(tender.get("procurementMethod")),
        method_details=_text(tender.get("procurementMethodDetails")),
        category=_text(tender.get("mainProcurementCategory")),
        additional_categories=tuple(c for c in additional if isinstance(c, str))
        if isinstance(additional, list)
        else (),
        award_criteria=_text(tender.get("awardCriteria")),
        award_criteria_details=_text(tender.get("awardCriteriaDetails")),
        tender_start=parse_date(start_text),
        tender_start_text=start_text if isinstance(start_text, str) else None,
        tender_end=parse_date(end_text),
        tender_end_text=end_text if isinstance(end_text, str) else None,
        enquiry_start=parse_date(_object(tender, "enquiryPeriod").get("startDate")),
        award_period_start=parse_date(_object(tender, "awardPeriod").get("startDate")),
        number_of_tenderers=number if isinstance(number, int) and not isinstance(number, bool) else None,
        hps=_money(tender.get("value")),
        pagu=_money(_object(_object(release, "planning"), "budget").get("amount")),
        date=parse_date(release.get("date")),
        link=_link(tender),
        names=names,
    )
    process.details_key = normalise(process.method_details or "")
    if process.buyer_id is not None and process.buyer_name is not None:
        names.setdefault(process.buyer_id, process.buyer_name)
    for bid in _list(_object(release, "bids"), "details"):
        if not isinstance(bid, dict):
            continue
        status = bid.get("status")
        date_text = bid.get("date")
        process.bids.append(
            Bid(
                id=_id(bid.get("id")),
                status=status if isinstance(status, str) else None,
                tenderers=_orgs(_list(bid, "tenderers"), names),
                value=_money(bid.get("value")),
                corrected=_money(bid.get("correctedValue")),
                date=parse_date(date_text),
                date_text=date_text if isinstance(date_text, str) else None,
            )
        )
    for award in _list(release, "awards"):
        if not isinstance(award, dict):
            continue
        status = award.get("status")
        classifications = []
        for item in _list(award, "items"):
            identifier = _id(_object(item, "classification").get("id"))
            if identifier is not None:
                classifications.append(identifier)
        date_text = award.get("date")
        related = award.get("relatedBids", award.get("relatedBid"))  # OCDS 1.2 / bids extension for 1.1
        related_ids = related if isinstance(related, list) else [related]
        process.awards.append(
            Award(
                id=_id(award.get("id")),
                status=status if isinstance(status, str) else None,
                suppliers=_orgs(_list(award, "suppliers"), names),
                value=_money(award.get("value")),
                date=parse_date(date_text),
                date_text=date_text if isinstance(date_text, str) else None,
                classifications=tuple(classifications),
                related_bids=tuple(i for r in related_ids if (i := _id(r)) is not None),
            )
        )
    for contract in _list(release, "contracts"):
        if not isinstance(contract, dict):
            continue
        status = contract.get("status")
        signed = contract.get("dateSigned")
        process.contracts.append(
            Contract(
                id=_id(contract.get("id")),
                status=status if isinstance(status, str) else None,
                value=_money(contract.get("value")),
                signed=parse_date(signed),
                signed_text=signed if isinstance(signed, str) else None,
            )
        )
    return process
